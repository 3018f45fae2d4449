//go:build js && wasm

package main

import (
	"fmt"
	"math"
	"strconv"
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
	s     state.Settings
	th    entropyTheory
	j     *stepper.Job
	bErr  string
	key   entropyKey
	table *diagramTable
	cmds  []string // the command line that reproduces the curves
}

// entropyKey is what the curves depend on.
type entropyKey struct {
	alpha, alphaD float64
	act           data.Activation
	labels        data.Labels
}

func init() {
	registerFigure("entropy", func(_ editFunc) figure { return newEntropy() })
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
	f.cmds = []string{fmt.Sprintf("flatland rf local-entropy -alpha %s -alpha-d %s -act %s -labels %s -d-min %g -dense-points %d",
		strconv.FormatFloat(s.Alpha, 'g', -1, 64), strconv.FormatFloat(s.AlphaD, 'g', -1, 64), s.Act, s.Labels, entropySmallestD, entropyDensePoints)}
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

func (f *entropyFig) Update(*input, state.Rect) {} // nothing to click
func (f *entropyFig) Step(b time.Duration)      { f.j.Step(b) }

// ready: in a final state (curves, or a stated reason why there are none),
// or showing curves while the rest computes.
func (f *entropyFig) ready() bool {
	if f.bErr != "" || f.j.Done() {
		return true
	}
	if f.th == nil {
		return false
	}
	return f.th.Curves().points() > 0
}

func (f *entropyFig) err() string {
	if f.bErr != "" {
		return f.bErr
	}
	return errText(f.j.Err())
}

// Status: nothing moves on its own while the figure computes (not animating).
func (f *entropyFig) Status() figureStatus {
	m := map[string]any{}
	if f.th != nil {
		cs := f.th.Curves()
		m["points"] = cs.points()
		// the dense-region curve, for the check against the command line
		m["denseCurve"] = map[string]any{"d": jsFloats(cs.dense.d), "s": jsFloats(cs.dense.y)}
	}
	return figureStatus{Progress: f.j.Progress(), Busy: f.j.Busy(), Ready: f.ready(), Err: f.err(), Extra: m, Commands: f.cmds}
}

func h2(d float64) float64 {
	if d <= 0 || d >= 1 {
		return 0
	}
	return -d*math.Log(d) - (1-d)*math.Log(1-d)
}

// Layout of the entropy figure (data units).
const (
	entropyDMin      = 0.05 // d shown at least up to here
	entropyDMax      = 0.5  // d beyond 1/2 mirrors d below it
	entropyDEmpty    = 0.4  // d shown before any curve arrives
	entropySFloor    = -0.4 // S shown down to at most here
	entropyBoundStep = 200  // samples of the H2(d) bound
	entropyDenseDash = 3    // dash length of the dense-region curve
)

// place lays out the plot: d up to 10% beyond the curves, S from below the
// lowest point to above the bound.
func (f *entropyFig) place(area state.Rect, cs entropyCurves) plot {
	dmax := entropyDMin
	for _, c := range cs.all() {
		for _, d := range c.d {
			if !bad(d) {
				dmax = math.Max(dmax, d)
			}
		}
	}
	if cs.points() == 0 {
		dmax = entropyDEmpty
	}
	dmax = math.Min(entropyDMax, dmax*1.1)
	ylo, yhi := -0.05, h2(dmax)*1.05
	for _, c := range cs.all() {
		for _, s := range c.y {
			if !bad(s) {
				ylo = math.Min(ylo, s)
			}
		}
	}
	ylo = math.Max(ylo-0.02, entropySFloor)
	pl := plot{title: fmt.Sprintf("Local entropy around a reference solution at α = %s, α_D = %s (%s features, %s labels)",
		state.FormatSetting(f.s.Alpha), state.FormatSetting(f.s.AlphaD), f.s.Act, f.s.Labels),
		xlabel: "d   (normalized Hamming distance from the reference solution)",
		ylabel: "S(d)   (log number of solutions at distance d, per weight)",
		xlo:    0, xhi: dmax, ylo: ylo, yhi: yhi}
	pl.reserve = titleReserve
	pl.place(area.Inset(0, 0, 0, plotBottomRoom))
	return pl
}

func (f *entropyFig) Draw(dst *ebiten.Image, area state.Rect, pt pointer) {
	var cs entropyCurves
	if f.th != nil {
		cs = f.th.Curves()
	}
	pl := f.place(area, cs)
	pl.drawFrame(dst)
	f.drawCurves(dst, &pl, cs)
	f.drawNotes(dst, &pl, cs.points() > 0)
	if f.j.Busy() {
		progressBar(dst, titleProgress(&pl), f.j.Progress(), "")
	}
	f.drawReadout(dst, &pl, cs, pt)
}

// drawCurves draws the S < 0 region, the H2 bound and the three curves.
func (f *entropyFig) drawCurves(dst *ebiten.Image, pl *plot, cs entropyCurves) {
	// the S = 0 line: below it no solutions are found at that distance
	in := pl.inner
	y0 := pl.Y.Px(0)
	fillRect(dst, state.Rect{X: in.X, Y: y0, W: in.W, H: in.Y + in.H - y0}, withAlpha(colError, 14))
	drawText(dst, clipText("S < 0: no solutions at that distance (the reference is isolated)", in.W-2*noteMargin, 10.5), in.X+noteMargin, in.Y+in.H-10, 10.5, colMuted, alignLeft)
	crispLine(dst, in.X, y0, in.X+in.W, y0, 1, colAxis)
	var bx, by []float64
	for i := 0; i <= entropyBoundStep; i++ {
		d := pl.xhi * float64(i) / entropyBoundStep
		bx, by = append(bx, d), append(by, h2(d))
	}
	pl.curve(dst, bx, by, 1.5, colMuted, 6)
	pl.curve(dst, cs.dense.d, cs.dense.y, 2, pal(0), entropyDenseDash)
	pl.curve(dst, cs.typical.d, cs.typical.y, 2.5, pal(4), 0)
	pl.curve(dst, cs.flat.d, cs.flat.y, 2.5, pal(2), 0)
	pl.legend(dst, []legendEntry{
		{label: "H2(d): bound, every configuration a solution", short: "H2(d) bound", c: colMuted, dash: 6},
		{label: "typical reference (equilibrium solution)", short: "typical reference", c: pal(4)},
		{label: "flat-minima reference (maximal margin)", short: "flat-minima reference", c: pal(2)},
		{label: "densest region (large-deviation reference)", short: "densest region", c: pal(0), dash: entropyDenseDash},
	}, 3)
}

// drawNotes draws the theory's note, errors, and the thresholds at this
// alpha_D from the stored diagram.
func (f *entropyFig) drawNotes(dst *ebiten.Image, pl *plot, haveCurves bool) {
	in := pl.inner
	noteY := in.Y + 14
	if f.th != nil {
		if note := f.th.Note(); note != "" {
			noteY = drawWrapped(dst, note, in.X+noteMargin, noteY, in.W-2*noteMargin, 11.5, colText, 3)
		}
	}
	if e := f.err(); e != "" {
		// inside the plot, wrapped, in the empty upper half when there are no curves
		y := in.Y + in.H/3
		if haveCurves {
			y = noteY + 22
		}
		drawWrapped(dst, e, in.X+noteMargin, y, in.W-2*noteMargin, 11.5, colError, 6)
	} else if !haveCurves {
		message(dst, in, "computing the local-entropy curves…")
	}
	if t := f.table; t != nil {
		le, c := interpLog(t.ad, t.ale, f.s.AlphaD), interpLog(t.ad, t.ac, f.s.AlphaD)
		if !bad(le) && !bad(c) {
			drawText(dst, clipText(fmt.Sprintf("at this α_D: α_{LE} ≈ %s, α_c ≈ %s (diagram table); here α = %s",
				state.FormatValue(le, 3), state.FormatValue(c, 3), state.FormatSetting(f.s.Alpha)), in.W-2*noteMargin, 11.5), in.X+noteMargin, noteY+4, 11.5, colMuted, alignLeft)
		}
	}
}

func (f *entropyFig) drawReadout(dst *ebiten.Image, pl *plot, cs entropyCurves, pt pointer) {
	x, _, ok := pl.hover(dst, pt)
	if !ok {
		return
	}
	lines := []string{fmt.Sprintf("d = %s", state.FormatValue(x, 3)), fmt.Sprintf("H2(d) = %s", state.FormatValue(h2(x), 3))}
	if v := interpAt(cs.typical.d, cs.typical.y, x); !math.IsNaN(v) {
		lines = append(lines, fmt.Sprintf("typical: S = %s", state.FormatValue(v, 3)))
	}
	if v := interpAt(cs.flat.d, cs.flat.y, x); !math.IsNaN(v) {
		lines = append(lines, fmt.Sprintf("flat minima: S = %s", state.FormatValue(v, 3)))
	}
	if v := interpAt(cs.dense.d, cs.dense.y, x); !math.IsNaN(v) {
		lines = append(lines, fmt.Sprintf("densest region: S = %s", state.FormatValue(v, 3)))
	}
	panelBox(dst, lines, pt.mx, pt.my, pl.inner)
}

// exportPanels are the plotted series: the H2 bound, the local entropy
// around the typical and the flat-minima reference, and the dense-region curve.
func (f *entropyFig) exportPanels() []state.ExportPanel {
	var cs entropyCurves
	if f.th != nil {
		cs = f.th.Curves()
	}
	pl := f.place(state.Rect{W: 1000, H: 600}, cs)
	var bx, by []float64
	for i := 0; i <= entropyBoundStep; i++ {
		d := pl.xhi * float64(i) / entropyBoundStep
		bx, by = append(bx, d), append(by, h2(d))
	}
	return []state.ExportPanel{panelOf(&pl,
		state.ExportSeries{Name: "H2(d): bound", X: bx, Y: by, Color: rgbOf(colMuted), Dashed: true},
		state.ExportSeries{Name: "typical reference", X: cs.typical.d, Y: cs.typical.y, Color: rgbOf(pal(4))},
		state.ExportSeries{Name: "flat-minima reference", X: cs.flat.d, Y: cs.flat.y, Color: rgbOf(pal(2))},
		state.ExportSeries{Name: "densest region (large deviation)", X: cs.dense.d, Y: cs.dense.y, Color: rgbOf(pal(0)), Dashed: true})}
}

// summary: the flat-minima curve's verdict (monotone or broken up).
func (f *entropyFig) summary() string {
	verdict := ""
	if f.th != nil {
		verdict = f.th.Note()
	}
	return state.EntropySummary(f.s.Alpha, f.s.AlphaD, verdict, f.bErr != "" || (f.j != nil && f.j.Done()), f.err())
}
