package rf

import (
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
	z0     rule
	x      []rule // conditional rule for x given the reference constraint, per z0 node
	z1     rule
	wRule  rule       // Gauss-Hermite rule of the weight term, per dimension
	orders fpOrders   // the orders of z0, x, z1 and wRule
	key    [6]float64 // arguments of the cached energy, with the margin m.Kappa
	val    fpEnergy
	has    bool
	// the last entropic term and its arguments (with S): Newton asks for it
	// again at an accepted trial point, and the curve's point at the saddle
	entKey [6]float64
	entVal fpEntropic
	entHas bool
}

// newFPSystem sets up the Franz-Parisi system around ref with the
// quadrature rules of fpStartOrders (a walk grows them where its error
// estimate asks for it: fpWalker.checkQuadrature).
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
	s.setOrders(fpStartOrders)
	return s
}

// setOrders builds the quadrature rules of the orders o that differ from
// the current ones (and forgets the cached terms computed with the old).
func (s *fpSystem) setOrders(o fpOrders) {
	old := s.orders
	s.orders = o
	if o.W != old.W {
		s.entHas = false
		s.wRule = cachedHermiteRule(o.W)
	}
	if o.Z0 == old.Z0 && o.Z1 == old.Z1 && o.X == old.X {
		return
	}
	s.has = false
	if o.Z1 != old.Z1 {
		s.z1 = cachedHermiteRule(o.Z1)
	}
	if o.Z0 == old.Z0 && o.X == old.X {
		return
	}
	if v0 := math.Sqrt(math.Max(1e-12, 1-s.m0*s.m0)); s.m0 > 0.5*v0 {
		// the teacher's label probability is a sharp step in z0 at 0 (width
		// v0/m0): Gauss-Hermite would be off by ~1e-3, so split panels there
		s.z0 = stepRule(v0/s.m0, o.Z0)
	} else {
		s.z0 = cachedHermiteRule(o.Z0)
	}
	leg := newLegendre(o.X)
	s.x = make([]rule, len(s.z0.z))
	for i, z := range s.z0.z {
		xs := (s.ref.Kappa - math.Sqrt(s.Q0)*z) / math.Sqrt(s.D0)
		s.x[i] = truncRule(xs, leg)
	}
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
	if x < logHShortcut {
		// H(x) = 1 - O(1e-17): ln H and G/H are below rounding of the sums
		return 0, 0
	}
	return gauss.LogHG(x)
}

// logHShortcut is where logHRatio returns 0, 0 (deep in the left tail).
const logHShortcut = -8.5

// The grid of gauss.LogHG (step 1/64 on [-12, 30]), rebuilt here from the
// same closed forms for the Franz-Parisi energy loop: per node ln H, its
// first and second derivatives, g = G/H and its first and second
// derivatives, (ln H)' = -g, g' = g (g - x), (g')' = g' (g - x) + g (g' - 1).
const (
	logHTabStep = 1.0 / 64
	logHTabLo   = -12.0
	logHTabHi   = 30.0
)

// logHPoly holds, per interval of the grid, the quintic Hermite
// interpolants of ln H and G/H (gauss.LogHG's) in monomial form in t = (x -
// x_i)/step: six coefficients each, evaluated by Horner (10 multiplications
// per node instead of the ~35 of the Hermite basis: the energy pass 1.5x
// faster natively, 1.25x in WebAssembly). It agrees with gauss.LogHG to a
// few units in the last place.
var logHPoly = func() [][12]float64 {
	const h = logHTabStep
	p := make([][12]float64, len(logHTab)-1)
	for i := range p {
		a, b := &logHTab[i], &logHTab[i+1]
		for k := 0; k < 2; k++ {
			a0, a1, a2 := a[3*k], h*a[3*k+1], 0.5*h*h*a[3*k+2]
			b0, b1, b2 := b[3*k], h*b[3*k+1], 0.5*h*h*b[3*k+2]
			p[i][6*k] = a0
			p[i][6*k+1] = a1
			p[i][6*k+2] = a2
			p[i][6*k+3] = 10*(b0-a0) - 6*a1 - 4*b1 - 3*a2 + b2
			p[i][6*k+4] = -15*(b0-a0) + 8*a1 + 7*b1 + 3*a2 - 2*b2
			p[i][6*k+5] = 6*(b0-a0) - 3*a1 - 3*b1 - a2 + b2
		}
	}
	return p
}()

var logHTab = func() [][6]float64 {
	n := int(math.Round((logHTabHi - logHTabLo) / logHTabStep))
	f := make([][6]float64, n+1)
	for i := range f {
		x := logHTabLo + float64(i)*logHTabStep
		g := gauss.GOverH(x)
		g1 := g * (g - x)
		g2 := g1*(g-x) + g*(g1-1)
		f[i] = [6]float64{gauss.LogH(x), -g, -g1, g, g1, g2}
	}
	return f
}()

// hAndG returns H(x) and G(x) for the hot loops, from one table lookup
// (gauss.LogHG) and one detmath.Exp: H = exp(ln H), G = (G/H) H; relative
// error ~1e-15.
func hAndG(x float64) (h, g float64) {
	lh, goh := gauss.LogHG(x)
	h = detmath.Exp(lh)
	return h, goh * h
}

// fpEnergy is the energetic term G_E^FP of eq. (19) with its gradient and
// Hessian in p = (Qd1, Q1, Qs, Qtau, M1), eqs. (24)-(28).
type fpEnergy struct {
	G float64
	g [5]float64
	H [5][5]float64
}

// energy returns G_E^FP and its derivatives at p, all from one quadrature
// pass. The result is cached (Newton evaluates a trial point and then asks
// for its Jacobian); it is nil with ok false outside the domain. At the
// degenerate point gamma = 0 (constrained replicas are further references)
// only the value is defined: gradient and Hessian are zero (the residual
// rejects it).
func (s *fpSystem) energy(Qd1, Q1, Qs, Qt, M1 float64) (*fpEnergy, bool) {
	// the margin is part of the key: the start continues in m.Kappa at fixed overlaps
	k := [6]float64{Qd1, Q1, Qs, Qt, M1, s.m.Kappa}
	if s.has && k == s.key {
		return &s.val, true
	}
	s.has = false
	sQ0, sD0 := math.Sqrt(s.Q0), math.Sqrt(s.D0)
	ac := Qt / sQ0
	bc := (Qs - Qt) / sD0
	g2 := Q1 - ac*ac - bc*bc
	d2 := Qd1 - Q1
	if !(g2 > -1e-12) || !(d2 > 0) {
		return nil, false
	}
	degenerate := g2 < 1e-14
	gam, del := math.Sqrt(math.Max(g2, 0)), math.Sqrt(d2)
	teacher := s.m.Labels == Teacher
	var m1, v float64
	if teacher {
		if degenerate {
			if math.Abs(M1-s.m0*ac) > 1e-10 {
				return nil, false
			}
		} else {
			m1 = (M1 - s.m0*ac) / gam
		}
		v2 := 1 - s.m0*s.m0 - m1*m1
		if !(v2 > 1e-14) {
			return nil, false
		}
		v = math.Sqrt(v2)
	}
	// derivatives in theta = (a, b, gamma, delta, m1), a = Qtau/sqrt(Q0),
	// b = (Qs - Qtau)/sqrt(D0): eq. (25)
	var G float64
	var gt [5]float64
	var ht [5][5]float64
	kap := s.m.Kappa
	invDel := 1 / del
	invDel2 := invDel * invDel
	a1 := -bc * invDel
	invV := 0.0
	if teacher {
		invV = 1 / v
	}
	for i, z0 := range s.z0.z {
		w0 := s.z0.w[i]
		xz, xw := s.x[i].z, s.x[i].w
		for j1, z1 := range s.z1.z {
			w01 := w0 * s.z1.w[j1]
			// the label probability P = 2 H(-Y) depends on (z0, z1) and m1 only
			P, dP, ddP := 1.0, 0.0, 0.0
			if teacher {
				Y := (s.m0*z0 + m1*z1) * invV
				h, g := hAndG(-Y)
				P = 2 * h
				dY := (z1 + Y*m1*invV) * invV
				ddY := (z1*m1*invV + dY*m1 + Y + 2*Y*m1*m1*invV*invV) * invV * invV
				dP = 2 * g * dY
				ddP = 2 * g * (ddY - Y*dY*dY)
			}
			// X = (kappa - a z0 - gamma z1 - b x)/delta = a0 + a1 x; running sums
			// of ln H(X), r = G/H (-d ln H/dX) and c = r (X - r) (d^2 ln H/dX^2)
			a0 := (kap - ac*z0 - gam*z1) * invDel
			var F, R0, R1, C0, C1, C2 float64
			xw := xw[:len(xz)]
			for jx, x := range xz {
				w := xw[jx]
				X := a0 + a1*x
				// logHRatio(X) written out (a call per node costs more than
				// the arithmetic in WebAssembly): gauss.LogHG's quintic
				// Hermite interpolants in monomial form (logHPoly)
				var f, r float64
				if X >= logHShortcut {
					if X < logHTabHi {
						u := (X - logHTabLo) * (1 / logHTabStep)
						i := int(u)
						if i >= len(logHPoly) {
							i = len(logHPoly) - 1
						}
						t := u - float64(i)
						c := &logHPoly[i]
						f = c[0] + t*(c[1]+t*(c[2]+t*(c[3]+t*(c[4]+t*c[5]))))
						r = c[6] + t*(c[7]+t*(c[8]+t*(c[9]+t*(c[10]+t*c[11]))))
					} else {
						f, r = gauss.LogHG(X)
					}
				}
				F += w * f
				wr := w * r
				R0 += wr
				R1 += wr * x
				c := wr * (X - r)
				C0 += c
				C1 += c * x
				C2 += c * x * x
			}
			// dX/dtheta_k = -u_k/delta with u = (z0, x, z1, X) = alpha + beta x, eq. (26)
			al := [4]float64{z0, 0, z1, a0}
			be := [4]float64{0, 1, 0, a1}
			var fk [4]float64
			for kk := 0; kk < 4; kk++ {
				fk[kk] = (al[kk]*R0 + be[kk]*R1) * invDel
			}
			wP := w01 * P
			G += wP * F
			for kk := 0; kk < 4; kk++ {
				gt[kk] += wP * fk[kk]
				for ll := kk; ll < 4; ll++ {
					fkl := (al[kk]*al[ll]*C0 + (al[kk]*be[ll]+be[kk]*al[ll])*C1 + be[kk]*be[ll]*C2) * invDel2
					if ll == 3 {
						// d^2X/dtheta_k ddelta = u_k/delta^2, d^2X/ddelta^2 = 2X/delta^2
						if kk == 3 {
							fkl -= 2 * fk[3] * invDel
						} else {
							fkl -= fk[kk] * invDel
						}
					}
					ht[kk][ll] += wP * fkl
				}
			}
			if teacher {
				wdP := w01 * dP
				gt[4] += wdP * F
				for kk := 0; kk < 4; kk++ {
					ht[kk][4] += wdP * fk[kk]
				}
				ht[4][4] += w01 * ddP * F
			}
		}
	}
	if degenerate {
		return &fpEnergy{G: G}, true
	}
	for kk := 0; kk < 5; kk++ {
		for ll := 0; ll < kk; ll++ {
			ht[kk][ll] = ht[ll][kk]
		}
	}
	// theta as functions of p: first derivatives D[k][i] = dtheta_k/dp_i and
	// the second derivatives of gamma, delta and m1, eq. (27)
	var D [5][5]float64
	D[0][3] = 1 / sQ0
	D[1][2], D[1][3] = 1/sD0, -1/sD0
	var dg2 [5]float64
	for i := 0; i < 5; i++ {
		dg2[i] = -2*ac*D[0][i] - 2*bc*D[1][i]
	}
	dg2[1]++
	for i := 0; i < 5; i++ {
		D[2][i] = dg2[i] / (2 * gam)
	}
	D[3][0], D[3][1] = invDel/2, -invDel/2
	var D2 [3][5][5]float64 // gamma, delta, m1
	dd2 := [5]float64{1, -1, 0, 0, 0}
	N := M1 - s.m0*ac
	var dN [5]float64
	if teacher {
		for i := 0; i < 5; i++ {
			dN[i] = -s.m0 * D[0][i]
		}
		dN[4]++
		for i := 0; i < 5; i++ {
			D[4][i] = dN[i]/gam - N*D[2][i]/(gam*gam)
		}
	}
	for i := 0; i < 5; i++ {
		for j := 0; j < 5; j++ {
			d2g2 := -2 * (D[0][i]*D[0][j] + D[1][i]*D[1][j])
			D2[0][i][j] = d2g2/(2*gam) - dg2[i]*dg2[j]/(4*gam*gam*gam)
			D2[1][i][j] = -dd2[i] * dd2[j] / (4 * del * del * del)
			if teacher {
				D2[2][i][j] = -(dN[i]*D[2][j]+dN[j]*D[2][i])/(gam*gam) - N*D2[0][i][j]/(gam*gam) +
					2*N*D[2][i]*D[2][j]/(gam*gam*gam)
			}
		}
	}
	e := &s.val
	*e = fpEnergy{G: G}
	for i := 0; i < 5; i++ {
		for kk := 0; kk < 5; kk++ {
			e.g[i] += gt[kk] * D[kk][i]
		}
	}
	for i := 0; i < 5; i++ {
		for j := i; j < 5; j++ {
			var h float64
			for kk := 0; kk < 5; kk++ {
				var row float64
				for ll := 0; ll < 5; ll++ {
					row += ht[kk][ll] * D[ll][j]
				}
				h += D[kk][i] * row
			}
			for kk := 2; kk < 5; kk++ {
				h += gt[kk] * D2[kk-2][i][j]
			}
			e.H[i][j], e.H[j][i] = h, h
		}
	}
	s.key, s.has = k, true
	return e, true
}

// fpEntropic is the binary-weight term G_S^FP of eq. (17) with its gradient
// and Hessian in (qh1, Sh, Th, q1, T), eq. (29).
type fpEntropic struct {
	val float64
	g   [5]float64
	H   [5][5]float64
}

// entropic evaluates eq. (17) and its derivatives in one quadrature pass
// (cached: the last arguments are asked for again).
func (s *fpSystem) entropic(qh1, Sh, Th, q1, T float64) (fpEntropic, bool) {
	k := [6]float64{qh1, Sh, Th, q1, T, s.S}
	if s.entHas && k == s.entKey {
		return s.entVal, true
	}
	e, ok := s.entropicPass(qh1, Sh, Th, q1, T)
	if ok {
		s.entKey, s.entVal, s.entHas = k, e, true
	}
	return e, ok
}

// entropicPass is the quadrature pass of entropic.
func (s *fpSystem) entropicPass(qh1, Sh, Th, q1, T float64) (fpEntropic, bool) {
	var e fpEntropic
	if !(s.qh0 > 0) {
		return e, false
	}
	B2 := qh1 - Th*Th/s.qh0
	if !(B2 > -1e-12) {
		return e, false
	}
	B := math.Sqrt(math.Max(B2, 0)) // B = 0: degenerate point, value only
	invB := 0.0
	if B > 0 {
		invB = 1 / B
	}
	sq0 := math.Sqrt(s.qh0)
	invSq0 := 1 / sq0
	// h = c + B z1 with dh/d(qh1, Sh, Th) = alpha + beta z1, beta = dB
	dB := [3]float64{0.5 * invB, 0, -Th * invB / s.qh0}
	var eT1 float64 // E[tanh z1], the part through B
	var V [3]float64
	var Vh [3][3]float64
	var val float64
	for i, z0 := range s.wRule.z {
		w0 := s.wRule.w[i] * (1 + tanh(sq0*z0))
		c := Th*z0*invSq0 + Sh - Th
		var L, T0, T1, S0, S1, S2 float64
		for j, z1 := range s.wRule.z {
			w := s.wRule.w[j]
			th, l2c := gauss.TanhLog2CoshFast(c + B*z1)
			L += w * l2c
			wt := w * th
			T0 += wt
			T1 += wt * z1
			ws := w - wt*th // w (1 - tanh^2)
			S0 += ws
			S1 += ws * z1
			S2 += ws * z1 * z1
		}
		al := [3]float64{0, 1, z0*invSq0 - 1}
		val += w0 * L
		eT1 += w0 * T1
		for a := 0; a < 3; a++ {
			V[a] += w0 * (al[a]*T0 + dB[a]*T1)
			for b := a; b < 3; b++ {
				Vh[a][b] += w0 * (al[a]*al[b]*S0 + (al[a]*dB[b]+dB[a]*al[b])*S1 + dB[a]*dB[b]*S2)
			}
		}
	}
	// E[th z1 d^2B]: d^2B = d^2(B^2)/(2B) - d(B^2) d(B^2)/(4B^3), eq. (29)
	db2 := [3]float64{1, 0, -2 * Th / s.qh0}
	for a := 0; a < 3; a++ {
		for b := a; b < 3; b++ {
			d2b := -db2[a] * db2[b] * invB * invB * invB / 4
			if a == 2 && b == 2 {
				d2b += -2 / s.qh0 * invB / 2
			}
			Vh[a][b] += eT1 * d2b
			Vh[b][a] = Vh[a][b]
		}
	}
	e.val = -Sh*s.S + Th*T + 0.5*qh1*q1 - 0.5*qh1 + val
	e.g[0] = 0.5*q1 - 0.5 + V[0]
	e.g[1] = -s.S + V[1]
	e.g[2] = T + V[2]
	e.g[3] = 0.5 * qh1
	e.g[4] = Th
	for a := 0; a < 3; a++ {
		for b := 0; b < 3; b++ {
			e.H[a][b] = Vh[a][b]
		}
	}
	e.H[0][3], e.H[3][0] = 0.5, 0.5
	e.H[2][4], e.H[4][2] = 1, 1
	return e, true
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
	es, ok := s.entropic(qh1, Sh, Th, q1, T)
	if !ok {
		return 0, false
	}
	L, ok := s.latent(q1, T, pd1, p1, t, tau, r1).constrained()
	if !ok {
		return 0, false
	}
	k1s, kss := s.k1*s.k1, s.ks*s.ks
	ee, ok := s.energy(k1s*pd1+kss, k1s*p1+kss*q1, k1s*t+kss*s.S, k1s*tau+kss*T, s.k1*r1)
	if !ok {
		return 0, false
	}
	return es.val + s.alphaD*L + s.alpha*ee.G, true
}

// latentAt is the constrained latent term d/ds L(0, s) at the latent
// overlaps lat = (q1, T, pd1, p1, t, tau, R1).
func (s *fpSystem) latentAt(lat [7]float64) (float64, bool) {
	return s.latent(lat[0], lat[1], lat[2], lat[3], lat[4], lat[5], lat[6]).constrained()
}

// latentHessian is the Hessian of the closed-form latent term (no
// quadrature) by second differences, Richardson-extrapolated from the steps
// h and h/2: (4 H(h/2) - H(h))/3, eq. (30). The plain second difference with
// h = 1e-4 is off by ~(h/g)^2 relative where g is the smallest scale of the
// latent overlaps, and g is not only the gaps tested below: with t - tau ~
// 1e-3 (tanh/teacher, alpha_D = 0.05) the error of ~1e-2 in the pd1, p1 rows
// made Newton converge only linearly (ratio ~0.9) and the walk stall.
func (s *fpSystem) latentHessian(lat [7]float64, nl int, H *[7][7]float64) bool {
	gap := math.Min(math.Min(1-lat[0], lat[2]-lat[3]), math.Abs(lat[0]))
	h := math.Min(1e-4, 0.01*gap)
	f0, ok := s.latentAt(lat)
	if !ok {
		return false
	}
	var coarse [7][7]float64
	if !s.latentSecondDifferences(lat, nl, f0, h, &coarse) || !s.latentSecondDifferences(lat, nl, f0, h/2, H) {
		return false
	}
	for i := 0; i < nl; i++ {
		for j := 0; j < nl; j++ {
			H[i][j] = (4*H[i][j] - coarse[i][j]) / 3
		}
	}
	return true
}

// latentSecondDifferences writes the second differences of the latent term
// at lat (value f0) with step h into H: (f(x+h) - 2f(x) + f(x-h))/h^2 on the
// diagonal and the four-point formula off it.
func (s *fpSystem) latentSecondDifferences(lat [7]float64, nl int, f0, h float64, H *[7][7]float64) bool {
	at := func(i int, di float64, j int, dj float64) (float64, bool) {
		x := lat
		x[i] += di
		x[j] += dj
		return s.latentAt(x)
	}
	for i := 0; i < nl; i++ {
		fp, ok1 := at(i, h, i, 0)
		fm, ok2 := at(i, -h, i, 0)
		if !ok1 || !ok2 {
			return false
		}
		H[i][i] = (fp - 2*f0 + fm) / (h * h)
		for j := i + 1; j < nl; j++ {
			fpp, ok1 := at(i, h, j, h)
			fpm, ok2 := at(i, h, j, -h)
			fmp, ok3 := at(i, -h, j, h)
			fmm, ok4 := at(i, -h, j, -h)
			if !ok1 || !ok2 || !ok3 || !ok4 {
				return false
			}
			H[i][j] = (fpp - fpm - fmp + fmm) / (4 * h * h)
			H[j][i] = H[i][j]
		}
	}
	return true
}

// residual writes the saddle-point residual, the gradient of the potential
// (16) in X = (qh1, Sh, Th, q1, T, pd1, p1, t, tau, R1), into res and, when
// jac is not nil, its Jacobian (the Hessian of the potential, row-major)
// into jac, eq. (31). It reports false outside the domain and at the
// degenerate point.
func (s *fpSystem) residual(X, res, jac []float64) bool {
	s.m.pause()
	qh1, Sh, Th, q1, T, pd1, p1, t, tau, r1 := s.unpack(X)
	if !(q1 < 1) || !(q1 > 0) {
		return false
	}
	es, ok := s.entropic(qh1, Sh, Th, q1, T)
	if !ok || !(qh1-Th*Th/s.qh0 > 0) {
		return false
	}
	k1s, kss := s.k1*s.k1, s.ks*s.ks
	ee, ok := s.energy(k1s*pd1+kss, k1s*p1+kss*q1, k1s*t+kss*s.S, k1s*tau+kss*T, s.k1*r1)
	if !ok || ee.g == [5]float64{} {
		return false
	}
	ge := ee.g
	// latent gradient by central differences of the closed form (dual-number d/ds)
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
		vp, ok1 := s.latentAt(lp)
		vm, ok2 := s.latentAt(lm)
		if !ok1 || !ok2 {
			return false
		}
		gl[i] = (vp - vm) / (2 * h)
	}
	a, ad := s.alpha, s.alphaD
	gs := es.g
	res[0] = gs[0]
	res[1] = gs[1]
	res[2] = gs[2]
	res[3] = gs[3] + ad*gl[0] + a*kss*ge[1]
	res[4] = gs[4] + ad*gl[1] + a*kss*ge[3]
	res[5] = ad*gl[2] + a*k1s*ge[0]
	res[6] = ad*gl[3] + a*k1s*ge[1]
	res[7] = ad*gl[4] + a*k1s*ge[2]
	res[8] = ad*gl[5] + a*k1s*ge[3]
	n := s.nvar()
	if n > 9 {
		res[9] = ad*gl[6] + a*s.k1*ge[4]
	}
	if jac == nil {
		return true
	}
	var hl [7][7]float64
	if !s.latentHessian(lat, nl, &hl) {
		return false
	}
	for i := range jac[:n*n] {
		jac[i] = 0
	}
	for i := 0; i < 5; i++ {
		for j := 0; j < 5; j++ {
			jac[i*n+j] = es.H[i][j]
		}
	}
	// the latent overlaps are X[3:]
	for i := 0; i < nl; i++ {
		for j := 0; j < nl; j++ {
			jac[(i+3)*n+j+3] += ad * hl[i][j]
		}
	}
	// p = A X + const: Qd1 <- pd1, Q1 <- p1, q1, Qs <- t, Qtau <- tau, T, M1 <- R1
	type term struct {
		p, x int
		c    float64
	}
	terms := [...]term{{0, 5, k1s}, {1, 6, k1s}, {1, 3, kss}, {2, 7, k1s}, {3, 8, k1s}, {3, 4, kss}, {4, 9, s.k1}}
	nt := len(terms)
	if n < 10 {
		nt = 6 // no teacher overlap
	}
	for _, u := range terms[:nt] {
		for _, w := range terms[:nt] {
			jac[u.x*n+w.x] += a * u.c * w.c * ee.H[u.p][w.p]
		}
	}
	return true
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
// partial derivative of the potential with respect to S (d = (1-S)/2) at
// fixed X, so dS_FP/dd = -2 dPsi/dS, eq. (20), with dPsi/dS = -Sh +
// alpha_D dL/dS + alpha k*^2 dG_E/dQs (the energy gradient is cached from
// the last residual; dL/dS by a central difference of the closed form).
func (s *fpSystem) slope(X []float64) (float64, bool) {
	qh1, Sh, Th, q1, T, pd1, p1, t, tau, r1 := s.unpack(X)
	if _, ok := s.entropic(qh1, Sh, Th, q1, T); !ok {
		return 0, false
	}
	k1s, kss := s.k1*s.k1, s.ks*s.ks
	ee, ok := s.energy(k1s*pd1+kss, k1s*p1+kss*q1, k1s*t+kss*s.S, k1s*tau+kss*T, s.k1*r1)
	if !ok || ee.g == [5]float64{} {
		return 0, false
	}
	S := s.S
	h := 1e-6
	s.S = S + h
	lp, ok1 := s.latent(q1, T, pd1, p1, t, tau, r1).constrained()
	s.S = S - h
	lm, ok2 := s.latent(q1, T, pd1, p1, t, tau, r1).constrained()
	s.S = S
	if !ok1 || !ok2 {
		return 0, false
	}
	dPsi := -Sh + s.alphaD*(lp-lm)/(2*h) + s.alpha*kss*ee.g[2]
	return -2 * dPsi, true
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
