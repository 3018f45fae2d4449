// Package detmath provides the few transcendental functions the training
// code needs (exp, log, tanh, atanh, the Gaussian tail H and log H) written
// in plain float64 arithmetic, so that they give bit-identical results on
// every GOARCH. The standard library's math.Exp and math.Log use assembly on
// amd64 (with FMA when the CPU has it) but pure Go under WebAssembly, so a
// seeded Metropolis or belief-propagation run could drift apart by one ulp
// and then diverge; these functions cannot. Accuracy is a few ulp, which is
// all the algorithms need.
package detmath

import "math"

const (
	ln2Hi  = 6.93147180369123816490e-01 // high bits of ln 2 (Cody-Waite split)
	ln2Lo  = 1.90821492927058770002e-10 // ln 2 - ln2Hi
	log2e  = 1.44269504088896338700e+00
	sqrt2  = 1.41421356237309504880
	invSq2 = 0.70710678118654752440
	// LogSqrt2Pi is ln sqrt(2 pi).
	LogSqrt2Pi = 0.91893853320467274178
)

// expTab[j] = 2^(j/64), j = 0..63, from the Taylor series of e^(j ln2/64)
// summed to 30 terms (|argument| < 0.69: truncation far below 1e-16).
var expTab = func() (t [64]float64) {
	for j := range t {
		r := float64(j) * (ln2Hi + ln2Lo) / 64
		sum, term := 1.0, 1.0
		for n := 1; n <= 30; n++ {
			term *= r / float64(n)
			sum += term
		}
		t[j] = sum
	}
	return t
}()

// Exp returns e^x: x = (64 e + j) ln2/64 + r with |r| <= ln2/128, so
// e^x = 2^e 2^(j/64) e^r, e^r by its Taylor series to degree 6 (truncation
// below 4e-17 relative). Plain float arithmetic only.
func Exp(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return x
	case x > 709.782712893384:
		return math.Inf(1)
	case x < -745.1332191019412:
		return 0
	}
	k := math.Floor(x*(64*log2e) + 0.5)
	r := (x - k*(ln2Hi/64)) - k*(ln2Lo/64)
	ki := int(k)
	j := ki & 63
	e := (ki - j) >> 6
	p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720))))))
	p *= expTab[j]
	if e > -1022 && e < 1023 {
		return p * math.Float64frombits(uint64(e+1023)<<52) // exact scaling by 2^e
	}
	return math.Ldexp(p, e)
}

// Log returns the natural logarithm: x = m 2^k with m in [1/sqrt2, sqrt2),
// ln m = 2 atanh(s), s = (m-1)/(m+1), by its odd series (|s| < 0.172).
func Log(x float64) float64 {
	switch {
	case math.IsNaN(x) || x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	case math.IsInf(x, 1):
		return x
	}
	m, k := math.Frexp(x) // m in [0.5, 1)
	if m < invSq2 {
		m *= 2
		k--
	}
	s := (m - 1) / (m + 1)
	s2 := s * s
	// 2 (s + s^3/3 + ... + s^29/29)
	p := 0.0
	for n := 29; n >= 3; n -= 2 {
		p = (p + 1/float64(n)) * s2
	}
	lm := 2 * s * (1 + p)
	fk := float64(k)
	return fk*ln2Hi + (lm + fk*ln2Lo)
}

// Log1pExp returns ln(1 + e^x) without overflow.
func Log1pExp(x float64) float64 {
	if x > 0 {
		return x + Log(1+Exp(-x))
	}
	return Log(1 + Exp(x))
}

// Tanh returns the hyperbolic tangent.
func Tanh(x float64) float64 {
	a := math.Abs(x)
	if a > 22 {
		return math.Copysign(1, x)
	}
	var t float64
	if a < 0.0625 {
		// odd series x - x^3/3 + 2x^5/15 - 17x^7/315 + 62x^9/2835
		a2 := a * a
		t = a * (1 + a2*(-1.0/3+a2*(2.0/15+a2*(-17.0/315+a2*62.0/2835))))
	} else {
		e := Exp(-2 * a)
		t = (1 - e) / (1 + e)
	}
	return math.Copysign(t, x)
}

// Atanh returns the inverse hyperbolic tangent of x in (-1, 1); ±Inf at ±1.
func Atanh(x float64) float64 {
	if x >= 1 {
		return math.Inf(1)
	}
	if x <= -1 {
		return math.Inf(-1)
	}
	return 0.5 * Log((1+x)/(1-x))
}

// LogCosh returns ln cosh(x) without overflow.
func LogCosh(x float64) float64 {
	a := math.Abs(x)
	if a < 0.1 {
		a2 := a * a // series x^2/2 - x^4/12 + x^6/45 - 17x^8/2520 + 31x^10/14175
		return a2 * (0.5 + a2*(-1.0/12+a2*(1.0/45+a2*(-17.0/2520+a2*31.0/14175))))
	}
	return a + Log(1+Exp(-2*a)) - ln2Hi - ln2Lo
}

// Gauss returns the standard normal density G(x) = exp(-x^2/2)/sqrt(2 pi).
func Gauss(x float64) float64 { return Exp(-0.5*x*x - LogSqrt2Pi) }

// H returns the Gaussian tail H(x) = int_x^inf Dz = erfc(x/sqrt2)/2.
func H(x float64) float64 {
	if x < 0 {
		return 1 - H(-x)
	}
	if x < 3 {
		return 0.5 - halfErfBody(x)
	}
	return Gauss(x) * millsRatio(x)
}

// LogH returns ln H(x), accurate for large positive x where H underflows.
func LogH(x float64) float64 {
	if x < 3 {
		return Log(H(x))
	}
	return -0.5*x*x - LogSqrt2Pi + Log(millsRatio(x))
}

// halfErfBody returns int_0^x Dz = erf(x/sqrt2)/2 for 0 <= x < 3 from the
// positive series erf(z) = 2/sqrt(pi) e^{-z^2} sum_n 2^n z^{2n+1}/(2n+1)!!.
func halfErfBody(x float64) float64 {
	z := x * invSq2
	z2 := z * z
	term := z
	sum := z
	for n := 1; n < 200; n++ {
		term *= 2 * z2 / float64(2*n+1)
		sum += term
		if term < 1e-17*sum {
			break
		}
	}
	return sum * Exp(-z2) / 1.7724538509055160273 // 1/sqrt(pi) * 2 / 2
}

// millsRatio returns H(x)/G(x) for x >= 3 by the continued fraction
// 1/(x+1/(x+2/(x+3/(x+...)))), evaluated bottom-up with 60 levels.
func millsRatio(x float64) float64 {
	f := x
	for n := 60; n >= 1; n-- {
		f = x + float64(n)/f
	}
	return 1 / f
}

// MillsRatio returns H(x)/G(x) for x >= 0 (the inverse of the function that
// appears in belief-propagation messages for the perceptron).
func MillsRatio(x float64) float64 {
	if x < 3 {
		return H(x) / Gauss(x)
	}
	return millsRatio(x)
}
