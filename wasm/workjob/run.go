package workjob

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"flatland/sim/data"
	"flatland/sim/deep"
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
}

// Encode is the reply's JSON text (a reply is always encodable: results
// hold no NaN or infinity, see Float).
func (r Reply) Encode() []byte {
	b, err := json.Marshal(r)
	if err != nil {
		b, _ = json.Marshal(Reply{ID: r.ID, Type: ReplyError, Error: "the worker could not encode its reply: " + err.Error()})
	}
	return b
}

// DecodeReply reads a reply; the error is a sentence.
func DecodeReply(b []byte) (Reply, error) {
	var r Reply
	if err := json.Unmarshal(b, &r); err != nil {
		return Reply{}, fmt.Errorf("worker reply is not valid: %v", err)
	}
	switch r.Type {
	case ReplyProgress, ReplyError, ReplyUnavailable:
	case ReplyResult:
		if r.Diagram == nil && r.Deep == nil {
			return Reply{}, errors.New("worker result carries no result")
		}
	default:
		return Reply{}, fmt.Errorf("worker reply of unknown type %q", r.Type)
	}
	return r, nil
}

// Float is a float64 whose JSON form is null for NaN and infinities (JSON
// has no such numbers); null reads back as NaN.
type Float float64

func (f Float) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
		return []byte("null"), nil
	}
	return json.Marshal(float64(f))
}

func (f *Float) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = Float(math.NaN())
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*f = Float(v)
	return nil
}

func floats(v []float64) []Float {
	out := make([]Float, len(v))
	for i, x := range v {
		out[i] = Float(x)
	}
	return out
}

func plain(v []Float) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// DiagramPointResult is rf.DiagramPoint as JSON: the thresholds (0 where
// not found) and the failure's message.
type DiagramPointResult struct {
	AlphaD        Float  `json:"alphaD"`
	AlphaC        Float  `json:"alphaC"`
	AlphaLE       Float  `json:"alphaLE"`
	AlphaLEWidth  Float  `json:"alphaLEWidth"`
	EpsTypicalAtC Float  `json:"epsTypicalAtC"`
	Err           string `json:"err,omitempty"`
}

// Point is the result as the rf diagram's point.
func (r DiagramPointResult) Point() rf.DiagramPoint {
	p := rf.DiagramPoint{AlphaD: float64(r.AlphaD), AlphaC: float64(r.AlphaC), AlphaLE: float64(r.AlphaLE),
		AlphaLEWidth: float64(r.AlphaLEWidth), EpsTypicalAtC: float64(r.EpsTypicalAtC)}
	if r.Err != "" {
		p.Err = errors.New(r.Err)
	}
	return p
}

// RunDiagramPoint computes one point of the transition diagram on its own:
// alpha_c by rf's interpolation threshold from scratch, then alpha_LE with
// the bracket started around Guess alpha_c.
func RunDiagramPoint(p DiagramPointJob) (DiagramPointResult, error) {
	if err := p.Validate(); err != nil {
		return DiagramPointResult{}, err
	}
	act, _ := data.ParseActivation(p.Act)
	labels, _ := data.ParseLabels(p.Labels)
	m := rf.Model{Act: act, Labels: labels}
	r := DiagramPointResult{AlphaD: Float(p.AlphaD)}
	ac, err := m.InterpolationThreshold(p.AlphaD)
	if err != nil {
		r.Err = err.Error()
		return r, nil
	}
	r.AlphaC, r.EpsTypicalAtC = Float(ac.Alpha), Float(ac.EpsTypical)
	le, err := m.LocalEntropyThreshold(p.AlphaD, ac, p.Guess)
	if err != nil {
		r.Err = err.Error()
		return r, nil
	}
	r.AlphaLE, r.AlphaLEWidth = Float(le.AlphaLE), Float(le.Width)
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
	TrainError    Float       `json:"trainError"`
	TrainLoss     Float       `json:"trainLoss"`
	TestErrors    int         `json:"testErrors"`
	TestError     Float       `json:"testError"`
	TestLoss      Float       `json:"testLoss"`
	Sigmas        []Float     `json:"sigmas"`
	NoisyError    []Float     `json:"noisyError"`
	NoisyErrorSE  []Float     `json:"noisyErrorSE"`
	DeltaE        []Float     `json:"deltaE"`
	Misclassified []int       `json:"misclassified"`
	Done          bool        `json:"done"`
	Err           string      `json:"err,omitempty"` // the run's error (the result so far is kept)
	Seconds       float64     `json:"seconds"`       // computing time in the worker
}

// NewDeepRunResult converts a run's result.
func NewDeepRunResult(r deep.Result) DeepRunResult {
	return DeepRunResult{Config: r.Config, Epochs: r.Epochs, Steps: r.Steps, Interpolated: r.Interpolated,
		TrainErrors: r.Train.Errors, TrainError: Float(r.Train.Error), TrainLoss: Float(r.Train.Loss),
		TestErrors: r.Test.Errors, TestError: Float(r.Test.Error), TestLoss: Float(r.Test.Loss),
		Sigmas: floats(r.Sigmas), NoisyError: floats(r.NoisyError), NoisyErrorSE: floats(r.NoisyErrorSE),
		DeltaE: floats(r.DeltaE), Misclassified: r.Misclassified, Done: r.Done}
}

// Result converts back.
func (r DeepRunResult) Result() deep.Result {
	return deep.Result{Config: r.Config, Epochs: r.Epochs, Steps: r.Steps, Interpolated: r.Interpolated,
		Train:  deep.Eval{Errors: r.TrainErrors, Error: float64(r.TrainError), Loss: float64(r.TrainLoss)},
		Test:   deep.Eval{Errors: r.TestErrors, Error: float64(r.TestError), Loss: float64(r.TestLoss)},
		Sigmas: plain(r.Sigmas), NoisyError: plain(r.NoisyError), NoisyErrorSE: plain(r.NoisyErrorSE),
		DeltaE: plain(r.DeltaE), Misclassified: r.Misclassified, Done: r.Done}
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
