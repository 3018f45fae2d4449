package gauss

import "testing"

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
