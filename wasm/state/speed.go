package state

import "time"

// EpochsPerSecond is the pace of a playing training run at speed s (0 for
// SpeedMax: as fast as the compute budget allows).
func (s Speed) EpochsPerSecond() float64 {
	switch s {
	case SpeedSlow:
		return 60
	case SpeedFast:
		return 600
	}
	return 0
}

// maxCatchUp bounds the epochs one frame may owe: after a stall (a hidden
// tab, a long frame) the run does not leap ahead by more than this.
const maxCatchUp = 500 * time.Millisecond

// EpochsThisFrame is how many epochs a playing run advances in a frame that
// comes elapsed after the previous one, at rate epochs a second, with credit
// (fractional epochs) owed by earlier frames; it returns the credit left. A
// frame advances at least one epoch, and a long frame on a slow machine as
// many as its time asks for, so that the play keeps its pace in epochs per
// second instead of per frame (1 epoch per frame at 2 fps made a slow laptop
// wait 30 times longer than a 60 Hz one).
func EpochsThisFrame(rate float64, elapsed time.Duration, credit float64) (epochs int, left float64) {
	credit += rate * max(0, elapsed).Seconds()
	credit = min(credit, rate*maxCatchUp.Seconds())
	epochs = max(1, int(credit))
	return epochs, max(0, credit-float64(epochs))
}
