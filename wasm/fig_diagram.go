//go:build js && wasm

package main

import (
	"fmt"
	"image/color"
	"math"
	"time"

	"flatland/sim/data"
	"flatland/sim/experiment"
	"flatland/wasm/state"

	"github.com/hajimehoshi/ebiten/v2"
)

// diagramFig is the transition diagram: the interpolation line alpha_c and
// the local-entropy line alpha_LE against alpha_D, the three phases shaded,
// the picked point (click or drag to move it) and simulation success rates
// in the column of the picked alpha_D.
type diagramFig struct {
	edit   editFunc
	s      state.Settings
	th     diagramTheory
	thErr  string
	thDone bool
	thFrom time.Time     // when the live theory started (Apply of a new model)
	thSecs float64       // seconds from thFrom to the last of its points (0: not yet)
	table  *diagramTable // precomputed by the same code; nil if none
	sw     *pooledSweep  // in the worker pool when there is one
	swErr  string
	cmds   []string // the command lines that reproduce the figure
	swKey  diagramSweepKey
	drag   bool // a pick started in the plot and the button is still down
}

// diagramSweepKey is what the simulation column depends on.
type diagramSweepKey struct {
	alphaD float64
	act    data.Activation
	labels data.Labels
	n      int
	seed   uint64
	algo   string
}

// simAlgo is the algorithm of the quick simulations overlaid on the
// generalization figure: CP+R, an efficient solver known to land in the
// dense (flat) regions, fast enough to run many seeds inside frame budgets.
// The diagram's marks use focusing BP by default (state.DefaultSimAlgo),
// which solves more instances inside the gap, in the page's workers.
const simAlgo = "cpr"

// diagramSimAlgo is the algorithm of the diagram's simulation marks.
func diagramSimAlgo(s state.Settings) string {
	if s.SimAlgo == "" {
		return state.DefaultSimAlgo
	}
	return s.SimAlgo
}

// simulation grid in the picked column
var diagramAlphas = []float64{0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6}

const diagramSamples = 3

func init() {
	registerFigure("diagram", func(edit editFunc) figure { return newDiagram(edit) })
}

func newDiagram(edit editFunc) figure { return &diagramFig{edit: edit} }

func (f *diagramFig) Apply(s state.Settings) {
	old := f.s
	f.s = s
	if f.th == nil || old.Act != s.Act || old.Labels != s.Labels {
		if c, ok := f.th.(interface{ Close() }); ok {
			c.Close()
		}
		f.th, f.thErr, f.thDone, f.table = nil, "", false, nil
		m, err := rfModel(s.Act, s.Labels)
		if err == nil {
			f.table = loadDiagramTable(m)
			f.th, err = newDiagramTheory(m)
			f.thFrom, f.thSecs = time.Now(), 0
		}
		if err != nil {
			f.th, f.thErr, f.thDone = nil, err.Error(), true
		}
	}
	key := diagramSweepKey{alphaD: s.AlphaD, act: s.Act, labels: s.Labels, n: simN(s), seed: s.Seed, algo: diagramSimAlgo(s)}
	if key != f.swKey || f.sw == nil {
		f.swKey = key
		if f.sw != nil {
			f.sw.Close()
		}
		f.sw, f.swErr = nil, ""
		sw, err := newPooledSweep(f.sweepPoints(s), diagramSamples)
		if err != nil {
			f.swErr = "simulations: " + err.Error()
			return
		}
		f.sw = sw
	}
	f.cmds = f.commands()
}

// sweepPoints are the simulated problems: focusing BP (or CP+R) at every alpha of the grid in
// the picked alpha_D column, with two more inside the gap between the
// thresholds (from the stored table) where solutions exist but training stalls.
func (f *diagramFig) sweepPoints(s state.Settings) []experiment.Problem {
	alphas := diagramAlphas
	if t := f.table; t != nil {
		alphas = state.SimulationAlphas(diagramAlphas, state.InterpolateLogX(t.ad, t.ale, s.AlphaD), state.InterpolateLogX(t.ad, t.ac, s.AlphaD))
	}
	var pts []experiment.Problem
	for _, a := range alphas {
		p := s.Problem()
		p.N, p.Alpha, p.Algo = simN(s), a, diagramSimAlgo(s)
		pts = append(pts, p)
	}
	return pts
}

// commands reproduce the figure: the stored or live thresholds and the
// simulation column.
func (f *diagramFig) commands() []string {
	m := fmt.Sprintf("-act %s -labels %s", f.s.Act, f.s.Labels)
	cmds := []string{"flatland rf diagram " + m}
	if cmd, err := experiment.SweepCommand(f.sweepPoints(f.s), diagramSamples); err == nil {
		cmds = append(cmds, cmd)
	}
	return cmds
}

// simN is the size of the quick simulations overlaid on theory figures.
func simN(s state.Settings) int { return min(s.N, 201) }

func (f *diagramFig) Step(budget time.Duration) {
	start := time.Now()
	simsRunning := f.sw != nil && !f.sw.Done()
	if f.th != nil && !f.thDone {
		tb := budget
		if simsRunning {
			// theory and simulations share the frame (focusing BP's column
			// takes about a minute on the page: the thresholds do not wait)
			tb = budget * 6 / 10
		}
		done, err := f.th.Step(tb)
		if err != nil {
			f.thErr = err.Error()
			f.thDone = true
		} else if done {
			f.thDone = true
		}
		if f.thDone {
			f.thSecs = time.Since(f.thFrom).Seconds()
		}
	}
	if left := budget - time.Since(start); left > 0 && f.sw != nil && !f.sw.Done() {
		f.sw.Step(left)
	}
}

func (f *diagramFig) progress() float64 {
	th := 1.0
	if f.th != nil && !f.thDone && f.table == nil {
		th = f.th.Progress()
	}
	sw := 1.0
	if f.sw != nil {
		sw = f.sw.Progress()
	}
	return 0.5*th + 0.5*sw
}

func (f *diagramFig) busy() bool {
	return (f.th != nil && !f.thDone && f.table == nil) || (f.sw != nil && !f.sw.Done())
}

func (f *diagramFig) ready() bool {
	if f.table != nil {
		return true
	}
	if f.th != nil {
		ad, _, _ := f.th.Points()
		if len(ad) > 0 {
			return true
		}
	}
	return f.sw != nil && f.sw.Started() > 0
}

func (f *diagramFig) err() string {
	if f.thErr != "" {
		return f.thErr
	}
	if d, ok := f.th.(interface{ Failures() string }); ok {
		if msg := d.Failures(); msg != "" {
			return msg
		}
	}
	if f.swErr != "" {
		return f.swErr
	}
	if f.sw != nil && f.sw.Err() != nil {
		return "simulations: " + f.sw.Err().Error()
	}
	return ""
}

// Status: nothing moves on its own while the figure computes (not animating).
func (f *diagramFig) Status() figureStatus {
	m := map[string]any{}
	if f.th != nil {
		ad, _, _ := f.th.Points()
		m["livePoints"] = len(ad)
		m["theoryDone"] = f.thDone
		m["theorySeconds"] = f.thSecs // from the model's change (or the page's start) to the 24th point
		m["liveProgress"] = round3(f.th.Progress())
		m["workers"], m["poolResults"] = 0, 0
		if d, ok := f.th.(*poolDiagram); ok {
			m["workers"], m["poolResults"] = d.Workers()
		}
		if f.table != nil {
			m["tablePoints"] = len(f.table.ad)
			dev, n := f.table.deviation(f.th.Points())
			m["verified"] = n
			m["maxDeviation"] = dev
		}
		m["points"] = max(len(ad), f.tablePoints())
	}
	if f.sw != nil {
		m["simRuns"] = f.sw.Started()
		m["simTotal"] = f.sw.Total()
		m["simPoints"] = sweepFields(f.sw.Sweep)
		m["simPooled"] = f.sw.pooled // runs computed by the workers
	}
	return figureStatus{Progress: f.progress(), Busy: f.busy(), Ready: f.ready(), Err: f.err(), Extra: m, Commands: f.cmds}
}

// diagramCurves are the thresholds against alpha_D: those computed in this
// page (live) and the live ones followed by the stored table's.
type diagramCurves struct {
	lad, lac, lale []float64 // computed in this page
	ad, ac, ale    []float64 // live, then stored
}

func (f *diagramFig) curves() diagramCurves {
	var c diagramCurves
	if f.th != nil {
		c.lad, c.lac, c.lale = f.th.Points()
	}
	c.ad, c.ac, c.ale = c.lad, c.lac, c.lale
	if f.table != nil {
		c.ad, c.ac, c.ale = f.table.merge(c.lad, c.lac, c.lale)
	}
	return c
}

// Layout of the diagram (logical px, data units where said).
const (
	diagramYMax      = 2.2  // alpha shown at least up to here
	diagramYCap      = 3.2  // ... and at most up to here
	diagramYHeadroom = 1.04 // above the largest alpha_c
	simCellOffset    = 10   // success-rate cell: right of the picked column
	simCellSize      = 12
	simTextOffset    = 26 // "solved/finished" right of the column
	simSlotWidth     = 50 // further slots for cells that would overlap
	simRowHeight     = 16 // closer cells (px) would overlap with their labels
	noteMargin       = 8  // notes inside the plot, from its edges
	noteBaseline     = 12 // last note line above the plot's bottom
	noteTwoLines     = 40 // a two-line note starts this far above the bottom
	pickRadius       = 7
	pickRing         = 2.5
	pickDot          = 2.5
)

// place lays the diagram out in area: Update hit-tests and Draw draws with
// the same plot. The alpha range grows with the largest alpha_c.
func (f *diagramFig) place(area state.Rect, c diagramCurves) plot {
	pl := plot{title: "Transition diagram of the random-features network (binary weights)",
		xlabel: "α_D = D/N   (input dimension per weight; ← more weights, overparameterized)",
		ylabel: "α = P/N   (training examples per weight)",
		xlo:    0.05, xhi: 10, xlog: true, ylo: 0, yhi: diagramYMax}
	for _, v := range c.ac {
		if !bad(v) {
			pl.yhi = math.Max(pl.yhi, math.Min(diagramYCap, v*diagramYHeadroom))
		}
	}
	pl.reserve = titleReserve
	pl.place(area.Inset(0, 0, 0, plotBottomRoom))
	return pl
}

// Update: a click or drag in the plot picks (alpha_D, alpha).
func (f *diagramFig) Update(in *input, area state.Rect) {
	pl := f.place(area, f.curves())
	inner := pl.inner
	pick := false
	if in.pressed && inner.Contains(in.mx, in.my) {
		f.drag, pick = true, true
	}
	if f.drag && in.down {
		pick = true
	}
	if !in.down {
		f.drag = false
	}
	if pick {
		a := pl.Y.Value(math.Max(inner.Y, math.Min(inner.Y+inner.H, in.my)))
		d := pl.X.Value(math.Max(inner.X, math.Min(inner.X+inner.W, in.mx)))
		f.edit(func(s *state.Settings) { s.PickPoint(d, a) })
	}
}

func (f *diagramFig) Draw(dst *ebiten.Image, area state.Rect, pt pointer) {
	c := f.curves()
	pl := f.place(area, c)
	pl.drawFrame(dst)
	if len(c.ad) >= 2 {
		f.drawPhases(dst, &pl, c)
	} else if f.thErr == "" {
		message(dst, pl.inner, "computing the theory curves…")
	}
	f.drawSimColumn(dst, &pl)
	f.drawPick(dst, &pl)
	pl.legend(dst, f.legend(c), 1)
	f.drawNotes(dst, &pl, c)
	f.drawReadout(dst, &pl, c, pt)
}

// drawPhases shades the three phases between the curves and draws the
// curves: filled markers computed in this page, open ones from the table.
func (f *diagramFig) drawPhases(dst *ebiten.Image, pl *plot, c diagramCurves) {
	f.shade(dst, pl, c.ad, c.ac, c.ale)
	pl.curve(dst, c.ad, c.ac, 2.5, colText, 0)
	pl.curve(dst, c.ad, c.ale, 2.5, pal(1), 7)
	pl.markers(dst, c.lad, c.lac, 2.6, colText)
	pl.markers(dst, c.lad, c.lale, 2.6, pal(1))
	for i := len(c.lad); i < len(c.ad); i++ {
		for _, v := range []struct {
			y   float64
			col color.Color
		}{{c.ac[i], colText}, {c.ale[i], pal(1)}} {
			if !bad(v.y) && pl.Y.Contains(v.y) {
				x, y := pl.px(c.ad[i], v.y)
				circle(dst, x, y, 3.2, colSurface)
				ring(dst, x, y, 2.6, 1.2, v.col)
			}
		}
	}
}

// drawSimColumn draws the simulations' success rates in the picked column.
func (f *diagramFig) drawSimColumn(dst *ebiten.Image, pl *plot) {
	if f.sw == nil {
		return
	}
	x0 := pl.X.Px(f.s.AlphaD)
	right := pl.outer.X + pl.outer.W // labels that would pass the plot's edge are left out
	prevY, slot := math.Inf(1), 0
	for i := range f.sw.Points() {
		pt := f.sw.Point(i)
		y := pl.Y.Px(pt.Problem.Alpha)
		// a cell whose label would touch the one below it (the points inside
		// a narrow gap) moves one slot to the right, up to two slots
		if math.Abs(y-prevY) < simRowHeight {
			slot = (slot + 1) % 3
		} else {
			slot = 0
		}
		prevY = y
		if !pl.Y.Contains(pt.Problem.Alpha) || pt.Finished == 0 {
			continue
		}
		x := x0 + float64(slot)*simSlotWidth
		if slot > 0 { // a leader from the column says where the cell belongs
			line(dst, x0, y, x+simCellOffset, y, 1, colAxis)
		}
		frac := float64(pt.Solved) / float64(pt.Finished)
		c := state.Viridis(frac)
		cell := state.Rect{X: x + simCellOffset, Y: y - simCellSize/2, W: simCellSize, H: simCellSize}
		fillRect(dst, cell, rgb(c.R, c.G, c.B))
		strokeRect(dst, cell, 1, colAxis)
		if l := fmt.Sprintf("%d/%d", pt.Solved, pt.Finished); x+simTextOffset+textWidth(l, 10.5) <= right {
			drawText(dst, l, x+simTextOffset, y, 10.5, colText, alignLeft)
		}
	}
}

// drawPick draws the picked point and its column.
func (f *diagramFig) drawPick(dst *ebiten.Image, pl *plot) {
	if !pl.Y.Contains(f.s.Alpha) {
		return
	}
	px, py := pl.px(f.s.AlphaD, f.s.Alpha)
	crispLine(dst, px, pl.inner.Y, px, pl.inner.Y+pl.inner.H, 1, withAlpha(colFocus, 140))
	circle(dst, px, py, pickRadius, colSurface)
	ring(dst, px, py, pickRadius, pickRing, colFocus)
	circle(dst, px, py, pickDot, colFocus)
}

func (f *diagramFig) legend(c diagramCurves) []legendEntry {
	leg := []legendEntry{
		{label: "α_c: interpolation threshold (solutions exist below)", short: "α_c interpolation", c: colText},
		{label: "α_{LE}: local-entropy threshold (dense flat regions below)", short: "α_{LE} local entropy", c: pal(1), dash: 7},
		{label: "flat regions: efficient algorithms succeed", short: "flat regions (easy)", c: withAlpha(pal(2), 70), swatch: true},
		{label: "only isolated, sharp solutions", short: "isolated solutions", c: withAlpha(pal(4), 70), swatch: true},
		{label: "no solutions", c: withAlpha(colMuted, 60), swatch: true},
		{label: "picked point (click or drag)", short: "picked point", c: colFocus, marker: true},
	}
	if f.table != nil {
		leg = append(leg, legendEntry{label: fmt.Sprintf("filled: computed in this page (%d/%d); open: precomputed", len(c.lad), len(f.table.ad)),
			short: fmt.Sprintf("filled: live %d/%d; open: precomputed", len(c.lad), len(f.table.ad)), c: colText, marker: true})
	}
	if f.sw != nil {
		leg = append(leg, legendEntry{label: fmt.Sprintf("%s success rate, N=%d (%d seeds; yellow = all solved)", algoTitle(diagramSimAlgo(f.s)), simN(f.s), diagramSamples),
			short: fmt.Sprintf("%s success, N=%d", algoTitle(diagramSimAlgo(f.s)), simN(f.s)), c: rgb(92, 200, 99), swatch: true})
	}
	return leg
}

// drawNotes draws errors, skipped simulations, gaps in the table, the
// progress bar and how far the live recomputation of the table has come.
func (f *diagramFig) drawNotes(dst *ebiten.Image, pl *plot, c diagramCurves) {
	in := pl.inner
	bottom := in.Y + in.H - noteBaseline
	if e := f.err(); e != "" {
		drawText(dst, clipText(e, in.W-2*noteMargin, 11.5), in.X+noteMargin, bottom, 11.5, colError, alignLeft)
	} else if note := f.skippedNote(); note != "" {
		drawWrapped(dst, note, in.X+noteMargin, in.Y+in.H-noteTwoLines, in.W-2*noteMargin, 11, colError, 2)
	} else if n := countNaN(c.ale[len(c.lad):]); f.table != nil && n > 0 {
		drawText(dst, fmt.Sprintf("α_{LE}: %d precomputed points did not converge (gaps)", n), in.X+noteMargin, bottom, 11, colMuted, alignLeft)
	}
	busy := f.busy()
	if busy {
		lbl := fmt.Sprintf("theory %d/%d", len(c.lad), diagramPoints)
		if f.sw != nil { // runs finished (the workers may have several under way)
			sims := fmt.Sprintf("simulations %d/%d", f.sw.Finished(), f.sw.Total())
			if f.thDone || f.table != nil {
				lbl = sims
			} else {
				lbl += " · " + sims
			}
		}
		progressBar(dst, titleProgress(pl), f.progress(), lbl)
	}
	if f.table != nil && !busy && f.th != nil {
		msg := fmt.Sprintf("recomputing the thresholds live in this page: %d of %d points", len(c.lad), diagramPoints)
		short := fmt.Sprintf("live check %d/%d", len(c.lad), diagramPoints) // a narrow plot
		if f.thDone {
			msg = fmt.Sprintf("thresholds recomputed live in this page: %d of %d points", len(c.lad), diagramPoints)
		}
		if dev, n := f.table.deviation(c.lad, c.lac, c.lale); n > 0 {
			msg += fmt.Sprintf(" (largest difference from the table %.2g%%)", 100*dev)
			short += fmt.Sprintf(", off by %.2g%%", 100*dev)
		}
		w := in.W - 2*noteMargin
		if textWidth(msg, 11) > w {
			msg = clipText(short, w, 11)
		}
		drawText(dst, msg, in.X+in.W-noteMargin, bottom, 11, colMuted, alignRight)
	}
}

// drawReadout shows the values under the pointer.
func (f *diagramFig) drawReadout(dst *ebiten.Image, pl *plot, c diagramCurves, pt pointer) {
	x, y, ok := pl.hover(dst, pt)
	if !ok {
		return
	}
	lines := []string{
		fmt.Sprintf("α_D = %s   α = %s", state.FormatValue(x, 3), state.FormatValue(y, 3)),
		fmt.Sprintf("N/P = %s   P/D = %s", state.FormatValue(1/y, 3), state.FormatValue(y/x, 3)),
	}
	ac, ale := interpLog(c.ad, c.ac, x), interpLog(c.ad, c.ale, x)
	if !math.IsNaN(ac) {
		lines = append(lines, fmt.Sprintf("α_c(α_D) = %s", state.FormatValue(ac, 3)))
	}
	if !math.IsNaN(ale) {
		lines = append(lines, fmt.Sprintf("α_{LE}(α_D) = %s", state.FormatValue(ale, 3)))
	}
	lines = append(lines, phaseName(y, ale, ac))
	panelBox(dst, lines, pt.mx, pt.my, pl.inner)
}

func phaseName(a, le, c float64) string {
	switch {
	case math.IsNaN(c):
		return ""
	case a > c:
		return "phase: no solutions (above interpolation)"
	case !math.IsNaN(le) && a > le:
		return "phase: isolated sharp solutions only (hard)"
	case !math.IsNaN(le):
		return "phase: dense flat regions (easy)"
	}
	return ""
}

// interpLog interpolates y(x) linearly in log x.
func interpLog(xs, ys []float64, x float64) float64 {
	lx := make([]float64, len(xs))
	for i, v := range xs {
		lx[i] = math.Log(v)
	}
	return interpAt(lx, ys, math.Log(x))
}

// shade fills the three phases between the curves.
func (f *diagramFig) shade(dst *ebiten.Image, pl *plot, ad, ac, ale []float64) {
	top := pl.Y.Lo + (pl.Y.Hi - pl.Y.Lo)
	for i := 0; i+1 < len(ad); i++ {
		x0, x1 := pl.X.Px(ad[i]), pl.X.Px(ad[i+1])
		yb := pl.Y.Px(0)
		yt := pl.Y.Px(top)
		clampY := func(v float64) float64 { return pl.Y.Px(math.Max(pl.Y.Lo, math.Min(top, v))) }
		c0, c1 := ac[i], ac[i+1]
		l0, l1 := ale[i], ale[i+1]
		if bad(c0) || bad(c1) {
			continue
		}
		// above alpha_c: no solutions
		fillPolygon(dst, []float64{x0, x1, x1, x0}, []float64{clampY(c0), clampY(c1), yt, yt}, withAlpha(colMuted, 38))
		if bad(l0) || bad(l1) {
			continue
		}
		fillPolygon(dst, []float64{x0, x1, x1, x0}, []float64{clampY(l0), clampY(l1), clampY(c1), clampY(c0)}, withAlpha(pal(4), 45))
		fillPolygon(dst, []float64{x0, x1, x1, x0}, []float64{yb, yb, clampY(l1), clampY(l0)}, withAlpha(pal(2), 40))
	}
}

func (f *diagramFig) tablePoints() int {
	if f.table == nil {
		return 0
	}
	return len(f.table.ad)
}

func countNaN(v []float64) int {
	n := 0
	for _, x := range v {
		if bad(x) {
			n++
		}
	}
	return n
}

func (f *diagramFig) skippedNote() string {
	if f.sw == nil {
		return ""
	}
	return f.sw.SkippedNote()
}

// exportPanels are the plotted series: alpha_c and alpha_LE against alpha_D
// (computed here, then the stored table) and the simulations' success rate
// in the picked column.
func (f *diagramFig) exportPanels() []state.ExportPanel {
	c := f.curves()
	pl := f.place(state.Rect{W: 1000, H: 600}, c)
	p := panelOf(&pl, state.ExportSeries{Name: "α_c: interpolation threshold", X: c.ad, Y: c.ac, Color: rgbOf(colText)},
		state.ExportSeries{Name: "α_{LE}: local-entropy threshold", X: c.ad, Y: c.ale, Color: rgbOf(pal(1)), Dashed: true})
	if f.sw != nil {
		sim := state.ExportSeries{Name: fmt.Sprintf("%s success rate, N=%d", algoTitle(diagramSimAlgo(f.s)), simN(f.s)), Color: rgbOf(rgb(92, 200, 99)), Markers: true}
		var rate, solved, finished []float64
		for i := range f.sw.Points() {
			pt := f.sw.Point(i)
			if pt.Finished == 0 {
				continue
			}
			sim.X, sim.Y = append(sim.X, pt.Problem.AlphaD), append(sim.Y, pt.Problem.Alpha)
			rate = append(rate, float64(pt.Solved)/float64(pt.Finished))
			solved, finished = append(solved, float64(pt.Solved)), append(finished, float64(pt.Finished))
		}
		sim.Columns = []state.ExportColumn{{Name: "success_rate", Values: rate}, {Name: "solved", Values: solved}, {Name: "samples_done", Values: finished}}
		p.Series = append(p.Series, sim)
	}
	return []state.ExportPanel{p}
}

// summary: the thresholds and the simulations in the picked column.
func (f *diagramFig) summary() string {
	c := f.curves()
	d := state.DiagramSummary{AlphaD: f.s.AlphaD, Alpha: f.s.Alpha, AlphaC: interpLog(c.ad, c.ac, f.s.AlphaD),
		AlphaLE: interpLog(c.ad, c.ale, f.s.AlphaD), Algo: algoTitle(diagramSimAlgo(f.s)), N: simN(f.s), Err: f.err()}
	if f.sw != nil {
		for i := range f.sw.Points() {
			pt := f.sw.Point(i)
			d.Sims = append(d.Sims, state.SimRate{Alpha: pt.Problem.Alpha, Solved: pt.Solved, Finished: pt.Finished, Samples: diagramSamples})
		}
	}
	return d.Text()
}
