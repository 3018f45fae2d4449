package gauss

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestLogAndLog1p(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	worst, worst1 := 0.0, 0.0
	for i := 0; i < 200000; i++ {
		x := math.Exp((rng.Float64()*2 - 1) * 700)
		if i%2 == 0 {
			x = rng.Float64() * 4
		}
		if x == 0 {
			continue
		}
		got, want := Log(x), math.Log(x)
		worst = math.Max(worst, math.Abs(got-want)/math.Max(math.Abs(want), 1e-300))
		u := (rng.Float64()*2 - 1) * math.Pow(10, -rng.Float64()*12)
		g1, w1 := Log1p(u), math.Log1p(u)
		worst1 = math.Max(worst1, math.Abs(g1-w1)/math.Abs(w1))
	}
	t.Logf("Log worst rel err %.3g, Log1p %.3g", worst, worst1)
	if worst > 3e-16 || worst1 > 5e-16 {
		t.Errorf("Log worst %.3g, Log1p worst %.3g: want ~1 ulp", worst, worst1)
	}
	if Log(1) != 0 || !math.IsInf(Log(0), -1) || !math.IsNaN(Log(-1)) {
		t.Error("Log special values")
	}
}

// H near the switch between the series and the continued fraction
// (mpmath references), and continuity there.
func TestTailSwitch(t *testing.T) {
	for _, c := range []struct{ x, h float64 }{
		{2.4, 0.0081975359245961314},
		{2.5, 0.0062096653257761352},
		{2.6, 0.004661188023718749},
		{3.5, 0.00023262907903552504},
	} {
		if e := relErr(H(c.x), c.h); e > 1e-13 {
			t.Errorf("H(%g) = %.17g, want %.17g (rel %.2g)", c.x, H(c.x), c.h, e)
		}
	}
	a, _ := tail(2.5 - 1e-12)
	b, _ := tail(2.5)
	if relErr(a, b) > 1e-11 {
		t.Errorf("H jumps at 2.5: %.17g %.17g", a, b)
	}
}
