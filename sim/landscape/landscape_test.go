package landscape

import (
	"fmt"
	"math"
	"testing"
	"time"

	"flatland/sim/data"
	"flatland/sim/nets"
	"flatland/sim/stepper"
	"flatland/sim/stepper/steppertest"
	"flatland/sim/train"
)

func storage(t testing.TB, n int, alpha float64, seed uint64) *nets.Linear {
	rule, err := data.NewPerceptronRule(n, data.PlusMinusOne, data.RandomLabels, seed)
	if err != nil {
		t.Fatal(err)
	}
	return nets.NewLinear(rule.Sample(data.PatternCount(alpha, n), seed, data.StreamTrain))
}

func solve(t testing.TB, algo string, m nets.Model, seed uint64) []int8 {
	tr, err := train.New(algo, m, seed, 0)
	if err != nil {
		t.Fatal(err)
	}
	for done := false; !done; {
		if done, err = tr.Step(time.Hour); err != nil {
			t.Fatalf("%s seed %d: %v", algo, seed, err)
		}
	}
	if !tr.Snapshot().Solved {
		t.Fatalf("%s did not solve seed %d", algo, seed)
	}
	return tr.Weights()
}

// Solutions of the replicated algorithms (RSA, RSGD) are flatter
// (lower local energy at small d) than those of plain simulated annealing at
// the same alpha. Seen at N = 1001, alpha = 0.3, d = 0.005: SA about 0.04,
// RSA 0.006 and 0.003 (seeds 1, 2), RSGD 0.001 and 0.012 (it returns the
// first replica that solves, whose flatness varies more).
func TestReplicatedSolutionsAreFlatter(t *testing.T) {
	ds := []float64{0.005, 0.01, 0.02}
	for seed := uint64(1); seed <= 2; seed++ {
		m := storage(t, 1001, 0.3, seed)
		le := map[string]Curve{}
		for _, algo := range []string{"sa", "rsa", "rsgd"} {
			w := solve(t, algo, m, seed)
			c, err := LocalEnergyCurve(m, w, LocalEnergyConfig{D: ds, Flips: 100, Seed: seed})
			if err != nil {
				t.Fatal(err)
			}
			le[algo] = c
		}
		for i, d := range ds {
			sa := le["sa"].Energy[i]
			for _, rep := range []string{"rsa", "rsgd"} {
				r := le[rep].Energy[i]
				t.Logf("seed %d d=%g: local energy SA %.4f ± %.4f, %s %.4f ± %.4f", seed, d, sa, le["sa"].StdErr[i], rep, r, le[rep].StdErr[i])
				// the replicated solution must be lower by far more than the sampling error
				if r > 0.6*sa || sa-r < 5*(le["sa"].StdErr[i]+le[rep].StdErr[i]) {
					t.Errorf("seed %d d=%g: %s local energy %.4f not clearly below SA %.4f", seed, d, rep, r, sa)
				}
			}
		}
	}
}

func TestLocalEnergyBasics(t *testing.T) {
	m := storage(t, 301, 0.3, 3)
	w := solve(t, "cpr", m, 3)
	ds := []float64{0.01, 0.1, 0.5}
	c, err := LocalEnergyCurve(m, w, LocalEnergyConfig{D: ds, Flips: 50, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// flipping half the weights of a solution gives an unrelated configuration: error ~ 1/2
	if math.Abs(c.Energy[2]-0.5) > 0.05 {
		t.Errorf("local energy at d = 0.5 is %.3f, want about 0.5", c.Energy[2])
	}
	if !(c.Energy[0] < c.Energy[1] && c.Energy[1] < c.Energy[2]) {
		t.Errorf("local energy not increasing in d: %v", c.Energy)
	}
	s, valid := LocalEntropy(c)
	for i := range ds {
		upper := LogBinomial(301, c.Flipped[i]) / 301
		if valid[i] && (s[i] > upper+1e-12 || c.Solution[i] <= 0) {
			t.Errorf("d=%g: local entropy %g above the bound %g or invalid sample", ds[i], s[i], upper)
		}
		if !valid[i] && c.Solution[i] != 0 {
			t.Errorf("d=%g: solutions found but estimate marked invalid", ds[i])
		}
	}
	// (1/N) ln C(N, dN) tends to H2(d)
	if got, want := LogBinomial(100000, 10000)/100000, H2(0.1); math.Abs(got-want) > 1e-3 {
		t.Errorf("ln C(N, dN)/N = %g, H2 = %g", got, want)
	}
	path, err := ErrorAlongPath(m, w, 301, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(path) != 302 || path[0] != 0 {
		t.Errorf("path length %d, start %g", len(path), path[0])
	}
	// flipping every weight maps W to -W: every stability changes sign, all examples wrong
	if path[301] != 1 {
		t.Errorf("error after flipping all weights %g, want 1", path[301])
	}
	if _, err := NewLocalEnergy(m, w, LocalEnergyConfig{D: []float64{1.5}}); err == nil {
		t.Error("d = 1.5 accepted")
	}
}

func TestSlicingIndependence(t *testing.T) {
	m := storage(t, 301, 0.3, 4)
	w := solve(t, "cpr", m, 4)
	le := steppertest.CheckSlicing(t, func() stepper.Stepper {
		le, err := NewLocalEnergy(m, w, LocalEnergyConfig{D: []float64{0.01, 0.05}, Flips: 40, Seed: 5})
		if err != nil {
			t.Fatal(err)
		}
		return le
	}, func(s stepper.Stepper) string { return fmt.Sprint(s.(*LocalEnergy).Curve()) }).(*LocalEnergy)
	if c := le.Curve(); c.Samples[0] != 40 || c.Samples[1] != 40 {
		t.Errorf("samples %v, want 40 per distance", c.Samples)
	}
	mp1 := steppertest.CheckSlicing(t, func() stepper.Stepper {
		mp, err := NewMap(m, w, MapConfig{Radius: 60, Grid: 9, Seed: 5})
		if err != nil {
			t.Fatal(err)
		}
		return mp
	}, func(s stepper.Stepper) string { return fmt.Sprint(s.(*Map).Values()) }).(*Map)
	v1 := mp1.Values()
	for i := range v1 {
		if v1[i] < 0 {
			t.Fatalf("map cell %d: %g < 0", i, v1[i])
		}
	}
	// every map cell equals a direct recount of its configuration
	g, h := mp1.Grid(), (mp1.Grid()-1)/2
	for r := 0; r < g; r++ {
		for c := 0; c < g; c++ {
			x := append([]int8(nil), w...)
			a, b := r-h, c-h
			flip := func(set []int, k int) {
				for _, j := range set[:k] {
					x[j] = -x[j]
				}
			}
			if a >= 0 {
				flip(mp1.sets[0], mp1.Flips(a))
			} else {
				flip(mp1.sets[1], mp1.Flips(a))
			}
			if b >= 0 {
				flip(mp1.sets[2], mp1.Flips(b))
			} else {
				flip(mp1.sets[3], mp1.Flips(b))
			}
			if want := float64(m.Errors(x)) / float64(m.P); v1[r*g+c] != want {
				t.Fatalf("cell (%d,%d) = %g, recount %g", a, b, v1[r*g+c], want)
			}
		}
	}
	if v1[h*g+h] != 0 {
		t.Errorf("centre of the map around a solution has error %g", v1[h*g+h])
	}
}

func ExampleLocalEnergyCurve() {
	rule, _ := data.NewPerceptronRule(201, data.PlusMinusOne, data.TeacherLabels, 1)
	m := nets.NewLinear(rule.Sample(100, 1, data.StreamTrain))
	// the teacher is a solution; flipping every weight makes every example wrong
	c, _ := LocalEnergyCurve(m, rule.Teacher, LocalEnergyConfig{D: []float64{1}, Flips: 3, Seed: 1})
	fmt.Println(c.Flipped, c.Energy, c.Samples)
	// Output: [201] [1] [3]
}

// TestMapRadiusEveryN walks every N the front end and the CLI can ask for:
// the radius derived for the map's edge always passes the map's own check.
// (round(N/4) did not for N = 2, 3 mod 4.)
func TestMapRadiusEveryN(t *testing.T) {
	for n := 4; n <= 4001; n++ {
		for _, extent := range []float64{0.01, 0.1, 0.25} {
			r := MapRadius(n, extent)
			cfg := MapConfig{Radius: r, Grid: 41}
			if err := cfg.check(n); err != nil {
				t.Fatalf("N = %d, extent %v: radius %d rejected: %v", n, extent, r, err)
			}
			if want := int(math.Round(extent * float64(n))); r != max(1, min(want, n/4)) {
				t.Fatalf("N = %d, extent %v: radius %d", n, extent, r)
			}
		}
	}
	if MapRadius(3, 0.25) != 0 || MapRadius(100, math.NaN()) != 0 {
		t.Fatal("no map fits N < 4 or a NaN extent")
	}
}

func TestFlipFractions(t *testing.T) {
	cases := []struct {
		d    []float64
		n    int
		want []float64
	}{
		{[]float64{0.005, 0.01, 0.02}, 21, []float64{1.0 / 21}},                         // all round to one flip
		{[]float64{0.02, 0.005, 0.01}, 301, []float64{2.0 / 301, 3.0 / 301, 6.0 / 301}}, // sorted, k = 2, 3, 6
		{[]float64{0, -1, math.NaN(), 1.5, 0.5}, 10, []float64{0.5}},                    // invalid ones dropped
		{[]float64{0.1}, 0, nil},
	}
	for _, c := range cases {
		got := FlipFractions(c.d, c.n)
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("FlipFractions(%v, %d) = %v, want %v", c.d, c.n, got, c.want)
		}
		if c.n < 4 {
			continue
		}
		// LocalEnergy flips exactly x N weights for each fraction x
		m := storage(t, c.n, 0.3, 1)
		le, err := NewLocalEnergy(m, make([]int8, c.n), LocalEnergyConfig{D: got, Flips: 1})
		if err != nil {
			t.Fatal(err)
		}
		for i, k := range le.Curve().Flipped {
			if float64(k)/float64(c.n) != got[i] {
				t.Errorf("N = %d: fraction %v measured with %d flips", c.n, got[i], k)
			}
		}
	}
}

// Each d has its own flip-set stream: its value does not depend on the other
// d's of the list, and MeasuredD is the fraction actually flipped.
func TestLocalEnergyPerDStreams(t *testing.T) {
	m := storage(t, 301, 0.3, 6)
	w := solve(t, "cpr", m, 6)
	alone, err := LocalEnergyCurve(m, w, LocalEnergyConfig{D: []float64{0.05}, Flips: 30, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	among, err := LocalEnergyCurve(m, w, LocalEnergyConfig{D: []float64{0.001, 0.02, 0.05, 0.1}, Flips: 30, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if alone.Energy[0] != among.Energy[2] || alone.StdErr[0] != among.StdErr[2] || alone.Solution[0] != among.Solution[2] {
		t.Errorf("d=0.05 alone: %g ± %g, among others: %g ± %g; want identical", alone.Energy[0], alone.StdErr[0], among.Energy[2], among.StdErr[2])
	}
	md := MeasuredD(among)
	for i, want := range []float64{1.0 / 301, 6.0 / 301, 15.0 / 301, 30.0 / 301} {
		if md[i] != want {
			t.Errorf("measured d[%d] = %g, want %g", i, md[i], want)
		}
	}
}
