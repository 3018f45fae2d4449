package rf_test

import (
	"fmt"

	"flatland/sim/replica/rf"
)

// The interpolation threshold of the RF model with sign features and a
// hidden-perceptron teacher, at D = N.
func ExampleModel_InterpolationThreshold() {
	m := rf.Model{Act: rf.Sign, Labels: rf.Teacher}
	t, err := m.InterpolationThreshold(1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("alpha_c = %.4f, typical error %.4f, Bayes error %.4f\n", t.Alpha, t.EpsTypical, t.EpsBayes)
	// Output: alpha_c = 0.9348, typical error 0.4207, Bayes error 0.3976
}

func ExampleActivation_GaussianEquivalence() {
	c := rf.ReLU.GaussianEquivalence()
	fmt.Printf("k0 = %.6f, k1 = %.6f, k* = %.6f\n", c.K0, c.K1, c.KStar)
	// Output: k0 = 0.398942, k1 = 0.500000, k* = 0.301405
}
