package stepper

import (
	"context"
	"time"
)

// Stepper is a long computation cut into bounded slices. Step does at most
// roughly budget worth of work and returns; done reports completion. Results
// must not depend on how the work is sliced.
type Stepper interface {
	Step(budget time.Duration) (done bool, err error)
	Progress() float64 // 0..1
}

// Run drives s to completion in slices of the given budget. It is what the
// CLI and tests use; the front end calls Step itself once per frame.
func Run(ctx context.Context, s Stepper, slice time.Duration) error {
	for {
		if err := Expired(ctx); err != nil {
			return err
		}
		done, err := s.Step(slice)
		if err != nil {
			return err
		}
		if done {
			return nil
		}
	}
}

// Expired is ctx.Err(), except that a passed deadline counts even before
// the context's timer has fired. Under WebAssembly (one thread, no
// preemption) that timer fires only when the running goroutine blocks, so a
// computation that polls ctx.Err() between units of work would never see
// its deadline; this reads the clock instead.
func Expired(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d, ok := ctx.Deadline(); ok && !time.Now().Before(d) {
		return context.DeadlineExceeded
	}
	return nil
}

// clamp01 keeps a progress value inside 0..1 (NaN counts as 0).
func clamp01(p float64) float64 {
	if !(p > 0) {
		return 0
	}
	return min(p, 1)
}
