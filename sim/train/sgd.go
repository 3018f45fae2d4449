package train

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"flatland/sim/data"
	"flatland/sim/detmath"
	"flatland/sim/nets"
)

// SGDConfig parameterizes BinaryConnect-style SGD on a Linear model: hidden
// weights h in [-1, 1], W = sign(h), online updates on the surrogate loss
// ln(1 + exp(-Beta (Delta/sqrt N - Margin))) with the gradient taken at W
// (straight-through) and applied to h, then clipped.
type SGDConfig struct {
	Seed      uint64
	MaxEpochs int     // default 1000
	LR        float64 // learning rate (default 0.1)
	Beta      float64 // surrogate sharpness at epoch 0 (default 1)
	BetaStep  float64 // added to Beta each epoch (default 0.2)
	Margin    float64 // surrogate margin (default 0)
	Init      float64 // initial |h| scale: h_i uniform in [-Init, Init] (default 0.1)
	// Decay: the learning rate at epoch e is LR / (1 + Decay e) (default 0).
	Decay float64
}

// DefaultSGDConfig returns the defaults.
func DefaultSGDConfig() SGDConfig {
	return SGDConfig{MaxEpochs: 1000, LR: 0.1, Beta: 1, BetaStep: 0.2, Margin: 0, Init: 0.1}
}

// sgdNet is one network trained by SGD (shared by SGD and RSGD).
type sgdNet struct {
	m    *nets.Linear
	rng  *rand.Rand
	h    []float64
	wf   []float64 // sign(h) as ±1.0
	perm []int
	ec   errCache
}

func newSGDNet(m *nets.Linear, seed, stream uint64, init float64) *sgdNet {
	s := &sgdNet{m: m, rng: data.NewRand(seed, stream), h: make([]float64, m.N), wf: make([]float64, m.N), perm: make([]int, m.P)}
	for i := range s.h {
		s.h[i] = init * (2*s.rng.Float64() - 1)
		s.wf[i] = signf(s.h[i])
	}
	for i := range s.perm {
		s.perm[i] = i
	}
	return s
}

func signf(x float64) float64 {
	if x < 0 {
		return -1
	}
	return 1
}

// present applies the SGD update for pattern mu at sharpness beta.
func (s *sgdNet) present(mu int, lr, beta, margin float64) {
	m := s.m
	sq := math.Sqrt(float64(m.N))
	delta := m.Stability(mu, s.wf)
	z := beta * (delta/sq - margin)
	// step lr sigma(-z) / sqrt N along xi: the cross-entropy gradient with
	// its beta factor absorbed in lr, so a sharper surrogate does not take
	// larger steps
	var g float64
	if z > 40 {
		return
	}
	g = lr / (1 + detmath.Exp(z)) / sq
	row := m.Row(mu)
	for i, x := range row {
		nh := s.h[i] + g*x
		if nh > 1 {
			nh = 1
		} else if nh < -1 {
			nh = -1
		}
		s.h[i] = nh
		if nw := signf(nh); nw != s.wf[i] {
			s.wf[i] = nw
			s.ec.touch()
		}
	}
}

func (s *sgdNet) weights() []int8 {
	w := make([]int8, len(s.wf))
	for i, v := range s.wf {
		w[i] = int8(v)
	}
	return w
}

// SGD is online BinaryConnect-style SGD.
type SGD struct {
	cfg   SGDConfig
	net   *sgdNet
	pos   int
	epoch int
	work  int64
	done  bool
}

// NewSGD starts SGD from small random hidden weights.
func NewSGD(m *nets.Linear, cfg SGDConfig) (*SGD, error) {
	if cfg.MaxEpochs <= 0 || cfg.LR <= 0 || cfg.Beta <= 0 {
		return nil, fmt.Errorf("train: SGD needs MaxEpochs, LR, Beta > 0 (got %d, %g, %g)", cfg.MaxEpochs, cfg.LR, cfg.Beta)
	}
	return &SGD{cfg: cfg, net: newSGDNet(m, cfg.Seed, data.StreamTrain, cfg.Init)}, nil
}

func (s *SGD) Step(budget time.Duration) (bool, error) {
	if s.done {
		return true, nil
	}
	s.done = runUnits(budget, 16, s.unit)
	return s.done, nil
}

func (s *SGD) unit() bool {
	n := s.net
	if s.pos == 0 {
		n.rng.Shuffle(len(n.perm), func(i, j int) { n.perm[i], n.perm[j] = n.perm[j], n.perm[i] })
	}
	beta := s.cfg.Beta + s.cfg.BetaStep*float64(s.epoch)
	n.present(n.perm[s.pos], s.cfg.LR/(1+s.cfg.Decay*float64(s.epoch)), beta, s.cfg.Margin)
	s.work++
	s.pos++
	if s.pos == n.m.P {
		s.pos = 0
		s.epoch++
		if n.ec.get(n.m, n.weights()) == 0 || s.epoch >= s.cfg.MaxEpochs {
			return true
		}
	}
	return false
}

// Hidden returns a copy of the continuous hidden weights h.
func (s *SGD) Hidden() []float64 { return append([]float64(nil), s.net.h...) }

func (s *SGD) Progress() float64           { return progress(s.done, s.epoch, s.cfg.MaxEpochs) }
func (s *SGD) Weights() []int8             { return s.net.weights() }
func (s *SGD) Replicas() int               { return 1 }
func (s *SGD) ReplicaWeights(a int) []int8 { return s.Weights() }

func (s *SGD) Snapshot() Snapshot {
	e := s.net.ec.get(s.net.m, s.net.weights())
	return Snapshot{Algo: "sgd", Epoch: s.epoch, MaxEpochs: s.cfg.MaxEpochs, Work: s.work, Errors: e,
		TrainError: float64(e) / float64(s.net.m.P), Solved: e == 0, Done: s.done,
		Beta: s.cfg.Beta + s.cfg.BetaStep*float64(s.epoch)}
}

// newSGDAlgorithm is the registry constructor of "sgd".
func newSGDAlgorithm(m nets.Model, seed uint64, maxEpochs int) (Trainer, error) {
	lin, err := linear("sgd", m)
	if err != nil {
		return nil, err
	}
	c := DefaultSGDConfig()
	c.Seed = seed
	if maxEpochs > 0 {
		c.MaxEpochs = maxEpochs
	}
	return NewSGD(lin, c)
}
