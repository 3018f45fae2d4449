//go:build js && wasm

package main

import (
	"fmt"
	"math"
	"time"

	"flatland/sim/data"
	"flatland/sim/experiment"
	"flatland/sim/nets"
	"flatland/sim/train"
	"flatland/wasm/state"
)

// instance describes one finite training problem of the random-features
// model: N binary weights, D = round(alpha_D N) inputs, P = round(alpha N)
// examples, drawn from seed exactly as data.Rule.Sample does.
type instance struct {
	n              int
	alpha, alphaD  float64
	act            data.Activation
	labels         data.Labels
	algo           string
	seed           uint64
	maxEpochs      int // 0: algorithm default
	testExamples   int // fresh examples for the test error (0: none)
	keepReplicaLog bool
}

func (in instance) dims() (d, p int) { b := in.budget(); return b.D(), b.P() }

// run is a budgeted stepper over the stages of one training run: draw the
// training set example by example, build the model, train, then measure the
// test error on fresh examples. Every stage does bounded work per Step.
type run struct {
	in      instance
	rule    *data.Rule
	set     *data.Set
	stream  *data.Stream
	mu      int
	model   *nets.Linear
	trainer train.Trainer
	stage   runStage
	err     error
	// test error
	tstream       *data.Stream
	tx            []float64
	tdone, twrong int
	testError     float64
	w             []int8
	started       time.Time
	elapsed       time.Duration
	dataCost      float64 // flops per example (N*D)
}

// runStage is where a run is.
type runStage int

const (
	stageData  runStage = iota // drawing the training set
	stageTrain                 // training
	stageTest                  // measuring the test error on fresh examples
	stageDone
)

// budget is the instance as wasm/state's budget check sees it.
func (in instance) budget() experiment.Problem {
	p := experiment.DefaultProblem()
	p.Model, p.N, p.Alpha, p.AlphaD, p.Act, p.Algo = experiment.RandomFeatures, in.n, in.alpha, in.alphaD, in.act.String(), in.algo
	return p
}

// errTooLarge reports instances beyond the browser budgets (state.CheckBudget).
type errTooLarge struct{ err error }

func (e errTooLarge) Error() string { return e.err.Error() }

// checkBudget refuses instances that together exceed the browser budgets.
func checkBudget(ins ...instance) error {
	var b []experiment.Problem
	for _, in := range ins {
		b = append(b, in.budget())
	}
	if err := state.CheckBudget(b...); err != nil {
		return errTooLarge{err}
	}
	return nil
}

func newRun(in instance) (*run, error) {
	if err := checkBudget(in); err != nil {
		return nil, err
	}
	d, p := in.dims()
	rule, err := data.NewRandomFeaturesRule(d, in.n, in.act, in.labels, in.seed)
	if err != nil {
		return nil, err
	}
	r := &run{in: in, rule: rule, started: time.Now(), testError: math.NaN()}
	r.set = &data.Set{N: rule.N, P: p, X: make([]float64, p*rule.N), Y: make([]int8, p)}
	r.set.PM1 = rule.D > 0 && rule.Act == data.Sign
	r.stream = rule.Stream(in.seed, data.StreamTrain)
	r.dataCost = float64(in.n * d)
	return r, nil
}

// Step advances the run by about budget.
func (r *run) Step(budget time.Duration) (bool, error) {
	if r.err != nil {
		return true, r.err
	}
	start := time.Now()
	for time.Since(start) < budget {
		left := budget - time.Since(start)
		switch r.stage {
		case stageData:
			// examples cost N*D each; check the clock every few
			chunk := max(1, int(2e5/r.dataCost))
			for k := 0; k < chunk && r.mu < r.set.P; k++ {
				r.set.Y[r.mu] = r.stream.Next(r.set.Row(r.mu))
				r.mu++
			}
			if r.mu == r.set.P {
				r.model = nets.NewLinear(r.set)
				r.set.X = nil // the model holds its own copies; let the collector have these P x N numbers
				t, err := train.New(r.in.algo, r.model, r.in.seed, r.in.maxEpochs)
				if err != nil {
					r.err = err
					return true, err
				}
				r.trainer = t
				r.stage = stageTrain
			}
		case stageTrain:
			done, err := r.trainer.Step(left)
			if err != nil {
				r.err = fmt.Errorf("%s at α=%.3g, α_D=%.3g, N=%d: %v", r.in.algo, r.in.alpha, r.in.alphaD, r.in.n, err)
				return true, r.err
			}
			if done {
				r.w = r.trainer.Weights()
				r.elapsed = time.Since(r.started)
				if r.in.testExamples > 0 {
					r.tstream = r.rule.Stream(r.in.seed, data.StreamTest)
					r.tx = make([]float64, r.rule.N)
					r.stage = stageTest
				} else {
					r.stage = stageDone
				}
			}
		case stageTest:
			chunk := max(1, int(2e5/r.dataCost))
			for k := 0; k < chunk && r.tdone < r.in.testExamples; k++ {
				y := r.tstream.Next(r.tx)
				if r.model.Predict(r.w, r.tx) != y {
					r.twrong++
				}
				r.tdone++
			}
			if r.tdone == r.in.testExamples {
				r.testError = float64(r.twrong) / float64(r.tdone)
				r.stage = stageDone
			}
		case stageDone:
			return true, nil
		}
	}
	return r.stage == stageDone, nil
}

// Progress weights the stages by rough cost: data 20%, training 70%, test 10%.
func (r *run) Progress() float64 {
	switch r.stage {
	case stageData:
		return 0.2 * float64(r.mu) / float64(max(1, r.set.P))
	case stageTrain:
		return 0.2 + 0.7*r.trainer.Progress()
	case stageTest:
		return 0.9 + 0.1*float64(r.tdone)/float64(max(1, r.in.testExamples))
	}
	return 1
}

// solved reports whether the finished run reached zero training errors.
func (r *run) solved() bool {
	return r.stage == stageDone && r.trainer != nil && r.trainer.Snapshot().Solved
}
