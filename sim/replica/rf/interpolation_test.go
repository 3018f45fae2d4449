package rf

import (
	"fmt"
	"math"
	"testing"
)

// seededAlphaCTol bounds |alpha_c seeded - alpha_c from scratch|: both
// refinements stop at |phi| < 1e-10, and |dphi/dalpha| = |G| is of order
// 0.1-1 at alpha_c on the stored grid (measured differences: at most
// 1.1e-10 for relu and sign with teacher labels).
const seededAlphaCTol = 1e-8

// An independent diagram point seeds alpha_c from the stored table
// (diagramAlphaC): on the stored grid of every activation and label rule,
// the seeded alpha_c equals the one marched up from scratch to the root
// finder's tolerance, and so do the saddle's observables carried on to the
// alpha_LE search and the figure (eps_typical at alpha_c).
func TestSeededAlphaCMatchesScratch(t *testing.T) {
	grid := LogGrid(StoredAlphaDMin, StoredAlphaDMax, StoredPoints)
	for _, act := range Activations {
		for _, labels := range []Labels{Teacher, Random} {
			m := Model{Act: act, Labels: labels}
			for _, i := range []int{0, 9, 23} {
				ad := grid[i]
				name := fmt.Sprintf("%v/%v alpha_D=%.4f", act, labels, ad)
				seed, ok := storedAlphaC(m, ad)
				if !ok {
					t.Errorf("%s: no stored alpha_c on the stored grid", name)
					continue
				}
				seeded, ok := m.interpolationNear(ad, seed)
				if !ok {
					t.Errorf("%s: the bracket around the stored alpha_c %g did not verify", name, seed)
					continue
				}
				scratch, err := m.interpolationFrom(ad, nil)
				if err != nil {
					t.Errorf("%s: from scratch: %v", name, err)
					continue
				}
				if d := math.Abs(seeded.Alpha - scratch.Alpha); d > seededAlphaCTol {
					t.Errorf("%s: alpha_c seeded %.12f, from scratch %.12f (|diff| %.2g > %.2g)", name, seeded.Alpha, scratch.Alpha, d, seededAlphaCTol)
				}
				if d := math.Abs(seeded.EpsTypical - scratch.EpsTypical); d > 1e-6 {
					t.Errorf("%s: eps_typical at alpha_c seeded %.9f, from scratch %.9f", name, seeded.EpsTypical, scratch.EpsTypical)
				}
				if got, err := m.diagramAlphaC(ad); err != nil || got != seeded {
					t.Errorf("%s: diagramAlphaC = %+v, %v; want the seeded %+v", name, got, err, seeded)
				}
			}
		}
	}
}

// A seed whose bracket does not hold alpha_c is refused (the caller
// computes from scratch), and off the stored grid alpha_c is computed from
// scratch exactly as before.
func TestSeededAlphaCRefusesBadSeeds(t *testing.T) {
	m := Model{Act: ReLU, Labels: Teacher}
	const ad = 1.0
	scratch, err := m.interpolationFrom(ad, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, seed := range []float64{0, -1, math.NaN(), math.Inf(1), 0.5 * scratch.Alpha, 1.5 * scratch.Alpha, scratch.Alpha * (1 + 3*storedSeedWidth)} {
		if got, ok := m.interpolationNear(ad, seed); ok {
			t.Errorf("seed %g (alpha_c %g) accepted: %+v", seed, scratch.Alpha, got)
		}
	}
	if _, ok := storedAlphaC(m, ad); ok {
		t.Fatalf("alpha_D = %g claimed as a point of the stored grid", ad)
	}
	got, err := m.diagramAlphaC(ad)
	if err != nil || got != scratch {
		t.Errorf("off the grid: diagramAlphaC = %+v, %v; want from scratch %+v", got, err, scratch)
	}
	if _, ok := storedAlphaC(Model{Act: ReLU, Labels: Teacher, Kappa: 0.5}, StoredAlphaDMin); ok {
		t.Error("a stored alpha_c was claimed for kappa = 0.5")
	}
}
