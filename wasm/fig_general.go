//go:build js && wasm

package main

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"flatland/sim/data"
	"flatland/sim/experiment"
	"flatland/sim/stepper"
	"flatland/wasm/state"

	"github.com/hajimehoshi/ebiten/v2"
)

// generalizationFig draws the typical, Bayes and flat-minima generalization
// errors against overparameterization N/P at fixed P/D (the picked point's),
// with test errors of trained networks as simulation points.
type generalizationFig struct {
	s     state.Settings
	th    generalizationTheory
	j     *stepper.Job
	bErr  string
	key   generalizationKey
	sw    *experiment.Sweep
	swErr string
	swKey generalizationSweepKey
	cmds  []string // the command lines that reproduce the figure
	// theoryCmd is the first of them, the theory curves'
	theoryCmd string
}

// generalizationKey is what the theory curves depend on; alphaT = P/D is
// kept to 4 significant digits so that moving along a line of constant P/D
// keeps the curves.
type generalizationKey struct {
	alphaT string
	act    data.Activation
	labels data.Labels
}

// generalizationSweepKey is what the simulation points depend on.
type generalizationSweepKey struct {
	theory generalizationKey
	n      int
	seed   uint64
}

func init() {
	registerFigure("generalization", func(_ editFunc) figure { return newGeneralization() })
}

func newGeneralization() figure { return &generalizationFig{} }

// overparameterization grid for the simulations: N/P values. N/P = 1.5, the
// point nearest the interpolation threshold (N/P_c ~ 1.1 at the default
// P/D = 0.4), was dropped: its runs have the most inputs (D = 1.67 N), so
// the costliest test sets, and the longest trainings, and took half of the
// simulations' time (2.7 s of WebAssembly for five points); four points from
// 2 to 8 still show the test error falling with overparameterization, below
// the typical solutions' curve.
var generalizationNP = []float64{2, 3, 5, 8}

const generalizationSamples = 3

func (f *generalizationFig) Apply(s state.Settings) {
	f.s = s
	alphaT := s.Alpha / s.AlphaD
	key := generalizationKey{alphaT: state.FormatValue(alphaT, 4), act: s.Act, labels: s.Labels}
	if key != f.key || f.j == nil {
		f.key = key
		f.startTheory(s, alphaT)
	}
	swKey := generalizationSweepKey{theory: key, n: simN(s), seed: s.Seed}
	if s.Labels != data.TeacherLabels { // random labels: nothing to generalize, nothing to simulate
		swKey = generalizationSweepKey{}
	}
	if swKey != f.swKey || (f.sw == nil && swKey != generalizationSweepKey{}) {
		f.swKey = swKey
		f.startSweep(s, alphaT)
	}
}

// startTheory starts the theory curves at P/D = alphaT.
func (f *generalizationFig) startTheory(s state.Settings, alphaT float64) {
	if f.th != nil {
		f.th.Close()
	}
	f.th, f.j, f.bErr = nil, nil, ""
	f.theoryCmd = generalizationTheoryCommand(s, alphaT)
	f.cmds = []string{f.theoryCmd}
	m, err := rfModel(s.Act, s.Labels)
	var th generalizationTheory
	if err == nil {
		th, err = newGeneralizationTheory(m, alphaT)
	}
	if err != nil {
		f.bErr = err.Error()
		return
	}
	f.th, f.j = th, stepper.NewJob(th)
}

// startSweep starts the simulations (teacher labels only); each point is
// reproduced by its own sweep command, since the points differ in alpha_D too.
func (f *generalizationFig) startSweep(s state.Settings, alphaT float64) {
	if f.sw != nil {
		f.sw.Close()
	}
	f.sw, f.swErr, f.cmds = nil, "", []string{f.theoryCmd}
	if s.Labels != data.TeacherLabels {
		return
	}
	pts := generalizationPoints(s, alphaT)
	sw, err := newSweep(pts, generalizationSamples)
	if err != nil {
		f.swErr = "simulations: " + err.Error()
		return
	}
	f.sw = sw
	for _, p := range pts {
		if cmd, err := experiment.SweepCommand([]experiment.Problem{p}, generalizationSamples); err == nil {
			f.cmds = append(f.cmds, cmd)
		}
	}
}

// generalizationTestExamples is each simulated solution's test set: a
// standard error of about 0.022 per solution, 0.013 on a point's mean of three,
// well under the 0.05 between the typical and flat-minima curves at N/P = 8.
// Each test example costs N D multiply-adds; 1000 of them took three quarters
// of the simulations' time.
const generalizationTestExamples = 500

// generalizationPoints are the simulated problems: CP+R with teacher labels
// at the N/P values of the grid, on the line P/D = alphaT.
func generalizationPoints(s state.Settings, alphaT float64) []experiment.Problem {
	var pts []experiment.Problem
	for _, np := range generalizationNP {
		p := s.Problem()
		p.N, p.Alpha, p.Algo, p.TestExamples = simN(s), 1/np, simAlgo, generalizationTestExamples
		p.AlphaD = p.Alpha / alphaT
		p.Labels = data.TeacherLabels.String()
		pts = append(pts, p)
	}
	return pts
}

// generalizationTheoryCommand is the rf generalization line of the theory
// curves (newGeneralizationTheory's grid).
func generalizationTheoryCommand(s state.Settings, alphaT float64) string {
	return fmt.Sprintf("flatland rf generalization -alpha-t %s -act %s -labels %s -points %d -n-over-p-min %g -n-over-p-max %g",
		strconv.FormatFloat(alphaT, 'g', -1, 64), s.Act, s.Labels, generalizationGridPoints, generalizationGridMin, generalizationGridMax)
}

func (f *generalizationFig) Update(*input, state.Rect) {} // nothing to click

func (f *generalizationFig) Step(b time.Duration) {
	start := time.Now()
	tb := b
	if f.sw != nil && !f.sw.Done() && f.j.Busy() {
		tb = b * 6 / 10
	}
	f.j.Step(tb)
	if left := b - time.Since(start); left > 0 && f.sw != nil && !f.sw.Done() {
		f.sw.Step(left)
	}
}

func (f *generalizationFig) progress() float64 {
	sw := 1.0
	if f.sw != nil {
		sw = f.sw.Progress()
	}
	return 0.5*f.j.Progress() + 0.5*sw
}

func (f *generalizationFig) busy() bool { return f.j.Busy() || (f.sw != nil && !f.sw.Done()) }

func (f *generalizationFig) ready() bool {
	if f.bErr != "" || f.j.Done() {
		return true
	}
	if f.th != nil {
		a, _, _, _, _, _ := f.th.Points()
		if len(a) > 0 {
			return true
		}
	}
	return f.sw != nil && f.sw.Started() > 0
}

func (f *generalizationFig) err() string {
	if f.bErr != "" {
		return f.bErr
	}
	if e := errText(f.j.Err()); e != "" {
		return e
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
func (f *generalizationFig) Status() figureStatus {
	m := map[string]any{}
	if f.th != nil {
		a, _, _, _, _, _ := f.th.Points()
		m["points"] = len(a)
	}
	if f.sw != nil {
		m["simRuns"] = f.sw.Started()
		m["simTotal"] = f.sw.Total()
		m["simPoints"] = sweepFields(f.sw)
	}
	return figureStatus{Progress: f.progress(), Busy: f.busy(), Ready: f.ready(), Err: f.err(), Extra: m, Commands: f.cmds}
}

// generalizationCurves are the theory's points against N/P = 1/alpha.
type generalizationCurves struct {
	np, et, eb, ef []float64
	interp, failed []bool
}

func (f *generalizationFig) curves() generalizationCurves {
	var c generalizationCurves
	if f.th == nil {
		return c
	}
	var al []float64
	al, c.et, c.eb, c.ef, c.interp, c.failed = f.th.Points()
	c.np = make([]float64, len(al))
	for i, a := range al {
		c.np[i] = 1 / a
	}
	return c
}

// Layout of the generalization figure (logical px).
const (
	generalizationMsgTop = 60 // first message line below the plot's top (and the shaded range's label)
	noSolLabelX          = 6  // "no zero-error solutions" label in the shaded range
	noSolLabelY          = 14
	failMark             = 4 // half size of a failed point's ×
	failMarkAbove        = 6 // × centre above the x axis
	simBarWidth          = 1.5
	simMarker            = 4
)

func (f *generalizationFig) Draw(dst *ebiten.Image, area state.Rect, pt pointer) {
	alphaT := f.s.Alpha / f.s.AlphaD
	c := f.curves()
	pl := plot{title: fmt.Sprintf("Generalization error vs overparameterization at P/D = %s (%s features, %s labels)",
		state.FormatValue(alphaT, 3), f.s.Act, f.s.Labels),
		xlabel: "N/P = 1/α   (trainable weights per training example; → more overparameterized)",
		ylabel: "generalization error (test error rate)",
		xlo:    0.3, xhi: 10, xlog: true, ylo: 0, yhi: 0.5}
	pl.reserve = titleReserve
	pl.place(area.Inset(0, 0, 0, plotBottomRoom))
	pl.drawFrame(dst)
	f.shadeNoSolutions(dst, &pl, c)
	pl.curve(dst, c.np, c.et, 2.5, pal(4), 0)
	pl.curve(dst, c.np, c.eb, 2, pal(0), 6)
	pl.curve(dst, c.np, c.ef, 2.5, pal(2), 0)
	leg := []legendEntry{
		{label: "ε_{typical}: a typical (sharp) solution", short: "ε_{typical}", c: pal(4)},
		{label: "ε_{Bayes}: Bayes-optimal (centre of mass)", short: "ε_{Bayes}", c: pal(0), dash: 6},
		{label: "ε_{flat}: flat-minima (maximal-margin) solution", short: "ε_{flat}", c: pal(2)},
	}
	leg = append(leg, f.drawSimulations(dst, &pl)...)
	f.drawPick(dst, &pl)
	leg = append(leg, f.drawFailures(dst, &pl, c)...)
	pl.legend(dst, leg, 2)
	f.drawNotes(dst, &pl, len(c.np))
	if f.busy() {
		progressBar(dst, titleProgress(&pl), f.progress(), "")
	}
	f.drawReadout(dst, &pl, c, alphaT, pt)
}

// shadeNoSolutions shades the range of N/P without zero-error solutions
// (above interpolation).
func (f *generalizationFig) shadeNoSolutions(dst *ebiten.Image, pl *plot, c generalizationCurves) {
	noSol := 0.0
	for i, ok := range c.interp {
		if !ok && !c.failed[i] {
			noSol = math.Max(noSol, c.np[i])
		}
	}
	if noSol <= 0 {
		return
	}
	x1 := pl.X.Px(math.Min(pl.xhi, noSol))
	r := state.Rect{X: pl.inner.X, Y: pl.inner.Y, W: x1 - pl.inner.X, H: pl.inner.H}
	fillRect(dst, r, withAlpha(colMuted, 38))
	drawText(dst, "no zero-error", r.X+noSolLabelX, r.Y+noSolLabelY, 11, colMuted, alignLeft)
	drawText(dst, "solutions (α ≥ α_c):", r.X+noSolLabelX, r.Y+2*noSolLabelY, 11, colMuted, alignLeft)
	drawText(dst, "no errors to draw", r.X+noSolLabelX, r.Y+3*noSolLabelY, 11, colMuted, alignLeft)
}

// drawSimulations draws the mean test error of solved runs with min-max
// bars and returns their legend entry.
func (f *generalizationFig) drawSimulations(dst *ebiten.Image, pl *plot) []legendEntry {
	if f.sw == nil {
		drawText(dst, "random labels: nothing to generalize (choose teacher labels)", pl.inner.X+noteMargin, pl.inner.Y+16, 11.5, colMuted, alignLeft)
		return nil
	}
	for i := range f.sw.Points() {
		pt := f.sw.Point(i)
		errs := pt.TestErrors
		if len(errs) == 0 {
			continue
		}
		mean, lo, hi := 0.0, 1.0, 0.0
		for _, e := range errs {
			mean += e
			lo, hi = math.Min(lo, e), math.Max(hi, e)
		}
		mean /= float64(len(errs))
		x := pl.X.Px(1 / pt.Problem.Alpha)
		line(dst, x, pl.Y.Px(lo), x, pl.Y.Px(hi), simBarWidth, colText)
		pl.markers(dst, []float64{1 / pt.Problem.Alpha}, []float64{mean}, simMarker, colText)
	}
	return []legendEntry{{label: fmt.Sprintf("CP+R, N=%d: mean test error of solutions (%d seeds, bar = range)", simN(f.s), generalizationSamples),
		short: fmt.Sprintf("CP+R test error, N=%d", simN(f.s)), c: colText, marker: true}}
}

// drawPick marks the picked point's overparameterization.
func (f *generalizationFig) drawPick(dst *ebiten.Image, pl *plot) {
	np := 1 / f.s.Alpha
	if !pl.X.Contains(np) {
		return
	}
	x := pl.X.Px(np)
	crispLine(dst, x, pl.inner.Y, x, pl.inner.Y+pl.inner.H, 1, withAlpha(colFocus, 160))
	drawText(dst, "picked point", x+4, pl.inner.Y+pl.inner.H-10, 10.5, colFocus, alignLeft)
}

// drawFailures puts a red × on the axis at each failed theory point and
// returns its legend entry (none without failures).
func (f *generalizationFig) drawFailures(dst *ebiten.Image, pl *plot, c generalizationCurves) []legendEntry {
	marked := false
	for i, failed := range c.failed {
		if !failed || !pl.X.Contains(c.np[i]) {
			continue
		}
		marked = true
		x := pl.X.Px(c.np[i])
		y := pl.inner.Y + pl.inner.H - failMarkAbove
		line(dst, x-failMark, y-failMark, x+failMark, y+failMark, 1.5, colError)
		line(dst, x-failMark, y+failMark, x+failMark, y-failMark, 1.5, colError)
	}
	if !marked {
		return nil
	}
	return []legendEntry{{label: "× on the axis: theory point not computed (solver failure)", short: "× solver failure", c: colError, marker: true}}
}

// drawNotes says how many points have no solutions or failed (and why),
// which simulations were skipped, and errors.
func (f *generalizationFig) drawNotes(dst *ebiten.Image, pl *plot, points int) {
	in := pl.inner
	x, w := in.X+noteMargin, in.W-2*noteMargin
	y := in.Y + generalizationMsgTop
	if f.th != nil {
		_, failN, first := f.th.Failures()
		if failN > 0 {
			y = drawWrapped(dst, fmt.Sprintf("%d of %d points failed (×): %s", failN, points, first), x, y, w, 11.5, colError, 4) + 4
		}
	}
	if f.sw != nil {
		if note := f.sw.SkippedNote(); note != "" {
			y = drawWrapped(dst, note, x, y, w, 11.5, colError, 3) + 4
		}
	}
	if e := f.err(); e != "" {
		drawWrapped(dst, e, x, y, w, 11.5, colError, 5)
	} else if points == 0 {
		message(dst, in, "computing the theory curves…")
	}
}

func (f *generalizationFig) drawReadout(dst *ebiten.Image, pl *plot, c generalizationCurves, alphaT float64, pt pointer) {
	x, _, ok := pl.hover(dst, pt)
	if !ok {
		return
	}
	lines := []string{fmt.Sprintf("N/P = %s   (α = %s, α_D = %s)", state.FormatValue(x, 3), state.FormatValue(1/x, 3), state.FormatValue(1/x/alphaT, 3))}
	for _, curve := range []struct {
		n string
		y []float64
	}{{"ε_{typical}", c.et}, {"ε_{Bayes}", c.eb}, {"ε_{flat}", c.ef}} {
		if v := interpLog(c.np, curve.y, x); !math.IsNaN(v) {
			lines = append(lines, fmt.Sprintf("%s = %s", curve.n, state.FormatValue(v, 3)))
		}
	}
	panelBox(dst, lines, pt.mx, pt.my, pl.inner)
}

// exportPanels are the plotted series: the three theory errors against N/P
// and the simulations' mean test error with its range.
func (f *generalizationFig) exportPanels() []state.ExportPanel {
	c := f.curves()
	p := state.ExportPanel{Title: fmt.Sprintf("Generalization error vs overparameterization at P/D = %s (%s features, %s labels)",
		state.FormatValue(f.s.Alpha/f.s.AlphaD, 3), f.s.Act, f.s.Labels),
		XLabel: "N/P = 1/α", YLabel: "generalization error (test error rate)", XLog: true, XLo: 0.3, XHi: 10, YLo: 0, YHi: 0.5,
		Series: []state.ExportSeries{
			{Name: "ε_{typical}", X: c.np, Y: c.et, Color: rgbOf(pal(4))},
			{Name: "ε_{Bayes}", X: c.np, Y: c.eb, Color: rgbOf(pal(0)), Dashed: true},
			{Name: "ε_{flat}", X: c.np, Y: c.ef, Color: rgbOf(pal(2))},
		}}
	if f.sw != nil {
		sim := state.ExportSeries{Name: fmt.Sprintf("CP+R mean test error, N=%d", simN(f.s)), Color: rgbOf(colText), Markers: true}
		var lo, hi, n []float64
		for i := range f.sw.Points() {
			pt := f.sw.Point(i)
			if len(pt.TestErrors) == 0 {
				continue
			}
			mean, l, h := 0.0, 1.0, 0.0
			for _, e := range pt.TestErrors {
				mean += e
				l, h = math.Min(l, e), math.Max(h, e)
			}
			sim.X = append(sim.X, 1/pt.Problem.Alpha)
			sim.Y = append(sim.Y, mean/float64(len(pt.TestErrors)))
			lo, hi, n = append(lo, l), append(hi, h), append(n, float64(len(pt.TestErrors)))
		}
		sim.Columns = []state.ExportColumn{{Name: "min", Values: lo}, {Name: "max", Values: hi}, {Name: "solutions_tested", Values: n}}
		p.Series = append(p.Series, sim)
	}
	return []state.ExportPanel{p}
}

// summary: the three theory errors at the picked N/P and the simulated point
// nearest to it.
func (f *generalizationFig) summary() string {
	c := f.curves()
	np := 1 / f.s.Alpha
	g := state.GeneralizationSummary{Alpha: f.s.Alpha, Typical: interpLog(c.np, c.et, np), Bayes: interpLog(c.np, c.eb, np),
		Flat: interpLog(c.np, c.ef, np), SimAlpha: math.NaN(), SimError: math.NaN(), Err: f.err()}
	if f.sw == nil {
		g.Note = "Random labels: there is nothing to generalize (choose teacher labels)."
		return g.Text()
	}
	best := -1
	for i := range f.sw.Points() {
		a := f.sw.Point(i).Problem.Alpha
		if best < 0 || math.Abs(math.Log(a/f.s.Alpha)) < math.Abs(math.Log(f.sw.Point(best).Problem.Alpha/f.s.Alpha)) {
			best = i
		}
	}
	if best >= 0 {
		pt := f.sw.Point(best)
		g.SimAlgo, g.SimAlpha, g.SimSolved, g.SimFinished = "CP+R", pt.Problem.Alpha, pt.Solved, pt.Finished
		if n := len(pt.TestErrors); n > 0 {
			sum := 0.0
			for _, e := range pt.TestErrors {
				sum += e
			}
			g.SimError = sum / float64(n)
		}
	}
	return g.Text()
}
