package rf

import (
	"fmt"
	"math"
	"time"

	"flatland/sim/detmath"
	"flatland/sim/stepper"
)

// LocalEntropyCurve computes the Franz-Parisi local entropy S_FP(d) around a
// reference drawn from ref (constrained solutions have margin m.Kappa), from
// the reference's own distance d0 = (1 - q0)/2 down to dMin, and reports
// whether the curve is non-monotone in d (eq. (21)). With stopEarly the
// walk ends as soon as non-monotonicity is seen.
func (m Model) LocalEntropyCurve(alpha, alphaD float64, ref Reference, dMin float64, stopEarly bool) ([]LocalEntropyPoint, bool, error) {
	if !(dMin > 0 && dMin < 0.5) {
		return nil, false, fmt.Errorf("rf: d_min must be in (0, 0.5), got %g", dMin)
	}
	w := newFPWalker(newFPSystem(m, alpha, alphaD, ref), dMin, 0.05)
	w.stopWhenHugging = stopEarly
	for w.next() {
		if stopEarly && w.nonMonotone {
			break
		}
	}
	if w.err != nil && !w.nonMonotone {
		return w.points, false, w.err
	}
	return w.points, w.nonMonotone, nil
}

// FlatLocalEntropy is S_FP(d) around the maximal-margin (flat-minima)
// reference at (alpha, alpha_D); nonMonotone reports the verdict of eq. (21).
// A function, not a method: the page module would keep an unused exported
// method of Model.
func FlatLocalEntropy(m Model, alpha, alphaD, dMin float64) (ref Reference, curve []LocalEntropyPoint, nonMonotone bool, err error) {
	ref, err = m.MaxMarginReference(alpha, alphaD)
	if err != nil {
		return ref, nil, false, err
	}
	c := m
	c.Kappa = 0
	curve, nonMonotone, err = c.LocalEntropyCurve(alpha, alphaD, ref, dMin, false)
	return ref, curve, nonMonotone, err
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
			err = notConverged("typical saddle (phi <= 0 below alpha_c)", m.point(e.alpha, e.alphaD), 0)
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
