package rf

import (
	"fmt"
	"math"
	"math/cmplx"
	"strings"
	"testing"
	"time"

	"flatland/sim/replica/perceptron"
	"flatland/sim/stepper"
	"flatland/sim/stepper/steppertest"
)

// groupMatrix is the one-step structure of the dense-region replicas: n
// groups of y, diagonal a, b1 inside a group, b0 between groups.
type groupMatrix struct{ a, b1, b0 float64 }

// logDetTrace returns ln det of the latent-matrix triple's structure via its
// eigenvalues (a - b1 with multiplicity n(y-1), l1 = a - b1 + y(b1 - b0) with
// n - 1, l1 + n y b0 once), for complex n, and Tr(C^-1 P) likewise.
func groupLogDet(m groupMatrix, n complex128, y float64) complex128 {
	l1 := m.a - m.b1 + y*(m.b1-m.b0)
	return n*complex(y-1, 0)*complex(math.Log(m.a-m.b1), 0) + (n-1)*complex(math.Log(l1), 0) +
		cmplx.Log(complex(l1, 0)+n*complex(y*m.b0, 0))
}

func groupTrace(C, P groupMatrix, n complex128, y float64) complex128 {
	cl1 := C.a - C.b1 + y*(C.b1-C.b0)
	pl1 := P.a - P.b1 + y*(P.b1-P.b0)
	cl0 := complex(cl1, 0) + n*complex(y*C.b0, 0)
	pl0 := complex(pl1, 0) + n*complex(y*P.b0, 0)
	return n*complex((y-1)*(P.a-P.b1)/(C.a-C.b1), 0) + (n-1)*complex(pl1/cl1, 0) + pl0/cl0
}

// groupLatent is eq. (12) for the structure, as a function of complex n.
func groupLatent(q1, q0, pd, p1, p0, r float64, n complex128, y float64) complex128 {
	C := groupMatrix{1, q1, q0}
	P := groupMatrix{pd, p1, p0}
	PR := groupMatrix{pd - r*r, p1 - r*r, p0 - r*r}
	return 0.5*groupLogDet(PR, n, y) - 0.5*groupTrace(C, P, n, y) - 0.5*groupLogDet(C, n, y) + n*complex(y/2, 0)
}

// denseMatrix builds the explicit (n y) x (n y) matrix of the structure.
func denseMatrix(m groupMatrix, n, y int) [][]float64 {
	N := n * y
	out := make([][]float64, N)
	for i := range out {
		out[i] = make([]float64, N)
		for j := range out[i] {
			switch {
			case i == j:
				out[i][j] = m.a
			case i/y == j/y:
				out[i][j] = m.b1
			default:
				out[i][j] = m.b0
			}
		}
	}
	return out
}

// luLogDetTrace returns ln det A and Tr(A^-1 B) by Gaussian elimination with
// partial pivoting (A symmetric positive definite here).
func luLogDetTrace(A, B [][]float64) (logDet, trace float64) {
	N := len(A)
	a := make([][]float64, N)
	for i := range a {
		a[i] = append(append([]float64(nil), A[i]...), B[i]...)
	}
	for k := 0; k < N; k++ {
		p := k
		for i := k + 1; i < N; i++ {
			if math.Abs(a[i][k]) > math.Abs(a[p][k]) {
				p = i
			}
		}
		a[k], a[p] = a[p], a[k]
		logDet += math.Log(math.Abs(a[k][k]))
		for i := 0; i < N; i++ {
			if i == k {
				continue
			}
			f := a[i][k] / a[k][k]
			for j := k; j < 2*N; j++ {
				a[i][j] -= f * a[k][j]
			}
		}
	}
	for i := 0; i < N; i++ {
		trace += a[i][N+i] / a[i][i]
	}
	return logDet, trace
}

// Eq. (34) is eq. (12) for n groups of y replicas at n -> 0, y -> infinity
// with q0 = q1 - chi1/y, p0 = p1 - pi/y: (i) the eigenvalue formulas of the
// group structure agree with explicit 2 x 3 matrices (LU); (ii) d/dn at
// n = 0 (complex step) divided by y tends to the closed form like 1/y, and
// its Richardson extrapolation agrees to 1e-7; (iii) the closed form
// vanishes at P = C, R = 0 and reduces to the typical S_lat (4) at
// chi1 = pi = 0.
func TestDenseLatentMatchesStructured(t *testing.T) {
	cases := []struct{ q1, chi1, pd, p1, pi, r float64 }{
		{0.5, 0.7, 1.05, 0.6, 0.5, 0.2},
		{0.8, 2.5, 0.98, 0.85, 3.0, 0},
		{0.3, 0.1, 1.2, 0.4, 0.05, 0.3},
	}
	for _, c := range cases {
		// (i) integer n = 2, y = 3 against explicit matrices
		y0 := 3.0
		q0, p0 := c.q1-c.chi1/y0, c.p1-c.pi/y0
		C := groupMatrix{1, c.q1, q0}
		P := groupMatrix{c.pd, c.p1, p0}
		PR := groupMatrix{c.pd - c.r*c.r, c.p1 - c.r*c.r, p0 - c.r*c.r}
		ldC, trCP := luLogDetTrace(denseMatrix(C, 2, 3), denseMatrix(P, 2, 3))
		ldPR, _ := luLogDetTrace(denseMatrix(PR, 2, 3), denseMatrix(PR, 2, 3))
		if e := math.Abs(ldC - real(groupLogDet(C, 2, y0))); e > 1e-12 {
			t.Errorf("%+v: ln det C off by %.3g", c, e)
		}
		if e := math.Abs(ldPR - real(groupLogDet(PR, 2, y0))); e > 1e-12 {
			t.Errorf("%+v: ln det (P - RR^T) off by %.3g", c, e)
		}
		if e := math.Abs(trCP - real(groupTrace(C, P, 2, y0))); e > 1e-11 {
			t.Errorf("%+v: Tr(C^-1 P) off by %.3g", c, e)
		}
		// (ii) n -> 0 by a complex step, then y -> infinity
		lat, ok := denseLatent(c.q1, c.chi1, c.pd, c.p1, c.pi, c.r)
		if !ok {
			t.Fatalf("%+v: latent term undefined", c)
		}
		perY := func(y float64) float64 {
			const h = 1e-20
			v := groupLatent(c.q1, c.q1-c.chi1/y, c.pd, c.p1, c.p1-c.pi/y, c.r, complex(0, h), y)
			return imag(v) / h / y
		}
		l1, l2 := perY(1e4), perY(2e4)
		rich := 2*l2 - l1
		t.Logf("%+v: L_LD=%.12f, structured y=1e4: %.12f, 2e4: %.12f, extrapolated %.12f", c, lat.L, l1, l2, rich)
		if math.Abs(l1-lat.L) > 1e-2 || math.Abs(l2-lat.L) > 0.6*math.Abs(l1-lat.L)+1e-12 {
			t.Errorf("%+v: structured latent term does not approach (34) like 1/y: %.10g, %.10g vs %.10g", c, l1, l2, lat.L)
		}
		if math.Abs(rich-lat.L) > 1e-7 {
			t.Errorf("%+v: extrapolated structured latent term %.12f, closed form %.12f", c, rich, lat.L)
		}
		// (iii) the two limits of the closed form
		zero, _ := denseLatent(c.q1, c.chi1, 1, c.q1, c.chi1, 0)
		if math.Abs(zero.L) > 1e-14 {
			t.Errorf("%+v: L_LD at P = C, R = 0 is %.3g, want 0", c, zero.L)
		}
		typ, _ := denseLatent(c.q1, 0, c.pd, c.p1, 0, c.r)
		want, _, _, _, _, _ := latentTerm(c.q1, c.pd, c.p1, c.r)
		if math.Abs(typ.L-want) > 1e-13 {
			t.Errorf("%+v: L_LD at chi1 = pi = 0 is %.15f, typical S_lat %.15f", c, typ.L, want)
		}
	}
}

// The conjugates (38) and residuals (39) are the partial derivatives of the
// functional (36): checked against central differences of it with every
// order parameter free, for teacher and random labels and two activations.
func TestDenseStationarityEquations(t *testing.T) {
	cases := []struct {
		m      Model
		alphaD float64
	}{
		{Model{Act: Sign, Labels: Teacher}, 1},
		{Model{Act: ReLU, Labels: Random, Kappa: 0.3}, 2.5},
	}
	const p = 0.8
	for _, c := range cases {
		f, err := c.m.NewDense(0.5, c.alphaD)
		if err != nil {
			t.Fatal(err)
		}
		// chi1, q1, P, q0h, dh, pd, p1, pi, R
		v := []float64{0.7, 0.72, 0.9, 0.5, 0.4, 1.03, 0.78, 0.6, 0.25}
		if c.m.Labels == Random {
			v[8] = 0
		}
		type parts struct {
			S  float64
			ps [6]float64 // psi gradient (chi1, q1, pd, p1, pi, R)
			es ldEntropic
		}
		eval := func(v []float64) parts {
			y := [6]float64{v[0], v[1], v[5], v[6], v[7], v[8]}
			g, ok := f.psiGradient(y)
			lat, ok2 := denseLatent(v[1], v[0], v[5], v[6], v[7], v[8])
			k1, ks := f.k1, f.ks
			en, ok3 := f.energetic(k1*k1*v[5]+ks*ks, k1*k1*v[6]+ks*ks*v[1], k1*k1*v[7]+ks*ks*v[0], k1*v[8])
			if !ok || !ok2 || !ok3 {
				t.Fatalf("%v: invalid point %v", c.m, v)
			}
			es := f.entropic(math.Sqrt(v[3]), v[4], v[2])
			S := -v[2]*p - v[3]*v[0]/2 - v[4]*v[1]/2 - v[3]*(1-v[1])/2 + es.GS + f.AlphaD*lat.L + f.Alpha*en.G
			return parts{S, g, es}
		}
		c0 := eval(v)
		want := []float64{
			-v[3]/2 + c0.ps[0],          // chi1: q0h = 2 dPsi/dchi1
			-v[4]/2 + v[3]/2 + c0.ps[1], // q1: dh = q0h + 2 dPsi/dq1
			-p + c0.es.T,                // P: p = E[T]
			-v[0]/2 - (1-v[1])/2 + c0.es.TZ/(2*math.Sqrt(v[3])), // q0h
			-v[1]/2 + c0.es.T2/2,                   // dh
			c0.ps[2], c0.ps[3], c0.ps[4], c0.ps[5], // latent
		}
		for i := range v {
			if i == 8 && c.m.Labels == Random {
				continue
			}
			const h = 1e-5
			up := append([]float64(nil), v...)
			dn := append([]float64(nil), v...)
			up[i] += h
			dn[i] -= h
			num := (eval(up).S - eval(dn).S) / (2 * h)
			if math.Abs(num-want[i]) > 1e-7 {
				t.Errorf("%v: d/dv[%d]: analytic %.10g, central difference %.10g", c.m, i, want[i], num)
			}
		}
	}
}

// The Newton Jacobian (analytic weight block and energetic Hessian (35b),
// differenced closed-form latent Hessian) matches central differences of
// the residual, off the solution (so every term counts).
func TestDenseJacobian(t *testing.T) {
	cases := []struct {
		m      Model
		alphaD float64
	}{
		{Model{Act: Sign, Labels: Teacher}, 1},
		{Model{Act: ReLU, Labels: Random}, 1},
		{Model{Act: Tanh, Labels: Teacher}, 30},
		{Model{Act: ReLU, Labels: Random, Kappa: 0.2}, math.Inf(1)},
	}
	for _, c := range cases {
		f, err := c.m.NewDense(0.5, c.alphaD)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.At(0.05); err != nil {
			t.Fatal(err)
		}
		x := append([]float64(nil), f.x...)
		x[1] -= 0.01
		x[2] += 0.02
		n := len(x)
		const p = 0.9
		r := make([]float64, n)
		J := make([]float64, n*n)
		if !f.residualJacobian(x, p, r, J) {
			t.Fatalf("%v alpha_D=%g: Jacobian undefined", c.m, c.alphaD)
		}
		worst := 0.0
		for j := 0; j < n; j++ {
			const h = 1e-6
			xp := append([]float64(nil), x...)
			xm := append([]float64(nil), x...)
			xp[j] += h
			xm[j] -= h
			rp, rm := make([]float64, n), make([]float64, n)
			f.residual(xp, p, rp)
			f.residual(xm, p, rm)
			for i := 0; i < n; i++ {
				num := (rp[i] - rm[i]) / (2 * h)
				e := math.Abs(num-J[i*n+j]) / math.Max(1, math.Abs(num))
				worst = math.Max(worst, e)
				if e > 1e-7 {
					t.Errorf("%v alpha_D=%g: J[%d][%d] = %.10g, central difference %.10g", c.m, c.alphaD, i, j, J[i*n+j], num)
				}
			}
		}
		t.Logf("%v alpha_D=%g: largest relative deviation %.2g", c.m, c.alphaD, worst)
	}
}

// The Hessian of G_E in theta = (Qd, Q1, X, M) from the quadrature pass,
// eq. (35b) (envelope theorem with dv*/dtheta = -g_vtheta/g_vv), matches
// central differences of its gradient: teacher labels with a teacher
// overlap (the label weight's c-derivatives), random labels with a margin.
func TestDenseEnergeticHessian(t *testing.T) {
	cases := []struct {
		m     Model
		theta [4]float64 // Qd, Q1, X, M
	}{
		{Model{Act: Sign, Labels: Teacher}, [4]float64{1, 0.62, 0.8, 0.35}},
		{Model{Act: Sign, Labels: Teacher}, [4]float64{1, 0.9, 12, 0.6}},
		{Model{Act: ReLU, Labels: Random, Kappa: 0.3}, [4]float64{0.7, 0.4, 0.15, 0}},
	}
	for _, c := range cases {
		f, err := c.m.NewDense(0.5, 1)
		if err != nil {
			t.Fatal(err)
		}
		th := c.theta
		en, ok := f.energy(th[0], th[1], th[2], th[3])
		if !ok {
			t.Fatalf("%v %v: energetic term undefined", c.m, th)
		}
		H := en.H
		n := 4
		if c.m.Labels == Random {
			n = 3 // no M dependence
		}
		worst := 0.0
		for j := 0; j < n; j++ {
			h := 1e-5 * math.Max(0.1, math.Abs(th[j]))
			up, dn := th, th
			up[j] += h
			dn[j] -= h
			ep, ok1 := f.energy(up[0], up[1], up[2], up[3])
			gp := ep.g
			em, ok2 := f.energy(dn[0], dn[1], dn[2], dn[3])
			if !ok1 || !ok2 {
				t.Fatalf("%v %v: energetic term undefined near the point", c.m, th)
			}
			for i := 0; i < n; i++ {
				num := (gp[i] - em.g[i]) / (2 * h)
				e := math.Abs(num-H[i][j]) / math.Max(1e-2, math.Abs(num))
				worst = math.Max(worst, e)
				if e > 1e-7 {
					t.Errorf("%v %v: H[%d][%d] = %.10g, central difference %.10g", c.m, th, i, j, H[i][j], num)
				}
			}
		}
		t.Logf("%v %v: largest relative deviation %.2g", c.m, th, worst)
	}
}

// Eq. (43): at alpha_D = +Inf (latent overlaps pinned at P = C, R = 0) the
// RF curve is the perceptron's dense-region curve on features of variance
// V = k1^2 + k*^2 at margin kappa/sqrt(V) (ReLU, V != 1, kappa = 0.2); at
// finite alpha_D it approaches it from below like 1/alpha_D (the limit test
// of the typical theory, TestPerceptronLimit, for the dense region).
func TestDensePerceptronLimit(t *testing.T) {
	ds := []float64{0.15, 0.1, 0.05, 0.02, 0.01}
	relu := Model{Act: ReLU, Labels: Random, Kappa: 0.2}
	c := ReLU.GaussianEquivalence()
	V := c.K1*c.K1 + c.KStar*c.KStar
	want, err := perceptron.DenseLocalEntropy(0.5, 0.2/math.Sqrt(V), ds)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DenseLocalEntropy(relu, 0.5, math.Inf(1), ds)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ds {
		if math.Abs(got[i].S-want[i].S) > 1e-9 || math.Abs(got[i].Slope-want[i].Slope) > 1e-7 {
			t.Errorf("relu alpha_D=inf d=%g: S_I=%.12f slope %.8f, perceptron %.12f slope %.8f", ds[i], got[i].S, got[i].Slope, want[i].S, want[i].Slope)
		}
	}
	// sign features (V = 1), finite alpha_D
	perc, err := perceptron.DenseLocalEntropy(0.6, 0, ds)
	if err != nil {
		t.Fatal(err)
	}
	sign := Model{Act: Sign, Labels: Random}
	var gap10 []float64
	for _, ad := range []float64{10, 1000} {
		pts, err := DenseLocalEntropy(sign, 0.6, ad, ds)
		if err != nil {
			t.Fatal(err)
		}
		for i := range ds {
			gap := perc[i].S - pts[i].S
			t.Logf("alpha_D=%g d=%g: S_I=%.8f perceptron %.8f gap %.3g", ad, ds[i], pts[i].S, perc[i].S, gap)
			if !(gap > -1e-9) {
				t.Errorf("alpha_D=%g d=%g: RF S_I=%.10f above the perceptron's %.10f", ad, ds[i], pts[i].S, perc[i].S)
			}
			switch ad {
			case 10:
				gap10 = append(gap10, gap)
				if gap > 3e-3 {
					t.Errorf("alpha_D=10 d=%g: gap %.3g to the perceptron, want <= 3e-3", ds[i], gap)
				}
			case 1000:
				// 1/alpha_D: the gap shrinks by ~100 (measured 99-101)
				if gap > 0.015*gap10[i]+1e-8 {
					t.Errorf("alpha_D=1000 d=%g: gap %.3g, want <= 0.015 x the alpha_D = 10 gap %.3g", ds[i], gap, gap10[i])
				}
			}
		}
	}
}

// S_I(d) <= H2(d); S_I -> H2(d) as alpha -> 0; the curve's maximum is the
// typical free entropy phi, at d* (eq. (41)), with P -> 0; the slope 2P,
// eq. (40), matches a central difference; d >= d* is refused naming d*.
func TestDenseBoundsMaximumAndSlope(t *testing.T) {
	cases := []struct {
		m             Model
		alpha, alphaD float64
		maxGap        float64 // max_d H2 - S_I allowed (small-alpha limit); 0: no check
	}{
		{Model{Act: Sign, Labels: Teacher}, 0.4, 1, 0},
		// small alpha: H2 - S_I = 0 (saturated) at d <= 0.2, O(alpha) near
		// d* (measured 1.5e-4 at alpha = 0.02, 2.9e-6 at 0.01, d = 0.3)
		{Model{Act: Sign, Labels: Teacher}, 0.02, 1, 3e-4},
		{Model{Act: ReLU, Labels: Random}, 0.5, 0.5, 0},
		{Model{Act: ReLU, Labels: Random}, 0.01, 0.5, 1e-5},
	}
	for _, c := range cases {
		dStar, typ, err := DenseMaxDistance(c.m, c.alpha, c.alphaD)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := c.m.NewDense(c.alpha, c.alphaD)
		top, err := f.At(dStar - 1e-4)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(top.S-typ.Phi) > 1e-6 || math.Abs(top.P) > 0.02 {
			t.Errorf("%v alpha=%g: S_I(d*-1e-4)=%.8f P=%.4g, want phi=%.8f and P ~ 0", c.m, c.alpha, top.S, top.P, typ.Phi)
		}
		ds := []float64{0.3, 0.2, 0.15, 0.1, 0.05, 0.02, 0.01}
		maxS := top.S
		for _, d := range ds {
			if d >= dStar {
				continue
			}
			pt, err := f.At(d)
			if err != nil {
				t.Fatalf("%v alpha=%g d=%g: %v", c.m, c.alpha, d, err)
			}
			h := H2(d)
			t.Logf("%v alpha=%g alpha_D=%g d=%g: S_I=%.8f H2-S_I=%.3g slope=%.4f", c.m, c.alpha, c.alphaD, d, pt.S, h-pt.S, pt.Slope)
			if pt.S > h+1e-12 || math.IsNaN(pt.S) {
				t.Errorf("%v alpha=%g d=%g: S_I=%.10g above H2=%.10g", c.m, c.alpha, d, pt.S, h)
			}
			if pt.S > typ.Phi+1e-9 {
				t.Errorf("%v alpha=%g d=%g: S_I=%.10g above phi=%.10g", c.m, c.alpha, d, pt.S, typ.Phi)
			}
			if c.maxGap > 0 && h-pt.S > c.maxGap {
				t.Errorf("%v alpha=%g d=%g: H2-S_I=%.3g, want <= %g (small alpha)", c.m, c.alpha, d, h-pt.S, c.maxGap)
			}
			maxS = math.Max(maxS, pt.S)
		}
		if maxS != top.S {
			t.Errorf("%v alpha=%g: the maximum over d is not at d*", c.m, c.alpha)
		}
		if c.maxGap > 0 {
			continue
		}
		const h = 1e-4
		d := 0.05
		pts, err := DenseLocalEntropy(c.m, c.alpha, c.alphaD, []float64{d + h, d, d - h})
		if err != nil {
			t.Fatal(err)
		}
		num := (pts[0].S - pts[2].S) / (2 * h)
		if math.Abs(num-pts[1].Slope) > 1e-5*math.Max(1, math.Abs(num)) {
			t.Errorf("%v alpha=%g d=%g: slope %.8g, central difference %.8g", c.m, c.alpha, d, pts[1].Slope, num)
		}
		if _, err := f.At(dStar + 0.01); err == nil || !strings.Contains(err.Error(), "d* =") {
			t.Errorf("%v alpha=%g: d beyond d* gave %v, want an error naming d*", c.m, c.alpha, err)
		}
	}
}

// The dense-region curve is the largest local entropy over all references,
// so it lies above the Franz-Parisi curves around typical solutions and
// around the maximal-margin (flat-minima) reference at the same d.
func TestDenseAboveFranzParisi(t *testing.T) {
	m := Model{Act: Sign, Labels: Teacher}
	const alpha, alphaD = 0.6, 1.0
	typ, err := m.SolveTypical(alpha, alphaD, nil)
	if err != nil {
		t.Fatal(err)
	}
	flat, err := m.MaxMarginReference(alpha, alphaD)
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range []Reference{{Kappa: 0, Typ: typ}, flat} {
		fp, _, err := m.LocalEntropyCurve(alpha, alphaD, ref, 0.01, false)
		if err != nil && len(fp) < 3 {
			t.Fatalf("kappa_ref=%.4f: %v", ref.Kappa, err)
		}
		f, _ := m.NewDense(alpha, alphaD)
		checked, minMargin := 0, math.Inf(1)
		for _, q := range fp { // in order of decreasing d
			if q.D >= 0.2 {
				continue // near d*, where both curves approach phi
			}
			pt, err := f.At(q.D)
			if err != nil {
				t.Fatalf("d=%g: %v", q.D, err)
			}
			checked++
			minMargin = math.Min(minMargin, pt.S-q.Entropy)
			if !(pt.S > q.Entropy+1e-3) {
				t.Errorf("kappa_ref=%.4f d=%.4f: S_I=%.6f not above the Franz-Parisi S=%.6f", ref.Kappa, q.D, pt.S, q.Entropy)
			}
		}
		t.Logf("kappa_ref=%.4f: %d points, smallest margin S_I - S_FP = %.4g", ref.Kappa, checked, minMargin)
		if checked < 3 {
			t.Errorf("kappa_ref=%.4f: only %d Franz-Parisi points below d = 0.2", ref.Kappa, checked)
		}
	}
}

// Eq. (42) at alpha_D = 1 (sign features, teacher labels): the dense-region
// curve is monotone at alpha = 0.833 (min slope +0.056) and has a dip at
// 0.842 (-0.024): alpha_LD = 0.8375 (DenseThreshold, tol 1e-4), above the
// Franz-Parisi alpha_LE = 0.8015 and below alpha_c = 0.9348.
func TestDenseThreshold(t *testing.T) {
	m := Model{Act: Sign, Labels: Teacher}
	cases := []struct {
		alpha    float64
		positive bool
	}{{0.833, true}, {0.842, false}}
	for _, c := range cases {
		s, at, err := MinDenseSlope(m, c.alpha, 1)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("alpha=%g: min slope %.4g at d=%.4f", c.alpha, s, at)
		if (s > 0) != c.positive {
			t.Errorf("alpha=%g: min slope %.4g at d=%.4f, want positive=%v", c.alpha, s, at, c.positive)
		}
	}
}

// Bad parameters give errors, not NaN curves.
func TestDenseBadInput(t *testing.T) {
	sign := Model{Act: Sign, Labels: Teacher}
	for _, c := range []struct {
		m             Model
		alpha, alphaD float64
	}{
		{sign, math.NaN(), 1}, {sign, 0.5, math.NaN()}, {sign, 0, 1}, {sign, 0.5, -1}, {sign, 5, 1},
		{Model{Act: Sign, Spherical: true}, 0.5, 1}, {Model{Act: Sign, Kappa: math.NaN()}, 0.5, 1},
	} {
		if _, err := c.m.NewDense(c.alpha, c.alphaD); err == nil {
			t.Errorf("%+v alpha=%g alpha_D=%g accepted", c.m, c.alpha, c.alphaD)
		}
	}
	f, err := sign.NewDense(0.5, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []float64{0, -0.1, 0.5, math.NaN()} {
		if _, err := f.At(d); err == nil {
			t.Errorf("d=%v accepted", d)
		}
	}
	// above the interpolation threshold (alpha_c = 0.935) there is no curve
	if _, err := DenseLocalEntropy(sign, 1.2, 1, []float64{0.05}); err == nil {
		t.Error("alpha above alpha_c accepted")
	}
}

// The stepper gives the same points as the plain continuation, whatever
// the slicing; its first point is the top (d*, phi); past the threshold it
// reports the curve non-monotone (and ends at the fold without error).
func TestDenseCurveSlicing(t *testing.T) {
	m := Model{Act: Sign, Labels: Teacher}
	const alpha, alphaD, dMin, n = 0.6, 1.0, 0.01, 8
	dStar, typ, err := DenseMaxDistance(m, alpha, alphaD)
	if err != nil {
		t.Fatal(err)
	}
	var ds []float64
	for k := 1; k <= n; k++ {
		ds = append(ds, dStar*pow(dMin/dStar, float64(k)/n))
	}
	ds[n-1] = dMin
	want, err := DenseLocalEntropy(m, alpha, alphaD, ds)
	if err != nil {
		t.Fatal(err)
	}
	newCurve := func() stepper.Stepper {
		c, err := NewDenseCurve(m, alpha, alphaD, dMin, n)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	points := func(s stepper.Stepper) string { return fmt.Sprintf("%v", s.(*DenseCurve).Points()) }
	c := steppertest.CheckSlicing(t, newCurve, points).(*DenseCurve)
	got := c.Points()
	if len(got) != n+1 || c.EndErr() != nil || c.NonMonotone() {
		t.Fatalf("%d points, end %v, non-monotone %v", len(got), c.EndErr(), c.NonMonotone())
	}
	if got[0].D != dStar || got[0].S != typ.Phi || got[0].Slope != 0 {
		t.Errorf("first point %+v, want (d*, phi) = (%g, %g)", got[0], dStar, typ.Phi)
	}
	for i := range want {
		if got[i+1] != want[i] {
			t.Errorf("point %d = %+v, want %+v", i+1, got[i+1], want[i])
		}
	}
	// past alpha_LD = 0.8375 the dip shows
	c, err = NewDenseCurve(m, 0.86, alphaD, 0.008, 40)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Step(time.Hour); err != nil {
		t.Fatal(err)
	}
	pts := c.Points()
	t.Logf("alpha=0.86: %d points to d=%.4f, end: %v", len(pts), pts[len(pts)-1].D, c.EndErr())
	if !c.NonMonotone() {
		t.Error("alpha = 0.86: dense-region curve monotone, want a dip")
	}
	for _, bad := range []struct {
		dMin float64
		n    int
	}{{0, 10}, {0.3, 10}, {math.NaN(), 10}, {0.01, 1}, {0.01, 5000}} {
		if _, err := NewDenseCurve(m, alpha, alphaD, bad.dMin, bad.n); err == nil {
			t.Errorf("d_min=%v n=%d accepted", bad.dMin, bad.n)
		}
	}
	if _, err := NewDenseCurve(m, math.NaN(), alphaD, dMin, n); err == nil {
		t.Error("alpha NaN accepted")
	}
}
