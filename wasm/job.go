//go:build js && wasm

package main

import "time"

// job wraps a sim/ stepper for a figure: it remembers completion and the
// first error, so figures can step it blindly every frame.
type job struct {
	s interface {
		Step(time.Duration) (bool, error)
		Progress() float64
	}
	done bool
	err  error
}

func (j *job) step(budget time.Duration) {
	if j == nil || j.done || j.s == nil {
		return
	}
	d, err := j.s.Step(budget)
	if err != nil {
		j.err, j.done = err, true
		return
	}
	j.done = d
}

func (j *job) progress() float64 {
	if j == nil || j.s == nil || j.done {
		return 1
	}
	return j.s.Progress()
}

func (j *job) busy() bool { return j != nil && j.s != nil && !j.done }

func (j *job) errText() string {
	if j == nil || j.err == nil {
		return ""
	}
	return j.err.Error()
}
