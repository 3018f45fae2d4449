package rf

import (
	"fmt"
	"math"

	"flatland/sim/detmath"
	"flatland/sim/gauss"
	"flatland/sim/labels"
)

// Labels selects the rule generating the training labels: the one type of
// sim/labels (shared with the data generator; the zero value is Teacher).
type Labels = labels.Labels

const (
	Teacher = labels.Teacher // y = sign(W* . xi / sqrt D), hidden perceptron on the inputs
	Random  = labels.Random  // y = +-1 at random (storage)
)

// ParseLabels maps "teacher" / "random" to Labels.
func ParseLabels(s string) (Labels, error) { return labels.Parse(s) }

// Model fixes everything but the two loads alpha = P/N and alpha_D = D/N.
type Model struct {
	Act    Activation
	Labels Labels
	// Kappa is the margin required of every training example (0 for plain
	// interpolation; the flat-minima reference uses the maximal margin).
	Kappa float64
	// Spherical replaces the binary-weight entropy by the spherical one
	// (weights on the sphere |W|^2 = N): the Cover check, capacity 2.
	Spherical bool

	tick func() // called after every small unit of work (steppers pause here)
}

// check refuses an activation or label rule outside the shared tables (the
// coefficients would be NaN and every solver would fail less clearly).
func (m Model) check() error {
	if !m.Act.Valid() {
		return fmt.Errorf("rf: unknown activation %v", m.Act)
	}
	if !m.Labels.Valid() {
		return fmt.Errorf("rf: unknown labels %v", m.Labels)
	}
	return nil
}

func (m Model) pause() {
	if m.tick != nil {
		m.tick()
	}
}

func (m Model) coef() (k1, ks float64) {
	c := m.Act.GaussianEquivalence()
	return c.K1, c.KStar
}

func (m Model) point(alpha, alphaD float64) string {
	return fmt.Sprintf("alpha=%.6g alpha_D=%.6g act=%s labels=%s kappa=%.6g", alpha, alphaD, m.Act, m.Labels, m.Kappa)
}

// Typical is the replica-symmetric typical (equilibrium) saddle point of the
// RF model, DERIVATION.md eqs. (1)-(9).
type Typical struct {
	Alpha, AlphaD float64
	Q, QHat       float64 // W_a.W_b/N and its conjugate
	PD, P, R      float64 // |s|^2/D, s_a.s_b/D, s.W*/D with s = F^T W/sqrt N
	Phi           float64 // free entropy per weight (log number of solutions / N)
	EpsTypical    float64 // generalization error of a typical solution, arccos(M/sqrt(Qd))/pi
	EpsBayes      float64 // Bayes (centre-of-mass) error, arccos(M/sqrt(Q))/pi
}

// effective overlaps of the Gaussian-equivalent preactivations, eq. (3).
func effective(k1, ks, pd, p, q, r float64) (Qd, Q, M float64) {
	return k1*k1*pd + ks*ks, k1*k1*p + ks*ks*q, k1 * r
}

// energy is the RS energetic term G_E(Qd, Q, M), eq. (5), and its partial
// derivatives with respect to Qd, Q (at fixed Qd) and M.
func energy(labels Labels, kappa, Qd, Q, M float64) (G, gd, gq, gm float64, ok bool) {
	return energyHess(labels, kappa, Qd, Q, M, nil)
}

// energyHess is energy and, when hess is not nil, the Hessian of G_E in
// (Qd, Q, M) from the same quadrature pass (eq. (5b)): G_E = E_z[lab f(x)]
// with f = ln H, x = (kappa - s z)/t, s = sqrt(Q), t = sqrt(Qd - Q), and
// lab = 2 H(-c z), c = M/sqrt(Q - M^2) (teacher; 1 for random labels). The
// z-sums give the derivatives in theta = (s, t, c) (x_s = -z/t, x_t = -x/t,
// x_st = z/t^2, x_tt = 2x/t^2, f' = -r, f” = r (x - r), r = G/H,
// lab_c = 2 G(cz) z, lab_cc = -c z^2 lab_c), and the chain rule through
// theta(Qd, Q, M) gives those in (Qd, Q, M).
func energyHess(labels Labels, kappa, Qd, Q, M float64, hess *[3][3]float64) (G, gd, gq, gm float64, ok bool) {
	D := Qd - Q
	if !(D > 0) || !(Q > 0) || M*M >= Q {
		return 0, 0, 0, 0, false
	}
	sQ, sD := math.Sqrt(Q), math.Sqrt(D)
	kink := kappa / sQ
	var c float64
	var bb [8]float64
	breaks := append(bb[:0], kink)
	if labels == Teacher {
		c = M / math.Sqrt(Q-M*M)
		breaks = append(breaks, 0)
		if ac := math.Abs(c); ac > 2 {
			breaks = append(breaks, 1/ac, -1/ac, 3/ac, -3/ac)
		}
	}
	if sD/sQ < 0.5 {
		w := sD / sQ
		breaks = append(breaks, kink-w, kink+w, kink+4*w)
	}
	dcdQ, dcdM := 0.0, 0.0
	if labels == Teacher {
		v := Q - M*M
		dcdQ = -M / (2 * v * math.Sqrt(v))
		dcdM = Q / (v * math.Sqrt(v))
	}
	var th [3][3]float64 // second derivatives in theta = (s, t, c)
	var tg [3]float64    // first derivatives in theta
	// kink-split Gauss-Legendre panels on [-10, 10], no allocation: the
	// weights are renormalized by their sum at the end
	var edges [16]float64
	ne := sortedEdges(edges[:0], 10, breaks)
	var wsum float64
	for i := 0; i+1 < len(ne); i++ {
		a, b := ne[i], ne[i+1]
		if b-a < 1e-14 {
			continue
		}
		np := int(math.Ceil((b - a) / 0.5))
		h := (b - a) / float64(np)
		for k := 0; k < np; k++ {
			lo := a + float64(k)*h
			for j := range gl8.x {
				z := lo + 0.5*h*(gl8.x[j]+1)
				wz := 0.5 * h * gl8.w[j] * gauss.G(z)
				wsum += wz
				x := (kappa - sQ*z) / sD
				lh, gh := logHRatio(x)
				lab := 1.0
				var dlab float64 // d lab / dc
				if labels == Teacher {
					h, g := hAndG(-c * z)
					lab = 2 * h
					dlab = 2 * g * z
				}
				G += wz * lab * lh
				gd += wz * lab * gh * x / (2 * D)
				gq += wz * (lab*gh*(z/(2*sQ*sD)-x/(2*D)) + dlab*dcdQ*lh)
				gm += wz * dlab * dcdM * lh
				if hess != nil {
					// theta = (s, t, c): f' = -gh, f'' = gh (x - gh)
					xs, xt := -z/sD, -x/sD
					f1, f2 := -gh, gh*(x-gh)
					wl, wdl := wz*lab, wz*dlab
					th[0][0] += wl * f2 * xs * xs
					th[0][1] += wl * (f2*xs*xt + f1*z/D)
					th[1][1] += wl * (f2*xt*xt + f1*2*x/D)
					th[0][2] += wdl * f1 * xs
					th[1][2] += wdl * f1 * xt
					th[2][2] += -wdl * c * z * z * lh
					tg[0] += wl * f1 * xs
					tg[1] += wl * f1 * xt
					tg[2] += wdl * lh
				}
			}
		}
	}
	G, gd, gq, gm = G/wsum, gd/wsum, gq/wsum, gm/wsum
	if hess != nil {
		energyChain(labels, Qd, Q, M, &th, &tg, wsum, hess)
	}
	return G, gd, gq, gm, true
}

// energyChain turns the derivatives of G_E in theta = (s, t, c) (sums tg,
// th with total weight wsum) into its Hessian in p = (Qd, Q, M):
// H = J^T H_theta J + sum_k G_k d2theta_k, J = dtheta/dp.
func energyChain(labels Labels, Qd, Q, M float64, th *[3][3]float64, tg *[3]float64, wsum float64, hess *[3][3]float64) {
	sQ, sD := math.Sqrt(Q), math.Sqrt(Qd-Q)
	for i := 0; i < 3; i++ {
		tg[i] /= wsum
		for j := i; j < 3; j++ {
			th[i][j] /= wsum
			th[j][i] = th[i][j]
		}
	}
	var J [3][3]float64 // J[k][i] = d theta_k / d p_i
	var d2 [3][3][3]float64
	J[0][1] = 1 / (2 * sQ)
	d2[0][1][1] = -1 / (4 * sQ * sQ * sQ)
	J[1][0], J[1][1] = 1/(2*sD), -1/(2*sD)
	dd := [3]float64{1, -1, 0}
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			d2[1][i][j] = -dd[i] * dd[j] / (4 * sD * sD * sD)
		}
	}
	if labels == Teacher {
		v := Q - M*M
		sv := math.Sqrt(v)
		v3, v5 := v*sv, v*v*sv
		J[2][1], J[2][2] = -M/(2*v3), Q/v3
		d2[2][1][1] = 3 * M / (4 * v5)
		d2[2][1][2] = -1/(2*v3) - 3*M*M/(2*v5)
		d2[2][2][1] = d2[2][1][2]
		d2[2][2][2] = 3 * Q * M / v5
	}
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			var h float64
			for k := 0; k < 3; k++ {
				for l := 0; l < 3; l++ {
					h += J[k][i] * th[k][l] * J[l][j]
				}
				h += tg[k] * d2[k][i][j]
			}
			hess[i][j] = h
		}
	}
}

// latentTerm is S_lat(q, pd, p, R), eq. (4): the log-density per D of the
// latent vectors s = F^T W/sqrt N having the RS overlaps (pd, p, R) given
// the weight overlap q; derivatives with respect to q, pd, p, R.
func latentTerm(q, pd, p, r float64) (L, lq, lpd, lp, lr float64, ok bool) {
	a, b := pd-p, p-r*r
	if !(a > 0) || !(q < 1) || !(q >= 0) {
		return 0, 0, 0, 0, 0, false
	}
	u := 1 - q
	L = 0.5 * (detmath.Log(a) + b/a - pd/u + q*a/(u*u) - detmath.Log(u) - q/u + 1)
	lpd = 0.5 * (1/a - b/(a*a) + (2*q-1)/(u*u))
	lp = 0.5 * (b/(a*a) - q/(u*u))
	lr = -r / a
	lq = 0.5 * (-(p+q)/(u*u) + 2*q*a/(u*u*u))
	return L, lq, lpd, lp, lr, true
}

// entropic is the weight-prior term: binary, eq. (2), or spherical, eq. (10).
func (m Model) entropic(q, qh float64) float64 {
	if m.Spherical {
		return 0.5*detmath.Log(1-q) + 0.5*q/(1-q)
	}
	lc, _ := avgLnCosh(qh)
	return -0.5*qh*(1-q) + lc
}

// residual is the RS saddle-point system, eqs. (6)-(9), in the unknowns
// v = (q, qh, pd, p, R): stationarity of phi with respect to pd, p, R, q and
// the self-consistency of q. Rows are scaled by 1/(alpha + alpha_D).
func (m Model) residual(alpha, alphaD, k1, ks float64, v []float64) ([]float64, bool) {
	m.pause()
	q, qh, pd, p, r := v[0], v[1], v[2], v[3], v[4]
	if !(q > 0 && q < 1) || !(qh >= 0) {
		return nil, false
	}
	Qd, Q, M := effective(k1, ks, pd, p, q, r)
	_, gd, gq, gm, ok := energy(m.Labels, m.Kappa, Qd, Q, M)
	if !ok {
		return nil, false
	}
	_, lq, lpd, lp, lr, ok := latentTerm(q, pd, p, r)
	if !ok {
		return nil, false
	}
	sc := 1 / (alpha + alphaD)
	out := make([]float64, 5)
	out[0] = sc * (alphaD*lpd + alpha*k1*k1*gd)
	out[1] = sc * (alphaD*lp + alpha*k1*k1*gq)
	out[2] = sc * (alphaD*lr + alpha*k1*gm)
	if m.Spherical {
		// d/dq [ln(1-q)/2 + q/(2(1-q))] = q/(2(1-q)^2); qh is slaved to q
		out[3] = sc * (0.5*q/((1-q)*(1-q)) + alphaD*lq + alpha*ks*ks*gq)
		out[4] = qh - q/((1-q)*(1-q))
	} else {
		out[3] = sc * (0.5*qh + alphaD*lq + alpha*ks*ks*gq)
		_, qn := avgLnCosh(qh)
		out[4] = q - qn
	}
	return out, true
}

// closedFormResidual is the part of residual without the energetic term
// (latent and weight terms, closed forms and an 11-node average), with the
// same row scaling.
func (m Model) closedFormResidual(alpha, alphaD float64, v []float64, out []float64) bool {
	q, qh, pd, p, r := v[0], v[1], v[2], v[3], v[4]
	if !(q > 0 && q < 1) || !(qh >= 0) {
		return false
	}
	_, lq, lpd, lp, lr, ok := latentTerm(q, pd, p, r)
	if !ok {
		return false
	}
	sc := 1 / (alpha + alphaD)
	out[0] = sc * alphaD * lpd
	out[1] = sc * alphaD * lp
	out[2] = sc * alphaD * lr
	if m.Spherical {
		out[3] = sc * (0.5*q/((1-q)*(1-q)) + alphaD*lq)
		out[4] = qh - q/((1-q)*(1-q))
	} else {
		out[3] = sc * (0.5*qh + alphaD*lq)
		_, qn := avgLnCosh(qh)
		out[4] = q - qn
	}
	return true
}

// jacobian writes the Jacobian of residual at v (rows and columns in the
// order of v = (q, qh, pd, p, R)) into J: the energetic rows from the
// Hessian of G_E (energyHess, one quadrature pass), the closed-form part by
// central differences (cheap: no quadrature over the fields).
func (m Model) jacobian(alpha, alphaD, k1, ks float64, v []float64, J *[5][5]float64) bool {
	m.pause()
	q, pd, p, r := v[0], v[2], v[3], v[4]
	Qd, Q, M := effective(k1, ks, pd, p, q, r)
	var H [3][3]float64
	if _, _, _, _, ok := energyHess(m.Labels, m.Kappa, Qd, Q, M, &H); !ok {
		return false
	}
	var fp, fm [5]float64
	x := [5]float64{}
	for j := 0; j < 5; j++ {
		h := 1e-6 * math.Max(1e-2, math.Abs(v[j]))
		copy(x[:], v)
		x[j] = v[j] + h
		okp := m.closedFormResidual(alpha, alphaD, x[:], fp[:])
		x[j] = v[j] - h
		okm := m.closedFormResidual(alpha, alphaD, x[:], fm[:])
		if !okp || !okm {
			return false
		}
		for i := 0; i < 5; i++ {
			J[i][j] = (fp[i] - fm[i]) / (2 * h)
		}
	}
	// p = (Qd, Q, M) as linear maps of v: Qd <- pd, Q <- q, p, M <- R
	var A [3][5]float64
	A[0][2] = k1 * k1
	A[1][0], A[1][3] = ks*ks, k1*k1
	A[2][4] = k1
	// energetic rows: alpha (k1^2 gd, k1^2 gq, k1 gm, k*^2 gq) / (alpha + alpha_D)
	rows := [4]struct {
		g int // which of (gd, gq, gm)
		c float64
	}{{0, k1 * k1}, {1, k1 * k1}, {2, k1}, {1, ks * ks}}
	sc := alpha / (alpha + alphaD)
	for i, rw := range rows {
		for j := 0; j < 5; j++ {
			var d float64
			for k := 0; k < 3; k++ {
				d += H[rw.g][k] * A[k][j]
			}
			J[i][j] += sc * rw.c * d
		}
	}
	return true
}

// SolveTypical solves the RS typical saddle point at (alpha, alphaD) by
// Newton's method on eqs. (6)-(9), starting from init. With init nil it
// continues in alpha from the alpha -> 0 solution (q = p = R = 0, pd = 1),
// which is how it avoids the spurious solutions a damped iteration finds
// at large alpha_D.
func (m Model) SolveTypical(alpha, alphaD float64, init *Typical) (Typical, error) {
	if !(alpha > 0) || !(alphaD > 0) || math.IsInf(alpha, 0) || math.IsInf(alphaD, 0) {
		return Typical{}, fmt.Errorf("rf: alpha and alpha_D must be positive and finite (got %g, %g)", alpha, alphaD)
	}
	if err := m.check(); err != nil {
		return Typical{}, err
	}
	if init != nil {
		if t, err := m.solveTypicalFrom(alpha, alphaD, *init); err == nil {
			return t, nil
		}
	}
	// continuation in alpha from the trivial solution, with adaptive steps
	a := math.Min(alpha, 0.01)
	cur := Typical{Q: 0.5 * a, QHat: a, PD: 1, P: 0.5 * a}
	if m.Labels == Teacher {
		cur.R = 0.1 * a
	}
	cur, err := m.solveTypicalFrom(a, alphaD, cur)
	if err != nil {
		return Typical{}, err
	}
	step := 0.05
	for a < alpha {
		next := math.Min(alpha, a+step)
		t, err := m.solveTypicalFrom(next, alphaD, cur)
		if err != nil {
			step *= 0.5
			if step < 1e-3 {
				// name the requested point; err names where continuation stopped
				return Typical{}, fmt.Errorf("rf: typical saddle at %s: continuation in alpha stopped at alpha=%.6g: %w", m.point(alpha, alphaD), a, err)
			}
			continue
		}
		cur, a = t, next
		step = math.Min(2*step, math.Max(0.05, 0.5*a))
	}
	return cur, nil
}

func (m Model) solveTypicalFrom(alpha, alphaD float64, init Typical) (Typical, error) {
	k1, ks := m.coef()
	f := func(v []float64) ([]float64, bool) { return m.residual(alpha, alphaD, k1, ks, v) }
	x := []float64{init.Q, init.QHat, init.PD, init.P, init.R}
	// rows and columns of the system: R and its row are absent for random labels
	idx := []int{0, 1, 2, 3, 4}
	if m.Labels == Random {
		f5 := f
		f = func(v []float64) ([]float64, bool) {
			r, ok := f5([]float64{v[0], v[1], v[2], v[3], 0})
			if !ok {
				return nil, false
			}
			return []float64{r[0], r[1], r[3], r[4]}, true
		}
		x = x[:4]
		idx = []int{0, 1, 3, 4} // rows (pd, p, q, self-consistency) in v = (q, qh, pd, p)
	}
	jac := func(v []float64, J [][]float64) bool {
		var v5 [5]float64
		copy(v5[:], v)
		var J5 [5][5]float64
		if !m.jacobian(alpha, alphaD, k1, ks, v5[:], &J5) {
			return false
		}
		for i, ri := range idx {
			for j := range v {
				J[i][j] = J5[ri][j]
			}
		}
		return true
	}
	sol, res, _ := newton(f, jac, x, 1e-12, 40)
	if !(res < 1e-9) {
		return Typical{}, notConverged("typical saddle", m.point(alpha, alphaD), res)
	}
	v := [5]float64{}
	copy(v[:], sol)
	return m.typicalAt(alpha, alphaD, k1, ks, v)
}

// typicalAt evaluates phi, eq. (1), and the observables at a converged point.
func (m Model) typicalAt(alpha, alphaD, k1, ks float64, v [5]float64) (Typical, error) {
	q, qh, pd, p, r := v[0], v[1], v[2], v[3], v[4]
	Qd, Q, M := effective(k1, ks, pd, p, q, r)
	G, _, _, _, ok2 := energy(m.Labels, m.Kappa, Qd, Q, M)
	L, _, _, _, _, ok3 := latentTerm(q, pd, p, r)
	if !ok2 || !ok3 {
		return Typical{}, notConverged("typical saddle (invalid point)", m.point(alpha, alphaD), 0)
	}
	t := Typical{Alpha: alpha, AlphaD: alphaD, Q: q, QHat: qh, PD: pd, P: p, R: r}
	t.Phi = m.entropic(q, qh) + alphaD*L + alpha*G
	t.EpsTypical = math.Acos(clamp1(M/math.Sqrt(Qd))) / math.Pi
	t.EpsBayes = math.Acos(clamp1(M/math.Sqrt(Q))) / math.Pi
	if m.Labels == Random {
		t.EpsTypical, t.EpsBayes = 0.5, 0.5
	}
	return t, nil
}

func clamp1(x float64) float64 { return math.Max(-1, math.Min(1, x)) }
