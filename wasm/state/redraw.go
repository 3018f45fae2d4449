package state

import "time"

// Redrawing the canvas costs a frame's worth of drawing (text, plots, the
// GPU's compositing) whether or not anything on it changed. While a figure
// computes in the background that cost is taken from the computation: from
// the page's own steps, and on a 2-core machine also from the Web Workers
// that share the processors. Redraw decides which frames draw anew; the
// others leave the last picture on the canvas (Ebiten keeps the screen when
// it is not cleared every frame, and stops presenting unchanged frames).
//
// A frame redraws at once when something the reader did or sees changed
// (input in the last second, an animation, a new state key: settings,
// layout, theme, errors, a finished computation). Otherwise a computing
// figure redraws at most every RedrawBusyEvery and an idle one every
// RedrawIdleEvery (a background check that does not count as busy, or
// anything else that changes without a key, shows within that time); both
// less often on a machine whose frames are slow to draw, so that drawing
// keeps at most about a 1/RedrawCostShare share of the time.
type Redraw struct {
	last    time.Time
	drawEMA float64 // ms a drawn frame costs (draw, present, up to the next frame)
	key     RedrawKey
	started bool
}

// RedrawKey is the state whose change redraws the canvas at once.
type RedrawKey struct {
	Generation            int // bumped on every change of settings
	W, H                  float64
	Theme                 string
	Ready, Busy, Finished bool
	Err                   string
	Messages, Buttons     int
	Help, Menu, Paused    bool
	Note                  string // the note on the canvas ("" when none)
}

const (
	RedrawBusyEvery = 250 * time.Millisecond
	RedrawIdleEvery = time.Second
	RedrawCostShare = 4
	// RedrawInputHold: frames redraw at full rate this long after the last input.
	RedrawInputHold = time.Second
)

// Due reports whether the frame at now redraws: urgent when the reader
// interacts or the figure animates, busy while it computes.
func (r *Redraw) Due(now time.Time, key RedrawKey, urgent, busy bool) bool {
	changed := !r.started || key != r.key
	r.key, r.started = key, true
	if changed || urgent {
		return true
	}
	every := RedrawIdleEvery
	if busy {
		every = RedrawBusyEvery
	}
	every = max(every, time.Duration(RedrawCostShare*r.drawEMA*float64(time.Millisecond)))
	return now.Sub(r.last) >= every
}

// Drawn records a redraw at now.
func (r *Redraw) Drawn(now time.Time) { r.last = now }

// Cost records what the last drawn frame cost, from the start of its
// drawing to the start of the next frame.
func (r *Redraw) Cost(cost time.Duration) {
	ms := float64(cost.Microseconds()) / 1000
	if ms <= 0 || ms > 5000 {
		return
	}
	if r.drawEMA == 0 {
		r.drawEMA = ms
		return
	}
	r.drawEMA += 0.3 * (ms - r.drawEMA)
}

// DrawMs is the measured cost of a drawn frame (ms; 0 before the first).
func (r *Redraw) DrawMs() float64 { return r.drawEMA }
