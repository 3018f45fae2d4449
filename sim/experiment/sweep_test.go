package experiment_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"flatland/sim/experiment"
	"flatland/sim/stepper"
	"flatland/sim/stepper/steppertest"
)

// sweepPoints are three loads of a small teacher-student perceptron around
// the algorithm's threshold, so points differ in their solved counts.
func sweepPoints() []experiment.Problem {
	var pts []experiment.Problem
	for _, a := range []float64{0.3, 0.7, 1.2} {
		p := experiment.DefaultProblem()
		p.N, p.Alpha, p.Labels, p.Seed, p.TestExamples, p.MaxEpochs = 61, a, "teacher", 5, 200, 200
		pts = append(pts, p)
	}
	return pts
}

func runSweep(t *testing.T, order experiment.Order, skip func(experiment.Problem) error) *experiment.Sweep {
	t.Helper()
	sw, err := experiment.NewSweep(sweepPoints(), 4, order, skip)
	if err != nil {
		t.Fatal(err)
	}
	if err := stepper.Run(context.Background(), sw, time.Millisecond); err != nil {
		t.Fatal(err)
	}
	return sw
}

func pointResults(sw *experiment.Sweep) []experiment.PointResult {
	var out []experiment.PointResult
	for i := 0; i < sw.Points(); i++ {
		out = append(out, sw.Point(i))
	}
	return out
}

// Point by point and interleaved give the same aggregates and runs.
func TestSweepOrderIndependent(t *testing.T) {
	a, b := runSweep(t, experiment.PointByPoint, nil), runSweep(t, experiment.Interleaved, nil)
	if pa, pb := pointResults(a), pointResults(b); !reflect.DeepEqual(pa, pb) {
		t.Errorf("point by point %+v\ninterleaved %+v", pa, pb)
	}
	solved := 0
	for i := 0; i < a.Points(); i++ {
		if !reflect.DeepEqual(a.Runs(i), b.Runs(i)) {
			t.Errorf("point %d: runs differ between orders", i)
		}
		solved += a.Point(i).Solved
		if pt := a.Point(i); pt.Finished != 4 || len(pt.TestErrors) != pt.Solved {
			t.Errorf("point %d: %+v, want 4 finished runs and a test error per solved run", i, pt)
		}
	}
	if solved == 0 || solved == 12 {
		t.Errorf("%d of 12 runs solved: the points do not tell orders apart", solved)
	}
}

// Runs claimed by another executor (a Web Worker), delivered in any order,
// some handed back and stepped, give the same points as a stepped sweep.
func TestSweepClaimDeliverReturn(t *testing.T) {
	want := runSweep(t, experiment.Interleaved, nil)
	sw, err := experiment.NewSweep(sweepPoints(), 4, experiment.Interleaved, nil)
	if err != nil {
		t.Fatal(err)
	}
	type claim struct {
		point, sample int
		p             experiment.Problem
	}
	var claims []claim
	for {
		i, k, p, ok := sw.Claim()
		if !ok {
			break
		}
		claims = append(claims, claim{i, k, p})
		if len(claims) == 9 {
			break // the last three are left for Step
		}
	}
	if sw.Claimed() != 9 || sw.Started() != 9 || sw.Finished() != 0 || sw.Done() {
		t.Fatalf("after 9 claims: claimed %d, started %d, finished %d, done %v", sw.Claimed(), sw.Started(), sw.Finished(), sw.Done())
	}
	// Deliver from the last claim backwards (out of sample order), but hand
	// the first claim back.
	for j := len(claims) - 1; j >= 1; j-- {
		c := claims[j]
		if c.p != sw.SampleProblem(c.point, c.sample) {
			t.Fatalf("claim %d: problem %+v, want the sample's", j, c.p)
		}
		r, _ := experiment.NewRun(c.p)
		if err := stepper.Run(context.Background(), r, time.Hour); err != nil {
			t.Fatal(err)
		}
		sw.Deliver(c.point, r.Sample())
	}
	sw.Return(claims[0].point, claims[0].sample)
	if sw.Claimed() != 0 || sw.Finished() != 8 || sw.Done() {
		t.Fatalf("after delivering 8 and returning 1: claimed %d, finished %d, done %v", sw.Claimed(), sw.Finished(), sw.Done())
	}
	if err := stepper.Run(context.Background(), sw, time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if got, w := pointResults(sw), pointResults(want); !reflect.DeepEqual(got, w) {
		t.Errorf("claimed %+v\nstepped %+v", got, w)
	}
	for i := 0; i < sw.Points(); i++ {
		if !reflect.DeepEqual(sw.Runs(i), want.Runs(i)) {
			t.Errorf("point %d: runs %+v, want %+v (in sample order)", i, sw.Runs(i), want.Runs(i))
		}
	}
	if _, _, _, ok := sw.Claim(); ok || !sw.Done() || sw.Progress() != 1 {
		t.Errorf("a finished sweep: claim ok %v, done %v, progress %g", ok, sw.Done(), sw.Progress())
	}
	// Deliveries nobody claimed are ignored.
	sw.Deliver(0, experiment.Sample{Seed: 99})
	sw.Return(0, 0)
	if sw.Point(0).Finished != 4 || !sw.Done() {
		t.Errorf("an unclaimed delivery changed the sweep: %+v", sw.Point(0))
	}
}

// The interleaved order gives every point a sample before any gets a second.
func TestSweepInterleavedEstimatesEarly(t *testing.T) {
	sw, _ := experiment.NewSweep(sweepPoints(), 4, experiment.Interleaved, nil)
	defer sw.Close()
	for sw.Point(len(sweepPoints())-1).Finished == 0 {
		if _, err := sw.Step(0); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < sw.Points(); i++ {
			if f := sw.Point(i).Finished; f > 1 {
				t.Fatalf("point %d has %d samples before the last point has one", i, f)
			}
		}
	}
}

// Sample s at a point is the run of its problem with seed base+s: `flatland
// train` with SampleProblem's flags reproduces it.
func TestSweepSamplesReproducibleAlone(t *testing.T) {
	sw := runSweep(t, experiment.Interleaved, nil)
	for i := 0; i < sw.Points(); i++ {
		for s, got := range sw.Runs(i) {
			p := sw.SampleProblem(i, s)
			if p.Seed != sweepPoints()[i].Seed+uint64(s) || got.Seed != p.Seed {
				t.Fatalf("point %d sample %d: seed %d (problem %d), want base+s", i, s, got.Seed, p.Seed)
			}
			r, _ := experiment.NewRun(p)
			if err := stepper.Run(context.Background(), r, time.Hour); err != nil {
				t.Fatal(err)
			}
			res := r.Result()
			want := experiment.Sample{Seed: p.Seed, Solved: res.Solved, TrainError: res.TrainError, Iterations: res.Iterations,
				Work: res.Work, TestError: res.TestError, TestedExamples: res.TestedExamples}
			if got != want {
				t.Errorf("point %d sample %d (%s): sweep %+v, alone %+v", i, s, p.Command(), got, want)
			}
		}
	}
}

func TestSweepSlicing(t *testing.T) {
	steppertest.CheckSlicing(t, func() stepper.Stepper {
		sw, err := experiment.NewSweep(sweepPoints()[:2], 2, experiment.Interleaved, nil)
		if err != nil {
			t.Fatal(err)
		}
		return sw
	}, func(s stepper.Stepper) string { return fmt.Sprintf("%+v", pointResults(s.(*experiment.Sweep))) })
}

// A point the caller's check refuses is not run; its reason is kept.
func TestSweepSkip(t *testing.T) {
	tooBig := errors.New("over the budget")
	asked := 0
	sw := runSweep(t, experiment.Interleaved, func(p experiment.Problem) error {
		asked++
		if p.Alpha > 1 {
			return tooBig
		}
		return nil
	})
	if asked != 3 {
		t.Errorf("the check was asked %d times, want once per point (3)", asked)
	}
	last := sw.Point(2)
	if last.Skipped != tooBig || last.Finished != 0 || !sw.PointDone(2) || sw.Progress() != 1 || sw.Finished() != sw.Total() {
		t.Errorf("skipped point: %+v, progress %g, %d of %d runs finished or skipped", last, sw.Progress(), sw.Finished(), sw.Total())
	}
	if sw.Point(0).Skipped != nil || sw.Point(0).Finished != 4 {
		t.Errorf("point 0: %+v", sw.Point(0))
	}
	if note := sw.SkippedNote(); note != "1 of 3 simulation points not run: over the budget" {
		t.Errorf("note %q", note)
	}
}

func TestSweepErrors(t *testing.T) {
	bad := sweepPoints()
	bad[1].Algo = "adam"
	if _, err := experiment.NewSweep(bad, 2, experiment.PointByPoint, nil); err == nil || !strings.Contains(err.Error(), "point 2 (alpha=0.7)") {
		t.Errorf("invalid point: %v", err)
	}
	if _, err := experiment.NewSweep(sweepPoints(), 0, experiment.PointByPoint, nil); err == nil {
		t.Errorf("zero samples accepted")
	}
	empty, err := experiment.NewSweep(nil, 3, experiment.PointByPoint, nil)
	if done, serr := empty.Step(0); err != nil || !done || serr != nil || empty.Progress() != 1 {
		t.Errorf("empty sweep: %v %v %v", err, done, serr)
	}
}

// The shares 1..n of m points cover them in order, each once, in blocks
// whose sizes differ by at most one; the first share is never empty.
func TestShardRange(t *testing.T) {
	for m := 0; m <= 9; m++ {
		for n := 1; n <= 12; n++ {
			next, smallest, largest := 0, m, 0
			for i := 1; i <= n; i++ {
				lo, hi := experiment.Shard{Index: i, Count: n}.Range(m)
				if lo != next || hi < lo {
					t.Fatalf("m=%d n=%d share %d: [%d, %d), want it to start at %d", m, n, i, lo, hi, next)
				}
				if i == 1 && m > 0 && hi == lo {
					t.Errorf("m=%d n=%d: the first share is empty", m, n)
				}
				next, smallest, largest = hi, min(smallest, hi-lo), max(largest, hi-lo)
			}
			if next != m || largest-smallest > 1 {
				t.Errorf("m=%d n=%d: shares end at %d, sizes %d..%d", m, n, next, smallest, largest)
			}
		}
	}
	if lo, hi := (experiment.Shard{}).Range(5); lo != 0 || hi != 5 {
		t.Errorf("zero shard: [%d, %d), want the whole sweep", lo, hi)
	}
}

func TestParseShard(t *testing.T) {
	good := map[string]experiment.Shard{"1/1": {1, 1}, "2/8": {2, 8}, " 3/3 ": {3, 3}}
	for s, want := range good {
		if got, err := experiment.ParseShard(s); err != nil || got != want {
			t.Errorf("%q: %v %v, want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"0/3", "4/3", "x", "1/0", "", "1/2/3", "-1/2", "1/-2", "a/b", "2", "1.5/3", "1/99999999999"} {
		if _, err := experiment.ParseShard(s); err == nil || !strings.Contains(err.Error(), "want i/n") {
			t.Errorf("%q: %v, want an error saying the form", s, err)
		}
	}
}

// SweepArgs writes -alphas and -samples in place of -alpha, and refuses points
// that one `flatland sweep` cannot run (they differ in more than alpha).
func TestSweepArgs(t *testing.T) {
	a := experiment.DefaultProblem()
	b := a
	b.Alpha = 0.75
	args, err := experiment.SweepArgs([]experiment.Problem{a, b}, 4)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(args, " ")
	if !strings.Contains(text, "-alphas 0.5,0.75 -samples 4") || strings.Contains(text, "-alpha ") {
		t.Errorf("SweepArgs = %q", text)
	}
	c := b
	c.N = 301
	if _, err := experiment.SweepArgs([]experiment.Problem{a, c}, 4); err == nil {
		t.Error("points that differ in n were accepted")
	}
	if _, err := experiment.SweepArgs(nil, 4); err == nil {
		t.Error("an empty sweep was accepted")
	}
}
