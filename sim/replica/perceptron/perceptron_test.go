package perceptron

import (
	"fmt"
	"math"
	"testing"
	"time"

	"flatland/sim/detmath"
	"flatland/sim/gauss"
	"flatland/sim/saddle"
	"flatland/sim/stepper"
	"flatland/sim/stepper/steppertest"
)

// Krauth-Mezard 1989: alpha_c(kappa = 0) = 0.833 (literature tolerance 0.002).
func TestCapacityKappaZero(t *testing.T) {
	a, p, err := Capacity(0)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("alpha_c(0) = %.6f (q = %.6f, qh = %.6f)", a, p.Q, p.QHat)
	if math.Abs(a-0.833) > 0.002 {
		t.Errorf("alpha_c(0) = %.6f, literature 0.833", a)
	}
	if math.Abs(p.Phi) > 1e-10 {
		t.Errorf("phi at capacity = %g, want 0", p.Phi)
	}
	// capacity decreases with the margin
	a1, _, err := Capacity(0.5)
	if err != nil {
		t.Fatal(err)
	}
	if !(a1 < a) {
		t.Errorf("alpha_c(0.5) = %g not below alpha_c(0) = %g", a1, a)
	}
}

// Gyorgyi 1990; Sompolinsky-Tishby-Seung 1990: first-order transition at
// 1.245-1.249, spinodal about 1.493.
func TestTeacherTransitions(t *testing.T) {
	tr, err := Transitions()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first order %.6f (R=%.4f), spinodal %.6f (R=%.4f)", tr.AlphaFirstOrder, tr.RFirstOrder, tr.AlphaSpinodal, tr.RSpinodal)
	if tr.AlphaFirstOrder < 1.245-0.002 || tr.AlphaFirstOrder > 1.249+0.002 {
		t.Errorf("first-order transition %.6f, literature 1.245-1.249", tr.AlphaFirstOrder)
	}
	if math.Abs(tr.AlphaSpinodal-1.493) > 0.002 {
		t.Errorf("spinodal %.6f, literature 1.493", tr.AlphaSpinodal)
	}
	// the branch entropy vanishes at the first-order point
	b, err := TeacherBranch(tr.AlphaFirstOrder)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(b.Phi) > 1e-8 {
		t.Errorf("branch entropy at the transition = %g", b.Phi)
	}
	if _, err := TeacherBranch(tr.AlphaSpinodal + 0.01); err == nil {
		t.Error("the poor branch must not exist beyond the spinodal")
	}
	p, err := Teacher(1.3)
	if err != nil || !p.Perfect || p.R != 1 || p.EpsGibbs != 0 {
		t.Errorf("Teacher(1.3) = %+v, %v: want perfect generalization", p, err)
	}
}

// The saddle-point equations hold and d phi/d alpha equals the explicit
// partial derivative (envelope theorem), checked by a central difference.
func TestStorageSaddleAndDerivative(t *testing.T) {
	cases := []struct{ alpha, kappa float64 }{{0.3, 0}, {0.6, 0}, {0.9, 0}, {0.3, 0.5}, {1.2, -0.5}}
	for _, c := range cases {
		p, err := Storage(c.alpha, c.kappa)
		if err != nil {
			t.Fatal(err)
		}
		var ev evaluator
		s, e := ev.entropic(p.QHat), ev.energetic(p.Q, p.Kappa)
		if math.Abs(s.T2-p.Q) > 1e-10 || math.Abs(c.alpha*e.G2/(1-p.Q)-p.QHat) > 1e-9 {
			t.Errorf("%+v: saddle-point residuals %g %g", p, s.T2-p.Q, c.alpha*e.G2/(1-p.Q)-p.QHat)
		}
		const h = 1e-4
		pp, err1 := Storage(c.alpha+h, c.kappa)
		pm, err2 := Storage(c.alpha-h, c.kappa)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		fd := (pp.Phi - pm.Phi) / (2 * h)
		if ex := StorageEnergetic(p.Q, p.Kappa); math.Abs(fd-ex) > 1e-6 {
			t.Errorf("alpha=%g kappa=%g: d phi/d alpha = %.9f by finite difference, %.9f explicit", c.alpha, c.kappa, fd, ex)
		}
	}
}

// The replica-symmetric solution is locally stable (replicon > 0) up to
// alpha_AT ~ 1.015 at kappa = 0 (Gardner-Derrida 1988), beyond capacity.
func TestRepliconZero(t *testing.T) {
	lo, err := Storage(1.0, 0)
	if err != nil {
		t.Fatal(err)
	}
	hi, err := Storage(1.03, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !(lo.Replicon > 0 && hi.Replicon < 0) {
		t.Fatalf("replicon does not change sign in [1.0, 1.03]: %g %g", lo.Replicon, hi.Replicon)
	}
	at, err := saddle.Brent(func(a float64) (float64, error) {
		p, err := Storage(a, 0)
		return p.Replicon, err
	}, 1.0, 1.03, 1e-7, saddle.Options{What: "AT line"})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("AT line at kappa=0: alpha = %.5f", at)
	if math.Abs(at-1.015) > 0.002 {
		t.Errorf("AT instability at %.5f, literature 1.015", at)
	}
	c, err := Storage(0.833, 0)
	if err != nil || c.Replicon <= 0 {
		t.Errorf("RS must be stable at capacity: %+v %v", c, err)
	}
}

func TestTeacherDerivativeAndErrors(t *testing.T) {
	for _, a := range []float64{0.5, 1.0, 1.4} {
		p, err := TeacherBranch(a)
		if err != nil {
			t.Fatal(err)
		}
		const h = 1e-4
		pp, err1 := TeacherBranch(a + h)
		pm, err2 := TeacherBranch(a - h)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		fd := (pp.Phi - pm.Phi) / (2 * h)
		if ex := TeacherEnergetic(p.R); math.Abs(fd-ex) > 1e-6 {
			t.Errorf("alpha=%g: d phi/d alpha = %.9f by finite difference, %.9f explicit", a, fd, ex)
		}
		if !(p.EpsBayes < p.EpsGibbs && p.EpsGibbs < 0.5) || math.Abs(math.Cos(math.Pi*p.EpsGibbs)-p.R) > 1e-12 {
			t.Errorf("alpha=%g: errors %+v", a, p)
		}
	}
}

func TestMaxMarginInvertsCapacity(t *testing.T) {
	for _, k := range []float64{-0.3, 0.4} {
		a, _, err := Capacity(k)
		if err != nil {
			t.Fatal(err)
		}
		k2, p, err := MaxMargin(a)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(k2-k) > 1e-7 || math.Abs(p.Phi) > 1e-10 {
			t.Errorf("MaxMargin(Capacity(%g) = %g) = %g (phi %g)", k, a, k2, p.Phi)
		}
	}
}

func TestStorageCurveSlicing(t *testing.T) {
	alphas := make([]float64, 30)
	for i := range alphas {
		alphas[i] = 0.03 * float64(i+1)
	}
	a := steppertest.CheckSlicing(t, func() stepper.Stepper {
		c, err := NewStorageCurve(0, alphas)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}, func(s stepper.Stepper) string { return fmt.Sprint(s.(*StorageCurve).Points()) }).(*StorageCurve).Points()
	for i := range a {
		if i > 0 && !(a[i].Phi < a[i-1].Phi) {
			t.Errorf("phi must decrease with alpha: %g then %g", a[i-1].Phi, a[i].Phi)
		}
	}
}

// Franz-Parisi identity: with kappa_r = kappa_c and p = q0 the equilibrium
// point (q1 = t = q0, qh1 = th = ph = qh0) is stationary and S = phi.
func TestFranzParisiEquilibriumIdentity(t *testing.T) {
	for _, c := range []struct{ alpha, kappa float64 }{{0.5, 0}, {0.3, 0.4}} {
		f, err := NewFranzParisi(c.alpha, c.kappa, c.kappa)
		if err != nil {
			t.Fatal(err)
		}
		q0, qh0 := f.Ref.Q, f.Ref.QHat
		ge, ok := f.energetic(q0+1e-12, q0, q0) // sigma -> 0: the constrained field is the reference's
		if !ok {
			t.Fatal("energetic term not defined next to the equilibrium point")
		}
		e, ok := f.entropic(qh0, qh0, qh0)
		if !ok {
			t.Fatal("entropic term not defined at the equilibrium point")
		}
		qh1, th := -2*c.alpha*ge.DQ1, -c.alpha*ge.DT
		tNew := (1 - e.T2) + e.T - e.TZ0/math.Sqrt(qh0)
		S := -qh0*(1-q0)/2 - qh0*q0 + qh0*q0 + e.GS + c.alpha*ge.GE
		for _, chk := range []struct {
			name      string
			got, want float64
			tol       float64
		}{
			{"qh1", qh1, qh0, 1e-5}, {"th", th, qh0, 1e-5},
			{"E[T]", e.T, q0, 1e-8}, {"E[T^2]", e.T2, q0, 1e-8}, {"t", tNew, q0, 1e-8},
			{"S", S, f.Ref.Phi, 1e-8},
		} {
			if math.Abs(chk.got-chk.want) > chk.tol {
				t.Errorf("alpha=%g kappa=%g: %s = %.10g, want %.10g", c.alpha, c.kappa, chk.name, chk.got, chk.want)
			}
		}
		// and the solved curve touches phi from below, quadratically, at d_eq
		deq := (1 - q0) / 2
		var gaps []float64
		for _, dd := range []float64{0.006, 0.003} {
			pt, err := f.At(deq + dd)
			if err != nil {
				t.Fatal(err)
			}
			gaps = append(gaps, f.Ref.Phi-pt.S)
		}
		if !(gaps[0] > 0 && gaps[1] > 0 && gaps[1] < gaps[0]/3 && gaps[0] < 2e-4) {
			t.Errorf("alpha=%g: phi - S at d_eq+0.006, +0.003 = %g, %g: not a quadratic maximum", c.alpha, gaps[0], gaps[1])
		}
	}
}

// Typical references are isolated (Huang-Kabashima): at alpha = 0.5 the local
// entropy is negative at small d; every curve stays below H2(d); the
// envelope slope matches a finite difference.
func TestLocalEntropyTypicalAndBounds(t *testing.T) {
	ds := []float64{0.05, 0.02, 0.01, 0.005, 0.002}
	pts, err := LocalEntropy(0.5, 0, 0, ds)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pts {
		t.Logf("typical alpha=0.5: d=%g S=%.6f H2=%.6f", p.D, p.S, gauss.H2(p.D))
		if p.S > gauss.H2(p.D)+1e-9 {
			t.Errorf("S(%g) = %g above H2 = %g", p.D, p.S, gauss.H2(p.D))
		}
	}
	if !(pts[3].S < 0 && pts[4].S < 0) {
		t.Errorf("typical reference: S(0.005) = %g, S(0.002) = %g, want negative", pts[3].S, pts[4].S)
	}
	kr, err := MaxMarginReference(0.6)
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewFranzParisi(0.6, kr, 0)
	if err != nil {
		t.Fatal(err)
	}
	var pts2 []LocalEntropyPoint
	for _, d := range []float64{0.002, 0.0099, 0.01, 0.0101, 0.05} {
		p, err := f.At(d)
		if err != nil {
			t.Fatal(err)
		}
		if p.S > gauss.H2(d)+1e-9 || p.S <= 0 {
			t.Errorf("maxmargin alpha=0.6: S(%g) = %g, H2 = %g", d, p.S, gauss.H2(d))
		}
		pts2 = append(pts2, p)
	}
	fd := (pts2[3].S - pts2[1].S) / (pts2[3].D - pts2[1].D)
	if mid := pts2[2].Slope; math.Abs(fd-mid) > 1e-4*math.Abs(mid) {
		t.Errorf("dS/dd at d=0.01: finite difference %.8f, envelope %.8f", fd, mid)
	}
}

// The flat-minima reference's curve is monotone at alpha = 0.65 and not at 0.76.
func TestMaxMarginMonotonicity(t *testing.T) {
	s1, _, err := MinLocalEntropySlope(0.65)
	if err != nil {
		t.Fatal(err)
	}
	s2, at, err := MinLocalEntropySlope(0.76)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("min slope: alpha=0.65 %.4f; alpha=0.76 %.4f at d=%g", s1, s2, at)
	if !(s1 > 0 && s2 < 0) {
		t.Errorf("min slopes %g (alpha 0.65), %g (alpha 0.76): want positive then negative", s1, s2)
	}
}

func TestLocalEntropyThreshold(t *testing.T) {
	if testing.Short() {
		t.Skip("alpha_LE search takes ~20 s; TestMaxMarginMonotonicity brackets it in -short mode")
	}
	a, err := LocalEntropyThreshold(0.71, 0.75, 2e-3)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("alpha_LE (maxmargin reference, kappa_c = 0) = %.4f", a)
	cap0, _, err := Capacity(0)
	if err != nil {
		t.Fatal(err)
	}
	if !(a > 0.7 && a < cap0) {
		t.Errorf("alpha_LE = %g outside (0.7, alpha_c)", a)
	}
}

func TestLocalEntropyCurveSlicing(t *testing.T) {
	ds := []float64{0.02, 0.01, 0.005}
	want, err := LocalEntropy(0.5, 0, 0, ds)
	if err != nil {
		t.Fatal(err)
	}
	got := steppertest.CheckSlicing(t, func() stepper.Stepper {
		c, err := NewLocalEntropyCurve(0.5, 0, 0, ds)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}, func(s stepper.Stepper) string { return fmt.Sprint(s.(*LocalEntropyCurve).Points()) }).(*LocalEntropyCurve).Points()
	if len(got) != len(want) {
		t.Fatalf("%d points, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("point %d differs from the unsliced LocalEntropy: %+v vs %+v", i, got[i], want[i])
		}
	}
	// an abandoned curve can be closed
	c2, _ := NewLocalEntropyCurve(0.5, 0, 0, ds)
	c2.Step(time.Millisecond)
	c2.Close()
	if _, err := c2.Step(time.Millisecond); err == nil {
		t.Error("Step after Close must report an error")
	}
}

func TestInvalidInputs(t *testing.T) {
	if _, _, err := Capacity(math.NaN()); err == nil {
		t.Error("Capacity(NaN) must fail")
	}
	if _, err := Storage(-1, 0); err == nil {
		t.Error("Storage(-1) must fail")
	}
	if _, err := NewLocalEntropyCurve(0.5, 0, 0, []float64{0.6}); err == nil {
		t.Error("d = 0.6 must be rejected")
	}
	if _, err := Teacher(0); err == nil {
		t.Error("Teacher(0) must fail")
	}
}

// The production rules (width-2 panels on [-8, 8]) agree with the fine
// unit-panel rule on [-10, 10] to 1e-10 on the storage and teacher integrals
// (1e-8 on dE/dq), and dE/dq is the derivative of E(q).
func TestRuleResolution(t *testing.T) {
	var ev evaluator
	for _, c := range []struct{ q, qh, kappa float64 }{{0.3, 0.5, 0}, {0.6, 3, 0.5}, {0.95, 40, -1}, {0.999, 900, 0.2}} {
		s, e := ev.entropic(c.qh), ev.energetic(c.q, c.kappa)
		te, tde := ev.teacherEnergetic(c.q)
		sq, s1 := math.Sqrt(c.q), math.Sqrt(1-c.q)
		fineE := gauss.KinkRule(panelPoints, gauss.Kink{At: c.kappa / sq, Width: s1 / sq})
		fineS := gauss.KinkRule(panelPoints, gauss.Kink{At: 0, Width: 1 / math.Sqrt(c.qh)})
		lnH := fineE.Average(func(z float64) float64 { return gauss.LogH((c.kappa - sq*z) / s1) })
		g2 := fineE.Average(func(z float64) float64 { g := gauss.GOverH((c.kappa - sq*z) / s1); return g * g })
		lc := fineS.Average(func(z float64) float64 { return detmath.LogCosh(math.Sqrt(c.qh)*z) + math.Ln2 })
		cc := math.Sqrt(c.q / (1 - c.q))
		fineT := gauss.KinkRule(panelPoints, gauss.Kink{At: 0, Width: 1 / cc})
		hlh := fineT.Average(func(z float64) float64 { return gauss.H(-cc*z) * gauss.LogH(-cc*z) })
		dhlh := fineT.Average(func(z float64) float64 { return z * gauss.G(cc*z) * gauss.LogH(-cc*z) }) / (2 * cc * (1 - c.q) * (1 - c.q))
		// dE/dq carries 1/(2c(1-q)^2) ~ 50 at q = 0.95 and its integrand has no
		// kink of its own: the two rules agree to ~2e-9 relative there.
		for _, chk := range []struct {
			name      string
			got, want float64
			tol       float64
		}{{"lnH", e.LnH, lnH, 1e-10}, {"g2", e.G2, g2, 1e-10}, {"lncosh", s.LnCosh, lc, 1e-10}, {"HlnH", te, hlh, 1e-10}, {"dE/dq", tde, dhlh, 1e-8}} {
			if math.Abs(chk.got-chk.want) > chk.tol*math.Max(1, math.Abs(chk.want)) {
				t.Errorf("%+v %s: production %.14g, fine %.14g", c, chk.name, chk.got, chk.want)
			}
		}
		// dE/dq, DERIVATION.md eq. (10), is the derivative of E(q): central difference
		h := 1e-5 * math.Min(c.q, 1-c.q)
		ep, _ := ev.teacherEnergetic(c.q + h)
		em, _ := ev.teacherEnergetic(c.q - h)
		if fd := (ep - em) / (2 * h); math.Abs(fd-tde) > 1e-7*math.Abs(tde) {
			t.Errorf("%+v: dE/dq = %.12g, central difference %.12g", c, tde, fd)
		}
	}
}

// Around any reference, the maximum of S(d) over d counts all the solutions
// of margin kappa_c: it equals the storage free entropy phi(alpha, kappa_c).
// Checked for the flat-minima reference (kappa_r = kappa_max - 0.001 != kappa_c),
// where the maximum is found as the zero of the envelope slope.
func TestLocalEntropyMaximumIsPhi(t *testing.T) {
	const alpha = 0.6
	kr, err := MaxMarginReference(alpha)
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewFranzParisi(alpha, kr, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []float64{0.05, 0.15, 0.22} { // continuation toward the maximum
		if _, err := f.At(d); err != nil {
			t.Fatal(err)
		}
	}
	var best LocalEntropyPoint
	dmax, err := saddle.Brent(func(d float64) (float64, error) {
		p, err := f.At(d)
		best = p
		return p.Slope, err
	}, 0.22, 0.32, 1e-9, saddle.Options{What: "argmax of S(d)"})
	if err != nil {
		t.Fatal(err)
	}
	phi, err := Storage(alpha, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("max S = %.9f at d = %.5f; phi(alpha=%g, kappa=0) = %.9f", best.S, dmax, alpha, phi.Phi)
	if math.Abs(best.S-phi.Phi) > 1e-7 {
		t.Errorf("max_d S = %.9f, phi = %.9f", best.S, phi.Phi)
	}
}
