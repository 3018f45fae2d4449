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
