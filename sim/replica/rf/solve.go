package rf

import (
	"errors"
	"fmt"
	"math"

	"flatland/sim/saddle"
)

// notConverged reports a saddle point or root that could not be found, as the shared
// *saddle.NotConvergedError: it names the point (e.g. "alpha=0.5 alpha_D=1 act=sign
// labels=teacher") so the caller never prints a made-up number.
func notConverged(what, point string, residual float64) error {
	return &saddle.NotConvergedError{What: "rf: " + what, Point: point, Residual: residual}
}

// StartError reports a Franz-Parisi curve whose first saddle point (next
// to the reference, where the constrained replicas are almost further
// copies of it and the system is nearly degenerate) could not be found,
// at the reference's own overlap nor further in. It happens for very sharp
// references: the maximal-margin reference at small alpha (kappa_max of
// several units, self-overlap q0 above ~0.9).
type StartError struct {
	Point    string  // the model point and the distance of the first attempt
	KappaRef float64 // the reference's margin
	Q0       float64 // the reference's self-overlap
	Resid    float64 // best residual of the attempts that did not converge (+Inf if none)
	Rejected int     // attempts that converged to a saddle with S_FP above the total entropy
}

func (e *StartError) Error() string {
	why := "Newton did not converge from the reference"
	if !math.IsInf(e.Resid, 1) {
		why += fmt.Sprintf(" (best residual %.2g)", e.Resid)
	}
	if e.Rejected > 0 {
		why += fmt.Sprintf("; %d attempts converged to spurious saddles with S_FP above the total entropy phi", e.Rejected)
	}
	return fmt.Sprintf("rf: no Franz-Parisi starting point next to the reference (kappa_r = %.3g, self-overlap q0 = %.3g) at %s: %s", e.KappaRef, e.Q0, e.Point, why)
}

// Is makes a StartError match ErrNotConverged.
func (e *StartError) Is(target error) bool { return target == ErrNotConverged }

// ErrAboveInterpolation is wrapped by the error of a local-entropy
// computation at alpha >= alpha_c(alpha_D): there are no zero-error
// solutions, hence no reference to measure distances from. It is the
// physical answer, not a solver failure.
var ErrAboveInterpolation = errors.New("no zero-error solutions: alpha is at or above the interpolation threshold alpha_c")

// ErrNotConverged matches every solver failure of this package (saddle.NotConvergedError,
// StartError) with errors.Is.
var ErrNotConverged = saddle.ErrNotConverged

// newton solves f(x) = 0 by Newton's method with a central-difference
// Jacobian (kept here rather than saddle.Newton, whose forward differences
// and max-norm stopping rule would change the converged digits and the
// tolerances the callers were tuned with; it is plain float code,
// deterministic natively and in WebAssembly), partial-pivoting Gaussian elimination and step halving. ok(x)
// rejects points outside the domain. It returns the root, the final
// residual max-norm, and whether tol was reached.
//
// jac, if not nil, supplies the Jacobian (J[i][j] = df_i/dx_j); where it
// reports false (e.g. its own differences leave the domain) the central
// differences are used.
func newton(f func(x []float64) ([]float64, bool), jac func(x []float64, J [][]float64) bool, x0 []float64, tol float64, maxIter int) ([]float64, float64, bool) {
	n := len(x0)
	x := append([]float64(nil), x0...)
	fx, ok := f(x)
	if !ok {
		return x, math.Inf(1), false
	}
	res := norm2(fx)
	J := make([][]float64, n)
	for i := range J {
		J[i] = make([]float64, n)
	}
	xt := make([]float64, n)
	for it := 0; it < maxIter && res > tol; it++ {
		fd := jac == nil || !jac(x, J)
		for j := 0; j < n && fd; j++ {
			h := 1e-6 * math.Max(1e-2, math.Abs(x[j]))
			copy(xt, x)
			xt[j] = x[j] + h
			fp, okp := f(xt)
			xt[j] = x[j] - h
			fm, okm := f(xt)
			switch {
			case okp && okm:
				for i := 0; i < n; i++ {
					J[i][j] = (fp[i] - fm[i]) / (2 * h)
				}
			case okp:
				for i := 0; i < n; i++ {
					J[i][j] = (fp[i] - fx[i]) / h
				}
			case okm:
				for i := 0; i < n; i++ {
					J[i][j] = (fx[i] - fm[i]) / h
				}
			default:
				return x, res, false
			}
		}
		dx, ok := solveLinear(J, fx)
		if !ok {
			return x, res, false
		}
		step := 1.0
		improved := false
		for k := 0; k < 30 && !improved; k++ {
			for i := range xt {
				xt[i] = x[i] - step*dx[i]
			}
			if ft, ok := f(xt); ok {
				if r := norm2(ft); r < res {
					copy(x, xt)
					fx, res = ft, r
					improved = true
				}
			}
			step *= 0.5
		}
		if !improved {
			return x, res, false
		}
	}
	return x, res, res <= tol
}

// norm2 is the Euclidean norm (+Inf if any entry is NaN).
func norm2(v []float64) float64 {
	s := 0.0
	for _, e := range v {
		s += e * e
	}
	if math.IsNaN(s) {
		return math.Inf(1)
	}
	return math.Sqrt(s)
}

func maxAbs(v []float64) float64 {
	m := 0.0
	for _, e := range v {
		if a := math.Abs(e); a > m || math.IsNaN(a) {
			if math.IsNaN(a) {
				return math.Inf(1)
			}
			m = a
		}
	}
	return m
}

// solveLinear solves J d = b (J is not modified) with saddle.SolveLinear
// (partial pivoting; ok is false for a singular J).
func solveLinear(J [][]float64, b []float64) ([]float64, bool) {
	n := len(b)
	a := make([]float64, 0, n*n)
	for _, row := range J {
		a = append(a, row[:n]...)
	}
	return saddle.SolveLinear(a, b)
}
