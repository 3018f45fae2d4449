package rf

import (
	"context"
	"os"
	"sort"
	"testing"
	"time"

	"flatland/sim/stepper"
)

// One typical RF saddle point from scratch (continuation from alpha -> 0).
func BenchmarkTypicalSaddle(b *testing.B) {
	m := Model{Act: Sign, Labels: Teacher}
	for i := 0; i < b.N; i++ {
		if _, err := m.SolveTypical(0.6, 1, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// One typical saddle point warm-started from a neighbouring load (the
// typical use along a curve or a threshold search).
func BenchmarkTypicalSaddleWarm(b *testing.B) {
	m := Model{Act: Sign, Labels: Teacher}
	t0, err := m.SolveTypical(0.58, 1, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.SolveTypical(0.6, 1, &t0); err != nil {
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

// One alpha_LE(alpha_D = 1) as the diagram computes it: the bracket seeded
// from the neighbouring point's ratio alpha_LE/alpha_c (0.8023 at
// alpha_D = 0.999 in the stored sign/teacher table, over alpha_c = 0.9348).
func BenchmarkLocalEntropyThresholdSeeded(b *testing.B) {
	m := Model{Act: Sign, Labels: Teacher}
	ac, err := m.InterpolationThreshold(1)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.LocalEntropyThreshold(1, ac, 0.8023/0.9348); err != nil {
			b.Fatal(err)
		}
	}
}

// The whole 24-point diagram (alpha_D in [0.05, 10]) through the stepper.
// It takes about 1.2 s of CPU natively (2-3x that in WebAssembly); it runs
// only with RF_BENCH_DIAGRAM=1 (build/bench.sh sets it).
func BenchmarkDiagram24(b *testing.B) {
	if os.Getenv("RF_BENCH_DIAGRAM") == "" {
		b.Skip("the 24-point diagram takes minutes; set RF_BENCH_DIAGRAM=1 to run it")
	}
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

// Step latency of the steppers with a 5 ms budget: the generalization
// stepper (typical saddles, alpha_c, maximal margin) and the local-entropy
// curves (Franz-Parisi gradients, the largest unit of work) run to the end
// in 5 ms slices; reported are the median and the maximum Step duration
// (the project asks for a 5 ms Step to return within ~8 ms). Timing is
// measured here, never asserted in tests. On a loaded machine the maximum
// is dominated by OS scheduling: the CPU time between two ticks (the
// largest unit of work, a Franz-Parisi gradient) was measured at <= 1.4 ms
// natively with getrusage on 2026-11-27 while wall-clock maxima reached
// 150 ms at load average 8 on 2 cores.
func BenchmarkStepLatency(b *testing.B) {
	m := Model{Act: Sign, Labels: Teacher}
	var durs []time.Duration
	for i := 0; i < b.N; i++ {
		g, err := NewGeneralization(m, 1, LogGrid(0.5, 4, 4))
		if err != nil {
			b.Fatal(err)
		}
		e, err := NewEntropyCurves(m, 0.5, 1, 0.01)
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range []stepper.Stepper{g, e} {
			for {
				t0 := time.Now()
				done, err := s.Step(5 * time.Millisecond)
				durs = append(durs, time.Since(t0))
				if err != nil {
					b.Fatal(err)
				}
				if done {
					break
				}
			}
		}
	}
	sort.Slice(durs, func(i, j int) bool { return durs[i] < durs[j] })
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(durs[len(durs)/2]), "ms-median-step")
	b.ReportMetric(ms(durs[len(durs)-1]), "ms-max-step")
	b.ReportMetric(float64(len(durs))/float64(b.N), "steps/op")
}

// The entropy figure's default view (sign, teacher, alpha = 0.4, alpha_D =
// 1): both Franz-Parisi curves, stepped in 1 ms slices as a frame would, with
// the fastest time to the first (typical) curve reported as first-curve-s.
func BenchmarkEntropyCurves(b *testing.B) {
	m := Model{Act: Sign, Labels: Teacher}
	first := time.Duration(1<<63 - 1)
	for i := 0; i < b.N; i++ {
		start := time.Now()
		e, err := NewEntropyCurves(m, 0.4, 1, 0.004)
		if err != nil {
			b.Fatal(err)
		}
		seen := false
		for done := false; !done; {
			if done, err = e.Step(time.Millisecond); err != nil {
				b.Fatal(err)
			}
			if !seen && e.phase >= 1 {
				seen, first = true, min(first, time.Since(start))
			}
		}
		e.Close()
	}
	b.ReportMetric(first.Seconds(), "first-curve-s")
}

// BenchmarkGeneralizationCurve is the generalization figure's default theory:
// 16 log-spaced N/P in [0.35, 10] at alpha_T = 0.4, sign features, teacher.
func BenchmarkGeneralizationCurve(b *testing.B) {
	m := Model{Act: Sign, Labels: Teacher}
	for i := 0; i < b.N; i++ {
		g, err := NewGeneralization(m, 0.4, LogGrid(0.35, 10, 16))
		if err != nil {
			b.Fatal(err)
		}
		for {
			done, err := g.Step(time.Second)
			if err != nil {
				b.Fatal(err)
			}
			if done {
				break
			}
		}
	}
}

// BenchmarkDenseCurve is the entropy figure's third curve: the dense-region
// curve at its default point (alpha = 0.4, alpha_D = 1, sign, teacher), from
// the top down to d = 0.004 in 30 steps (wasm/theory.go's entropyDensePoints).
func BenchmarkDenseCurve(b *testing.B) {
	m := Model{Act: Sign, Labels: Teacher}
	for i := 0; i < b.N; i++ {
		c, err := NewDenseCurve(m, 0.4, 1, 0.004, 30)
		if err != nil {
			b.Fatal(err)
		}
		for done := false; !done; {
			if done, err = c.Step(time.Millisecond); err != nil {
				b.Fatal(err)
			}
		}
		if c.EndErr() != nil || len(c.Points()) != 31 {
			b.Fatalf("%d points, end %v", len(c.Points()), c.EndErr())
		}
		c.Close()
	}
}
