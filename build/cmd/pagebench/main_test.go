package main

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"flatland/build/cmdline"
)

func TestMedian(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		xs   []float64
		want float64
	}{
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{1, nan, 2}, 2},     // one load never ready: the median still exists
		{[]float64{nan, nan, 2}, nan}, // most never ready: no median
	}
	for _, tc := range tests {
		got := median(tc.xs)
		if math.IsNaN(tc.want) != math.IsNaN(got) || (!math.IsNaN(got) && got != tc.want) {
			t.Errorf("median(%v) = %v, want %v", tc.xs, got, tc.want)
		}
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-runs", "0"}, {"-window", "10ms"}, {"-throttle", "0.5"}, {"-throttle", "50"}, {"-figures", "diagram,nope"}, {"-figures", ""}, {"-complete-only", "-throttle", "0"}, {"-nope"}, {"extra"}} {
		err := run(args, &bytes.Buffer{})
		var ue cmdline.UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%v: err %v, want a usage error", args, err)
		}
	}
	if err := run([]string{"-dist", t.TempDir()}, &bytes.Buffer{}); err == nil {
		t.Errorf("an empty dist was accepted")
	}
}
