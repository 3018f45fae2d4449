package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func runRFCLI(args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	code := runMain(args, &out, &errb)
	return out.String(), errb.String(), code
}

// The CLI contract: JSON keys present, values sane, exit codes 2 for
// bad input.
func TestRFCLIContract(t *testing.T) {
	cases := []struct {
		args []string
		keys []string
		key  string
		lo   float64
		hi   float64
	}{
		{[]string{"rf", "typical", "-alpha", "0.5", "-alpha-d", "1", "-act", "sign", "-labels", "teacher", "-json"},
			[]string{"alpha", "alpha_d", "act", "labels", "q", "p", "pd", "R", "phi", "eps_typical", "eps_bayes"}, "phi", 0.33, 0.35},
		{[]string{"rf", "interpolation", "-alpha-d", "1", "-act", "sign", "-labels", "teacher", "-json"},
			[]string{"alpha_d", "alpha_c"}, "alpha_c", 0.93, 0.94},
		{[]string{"rf", "interpolation", "-alpha-d", "1", "-act", "relu", "-labels", "random", "-json"},
			[]string{"alpha_d", "alpha_c"}, "alpha_c", 0.5, 0.834},
	}
	for _, c := range cases {
		out, errs, code := runRFCLI(c.args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, errs)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &m); err != nil {
			t.Fatalf("%v: bad JSON %q", c.args, out)
		}
		for _, k := range c.keys {
			if _, ok := m[k]; !ok {
				t.Errorf("%v: key %q missing in %s", c.args, k, out)
			}
		}
		v, _ := m[c.key].(float64)
		if v < c.lo || v > c.hi {
			t.Errorf("%v: %s = %g outside [%g, %g]", c.args, c.key, v, c.lo, c.hi)
		}
	}
	for _, bad := range [][]string{
		{"rf", "typical", "-act", "softplus"},
		{"rf", "typical", "-labels", "noisy"},
		{"rf", "typical", "-alpha", "-1"},
		{"rf", "interpolation", "-alpha-d", "NaN"},
		{"rf", "diagram", "-points", "0"},
		{"rf", "le-threshold", "extra"},
	} {
		if _, _, code := runRFCLI(bad...); code != 2 {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
	// above alpha_c there are no solutions to take a reference from: exit 1
	if _, errs, code := runRFCLI("rf", "local-entropy", "-alpha", "3", "-alpha-d", "1"); code != 1 || errs == "" {
		t.Errorf("local-entropy above alpha_c: exit %d (%q), want 1", code, errs)
	}
}

// The diagram contract on one point (the full 24-point run takes minutes).
func TestRFCLIDiagramOnePoint(t *testing.T) {
	out, errs, code := runRFCLI("rf", "diagram", "-points", "1", "-alpha-d-min", "2", "-alpha-d-max", "2", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var m map[string][]float64
	var raw map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &raw); err != nil {
		t.Fatalf("bad JSON %q", out)
	}
	m = map[string][]float64{}
	for _, k := range []string{"alpha_d", "alpha_c", "alpha_le"} {
		arr, ok := raw[k].([]any)
		if !ok || len(arr) != 1 {
			t.Fatalf("key %q: %v", k, raw[k])
		}
		m[k] = []float64{arr[0].(float64)}
	}
	if !(m["alpha_le"][0] < m["alpha_c"][0]) {
		t.Errorf("alpha_LE %g not below alpha_c %g", m["alpha_le"][0], m["alpha_c"][0])
	}
}
