package train

import (
	"math"
	"runtime"
	"testing"
	"time"

	"flatland/sim/data"
	"flatland/sim/nets"
)

// solvedCount runs the registry's algo with its defaults on storage
// instances (random ±1 patterns and labels) at (n, alpha) for the given
// seeds and counts the runs that end with zero training errors, checking
// each claimed solution by a recount.
func solvedCount(t *testing.T, algo string, n int, alpha float64, seeds []uint64) int {
	t.Helper()
	solved := 0
	for _, seed := range seeds {
		rule, err := data.NewPerceptronRule(n, data.PlusMinusOne, data.RandomLabels, seed)
		if err != nil {
			t.Fatal(err)
		}
		m := nets.NewLinear(rule.Sample(data.PatternCount(alpha, n), seed, data.StreamTrain))
		tr, err := New(algo, m, seed, 0)
		if err != nil {
			t.Fatal(err)
		}
		runAll(tr, time.Hour)
		if tr.Snapshot().Solved {
			if e := m.Errors(tr.Weights()); e != 0 {
				t.Errorf("%s seed %d: reported solved with %d errors", algo, seed, e)
			}
			solved++
		}
	}
	return solved
}

func seedRange(from, to uint64) []uint64 {
	var s []uint64
	for seed := from; seed <= to; seed++ {
		s = append(s, seed)
	}
	return s
}

// The gradient methods solve storage well beyond where plain BinaryConnect
// SGD and the clipped perceptron without reinforcement stall (alpha ~ 0.4):
// SGD at alpha = 0.55 and replicated SGD at 0.65, N = 1001. Measured with
// 10 seeds each: SGD 10/10 at 0.55, RSGD 10/10 at 0.65. Fewer seeds here
// keep the test near 20 s; the thresholds leave a margin of one seed.
func TestGradientMethodsSolveStorage(t *testing.T) {
	if runtime.GOARCH == "wasm" {
		t.Skip("skipped under WebAssembly: about 20 s of training at N = 1001 natively, several times that in Node; the native run covers it")
	}
	cases := []struct {
		algo      string
		n         int
		alpha     float64
		seeds     []uint64
		minSolved int
	}{
		{"sgd", 1001, 0.55, seedRange(1, 5), 4},
		{"rsgd", 1001, 0.65, seedRange(1, 3), 2},
	}
	for _, c := range cases {
		got := solvedCount(t, c.algo, c.n, c.alpha, c.seeds)
		t.Logf("%s N=%d alpha=%g: solved %d of %d", c.algo, c.n, c.alpha, got, len(c.seeds))
		if got < c.minSolved {
			t.Errorf("%s at N = %d, alpha = %g solved %d of %d seeds; want at least %d", c.algo, c.n, c.alpha, got, len(c.seeds), c.minSolved)
		}
	}
}

// Settings SGD and RSGD cannot run with are refused with an error, not a
// panic or a run that silently does nothing.
func TestGradientConfigErrors(t *testing.T) {
	m := small(t, data.PlusMinusOne, 0.3, 1)
	bad := map[string]func(c *SGDConfig){
		"zero batch":         func(c *SGDConfig) { c.Batch = 0 },
		"NaN learning rate":  func(c *SGDConfig) { c.LR = math.NaN() },
		"negative rate":      func(c *SGDConfig) { c.LR = -1 },
		"zero beta":          func(c *SGDConfig) { c.Beta = 0 },
		"infinite beta cap":  func(c *SGDConfig) { c.BetaMax = math.Inf(1) },
		"zero clip":          func(c *SGDConfig) { c.Clip = 0 },
		"negative coupling":  func(c *SGDConfig) { c.Gamma = -0.1 },
		"NaN coupling step":  func(c *SGDConfig) { c.GammaGrow = math.NaN() },
		"negative LR decay":  func(c *SGDConfig) { c.LRDecay = -1 },
		"zero epochs":        func(c *SGDConfig) { c.MaxEpochs = 0 },
		"NaN margin":         func(c *SGDConfig) { c.Margin = math.NaN() },
		"negative init size": func(c *SGDConfig) { c.Init = -1 },
	}
	for name, mod := range bad {
		c := DefaultSGDConfig()
		mod(&c)
		if _, err := NewSGD(m, c); err == nil {
			t.Errorf("SGD accepted %s", name)
		}
		r := DefaultRSGDConfig()
		r.SGD = c
		if _, err := NewRSGD(m, r); err == nil {
			t.Errorf("RSGD accepted %s", name)
		}
	}
	r := DefaultRSGDConfig()
	r.Y = 0
	if _, err := NewRSGD(m, r); err == nil {
		t.Error("RSGD accepted zero replicas")
	}
	if _, err := NewSGD(m, DefaultSGDConfig()); err != nil {
		t.Errorf("SGD refused its defaults: %v", err)
	}
	if _, err := NewRSGD(m, DefaultRSGDConfig()); err != nil {
		t.Errorf("RSGD refused its defaults: %v", err)
	}
}
