package gauss

import (
	"math"
	"testing"
)

// The maximizers are stationary points that beat their neighbours, and the
// returned values are the functions' values there.
func TestMaxima(t *testing.T) {
	for _, c := range []struct{ v0, e0, X, sq float64 }{
		{0, 0.3, 0.5, 0.7}, {1, -2, 3, 0.2}, {-1, 4, 0.01, 1}, {0, 8, 20, 0.05},
	} {
		v, L, r := MaxPenalizedLogH(c.v0, c.e0, c.X, c.sq)
		g := func(v float64) float64 { return -v*v/(2*c.X) + LogH((c.e0-v)/c.sq) }
		if d := -v/c.X + r/c.sq; math.Abs(d) > 1e-9*(math.Abs(v)/c.X+r/c.sq+1) {
			t.Errorf("MaxPenalizedLogH%+v: g'(v*) = %g", c, d)
		}
		if math.Abs(L-LogH((c.e0-v)/c.sq)) > 1e-12 || math.Abs(r-GOverH((c.e0-v)/c.sq)) > 1e-12 {
			t.Errorf("MaxPenalizedLogH%+v: L, r = %v, %v are not ln H, G/H at v* = %v", c, L, r, v)
		}
		for _, h := range []float64{1e-3, -1e-3} {
			if g(v+h) > g(v)+1e-12 {
				t.Errorf("MaxPenalizedLogH%+v: g(v*+%g) > g(v*)", c, h)
			}
		}
	}
	for _, c := range []struct{ a, k float64 }{{0.5, 0}, {0.3, 0.8}, {-1.2, 1.5}, {4, 0.1}, {0, 2}} {
		phi, tt := MaxLog2Cosh(c.a, c.k)
		f := func(w float64) float64 { return math.Log(2*math.Cosh(c.a+c.k*w)) - w*w/2 }
		w := c.k * tt // the maximizer solves w = k tanh(a + k w)
		if math.Abs(tt-math.Tanh(c.a+c.k*w)) > 1e-9 || math.Abs(phi-f(w)) > 1e-9 {
			t.Errorf("MaxLog2Cosh%+v = %v, %v: not stationary at w = %v", c, phi, tt, w)
		}
		for _, h := range []float64{1e-3, -1e-3} {
			if f(w+h) > phi+1e-9 {
				t.Errorf("MaxLog2Cosh%+v: f(w*+%g) > phi", c, h)
			}
		}
	}
}
