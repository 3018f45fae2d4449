package experiment_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"flatland/sim/data"
	"flatland/sim/experiment"
	"flatland/sim/nets"
	"flatland/sim/stepper"
	"flatland/sim/stepper/steppertest"
	"flatland/sim/train"
)

// small returns quick problems of every model.
func small() map[string]experiment.Problem {
	d := experiment.DefaultProblem()
	d.N, d.Alpha, d.TestExamples = 101, 0.4, 300
	teacher := d
	teacher.Labels, teacher.Alpha = "teacher", 1
	rf := d
	rf.Model, rf.Act, rf.AlphaD, rf.Labels, rf.Algo, rf.MaxEpochs = "rf", "relu", 2, "teacher", "fbp", 20
	rfSign := d
	rfSign.Model, rfSign.AlphaD, rfSign.Algo, rfSign.MaxEpochs = "rf", 0.5, "rsa", 20
	com := d
	com.Model, com.K, com.N, com.Alpha, com.Algo, com.MaxEpochs = "committee", 3, 63, 0.3, "sa", 30
	return map[string]experiment.Problem{"perceptron storage": d, "perceptron teacher": teacher, "rf relu teacher": rf,
		"rf sign": rfSign, "committee": com}
}

// describe prints everything a Result holds except the wall-clock time.
func describe(r experiment.Result) string {
	r.TrainSeconds = 0
	return fmt.Sprintf("%+v", r)
}

// The run's result does not depend on how it is sliced, for every model.
func TestRunSlicing(t *testing.T) {
	for name, p := range small() {
		t.Run(name, func(t *testing.T) {
			steppertest.CheckSlicing(t, func() stepper.Stepper {
				r, err := experiment.NewRun(p)
				if err != nil {
					t.Fatal(err)
				}
				return r
			}, func(s stepper.Stepper) string { return describe(s.(*experiment.Run).Result()) })
		})
	}
}

// The stepped run computes what the plain pipeline does: data.Rule.Sample,
// the student, train.New run to completion, nets.TestError.
func TestRunMatchesPlainPipeline(t *testing.T) {
	for name, p := range small() {
		t.Run(name, func(t *testing.T) {
			r, err := experiment.NewRun(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := stepper.Run(context.Background(), r, time.Millisecond); err != nil {
				t.Fatal(err)
			}
			got := r.Result()

			labels, _ := data.ParseLabels(p.Labels)
			inputs, _ := data.ParseInputs(p.Inputs)
			act, _ := data.ParseActivation(p.Act)
			var rule *data.Rule
			switch p.Model {
			case "perceptron":
				rule, err = data.NewPerceptronRule(p.N, inputs, labels, p.Seed)
			case "rf":
				rule, err = data.NewRandomFeaturesRule(p.D(), p.N, act, labels, p.Seed)
			case "committee":
				rule, err = data.NewCommitteeRule(p.N, p.K, !p.Fully, inputs, labels, p.Seed)
			}
			if err != nil {
				t.Fatal(err)
			}
			set := rule.Sample(p.P(), p.Seed, data.StreamTrain)
			var m nets.Model
			if p.Model == "committee" {
				m = nets.NewCommittee(set, p.K, !p.Fully)
			} else {
				lin := nets.NewLinear(set)
				lin.SetKappa(p.Kappa)
				m = lin
			}
			tr, err := train.New(p.Algo, m, p.Seed, p.MaxEpochs)
			if err != nil {
				t.Fatal(err)
			}
			if err := stepper.Run(context.Background(), tr, time.Hour); err != nil {
				t.Fatal(err)
			}
			s, w := tr.Snapshot(), tr.Weights()
			want := experiment.Result{Stage: experiment.StageDone, Trained: true, Solved: s.Solved, TrainError: s.TrainError,
				Iterations: s.Epoch, Work: s.Work, Weights: w, TestError: nets.TestError(m, w, rule, p.TestExamples, p.Seed),
				TestedExamples: p.TestExamples}
			if p.Model == "perceptron" && p.Labels == "teacher" {
				want.TeacherOverlap, want.HasTeacherOverlap = nets.Overlap(w, rule.Teacher), true
			}
			if describe(got) != describe(want) {
				t.Errorf("stepped run\n got %s\nwant %s", describe(got), describe(want))
			}
		})
	}
}

// A run stopped in a stage reports what it has and says what is missing;
// Close releases it.
func TestRunStoppedEarly(t *testing.T) {
	p := experiment.DefaultProblem()
	p.Model, p.N, p.AlphaD, p.Alpha, p.TestExamples = "rf", 201, 2, 0.3, 3000
	r, err := experiment.NewRun(p)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	seen := map[experiment.Stage]bool{}
	for steps := 0; r.Stage() != experiment.StageDone && steps < 1e6; steps++ {
		st := r.Stage()
		res := r.Result()
		if !seen[st] {
			seen[st] = true
			want := map[experiment.Stage]string{experiment.StageData: "data generation: nothing was trained",
				experiment.StageTrain: "training: the errors are those of the weights reached", experiment.StageTest: "testing: test error over"}[st]
			if !strings.HasPrefix(res.CutShort, want) || res.Trained != (st != experiment.StageData) {
				t.Errorf("stopped in %v: cut short %q, trained %v", st, res.CutShort, res.Trained)
			}
		}
		if _, err := r.Step(0); err != nil {
			t.Fatal(err)
		}
	}
	for _, st := range []experiment.Stage{experiment.StageData, experiment.StageTrain, experiment.StageTest} {
		if !seen[st] {
			t.Errorf("the run never paused in stage %v", st)
		}
	}
	if res := r.Result(); res.CutShort != "" || res.TestedExamples != p.TestExamples || r.Progress() != 1 {
		t.Errorf("finished run: %q, %d tested, progress %g", res.CutShort, res.TestedExamples, r.Progress())
	}

	// abandoned mid-way: Close ends it
	r2, _ := experiment.NewRun(p)
	r2.Step(0)
	r2.Close()
	if done, err := r2.Step(time.Second); !done || err != stepper.ErrClosed {
		t.Errorf("after Close: %v %v, want done with stepper.ErrClosed", done, err)
	}
}

// A second algorithm on the data of a first run gives what its own run gives.
func TestRunOnSharedData(t *testing.T) {
	p := small()["rf relu teacher"]
	first, _ := experiment.NewRun(p)
	if err := stepper.Run(context.Background(), first, time.Hour); err != nil {
		t.Fatal(err)
	}
	q := p
	q.Algo, q.MaxEpochs, q.TestExamples = "sa", 10, 50
	shared, err := experiment.NewRunOn(q, first)
	if err != nil {
		t.Fatal(err)
	}
	alone, _ := experiment.NewRun(q)
	for _, r := range []*experiment.Run{shared, alone} {
		if err := stepper.Run(context.Background(), r, time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	if describe(shared.Result()) != describe(alone.Result()) {
		t.Errorf("shared data\n got %s\nwant %s", describe(shared.Result()), describe(alone.Result()))
	}
	other := p
	other.Seed++
	if _, err := experiment.NewRunOn(other, first); err == nil {
		t.Errorf("a problem with other data was allowed to share")
	}
	fresh, _ := experiment.NewRun(p)
	if _, err := experiment.NewRunOn(q, fresh); err == nil {
		t.Errorf("sharing the data of a run that has not drawn them was allowed")
	}
}

// The estimate follows the real data structures: it is within a factor
// 1.5 of the peak heap of the problem and the algorithm. The peak is while
// the student is built from the training set; a linear student copies the
// set, which the run then drops, so the set counts on top of the heap held
// afterwards (a committee keeps the set itself).
func TestFootprintMatchesHeap(t *testing.T) {
	cases := []struct {
		model, act, algo string
		n                int
		alpha, alphaD    float64
	}{
		{"perceptron", "sign", "cpr", 1001, 2, 0.5},
		{"perceptron", "sign", "fbp", 1001, 2, 0.5},
		{"rf", "relu", "sa", 401, 1, 3},
		{"committee", "sign", "rsa", 601, 1, 0.5},
	}
	for _, c := range cases {
		p := experiment.DefaultProblem()
		p.Model, p.Act, p.Algo, p.N, p.Alpha, p.AlphaD, p.MaxEpochs = c.model, c.act, c.algo, c.n, c.alpha, c.alphaD, 1
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		r, err := experiment.NewRun(p)
		if err != nil {
			t.Fatal(err)
		}
		for r.Stage() == experiment.StageData {
			if _, err := r.Step(0); err != nil {
				t.Fatal(err)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		live := float64(after.HeapAlloc) - float64(before.HeapAlloc)
		if c.model != "committee" {
			live += float64(8*p.P()*p.N + p.P())
		}
		est := p.Footprint(2).Bytes()
		runtime.KeepAlive(r)
		r.Close()
		t.Logf("%s %s n=%d alpha=%g: estimate %s, peak heap %s", c.model, c.algo, c.n, c.alpha, experiment.FormatBytes(est), experiment.FormatBytes(live))
		if est < live/1.5 || est > 1.5*live {
			t.Errorf("%s %s: estimate %s, live heap %s: off by more than a factor 1.5", c.model, c.algo, experiment.FormatBytes(est), experiment.FormatBytes(live))
		}
	}
}

// StepStage draws the data and stops before training, whatever the budget:
// the page trains only when the reader presses play.
func TestRunStepStageStopsBeforeTraining(t *testing.T) {
	p := experiment.DefaultProblem()
	p.N, p.Alpha, p.TestExamples = 101, 0.3, 100
	r, err := experiment.NewRun(p)
	if err != nil {
		t.Fatal(err)
	}
	for r.Stage() == experiment.StageData {
		if _, err := r.StepStage(time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	if r.Stage() != experiment.StageTrain || r.Trainer() == nil || r.Trainer().Snapshot().Epoch != 0 {
		t.Fatalf("after the data stage: stage %v, trainer %v", r.Stage(), r.Trainer())
	}
	if r.ExamplesDrawn() != p.P() {
		t.Errorf("%d examples drawn, want %d", r.ExamplesDrawn(), p.P())
	}
}
