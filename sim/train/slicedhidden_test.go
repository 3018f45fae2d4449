package train

import (
	"math/rand/v2"
	"slices"
	"testing"

	"flatland/sim/nets"
)

// The bit-sliced hidden states follow the scalar rule h += 2x (with sign
// flips) and h += 2 sign(h) exactly, across word boundaries and while the
// magnitudes grow new bit planes.
func TestSlicedHiddenMatchesScalar(t *testing.T) {
	for _, tc := range []struct {
		n, steps  int
		reinforce float64 // probability of a reinforcement after an update
	}{
		{n: 1, steps: 200, reinforce: 0.1},
		{n: 63, steps: 500, reinforce: 0.05},
		{n: 64, steps: 500, reinforce: 0},
		{n: 130, steps: 2000, reinforce: 0.3}, // magnitudes reach several planes
	} {
		rng := rand.New(rand.NewPCG(uint64(tc.n), 7))
		w := make([]int8, tc.n)
		h := make([]float64, tc.n)
		for i := range w {
			w[i] = int8(1 - 2*rng.IntN(2))
			h[i] = float64(w[i])
		}
		packed := make([]uint64, nets.Words(tc.n))
		nets.PackSigns(w, packed)
		s := newSlicedHidden(tc.n, packed)
		x := make([]int8, tc.n)
		xb := make([]uint64, len(packed))
		for step := 0; step < tc.steps; step++ {
			for i := range x {
				x[i] = int8(1 - 2*rng.IntN(2))
			}
			nets.PackSigns(x, xb)
			var want []int
			for i, xi := range x {
				nh := h[i] + 2*float64(xi)
				if (nh < 0) != (h[i] < 0) {
					want = append(want, i)
				}
				h[i] = nh
			}
			var got []int
			flipped := s.update(xb)
			for i := 0; i < tc.n; i++ {
				if s.flips[i>>6]>>(uint(i)&63)&1 == 1 {
					got = append(got, i)
				}
			}
			if flipped != (len(want) > 0) {
				t.Fatalf("n=%d step %d: update reports flipped=%v with flips %v", tc.n, step, flipped, want)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d step %d: flips %v, want %v", tc.n, step, got, want)
			}
			if rng.Float64() < tc.reinforce {
				for i, v := range h {
					if v < 0 {
						h[i] = v - 2
					} else {
						h[i] = v + 2
					}
				}
				s.reinforce()
			}
		}
		if got := s.hidden(); !slices.Equal(got, h) {
			t.Fatalf("n=%d: hidden states differ from the scalar rule:\n got %v\nwant %v", tc.n, got, h)
		}
		if tc.n == 130 && len(s.plane) < 4 {
			t.Errorf("n=130: %d bit planes; the test meant to exercise at least 4", len(s.plane))
		}
	}
}
