package main

import (
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"flatland/sim/experiment"
)

// finite-size is the sweep at each N: its lines for one N equal sweep's at that N (the same instances,
// seeds seed, seed+1, ...), in N-major order, each with its 68% Wilson interval; and the curves steepen:
// at small alpha every size solves everything, far above the threshold nothing, the larger N no
// better in between (storage, CP+R, whose threshold at these sizes is about 0.6-0.7).
func TestFiniteSizeIsTheSweepAtEachN(t *testing.T) {
	args := []string{"-alphas", "0.3,0.7,0.95", "-samples", "4", "-max-epochs", "400", "-json"}
	out, errs, code := runTrainCLI(append([]string{"finite-size", "-ns", "61,201"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := trainLines(t, out)
	if len(lines) != 6 {
		t.Fatalf("%d lines, want 2 sizes x 3 alphas:\n%s", len(lines), out)
	}
	for i, n := range []string{"61", "201"} {
		sweep := trainLines(t, sweepOutput(t, append([]string{"-n", n}, args...)...))
		for j, want := range sweep {
			got := lines[3*i+j]
			for _, k := range []string{"n", "alpha", "solved", "samples_done", "mean_train_error"} {
				if got[k] != want[k] {
					t.Errorf("N=%s alpha=%v: %s = %v, sweep says %v", n, want["alpha"], k, got[k], want[k])
				}
			}
			lo, hi := experiment.WilsonInterval(int(got["solved"].(float64)), int(got["samples_done"].(float64)), 1)
			if math.Abs(got["success_lo"].(float64)-lo) > 1e-12 || math.Abs(got["success_hi"].(float64)-hi) > 1e-12 {
				t.Errorf("N=%s alpha=%v: interval [%v, %v], want [%v, %v]", n, want["alpha"], got["success_lo"], got["success_hi"], lo, hi)
			}
		}
	}
	for _, l := range lines {
		if a := l["alpha"].(float64); a == 0.3 && l["success"] != 1.0 || a == 0.95 && l["success"] != 0.0 {
			t.Errorf("N=%v alpha=%v: success %v, want 1 far below and 0 far above the threshold", l["n"], a, l["success"])
		}
	}
	if lines[4]["success"].(float64) > lines[1]["success"].(float64) {
		t.Errorf("alpha=0.7: N=201 solves %v, more than N=61's %v: the curve should steepen, not move up", lines[4]["success"], lines[1]["success"])
	}
}

func TestFiniteSizeUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-ns", "61,1.5"}, "-ns: 1.5 is not a whole number"},
		{[]string{"-ns", "2"}, "-ns 2 out of range"},
		{[]string{"-ns", "61,x"}, "-ns"},
		{[]string{"-alphas", ""}, "-alphas"},
		{[]string{"-samples", "0"}, "-samples 0 out of range"},
	} {
		_, errs, code := runTrainCLI(append([]string{"finite-size"}, c.args...)...)
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("finite-size %v: exit %d, %q; want exit 2 naming %q", c.args, code, errs, c.want)
		}
	}
}

// The stored finite-size study the site draws (sim/experiment/stored) is the
// output of its command, byte for byte. Its larger sizes take minutes to
// hours, so natively the N = 201 lines up to alpha = 0.8 are re-derived
// (about 17 s of CPU); under WebAssembly, where they would take minutes,
// nothing.
func TestFiniteSizeStoredStudy(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("the stored study's N = 201 lines take about 17 s natively and minutes under WebAssembly: re-derived by the native tests only")
	}
	const n, alphaMax = 201, 0.8
	rows, err := experiment.StoredFiniteSize()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(experiment.FiniteSizeSizes(rows), n) {
		t.Skipf("the stored study has no N = %d lines (sizes %v): nothing cheap to re-derive", n, experiment.FiniteSizeSizes(rows))
	}
	stored := strings.Split(strings.TrimSpace(experiment.StoredFiniteSizeJSON()), "\n")
	var want, alphas []string
	for i, r := range rows {
		if r.N == n && r.Alpha <= alphaMax {
			want = append(want, stored[i])
			alphas = append(alphas, strconv.FormatFloat(r.Alpha, 'g', -1, 64))
		}
	}
	args := strings.Fields(experiment.StoredFiniteSizeCommand(strconv.Itoa(n)))
	if args[0] != "flatland" {
		t.Fatalf("stored command %q does not start with flatland", args)
	}
	args = args[1:]
	i := slices.Index(args, "-alphas")
	if i < 0 || i+1 >= len(args) {
		t.Fatalf("stored command %q has no -alphas", args)
	}
	args[i+1] = strings.Join(alphas, ",")
	out, errs, code := runTrainCLI(args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	got := strings.Split(strings.TrimSpace(out), "\n")
	if len(got) != len(want) {
		t.Fatalf("%d lines re-derived, %d stored (N = %d, alpha <= %v):\n%s", len(got), len(want), n, alphaMax, out)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("N = %d, alpha = %s differs\nre-derived: %s\nstored:     %s", n, alphas[i], got[i], want[i])
		}
	}
}
