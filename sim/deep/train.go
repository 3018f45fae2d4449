package deep

import (
	"fmt"
	"math"
	"slices"
)

// Algorithms.
const (
	AlgoSGD  = "sgd"  // minibatch SGD with momentum
	AlgoRSGD = "rsgd" // replicated SGD: replicas coupled elastically to their centre
	AlgoESGD = "esgd" // entropy-SGD: an inner SGD chain coupled to the network, which follows its mean
)

// Algos lists the algorithm names.
var Algos = []string{AlgoSGD, AlgoRSGD, AlgoESGD}

// Config is one training run: the architecture, the algorithm and its
// parameters. Zero values take the defaults of DefaultConfig.
type Config struct {
	Hidden    []int  // hidden layer widths (one or two layers)
	Algo      string // AlgoSGD, AlgoRSGD or AlgoESGD
	Seed      uint64 // initialization, minibatch order and noise draws
	MaxEpochs int    // training stops at zero training error or after MaxEpochs
	// TargetLoss, when positive, also asks for a mean training loss at or
	// below it before stopping (minima compared at equal depth).
	TargetLoss float64
	// FixedEpochs trains MaxEpochs epochs even past zero training error.
	FixedEpochs bool
	Batch       int     // minibatch size
	LR          float64 // learning rate
	Momentum    float64 // heavy-ball momentum in [0, 1)
	// Replicated SGD (Eq. 2 of the package doc) and entropy-SGD (Eq. 4).
	Replicas    int     // y
	Gamma       float64 // coupling at epoch 0
	GammaGrowth float64 // the coupling is multiplied by 1+GammaGrowth after each epoch
	Inner       int     // entropy-SGD: inner steps per outer step
	Spread      float64 // replicas start at w (1 + Spread z) around the centre w, z Gaussian
}

// Zero fields of a Config take these defaults, except Momentum (0 is plain
// SGD), FixedEpochs and TargetLoss; Gamma and GammaGrowth both zero take
// the algorithm's defaults.
//
// DefaultConfig returns the defaults: one hidden layer of 64 units, SGD,
// at most 100 epochs, batches of 32, learning rate 0.1, momentum 0.9;
// replicated SGD with 5 replicas, coupling 0.005 growing 20% per epoch;
// entropy-SGD with 5 inner steps and coupling 0.3 growing 10% per epoch
// (set by NewTrainer when Gamma is 0).
func DefaultConfig() Config {
	return Config{Hidden: []int{64}, Algo: AlgoSGD, MaxEpochs: 100, Batch: 32, LR: 0.1, Momentum: 0.9,
		Replicas: 5, Gamma: 0, GammaGrowth: 0, Inner: 5}
}

// Limits on the configuration.
const (
	MaxLayers   = 2
	MaxWidth    = 4096
	MaxEpochs   = 100000
	MaxBatch    = 4096
	MaxReplicas = 16
)

// withDefaults fills zero fields from DefaultConfig and validates.
func (c Config) withDefaults() (Config, error) {
	def := DefaultConfig()
	if len(c.Hidden) == 0 {
		c.Hidden = def.Hidden
	}
	if c.Algo == "" {
		c.Algo = def.Algo
	}
	if c.MaxEpochs == 0 {
		c.MaxEpochs = def.MaxEpochs
	}
	if c.Batch == 0 {
		c.Batch = def.Batch
	}
	if c.LR == 0 {
		c.LR = def.LR
	}
	if c.Replicas == 0 {
		c.Replicas = def.Replicas
	}
	if c.Inner == 0 {
		c.Inner = def.Inner
	}
	if c.Gamma == 0 && c.GammaGrowth == 0 {
		switch c.Algo {
		case AlgoRSGD:
			c.Gamma, c.GammaGrowth = 0.005, 0.2
		case AlgoESGD:
			c.Gamma, c.GammaGrowth = 0.3, 0.1
		}
	}
	return c, c.Validate()
}

// Validate reports the first out-of-range field.
func (c Config) Validate() error {
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	switch {
	case len(c.Hidden) < 1 || len(c.Hidden) > MaxLayers:
		return fmt.Errorf("deep: %d hidden layers (1 to %d)", len(c.Hidden), MaxLayers)
	case c.Algo != AlgoSGD && c.Algo != AlgoRSGD && c.Algo != AlgoESGD:
		return fmt.Errorf("deep: unknown algorithm %q (%s, %s or %s)", c.Algo, AlgoSGD, AlgoRSGD, AlgoESGD)
	case c.MaxEpochs < 1 || c.MaxEpochs > MaxEpochs:
		return fmt.Errorf("deep: %d epochs out of range [1, %d]", c.MaxEpochs, MaxEpochs)
	case c.Batch < 1 || c.Batch > MaxBatch:
		return fmt.Errorf("deep: batch %d out of range [1, %d]", c.Batch, MaxBatch)
	case !finite(c.LR) || c.LR <= 0 || c.LR > 10:
		return fmt.Errorf("deep: learning rate %g out of range (0, 10]", c.LR)
	case !finite(c.Momentum) || c.Momentum < 0 || c.Momentum >= 1:
		return fmt.Errorf("deep: momentum %g out of range [0, 1)", c.Momentum)
	case c.Inner < 1 || c.Inner > 1000:
		return fmt.Errorf("deep: %d inner steps out of range [1, 1000]", c.Inner)
	case !(c.TargetLoss >= 0) || math.IsInf(c.TargetLoss, 0):
		return fmt.Errorf("deep: target loss %g is not a number >= 0", c.TargetLoss)
	case !finite(c.Spread) || c.Spread < 0 || c.Spread > 10:
		return fmt.Errorf("deep: replica spread %g out of range [0, 10]", c.Spread)
	case c.Replicas < 1 || c.Replicas > MaxReplicas:
		return fmt.Errorf("deep: %d replicas out of range [1, %d]", c.Replicas, MaxReplicas)
	case !finite(c.Gamma) || c.Gamma < 0 || c.Gamma > 100:
		return fmt.Errorf("deep: coupling %g out of range [0, 100]", c.Gamma)
	case !finite(c.GammaGrowth) || c.GammaGrowth < 0 || c.GammaGrowth > 10:
		return fmt.Errorf("deep: coupling growth %g out of range [0, 10]", c.GammaGrowth)
	}
	for _, h := range c.Hidden {
		if h < 1 || h > MaxWidth {
			return fmt.Errorf("deep: width %d out of range [1, %d]", h, MaxWidth)
		}
	}
	return nil
}

// Trainer trains one network (SGD) or y replicas and their centre
// (replicated SGD) on a data set, one minibatch step at a time. The network
// it reports is the SGD network or the centre.
type Trainer struct {
	cfg      Config
	data     *Data
	net      *Net   // SGD's network, or the centre
	replicas []*Net // replicated SGD only
	vel      [][]float32
	grad     []float32
	order    []*orderState
	ws       *workspace
	gamma    float64
	epoch    int
	pos      int // next position in the current epoch's order
	steps    int64
	mean     []float32 // entropy-SGD: running mean of the inner chain
	inner    int       // entropy-SGD: inner steps taken in this outer step
}

// orderState is one replica's minibatch order.
type orderState struct {
	rng  interface{ Shuffle(int, func(int, int)) }
	perm []int
}

// NewTrainer prepares training of cfg on d (inputs d.D, d.Classes outputs).
func NewTrainer(cfg Config, d *Data) (*Trainer, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	sizes := append(append([]int{d.D}, cfg.Hidden...), d.Classes)
	net, err := NewNet(sizes, cfg.Seed)
	if err != nil {
		return nil, err
	}
	t := &Trainer{cfg: cfg, data: d, net: net, grad: make([]float32, len(net.Params)), ws: newWorkspace(sizes), gamma: cfg.Gamma}
	y := 1
	if cfg.Algo == AlgoESGD {
		t.replicas = []*Net{net.Clone()}
		t.mean = slices.Clone(net.Params)
	}
	if cfg.Algo == AlgoRSGD {
		y = cfg.Replicas
		for a := range y {
			r := net.Clone()
			rng := newRand(cfg.Seed, streamSpread+uint64(a))
			for i, w := range r.Params {
				r.Params[i] = w * (1 + float32(cfg.Spread*gaussian(rng)))
			}
			t.replicas = append(t.replicas, r)
		}
		t.centre()
	}
	for a := range y {
		t.vel = append(t.vel, make([]float32, len(net.Params)))
		o := &orderState{rng: newRand(cfg.Seed, streamOrder+uint64(a)), perm: make([]int, d.N)}
		for i := range o.perm {
			o.perm[i] = i
		}
		t.order = append(t.order, o)
	}
	return t, nil
}

// Net is the trained network (the centre for replicated SGD); it changes
// as training goes on.
func (t *Trainer) Net() *Net { return t.net }

// Epoch is the number of completed epochs.
func (t *Trainer) Epoch() int { return t.epoch }

// Steps is the number of minibatch steps taken.
func (t *Trainer) Steps() int64 { return t.steps }

// Coupling is the current replica coupling gamma (0 for SGD).
func (t *Trainer) Coupling() float64 {
	if t.replicas == nil {
		return 0
	}
	return t.gamma
}

// Step takes one minibatch step (for every replica) and reports whether it
// ended an epoch.
func (t *Trainer) Step() bool {
	d := t.data
	if t.pos == 0 {
		for _, o := range t.order {
			o.rng.Shuffle(len(o.perm), func(i, j int) { o.perm[i], o.perm[j] = o.perm[j], o.perm[i] })
		}
	}
	end := min(t.pos+t.cfg.Batch, d.N)
	switch {
	case t.replicas == nil:
		t.minibatch(t.net, t.vel[0], t.order[0].perm[t.pos:end], nil, 0)
	case t.cfg.Algo == AlgoESGD:
		t.entropyStep(t.order[0].perm[t.pos:end])
	default:
		for a, r := range t.replicas {
			t.minibatch(r, t.vel[a], t.order[a].perm[t.pos:end], t.net.Params, float32(t.gamma))
		}
		t.centre()
	}
	t.steps++
	t.pos = end
	if t.pos < d.N {
		return false
	}
	t.pos = 0
	t.epoch++
	t.gamma *= 1 + t.cfg.GammaGrowth
	return true
}

// minibatch is one momentum step of net on the samples batch; with a
// centre, the elastic force gamma (w - centre) is added to the gradient.
func (t *Trainer) minibatch(net *Net, vel []float32, batch []int, centre []float32, gamma float32) {
	g := t.grad
	clear(g)
	scale := 1 / float32(len(batch))
	for _, i := range batch {
		net.forward(net.Params, t.data, i, t.ws)
		net.backward(net.Params, g, t.data, i, t.ws, scale)
	}
	mu, lr := float32(t.cfg.Momentum), float32(t.cfg.LR)
	w := net.Params
	vel = vel[:len(w)]
	g = g[:len(w)]
	for k := range w {
		v := float32(mu*vel[k]) + g[k]
		vel[k] = v
		w[k] -= float32(lr * v)
	}
	if centre != nil {
		// the elastic step w -= lr gamma (w - c), outside the momentum and
		// capped at a full pull, so a growing coupling cannot overshoot
		pull := min(1, lr*gamma)
		centre = centre[:len(w)]
		for k := range w {
			w[k] += float32(pull * (centre[k] - w[k]))
		}
	}
}

// centre sets the centre to the replicas' mean.
func (t *Trainer) centre() {
	c := t.net.Params
	copy(c, t.replicas[0].Params)
	for _, r := range t.replicas[1:] {
		axpy(c, 1, r.Params)
	}
	inv := 1 / float32(len(t.replicas))
	for k := range c {
		c[k] *= inv
	}
}

// stepsPerEpoch is the number of minibatch steps in an epoch.
func (t *Trainer) stepsPerEpoch() int { return (t.data.N + t.cfg.Batch - 1) / t.cfg.Batch }

// Replica returns a copy of replica a's parameters (replicated SGD), or of
// the network's (SGD).
func (t *Trainer) Replica(a int) []float32 {
	if t.replicas == nil {
		return slices.Clone(t.net.Params)
	}
	return slices.Clone(t.replicas[a].Params)
}

// entropyStep is one inner step of entropy-SGD: the chain x' takes an SGD
// step on its loss plus the coupling gamma/2 |x' - x|^2, the running mean
// follows it (mu <- (1-alpha) mu + alpha x'), and after Inner steps the
// network moves to the mean and the chain restarts from it.
func (t *Trainer) entropyStep(batch []int) {
	x := t.net.Params
	xp := t.replicas[0]
	t.minibatch(xp, t.vel[0], batch, x, float32(t.gamma))
	const alpha = 0.75
	mu := t.mean[:len(x)]
	for k, v := range xp.Params {
		mu[k] = float32((1-alpha)*mu[k]) + float32(alpha*v)
	}
	t.inner++
	if t.inner < t.cfg.Inner {
		return
	}
	t.inner = 0
	copy(x, mu)
	copy(xp.Params, mu)
}
