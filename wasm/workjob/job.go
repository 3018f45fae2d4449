// Package workjob is the message contract between the page and its Web
// Workers: the jobs a worker runs (one transition-diagram point, one deep
// network of the width sweep), their JSON encoding, validation, and the code
// that runs them. It has no build tags, so the decoding and the computations
// are tested natively; the worker module (wasm/worker) and the page's pool
// bridge (wasm/pool.go) only move JSON text.
package workjob

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"

	"flatland/sim/data"
	"flatland/sim/deep"
)

// Job kinds.
const (
	KindDiagramPoint = "diagram-point"
	KindDeepRun      = "deep-run"
)

// Job is one unit of work for a worker. ID is the page's handle for the
// replies; exactly one of the parameter blocks matches Kind.
type Job struct {
	ID      int              `json:"id"`
	Kind    string           `json:"kind"`
	Diagram *DiagramPointJob `json:"diagram,omitempty"`
	Deep    *DeepRunJob      `json:"deep,omitempty"`
}

// DiagramPointJob asks for the thresholds alpha_c and alpha_LE at one
// alpha_D of the random-features model.
type DiagramPointJob struct {
	Act    string  `json:"act"`    // activation, as -act
	Labels string  `json:"labels"` // label rule, as -labels
	AlphaD float64 `json:"alphaD"`
	// Guess is the ratio alpha_LE/alpha_c the alpha_LE bracket starts
	// around (0: the solver's default).
	Guess float64 `json:"guess"`
}

// DeepRunJob trains and measures one network of the deep figure's sweep.
type DeepRunJob struct {
	Width    int    `json:"width"`
	Layers   int    `json:"layers"`
	Algo     string `json:"algo"`
	Seed     uint64 `json:"seed"`
	Epochs   int    `json:"epochs"`
	Replicas int    `json:"replicas"`
	// Train and Test are the sizes of the stratified subsets of the
	// shipped digits, drawn with streams TrainStream and TestStream.
	Train       int       `json:"train"`
	Test        int       `json:"test"`
	TrainStream uint64    `json:"trainStream"`
	TestStream  uint64    `json:"testStream"`
	Sigmas      []float64 `json:"sigmas"`
	Draws       int       `json:"draws"`
	KeepWrong   int       `json:"keepWrong"` // misclassified test images kept
}

// Bounds of the job parameters (wider than the page's menus, narrow enough
// that a job always ends).
const (
	maxAlphaD    = 1000
	maxKeepWrong = 1000
	maxDigits    = 1 << 20
	maxJobBytes  = 1 << 16
)

// Decode reads one job and checks every parameter; the error is a sentence
// that says what is wrong.
func Decode(b []byte) (Job, error) {
	var j Job
	if len(b) > maxJobBytes {
		return Job{}, fmt.Errorf("job message too long (%d bytes, at most %d)", len(b), maxJobBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return Job{}, fmt.Errorf("job message is not a valid job: %v", err)
	}
	if dec.More() {
		return Job{}, errors.New("job message has text after the job")
	}
	return j, j.Validate()
}

// Encode is the job's JSON text.
func (j Job) Encode() ([]byte, error) {
	if err := j.Validate(); err != nil {
		return nil, err
	}
	return json.Marshal(j)
}

// Validate reports the first bad field.
func (j Job) Validate() error {
	switch j.Kind {
	case KindDiagramPoint:
		if j.Diagram == nil || j.Deep != nil {
			return errors.New("a diagram-point job needs the diagram parameters (and no others)")
		}
		return j.Diagram.Validate()
	case KindDeepRun:
		if j.Deep == nil || j.Diagram != nil {
			return errors.New("a deep-run job needs the deep parameters (and no others)")
		}
		return j.Deep.Validate()
	case "":
		return errors.New("job has no kind")
	}
	return fmt.Errorf("unknown job kind %q (known: %s, %s)", j.Kind, KindDiagramPoint, KindDeepRun)
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// Validate checks the model and the ranges.
func (p DiagramPointJob) Validate() error {
	if _, err := data.ParseActivation(p.Act); err != nil {
		return fmt.Errorf("diagram point: %v", err)
	}
	if _, err := data.ParseLabels(p.Labels); err != nil {
		return fmt.Errorf("diagram point: %v", err)
	}
	if !finite(p.AlphaD) || p.AlphaD <= 0 || p.AlphaD > maxAlphaD {
		return fmt.Errorf("diagram point: alpha_D = %g out of range (0, %d]", p.AlphaD, maxAlphaD)
	}
	if !finite(p.Guess) || p.Guess < 0 || p.Guess >= 1 {
		return fmt.Errorf("diagram point: the alpha_LE/alpha_c guess %g is not in [0, 1)", p.Guess)
	}
	return nil
}

// Validate checks the network, the subsets and the measurement.
func (p DeepRunJob) Validate() error {
	switch {
	case p.Width < 1 || p.Width > deep.MaxWidth:
		return fmt.Errorf("deep run: width %d out of range [1, %d]", p.Width, deep.MaxWidth)
	case p.Layers < 1 || p.Layers > deep.MaxLayers:
		return fmt.Errorf("deep run: %d hidden layers out of range [1, %d]", p.Layers, deep.MaxLayers)
	case !slices.Contains(deep.Algos, p.Algo):
		return fmt.Errorf("deep run: unknown algorithm %q (known: %v)", p.Algo, deep.Algos)
	case p.Epochs < 1 || p.Epochs > deep.MaxEpochs:
		return fmt.Errorf("deep run: %d epochs out of range [1, %d]", p.Epochs, deep.MaxEpochs)
	case p.Replicas < 0 || p.Replicas > deep.MaxReplicas:
		return fmt.Errorf("deep run: %d replicas out of range [0, %d]", p.Replicas, deep.MaxReplicas)
	case p.Train < 1 || p.Train > maxDigits || p.Test < 1 || p.Test > maxDigits:
		return fmt.Errorf("deep run: %d training and %d test images (each 1..%d)", p.Train, p.Test, maxDigits)
	case p.KeepWrong < 0 || p.KeepWrong > maxKeepWrong:
		return fmt.Errorf("deep run: %d misclassified images kept out of range [0, %d]", p.KeepWrong, maxKeepWrong)
	}
	return p.measure().Validate()
}

func (p DeepRunJob) measure() deep.Measure {
	return deep.Measure{Sigmas: p.Sigmas, Draws: p.Draws, MaxMisclassified: p.KeepWrong}
}

// Config is the training configuration: the deep figure's (and `flatland
// deep`'s) defaults with the job's network, algorithm and budget.
func (p DeepRunJob) Config() deep.Config {
	cfg := deep.DefaultConfig()
	cfg.Algo, cfg.Seed, cfg.MaxEpochs, cfg.Replicas = p.Algo, p.Seed, p.Epochs, p.Replicas
	cfg.Hidden = nil
	for range p.Layers {
		cfg.Hidden = append(cfg.Hidden, p.Width)
	}
	return cfg
}
