package nets_test

import (
	"math/rand/v2"
	"testing"

	"flatland/sim/nets"
)

// BenchmarkPackedDot is the innermost kernel of the binary perceptron
// algorithms: one ±1 dot product of N = 1001 weights with a pattern, both
// bit-packed (16 words of xor and popcount). Its WebAssembly/native ratio
// is the floor for kernels built on it.
func BenchmarkPackedDot(b *testing.B) {
	const n = 1001
	rng := rand.New(rand.NewPCG(1, 2))
	w, x := make([]int8, n), make([]int8, n)
	for i := range w {
		w[i], x[i] = int8(2*rng.IntN(2)-1), int8(2*rng.IntN(2)-1)
	}
	pw, px := make([]uint64, nets.Words(n)), make([]uint64, nets.Words(n))
	nets.PackSigns(w, pw)
	nets.PackSigns(x, px)
	sum := 0
	for b.Loop() {
		sum += nets.PackedDot(pw, px, n)
	}
	if sum == 1 {
		b.Log(sum) // keeps the result alive
	}
}
