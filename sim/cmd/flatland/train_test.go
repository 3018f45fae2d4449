package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func runTrainCLI(args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	code := runMain(args, &out, &errb)
	return out.String(), errb.String(), code
}

func trainLines(t *testing.T, s string) []map[string]any {
	var recs []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("not JSON: %q (%v)", line, err)
		}
		recs = append(recs, m)
	}
	return recs
}

func TestTrainCommandContract(t *testing.T) {
	out, errs, code := runTrainCLI("train", "-algo", "cpr", "-n", "301", "-alpha", "0.4", "-seed", "2", "-json", "-test", "2000")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	r := trainLines(t, out)[0]
	for _, k := range []string{"algo", "n", "alpha", "solved", "train_error", "test_error", "iterations", "seconds"} {
		if _, ok := r[k]; !ok {
			t.Errorf("train output lacks %q: %v", k, r)
		}
	}
	if r["solved"] != true || r["train_error"].(float64) != 0 || r["algo"] != "cpr" {
		t.Errorf("CP+R at alpha 0.4 N 301: %v", r)
	}
	// teacher labels report the overlap; committee with sa runs
	out, errs, code = runTrainCLI("train", "-labels", "teacher", "-algo", "cpr", "-n", "201", "-alpha", "1", "-json", "-test", "500")
	if code != 0 || !strings.Contains(out, "teacher_overlap") {
		t.Errorf("teacher run: exit %d, %s %s", code, out, errs)
	}
	out, errs, code = runTrainCLI("train", "-model", "committee", "-k", "3", "-algo", "sa", "-n", "99", "-alpha", "0.2", "-max-epochs", "50", "-json", "-test", "100")
	if code != 0 {
		t.Errorf("committee sa: exit %d, %s", code, errs)
	}
	out, errs, code = runTrainCLI("train", "-model", "rf", "-act", "relu", "-alpha-d", "0.5", "-algo", "fbp", "-n", "201", "-alpha", "0.3", "-json", "-test", "200", "-max-epochs", "40")
	if code != 0 || trainLines(t, out)[0]["model"] != "rf" {
		t.Errorf("rf fbp: exit %d, %s %s", code, out, errs)
	}
}

func TestTrainUsageErrors(t *testing.T) {
	cases := [][]string{
		{"train", "-algo", "adam"},
		{"train", "-alpha", "-1"},
		{"train", "-model", "committee", "-k", "2"},
		{"train", "-act", "softplus"},
		{"sweep", "-alphas", "0.3,x"},
		{"flatness", "-d", "0"},
		{"flatness", "-algos", "sa,foo"},
	}
	for _, c := range cases {
		_, errs, code := runTrainCLI(c...)
		if code != 2 || errs == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", c, code, errs)
		}
	}
}

func TestSweepAndFlatness(t *testing.T) {
	out, errs, code := runTrainCLI("sweep", "-algo", "cpr", "-n", "201", "-alphas", "0.2,0.3", "-samples", "3", "-json")
	if code != 0 {
		t.Fatalf("sweep exit %d: %s", code, errs)
	}
	recs := trainLines(t, out)
	if len(recs) != 2 || recs[0]["success"].(float64) != 1 || recs[1]["samples"].(float64) != 3 {
		t.Errorf("sweep: %v", recs)
	}
	out, errs, code = runTrainCLI("flatness", "-n", "201", "-alpha", "0.3", "-algos", "cpr,fbp", "-d", "0.01,0.1", "-flips", "20", "-json", "-test", "100")
	if code != 0 {
		t.Fatalf("flatness exit %d: %s", code, errs)
	}
	recs = trainLines(t, out)
	if len(recs) != 2 {
		t.Fatalf("flatness: want 2 lines, got %d", len(recs))
	}
	for _, r := range recs {
		le := r["local_energy"].([]any)
		if len(le) != 2 || le[0].(float64) > le[1].(float64) {
			t.Errorf("flatness %v: local energy %v", r["algo"], le)
		}
	}
	// table output has a header line
	out, _, code = runTrainCLI("sweep", "-algo", "cpr", "-n", "101", "-alphas", "0.2", "-samples", "1")
	if code != 0 || !strings.HasPrefix(out, "algo") {
		t.Errorf("table output: %q", out)
	}
}

// Every algorithm trains committee machines, tree and fully connected, from
// the command line: exit 0 and a solved run at a small load.
func TestTrainCommitteeEveryAlgorithm(t *testing.T) {
	for _, algo := range []string{"cpr", "sgd", "sa", "rsa", "rsgd", "fbp"} {
		for _, wiring := range [][]string{nil, {"-fully"}} {
			args := append([]string{"train", "-model", "committee", "-k", "3", "-algo", algo, "-n", "63", "-alpha", "0.2", "-seed", "1", "-json"}, wiring...)
			out, errs, code := runTrainCLI(args...)
			if code != 0 {
				t.Errorf("%v: exit %d, %s", args[1:], code, errs)
				continue
			}
			if r := trainLines(t, out)[0]; r["model"] != "committee" || r["solved"] != true {
				t.Errorf("%v: %v", args[1:], r)
			}
		}
	}
}
