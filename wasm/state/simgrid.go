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
// added. Above a known alphaC only the first AboveAlphaC base points are
// kept: there every run fails by running to the epoch limit, the column's
// most expensive runs (at alpha_D = 1, 1.4 and 1.6 took half of its time),
// and two failing points already show that no solutions are found there.
func SimulationAlphas(base []float64, alphaLE, alphaC float64) []float64 {
	return keepAbove(withGapPoints(base, alphaLE, alphaC), alphaC)
}

// AboveAlphaC is how many simulated alphas SimulationAlphas keeps above alpha_c.
const AboveAlphaC = 2

// keepAbove drops the sorted alphas beyond the first AboveAlphaC above alphaC
// (none when alphaC is NaN).
func keepAbove(alphas []float64, alphaC float64) []float64 {
	above := 0
	for i, a := range alphas {
		if a > alphaC {
			if above == AboveAlphaC {
				return alphas[:i]
			}
			above++
		}
	}
	return alphas
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
