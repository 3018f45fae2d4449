package main

import (
	"runtime"
	"testing"

	"flatland/sim/train"
)

// The estimate follows the real data structures: it is within a factor
// 1.5 of the heap the problem and the algorithm actually hold.
func TestMemoryEstimateMatchesHeap(t *testing.T) {
	cases := []struct {
		model, act, algo string
		n                int
		alpha, alphaD    float64
	}{
		{"perceptron", "sign", "cpr", 1001, 2, 0},
		{"perceptron", "sign", "fbp", 1001, 2, 0},
		{"rf", "relu", "sa", 401, 1, 3},
		{"committee", "sign", "rsa", 601, 1, 0},
	}
	for _, c := range cases {
		p := problemFlags{model: c.model, labels: "random", inputs: "pm1", act: c.act, n: c.n, k: 3, alpha: c.alpha, alphaD: c.alphaD, seed: 1}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		ctx, cancel := (&problemFlags{maxSeconds: 100}).deadline()
		pr, err := p.build(ctx, c.alpha, 1)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		tr, err := train.New(c.algo, pr.model, 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		live := float64(after.HeapAlloc) - float64(before.HeapAlloc)
		est := p.memoryBytes(c.alpha, []string{c.algo})
		runtime.KeepAlive(pr)
		runtime.KeepAlive(tr)
		t.Logf("%s %s n=%d alpha=%g: estimate %s, heap %s", c.model, c.algo, c.n, c.alpha, formatBytes(est), formatBytes(live))
		if est < live/1.5 || est > 1.5*live {
			t.Errorf("%s %s: estimate %s, live heap %s: off by more than a factor 1.5", c.model, c.algo, formatBytes(est), formatBytes(live))
		}
	}
}
