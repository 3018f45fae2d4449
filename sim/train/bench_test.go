package train

import (
	"testing"
	"time"

	"flatland/sim/data"
	"flatland/sim/nets"
)

func storage(b testing.TB, n int, alpha float64, seed uint64) *nets.Linear {
	rule, err := data.NewPerceptronRule(n, data.PlusMinusOne, data.RandomLabels, seed)
	if err != nil {
		b.Fatal(err)
	}
	return nets.NewLinear(rule.Sample(data.PatternCount(alpha, n), seed, data.StreamTrain))
}

// BenchmarkCPRPresentation measures one CP+R pattern presentation (N = 1001, alpha = 0.6).
func BenchmarkCPRPresentation(b *testing.B) {
	m := storage(b, 1001, 0.6, 1)
	c, _ := NewCPR(m, CPRConfig{MaxEpochs: 1 << 30, Ps: DefaultCPRConfig(1001).Ps})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.present()
	}
}

// BenchmarkCPRSolve measures a full CP+R solve of storage at alpha = 0.6, N = 1001 (seed 3).
func BenchmarkCPRSolve(b *testing.B) {
	m := storage(b, 1001, 0.6, 3)
	for i := 0; i < b.N; i++ {
		cfg := DefaultCPRConfig(1001)
		cfg.Seed = 3
		c, _ := NewCPR(m, cfg)
		for done := false; !done; {
			done, _ = c.Step(time.Second)
		}
		if !c.Snapshot().Solved {
			b.Fatal("CP+R did not solve seed 3")
		}
	}
}

// BenchmarkMetropolisMove measures one SA proposal (N = 1001, alpha = 0.5).
func BenchmarkMetropolisMove(b *testing.B) {
	m := storage(b, 1001, 0.5, 1)
	s, _ := NewSA(m, SAConfig{Sweeps: 1 << 30, Beta0: 3, BetaMax: 3, Energy: "cost"})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.unit()
	}
}

// BenchmarkFBPSweep measures one fBP sweep (all P factor updates, N = 1001, alpha = 0.6).
func BenchmarkFBPSweep(b *testing.B) {
	m := storage(b, 1001, 0.6, 1)
	cfg := DefaultFBPConfig()
	cfg.MaxSweeps, cfg.XStep, cfg.XMax = 1<<30, 0.001, 0.5
	f, err := NewFBP(m, cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k := 0; k < m.P; k++ {
			f.factor()
		}
	}
}

// BenchmarkStep5ms runs Step(5ms) repeatedly on each algorithm (N = 1001,
// alpha = 0.7, so no run finishes early) and reports the longest call.
func BenchmarkStep5ms(b *testing.B) {
	m := storage(b, 1001, 0.7, 1)
	for _, algo := range Names {
		b.Run(algo, func(b *testing.B) {
			tr, err := New(algo, m, 1, 1<<20)
			if err != nil {
				b.Fatal(err)
			}
			var longest time.Duration
			for i := 0; i < b.N; i++ {
				start := time.Now()
				tr.Step(5 * time.Millisecond)
				longest = max(longest, time.Since(start))
			}
			b.ReportMetric(float64(longest.Microseconds())/1000, "max-ms")
		})
	}
}
