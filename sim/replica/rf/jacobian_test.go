package rf

import (
	"math"
	"testing"

	"flatland/sim/saddle"
)

// The analytic Jacobian of the Franz-Parisi residual (eqs. (24)-(31))
// against central differences of the residual, at saddle points along
// flat-reference curves and off them (a perturbed point, where the
// residual is not zero): every entry agrees to tol relative to the largest
// entry of its row (the residual's latent part carries ~1e-10 of
// finite-difference noise, ~1e-6 after the difference quotient with step 1e-4, truncation ~1e-5 where the gap pd1 - p1 is small).
func TestFPJacobianMatchesFiniteDifferences(t *testing.T) {
	cases := []struct {
		name          string
		m             Model
		alpha, alphaD float64
		tol           float64
	}{
		{"sign/teacher alpha_D=1", Model{Act: Sign, Labels: Teacher}, 0.79, 1, 1e-4},
		{"sign/teacher alpha_D=0.05 (step rule in z0)", Model{Act: Sign, Labels: Teacher}, 2.3, 0.05, 1e-4},
		{"relu/random alpha_D=1", Model{Act: ReLU, Labels: Random}, 0.6, 1, 1e-4},
		{"tanh/teacher alpha_D=10", Model{Act: Tanh, Labels: Teacher}, 0.6, 10, 1e-4},
	}
	for _, c := range cases {
		ref, err := c.m.MaxMarginReference(c.alpha, c.alphaD)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		m := c.m
		m.Kappa = 0
		s := newFPSystem(m, c.alpha, c.alphaD, ref)
		w := newFPWalker(s, 0.02, 0.05)
		var pts [][]float64
		var Ss []float64
		for w.next() {
			pts = append(pts, append([]float64(nil), w.X...))
			Ss = append(Ss, s.S)
		}
		if len(pts) < 3 {
			t.Fatalf("%s: %d points, %v", c.name, len(pts), w.err)
		}
		n := s.nvar()
		checked := 0
		for k, X0 := range [][]float64{pts[0], pts[len(pts)/2], pts[len(pts)-1]} {
			for _, perturb := range []float64{0, 2e-4} {
				s.S = Ss[[]int{0, len(pts) / 2, len(pts) - 1}[k]]
				X := append([]float64(nil), X0...)
				for i := range X {
					X[i] += perturb * float64(i%3-1) * math.Max(0.1, math.Abs(X[i]))
				}
				res := make([]float64, n)
				jac := make([]float64, n*n)
				if !s.residual(X, res, jac) {
					t.Fatalf("%s: residual failed at %v", c.name, X)
				}
				fd := make([]float64, n*n)
				rp, rm := make([]float64, n), make([]float64, n)
				for j := 0; j < n; j++ {
					h := 1e-4
					xp := append([]float64(nil), X...)
					xm := append([]float64(nil), X...)
					xp[j] += h
					xm[j] -= h
					if !s.residual(xp, rp, nil) || !s.residual(xm, rm, nil) {
						t.Fatalf("%s: residual failed next to %v", c.name, X)
					}
					for i := 0; i < n; i++ {
						fd[i*n+j] = (rp[i] - rm[i]) / (2 * h)
					}
				}
				worst := 0.0
				for i := 0; i < n; i++ {
					scale := 0.0
					for j := 0; j < n; j++ {
						scale = math.Max(scale, math.Abs(fd[i*n+j]))
					}
					for j := 0; j < n; j++ {
						e := math.Abs(jac[i*n+j]-fd[i*n+j]) / math.Max(scale, 1e-3)
						worst = math.Max(worst, e)
						if e > c.tol {
							t.Errorf("%s d=%.4f perturb=%g: J[%d][%d] = %.8g, central difference %.8g", c.name, (1-s.S)/2, perturb, i, j, jac[i*n+j], fd[i*n+j])
						}
					}
				}
				t.Logf("%s d=%.4f perturb=%g: worst relative deviation %.2g", c.name, (1-s.S)/2, perturb, worst)
				checked++
			}
		}
		if checked == 0 {
			t.Errorf("%s: nothing checked", c.name)
		}
	}
}

// Newton with the analytic Jacobian converges quadratically next to the
// reference even where a latent overlap difference is tiny (tanh/teacher,
// alpha_D = 0.05, alpha = 3: t - tau ~ 1e-3 at the start saddle). The
// unextrapolated second differences of the latent term were off by ~1e-2
// there, Newton contracted by only ~0.9 per iteration and the continuation
// stalled at the first step (the erf/teacher and tanh/teacher diagrams
// failed at alpha_D = 0.05 and 0.063).
func TestFPNewtonQuadraticNearReference(t *testing.T) {
	m := Model{Act: Tanh, Labels: Teacher}
	const alpha, alphaD = 3.0, 0.05
	ref, err := m.MaxMarginReference(alpha, alphaD)
	if err != nil {
		t.Fatal(err)
	}
	m.Kappa = 0
	s := newFPSystem(m, alpha, alphaD, ref)
	w := newFPWalker(s, 0.004, 0.05)
	if !w.next() {
		t.Fatalf("no start saddle: %v", w.err)
	}
	X := append([]float64(nil), w.X...)
	s.S += 1e-3
	// from the previous saddle (no predictor): residual ~2e-2, then at most
	// 4 Newton steps to 1e-8 (linear convergence at ratio 0.9 needs ~70)
	it, err := saddle.NewtonJacobian(s.residual, X, saddle.Options{Tol: 1e-15, MaxIter: 4, ResidualTol: 1e-8, Descent: true})
	if err != nil {
		t.Fatalf("Newton after %d iterations: %v", it, err)
	}
	t.Logf("residual 1e-8 after %d Newton iterations", it)
	_, curve, _, err := FlatLocalEntropy(m, alpha, alphaD, 0.004)
	if err != nil {
		t.Fatalf("walk failed after %d points: %v", len(curve), err)
	}
}

// The Jacobian of the typical RS system (eqs. (6)-(9)) used by its Newton
// solver: energetic rows from the Hessian of G_E in one quadrature pass
// (energyHess), against central differences of the whole residual at
// saddle points and at points perturbed off them, for every label rule, a
// positive margin and the spherical prior (step 1e-6: the differences' own
// truncation error reached 2.5e-6 with 1e-5 at alpha_D = 0.05).
func TestTypicalJacobianMatchesFiniteDifferences(t *testing.T) {
	cases := []struct {
		m             Model
		alpha, alphaD float64
	}{
		{Model{Act: Sign, Labels: Teacher}, 0.5, 1},
		{Model{Act: Sign, Labels: Teacher}, 2.3, 0.05},
		{Model{Act: ReLU, Labels: Random}, 0.6, 1},
		{Model{Act: Erf, Labels: Teacher, Kappa: 0.3}, 0.3, 3},
		{Model{Act: Tanh, Labels: Random, Kappa: 0.2}, 0.4, 10},
		{Model{Act: Sign, Labels: Teacher, Spherical: true}, 0.8, 1},
	}
	for _, c := range cases {
		typ, err := c.m.SolveTypical(c.alpha, c.alphaD, nil)
		if err != nil {
			t.Fatalf("%+v: %v", c.m, err)
		}
		k1, ks := c.m.coef()
		for _, perturb := range []float64{0, 3e-3} {
			v := []float64{typ.Q, typ.QHat, typ.PD, typ.P, typ.R}
			for i := range v {
				v[i] *= 1 + perturb*float64(i%3-1)
			}
			var J [5][5]float64
			if !c.m.jacobian(c.alpha, c.alphaD, k1, ks, v, &J) {
				t.Fatalf("%+v: no Jacobian at %v", c.m, v)
			}
			worst := 0.0
			for j := 0; j < 5; j++ {
				h := 1e-6 * math.Max(1e-2, math.Abs(v[j]))
				vp := append([]float64(nil), v...)
				vm := append([]float64(nil), v...)
				vp[j] += h
				vm[j] -= h
				rp, ok1 := c.m.residual(c.alpha, c.alphaD, k1, ks, vp)
				rm, ok2 := c.m.residual(c.alpha, c.alphaD, k1, ks, vm)
				if !ok1 || !ok2 {
					t.Fatalf("%+v: residual outside the domain", c.m)
				}
				for i := 0; i < 5; i++ {
					fd := (rp[i] - rm[i]) / (2 * h)
					rowMax := 0.0
					for k := 0; k < 5; k++ {
						rowMax = math.Max(rowMax, math.Abs(J[i][k]))
					}
					if d := math.Abs(J[i][j]-fd) / math.Max(rowMax, 1e-3); d > worst {
						worst = d
					}
				}
			}
			t.Logf("%v/%v kappa=%g spherical=%v alpha=%g alpha_D=%g perturb=%g: worst relative deviation %.1e", c.m.Act, c.m.Labels, c.m.Kappa, c.m.Spherical, c.alpha, c.alphaD, perturb, worst)
			if worst > 1e-8 {
				t.Errorf("%v/%v kappa=%g alpha=%g alpha_D=%g perturb=%g: Jacobian off by %.1e relative", c.m.Act, c.m.Labels, c.m.Kappa, c.alpha, c.alphaD, perturb, worst)
			}
		}
	}
}
