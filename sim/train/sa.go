package train

import (
	"fmt"
	"math/rand/v2"
	"time"

	"flatland/sim/data"
	"flatland/sim/detmath"
	"flatland/sim/nets"
)

// SAConfig parameterizes simulated annealing: Metropolis single flips
// accepted with min(1, exp(-beta dE)), where E is the stability cost of
// nets.CostState when the model offers it (perceptron, RF; Energy "cost")
// or the number of training errors (Energy "errors", committees),
// beta raised linearly from Beta0 to BetaMax over Sweeps sweeps (a sweep is
// NumWeights proposals at uniformly random sites).
type SAConfig struct {
	Seed    uint64
	Sweeps  int     // default 2000
	Beta0   float64 // default 0.5
	BetaMax float64 // default 6
	Energy  string  // "cost" (default where available) or "errors"
}

// DefaultSAConfig returns the defaults.
func DefaultSAConfig() SAConfig {
	return SAConfig{Sweeps: 2000, Beta0: 0.5, BetaMax: 6, Energy: "cost"}
}

func linearSchedule(a, b float64, step, steps int) float64 {
	if steps <= 1 {
		return b
	}
	return a + (b-a)*float64(min(step, steps-1))/float64(steps-1)
}

// SA is Metropolis simulated annealing on any nets.Model.
type SA struct {
	cfg   SAConfig
	m     nets.Model
	rng   *rand.Rand
	st    nets.State
	nw    int
	k     int // proposals in the current sweep
	sweep int
	work  int64
	beta  float64
	cs    nets.CostState // nil: energy = errors
	done  bool
}

// NewSA starts annealing from a random configuration.
func NewSA(m nets.Model, cfg SAConfig) (*SA, error) {
	if cfg.Sweeps <= 0 || cfg.Beta0 < 0 || cfg.BetaMax < cfg.Beta0 {
		return nil, fmt.Errorf("train: SA needs Sweeps > 0 and 0 <= Beta0 <= BetaMax (got %d, %g, %g)", cfg.Sweeps, cfg.Beta0, cfg.BetaMax)
	}
	s := &SA{cfg: cfg, m: m, rng: data.NewRand(cfg.Seed, data.StreamTrain), nw: m.NumWeights()}
	s.st = m.NewState(randomSigns(s.rng, s.nw))
	s.cs = costState(s.st, cfg.Energy)
	s.setBeta()
	s.done = s.st.Errors() == 0
	return s, nil
}

func (s *SA) setBeta() {
	s.beta = linearSchedule(s.cfg.Beta0, s.cfg.BetaMax, s.sweep, s.cfg.Sweeps)
}

// costState returns st as a CostState unless the errors energy is asked for
// or the model has no cost.
func costState(st nets.State, energy string) nets.CostState {
	if energy == "errors" {
		return nil
	}
	cs, _ := st.(nets.CostState)
	return cs
}

// deltaEnergy returns the energy change of flipping j.
func deltaEnergy(st nets.State, cs nets.CostState, j int) float64 {
	if cs != nil {
		return cs.DeltaCost(j)
	}
	return float64(st.DeltaErrors(j))
}

func (s *SA) accept(dE float64) bool {
	if dE <= 0 {
		return true
	}
	return s.rng.Float64() < detmath.Exp(-s.beta*dE)
}

func (s *SA) Step(budget time.Duration) (bool, error) {
	if s.done {
		return true, nil
	}
	s.done = runUnits(budget, 32, s.unit)
	return s.done, nil
}

func (s *SA) unit() bool {
	j := s.rng.IntN(s.nw)
	if s.accept(deltaEnergy(s.st, s.cs, j)) {
		s.st.Flip(j)
		if s.st.Errors() == 0 {
			s.work++
			return true
		}
	}
	s.work++
	s.k++
	if s.k == s.nw {
		s.k = 0
		s.sweep++
		if s.sweep >= s.cfg.Sweeps {
			return true
		}
		s.setBeta()
	}
	return false
}

func (s *SA) Progress() float64           { return progress(s.done, s.sweep, s.cfg.Sweeps) }
func (s *SA) Weights() []int8             { return append([]int8(nil), s.st.Weights()...) }
func (s *SA) Replicas() int               { return 1 }
func (s *SA) ReplicaWeights(a int) []int8 { return s.Weights() }

func (s *SA) Snapshot() Snapshot {
	e := s.st.Errors()
	return Snapshot{Algo: "sa", Epoch: s.sweep, MaxEpochs: s.cfg.Sweeps, Work: s.work, Errors: e,
		TrainError: float64(e) / float64(s.m.NumPatterns()), Solved: e == 0, Done: s.done, Beta: s.beta}
}

// newSAAlgorithm is the registry constructor of "sa" (any model).
func newSAAlgorithm(m nets.Model, seed uint64, maxEpochs int) (Trainer, error) {
	c := DefaultSAConfig()
	c.Seed = seed
	if maxEpochs > 0 {
		c.Sweeps = maxEpochs
	}
	return NewSA(m, c)
}
