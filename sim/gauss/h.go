package gauss

import (
	"math"

	"flatland/sim/detmath"
)

const (
	invSqrt2Pi = 0.3989422804014327 // 1/sqrt(2 pi)
	sqrt2      = 1.4142135623730951
	logSqrt2Pi = 0.9189385332046728 // ln sqrt(2 pi)
	// asymptoticFrom is where ln H and G/H switch from the continued fraction
	// to the asymptotic series; its truncation error there is below 1e-14.
	asymptoticFrom = 30.0
)

// G is the standard normal density exp(-x^2/2)/sqrt(2 pi).
func G(x float64) float64 { return invSqrt2Pi * detmath.Exp(-0.5*x*x) }

// H is the Gaussian tail int_x^inf Dz = erfc(x/sqrt 2)/2, computed without
// math.Erfc (see tail) so that it is bit-identical natively and in
// WebAssembly. It underflows to 0 only where the true value is below the
// smallest float64 (x > ~38.5); use LogH there.
func H(x float64) float64 {
	if x < 0 {
		h, _ := tail(-x)
		return 1 - h
	}
	if x >= 38.5 {
		return 0
	}
	h, _ := tail(x)
	return h
}

// tailSeries returns S(x) = 1 - 1/x^2 + 3/x^4 - 15/x^6 + ... so that
// H(x) = G(x) S(x)/x for large x (Abramowitz-Stegun 7.1.23). Six terms give a
// relative error below 1e-14 for x >= 30.
func tailSeries(x float64) float64 {
	u := 1 / (x * x)
	return 1 + u*(-1+u*(3+u*(-15+u*(105+u*(-945+u*10395)))))
}

// LogH returns ln H(x) for any finite x, without underflow: for x >= 2.5,
// ln H = -x^2/2 - ln sqrt(2 pi) - ln(G/H) with G/H from the continued fraction
// (the asymptotic series S from x >= 30); for x < 0, log1p(-H(-x)).
func LogH(x float64) float64 {
	l, _ := LogHAndGOverH(x)
	return l
}

// GOverH returns G(x)/H(x) (the inverse Mills ratio), stable for all finite
// x: for x >= 30 it is x/S(x), for x -> -inf it tends to 0. It is
// -d/dx ln H(x) and appears in every saddle-point equation.
func GOverH(x float64) float64 {
	_, g := LogHAndGOverH(x)
	return g
}

// H2 is the binary entropy -d ln d - (1-d) ln(1-d) (natural log), the upper
// bound of any local entropy at normalized Hamming distance d.
func H2(d float64) float64 {
	if d <= 0 || d >= 1 {
		return 0
	}
	return -d*detmath.Log(d) - (1-d)*detmath.Log1p(-d)
}

// LogHAndGOverH returns LogH(x) and GOverH(x) together (one pass).
func LogHAndGOverH(x float64) (logH, gOverH float64) {
	switch {
	case x >= asymptoticFrom:
		s := tailSeries(x)
		return -0.5*x*x - detmath.Log(x) - logSqrt2Pi + detmath.Log(s), x / s
	case x >= 2.5:
		_, goh := tail(x)
		return -0.5*x*x - logSqrt2Pi - detmath.Log(goh), goh
	case x >= 0:
		h, goh := tail(x)
		return detmath.Log(h), goh
	default:
		h, _ := tail(-x)
		return detmath.Log1p(-h), G(x) / (1 - h)
	}
}

// TanhLogCosh returns tanh(x) and ln 2cosh(x) with a single exponential.
func TanhLogCosh(x float64) (tanh, log2Cosh float64) {
	a := math.Abs(x)
	e := detmath.Exp(-2 * a)
	t := (1 - e) / (1 + e)
	if x < 0 {
		t = -t
	}
	return t, a + detmath.Log1p(e)
}
