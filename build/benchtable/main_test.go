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
	out := b.String()
	t.Log("\n" + out)
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
