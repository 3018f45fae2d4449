package deep

import (
	"math"
	"testing"

	"flatland/sim/mnist"
)

// The back-propagated gradient matches central finite differences of the
// loss, for one and two hidden layers (float32 arithmetic: 2% tolerance).
func TestGradientMatchesFiniteDifferences(t *testing.T) {
	s := mnist.Set{Rows: 2, Cols: 3, Levels: 16, Pixels: []uint8{0, 3, 15, 7, 0, 9}, Labels: []uint8{4}}
	d, err := NewData(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, sizes := range [][]int{{6, 7, 10}, {6, 5, 4, 10}} {
		n, err := NewNet(sizes, 3)
		if err != nil {
			t.Fatal(err)
		}
		for i := range n.Params { // biases away from 0 so every ReLU is clearly on or off
			n.Params[i] += 0.05 * float32(i%3)
		}
		ws := newWorkspace(sizes)
		g := make([]float32, len(n.Params))
		n.forward(n.Params, d, 0, ws)
		n.backward(n.Params, g, d, 0, ws, 1)
		const eps = 1e-2
		checked := 0
		for k := range n.Params {
			orig := n.Params[k]
			n.Params[k] = orig + eps
			lp, _ := n.forward(n.Params, d, 0, ws)
			n.Params[k] = orig - eps
			lm, _ := n.forward(n.Params, d, 0, ws)
			n.Params[k] = orig
			fd := (lp - lm) / (2 * eps)
			if math.Abs(fd-float64(g[k])) > 0.02*math.Max(1e-2, math.Abs(fd)) {
				t.Errorf("sizes %v, parameter %d: backprop %.6g, finite difference %.6g", sizes, k, g[k], fd)
			}
			if g[k] != 0 {
				checked++
			}
		}
		if checked < len(n.Params)/4 {
			t.Errorf("sizes %v: only %d of %d gradient components nonzero", sizes, checked, len(n.Params))
		}
	}
}

// The polar-method draws have mean 0 and variance 1.
func TestGaussianMoments(t *testing.T) {
	rng := newRand(1, 2)
	const n = 200000
	var s, s2 float64
	for range n {
		z := gaussian(rng)
		s += z
		s2 += z * z
	}
	mean, variance := s/n, s2/n-(s/n)*(s/n)
	if math.Abs(mean) > 0.01 || math.Abs(variance-1) > 0.015 {
		t.Errorf("mean %.4f, variance %.4f; want 0 and 1", mean, variance)
	}
}
