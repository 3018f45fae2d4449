// Package wire is the worker's side of workjob's JSON: it decodes jobs
// (checking every field) and encodes replies, NaN and infinities as null.
// Only the worker module imports it (encoding/json is large; the page's
// module reads replies through the browser's JSON.parse).
package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"flatland/sim/deep"
	"flatland/wasm/workjob"
)

// Decode reads one job and checks every parameter; the error is a sentence
// that says what is wrong.
func Decode(b []byte) (workjob.Job, error) {
	var j workjob.Job
	if len(b) > workjob.MaxJobBytes {
		return workjob.Job{}, fmt.Errorf("job message too long (%d bytes, at most %d)", len(b), workjob.MaxJobBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return workjob.Job{}, fmt.Errorf("job message is not a valid job: %v", err)
	}
	if dec.More() {
		return workjob.Job{}, errors.New("job message has text after the job")
	}
	return j, j.Validate()
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
	if v == nil {
		return nil
	}
	out := make([]Float, len(v))
	for i, x := range v {
		out[i] = Float(x)
	}
	return out
}

func plain(v []Float) []float64 {
	if v == nil {
		return nil
	}
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// reply mirrors workjob.Reply with null-safe numbers (same JSON names).
type reply struct {
	ID       int           `json:"id"`
	Type     string        `json:"type"`
	Progress Float         `json:"progress,omitempty"`
	Error    string        `json:"error,omitempty"`
	Diagram  *diagramPoint `json:"diagram,omitempty"`
	Deep     *deepRun      `json:"deep,omitempty"`
	Sim      *simRun       `json:"sim,omitempty"`
}

type simRun struct {
	Seed           uint64 `json:"seed"`
	Solved         bool   `json:"solved"`
	TrainError     Float  `json:"trainError"`
	Iterations     int    `json:"iterations"`
	Work           int64  `json:"work"`
	TestError      Float  `json:"testError"`
	TestedExamples int    `json:"testedExamples"`
}

type diagramPoint struct {
	AlphaD        Float  `json:"alphaD"`
	AlphaC        Float  `json:"alphaC"`
	AlphaLE       Float  `json:"alphaLE"`
	AlphaLEWidth  Float  `json:"alphaLEWidth"`
	EpsTypicalAtC Float  `json:"epsTypicalAtC"`
	Err           string `json:"err,omitempty"`
}

type deepRun struct {
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
	Err           string      `json:"err,omitempty"`
	Seconds       Float       `json:"seconds"`
}

// EncodeReply is the reply's JSON text; it always encodes (a reply that
// cannot becomes an error reply saying so).
func EncodeReply(r workjob.Reply) []byte {
	w := reply{ID: r.ID, Type: r.Type, Progress: Float(r.Progress), Error: r.Error}
	if d := r.Diagram; d != nil {
		w.Diagram = &diagramPoint{AlphaD: Float(d.AlphaD), AlphaC: Float(d.AlphaC), AlphaLE: Float(d.AlphaLE),
			AlphaLEWidth: Float(d.AlphaLEWidth), EpsTypicalAtC: Float(d.EpsTypicalAtC), Err: d.Err}
	}
	if d := r.Deep; d != nil {
		w.Deep = &deepRun{Config: d.Config, Epochs: d.Epochs, Steps: d.Steps, Interpolated: d.Interpolated,
			TrainErrors: d.TrainErrors, TrainError: Float(d.TrainError), TrainLoss: Float(d.TrainLoss),
			TestErrors: d.TestErrors, TestError: Float(d.TestError), TestLoss: Float(d.TestLoss),
			Sigmas: floats(d.Sigmas), NoisyError: floats(d.NoisyError), NoisyErrorSE: floats(d.NoisyErrorSE),
			DeltaE: floats(d.DeltaE), Misclassified: d.Misclassified, Done: d.Done, Err: d.Err, Seconds: Float(d.Seconds)}
	}
	if d := r.Sim; d != nil {
		w.Sim = &simRun{Seed: d.Seed, Solved: d.Solved, TrainError: Float(d.TrainError), Iterations: d.Iterations,
			Work: d.Work, TestError: Float(d.TestError), TestedExamples: d.TestedExamples}
	}
	b, err := json.Marshal(w)
	if err != nil {
		b, _ = json.Marshal(reply{ID: r.ID, Type: workjob.ReplyError, Error: "the worker could not encode its reply: " + err.Error()})
	}
	return b
}

// DecodeReply reads a reply (null numbers as NaN); the error is a sentence.
func DecodeReply(b []byte) (workjob.Reply, error) {
	var w reply
	if err := json.Unmarshal(b, &w); err != nil {
		return workjob.Reply{}, fmt.Errorf("worker reply is not valid: %v", err)
	}
	r := workjob.Reply{ID: w.ID, Type: w.Type, Progress: float64(w.Progress), Error: w.Error}
	if d := w.Diagram; d != nil {
		r.Diagram = &workjob.DiagramPointResult{AlphaD: float64(d.AlphaD), AlphaC: float64(d.AlphaC), AlphaLE: float64(d.AlphaLE),
			AlphaLEWidth: float64(d.AlphaLEWidth), EpsTypicalAtC: float64(d.EpsTypicalAtC), Err: d.Err}
	}
	if d := w.Deep; d != nil {
		r.Deep = &workjob.DeepRunResult{Config: d.Config, Epochs: d.Epochs, Steps: d.Steps, Interpolated: d.Interpolated,
			TrainErrors: d.TrainErrors, TrainError: float64(d.TrainError), TrainLoss: float64(d.TrainLoss),
			TestErrors: d.TestErrors, TestError: float64(d.TestError), TestLoss: float64(d.TestLoss),
			Sigmas: plain(d.Sigmas), NoisyError: plain(d.NoisyError), NoisyErrorSE: plain(d.NoisyErrorSE),
			DeltaE: plain(d.DeltaE), Misclassified: d.Misclassified, Done: d.Done, Err: d.Err, Seconds: float64(d.Seconds)}
	}
	if d := w.Sim; d != nil {
		r.Sim = &workjob.SimRunResult{Seed: d.Seed, Solved: d.Solved, TrainError: float64(d.TrainError), Iterations: d.Iterations,
			Work: d.Work, TestError: float64(d.TestError), TestedExamples: d.TestedExamples}
	}
	return r, r.Check()
}
