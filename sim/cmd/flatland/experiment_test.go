package main

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"flatland/sim/experiment"
	"flatland/sim/stepper"
)

// withoutWallClock decodes one JSON line and drops its wall-clock field.
func withoutWallClock(t *testing.T, line string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(line), &m); err != nil {
		t.Fatalf("not JSON: %q (%v)", line, err)
	}
	delete(m, "seconds")
	return m
}

// Page/CLI identity: `flatland train` with a problem's Args prints what the
// stepped run of sim/experiment computes when a browser steps it in frames
// of a few milliseconds (the record minus its wall-clock seconds).
func TestTrainMatchesSteppedRun(t *testing.T) {
	d := experiment.DefaultProblem()
	d.N, d.Alpha, d.TestExamples = 201, 0.5, 500
	teacher := d
	teacher.Labels, teacher.Alpha, teacher.Algo, teacher.MaxEpochs = "teacher", 1.2, "rsgd", 40
	rf := d
	rf.Model, rf.Act, rf.AlphaD, rf.Labels, rf.Algo, rf.MaxEpochs = "rf", "tanh", 1.5, "teacher", "fbp", 30
	rfRandom := d
	rfRandom.Model, rfRandom.AlphaD, rfRandom.TestExamples, rfRandom.Algo, rfRandom.MaxEpochs = "rf", 0.5, 0, "sa", 40
	com := d
	com.Model, com.K, com.Fully, com.N, com.Alpha, com.Algo, com.MaxEpochs, com.Seed = "committee", 3, true, 45, 0.3, "rsa", 20, 7
	cases := map[string]experiment.Problem{"perceptron": d, "perceptron teacher rsgd": teacher, "rf teacher": rf,
		"rf random labels, no test": rfRandom, "committee": com}
	for name, p := range cases {
		t.Run(name, func(t *testing.T) {
			out, errs, code := runTrainCLI(append([]string{"train", "-json"}, p.Args()...)...)
			if code != 0 {
				t.Fatalf("%s: exit %d: %s", p.Command(), code, errs)
			}
			got := withoutWallClock(t, strings.TrimSpace(out))

			r, err := experiment.NewRun(p)
			if err != nil {
				t.Fatal(err)
			}
			frames := 0
			for done := false; !done; frames++ {
				if done, err = r.Step(6 * time.Millisecond); err != nil {
					t.Fatal(err)
				}
			}
			var page bytes.Buffer
			o := &Output{w: &page, JSON: true}
			if err := o.Emit(trainRecord(p, r.Result(), experiment.Limits{MaxSeconds: 60})); err != nil {
				t.Fatal(err)
			}
			want := withoutWallClock(t, strings.TrimSpace(page.String()))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s\n CLI  %v\n page %v (%d frames)", p.Command(), got, want, frames)
			}
			res := r.Result()
			if got["solved"] != res.Solved || got["train_error"] != res.TrainError || got["iterations"] != float64(res.Iterations) ||
				got["test_examples"] != float64(p.TestExamples) || got["cut_short"] != false {
				t.Errorf("CLI %v, stepped result %+v", got, res)
			}
		})
	}
}

// sweepOutput runs sweep with args and returns its output.
func sweepOutput(t *testing.T, args ...string) string {
	t.Helper()
	out, errs, code := runTrainCLI(append([]string{"sweep"}, args...)...)
	if code != 0 {
		t.Fatalf("sweep %v: exit %d: %s", args, code, errs)
	}
	return out
}

// The outputs of shards 1..n, concatenated in order, are the unsharded
// output, byte for byte, for JSON lines and tables, and for more shards
// than points.
func TestSweepShardsConcatenate(t *testing.T) {
	base := []string{"-n", "61", "-alphas", "0.2,0.5,0.8,1,1.3", "-samples", "3", "-labels", "teacher", "-max-epochs", "300"}
	for _, format := range []string{"-json", "-json=false"} {
		args := append([]string{format}, base...)
		whole := sweepOutput(t, args...)
		if format == "-json" && strings.Count(whole, "\n") != 5 || strings.Contains(whole, "seconds") {
			t.Fatalf("unsharded output: %q", whole)
		}
		for _, n := range []int{1, 2, 3, 5, 7} {
			var joined strings.Builder
			for i := 1; i <= n; i++ {
				joined.WriteString(sweepOutput(t, append(args, "-shard", experiment.Shard{Index: i, Count: n}.String())...))
			}
			if joined.String() != whole {
				t.Errorf("%s, %d shards concatenated:\n%s\nunsharded:\n%s", format, n, joined.String(), whole)
			}
		}
	}
}

func TestSweepShardUsageErrors(t *testing.T) {
	for _, s := range []string{"0/3", "4/3", "x", "1/0", "", "1/2/3", "-1/2"} {
		out, errs, code := runTrainCLI("sweep", "-n", "61", "-alphas", "0.2", "-samples", "1", "-shard", s)
		if code != 2 || out != "" || !oneLine(errs) || !strings.Contains(errs, "-shard") || !strings.Contains(errs, "want i/n") {
			t.Errorf("-shard %q: exit %d, stdout %q, stderr %q; want exit 2 and one line naming -shard and its form", s, code, out, errs)
		}
	}
}

// Each sample of a sweep is reproduced alone by `flatland train` with the
// seed of the documented scheme (point seed + s) and the point's flags.
func TestSweepSamplesReproducibleByTrain(t *testing.T) {
	var p experiment.Problem = experiment.DefaultProblem()
	p.N, p.Alpha, p.Labels, p.Seed, p.MaxEpochs, p.TestExamples = 61, 1, "teacher", 40, 300, 0
	out := sweepOutput(t, "-json", "-n", "61", "-alphas", "1", "-labels", "teacher", "-seed", "40", "-max-epochs", "300", "-samples", "4")
	line := withoutWallClock(t, strings.TrimSpace(out))
	solved, sumErr := 0.0, 0.0
	for s := 0; s < 4; s++ {
		q := p
		q.Seed = experiment.SampleSeed(p.Seed, s)
		r := trainLines(t, mustTrain(t, q))[0]
		if r["solved"] == true {
			solved++
		}
		sumErr += r["train_error"].(float64)
	}
	if line["solved"] != solved || line["mean_train_error"] != sumErr/4 {
		t.Errorf("sweep line %v; the 4 train runs: %g solved, mean train error %g", line, solved, sumErr/4)
	}
	if solved == 0 || solved == 4 {
		t.Logf("all or none of the samples solved (%g): the check compares train errors only", solved)
	}
}

func mustTrain(t *testing.T, p experiment.Problem) string {
	t.Helper()
	out, errs, code := runTrainCLI(append([]string{"train", "-json"}, p.Args()...)...)
	if code != 0 {
		t.Fatalf("%s: exit %d: %s", p.Command(), code, errs)
	}
	return out
}

// The stepper the CLI's loops use stops at the deadline without an error.
func TestRunUntilDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	p := experiment.DefaultProblem()
	p.Model, p.N, p.AlphaD = "rf", 301, 100
	r, _ := experiment.NewRun(p)
	defer r.Close()
	done, err := runUntil(ctx, r)
	if done || err != nil || stepper.Expired(ctx) == nil || r.Stage() != experiment.StageData {
		t.Errorf("runUntil: done %v err %v stage %v", done, err, r.Stage())
	}
}

// Page/CLI identity for sweeps: `flatland sweep` with SweepArgs prints, per
// alpha, the counts and test errors that an interleaved sweep stepped in
// browser frames finds (the page runs samples in that order).
func TestSweepMatchesSteppedSweep(t *testing.T) {
	base := experiment.DefaultProblem()
	base.Model, base.Labels, base.Act, base.N, base.AlphaD, base.Algo, base.TestExamples, base.Seed =
		"rf", "teacher", "sign", 101, 0.5, "cpr", 300, 4
	var points []experiment.Problem
	for _, a := range []float64{0.3, 0.6, 1.5} {
		p := base
		p.Alpha = a
		points = append(points, p)
	}
	const samples = 3
	args, err := experiment.SweepArgs(points, samples)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(sweepOutput(t, append([]string{"-json"}, args...)...)), "\n")
	if len(lines) != len(points) {
		t.Fatalf("%d lines for %d points:\n%s", len(lines), len(points), strings.Join(lines, "\n"))
	}
	sw, err := experiment.NewSweep(points, samples, experiment.Interleaved, nil)
	if err != nil {
		t.Fatal(err)
	}
	for done := false; !done; {
		if done, err = sw.Step(6 * time.Millisecond); err != nil {
			t.Fatal(err)
		}
	}
	tested := 0
	for i, line := range lines {
		got := withoutWallClock(t, line)
		pt := sw.Point(i)
		lo, mean, hi := spread(pt.TestErrors)
		if got["alpha"] != points[i].Alpha || got["solved"] != float64(pt.Solved) || got["samples_done"] != float64(samples) {
			t.Errorf("alpha %v: CLI %v, page solved %d of %d", points[i].Alpha, got, pt.Solved, pt.Finished)
		}
		if len(pt.TestErrors) > 0 {
			tested++
			if got["mean_test_error"] != mean || got["min_test_error"] != lo || got["max_test_error"] != hi {
				t.Errorf("alpha %v: CLI test errors %v %v %v, page %v %v %v", points[i].Alpha,
					got["min_test_error"], got["mean_test_error"], got["max_test_error"], lo, mean, hi)
			}
		} else if got["mean_test_error"] != nil {
			t.Errorf("alpha %v: no solution, yet mean_test_error %v", points[i].Alpha, got["mean_test_error"])
		}
	}
	if tested == 0 {
		t.Error("no point had a solution: the test errors were never compared")
	}
	cmd, _ := experiment.SweepCommand(points, samples)
	if !strings.HasPrefix(cmd, "flatland sweep ") || !strings.Contains(cmd, "-alphas 0.3,0.6,1.5") || strings.Contains(cmd, "-alpha ") {
		t.Errorf("command %q", cmd)
	}
}
