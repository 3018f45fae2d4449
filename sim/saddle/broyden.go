package saddle

import "math"

// Broyden solves r(x) = 0 from x (modified in place) by a quasi-Newton
// method: the Jacobian jac (row-major n x n, in/out) is updated by Broyden's
// rank-one formula J += (dr - J s) s^T / (s^T s) after every step instead of
// being recomputed. If jac is nil, the wrong size, or the iteration stalls,
// a forward finite-difference Jacobian is computed. Passing the Jacobian of a
// neighbouring point along a continuation makes each new point cost a few
// residual evaluations. Stopping rule, domain handling (r returns false
// outside it) and errors are as in Newton. It returns the iterations and the
// final Jacobian estimate.
func Broyden(r func(x, out []float64) bool, x []float64, jac []float64, opt Options) (int, []float64, error) {
	n := len(x)
	maxIter := opt.MaxIter
	if maxIter <= 0 {
		maxIter = 50
	}
	h := opt.Step
	if h <= 0 {
		h = 1e-7
	}
	tol := opt.tol()
	ws := newWorkspace(n)
	valid := func(v []float64) bool {
		return finite(v) && (opt.Valid == nil || opt.Valid(v))
	}
	if !valid(x) || !r(x, ws.r) || !finite(ws.r) {
		return 0, jac, &NotConvergedError{What: opt.What + " (Broyden: invalid start)", Point: opt.Point, Residual: math.NaN()}
	}
	if len(jac) != n*n || !finite(jac) {
		jac = make([]float64, n*n)
		if !fdJacobian(r, x, ws, jac, h, valid) {
			return 0, jac, &NotConvergedError{What: opt.What + " (Broyden: cannot differentiate)", Point: opt.Point, Residual: maxAbs(ws.r)}
		}
	}
	norm := maxAbs(ws.r)
	fresh := false // jac is a finite difference at the current x
	stalls := 0
	dr := make([]float64, n)
	for it := 1; it <= maxIter; it++ {
		copy(ws.a, jac)
		for i := 0; i < n; i++ {
			ws.step[i] = -ws.r[i]
		}
		lambda, accepted := 1.0, false
		var nn float64
		if solveDense(ws.a, ws.step, n) {
			lambda, nn, accepted = halveStep(x, ws, norm, 2, 12, -1, func(v []float64) bool {
				return valid(v) && r(v, ws.rt)
			})
		}
		if !accepted || (nn > 0.9*norm && nn > opt.ResidualTol) {
			stalls++
		} else {
			stalls = 0
		}
		if !accepted {
			if fresh {
				return it, jac, &NotConvergedError{What: opt.What + " (Broyden: no admissible step)", Point: opt.Point, Iterations: it, Residual: norm}
			}
			if !fdJacobian(r, x, ws, jac, h, valid) {
				return it, jac, &NotConvergedError{What: opt.What + " (Broyden: cannot differentiate)", Point: opt.Point, Iterations: it, Residual: norm}
			}
			fresh = true
			continue
		}
		small := true
		var ss float64
		for i := range x {
			s := ws.xt[i] - x[i]
			ws.step[i] = s
			ss += s * s
			if !Small(s, x[i], tol) {
				small = false
			}
		}
		for i := 0; i < n; i++ {
			dr[i] = ws.rt[i] - ws.r[i]
		}
		copy(x, ws.xt)
		copy(ws.r, ws.rt)
		norm = nn
		if (small && lambda == 1) || norm <= opt.ResidualTol {
			return it, jac, nil
		}
		if stalls >= 2 && !fresh {
			if !fdJacobian(r, x, ws, jac, h, valid) {
				return it, jac, &NotConvergedError{What: opt.What + " (Broyden: cannot differentiate)", Point: opt.Point, Iterations: it, Residual: norm}
			}
			fresh, stalls = true, 0
			continue
		}
		if ss > 0 {
			for i := 0; i < n; i++ {
				js := 0.0
				for j := 0; j < n; j++ {
					js += jac[i*n+j] * ws.step[j]
				}
				c := (dr[i] - js) / ss
				for j := 0; j < n; j++ {
					jac[i*n+j] += c * ws.step[j]
				}
			}
		}
		fresh = false
	}
	return maxIter, jac, &NotConvergedError{What: opt.What + " (Broyden)", Point: opt.Point, Iterations: maxIter, Residual: norm}
}

// fdJacobian fills jac with a forward-difference Jacobian at x (ws.r must hold r(x)).
func fdJacobian(r func(x, out []float64) bool, x []float64, ws *workspace, jac []float64, h float64, valid func([]float64) bool) bool {
	n := len(x)
	for j := 0; j < n; j++ {
		copy(ws.xt, x)
		dx := h * math.Max(1e-3, math.Abs(x[j]))
		ws.xt[j] += dx
		if !valid(ws.xt) || !r(ws.xt, ws.rt) {
			dx = -dx
			ws.xt[j] = x[j] + dx
			if !valid(ws.xt) || !r(ws.xt, ws.rt) {
				return false
			}
		}
		for i := 0; i < n; i++ {
			jac[i*n+j] = (ws.rt[i] - ws.r[i]) / dx
		}
	}
	return true
}
