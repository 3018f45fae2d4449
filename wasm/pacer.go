//go:build js && wasm

package main

import (
	"math"
	"time"

	"flatland/wasm/state"
)

// pacer keeps computation from stealing frames while something moves on
// screen (the user interacts, or a training run animates). It measures the
// frame interval with and without computation — every few seconds it skips
// the computation for a few frames to sample the latter — and shrinks the
// per-frame budget when computing lengthens frames by more than ~6%. On a
// machine whose frames are vsync-bound (about 16.7 ms) nothing is lost and
// the budget stays at its maximum; on a software-rendered or busy machine,
// where every millisecond of computation delays the frame by several, the
// budget drops until the frame rate holds.
type pacer struct {
	budget      time.Duration
	last        time.Time
	computed    bool    // the previous frame ran computation
	emaC, emaI  float64 // frame interval (ms) with / without computation
	skip        int     // frames left without computation (probe)
	nextProbe   time.Time
	initialized bool
}

const (
	pacerMin = 1 * time.Millisecond
	pacerMax = frameBudget
)

// frame is called once per Update; it returns the budget for this frame
// (0: skip computation to sample the plain frame interval).
func (p *pacer) frame(now time.Time) time.Duration {
	if !p.initialized {
		p.budget, p.nextProbe, p.initialized = pacerMax, now.Add(time.Second), true
	}
	if !p.last.IsZero() {
		dt := float64(now.Sub(p.last).Microseconds()) / 1000
		if dt > 0 && dt < 2000 {
			if p.computed {
				p.emaC = ema(p.emaC, dt)
			} else {
				p.emaI = ema(p.emaI, dt)
			}
		}
	}
	p.last = now
	if p.skip > 0 {
		p.skip--
		p.computed = false
		return 0
	}
	if now.After(p.nextProbe) {
		p.skip, p.nextProbe = 2, now.Add(3*time.Second)
		p.computed = false
		return 0
	}
	if p.emaC > 0 && p.emaI > 0 {
		switch {
		case p.emaI < 20: // vsync-bound: computation hides in the frame's slack
			p.budget = pacerMax
		case p.emaC > p.emaI*1.06:
			p.budget = time.Duration(float64(p.budget) * 0.8)
		case p.emaC < p.emaI*1.02:
			p.budget = time.Duration(float64(p.budget) * 1.1)
		}
		p.budget = time.Duration(math.Max(float64(pacerMin), math.Min(float64(pacerMax), float64(p.budget))))
	}
	p.computed = true
	return p.budget
}

func ema(old, v float64) float64 {
	if old == 0 {
		return v
	}
	return old + 0.2*(v-old)
}

// idlePacer sizes the compute budget of frames in which nothing moves and
// nobody interacts (state.IdleComputeBudget): more than 25 ms on a
// machine whose frames are slow to make.
type idlePacer struct {
	last    time.Time
	plainMs float64 // EMA of the frame interval without the computation (ms)
}

// frame is called once per Update with the compute time of the previous
// frame; it returns this frame's budget.
func (p *idlePacer) frame(now time.Time, lastStep time.Duration) time.Duration {
	if !p.last.IsZero() {
		plain := float64((now.Sub(p.last) - lastStep).Microseconds()) / 1000
		if plain > 0 && plain < 2000 {
			p.plainMs = ema(p.plainMs, plain)
		}
	}
	p.last = now
	return state.IdleComputeBudget(time.Duration(p.plainMs * float64(time.Millisecond)))
}
