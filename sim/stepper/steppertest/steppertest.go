// Package steppertest checks the contract of sim/stepper in other packages'
// tests: the result of a Stepper must not depend on how its work is sliced.
package steppertest

import (
	"fmt"
	"time"

	"flatland/sim/stepper"
)

// DefaultBudgets are the slice budgets CheckSlicing uses when given none:
// 0 (a pause at every checkpoint: the finest slicing a stepper allows) and
// 1 ms (slices that end wherever the clock says).
var DefaultBudgets = []time.Duration{0, time.Millisecond}

// huge is a budget no test computation exhausts: the unsliced reference.
const huge = time.Hour

// maxSteps bounds a run, so a stepper that never finishes fails the test
// instead of hanging it.
const maxSteps = 10_000_000

// T is the part of testing.TB that CheckSlicing uses.
type T interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// CheckSlicing runs the computation built by newStepper once with one huge
// budget (the reference), then once per budget with that budget for every
// Step, and, if several budgets are given, once more cycling through them
// (alternating slices). It asserts that result and the final error are the
// same for every slicing, that the finest slicing really took several Steps
// (else the check would be empty), and that Progress stays in 0..1, never
// decreases and is 1 at the end. It returns the reference run's stepper
// (finished), for further checks of its results.
//
// result must describe everything the computation produced, exactly: print
// floating-point numbers with %v or %x (both round-trip), never rounded.
// Without budgets, DefaultBudgets are used.
func CheckSlicing(t T, newStepper func() stepper.Stepper, result func(stepper.Stepper) string, budgets ...time.Duration) stepper.Stepper {
	t.Helper()
	if len(budgets) == 0 {
		budgets = DefaultBudgets
	}
	ref := newStepper()
	refSteps, refErr := run(t, "one huge budget", ref, []time.Duration{huge})
	want := result(ref)
	schedules := make([][]time.Duration, 0, len(budgets)+1)
	for _, b := range budgets {
		schedules = append(schedules, []time.Duration{b})
	}
	if len(budgets) > 1 {
		schedules = append(schedules, budgets)
	}
	finest := 0
	for _, sched := range schedules {
		name := "budget " + fmt.Sprint(sched[0])
		if len(sched) > 1 {
			name = fmt.Sprintf("budgets alternating %v", sched)
		}
		s := newStepper()
		steps, err := run(t, name, s, sched)
		finest = max(finest, steps)
		if fmt.Sprint(err) != fmt.Sprint(refErr) {
			t.Errorf("%s: error %v; with one huge budget: %v", name, err, refErr)
		}
		if got := result(s); got != want {
			t.Errorf("%s (%d steps) changed the result:\n got %s\nwant %s (one huge budget, %d steps)", name, steps, got, want, refSteps)
		}
	}
	if finest < 2 {
		t.Errorf("every slicing finished in one Step: the check did not slice the work (give the computation more work or a smaller budget)")
	}
	return ref
}

// run steps s to completion, cycling through budgets, and returns the
// number of Steps and the final error.
func run(t T, name string, s stepper.Stepper, budgets []time.Duration) (int, error) {
	t.Helper()
	last := 0.0
	for steps := 1; steps <= maxSteps; steps++ {
		done, err := s.Step(budgets[(steps-1)%len(budgets)])
		p := s.Progress()
		if !(p >= last && p <= 1) {
			t.Errorf("%s: step %d: progress %v after %v (want non-decreasing, within 0..1)", name, steps, p, last)
		}
		last = p
		if done || err != nil {
			if err == nil && p != 1 {
				t.Errorf("%s: progress %v when done, want 1", name, p)
			}
			return steps, err
		}
	}
	t.Fatalf("%s: not done after %d steps", name, maxSteps)
	return maxSteps, nil
}
