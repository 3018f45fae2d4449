// Package workjob is the message contract between the page and its Web
// Workers: the jobs a worker runs (one transition-diagram point, one deep
// network of the width sweep), their validation and encoding, the replies,
// and the code that runs the jobs. It has no build tags, so it is tested
// natively. The worker decodes jobs and encodes replies with package wire
// (encoding/json); the page's module encodes jobs here and reads replies
// through the browser's JSON.parse, so it carries no encoding/json.
package workjob

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"flatland/sim/data"
	"flatland/sim/deep"
	"flatland/sim/experiment"
)

// Job kinds.
const (
	KindDiagramPoint = "diagram-point"
	KindDeepRun      = "deep-run"
	KindSimRun       = "sim-run"
)

// Job is one unit of work for a worker. ID is the page's handle for the
// replies; exactly one of the parameter blocks matches Kind.
type Job struct {
	ID      int              `json:"id"`
	Kind    string           `json:"kind"`
	Diagram *DiagramPointJob `json:"diagram,omitempty"`
	Deep    *DeepRunJob      `json:"deep,omitempty"`
	Sim     *SimRunJob       `json:"sim,omitempty"`
}

// SimRunJob is one training run of a simulation sweep: experiment.Problem's
// fields (the flags of `flatland train`).
type SimRunJob struct {
	Model        string  `json:"model"`
	Labels       string  `json:"labels"`
	Inputs       string  `json:"inputs"`
	Act          string  `json:"act"`
	N            int     `json:"n"`
	K            int     `json:"k"`
	Fully        bool    `json:"fully"`
	Alpha        float64 `json:"alpha"`
	AlphaD       float64 `json:"alphaD"`
	Kappa        float64 `json:"kappa"`
	Seed         uint64  `json:"seed"`
	Algo         string  `json:"algo"`
	MaxEpochs    int     `json:"maxEpochs"`
	TestExamples int     `json:"testExamples"`
}

// NewSimRunJob is the job of problem p.
func NewSimRunJob(p experiment.Problem) *SimRunJob {
	return &SimRunJob{Model: p.Model, Labels: p.Labels, Inputs: p.Inputs, Act: p.Act, N: p.N, K: p.K, Fully: p.Fully,
		Alpha: p.Alpha, AlphaD: p.AlphaD, Kappa: p.Kappa, Seed: p.Seed, Algo: p.Algo, MaxEpochs: p.MaxEpochs, TestExamples: p.TestExamples}
}

// Problem is the job's problem.
func (p SimRunJob) Problem() experiment.Problem {
	return experiment.Problem{Model: p.Model, Labels: p.Labels, Inputs: p.Inputs, Act: p.Act, N: p.N, K: p.K, Fully: p.Fully,
		Alpha: p.Alpha, AlphaD: p.AlphaD, Kappa: p.Kappa, Seed: p.Seed, Algo: p.Algo, MaxEpochs: p.MaxEpochs, TestExamples: p.TestExamples}
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
	// maxSimEntries bounds a simulation job's data (N P weights-times-
	// examples and N D features), far above what the page's controls reach
	// (N <= 2001, alpha <= 3, alpha_D <= 10: below 5e7).
	maxSimEntries = 2e8
	// MaxJobBytes bounds a job message.
	MaxJobBytes = 1 << 16
)

// Encode is the job's JSON text (written by hand: the page's module has no
// encoding/json, which would cost it about 100 kB gzip).
func (j Job) Encode() ([]byte, error) {
	if err := j.Validate(); err != nil {
		return nil, err
	}
	b := []byte(`{"id":`)
	b = strconv.AppendInt(b, int64(j.ID), 10)
	b = append(b, `,"kind":`...)
	b = appendString(b, j.Kind)
	switch {
	case j.Diagram != nil:
		p := j.Diagram
		b = append(b, `,"diagram":{"act":`...)
		b = appendString(b, p.Act)
		b = append(b, `,"labels":`...)
		b = appendString(b, p.Labels)
		b = append(b, `,"alphaD":`...)
		b = strconv.AppendFloat(b, p.AlphaD, 'g', -1, 64)
		b = append(b, `,"guess":`...)
		b = strconv.AppendFloat(b, p.Guess, 'g', -1, 64)
		b = append(b, '}')
	case j.Deep != nil:
		p := j.Deep
		b = append(b, `,"deep":{`...)
		for i, kv := range []struct {
			k string
			v int64
		}{{"width", int64(p.Width)}, {"layers", int64(p.Layers)}, {"epochs", int64(p.Epochs)}, {"replicas", int64(p.Replicas)},
			{"train", int64(p.Train)}, {"test", int64(p.Test)}, {"draws", int64(p.Draws)}, {"keepWrong", int64(p.KeepWrong)}} {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, kv.k)
			b = append(b, ':')
			b = strconv.AppendInt(b, kv.v, 10)
		}
		b = append(b, `,"algo":`...)
		b = appendString(b, p.Algo)
		b = append(b, `,"seed":`...)
		b = strconv.AppendUint(b, p.Seed, 10)
		b = append(b, `,"trainStream":`...)
		b = strconv.AppendUint(b, p.TrainStream, 10)
		b = append(b, `,"testStream":`...)
		b = strconv.AppendUint(b, p.TestStream, 10)
		b = append(b, `,"sigmas":`...)
		if p.Sigmas == nil {
			b = append(b, "null"...)
		} else {
			b = append(b, '[')
			for i, x := range p.Sigmas {
				if i > 0 {
					b = append(b, ',')
				}
				b = strconv.AppendFloat(b, x, 'g', -1, 64)
			}
			b = append(b, ']')
		}
		b = append(b, '}')
	case j.Sim != nil:
		p := j.Sim
		b = append(b, `,"sim":{"model":`...)
		b = appendString(b, p.Model)
		for _, kv := range [][2]string{{"labels", p.Labels}, {"inputs", p.Inputs}, {"act", p.Act}, {"algo", p.Algo}} {
			b = append(b, ',')
			b = appendString(b, kv[0])
			b = append(b, ':')
			b = appendString(b, kv[1])
		}
		for _, kv := range []struct {
			k string
			v int64
		}{{"n", int64(p.N)}, {"k", int64(p.K)}, {"maxEpochs", int64(p.MaxEpochs)}, {"testExamples", int64(p.TestExamples)}} {
			b = append(b, ',')
			b = appendString(b, kv.k)
			b = append(b, ':')
			b = strconv.AppendInt(b, kv.v, 10)
		}
		for _, kv := range []struct {
			k string
			v float64
		}{{"alpha", p.Alpha}, {"alphaD", p.AlphaD}, {"kappa", p.Kappa}} {
			b = append(b, ',')
			b = appendString(b, kv.k)
			b = append(b, ':')
			b = strconv.AppendFloat(b, kv.v, 'g', -1, 64)
		}
		b = append(b, `,"fully":`...)
		b = strconv.AppendBool(b, p.Fully)
		b = append(b, `,"seed":`...)
		b = strconv.AppendUint(b, p.Seed, 10)
		b = append(b, '}')
	}
	return append(b, '}'), nil
}

// appendString appends s as a JSON string.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[r>>4], hex[r&15])
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}

// Validate reports the first bad field.
func (j Job) Validate() error {
	switch j.Kind {
	case KindDiagramPoint:
		if j.Diagram == nil || j.Deep != nil || j.Sim != nil {
			return errors.New("a diagram-point job needs the diagram parameters (and no others)")
		}
		return j.Diagram.Validate()
	case KindDeepRun:
		if j.Deep == nil || j.Diagram != nil || j.Sim != nil {
			return errors.New("a deep-run job needs the deep parameters (and no others)")
		}
		return j.Deep.Validate()
	case KindSimRun:
		if j.Sim == nil || j.Diagram != nil || j.Deep != nil {
			return errors.New("a sim-run job needs the simulation parameters (and no others)")
		}
		return j.Sim.Validate()
	case "":
		return errors.New("job has no kind")
	}
	return fmt.Errorf("unknown job kind %q (known: %s, %s, %s)", j.Kind, KindDiagramPoint, KindDeepRun, KindSimRun)
}

// Validate checks the problem (in the command line's words) and bounds its
// data.
func (p SimRunJob) Validate() error {
	q := p.Problem()
	if err := q.Validate(); err != nil {
		return fmt.Errorf("simulation run: %v", err)
	}
	n := float64(q.N)
	if n*float64(q.P()) > maxSimEntries || n*float64(q.D()) > maxSimEntries {
		return fmt.Errorf("simulation run: N = %d, P = %d, D = %d is too large for a worker (N P and N D at most %g)", q.N, q.P(), q.D(), float64(maxSimEntries))
	}
	return nil
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
