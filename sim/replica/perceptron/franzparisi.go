package perceptron

import (
	"fmt"
	"math"

	"flatland/sim/detmath"
	"flatland/sim/gauss"
	"flatland/sim/saddle"
)

// Franz-Parisi local entropy, DERIVATION.md eqs. (14)-(21) (cf. Huang-Kabashima
// 2014, arXiv:1408.1784, and Baldassi et al. 2021, arXiv:2107.01163).
//
// A reference W~ is drawn uniformly from the solutions of margin kappa_r;
// S(d) = (1/N) E ln #{W solution of margin kappa_c : W.W~/N = p = 1-2d}.
// With n -> 0 replicas of the reference (RS overlap q0, conjugate qh0: the
// storage saddle point at (alpha, kappa_r)) and s -> 0 constrained replicas
// coupled to reference 1, the RS overlaps are q1 (constrained-constrained),
// p (constrained-reference 1, fixed) and t (constrained-other references),
// with conjugates qh1, ph, th. Then
//
//	S = extr [ -qh1(1-q1)/2 - ph p + th t + G_S + alpha G_E ]            (15)-(17)
//	G_S = int Dz0 (1 + tanh(sqrt(qh0) z0)) int Dz1 ln 2cosh(a z0 + b z1 + ph - th),
//	      a = th/sqrt(qh0), b = sqrt(qh1 - th^2/qh0)
//	G_E = int Dz0 int Dv [H(g)/H(u0)] ln H(e)
//	      u0 = (kappa_r - sqrt(q0) z0)/sqrt(1-q0),     (reference field above kappa_r)
//	      A = (p-t)/sqrt(1-q0), sigma^2 = q1 - t^2/q0, rho = A/sigma,
//	      g = (u0 - rho v)/sqrt(1-rho^2),  e = (kappa_c - t z0/sqrt(q0) - sigma v)/sqrt(1-q1).
//
// (The constrained field is t z0/sqrt(q0) + A x1 + B z1 + sqrt(1-q1) y with x1
// the reference's own noise, B^2 = sigma^2 - A^2; the pair (x1, A x1 + B z1)
// is rewritten through v = (A x1 + B z1)/sigma.) Stationarity gives (18)-(19)
//
//	q1 = E[T^2],  p = E[T],  t = (th/qh0) E[1-T^2] + E[T] - E[T z0]/sqrt(qh0),
//	qh1 = -2 alpha dG_E/dq1,  th = -alpha dG_E/dt,
//
// with T = tanh(a z0 + b z1 + ph - th) and E the (1+tanh) weighted average.
// At kappa_r = kappa_c and p = q0 the solution is q1 = t = q0,
// qh1 = th = ph = qh0 and S = phi (tested): the equilibrium identity, eq. (21).
//
// For given (q1, t), qh1 and th are explicit, so the unknowns are (q1, t, ph)
// with the residuals of the q1, t and p equations (residual3), solved by
// Broyden's or Newton's method; the fallback solves ph from p = E[T]
// (monotone) and iterates the q1 and t equations (residual). See At.

// The local-entropy integrals are two-dimensional; they use panels of width
// fpPanel on [-fpRange, fpRange] (tested against the unit-panel rule).
const (
	fpRange = 8.0
	fpPanel = 2.0
)

// LocalEntropyPoint is one Franz-Parisi saddle point.
type LocalEntropyPoint struct {
	D           float64 // normalized Hamming distance to the reference, (1-p)/2
	S           float64 // local entropy (nats per weight)
	Slope       float64 // dS/dd by the envelope theorem: 2 (ph - alpha dG_E/dp), eq. (20)
	Q1, T       float64 // constrained-constrained and constrained-other-reference overlaps
	QHat1, THat float64
	PHat        float64
}

// FranzParisi computes local entropies around references of margin KappaRef
// drawn at load Alpha, counting solutions of margin KappaC. Build it with
// NewFranzParisi; it is not safe for concurrent use.
type FranzParisi struct {
	Alpha, KappaRef, KappaC float64
	Ref                     StoragePoint // the reference's storage saddle point

	outer, inner gauss.Rule
	ent0         gauss.Rule
	breaks       []float64
	x            []float64 // last solution (q1, t), continuation state
	ph           float64
	lastP        float64
	have         bool
	yield        func()    // checkpoint for time slicing (nil: none)
	passes       [2]int    // energetic and entropic passes done (cost diagnostics)
	jac          []float64 // Jacobian estimate carried along the curve (Broyden)
	prevX        []float64 // the solution before the last one (q1, t, ph)
	prevP        float64
	havePrev     bool
	cache        struct {
		q1, t, p, qh1, th float64
		ge                fpEnergetic
		ok, valid         bool
	}
}

// NewFranzParisi solves the reference problem (storage at alpha, kappaRef).
func NewFranzParisi(alpha, kappaRef, kappaC float64) (*FranzParisi, error) {
	ref, err := Storage(alpha, kappaRef)
	if err != nil {
		return nil, err
	}
	return newFranzParisiRef(ref, kappaC), nil
}

func newFranzParisiRef(ref StoragePoint, kappaC float64) *FranzParisi {
	return &FranzParisi{Alpha: ref.Alpha, KappaRef: ref.Kappa, KappaC: kappaC, Ref: ref}
}

// fpOrder holds the derived quantities at (q1, t, p).
type fpEnergetic struct {
	GE, DQ1, DT, DP float64
}

// energetic computes G_E, eq. (17), and its partial derivatives in q1, t and p.
func (f *FranzParisi) energetic(q1, t, p float64) (fpEnergetic, bool) {
	q0 := f.Ref.Q
	s0, s1 := math.Sqrt(q0), math.Sqrt(1-q0)
	A := (p - t) / s1
	sig2 := q1 - t*t/q0
	if !(sig2 > 0) || !(q1 < 1) || A*A >= sig2 {
		return fpEnergetic{}, false
	}
	sig := math.Sqrt(sig2)
	rho := A / sig
	r1 := math.Sqrt(1 - rho*rho)
	sq1 := math.Sqrt(1 - q1)
	dSigQ1 := 0.5 / sig
	dSigT := -t / (q0 * sig)
	dRhoQ1 := -A / sig2 * dSigQ1
	dRhoT := (-1/s1)/sig - A/sig2*dSigT
	dRhoP := 1 / (s1 * sig)

	f.breaks = gauss.BreaksOn(f.breaks[:0], fpRange, fpPanel,
		gauss.Kink{At: f.KappaRef / s0, Width: s1 / s0},
		gauss.Kink{At: f.KappaC * s0 / t, Width: sq1 * s0 / t},
	)
	f.outer.Fill(f.breaks, panelPoints)
	f.passes[0]++
	var out fpEnergetic
	for i, z0 := range f.outer.Z {
		if f.yield != nil {
			f.yield()
		}
		u0 := (f.KappaRef - s0*z0) / s1
		lu0, _ := gauss.LogHG(u0)
		u0p := math.Max(u0, 0)
		m0 := t * z0 / s0
		f.breaks = gauss.BreaksOn(f.breaks[:0], fpRange, fpPanel,
			gauss.Kink{At: u0 / rho, Width: r1 / math.Abs(rho)},
			gauss.Kink{At: (f.KappaC - m0) / sig, Width: sq1 / sig},
		)
		f.inner.Fill(f.breaks, panelPoints)
		var ge, dq, dt, dp float64
		for j, v := range f.inner.Z {
			g := (u0 - rho*v) / r1
			if g > 0 && g*g-u0p*u0p > 90 {
				continue // H(g)/H(u0) < e^-45: the reference constraint is violated
			}
			lg, gg := gauss.LogHG(g) // R = H(g)/H(u0), gg = G(g)/H(g)
			R := detmath.Exp(lg - lu0)
			if R < 1e-300 {
				continue
			}
			e := (f.KappaC - m0 - sig*v) / sq1
			L, ge0 := gauss.LogHG(e)
			dR := -R * gg * (rho*g/(1-rho*rho) - v/r1) // dR/drho
			deSig := -v / sq1
			w := f.inner.W[j]
			ge += w * R * L
			dq += w * (dR*dRhoQ1*L - R*ge0*(deSig*dSigQ1+e/(2*(1-q1))))
			dt += w * (dR*dRhoT*L - R*ge0*(deSig*dSigT-z0/(s0*sq1)))
			dp += w * dR * dRhoP * L
		}
		wo := f.outer.W[i]
		out.GE += wo * ge
		out.DQ1 += wo * dq
		out.DT += wo * dt
		out.DP += wo * dp
	}
	return out, true
}

// fpEntropic holds E[...] over the (1 + tanh) weighted pair (z0, z1).
type fpEntropic struct {
	GS, T, T2, TZ0 float64
}

// entropic computes G_S, eq. (16), and the averages of T, T^2, T z0 at (qh1, th, ph).
func (f *FranzParisi) entropic(qh1, th, ph float64) (fpEntropic, bool) {
	qh0 := f.Ref.QHat
	b2 := qh1 - th*th/qh0
	if b2 < 0 && b2 > -1e-12*qh1 {
		b2 = 0 // rounding at the equilibrium point qh1 = th = qh0
	}
	if !(b2 >= 0) {
		return fpEntropic{}, false
	}
	s0 := math.Sqrt(qh0)
	a := th / s0
	b := math.Sqrt(b2)
	delta := ph - th
	f.breaks = gauss.BreaksOn(f.breaks[:0], fpRange, fpPanel,
		gauss.Kink{At: 0, Width: 1 / s0},
		gauss.Kink{At: -delta / a, Width: 1 / math.Abs(a)},
	)
	f.outer.Fill(f.breaks, panelPoints)
	f.passes[1]++
	var out fpEntropic
	for i, z0 := range f.outer.Z {
		if f.yield != nil {
			f.yield()
		}
		th0, _ := gauss.TanhLog2CoshFast(s0 * z0)
		mu := 1 + th0
		m := a*z0 + delta
		var gs, t1, t2 float64
		if b < 1e-12 {
			tt, lc := gauss.TanhLog2CoshFast(m)
			gs, t1, t2 = lc-math.Ln2, tt, tt*tt
		} else {
			f.breaks = gauss.BreaksOn(f.breaks[:0], fpRange, fpPanel, gauss.Kink{At: -m / b, Width: 1 / b})
			f.inner.Fill(f.breaks, panelPoints)
			for j, z1 := range f.inner.Z {
				tt, lc := gauss.TanhLog2CoshFast(m + b*z1)
				w := f.inner.W[j]
				gs += w * lc
				t1 += w * tt
				t2 += w * tt * tt
			}
			gs -= math.Ln2 // ln 2cosh -> ln cosh; ln 2 is added back below
		}
		w := f.outer.W[i] * mu
		out.GS += w * (gs + math.Ln2)
		out.T += w * t1
		out.T2 += w * t2
		out.TZ0 += w * t1 * z0
	}
	return out, true
}

// solvePHat solves p = E[T] for ph at fixed (qh1, th). E[T] increases with
// ph and dE[T]/dph = 1 - E[T^2], so Newton's method is used, safeguarded by
// a bracket that is widened as needed.
func (f *FranzParisi) solvePHat(qh1, th, p, guess float64) (float64, fpEntropic, error) {
	what := saddle.Options{What: "Franz-Parisi ph", Point: pointName("p", p, "qh1", qh1, "th", th)}
	lo, hi := math.Inf(-1), math.Inf(1)
	ph := guess
	for it := 0; it < 100; it++ {
		e, ok := f.entropic(qh1, th, ph)
		if !ok {
			return 0, e, &saddle.NotConvergedError{What: what.What + " (outside the domain)", Point: what.Point}
		}
		r := e.T - p
		if r > 0 {
			hi = ph
		} else {
			lo = ph
		}
		d := 1 - e.T2
		next := ph - r/math.Max(d, 1e-300)
		if math.Abs(r) < 1e-13 {
			return ph, e, nil
		}
		if !(next > lo && next < hi) {
			switch {
			case math.IsInf(lo, -1):
				next = hi - math.Max(1, 2*math.Abs(hi))
			case math.IsInf(hi, 1):
				next = lo + math.Max(1, 2*math.Abs(lo))
			default:
				next = 0.5 * (lo + hi)
			}
		}
		if math.Abs(next-ph) < 1e-14*math.Max(1, math.Abs(ph)) {
			return next, e, nil
		}
		ph = next
	}
	return 0, fpEntropic{}, &saddle.NotConvergedError{What: what.What, Point: what.Point, Iterations: 100}
}

// conjugates returns (qh1, th) from the energetic derivatives.
func (f *FranzParisi) conjugates(q1, t, p float64) (qh1, th float64, ge fpEnergetic, ok bool) {
	ge, ok = f.energetic(q1, t, p)
	if !ok {
		return 0, 0, ge, false
	}
	return -2 * f.Alpha * ge.DQ1, -f.Alpha * ge.DT, ge, true
}

// residual of the reduced (q1, t) system; also returns the full point.
func (f *FranzParisi) residual(x []float64, p float64, r []float64) (LocalEntropyPoint, bool) {
	q1, t := x[0], x[1]
	qh1, th, ge, ok := f.conjugates(q1, t, p)
	if !ok || !(qh1-th*th/f.Ref.QHat >= 0) {
		return LocalEntropyPoint{}, false
	}
	ph, e, err := f.solvePHat(qh1, th, p, f.ph)
	if err != nil {
		return LocalEntropyPoint{}, false
	}
	f.ph = ph
	qh0 := f.Ref.QHat
	tNew := th/qh0*(1-e.T2) + e.T - e.TZ0/math.Sqrt(qh0)
	r[0] = e.T2 - q1
	r[1] = tNew - t
	S := -qh1*(1-q1)/2 - ph*p + th*t + e.GS + f.Alpha*ge.GE
	return LocalEntropyPoint{D: (1 - p) / 2, S: S, Slope: 2 * (ph - f.Alpha*ge.DP), Q1: q1, T: t, QHat1: qh1, THat: th, PHat: ph}, true
}

// guess predicts (q1, t) at overlap p with the reference: t from the last
// solution (or p q0), and q1 so that the part of the constrained field
// independent of the references, B^2 = q1 - t^2/q0 - A^2, is kept (or is 30%
// of what is left on a cold start). This keeps the guess inside the domain.
func (f *FranzParisi) guess(p float64) []float64 {
	q0 := f.Ref.Q
	t, b2 := p*q0, -1.0
	if f.have {
		t = f.x[1]
		a := (f.lastP - t) / math.Sqrt(1-q0)
		b2 = f.x[0] - t*t/q0 - a*a
	}
	a := (p - t) / math.Sqrt(1-q0)
	rest := 1 - t*t/q0 - a*a
	if rest <= 0 {
		t = p * q0
		a = (p - t) / math.Sqrt(1-q0)
		rest = 1 - t*t/q0 - a*a
	}
	if !(b2 > 0 && b2 < 0.9*rest) {
		b2 = 0.3 * rest
	}
	if !f.have {
		f.ph = f.Ref.QHat
	}
	return []float64{t*t/q0 + a*a + b2, t}
}

// residual3 is the residual of the (q1, t, ph) system: the q1, t and p
// equations. The energetic pass depends only on (q1, t) and is cached, so the
// ph column of the finite-difference Jacobian costs one entropic pass.
func (f *FranzParisi) residual3(x []float64, p float64, r []float64) (LocalEntropyPoint, bool) {
	q1, t, ph := x[0], x[1], x[2]
	if !(f.cache.ok && f.cache.q1 == q1 && f.cache.t == t && f.cache.p == p) {
		qh1, th, ge, ok := f.conjugates(q1, t, p)
		f.cache.q1, f.cache.t, f.cache.p = q1, t, p
		f.cache.qh1, f.cache.th, f.cache.ge, f.cache.ok = qh1, th, ge, ok
		f.cache.valid = ok
	}
	if !f.cache.valid {
		return LocalEntropyPoint{}, false
	}
	qh1, th, ge := f.cache.qh1, f.cache.th, f.cache.ge
	e, ok := f.entropic(qh1, th, ph)
	if !ok {
		return LocalEntropyPoint{}, false
	}
	qh0 := f.Ref.QHat
	tNew := th/qh0*(1-e.T2) + e.T - e.TZ0/math.Sqrt(qh0)
	r[0] = e.T2 - q1
	r[1] = tNew - t
	r[2] = e.T - p
	S := -qh1*(1-q1)/2 - ph*p + th*t + e.GS + f.Alpha*ge.GE
	return LocalEntropyPoint{D: (1 - p) / 2, S: S, Slope: 2 * (ph - f.Alpha*ge.DP), Q1: q1, T: t, QHat1: qh1, THat: th, PHat: ph}, true
}

// At returns the local entropy at distance d, continuing from the previous
// solution when there is one (call At along a curve for speed). It tries
// Newton's method on (q1, t, ph) from the predicted guess; if that fails, a
// damped fixed-point iteration of the (q1, t) equations (ph solved exactly
// at each step) brings it close and Newton finishes.
func (f *FranzParisi) At(d float64) (LocalEntropyPoint, error) {
	if !(d > 0 && d < 0.5) || math.IsNaN(d) {
		return LocalEntropyPoint{}, fmt.Errorf("perceptron: local entropy needs 0 < d < 0.5 (got %v)", d)
	}
	p := 1 - 2*d
	// S is stationary in the order parameters, so a residual of 1e-9 leaves
	// an error far below 1e-12 in S.
	opt := saddle.Options{Tol: 1e-8, ResidualTol: 1e-9, MaxIter: 30, What: "perceptron Franz-Parisi local entropy", Point: pointName("alpha", f.Alpha, "kappa_ref", f.KappaRef, "kappa_c", f.KappaC, "d", d)}
	r := make([]float64, 3)
	res3 := func(x, out []float64) bool {
		_, ok := f.residual3(x, p, out)
		return ok
	}
	g := f.guess(p)
	x := []float64{g[0], g[1], f.ph}
	if f.havePrev && f.lastP != f.prevP {
		// secant predictor from the last two solutions
		u := (p - f.lastP) / (f.lastP - f.prevP)
		cand := []float64{
			f.x[0] + u*(f.x[0]-f.prevX[0]),
			f.x[1] + u*(f.x[1]-f.prevX[1]),
			f.ph + u*(f.ph-f.prevX[2]),
		}
		if _, ok := f.residual3(cand, p, r); ok {
			x = cand
		}
	}
	var err error
	_, f.jac, err = saddle.Broyden(res3, x, f.jac, opt)
	if err != nil {
		f.jac = nil
		x = []float64{g[0], g[1], f.ph}
		_, err = saddle.Newton(res3, x, opt)
	}
	if err != nil {
		x2 := f.guess(p)
		fp := opt
		fp.Tol, fp.MaxIter, fp.Damping = 1e-7, 400, 0.7
		_, err = saddle.Iterate(func(x, out []float64) {
			if _, ok := f.residual(x, p, r); !ok {
				out[0], out[1] = math.NaN(), math.NaN()
				return
			}
			out[0], out[1] = x[0]+r[0], x[1]+r[1]
		}, x2, fp)
		if err == nil {
			x = []float64{x2[0], x2[1], f.ph}
			_, err = saddle.Newton(res3, x, opt)
		}
	}
	if err != nil {
		return LocalEntropyPoint{}, err
	}
	pt, ok := f.residual3(x, p, r)
	if !ok {
		return LocalEntropyPoint{}, &saddle.NotConvergedError{What: opt.What, Point: opt.Point}
	}
	if f.have {
		f.prevX = append(f.prevX[:0], f.x[0], f.x[1], f.ph)
		f.prevP, f.havePrev = f.lastP, true
	}
	f.x = append(f.x[:0], x[0], x[1])
	f.ph = x[2]
	f.lastP = p
	f.have = true
	return pt, nil
}
