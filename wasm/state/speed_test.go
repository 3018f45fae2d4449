package state

import (
	"math"
	"testing"
	"time"
)

func TestEpochsThisFrame(t *testing.T) {
	ms := time.Millisecond
	cases := []struct {
		name      string
		speed     Speed
		elapsed   time.Duration
		credit    float64
		want      int
		wantCarry float64
	}{
		{"first frame of a play", SpeedSlow, 0, 0, 1, 0},
		{"60 Hz display, slow", SpeedSlow, 16667 * time.Microsecond, 0, 1, 0},
		{"120 Hz display: still one per frame", SpeedSlow, 8 * ms, 0, 1, 0},
		{"2 fps laptop, slow: 30 epochs", SpeedSlow, 500 * ms, 0, 30, 0},
		{"credit carried over", SpeedSlow, 25 * ms, 0.7, 2, 0.2},
		{"60 Hz, fast", SpeedFast, 16667 * time.Microsecond, 0, 10, 0},
		{"stall: capped at half a second", SpeedSlow, 10 * time.Second, 0, 30, 0},
	}
	for _, tc := range cases {
		got, carry := EpochsThisFrame(tc.speed.EpochsPerSecond(), tc.elapsed, tc.credit)
		if got != tc.want || math.Abs(carry-tc.wantCarry) > 0.01 {
			t.Errorf("%s: EpochsThisFrame = %d, carry %.3f; want %d, carry %.3f", tc.name, got, carry, tc.want, tc.wantCarry)
		}
	}
}
