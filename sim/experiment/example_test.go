package experiment_test

import (
	"context"
	"fmt"
	"time"

	"flatland/sim/experiment"
	"flatland/sim/stepper"
)

// A problem is run as a stepper, the way a browser frame steps it (here to
// completion); its command line reproduces the numbers with the CLI.
func ExampleRun() {
	p := experiment.DefaultProblem()
	p.N, p.Alpha, p.Labels, p.TestExamples = 101, 0.5, "teacher", 1000
	fmt.Println(p.Command())
	r, err := experiment.NewRun(p)
	if err != nil {
		fmt.Println(err)
		return
	}
	for done := false; !done; {
		if done, err = r.Step(6 * time.Millisecond); err != nil {
			fmt.Println(err)
			return
		}
	}
	res := r.Result()
	fmt.Printf("%v: solved %v after %d epochs, test error %.3f over %d examples\n",
		r.Stage(), res.Solved, res.Iterations, res.TestError, res.TestedExamples)
	// Output:
	// flatland train -model perceptron -labels teacher -inputs pm1 -n 101 -alpha 0.5 -kappa 0 -seed 1 -algo cpr -max-epochs 0 -test 1000
	// done: solved true after 10 epochs, test error 0.340 over 1000 examples
}

// A sweep over loads; sample s at a point runs with seed (point seed) + s.
func ExampleSweep() {
	var points []experiment.Problem
	for _, a := range []float64{0.2, 0.9} {
		p := experiment.DefaultProblem()
		p.N, p.Alpha, p.TestExamples = 101, a, 0
		points = append(points, p)
	}
	sw, err := experiment.NewSweep(points, 3, experiment.Interleaved, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := stepper.Run(context.Background(), sw, 6*time.Millisecond); err != nil {
		fmt.Println(err)
		return
	}
	for i := 0; i < sw.Points(); i++ {
		pt := sw.Point(i)
		fmt.Printf("alpha %g: %d of %d solved\n", pt.Problem.Alpha, pt.Solved, pt.Finished)
	}
	fmt.Println(sw.SampleProblem(1, 2).Command())
	// Output:
	// alpha 0.2: 3 of 3 solved
	// alpha 0.9: 0 of 3 solved
	// flatland train -model perceptron -labels random -inputs pm1 -n 101 -alpha 0.9 -kappa 0 -seed 3 -algo cpr -max-epochs 0 -test 0
}
