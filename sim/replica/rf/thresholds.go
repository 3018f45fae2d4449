package rf

import (
	"fmt"
	"math"
)

// InterpolationThreshold returns alpha_c(alpha_D), the load where the typical
// free entropy phi vanishes (eq. (11)): below it zero-error solutions
// exist (SAT), above it they do not. It continues the typical saddle point
// in alpha from alpha -> 0 (so it stays on the branch connected to the
// trivial solution), brackets the sign change of phi and refines it by the
// Illinois variant of regula falsi to |phi| < 1e-10. The returned Typical is
// the saddle point at alpha_c.
func (m Model) InterpolationThreshold(alphaD float64) (Typical, error) {
	return m.interpolationFrom(alphaD, nil)
}

// interpolationFrom starts the continuation from a previous solution
// (e.g. the threshold at a neighbouring alpha_D) when start is not nil.
func (m Model) interpolationFrom(alphaD float64, start *Typical) (Typical, error) {
	if !(alphaD > 0) || math.IsInf(alphaD, 0) {
		return Typical{}, fmt.Errorf("rf: alpha_D must be positive and finite (got %g)", alphaD)
	}
	if err := m.check(); err != nil {
		return Typical{}, err
	}
	var lo Typical
	var err error
	a := 0.05
	if start != nil && start.Alpha > 0 {
		// back off from the neighbour's threshold and re-solve there
		a = 0.9 * start.Alpha
		lo, err = m.SolveTypical(a, alphaD, start)
		if err != nil || lo.Phi <= 0 {
			a = 0.05
			lo, err = m.SolveTypical(a, alphaD, nil)
		}
	} else {
		lo, err = m.SolveTypical(a, alphaD, nil)
	}
	if err != nil {
		return Typical{}, err
	}
	if lo.Phi <= 0 {
		return Typical{}, &NotConvergedError{What: "interpolation threshold (phi <= 0 already at the start)", Point: m.point(a, alphaD)}
	}
	// march up until phi < 0
	var hi Typical
	for {
		step := math.Max(0.02, 0.08*lo.Alpha)
		if lo.Phi < 0.05 {
			step = math.Max(0.005, math.Min(step, 1.5*lo.Phi))
		}
		next := lo.Alpha + step
		if next > 200 {
			return Typical{}, &NotConvergedError{What: "interpolation threshold (no sign change of phi up to alpha=200)", Point: m.point(next, alphaD)}
		}
		t, err := m.SolveTypical(next, alphaD, &lo)
		if err != nil {
			return Typical{}, err
		}
		if t.Phi < 0 {
			hi = t
			break
		}
		lo = t
	}
	return m.refinePhiRoot(alphaD, lo, hi)
}

// refinePhiRoot finds phi(alpha) = 0 between lo (phi > 0) and hi (phi < 0).
func (m Model) refinePhiRoot(alphaD float64, lo, hi Typical) (Typical, error) {
	flo, fhi := lo.Phi, hi.Phi
	side := 0
	for it := 0; it < 60; it++ {
		a := (lo.Alpha*fhi - hi.Alpha*flo) / (fhi - flo)
		if !(a > lo.Alpha && a < hi.Alpha) {
			a = 0.5 * (lo.Alpha + hi.Alpha)
		}
		init := lo
		if a-lo.Alpha > hi.Alpha-a {
			init = hi
		}
		t, err := m.SolveTypical(a, alphaD, &init)
		if err != nil {
			return Typical{}, err
		}
		if math.Abs(t.Phi) < 1e-10 || hi.Alpha-lo.Alpha < 1e-10 {
			return t, nil
		}
		if t.Phi > 0 {
			lo, flo = t, t.Phi
			if side == 1 {
				fhi *= 0.5
			}
			side = 1
		} else {
			hi, fhi = t, t.Phi
			if side == -1 {
				flo *= 0.5
			}
			side = -1
		}
	}
	return Typical{}, &NotConvergedError{What: "interpolation threshold refinement", Point: m.point(0.5*(lo.Alpha+hi.Alpha), alphaD)}
}

// MaxMarginReference returns the flat-minima reference ensemble at
// (alpha, alpha_D): solutions with the largest margin kappa_max for which
// they still exist, i.e. phi(alpha, alpha_D; kappa_max) = 0 (eq. (11) with
// kappa). Only defined for alpha < alpha_c (kappa_max > 0).
func (m Model) MaxMarginReference(alpha, alphaD float64) (Reference, error) {
	mk := m
	mk.Kappa = 0
	lo, err := mk.SolveTypical(alpha, alphaD, nil)
	if err != nil {
		return Reference{}, err
	}
	if lo.Phi <= 0 {
		return Reference{}, fmt.Errorf("rf: no positive-margin reference at %s: alpha is above the interpolation threshold", m.point(alpha, alphaD))
	}
	klo, khi := 0.0, 0.0
	var hi Typical
	step := 0.1
	for {
		k := klo + step
		mk.Kappa = k
		t, err := mk.SolveTypical(alpha, alphaD, &lo)
		if err != nil {
			step *= 0.5
			if step < 1e-4 {
				return Reference{}, err
			}
			continue
		}
		if t.Phi < 0 {
			khi, hi = k, t
			break
		}
		klo, lo = k, t
		if t.Phi < 0.05 {
			step = math.Max(0.01, math.Min(step, 0.5*t.Phi))
		}
		if k > 20 {
			return Reference{}, &NotConvergedError{What: "maximal margin (no sign change)", Point: m.point(alpha, alphaD)}
		}
	}
	return m.refineMaxMargin(alpha, alphaD, klo, khi, lo, hi)
}

// refineMaxMargin finds phi(kappa) = 0 between klo (phi > 0) and khi
// (phi < 0) by the Illinois variant of regula falsi.
func (m Model) refineMaxMargin(alpha, alphaD, klo, khi float64, lo, hi Typical) (Reference, error) {
	mk := m
	flo, fhi := lo.Phi, hi.Phi
	side := 0
	for it := 0; it < 80; it++ {
		k := (klo*fhi - khi*flo) / (fhi - flo)
		if !(k > klo && k < khi) {
			k = 0.5 * (klo + khi)
		}
		mk.Kappa = k
		init := lo
		if k-klo > khi-k {
			init = hi
		}
		t, err := mk.SolveTypical(alpha, alphaD, &init)
		if err != nil {
			return Reference{}, err
		}
		if math.Abs(t.Phi) < 1e-10 || khi-klo < 1e-11 {
			return Reference{Kappa: k, Typ: t}, nil
		}
		if t.Phi > 0 {
			klo, lo, flo = k, t, t.Phi
			if side == 1 {
				fhi *= 0.5
			}
			side = 1
		} else {
			khi, hi, fhi = k, t, t.Phi
			if side == -1 {
				flo *= 0.5
			}
			side = -1
		}
	}
	return Reference{}, &NotConvergedError{What: "maximal margin refinement", Point: m.point(alpha, alphaD)}
}

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
func (m Model) FlatLocalEntropy(alpha, alphaD, dMin float64) (ref Reference, curve []LocalEntropyPoint, nonMonotone bool, err error) {
	ref, err = m.MaxMarginReference(alpha, alphaD)
	if err != nil {
		return ref, nil, false, err
	}
	c := m
	c.Kappa = 0
	curve, nonMonotone, err = c.LocalEntropyCurve(alpha, alphaD, ref, dMin, false)
	return ref, curve, nonMonotone, err
}

// maxMarginNear is MaxMarginReference warm-started from the reference of a
// nearby load (the alpha_LE search probes loads 0.002-0.05 apart): it
// solves at the hint's margin from the hint's saddle point, steps the
// margin by 0.05 until phi changes sign and refines kappa_max as
// MaxMarginReference does; on any failure it falls back to
// MaxMarginReference from scratch. The result is the same root (|phi| <
// 1e-10) without the continuation in alpha from 0 and in kappa from 0.
func (m Model) maxMarginNear(alpha, alphaD float64, hint *Reference) (Reference, error) {
	if hint == nil || !(hint.Kappa > 0) {
		return m.MaxMarginReference(alpha, alphaD)
	}
	mk := m
	mk.Kappa = hint.Kappa
	t, err := mk.SolveTypical(alpha, alphaD, &hint.Typ)
	if err != nil {
		return m.MaxMarginReference(alpha, alphaD)
	}
	k, step := hint.Kappa, 0.05
	if t.Phi < 0 {
		step = -step
	}
	for it := 0; it < 40; it++ {
		kn := k + step
		if kn <= 0 {
			break
		}
		mk.Kappa = kn
		tn, err := mk.SolveTypical(alpha, alphaD, &t)
		if err != nil {
			break
		}
		if (tn.Phi < 0) != (t.Phi < 0) {
			lo, hi, klo, khi := t, tn, k, kn
			if step < 0 {
				lo, hi, klo, khi = tn, t, kn, k
			}
			if r, err := m.refineMaxMargin(alpha, alphaD, klo, khi, lo, hi); err == nil {
				return r, nil
			}
			break
		}
		k, t = kn, tn
	}
	return m.MaxMarginReference(alpha, alphaD)
}

// leDMin is the smallest distance probed by the alpha_LE search.
const leDMin = 0.004

// flatIsNonMonotone decides whether the flat-minima local-entropy curve at
// alpha is non-monotone (stopping the walk as soon as it is).
func (m Model) flatIsNonMonotone(alpha, alphaD float64, hint *Reference) (bool, error) {
	ref, err := m.maxMarginNear(alpha, alphaD, hint)
	if err != nil {
		return false, err
	}
	if hint != nil {
		*hint = ref
	}
	c := m
	c.Kappa = 0
	_, non, err := c.LocalEntropyCurve(alpha, alphaD, ref, leDMin, true)
	return non, err
}

// LEThreshold is the local-entropy transition at one alpha_D.
type LEThreshold struct {
	AlphaD  float64
	AlphaLE float64 // smallest alpha where the flat-minima local entropy is non-monotone in d
	AlphaC  float64 // interpolation threshold (phi = 0), for comparison
	Width   float64 // final bracket width: AlphaLE is known to +-Width/2
}

// defaultLERatio is the starting guess for alpha_LE/alpha_c when the caller
// has none: the stored sign/teacher diagram has ratios 0.78-0.87.
const defaultLERatio = 0.82

// alphaLETol is the largest final bracket width (in alpha) of the alpha_LE
// bisection: AlphaLE is known to +-alphaLETol/2.
const alphaLETol = 2e-3

// leBracketRatio is the smallest initial bracket width of the alpha_LE search
// as a fraction of alpha_c: neighbouring points of the stored diagrams
// differ in alpha_LE/alpha_c by at most 0.0092, so a bracket of 0.02 alpha_c
// centred on the neighbour's ratio usually holds alpha_LE; the width is
// rounded up to alphaLETol times a power of two so that bisection ends at
// alphaLETol exactly.
const leBracketRatio = 0.02

// LocalEntropyThreshold returns alpha_LE(alpha_D): the smallest alpha at
// which the Franz-Parisi local entropy around the maximal-margin reference
// stops being monotone in d, bracketed to a width <= alphaLETol by bisection.
// guess (0 for none: defaultLERatio) is a ratio alpha_LE/alpha_c to bracket
// around (the diagram passes its neighbours' ratio): the first bracket is
// [guess alpha_c - w/2, guess alpha_c + w/2], shifted by w while both ends
// give the same verdict. It returns an error if the curve is not
// non-monotone just below alpha_c (alpha_LE < alpha_c must hold).
func (m Model) LocalEntropyThreshold(alphaD float64, ac Typical, guess float64) (LEThreshold, error) {
	alphaC := ac.Alpha
	out := LEThreshold{AlphaD: alphaD, AlphaC: alphaC}
	cap := alphaC * (1 - 1e-3)
	if !(guess > 0 && guess < 1) {
		guess = defaultLERatio
	}
	width := alphaLETol
	for width < leBracketRatio*alphaC {
		width *= 2
	}
	var hint Reference // the last maximal-margin reference: warm start of the next
	lo := math.Max(0.05*alphaC, guess*alphaC-0.5*width)
	hi, hiKnown := math.Min(cap, lo+width), false
	// a monotone lower end: monotone curves are the expensive ones (the
	// walk goes down to leDMin), non-monotone ones stop early; a
	// non-monotone lower end becomes the upper one and the bracket moves
	// down by its width (a failed curve is no verdict: it moves down too,
	// away from alpha_c)
	for {
		n, err := m.flatIsNonMonotone(lo, alphaD, &hint)
		if err == nil && !n {
			break
		}
		if err == nil {
			hi, hiKnown = lo, true
		}
		lo -= width
		if lo < 1e-2*alphaC {
			if err != nil {
				return out, err
			}
			return out, &NotConvergedError{What: "alpha_LE (non-monotone at every alpha)", Point: m.point(lo, alphaD)}
		}
	}
	// then a non-monotone upper end, moving up by the width (continuation
	// failures close to alpha_c, where the reference becomes typical, pull
	// the upper end halfway back toward the lower one)
	var lastErr error
	for !hiKnown {
		if hi <= lo {
			if lastErr != nil {
				return out, lastErr
			}
			return out, fmt.Errorf("rf: flat-minima local entropy still monotone just below alpha_c = %g at %s: alpha_LE < alpha_c fails", alphaC, m.point(cap, alphaD))
		}
		n, err := m.flatIsNonMonotone(hi, alphaD, &hint)
		switch {
		case err != nil:
			lastErr = err
			if hi-lo < alphaLETol {
				return out, err
			}
			hi = 0.5 * (lo + hi)
		case n:
			hiKnown = true
		default:
			lo, hi = hi, math.Min(cap, hi+width)
		}
	}
	for hi-lo > alphaLETol*(1+1e-9) {
		mid := 0.5 * (lo + hi)
		n, err := m.flatIsNonMonotone(mid, alphaD, &hint)
		if err != nil {
			return out, err
		}
		if n {
			hi = mid
		} else {
			lo = mid
		}
	}
	out.AlphaLE = 0.5 * (lo + hi)
	out.Width = hi - lo
	return out, nil
}

// Thresholds is the finite-size cross-check hook: the two
// thresholds at alpha_D = D/N for a finite experiment with N weights and D
// inputs. Success of flat-minimum algorithms is predicted to drop near
// P = AlphaLE N; zero-error solutions exist up to P = AlphaC N.
func Thresholds(m Model, alphaD float64) (alphaC, alphaLE float64, err error) {
	ac, err := m.InterpolationThreshold(alphaD)
	if err != nil {
		return 0, 0, err
	}
	le, err := m.LocalEntropyThreshold(alphaD, ac, 0)
	if err != nil {
		return ac.Alpha, 0, err
	}
	return ac.Alpha, le.AlphaLE, nil
}
