package gauss_test

import (
	"fmt"
	"math"

	"flatland/sim/gauss"
)

// A Gaussian average with a kink: E ln H(-sqrt(q/(1-q)) z) at q = 0.999,
// the integral that sits at every capacity and transition point.
func ExampleKinkRule() {
	q := 0.999
	c := math.Sqrt(q / (1 - q))
	r := gauss.KinkRule(8, gauss.Kink{At: 0, Width: 1 / c})
	avg := r.Average(func(z float64) float64 { return gauss.LogH(-c * z) })
	fmt.Printf("%.10f\n", avg)
	// Output: -251.6471268411
}

func ExampleLogH() {
	fmt.Printf("%.6f %.6f\n", gauss.LogH(2), gauss.LogH(40))
	// Output: -3.783184 -804.608442
}
