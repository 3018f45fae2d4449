package train

import (
	"math"
	"testing"
	"time"

	"flatland/sim/data"
	"flatland/sim/nets"
)

// gibbsTeacherError solves the replica-symmetric saddle point of binary
// teacher-student learning on the Nishimori line (the same equations as
// sim/replica/perceptron, DERIVATION.md eqs. (8)-(11)):
//
//	q = int Dz tanh(sqrt(qh) z + qh),  qh = 4 alpha dG/dq,
//	G(q) = int Dz H(-c z) ln H(-c z),  c = sqrt(q/(1-q)),
//
// and returns the Gibbs error arccos(q)/pi of the poor-generalization branch
// (valid below the first-order transition at alpha ~ 1.245). Plain
// trapezoidal quadrature on z in [-10, 10] is ample away from q -> 1.
func gibbsTeacherError(t *testing.T, alpha float64) float64 {
	const nz = 4001
	avg := func(f func(z float64) float64) float64 {
		s := 0.0
		h := 20.0 / (nz - 1)
		for k := 0; k < nz; k++ {
			z := -10 + float64(k)*h
			w := h
			if k == 0 || k == nz-1 {
				w = h / 2
			}
			s += w * math.Exp(-z*z/2) / math.Sqrt(2*math.Pi) * f(z)
		}
		return s
	}
	H := func(x float64) float64 { return 0.5 * math.Erfc(x/math.Sqrt2) }
	G := func(q float64) float64 {
		c := math.Sqrt(q / (1 - q))
		return avg(func(z float64) float64 {
			h := H(-c * z)
			if h <= 0 {
				return 0
			}
			return h * math.Log(h)
		})
	}
	q := 0.1
	for it := 0; it < 2000; it++ {
		const dq = 1e-5
		qh := 4 * alpha * (G(q+dq) - G(q-dq)) / (2 * dq)
		nq := avg(func(z float64) float64 { return math.Tanh(math.Sqrt(qh)*z + qh) })
		if math.Abs(nq-q) < 1e-10 {
			return math.Acos(nq) / math.Pi
		}
		q = 0.5*q + 0.5*nq
	}
	t.Fatalf("teacher-student saddle point did not converge at alpha = %g", alpha)
	return 0
}

// In teacher-student learning the solutions found by
// efficient (flat-minimum) algorithms generalize better than typical
// solutions, whose error is the Gibbs error of replica theory.
func TestFlatSolutionsBeatGibbs(t *testing.T) {
	const alpha = 0.7
	eps := gibbsTeacherError(t, alpha)
	// sanity of the local solver: between the Bayes-like lower range and chance
	if eps < 0.3 || eps > 0.45 {
		t.Fatalf("Gibbs error %g at alpha %g outside the plausible range", eps, alpha)
	}
	cases := []struct {
		algo  string
		n     int
		seeds int
	}{{"fbp", 501, 3}, {"cpr", 1001, 3}}
	for _, c := range cases {
		sum, count := 0.0, 0
		for seed := uint64(1); count < c.seeds && seed <= 10; seed++ {
			rule, _ := data.NewPerceptronRule(c.n, data.PlusMinusOne, data.TeacherLabels, seed)
			m := nets.NewLinear(rule.Sample(data.PatternCount(alpha, c.n), seed, data.StreamTrain))
			tr, err := New(c.algo, m, seed, 0)
			if c.algo == "fbp" {
				// teacher-student is easy for fBP: the faster focusing step suffices
				cfg := DefaultFBPConfig()
				cfg.XStep, cfg.Seed = 0.01, seed
				tr, err = NewFBP(m, cfg)
			}
			if err != nil {
				t.Fatal(err)
			}
			runAll(tr, time.Hour)
			if !tr.Snapshot().Solved {
				continue
			}
			w := tr.Weights()
			te := nets.TestError(m, w, rule, 20000, seed)
			// ±1 inputs, large N: test error ~ arccos(R)/pi with R the teacher overlap
			if r := nets.Overlap(w, rule.Teacher); math.Abs(te-math.Acos(r)/math.Pi) > 0.015 {
				t.Errorf("%s seed %d: test error %.4f but arccos(R)/pi = %.4f", c.algo, seed, te, math.Acos(r)/math.Pi)
			}
			sum += te
			count++
		}
		if count < c.seeds {
			t.Fatalf("%s solved only %d teacher-student instances at alpha %g", c.algo, count, alpha)
		}
		mean := sum / float64(count)
		t.Logf("%s: mean test error %.4f over %d solutions, Gibbs error %.4f", c.algo, mean, count, eps)
		// margin: the seed-to-seed spread of the test error is about 0.01 here
		if mean > eps-0.02 {
			t.Errorf("%s: mean test error %.4f not below the Gibbs error %.4f by 0.02", c.algo, mean, eps)
		}
	}
}
