package rf

import (
	"math"
	"strconv"
)

// jacobianFD is the forward-difference Jacobian of f at x (fx = f(x)).
func jacobianFD(f func([]float64) ([]float64, bool), x, fx []float64) ([][]float64, bool) {
	n := len(x)
	J := make([][]float64, n)
	for i := range J {
		J[i] = make([]float64, n)
	}
	xt := append([]float64(nil), x...)
	for j := 0; j < n; j++ {
		h := 1e-6 * math.Max(1e-2, math.Abs(x[j]))
		xt[j] = x[j] + h
		fj, ok := f(xt)
		if !ok {
			h = -h
			xt[j] = x[j] + h
			if fj, ok = f(xt); !ok {
				return nil, false
			}
		}
		xt[j] = x[j]
		for i := 0; i < n; i++ {
			J[i][j] = (fj[i] - fx[i]) / h
		}
	}
	return J, true
}

// broyden solves f(x) = 0 by quasi-Newton iteration with Broyden's rank-one
// updates, starting from the Jacobian J (nil: finite differences). It
// returns the root, the final Jacobian (for reuse along a continuation),
// the residual norm and whether tol was reached.
func broyden(f func([]float64) ([]float64, bool), x0 []float64, J [][]float64, tol float64, maxIter int) ([]float64, [][]float64, float64, bool) {
	x := append([]float64(nil), x0...)
	fx, ok := f(x)
	if !ok {
		return x, J, math.Inf(1), false
	}
	res := norm2(fx)
	fresh := false
	if J == nil {
		if J, ok = jacobianFD(f, x, fx); !ok {
			return x, nil, res, false
		}
		fresh = true
	}
	n := len(x)
	xt := make([]float64, n)
	for it := 0; it < maxIter && res > tol; it++ {
		dx, ok := solveLinear(J, fx)
		if !ok {
			return x, J, res, false
		}
		step := 1.0
		var ft []float64
		accepted := false
		for k := 0; k < 8; k++ {
			for i := range xt {
				xt[i] = x[i] - step*dx[i]
			}
			if f2, ok := f(xt); ok && norm2(f2) < res {
				ft, accepted = f2, true
				break
			}
			step *= 0.5
		}
		if !accepted {
			if fresh {
				return x, J, res, false
			}
			// stale Jacobian: recompute and retry
			if J, ok = jacobianFD(f, x, fx); !ok {
				return x, J, res, false
			}
			fresh = true
			continue
		}
		fresh = false
		// Broyden update J += (df - J s) s^T / (s.s)
		sv := make([]float64, n)
		var ss float64
		for i := range sv {
			sv[i] = xt[i] - x[i]
			ss += sv[i] * sv[i]
		}
		for i := 0; i < n; i++ {
			js := 0.0
			for j := 0; j < n; j++ {
				js += J[i][j] * sv[j]
			}
			u := (ft[i] - fx[i] - js) / ss
			for j := 0; j < n; j++ {
				J[i][j] += u * sv[j]
			}
		}
		copy(x, xt)
		fx, res = ft, norm2(ft)
	}
	return x, J, res, res <= tol
}

// LocalEntropyPoint is one point of a Franz-Parisi local-entropy curve.
type LocalEntropyPoint struct {
	D       float64 // normalized Hamming distance from the reference, (1 - S)/2
	Entropy float64 // S_FP(d): log-number of solutions at distance d, per weight
	Bound   float64 // H2(d), the upper bound (every configuration a solution)
	Slope   float64 // dS_FP/dd (exact, from the conjugate of the distance)
}

// fpCurve continues the Franz-Parisi saddle point in S from the
// reference's own overlap q0 (d0 = (1 - q0)/2) toward d = dMin, with
// adaptive steps (at most dS), a secant predictor and Broyden Jacobians
// carried along. It returns the points in order of decreasing d. The walk
// stops early (without error) when stop returns true for the points so far.
type fpWalker struct {
	s       *fpSystem
	dMin    float64
	maxStep float64
	// state
	X, Xprev  []float64
	Sprev     float64
	sPrevPrev float64
	seenRise  bool
	// startOffset starts the walk at S = q0 + startOffset (needed when the
	// reference is typical: S = q0 is then the degenerate trivial point)
	startOffset float64
	// stopWhenHugging ends the walk once the curve hugs H2 at small d
	stopWhenHugging bool
	nonMonotone     bool
	J               [][]float64
	step            float64
	points          []LocalEntropyPoint
	started         bool
	done            bool
	err             error
	rejected        int // converged start saddles rejected as unphysical
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
		X, J, res, ok := w.start()
		if ok {
			w.X, w.J, w.Sprev = X, J, s.S
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
			// secant predictor
			r := (Snew - w.Sprev) / (w.Sprev - w.prevS())
			for i := range X0 {
				X0[i] += r * (w.X[i] - w.Xprev[i])
			}
		}
		s.S = Snew
		J := cloneMat(w.J)
		X, J, res, ok := broyden(s.gradient, X0, J, s.tol(), 40)
		if ok {
			w.Xprev, w.X, w.J = w.X, X, J
			w.sPrevPrev = w.Sprev
			w.Sprev = Snew
			w.record(X)
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
func (w *fpWalker) start() (X []float64, J [][]float64, res float64, ok bool) {
	s := w.s
	res = math.Inf(1)
	for _, eps := range []float64{0.02, 0.06, 0.15, 0.005} {
		X0 := s.trivialGuess()
		X0[0] += 2.5 * eps * (1 + X0[0])
		X0[3] += eps * (1 - X0[3])
		X0[6] += eps * (X0[5] - X0[6])
		Xe, r, conv := newton(s.gradient, X0, s.tol(), 30)
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
		fx, _ := s.gradient(Xe)
		if J, ok = jacobianFD(s.gradient, Xe, fx); ok {
			return Xe, J, r, true
		}
	}
	return nil, nil, res, false
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
		X, J, _, ok := w.start()
		if !ok {
			continue
		}
		type backPoint struct {
			S float64
			X []float64
		}
		var back []backPoint
		Xb, Jb, Sb := X, J, S1
		step := off / 4
		for Sb > S0+1e-12 {
			Sn := math.Max(S0, Sb-step)
			s.S = Sn
			Xn, Jn, _, okn := broyden(s.gradient, Xb, cloneMat(Jb), s.tol(), 40)
			if okn && s.physical(Xn) {
				back = append(back, backPoint{Sn, Xn})
				Xb, Jb, Sb = Xn, Jn, Sn
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
		w.X, w.J, w.Sprev = X, J, S1
		w.record(X)
		return true
	}
	return false
}

// record appends the point at the current saddle X and updates the
// monotonicity verdict: walking toward smaller d, the curve is
// non-monotone as soon as the slope turns negative after having been
// positive (a local minimum below the peak), eq. (21).
func (w *fpWalker) record(X []float64) {
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
	w.points = append(w.points, LocalEntropyPoint{D: d, Entropy: v, Bound: H2(d), Slope: sl})
	if sl > monotoneTol {
		w.seenRise = true
	}
	if w.seenRise && sl < -monotoneTol {
		w.nonMonotone = true
	}
	if v < -monotoneTol {
		// S_FP(0) = 0: a negative value below the peak means a dip
		w.nonMonotone = true
	}
}

// monotoneTol is the slope (and entropy) resolution of the monotonicity test.
const monotoneTol = 1e-6

func (w *fpWalker) fail(res float64) {
	w.done = true
	w.err = &NotConvergedError{What: "Franz-Parisi local entropy continuation", Point: w.s.m.point(w.s.alpha, w.s.alphaD) + " d=" + ftoa((1-w.s.S)/2), Resid: res}
}

func cloneMat(J [][]float64) [][]float64 {
	if J == nil {
		return nil
	}
	out := make([][]float64, len(J))
	for i := range J {
		out[i] = append([]float64(nil), J[i]...)
	}
	return out
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }

// fpTol is the residual norm accepted for a Franz-Parisi saddle point (the
// noise floor of the finite-difference latent gradient grows with alpha_D).
const fpTol = 1e-7

func (s *fpSystem) tol() float64 { return fpTol * math.Max(1, s.alphaD/10) }
