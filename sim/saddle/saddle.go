package saddle

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// NotConvergedError reports a solver that did not converge.
type NotConvergedError struct {
	What       string  // which solver and equation, e.g. "perceptron storage saddle point"
	Point      string  // the parameters, e.g. "alpha=0.9 kappa=0"
	Iterations int     // iterations spent
	Residual   float64 // last residual or step size
}

func (e *NotConvergedError) Error() string {
	var detail []string
	if e.Iterations > 0 {
		detail = append(detail, fmt.Sprintf("after %d iterations", e.Iterations))
	}
	if e.Residual != 0 {
		detail = append(detail, fmt.Sprintf("residual %.3g", e.Residual))
	}
	msg := fmt.Sprintf("%s did not converge at %s", e.What, e.Point)
	if len(detail) > 0 {
		msg += " (" + strings.Join(detail, ", ") + ")"
	}
	return msg
}

// ErrNotConverged matches every NotConvergedError (and the solver failures of the replica packages
// that wrap or stand for one) with errors.Is.
var ErrNotConverged = errors.New("not converged")

// Is makes a NotConvergedError match ErrNotConverged.
func (e *NotConvergedError) Is(target error) bool { return target == ErrNotConverged }

// Options control the iterative solvers. Zero fields take defaults.
type Options struct {
	Tol     float64              // stopping tolerance, min(absolute, relative) rule; default 1e-12
	MaxIter int                  // default 2000 for Iterate, 50 for Newton
	Damping float64              // fixed-point damping in (0, 1]; default 0.5
	Step    float64              // relative finite-difference step for Newton; default 1e-7
	Valid   func([]float64) bool // domain check; Newton halves steps that leave it
	What    string               // names the solver in errors
	Point   string               // names the point in errors
	// ResidualTol, if positive, also accepts a Newton iterate whose largest
	// residual component is below it (for residuals with a noise floor).
	ResidualTol float64
	// Descent makes NewtonJacobian accept only steps that lower the largest
	// residual component (never a forced step): for continuation along a
	// branch, where a long step across a nearly flat valley of the
	// potential may land on a neighbouring saddle.
	Descent bool
}

func (o Options) tol() float64 {
	if o.Tol > 0 {
		return o.Tol
	}
	return 1e-12
}

// Small reports whether the change dx relative to x passes the
// min(absolute, relative) rule: |dx| <= tol * max(1, |x|).
func Small(dx, x, tol float64) bool {
	return math.Abs(dx) <= tol*math.Max(1, math.Abs(x))
}

func finite(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// Iterate runs the damped fixed-point iteration x <- (1-d) x + d f(x) from x
// (modified in place) until every component's change passes Small. f writes
// f(x) into out. It returns the iterations used.
func Iterate(f func(x, out []float64), x []float64, opt Options) (int, error) {
	d := opt.Damping
	if !(d > 0 && d <= 1) {
		d = 0.5
	}
	maxIter := opt.MaxIter
	if maxIter <= 0 {
		maxIter = 2000
	}
	tol := opt.tol()
	fx := make([]float64, len(x))
	worst := math.Inf(1)
	for it := 1; it <= maxIter; it++ {
		f(x, fx)
		if !finite(fx) {
			return it, &NotConvergedError{What: opt.What + " (fixed point: non-finite update)", Point: opt.Point, Iterations: it, Residual: math.NaN()}
		}
		ok := true
		worst = 0
		for i := range x {
			nx := (1-d)*x[i] + d*fx[i]
			if !Small(nx-x[i], x[i], tol) {
				ok = false
			}
			worst = math.Max(worst, math.Abs(fx[i]-x[i]))
			x[i] = nx
		}
		if opt.Valid != nil && !opt.Valid(x) {
			return it, &NotConvergedError{What: opt.What + " (fixed point left the domain)", Point: opt.Point, Iterations: it, Residual: worst}
		}
		if ok {
			return it, nil
		}
	}
	return maxIter, &NotConvergedError{What: opt.What + " (fixed point)", Point: opt.Point, Iterations: maxIter, Residual: worst}
}

// Newton solves r(x) = 0 starting from x (modified in place). r writes the
// residual into out and returns false if x is outside its domain. The
// Jacobian is a forward finite difference with relative step opt.Step (the
// caller's residual should be scaled so that O(1) changes matter). It has
// converged when a full Newton step passes Small for every component.
func Newton(r func(x, out []float64) bool, x []float64, opt Options) (int, error) {
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
		return 0, &NotConvergedError{What: opt.What + " (Newton: invalid start)", Point: opt.Point, Residual: math.NaN()}
	}
	norm := maxAbs(ws.r)
	for it := 1; it <= maxIter; it++ {
		// Jacobian J[i][j] = d r_i / d x_j
		if !fdJacobian(r, x, ws, ws.a, h, valid) {
			return it, &NotConvergedError{What: opt.What + " (Newton: cannot differentiate at the domain edge)", Point: opt.Point, Iterations: it, Residual: norm}
		}
		for i := 0; i < n; i++ {
			ws.step[i] = -ws.r[i]
		}
		if !solveDense(ws.a, ws.step, n) {
			return it, &NotConvergedError{What: opt.What + " (Newton: singular Jacobian)", Point: opt.Point, Iterations: it, Residual: norm}
		}
		lambda, _, accepted := halveStep(x, ws, norm, 2, 30, 20, func(v []float64) bool {
			return valid(v) && r(v, ws.rt)
		})
		if !accepted {
			return it, &NotConvergedError{What: opt.What + " (Newton: no admissible step)", Point: opt.Point, Iterations: it, Residual: norm}
		}
		small := true
		for i := range x {
			if !Small(ws.xt[i]-x[i], x[i], tol) {
				small = false
			}
		}
		copy(x, ws.xt)
		copy(ws.r, ws.rt)
		norm = maxAbs(ws.r)
		if (small && lambda == 1) || norm <= opt.ResidualTol {
			return it, nil
		}
	}
	return maxIter, &NotConvergedError{What: opt.What + " (Newton)", Point: opt.Point, Iterations: maxIter, Residual: norm}
}

// halveStep is the step-halving search shared by the Newton-type solvers:
// from x along ws.step it tries lambda = 1, 1/2, 1/4, ... (at most tries
// times) and accepts the first trial point x + lambda step (left in ws.xt, its
// residual in ws.rt) where eval succeeds with a finite residual no more than
// growth times norm (or below 1e-9 when growth >= 1); from try number forceAfter on (negative:
// never) any point inside the domain is accepted. It stays in the domain and
// keeps the residual from blowing up.
func halveStep(x []float64, ws *workspace, norm, growth float64, tries, forceAfter int, eval func(v []float64) bool) (lambda, trialNorm float64, accepted bool) {
	lambda = 1.0
	for k := 0; k < tries; k++ {
		for i := range x {
			ws.xt[i] = x[i] + lambda*ws.step[i]
		}
		if eval(ws.xt) && finite(ws.rt) {
			nn := maxAbs(ws.rt)
			if nn <= growth*norm || (growth >= 1 && nn < 1e-9) || (forceAfter >= 0 && k >= forceAfter) {
				return lambda, nn, true
			}
		}
		lambda *= 0.5
	}
	return lambda, 0, false
}

func maxAbs(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

type workspace struct {
	r, rt, xt, step, a []float64
}

func newWorkspace(n int) *workspace {
	buf := make([]float64, 4*n+n*n)
	return &workspace{r: buf[:n], rt: buf[n : 2*n], xt: buf[2*n : 3*n], step: buf[3*n : 4*n], a: buf[4*n:]}
}

// solveDense solves A x = b in place (A row-major n x n, overwritten; b
// becomes x) by Gaussian elimination with partial pivoting. It reports false
// for a (numerically) singular A.
func solveDense(a, b []float64, n int) bool {
	scale := 0.0
	for _, v := range a {
		scale = math.Max(scale, math.Abs(v))
	}
	if scale == 0 {
		return false
	}
	for k := 0; k < n; k++ {
		p := k
		for i := k + 1; i < n; i++ {
			if math.Abs(a[i*n+k]) > math.Abs(a[p*n+k]) {
				p = i
			}
		}
		if math.Abs(a[p*n+k]) <= 1e-14*scale {
			return false
		}
		if p != k {
			for j := 0; j < n; j++ {
				a[k*n+j], a[p*n+j] = a[p*n+j], a[k*n+j]
			}
			b[k], b[p] = b[p], b[k]
		}
		for i := k + 1; i < n; i++ {
			f := a[i*n+k] / a[k*n+k]
			if f == 0 {
				continue
			}
			for j := k; j < n; j++ {
				a[i*n+j] -= f * a[k*n+j]
			}
			b[i] -= f * b[k]
		}
	}
	for k := n - 1; k >= 0; k-- {
		s := b[k]
		for j := k + 1; j < n; j++ {
			s -= a[k*n+j] * b[j]
		}
		b[k] = s / a[k*n+k]
	}
	return true
}

// SolveLinear solves the dense n x n system A x = b (A row-major) without
// modifying its arguments; ok is false for a singular A.
func SolveLinear(a, b []float64) (x []float64, ok bool) {
	n := len(b)
	if len(a) != n*n {
		panic("saddle: SolveLinear needs an n x n matrix")
	}
	ac := append([]float64(nil), a...)
	x = append([]float64(nil), b...)
	return x, solveDense(ac, x, n)
}

// NewtonJacobian is Newton's method with a caller-supplied Jacobian: rj
// writes the residual into res and, when jac is not nil, the row-major
// Jacobian d res_i/d x_j into jac; it returns false outside the domain.
// Computing both in one pass is what makes a saddle point cost only a few
// Gaussian integrals. Stopping rule, step halving and errors are as in Newton.
func NewtonJacobian(rj func(x, res, jac []float64) bool, x []float64, opt Options) (int, error) {
	n := len(x)
	maxIter := opt.MaxIter
	if maxIter <= 0 {
		maxIter = 50
	}
	tol := opt.tol()
	ws := newWorkspace(n)
	valid := func(v []float64) bool {
		return finite(v) && (opt.Valid == nil || opt.Valid(v))
	}
	if !valid(x) || !rj(x, ws.r, ws.a) || !finite(ws.r) || !finite(ws.a) {
		return 0, &NotConvergedError{What: opt.What + " (Newton: invalid start)", Point: opt.Point, Residual: math.NaN()}
	}
	norm := maxAbs(ws.r)
	for it := 1; it <= maxIter; it++ {
		for i := 0; i < n; i++ {
			ws.step[i] = -ws.r[i]
		}
		if !solveDense(ws.a, ws.step, n) {
			return it, &NotConvergedError{What: opt.What + " (Newton: singular Jacobian)", Point: opt.Point, Iterations: it, Residual: norm}
		}
		growth, forceAfter := 2.0, 20
		if opt.Descent {
			growth, forceAfter = 1-1e-12, -1
		}
		lambda, _, accepted := halveStep(x, ws, norm, growth, 30, forceAfter, func(v []float64) bool {
			return valid(v) && rj(v, ws.rt, nil)
		})
		if !accepted {
			return it, &NotConvergedError{What: opt.What + " (Newton: no admissible step)", Point: opt.Point, Iterations: it, Residual: norm}
		}
		small := true
		for i := range x {
			if !Small(ws.xt[i]-x[i], x[i], tol) {
				small = false
			}
		}
		copy(x, ws.xt)
		if (small && lambda == 1) || maxAbs(ws.rt) <= opt.ResidualTol {
			rj(x, ws.r, nil)
			return it, nil
		}
		if !rj(x, ws.r, ws.a) || !finite(ws.a) {
			return it, &NotConvergedError{What: opt.What + " (Newton: invalid Jacobian)", Point: opt.Point, Iterations: it, Residual: norm}
		}
		norm = maxAbs(ws.r)
	}
	return maxIter, &NotConvergedError{What: opt.What + " (Newton)", Point: opt.Point, Iterations: maxIter, Residual: norm}
}
