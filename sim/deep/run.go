package deep

import (
	"fmt"
	"math"

	"flatland/sim/stepper"
)

// Measure says how the local energy is sampled.
type Measure struct {
	Sigmas []float64 // relative noise levels sigma (multiplicative, Eq. 3)
	Draws  int       // noise draws per sigma (the same draws for every sigma)
	// MaxMisclassified bounds the list of misclassified test images kept.
	MaxMisclassified int
}

// DefaultMeasure is sigma in {0.05, 0.1, 0.2, 0.3, 0.5}, 8 draws, 16
// misclassified test images kept.
func DefaultMeasure() Measure {
	return Measure{Sigmas: []float64{0.05, 0.1, 0.2, 0.3, 0.5}, Draws: 8, MaxMisclassified: 16}
}

// Limits of a measurement.
const (
	MaxSigmas = 64
	MaxSigma  = 10
	MaxDraws  = 10000
)

// Validate reports the first out-of-range field.
func (m Measure) Validate() error {
	if len(m.Sigmas) > MaxSigmas {
		return fmt.Errorf("deep: %d noise levels (at most %d)", len(m.Sigmas), MaxSigmas)
	}
	for _, s := range m.Sigmas {
		if math.IsNaN(s) || s < 0 || s > MaxSigma {
			return fmt.Errorf("deep: noise level sigma %g out of range [0, %g]", s, float64(MaxSigma))
		}
	}
	if m.Draws < 1 || m.Draws > MaxDraws {
		return fmt.Errorf("deep: %d noise draws out of range [1, %d]", m.Draws, MaxDraws)
	}
	if m.MaxMisclassified < 0 {
		return fmt.Errorf("deep: negative number of misclassified images kept")
	}
	return nil
}

// Result is what a Run measured on its trained network.
type Result struct {
	Config       Config
	Epochs       int   // epochs trained
	Steps        int64 // minibatch steps (each updates every replica)
	Interpolated bool  // zero training error reached
	Train, Test  Eval
	// Local energy (Eq. 3): for each sigma, the training error of the
	// perturbed network averaged over draws (NoisyError), its standard
	// error, and DeltaE = NoisyError - Train.Error.
	Sigmas        []float64
	NoisyError    []float64
	NoisyErrorSE  []float64
	DeltaE        []float64
	Misclassified []int // test indices, at most Measure.MaxMisclassified
	Done          bool  // every stage finished
}

// Run trains one network and then measures it: training and test error
// and loss, then the local energy at each sigma. It is a resumable stepper
// (a stepper.Coroutine): the state only changes between minibatches and
// between chunks of evaluated samples, so results do not depend on the
// budgets. Close it when abandoning it unfinished.
type Run struct {
	*stepper.Coroutine
	trainer       *Trainer
	train, test   *Data
	measure       Measure
	res           Result
	measuredDraws int
}

// evalChunk is the number of samples evaluated between checkpoints.
const evalChunk = 128

// NewRun prepares training cfg on train and measuring on train and test.
func NewRun(cfg Config, m Measure, train, test *Data) (*Run, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if train.D != test.D || train.Classes != test.Classes {
		return nil, fmt.Errorf("deep: training inputs %d, test inputs %d", train.D, test.D)
	}
	t, err := NewTrainer(cfg, train)
	if err != nil {
		return nil, err
	}
	r := &Run{trainer: t, train: train, test: test, measure: m}
	r.res.Config = t.cfg
	r.Coroutine = stepper.NewCoroutine(r.work, r.progress)
	return r, nil
}

// Trainer is the run's trainer (read it between Steps only).
func (r *Run) Trainer() *Trainer { return r.trainer }

// Result is the result so far (complete once Done).
func (r *Run) Result() Result { return r.res }

func (r *Run) progress() float64 {
	t := r.trainer
	trainShare := 0.8
	if r.res.Epochs > 0 || r.measuredDraws > 0 {
		return trainShare + (1-trainShare)*float64(r.measuredDraws)/float64(max(1, r.measure.Draws))
	}
	done := float64(t.epoch) + float64(t.pos)/float64(t.data.N)
	return trainShare * done / float64(t.cfg.MaxEpochs)
}

// evaluate is p's error and loss on d, with a checkpoint every evalChunk samples.
func (r *Run) evaluate(p []float32, d *Data, yield func(), wrong func(int)) Eval {
	net := r.trainer.net
	var errs int
	var loss float64
	for from := 0; from < d.N; from += evalChunk {
		net.evaluate(p, d, from, min(from+evalChunk, d.N), r.trainer.ws, &errs, &loss, wrong)
		yield()
	}
	return finishEval(errs, loss, d.N)
}

func (r *Run) work(yield func()) error {
	t := r.trainer
	for {
		if !t.Step() {
			yield()
			continue
		}
		yield()
		e := r.evaluate(t.net.Params, r.train, yield, nil)
		if math.IsNaN(e.Loss) || math.IsInf(e.Loss, 0) {
			return fmt.Errorf("deep: training diverged by epoch %d (a smaller learning rate may help)", t.epoch)
		}
		reached := e.Errors == 0 && e.Loss <= t.cfg.TargetLoss || e.Errors == 0 && t.cfg.TargetLoss == 0
		if (reached && !t.cfg.FixedEpochs) || t.epoch >= t.cfg.MaxEpochs {
			r.res.Train = e
			break
		}
	}
	r.res.Epochs, r.res.Steps = t.epoch, t.steps
	r.res.Interpolated = r.res.Train.Errors == 0
	var wrong []int
	r.res.Test = r.evaluate(t.net.Params, r.test, yield, func(i int) {
		if len(wrong) < r.measure.MaxMisclassified {
			wrong = append(wrong, i)
		}
	})
	r.res.Misclassified = wrong
	return r.localEnergy(yield)
}

// localEnergy samples Eq. (3): for each draw, one Gaussian vector z, and
// for each sigma the training error of w (1 + sigma z).
func (r *Run) localEnergy(yield func()) error {
	m := r.measure
	k := len(m.Sigmas)
	sum := make([]float64, k)
	sum2 := make([]float64, k)
	w := r.trainer.net.Params
	z := make([]float32, len(w))
	noisy := make([]float32, len(w))
	for draw := range m.Draws {
		rng := newRand(r.res.Config.Seed, streamNoise+uint64(draw)<<8)
		for i := range z {
			z[i] = float32(gaussian(rng))
		}
		for s, sigma := range m.Sigmas {
			sg := float32(sigma)
			for i := range w {
				noisy[i] = w[i] * (1 + float32(sg*z[i]))
			}
			e := r.evaluate(noisy, r.train, yield, nil).Error
			sum[s] += e
			sum2[s] += e * e
		}
		r.measuredDraws = draw + 1
	}
	n := float64(m.Draws)
	r.res.Sigmas = append([]float64(nil), m.Sigmas...)
	r.res.NoisyError = make([]float64, k)
	r.res.NoisyErrorSE = make([]float64, k)
	r.res.DeltaE = make([]float64, k)
	for s := range k {
		mean := sum[s] / n
		r.res.NoisyError[s] = mean
		if m.Draws > 1 {
			v := max(0, (sum2[s]-n*mean*mean)/(n-1))
			r.res.NoisyErrorSE[s] = math.Sqrt(v / n)
		}
		r.res.DeltaE[s] = mean - r.res.Train.Error
	}
	r.res.Done = true
	return nil
}
