package perceptron

import (
	"fmt"
	"math"

	"flatland/sim/saddle"
)

// walk follows the storage branch in a control parameter (alpha or kappa,
// chosen by solve) from p0 in steps of step until phi changes sign. It
// returns the last points before and after the sign change. A failing step
// is halved (the RS branch ends where q -> 1, beyond the sign change).
func walk(p0 float64, x0 []float64, step float64, maxSteps int, solve func(p float64, x []float64) (StoragePoint, error)) (lo, hi StoragePoint, err error) {
	x := append([]float64(nil), x0...)
	lo, err = solve(p0, x)
	if err != nil {
		return lo, hi, err
	}
	sign0 := lo.Phi < 0
	cur := p0
	step0 := step
	trial := make([]float64, 2)
	for k := 0; k < maxSteps; k++ {
		h := step
		var p StoragePoint
		for halving := 0; ; halving++ {
			copy(trial, x)
			p, err = solve(cur+h, trial)
			if err == nil {
				break
			}
			if halving == 8 {
				return lo, hi, err
			}
			h /= 2
		}
		if (p.Phi < 0) != sign0 {
			return lo, p, nil
		}
		lo, cur = p, cur+h
		copy(x, trial)
		// far from the sign change the branch is smooth: grow the step that worked
		step = h
		if math.Abs(step) < 20*math.Abs(step0) {
			step *= 1.25
		}
	}
	return lo, hi, &saddle.NotConvergedError{What: "perceptron storage (phi does not change sign)", Point: pointName("start", p0, "steps", float64(maxSteps))}
}

// critical solves {saddle point, phi = 0}, eqs. (2), (3), (6), for (q, qh, p) where p is alpha
// (byKappa false) or kappa (byKappa true), by Newton's method with the
// analytic Jacobian, starting between the bracketing points lo and hi.
func (ev *evaluator) critical(lo, hi StoragePoint, byKappa bool, opt saddle.Options) (StoragePoint, error) {
	pl, ph := lo.Alpha, hi.Alpha
	if byKappa {
		pl, ph = lo.Kappa, hi.Kappa
	}
	// linear interpolation of phi between the bracket
	t := lo.Phi / (lo.Phi - hi.Phi)
	x := []float64{
		lo.Q + t*(hi.Q-lo.Q),
		lo.QHat + t*(hi.QHat-lo.QHat),
		pl + t*(ph-pl),
	}
	opt.Valid = func(x []float64) bool {
		return storageValid(x) && x[2] >= math.Min(pl, ph) && x[2] <= math.Max(pl, ph)
	}
	_, err := saddle.NewtonJacobian(func(x, r, jac []float64) bool {
		q, qh := x[0], x[1]
		alpha, kappa := x[2], lo.Kappa
		if byKappa {
			alpha, kappa = lo.Alpha, x[2]
		}
		s := ev.entropic(qh)
		e := ev.energetic(q, kappa)
		r[0] = s.T2 - q
		r[1] = alpha*e.G2/(1-q) - qh
		r[2] = -qh*(1-q)/2 + s.LnCosh + alpha*e.LnH
		if jac != nil {
			jac[0], jac[1], jac[2] = -1, s.DT2, 0
			jac[3], jac[4] = alpha*(e.DG2/(1-q)+e.G2/((1-q)*(1-q))), -1
			jac[6], jac[7] = qh/2+alpha*e.DLnH, (q-s.T2)/2
			if byKappa {
				jac[5] = alpha * e.DG2K / (1 - q)
				jac[8] = alpha * e.DLnHK
			} else {
				jac[5] = e.G2 / (1 - q)
				jac[8] = e.LnH
			}
		}
		return true
	}, x, opt)
	if err != nil {
		return StoragePoint{}, err
	}
	if byKappa {
		return ev.storagePoint(lo.Alpha, x[2], x[0], x[1]), nil
	}
	return ev.storagePoint(x[2], lo.Kappa, x[0], x[1]), nil
}

// Capacity returns alpha_c(kappa), the load where the RS free entropy of the
// storage problem vanishes, eq. (6) (Gardner-Derrida 1988; Krauth-Mezard 1989 give
// 0.833 at kappa = 0), with the saddle point there. It follows the branch in
// alpha until phi < 0 and then solves {saddle point, phi = 0} jointly.
func Capacity(kappa float64) (float64, StoragePoint, error) {
	if math.IsNaN(kappa) || kappa < -3 || kappa > 3 {
		return 0, StoragePoint{}, fmt.Errorf("perceptron: capacity needs kappa in [-3, 3] (got %v)", kappa)
	}
	var ev evaluator
	a0 := 0.02
	step := 0.05
	if kappa < 0 {
		step = 0.1 * (1 - kappa) * (1 - kappa)
	}
	lo, hi, err := walk(a0, startGuess(a0, kappa), step, 200, func(a float64, x []float64) (StoragePoint, error) {
		return ev.solveStorage(a, kappa, x)
	})
	if err != nil {
		return 0, StoragePoint{}, err
	}
	p, err := ev.critical(lo, hi, false, saddle.Options{Tol: 1e-12, What: "perceptron capacity", Point: pointName("kappa", kappa)})
	return p.Alpha, p, err
}

// MaxMargin returns kappa_max(alpha), the largest margin at which solutions
// exist at load alpha in the RS theory: the root in kappa of
// phi(alpha, kappa) = 0 (the inverse of Capacity, eq. (7)), with the saddle point there.
func MaxMargin(alpha float64) (float64, StoragePoint, error) {
	if !(alpha >= 0.02) || alpha > 4 {
		return 0, StoragePoint{}, fmt.Errorf("perceptron: max margin needs alpha in [0.02, 4] (got %v)", alpha)
	}
	var ev evaluator
	// a margin at which the RS branch reaches alpha by continuation
	k0 := 0.0
	switch {
	case alpha > 3:
		k0 = -1.5
	case alpha > 1.6:
		k0 = -1
	case alpha > 1.1:
		k0 = -0.5
	}
	p0, err := ev.storageAt(alpha, k0)
	if err != nil {
		return 0, StoragePoint{}, err
	}
	step := 0.1
	if p0.Phi < 0 {
		step = -0.1
	}
	lo, hi, err := walk(k0, []float64{p0.Q, p0.QHat}, step, 100, func(k float64, x []float64) (StoragePoint, error) {
		return ev.solveStorage(alpha, k, x)
	})
	if err != nil {
		return 0, StoragePoint{}, err
	}
	p, err := ev.critical(lo, hi, true, saddle.Options{Tol: 1e-12, What: "perceptron max margin", Point: pointName("alpha", alpha)})
	return p.Kappa, p, err
}
