package rf

import (
	"fmt"
	"math"
	"time"

	"flatland/sim/detmath"
	"flatland/sim/stepper"
)

// DiagramPoint is one alpha_D of the transition diagram.
type DiagramPoint struct {
	AlphaD  float64
	AlphaC  float64 // interpolation threshold (0 if Err != nil before it was found)
	AlphaLE float64 // local-entropy threshold (0 if Err != nil)
	// AlphaLEWidth is the bracket width of AlphaLE (known to +- half of it).
	AlphaLEWidth float64
	// EpsTypicalAtC is the typical-solution generalization error at alpha_c.
	EpsTypicalAtC float64
	Err           error // per-point failure (the other points still count)
}

// OK reports whether both thresholds of the point were computed.
func (p DiagramPoint) OK() bool { return p.Err == nil && p.AlphaC > 0 && p.AlphaLE > 0 }

// LogGrid returns n log-spaced values from lo to hi inclusive.
func LogGrid(lo, hi float64, n int) []float64 {
	if n == 1 {
		return []float64{lo}
	}
	out := make([]float64, n)
	for i := range out {
		out[i] = lo * pow(hi/lo, float64(i)/float64(n-1))
	}
	out[n-1] = hi
	return out
}

// Diagram computes the transition diagram alpha_c(alpha_D), alpha_LE(alpha_D)
// point by point as a resumable stepper (sim/stepper.Stepper). Each point
// continues from its neighbour (threshold and alpha_LE/alpha_c ratio), so
// the points are computed in grid order; results do not depend on how the
// work is sliced.
type Diagram struct {
	model   Model
	grid    []float64
	points  []DiagramPoint
	current float64 // fraction of the current point done
	co      *stepper.Coroutine
}

// NewDiagram prepares the diagram on n log-spaced alpha_D in [lo, hi]
// (the front end and the stored tables use 24 points on [0.05, 10]).
func NewDiagram(m Model, n int, lo, hi float64) (*Diagram, error) {
	if n < 1 || n > 200 {
		return nil, fmt.Errorf("rf: diagram needs 1..200 points, got %d", n)
	}
	if !(lo > 0) || !(hi >= lo) || math.IsInf(hi, 0) {
		return nil, fmt.Errorf("rf: bad alpha_D range [%g, %g]", lo, hi)
	}
	d := &Diagram{model: m, grid: LogGrid(lo, hi, n)}
	d.co = stepper.NewCoroutine(d.work, nil)
	return d, nil
}

func (d *Diagram) work(tick func()) error {
	m := d.model
	m.tick = tick
	var prevC *Typical
	// alpha_LE/alpha_c of the last two points: the next bracket is centred
	// on their linear extrapolation in ln alpha_D (continuation)
	var ratios, lnADs []float64
	for _, ad := range d.grid {
		d.current = 0
		p := DiagramPoint{AlphaD: ad}
		ac, err := m.interpolationFrom(ad, prevC)
		if err != nil {
			p.Err = err
			d.points = append(d.points, p)
			continue
		}
		prevC = &ac
		p.AlphaC, p.EpsTypicalAtC = ac.Alpha, ac.EpsTypical
		d.current = 0.2
		le, err := m.LocalEntropyThreshold(ad, ac, nextRatio(ratios, lnADs, detmath.Log(ad)))
		if err != nil {
			p.Err = err
		} else {
			p.AlphaLE, p.AlphaLEWidth = le.AlphaLE, le.Width
			ratios = append(ratios, le.AlphaLE/ac.Alpha)
			lnADs = append(lnADs, detmath.Log(ad))
		}
		d.points = append(d.points, p)
	}
	return nil
}

// nextRatio predicts alpha_LE/alpha_c at ln alpha_D = x from the ratios of
// the points done so far: 0 (no guess) without any, the last one with one,
// the line through the last two beyond (kept within 0.02 of the last
// ratio: the stored diagrams' neighbours differ by at most 0.0092).
func nextRatio(ratios, xs []float64, x float64) float64 {
	n := len(ratios)
	switch n {
	case 0:
		return 0
	case 1:
		return ratios[0]
	}
	r1, r2 := ratios[n-2], ratios[n-1]
	r := r2
	if dx := xs[n-1] - xs[n-2]; dx > 0 {
		r = r2 + (r2-r1)*(x-xs[n-1])/dx
	}
	return math.Max(r2-0.02, math.Min(r2+0.02, r))
}

// Step advances the computation by about budget (sim/stepper.Stepper).
func (d *Diagram) Step(budget time.Duration) (bool, error) { return d.co.Step(budget) }

// Progress is the fraction of points done (0..1).
func (d *Diagram) Progress() float64 {
	if d.co.Done() {
		return 1
	}
	return (float64(len(d.points)) + d.current) / float64(len(d.grid))
}

// Points returns a copy of the points computed so far, in grid order.
func (d *Diagram) Points() []DiagramPoint { return append([]DiagramPoint(nil), d.points...) }

// Grid returns the alpha_D grid.
func (d *Diagram) Grid() []float64 { return append([]float64(nil), d.grid...) }

// Close releases an unfinished computation.
func (d *Diagram) Close() { d.co.Close() }

// OverparamPoint places a threshold in the reader's coordinates: at a fixed
// ratio alpha_T = P/D, the threshold happens at overparameterization N/P.
type OverparamPoint struct {
	AlphaT float64 // P/D = alpha/alpha_D
	NOverP float64 // N/P = 1/alpha
}

// Overparameterization maps diagram points (alpha_D, alpha_c), (alpha_D,
// alpha_LE) to (alpha_T, N/P): the interpolation curve N/P = 1/alpha_c at
// alpha_T = alpha_c/alpha_D, and the same for alpha_LE. Along a line of fixed
// alpha_T, growing N moves toward larger N/P: a network first becomes able to
// interpolate (crossing the first curve), and only at larger N/P do wide
// flat minima appear (crossing the second).
func Overparameterization(points []DiagramPoint) (interp, le []OverparamPoint) {
	for _, p := range points {
		if p.AlphaC > 0 {
			interp = append(interp, OverparamPoint{AlphaT: p.AlphaC / p.AlphaD, NOverP: 1 / p.AlphaC})
		}
		if p.AlphaLE > 0 {
			le = append(le, OverparamPoint{AlphaT: p.AlphaLE / p.AlphaD, NOverP: 1 / p.AlphaLE})
		}
	}
	return interp, le
}

// EntropyCurves computes, at one (alpha, alpha_D), the Franz-Parisi local
// entropy around a typical solution (kappa_r = 0) and around the maximal-
// margin flat-minima reference (kappa_r = kappa_max), from each reference's
// own distance down to DMin, as a stepper (one curve takes 0.1-2 s).
type EntropyCurves struct {
	model         Model
	alpha, alphaD float64
	dMin          float64
	typ, flat     []LocalEntropyPoint
	flatKappa     float64
	nonMonotone   bool
	typErr        error
	phase         int
	co            *stepper.Coroutine
}

// NewEntropyCurves prepares both curves; dMin is the smallest distance.
func NewEntropyCurves(m Model, alpha, alphaD, dMin float64) (*EntropyCurves, error) {
	if !(alpha > 0) || !(alphaD > 0) || !(dMin > 0 && dMin < 0.2) {
		return nil, fmt.Errorf("rf: bad local-entropy parameters alpha=%g alpha_D=%g d_min=%g", alpha, alphaD, dMin)
	}
	e := &EntropyCurves{model: m, alpha: alpha, alphaD: alphaD, dMin: dMin}
	e.co = stepper.NewCoroutine(e.work, nil)
	return e, nil
}

func (e *EntropyCurves) work(tick func()) error {
	m := e.model
	m.tick = tick
	m.Kappa = 0
	// typical reference: kappa_r = kappa = 0
	typ, err := m.SolveTypical(e.alpha, e.alphaD, nil)
	if err != nil || typ.Phi <= 0 {
		// past alpha_c the continuation in alpha may break down before phi
		// turns negative: the threshold itself decides
		if ac, errC := m.InterpolationThreshold(e.alphaD); errC == nil && e.alpha >= ac.Alpha {
			return fmt.Errorf("rf: alpha = %g, alpha_D = %g: %w = %.4g; the local entropy needs a reference solution", e.alpha, e.alphaD, ErrAboveInterpolation, ac.Alpha)
		}
		if err == nil {
			err = &NotConvergedError{What: "typical saddle (phi <= 0 below alpha_c)", Point: m.point(e.alpha, e.alphaD)}
		}
		return err
	}
	w := newFPWalker(newFPSystem(m, e.alpha, e.alphaD, Reference{Kappa: 0, Typ: typ}), e.dMin, 0.05)
	w.startOffset = 0.02
	for w.next() {
		e.typ = append([]LocalEntropyPoint(nil), w.points...)
	}
	e.typErr = w.err // the typical curve often ends early (isolated solutions)
	e.phase = 1
	ref, err := m.MaxMarginReference(e.alpha, e.alphaD)
	if err != nil {
		return err
	}
	e.flatKappa = ref.Kappa
	w = newFPWalker(newFPSystem(m, e.alpha, e.alphaD, ref), e.dMin, 0.05)
	for w.next() {
		e.flat = append([]LocalEntropyPoint(nil), w.points...)
		e.nonMonotone = w.nonMonotone
	}
	e.phase = 2
	if w.err != nil && !w.nonMonotone {
		return w.err
	}
	return nil
}

// Step advances the computation by about budget.
func (e *EntropyCurves) Step(budget time.Duration) (bool, error) { return e.co.Step(budget) }

// Progress is 0..1 (half per curve, by distance covered).
func (e *EntropyCurves) Progress() float64 {
	if e.co.Done() {
		return 1
	}
	frac := func(c []LocalEntropyPoint) float64 {
		if len(c) == 0 {
			return 0
		}
		d0, d := c[0].D, c[len(c)-1].D
		if d0 <= e.dMin {
			return 1
		}
		return math.Min(1, detmath.Log(d0/d)/detmath.Log(d0/e.dMin))
	}
	if e.phase == 0 {
		return 0.5 * frac(e.typ)
	}
	return 0.5 + 0.5*frac(e.flat)
}

// Typical returns the typical-reference curve computed so far.
func (e *EntropyCurves) Typical() []LocalEntropyPoint {
	return append([]LocalEntropyPoint(nil), e.typ...)
}

// TypicalErr is why the typical-reference curve stopped early (nil if not).
func (e *EntropyCurves) TypicalErr() error { return e.typErr }

// Flat returns the flat-minima-reference curve computed so far, its
// reference margin kappa_max and the monotonicity verdict so far.
func (e *EntropyCurves) Flat() (curve []LocalEntropyPoint, kappaMax float64, nonMonotone bool) {
	return append([]LocalEntropyPoint(nil), e.flat...), e.flatKappa, e.nonMonotone
}

// Close releases an unfinished computation.
func (e *EntropyCurves) Close() { e.co.Close() }

// GenPoint is one point of the generalization curve at fixed alpha_T.
// A value that was not computed is NaN (never 0), and Reason says why.
type GenPoint struct {
	NOverP        float64 // overparameterization N/P = 1/alpha
	Alpha, AlphaD float64
	// AlphaC is the interpolation threshold at AlphaD (NaN if it failed).
	AlphaC float64
	// Interpolating is false above the interpolation threshold (no
	// zero-error solutions: the errors below are then not defined, NaN).
	Interpolating bool
	EpsTypical    float64 // typical zero-error solution
	EpsBayes      float64 // Bayes (centre of mass of the solutions)
	EpsFlat       float64 // maximal-margin (flat-minima) reference
	KappaMax      float64
	// Reason is empty when every value was computed; otherwise it says why
	// some are NaN: "no zero-error solutions ..." (physics, with Err nil)
	// or the solver failure (Err not nil).
	Reason string
	Err    error
}

// Generalization computes eps_typical, eps_Bayes and the flat reference's
// error versus N/P at fixed alpha_T = P/D, as a stepper.
type Generalization struct {
	model  Model
	alphaT float64
	grid   []float64
	points []GenPoint
	co     *stepper.Coroutine
}

// NewGeneralization prepares the curve on the given N/P values.
func NewGeneralization(m Model, alphaT float64, nOverP []float64) (*Generalization, error) {
	if !(alphaT > 0) || math.IsInf(alphaT, 0) || len(nOverP) == 0 {
		return nil, fmt.Errorf("rf: bad generalization parameters alpha_T=%g (%d points)", alphaT, len(nOverP))
	}
	for _, x := range nOverP {
		if !(x > 0) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("rf: N/P must be positive, got %g", x)
		}
	}
	g := &Generalization{model: m, alphaT: alphaT, grid: append([]float64(nil), nOverP...)}
	g.co = stepper.NewCoroutine(g.work, nil)
	return g, nil
}

func (g *Generalization) work(tick func()) error {
	m := g.model
	m.tick = tick
	m.Kappa = 0
	for _, x := range g.grid {
		g.points = append(g.points, m.genPoint(1/x, g.alphaT))
	}
	return nil
}

// genPoint computes one point of the generalization curve at alpha.
func (m Model) genPoint(alpha, alphaT float64) GenPoint {
	nan := math.NaN()
	p := GenPoint{NOverP: 1 / alpha, Alpha: alpha, AlphaD: alpha / alphaT, AlphaC: nan,
		EpsTypical: nan, EpsBayes: nan, EpsFlat: nan, KappaMax: nan}
	fail := func(what string, err error) GenPoint {
		p.Err = err
		p.Reason = fmt.Sprintf("solver failure (%s): %v", what, err)
		return p
	}
	// above alpha_c there are no solutions (and the RS saddle may not be
	// reachable by continuation): decide with the threshold first
	ac, err := m.InterpolationThreshold(p.AlphaD)
	if err != nil {
		return fail("interpolation threshold", err)
	}
	p.AlphaC = ac.Alpha
	if p.Alpha >= ac.Alpha {
		p.Reason = fmt.Sprintf("no zero-error solutions: alpha = %.4g >= alpha_c = %.4g at alpha_D = %.4g", p.Alpha, ac.Alpha, p.AlphaD)
		return p
	}
	t, err := m.SolveTypical(p.Alpha, p.AlphaD, nil)
	if err != nil {
		return fail("typical saddle", err)
	}
	if t.Phi <= 0 {
		p.Reason = fmt.Sprintf("no zero-error solutions: phi = %.3g <= 0 at alpha = %.4g, alpha_D = %.4g", t.Phi, p.Alpha, p.AlphaD)
		return p
	}
	p.Interpolating = true
	p.EpsTypical, p.EpsBayes = t.EpsTypical, t.EpsBayes
	ref, err := m.MaxMarginReference(p.Alpha, p.AlphaD)
	if err != nil {
		return fail("maximal-margin reference", err)
	}
	p.KappaMax, p.EpsFlat = ref.Kappa, ref.Typ.EpsTypical
	return p
}

// Step advances the computation by about budget.
func (g *Generalization) Step(budget time.Duration) (bool, error) { return g.co.Step(budget) }

// Progress is the fraction of points done.
func (g *Generalization) Progress() float64 {
	if g.co.Done() {
		return 1
	}
	return float64(len(g.points)) / float64(len(g.grid))
}

// Points returns a copy of the points computed so far.
func (g *Generalization) Points() []GenPoint { return append([]GenPoint(nil), g.points...) }

// Close releases an unfinished computation.
func (g *Generalization) Close() { g.co.Close() }

// CrossingsAt reads the diagram along a line of fixed alpha_T = P/D: it
// returns the overparameterization N/P at which the line crosses the
// interpolation curve and the local-entropy curve (linear interpolation in
// alpha_D between grid points). ok is false if the line does not cross a
// curve inside the computed alpha_D range. Growing N at fixed P and D moves
// along the line toward small alpha, so N/P_LE > N/P_c: more weights are
// needed for wide flat minima than for interpolation.
func CrossingsAt(points []DiagramPoint, alphaT float64) (nOverPc, nOverPle float64, okC, okLE bool) {
	cross := func(get func(DiagramPoint) float64) (float64, bool) {
		for i := 0; i+1 < len(points); i++ {
			a, b := points[i], points[i+1]
			ya, yb := get(a), get(b)
			if ya <= 0 || yb <= 0 {
				continue
			}
			fa, fb := ya-alphaT*a.AlphaD, yb-alphaT*b.AlphaD
			if fa == 0 {
				return 1 / ya, true
			}
			if fa*fb < 0 {
				t := fa / (fa - fb)
				ad := a.AlphaD + t*(b.AlphaD-a.AlphaD)
				return 1 / (alphaT * ad), true
			}
		}
		return 0, false
	}
	nOverPc, okC = cross(func(p DiagramPoint) float64 { return p.AlphaC })
	nOverPle, okLE = cross(func(p DiagramPoint) float64 { return p.AlphaLE })
	return
}
