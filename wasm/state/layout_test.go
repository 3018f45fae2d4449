package state

import "testing"

// A canvas folds its controls into a menu below FoldWidth; the open menu is
// never wider than the canvas.
func TestControlsFoldedAndMenuWidth(t *testing.T) {
	for _, c := range []struct {
		w      float64
		folded bool
		menu   float64
	}{
		{320, true, 260},
		{390, true, 260},
		{559, true, 260},
		{560, false, 260},
		{1920, false, 260},
		{200, true, 200},
		{0, true, 0},
	} {
		if got := ControlsFolded(c.w); got != c.folded {
			t.Errorf("ControlsFolded(%g) = %v, want %v", c.w, got, c.folded)
		}
		if got := MenuWidth(c.w); got != c.menu {
			t.Errorf("MenuWidth(%g) = %g, want %g", c.w, got, c.menu)
		}
	}
}
