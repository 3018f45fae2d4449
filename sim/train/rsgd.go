package train

import (
	"fmt"
	"time"

	"flatland/sim/data"
	"flatland/sim/nets"
)

// RSGDConfig parameterizes replicated SGD (Baldassi, Pittorino, Zecchina,
// PNAS 117, 161 (2020); Baldassi et al., PNAS 113, E7655 (2016)): Y
// replicas, each running the BinaryConnect SGD of SGDConfig on its own
// minibatch order, coupled elastically to their centre: the centre is the
// binary configuration W~ = sign(mean_a h^a), and after every minibatch
// each replica's latent weights are pulled towards it, h^a += k (Clip W~ -
// h^a), k = min(1, gamma B/P), the gradient of (gamma/2) sum_a |h^a - Clip
// W~|^2. gamma = SGD.Gamma (1 + SGD.GammaGrow)^epoch grows during training,
// which draws the replicas together into a wide flat region; the reported
// configuration is the centre, or a replica that solves first. With Y = 1
// this is SGD (on another random stream).
type RSGDConfig struct {
	SGD SGDConfig
	Y   int // replicas (default 5)
}

// DefaultRSGDConfig returns the defaults.
func DefaultRSGDConfig() RSGDConfig {
	return RSGDConfig{SGD: DefaultSGDConfig(), Y: 5}
}

// RSGD is replicated SGD with an elastic centre.
type RSGD struct {
	cfg    RSGDConfig
	t      sgdTarget
	nets   []*sgdNet
	sch    sgdSchedule
	c      []float64
	cf     []float64 // sign(c) as ±1.0
	centre []int8
	cerr   int
	pos    int
	epoch  int
	work   int64
	done   bool
	fw     freezeWatch
}

// NewRSGD starts Y replicas on a perceptron (or random-features student)
// from independent random latent weights.
func NewRSGD(m *nets.Linear, cfg RSGDConfig) (*RSGD, error) { return newRSGD(newLinearTarget(m), cfg) }

// NewCommitteeRSGD starts Y replicas on a committee machine (tree or fully
// connected) from independent random latent weights.
func NewCommitteeRSGD(m *nets.Committee, cfg RSGDConfig) (*RSGD, error) {
	return newRSGD(newCommitteeTarget(m), cfg)
}

func newRSGD(t sgdTarget, cfg RSGDConfig) (*RSGD, error) {
	if err := cfg.SGD.check("RSGD"); err != nil {
		return nil, err
	}
	if cfg.Y < 1 {
		return nil, fmt.Errorf("train: RSGD needs Y >= 1 replicas (got %d)", cfg.Y)
	}
	nw := t.numWeights()
	r := &RSGD{cfg: cfg, t: t, sch: newSGDSchedule(cfg.SGD),
		c: make([]float64, nw), cf: make([]float64, nw), centre: make([]int8, nw)}
	for a := 0; a < cfg.Y; a++ {
		r.nets = append(r.nets, newSGDNet(t, cfg.SGD.Seed, data.StreamTrain+16+uint64(a), cfg.SGD.Init))
	}
	r.updateCentre()
	r.cerr = r.centreErrors()
	return r, nil
}

// Gamma returns the coupling at the current epoch.
func (r *RSGD) Gamma() float64 { return r.sch.gamma }

func (r *RSGD) updateCentre() {
	inv := 1 / float64(len(r.nets))
	for i := range r.c {
		s := 0.0
		for _, n := range r.nets {
			s += n.h[i]
		}
		r.c[i] = s * inv
		r.cf[i] = signf(r.c[i])
		r.centre[i] = int8(r.cf[i])
	}
}

func (r *RSGD) centreErrors() int { return r.t.errors(r.cf) }

func (r *RSGD) Step(budget time.Duration) (bool, error) {
	if r.done {
		return true, nil
	}
	r.done = runUnits(budget, 1, r.unit)
	return r.done, nil
}

// unit runs one minibatch on every replica, then applies the coupling.
func (r *RSGD) unit() bool {
	cfg := r.cfg.SGD
	to := min(r.pos+cfg.Batch, r.t.numPatterns())
	for _, n := range r.nets {
		if r.pos == 0 {
			n.shuffle()
		}
		r.work += int64(n.batch(r.pos, to, &r.sch, cfg.Clip))
	}
	k := pullFraction(r.sch.gamma, to-r.pos, r.t.numPatterns())
	r.pos = to
	r.updateCentre()
	for _, n := range r.nets {
		n.pull(r.cf, k, cfg.Clip)
	}
	if r.pos == r.t.numPatterns() {
		r.pos = 0
		r.epoch++
		r.sch.advance(cfg)
		r.updateCentre()
		r.cerr = r.centreErrors()
		flips := 0
		for _, n := range r.nets {
			flips += n.ec.version
		}
		if r.cerr == 0 || r.replicaSolved() || r.epoch >= cfg.MaxEpochs || r.fw.frozen(flips, r.sch.gamma) {
			return true
		}
	}
	return false
}

// replicaSolved reports whether some replica has zero training errors (then
// Weights returns it). At small alpha the replicas each reach a solution
// long before the centre does: they settle in different solutions, the
// vanishing gradient leaves them there and the coupling then merges them
// into their majority vote, which need not be one.
func (r *RSGD) replicaSolved() bool {
	for _, n := range r.nets {
		if n.errors() == 0 {
			return true
		}
	}
	return false
}

func (r *RSGD) Progress() float64           { return progress(r.done, r.epoch, r.cfg.SGD.MaxEpochs) }
func (r *RSGD) Replicas() int               { return r.cfg.Y }
func (r *RSGD) ReplicaWeights(a int) []int8 { return r.nets[a].weights() }
func (r *RSGD) Centre() []int8              { return append([]int8(nil), r.centre...) }

// Weights returns the centre sign(c) if it is at least as good as every
// replica, otherwise the best replica.
func (r *RSGD) Weights() []int8 {
	best, be := -1, r.cerr
	for a, n := range r.nets {
		if e := n.errors(); e < be {
			best, be = a, e
		}
	}
	if best < 0 {
		return r.Centre()
	}
	return r.ReplicaWeights(best)
}

func (r *RSGD) Snapshot() Snapshot {
	e := r.t.errors(floatSigns(r.Weights()))
	s := Snapshot{Algo: "rsgd", Epoch: r.epoch, MaxEpochs: r.cfg.SGD.MaxEpochs, Work: r.work, Errors: e,
		TrainError: float64(e) / float64(r.t.numPatterns()), Solved: e == 0, Done: r.done,
		Beta: r.sch.beta, Gamma: r.sch.gamma, Y: float64(r.cfg.Y)}
	reps := make([][]int8, r.cfg.Y)
	errs := make([]int, r.cfg.Y)
	for a, n := range r.nets {
		reps[a] = n.weights()
		errs[a] = n.errors()
	}
	replicaObservables(&s, errs, reps, r.centre)
	return s
}

// newRSGDAlgorithm is the registry constructor of "rsgd".
func newRSGDAlgorithm(m nets.Model, seed uint64, maxEpochs int) (Trainer, error) {
	t, err := sgdTargetOf("rsgd", m)
	if err != nil {
		return nil, err
	}
	c := DefaultRSGDConfig()
	c.SGD.Seed = seed
	if maxEpochs > 0 {
		c.SGD.MaxEpochs = maxEpochs
	}
	return newRSGD(t, c)
}
