package landscape

import (
	"testing"
	"time"
)

// BenchmarkLocalEnergyCurve measures one local-energy curve (5 values of d
// from 0.005 to 0.1, 200 flip sets each) around a CP+R solution, N = 1001, alpha = 0.5.
func BenchmarkLocalEnergyCurve(b *testing.B) {
	m := storage(b, 1001, 0.5, 1)
	w := solve(b, "cpr", m, 1)
	cfg := LocalEnergyConfig{D: []float64{0.005, 0.01, 0.02, 0.05, 0.1}, Flips: 200, Seed: 1}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := LocalEnergyCurve(m, w, cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMap measures a 21 x 21 landscape map (radius 100 flips), N = 1001, alpha = 0.5.
func BenchmarkMap(b *testing.B) {
	m := storage(b, 1001, 0.5, 1)
	w := solve(b, "cpr", m, 1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		mp, _ := NewMap(m, w, MapConfig{Radius: 100, Grid: 21, Seed: 1})
		mp.Step(time.Hour)
	}
}
