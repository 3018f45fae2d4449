package rf

import (
	"errors"
	"fmt"
	"time"
)

// coroutine runs a plain sequential computation in slices: the computation
// calls tick after every small unit of work (one saddle-point residual or
// gradient, about a millisecond), and tick hands control back to Step once
// the slice's budget is spent. The computation itself is the same however
// it is sliced, so results are identical for any budget (the contract of
// sim/stepper). Only one side runs at a time (channel handshake), so the
// snapshot can be read safely between Steps.
type coroutine struct {
	work     func(tick func()) error
	resume   chan struct{}
	paused   chan struct{}
	deadline time.Time
	started  bool
	finished bool
	closed   bool
	err      error
	panicked any // a panic of the computation, re-raised in Step's goroutine
}

var errClosed = errors.New("rf: stepper closed")

type closedPanic struct{}

func newCoroutine(work func(tick func()) error) *coroutine {
	return &coroutine{work: work, resume: make(chan struct{}), paused: make(chan struct{})}
}

func (c *coroutine) tick() {
	if time.Now().Before(c.deadline) {
		return
	}
	c.paused <- struct{}{}
	<-c.resume
	if c.closed {
		panic(closedPanic{})
	}
}

// Step runs the computation for about budget and reports completion.
func (c *coroutine) Step(budget time.Duration) (bool, error) {
	if c.finished {
		return true, c.err
	}
	c.deadline = time.Now().Add(budget)
	if !c.started {
		c.started = true
		go func() {
			defer func() {
				if r := recover(); r != nil {
					if _, ok := r.(closedPanic); ok {
						c.err = errClosed
					} else {
						c.panicked = r
					}
				}
				c.finished = true
				c.paused <- struct{}{}
			}()
			c.err = c.work(c.tick)
		}()
	} else {
		c.resume <- struct{}{}
	}
	<-c.paused
	if r := c.panicked; r != nil {
		// the caller's goroutine can recover it (a panic here would end the program)
		c.panicked = nil
		c.err = fmt.Errorf("rf: computation panicked: %v", r)
		panic(r)
	}
	return c.finished, c.err
}

// Close abandons an unfinished computation and releases its goroutine.
func (c *coroutine) Close() {
	if !c.started || c.finished {
		c.finished = true
		return
	}
	c.closed = true
	c.resume <- struct{}{}
	<-c.paused
}
