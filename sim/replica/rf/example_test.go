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

// Seventeen significant digits of a typical saddle point, the interpolation
// threshold and a Franz-Parisi local entropy around the flat (maximal-margin)
// reference: the same digits natively and in WebAssembly (every
// transcendental function comes from sim/gauss, in plain Go).
func ExampleModel_bitIdentical() {
	m := rf.Model{Act: rf.Sign, Labels: rf.Teacher}
	t, err := m.SolveTypical(0.5, 1, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("typical alpha=0.5 alpha_D=1: phi=%.17g q=%.17g\n", t.Phi, t.Q)
	ac, err := m.InterpolationThreshold(1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("alpha_c(alpha_D=1)=%.17g\n", ac.Alpha)
	ref, curve, _, err := rf.FlatLocalEntropy(m, 0.5, 1, 0.1)
	if err != nil {
		fmt.Println(err)
		return
	}
	last := curve[len(curve)-1]
	fmt.Printf("kappa_max=%.17g S_FP(d=%.17g)=%.17g\n", ref.Kappa, last.D, last.Entropy)
	// Output:
	// typical alpha=0.5 alpha_D=1: phi=0.3397844410321747 q=0.30104047140440066
	// alpha_c(alpha_D=1)=0.93479782029692426
	// kappa_max=0.46419170983150426 S_FP(d=0.099999999999999978)=0.23638040731090526
}
