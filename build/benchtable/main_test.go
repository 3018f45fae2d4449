package main

import (
	"strings"
	"testing"
)

const nativeOut = `goos: linux
goarch: amd64
pkg: flatland/sim/gauss
BenchmarkKinkRuleAverageLogH-2   	  177547	      6737 ns/op	       200.0 nodes
PASS
pkg: flatland/sim/replica/perceptron
BenchmarkCapacity-2              	      51	   9018826 ns/op
BenchmarkCapacity-2              	      51	   9999999 ns/op
BenchmarkOnlyNative-2            	      10	   1000 ns/op
ok  	flatland/sim/replica/perceptron	16.111s
`

const wasmOut = `goos: js
goarch: wasm
pkg: flatland/sim/gauss
BenchmarkKinkRuleAverageLogH 	  100000	      13474 ns/op
pkg: flatland/sim/replica/perceptron
BenchmarkCapacity    	      30	   15000000 ns/op
BenchmarkCapacity    	      30	   12000000 ns/op
BenchmarkOnlyWasm    	      30	   5 ns/op
`

func TestTable(t *testing.T) {
	var b strings.Builder
	if err := table(strings.NewReader(nativeOut), strings.NewReader(wasmOut), &b); err != nil {
		t.Fatal(err)
	}
	out, _, _ := strings.Cut(b.String(), "\nGoals")
	t.Log("\n" + b.String())
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 6 { // header, rule, 4 benchmarks
		t.Fatalf("want 6 lines, got %d", len(lines))
	}
	for _, want := range [][]string{
		{"gauss.KinkRuleAverageLogH", "6.74 us", "13.47 us", "2.00"},
		{"perceptron.Capacity", "9.02 ms", "12.00 ms", "1.33"},
		{"perceptron.OnlyNative", "1.00 us", "-", "-"},
		{"perceptron.OnlyWasm", "-", "5 ns", "-"},
	} {
		found := false
		for _, l := range lines {
			f := strings.Join(strings.Fields(l), " ")
			if strings.HasPrefix(f, want[0]+" ") && strings.Contains(f, strings.Join(want[1:], " ")) {
				found = true
			}
		}
		if !found {
			t.Errorf("no row %v in\n%s", want, out)
		}
	}
}

// The goals table reads ns/op, the ratio and custom metrics, and says which
// goals are met, not met or not measured.
func TestGoals(t *testing.T) {
	native := `pkg: flatland/sim/train
BenchmarkCPRSolve-2   	 100	   2600000 ns/op
pkg: flatland/sim/replica/rf
BenchmarkEntropyCurves-2   	 3	   170000000 ns/op	  0.054 first-curve-s
`
	wasm := `pkg: flatland/sim/train
BenchmarkCPRSolve   	 100	   9100000 ns/op
pkg: flatland/sim/replica/rf
BenchmarkEntropyCurves   	 3	   370000000 ns/op	  0.11 first-curve-s
BenchmarkEntropyCurves   	 3	   380000000 ns/op	  0.09 first-curve-s
`
	var b strings.Builder
	if err := table(strings.NewReader(native), strings.NewReader(wasm), &b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"CP+R whole solve (alpha 0.6, N 1001), native 2.60 ms goal <= 3 ms met",
		"CP+R whole solve, WASM / native 3.50 goal <= 1.5 NOT met",
		"entropy figure: first curve, WASM 110.00 ms goal <= 0.3 s met", // the fastest run's metric
		"entropy figure: both Franz-Parisi curves, WASM 370.00 ms goal <= 1 s met",
		"24-point diagram, native single thread - goal <= 2.5 s not measured",
	} {
		found := false
		for _, l := range strings.Split(out, "\n") {
			if strings.Join(strings.Fields(l), " ") == want {
				found = true
			}
		}
		if !found {
			t.Errorf("no goal line %q in\n%s", want, out)
		}
	}
}
