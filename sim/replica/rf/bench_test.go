package rf

import (
	"context"
	"testing"
	"time"

	"flatland/sim/stepper"
)

// One typical RF saddle point (from the alpha -> 0 continuation).
func BenchmarkTypicalSaddle(b *testing.B) {
	m := Model{Act: Sign, Labels: Teacher}
	for i := 0; i < b.N; i++ {
		if _, err := m.SolveTypical(0.6, 1, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// One interpolation threshold alpha_c(alpha_D = 1).
func BenchmarkInterpolationThreshold(b *testing.B) {
	m := Model{Act: Sign, Labels: Teacher}
	for i := 0; i < b.N; i++ {
		if _, err := m.InterpolationThreshold(1); err != nil {
			b.Fatal(err)
		}
	}
}

// One local-entropy threshold alpha_LE(alpha_D = 1) (alpha_c given).
func BenchmarkLocalEntropyThreshold(b *testing.B) {
	m := Model{Act: Sign, Labels: Teacher}
	ac, err := m.InterpolationThreshold(1)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.LocalEntropyThreshold(1, ac, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// The whole 24-point diagram (alpha_D in [0.05, 10]) through the stepper.
func BenchmarkDiagram24(b *testing.B) {
	m := Model{Act: Sign, Labels: Teacher}
	for i := 0; i < b.N; i++ {
		d, err := NewDiagram(m, 24, 0.05, 10)
		if err != nil {
			b.Fatal(err)
		}
		if err := stepper.Run(context.Background(), d, 20*time.Millisecond); err != nil {
			b.Fatal(err)
		}
		for _, p := range d.Points() {
			if p.Err != nil {
				b.Fatal(p.Err)
			}
		}
	}
}
