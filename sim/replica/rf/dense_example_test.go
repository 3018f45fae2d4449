package rf_test

import (
	"fmt"

	"flatland/sim/replica/rf"
)

// The dense-region (large-deviation) local entropy of the RF model with sign
// features and teacher labels at alpha_D = 1, alpha = 0.4: it starts at the
// typical free entropy phi at d* and approaches the bound H2(d) at small d.
func ExampleDenseLocalEntropy() {
	m := rf.Model{Act: rf.Sign, Labels: rf.Teacher}
	dStar, typ, _ := rf.DenseMaxDistance(m, 0.4, 1)
	fmt.Printf("d* = %.4f, phi = %.4f\n", dStar, typ.Phi)
	pts, err := rf.DenseLocalEntropy(m, 0.4, 1, []float64{0.1, 0.05, 0.02})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range pts {
		fmt.Printf("d = %.2f: S_I = %.4f, H2 = %.4f, slope %.3f\n", p.D, p.S, rf.H2(p.D), p.Slope)
	}
	// Output:
	// d* = 0.2897, phi = 0.4121
	// d = 0.10: S_I = 0.2825, H2 = 0.3251, slope 1.497
	// d = 0.05: S_I = 0.1879, H2 = 0.1985, slope 2.421
	// d = 0.02: S_I = 0.0976, H2 = 0.0980, slope 3.789
}
