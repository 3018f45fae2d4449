package rf

import (
	"math"
)

// This file holds the package's own numeric primitives (kept local so the
// package does not depend on the exact API of sim/gauss): Gauss-Legendre
// nodes, kink-aware Gaussian averages over Dz, and a stable H / ln H / G/H.

const (
	invSqrt2   = 0.70710678118654752440
	invSqrt2Pi = 0.39894228040143267794
	ln2        = 0.69314718055994530942
)

// gaussPDF is G(x) = exp(-x^2/2)/sqrt(2 pi).
func gaussPDF(x float64) float64 { return invSqrt2Pi * math.Exp(-0.5*x*x) }

// hFunc is H(x) = int_x^inf Dz = erfc(x/sqrt 2)/2.
func hFunc(x float64) float64 { return 0.5 * math.Erfc(x*invSqrt2) }

// logH is ln H(x), accurate for all x: direct for moderate x, asymptotic
// series for large positive x (where erfc underflows), log1p for negative x.
func logH(x float64) float64 {
	switch {
	case x < -5:
		return math.Log1p(-0.5 * math.Erfc(-x*invSqrt2))
	case x < 25:
		return math.Log(0.5 * math.Erfc(x*invSqrt2))
	default:
		// H(x) = G(x)/x * (1 - 1/x^2 + 3/x^4 - 15/x^6 + 105/x^8 ...)
		u := 1 / (x * x)
		s := 1 - u*(1-u*(3-u*(15-u*105)))
		return -0.5*x*x - math.Log(x) - 0.5*math.Log(2*math.Pi) + math.Log(s)
	}
}

// gOverH is G(x)/H(x) (the inverse Mills ratio), stable for large x.
func gOverH(x float64) float64 {
	if x < 25 {
		return gaussPDF(x) / hFunc(x)
	}
	u := 1 / (x * x)
	s := 1 - u*(1-u*(3-u*(15-u*105)))
	return x / s
}

// legendre holds n-point Gauss-Legendre nodes and weights on [-1, 1].
type legendre struct {
	x, w []float64
}

// newLegendre computes the nodes by Newton iteration on P_n (deterministic,
// plain float code, identical natively and in WebAssembly).
func newLegendre(n int) legendre {
	x := make([]float64, n)
	w := make([]float64, n)
	for i := 0; i < (n+1)/2; i++ {
		z := math.Cos(math.Pi * (float64(i) + 0.75) / (float64(n) + 0.5))
		var pp float64
		for it := 0; it < 100; it++ {
			p1, p2 := 1.0, 0.0
			for j := 1; j <= n; j++ {
				p3 := p2
				p2 = p1
				p1 = ((2*float64(j)-1)*z*p2 - (float64(j)-1)*p3) / float64(j)
			}
			pp = float64(n) * (z*p1 - p2) / (z*z - 1)
			z1 := z
			z = z1 - p1/pp
			if math.Abs(z-z1) < 1e-15 {
				break
			}
		}
		x[i], x[n-1-i] = -z, z
		w[i] = 2 / ((1 - z*z) * pp * pp)
		w[n-1-i] = w[i]
	}
	return legendre{x, w}
}

var gl8 = newLegendre(8)

// rule is a list of nodes and weights (weights include the Gaussian density).
type rule struct {
	z, w []float64
}

// gaussRule builds a composite Gauss-Legendre rule for averages over Dz on
// [-zmax, zmax], with panel edges at every break point (kinks of the
// integrand) and panels no wider than width. Weights include G(z), and are
// renormalized so that the rule integrates 1 exactly.
func gaussRule(zmax, width float64, breaks ...float64) rule {
	edges := []float64{-zmax, zmax}
	for _, b := range breaks {
		if b > -zmax && b < zmax {
			edges = append(edges, b)
		}
	}
	// insertion sort (few elements, deterministic)
	for i := 1; i < len(edges); i++ {
		for j := i; j > 0 && edges[j] < edges[j-1]; j-- {
			edges[j], edges[j-1] = edges[j-1], edges[j]
		}
	}
	var r rule
	for i := 0; i+1 < len(edges); i++ {
		a, b := edges[i], edges[i+1]
		if b-a < 1e-14 {
			continue
		}
		np := int(math.Ceil((b - a) / width))
		h := (b - a) / float64(np)
		for k := 0; k < np; k++ {
			lo := a + float64(k)*h
			for j := range gl8.x {
				z := lo + 0.5*h*(gl8.x[j]+1)
				r.z = append(r.z, z)
				r.w = append(r.w, 0.5*h*gl8.w[j]*gaussPDF(z))
			}
		}
	}
	var s float64
	for _, w := range r.w {
		s += w
	}
	for i := range r.w {
		r.w[i] /= s
	}
	return r
}

// avgLnCosh returns E_z ln 2cosh(sqrt(qh) z) and E_z tanh^2(sqrt(qh) z).
func avgLnCosh(qh float64) (lnc, q float64) {
	if qh <= 0 {
		return ln2, 0
	}
	sq := math.Sqrt(qh)
	for i, z := range stdRule.z {
		h := sq * z
		a := math.Abs(h)
		lnc += stdRule.w[i] * (a + math.Log1p(math.Exp(-2*a)))
		t := math.Tanh(h)
		q += stdRule.w[i] * t * t
	}
	return lnc, q
}

var stdRule = gaussRule(11, 0.5)

// hermiteRule returns an n-point Gauss-Hermite rule for averages over Dz
// (nodes z = sqrt(2) x_i, weights w_i / sqrt(pi)), computed by Newton
// iteration on the orthonormal Hermite recurrence.
func hermiteRule(n int) rule {
	x := make([]float64, n)
	w := make([]float64, n)
	const pim4 = 0.7511255444649425 // pi^(-1/4)
	var z float64
	for i := 0; i < (n+1)/2; i++ {
		switch i {
		case 0:
			z = math.Sqrt(float64(2*n+1)) - 1.85575*math.Pow(float64(2*n+1), -0.16667)
		case 1:
			z -= 1.14 * math.Pow(float64(n), 0.426) / z
		case 2:
			z = 1.86*z - 0.86*x[0]
		case 3:
			z = 1.91*z - 0.91*x[1]
		default:
			z = 2*z - x[i-2]
		}
		var pp float64
		for it := 0; it < 200; it++ {
			p1, p2 := pim4, 0.0
			for j := 0; j < n; j++ {
				p3 := p2
				p2 = p1
				p1 = z*math.Sqrt(2/float64(j+1))*p2 - math.Sqrt(float64(j)/float64(j+1))*p3
			}
			pp = math.Sqrt(2*float64(n)) * p2
			z1 := z
			z = z1 - p1/pp
			if math.Abs(z-z1) <= 1e-14 {
				break
			}
		}
		x[i], x[n-1-i] = z, -z
		w[i] = 2 / (pp * pp)
		w[n-1-i] = w[i]
	}
	r := rule{z: make([]float64, n), w: make([]float64, n)}
	var s float64
	for i := 0; i < n; i++ {
		r.z[i] = math.Sqrt2 * x[n-1-i]
		r.w[i] = w[n-1-i] / math.Sqrt(math.Pi)
		s += r.w[i]
	}
	for i := range r.w {
		r.w[i] /= s
	}
	return r
}

// truncRule is a rule for the conditional average over x ~ N(0,1) given
// x > xs: Gauss-Legendre panels graded toward xs, weights proportional to
// G(x)/G(xs) (no underflow for large xs), normalized to sum 1.
func truncRule(xs float64, leg legendre) rule {
	var edges []float64
	if xs < -6 {
		edges = []float64{-6, -2, 2, 6}
	} else if xs < 0 {
		edges = []float64{xs, xs + 0.3*(7-xs), xs + 0.6*(7-xs), 7}
	} else {
		tmax := 7.0
		if xs > 1 {
			tmax = math.Min(7, 28/xs)
		}
		edges = []float64{xs, xs + 0.08*tmax, xs + 0.25*tmax, xs + 0.55*tmax, xs + tmax}
	}
	var r rule
	ref := math.Max(xs, 0)
	var s float64
	for i := 0; i+1 < len(edges); i++ {
		a, b := edges[i], edges[i+1]
		for j := range leg.x {
			x := a + 0.5*(b-a)*(leg.x[j]+1)
			w := 0.5 * (b - a) * leg.w[j] * math.Exp(-0.5*(x-ref)*(x+ref))
			r.z = append(r.z, x)
			r.w = append(r.w, w)
			s += w
		}
	}
	for i := range r.w {
		r.w[i] /= s
	}
	return r
}

// stepRule is a rule for averages over Dz of integrands with a smoothed step
// of width w at z = 0: Gauss-Legendre panels graded around 0, about n nodes.
func stepRule(w float64, n int) rule {
	k := max(3, n/8)
	leg := newLegendre(k)
	edges := []float64{-8, -3, -1}
	for _, f := range []float64{-3, -1, 0, 1, 3} {
		if e := f * w; e > -1 && e < 1 {
			edges = append(edges, e)
		}
	}
	edges = append(edges, 1, 3, 8)
	var r rule
	var s float64
	for i := 0; i+1 < len(edges); i++ {
		a, b := edges[i], edges[i+1]
		if b-a < 1e-12 {
			continue
		}
		for j := range leg.x {
			z := a + 0.5*(b-a)*(leg.x[j]+1)
			wz := 0.5 * (b - a) * leg.w[j] * gaussPDF(z)
			r.z = append(r.z, z)
			r.w = append(r.w, wz)
			s += wz
		}
	}
	for i := range r.w {
		r.w[i] /= s
	}
	return r
}

// sortedEdges appends -zmax, the break points inside (-zmax, zmax) and zmax
// to dst in increasing order (insertion sort; no allocation for small dst).
func sortedEdges(dst []float64, zmax float64, breaks []float64) []float64 {
	dst = append(dst, -zmax, zmax)
	for _, b := range breaks {
		if b > -zmax && b < zmax {
			dst = append(dst, b)
		}
	}
	for i := 1; i < len(dst); i++ {
		for j := i; j > 0 && dst[j] < dst[j-1]; j-- {
			dst[j], dst[j-1] = dst[j-1], dst[j]
		}
	}
	return dst
}
