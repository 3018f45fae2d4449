package state

import (
	"math"
	"reflect"
	"testing"
)

func TestSimulationAlphas(t *testing.T) {
	base := []float64{0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6}
	cases := []struct {
		name          string
		alphaLE, alpC float64
		want          []float64
	}{
		// sign, teacher labels at alpha_D = 1: gap 0.80..0.93 between two base points
		// ... and one base point above alpha_c, at least 10% above it (1.0 is 7% above)
		{"gap between grid points", 0.80, 0.935, []float64{0.2, 0.4, 0.6, 0.845, 0.89, 1.2}},
		{"wide gap drops close base points", 1.0, 1.6, []float64{0.2, 0.4, 0.6, 0.8, 1.2, 1.4, 1.6}},
		{"gap at the grid's top", 1.3, 1.55, []float64{0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.383, 1.467, 1.6}},
		{"no base point 10% above alpha_c: the largest above", 1.4, 1.5, []float64{0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.433, 1.467, 1.6}},
		{"no gap", 0.9, 0.9, []float64{0.2, 0.4, 0.6, 0.8, 1.0}},
		{"unknown alpha_LE", math.NaN(), 0.5, []float64{0.2, 0.4, 0.6}},
		{"unknown thresholds", math.NaN(), math.NaN(), base},
	}
	for _, c := range cases {
		got := SimulationAlphas(base, c.alphaLE, c.alpC)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
		inGap := 0
		for _, a := range got {
			if a > c.alphaLE && a < c.alpC {
				inGap++
			}
		}
		if c.alpC-c.alphaLE > 0 && inGap < 2 {
			t.Errorf("%s: %d points inside the gap (%v, %v)", c.name, inGap, c.alphaLE, c.alpC)
		}
	}
	if base[4] != 1.0 {
		t.Error("the base grid was modified")
	}
}

func TestInterpolateLogX(t *testing.T) {
	xs := []float64{0.1, 1, 10}
	ys := []float64{2, 1, math.NaN()}
	cases := []struct{ x, want float64 }{
		{0.1, 2}, {1, 1}, {math.Sqrt(0.1), 1.5}, {0.05, math.NaN()}, {3, math.NaN()}, {20, math.NaN()},
	}
	for _, c := range cases {
		got := InterpolateLogX(xs, ys, c.x)
		if !(math.Abs(got-c.want) < 1e-12) && !(math.IsNaN(got) && math.IsNaN(c.want)) {
			t.Errorf("InterpolateLogX(%v) = %v, want %v", c.x, got, c.want)
		}
	}
}
