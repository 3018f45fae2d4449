package rf

import (
	"math"

	"flatland/sim/detmath"
	"flatland/sim/gauss"
)

// This file holds the package's quadrature rules (kink-aware Gaussian
// averages over Dz, Gauss-Hermite and truncated rules for the Franz-Parisi
// averages). The special functions come from sim/gauss (G, H, ln H, G/H,
// Exp, Log, Gauss-Legendre nodes): plain Go, bit-identical natively and in
// WebAssembly.

const (
	invSqrt2Pi = 0.39894228040143267794
	ln2        = 0.69314718055994530942
)

// legendre holds n-point Gauss-Legendre nodes and weights on [-1, 1]
// (shared with sim/gauss's cache: never modified).
type legendre struct {
	x, w []float64
}

func newLegendre(n int) legendre {
	x, w := gauss.GaussLegendre(n)
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
				r.w = append(r.w, 0.5*h*gl8.w[j]*gauss.G(z))
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
	w := stdRule.w[:len(stdRule.z)]
	for i, z := range stdRule.z {
		t, l := tanhLog2Cosh(sq * z)
		lnc += w[i] * l
		q += w[i] * t * t
	}
	return lnc, q
}

// tanhLog2Cosh is tanh(x) and ln 2cosh(x) for the typical saddle's weight
// average: gauss.TanhLog2CoshFast (tables, absolute error ~1e-15, no
// exponential: the exponential costs most of this loop in WebAssembly),
// and for |x| >= 20 the exact (sign(x), |x|) (tanh and ln 2cosh - |x| differ
// from them by e^-40, below rounding).
func tanhLog2Cosh(x float64) (float64, float64) {
	if x >= 20 {
		return 1, x
	}
	if x <= -20 {
		return -1, -x
	}
	return gauss.TanhLog2CoshFast(x)
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
			z = math.Sqrt(float64(2*n+1)) - 1.85575*pow(float64(2*n+1), -0.16667)
		case 1:
			z -= 1.14 * pow(float64(n), 0.426) / z
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
			w := 0.5 * (b - a) * leg.w[j] * detmath.Exp(-0.5*(x-ref)*(x+ref))
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
// of width w at z = 0: Gauss-Legendre panels graded around 0, ceil(3n/20)
// points per panel for the order n (3 at n = 20; every growth of n by half,
// the Franz-Parisi error estimate's refinement, adds points from n = 6 on).
func stepRule(w float64, n int) rule {
	k := max(1, (3*n+19)/20)
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
			wz := 0.5 * (b - a) * leg.w[j] * gauss.G(z)
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

// pow is x^y for x > 0 through detmath.Exp and detmath.Log (math.Pow calls the
// assembly Exp/Log on amd64 and could differ from WebAssembly in the last bit).
func pow(x, y float64) float64 { return detmath.Exp(y * detmath.Log(x)) }

// tanh is tanh(x), identical natively and in WebAssembly: math.Tanh is
// pure arithmetic (a rational function) for |x| < 0.625, but calls the
// assembly math.Exp beyond; there 1 - 2/(e^{2|x|} + 1) with detmath.Exp.
func tanh(x float64) float64 {
	z := math.Abs(x)
	switch {
	case z < 0.625:
		return math.Tanh(x)
	case z > 22:
		z = 1 // 1 - tanh < 1e-19
	default:
		z = 1 - 2/(detmath.Exp(2*z)+1)
	}
	if x < 0 {
		return -z
	}
	return z
}
