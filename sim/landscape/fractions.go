package landscape

import "math"

// FlipFractions returns the flip fractions that can actually be measured on N
// weights for the requested ones: each d becomes k/N with k = max(1, round(d N))
// flips (what LocalEnergy flips), in increasing order, with repeats removed.
// Below 1/N a request would otherwise be reported at d while one flip, d = 1/N,
// is measured; several small d would repeat the same measurement.
func FlipFractions(d []float64, n int) []float64 {
	if n < 1 {
		return nil
	}
	seen := map[int]bool{}
	var out []float64
	for _, x := range d {
		if !(x > 0 && x <= 1) {
			continue
		}
		k := max(1, int(math.Round(x*float64(n))))
		if !seen[k] {
			seen[k] = true
			out = append(out, float64(k)/float64(n))
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
