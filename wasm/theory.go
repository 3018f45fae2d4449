//go:build js && wasm

package main

import (
	"fmt"
	"math"
	"time"

	"flatland/sim/data"
	"flatland/sim/replica/rf"
	"flatland/wasm/workjob"
)

// Bridges to sim/replica/rf. Each returns a stepper with a snapshot of its
// points so far.

// diagramTheory computes alpha_c and alpha_LE over a grid of alpha_D.
type diagramTheory interface {
	Step(budget time.Duration) (bool, error)
	Progress() float64
	Points() (alphaD, alphaC, alphaLE []float64)
}

// rfModel is the theory's model for the settings' activation and labels
// (one definition shared by data and theory: sim/activation, sim/labels).
func rfModel(act data.Activation, labels data.Labels) (rf.Model, error) {
	if !act.Valid() || !labels.Valid() {
		return rf.Model{}, fmt.Errorf("no theory for the activation %v with %v labels", act, labels)
	}
	return rf.Model{Act: act, Labels: labels}, nil
}

// diagramPoints is the number of alpha_D points of the diagram (log-spaced on [0.05, 10]).
const diagramPoints = 24

type rfDiagram struct{ *rf.Diagram }

// newDiagramTheory computes the diagram in the pool's workers when there
// is a pool, else on the page; either way every point is solved on its own
// (rf.NewIndependentDiagram), so the numbers do not depend on the number of
// workers and equal `flatland rf diagram`'s.
func newDiagramTheory(m rf.Model) (diagramTheory, error) {
	if poolSize() > 0 {
		if d, err := newPoolDiagram(m); err == nil {
			return d, nil
		}
	}
	return newPageDiagram(m)
}

// newPageDiagram computes the diagram on the page, point after point, in
// frame budgets.
func newPageDiagram(m rf.Model) (diagramTheory, error) {
	d, err := rf.NewIndependentDiagram(m, diagramPoints, diagramAlphaDMin, diagramAlphaDMax)
	if err != nil {
		return nil, err
	}
	return rfDiagram{d}, nil
}

// The diagram's alpha_D range (the stored tables' grid).
const (
	diagramAlphaDMin = 0.05
	diagramAlphaDMax = 10
)

// Points returns the points so far; a threshold that failed is NaN (its
// error is reported by Failures).
func (d rfDiagram) Points() (ad, ac, ale []float64) { return diagramCurvesOf(d.Diagram.Points()) }

// Failures describes points whose thresholds could not be computed.
func (d rfDiagram) Failures() string { return diagramFailures(d.Diagram.Points()) }

func diagramCurvesOf(pts []rf.DiagramPoint) (ad, ac, ale []float64) {
	for _, p := range pts {
		ad = append(ad, p.AlphaD)
		c, l := math.NaN(), math.NaN()
		if p.AlphaC > 0 {
			c = p.AlphaC
		}
		if p.AlphaLE > 0 && p.Err == nil {
			l = p.AlphaLE
		}
		ac, ale = append(ac, c), append(ale, l)
	}
	return
}

func diagramFailures(pts []rf.DiagramPoint) string {
	n, first := 0, ""
	for _, p := range pts {
		if p.Err != nil {
			if n == 0 {
				first = p.Err.Error()
			}
			n++
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%d of %d points not converged (first: %s)", n, diagramPoints, first)
}

// poolDiagram is the diagram computed by the worker pool, one job per
// alpha_D; points arrive in any order and are shown in grid order, up to
// the first one still missing. Should the pool fail, it computes the
// diagram on the page from the start.
type poolDiagram struct {
	model   rf.Model
	grid    []float64
	got     []*rf.DiagramPoint
	ids     []int
	results int
	page    diagramTheory // the page's computation once the pool failed
}

func newPoolDiagram(m rf.Model) (*poolDiagram, error) {
	d := &poolDiagram{model: m, grid: rf.LogGrid(diagramAlphaDMin, diagramAlphaDMax, diagramPoints)}
	d.got = make([]*rf.DiagramPoint, len(d.grid))
	for i, ad := range d.grid {
		guess := rf.DiagramGuess(m, diagramPoints, diagramAlphaDMin, diagramAlphaDMax, i)
		job := workjob.Job{Kind: workjob.KindDiagramPoint, Diagram: &workjob.DiagramPointJob{
			Act: m.Act.String(), Labels: m.Labels.String(), AlphaD: ad, Guess: guess}}
		id, err := poolSubmit(job, func(r workjob.Reply) { d.receive(i, r) })
		if err != nil {
			d.Close()
			return nil, err
		}
		d.ids = append(d.ids, id)
	}
	return d, nil
}

func (d *poolDiagram) receive(i int, r workjob.Reply) {
	switch r.Type {
	case workjob.ReplyResult:
		if r.Diagram == nil {
			r.Error = "the worker sent no diagram point"
			break
		}
		p := r.Diagram.Point()
		d.got[i], d.results = &p, d.results+1
		return
	case workjob.ReplyUnavailable:
		d.fallBack()
		return
	case workjob.ReplyProgress:
		return
	}
	d.got[i] = &rf.DiagramPoint{AlphaD: d.grid[i], Err: fmt.Errorf("%s", r.Error)}
}

// fallBack abandons the pool and computes on the page.
func (d *poolDiagram) fallBack() {
	if d.page != nil {
		return
	}
	d.Close()
	page, err := newPageDiagram(d.model)
	if err != nil {
		page = nil
	}
	d.page = page
}

func (d *poolDiagram) Step(budget time.Duration) (bool, error) {
	pollPool()
	if d.page != nil {
		return d.page.Step(budget)
	}
	for _, p := range d.got {
		if p == nil {
			return false, nil
		}
	}
	return true, nil
}

func (d *poolDiagram) Progress() float64 {
	if d.page != nil {
		return d.page.Progress()
	}
	return float64(d.done()) / float64(len(d.grid))
}

func (d *poolDiagram) done() int {
	n := 0
	for _, p := range d.got {
		if p != nil {
			n++
		}
	}
	return n
}

// arrived are the points in grid order up to the first missing one.
func (d *poolDiagram) arrived() []rf.DiagramPoint {
	var pts []rf.DiagramPoint
	for _, p := range d.got {
		if p == nil {
			break
		}
		pts = append(pts, *p)
	}
	return pts
}

func (d *poolDiagram) Points() (ad, ac, ale []float64) {
	if d.page != nil {
		return d.page.Points()
	}
	return diagramCurvesOf(d.arrived())
}

func (d *poolDiagram) Failures() string {
	if f, ok := d.page.(interface{ Failures() string }); ok {
		return f.Failures()
	}
	return diagramFailures(d.arrived())
}

// Workers is the number of workers computing the diagram (0 on the page)
// and the results they delivered.
func (d *poolDiagram) Workers() (workers, results int) {
	if d.page != nil {
		return 0, d.results
	}
	return poolSize(), d.results
}

// Close drops the points not computed yet.
func (d *poolDiagram) Close() {
	for i, id := range d.ids {
		if d.got[i] == nil {
			poolCancel(id)
		}
	}
	d.ids = nil
	if c, ok := d.page.(interface{ Close() }); ok {
		c.Close()
	}
}

// curveData is one curve: x values d and y values.
type curveData struct{ d, y []float64 }

// entropyTheory computes the local-entropy curves at one point.
type entropyTheory interface {
	Step(budget time.Duration) (bool, error)
	Progress() float64
	Curves() entropyCurves
	Note() string // e.g. "flat-minima curve non-monotone: dense region broken up"
	Close()
}

// entropyCurves are the figure's three curves: Franz-Parisi around a
// typical and a flat-minima reference, and the dense-region curve.
type entropyCurves struct{ typical, flat, dense curveData }

func (c entropyCurves) all() []curveData { return []curveData{c.typical, c.flat, c.dense} }

func (c entropyCurves) points() int { return len(c.typical.d) + len(c.flat.d) + len(c.dense.d) }

// rfEntropy computes the Franz-Parisi curves first (they carry the figure's
// verdict), then the dense-region curve in the remaining budgets.
type rfEntropy struct {
	*rf.EntropyCurves
	dense    *rf.DenseCurve
	denseErr error // the dense-region curve could not be computed (the others still show)
	fpDone   bool
}

// entropySmallestD is the smallest distance of the curves (rf local-entropy's -d-min).
const entropySmallestD = 0.004

// entropyDensePoints are the steps of the dense-region curve from its top to
// entropySmallestD (rf local-entropy's -dense-points).
const entropyDensePoints = 30

func newEntropyTheory(m rf.Model, alpha, alphaD float64) (entropyTheory, error) {
	e, err := rf.NewEntropyCurves(m, alpha, alphaD, entropySmallestD)
	if err != nil {
		return nil, err
	}
	t := &rfEntropy{EntropyCurves: e}
	t.dense, t.denseErr = rf.NewDenseCurve(m, alpha, alphaD, entropySmallestD, entropyDensePoints)
	return t, nil
}

func (e *rfEntropy) Step(budget time.Duration) (bool, error) {
	start := time.Now()
	if !e.fpDone {
		done, err := e.EntropyCurves.Step(budget)
		if err != nil || !done {
			return done, err
		}
		e.fpDone = true
	}
	if e.dense == nil || e.denseErr != nil {
		return true, nil
	}
	left := budget - time.Since(start)
	if left <= 0 {
		return false, nil
	}
	done, err := e.dense.Step(left)
	if err != nil {
		e.denseErr = err // a note, not the figure's error: the Franz-Parisi curves stand
		return true, nil
	}
	return done, nil
}

// Progress: the Franz-Parisi curves are two thirds of the work.
func (e *rfEntropy) Progress() float64 {
	p := 2 * e.EntropyCurves.Progress() / 3
	switch {
	case !e.fpDone:
	case e.dense == nil || e.denseErr != nil:
		p = 1
	default:
		p = 2.0/3 + e.dense.Progress()/3
	}
	return p
}

func (e *rfEntropy) Close() {
	e.EntropyCurves.Close()
	if e.dense != nil {
		e.dense.Close()
	}
}

func toCurve(ps []rf.LocalEntropyPoint) curveData {
	var c curveData
	for _, p := range ps {
		c.d, c.y = append(c.d, p.D), append(c.y, p.Entropy)
	}
	return c
}

func (e *rfEntropy) Curves() entropyCurves {
	f, _, _ := e.Flat()
	c := entropyCurves{typical: toCurve(e.Typical()), flat: toCurve(f)}
	if e.dense != nil {
		for _, p := range e.dense.Points() {
			c.dense.d, c.dense.y = append(c.dense.d, p.D), append(c.dense.y, p.S)
		}
	}
	return c
}

func (e *rfEntropy) Note() string {
	f, kappa, non := e.Flat()
	note := ""
	switch {
	case len(f) == 0:
	case non:
		note = fmt.Sprintf("flat-minima curve (κ_{max} = %.3f) is non-monotone in d: the dense region has broken up (α above α_{LE})", kappa)
	case e.EntropyCurves.Progress() >= 1:
		note = fmt.Sprintf("flat-minima curve (κ_{max} = %.3f) is monotone: a dense flat region surrounds it (α below α_{LE})", kappa)
	}
	if t := e.Typical(); e.TypicalErr() != nil && len(t) > 0 {
		note += fmt.Sprintf(". The typical-reference curve stops at d = %.3g (its continuation ended there)", t[len(t)-1].D)
	}
	switch {
	case e.denseErr != nil:
		note += ". The dense-region curve could not be computed here: " + e.denseErr.Error()
	case e.dense == nil || !e.fpDone:
	case e.dense.NonMonotone() || e.dense.EndErr() != nil:
		note += ". The dense-region curve dips or ends before small d: even the densest region has broken up (α above α_{LD})"
	case e.dense.Progress() >= 1:
		note += ". The dense-region curve rises monotonically to H2(d) at small d (α below α_{LD})"
	}
	return note
}

// generalizationTheory computes eps_typical, eps_bayes, eps_flat over alpha at fixed alpha_T = P/D.
type generalizationTheory interface {
	Step(budget time.Duration) (bool, error)
	Progress() float64
	// Points: NaN errors where a point has no value; a solver failure has
	// interpolating false and failed true.
	Points() (alpha, epsTypical, epsBayes, epsFlat []float64, interpolating, failed []bool)
	// Failures counts the points so far without zero-error solutions and
	// those where the solver failed, with the first failure's reason.
	Failures() (noSolutions, failed int, firstFailure string)
	Close()
}

type rfGeneralization struct{ *rf.Generalization }

// The generalization theory's N/P grid: log-spaced, as rf generalization's
// -n-over-p-min, -n-over-p-max and -points.
const (
	generalizationGridMin    = 0.35
	generalizationGridMax    = 10.0
	generalizationGridPoints = 16
)

func newGeneralizationTheory(m rf.Model, alphaT float64) (generalizationTheory, error) {
	// from the most overparameterized end down, so the curves grow from where solutions exist
	grid := rf.LogGrid(generalizationGridMin, generalizationGridMax, generalizationGridPoints)
	for i, j := 0, len(grid)-1; i < j; i, j = i+1, j-1 {
		grid[i], grid[j] = grid[j], grid[i]
	}
	g, err := rf.NewGeneralization(m, alphaT, grid)
	if err != nil {
		return nil, err
	}
	return rfGeneralization{g}, nil
}

// Points returns alpha = 1/(N/P) and the three errors (NaN where there are
// no zero-error solutions or the point did not converge).
func (g rfGeneralization) Points() (alpha, et, eb, ef []float64, interp, failed []bool) {
	for _, p := range g.Generalization.Points() {
		alpha = append(alpha, p.Alpha)
		interp = append(interp, p.Interpolating)
		failed = append(failed, p.Err != nil)
		t, b, f := math.NaN(), math.NaN(), math.NaN()
		if p.Interpolating {
			t, b = p.EpsTypical, p.EpsBayes
			if p.Err == nil {
				f = p.EpsFlat
			}
		}
		et, eb, ef = append(et, t), append(eb, b), append(ef, f)
	}
	return
}

func (g rfGeneralization) Failures() (noSolutions, failed int, first string) {
	for _, p := range g.Generalization.Points() {
		switch {
		case p.Err != nil:
			if failed == 0 {
				first = p.Reason
			}
			failed++
		case !p.Interpolating:
			noSolutions++
		}
	}
	return
}
