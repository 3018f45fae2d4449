package state

import (
	"math"
	"sort"
)

// SimulationAlphas is the alpha grid of a figure's simulation column: the
// base grid plus two points inside the gap between the local-entropy
// threshold alphaLE and the interpolation threshold alphaC (at one and two
// thirds of it, rounded to 3 decimals), where solutions exist but efficient
// algorithms stall. That is the key message, so the default view must show
// it. Base points closer than a third of the gap to an added point are
// dropped. With no gap (NaN thresholds, alphaLE >= alphaC) no point is
// added. Above a known alphaC one base point is kept (keepAbove): there
// every run fails by running to the epoch limit, the column's most
// expensive runs, and one point with no instance solved shows that no
// solutions are found there.
func SimulationAlphas(base []float64, alphaLE, alphaC float64) []float64 {
	return keepAbove(withGapPoints(base, alphaLE, alphaC), alphaC)
}

// AboveAlphaCMargin: the base point kept above alpha_c is the first at
// least this factor above it. Closer to alpha_c the simulations' small
// networks are still solvable now and then (the transition is smeared at
// N = 201: at alpha_D = 1, CP+R solves one instance of three at alpha = 1.0,
// 7% above alpha_c = 0.935, none at 1.2), which would contradict the "no
// solutions" shading. Without such a point the largest one above alpha_c is
// kept.
const AboveAlphaCMargin = 1.1

// keepAbove keeps the sorted alphas up to alphaC and one above it (all of
// them when alphaC is NaN).
func keepAbove(alphas []float64, alphaC float64) []float64 {
	if math.IsNaN(alphaC) {
		return alphas
	}
	var out []float64
	above := -1 // index in alphas of the point kept above alpha_c
	for i, a := range alphas {
		switch {
		case a <= alphaC:
			out = append(out, a)
		case above < 0 || alphas[above] < AboveAlphaCMargin*alphaC:
			above = i
		}
	}
	if above >= 0 {
		out = append(out, alphas[above])
	}
	return out
}

// withGapPoints is the sorted base grid with the two points inside the gap.
func withGapPoints(base []float64, alphaLE, alphaC float64) []float64 {
	out := append([]float64(nil), base...)
	sort.Float64s(out)
	gap := alphaC - alphaLE
	if math.IsNaN(gap) || !(gap > 0) {
		return out
	}
	var added []float64
	for _, f := range []float64{1.0 / 3, 2.0 / 3} {
		a := math.Round((alphaLE+f*gap)*1000) / 1000
		if a > alphaLE && a < alphaC {
			added = append(added, a)
		}
	}
	keep := out[:0]
	for _, a := range out {
		near := false
		for _, b := range added {
			near = near || math.Abs(a-b) < gap/3
		}
		if !near {
			keep = append(keep, a)
		}
	}
	out = append(keep, added...)
	sort.Float64s(out)
	return out
}

// InterpolateLogX returns y at x by linear interpolation in ln x between the
// samples (xs increasing); NaN outside [xs[0], xs[n-1]] or where a
// neighbouring y is NaN.
func InterpolateLogX(xs, ys []float64, x float64) float64 {
	n := min(len(xs), len(ys))
	if n == 0 || !(x >= xs[0]) || !(x <= xs[n-1]) {
		return math.NaN()
	}
	i := sort.SearchFloat64s(xs[:n], x)
	if i < n && xs[i] == x {
		return ys[i]
	}
	t := (math.Log(x) - math.Log(xs[i-1])) / (math.Log(xs[i]) - math.Log(xs[i-1]))
	return ys[i-1] + t*(ys[i]-ys[i-1])
}
