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
		{"not measured yet", 0, 10 * ms},
		{"display-bound 60 Hz", 16 * ms, 10 * ms},
		{"just slow", 20 * ms, 40 * ms},
		{"software-rendered, throttled", 60 * ms, 120 * ms},
		{"slower", 120 * ms, 240 * ms},
		{"very slow frames: capped", 400 * ms, 500 * ms},
	}
	for _, tc := range cases {
		if got := IdleComputeBudget(tc.plain); got != tc.want {
			t.Errorf("%s: IdleComputeBudget(%v) = %v, want %v", tc.name, tc.plain, got, tc.want)
		}
	}
	// the computation's share of a slow frame's time: at least half
	for _, plain := range []time.Duration{30 * ms, 75 * ms, 200 * ms} {
		b := IdleComputeBudget(plain)
		if share := float64(b) / float64(b+plain); share < 0.4 {
			t.Errorf("plain frame %v: computation gets %.0f%% of the time, want >= 40%%", plain, 100*share)
		}
	}
}
