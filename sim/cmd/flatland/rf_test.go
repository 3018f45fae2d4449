package main

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func runRFCLI(args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	code := runMain(args, &out, &errb)
	return out.String(), errb.String(), code
}

// The rf subcommands' contract: JSON keys present, values sane, exit code 2
// for bad input.
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
		// the dense-region threshold, searched up from alpha_LE: 0.7331 at alpha_D = 1 with random
		// labels (rf's TestDenseThreshold brackets the teacher's 0.8375 directly)
		{[]string{"rf", "le-threshold", "-alpha-d", "1", "-labels", "random", "-ref", "dense", "-json"},
			[]string{"alpha_d", "alpha_le", "alpha_c", "alpha_ld"}, "alpha_ld", 0.7329, 0.7333},
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
		{"rf", "le-threshold", "-ref", "typical"},
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

// The diagram contract, computed live on one point: the keys, alpha_LE <
// alpha_c, and the N/P view.
func TestRFCLIDiagramLive(t *testing.T) {
	out, errs, code := runRFCLI("rf", "diagram", "-act", "sign", "-labels", "teacher", "-points", "1", "-alpha-d-min", "1", "-alpha-d-max", "1", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		AlphaD  []float64 `json:"alpha_d"`
		AlphaC  []float64 `json:"alpha_c"`
		AlphaLE []float64 `json:"alpha_le"`
		NPc     []float64 `json:"n_over_p_c"`
		NPle    []float64 `json:"n_over_p_le"`
		Source  string    `json:"source"`
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &got); err != nil {
		t.Fatalf("bad JSON %q", out)
	}
	if got.Source != "live" || len(got.AlphaD) != 1 || len(got.AlphaC) != 1 || len(got.AlphaLE) != 1 || len(got.NPc) != 1 {
		t.Fatalf("unexpected diagram %+v", got)
	}
	// alpha_c(alpha_D = 1) = 0.9348, also found by the lead's independent solver
	if math.Abs(got.AlphaC[0]-0.9348) > 2e-3 || !(got.AlphaLE[0] < got.AlphaC[0]) || !(got.NPle[0] > got.NPc[0]) {
		t.Errorf("alpha_D=1: alpha_c %g (want 0.9348), alpha_LE %g, N/P %g vs %g", got.AlphaC[0], got.AlphaLE[0], got.NPc[0], got.NPle[0])
	}
	// -stored only exists for the stored grid
	if _, _, code := runRFCLI("rf", "diagram", "-stored", "-points", "5"); code != 2 {
		t.Errorf("-stored with -points 5: exit %d, want 2", code)
	}
}

// The stored diagram (-stored): 24 points with alpha_LE < alpha_c and the N/P
// arrays (sim/replica/rf tests that the solver reproduces the table).
func TestRFCLIDiagram(t *testing.T) {
	out, errs, code := runRFCLI("rf", "diagram", "-act", "sign", "-labels", "teacher", "-points", "24", "-stored", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &raw); err != nil {
		t.Fatalf("bad JSON %q", out)
	}
	get := func(k string) []float64 {
		arr, ok := raw[k].([]any)
		if !ok || len(arr) != 24 {
			t.Fatalf("key %q: %v", k, raw[k])
		}
		v := make([]float64, len(arr))
		for i := range arr {
			v[i] = arr[i].(float64)
		}
		return v
	}
	ad, ac, ale := get("alpha_d"), get("alpha_c"), get("alpha_le")
	npc, nple := get("n_over_p_c"), get("n_over_p_le")
	for i := range ad {
		if !(ale[i] < ac[i]) || !(nple[i] > npc[i]) {
			t.Errorf("alpha_D=%g: alpha_LE %g vs alpha_c %g, N/P %g vs %g", ad[i], ale[i], ac[i], nple[i], npc[i])
		}
	}
	if ad[0] != 0.05 || ad[23] != 10 {
		t.Errorf("grid %g..%g", ad[0], ad[23])
	}
}

// rf local-entropy -dense-points adds the dense-region curve: from its top
// (d*, phi: slope 0) down to -d-min, below H2(d); past the threshold the
// branch ends early with a note; bad counts exit 2.
func TestRFCLIDenseCurve(t *testing.T) {
	type row struct {
		Reference string   `json:"reference"`
		D         float64  `json:"d"`
		SI        *float64 `json:"s_i"`
		H2        float64  `json:"h2"`
		Slope     float64  `json:"slope"`
		End       string   `json:"end"`
	}
	dense := func(alpha string) []row {
		out, errs, code := runRFCLI("rf", "local-entropy", "-alpha", alpha, "-alpha-d", "1", "-d-min", "0.01", "-dense-points", "4", "-json")
		if code != 0 {
			t.Fatalf("alpha %s: exit %d: %s", alpha, code, errs)
		}
		var rows []row
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			var r row
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatalf("bad JSON line %q", line)
			}
			if r.Reference == "dense" {
				rows = append(rows, r)
			}
		}
		return rows
	}
	rows := dense("0.4")
	if len(rows) != 5 {
		t.Fatalf("alpha 0.4: %d dense rows, want the top and 4 steps", len(rows))
	}
	// the top is the typical free entropy phi (rf typical: 0.412121 at alpha 0.4, alpha_D 1)
	if top := rows[0]; top.SI == nil || math.Abs(*top.SI-0.412121) > 1e-5 || top.Slope != 0 {
		t.Errorf("top of the curve %+v, want S_I = phi = 0.412121 with slope 0", top)
	}
	for i, r := range rows {
		if r.SI == nil || *r.SI > r.H2+1e-12 || r.End != "" {
			t.Errorf("row %d %+v: want S_I <= H2(d) and no end note", i, r)
		}
		if i > 0 && !(r.D < rows[i-1].D && r.Slope > 0) {
			t.Errorf("row %d %+v: want d decreasing and a positive slope below alpha_LD", i, r)
		}
	}
	if last := rows[len(rows)-1]; math.Abs(last.D-0.01) > 1e-12 {
		t.Errorf("last d %v, want -d-min 0.01", last.D)
	}
	// alpha = 0.9 is above alpha_LD = 0.8375 (and below alpha_c = 0.935): the branch ends early
	if rows := dense("0.9"); len(rows) == 0 || rows[len(rows)-1].End == "" || rows[len(rows)-1].D <= 0.01 {
		t.Errorf("alpha 0.9: want the branch to end above d-min with a note, got %+v", rows)
	}
	for _, n := range []string{"1", "201", "-3", "x"} {
		if _, _, code := runRFCLI("rf", "local-entropy", "-dense-points", n); code != 2 {
			t.Errorf("-dense-points %s: exit %d, want 2", n, code)
		}
	}
}
