package train

import (
	"runtime"
	"testing"
	"time"

	"flatland/sim/data"
	"flatland/sim/nets"
)

// fBP must not fail at loads far below its frontier. With the slow focusing
// schedule alone, storage at alpha = 0.4, N = 1001 failed on seeds 6, 7, 8
// and 10 (BP ran away to 70-90 errors and stayed there for 1500 sweeps); the
// runaway restart solves each in 226-235 sweeps.
func TestFBPSolvesLowLoad(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("skipped under WebAssembly: about 12 s of CPU natively, several times that in Node; the trajectories are the native ones (TestGoldenNativeEqualsWasm)")
	}
	const n, alpha = 1001, 0.4
	for _, seed := range []uint64{6, 7, 8, 10} {
		rule, err := data.NewPerceptronRule(n, data.PlusMinusOne, data.RandomLabels, seed)
		if err != nil {
			t.Fatal(err)
		}
		m := nets.NewLinear(rule.Sample(data.PatternCount(alpha, n), seed, data.StreamTrain))
		tr, err := New("fbp", m, seed, 0)
		if err != nil {
			t.Fatal(err)
		}
		runAll(tr, time.Hour)
		s := tr.Snapshot()
		if e := m.Errors(tr.Weights()); !s.Solved || e != 0 {
			t.Errorf("seed %d: %d errors after %d sweeps (solved %v), want a solution", seed, e, s.Epoch, s.Solved)
		}
	}
}

// The runaway restart fires once, only when the errors stay above
// 2 best + RunawayFrac P for runawaySweeps sweeps in a row, and switches to one
// sweep per focusing step.
func TestFBPRunawayRestart(t *testing.T) {
	// counts: each segment {errors, sweeps} repeats errors for that many sweeps; P = 100, so the
	// threshold is 2 best + 5
	type seg struct{ errors, sweeps int }
	cases := []struct {
		name    string
		frac    float64
		counts  []seg
		restart int // sweep (0-based) that restarts, -1 for none
	}{
		{"descent", 0.05, []seg{{50, 5}, {30, 5}, {10, 5}, {0, 1}}, -1},
		{"within the margin", 0.05, []seg{{40, 1}, {2, 1}, {9, 100}}, -1},
		{"short climb", 0.05, []seg{{40, 1}, {2, 1}, {10, runawaySweeps - 1}, {9, 1}, {10, runawaySweeps - 1}}, -1},
		{"runaway", 0.05, []seg{{40, 1}, {2, 1}, {10, 100}}, 1 + runawaySweeps},
		{"once only", 0.05, []seg{{40, 1}, {1, 1}, {50, runawaySweeps}, {1, 1}, {50, 100}}, 1 + runawaySweeps},
		{"disabled", 0, []seg{{40, 1}, {1, 1}, {90, 100}}, -1},
	}
	for _, c := range cases {
		cfg := DefaultFBPConfig()
		cfg.RunawayFrac = c.frac
		s := newFBPSchedule(cfg, 100)
		got, k := -1, 0
		for _, g := range c.counts {
			for range g.sweeps {
				s.step, s.iters = 7, 3 // some progress to be reset
				if s.runawayRestart(g.errors) {
					if got >= 0 {
						t.Errorf("%s: restarted twice (sweeps %d and %d)", c.name, got, k)
					}
					got = k
					if s.step != 0 || s.iters != 0 || s.stepIters != 1 {
						t.Errorf("%s: after the restart step %d, iters %d, stepIters %d; want 0, 0, 1", c.name, s.step, s.iters, s.stepIters)
					}
				}
				k++
			}
		}
		if got != c.restart {
			t.Errorf("%s: restart at sweep %d, want %d", c.name, got, c.restart)
		}
	}
}
