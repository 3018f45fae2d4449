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
			}
		}
	}
	G, gd, gq, gm = G/wsum, gd/wsum, gq/wsum, gm/wsum
	return G, gd, gq, gm, true
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
	}
	sol, res, _ := newton(f, x, 1e-12, 40)
	if !(res < 1e-9) {
		return Typical{}, &NotConvergedError{What: "typical saddle", Point: m.point(alpha, alphaD), Resid: res}
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
		return Typical{}, &NotConvergedError{What: "typical saddle (invalid point)", Point: m.point(alpha, alphaD)}
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
