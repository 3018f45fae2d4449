package perceptron

import (
	"fmt"
	"runtime"
	"time"
)

// coroutine runs a long computation in its own goroutine, strictly
// alternating with the caller: the worker runs only inside step and pauses
// at the first checkpoint (yield) after the slice's deadline. The computation
// is sequential and deterministic, so results never depend on the slicing;
// only how far it has got does. This works the same natively and in
// single-threaded WebAssembly (the hand-over is a channel operation).
type coroutine struct {
	run      func(yield func()) error
	resume   chan time.Time
	paused   chan struct{}
	deadline time.Time
	started  bool
	done     bool
	closed   bool
	err      error
	panicked any // a panic of the computation, re-raised in step's goroutine
}

func newCoroutine(run func(yield func()) error) *coroutine {
	return &coroutine{run: run, resume: make(chan time.Time), paused: make(chan struct{})}
}

// yield is the checkpoint: cheap until the deadline has passed.
func (c *coroutine) yield() {
	if time.Now().Before(c.deadline) {
		return
	}
	c.paused <- struct{}{}
	dl, ok := <-c.resume
	if !ok {
		runtime.Goexit()
	}
	c.deadline = dl
}

func (c *coroutine) step(budget time.Duration) (bool, error) {
	if c.done {
		return true, c.err
	}
	if c.closed {
		return true, errClosed
	}
	dl := time.Now().Add(budget)
	if !c.started {
		c.started = true
		go func() {
			dl, ok := <-c.resume
			if !ok {
				return
			}
			c.deadline = dl
			defer func() {
				// nil on runtime.Goexit (close): only real panics are handed over
				if r := recover(); r != nil {
					c.panicked, c.done = r, true
					c.err = fmt.Errorf("perceptron: computation panicked: %v", r)
					c.paused <- struct{}{}
				}
			}()
			err := c.run(c.yield)
			c.err, c.done = err, true
			c.paused <- struct{}{}
		}()
	}
	c.resume <- dl
	<-c.paused
	if r := c.panicked; r != nil {
		// the caller's goroutine can recover it (a panic there would end the program)
		c.panicked = nil
		panic(r)
	}
	return c.done, c.err
}

func (c *coroutine) close() {
	if c.closed || c.done {
		return
	}
	c.closed = true
	if c.started {
		close(c.resume)
	}
}

type closedError struct{}

func (closedError) Error() string { return "perceptron: computation closed before it finished" }

var errClosed error = closedError{}
