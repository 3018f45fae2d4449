//go:build js && wasm

package main

import (
	"image/color"
	"math"
	"strings"

	"flatland/wasm/state"

	"github.com/hajimehoshi/ebiten/v2"
)

// plot is one set of axes: an outer rectangle, the inner data area, the two
// scales, titles and labels. Layout once per frame with place, then draw the
// frame, then curves, then the legend and hover read-out.
type plot struct {
	title          string
	xlabel, ylabel string // with units where they have one
	xlo, xhi       float64
	ylo, yhi       float64
	xlog, ylog     bool
	outer, inner   state.Rect
	reserve        float64 // title space left free on the right (for a progress bar)
	X, Y           state.Scale
}

const (
	tickLabelGap = 6.0 // least space between two tick labels
	tickSize     = 11.0
	labelSize    = 12.5
	titleSize    = 14.0
)

func (p *plot) place(outer state.Rect) {
	p.outer = outer
	left := 52.0
	if p.ylabel == "" {
		left = 40
	}
	top := 10.0
	if p.title != "" {
		top = 28
	}
	p.inner = outer.Inset(left, top, 14, 44)
	p.X = state.Scale{Lo: p.xlo, Hi: p.xhi, P0: p.inner.X, P1: p.inner.X + p.inner.W, Log: p.xlog}
	p.Y = state.Scale{Lo: p.ylo, Hi: p.yhi, P0: p.inner.Y + p.inner.H, P1: p.inner.Y, Log: p.ylog}
}

// A plot that fills a figure keeps room below it, and its title leaves room
// on the right for the progress bar (titleProgress).
const (
	plotBottomRoom = 16
	titleReserve   = 190
	progressRight  = 180 // bar's left edge from the plot's right edge
	progressTop    = 16
	progressWidth  = 170
	progressHeight = 4
	progressGap    = 8 // least space between a text and a progress bar beside it
)

// titleProgress is where a figure's progress bar goes: right of the title.
func titleProgress(p *plot) state.Rect {
	return state.Rect{X: p.outer.X + p.outer.W - progressRight, Y: p.outer.Y + progressTop, W: progressWidth, H: progressHeight}
}

func (p *plot) px(x, y float64) (float64, float64) { return p.X.Px(x), p.Y.Px(y) }

func (p *plot) ticks(lo, hi float64, log bool, pixels, spacing float64) []state.Tick {
	if log {
		return state.LogTicks(lo, hi)
	}
	n := int(math.Max(2, math.Min(8, pixels/spacing)))
	return state.LinearTicks(lo, hi, n)
}

func (p *plot) drawFrame(dst *ebiten.Image) {
	in := p.inner
	fillRect(dst, in, colSurface)
	xt := p.ticks(p.xlo, p.xhi, p.xlog, in.W, 80)
	yt := p.ticks(p.ylo, p.yhi, p.ylog, in.H, 45)
	for _, t := range xt {
		x := p.X.Px(t.V)
		c := colGrid
		if t.Minor {
			c = withAlpha(colGrid, 120)
		}
		crispLine(dst, x, in.Y, x, in.Y+in.H, 1, c)
	}
	for _, t := range yt {
		y := p.Y.Px(t.V)
		c := colGrid
		if t.Minor {
			c = withAlpha(colGrid, 120)
		}
		crispLine(dst, in.X, y, in.X+in.W, y, 1, c)
	}
	strokeRect(dst, in, 1, colAxis)
	labelEnd := math.Inf(-1) // right end of the last x tick label drawn
	for _, t := range xt {
		x := p.X.Px(t.V)
		l := 5.0
		if t.Minor {
			l = 3
		}
		crispLine(dst, x, in.Y+in.H, x, in.Y+in.H+l, 1, colAxis)
		// a label that would touch the previous one or leave the plot is skipped
		if w := textWidth(t.Label, tickSize); !t.Minor && x-w/2 >= labelEnd+tickLabelGap && x+w/2 <= p.outer.X+p.outer.W {
			drawText(dst, t.Label, x, in.Y+in.H+14, tickSize, colMuted, alignCenter)
			labelEnd = x + w/2
		}
	}
	for _, t := range yt {
		y := p.Y.Px(t.V)
		l := 5.0
		if t.Minor {
			l = 3
		}
		crispLine(dst, in.X-l, y, in.X, y, 1, colAxis)
		if !t.Minor {
			drawText(dst, t.Label, in.X-7, y, tickSize, colMuted, alignRight)
		}
	}
	if p.xlabel != "" {
		// centred under the data, but kept inside the plot when wider than the data
		l := clipText(p.xlabel, p.outer.W, labelSize)
		w := textWidth(l, labelSize)
		x := math.Max(p.outer.X, math.Min(in.X+in.W/2-w/2, p.outer.X+p.outer.W-w))
		drawText(dst, l, x, in.Y+in.H+33, labelSize, colText, alignLeft)
	}
	if p.ylabel != "" {
		drawTextRotated(dst, clipText(p.ylabel, in.H, labelSize), p.outer.X+11, in.Y+in.H/2, labelSize, colText)
	}
	if p.title != "" {
		// leave room on the right for a progress bar
		drawText(dst, clipText(p.title, in.W-p.reserve, titleSize), in.X, p.outer.Y+13, titleSize, colText, alignLeft)
	}
}

// curve draws data (x[i], y[i]) clipped to the axes (points outside the data
// range break the line).
func (p *plot) curve(dst *ebiten.Image, xs, ys []float64, w float64, c color.Color, dash float64) {
	n := min(len(xs), len(ys))
	px := make([]float64, n)
	py := make([]float64, n)
	for i := 0; i < n; i++ {
		if bad(xs[i]) || bad(ys[i]) || !p.X.Contains(xs[i]) || !p.Y.Contains(ys[i]) || (p.xlog && xs[i] <= 0) || (p.ylog && ys[i] <= 0) {
			px[i], py[i] = math.NaN(), math.NaN()
			continue
		}
		px[i], py[i] = p.px(xs[i], ys[i])
	}
	if dash <= 0 && n > int(4*p.inner.W) {
		px, py = decimate(px, py)
	}
	polyline(dst, px, py, w, c, dash)
}

// markers draws filled circles at data points inside the axes.
func (p *plot) markers(dst *ebiten.Image, xs, ys []float64, r float64, c color.Color) {
	for i := 0; i < min(len(xs), len(ys)); i++ {
		if bad(xs[i]) || bad(ys[i]) || !p.X.Contains(xs[i]) || !p.Y.Contains(ys[i]) {
			continue
		}
		x, y := p.px(xs[i], ys[i])
		circle(dst, x, y, r+1, colSurface)
		circle(dst, x, y, r, c)
	}
}

// legendEntry describes one legend line.
type legendEntry struct {
	label  string
	short  string // used on small plots when set
	c      color.Color
	dash   float64 // 0 solid line
	marker bool    // a point marker instead of a line
	swatch bool    // a filled box (shaded region)
}

// legend draws entries in a box at the top-left (corner 0) or top-right (1),
// bottom-left (2) or bottom-right (3) of the inner area.
func (p *plot) legend(dst *ebiten.Image, es []legendEntry, corner int) {
	if len(es) == 0 {
		return
	}
	const size, lh, pad, sw = 11.5, 16.0, 6.0, 22.0
	if p.inner.W < 720 {
		es = append([]legendEntry(nil), es...)
		for i := range es {
			if es[i].short != "" {
				es[i].label = es[i].short
			}
		}
	}
	// a legend wider than the data area has its labels shortened to fit
	maxW := math.Max(0, p.inner.W-16-sw-3*pad)
	w := 0.0
	for _, e := range es {
		w = math.Max(w, textWidth(e.label, size))
	}
	if w > maxW {
		es = append([]legendEntry(nil), es...)
		for i := range es {
			es[i].label = clipText(es[i].label, maxW, size)
		}
		w = maxW
	}
	bw, bh := w+sw+3*pad, float64(len(es))*lh+2*pad-2
	in := p.inner
	x, y := in.X+8, in.Y+8
	if corner == 1 || corner == 3 {
		x = in.X + in.W - 8 - bw
	}
	if corner >= 2 {
		y = in.Y + in.H - 8 - bh
	}
	box := state.Rect{X: x, Y: y, W: bw, H: bh}
	fillRect(dst, box, withAlpha(colSurface, 230))
	strokeRect(dst, box, 1, colPanelLn)
	for i, e := range es {
		cy := y + pad + lh*float64(i) + lh/2 - 1
		switch {
		case e.swatch:
			fillRect(dst, state.Rect{X: x + pad, Y: cy - 5, W: sw, H: 10}, e.c)
		case e.marker:
			circle(dst, x+pad+sw/2, cy, 3.5, e.c)
		default:
			polyline(dst, []float64{x + pad, x + pad + sw}, []float64{cy, cy}, 2, e.c, e.dash)
		}
		drawText(dst, e.label, x+2*pad+sw, cy, size, colText, alignLeft)
	}
}

// hover returns the data coordinates under the pointer and whether it is
// inside the data area; it draws a light crosshair.
func (p *plot) hover(dst *ebiten.Image, pt pointer) (float64, float64, bool) {
	if !pt.hasMouse || !p.inner.Contains(pt.mx, pt.my) {
		return 0, 0, false
	}
	c := withAlpha(colAxis, 90)
	crispLine(dst, pt.mx, p.inner.Y, pt.mx, p.inner.Y+p.inner.H, 1, c)
	crispLine(dst, p.inner.X, pt.my, p.inner.X+p.inner.W, pt.my, 1, c)
	return p.X.Value(pt.mx), p.Y.Value(pt.my), true
}

// interpAt linearly interpolates y(x) on a sorted-or-not polyline, returning
// NaN outside it; used for hover read-outs.
func interpAt(xs, ys []float64, x float64) float64 {
	best := math.NaN()
	for i := 0; i+1 < min(len(xs), len(ys)); i++ {
		a, b := xs[i], xs[i+1]
		if bad(a) || bad(b) || bad(ys[i]) || bad(ys[i+1]) {
			continue
		}
		if (x >= a && x <= b) || (x <= a && x >= b) {
			if a == b {
				return ys[i]
			}
			return ys[i] + (ys[i+1]-ys[i])*(x-a)/(b-a)
		}
	}
	return best
}

// message draws a centred plain-language message in a rectangle.
func message(dst *ebiten.Image, r state.Rect, lines ...string) {
	var wrapped []string // each line wrapped to the width: a long reason is read whole
	for _, l := range lines {
		wrapped = append(wrapped, wrapLines(l, r.W-20, 14, 4)...)
	}
	for i, l := range wrapped {
		drawText(dst, l, r.X+r.W/2, r.Y+r.H/2+float64(i)*20-float64(len(wrapped)-1)*10, 14, colMuted, alignCenter)
	}
}

// progressBar draws a thin bar with a label.
func progressBar(dst *ebiten.Image, r state.Rect, frac float64, label string) {
	frac = math.Max(0, math.Min(1, frac))
	fillRect(dst, r, colGrid)
	fillRect(dst, state.Rect{X: r.X, Y: r.Y, W: r.W * frac, H: r.H}, colAccent)
	if label != "" {
		drawText(dst, label, r.X+r.W, r.Y-8, 11, colMuted, alignRight)
	}
}

// decimate keeps, per device-independent pixel column, the first, lowest,
// highest and last point (in order), so long time series draw the same
// shape with a bounded number of segments.
func decimate(px, py []float64) ([]float64, []float64) {
	var ox, oy []float64
	i := 0
	for i < len(px) {
		if bad(px[i]) {
			ox, oy = append(ox, px[i]), append(oy, py[i])
			i++
			continue
		}
		col := math.Floor(px[i])
		j := i
		lo, hi := i, i
		for j < len(px) && !bad(px[j]) && math.Floor(px[j]) == col {
			if py[j] < py[lo] {
				lo = j
			}
			if py[j] > py[hi] {
				hi = j
			}
			j++
		}
		keep := []int{i, lo, hi, j - 1}
		if lo > hi {
			keep[1], keep[2] = hi, lo
		}
		last := -1
		for _, k := range keep {
			if k != last {
				ox, oy = append(ox, px[k]), append(oy, py[k])
				last = k
			}
		}
		i = j
	}
	return ox, oy
}

// wrapLines breaks s at spaces into lines no wider than w at size; a word
// wider than w is clipped. At most maxLines lines: the last one then ends
// with "…".
func wrapLines(s string, w, size float64, maxLines int) []string {
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if cur == "" || textWidth(try, size) <= w {
			cur = try
			continue
		}
		lines = append(lines, cur)
		cur = word
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] += " …"
	}
	for i, l := range lines {
		lines[i] = clipText(l, w, size)
	}
	return lines
}

// drawWrapped draws s wrapped to width w from (x, y) down and returns the
// y below its last line.
func drawWrapped(dst *ebiten.Image, s string, x, y, w, size float64, c color.Color, maxLines int) float64 {
	lh := size * 1.45
	for _, l := range wrapLines(s, w, size, maxLines) {
		drawText(dst, l, x, y, size, c, alignLeft)
		y += lh
	}
	return y
}
