package train

import (
	"fmt"
	"time"

	"flatland/sim/data"
	"flatland/sim/nets"
)

// RSGDConfig parameterizes replicated SGD: Y replicas, each running the SGD
// of SGDConfig on its own pattern order, coupled elastically to their centre
// c = mean_a h^a: after every presentation h^a += (gamma/P) (c - h^a), with
// gamma = Gamma0 + GammaStep * epoch (capped so gamma/P <= 1).
type RSGDConfig struct {
	SGD       SGDConfig
	Y         int     // replicas (default 7)
	Gamma0    float64 // default 0.5
	GammaStep float64 // default 0.5
}

// DefaultRSGDConfig returns the defaults.
func DefaultRSGDConfig() RSGDConfig {
	return RSGDConfig{SGD: DefaultSGDConfig(), Y: 7, Gamma0: 0.5, GammaStep: 0.5}
}

// RSGD is replicated SGD with an elastic centre.
type RSGD struct {
	cfg    RSGDConfig
	m      *nets.Linear
	nets   []*sgdNet
	c      []float64
	centre []int8
	cerr   int
	pos    int
	epoch  int
	work   int64
	done   bool
}

// NewRSGD starts Y replicas from independent small random hidden weights.
func NewRSGD(m *nets.Linear, cfg RSGDConfig) (*RSGD, error) {
	if cfg.Y < 1 || cfg.SGD.MaxEpochs <= 0 || cfg.SGD.LR <= 0 || cfg.SGD.Beta <= 0 || cfg.Gamma0 < 0 || cfg.GammaStep < 0 {
		return nil, fmt.Errorf("train: RSGD needs Y >= 1, MaxEpochs, LR, Beta > 0 and gamma >= 0 (got %+v)", cfg)
	}
	r := &RSGD{cfg: cfg, m: m, c: make([]float64, m.N), centre: make([]int8, m.N)}
	for a := 0; a < cfg.Y; a++ {
		r.nets = append(r.nets, newSGDNet(m, cfg.SGD.Seed, data.StreamTrain+16+uint64(a), cfg.SGD.Init))
	}
	r.updateCentre()
	r.cerr = m.Errors(r.centre)
	return r, nil
}

// Gamma returns the coupling at the current epoch.
func (r *RSGD) Gamma() float64 { return r.cfg.Gamma0 + r.cfg.GammaStep*float64(r.epoch) }

func (r *RSGD) updateCentre() {
	inv := 1 / float64(len(r.nets))
	for i := range r.c {
		s := 0.0
		for _, n := range r.nets {
			s += n.h[i]
		}
		r.c[i] = s * inv
	}
	for i, v := range r.c {
		r.centre[i] = int8(signf(v))
	}
}

func (r *RSGD) Step(budget time.Duration) (bool, error) {
	if r.done {
		return true, nil
	}
	r.done = runUnits(budget, 4, r.unit)
	return r.done, nil
}

// unit presents one pattern to every replica, then applies the coupling.
func (r *RSGD) unit() bool {
	cfg := r.cfg.SGD
	beta := cfg.Beta + cfg.BetaStep*float64(r.epoch)
	for _, n := range r.nets {
		if r.pos == 0 {
			n.rng.Shuffle(len(n.perm), func(i, j int) { n.perm[i], n.perm[j] = n.perm[j], n.perm[i] })
		}
		n.present(n.perm[r.pos], cfg.LR, beta, cfg.Margin)
		r.work++
	}
	k := min(1, r.Gamma()/float64(r.m.P))
	r.updateCentre()
	for _, n := range r.nets {
		for i, ci := range r.c {
			nh := n.h[i] + k*(ci-n.h[i])
			n.h[i] = nh
			if nw := signf(nh); nw != n.wf[i] {
				n.wf[i] = nw
				n.ec.touch()
			}
		}
	}
	r.pos++
	if r.pos == r.m.P {
		r.pos = 0
		r.epoch++
		r.updateCentre()
		r.cerr = r.m.Errors(r.centre)
		if r.cerr == 0 || r.epoch >= cfg.MaxEpochs {
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
		if e := n.ec.get(r.m, n.weights()); e < be {
			best, be = a, e
		}
	}
	if best < 0 {
		return r.Centre()
	}
	return r.ReplicaWeights(best)
}

func (r *RSGD) Snapshot() Snapshot {
	w := r.Weights()
	e := r.m.Errors(w)
	s := Snapshot{Algo: "rsgd", Epoch: r.epoch, MaxEpochs: r.cfg.SGD.MaxEpochs, Work: r.work, Errors: e,
		TrainError: float64(e) / float64(r.m.P), Solved: e == 0, Done: r.done,
		Beta: r.cfg.SGD.Beta + r.cfg.SGD.BetaStep*float64(r.epoch), Gamma: r.Gamma(), Y: float64(r.cfg.Y)}
	reps := make([][]int8, r.cfg.Y)
	errs := make([]int, r.cfg.Y)
	for a, n := range r.nets {
		reps[a] = n.weights()
		errs[a] = n.ec.get(r.m, reps[a])
	}
	replicaObservables(&s, errs, reps, r.centre)
	return s
}

// newRSGDAlgorithm is the registry constructor of "rsgd".
func newRSGDAlgorithm(m nets.Model, seed uint64, maxEpochs int) (Trainer, error) {
	lin, err := linear("rsgd", m)
	if err != nil {
		return nil, err
	}
	c := DefaultRSGDConfig()
	c.SGD.Seed = seed
	if maxEpochs > 0 {
		c.SGD.MaxEpochs = maxEpochs
	}
	return NewRSGD(lin, c)
}
