package rf

import (
	"errors"
	"math"
	"strconv"

	"flatland/sim/saddle"
)

// newton solves the Franz-Parisi saddle point from X0 by Newton's method
// with the analytic Jacobian (saddle.NewtonJacobian; residual and Jacobian
// from one quadrature pass, eq. (31)). It returns the root, the last
// residual (max-norm) and whether it fell below s.tol().
//
// Steps only lower the residual, and along a continuation may not more than halve the two
// variances that vanish at the degenerate edge, B^2 = qh1 - Th^2/qh0 and
// gamma^2 (eqs. (17), (18)): near a sharp reference the potential has a
// nearly flat valley toward that edge, and a full Newton step would land on
// a neighbouring saddle there (same S_FP to 1e-5) whose continuation runs
// into the edge; the walker halves its step in S instead.
func (s *fpSystem) newton(X0 []float64, maxIter int, continuation bool) ([]float64, float64, bool) {
	X := append([]float64(nil), X0...)
	opt := saddle.Options{Tol: 1e-13, MaxIter: maxIter, ResidualTol: s.tol(), Descent: true}
	if continuation {
		b0, g0 := s.edgeVariances(X0)
		opt.Valid = func(v []float64) bool {
			b, g := s.edgeVariances(v)
			return b >= 0.5*b0 && g >= 0.5*g0
		}
	}
	_, err := saddle.NewtonJacobian(s.residual, X, opt)
	if err != nil {
		res := math.Inf(1)
		var nc *saddle.NotConvergedError
		if errors.As(err, &nc) && nc.Residual >= 0 {
			res = nc.Residual
		}
		return X, res, false
	}
	return X, 0, true
}

// LocalEntropyPoint is one point of a Franz-Parisi local-entropy curve.
type LocalEntropyPoint struct {
	D       float64 // normalized Hamming distance from the reference, (1 - S)/2
	Entropy float64 // S_FP(d): log-number of solutions at distance d, per weight
	Bound   float64 // H2(d), the upper bound (every configuration a solution)
	Slope   float64 // dS_FP/dd (exact, from the conjugate of the distance)
}

// fpWalker continues the Franz-Parisi saddle point in S from the
// reference's own overlap q0 (d0 = (1 - q0)/2) toward d = dMin, with
// adaptive steps (at most dS), a secant predictor and Newton corrections. It returns the points in order of decreasing d. The walk
// stops early (without error) when stop returns true for the points so far.
type fpWalker struct {
	s       *fpSystem
	dMin    float64
	maxStep float64
	// state
	X, Xprev  []float64
	Xprev2    []float64 // the saddle before Xprev (at sPrev3)
	sPrev3    float64
	Sprev     float64
	sPrevPrev float64
	seenRise  bool
	// startOffset starts the walk at S = q0 + startOffset (needed when the
	// reference is typical: S = q0 is then the degenerate trivial point)
	startOffset float64
	// stopWhenHugging ends the walk once the curve hugs H2 at small d
	stopWhenHugging bool
	nonMonotone     bool
	step            float64
	points          []LocalEntropyPoint
	started         bool
	done            bool
	err             error
	rejected        int // converged start saddles rejected as unphysical
	// the quadrature error is estimated at the first saddle, then at the
	// first with d <= quadCheckD (half the d of the last estimate) and at
	// d = dMin: the x-rule's error grows steeply as d (and delta, the width
	// of ln H in x) shrinks: with 8-point panels from ~1e-6 in the slope at
	// d = 0.02 to ~1e-3 at d = 0.004
	quadChecked bool
	quadCheckD  float64
	fixedOrders bool // no estimate: the system's orders stay as they are
}

func newFPWalker(s *fpSystem, dMin, maxStep float64) *fpWalker {
	return &fpWalker{s: s, dMin: dMin, maxStep: maxStep, step: maxStep}
}

// next computes one more point; it reports false when the walk is over.
func (w *fpWalker) next() bool {
	if w.done {
		return false
	}
	s := w.s
	if !w.started {
		w.started = true
		s.S = s.q0 + w.startOffset
		// leave the degenerate trivial point (constrained = further
		// references) in a few directions until the saddle is found
		S0 := s.S
		X, res, ok := w.start()
		if ok {
			X, ok = w.checkQuadrature(X)
		}
		if ok {
			w.X, w.Sprev = X, s.S
			w.record(X)
			return true
		}
		if w.startInside(S0) {
			return true
		}
		s.S = S0
		w.failStart(res)
		return false
	}
	Smax := 1 - 2*w.dMin
	if w.Sprev >= Smax-1e-12 || (w.stopWhenHugging && w.huggingBound()) {
		w.done = true
		return false
	}
	usePredictor := true
	for {
		// steps in S no larger than 0.6 d: geometric approach to small d
		st := math.Min(w.step, 0.6*(1-w.Sprev))
		Snew := math.Min(Smax, w.Sprev+st)
		X0 := append([]float64(nil), w.X...)
		if w.Xprev != nil && usePredictor {
			// secant predictor; quadratic (Lagrange through the last three
			// saddles) once there are three: 13% fewer energy passes per
			// alpha_LE (Newton needs 2.5 iterations from it instead of 2.7)
			if w.Xprev2 != nil {
				S0, S1, S2 := w.Sprev, w.sPrevPrev, w.sPrev3
				l0 := (Snew - S1) * (Snew - S2) / ((S0 - S1) * (S0 - S2))
				l1 := (Snew - S0) * (Snew - S2) / ((S1 - S0) * (S1 - S2))
				l2 := (Snew - S0) * (Snew - S1) / ((S2 - S0) * (S2 - S1))
				for i := range X0 {
					X0[i] = l0*w.X[i] + l1*w.Xprev[i] + l2*w.Xprev2[i]
				}
			} else {
				r := (Snew - w.Sprev) / (w.Sprev - w.prevS())
				for i := range X0 {
					X0[i] += r * (w.X[i] - w.Xprev[i])
				}
			}
		}
		s.S = Snew
		X, res, ok := s.newton(X0, fpNewtonIter, true)
		if ok {
			X, ok = w.checkQuadrature(X)
		}
		if ok {
			p := w.pointAt(X)
			if st > 2*fpRefineStep && w.mayHideDip(p) {
				// a dip may lie between the last point and this one: take
				// a shorter step (the verdict must not depend on where the
				// walk happens to sample the curve)
				w.step = 0.5 * st
				usePredictor = true
				continue
			}
			w.Xprev2, w.sPrev3 = w.Xprev, w.sPrevPrev
			w.Xprev, w.X = w.X, X
			w.sPrevPrev = w.Sprev
			w.Sprev = Snew
			w.appendPoint(p)
			w.step = math.Min(w.maxStep, 1.5*st)
			return true
		}
		if usePredictor && w.Xprev != nil {
			usePredictor = false // retry from the last solution itself
			continue
		}
		usePredictor = true
		w.step = 0.5 * st
		if w.step < 1e-4 || (w.step < 2e-3 && w.huggingBound()) {
			if w.huggingBound() || w.resolvedToSmallD() {
				// the curve is rising and within 2% of H2(d) at small d: nothing
				// non-monotone can follow (S_FP <= H2, both -> 0 as d -> 0)
				w.done = true
				return false
			}
			s.S = Snew
			w.fail(res)
			return false
		}
	}
}

// checkQuadrature estimates the quadrature error at the accepted saddle X
// (at the current S) when the walk reaches its next check distance, and
// grows the orders where the error exceeds the tolerances (adaptOrders);
// at the first saddle it first lowers those whose coarser rule changes
// nothing (coarsenOrders). When they changed, X is solved again with the new rules and the previous
// point's S_FP and slope are recomputed with them (a chord across the change
// of rules would otherwise carry the quadrature error divided by the step
// in d). It returns the saddle and false if the new rules have none near X.
func (w *fpWalker) checkQuadrature(X []float64) ([]float64, bool) {
	s := w.s
	d := (1 - s.S) / 2
	last := s.S >= 1-2*w.dMin-1e-12
	if w.fixedOrders || (w.quadChecked && d > w.quadCheckD && !last) {
		return X, true
	}
	changed := !w.quadChecked && s.coarsenOrders(X)
	w.quadChecked, w.quadCheckD = true, d/2
	if grew := s.adaptOrders(X); !changed && !grew {
		return X, true
	}
	if n := len(w.points); n > 0 && w.X != nil {
		S := s.S
		s.S = w.Sprev
		w.points[n-1] = w.pointAt(w.X)
		s.S = S
	}
	Xn, _, ok := s.newton(X, fpNewtonIter, true)
	return Xn, ok
}

// resolvedToSmallD reports whether the walk has already reached d < 0.01
// with a rising, positive curve: a continuation failure this close to the
// reference ends the walk with a monotone verdict at that resolution.
func (w *fpWalker) resolvedToSmallD() bool {
	if len(w.points) == 0 || w.nonMonotone {
		return false
	}
	p := w.points[len(w.points)-1]
	return p.D < 0.01 && p.Slope > 0 && p.Entropy > 0
}

// huggingBound reports whether the last point rises with d and is within
// 2% of the upper bound H2(d) at d < 0.05.
func (w *fpWalker) huggingBound() bool {
	if len(w.points) == 0 || w.nonMonotone {
		return false
	}
	p := w.points[len(w.points)-1]
	return p.D < 0.05 && p.Slope > 0 && p.Entropy > 0.98*p.Bound
}

func (w *fpWalker) prevS() float64 { return w.sPrevPrev }

// start solves the saddle point at S = q0 by leaving the degenerate
// trivial point (constrained = further references) in a few directions.
func (w *fpWalker) start() (X []float64, res float64, ok bool) {
	s := w.s
	res = math.Inf(1)
	for _, eps := range []float64{0.02, 0.06, 0.15, 0.005} {
		X0 := s.trivialGuess()
		X0[0] += 2.5 * eps * (1 + X0[0])
		X0[3] += eps * (1 - X0[3])
		X0[6] += eps * (X0[5] - X0[6])
		Xe, r, conv := s.newton(X0, fpStartIter, false)
		if conv && !s.physical(Xe) {
			// a converged saddle with S_FP > phi: a spurious branch, not
			// a residual problem (the error must not quote its residual)
			w.rejected++
			continue
		}
		if !conv {
			res = math.Min(res, r)
			continue
		}
		return Xe, r, true
	}
	return nil, res, false
}

// failStart ends a walk whose first saddle point was not found, saying
// how: Newton stalled (best residual) and/or converged only to spurious
// saddles (S_FP above the total entropy phi).
func (w *fpWalker) failStart(res float64) {
	s := w.s
	w.done = true
	w.err = &StartError{
		Point:    s.m.point(s.alpha, s.alphaD) + " d=" + ftoa((1-s.S)/2),
		KappaRef: s.ref.Kappa, Q0: s.q0,
		Resid: res, Rejected: w.rejected,
	}
}

// startOffsetsInside are the further overlaps S0 + offset at which
// startInside looks for a start when S0 itself fails.
var startOffsetsInside = []float64{0.05, 0.1, 0.2}

// startInside handles a start that fails at S0 even through the margin
// (close to S0 the saddle is near the degenerate trivial point and Newton
// stalls; further in it is well conditioned): it finds the saddle at
// S1 = S0 + offset, walks back toward S0 as far as the continuation goes,
// and records those points in order of decreasing d before S1's. The walk
// then continues from S1.
func (w *fpWalker) startInside(S0 float64) bool {
	s := w.s
	Smax := 1 - 2*w.dMin
	for _, off := range startOffsetsInside {
		S1 := S0 + off
		if S1 >= Smax {
			return false
		}
		s.S = S1
		X, _, ok := w.start()
		if !ok {
			continue
		}
		type backPoint struct {
			S float64
			X []float64
		}
		var back []backPoint
		Xb, Sb := X, S1
		step := off / 4
		for Sb > S0+1e-12 {
			Sn := math.Max(S0, Sb-step)
			s.S = Sn
			Xn, _, okn := s.newton(Xb, fpNewtonIter, true)
			if okn && s.physical(Xn) {
				back = append(back, backPoint{Sn, Xn})
				Xb, Sb = Xn, Sn
				continue
			}
			if step *= 0.5; step < 1e-3 {
				break
			}
		}
		for i := len(back) - 1; i >= 0; i-- {
			s.S = back[i].S
			w.record(back[i].X)
		}
		s.S = S1
		w.X, w.Sprev = X, S1
		w.record(X)
		return true
	}
	return false
}

// record appends the point at the current saddle X.
func (w *fpWalker) record(X []float64) { w.appendPoint(w.pointAt(X)) }

// pointAt is the curve's point at the saddle X (distance d = (1 - S)/2 at
// the current S).
func (w *fpWalker) pointAt(X []float64) LocalEntropyPoint {
	s := w.s
	v, _ := s.potential(X)
	d := (1 - s.S) / 2
	sl, ok := s.slope(X)
	if !ok {
		// at the edge of the domain (gamma^2 -> 0 at small d) the envelope
		// slope is not computable: use the chord to the previous point
		sl = math.NaN()
		if n := len(w.points); n > 0 && w.points[n-1].D != d {
			q := w.points[n-1]
			sl = (q.Entropy - v) / (q.D - d)
		}
	}
	return LocalEntropyPoint{D: d, Entropy: v, Bound: H2(d), Slope: sl}
}

// appendPoint appends p and updates the monotonicity verdict: walking
// toward smaller d, the curve is non-monotone as soon as the slope turns
// negative after having been positive (a local minimum below the peak),
// eq. (21), or the chord from the previous point does (the slope is
// negative somewhere in between).
func (w *fpWalker) appendPoint(p LocalEntropyPoint) {
	if n := len(w.points); n > 0 && w.seenRise {
		if q := w.points[n-1]; q.D > p.D && (q.Entropy-p.Entropy)/(q.D-p.D) < -monotoneTol {
			w.nonMonotone = true
		}
	}
	w.points = append(w.points, p)
	if p.Slope > monotoneTol {
		w.seenRise = true
	}
	if w.seenRise && p.Slope < -monotoneTol {
		w.nonMonotone = true
	}
	if p.Entropy < -monotoneTol {
		// S_FP(0) = 0: a negative value below the peak means a dip
		w.nonMonotone = true
	}
}

// mayHideDip reports whether, after a rise, a dip may lie between the last
// point and p although neither end has a negative slope: the chord falls,
// the cubic Hermite interpolant of S_FP(d) (values and exact slopes) has a
// slope below a tenth of the larger end slope somewhere in between, or the
// slope more than halves (the margins cover the interpolant's own error:
// relu/teacher, alpha_D = 0.126, alpha = 1.6077 has a dip of depth 3e-6
// just above d = 0.004 where the interpolant between d = 0.0078 and 0.004
// still rose with slope 0.006; erf/teacher alpha_D = 0.158, alpha = 1.7148
// one at d = 0.0048 between samples at d = 0.0092 and 0.004 with slopes
// 0.28 and 0.05). The walk then refines its step there. With t in [0, 1]
// from the last point to p, the interpolant's slope is
// m1 + (6D - 4m1 - 2m2) t + (3m1 + 3m2 - 6D) t^2, D the chord's slope.
func (w *fpWalker) mayHideDip(p LocalEntropyPoint) bool {
	n := len(w.points)
	if n == 0 || !w.seenRise || w.nonMonotone {
		return false
	}
	q := w.points[n-1]
	m1, m2 := q.Slope, p.Slope
	if !(q.D > p.D) || !(m1 > -monotoneTol) || !(m2 > -monotoneTol) {
		return false // a negative end is seen as it is; NaN: no slope
	}
	D := (q.Entropy - p.Entropy) / (q.D - p.D)
	a, b := 3*m1+3*m2-6*D, 6*D-4*m1-2*m2
	minSlope := math.Min(m1, m2)
	if a > 0 {
		if t := -b / (2 * a); t > 0 && t < 1 {
			minSlope = math.Min(minSlope, m1+b*t+a*t*t)
		}
	}
	// the slope more than halving in one step (by more than 0.02): the
	// interpolant is no longer reliable at the scale of a dip
	steep := m2 < 0.5*m1 && m1-m2 > 0.02
	return steep || minSlope < 0.1*math.Max(m1, m2) || D < -monotoneTol
}

// monotoneTol is the slope (and entropy) resolution of the monotonicity test.
const monotoneTol = 1e-6

func (w *fpWalker) fail(res float64) {
	w.done = true
	w.err = notConverged("Franz-Parisi local entropy continuation", w.s.m.point(w.s.alpha, w.s.alphaD)+" d="+ftoa((1-w.s.S)/2), res)
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }

// edgeVariances returns B^2 = qh1 - Th^2/qh0 of eq. (17) and gamma^2 =
// Q1 - Qtau^2/Q0 - (Qs - Qtau)^2/D0 of eq. (18) at X.
func (s *fpSystem) edgeVariances(X []float64) (b2, g2 float64) {
	qh1, _, Th, q1, T, _, p1, t, tau, _ := s.unpack(X)
	k1s, kss := s.k1*s.k1, s.ks*s.ks
	Q1, Qs, Qt := k1s*p1+kss*q1, k1s*t+kss*s.S, k1s*tau+kss*T
	ac := Qt / math.Sqrt(s.Q0)
	bc := (Qs - Qt) / math.Sqrt(s.D0)
	return qh1 - Th*Th/s.qh0, Q1 - ac*ac - bc*bc
}

// fpRefineStep is the smallest step in S to which the walk refines when a
// dip may hide between two points (mayHideDip): d is then resolved to 1e-4.
const fpRefineStep = 1e-4

// fpNewtonIter bounds the Newton iterations of one continuation step (from
// the secant predictor it converges in 2-4, linearly near a degenerate
// saddle; a step that needs more is halved by the walker).
const fpNewtonIter = 20

// fpStartIter bounds the Newton iterations of a start next to the
// reference (room for the damped steps of a start far from the saddle).
const fpStartIter = 60

// fpTol is the residual accepted for a Franz-Parisi saddle point (the
// noise floor of the finite-difference latent gradient grows with alpha_D,
// the rounding of the energetic rows with alpha: Newton, which accepts only
// descent steps, stalls at ~1e-7 for alpha ~3 at small alpha_D).
const fpTol = 1e-7

func (s *fpSystem) tol() float64 { return fpTol * math.Max(1, math.Max(s.alphaD/10, s.alpha/2)) }
