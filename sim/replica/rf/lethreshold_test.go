package rf

import (
	"math"
	"testing"
)

// The alpha_LE search probes the bisection's lattice from a predicted
// threshold: wherever it starts, it must end in the bisection's final cell
// (one change of verdict in alpha), and started at the stored diagram's
// ratio it must need at most three walks (the bisection takes six or more).
func TestLELatticeSearchMatchesBisection(t *testing.T) {
	m := Model{Act: Sign, Labels: Teacher}
	const alphaD = 1
	ac, err := m.InterpolationThreshold(alphaD)
	if err != nil {
		t.Fatal(err)
	}
	ref, start, _ := m.newLESearch(alphaD, ac, 0)
	lo0, hi0, err := ref.bisect()
	if err != nil {
		t.Fatal(err)
	}
	if hi0-lo0 > alphaLETol*(1+1e-9) {
		t.Fatalf("bisection bracket [%g, %g] wider than %g", lo0, hi0, alphaLETol)
	}
	for _, c := range []struct {
		name     string
		start    float64 // ratio alpha_LE/alpha_c the search starts from
		maxWalks int
	}{
		{"stored ratio", start, 3},
		{"13 cells low", start - 13*alphaLETol/ac.Alpha, 9},
		{"5 cells high", start + 5*alphaLETol/ac.Alpha, 7},
	} {
		s, _, _ := m.newLESearch(alphaD, ac, 0)
		lo, hi, err := s.run(c.start, 1)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if math.Abs(lo-lo0) > 1e-12 || math.Abs(hi-hi0) > 1e-12 {
			t.Errorf("%s: bracket [%.15g, %.15g], bisection [%.15g, %.15g]", c.name, lo, hi, lo0, hi0)
		}
		if n := len(s.verdicts); n > c.maxWalks {
			t.Errorf("%s: %d walks, want <= %d (bisection: %d)", c.name, n, c.maxWalks, len(ref.verdicts))
		}
		t.Logf("%s: [%.6f, %.6f] in %d walks (bisection %d)", c.name, lo, hi, len(s.verdicts), len(ref.verdicts))
	}
}

// maxMarginNear's Newton steps in kappa reach the same kappa_max as the
// march and regula falsi from scratch (both to |phi| < 1e-10).
func TestMaxMarginNearNewton(t *testing.T) {
	m := Model{Act: Sign, Labels: Teacher}
	for _, c := range []struct{ alphaD, from, to float64 }{{1, 0.78, 0.8}, {1, 0.8, 0.802}, {0.2, 1.2, 1.15}} {
		hint, err := m.MaxMarginReference(c.from, c.alphaD)
		if err != nil {
			t.Fatal(err)
		}
		near, err := m.maxMarginNear(c.to, c.alphaD, &hint)
		if err != nil {
			t.Fatal(err)
		}
		want, err := m.MaxMarginReference(c.to, c.alphaD)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(near.Typ.Phi) > 1e-10 || math.Abs(near.Kappa-want.Kappa) > 1e-9 {
			t.Errorf("alpha_D=%g alpha=%g from %g: kappa_max %.12g (phi %.2g), from scratch %.12g", c.alphaD, c.to, c.from, near.Kappa, near.Typ.Phi, want.Kappa)
		}
	}
}
