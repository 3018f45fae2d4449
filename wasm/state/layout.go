package state

import (
	"math"
	"strconv"
)

// Rect is an axis-aligned rectangle in logical (CSS) pixels.
type Rect struct{ X, Y, W, H float64 }

// Contains reports whether (x, y) lies inside r.
func (r Rect) Contains(x, y float64) bool {
	return x >= r.X && x < r.X+r.W && y >= r.Y && y < r.Y+r.H
}

// Inset shrinks r by the given margins (clamping at zero size).
func (r Rect) Inset(left, top, right, bottom float64) Rect {
	out := Rect{r.X + left, r.Y + top, r.W - left - right, r.H - top - bottom}
	out.W = math.Max(0, out.W)
	out.H = math.Max(0, out.H)
	return out
}

// SplitLeft cuts a column of width w off the left; it returns (column, rest).
func (r Rect) SplitLeft(w float64) (Rect, Rect) {
	w = math.Max(0, math.Min(w, r.W))
	return Rect{r.X, r.Y, w, r.H}, Rect{r.X + w, r.Y, r.W - w, r.H}
}

// SplitTop cuts a row of height h off the top; it returns (row, rest).
func (r Rect) SplitTop(h float64) (Rect, Rect) {
	h = math.Max(0, math.Min(h, r.H))
	return Rect{r.X, r.Y, r.W, h}, Rect{r.X, r.Y + h, r.W, r.H - h}
}

// SplitBottom cuts a row of height h off the bottom; it returns (rest, row).
func (r Rect) SplitBottom(h float64) (Rect, Rect) {
	h = math.Max(0, math.Min(h, r.H))
	return Rect{r.X, r.Y, r.W, r.H - h}, Rect{r.X, r.Y + r.H - h, r.W, h}
}

// Columns splits r into n equal columns separated by gap.
func (r Rect) Columns(n int, gap float64) []Rect {
	if n < 1 {
		return nil
	}
	w := math.Max(0, (r.W-gap*float64(n-1))/float64(n))
	out := make([]Rect, n)
	for i := range out {
		out[i] = Rect{r.X + float64(i)*(w+gap), r.Y, w, r.H}
	}
	return out
}

// Rows splits r into n equal rows separated by gap.
func (r Rect) Rows(n int, gap float64) []Rect {
	if n < 1 {
		return nil
	}
	h := math.Max(0, (r.H-gap*float64(n-1))/float64(n))
	out := make([]Rect, n)
	for i := range out {
		out[i] = Rect{r.X, r.Y + float64(i)*(h+gap), r.W, h}
	}
	return out
}

// PanelWidth is the width of the controls column for a canvas of width w:
// 230 logical px, but never more than 40% of a narrow canvas.
func PanelWidth(w float64) float64 {
	return math.Min(230, math.Max(150, 0.4*w))
}

// FoldWidth is the canvas width below which the controls fold into a menu
// over the figure: a column there would leave the figure too narrow.
const FoldWidth = 560

// ControlsFolded reports whether a canvas w wide shows its controls as a menu.
func ControlsFolded(w float64) bool { return w < FoldWidth }

// MenuWidth is the width of the open settings menu on a canvas w wide: the
// column's width, or the whole canvas when it is narrower than that.
func MenuWidth(w float64) float64 { return math.Max(0, math.Min(260, w)) }

// SliderValue maps a pointer x inside a slider track [x0, x0+w] to a value of
// spec s, snapped to the slider's grid (see Snap).
func SliderValue(s Spec, x0, w, x float64) float64 {
	sc := Scale{Lo: s.Min, Hi: s.Max, P0: x0, P1: x0 + w, Log: s.Log}
	return Snap(s, sc.Value(math.Max(x0, math.Min(x0+w, x))))
}

// SliderStep returns the value after dir (+1/-1) arrow presses (big = ×10),
// snapped to the slider's grid.
func SliderStep(s Spec, v float64, dir int, big bool) float64 {
	k := float64(dir)
	if big {
		k *= 10
	}
	if s.Log {
		v *= math.Pow(1+s.Step, k)
	} else {
		v += k * s.Step
	}
	return Snap(s, v)
}

// Snap puts v on the grid a slider of spec s can land on, inside [Min, Max]:
// Min + k·Step for a linear slider (so N moves 21, 41, ..., 2001 and never
// lands on a value a figure cannot use), two significant digits for a
// logarithmic one. Values are rounded to clean decimals (0.3, not
// 0.30000000000000004), so that they read the same in the address bar.
func Snap(s Spec, v float64) float64 {
	if math.IsNaN(v) {
		v = s.Min
	}
	v = math.Max(s.Min, math.Min(s.Max, v))
	switch {
	case s.Log && v > 0:
		mag := math.Pow(10, math.Floor(math.Log10(v))-1)
		v = math.Round(v/mag) * mag
	case s.Step > 0:
		v = s.Min + math.Round((v-s.Min)/s.Step)*s.Step
	}
	if s.Kind == Int {
		v = math.Round(v)
	}
	v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	return math.Max(s.Min, math.Min(s.Max, v))
}
