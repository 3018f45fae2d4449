package rf

import (
	"testing"

	"flatland/sim/gauss"
)

// The Franz-Parisi energy loop interpolates ln H and G/H inline on its own
// copy of gauss.LogHG's grid: the copy must hold the same node values
// (bit for bit, so that inlining changes no digit), its derivative columns
// must be the closed forms, and the loop's range must be the table's.
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
}
