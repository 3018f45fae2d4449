package perceptron_test

import (
	"fmt"

	"flatland/sim/replica/perceptron"
)

func ExampleCapacity() {
	alpha, _, err := perceptron.Capacity(0)
	fmt.Printf("%.3f %v\n", alpha, err)
	// Output: 0.833 <nil>
}

func ExampleTransitions() {
	tr, err := perceptron.Transitions()
	fmt.Printf("first order %.3f, spinodal %.3f %v\n", tr.AlphaFirstOrder, tr.AlphaSpinodal, err)
	// Output: first order 1.245, spinodal 1.493 <nil>
}

// The storage saddle point to the last bit: the same digits natively and in
// WebAssembly (all transcendental functions are plain Go, sim/gauss), so the
// example doubles as a determinism check in both test runs.
func ExampleStorage() {
	p, err := perceptron.Storage(0.6, 0.3)
	fmt.Printf("phi=%.17g replicon=%.17g %v\n", p.Phi, p.Replicon, err)
	// Output: phi=-0.045760093875599095 replicon=0.41646872970694748 <nil>
}

// The dense-region (large-deviation) local entropy at alpha = 0.6: the densest
// reference keeps more solutions around it than the Franz-Parisi references,
// and its ball of radius d = 0.002 is all solutions (S_I = H2(d)).
func ExampleDenseLocalEntropy() {
	pts, err := perceptron.DenseLocalEntropy(0.6, 0, []float64{0.05, 0.02, 0.002})
	for _, p := range pts {
		fmt.Printf("d=%.3f S_I=%.5f slope=%.3f\n", p.D, p.S, p.Slope)
	}
	fmt.Println(err)
	// Output:
	// d=0.050 S_I=0.13008 slope=1.194
	// d=0.020 S_I=0.08341 slope=2.263
	// d=0.002 S_I=0.01443 slope=6.213
	// <nil>
}
