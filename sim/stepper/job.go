package stepper

import "time"

// Job wraps a Stepper for a caller that steps it blindly (a figure, once per
// frame): it remembers completion and the first error, and never steps the
// stepper again after either. A nil Job, or one without a stepper, is an
// idle job: stepping it does nothing and it is not busy.
type Job struct {
	s    Stepper
	done bool
	err  error
}

// NewJob wraps s.
func NewJob(s Stepper) *Job { return &Job{s: s} }

// Step advances the stepper by about budget unless the job is over, and
// reports the job's state.
func (j *Job) Step(budget time.Duration) (bool, error) {
	if !j.Busy() {
		return true, j.Err()
	}
	done, err := j.s.Step(budget)
	if err != nil {
		j.err, j.done = err, true
	} else {
		j.done = done
	}
	return j.done, j.err
}

// Progress is the stepper's progress, or 1 once the job is over (or idle).
func (j *Job) Progress() float64 {
	if !j.Busy() {
		return 1
	}
	return clamp01(j.s.Progress())
}

// Busy reports whether the job still has work to do.
func (j *Job) Busy() bool { return j != nil && j.s != nil && !j.done }

// Done reports whether the stepper finished or failed.
func (j *Job) Done() bool { return j != nil && j.done }

// Err is the first error of the stepper (nil if none).
func (j *Job) Err() error {
	if j == nil {
		return nil
	}
	return j.err
}

// Stepper returns the wrapped stepper (nil for an idle job), to read its results.
func (j *Job) Stepper() Stepper {
	if j == nil {
		return nil
	}
	return j.s
}

// Close ends a busy job with ErrClosed; if the stepper has a Close method (a
// Coroutine, or a type built on one), it is called to release the unfinished
// computation.
func (j *Job) Close() {
	if !j.Busy() {
		return
	}
	if c, ok := j.s.(interface{ Close() }); ok {
		c.Close()
	}
	j.done, j.err = true, ErrClosed
}
