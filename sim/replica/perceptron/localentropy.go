package perceptron

import (
	"fmt"
	"math"

	"flatland/sim/saddle"
)

// MaxMarginOffset is how far below kappa_max(alpha) the flat-minima
// ("maxmargin") reference margin is taken: kappa_r = kappa_max - offset.
const MaxMarginOffset = 1e-3

// MaxMarginReference returns the reference margin of the wide-flat-minima
// ensemble at load alpha: just below the maximal margin kappa_max(alpha).
func MaxMarginReference(alpha float64) (float64, error) {
	k, _, err := MaxMargin(alpha)
	return k - MaxMarginOffset, err
}

// LocalEntropyCurve is a stepper computing S(d) on a grid of distances
// (by continuation in d, in the given order) around references of margin
// KappaRef at load Alpha, counting solutions of margin KappaC. One
// Franz-Parisi point costs tens of milliseconds, so the work is cut at the
// granularity of a few outer quadrature nodes (see distanceCurve).
type LocalEntropyCurve struct {
	Alpha, KappaRef, KappaC float64
	*distanceCurve[LocalEntropyPoint]
}

// NewLocalEntropyCurve validates the grid (0 < d < 0.5) and prepares the
// curve; no work is done until Step.
func NewLocalEntropyCurve(alpha, kappaRef, kappaC float64, ds []float64) (*LocalEntropyCurve, error) {
	if !(alpha > 0) || alpha > 4 || math.IsNaN(kappaRef) || math.IsNaN(kappaC) || math.Abs(kappaRef) > 3 || math.Abs(kappaC) > 3 {
		return nil, fmt.Errorf("perceptron: local entropy needs 0 < alpha <= 4 and |kappa| <= 3 (alpha=%v kappa_ref=%v kappa_c=%v)", alpha, kappaRef, kappaC)
	}
	dc, err := newDistanceCurve("local entropy", ds, func(yield func()) (func(float64) (LocalEntropyPoint, error), error) {
		ref, err := Storage(alpha, kappaRef)
		if err != nil {
			return nil, err
		}
		f := newFranzParisiRef(ref, kappaC)
		f.yield = yield
		return f.At, nil
	})
	if err != nil {
		return nil, err
	}
	return &LocalEntropyCurve{Alpha: alpha, KappaRef: kappaRef, KappaC: kappaC, distanceCurve: dc}, nil
}

// LocalEntropy computes the whole curve at once (CLI and tests).
func LocalEntropy(alpha, kappaRef, kappaC float64, ds []float64) ([]LocalEntropyPoint, error) {
	ref, err := Storage(alpha, kappaRef)
	if err != nil {
		return nil, err
	}
	f := newFranzParisiRef(ref, kappaC)
	out := make([]LocalEntropyPoint, 0, len(ds))
	for _, d := range ds {
		pt, err := f.At(d)
		if err != nil {
			return out, err
		}
		out = append(out, pt)
	}
	return out, nil
}

// thresholdGrid is where the slope dS/dd of the maximal-margin reference's
// curve is inspected: d = 0.001, 0.002, ..., 0.012 (for kappa_c = 0 the dip
// first opens near d = 0.005 and moves to smaller d as alpha grows).
var thresholdGrid = func() []float64 {
	g := make([]float64, 12)
	for i := range g {
		g[i] = 0.001 * float64(i+1)
	}
	return g
}()

// MinLocalEntropySlope returns the smallest slope dS/dd on the threshold grid
// of the maximal-margin reference's curve at alpha (kappa_c = 0), and where.
func MinLocalEntropySlope(alpha float64) (slope, at float64, err error) {
	kr, err := MaxMarginReference(alpha)
	if err != nil {
		return 0, 0, err
	}
	pts, err := LocalEntropy(alpha, kr, 0, thresholdGrid)
	if err != nil {
		return 0, 0, err
	}
	slope = math.Inf(1)
	for _, p := range pts {
		if p.Slope < slope {
			slope, at = p.Slope, p.D
		}
	}
	return slope, at, nil
}

// LocalEntropyThreshold returns alpha_LE for kappa_c = 0, eq. (22): the smallest alpha
// at which the local-entropy curve of the maximal-margin reference stops
// being monotone in d (its smallest slope on the grid crosses zero), found
// by Brent's method on [lo, hi] to tolerance tol.
func LocalEntropyThreshold(lo, hi, tol float64) (float64, error) {
	f := func(a float64) (float64, error) {
		s, _, err := MinLocalEntropySlope(a)
		return s, err
	}
	return saddle.Brent(f, lo, hi, tol, saddle.Options{What: "local-entropy threshold alpha_LE", Point: pointName("lo", lo, "hi", hi)})
}
