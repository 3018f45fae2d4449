package workjob

import (
	"errors"
	"fmt"
	"time"

	"flatland/sim/data"
	"flatland/sim/deep"
	"flatland/sim/experiment"
	"flatland/sim/mnist"
	"flatland/sim/replica/rf"
)

// Reply types: progress while a job runs, then a result or an error. The
// page's pool adds ReplyUnavailable for jobs no worker can take (the
// workers or their module failed to start): the page then computes them
// itself.
const (
	ReplyProgress    = "progress"
	ReplyResult      = "result"
	ReplyError       = "error"
	ReplyUnavailable = "unavailable"
)

// Reply is a worker's message about job ID.
type Reply struct {
	ID       int                 `json:"id"`
	Type     string              `json:"type"`
	Progress float64             `json:"progress,omitempty"` // 0..1
	Error    string              `json:"error,omitempty"`
	Diagram  *DiagramPointResult `json:"diagram,omitempty"`
	Deep     *DeepRunResult      `json:"deep,omitempty"`
	Sim      *SimRunResult       `json:"sim,omitempty"`
}

// SimRunResult is a finished simulation run: experiment.Sample's fields.
type SimRunResult struct {
	Seed           uint64  `json:"seed"`
	Solved         bool    `json:"solved"`
	TrainError     float64 `json:"trainError"`
	Iterations     int     `json:"iterations"`
	Work           int64   `json:"work"`
	TestError      float64 `json:"testError"`
	TestedExamples int     `json:"testedExamples"`
}

// NewSimRunResult converts a sweep's sample.
func NewSimRunResult(s experiment.Sample) SimRunResult {
	return SimRunResult{Seed: s.Seed, Solved: s.Solved, TrainError: s.TrainError, Iterations: s.Iterations,
		Work: s.Work, TestError: s.TestError, TestedExamples: s.TestedExamples}
}

// Sample is the result as the sweep's sample.
func (r SimRunResult) Sample() experiment.Sample {
	return experiment.Sample{Seed: r.Seed, Solved: r.Solved, TrainError: r.TrainError, Iterations: r.Iterations,
		Work: r.Work, TestError: r.TestError, TestedExamples: r.TestedExamples}
}

// RunSim trains one simulation run to the end (the sweep's run of the same
// problem, so the same sample), calling progress (0..1) about every
// interval.
func RunSim(p SimRunJob, interval time.Duration, progress func(float64)) (SimRunResult, error) {
	if err := p.Validate(); err != nil {
		return SimRunResult{}, err
	}
	run, err := experiment.NewRun(p.Problem())
	if err != nil {
		return SimRunResult{}, err
	}
	defer run.Close()
	for {
		done, err := run.Step(interval)
		if err != nil {
			return SimRunResult{}, err
		}
		if done {
			return NewSimRunResult(run.Sample()), nil
		}
		if progress != nil {
			progress(run.Progress())
		}
	}
}

// DiagramPointResult is rf.DiagramPoint as JSON: the thresholds (0 where
// not found) and the failure's message.
type DiagramPointResult struct {
	AlphaD        float64 `json:"alphaD"`
	AlphaC        float64 `json:"alphaC"`
	AlphaLE       float64 `json:"alphaLE"`
	AlphaLEWidth  float64 `json:"alphaLEWidth"`
	EpsTypicalAtC float64 `json:"epsTypicalAtC"`
	Err           string  `json:"err,omitempty"`
}

// Point is the result as the rf diagram's point.
func (r DiagramPointResult) Point() rf.DiagramPoint {
	p := rf.DiagramPoint{AlphaD: r.AlphaD, AlphaC: r.AlphaC, AlphaLE: r.AlphaLE,
		AlphaLEWidth: r.AlphaLEWidth, EpsTypicalAtC: r.EpsTypicalAtC}
	if r.Err != "" {
		p.Err = errors.New(r.Err)
	}
	return p
}

// RunDiagramPoint computes one point of the transition diagram on its own
// (rf's SolveDiagramPoint: the same numbers as the page's and the command
// line's independent diagram when Guess is rf.DiagramGuess).
func RunDiagramPoint(p DiagramPointJob) (DiagramPointResult, error) {
	if err := p.Validate(); err != nil {
		return DiagramPointResult{}, err
	}
	act, _ := data.ParseActivation(p.Act)
	labels, _ := data.ParseLabels(p.Labels)
	m := rf.Model{Act: act, Labels: labels}
	pt := m.SolveDiagramPoint(p.AlphaD, p.Guess)
	r := DiagramPointResult{AlphaD: pt.AlphaD, AlphaC: pt.AlphaC, AlphaLE: pt.AlphaLE, AlphaLEWidth: pt.AlphaLEWidth, EpsTypicalAtC: pt.EpsTypicalAtC}
	if pt.Err != nil {
		r.Err = pt.Err.Error()
	}
	return r, nil
}

// DeepRunResult is deep.Result as JSON (NaN losses or noise levels become
// null and read back as NaN).
type DeepRunResult struct {
	Config        deep.Config `json:"config"`
	Epochs        int         `json:"epochs"`
	Steps         int64       `json:"steps"`
	Interpolated  bool        `json:"interpolated"`
	TrainErrors   int         `json:"trainErrors"`
	TrainError    float64     `json:"trainError"`
	TrainLoss     float64     `json:"trainLoss"`
	TestErrors    int         `json:"testErrors"`
	TestError     float64     `json:"testError"`
	TestLoss      float64     `json:"testLoss"`
	Sigmas        []float64   `json:"sigmas"`
	NoisyError    []float64   `json:"noisyError"`
	NoisyErrorSE  []float64   `json:"noisyErrorSE"`
	DeltaE        []float64   `json:"deltaE"`
	Misclassified []int       `json:"misclassified"`
	Done          bool        `json:"done"`
	Err           string      `json:"err,omitempty"` // the run's error (the result so far is kept)
	Seconds       float64     `json:"seconds"`       // computing time in the worker
}

// NewDeepRunResult converts a run's result.
func NewDeepRunResult(r deep.Result) DeepRunResult {
	return DeepRunResult{Config: r.Config, Epochs: r.Epochs, Steps: r.Steps, Interpolated: r.Interpolated,
		TrainErrors: r.Train.Errors, TrainError: r.Train.Error, TrainLoss: r.Train.Loss,
		TestErrors: r.Test.Errors, TestError: r.Test.Error, TestLoss: r.Test.Loss,
		Sigmas: r.Sigmas, NoisyError: r.NoisyError, NoisyErrorSE: r.NoisyErrorSE,
		DeltaE: r.DeltaE, Misclassified: r.Misclassified, Done: r.Done}
}

// Result converts back.
func (r DeepRunResult) Result() deep.Result {
	return deep.Result{Config: r.Config, Epochs: r.Epochs, Steps: r.Steps, Interpolated: r.Interpolated,
		Train:  deep.Eval{Errors: r.TrainErrors, Error: r.TrainError, Loss: r.TrainLoss},
		Test:   deep.Eval{Errors: r.TestErrors, Error: r.TestError, Loss: r.TestLoss},
		Sigmas: r.Sigmas, NoisyError: r.NoisyError, NoisyErrorSE: r.NoisyErrorSE,
		DeltaE: r.DeltaE, Misclassified: r.Misclassified, Done: r.Done}
}

// DeepSubsets are a deep run's data: stratified subsets of the shipped
// digits (the whole set when as many or more are asked for), as the deep
// figure draws them.
type DeepSubsets struct {
	Train, Test *deep.Data
	TestSet     mnist.Set // for showing misclassified digits
}

// PrepareDeep draws n training and m test images with the given streams.
func PrepareDeep(train, test mnist.Set, n, m int, trainStream, testStream uint64) (DeepSubsets, error) {
	pick := func(s mnist.Set, n int, stream uint64) (mnist.Set, error) {
		if n >= s.Len() {
			return s, nil
		}
		ids, err := mnist.Stratified(append([]uint8(nil), s.Labels...), n, 1, stream)
		if err != nil {
			return mnist.Set{}, err
		}
		return s.Subset(ids), nil
	}
	var out DeepSubsets
	trainSet, err := pick(train, n, trainStream)
	if err == nil {
		out.TestSet, err = pick(test, m, testStream)
	}
	if err == nil {
		out.Train, err = deep.NewData(trainSet)
	}
	if err == nil {
		out.Test, err = deep.NewData(out.TestSet)
	}
	if err != nil {
		return DeepSubsets{}, err
	}
	return out, nil
}

// RunDeep trains and measures one network to the end, calling progress
// (0..1) about every interval.
func RunDeep(p DeepRunJob, d DeepSubsets, interval time.Duration, progress func(float64)) (DeepRunResult, error) {
	if err := p.Validate(); err != nil {
		return DeepRunResult{}, err
	}
	start := time.Now()
	run, err := deep.NewRun(p.Config(), p.measure(), d.Train, d.Test)
	if err != nil {
		return DeepRunResult{}, err
	}
	defer run.Close()
	for {
		done, err := run.Step(interval)
		if done {
			r := NewDeepRunResult(run.Result())
			if err != nil {
				r.Err = err.Error()
			}
			r.Seconds = time.Since(start).Seconds()
			return r, nil
		}
		if progress != nil {
			progress(run.Progress())
		}
	}
}

// Check reports a reply the page cannot act on.
func (r Reply) Check() error {
	switch r.Type {
	case ReplyProgress, ReplyError, ReplyUnavailable:
	case ReplyResult:
		if r.Diagram == nil && r.Deep == nil && r.Sim == nil {
			return errors.New("worker result carries no result")
		}
	default:
		return fmt.Errorf("worker reply of unknown type %q", r.Type)
	}
	return nil
}
