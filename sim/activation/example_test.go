package activation_test

import (
	"fmt"

	"flatland/sim/activation"
)

// The table, as the CLI help and the URL choices list it, with the
// Gaussian-equivalence coefficients of each activation.
func Example() {
	for _, a := range activation.All() {
		c := a.GaussianEquivalence()
		fmt.Printf("%-5s %-10s k0=%.6f k1=%.6f k*=%.6f\n", a, a.Formula(), a.Mean(), c.K1, c.KStar)
	}
	// Output:
	// sign  sign(z)    k0=0.000000 k1=0.797885 k*=0.602810
	// relu  max(0, z)  k0=0.398942 k1=0.500000 k*=0.301405
	// tanh  tanh(z)    k0=0.000000 k1=0.605706 k*=0.165576
	// erf   erf(z)     k0=0.000000 k1=0.651470 k*=0.200364
}
