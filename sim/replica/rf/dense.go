package rf

import (
	"fmt"
	"math"

	"flatland/sim/detmath"
	"flatland/sim/gauss"
	"flatland/sim/replica/perceptron"
	"flatland/sim/saddle"
)

// Large-deviation ("dense region", y -> infinity) local entropy of the RF
// model, DERIVATION.md eqs. (32)-(43). As for the binary perceptron
// (sim/replica/perceptron, dense.go), the reference W~ is weighted by
// N(W~, d)^y, N the number of solutions at distance d, and y -> infinity:
// S_I(d) = max_W~ (1/N) ln N(W~, d). With n -> 0 groups of one reference and
// y replicas (RS), the overlaps between groups tend to those within a group
// (q0 = q1 - chi1/y for the weights, p0 = p1 - pi/y for the latent vectors),
// group-level averages become maxima, and the reference drops out of the
// energetic and latent terms at leading order: it only fixes the gauge of
// the weight entropy. What is left, eq. (36):
//
//	S_I = extr [ -P p - q0h chi1/2 - dh q1/2 - q0h (1-q1)/2 + G_S + alpha_D L_LD + alpha G_E ]
//
// with the perceptron's G_S (eq. (37)), the y -> infinity latent term L_LD
// (eq. (34)) and the energetic term G_E (eq. (35)) on the Gaussian-equivalent
// fields (3).

// DensePoint is one large-deviation saddle point at distance D.
type DensePoint struct {
	D     float64 // normalized Hamming distance to the reference, (1-p)/2
	S     float64 // S_I(d): the maximal local entropy (nats per weight)
	Slope float64 // dS_I/dd = 2 P by the envelope theorem, eq. (40)
	Q1    float64 // weight overlap of two solutions near the same reference
	Chi1  float64 // y (q1 - q0): the spread of the dense region's centre
	P     float64 // field conjugate to p (the pull towards the reference)
	Q0Hat float64 // conjugate of q0
	DHat  float64 // y (q1h - q0h)
	PD    float64 // latent self-overlap |s|^2/D
	P1    float64 // latent overlap of two solutions near the same reference
	Pi    float64 // y (p1 - p0): the latent counterpart of Chi1
	R     float64 // latent teacher overlap s.W*/D (0 for random labels)
	// Saturated marks the limit chi1 -> infinity: S_I = H2(d) to better than
	// 1e-6, every configuration in the ball is a solution (eq. (41)).
	Saturated bool
}

// Dense computes large-deviation local entropies of the model m (solutions
// of margin m.Kappa) at loads Alpha and AlphaD. AlphaD = +Inf is the
// perceptron limit: the latent overlaps are pinned at P = C, R = 0
// (eq. (43)). Call At in order of d (from large to small is best); not safe
// for concurrent use.
type Dense struct {
	Model         Model // a field, not embedded: the page module would keep every promoted method
	Alpha, AlphaD float64

	k1, ks    float64
	en, ent   gauss.Rule
	breaks    []float64
	enKey     [5]float64 // (Qd, Q1, X, M, kappa) of the cached energetic pass
	enVal     ldEnergy
	enHas     bool
	esKey     [3]float64 // (sqrt(q0h), dh, P) of the cached entropic pass
	esVal     ldEntropicPass
	esHas     bool
	x         []float64  // last solution: (ln chi1, q1, P[, pd, p1, ln pi[, R]])
	cur       float64    // its distance
	prev      []float64  // the solution before (nil at the start)
	prevD     float64    // its distance
	dStar     float64    // where the curve has its maximum (0: not yet known)
	phi       float64    // the typical free entropy there
	top       DensePoint // the point d* itself (P = chi1 = pi = dh = 0)
	saturated bool       // the last point had S_I = H2(d) to 1e-6 (chi1 > 1e3)
}

// NewDense validates the parameters; no work is done until At.
func (m Model) NewDense(alpha, alphaD float64) (*Dense, error) {
	if err := m.check(); err != nil {
		return nil, err
	}
	if m.Spherical {
		return nil, fmt.Errorf("rf: the dense-region local entropy is for binary weights")
	}
	if !(alpha > 0) || alpha > 3 || !(alphaD > 0) || !(math.Abs(m.Kappa) <= 3) {
		return nil, fmt.Errorf("rf: dense local entropy needs 0 < alpha <= 3, alpha_D > 0 and |kappa| <= 3 (alpha=%v alpha_D=%v kappa=%v)", alpha, alphaD, m.Kappa)
	}
	k1, ks := m.coef()
	return &Dense{Model: m, Alpha: alpha, AlphaD: alphaD, k1: k1, ks: ks}, nil
}

// pinned reports the perceptron limit alpha_D = +Inf (latent term pinned).
func (f *Dense) pinned() bool { return math.IsInf(f.AlphaD, 1) }

// nvar is the number of unknowns: (ln chi1, q1, P), then (pd, p1, ln pi)
// unless pinned, then R for teacher labels.
func (f *Dense) nvar() int {
	switch {
	case f.pinned():
		return 3
	case f.Model.Labels == Teacher:
		return 7
	}
	return 6
}

const (
	ldRange = 8.0
	ldPanel = 1.0
	ldNodes = 8 // Gauss-Legendre points per panel
)

// ldLatent is the y -> infinity latent term L_LD, eq. (34), and its partial
// derivatives.
type ldLatent struct {
	L, DQ1, DChi1, DPD, DP1, DPi, DR float64
}

// denseLatent evaluates eq. (34): with a = pd - p1, b = p1 - R^2, B = a + pi,
// u = 1 - q1, A = u + chi1,
//
//	L_LD = 1/2 [ ln a + b/B - a/u - p1/A + q1 B/A^2 - ln u - q1/A + 1 ],
//
// and its closed-form derivatives (used in eq. (38)).
func denseLatent(q1, chi1, pd, p1, pi, r float64) (ldLatent, bool) {
	a, b := pd-p1, p1-r*r
	B, u := a+pi, 1-q1
	A := u + chi1
	if !(a > 0) || !(B > 0) || !(u > 0) || !(q1 >= 0) || !(A > 0) {
		return ldLatent{}, false
	}
	var o ldLatent
	A2, B2 := A*A, B*B
	o.L = 0.5 * (detmath.Log(a) + b/B - a/u - p1/A + q1*B/A2 - detmath.Log(u) - q1/A + 1)
	o.DPD = 0.5 * (1/a - b/B2 - 1/u + q1/A2)
	o.DP1 = 0.5 * (-1/a + 1/B + b/B2 + 1/u - 1/A - q1/A2)
	o.DPi = 0.5 * (-b/B2 + q1/A2)
	o.DR = -r / B
	o.DQ1 = 0.5 * (-a/(u*u) - p1/A2 + B/A2 + 2*q1*B/(A2*A) + 1/u - 1/A - q1/A2)
	o.DChi1 = 0.5 * ((p1+q1)/A2 - 2*q1*B/(A2*A))
	return o, true
}

// ldEnergetic is G_E of eq. (35) and its partial derivatives in the
// effective overlaps (Qd, Q1, X, M).
type ldEnergetic struct {
	G, DQd, DQ1, DX, DM float64
}

// ldEnergy is G_E of eq. (35) with its gradient and Hessian in the
// effective overlaps theta = (Qd, Q1, X, M), from one quadrature pass.
type ldEnergy struct {
	G float64
	g [4]float64
	H [4][4]float64
}

// energetic computes eq. (35),
//
//	G_E = int Dz w(z) max_v [ -v^2/(2X) + ln H((kappa - sqrt(Q1) z - v)/sqrt(Qd - Q1)) ],
//
// w = 1 (random labels) or 2 H(-c z), c = M/sqrt(Q1 - M^2) (teacher), and its
// derivatives by the envelope theorem (only the explicit dependence at the
// maximizer v* counts).
func (f *Dense) energetic(Qd, Q1, X, M float64) (ldEnergetic, bool) {
	en, ok := f.energy(Qd, Q1, X, M)
	if !ok {
		return ldEnergetic{}, false
	}
	return ldEnergetic{G: en.G, DQd: en.g[0], DQ1: en.g[1], DX: en.g[2], DM: en.g[3]}, true
}

// energy returns G_E of eq. (35), its gradient and its Hessian in theta
// (eq. (35b)), on the rule with the panels of theta. The result is cached:
// Newton evaluates a trial point and then asks for its Jacobian.
func (f *Dense) energy(Qd, Q1, X, M float64) (*ldEnergy, bool) {
	key := [5]float64{Qd, Q1, X, M, f.Model.Kappa}
	if f.enHas && key == f.enKey {
		return &f.enVal, true
	}
	f.enHas = false
	D := Qd - Q1
	if !(D > 0) || !(Q1 > 0) || !(X > 0 && X < 1e8) || M*M >= Q1 {
		return nil, false
	}
	t, s := math.Sqrt(D), math.Sqrt(Q1)
	teacher := f.Model.Labels == Teacher
	var c float64
	kinks := []gauss.Kink{{At: f.Model.Kappa / s, Width: t / s}}
	if teacher {
		c = M / math.Sqrt(Q1-M*M)
		if c != 0 {
			kinks = append(kinks, gauss.Kink{At: 0, Width: 1 / math.Abs(c)})
		}
	}
	f.breaks = gauss.BreaksOn(f.breaks[:0], ldRange, ldPanel, kinks...)
	f.en.Fill(f.breaks, ldNodes)
	// running sums over z of w lab times val = max_v g and its derivatives
	// in a = (s, t, X); with the label derivatives (teacher) those of
	// lab_c val, lab_c val_a and lab_cc val (eq. (35b))
	var F, wsum, Fc, Fcc float64
	var A, Ac [3]float64
	var B [3][3]float64
	it2 := 1 / (t * t)
	v := 0.0
	for i, z := range f.en.Z {
		if i%16 == 0 {
			f.Model.pause()
		}
		e0 := f.Model.Kappa - s*z
		var L, r float64
		v, L, r = gauss.MaxPenalizedLogH(v, e0, X, t)
		e := (e0 - v) / t
		L1, L2 := -r, r*(e-r) // (ln H)' and (ln H)''
		val := L - v*v/(2*X)
		// partial derivatives of g(v; s, t, X) at v*
		gvv := -1/X + L2*it2
		gvs := L2 * z * it2
		gvt := (L2*e + L1) * it2
		gvX := v / (X * X)
		ga := [3]float64{-L1 * z / t, -L1 * e / t, v * v / (2 * X * X)}
		gab := [3][3]float64{
			{L2 * z * z * it2, (L2*e + L1) * z * it2, 0},
			{0, (L2*e + 2*L1) * e * it2, 0},
			{0, 0, -v * v / (X * X * X)},
		}
		gva := [3]float64{gvs, gvt, gvX}
		wz := f.en.W[i]
		wsum += wz
		lab := 1.0
		if teacher {
			h, g := hAndG(-c * z)
			lab = 2 * h
			labC := 2 * g * z
			labCC := -c * z * z * labC
			Fc += wz * labC * val
			Fcc += wz * labCC * val
			for a := 0; a < 3; a++ {
				Ac[a] += wz * labC * ga[a]
			}
		}
		wl := wz * lab
		F += wl * val
		for a := 0; a < 3; a++ {
			A[a] += wl * ga[a]
			// val_ab = g_ab - g_va g_vb / g_vv (v* moves with a)
			for b := a; b < 3; b++ {
				B[a][b] += wl * (gab[a][b] - gva[a]*gva[b]/gvv)
			}
		}
		// tangent predictor for the next node: dv*/dz = -g_vz/g_vv,
		// g_vz = (ln H)'' s/t^2
		if i+1 < len(f.en.Z) {
			v -= L2 * s * it2 / gvv * (f.en.Z[i+1] - z)
		}
	}
	inv := 1 / wsum
	F, Fc, Fcc = F*inv, Fc*inv, Fcc*inv
	for a := 0; a < 3; a++ {
		A[a] *= inv
		Ac[a] *= inv
		for b := a; b < 3; b++ {
			B[a][b] *= inv
			B[b][a] = B[a][b]
		}
	}
	// chain rule to theta = (Qd, Q1, X, M): s = sqrt(Q1), t = sqrt(Qd - Q1),
	// c = M/sqrt(Q1 - M^2)
	var Ja [3][4]float64 // da/dtheta
	Ja[0][1] = 1 / (2 * s)
	Ja[1][0], Ja[1][1] = 1/(2*t), -1/(2*t)
	Ja[2][2] = 1
	var cT [4]float64     // dc/dtheta
	var cTT [4][4]float64 // d2c/dtheta2
	if teacher {
		w := Q1 - M*M
		w32, w52 := w*math.Sqrt(w), w*w*math.Sqrt(w)
		cT[1], cT[3] = -M/(2*w32), Q1/w32
		cTT[1][1] = 3 * M / (4 * w52)
		cTT[1][3] = -(Q1/2 + M*M) / w52
		cTT[3][1] = cTT[1][3]
		cTT[3][3] = 3 * Q1 * M / w52
	}
	o := &f.enVal
	*o = ldEnergy{G: F}
	for i := 0; i < 4; i++ {
		o.g[i] = Fc * cT[i]
		for a := 0; a < 3; a++ {
			o.g[i] += A[a] * Ja[a][i]
		}
	}
	s3, t3 := 1/(4*s*s*s), 1/(4*t*t*t)
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			h := Fcc*cT[i]*cT[j] + Fc*cTT[i][j]
			for a := 0; a < 3; a++ {
				h += Ac[a] * (Ja[a][i]*cT[j] + cT[i]*Ja[a][j])
				for b := 0; b < 3; b++ {
					h += B[a][b] * Ja[a][i] * Ja[b][j]
				}
			}
			o.H[i][j] = h
		}
	}
	// second derivatives of s and t
	o.H[1][1] -= A[0] * s3
	o.H[0][0] -= A[1] * t3
	o.H[1][1] -= A[1] * t3
	o.H[0][1] += A[1] * t3
	o.H[1][0] += A[1] * t3
	f.enKey, f.enHas = key, true
	return o, true
}

// ldEntropic holds G_S and the averages of T, T^2 and T |z|.
type ldEntropic struct {
	GS, T, T2, TZ float64
}

// entropic computes G_S = int Dz phi(sqrt(q0h) |z| + P), eq. (37), with
// s = sqrt(q0h).
func (f *Dense) entropic(s, dh, P float64) ldEntropic {
	return f.entropicPass(s, dh, P).ldEntropic
}

// ldEntropicPass is entropic with the Jacobian of entropicJacobian.
type ldEntropicPass struct {
	ldEntropic
	J [3][3]float64
}

// entropicPass computes G_S, the averages of T, T^2, T |z| and their
// derivatives in (q0h, dh, P), analytic under the quadrature: with a =
// sqrt(q0h) |z| + P, k = sqrt(dh) and w* = k T, T = tanh(a + k w*) gives
// dT/da = (1-T^2)/(1 - k^2 (1-T^2)) and dT/d(dh) = T dT/da. The result is
// cached (the residual and then its Jacobian ask for the same point).
func (f *Dense) entropicPass(s, dh, P float64) *ldEntropicPass {
	key := [3]float64{s, dh, P}
	if f.esHas && key == f.esKey {
		return &f.esVal
	}
	if f.ent.Len() == 0 {
		f.ent.Fill(gauss.BreaksOn(nil, ldRange, ldPanel), ldNodes)
	}
	k := math.Sqrt(dh)
	o := &f.esVal
	*o = ldEntropicPass{}
	J := &o.J
	for i, z := range f.ent.Z {
		az := math.Abs(z)
		ph, t := gauss.MaxLog2Cosh(s*az+P, k)
		w := f.ent.W[i]
		o.GS += w * ph
		o.T += w * t
		o.T2 += w * t * t
		o.TZ += w * t * az
		u := 1 - t*t
		ta := u / (1 - k*k*u)
		th := t * ta
		// rows: E[T|z|]/s, E[T^2], E[T]; columns: q0h, dh, P
		J[0][0] += w * ta * az * az / (2 * s * s)
		J[0][1] += w * th * az / s
		J[0][2] += w * ta * az / s
		J[1][0] += w * 2 * t * ta * az / (2 * s)
		J[1][1] += w * 2 * t * th
		J[1][2] += w * 2 * t * ta
		J[2][0] += w * ta * az / (2 * s)
		J[2][1] += w * th
		J[2][2] += w * ta
	}
	J[0][0] -= o.TZ / (2 * s * s * s)
	f.esKey, f.esHas = key, true
	return o
}

// denseVars are the order parameters other than the weight conjugates.
type denseVars struct {
	chi1, q1, P, pd, p1, pi, r float64
}

// unpack maps the unknowns to the order parameters (pinned: pd = 1,
// p1 = q1, pi = chi1, R = 0).
func (f *Dense) unpack(x []float64) denseVars {
	v := denseVars{chi1: detmath.Exp(x[0]), q1: x[1], P: x[2]}
	if f.pinned() {
		v.pd, v.p1, v.pi = 1, v.q1, v.chi1
		return v
	}
	v.pd, v.p1, v.pi = x[3], x[4], detmath.Exp(x[5])
	if len(x) > 6 {
		v.r = x[6]
	}
	return v
}

// denseTerms holds everything the residual and the free entropy need.
type denseTerms struct {
	lat        ldLatent
	en         ldEnergetic
	q0h, dh    float64
	psiQ1      float64 // d(alpha_D L_LD + alpha G_E)/dq1
	psiChi1    float64 // ... /dchi1
	psiPD      float64 // ... /dpd
	psiP1      float64 // ... /dp1
	psiPi      float64 // ... /dpi
	psiR       float64 // ... /dR
	latentPart float64 // alpha_D L_LD (0 when pinned)
}

// terms evaluates the latent and energetic terms and the explicit conjugates
// (eq. (38)) at v.
func (f *Dense) terms(v denseVars) (denseTerms, bool) {
	k1, ks := f.k1, f.ks
	var t denseTerms
	Qd := k1*k1*v.pd + ks*ks
	Q1 := k1*k1*v.p1 + ks*ks*v.q1
	X := k1*k1*v.pi + ks*ks*v.chi1
	M := k1 * v.r
	en, ok := f.energetic(Qd, Q1, X, M)
	if !ok {
		return t, false
	}
	t.en = en
	al := f.Alpha
	t.psiQ1 = al * ks * ks * en.DQ1
	t.psiChi1 = al * ks * ks * en.DX
	t.psiPD = al * k1 * k1 * en.DQd
	t.psiP1 = al * k1 * k1 * en.DQ1
	t.psiPi = al * k1 * k1 * en.DX
	t.psiR = al * k1 * en.DM
	if f.pinned() {
		// pd = 1, p1 = q1, pi = chi1 are not free: their energetic
		// derivatives add to those of q1 and chi1 (k1^2 + k*^2 = V)
		t.psiQ1 += t.psiP1
		t.psiChi1 += t.psiPi
	} else {
		lat, ok := denseLatent(v.q1, v.chi1, v.pd, v.p1, v.pi, v.r)
		if !ok {
			return t, false
		}
		t.lat = lat
		ad := f.AlphaD
		t.latentPart = ad * lat.L
		t.psiQ1 += ad * lat.DQ1
		t.psiChi1 += ad * lat.DChi1
		t.psiPD += ad * lat.DPD
		t.psiP1 += ad * lat.DP1
		t.psiPi += ad * lat.DPi
		t.psiR += ad * lat.DR
	}
	t.q0h = 2 * t.psiChi1
	t.dh = t.q0h + 2*t.psiQ1
	if !(t.q0h > 0) || !(t.dh >= 0) {
		return t, false
	}
	return t, true
}

// residual writes the stationarity conditions at the unknowns x and overlap
// p into r: eq. (39) for the weight block, and the latent stationarity
// (pd, p1, pi, R) scaled by 1/(alpha + alpha_D) as in the typical solver.
func (f *Dense) residual(x []float64, p float64, r []float64) (DensePoint, bool) {
	v := f.unpack(x)
	t, ok := f.terms(v)
	if !ok {
		return DensePoint{}, false
	}
	s := math.Sqrt(t.q0h)
	es := f.entropic(s, t.dh, v.P)
	r[0] = es.TZ/s - (1 - v.q1) - v.chi1
	r[1] = es.T2 - v.q1
	r[2] = es.T - p
	if !f.pinned() {
		sc := 1 / (f.Alpha + f.AlphaD)
		r[3] = sc * t.psiPD
		r[4] = sc * t.psiP1
		r[5] = sc * t.psiPi
		if len(r) > 6 {
			r[6] = sc * t.psiR
		}
	}
	S := -v.P*p - t.q0h*v.chi1/2 - t.dh*v.q1/2 - t.q0h*(1-v.q1)/2 + es.GS + t.latentPart + f.Alpha*t.en.G
	return DensePoint{D: (1 - p) / 2, S: S, Slope: 2 * v.P, Q1: v.q1, Chi1: v.chi1, P: v.P,
		Q0Hat: t.q0h, DHat: t.dh, PD: v.pd, P1: v.p1, Pi: v.pi, R: v.r}, true
}

// DenseMaxDistance returns d* = (1 - int Dz |tanh(sqrt(qh) z)|)/2 at the
// typical saddle point of (alpha, alpha_D) (margin m.Kappa): the distance
// at which the dense-region curve reaches its maximum phi with P = chi1 =
// pi = 0, eq. (41).
func DenseMaxDistance(m Model, alpha, alphaD float64) (dStar float64, typ Typical, err error) {
	typ, err = m.SolveTypical(alpha, alphaD, nil)
	if err != nil {
		return 0, typ, err
	}
	if !(typ.Phi > 0) {
		return 0, typ, fmt.Errorf("rf: dense local entropy at %s: %w (phi = %.4g)", m.point(alpha, alphaD), ErrAboveInterpolation, typ.Phi)
	}
	return denseMaxDistance(typ.QHat), typ, nil
}

func denseMaxDistance(qh float64) float64 {
	r := gauss.KinkRule(ldNodes, gauss.Kink{At: 0, Width: 1 / math.Sqrt(qh)})
	s := math.Sqrt(qh)
	m := r.Average(func(z float64) float64 { t, _ := gauss.TanhLog2CoshFast(s * z); return math.Abs(t) })
	return (1 - m) / 2
}

// denseStartP is the pull P of the first point below d*.
const denseStartP = 1e-3

// start finds d*, phi and the first point of the curve from the typical
// saddle point (eq. (41)): chi1 ~ 2 G(0) tanh(P)/sqrt(qh) at small P, pi
// from the perceptron-limit ratio pi/chi1 = (pd - p)/(1 - q).
func (f *Dense) start() error {
	var q, qh, pd, p, r, phi float64
	if f.pinned() {
		pm := f.Model
		pm.Kappa = f.Model.Kappa / math.Sqrt(f.k1*f.k1+f.ks*f.ks)
		// the perceptron's storage saddle on features of variance V
		st, err := perceptron.Storage(f.Alpha, pm.Kappa)
		if err != nil {
			return err
		}
		q, qh, pd, p, phi = st.Q, st.QHat, 1, st.Q, st.Phi
	} else {
		typ, err := f.Model.SolveTypical(f.Alpha, f.AlphaD, nil)
		if err != nil {
			return err
		}
		if !(typ.Phi > 0) {
			return fmt.Errorf("rf: dense local entropy at %s: %w (phi = %.4g)", f.Model.point(f.Alpha, f.AlphaD), ErrAboveInterpolation, typ.Phi)
		}
		q, qh, pd, p, r, phi = typ.Q, typ.QHat, typ.PD, typ.P, typ.R, typ.Phi
	}
	f.dStar, f.phi = denseMaxDistance(qh), phi
	f.top = DensePoint{D: f.dStar, S: phi, Q1: q, Q0Hat: qh, PD: pd, P1: p, R: r}
	chi1 := 2 * gauss.G(0) * detmath.Tanh(denseStartP) / math.Sqrt(qh)
	x := []float64{detmath.Log(chi1), q, denseStartP}
	if !f.pinned() {
		x = append(x, pd, p, detmath.Log(chi1*(pd-p)/(1-q)))
		if f.Model.Labels == Teacher {
			x = append(x, r)
		}
	}
	f.x, f.prev = x, nil
	f.cur = f.dStar * (1 - 1e-3)
	return nil
}

// At returns S_I at distance d (0 < d < d*), continuing from the previous
// solution (or from d*) in steps of at most 15% in d (smaller near d*),
// halving a step whose Newton iteration fails. The path depends only on the
// sequence of calls.
func (f *Dense) At(d float64) (DensePoint, error) {
	if !(d > 0 && d < 0.5) {
		return DensePoint{}, fmt.Errorf("rf: dense local entropy needs 0 < d < 0.5 (got %v)", d)
	}
	if f.dStar == 0 {
		if err := f.start(); err != nil {
			return DensePoint{}, err
		}
	}
	if d >= f.dStar {
		return DensePoint{}, fmt.Errorf("rf: the dense-region curve at alpha=%g alpha_D=%g is computed for d < d* = %.6g, where it reaches its maximum phi = %.6g (got d = %v)", f.Alpha, f.AlphaD, f.dStar, f.phi, d)
	}
	frac := 1.0
	for step := 0; ; step++ {
		if step > 2000 {
			return DensePoint{}, notConverged("dense local entropy (continuation)", f.densePoint(d), 0)
		}
		next := d
		h := frac * math.Min(0.15*f.cur, denseStepNearTop*(f.dStar-f.cur)+1e-4)
		if d < f.cur {
			next = math.Max(d, f.cur-h)
		} else if d > f.cur {
			next = math.Min(d, f.cur+h)
		}
		if f.saturated && next < f.cur {
			return saturatedDensePoint(d), nil
		}
		pt, err := f.solve(next)
		if err != nil {
			frac /= 2
			if frac < 1e-4 {
				return DensePoint{}, err
			}
			continue
		}
		f.cur = next
		f.saturated = pt.Chi1 > 1e3 && gauss.H2(next)-pt.S < 1e-6
		frac = math.Min(1, 2*frac)
		if next == d {
			return pt, nil
		}
	}
}

func (f *Dense) densePoint(d float64) string {
	return fmt.Sprintf("%s d=%.6g", f.Model.point(f.Alpha, f.AlphaD), d)
}

// saturatedDensePoint is the limit chi1 -> infinity of eq. (41): every
// configuration at distance d from the reference is a solution.
func saturatedDensePoint(d float64) DensePoint {
	p := 1 - 2*d
	return DensePoint{D: d, S: gauss.H2(d), Slope: 2 * detmath.Atanh(p), Q1: p * p, Chi1: math.Inf(1), P: detmath.Atanh(p), Pi: math.Inf(1), Saturated: true}
}

// solve runs Newton's method at distance d from the current solution and
// stores the result.
func (f *Dense) solve(d float64) (DensePoint, error) {
	p := 1 - 2*d
	what, point := "dense local entropy", f.densePoint(d)
	x, res, ok := f.newton(p, f.predict(d))
	if !ok {
		return DensePoint{}, notConverged(what, point, res)
	}
	pt, ok := f.residual(x, p, make([]float64, len(x)))
	if !ok {
		return DensePoint{}, notConverged(what, point, res)
	}
	f.prev, f.prevD, f.x = f.x, f.cur, x
	return pt, nil
}

// predict is the start of Newton's method at d: the last two solutions
// extrapolated linearly in t = ln((d* - d)/d), in which ln chi1 is about
// linear near the top (chi1 ~ P ~ d* - d) and the unknowns are smooth down
// to d -> 0; the last solution if the residual is undefined there (near
// saturation the extrapolated chi1 can overshoot). The residual's passes
// are cached for Newton's first step.
func (f *Dense) predict(d float64) []float64 {
	x := append([]float64(nil), f.x...)
	if f.prev == nil {
		return x
	}
	t := func(d float64) float64 { return detmath.Log((f.dStar - d) / d) }
	t0, t1 := t(f.prevD), t(f.cur)
	if !(t1 != t0) {
		return x
	}
	w := (t(d) - t1) / (t1 - t0)
	for i := range x {
		x[i] += w * (f.x[i] - f.prev[i])
	}
	if !f.validUnknowns(x) {
		copy(x, f.x)
	} else if _, ok := f.residual(x, 1-2*d, make([]float64, len(x))); !ok {
		copy(x, f.x)
	}
	return x
}

// Newton iteration of solve.
const (
	denseStepNearTop = 0.3   // continuation step near d*: this times d* - d (plus 1e-4)
	denseResidualTol = 1e-10 // largest residual component accepted
	denseStepTol     = 1e-11 // relative size of a last full step
	denseMaxIter     = 30
)

// newton solves the stationarity conditions at overlap p from x by Newton's
// method with the Jacobian of residualJacobian, equilibrated (rows, then
// columns, scaled to unit largest entry) before the elimination: near the
// saturated regime (chi1 >~ 100) the latent and weight columns differ by
// ten orders of magnitude and plain partial pivoting calls the matrix
// singular. Steps are halved until the largest residual decreases.
func (f *Dense) newton(p float64, x []float64) ([]float64, float64, bool) {
	n := len(x)
	r, rt := make([]float64, n), make([]float64, n)
	J := make([]float64, n*n)
	xt := make([]float64, n)
	if !f.residualJacobian(x, p, r, J) {
		return x, math.Inf(1), false
	}
	norm := maxAbs(r)
	for it := 0; it < denseMaxIter; it++ {
		if norm <= denseResidualTol {
			return x, norm, true
		}
		var rowScale, colScale [7]float64
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				rowScale[i] = math.Max(rowScale[i], math.Abs(J[i*n+j]))
			}
			if !(rowScale[i] > 0) {
				return x, norm, false
			}
			rowScale[i] = 1 / rowScale[i]
		}
		for j := 0; j < n; j++ {
			for i := 0; i < n; i++ {
				colScale[j] = math.Max(colScale[j], math.Abs(J[i*n+j]*rowScale[i]))
			}
			if !(colScale[j] > 0) {
				return x, norm, false
			}
			colScale[j] = 1 / colScale[j]
		}
		a := make([]float64, n*n)
		b := make([]float64, n)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				a[i*n+j] = rowScale[i] * J[i*n+j] * colScale[j]
			}
			b[i] = -rowScale[i] * r[i]
		}
		y, ok := saddle.SolveLinear(a, b)
		if !ok {
			return x, norm, false
		}
		// merit: the largest row-scaled residual (rows differ by orders of
		// magnitude near saturation, where the plain one stalls the steps)
		merit := 0.0
		for i := 0; i < n; i++ {
			merit = math.Max(merit, math.Abs(rowScale[i]*r[i]))
		}
		lambda, accepted := 1.0, false
		for k := 0; k < 30; k++ {
			for j := range x {
				xt[j] = x[j] + lambda*colScale[j]*y[j]
			}
			if f.validUnknowns(xt) {
				if _, ok := f.residual(xt, p, rt); ok && scaledMax(rt, rowScale[:n]) < merit {
					accepted = true
					break
				}
			}
			lambda /= 2
		}
		if !accepted {
			return x, norm, false
		}
		small := lambda == 1
		for j := range x {
			if !saddle.Small(xt[j]-x[j], x[j], denseStepTol) {
				small = false
			}
		}
		copy(x, xt)
		if small {
			return x, maxAbs(rt), true
		}
		if !f.residualJacobian(x, p, r, J) {
			return x, math.Inf(1), false
		}
		norm = maxAbs(r)
	}
	return x, norm, norm <= denseResidualTol
}

func scaledMax(r, scale []float64) float64 {
	m := 0.0
	for i := range r {
		m = math.Max(m, math.Abs(scale[i]*r[i]))
	}
	if math.IsNaN(m) {
		return math.Inf(1)
	}
	return m
}

// validUnknowns rejects non-finite unknowns and q1 outside (0, 1).
func (f *Dense) validUnknowns(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return x[1] > 0 && x[1] < 1
}

// DenseLocalEntropy computes S_I(d) on the grid ds (each 0 < d < d*), in the
// given order, by continuation.
func DenseLocalEntropy(m Model, alpha, alphaD float64, ds []float64) ([]DensePoint, error) {
	f, err := m.NewDense(alpha, alphaD)
	if err != nil {
		return nil, err
	}
	out := make([]DensePoint, 0, len(ds))
	for _, d := range ds {
		pt, err := f.At(d)
		if err != nil {
			return out, err
		}
		out = append(out, pt)
	}
	return out, nil
}

// entropicJacobian returns the derivatives of (E[T |z|]/sqrt(q0h), E[T^2],
// E[T]) in (q0h, dh, P) (entropicPass).
func (f *Dense) entropicJacobian(q0h, dh, P float64) [3][3]float64 {
	return f.entropicPass(math.Sqrt(q0h), dh, P).J
}

// freeVars lists the free order parameters u (indices into y = (chi1, q1,
// pd, p1, pi, R)) and dtheta/du for the effective overlaps theta = (Qd, Q1,
// X, M) of eq. (3): pinned (eq. (43)), u = (chi1, q1) with pd = 1, p1 = q1, pi = chi1.
func (f *Dense) freeVars() (n int, C [4][6]float64) {
	k1s, kss := f.k1*f.k1, f.ks*f.ks
	if f.pinned() {
		C[2][0], C[1][1] = k1s+kss, k1s+kss
		return 2, C
	}
	C[2][0], C[1][1] = kss, kss
	C[0][2], C[1][3], C[2][4], C[3][5] = k1s, k1s, k1s, f.k1
	if f.Model.Labels == Teacher {
		return 6, C
	}
	return 5, C
}

// psiGradient returns psi_j = d(alpha_D L_LD + alpha G_E)/du_j at y.
func (f *Dense) psiGradient(y [6]float64) ([6]float64, bool) {
	g, _, ok := f.psiDerivs(y, false)
	return g, ok
}

// latentGradient is the gradient of L_LD (eq. (34)) in y = (chi1, q1, pd,
// p1, pi, R).
func latentGradient(y [6]float64) ([6]float64, bool) {
	lat, ok := denseLatent(y[1], y[0], y[2], y[3], y[4], y[5])
	return [6]float64{lat.DChi1, lat.DQ1, lat.DPD, lat.DP1, lat.DPi, lat.DR}, ok
}

// psiDerivs returns the gradient of psi = alpha_D L_LD + alpha G_E in the
// free u at y and, if hess, its Hessian: the energetic part as C^T H_E C
// (theta is linear in u; H_E from the quadrature pass, eq. (35b)), the
// latent part by central differences of its closed-form gradient.
func (f *Dense) psiDerivs(y [6]float64, hess bool) (g [6]float64, H [6][6]float64, ok bool) {
	n, C := f.freeVars()
	Qd := f.k1*f.k1*y[2] + f.ks*f.ks
	Q1 := f.k1*f.k1*y[3] + f.ks*f.ks*y[1]
	X := f.k1*f.k1*y[4] + f.ks*f.ks*y[0]
	M := f.k1 * y[5]
	en, ok := f.energy(Qd, Q1, X, M)
	if !ok {
		return g, H, false
	}
	for j := 0; j < n; j++ {
		for k := 0; k < 4; k++ {
			g[j] += f.Alpha * C[k][j] * en.g[k]
		}
	}
	if hess {
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				h := 0.0
				for k := 0; k < 4; k++ {
					for l := 0; l < 4; l++ {
						h += C[k][i] * en.H[k][l] * C[l][j]
					}
				}
				H[i][j] = f.Alpha * h
			}
		}
	}
	if f.pinned() {
		return g, H, true
	}
	lg, ok := latentGradient(y)
	if !ok {
		return g, H, false
	}
	for j := 0; j < n; j++ {
		g[j] += f.AlphaD * lg[j]
	}
	if !hess {
		return g, H, true
	}
	for j := 0; j < n; j++ {
		h := 1e-6 * math.Max(1e-3, math.Abs(y[j]))
		if j == 0 || j == 4 {
			h = 1e-6 * y[j] // chi1, pi > 0
		}
		yp, ym := y, y
		yp[j] += h
		ym[j] -= h
		gp, okp := latentGradient(yp)
		gm, okm := latentGradient(ym)
		if !okp || !okm {
			return g, H, false
		}
		for i := 0; i < n; i++ {
			// symmetrized: the exact Hessian is symmetric
			d := f.AlphaD * (gp[i] - gm[i]) / (4 * h)
			H[i][j] += d
			H[j][i] += d
		}
	}
	return g, H, true
}

// residualJacobian is residual and, when jac is not nil, its Jacobian in
// the unknowns x (row-major): the Hessian of psi from psiDerivs, the weight
// block analytic (entropicJacobian), chained through q0h = 2 psi_chi1 and
// dh = q0h + 2 psi_q1 (eq. (38)). The quadrature passes are those of the
// residual (cached).
func (f *Dense) residualJacobian(x []float64, p float64, r, jac []float64) bool {
	pt, ok := f.residual(x, p, r)
	if !ok {
		return false
	}
	if jac == nil {
		return true
	}
	nx := len(x)
	nu, _ := f.freeVars()
	y := [6]float64{pt.Chi1, pt.Q1, pt.PD, pt.P1, pt.Pi, pt.R}
	if f.pinned() {
		y[2], y[3], y[4] = 1, pt.Q1, pt.Chi1
	}
	_, H, ok := f.psiDerivs(y, true)
	if !ok {
		return false
	}
	EJ := f.entropicJacobian(pt.Q0Hat, pt.DHat, pt.P)
	// du/dx: u_0 = chi1 = exp(x0), u_1 = q1 = x1, then pd, p1 = x3, x4,
	// pi = exp(x5), R = x6; x2 = P
	col := func(j int) (xi int, scale float64) {
		switch j {
		case 0:
			return 0, y[0]
		case 1:
			return 1, 1
		case 4:
			return 5, y[4]
		}
		return j + 1, 1
	}
	for i := range jac[:nx*nx] {
		jac[i] = 0
	}
	sc := 1 / (f.Alpha + f.AlphaD)
	for j := 0; j < nu; j++ {
		xj, s := col(j)
		dq0h := 2 * H[0][j]
		ddh := dq0h + 2*H[1][j]
		for e := 0; e < 3; e++ {
			jac[e*nx+xj] += s * (EJ[e][0]*dq0h + EJ[e][1]*ddh)
		}
		// explicit terms of r0 = E0 - (1 - q1) - chi1 and r1 = E1 - q1
		switch j {
		case 0:
			jac[0*nx+xj] -= s
		case 1:
			jac[0*nx+xj] += s
			jac[1*nx+xj] -= s
		}
		// latent rows r3.. = sc psi_{pd, p1, pi, R}
		for i := 2; i < nu; i++ {
			jac[(i+1)*nx+xj] += s * sc * H[i][j]
		}
	}
	for e := 0; e < 3; e++ {
		jac[e*nx+2] = EJ[e][2]
	}
	return true
}

// denseThresholdGrid is where the slope of S_I is inspected for the
// threshold, as for the perceptron: d = 0.06 * 0.97^k down to 0.008.
var denseThresholdGrid = func() []float64 {
	var g []float64
	for d := 0.06; d > 0.008; d *= 0.97 {
		g = append(g, d)
	}
	return g
}()

// MinDenseSlope returns the smallest slope dS_I/dd = 2P of the dense-region
// curve on the threshold grid at (alpha, alpha_D) and where. Past the
// threshold the branch continued from d* may end (a fold) a little after P
// turns negative: the negative slopes seen before the end are returned (an
// error only if the branch ends with all slopes positive).
func MinDenseSlope(m Model, alpha, alphaD float64) (slope, at float64, err error) {
	f, err := m.NewDense(alpha, alphaD)
	if err != nil {
		return 0, 0, err
	}
	slope = math.Inf(1)
	for _, d := range denseThresholdGrid {
		pt, err := f.At(d)
		if err != nil {
			if slope < 0 {
				return slope, at, nil
			}
			return 0, 0, err
		}
		if pt.Slope < slope {
			slope, at = pt.Slope, d
		}
	}
	return slope, at, nil
}

// DenseThreshold returns alpha_LD(alpha_D), eq. (42): the largest alpha at
// which the dense-region curve is monotone on the threshold grid (its
// smallest slope crosses zero), by Brent's method on [lo, hi].
func DenseThreshold(m Model, alphaD, lo, hi, tol float64) (float64, error) {
	f := func(a float64) (float64, error) {
		s, _, err := MinDenseSlope(m, a, alphaD)
		return s, err
	}
	return saddle.Brent(f, lo, hi, tol, saddle.Options{What: "rf dense-region threshold alpha_LD", Point: fmt.Sprintf("alpha_D=%g lo=%g hi=%g", alphaD, lo, hi)})
}

// DenseThresholdAbove returns alpha_LD(alpha_D) when no bracket is known:
// it steps alpha up from lo (where the dense-region curve must still be
// monotone, e.g. the Franz-Parisi alpha_LE: the densest references stay
// monotone at least as long) by step until the smallest slope turns
// negative, at most up to hi (alpha_c), then refines that step by
// DenseThreshold.
func DenseThresholdAbove(m Model, alphaD, lo, hi, step, tol float64) (float64, error) {
	if !(lo < hi) || !(step > 0) {
		return 0, fmt.Errorf("rf: dense-region threshold search needs lo < hi and step > 0 (lo=%g hi=%g step=%g)", lo, hi, step)
	}
	s, _, err := MinDenseSlope(m, lo, alphaD)
	if err != nil {
		return 0, err
	}
	if s <= 0 {
		return 0, fmt.Errorf("rf: the dense-region curve at alpha_D=%g is already non-monotone at alpha=%g (smallest slope %.3g): alpha_LD is below it", alphaD, lo, s)
	}
	for a := lo; a < hi; a += step {
		b := math.Min(a+step, hi)
		s, _, err := MinDenseSlope(m, b, alphaD)
		if err != nil {
			return 0, err
		}
		if s <= 0 {
			return DenseThreshold(m, alphaD, a, b, tol)
		}
	}
	return 0, fmt.Errorf("rf: the dense-region curve at alpha_D=%g stays monotone up to alpha=%g", alphaD, hi)
}
