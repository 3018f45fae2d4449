package stepper_test

import (
	"context"
	"fmt"
	"time"

	"flatland/sim/stepper"
)

// A plain loop becomes a Stepper: it calls yield after every unit of work,
// and Step pauses it there once the budget is spent.
func ExampleNewCoroutine() {
	total, i := 0, 0
	c := stepper.NewCoroutine(func(yield func()) error {
		for i = 1; i <= 4; i++ {
			total += i
			yield()
		}
		return nil
	}, func() float64 { return float64(i) / 4 })
	for done := false; !done; {
		done, _ = c.Step(0) // a zero budget pauses at every yield
		fmt.Printf("total %d, progress %.2f\n", total, c.Progress())
	}
	// Output:
	// total 1, progress 0.25
	// total 3, progress 0.50
	// total 6, progress 0.75
	// total 10, progress 1.00
	// total 10, progress 1.00
}

// Stages run one after another; a Later stage is built from the results of
// the stages before it, and progress weighs each stage by its share.
func ExampleWeighted() {
	data := 0
	draw := stepper.NewCoroutine(func(yield func()) error {
		for k := 0; k < 3; k++ {
			data += 7
			yield()
		}
		return nil
	}, nil)
	fit := stepper.Later(func() (stepper.Stepper, error) {
		fmt.Println("fitting", data)
		return stepper.NewCoroutine(func(func()) error { return nil }, nil), nil
	})
	s := stepper.Weighted(stepper.Stage{Weight: 0.2, Stepper: draw}, stepper.Stage{Weight: 0.8, Stepper: fit})
	if err := stepper.Run(context.Background(), s, time.Hour); err != nil {
		fmt.Println(err)
	}
	fmt.Println("progress", s.Progress())
	// Output:
	// fitting 21
	// progress 1
}

// A Job remembers the first error, so a figure can step it every frame.
func ExampleJob() {
	j := stepper.NewJob(stepper.NewCoroutine(func(yield func()) error {
		yield()
		return fmt.Errorf("solver did not converge")
	}, nil))
	for frame := 0; frame < 3; frame++ {
		j.Step(0)
		fmt.Println(frame, j.Busy(), j.Err())
	}
	// Output:
	// 0 true <nil>
	// 1 false solver did not converge
	// 2 false solver did not converge
}
