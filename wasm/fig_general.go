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

// generalizationFig draws the typical, Bayes and flat-minima generalization
// errors against overparameterization N/P at fixed P/D (the picked point's),
// with test errors of trained networks as simulation points.
type generalizationFig struct {
	s      state.Settings
	th     generalizationTheory
	j      *stepper.Job
	bErr   string
	key    generalizationKey
	sw     *sweep
	swKey  generalizationSweepKey
	frames int
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

func newGeneralization() figure { return &generalizationFig{} }

// overparameterization grid for the simulations: N/P values
var generalizationNP = []float64{1.5, 2, 3, 5, 8}

const generalizationSamples = 3

func (f *generalizationFig) Apply(s state.Settings) {
	f.s = s
	alphaT := s.Alpha / s.AlphaD
	key := generalizationKey{alphaT: state.FormatValue(alphaT, 4), act: s.Act, labels: s.Labels}
	if key != f.key || f.j == nil {
		f.key = key
		if f.th != nil {
			f.th.Close()
		}
		f.th, f.j, f.bErr = nil, nil, ""
		m, err := rfModel(s.Act, s.Labels)
		var th generalizationTheory
		if err == nil {
			th, err = newGeneralizationTheory(m, alphaT)
		}
		if err != nil {
			f.bErr = err.Error()
		} else {
			f.th, f.j = th, stepper.NewJob(th)
		}
	}
	if s.Labels != data.TeacherLabels {
		f.sw, f.swKey = nil, generalizationSweepKey{}
		return
	}
	swKey := generalizationSweepKey{theory: key, n: simN(s), seed: s.Seed}
	if swKey != f.swKey || f.sw == nil {
		f.swKey = swKey
		var pts []instance
		for _, np := range generalizationNP {
			a := 1 / np
			pts = append(pts, instance{n: swKey.n, alpha: a, alphaD: a / alphaT, act: s.Act, labels: data.TeacherLabels,
				algo: simAlgo, seed: s.Seed, testExamples: 1000})
		}
		f.sw = newSweep(pts, generalizationSamples)
	}
}

func (f *generalizationFig) Step(b time.Duration) {
	start := time.Now()
	tb := b
	if f.sw != nil && !f.sw.done() && f.j.Busy() {
		tb = b * 6 / 10
	}
	f.j.Step(tb)
	if left := b - time.Since(start); left > 0 && f.sw != nil && !f.sw.done() {
		f.sw.Step(left)
	}
}

func (f *generalizationFig) Progress() float64 {
	sw := 1.0
	if f.sw != nil {
		sw = f.sw.Progress()
	}
	return 0.5*f.j.Progress() + 0.5*sw
}
func (f *generalizationFig) Busy() bool { return f.j.Busy() || (f.sw != nil && !f.sw.done()) }
func (f *generalizationFig) Ready() bool {
	if f.frames == 0 {
		return false
	}
	if f.bErr != "" || f.j.Done() {
		return true
	}
	if f.th != nil {
		a, _, _, _, _, _ := f.th.Points()
		if len(a) > 0 {
			return true
		}
	}
	return f.sw != nil && f.sw.next > 0
}
func (f *generalizationFig) Err() string {
	if f.bErr != "" {
		return f.bErr
	}
	if e := errText(f.j.Err()); e != "" {
		return e
	}
	if f.sw != nil && f.sw.err != nil {
		return f.sw.err.Error()
	}
	return ""
}
func (f *generalizationFig) Controls() []*control { return nil }
func (f *generalizationFig) Status() map[string]any {
	m := map[string]any{}
	if f.th != nil {
		a, _, _, _, _, _ := f.th.Points()
		m["points"] = len(a)
	}
	if f.sw != nil {
		m["simRuns"] = f.sw.next
		m["simTotal"] = f.sw.total()
	}
	return m
}

func (f *generalizationFig) Draw(dst *ebiten.Image, area state.Rect, in *input) {
	f.frames++
	alphaT := f.s.Alpha / f.s.AlphaD
	var al, et, eb, ef []float64
	var interp, failed []bool
	if f.th != nil {
		al, et, eb, ef, interp, failed = f.th.Points()
	}
	np := make([]float64, len(al))
	for i, a := range al {
		np[i] = 1 / a
	}
	pl := plot{title: fmt.Sprintf("Generalization error vs overparameterization at P/D = %s (%s features, %s labels)",
		state.FormatValue(alphaT, 3), f.s.Act, f.s.Labels),
		xlabel: "N/P = 1/α   (trainable weights per training example; → more overparameterized)",
		ylabel: "generalization error (test error rate)",
		xlo:    0.3, xhi: 10, xlog: true, ylo: 0, yhi: 0.5}
	pl.reserve = 190
	pl.place(area.Inset(0, 0, 0, 16))
	pl.drawFrame(dst)
	// shade the range of N/P without zero-error solutions (above interpolation)
	noSol := 0.0
	for i, ok := range interp {
		if !ok && !failed[i] {
			noSol = math.Max(noSol, np[i])
		}
	}
	if noSol > 0 {
		x1 := pl.X.Px(math.Min(pl.xhi, noSol))
		r := state.Rect{X: pl.inner.X, Y: pl.inner.Y, W: x1 - pl.inner.X, H: pl.inner.H}
		fillRect(dst, r, withAlpha(colMuted, 38))
		drawText(dst, "no zero-error", r.X+6, r.Y+14, 11, colMuted, alignLeft)
		drawText(dst, "solutions", r.X+6, r.Y+28, 11, colMuted, alignLeft)
	}
	pl.curve(dst, np, et, 2.5, pal(4), 0)
	pl.curve(dst, np, eb, 2, pal(0), 6)
	pl.curve(dst, np, ef, 2.5, pal(2), 0)
	leg := []legendEntry{
		{label: "ε_{typical}: a typical (sharp) solution", short: "ε_{typical}", c: pal(4)},
		{label: "ε_{Bayes}: Bayes-optimal (centre of mass)", short: "ε_{Bayes}", c: pal(0), dash: 6},
		{label: "ε_{flat}: flat-minima (maximal-margin) solution", short: "ε_{flat}", c: pal(2)},
	}
	// simulation points: mean test error of solved runs, with min-max bars
	if f.sw != nil {
		for i, pt := range f.sw.points {
			errs := f.sw.testErr[i]
			if len(errs) == 0 {
				continue
			}
			mean, lo, hi := 0.0, 1.0, 0.0
			for _, e := range errs {
				mean += e
				lo, hi = math.Min(lo, e), math.Max(hi, e)
			}
			mean /= float64(len(errs))
			x := pl.X.Px(1 / pt.alpha)
			line(dst, x, pl.Y.Px(lo), x, pl.Y.Px(hi), 1.5, colText)
			pl.markers(dst, []float64{1 / pt.alpha}, []float64{mean}, 4, colText)
		}
		leg = append(leg, legendEntry{label: fmt.Sprintf("CP+R, N=%d: mean test error of solutions (%d seeds, bar = range)", simN(f.s), generalizationSamples),
			short: fmt.Sprintf("CP+R test error, N=%d", simN(f.s)), c: colText, marker: true})
	} else {
		drawText(dst, "random labels: nothing to generalize (choose teacher labels)", pl.inner.X+8, pl.inner.Y+16, 11.5, colMuted, alignLeft)
	}
	// the picked point's overparameterization
	if a := f.s.Alpha; pl.X.Contains(1 / a) {
		x := pl.X.Px(1 / a)
		crispLine(dst, x, pl.inner.Y, x, pl.inner.Y+pl.inner.H, 1, withAlpha(colFocus, 160))
		drawText(dst, "picked point", x+4, pl.inner.Y+pl.inner.H-10, 10.5, colFocus, alignLeft)
	}
	// failed points: a red mark on the axis at each, and the count with the reason below
	var failX []float64
	for i, bad := range failed {
		if bad && pl.X.Contains(np[i]) {
			failX = append(failX, np[i])
			x := pl.X.Px(np[i])
			y := pl.inner.Y + pl.inner.H - 6
			line(dst, x-4, y-4, x+4, y+4, 1.5, colError)
			line(dst, x-4, y+4, x+4, y-4, 1.5, colError)
		}
	}
	if len(failX) > 0 {
		leg = append(leg, legendEntry{label: "× on the axis: theory point not computed (solver failure)", short: "× solver failure", c: colError, marker: true})
	}
	pl.legend(dst, leg, 2)
	msgY := pl.inner.Y + 40
	if f.th != nil {
		noSolN, failN, first := f.th.Failures()
		if noSolN > 0 {
			msgY = drawWrapped(dst, fmt.Sprintf("%d of %d points have no zero-error solutions (α ≥ α_c, shaded): no errors to draw there.", noSolN, len(al)),
				pl.inner.X+8, msgY, pl.inner.W-16, 11.5, colMuted, 2) + 4
		}
		if failN > 0 {
			msgY = drawWrapped(dst, fmt.Sprintf("%d of %d points failed (×): %s", failN, len(al), first),
				pl.inner.X+8, msgY, pl.inner.W-16, 11.5, colError, 4) + 4
		}
	}
	if f.sw != nil {
		if note := f.sw.skippedNote(); note != "" {
			msgY = drawWrapped(dst, note, pl.inner.X+8, msgY, pl.inner.W-16, 11.5, colError, 3) + 4
		}
	}
	if e := f.Err(); e != "" {
		drawWrapped(dst, e, pl.inner.X+8, msgY, pl.inner.W-16, 11.5, colError, 5)
	} else if len(al) == 0 {
		message(dst, pl.inner, "computing the theory curves…")
	}
	if f.Busy() {
		progressBar(dst, state.Rect{X: pl.outer.X + pl.outer.W - 180, Y: pl.outer.Y + 16, W: 170, H: 4}, f.Progress(), "")
	}
	if x, _, ok := pl.hover(dst, in); ok {
		lines := []string{fmt.Sprintf("N/P = %s   (α = %s, α_D = %s)", state.FormatValue(x, 3), state.FormatValue(1/x, 3), state.FormatValue(1/x/alphaT, 3))}
		for _, c := range []struct {
			n string
			y []float64
		}{{"ε_{typical}", et}, {"ε_{Bayes}", eb}, {"ε_{flat}", ef}} {
			if v := interpLog(np, c.y, x); !math.IsNaN(v) {
				lines = append(lines, fmt.Sprintf("%s = %s", c.n, state.FormatValue(v, 3)))
			}
		}
		panelBox(dst, lines, in.mx, in.my, pl.inner)
	}
}

// Animating: nothing moves on its own while the figure computes.
func (f *generalizationFig) Animating() bool { return false }
