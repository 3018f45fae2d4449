package deep_test

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"flatland/sim/deep"
	"flatland/sim/stepper"
	"flatland/sim/stepper/steppertest"
)

// smallRun is a quick run on synthetic digits (no files needed).
func smallRun(t testing.TB, algo string) *deep.Run {
	train := mustData(t, synthetic(300, 1))
	test := mustData(t, synthetic(100, 2))
	cfg := deep.DefaultConfig()
	cfg.Algo, cfg.Hidden, cfg.Seed, cfg.MaxEpochs, cfg.Replicas = algo, []int{12, 8}, 5, 4, 3
	cfg.FixedEpochs = true
	r, err := deep.NewRun(cfg, deep.Measure{Sigmas: []float64{0.1, 0.3}, Draws: 3, MaxMisclassified: 4}, train, test)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// fingerprint is a hash of every parameter bit and every measured number.
func fingerprint(r *deep.Run) string {
	h := sha256.New()
	for _, p := range r.Trainer().Net().Params {
		binary.Write(h, binary.LittleEndian, math.Float32bits(p))
	}
	res := r.Result()
	fmt.Fprintf(h, "%d %d %v %v %v %v %v %v", res.Epochs, res.Steps, res.Train, res.Test, res.NoisyError, res.NoisyErrorSE, res.DeltaE, res.Misclassified)
	return fmt.Sprintf("%x", h.Sum(nil))[:16]
}

// golden fingerprints, computed natively; the WebAssembly run of the tests
// (make test-wasm) checks that it gives the same bits.
var golden = map[string]string{
	deep.AlgoSGD:  "1d785a06925c9488",
	deep.AlgoRSGD: "3e79ddcfd1bb307a",
	deep.AlgoESGD: "53d201be8b956834",
}

// Same seed, same numbers: for any stepping budgets, and the golden
// fingerprint (so native = WebAssembly).
func TestDeterministicAndSliceIndependent(t *testing.T) {
	for _, algo := range deep.Algos {
		t.Run(algo, func(t *testing.T) {
			s := steppertest.CheckSlicing(t, func() stepper.Stepper { return smallRun(t, algo) },
				func(s stepper.Stepper) string { return fingerprint(s.(*deep.Run)) },
				time.Nanosecond, 50*time.Microsecond, time.Hour)
			got := fingerprint(s.(*deep.Run))
			if got != golden[algo] {
				t.Errorf("fingerprint %s, golden %s", got, golden[algo])
			}
			res := s.(*deep.Run).Result()
			if !res.Done || len(res.DeltaE) != 2 || res.Epochs != 4 {
				t.Errorf("result %+v: want done, 4 epochs, 2 sigmas", res)
			}
		})
	}
}

// A run abandoned midway releases its goroutine and reports why.
func TestCloseMidway(t *testing.T) {
	r := smallRun(t, deep.AlgoRSGD)
	if done, err := r.Step(time.Nanosecond); done || err != nil {
		t.Fatalf("first tiny step: done %v, err %v", done, err)
	}
	r.Close()
	if _, err := r.Step(time.Second); err == nil {
		t.Error("a closed run stepped without error")
	}
}

// Bad configurations are refused with a message naming the value.
func TestConfigValidation(t *testing.T) {
	train := mustData(t, synthetic(20, 1))
	mod := func(f func(*deep.Config)) deep.Config { c := deep.DefaultConfig(); f(&c); return c }
	cases := []struct {
		cfg  deep.Config
		want string
	}{
		{mod(func(c *deep.Config) { c.Hidden = []int{4, 4, 4} }), "hidden layers"},
		{mod(func(c *deep.Config) { c.Hidden = []int{0} }), "width"},
		{mod(func(c *deep.Config) { c.Algo = "adam" }), "unknown algorithm"},
		{mod(func(c *deep.Config) { c.LR = math.NaN() }), "learning rate"},
		{mod(func(c *deep.Config) { c.Momentum = 1 }), "momentum"},
		{mod(func(c *deep.Config) { c.MaxEpochs = -1 }), "epochs"},
		{mod(func(c *deep.Config) { c.Replicas = 99 }), "replicas"},
		{mod(func(c *deep.Config) { c.Gamma = math.Inf(1) }), "coupling"},
	}
	for _, c := range cases {
		_, err := deep.NewTrainer(c.cfg, train)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("config %+v: error %v, want one containing %q", c.cfg, err, c.want)
		}
	}
	for _, m := range []deep.Measure{{Sigmas: []float64{-1}, Draws: 1}, {Sigmas: []float64{0.1}, Draws: 0}, {Sigmas: []float64{math.NaN()}, Draws: 1}} {
		if _, err := deep.NewRun(deep.DefaultConfig(), m, train, train); err == nil {
			t.Errorf("measure %+v accepted", m)
		}
	}
}
