//go:build js && wasm

package main

import (
	"flatland/sim/experiment"
	"flatland/wasm/state"
)

// The figures' simulations are sim/experiment runs and sweeps: the pipeline
// and the seeds of the command line's train and sweep, so the command a
// figure publishes reproduces its numbers.

// errTooLarge reports problems beyond the browser budgets (state.CheckBudget).
type errTooLarge struct{ err error }

func (e errTooLarge) Error() string { return e.err.Error() }

// checkBudget refuses problems that together exceed the browser budgets.
func checkBudget(ps ...experiment.Problem) error {
	if err := state.CheckBudget(ps...); err != nil {
		return errTooLarge{err}
	}
	return nil
}

// newRun prepares one training run after the budget check; nothing is drawn
// before its first Step.
func newRun(p experiment.Problem) (*experiment.Run, error) {
	if err := checkBudget(p); err != nil {
		return nil, err
	}
	return experiment.NewRun(p)
}

// newSweep prepares short seeded runs at several points, interleaved
// (sample 0 at every point, then sample 1, ...) so that every point gets a
// first estimate early; points beyond the browser budgets are skipped with
// the reason.
func newSweep(points []experiment.Problem, samples int) (*experiment.Sweep, error) {
	return experiment.NewSweep(points, samples, experiment.Interleaved,
		func(p experiment.Problem) error { return state.CheckBudget(p) })
}

// solved reports whether a finished run reached zero training errors.
func solved(r *experiment.Run) bool {
	return r.Stage() == experiment.StageDone && r.Trainer() != nil && r.Trainer().Snapshot().Solved
}
