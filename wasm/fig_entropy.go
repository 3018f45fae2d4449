//go:build js && wasm

package main

import (
	"fmt"
	"math"
	"time"

	"flatland/sim/data"
	"flatland/sim/stepper"
	"flatland/wasm/state"

	"github.com/hajimehoshi/ebiten/v2"
)

// entropyFig draws Franz–Parisi local-entropy curves S(d) at the picked point
// for typical and flat-minima (maximal-margin) references, with the upper
// bound H2(d) = -d ln d - (1-d) ln(1-d).
type entropyFig struct {
	s      state.Settings
	th     entropyTheory
	j      *stepper.Job
	bErr   string
	key    entropyKey
	frames int
	table  *diagramTable
}

// entropyKey is what the curves depend on.
type entropyKey struct {
	alpha, alphaD float64
	act           data.Activation
	labels        data.Labels
}

func newEntropy() figure { return &entropyFig{} }

func (f *entropyFig) Apply(s state.Settings) {
	f.s = s
	key := entropyKey{alpha: s.Alpha, alphaD: s.AlphaD, act: s.Act, labels: s.Labels}
	if key == f.key && f.j != nil {
		return
	}
	f.key = key
	if f.th != nil {
		f.th.Close()
	}
	f.th, f.j, f.bErr, f.table = nil, nil, "", nil
	m, err := rfModel(s.Act, s.Labels)
	var th entropyTheory
	if err == nil {
		f.table = loadDiagramTable(m)
		th, err = newEntropyTheory(m, s.Alpha, s.AlphaD)
	}
	if err != nil {
		f.bErr = err.Error()
		return
	}
	f.th = th
	f.j = stepper.NewJob(th)
}

func (f *entropyFig) Step(b time.Duration) { f.j.Step(b) }
func (f *entropyFig) Progress() float64    { return f.j.Progress() }
func (f *entropyFig) Busy() bool           { return f.j.Busy() }

// Ready: drawn once and in a final state (curves, or a stated reason why
// there are none), or showing curves while the rest computes.
func (f *entropyFig) Ready() bool {
	if f.frames == 0 {
		return false
	}
	if f.bErr != "" || f.j.Done() {
		return true
	}
	if f.th == nil {
		return false
	}
	t, fl := f.th.Curves()
	return len(t.d)+len(fl.d) > 0
}
func (f *entropyFig) Err() string {
	if f.bErr != "" {
		return f.bErr
	}
	return errText(f.j.Err())
}
func (f *entropyFig) Controls() []*control { return nil }
func (f *entropyFig) Status() map[string]any {
	m := map[string]any{}
	if f.th != nil {
		t, fl := f.th.Curves()
		m["points"] = len(t.d) + len(fl.d)
	}
	return m
}

func h2(d float64) float64 {
	if d <= 0 || d >= 1 {
		return 0
	}
	return -d*math.Log(d) - (1-d)*math.Log(1-d)
}

func (f *entropyFig) Draw(dst *ebiten.Image, area state.Rect, in *input) {
	f.frames++
	var typ, flat curveData
	if f.th != nil {
		typ, flat = f.th.Curves()
	}
	dmax := 0.05
	for _, c := range []curveData{typ, flat} {
		for _, d := range c.d {
			if !bad(d) {
				dmax = math.Max(dmax, d)
			}
		}
	}
	if len(typ.d)+len(flat.d) == 0 {
		dmax = 0.4
	}
	dmax = math.Min(0.5, dmax*1.1)
	ylo, yhi := -0.05, h2(dmax)*1.05
	for _, c := range []curveData{typ, flat} {
		for _, s := range c.y {
			if !bad(s) {
				ylo = math.Min(ylo, s)
			}
		}
	}
	ylo = math.Max(ylo-0.02, -0.4)
	pl := plot{title: fmt.Sprintf("Local entropy around a reference solution at α = %s, α_D = %s (%s features, %s labels)",
		state.FormatSetting(f.s.Alpha), state.FormatSetting(f.s.AlphaD), f.s.Act, f.s.Labels),
		xlabel: "d   (normalized Hamming distance from the reference solution)",
		ylabel: "S(d)   (log number of solutions at distance d, per weight)",
		xlo:    0, xhi: math.Min(0.5, dmax), ylo: ylo, yhi: yhi}
	pl.reserve = 190
	pl.place(area.Inset(0, 0, 0, 16))
	pl.drawFrame(dst)
	// the S = 0 line: below it no solutions are found at that distance
	y0 := pl.Y.Px(0)
	fillRect(dst, state.Rect{X: pl.inner.X, Y: y0, W: pl.inner.W, H: pl.inner.Y + pl.inner.H - y0}, withAlpha(colError, 14))
	drawText(dst, "S < 0: no solutions at that distance (the reference is isolated)", pl.inner.X+8, pl.inner.Y+pl.inner.H-10, 10.5, colMuted, alignLeft)
	crispLine(dst, pl.inner.X, y0, pl.inner.X+pl.inner.W, y0, 1, colAxis)
	// bound
	var bx, by []float64
	for i := 0; i <= 200; i++ {
		d := pl.xhi * float64(i) / 200
		bx, by = append(bx, d), append(by, h2(d))
	}
	pl.curve(dst, bx, by, 1.5, colMuted, 6)
	pl.curve(dst, typ.d, typ.y, 2.5, pal(4), 0)
	pl.curve(dst, flat.d, flat.y, 2.5, pal(2), 0)
	leg := []legendEntry{
		{label: "H2(d): bound, every configuration a solution", short: "H2(d) bound", c: colMuted, dash: 6},
		{label: "typical reference (equilibrium solution)", short: "typical reference", c: pal(4)},
		{label: "flat-minima reference (maximal margin)", short: "flat-minima reference", c: pal(2)},
	}
	pl.legend(dst, leg, 3)
	noteY := pl.inner.Y + 14
	if f.th != nil {
		if note := f.th.Note(); note != "" {
			noteY = drawWrapped(dst, note, pl.inner.X+8, noteY, pl.inner.W-16, 11.5, colText, 3)
		}
	}
	if e := f.Err(); e != "" {
		// inside the plot, wrapped, in the empty upper half when there are no curves
		y := pl.inner.Y + pl.inner.H/3
		if len(typ.d)+len(flat.d) > 0 {
			y = noteY + 22
		}
		drawWrapped(dst, e, pl.inner.X+8, y, pl.inner.W-16, 11.5, colError, 6)
	} else if len(typ.d)+len(flat.d) == 0 {
		message(dst, pl.inner, "computing the local-entropy curves…")
	}
	if t := f.table; t != nil {
		ad := f.s.AlphaD
		le, c := interpLog(t.ad, t.ale, ad), interpLog(t.ad, t.ac, ad)
		if !bad(le) && !bad(c) {
			drawText(dst, clipText(fmt.Sprintf("at this α_D: α_{LE} ≈ %s, α_c ≈ %s (diagram table); here α = %s",
				state.FormatValue(le, 3), state.FormatValue(c, 3), state.FormatSetting(f.s.Alpha)), pl.inner.W-16, 11.5), pl.inner.X+8, noteY+4, 11.5, colMuted, alignLeft)
		}
	}
	if f.Busy() {
		progressBar(dst, state.Rect{X: pl.outer.X + pl.outer.W - 180, Y: pl.outer.Y + 16, W: 170, H: 4}, f.Progress(), "")
	}
	if x, _, ok := pl.hover(dst, in); ok {
		lines := []string{fmt.Sprintf("d = %s", state.FormatValue(x, 3)), fmt.Sprintf("H2(d) = %s", state.FormatValue(h2(x), 3))}
		if v := interpAt(typ.d, typ.y, x); !math.IsNaN(v) {
			lines = append(lines, fmt.Sprintf("typical: S = %s", state.FormatValue(v, 3)))
		}
		if v := interpAt(flat.d, flat.y, x); !math.IsNaN(v) {
			lines = append(lines, fmt.Sprintf("flat minima: S = %s", state.FormatValue(v, 3)))
		}
		panelBox(dst, lines, in.mx, in.my, pl.inner)
	}
}

// Animating: nothing moves on its own while the figure computes.
func (f *entropyFig) Animating() bool { return false }
