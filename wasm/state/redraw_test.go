package state

import (
	"testing"
	"time"
)

func TestRedraw(t *testing.T) {
	ms := time.Millisecond
	t0 := time.Unix(1000, 0)
	key := RedrawKey{W: 800, H: 600, Ready: true, Busy: true}
	var r Redraw
	if !r.Due(t0, key, false, true) {
		t.Fatal("the first frame must draw")
	}
	r.Drawn(t0)
	r.Cost(20 * ms) // a fast machine: the busy interval is the floor
	cases := []struct {
		name   string
		after  time.Duration
		key    func(RedrawKey) RedrawKey
		urgent bool
		busy   bool
		want   bool
	}{
		{"busy, too soon", 100 * ms, nil, false, true, false},
		{"busy, interval reached", 250 * ms, nil, false, true, true},
		{"input: at once", 10 * ms, nil, true, true, true},
		{"settings changed: at once", 10 * ms, func(k RedrawKey) RedrawKey { k.Generation++; return k }, false, true, true},
		{"computation finished: at once", 10 * ms, func(k RedrawKey) RedrawKey { k.Busy, k.Finished = false, true; return k }, false, false, true},
		{"resized: at once", 10 * ms, func(k RedrawKey) RedrawKey { k.W = 500; return k }, false, true, true},
		{"error appeared: at once", 10 * ms, func(k RedrawKey) RedrawKey { k.Err = "x"; return k }, false, true, true},
		{"idle, too soon", 500 * ms, nil, false, false, false},
		{"idle, interval reached", time.Second, nil, false, false, true},
	}
	for _, tc := range cases {
		rr := r // each case from the same state
		k := key
		if tc.key != nil {
			k = tc.key(key)
		}
		if got := rr.Due(t0.Add(tc.after), k, tc.urgent, tc.busy); got != tc.want {
			t.Errorf("%s: Due = %v, want %v", tc.name, got, tc.want)
		}
	}

	// a slow machine (400 ms a drawn frame): drawing keeps a quarter of the time
	slow := r
	for range 10 {
		slow.Cost(400 * ms)
	}
	if slow.Due(t0.Add(1500*ms), key, false, true) {
		t.Error("slow frames: redrew after 1.5 s, want every ~1.6 s (4 x 400 ms)")
	}
	if !slow.Due(t0.Add(1700*ms), key, false, true) {
		t.Error("slow frames: no redraw after 1.7 s")
	}
	if slow.Due(t0.Add(1500*ms), key, false, false) {
		t.Error("slow frames, idle: redrew after 1.5 s")
	}
	// nonsense costs are ignored
	before := slow.DrawMs()
	slow.Cost(-ms)
	slow.Cost(time.Hour)
	if slow.DrawMs() != before {
		t.Errorf("cost moved to %v by out-of-range samples", slow.DrawMs())
	}
}
