package rf

import (
	"fmt"
	"math"

	"flatland/sim/detmath"
	"flatland/sim/gauss"
)

// Reference is the ensemble from which the Franz-Parisi reference solution
// is drawn: typical solutions with margin Kappa (Kappa = 0: typical
// solutions of the training set; Kappa = kappa_max(alpha, alpha_D): the
// maximal-margin, flat-minima reference). Typ is its RS saddle point.
type Reference struct {
	Kappa float64
	Typ   Typical
}

// fpSystem is the Franz-Parisi saddle-point problem at fixed distance:
// constrained replicas (margin m.Kappa) at overlap S = 1 - 2d with a
// reference drawn from ref. DERIVATION.md eqs. (16)-(20).
type fpSystem struct {
	m             Model
	alpha, alphaD float64
	k1, ks        float64
	ref           Reference
	S             float64
	phi0          float64 // total free entropy at margin m.Kappa: S_FP <= phi0
	// reference quantities
	q0, qh0, pd0, p0, r0 float64
	Q0, D0, M0, m0       float64
	// quadrature
	z0  rule
	x   []rule // conditional rule for x given the reference constraint, per z0 node
	z1  rule
	key [6]float64 // arguments of the cached energy, with the margin m.Kappa
	val [6]float64
	has bool
}

// FP quadrature orders: Gauss-Hermite orders for the two shared Gaussian
// fields and the Gauss-Legendre order of the four panels for the reference's
// own field. The last one matters at small d (the constrained field is then
// sharply concentrated): with 4 points per panel the slope dS_FP/dd at
// d < 0.02 was off by up to 0.15 and flipped the monotonicity verdict near
// alpha_LE; 8 points agree with a (40, 40, 12-point, 80) rule to ~1e-2 in
// the slope and 1e-4 in S_FP (TestFPQuadratureConverged).
var (
	fpZ0Order = 20
	fpZ1Order = 20
	fpXLeg    = newLegendre(8)
	fpWRule   = hermiteRule(40)
)

func newFPSystem(m Model, alpha, alphaD float64, ref Reference) *fpSystem {
	k1, ks := m.coef()
	t := ref.Typ
	s := &fpSystem{m: m, alpha: alpha, alphaD: alphaD, k1: k1, ks: ks, ref: ref,
		q0: t.Q, qh0: t.QHat, pd0: t.PD, p0: t.P, r0: t.R}
	Qd0, Q0, M0 := effective(k1, ks, t.PD, t.P, t.Q, t.R)
	s.Q0, s.D0, s.M0 = Q0, Qd0-Q0, M0
	if m.Labels == Teacher {
		s.m0 = M0 / math.Sqrt(Q0)
	}
	s.phi0 = s.totalEntropy(m.Kappa)
	s.z0 = hermiteRule(fpZ0Order)
	if v0 := math.Sqrt(math.Max(1e-12, 1-s.m0*s.m0)); s.m0 > 0.5*v0 {
		// the teacher's label probability is a sharp step in z0 at 0 (width
		// v0/m0): Gauss-Hermite would be off by ~1e-3, so split panels there
		s.z0 = stepRule(v0/s.m0, fpZ0Order)
	}
	s.z1 = hermiteRule(fpZ1Order)
	s.x = make([]rule, len(s.z0.z))
	for i, z := range s.z0.z {
		xs := (ref.Kappa - math.Sqrt(Q0)*z) / math.Sqrt(s.D0)
		s.x[i] = truncRule(xs, fpXLeg)
	}
	return s
}

// totalEntropy is the free entropy phi of all solutions at margin kappa
// (+Inf if it cannot be solved: physical then rejects nothing).
func (s *fpSystem) totalEntropy(kappa float64) float64 {
	m := s.m
	m.Kappa = kappa
	if t, err := m.SolveTypical(s.alpha, s.alphaD, &s.ref.Typ); err == nil {
		return t.Phi
	}
	return math.Inf(1)
}

// logHRatio returns ln H(x) and G(x)/H(x) for the hot loops: gauss.LogHG
// (quintic Hermite tables, absolute error ~1e-15, exact formulas outside
// [-12, 30]), with a shortcut deep in the left tail.
func logHRatio(x float64) (float64, float64) {
	if x < -8.5 {
		// H(x) = 1 - O(1e-17): ln H and G/H are below rounding of the sums
		return 0, 0
	}
	return gauss.LogHG(x)
}

// hAndG returns H(x) and G(x) for the hot loops, from one table lookup
// (gauss.LogHG) and one detmath.Exp: H = exp(ln H), G = (G/H) H; relative
// error ~1e-15.
func hAndG(x float64) (h, g float64) {
	lh, goh := gauss.LogHG(x)
	h = detmath.Exp(lh)
	return h, goh * h
}

// energy returns the constrained-replica energetic term, eq. (19), and its
// gradient with respect to (Qd1, Q1, Qs, Qtau, M1).
func (s *fpSystem) energy(Qd1, Q1, Qs, Qt, M1 float64) (G float64, g [5]float64, ok bool) {
	// the margin is part of the key: the start continues in m.Kappa at fixed overlaps
	k := [6]float64{Qd1, Q1, Qs, Qt, M1, s.m.Kappa}
	if s.has && k == s.key {
		return s.val[0], [5]float64{s.val[1], s.val[2], s.val[3], s.val[4], s.val[5]}, true
	}
	sQ0, sD0 := math.Sqrt(s.Q0), math.Sqrt(s.D0)
	ac := Qt / sQ0
	bc := (Qs - Qt) / sD0
	g2 := Q1 - ac*ac - bc*bc
	d2 := Qd1 - Q1
	if !(g2 > -1e-12) || !(d2 > 0) {
		return 0, g, false
	}
	// g2 = 0 is the degenerate point where the constrained replicas are
	// just further references: the value is defined, the gradient is not
	// (the caller gets ok but a zero gradient; gradient() rejects it).
	degenerate := g2 < 1e-14
	gam, del := math.Sqrt(math.Max(g2, 0)), math.Sqrt(d2)
	dac := [5]float64{0, 0, 0, 1 / sQ0, 0}
	dbc := [5]float64{0, 0, 1 / sD0, -1 / sD0, 0}
	var dgam, ddel, dm1 [5]float64
	for i := 0; i < 5; i++ {
		dQ1 := 0.0
		if i == 1 {
			dQ1 = 1
		}
		if !degenerate {
			dgam[i] = (dQ1 - 2*ac*dac[i] - 2*bc*dbc[i]) / (2 * gam)
		}
	}
	ddel[0], ddel[1] = 1/(2*del), -1/(2*del)
	teacher := s.m.Labels == Teacher
	var m1, v float64
	if teacher {
		if degenerate {
			if math.Abs(M1-s.m0*ac) > 1e-10 {
				return 0, g, false
			}
		} else {
			m1 = (M1 - s.m0*ac) / gam
		}
		v2 := 1 - s.m0*s.m0 - m1*m1
		if !(v2 > 1e-14) {
			return 0, g, false
		}
		v = math.Sqrt(v2)
		for i := 0; i < 5; i++ {
			dM1 := 0.0
			if i == 4 {
				dM1 = 1
			}
			if !degenerate {
				dm1[i] = (dM1-s.m0*dac[i])/gam - m1*dgam[i]/gam
			}
		}
	}
	kap := s.m.Kappa
	invDel := 1 / del
	for i, z0 := range s.z0.z {
		w0 := s.z0.w[i]
		xr := s.x[i]
		for j1, z1 := range s.z1.z {
			w01 := w0 * s.z1.w[j1]
			// the label probability depends on (z0, z1) only
			P := 1.0
			var dPc float64
			if teacher {
				Y := (s.m0*z0 + m1*z1) / v
				h, g := hAndG(-Y)
				P = 2 * h
				dPc = 2 * g * (z1/v + Y*m1/(v*v))
			}
			// parts of dX/dparam that do not depend on x
			var c0 [5]float64
			for kk := 0; kk < 5; kk++ {
				c0[kk] = -(z0*dac[kk] + z1*dgam[kk]) * invDel
			}
			base := ac*z0 + gam*z1
			var sg [5]float64
			var sG float64
			for jx, x := range xr.z {
				w := xr.w[jx]
				X := (kap - base - bc*x) * invDel
				f, gh := logHRatio(X)
				sG += w * f
				for kk := 0; kk < 5; kk++ {
					dX := c0[kk] - x*dbc[kk]*invDel - X*ddel[kk]*invDel
					sg[kk] += w * gh * dX
				}
			}
			G += w01 * P * sG
			for kk := 0; kk < 5; kk++ {
				dv := -P * sg[kk]
				if teacher {
					dv += dPc * dm1[kk] * sG
				}
				g[kk] += w01 * dv
			}
		}
	}
	if degenerate {
		return G, [5]float64{}, true
	}
	s.key, s.has = k, true
	s.val = [6]float64{G, g[0], g[1], g[2], g[3], g[4]}
	return G, g, true
}

// entropic is the binary-weight term of the constrained replicas, eq. (17),
// and its gradient with respect to (qh1, Sh, Th, q1, T).
func (s *fpSystem) entropic(qh1, Sh, Th, q1, T float64) (float64, [5]float64, bool) {
	var g [5]float64
	if !(s.qh0 > 0) {
		return 0, g, false
	}
	B2 := qh1 - Th*Th/s.qh0
	if !(B2 > -1e-12) {
		return 0, g, false
	}
	B := math.Sqrt(math.Max(B2, 0)) // B = 0: degenerate point, value only
	invB := 0.0
	if B > 0 {
		invB = 1 / B
	}
	sq0 := math.Sqrt(s.qh0)
	var v, e1, e2, e3 float64
	for i, z0 := range fpWRule.z {
		w0 := fpWRule.w[i] * (1 + tanh(sq0*z0))
		c := Th*z0/sq0 + Sh - Th
		for j, z1 := range fpWRule.z {
			w := w0 * fpWRule.w[j]
			h := c + B*z1
			th, l2c := gauss.TanhLog2CoshFast(h)
			v += w * l2c
			e1 += w * th * z1
			e2 += w * th
			e3 += w * th * (z0/sq0 - 1 - z1*Th*invB/s.qh0)
		}
	}
	val := -Sh*s.S + Th*T + 0.5*qh1*q1 - 0.5*qh1 + v
	g[0] = 0.5*q1 - 0.5 + 0.5*e1*invB
	g[1] = -s.S + e2
	g[2] = T + e3
	g[3] = 0.5 * qh1
	g[4] = Th
	return val, g, true
}

func (s *fpSystem) latent(q1, T, pd1, p1, t, tau, r1 float64) fpLatent {
	return fpLatent{q0: s.q0, q1: q1, S: s.S, T: T, pd0: s.pd0, p0: s.p0, pd1: pd1, p1: p1, t: t, tau: tau, r0: s.r0, r1: r1}
}

// unknowns: X = (qh1, Sh, Th, q1, T, pd1, p1, t, tau, R1); R1 omitted for
// random labels.
func (s *fpSystem) nvar() int {
	if s.m.Labels == Teacher {
		return 10
	}
	return 9
}

func (s *fpSystem) unpack(X []float64) (qh1, Sh, Th, q1, T, pd1, p1, t, tau, r1 float64) {
	qh1, Sh, Th, q1, T, pd1, p1, t, tau = X[0], X[1], X[2], X[3], X[4], X[5], X[6], X[7], X[8]
	if len(X) > 9 {
		r1 = X[9]
	}
	return
}

// potential is the Franz-Parisi free entropy of the constrained replicas,
// eq. (16): its value at the saddle point is the local entropy S_FP(d).
func (s *fpSystem) potential(X []float64) (float64, bool) {
	qh1, Sh, Th, q1, T, pd1, p1, t, tau, r1 := s.unpack(X)
	gs, _, ok := s.entropic(qh1, Sh, Th, q1, T)
	if !ok {
		return 0, false
	}
	L, ok := s.latent(q1, T, pd1, p1, t, tau, r1).constrained()
	if !ok {
		return 0, false
	}
	k1s, kss := s.k1*s.k1, s.ks*s.ks
	G, _, ok := s.energy(k1s*pd1+kss, k1s*p1+kss*q1, k1s*t+kss*s.S, k1s*tau+kss*T, s.k1*r1)
	if !ok {
		return 0, false
	}
	return gs + s.alphaD*L + s.alpha*G, true
}

// gradient is the saddle-point residual: the gradient of the potential.
func (s *fpSystem) gradient(X []float64) ([]float64, bool) {
	s.m.pause()
	qh1, Sh, Th, q1, T, pd1, p1, t, tau, r1 := s.unpack(X)
	if !(q1 < 1) || !(q1 > 0) {
		return nil, false
	}
	_, gs, ok := s.entropic(qh1, Sh, Th, q1, T)
	if !ok || !(qh1-Th*Th/s.qh0 > 0) {
		return nil, false
	}
	k1s, kss := s.k1*s.k1, s.ks*s.ks
	_, ge, ok := s.energy(k1s*pd1+kss, k1s*p1+kss*q1, k1s*t+kss*s.S, k1s*tau+kss*T, s.k1*r1)
	if !ok || ge == [5]float64{} {
		return nil, false
	}
	// latent gradient by central differences of the complex-step value
	lat := [7]float64{q1, T, pd1, p1, t, tau, r1}
	var gl [7]float64
	nl := 7
	if s.m.Labels != Teacher {
		nl = 6
	}
	for i := 0; i < nl; i++ {
		h := 1e-6
		lp, lm := lat, lat
		lp[i] += h
		lm[i] -= h
		vp, ok1 := s.latent(lp[0], lp[1], lp[2], lp[3], lp[4], lp[5], lp[6]).constrained()
		vm, ok2 := s.latent(lm[0], lm[1], lm[2], lm[3], lm[4], lm[5], lm[6]).constrained()
		if !ok1 || !ok2 {
			return nil, false
		}
		gl[i] = (vp - vm) / (2 * h)
	}
	a, ad := s.alpha, s.alphaD
	out := make([]float64, s.nvar())
	out[0] = gs[0]
	out[1] = gs[1]
	out[2] = gs[2]
	out[3] = gs[3] + ad*gl[0] + a*kss*ge[1]
	out[4] = gs[4] + ad*gl[1] + a*kss*ge[3]
	out[5] = ad*gl[2] + a*k1s*ge[0]
	out[6] = ad*gl[3] + a*k1s*ge[1]
	out[7] = ad*gl[4] + a*k1s*ge[2]
	out[8] = ad*gl[5] + a*k1s*ge[3]
	if len(out) > 9 {
		out[9] = ad*gl[6] + a*s.k1*ge[4]
	}
	return out, true
}

// physical reports whether a saddle point respects S_FP <= phi (the local
// entropy cannot exceed the total entropy of the constrained ensemble), up
// to the Franz-Parisi quadrature error (a few 1e-4 when the teacher overlap
// is large): it rejects the spurious branches found from a bad start.
func (s *fpSystem) physical(X []float64) bool {
	v, ok := s.potential(X)
	return ok && v <= s.phi0+2e-3
}

// slope is dS_FP/dd at a saddle point X: by the envelope theorem the
// partial derivative of the potential with respect to S (d = (1-S)/2), so
// dS_FP/dd = -2 dPsi/dS.
func (s *fpSystem) slope(X []float64) (float64, bool) {
	S := s.S
	h := 1e-6
	s.S = S + h
	vp, ok1 := s.potential(X)
	s.S = S - h
	vm, ok2 := s.potential(X)
	s.S = S
	if !ok1 || !ok2 {
		return 0, false
	}
	return -2 * (vp - vm) / (2 * h), true
}

// solve finds the saddle point from X0.
func (s *fpSystem) solve(X0 []float64) ([]float64, float64, error) {
	X, res, _ := newton(s.gradient, X0, 1e-11, 40)
	if !(res < 1e-8) {
		return nil, 0, &NotConvergedError{What: "Franz-Parisi saddle", Point: fmt.Sprintf("%s d=%g kappa_r=%g", s.m.point(s.alpha, s.alphaD), (1-s.S)/2, s.ref.Kappa), Resid: res}
	}
	v, ok := s.potential(X)
	if !ok {
		return nil, 0, &NotConvergedError{What: "Franz-Parisi potential", Point: s.m.point(s.alpha, s.alphaD)}
	}
	return X, v, nil
}

// trivialGuess is the point where the constrained replicas are just further
// references (exact saddle point when the margins agree and S = q0).
func (s *fpSystem) trivialGuess() []float64 {
	t := s.ref.Typ
	X := []float64{t.QHat, t.QHat, t.QHat, t.Q, t.Q, t.PD, t.P, t.P, t.P, t.R}
	return X[:s.nvar()]
}

// H2 is the binary entropy -d ln d - (1-d) ln(1-d), the upper bound of any
// local entropy at distance d.
func H2(d float64) float64 {
	return gauss.H2(d)
}
