package experiment

import (
	"context"
	"fmt"
	"time"

	"flatland/sim/data"
	"flatland/sim/nets"
	"flatland/sim/stepper"
	"flatland/sim/train"
)

// Stage is the part of a Run that is running (or where it stopped).
type Stage int

// The stages of a Run, in order.
const (
	StageData  Stage = iota // drawing the rule and the training set, building the student
	StageTrain              // the algorithm runs
	StageTest               // the test error on fresh examples
	StageDone               // finished
)

// String names the stage as the CLI's cut-short reasons do.
func (s Stage) String() string {
	switch s {
	case StageData:
		return "data generation"
	case StageTrain:
		return "training"
	case StageTest:
		return "testing"
	case StageDone:
		return "done"
	}
	return fmt.Sprintf("stage %d", int(s))
}

// Progress shares of the stages, by their rough cost in a typical run.
const (
	dataShare  = 0.2
	trainShare = 0.7
	testShare  = 0.1
)

// workPerYield is the work, in multiply-adds of drawing examples, between
// two checkpoints of the data and test stages: about 0.2 ms in WebAssembly,
// so a browser frame's budget of a few ms is kept.
const workPerYield = 2e5

// Run is one training run of a Problem as a resumable stepper: draw the
// data, build the student, train, then test on fresh examples. Every stage
// does bounded work per Step, and the result does not depend on how the
// work is sliced. A Run that is abandoned before it finishes must be
// Closed (its stages run as stepper.Coroutines).
type Run struct {
	problem Problem
	seq     *stepper.Seq
	dataCo  *stepper.Coroutine // nil when the data are shared with another run
	testCo  *stepper.Coroutine // built when the test starts
	first   Stage              // the stage seq starts with (StageTrain when the data are shared)
	err     error

	rule    *data.Rule
	model   nets.Model
	trainer train.Trainer // built with the model, at the end of the data stage

	rowsDrawn     int // rf feature rows drawn (progress only)
	examplesDrawn int
	trainTime     time.Duration
	weights       []int8 // the trained weights, once training is done
	tested, wrong int
}

// NewRun validates p and prepares its run; nothing is drawn before the
// first Step.
func NewRun(p Problem) (*Run, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	r := &Run{problem: p}
	r.dataCo = stepper.NewCoroutine(r.drawData, r.dataProgress)
	r.seq = r.stages(stepper.Stage{Weight: dataShare, Stepper: r.dataCo})
	return r, nil
}

// NewRunOn prepares p's run on the data and student of run on, which must
// have finished its data stage: a comparison of algorithms on one training
// set draws it once. p may differ from on's problem only in Algo, MaxEpochs
// and TestExamples.
func NewRunOn(p Problem, on *Run) (*Run, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if on == nil || on.model == nil {
		return nil, fmt.Errorf("experiment: the run to share data with has not drawn its data")
	}
	if !p.sameData(on.problem) {
		return nil, fmt.Errorf("experiment: %s does not train on the data of %s", p.Command(), on.problem.Command())
	}
	r := &Run{problem: p, rule: on.rule, model: on.model, examplesDrawn: on.examplesDrawn, rowsDrawn: on.rowsDrawn}
	if err := r.newTrainer(); err != nil {
		return nil, err
	}
	r.first = StageTrain
	r.seq = r.stages()
	return r, nil
}

// stages appends the training and test stages to the data stage (none when
// the data are shared).
func (r *Run) stages(data ...stepper.Stage) *stepper.Seq {
	testWeight := 0.0
	if r.problem.TestExamples > 0 {
		testWeight = testShare
	}
	return stepper.Weighted(append(data,
		stepper.Stage{Weight: trainShare, Stepper: stepper.Later(func() (stepper.Stepper, error) { return trainStage{r}, nil })},
		stepper.Stage{Weight: testWeight, Stepper: stepper.Later(r.startTest)})...)
}

// Step advances the run by about budget (at least one small unit of work).
func (r *Run) Step(budget time.Duration) (bool, error) {
	if r.err != nil {
		return true, r.err
	}
	done, err := r.seq.Step(budget)
	r.err = err
	return done, err
}

// StepStage is Step that stops at the end of the current stage: the next
// stage starts with the next call. The page's train figure draws the data
// at once but trains only while the reader has pressed play.
func (r *Run) StepStage(budget time.Duration) (bool, error) {
	if r.err != nil {
		return true, r.err
	}
	done, err := r.seq.StepStage(budget)
	r.err = err
	return done, err
}

// Progress is the share of the work done, 0..1 (data 20%, training 70%,
// test 10% of a typical run).
func (r *Run) Progress() float64 { return r.seq.Progress() }

// Stage is the stage running now; StageDone once the run has finished.
// After an error it stays at the stage that failed.
func (r *Run) Stage() Stage { return r.first + Stage(r.seq.Current()) }

// Err is the error that ended the run (nil while it runs or if it succeeded).
func (r *Run) Err() error { return r.err }

// Close releases an unfinished run's computations; a finished run has none.
func (r *Run) Close() {
	if r.dataCo != nil {
		r.dataCo.Close()
	}
	if r.testCo != nil {
		r.testCo.Close()
	}
}

// Problem is the problem the run solves.
func (r *Run) Problem() Problem { return r.problem }

// Trainer is the running algorithm (nil during the data stage), for a
// front end that shows its observables while it trains.
func (r *Run) Trainer() train.Trainer { return r.trainer }

// Model is the student built on the training set (nil during the data stage).
func (r *Run) Model() nets.Model { return r.model }

// Rule is the data rule (nil until drawn).
func (r *Run) Rule() *data.Rule { return r.rule }

// ExamplesDrawn is the number of training examples drawn so far.
func (r *Run) ExamplesDrawn() int { return r.examplesDrawn }

// yieldContext is a context that is never done, but whose Err is the
// coroutine's checkpoint: data.NewRandomFeaturesRuleContext checks its
// context once per feature row, so drawing the N x D feature matrix is
// sliced like the examples are.
type yieldContext struct {
	context.Context
	yield func()
}

func (c yieldContext) Err() error {
	c.yield()
	return nil
}

// examplesPerYield is how many examples of rule make workPerYield.
func examplesPerYield(rule *data.Rule) int {
	return max(1, int(workPerYield/(float64(rule.N)*float64(max(1, rule.D)))))
}

// drawData is the data stage: the rule, then the training set example by
// example exactly as data.Rule.Sample draws it, then the student and the
// algorithm.
func (r *Run) drawData(yield func()) error {
	p := r.problem
	labels, _ := data.ParseLabels(p.Labels) // valid: checked by Validate
	inputs, _ := data.ParseInputs(p.Inputs)
	act, _ := data.ParseActivation(p.Act)
	var rule *data.Rule
	var err error
	switch p.Model {
	case Perceptron:
		rule, err = data.NewPerceptronRule(p.N, inputs, labels, p.Seed)
	case RandomFeatures:
		ctx := yieldContext{context.Background(), func() { r.rowsDrawn++; yield() }}
		rule, err = data.NewRandomFeaturesRuleContext(ctx, p.D(), p.N, act, labels, p.Seed)
	case Committee:
		rule, err = data.NewCommitteeRule(p.N, p.K, !p.Fully, inputs, labels, p.Seed)
	}
	if err != nil {
		return err
	}
	r.rule = rule
	np := p.P()
	set := &data.Set{N: rule.N, P: np, X: make([]float64, np*rule.N), Y: make([]int8, np)}
	set.PM1 = rule.D == 0 && rule.Inputs == data.PlusMinusOne || rule.D > 0 && rule.Act == data.Sign
	st := rule.Stream(p.Seed, data.StreamTrain)
	chunk := examplesPerYield(rule)
	for mu := 0; mu < np; mu++ {
		set.Y[mu] = st.Next(set.Row(mu))
		r.examplesDrawn = mu + 1
		if r.examplesDrawn%chunk == 0 {
			yield()
		}
	}
	// the student keeps what it needs of the set; the run keeps no reference
	if p.Model == Committee {
		r.model = nets.NewCommittee(set, p.K, !p.Fully)
	} else {
		lin := nets.NewLinear(set)
		lin.SetKappa(p.Kappa)
		r.model = lin
	}
	return r.newTrainer()
}

func (r *Run) newTrainer() error {
	tr, err := train.New(r.problem.Algo, r.model, r.problem.Seed, r.problem.MaxEpochs)
	if err != nil {
		return r.at(err)
	}
	r.trainer = tr
	return nil
}

// at names the run's point in an error of the algorithm.
func (r *Run) at(err error) error {
	p := r.problem
	return fmt.Errorf("%s at n=%d alpha=%g seed=%d: %w", p.Algo, p.N, p.Alpha, p.Seed, err)
}

// dataProgress counts the multiply-adds of the feature matrix (N x D) and
// of the examples (N max(D, 1) each) done so far.
func (r *Run) dataProgress() float64 {
	p := r.problem
	n, d := float64(p.N), float64(p.D())
	perExample := n * max(d, 1)
	total := n*d + float64(p.P())*perExample
	done := float64(min(r.rowsDrawn, p.N))*d + float64(r.examplesDrawn)*perExample
	return done / total
}

// trainStage steps the algorithm, keeps its time and names the point in its errors.
type trainStage struct{ r *Run }

func (t trainStage) Step(budget time.Duration) (bool, error) {
	start := time.Now()
	done, err := t.r.trainer.Step(budget)
	t.r.trainTime += time.Since(start)
	if err != nil {
		return true, t.r.at(err)
	}
	if done {
		t.r.weights = t.r.trainer.Weights()
	}
	return done, nil
}

func (t trainStage) Progress() float64 { return t.r.trainer.Progress() }

// startTest builds the test stage once training is done.
func (r *Run) startTest() (stepper.Stepper, error) {
	if r.problem.TestExamples == 0 {
		return nil, nil
	}
	r.testCo = stepper.NewCoroutine(r.test, func() float64 {
		return float64(r.tested) / float64(r.problem.TestExamples)
	})
	return r.testCo, nil
}

// test counts the errors of the trained weights on fresh examples of the
// rule (stream data.StreamTest), as nets.TestError does.
func (r *Run) test(yield func()) error {
	st := r.rule.Stream(r.problem.Seed, data.StreamTest)
	x := make([]float64, r.rule.N)
	chunk := examplesPerYield(r.rule)
	for r.tested < r.problem.TestExamples {
		y := st.Next(x)
		if r.model.Predict(r.weights, x) != y {
			r.wrong++
		}
		r.tested++
		if r.tested%chunk == 0 {
			yield()
		}
	}
	return nil
}

// Result is what a run found, finished or not.
type Result struct {
	Stage   Stage // StageDone when the run finished, else where it stopped
	Trained bool  // the algorithm was built: the fields below describe the weights reached

	Solved     bool    // zero training errors
	TrainError float64 // training errors / P
	Iterations int     // epochs or sweeps done (train.Snapshot.Epoch)
	Work       int64   // the algorithm's work units (train.Snapshot.Work)
	Weights    []int8  // the reported configuration (train.Trainer.Weights)

	TestError      float64 // fraction of the tested examples misclassified (0 when none was tested)
	TestedExamples int     // examples tested (Problem.TestExamples once finished)

	TeacherOverlap    float64 // overlap with the teacher, for a perceptron with teacher labels
	HasTeacherOverlap bool

	TrainSeconds float64 // time spent in training Steps: wall-clock, it varies from run to run

	// CutShort says what is missing from a run that has not finished
	// ("" when it has): the stage it stopped in and what that means.
	CutShort string
}

// Result reports the run now; for an unfinished run (a caller that stops
// stepping it, the CLI at its deadline) the values reached so far.
func (r *Run) Result() Result {
	res := Result{Stage: r.Stage(), TrainSeconds: r.trainTime.Seconds()}
	if r.trainer != nil {
		res.Trained = true
		s := r.trainer.Snapshot()
		res.Solved, res.TrainError, res.Iterations, res.Work = s.Solved, s.TrainError, s.Epoch, s.Work
		res.Weights = r.weights
		if res.Weights == nil {
			res.Weights = r.trainer.Weights()
		}
		if r.problem.Model == Perceptron && r.problem.Labels == "teacher" && r.rule != nil {
			res.TeacherOverlap, res.HasTeacherOverlap = nets.Overlap(res.Weights, r.rule.Teacher), true
		}
	}
	if r.tested > 0 {
		res.TestError, res.TestedExamples = float64(r.wrong)/float64(r.tested), r.tested
	}
	switch res.Stage {
	case StageData:
		res.CutShort = "data generation: nothing was trained"
	case StageTrain:
		res.CutShort = "training: the errors are those of the weights reached"
	case StageTest:
		res.CutShort = fmt.Sprintf("testing: test error over %d of %d examples", r.tested, r.problem.TestExamples)
	}
	return res
}
