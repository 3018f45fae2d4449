package main

import (
	"bytes"
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// runPerceptronCLI calls runMain and returns stdout, stderr and the exit status.
func runPerceptronCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runMain(args, &out, &errb)
	return out.String(), errb.String(), code
}

// perceptronJSON decodes the single JSON line printed by a command.
func perceptronJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one JSON line, got %q", s)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &m); err != nil {
		t.Fatalf("bad JSON %q: %v", lines[0], err)
	}
	return m
}

func perceptronKeys(m map[string]any) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}

func TestPerceptronCLIContract(t *testing.T) {
	cases := []struct {
		args []string
		keys string
		key  string
		want float64
		tol  float64
	}{
		{[]string{"perceptron", "capacity", "-kappa", "0", "-json"}, "alpha_c,kappa", "alpha_c", 0.833, 0.002},
		{[]string{"perceptron", "storage", "-alpha", "0.833", "-kappa", "0", "-json"}, "alpha,kappa,phi,q,qhat,replicon", "phi", 0, 0.002},
		{[]string{"perceptron", "teacher", "-alpha", "1", "-json"}, "R,alpha,eps_bayes,eps_gibbs,phi", "eps_gibbs", math.Acos(0.5607147) / math.Pi, 1e-5},
		{[]string{"perceptron", "teacher", "-alpha", "1.3", "-json"}, "R,alpha,eps_bayes,eps_gibbs,phi", "R", 1, 0},
		{[]string{"perceptron", "teacher-transitions", "-json"}, "alpha_first_order,alpha_spinodal", "alpha_spinodal", 1.493, 0.002},
		{[]string{"perceptron", "local-entropy", "-alpha", "0.5", "-kappa-ref", "0", "-d", "0.005,0.02", "-json"}, "alpha,d,kappa_ref,local_entropy", "kappa_ref", 0, 0},
	}
	for _, c := range cases {
		stdout, stderr, code := runPerceptronCLI(t, c.args...)
		if code != 0 {
			t.Fatalf("%v: exit %d, stderr %q", c.args, code, stderr)
		}
		m := perceptronJSON(t, stdout)
		if got := perceptronKeys(m); got != c.keys {
			t.Errorf("%v: keys %s, want %s", c.args, got, c.keys)
		}
		v, ok := m[c.key].(float64)
		if !ok || math.Abs(v-c.want) > c.tol {
			t.Errorf("%v: %s = %v, want %g +- %g", c.args, c.key, m[c.key], c.want, c.tol)
		}
	}
	// local entropy: arrays of equal length, typical reference negative at d = 0.005
	stdout, stderr, code := runPerceptronCLI(t, "perceptron", "local-entropy", "-alpha", "0.5", "-kappa-ref", "0", "-d", "0.005,0.02", "-json")
	if code != 0 {
		t.Fatalf("local-entropy: exit %d: %s", code, stderr)
	}
	m := perceptronJSON(t, stdout)
	d, _ := m["d"].([]any)
	s, _ := m["local_entropy"].([]any)
	if len(d) != 2 || len(s) != 2 || !(s[0].(float64) < 0) {
		t.Errorf("local-entropy arrays: d=%v local_entropy=%v", d, s)
	}
	// the readable table has a header and a row
	stdout, _, code = runPerceptronCLI(t, "perceptron", "capacity", "-kappa", "0.5")
	if code != 0 || !strings.HasPrefix(stdout, "kappa") || strings.Count(stdout, "\n") != 2 {
		t.Errorf("table output %q (exit %d)", stdout, code)
	}
}

func TestPerceptronCLIMaxMargin(t *testing.T) {
	stdout, stderr, code := runPerceptronCLI(t, "perceptron", "local-entropy", "-alpha", "0.6", "-ref", "maxmargin", "-d", "0.002,0.01", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	m := perceptronJSON(t, stdout)
	kr := m["kappa_ref"].(float64)
	if math.Abs(kr-0.2617) > 1e-3 {
		t.Errorf("maxmargin kappa_ref at alpha 0.6 = %g, want kappa_max - 0.001 ~ 0.2617", kr)
	}
	s := m["local_entropy"].([]any)
	if v := s[0].(float64); !(v > 0 && v < 0.01443) {
		t.Errorf("flat-minima local entropy at d=0.002 = %g: want in (0, H2(0.002)=0.01443)", v)
	}
}

// The dense-region curve has the contract of the Franz-Parisi one, lies
// between it and H2(d), and gives its threshold alpha_LD.
func TestPerceptronCLIDense(t *testing.T) {
	stdout, stderr, code := runPerceptronCLI(t, "perceptron", "local-entropy", "-alpha", "0.6", "-ref", "dense", "-d", "0.05,0.02", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	m := perceptronJSON(t, stdout)
	if got := perceptronKeys(m); got != "alpha,d,kappa_ref,local_entropy" {
		t.Errorf("keys %s", got)
	}
	s := m["local_entropy"].([]any)
	// S_I(0.05) = 0.13008, S_I(0.02) = 0.08341; the maximal-margin Franz-Parisi
	// curve is 0.11134, 0.06784 there and H2 = 0.19851, 0.09804
	for i, want := range []float64{0.13008, 0.08341} {
		if v, ok := s[i].(float64); !ok || math.Abs(v-want) > 1e-4 {
			t.Errorf("S_I[%d] = %v, want %g +- 1e-4", i, s[i], want)
		}
	}
	if testing.Short() {
		t.Skip("skipping the dense-region threshold search (about 10 s) in -short mode")
	}
	stdout, stderr, code = runPerceptronCLI(t, "perceptron", "le-threshold", "-ref", "dense", "-tol", "0.002", "-json")
	if code != 0 {
		t.Fatalf("le-threshold -ref dense: exit %d: %s", code, stderr)
	}
	m = perceptronJSON(t, stdout)
	if a, ok := m["alpha_le"].(float64); !ok || math.Abs(a-0.7553) > 0.003 || m["ref"] != "dense" {
		t.Errorf("le-threshold -ref dense: %v, want alpha_le 0.7553 +- 0.003", m)
	}
}

func TestPerceptronCLIErrors(t *testing.T) {
	usage := [][]string{
		{"perceptron", "capacity", "-kappa", "abc"},
		{"perceptron", "capacity", "-kappa", "NaN"},
		{"perceptron", "capacity", "-kappa", "7"},
		{"perceptron", "capacity", "-bogus"},
		{"perceptron", "capacity", "extra"},
		{"perceptron", "storage", "-alpha", "-1"},
		{"perceptron", "teacher", "-alpha", "0"},
		{"perceptron", "local-entropy", "-d", "0.1,x"},
		{"perceptron", "local-entropy", "-d", "0.7"},
		{"perceptron", "local-entropy", "-d", ""},
		{"perceptron", "local-entropy", "-ref", "dense", "-kappa-ref", "0.1"},
		{"perceptron", "local-entropy", "-ref", "dense", "-alpha", "0.6", "-d", "0.3"},
		{"perceptron", "local-entropy", "-ref", "dense", "-alpha", "3"},
		{"perceptron", "local-entropy", "-ref", "wide"},
		{"perceptron", "local-entropy", "-ref", "maxmargin", "-kappa-ref", "0.1"},
		{"perceptron", "le-threshold", "-ref", "dense", "-tol", "0"},
		{"perceptron", "le-threshold", "-ref", ""},
	}
	for _, args := range usage {
		stdout, stderr, code := runPerceptronCLI(t, args...)
		if code != 2 || stdout != "" || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || stderr == "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q: want exit 2 and one line on stderr", args, code, stdout, stderr)
		}
	}
	// a solver failure names the point and exits 1 (no RS solution beyond q -> 1)
	stdout, stderr, code := runPerceptronCLI(t, "perceptron", "storage", "-alpha", "3", "-kappa", "0")
	if code != 1 || stdout != "" || !strings.Contains(stderr, "alpha=") {
		t.Errorf("storage beyond the RS branch: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// parseFloatList never panics; on success every value is finite, there is one
// value per comma-separated field, and printing and re-parsing is the identity.
func FuzzParseFloatList(f *testing.F) {
	for _, s := range []string{"0.005,0.01,0.02", "1", " 2 , 3e-2", "", ",", "NaN", "inf,1", "1,,2", "0x1p-2", "1e400", "-0,5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseFloatList(s)
		if err != nil {
			if v != nil {
				t.Fatalf("%q: error %v with values %v", s, err, v)
			}
			return
		}
		if len(v) != len(strings.Split(s, ",")) {
			t.Fatalf("%q: %d values for %d fields", s, len(v), len(strings.Split(s, ",")))
		}
		parts := make([]string, len(v))
		for i, x := range v {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Fatalf("%q: non-finite value %v", s, x)
			}
			parts[i] = strconv.FormatFloat(x, 'g', -1, 64)
		}
		w, err := parseFloatList(strings.Join(parts, ","))
		if err != nil || len(w) != len(v) {
			t.Fatalf("%q: round trip failed: %v %v", s, w, err)
		}
		for i := range v {
			if w[i] != v[i] {
				t.Fatalf("%q: round trip %v -> %v", s, v, w)
			}
		}
	})
}
