package gauss

import "math"

// The two one-dimensional maximizations of the large-deviation ("dense
// region", y -> infinity) local entropy, where the group-level Gaussian
// integrals become maxima (sim/replica/perceptron and sim/replica/rf, each
// DERIVATION.md's dense-region section).

// MaxPenalizedLogH maximizes the concave g(v) = -v^2/(2 X) + ln H((e0 - v)/sq)
// by safeguarded Newton from v (the energetic term: e0 = kappa - sqrt(Q) z).
// It returns the maximizer with (L, r) = (ln H, G/H) at e = (e0 - v)/sq,
// evaluated there: once Newton's step is at rounding level the last evaluated
// point is returned (it is stationary to that level and saves one evaluation).
func MaxPenalizedLogH(v, e0, X, sq float64) (vStar, L, r float64) {
	lo, hi := math.Inf(-1), math.Inf(1)
	for it := 0; it < 100; it++ {
		e := (e0 - v) / sq
		L, gh := LogHG(e)
		d1 := -v/X + gh/sq
		d2 := -1/X - gh*(gh-e)/(sq*sq)
		if math.Abs(d1) <= 1e-15*(math.Abs(v)/X+gh/sq) {
			return v, L, gh
		}
		if d1 > 0 {
			lo = v
		} else {
			hi = v
		}
		if hi-lo <= 1e-14*math.Max(1, math.Abs(v)) {
			return v, L, gh
		}
		next := v - d1/d2
		if math.Abs(next-v) < 1e-14*math.Max(1, math.Abs(v)) {
			return v, L, gh
		}
		if !(next > lo && next < hi) {
			switch {
			case math.IsInf(lo, -1):
				next = hi - math.Max(1, math.Abs(hi))
			case math.IsInf(hi, 1):
				next = lo + math.Max(1, math.Abs(lo))
			default:
				next = 0.5 * (lo + hi)
			}
		}
		if math.Abs(next-v) < 1e-14*math.Max(1, math.Abs(v)) {
			return v, L, gh
		}
		v = next
	}
	L, r = LogHG((e0 - v) / sq)
	return v, L, r
}

// MaxLog2Cosh returns phi(a) = max_w [ln 2cosh(a + k w) - w^2/2] and
// T = tanh(a + k w*) (the binary weights' term, k = sqrt(dh)): the maximizer
// solves w = k T with the sign of a, the largest root of w - k tanh(a + k w),
// found by safeguarded Newton from w = k.
func MaxLog2Cosh(a, k float64) (phi, t float64) {
	if k == 0 {
		t, l := TanhLog2CoshFast(a)
		return l, t
	}
	sgn := 1.0
	if a < 0 {
		sgn, a = -1, -a
	}
	lo, hi := 0.0, k
	w := k
	for it := 0; it < 100; it++ {
		tt, _ := TanhLog2CoshFast(a + k*w)
		fw := w - k*tt
		if fw > 0 {
			hi = w
		} else {
			lo = w
		}
		d := 1 - k*k*(1-tt*tt)
		next := w - fw/d
		if !(d > 0) || !(next >= lo && next <= hi) {
			next = 0.5 * (lo + hi)
		}
		if math.Abs(next-w) < 1e-15*math.Max(1, w) {
			w = next
			break
		}
		w = next
	}
	tt, l := TanhLog2CoshFast(a + k*w)
	return l - 0.5*w*w, sgn * tt
}
