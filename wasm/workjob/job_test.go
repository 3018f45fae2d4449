package workjob

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"flatland/sim/deep"
	"flatland/sim/experiment"
	"flatland/sim/mnist"
	"flatland/sim/replica/rf"
	"flatland/sim/stepper"
)

func validDeep() *DeepRunJob {
	return &DeepRunJob{Width: 8, Layers: 1, Algo: "sgd", Seed: 1, Epochs: 3, Replicas: 3, Train: 100, Test: 50,
		TrainStream: 11, TestStream: 12, Sigmas: []float64{0.1, 0.5}, Draws: 2, KeepWrong: 4}
}

// A diagram point computed on its own lies within the stored diagram's
// alpha_LE bracket (plus its own), and its alpha_c agrees to 1e-6.
func TestRunDiagramPointMatchesStoredTable(t *testing.T) {
	if testing.Short() {
		t.Skip("computes two diagram points (about a second); skipped in -short mode")
	}
	m := rf.Model{Act: 0, Labels: 0}
	stored, ok := rf.StoredDiagram(rf.Model{Act: m.Act, Labels: m.Labels})
	if !ok {
		t.Fatal("no stored diagram for the default model")
	}
	for _, i := range []int{0, 15} {
		sp := stored[i]
		job := DiagramPointJob{Act: m.Act.String(), Labels: m.Labels.String(), AlphaD: sp.AlphaD, Guess: sp.AlphaLE / sp.AlphaC}
		r, err := RunDiagramPoint(job)
		if err != nil || r.Err != "" {
			t.Fatalf("point %d: %v %s", i, err, r.Err)
		}
		if d := math.Abs(float64(r.AlphaC) - sp.AlphaC); d > 1e-6 {
			t.Errorf("point %d: alpha_c %v, stored %v", i, r.AlphaC, sp.AlphaC)
		}
		tol := 0.5*(float64(r.AlphaLEWidth)+sp.AlphaLEWidth) + 1e-12
		if d := math.Abs(float64(r.AlphaLE) - sp.AlphaLE); d > tol {
			t.Errorf("point %d: alpha_LE %v, stored %v (brackets allow %g)", i, r.AlphaLE, sp.AlphaLE, tol)
		}
		// the same job gives the same numbers (the worker runs this very function)
		again, _ := RunDiagramPoint(job)
		if again != r {
			t.Errorf("point %d: a second run differs: %+v vs %+v", i, again, r)
		}
	}
}

// digitSet is a small random digit set (2x3 images, 4 grey levels).
func digitSet(n int, seed uint64) mnist.Set {
	r := rand.New(rand.NewPCG(seed, 3))
	s := mnist.Set{Rows: 2, Cols: 3, Levels: 4}
	for i := range n {
		s.Labels = append(s.Labels, uint8(i%mnist.Classes))
		for range s.Rows * s.Cols {
			s.Pixels = append(s.Pixels, uint8(r.IntN(s.Levels)))
		}
	}
	return s
}

// RunDeep in small slices gives the result of deep.Run stepped in one go.
func TestRunDeepMatchesOneRun(t *testing.T) {
	train, test := digitSet(200, 1), digitSet(60, 2)
	for _, algo := range []string{"sgd", "rsgd"} {
		p := validDeep()
		p.Algo, p.Train, p.Test = algo, 120, 1000 // the whole test set
		d, err := PrepareDeep(train, test, p.Train, p.Test, p.TrainStream, p.TestStream)
		if err != nil {
			t.Fatal(err)
		}
		if d.Train.N != 120 || d.Test.N != 60 {
			t.Fatalf("subsets of %d and %d images, want 120 and 60", d.Train.N, d.Test.N)
		}
		calls := 0
		got, err := RunDeep(*p, d, time.Microsecond, func(x float64) {
			if x < 0 || x > 1 {
				t.Errorf("progress %v outside [0, 1]", x)
			}
			calls++
		})
		if err != nil || got.Err != "" {
			t.Fatalf("%s: %v %s", algo, err, got.Err)
		}
		if calls == 0 {
			t.Errorf("%s: no progress reported", algo)
		}
		run, err := deep.NewRun(p.Config(), p.measure(), d.Train, d.Test)
		if err != nil {
			t.Fatal(err)
		}
		if done, err := run.Step(time.Hour); !done || err != nil {
			t.Fatalf("%s: one-go run: done %v, %v", algo, done, err)
		}
		want := run.Result()
		gotR := got.Result()
		wb, _ := json.Marshal(NewDeepRunResult(want))
		gb, _ := json.Marshal(NewDeepRunResult(gotR))
		if string(wb) != string(gb) {
			t.Fatalf("%s: sliced run differs:\n got %s\nwant %s", algo, gb, wb)
		}
	}
}

func TestRunDeepRejectsBadJob(t *testing.T) {
	p := validDeep()
	p.Draws = 0
	if _, err := RunDeep(*p, DeepSubsets{}, time.Millisecond, nil); err == nil || !strings.Contains(err.Error(), "draws") {
		t.Fatalf("RunDeep with no draws: error %v", err)
	}
	if _, err := PrepareDeep(digitSet(10, 1), digitSet(10, 2), 5, 5, 1, 2); err != nil {
		t.Fatalf("PrepareDeep of 5 of 10: %v", err)
	}
}

// A simulation job's run is the sweep's sample of the same problem (the
// worker and the page's own stepping give the same marks), and its
// problem survives the job's fields.
func TestRunSimMatchesSweepSample(t *testing.T) {
	p := experiment.DefaultProblem()
	p.Model, p.Labels, p.N, p.Alpha, p.AlphaD, p.Algo, p.Seed, p.TestExamples = experiment.RandomFeatures, "teacher", 61, 0.6, 1, "fbp", 2, 100
	sw, err := experiment.NewSweep([]experiment.Problem{p}, 2, experiment.Interleaved, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := stepper.Run(context.Background(), sw, time.Hour); err != nil {
		t.Fatal(err)
	}
	for s, want := range sw.Runs(0) {
		job := NewSimRunJob(sw.SampleProblem(0, s))
		if job.Problem() != sw.SampleProblem(0, s) {
			t.Fatalf("the job's problem %+v is not the sample's", job.Problem())
		}
		calls := 0
		got, err := RunSim(*job, time.Microsecond, func(float64) { calls++ })
		if err != nil {
			t.Fatal(err)
		}
		if got.Sample() != want {
			t.Errorf("sample %d: worker %+v, sweep %+v", s, got.Sample(), want)
		}
		if calls == 0 {
			t.Errorf("sample %d: no progress reported", s)
		}
	}
	bad := *NewSimRunJob(p)
	bad.Algo = "adam"
	if _, err := RunSim(bad, time.Millisecond, nil); err == nil || !strings.Contains(err.Error(), "simulation run") {
		t.Errorf("RunSim accepted an unknown algorithm: %v", err)
	}
}
