package gauss

import (
	"math"
	"slices"
	"sync"

	"flatland/sim/detmath"
)

// Range is the half-width L of the finite integration range [-L, L] used by
// the rules. The neglected mass 2 H(L) is about 1.6e-23 for L = 10, and the
// integrands of the replica theory grow at most like z^2 there.
const Range = 10.0

// legendre caches Gauss-Legendre nodes and weights on [-1, 1] by order.
var legendre struct {
	sync.Mutex
	rules map[int][2][]float64
}

// GaussLegendre returns the n-point Gauss-Legendre nodes and weights on
// [-1, 1] (legendreRule), cached by order: it runs once per order, off the
// hot path. The returned slices are shared: do not modify them.
func GaussLegendre(n int) (x, w []float64) {
	if n < 1 {
		panic("gauss: GaussLegendre needs n >= 1")
	}
	legendre.Lock()
	defer legendre.Unlock()
	if r, ok := legendre.rules[n]; ok {
		return r[0], r[1]
	}
	x, w = legendreRule(n)
	if legendre.rules == nil {
		legendre.rules = map[int][2][]float64{}
	}
	legendre.rules[n] = [2][]float64{x, w}
	return x, w
}

// gl8x, gl8w: the 8-point rule used by the hot loops, without the cache lock.
var gl8x, gl8w = GaussLegendre(8)

// Rule is a quadrature rule for the Gaussian measure: E f(z) ~ sum_i W[i] f(Z[i]).
// The weights already contain the density G(z). A Rule is immutable after
// construction and can be reused and shared.
type Rule struct {
	Z, W []float64
}

// Len is the number of nodes.
func (r *Rule) Len() int { return len(r.Z) }

// Average returns sum_i W[i] f(Z[i]), the rule's estimate of int Dz f(z).
func (r *Rule) Average(f func(z float64) float64) float64 {
	s := 0.0
	for i, z := range r.Z {
		s += r.W[i] * f(z)
	}
	return s
}

// NewRule builds a composite Gauss-Legendre rule for Dz with n points on each
// panel between consecutive breakpoints (sorted, duplicates dropped). The
// integral covers [breaks[0], breaks[len-1]] only.
func NewRule(breaks []float64, n int) *Rule {
	r := &Rule{}
	r.Fill(slices.Clone(breaks), n)
	return r
}

// Kink is a point where an integrand changes behaviour over a short scale
// Width (for ln H((kappa - sqrt(q) z)/sqrt(1-q)): At = kappa/sqrt(q),
// Width = sqrt((1-q)/q)).
type Kink struct {
	At, Width float64
}

// Breaks returns the panel breakpoints of a kink-aware rule on [-Range, Range]:
// unit panels, plus breakpoints at each kink and at kink +- Width*2^k until the
// refinement reaches unit scale. Kinks outside the range are ignored.
func Breaks(kinks ...Kink) []float64 { return BreaksOn(nil, Range, 1, kinks...) }

// BreaksOn appends to dst the breakpoints of a kink-aware rule on [-L, L]
// with base panels of the given width (a divisor of L is best) and the
// geometric refinement of Breaks around each kink, up to the base width.
// Hot loops pass a reused dst[:0].
func BreaksOn(dst []float64, L, width float64, kinks ...Kink) []float64 {
	b := dst
	n := int(math.Round(2 * L / width))
	for i := 0; i <= n; i++ {
		b = append(b, -L+float64(i)*width)
	}
	for _, k := range kinks {
		if math.IsNaN(k.At) || k.At <= -L || k.At >= L {
			continue
		}
		b = append(b, k.At)
		w := k.Width
		if !(w > 0) || w >= width/2 {
			continue
		}
		// below 1e-9 of the panel width a kink is a step for all purposes;
		// the clamp bounds the refinement at 30 levels.
		w = math.Max(w, 1e-9*width)
		for ; w < width; w *= 2 {
			if k.At-w > -L {
				b = append(b, k.At-w)
			}
			if k.At+w < L {
				b = append(b, k.At+w)
			}
		}
	}
	return b
}

// KinkRule is NewRule(Breaks(kinks...), n): the standard rule for integrands
// that are smooth except near the given kinks. With n = 8 it integrates
// ln H((kappa - sqrt(q) z)/sqrt(1-q)) to ~1e-10 even at q = 0.9999.
func KinkRule(n int, kinks ...Kink) *Rule { return NewRule(Breaks(kinks...), n) }

// Fill rebuilds r in place as NewRule(breaks, n) would, reusing its storage;
// breaks is sorted in place. It is for hot loops whose kink moves every
// iteration.
func (r *Rule) Fill(breaks []float64, n int) {
	// insertion sort: breakpoint lists are short and nearly sorted
	for i := 1; i < len(breaks); i++ {
		v := breaks[i]
		j := i - 1
		for ; j >= 0 && breaks[j] > v; j-- {
			breaks[j+1] = breaks[j]
		}
		breaks[j+1] = v
	}
	if len(breaks) < 2 {
		panic("gauss: a rule needs at least two breakpoints")
	}
	var gx, gw []float64
	if n == len(gl8x) {
		gx, gw = gl8x, gl8w
	} else {
		gx, gw = GaussLegendre(n)
	}
	r.Z, r.W = r.Z[:0], r.W[:0]
	for k := 0; k+1 < len(breaks); k++ {
		lo, hi := breaks[k], breaks[k+1]
		if hi-lo < 1e-14 {
			continue
		}
		c, h := 0.5*(lo+hi), 0.5*(hi-lo)
		for i := range gx {
			z := c + h*gx[i]
			r.Z = append(r.Z, z)
			r.W = append(r.W, h*gw[i]*invSqrt2Pi*detmath.Exp(-0.5*z*z))
		}
	}
}

// legendreRule computes the n-point Gauss-Legendre rule on [-1, 1] by Newton's
// method on P_n (three-term recurrence), from the Tricomi-type guess
// cos(pi (i + 3/4) / (n + 1/2)); the weights are 2 / ((1 - x^2) P_n'(x)^2).
// Nodes come in +-x pairs, written symmetrically, in decreasing order (as
// gonum writes them). Only
// +, *, / and sqrt/cos of the guess are used, so the rule is the same on
// every platform. (Tests compare it with gonum's rule, Bogaert 2014.)
func legendreRule(n int) (x, w []float64) {
	x, w = make([]float64, n), make([]float64, n)
	for i := 0; i < (n+1)/2; i++ {
		z := math.Cos(math.Pi * (float64(i) + 0.75) / (float64(n) + 0.5))
		var dp float64
		for iter := 0; iter < 100; iter++ {
			p0, p1 := 1.0, z // P_0, P_1
			for k := 2; k <= n; k++ {
				p0, p1 = p1, ((2*float64(k)-1)*z*p1-(float64(k)-1)*p0)/float64(k)
			}
			if n == 1 {
				p0, p1 = 1, z
			}
			dp = float64(n) * (z*p1 - p0) / (z*z - 1) // P_n'(z)
			dz := p1 / dp
			z -= dz
			if math.Abs(dz) <= 1e-16*math.Max(1, math.Abs(z)) {
				break
			}
		}
		// the weight from the converged node
		p0, p1 := 1.0, z
		for k := 2; k <= n; k++ {
			p0, p1 = p1, ((2*float64(k)-1)*z*p1-(float64(k)-1)*p0)/float64(k)
		}
		if n == 1 {
			p0 = 1
		}
		dp = float64(n) * (z*p1 - p0) / (z*z - 1)
		wi := 2 / ((1 - z*z) * dp * dp)
		x[i], x[n-1-i] = z, -z
		w[i], w[n-1-i] = wi, wi
	}
	if n%2 == 1 {
		x[n/2] = 0
	}
	return x, w
}
