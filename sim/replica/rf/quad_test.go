package rf

import (
	"math"
	"testing"

	"flatland/sim/gauss"
)

// The Franz-Parisi energy loop interpolates ln H and G/H inline on its own
// copy of gauss.LogHG's grid, in monomial form: the copy must hold the same
// node values (bit for bit), the derivative columns must be the closed
// forms, and the monomial interpolants must agree with gauss.LogHG between
// the nodes to rounding (1e-14 relative) over the loop's range.
func TestLogHTableMatchesGauss(t *testing.T) {
	if got := logHTabLo + float64(len(logHTab)-1)*logHTabStep; got != logHTabHi {
		t.Fatalf("table ends at %g, want %g", got, logHTabHi)
	}
	for i, row := range logHTab {
		x := logHTabLo + float64(i)*logHTabStep
		lh, g := gauss.LogHG(x)
		g1 := g * (g - x)
		want := [6]float64{lh, -g, -g1, g, g1, g1*(g-x) + g*(g1-1)}
		if row != want {
			t.Fatalf("node %d (x = %g): %v, gauss.LogHG gives %v", i, x, row, want)
		}
	}
	for k := 0; k <= 100000; k++ {
		x := logHShortcut + (logHTabHi-logHShortcut)*float64(k)/100000*(1-1e-15)
		u := (x - logHTabLo) * (1 / logHTabStep)
		i := min(int(u), len(logHPoly)-1)
		s := u - float64(i)
		c := &logHPoly[i]
		f := c[0] + s*(c[1]+s*(c[2]+s*(c[3]+s*(c[4]+s*c[5]))))
		r := c[6] + s*(c[7]+s*(c[8]+s*(c[9]+s*(c[10]+s*c[11]))))
		lh, g := gauss.LogHG(x)
		if math.Abs(f-lh) > 1e-14*math.Max(1, math.Abs(lh)) || math.Abs(r-g) > 1e-14*math.Max(1, g) {
			t.Fatalf("x = %.17g: ln H %.17g, G/H %.17g; gauss.LogHG %.17g, %.17g", x, f, r, lh, g)
		}
	}
}
