package state

import "time"

// Compute budget of a frame in which nothing moves and nobody interacts.
// On a machine whose frames come at the display's rate (a plain frame,
// without computation, under SlowFrame) it is IdleBudget: 25 ms and a few
// ms of drawing make a frame of two 60 Hz intervals, so the computation gets
// three quarters of the time (10 ms of a 16.7 ms frame gave it 60%) while
// the progress still redraws 30 times a second. On one whose frames are slow
// to make (software rendering, a slow or throttled CPU: a plain frame of
// 100 ms or more) a fixed budget would leave the computation a few percent
// of the time, and a figure worth a few seconds of work would take minutes;
// there the budget grows with the frame's own cost, IdleShare times it, so
// the computation gets about IdleShare/(1+IdleShare) of the time, up to
// IdleBudgetMax so that a click waits at most that long more than the slow
// frame itself (the first input hands the frames back to the pacer's small
// budget).
const (
	IdleBudget    = 25 * time.Millisecond
	IdleShare     = 3
	IdleBudgetMax = 750 * time.Millisecond
	SlowFrame     = 20 * time.Millisecond
)

// IdleComputeBudget is the compute budget of an idle frame whose plain cost
// (frame interval minus computation) is plain.
func IdleComputeBudget(plain time.Duration) time.Duration {
	if plain < SlowFrame {
		return IdleBudget
	}
	return max(IdleBudget, min(IdleBudgetMax, IdleShare*plain))
}
