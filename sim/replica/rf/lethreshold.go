package rf

import (
	"fmt"
	"math"

	"flatland/sim/detmath"
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
// stops being monotone in d, bracketed to a width <= alphaLETol.
//
// guess (0 for none: defaultLERatio) is a ratio alpha_LE/alpha_c that
// anchors the search lattice (the diagram passes its neighbours' ratio):
// the first bracket of a bisection would be [guess alpha_c - w/2, guess
// alpha_c + w/2], w = alphaLETol 2^k, shifted by w while both ends give the
// same verdict, and every alpha it probes is a lattice point guess alpha_c
// - w/2 + j alphaLETol. The search probes the same lattice but starts next
// to the predicted threshold (the stored diagram's ratio interpolated at
// alpha_D where m has one, else the guess) and gallops outward to the first
// change of verdict, then bisects (leSearch.lattice): with one change of
// verdict in alpha it ends in the bisection's cell, in 2 walks instead of
// 6-7 when the prediction is within a cell. It returns an error if the curve
// is not non-monotone just below alpha_c (alpha_LE < alpha_c must hold).
func (m Model) LocalEntropyThreshold(alphaD float64, ac Typical, guess float64) (LEThreshold, error) {
	s, start, step := m.newLESearch(alphaD, ac, guess)
	out := LEThreshold{AlphaD: alphaD, AlphaC: ac.Alpha}
	lo, hi, err := s.run(start, step)
	if err != nil {
		return out, err
	}
	out.AlphaLE, out.Width = 0.5*(lo+hi), hi-lo
	return out, nil
}

// newLESearch sets up the alpha_LE search of LocalEntropyThreshold: the
// lattice from guess, the ratio alpha_LE/alpha_c to start from and the
// first step of the search in lattice cells (one from a prediction; half
// the bisection's first bracket from the default ratio, which is no
// prediction: the search then probes what the bisection would).
func (m Model) newLESearch(alphaD float64, ac Typical, guess float64) (s *leSearch, start float64, step int) {
	alphaC := ac.Alpha
	width := alphaLETol
	for width < leBracketRatio*alphaC {
		width *= 2
	}
	step = 1
	if !(guess > 0 && guess < 1) {
		guess = defaultLERatio
		step = int(math.Round(width / alphaLETol / 2))
	}
	// the search starts at the stored diagram's ratio where there is one
	// (the best predictor: it moves no result, only the number of walks)
	start = guess
	if r, ok := storedLERatio(m, alphaD); ok {
		start, step = r, 1
	}
	// the first maximal-margin reference starts from alpha_c's saddle
	s = &leSearch{m: m, alphaD: alphaD, alphaC: alphaC, width: width, h: alphaLETol,
		verdicts: map[int]leVerdict{}, hint: Reference{Typ: ac}}
	s.base = math.Max(0.05*alphaC, guess*alphaC-0.5*width)
	return s, start, step
}

// run returns the final bracket [lo, hi] of the search started at the
// ratio start with a first step of step lattice cells.
func (s *leSearch) run(start float64, step int) (lo, hi float64, err error) {
	if lo, hi, ok, err := s.lattice(start*s.alphaC, step); ok || err != nil {
		return lo, hi, err
	}
	// irregular cases (a walk failed, the lattice reaches alpha_c or the
	// floor): the bisection, which knows how to move around failures; the
	// lattice verdicts seen so far are reused
	return s.bisect()
}

// leVerdict is one walk's answer: the flat-minima local entropy is
// non-monotone at that alpha, or the walk failed.
type leVerdict struct {
	nonMonotone bool
	err         error
}

// leSearch holds the state of one alpha_LE search: the lattice base +
// j h of the probed alphas (h = alphaLETol; the bisection's first bracket
// is [base, base + width]), the verdicts by lattice index, and the last
// maximal-margin reference (warm start of the next; at first alpha_c's
// typical saddle).
type leSearch struct {
	m              Model
	alphaD, alphaC float64
	base, h, width float64
	verdicts       map[int]leVerdict
	hint           Reference
}

// at is the verdict at alpha (one walk; memoized when alpha is a lattice
// point: the bisection's midpoints are, up to rounding).
func (s *leSearch) at(alpha float64) (bool, error) {
	j := math.Round((alpha - s.base) / s.h)
	onLattice := math.Abs(alpha-(s.base+j*s.h)) <= 1e-9*s.h
	if onLattice {
		if v, ok := s.verdicts[int(j)]; ok {
			return v.nonMonotone, v.err
		}
	}
	n, err := s.m.flatIsNonMonotone(alpha, s.alphaD, &s.hint)
	if onLattice {
		s.verdicts[int(j)] = leVerdict{n, err}
	}
	return n, err
}

// lattice looks for adjacent lattice points with a monotone (lower) and a
// non-monotone (upper) verdict, starting at the lattice point nearest
// predicted and doubling its steps (from step0 cells) away from it until
// the verdict changes, then bisecting. ok is false (and err nil) when it meets a failed walk or
// leaves [1e-2 alpha_c, alpha_c (1 - 1e-3)]: the caller falls back to the
// bisection. An error is returned only from the final bisection, as the
// bisection would.
func (s *leSearch) lattice(predicted float64, step0 int) (lo, hi float64, ok bool, err error) {
	alphaC := s.alphaC
	x := func(j int) float64 { return s.base + float64(j)*s.h }
	jMin := int(math.Ceil((1e-2*alphaC - s.base) / s.h))
	jMax := int(math.Floor((alphaC*(1-1e-3) - s.base) / s.h))
	if jMin >= jMax {
		return 0, 0, false, nil
	}
	j0 := min(jMax, max(jMin, int(math.Round((predicted-s.base)/s.h))))
	n, err := s.at(x(j0))
	if err != nil {
		return 0, 0, false, nil
	}
	jM, jN := j0, j0
	dir := 1 // toward the other verdict: up from a monotone point
	if n {
		dir = -1
	}
	for step := max(1, step0); ; step *= 2 {
		j := jM + step
		if dir < 0 {
			j = jN - step
		}
		if j < jMin || j > jMax {
			return 0, 0, false, nil
		}
		n, err := s.at(x(j))
		if err != nil {
			return 0, 0, false, nil
		}
		if dir > 0 && !n {
			jM = j
			continue
		}
		if dir < 0 && n {
			jN = j
			continue
		}
		if dir > 0 {
			jN = j
		} else {
			jM = j
		}
		break
	}
	for jN-jM > 1 {
		mid := jM + (jN-jM)/2
		n, err := s.at(x(mid))
		if err != nil {
			return 0, 0, false, err
		}
		if n {
			jN = mid
		} else {
			jM = mid
		}
	}
	return x(jM), x(jN), true, nil
}

// bisect is the bracketing bisection from [base, base + width]: the lower
// end is moved down by the width until monotone, the upper one up until
// non-monotone, then the bracket is halved down to alphaLETol.
func (s *leSearch) bisect() (float64, float64, error) {
	lo, width, alphaC := s.base, s.width, s.alphaC
	cap := alphaC * (1 - 1e-3)
	hi, hiKnown := math.Min(cap, lo+width), false
	// a monotone lower end: monotone curves are the expensive ones (the
	// walk goes down to leDMin), non-monotone ones stop early; a
	// non-monotone lower end becomes the upper one and the bracket moves
	// down by its width (a failed curve is no verdict: it moves down too,
	// away from alpha_c)
	for {
		n, err := s.at(lo)
		if err == nil && !n {
			break
		}
		if err == nil {
			hi, hiKnown = lo, true
		}
		lo -= width
		if lo < 1e-2*alphaC {
			if err != nil {
				return 0, 0, err
			}
			return 0, 0, notConverged("alpha_LE (non-monotone at every alpha)", s.m.point(lo, s.alphaD), 0)
		}
	}
	// then a non-monotone upper end, moving up by the width (continuation
	// failures close to alpha_c, where the reference becomes typical, pull
	// the upper end halfway back toward the lower one)
	var lastErr error
	for !hiKnown {
		if hi <= lo {
			if lastErr != nil {
				return 0, 0, lastErr
			}
			return 0, 0, fmt.Errorf("rf: flat-minima local entropy still monotone just below alpha_c = %g at %s: alpha_LE < alpha_c fails", alphaC, s.m.point(cap, s.alphaD))
		}
		n, err := s.at(hi)
		switch {
		case err != nil:
			lastErr = err
			if hi-lo < alphaLETol {
				return 0, 0, err
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
		n, err := s.at(mid)
		if err != nil {
			return 0, 0, err
		}
		if n {
			hi = mid
		} else {
			lo = mid
		}
	}
	return lo, hi, nil
}

// storedLERatio is alpha_LE/alpha_c of m's stored diagram at alpha_D,
// linear in ln alpha_D between the stored points around it; ok is false
// without a stored diagram or outside its alpha_D range.
func storedLERatio(m Model, alphaD float64) (float64, bool) {
	pts, ok := StoredDiagram(m)
	if !ok || !(alphaD >= StoredAlphaDMin && alphaD <= StoredAlphaDMax) {
		return 0, false
	}
	var xs, rs []float64
	for _, p := range pts {
		if p.OK() {
			xs = append(xs, detmath.Log(p.AlphaD))
			rs = append(rs, p.AlphaLE/p.AlphaC)
		}
	}
	if len(xs) == 0 {
		return 0, false
	}
	x := detmath.Log(alphaD)
	if x <= xs[0] {
		return rs[0], true
	}
	for i := 1; i < len(xs); i++ {
		if x <= xs[i] {
			t := (x - xs[i-1]) / (xs[i] - xs[i-1])
			return rs[i-1] + t*(rs[i]-rs[i-1]), true
		}
	}
	return rs[len(rs)-1], true // a failed last stored point
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
