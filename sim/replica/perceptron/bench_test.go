package perceptron

import (
	"slices"
	"testing"
	"time"
)

// One storage saddle point, from a cold start (continuation from alpha = 0.05).
func BenchmarkStorageSaddlePoint(b *testing.B) {
	for b.Loop() {
		if _, err := Storage(0.6, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// The 100-point phi(alpha) curve, alpha = 0.01 ... 1.0 (goal: < 100 ms in WASM).
func BenchmarkPhiCurve100(b *testing.B) {
	alphas := make([]float64, 100)
	for i := range alphas {
		alphas[i] = 0.01 * float64(i+1)
	}
	for b.Loop() {
		c, err := NewStorageCurve(0, alphas)
		if err != nil {
			b.Fatal(err)
		}
		if done, err := c.Step(time.Hour); !done || err != nil {
			b.Fatal(done, err)
		}
	}
}

// The capacity search alpha_c(0) (goal: < 50 ms in WASM).
func BenchmarkCapacity(b *testing.B) {
	for b.Loop() {
		if _, _, err := Capacity(0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTeacherBranch(b *testing.B) {
	if _, err := Transitions(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := TeacherBranch(1.0); err != nil {
			b.Fatal(err)
		}
	}
}

// A 20-point local-entropy curve around the flat-minima reference at alpha = 0.6,
// d = 0.005 ... 0.1.
func BenchmarkLocalEntropyCurve20(b *testing.B) {
	kr, err := MaxMarginReference(0.6)
	if err != nil {
		b.Fatal(err)
	}
	ds := make([]float64, 20)
	for i := range ds {
		ds[i] = 0.005 * float64(i+1)
	}
	for b.Loop() {
		if _, err := LocalEntropy(0.6, kr, 0, ds); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLocalEntropyStep5ms drives a local-entropy curve with 5 ms
// budgets and reports the median and longest Step (the front end's frame
// budget); ns/op is the whole curve.
func BenchmarkLocalEntropyStep5ms(b *testing.B) {
	ds := []float64{0.02, 0.01, 0.005}
	var durs []time.Duration
	for b.Loop() {
		c, err := NewLocalEntropyCurve(0.5, 0, 0, ds)
		if err != nil {
			b.Fatal(err)
		}
		for {
			t0 := time.Now()
			done, err := c.Step(5 * time.Millisecond)
			durs = append(durs, time.Since(t0))
			if err != nil {
				b.Fatal(err)
			}
			if done {
				break
			}
		}
	}
	slices.Sort(durs)
	b.ReportMetric(float64(durs[len(durs)/2])/1e6, "ms-median-step")
	b.ReportMetric(float64(durs[len(durs)-1])/1e6, "ms-max-step")
}

// A 20-point dense-region curve at alpha = 0.6, d = 0.1 ... 0.005 (from d*).
func BenchmarkDenseLocalEntropyCurve20(b *testing.B) {
	ds := make([]float64, 20)
	for i := range ds {
		ds[i] = 0.005 * float64(20-i)
	}
	for b.Loop() {
		if _, err := DenseLocalEntropy(0.6, 0, ds); err != nil {
			b.Fatal(err)
		}
	}
}
