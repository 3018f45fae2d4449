package rf

import (
	"fmt"
	"math"
	"testing"
)

// fpQuadCase is a flat-reference Franz-Parisi walk close to alpha_LE (the
// cases of TestFPQuadratureConverged and one with random labels).
type fpQuadCase struct {
	m             Model
	alpha, alphaD float64
}

var fpQuadCases = []fpQuadCase{
	{Model{Act: Sign, Labels: Teacher}, 2.37, 0.05},
	{Model{Act: Sign, Labels: Teacher}, 0.79, 1},
	{Model{Act: ReLU, Labels: Random}, 0.69, 1},
}

// fpCoarseOrders is a deliberately too coarse start: 6-point Hermite rules
// (one point per panel of the teacher's step rule), 2-point panels for x, a
// 10-point rule for the weights.
var fpCoarseOrders = fpOrders{Z0: 6, Z1: 6, X: 2, W: 10}

// fpCheckOrders is the rule the walks are checked against: more than twice
// every order the estimate grows to in these cases.
var fpCheckOrders = fpOrders{Z0: 90, Z1: 60, X: 24, W: 160}

// walkFrom walks the case's flat-reference curve down to leDMin from the
// orders start (adapted by the error estimate unless fixed); it returns the
// walker and the saddle of each point after a step (a start inside the
// curve records several points at once: only its last has a saddle here).
func (c fpQuadCase) walkFrom(t *testing.T, start fpOrders, fixed bool) (*fpWalker, map[int][]float64) {
	t.Helper()
	ref, err := c.m.MaxMarginReference(c.alpha, c.alphaD)
	if err != nil {
		t.Fatal(err)
	}
	s := newFPSystem(c.m, c.alpha, c.alphaD, ref)
	s.setOrders(start)
	w := newFPWalker(s, leDMin, 0.05)
	w.fixedOrders = fixed
	saddles := map[int][]float64{}
	for w.next() {
		saddles[len(w.points)-1] = append([]float64(nil), w.X...)
	}
	if w.err != nil || len(saddles) < 8 {
		t.Fatalf("%v/%v alpha=%g alpha_D=%g from %+v: %d points, %v", c.m.Act, c.m.Labels, c.alpha, c.alphaD, start, len(w.points), w.err)
	}
	return w, saddles
}

// worstDeviation is the largest deviation of the walk's S_FP and slope
// from the check rule's at the walk's own saddles.
func (c fpQuadCase) worstDeviation(t *testing.T, w *fpWalker, saddles map[int][]float64) (entropy, slope float64) {
	t.Helper()
	fine := newFPSystem(c.m, c.alpha, c.alphaD, w.s.ref)
	fine.setOrders(fpCheckOrders)
	for i, p := range w.points {
		X, ok := saddles[i]
		if !ok {
			continue
		}
		fine.S = 1 - 2*p.D
		v, ok1 := fine.potential(X)
		sl, ok2 := fine.slope(X)
		if !ok1 || !ok2 {
			t.Fatalf("check rule fails at d=%g", p.D)
		}
		entropy = math.Max(entropy, math.Abs(v-p.Entropy))
		slope = math.Max(slope, math.Abs(sl-p.Slope))
	}
	return entropy, slope
}

// From a deliberately too coarse start the estimate grows the orders until
// the walk's S_FP and slope agree with a much finer rule: within 3x the
// tolerances (the components' errors add, and the weight rule converges
// only algebraically, ln 2cosh being nearly |h| at large fields, so its
// error is ~2x the change the estimate sees). The same coarse rule held
// fixed is off by 1e-2 in S_FP and 0.25-0.45 in the slope, far above.
func TestFPOrdersGrowFromCoarseStart(t *testing.T) {
	const entropyTol, slopeTol = 3 * fpEntropyTol, 3 * fpSlopeTol
	for _, c := range fpQuadCases {
		name := fmt.Sprintf("%v/%v alpha=%g alpha_D=%g", c.m.Act, c.m.Labels, c.alpha, c.alphaD)
		w, saddles := c.walkFrom(t, fpCoarseOrders, false)
		e, sl := c.worstDeviation(t, w, saddles)
		t.Logf("%s: from %+v to %+v: S_FP off by %.2e, slope by %.2e", name, fpCoarseOrders, w.s.orders, e, sl)
		if e > entropyTol || sl > slopeTol {
			t.Errorf("%s: from %+v to %+v: S_FP off by %.2e (tolerance %.0e), slope by %.2e (%.0e)", name, fpCoarseOrders, w.s.orders, e, entropyTol, sl, slopeTol)
		}
		for comp := 0; comp < fpComponents; comp++ {
			if comp != 1 && w.s.orders.get(comp) <= fpCoarseOrders.get(comp) {
				// z1 is the one component the integrand hardly depends on
				t.Errorf("%s: the %s order did not grow from %d", name, fpComponentNames[comp], fpCoarseOrders.get(comp))
			}
		}
		fixed, saddles := c.walkFrom(t, fpCoarseOrders, true)
		e, sl = c.worstDeviation(t, fixed, saddles)
		t.Logf("%s: fixed at %+v: S_FP off by %.2e, slope by %.2e", name, fpCoarseOrders, e, sl)
		if e <= entropyTol && sl <= slopeTol {
			t.Errorf("%s: the fixed coarse rule is within tolerance (S_FP %.2e, slope %.2e): the test proves nothing", name, e, sl)
		}
	}
}

// From the start orders the walks of TestFPQuadratureConverged (and one
// with random labels) stay within the tolerances of the much finer rule (3x,
// as above). At the first saddle Z1 drops from 20 to its floor 9 (its
// coarser rules change nothing there), and nothing grows: the teacher's step
// rule in z0 at alpha_D = 0.05 keeps its 3 points per panel (its error in
// the slope, 2.6e-3, is within fpSlopeTol). The orders are integers fixed by
// the arithmetic alone: identical natively and in WebAssembly.
func TestFPOrdersFromStartWithinTolerance(t *testing.T) {
	walk := fpOrders{Z0: 20, Z1: 9, X: 8, W: 40}
	want := []fpOrders{walk, walk, walk}
	for i, c := range fpQuadCases {
		name := fmt.Sprintf("%v/%v alpha=%g alpha_D=%g", c.m.Act, c.m.Labels, c.alpha, c.alphaD)
		w, saddles := c.walkFrom(t, fpStartOrders, false)
		if w.s.orders != want[i] {
			t.Errorf("%s: orders %+v, want %+v", name, w.s.orders, want[i])
		}
		e, sl := c.worstDeviation(t, w, saddles)
		t.Logf("%s: orders %+v, S_FP off by %.2e, slope by %.2e", name, w.s.orders, e, sl)
		if e > 3*fpEntropyTol || sl > 3*fpSlopeTol {
			t.Errorf("%s: S_FP off by %.2e, slope by %.2e against %+v", name, e, sl, fpCheckOrders)
		}
	}
}

// The estimate is deterministic: the same walk twice (from a coarse start,
// where it grows the orders several times) gives the same orders and
// bit-identical points.
func TestFPOrdersDeterministic(t *testing.T) {
	c := fpQuadCases[1]
	a, _ := c.walkFrom(t, fpCoarseOrders, false)
	b, _ := c.walkFrom(t, fpCoarseOrders, false)
	if a.s.orders != b.s.orders || len(a.points) != len(b.points) {
		t.Fatalf("orders %+v and %+v, %d and %d points", a.s.orders, b.s.orders, len(a.points), len(b.points))
	}
	for i := range a.points {
		if a.points[i] != b.points[i] {
			t.Errorf("point %d: %+v and %+v", i, a.points[i], b.points[i])
		}
	}
}

// A component whose refinement changes S_FP or the slope by more than the
// tolerance grows by half; one within it keeps its order; the growth stops
// at fpMaxOrders.
func TestFPAdaptOrdersGrowsOnlyWhatIsOff(t *testing.T) {
	c := fpQuadCases[1]
	w, saddles := c.walkFrom(t, fpStartOrders, true)
	last := len(w.points) - 1
	X := saddles[last]
	s := w.s
	s.S = 1 - 2*w.points[last].D
	for _, tc := range []struct {
		start, want fpOrders
	}{
		// x with 2-point panels at d = 0.004 (2 -> 3 -> 5 -> 8) and a
		// 10-point weight rule (-> 15); z0 and z1 are within tolerance
		{fpOrders{Z0: 20, Z1: 8, X: 2, W: 10}, fpOrders{Z0: 20, Z1: 8, X: 8, W: 15}},
		{fpStartOrders, fpStartOrders},
		{fpMaxOrders, fpMaxOrders},
	} {
		s.setOrders(tc.start)
		grew := s.adaptOrders(X)
		if s.orders != tc.want || grew != (tc.start != tc.want) {
			t.Errorf("from %+v: orders %+v (grew %v), want %+v", tc.start, s.orders, grew, tc.want)
		}
		e, ok := s.quadError(X)
		for comp := 0; ok && comp < fpComponents; comp++ {
			if s.orders.get(comp) < fpMaxOrders.get(comp) && (e.Entropy[comp] > fpEntropyTol || e.Slope[comp] > fpSlopeTol) {
				t.Errorf("from %+v: %s still off by %.2e in S_FP, %.2e in the slope", tc.start, fpComponentNames[comp], e.Entropy[comp], e.Slope[comp])
			}
		}
	}
}
