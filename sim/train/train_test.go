package train

import (
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"testing"
	"time"

	"flatland/sim/data"
	"flatland/sim/nets"
	"flatland/sim/stepper"
	"flatland/sim/stepper/steppertest"
)

// small returns a quick problem for every algorithm.
func small(t testing.TB, in data.Inputs, alpha float64, seed uint64) *nets.Linear {
	rule, err := data.NewPerceptronRule(201, in, data.RandomLabels, seed)
	if err != nil {
		t.Fatal(err)
	}
	return nets.NewLinear(rule.Sample(data.PatternCount(alpha, 201), seed, data.StreamTrain))
}

func newSmall(t testing.TB, algo string, m nets.Model, seed uint64) Trainer {
	tr, err := New(algo, m, seed, 30)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func runAll(tr Trainer, budget time.Duration) int {
	calls := 0
	for {
		calls++
		done, err := tr.Step(budget)
		if err != nil {
			panic(err)
		}
		if done {
			return calls
		}
	}
}

// fingerprint hashes the reported and replica weights and the snapshot counters.
func fingerprint(tr Trainer) uint64 {
	h := fnv.New64a()
	write := func(w []int8) {
		for _, v := range w {
			h.Write([]byte{byte(v)})
		}
	}
	write(tr.Weights())
	// continuous state where there is one: every bit of it must agree too
	var fl []float64
	switch x := tr.(type) {
	case interface{ Magnetizations() []float64 }:
		fl = x.Magnetizations()
	case interface{ Hidden() []float64 }:
		fl = x.Hidden()
	}
	for _, v := range fl {
		fmt.Fprintf(h, "%x,", math.Float64bits(v))
	}
	for a := 0; a < tr.Replicas(); a++ {
		write(tr.ReplicaWeights(a))
	}
	s := tr.Snapshot()
	fmt.Fprintf(h, "%d %d %d %v", s.Epoch, s.Work, s.Errors, s.Solved)
	return h.Sum64()
}

// Results must not depend on how the work is sliced.
func TestSlicingIndependence(t *testing.T) {
	cases := []struct {
		algo string
		in   data.Inputs
	}{{"cpr", data.PlusMinusOne}, {"cpr", data.Gaussian}, {"sgd", data.Gaussian}, {"sa", data.PlusMinusOne},
		{"rsa", data.PlusMinusOne}, {"rsgd", data.PlusMinusOne}, {"fbp", data.PlusMinusOne}}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s/%v", c.algo, c.in), func(t *testing.T) {
			m := small(t, c.in, 0.55, 5)
			ref := steppertest.CheckSlicing(t, func() stepper.Stepper { return newSmall(t, c.algo, m, 7) }, fingerprintText)
			tr := ref.(Trainer)
			if s := tr.Snapshot(); s.Errors != m.Errors(tr.Weights()) || s.Solved != (s.Errors == 0) || !s.Done {
				t.Errorf("%s: snapshot %+v inconsistent with weights (errors %d)", c.algo, s, m.Errors(tr.Weights()))
			}
		})
	}
}

// fingerprintText is a trainer's fingerprint as steppertest.CheckSlicing compares it.
func fingerprintText(s stepper.Stepper) string { return fmt.Sprintf("%x", fingerprint(s.(Trainer))) }

// Golden fingerprints: the same values are asserted natively and under
// GOOS=js GOARCH=wasm (Node), which proves bit-identical trajectories. They
// were computed by this code and checked on both platforms.
func TestGoldenNativeEqualsWasm(t *testing.T) {
	golden := map[string]uint64{
		"cpr": 0xd34cc634b85f3c2e, "fbp": 0x8f20af5bd91869d8, "fbp-restart": 0x5e771317b8ffca5a, "rsa": 0x5ef348d24f7dca66,
		"rsgd": 0xda32b990d9aa6b71, "sa": 0xdf0ef597ce14e526, "sgd": 0xc8832afefcfbc4f1,
	}
	got := map[string]uint64{}
	for _, algo := range Names {
		in := data.PlusMinusOne
		if algo == "sgd" || algo == "rsgd" {
			in = data.Gaussian
		}
		tr := newSmall(t, algo, small(t, in, 0.55, 11), 13)
		runAll(tr, time.Hour)
		got[algo] = fingerprint(tr)
	}
	// fBP's runaway restart (Gaussian inputs, N = 201, alpha = 0.4, seed 30: without it 1500 sweeps end unsolved)
	restart, err := New("fbp", small(t, data.Gaussian, 0.4, 30), 30, 0)
	if err != nil {
		t.Fatal(err)
	}
	runAll(restart, time.Hour)
	if s := restart.Snapshot(); !s.Solved || !restart.(*FBP).sch.restarted {
		t.Errorf("fbp, Gaussian inputs, N = 201, alpha = 0.4, seed 30: solved %v after %d sweeps, restarted %v; want a solution after a restart",
			s.Solved, s.Epoch, restart.(*FBP).sch.restarted)
	}
	got["fbp-restart"] = fingerprint(restart)
	// Gaussian data and detmath enter every fingerprint above through Normal.
	keys := make([]string, 0, len(got))
	for k := range got {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		want, ok := golden[k]
		if !ok {
			t.Errorf("no golden value for %s: got %#x", k, got[k])
			continue
		}
		if got[k] != want {
			t.Errorf("%s fingerprint %#x, golden %#x", k, got[k], want)
		}
	}
}

// CP+R solves storage at alpha = 0.5, N = 1001 for nearly all seeds.
func TestCPRSolvesStorageAlpha05(t *testing.T) {
	solved := 0
	const seeds = 10
	for seed := uint64(1); seed <= seeds; seed++ {
		rule, _ := data.NewPerceptronRule(1001, data.PlusMinusOne, data.RandomLabels, seed)
		m := nets.NewLinear(rule.Sample(data.PatternCount(0.5, 1001), seed, data.StreamTrain))
		cfg := DefaultCPRConfig(1001)
		cfg.Seed = seed
		c, err := NewCPR(m, cfg)
		if err != nil {
			t.Fatal(err)
		}
		runAll(c, time.Hour)
		s := c.Snapshot()
		if s.Solved {
			solved++
			if e := m.Errors(c.Weights()); e != 0 {
				t.Errorf("seed %d: reported solved with %d errors", seed, e)
			}
		}
	}
	if solved < seeds-1 {
		t.Errorf("CP+R solved %d of %d seeds at alpha = 0.5, N = 1001; want at least %d", solved, seeds, seeds-1)
	}
}

func TestConfigErrors(t *testing.T) {
	m := small(t, data.PlusMinusOne, 0.3, 1)
	if _, err := New("adam", m, 1, 0); err == nil {
		t.Error("unknown algorithm accepted")
	}
	rule, err := data.NewCommitteeRule(51, 3, true, data.PlusMinusOne, data.RandomLabels, 1)
	if err != nil {
		t.Fatal(err)
	}
	c := nets.NewCommittee(rule.Sample(20, 1, data.StreamTrain), 3, true)
	// a focusing step needs at least one sweep, a convergence threshold that is a number and a
	// runaway margin that is a finite non-negative number
	for _, bad := range []func(*FBPConfig){func(c *FBPConfig) { c.StepIters = 0 }, func(c *FBPConfig) { c.Eps = math.NaN() },
		func(c *FBPConfig) { c.RunawayFrac = math.NaN() }, func(c *FBPConfig) { c.RunawayFrac = -0.1 },
		func(c *FBPConfig) { c.RunawayFrac = math.Inf(1) }} {
		cfg := DefaultFBPConfig()
		bad(&cfg)
		if _, err := NewFBP(m, cfg); err == nil {
			t.Errorf("fBP accepted %+v", cfg)
		}
		if _, err := NewCommitteeFBP(c, cfg); err == nil {
			t.Errorf("committee fBP accepted %+v", cfg)
		}
	}
	if _, err := NewSA(m, SAConfig{Sweeps: 10, Beta0: 2, BetaMax: 1}); err == nil {
		t.Error("decreasing beta schedule accepted")
	}
	// the default reinforcement rate stays below Baldassi's bound sqrt(2/(pi N))
	for _, n := range []int{11, 1001, 100001} {
		if ps, bound := DefaultCPRConfig(n).Ps, math.Sqrt(2/(math.Pi*float64(n))); !(ps > 0 && ps < bound) {
			t.Errorf("N=%d: default Ps = %v outside (0, %v)", n, ps, bound)
		}
	}
	// a reinforcement probability that is not a probability is refused
	// (NaN or < 0 would switch reinforcement off, > 1 would fire every time)
	for _, ps := range []float64{math.NaN(), -0.01, 1.5} {
		cfg := DefaultCPRConfig(m.N)
		cfg.Ps = ps
		if _, err := NewCPR(m, cfg); err == nil {
			t.Errorf("CP+R accepted Ps = %v", ps)
		}
		if _, err := NewCommitteeCPR(c, cfg); err == nil {
			t.Errorf("committee CP+R accepted Ps = %v", ps)
		}
	}
}

func ExampleNewCPR() {
	rule, _ := data.NewPerceptronRule(1001, data.PlusMinusOne, data.RandomLabels, 2)
	m := nets.NewLinear(rule.Sample(data.PatternCount(0.4, 1001), 2, data.StreamTrain))
	cfg := DefaultCPRConfig(1001)
	cfg.Seed = 2
	c, _ := NewCPR(m, cfg)
	for done := false; !done; {
		done, _ = c.Step(5 * time.Millisecond)
	}
	s := c.Snapshot()
	fmt.Println(s.Solved, s.Errors, m.Errors(c.Weights()))
	// Output: true 0 0
}

// Committee machines: CP+R (least action), SA and RSA run, are slicing
// independent, and CP+R solves an easy storage instance.
func TestCommitteeAlgorithms(t *testing.T) {
	for _, tree := range []bool{true, false} {
		rule, _ := data.NewCommitteeRule(201, 3, tree, data.PlusMinusOne, data.RandomLabels, 3)
		m := nets.NewCommittee(rule.Sample(data.PatternCount(0.3, 201), 3, data.StreamTrain), 3, tree)
		for _, algo := range []string{"cpr", "sa", "rsa"} {
			t.Run(fmt.Sprintf("tree=%v/%s", tree, algo), func(t *testing.T) {
				a := steppertest.CheckSlicing(t, func() stepper.Stepper { return newSmall(t, algo, m, 4) }, fingerprintText).(Trainer)
				if s := a.Snapshot(); s.Errors != m.Errors(a.Weights()) {
					t.Errorf("committee %s: snapshot errors %d, recount %d", algo, s.Errors, m.Errors(a.Weights()))
				}
			})
		}
		c, err := New("cpr", m, 5, 0)
		if err != nil {
			t.Fatal(err)
		}
		runAll(c, time.Hour)
		if !c.Snapshot().Solved || m.Errors(c.Weights()) != 0 {
			t.Errorf("committee tree=%v: CP+R did not solve alpha = 0.3 (errors %d)", tree, m.Errors(c.Weights()))
		}
	}
}
