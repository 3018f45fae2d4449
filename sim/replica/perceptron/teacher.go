package perceptron

import (
	"fmt"
	"math"
	"sync"

	"flatland/sim/detmath"
	"flatland/sim/gauss"
	"flatland/sim/saddle"
)

// TeacherPoint is the zero-temperature Gibbs-learning state of a binary
// student learning a binary teacher (DERIVATION.md eqs. (8)-(13)). On the
// Nishimori line the student-teacher overlap R equals the student-student
// overlap q and
//
//	phi = extr_{q,qh} [ int Dz ln 2cosh(sqrt(qh) z + qh) - qh(1+q)/2
//	                     + 2 alpha int Dz H(-c z) ln H(-c z) ],   c = sqrt(q/(1-q)),
//
// with saddle-point equations
//
//	q  = int Dz tanh(sqrt(qh) z + qh)
//	qh = 4 alpha dE/dq,  E(q) = int Dz H(-c z) ln H(-c z),
//	dE/dq = [int Dz z G(c z) ln H(-c z)] / (2 c (1-q)^2).
//
// Because the second equation is explicit in alpha, each q < 1 gives one
// alpha(q) = qh(q) / (4 dE/dq), eq. (11); the poor-generalization branch is
// 0 < q < q_spinodal, where alpha(q) reaches its maximum alpha_spinodal.
// Perfect generalization (R = 1) has phi = 0 (one solution, the teacher).
type TeacherPoint struct {
	Alpha    float64
	R        float64 // student-teacher overlap (= q on the Nishimori line)
	QHat     float64
	Phi      float64 // entropy of the version space (nats per weight)
	EpsGibbs float64 // arccos(R)/pi
	EpsBayes float64 // arccos(sqrt q)/pi
	// Perfect is true when the equilibrium state is perfect generalization
	// (alpha above the first-order transition): R = 1, Phi = 0.
	Perfect bool
}

// teacherEntropic returns int Dz ln 2cosh(sqrt(qh) z + qh) and int Dz tanh(.).
func (ev *evaluator) teacherEntropic(qh float64) (lncosh, tanh float64) {
	s := math.Sqrt(qh)
	r := ev.rule(&ev.ent, gauss.Kink{At: -s, Width: 1 / s})
	for i, z := range r.Z {
		t, lc := gauss.TanhLog2CoshFast(s*z + qh)
		lncosh += r.W[i] * lc
		tanh += r.W[i] * t
	}
	return
}

// teacherEnergetic returns E(q) and dE/dq, eqs. (8) and (10).
func (ev *evaluator) teacherEnergetic(q float64) (e, de float64) {
	c := math.Sqrt(q / (1 - q))
	r := ev.rule(&ev.en, gauss.Kink{At: 0, Width: 1 / c})
	var dc float64
	for i, z := range r.Z {
		lh, _ := gauss.LogHG(-c * z)
		e += r.W[i] * detmath.Exp(lh) * lh
		dc += r.W[i] * z * gauss.G(c*z) * lh
	}
	return e, dc / (2 * c * (1 - q) * (1 - q))
}

// teacherQHat solves q = int Dz tanh(sqrt(qh) z + qh), eq. (9), for qh (monotone in qh).
func (ev *evaluator) teacherQHat(q float64) (float64, error) {
	f := func(qh float64) (float64, error) {
		_, t := ev.teacherEntropic(qh)
		return t - q, nil
	}
	hi := math.Max(4*q, 1e-3)
	for k := 0; ; k++ {
		v, _ := f(hi)
		if v > 0 {
			break
		}
		if k > 60 {
			return 0, &saddle.NotConvergedError{What: "perceptron teacher qhat(q) bracket", Point: pointName("q", q)}
		}
		hi *= 2
	}
	return saddle.Brent(f, 0, hi, 1e-14*math.Max(1, hi), saddle.Options{What: "perceptron teacher qhat(q)", Point: pointName("q", q)})
}

// TeacherAlphaOfR returns the load alpha at which R = q solves the
// teacher-student saddle point, and the conjugate qh.
func TeacherAlphaOfR(q float64) (alpha, qh float64, err error) {
	var ev evaluator
	return ev.teacherAlpha(q)
}

func (ev *evaluator) teacherAlpha(q float64) (alpha, qh float64, err error) {
	if !(q > 0 && q < 1) {
		return 0, 0, fmt.Errorf("perceptron: teacher overlap %v outside (0,1)", q)
	}
	qh, err = ev.teacherQHat(q)
	if err != nil {
		return 0, 0, err
	}
	_, de := ev.teacherEnergetic(q)
	return qh / (4 * de), qh, nil
}

func (ev *evaluator) teacherPoint(alpha, q, qh float64) TeacherPoint {
	lc, _ := ev.teacherEntropic(qh)
	e, _ := ev.teacherEnergetic(q)
	return TeacherPoint{
		Alpha: alpha, R: q, QHat: qh,
		Phi:      lc - qh*(1+q)/2 + 2*alpha*e,
		EpsGibbs: math.Acos(q) / math.Pi,
		EpsBayes: math.Acos(math.Sqrt(q)) / math.Pi,
	}
}

// TeacherEnergetic returns the explicit partial derivative of phi with
// respect to alpha at fixed q: 2 int Dz H(-c z) ln H(-c z), eq. (12).
func TeacherEnergetic(q float64) float64 {
	var ev evaluator
	e, _ := ev.teacherEnergetic(q)
	return 2 * e
}

// TeacherTransitions are the two thresholds of binary teacher-student Gibbs
// learning, eq. (13): the first-order transition where the entropy of the
// poor-generalization branch vanishes, and its spinodal (the largest alpha
// at which that branch exists).
type TeacherTransitions struct {
	AlphaFirstOrder, RFirstOrder float64
	AlphaSpinodal, RSpinodal     float64
}

var teacherCache struct {
	once sync.Once
	tr   TeacherTransitions
	err  error
}

// Transitions computes (once per process) the teacher-student thresholds.
func Transitions() (TeacherTransitions, error) {
	teacherCache.once.Do(func() {
		var ev evaluator
		teacherCache.tr, teacherCache.err = ev.transitions()
	})
	return teacherCache.tr, teacherCache.err
}

func (ev *evaluator) transitions() (TeacherTransitions, error) {
	var tr TeacherTransitions
	// the spinodal: maximum of alpha(q) on the poor branch
	qs, as, err := saddle.MaximizeGolden(func(q float64) (float64, error) {
		a, _, err := ev.teacherAlpha(q)
		return a, err
	}, 0.3, 0.97, 1e-9)
	if err != nil {
		return tr, err
	}
	tr.AlphaSpinodal, tr.RSpinodal = as, qs
	// first order: phi(q(alpha)) = 0 on the branch q < qs
	phiOfQ := func(q float64) (float64, error) {
		a, qh, err := ev.teacherAlpha(q)
		if err != nil {
			return 0, err
		}
		return ev.teacherPoint(a, q, qh).Phi, nil
	}
	q1, err := saddle.Brent(phiOfQ, 0.05, qs, 1e-12, saddle.Options{What: "perceptron teacher first-order transition", Point: "poor-generalization branch"})
	if err != nil {
		return tr, err
	}
	tr.RFirstOrder = q1
	tr.AlphaFirstOrder, _, err = ev.teacherAlpha(q1)
	return tr, err
}

// TeacherBranch returns the poor-generalization saddle point at alpha (stable
// or metastable). Above the spinodal the branch does not exist: error.
func TeacherBranch(alpha float64) (TeacherPoint, error) {
	if !(alpha > 0) || math.IsInf(alpha, 0) {
		return TeacherPoint{}, fmt.Errorf("perceptron: teacher needs alpha > 0 (got %v)", alpha)
	}
	tr, err := Transitions()
	if err != nil {
		return TeacherPoint{}, err
	}
	if alpha > tr.AlphaSpinodal {
		return TeacherPoint{}, &saddle.NotConvergedError{What: fmt.Sprintf("perceptron teacher poor-generalization branch (exists only for alpha <= %.6g)", tr.AlphaSpinodal), Point: pointName("alpha", alpha)}
	}
	var ev evaluator
	q, err := saddle.Brent(func(q float64) (float64, error) {
		a, _, err := ev.teacherAlpha(q)
		return a - alpha, err
	}, 1e-9, tr.RSpinodal, 1e-13, saddle.Options{What: "perceptron teacher R(alpha)", Point: pointName("alpha", alpha)})
	if err != nil {
		return TeacherPoint{}, err
	}
	_, qh, err := ev.teacherAlpha(q)
	if err != nil {
		return TeacherPoint{}, err
	}
	return ev.teacherPoint(alpha, q, qh), nil
}

// Teacher returns the equilibrium Gibbs-learning state at alpha: the
// poor-generalization branch below the first-order transition, perfect
// generalization (R = 1, phi = 0, zero errors) above it.
func Teacher(alpha float64) (TeacherPoint, error) {
	if !(alpha > 0) || math.IsInf(alpha, 0) {
		return TeacherPoint{}, fmt.Errorf("perceptron: teacher needs alpha > 0 (got %v)", alpha)
	}
	tr, err := Transitions()
	if err != nil {
		return TeacherPoint{}, err
	}
	if alpha >= tr.AlphaFirstOrder {
		return TeacherPoint{Alpha: alpha, R: 1, QHat: math.Inf(1), Perfect: true}, nil
	}
	return TeacherBranch(alpha)
}
