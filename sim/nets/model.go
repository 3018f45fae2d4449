package nets

import (
	"math/bits"

	"flatland/sim/data"
)

// Model is a binary-weight network tied to one training set.
type Model interface {
	NumWeights() int
	NumPatterns() int
	// Errors counts the misclassified training examples of w.
	Errors(w []int8) int
	// Predict returns the network's ±1 output on a raw input x.
	Predict(w []int8, x []float64) int8
	// NewState caches the fields of w for O(P) single-flip updates.
	NewState(w []int8) State
}

// State is one configuration with cached fields.
type State interface {
	Errors() int
	// DeltaErrors returns the change of Errors if weight j were flipped.
	DeltaErrors(j int) int
	Flip(j int)
	// Weights returns the live configuration (do not modify).
	Weights() []int8
	// CopyFrom makes the state equal to src (same model).
	CopyFrom(src State)
	Clone() State
}

// CostState is a State that also offers a smoother energy than the error
// count: the stability cost sum over violated examples of
// (kappa sqrt N - Delta_mu + 1)/2 (1 per error at Delta = -1 for ±1 inputs,
// growing linearly with the violation), used by the annealers.
type CostState interface {
	State
	Cost() float64
	DeltaCost(j int) float64
}

// PackSigns packs w into 64-bit words, bit set where w_i < 0.
func PackSigns(w []int8, out []uint64) {
	for k := range out {
		out[k] = 0
	}
	for i, v := range w {
		if v < 0 {
			out[i>>6] |= 1 << (uint(i) & 63)
		}
	}
}

// Words returns the number of 64-bit words needed for n bits.
func Words(n int) int { return (n + 63) / 64 }

// PackedDot returns sum_i a_i b_i for ±1 vectors of length n packed by PackSigns.
func PackedDot(a, b []uint64, n int) int {
	diff := 0
	for k, x := range a {
		diff += bits.OnesCount64(x ^ b[k])
	}
	return n - 2*diff
}

// TestError estimates the generalization error of w on m fresh examples of
// rule drawn with seed (streamed, so m may be large).
func TestError(m Model, w []int8, rule *data.Rule, examples int, seed uint64) float64 {
	st := rule.Stream(seed, data.StreamTest)
	x := make([]float64, rule.N)
	wrong := 0
	for e := 0; e < examples; e++ {
		y := st.Next(x)
		if m.Predict(w, x) != y {
			wrong++
		}
	}
	return float64(wrong) / float64(examples)
}

// Overlap returns a·b/len for two ±1 vectors.
func Overlap(a, b []int8) float64 {
	s := 0
	for i, v := range a {
		s += int(v) * int(b[i])
	}
	return float64(s) / float64(len(a))
}

// Distance returns the normalized Hamming distance (1 - overlap)/2.
func Distance(a, b []int8) float64 {
	d := 0
	for i, v := range a {
		if v != b[i] {
			d++
		}
	}
	return float64(d) / float64(len(a))
}

func sign8(s float64) int8 {
	if s < 0 {
		return -1
	}
	return 1
}
