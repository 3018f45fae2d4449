package stepper

import (
	"errors"
	"fmt"
	"runtime"
	"time"
)

// ErrClosed is the error of a Coroutine closed before its computation finished.
var ErrClosed = errors.New("stepper: computation closed before it finished")

// Coroutine runs a plain sequential computation in slices. The computation
// calls yield after every small unit of work (about a millisecond or less);
// yield is cheap until the slice's deadline has passed, then it hands control
// back to Step and waits for the next Step. The computation runs in its own
// goroutine, but strictly alternating with the caller (a channel hand-over),
// so it is the same sequential computation however it is sliced: results are
// identical for any budgets, and the caller may read the computation's state
// between Steps without locks. This works the same natively and in
// single-threaded WebAssembly.
//
// A panic inside the computation is re-raised in the goroutine that called
// Step (where it can be recovered); from then on Step reports an error.
//
// An unfinished Coroutine owns a parked goroutine, and that goroutine keeps
// the computation (and whatever it references) alive: a Coroutine dropped
// mid-way without Close leaks it until the program exits. Call Close when
// abandoning one; Close on a finished or never-started Coroutine is free.
type Coroutine struct {
	work     func(yield func()) error
	progress func() float64
	resume   chan time.Time // the next slice's deadline; closed by Close
	paused   chan struct{}
	deadline time.Time // read and written by the computation's goroutine only
	started  bool
	closing  bool
	done     bool
	err      error
	panicked bool
	panicVal any
}

// NewCoroutine prepares work as a Stepper; nothing runs until the first Step.
// progress (may be nil) reports 0..1 while the computation is unfinished; it
// is called between Steps only, so it may read the computation's state.
func NewCoroutine(work func(yield func()) error, progress func() float64) *Coroutine {
	return &Coroutine{work: work, progress: progress, resume: make(chan time.Time), paused: make(chan struct{})}
}

// Step runs the computation for about budget (at least up to its next yield)
// and reports completion and the computation's error.
func (c *Coroutine) Step(budget time.Duration) (bool, error) {
	if c.done {
		return true, c.err
	}
	deadline := time.Now().Add(budget)
	if !c.started {
		c.started = true
		go c.run()
	}
	c.resume <- deadline
	<-c.paused
	if c.panicked {
		// re-raised here, where the caller can recover it (a panic in the
		// computation's goroutine would end the program)
		c.panicked = false
		r := c.panicVal
		c.panicVal = nil
		panic(r)
	}
	return c.done, c.err
}

// run is the computation's goroutine.
func (c *Coroutine) run() {
	c.deadline = <-c.resume
	returned := false
	defer func() {
		// recover is nil when the goroutine exits through runtime.Goexit (Close)
		r := recover()
		switch {
		case r != nil:
			c.panicked, c.panicVal = true, r
			c.err = fmt.Errorf("stepper: computation panicked: %v", r)
		case c.closing:
			c.err = ErrClosed
		case !returned:
			c.err = errors.New("stepper: computation exited without returning (runtime.Goexit)")
		}
		c.done = true
		c.paused <- struct{}{}
	}()
	err := c.work(c.yield)
	returned = true
	c.err = err
}

// yield is the checkpoint the computation calls between units of work.
func (c *Coroutine) yield() {
	if c.closing {
		runtime.Goexit() // a yield inside the computation's deferred calls during Close
	}
	if time.Now().Before(c.deadline) {
		return
	}
	c.paused <- struct{}{}
	deadline, ok := <-c.resume
	if !ok {
		runtime.Goexit() // Close: unwind the computation, running its defers
	}
	c.deadline = deadline
}

// Progress is 1 once the computation has finished, else the progress
// function's value clamped to 0..1 (0 without one).
func (c *Coroutine) Progress() float64 {
	if c.done {
		return 1
	}
	if c.progress == nil {
		return 0
	}
	return clamp01(c.progress())
}

// Done reports whether the computation has finished (returned, failed,
// panicked or was closed).
func (c *Coroutine) Done() bool { return c.done }

// Err is the computation's error (nil while it runs or if it succeeded).
func (c *Coroutine) Err() error { return c.err }

// Close abandons an unfinished computation: it unwinds the computation's
// goroutine (its deferred calls run) and returns once that is done. Later
// Steps report ErrClosed. Close does nothing on a finished computation.
func (c *Coroutine) Close() {
	if c.done {
		return
	}
	c.closing = true
	if !c.started {
		c.done, c.err = true, ErrClosed
		return
	}
	close(c.resume)
	<-c.paused
}
