package train

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"time"

	"flatland/sim/data"
	"flatland/sim/nets"
)

// CPRConfig parameterizes the clipped perceptron with reinforcement.
type CPRConfig struct {
	Seed      uint64
	MaxEpochs int // passes over the training set before giving up (default 1000)
	// Ps is the reinforcement probability per presentation; Baldassi (2009)
	// shows it must stay below sqrt(2/(pi N)). Default 0.07 sqrt(2/(pi N)) (tuned at N = 1001:
	// 0.05 and 0.1 solve fewer seeds at alpha = 0.6 than 0.07).
	Ps float64
	// Margin: a pattern triggers the perceptron update when its stability
	// Delta <= Margin sqrt(N) (default 0: only errors; must be >= the
	// model's kappa for "no update in an epoch" to prove a solution).
	Margin float64
	// HMax bounds the hidden states, |h_i| <= HMax (0: unbounded). Bounded
	// hidden states as in SBPI (Baldassi et al. PNAS 2007). Default 0
	// (tried 15..63 at alpha = 0.6: bounds did not help).
	HMax float64
}

// DefaultCPRConfig returns the defaults for n weights.
func DefaultCPRConfig(n int) CPRConfig {
	return CPRConfig{MaxEpochs: 1000, Ps: 0.07 * math.Sqrt(2/(math.Pi*float64(n)))}
}

// check rejects settings CP+R cannot run with: a reinforcement probability
// outside [0, 1] (NaN would silently switch reinforcement off).
func (c CPRConfig) check() error {
	if c.MaxEpochs <= 0 {
		return fmt.Errorf("train: CP+R needs MaxEpochs > 0")
	}
	if !(c.Ps >= 0 && c.Ps <= 1) {
		return fmt.Errorf("train: CP+R reinforcement probability Ps = %v outside [0, 1]", c.Ps)
	}
	return nil
}

// CPR is the clipped perceptron with reinforcement on a Linear model.
type CPR struct {
	cfg   CPRConfig
	m     *nets.Linear
	rng   *rand.Rand
	h     []float64     // hidden states; W = sign(h) (scalar path)
	bs    *slicedHidden // hidden states bit-sliced (±1 patterns, unbounded h)
	w     []int8
	wf    []float64 // W as ±1.0
	wb    []uint64  // W packed (PM1 only)
	perm  []int
	pos   int
	epoch int
	upd   int // updates in the current epoch
	work  int64
	thr   float64
	done  bool
	solve bool
	ec    errCache
}

// NewCPR starts CP+R from random hidden states h_i = ±1.
func NewCPR(m *nets.Linear, cfg CPRConfig) (*CPR, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if cfg.Margin < m.Kappa {
		return nil, fmt.Errorf("train: CP+R margin %g below the model's kappa %g", cfg.Margin, m.Kappa)
	}
	c := &CPR{cfg: cfg, m: m, rng: data.NewRand(cfg.Seed, data.StreamTrain)}
	c.w = randomSigns(c.rng, m.N)
	c.wf = make([]float64, m.N)
	for i, v := range c.w {
		c.wf[i] = float64(v)
	}
	if m.PM1 {
		c.wb = make([]uint64, m.Words)
		nets.PackSigns(c.w, c.wb)
	}
	if m.PM1 && cfg.HMax == 0 {
		// The sliced states own the packed signs: wb is their sign words.
		c.bs = newSlicedHidden(m.N, c.wb)
		c.wb = c.bs.sign
	} else {
		c.h = make([]float64, m.N)
		for i, v := range c.w {
			c.h[i] = float64(v)
		}
	}
	c.perm = make([]int, m.P)
	for i := range c.perm {
		c.perm[i] = i
	}
	c.thr = cfg.Margin * math.Sqrt(float64(m.N))
	return c, nil
}

// Step runs presentations for about budget.
func (c *CPR) Step(budget time.Duration) (bool, error) {
	if c.done {
		return true, nil
	}
	c.done = runUnits(budget, 64, c.present)
	return c.done, nil
}

// present shows one pattern (one work unit).
func (c *CPR) present() bool {
	m := c.m
	if c.pos == 0 {
		c.rng.Shuffle(len(c.perm), func(i, j int) { c.perm[i], c.perm[j] = c.perm[j], c.perm[i] })
	}
	mu := c.perm[c.pos]
	var delta float64
	if m.PM1 {
		delta = float64(m.PackedStability(mu, c.wb))
	} else {
		delta = m.Stability(mu, c.wf)
	}
	if delta <= c.thr && c.bs != nil {
		c.upd++
		if c.bs.update(m.Bits[mu*m.Words : (mu+1)*m.Words]) {
			c.followFlips()
		}
	} else if delta <= c.thr {
		c.upd++
		row := m.Row(mu)
		for i, x := range row {
			old := c.h[i]
			nh := old + 2*x
			if hm := c.cfg.HMax; hm > 0 && math.Abs(nh) > hm {
				continue
			}
			c.h[i] = nh
			if (nh < 0) != (old < 0) {
				c.flip(i)
			}
		}
	}
	if c.rng.Float64() < c.cfg.Ps {
		c.reinforce()
	}
	c.work++
	c.pos++
	if c.pos == m.P {
		c.pos = 0
		c.epoch++
		if c.upd == 0 {
			c.solve = true
			return true
		}
		c.upd = 0
		if c.epoch >= c.cfg.MaxEpochs {
			return true
		}
	}
	return false
}

// reinforce moves every hidden state away from zero: h += 2 sign(h).
func (c *CPR) reinforce() {
	if c.bs != nil {
		c.bs.reinforce()
		return
	}
	hm := c.cfg.HMax
	for i, v := range c.h {
		if v < 0 {
			v -= 2
		} else {
			v += 2
		}
		if hm > 0 && math.Abs(v) > hm {
			continue
		}
		c.h[i] = v
	}
}

// followFlips copies the sliced states' last sign flips (already in the
// packed signs wb) into w and wf.
func (c *CPR) followFlips() {
	for k, f := range c.bs.flips {
		for ; f != 0; f &= f - 1 {
			i := k<<6 | bits.TrailingZeros64(f)
			c.w[i] = -c.w[i]
			c.wf[i] = -c.wf[i]
		}
	}
	c.ec.touch()
}

func (c *CPR) flip(i int) {
	c.w[i] = -c.w[i]
	c.wf[i] = -c.wf[i]
	if c.wb != nil {
		c.wb[i>>6] ^= 1 << (uint(i) & 63)
	}
	c.ec.touch()
}

func (c *CPR) Progress() float64 { return progress(c.done, c.epoch, c.cfg.MaxEpochs) }
func (c *CPR) Weights() []int8   { return append([]int8(nil), c.w...) }
func (c *CPR) Replicas() int     { return 1 }
func (c *CPR) ReplicaWeights(a int) []int8 {
	return c.Weights()
}

// Hidden returns a copy of the hidden states h.
func (c *CPR) Hidden() []float64 {
	if c.bs != nil {
		return c.bs.hidden()
	}
	return append([]float64(nil), c.h...)
}

func (c *CPR) Snapshot() Snapshot {
	e := c.ec.get(c.m, c.w)
	return Snapshot{Algo: "cpr", Epoch: c.epoch, MaxEpochs: c.cfg.MaxEpochs, Work: c.work, Errors: e,
		TrainError: float64(e) / float64(c.m.P), Solved: e == 0, Done: c.done}
}

// newCPRAlgorithm is the registry constructor of "cpr": CPR on a linear
// student, CommitteeCPR (least action) on a committee.
func newCPRAlgorithm(m nets.Model, seed uint64, maxEpochs int) (Trainer, error) {
	if com, ok := m.(*nets.Committee); ok {
		c := DefaultCPRConfig(com.NumWeights())
		c.Seed = seed
		if maxEpochs > 0 {
			c.MaxEpochs = maxEpochs
		}
		return NewCommitteeCPR(com, c)
	}
	lin, err := linear("cpr", m)
	if err != nil {
		return nil, err
	}
	c := DefaultCPRConfig(lin.N)
	c.Seed = seed
	c.Margin = lin.Kappa
	if maxEpochs > 0 {
		c.MaxEpochs = maxEpochs
	}
	return NewCPR(lin, c)
}
