package gauss

import "math"

// Deterministic elementary functions. On amd64 math.Exp and math.Log are
// assembly and math.Erfc and math.Tanh call them, while in WebAssembly they
// are pure Go: the last bits differ. Everything in this package (and the
// replica code built on it) goes through Exp (fast.go), Log and Log1p below,
// which are plain Go float arithmetic and therefore bit-identical natively
// and in WebAssembly (no FMA on the default GOAMD64=v1, none in wasm).

// Log is the natural logarithm in plain Go (the fdlibm algorithm: x = 2^k m,
// m in [sqrt(2)/2, sqrt 2), log(1+f) from s = f/(2+f) and a degree-14 even
// polynomial in s). Within 1 ulp of math.Log (tested). Non-normal inputs
// (0, negative, subnormal, Inf, NaN) defer to math.Log.
func Log(x float64) float64 {
	const (
		ln2Hi = 6.93147180369123816490e-01
		ln2Lo = 1.90821492927058770002e-10
		l1    = 6.666666666666735130e-01
		l2    = 3.999999999940941908e-01
		l3    = 2.857142874366239149e-01
		l4    = 2.222219843214978396e-01
		l5    = 1.818357216161805012e-01
		l6    = 1.531383769920937332e-01
		l7    = 1.479819860511658591e-01
	)
	if !(x >= 2.2250738585072014e-308) || x > math.MaxFloat64 {
		return math.Log(x)
	}
	bits := math.Float64bits(x)
	ki := int((bits>>52)&0x7ff) - 1022
	f1 := math.Float64frombits(bits&^(0x7ff<<52) | 1022<<52) // in [0.5, 1)
	if f1 < math.Sqrt2/2 {
		f1 *= 2
		ki--
	}
	f := f1 - 1
	k := float64(ki)
	s := f / (2 + f)
	s2 := s * s
	s4 := s2 * s2
	t1 := s2 * (l1 + s4*(l3+s4*(l5+s4*l7)))
	t2 := s4 * (l2 + s4*(l4+s4*l6))
	r := t1 + t2
	hfsq := 0.5 * f * f
	return k*ln2Hi - ((hfsq - (s*(hfsq+r) + k*ln2Lo)) - f)
}

// Log1p is ln(1+u) for u > -1 in plain Go: a short series for tiny u, else
// Log(1+u) corrected for the rounding of 1+u.
func Log1p(u float64) float64 {
	if math.Abs(u) < 1e-4 {
		return u * (1 - u*(0.5-u*(1.0/3-u*(0.25-u*0.2))))
	}
	w := 1 + u
	return Log(w) - ((w-1)-u)/w
}

// tail returns H(x) and G(x)/H(x) for x >= 0 without math.Erfc: for
// x < 2.5 from H = 1/2 - G(x) sum_n x^(2n+1)/(2n+1)!! (all terms positive),
// for x >= 2.5 from the Laplace continued fraction
// G/H = x + 1/(x + 2/(x + 3/(x + ...))) evaluated backward.
func tail(x float64) (h, goh float64) {
	g := invSqrt2Pi * Exp(-0.5*x*x)
	if x < 2.5 {
		term, sum := x, x
		x2 := x * x
		for n := 1; n < 200; n++ {
			term *= x2 / float64(2*n+1)
			sum += term
			if term < 1e-17*sum {
				break
			}
		}
		h = 0.5 - g*sum
		return h, g / h
	}
	// 500/x^2 + 10 terms keep the truncation error below 1e-18 for x >= 2.5
	// (checked against mpmath on a 0.1 grid up to 32.5)
	t := x
	for n := int(500/(x*x)) + 10; n >= 1; n-- {
		t = x + float64(n)/t
	}
	return g / t, t
}
