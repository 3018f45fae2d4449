package main

import (
	"regexp"
	"runtime"
	"strings"
	"testing"

	"flatland/sim/deep"
	"flatland/sim/mnist/idx"
)

// needMNIST skips, saying why, when the GoMNIST files are not in the module cache.
func needMNIST(t *testing.T) {
	t.Helper()
	if _, err := idx.DefaultDir(); err != nil {
		t.Skipf("skipped: %v", err)
	}
}

// One JSON line per (algorithm, width), with the errors, the interpolation
// flag and the local energy per sigma; the wide network interpolates and is
// flatter than the narrow one.
func TestDeepCommandContract(t *testing.T) {
	needMNIST(t)
	out, errs, code := runTrainCLI("deep", "-widths", "4,64", "-algo", "sgd", "-train", "1000", "-test", "200",
		"-sigmas", "0.1,0.3", "-draws", "4", "-epochs", "30", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	recs := trainLines(t, out)
	if len(recs) != 2 {
		t.Fatalf("%d lines, want 2:\n%s", len(recs), out)
	}
	for _, r := range recs {
		for _, k := range []string{"algo", "layers", "width", "epochs", "interpolated", "train_error", "train_loss", "test_error",
			"test_loss", "sigma", "noisy_train_error", "noisy_train_error_se", "delta_e", "misclassified", "seconds", "cut_short"} {
			if _, ok := r[k]; !ok {
				t.Errorf("line lacks %q: %v", k, r)
			}
		}
	}
	for _, r := range recs {
		// the first misclassified test images, as indices into the test subset, ascending
		wrong, _ := r["misclassified"].([]any)
		errs := int(r["test_error"].(float64)*200 + 0.5)
		if len(wrong) != min(errs, deepKeepWrong) {
			t.Errorf("width %v: %d misclassified listed, %d test errors (at most %d listed)", r["width"], len(wrong), errs, deepKeepWrong)
		}
		for i, v := range wrong {
			if x := v.(float64); x < 0 || x >= 200 || i > 0 && x <= wrong[i-1].(float64) {
				t.Errorf("width %v: misclassified %v not ascending indices below 200", r["width"], wrong)
				break
			}
		}
	}
	narrow, wide := recs[0], recs[1]
	if narrow["interpolated"] != false || wide["interpolated"] != true || wide["train_error"].(float64) != 0 {
		t.Errorf("interpolation: width 4 %v (%v), width 64 %v (%v)", narrow["interpolated"], narrow["train_error"], wide["interpolated"], wide["train_error"])
	}
	dn, dw := narrow["delta_e"].([]any), wide["delta_e"].([]any)
	if len(dn) != 2 || len(dw) != 2 || !(dw[1].(float64) < dn[1].(float64)) {
		t.Errorf("delta_e at sigma 0.3: width 4 %v, width 64 %v; want the wide network flatter", dn, dw)
	}
	// the table prints one row per sigma
	out, errs, code = runTrainCLI("deep", "-widths", "16", "-algo", "rsgd", "-train", "200", "-test", "50",
		"-sigmas", "0.1,0.2,0.3", "-draws", "2", "-epochs", "3", "-replicas", "2")
	if code != 0 || strings.Count(strings.TrimSpace(out), "\n") != 3 || !strings.Contains(out, "rsgd") || strings.Contains(out, "misclassified") {
		t.Errorf("table: exit %d, %s\n%s", code, errs, out)
	}
}

// withoutSeconds drops the wall-clock field of `flatland deep -json` lines.
var withoutSeconds = regexp.MustCompile(`,"seconds":[0-9.e+-]*`)

// The stored sweep that the site draws at once (sim/deep/stored) is the
// output of its command, byte for byte but for the wall-clock seconds.
// Natively the whole sweep runs (about 14 s of CPU); under WebAssembly, where
// it would take minutes, only its first network (SGD, width 4).
func TestDeepStoredSweep(t *testing.T) {
	needMNIST(t)
	args := strings.Fields(deep.StoredSweepCommand)
	if args[0] != "flatland" {
		t.Fatalf("stored command %q does not start with flatland", deep.StoredSweepCommand)
	}
	args = args[1:]
	stored := strings.Split(strings.TrimSpace(deep.StoredSweepJSON()), "\n")
	if runtime.GOOS == "js" {
		t.Log("under WebAssembly only the first network of the stored sweep is re-derived (the whole sweep takes minutes here; natively it all runs)")
		for i, a := range args {
			if a == "-widths" || a == "-algo" {
				args[i+1] = strings.Split(args[i+1], ",")[0]
			}
		}
		stored = stored[:1]
	}
	out, errs, code := runTrainCLI(args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	got := strings.Split(strings.TrimSpace(withoutSeconds.ReplaceAllString(out, "")), "\n")
	if len(got) != len(stored) {
		t.Fatalf("%d lines re-derived, %d stored:\n%s", len(got), len(stored), out)
	}
	for i := range got {
		if got[i] != stored[i] {
			t.Errorf("line %d differs\nre-derived: %s\nstored:     %s", i+1, got[i], stored[i])
		}
	}
}

// -max-seconds stops the sweep wherever it is: the unfinished network is
// printed as cut short, without numbers.
func TestDeepCutShort(t *testing.T) {
	needMNIST(t)
	out, errs, code := runTrainCLI("deep", "-widths", "512", "-algo", "sgd", "-max-seconds", "0.001", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	r := trainLines(t, out)[0]
	if r["cut_short"] != true || r["train_error"] != nil || r["reason"] == nil {
		t.Errorf("cut short line: %v", r)
	}
}

// Bad flags are usage errors (exit 2) with a one-line message naming the flag.
func TestDeepUsageErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"-widths", "0"}, "-widths"},
		{[]string{"-widths", "8,x"}, "-widths"},
		{[]string{"-widths", "5000"}, "-widths"},
		{[]string{"-algo", "adam"}, "-algo"},
		{[]string{"-layers", "3"}, "-layers"},
		{[]string{"-train", "70000"}, "-train"},
		{[]string{"-test", "0"}, "-test"},
		{[]string{"-resolution", "7"}, "-resolution"},
		{[]string{"-sigmas", "0.1,NaN"}, "-sigmas"},
		{[]string{"-sigmas", "-0.1"}, "-sigmas"},
		{[]string{"-epochs", "0"}, "-epochs"},
		{[]string{"-draws", "0"}, "-draws"},
		{[]string{"-lr", "0"}, "-lr"},
		{[]string{"-momentum", "1"}, "-momentum"},
		{[]string{"-replicas", "0"}, "-replicas"},
		{[]string{"-max-seconds", "0"}, "max-seconds"},
		{[]string{"-widths", "4096", "-layers", "2", "-max-memory", "0.01"}, "-max-memory"},
		{[]string{"-json", "-csv"}, "choose one"},
		{[]string{"stray"}, "unexpected argument"},
	}
	for _, c := range cases {
		_, errs, code := runTrainCLI(append([]string{"deep"}, c.args...)...)
		if code != exitUsage || !strings.Contains(errs, c.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("deep %v: exit %d, stderr %q; want exit 2 and one line naming %q", c.args, code, errs, c.want)
		}
	}
}
