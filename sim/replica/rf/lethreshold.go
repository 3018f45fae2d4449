package rf

import (
	"fmt"
	"math"
)

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
			return out, notConverged("alpha_LE (non-monotone at every alpha)", m.point(lo, alphaD), 0)
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
