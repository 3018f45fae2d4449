package saddle

import (
	"fmt"
	"math"
)

// Brent finds a root of f in [a, b] (f(a) and f(b) must have opposite signs)
// to absolute tolerance tol in x, by Brent's method (inverse quadratic
// interpolation and secant steps safeguarded by bisection). f may return an
// error, which aborts the search and is returned as is.
func Brent(f func(float64) (float64, error), a, b, tol float64, opt Options) (float64, error) {
	fa, err := f(a)
	if err != nil {
		return 0, err
	}
	fb, err := f(b)
	if err != nil {
		return 0, err
	}
	if fa == 0 {
		return a, nil
	}
	if fb == 0 {
		return b, nil
	}
	if math.Signbit(fa) == math.Signbit(fb) {
		return 0, &NotConvergedError{What: opt.What + fmt.Sprintf(" (root not bracketed: f(%.6g)=%.3g, f(%.6g)=%.3g)", a, fa, b, fb), Point: opt.Point, Residual: math.Min(math.Abs(fa), math.Abs(fb))}
	}
	maxIter := opt.MaxIter
	if maxIter <= 0 {
		maxIter = 100
	}
	c, fc := a, fa
	d := b - a
	e := d
	for it := 1; it <= maxIter; it++ {
		if math.Signbit(fb) == math.Signbit(fc) {
			c, fc = a, fa
			d = b - a
			e = d
		}
		if math.Abs(fc) < math.Abs(fb) {
			a, b, c = b, c, b
			fa, fb, fc = fb, fc, fb
		}
		tol1 := 2*1e-16*math.Abs(b) + 0.5*tol
		xm := 0.5 * (c - b)
		if math.Abs(xm) <= tol1 || fb == 0 {
			return b, nil
		}
		if math.Abs(e) >= tol1 && math.Abs(fa) > math.Abs(fb) {
			var p, q float64
			s := fb / fa
			if a == c {
				p = 2 * xm * s
				q = 1 - s
			} else {
				qq := fa / fc
				r := fb / fc
				p = s * (2*xm*qq*(qq-r) - (b-a)*(r-1))
				q = (qq - 1) * (r - 1) * (s - 1)
			}
			if p > 0 {
				q = -q
			}
			p = math.Abs(p)
			if 2*p < math.Min(3*xm*q-math.Abs(tol1*q), math.Abs(e*q)) {
				e = d
				d = p / q
			} else {
				d = xm
				e = d
			}
		} else {
			d = xm
			e = d
		}
		a, fa = b, fb
		if math.Abs(d) > tol1 {
			b += d
		} else if xm > 0 {
			b += tol1
		} else {
			b -= tol1
		}
		fb, err = f(b)
		if err != nil {
			return 0, err
		}
	}
	return b, &NotConvergedError{What: opt.What + " (Brent)", Point: opt.Point, Iterations: maxIter, Residual: math.Abs(fb)}
}

// MaximizeGolden finds the maximum of a unimodal f on [a, b] to absolute
// tolerance tol in x by golden-section search. It returns the argmax and the
// maximum. Errors from f abort the search.
func MaximizeGolden(f func(float64) (float64, error), a, b, tol float64) (x, fx float64, err error) {
	const g = 0.6180339887498949 // (sqrt 5 - 1)/2
	c := b - g*(b-a)
	d := a + g*(b-a)
	fc, err := f(c)
	if err != nil {
		return 0, 0, err
	}
	fd, err := f(d)
	if err != nil {
		return 0, 0, err
	}
	for b-a > tol {
		if fc >= fd {
			b, d, fd = d, c, fc
			c = b - g*(b-a)
			if fc, err = f(c); err != nil {
				return 0, 0, err
			}
		} else {
			a, c, fc = c, d, fd
			d = a + g*(b-a)
			if fd, err = f(d); err != nil {
				return 0, 0, err
			}
		}
	}
	if fc >= fd {
		return c, fc, nil
	}
	return d, fd, nil
}
