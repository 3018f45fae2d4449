package rf

import (
	"math"
	"sync"
)

// fpOrders are the quadrature orders of a Franz-Parisi system, one per
// component of eqs. (17)-(19).
type fpOrders struct {
	Z0 int // Gauss-Hermite order of the reference's shared field z0 (with a teacher step: ceil(3 Z0/20) Legendre points per panel)
	Z1 int // Gauss-Hermite order of the constrained replicas' own field z1
	X  int // Gauss-Legendre points per panel of the truncated rule for the reference's own field x
	W  int // Gauss-Hermite order, per dimension, of the binary-weight term (17)
}

const fpComponents = 4

func (o fpOrders) get(c int) int {
	return [fpComponents]int{o.Z0, o.Z1, o.X, o.W}[c]
}

func (o fpOrders) with(c, n int) fpOrders {
	switch c {
	case 0:
		o.Z0 = n
	case 1:
		o.Z1 = n
	case 2:
		o.X = n
	default:
		o.W = n
	}
	return o
}

// fpComponentNames name the components in messages and tests.
var fpComponentNames = [fpComponents]string{"z0", "z1", "x", "w"}

// fpStartOrders are the orders every Franz-Parisi system starts from (the
// orders that made the stored diagrams). X matters at small d, where the
// constrained field is sharply concentrated: with 4 points per panel the
// slope at d < 0.02 was off by up to 0.15 and flipped the verdict near
// alpha_LE. Z1 = 20 is needed by the start's Newton iterations from the
// degenerate trivial point (tanh/teacher, alpha_D = 0.05, alpha = 3 finds
// no start with Z1 <= 10), not at the saddles: see coarsenOrders.
var fpStartOrders = fpOrders{Z0: 20, Z1: 20, X: 8, W: 40}

// fpMinOrders are the floors of coarsenOrders: Z0, X and W keep the start
// orders (their errors are within 1-2 decades of the tolerances somewhere
// along the stored diagrams' walks); Z1 may drop to 9: with 6 nodes the
// residual 2e-4 off a saddle (sign/teacher, alpha_D = 0.05) is rough enough
// in m1 that central differences miss the analytic Jacobian by 1e-2
// relative, a sign that Newton steps away from the saddle see a poor rule.
var fpMinOrders = fpOrders{Z0: 20, Z1: 9, X: 8, W: 40}

// fpMaxOrders caps the growth: three growths by half from the start
// orders.
var fpMaxOrders = fpOrders{Z0: 68, Z1: 68, X: 27, W: 135}

var (
	hermiteMu    sync.Mutex
	hermiteRules = map[int]rule{}
)

// cachedHermiteRule is hermiteRule(n), built once per order (every system
// shares it; never modified).
func cachedHermiteRule(n int) rule {
	hermiteMu.Lock()
	defer hermiteMu.Unlock()
	r, ok := hermiteRules[n]
	if !ok {
		r = hermiteRule(n)
		hermiteRules[n] = r
	}
	return r
}

// fpQuadError is the estimated quadrature error of each component at one
// saddle point: the change of S_FP and of the slope dS_FP/dd when that
// component's order alone is raised by half.
type fpQuadError struct {
	Entropy, Slope [fpComponents]float64
}

// fpRefined is the order a component is compared with (and grown to):
// one half more points. Gauss rules converge geometrically for the smooth
// integrands here, so the change from n to 3n/2 points bounds the error of
// n points and the error of 3n/2 points is well below it.
func fpRefined(n int) int { return n + (n+1)/2 }

// fpCoarser is the order one coarsening step below n (fpRefined undone:
// 20 -> 13 -> 9 -> 6 -> 4).
func fpCoarser(n int) int { return (2*n + 1) / 3 }

// fpCoarsenFrac is the fraction of the tolerances below which a coarser
// rule's change counts as nothing: 1e-6 in S_FP and 5e-6 in the slope leave
// every verdict and plotted value as they were.
const fpCoarsenFrac = 1e-3

// coarsenOrders lowers, at the first saddle X of a walk, the orders whose
// next coarser rule changes S_FP and the slope by less than fpCoarsenFrac
// times the tolerances, down to fpMinOrders. At the walks' saddles the
// integrand hardly depends on z1 (raising Z1 from 8 by half changes S_FP
// and the slope by < 1e-8 along the stored diagrams' walks), so Z1 drops
// from the start's 20 and every energy pass after it has 2.2x fewer nodes;
// the later estimates (adaptOrders) grow it back where the walk needs it.
// It reports whether the orders changed.
func (s *fpSystem) coarsenOrders(X []float64) bool {
	v, ok1 := s.potential(X)
	sl, ok2 := s.slope(X)
	if !ok1 || !ok2 {
		return false
	}
	changed := false
	for c := 0; c < fpComponents; c++ {
		for {
			n := fpCoarser(s.orders.get(c))
			if n < fpMinOrders.get(c) {
				break
			}
			t := *s
			t.setOrders(s.orders.with(c, n))
			vc, ok1 := t.potential(X)
			slc, ok2 := t.slope(X)
			if !ok1 || !ok2 || math.Abs(vc-v) > fpCoarsenFrac*fpEntropyTol || math.Abs(slc-sl) > fpCoarsenFrac*fpSlopeTol {
				break
			}
			s.setOrders(s.orders.with(c, n))
			changed = true
		}
	}
	return changed
}

// quadError estimates the quadrature error at the saddle X (at the current
// S) by refining one component at a time; ok is false if a term cannot be
// evaluated there.
func (s *fpSystem) quadError(X []float64) (e fpQuadError, ok bool) {
	v, ok1 := s.potential(X)
	sl, ok2 := s.slope(X)
	if !ok1 || !ok2 {
		return e, false
	}
	for c := 0; c < fpComponents; c++ {
		t := *s
		t.setOrders(s.orders.with(c, fpRefined(s.orders.get(c))))
		vr, ok1 := t.potential(X)
		slr, ok2 := t.slope(X)
		if !ok1 || !ok2 {
			return e, false
		}
		e.Entropy[c], e.Slope[c] = math.Abs(vr-v), math.Abs(slr-sl)
	}
	return e, true
}

// fpSlopeTol and fpEntropyTol are the quadrature errors accepted in the
// slope dS_FP/dd and in S_FP (per component, as estimated by quadError).
//
// The slope decides the monotonicity verdict of eq. (21): near alpha_LE the
// smallest slope after the rise falls by 0.024-0.032 per step of 2e-3 in
// alpha (sign/teacher alpha_D = 0.1 and 1, relu/random alpha_D = 1), i.e.
// by 12-16 per unit alpha. A slope error of 5e-3 moves the alpha where the
// verdict flips by at most ~4e-4, a fifth of the bracket width alphaLETol:
// alpha_LE stays in its bracket or, when the threshold lies within that
// distance of a bracket end, moves to the adjacent one. (The step rule's 3
// points per panel at Z0 = 20 leave 3.5e-3-4.4e-3 at sign/teacher alpha_D =
// 0.05-0.5; a tolerance of 2e-3 would grow Z0 there and move the stored
// alpha_LE by one bracket at the first points of the teacher tables.)
//
// S_FP itself enters the verdict only through chords between neighbouring
// points (whose error is the slope's) and its sign; its error matters for
// the plotted curves and the physical() check, whose margin is 2e-3: half
// of that.
const (
	fpSlopeTol   = 5e-3
	fpEntropyTol = 1e-3
)

// adaptOrders grows the orders of every component whose estimated error at
// the saddle X exceeds the tolerances, re-estimating after each growth, up
// to fpMaxOrders. It reports whether the orders changed (the saddle X then
// belongs to the old rules).
func (s *fpSystem) adaptOrders(X []float64) bool {
	grew := false
	for {
		e, ok := s.quadError(X)
		if !ok {
			return grew
		}
		o := s.orders
		for c := 0; c < fpComponents; c++ {
			if e.Entropy[c] > fpEntropyTol || e.Slope[c] > fpSlopeTol {
				o = o.with(c, min(fpMaxOrders.get(c), fpRefined(o.get(c))))
			}
		}
		if o == s.orders {
			return grew
		}
		s.setOrders(o)
		grew = true
	}
}
