package experiment

import (
	"math"
	"testing"
)

func TestWilsonInterval(t *testing.T) {
	for _, c := range []struct {
		solved, n int
		z         float64
		lo, hi    float64
	}{
		// closed forms: 0 of n gives [0, z^2/(n+z^2)], n of n its mirror
		{0, 10, 1, 0, 1.0 / 11},
		{10, 10, 1, 10.0 / 11, 1},
		// 5 of 10 at z = 1: centre 1/2, half-width sqrt(0.025+0.0025)/1.1
		{5, 10, 1, 0.5 - math.Sqrt(0.0275)/1.1, 0.5 + math.Sqrt(0.0275)/1.1},
		// a textbook value: 8 of 10 at 95% is [0.490, 0.943]
		{8, 10, 1.959964, 0.4901625, 0.9433178},
		{0, 0, 1, 0, 1},
	} {
		lo, hi := WilsonInterval(c.solved, c.n, c.z)
		if math.Abs(lo-c.lo) > 1e-6 || math.Abs(hi-c.hi) > 1e-6 {
			t.Errorf("WilsonInterval(%d, %d, %v) = [%.7f, %.7f], want [%.7f, %.7f]", c.solved, c.n, c.z, lo, hi, c.lo, c.hi)
		}
	}
	// the interval holds the observed rate and narrows with n
	for n := 1; n <= 200; n++ {
		for s := 0; s <= n; s++ {
			lo, hi := WilsonInterval(s, n, 1)
			if p := float64(s) / float64(n); !(lo <= p && p <= hi) || lo < 0 || hi > 1 {
				t.Fatalf("%d of %d: [%v, %v] misses %v or leaves [0, 1]", s, n, lo, hi, p)
			}
		}
	}
	_, hi10 := WilsonInterval(0, 10, 1)
	_, hi100 := WilsonInterval(0, 100, 1)
	if !(hi100 < hi10) {
		t.Errorf("the interval did not narrow: %v at n = 10, %v at n = 100", hi10, hi100)
	}
}
