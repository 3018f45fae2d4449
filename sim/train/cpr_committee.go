package train

import (
	"math"
	"math/rand/v2"
	"time"

	"flatland/sim/data"
	"flatland/sim/nets"
)

// CommitteeCPR is CP+R for a committee machine with the least-action rule
// (Nilsson; Mitchison & Durbin 1989): on a misclassified example only the
// hidden unit with the wrong sign and the smallest |field| gets the clipped
// perceptron update h += 2 y x on its weights; the reinforcement
// h_j += 2 sign(h_j) with probability Ps per presentation is as in CPR.
type CommitteeCPR struct {
	cfg   CPRConfig
	m     *nets.Committee
	rng   *rand.Rand
	h     []float64
	w     []int8
	field []float64
	perm  []int
	pos   int
	epoch int
	upd   int
	work  int64
	done  bool
	ec    errCache
}

// NewCommitteeCPR starts from random hidden states h_j = ±1.
func NewCommitteeCPR(m *nets.Committee, cfg CPRConfig) (*CommitteeCPR, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	c := &CommitteeCPR{cfg: cfg, m: m, rng: data.NewRand(cfg.Seed, data.StreamTrain), field: make([]float64, m.K)}
	c.w = randomSigns(c.rng, m.NumWeights())
	c.h = make([]float64, len(c.w))
	for i, v := range c.w {
		c.h[i] = float64(v)
	}
	c.perm = make([]int, m.P)
	for i := range c.perm {
		c.perm[i] = i
	}
	return c, nil
}

func (c *CommitteeCPR) Step(budget time.Duration) (bool, error) {
	if c.done {
		return true, nil
	}
	c.done = runUnits(budget, 16, c.present)
	return c.done, nil
}

func (c *CommitteeCPR) present() bool {
	m := c.m
	if c.pos == 0 {
		c.rng.Shuffle(len(c.perm), func(i, j int) { c.perm[i], c.perm[j] = c.perm[j], c.perm[i] })
	}
	mu := c.perm[c.pos]
	x := m.Row(mu)
	y := float64(m.Y[mu])
	m.Fields(c.w, x, c.field)
	votes := 0.0
	for _, f := range c.field {
		votes += signf(f)
	}
	if y*votes < 0 {
		c.upd++
		best, bestAbs := -1, math.Inf(1)
		for k, f := range c.field {
			if y*signf(f) < 0 && math.Abs(f) < bestAbs {
				best, bestAbs = k, math.Abs(f)
			}
		}
		lo, hi, in0 := m.UnitWeights(best)
		for j := lo; j < hi; j++ {
			old := c.h[j]
			nh := old + 2*y*x[j-lo+in0]
			c.h[j] = nh
			if (nh < 0) != (old < 0) {
				c.w[j] = -c.w[j]
				c.ec.touch()
			}
		}
	}
	if c.rng.Float64() < c.cfg.Ps {
		for j, v := range c.h {
			if v < 0 {
				c.h[j] = v - 2
			} else {
				c.h[j] = v + 2
			}
		}
	}
	c.work++
	c.pos++
	if c.pos == m.P {
		c.pos = 0
		c.epoch++
		if c.upd == 0 {
			return true
		}
		c.upd = 0
		if c.epoch >= c.cfg.MaxEpochs {
			return true
		}
	}
	return false
}

func (c *CommitteeCPR) Progress() float64           { return progress(c.done, c.epoch, c.cfg.MaxEpochs) }
func (c *CommitteeCPR) Weights() []int8             { return append([]int8(nil), c.w...) }
func (c *CommitteeCPR) Replicas() int               { return 1 }
func (c *CommitteeCPR) ReplicaWeights(a int) []int8 { return c.Weights() }

// Hidden returns a copy of the hidden states.
func (c *CommitteeCPR) Hidden() []float64 { return append([]float64(nil), c.h...) }

func (c *CommitteeCPR) Snapshot() Snapshot {
	e := c.ec.get(c.m, c.w)
	return Snapshot{Algo: "cpr", Epoch: c.epoch, MaxEpochs: c.cfg.MaxEpochs, Work: c.work, Errors: e,
		TrainError: float64(e) / float64(c.m.P), Solved: e == 0, Done: c.done}
}
