package main

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"flatland/sim/replica/rf"
)

// oneLine reports whether s is exactly one non-empty line.
func oneLine(s string) bool {
	s = strings.TrimSuffix(s, "\n")
	return s != "" && !strings.Contains(s, "\n")
}

// Runs whose data would not fit are refused before anything is allocated,
// with one line that states the estimate, the limit and the flag to raise.
func TestMemoryEstimateRefusesBeforeAllocating(t *testing.T) {
	cases := [][]string{
		{"train", "-model", "rf", "-n", "1000000", "-alpha-d", "100"},
		{"train", "-n", "1000000", "-alpha", "20"},
		{"train", "-model", "committee", "-fully", "-k", "5", "-n", "1000000", "-alpha", "20", "-algo", "sa"},
		{"sweep", "-n", "1000000", "-alphas", "0.1,20"},
		{"flatness", "-n", "1000000", "-alpha", "20", "-algos", "cpr,fbp"},
		{"train", "-n", "1001", "-alpha", "0.5", "-max-memory", "0.001"},
	}
	for _, c := range cases {
		out, errs, code := runTrainCLI(c...)
		if code != 2 || out != "" || !oneLine(errs) || !strings.Contains(errs, "needs about") ||
			!strings.Contains(errs, "GiB") || !strings.Contains(errs, "-max-memory") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and one line naming the estimate, the limit and -max-memory", c, code, out, errs)
		}
	}
	if _, errs, code := runTrainCLI("train", "-max-memory", "0"); code != 2 || !oneLine(errs) {
		t.Errorf("-max-memory 0: exit %d, stderr %q; want 2", code, errs)
	}
}

// -max-seconds bounds the whole command: data generation, training, testing,
// sweeps and flatness measurements. What finished is printed and flagged.
func TestMaxSecondsCoversWholeCommand(t *testing.T) {
	cases := []struct {
		args  []string
		lines int
		check func(r map[string]any) bool
	}{
		// the RF feature matrix and features of 150 examples (D = 30100) take far longer than 1 ms
		{[]string{"train", "-model", "rf", "-n", "301", "-alpha-d", "100", "-max-seconds", "0.001", "-json"}, 1,
			func(r map[string]any) bool { return r["solved"] == nil && r["test_error"] == nil }},
		// ten million test examples of N = 2001
		{[]string{"train", "-n", "2001", "-alpha", "0.05", "-test", "10000000", "-max-seconds", "0.05", "-json"}, 1,
			func(r map[string]any) bool { return r["test_examples"].(float64) < 1e7 }},
		{[]string{"sweep", "-n", "101", "-alphas", "0.2,0.3", "-samples", "100000", "-max-seconds", "0.05", "-json"}, 1,
			func(r map[string]any) bool { return r["samples_done"].(float64) < 100000 }},
		{[]string{"flatness", "-n", "101", "-alpha", "0.2", "-algos", "cpr,sa", "-flips", "1000000", "-max-seconds", "0.1", "-test", "10", "-json"}, 1,
			func(r map[string]any) bool {
				f, ok := r["flips_done"].([]any)
				return ok && len(f) == 5 && f[4].(float64) < 1e6 || r["test_error"] == nil
			}},
	}
	for _, c := range cases {
		out, errs, code := runTrainCLI(c.args...)
		if code != 0 {
			t.Errorf("%v: exit %d (%s), want 0 with a partial result", c.args, code, errs)
			continue
		}
		recs := trainLines(t, out)
		if len(recs) != c.lines {
			t.Errorf("%v: %d lines, want %d: %s", c.args, len(recs), c.lines, out)
			continue
		}
		r := recs[len(recs)-1]
		reason, _ := r["reason"].(string)
		if r["cut_short"] != true || !strings.Contains(reason, "-max-seconds") || !c.check(r) {
			t.Errorf("%v: want cut_short true with a reason and partial counts, got %v", c.args, r)
		}
	}
	// a run that finishes says so
	out, _, code := runTrainCLI("train", "-n", "101", "-alpha", "0.2", "-test", "100", "-json")
	if r := trainLines(t, out)[0]; code != 0 || r["cut_short"] != false || r["test_examples"].(float64) != 100 {
		t.Errorf("complete run: exit %d, %v", code, r)
	}
	// tables carry the note on a line of its own
	out, _, code = runTrainCLI("sweep", "-n", "101", "-alphas", "0.2,0.3", "-samples", "100000", "-max-seconds", "0.05")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); code != 0 || len(lines) != 3 || !strings.Contains(lines[2], "reason: ") {
		t.Errorf("sweep table cut short: exit %d, %q", code, out)
	}
}

// A panic anywhere below runMain is one line and exit status 3.
func TestPanicIsInternalError(t *testing.T) {
	register("test panic", "panics (test only)", func([]string, *Output) error {
		var m map[string]int
		m["x"] = 1
		return nil
	})
	defer delete(commands, "test panic")
	out, errs, code := runTrainCLI("test", "panic")
	if code != 3 || out != "" || !oneLine(errs) || !strings.Contains(errs, "internal error") ||
		!strings.Contains(errs, "please report") || strings.Contains(errs, "goroutine") {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 3 and one line", code, out, errs)
	}
	var help bytes.Buffer
	runMain([]string{"help"}, &help, &help)
	if !strings.Contains(help.String(), "3 internal error") {
		t.Errorf("help does not document exit status 3: %q", help.String())
	}
}

// Points of the generalization curve with no solutions print null ("-") and
// a reason, never zeros.
func TestRFGeneralizationFailedPointsAreNull(t *testing.T) {
	out, errs, code := runTrainCLI("rf", "generalization", "-alpha-t", "2", "-points", "2", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	recs := trainLines(t, out)
	if len(recs) != 2 {
		t.Fatalf("want 2 lines: %s", out)
	}
	above, below := recs[0], recs[1]
	for _, k := range []string{"eps_typical", "eps_bayes", "eps_flat", "kappa_max"} {
		if v, ok := above[k]; !ok || v != nil {
			t.Errorf("N/P=0.3 (no solutions): %s = %v, want null", k, v)
		}
		if v, ok := below[k].(float64); !ok || !(v > 0) {
			t.Errorf("N/P=10: %s = %v, want a positive number", k, below[k])
		}
	}
	if r, _ := above["reason"].(string); !strings.Contains(r, "interpolation threshold") {
		t.Errorf("N/P=0.3: reason %q", r)
	}
	if _, ok := below["reason"]; ok {
		t.Errorf("N/P=10 has a reason: %v", below)
	}
	out, _, code = runTrainCLI("rf", "generalization", "-alpha-t", "2", "-points", "1")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); code != 0 || len(lines) != 3 || !strings.Contains(lines[1], " - ") || !strings.HasPrefix(strings.TrimSpace(lines[2]), "reason:") {
		t.Errorf("table: exit %d, %q", code, out)
	}
}

// Past capacity the storage entropy is negative: the record carries a warning.
func TestPerceptronStoragePastCapacityWarns(t *testing.T) {
	cases := []struct {
		alpha string
		warn  bool
	}{{"0.84", true}, {"0.5", false}, {"0.833", false}}
	for _, c := range cases {
		out, errs, code := runTrainCLI("perceptron", "storage", "-alpha", c.alpha, "-json")
		if code != 0 {
			t.Fatalf("alpha %s: exit %d: %s", c.alpha, code, errs)
		}
		r := trainLines(t, out)[0]
		w, has := r["warning"].(string)
		if has != c.warn || has && (!strings.Contains(w, "capacity") || !(r["phi"].(float64) < 0)) {
			t.Errorf("alpha %s: warning %q (phi %v), want warning %v", c.alpha, w, r["phi"], c.warn)
		}
	}
	out, _, code := runTrainCLI("perceptron", "storage", "-alpha", "0.84")
	if code != 0 || !strings.Contains(out, "\n  warning: past capacity") {
		t.Errorf("table lacks the warning line: exit %d, %q", code, out)
	}
}

// A solver failure names the point the user asked for, not the continuation
// point where the solver stopped.
func TestSolverErrorNamesRequestedPoint(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"perceptron", "storage", "-alpha", "3"}, "at alpha=3 kappa=0:"},
		{[]string{"perceptron", "local-entropy", "-alpha", "2"}, "at alpha=2 kappa=0:"},
		{[]string{"rf", "typical", "-alpha", "5", "-alpha-d", "0.5"}, "at alpha=5 alpha_D=0.5 "},
	}
	for _, c := range cases {
		out, errs, code := runTrainCLI(c.args...)
		if code != 1 || out != "" || !oneLine(errs) || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 1 naming %q", c.args, code, errs, c.want)
		}
	}
}

// -kappa is a model setting CP+R follows (its update margin); committees
// have no margin, which is a configuration error (exit 2), not a solver failure.
func TestTrainKappa(t *testing.T) {
	out, errs, code := runTrainCLI("train", "-kappa", "0.5", "-algo", "cpr", "-n", "201", "-alpha", "0.2", "-test", "100", "-json")
	if code != 0 {
		t.Fatalf("cpr with kappa 0.5: exit %d: %s", code, errs)
	}
	if r := trainLines(t, out)[0]; r["solved"] != true {
		t.Errorf("cpr with kappa 0.5 at alpha 0.2: %v", r)
	}
	out, errs, code = runTrainCLI("train", "-model", "committee", "-kappa", "0.5", "-algo", "sa", "-n", "99", "-alpha", "0.2")
	if code != 2 || out != "" || !oneLine(errs) || !strings.Contains(errs, "kappa") {
		t.Errorf("committee with kappa: exit %d, stderr %q; want 2", code, errs)
	}
}

// alpha_LE is known to its bisection bracket: it is printed to those digits
// and the bracket width is in the JSON.
func TestRFDiagramDigitsKnown(t *testing.T) {
	out, errs, code := runTrainCLI("rf", "diagram", "-stored", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var raw map[string][]json.Number
	dec := json.NewDecoder(strings.NewReader(out))
	dec.UseNumber()
	var all map[string]any
	if err := dec.Decode(&all); err != nil {
		t.Fatal(err)
	}
	raw = map[string][]json.Number{}
	for _, k := range []string{"alpha_le", "alpha_le_width", "n_over_p_le", "alpha_t_le"} {
		arr, ok := all[k].([]any)
		if !ok || len(arr) != 24 {
			t.Fatalf("%s: %v", k, all[k])
		}
		for _, v := range arr {
			raw[k] = append(raw[k], v.(json.Number))
		}
	}
	for i, s := range raw["alpha_le"] {
		w, _ := raw["alpha_le_width"][i].Float64()
		decimals := 0
		if j := strings.IndexByte(string(s), '.'); j >= 0 {
			decimals = len(s) - j - 1
		}
		// one significant digit of the half-width: 10^-decimals <= w/2 < 10^-(decimals-1)
		if half := w / 2; !(w > 0) || math.Pow(10, -float64(decimals)) > half || half >= math.Pow(10, 1-float64(decimals)) {
			t.Errorf("alpha_le[%d] = %s printed with %d decimals for a bracket of width %g", i, s, decimals, w)
		}
	}
	// the table prints the stored alpha_LE with the digits its 0.002 bracket supports
	stored, _ := rf.StoredDiagram(rf.Model{Act: rf.Sign, Labels: rf.Teacher})
	out, _, code = runTrainCLI("rf", "diagram", "-stored")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) < 3 || len(stored) < 2 {
		t.Fatalf("rf diagram -stored: exit %d, %d lines, %d stored points", code, len(lines), len(stored))
	}
	for i := 0; i < 2; i++ {
		want := strconv.FormatFloat(stored[i].AlphaLE, 'f', 3, 64)
		if got := strings.Fields(lines[i+1])[2]; got != want {
			t.Errorf("table row %d: alpha_le %s, want the stored %s to 3 decimals", i+1, got, want)
		}
	}
}

// Each d of flatness has its own random stream: the value at d = 0.01 is the
// same alone or in a list, and the flip fraction actually measured is reported.
func TestFlatnessPerDStreams(t *testing.T) {
	at := func(list string, d float64) float64 {
		out, errs, code := runTrainCLI("flatness", "-n", "201", "-alpha", "0.3", "-algos", "cpr", "-d", list, "-flips", "50", "-test", "10", "-json")
		if code != 0 {
			t.Fatalf("-d %s: exit %d: %s", list, code, errs)
		}
		r := trainLines(t, out)[0]
		for i, x := range r["d"].([]any) {
			if x.(float64) == d {
				return r["local_energy"].([]any)[i].(float64)
			}
		}
		t.Fatalf("-d %s: no d=%g in %v", list, d, r["d"])
		return 0
	}
	alone, among := at("0.01", 0.01), at("0.005,0.01,0.02", 0.01)
	if alone != among {
		t.Errorf("local energy at d=0.01: %g alone, %g in a list; want identical", alone, among)
	}
	out, errs, code := runTrainCLI("flatness", "-n", "201", "-alpha", "0.3", "-algos", "cpr", "-d", "0.0001,0.05", "-flips", "5", "-test", "10", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	r := trainLines(t, out)[0]
	md, _ := r["d_measured"].([]any)
	w, _ := r["warning"].(string)
	if len(md) != 2 || md[0].(float64) != 1.0/201 || md[1].(float64) != 10.0/201 || !strings.Contains(w, "d=0.0001 is measured at 1 flip") {
		t.Errorf("d_measured %v, warning %q", md, w)
	}
}
