package state

import (
	"testing"
	"time"
)

func TestIdleComputeBudget(t *testing.T) {
	ms := time.Millisecond
	cases := []struct {
		name  string
		plain time.Duration
		want  time.Duration
	}{
		{"not measured yet", 0, 25 * ms},
		{"display-bound 60 Hz", 16 * ms, 25 * ms},
		{"just slow", 20 * ms, 60 * ms},
		{"software-rendered, throttled", 60 * ms, 180 * ms},
		{"slower", 120 * ms, 360 * ms},
		{"very slow frames: capped", 400 * ms, 750 * ms},
	}
	for _, tc := range cases {
		if got := IdleComputeBudget(tc.plain); got != tc.want {
			t.Errorf("%s: IdleComputeBudget(%v) = %v, want %v", tc.name, tc.plain, got, tc.want)
		}
	}
	// the computation's share of the time of an idle frame: at least 70%
	// (display-bound frames of about 5 ms of drawing, slow ones up to the cap)
	for _, plain := range []time.Duration{5 * ms, 30 * ms, 75 * ms, 200 * ms, 300 * ms} {
		b := IdleComputeBudget(plain)
		if share := float64(b) / float64(b+plain); share < 0.7 {
			t.Errorf("plain frame %v: computation gets %.0f%% of the time, want >= 70%%", plain, 100*share)
		}
	}
}
