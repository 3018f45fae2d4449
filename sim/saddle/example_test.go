package saddle_test

import (
	"errors"
	"fmt"
	"math"

	"flatland/sim/saddle"
)

// Solve the fixed point x = cos x by damped iteration, then polish with Newton.
func ExampleNewton() {
	x := []float64{1}
	_, err := saddle.Iterate(func(x, out []float64) { out[0] = math.Cos(x[0]) }, x, saddle.Options{Tol: 1e-6})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = saddle.Newton(func(x, r []float64) bool { r[0] = math.Cos(x[0]) - x[0]; return true }, x, saddle.Options{Tol: 1e-14})
	fmt.Printf("%.12f %v\n", x[0], err)
	// Output: 0.739085133215 <nil>
}

// Non-convergence is an error value that names the point.
func ExampleNotConvergedError() {
	_, err := saddle.Brent(func(x float64) (float64, error) { return x*x + 1, nil }, -1, 1, 1e-12,
		saddle.Options{What: "x^2+1=0", Point: "x in [-1,1]"})
	var nc *saddle.NotConvergedError
	fmt.Println(errors.As(err, &nc), nc.Point)
	// Output: true x in [-1,1]
}
