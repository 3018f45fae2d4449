package train

import (
	"fmt"
	"math/rand/v2"
	"time"

	"flatland/sim/data"
	"flatland/sim/detmath"
	"flatland/sim/nets"
)

// RSAConfig parameterizes replicated simulated annealing (robust ensemble,
// Baldassi et al. PNAS 2016, centre traced out): the y replicas are
// sampled from exp(-beta sum_a E(W^a)) prod_i 2 cosh(gamma S_i), S_i =
// sum_a W^a_i. Flipping W^a_i changes the log-weight by
// -beta dE_a + ln cosh(gamma (S_i - 2 W^a_i)) - ln cosh(gamma S_i).
// beta and gamma grow linearly over the run.
//
// The defaults were tuned on storage (stability cost, alpha = 0.65): the
// replicas settle into a dense region around beta ~ 1.4-2, gamma ~ 1.1-1.6
// and then collapse onto one configuration, after which a colder end
// changes nothing. The former 7 replicas and 500-sweep ramp to beta = gamma
// = 6 crossed that window in ~100 sweeps and left 1-5 errors (0 of 3 seeds
// at N = 501); 2000 sweeps to beta = gamma = 3 solved 4 of 4 at N = 501 but
// 4 of 10 at N = 1001, the failures frozen with 1-6 errors at replica
// distance ~0.02. On those seeds a colder end (3000 sweeps to 4.5) or a
// weaker coupling (gamma to 2) left errors and a twice slower ramp solved
// one; 11 replicas, a stronger local-entropy drive at ~1.6 times the cost
// per sweep, solve 8 of 10 (seeds 1-10, N = 1001, alpha = 0.65) between
// sweeps 740 and 1260; the two failures end with 3 and 5 errors.
type RSAConfig struct {
	Seed     uint64
	Y        int     // replicas (default 11; odd keeps the centre sign defined)
	Sweeps   int     // sweeps, each NumWeights proposals per replica (default 2000)
	Beta0    float64 // default 0.5
	BetaMax  float64 // default 3
	Gamma0   float64 // default 0.1
	GammaMax float64 // default 3
	Energy   string  // as in SAConfig
	// StopDistance: the run also ends at the first sweep where a replica
	// within normalized Hamming distance StopDistance of the centre is a
	// solution (Weights then returns it); 0 waits for the centre. Default
	// 0.05: such a replica sits in the dense region the ensemble has
	// focused on (at N = 1001, alpha = 0.65 replicas solve transiently at
	// beta ~ 1.4 and lose it again as they fluctuate), while at low alpha a
	// replica that solves early, still hot and far from the centre, sits in
	// a sharp minimum (N = 1001, alpha = 0.3, seed 2, any replica: local
	// energy 0.025 at d = 0.005, against 0.007 for the centre and 0.041 for
	// SA).
	StopDistance float64
}

// DefaultRSAConfig returns the defaults.
func DefaultRSAConfig() RSAConfig {
	return RSAConfig{Y: 11, Sweeps: 2000, Beta0: 0.5, BetaMax: 3, Gamma0: 0.1, GammaMax: 3, Energy: "cost", StopDistance: 0.05}
}

// RSA is replicated simulated annealing on any nets.Model.
type RSA struct {
	cfg         RSAConfig
	m           nets.Model
	rng         *rand.Rand
	st          []nets.State
	cs          []nets.CostState
	sum         []int // S_i
	nw          int
	k           int
	sweep       int
	work        int64
	beta, gamma float64
	lc          []float64 // lc[s+y] = ln cosh(gamma s)
	centre      []int8
	centreErr   int
	solvedAt    int // -1: centre not solved
	done        bool
}

// NewRSA starts y independent random replicas.
func NewRSA(m nets.Model, cfg RSAConfig) (*RSA, error) {
	if cfg.Y < 1 || cfg.Sweeps <= 0 || !(cfg.StopDistance >= 0) || cfg.Beta0 < 0 || cfg.BetaMax < cfg.Beta0 || cfg.Gamma0 < 0 || cfg.GammaMax < cfg.Gamma0 {
		return nil, fmt.Errorf("train: RSA needs Y >= 1, Sweeps > 0 and increasing beta, gamma schedules (got %+v)", cfg)
	}
	r := &RSA{cfg: cfg, m: m, rng: data.NewRand(cfg.Seed, data.StreamTrain), nw: m.NumWeights(), solvedAt: -1}
	r.sum = make([]int, r.nw)
	for a := 0; a < cfg.Y; a++ {
		w := randomSigns(r.rng, r.nw)
		for i, v := range w {
			r.sum[i] += int(v)
		}
		st := m.NewState(w)
		r.st = append(r.st, st)
		r.cs = append(r.cs, costState(st, cfg.Energy))
	}
	r.lc = make([]float64, 2*cfg.Y+1)
	r.centre = make([]int8, r.nw)
	r.setSchedule()
	r.checkCentre()
	return r, nil
}

func (r *RSA) setSchedule() {
	r.beta = linearSchedule(r.cfg.Beta0, r.cfg.BetaMax, r.sweep, r.cfg.Sweeps)
	r.gamma = linearSchedule(r.cfg.Gamma0, r.cfg.GammaMax, r.sweep, r.cfg.Sweeps)
	for s := -r.cfg.Y; s <= r.cfg.Y; s++ {
		r.lc[s+r.cfg.Y] = detmath.LogCosh(r.gamma * float64(s))
	}
}

func (r *RSA) checkCentre() {
	for i, s := range r.sum {
		r.centre[i] = 1
		if s < 0 {
			r.centre[i] = -1
		}
	}
	r.centreErr = r.m.Errors(r.centre)
	if r.centreErr == 0 {
		r.solvedAt = r.sweep
		r.done = true
	}
	if r.cfg.StopDistance > 0 {
		for _, st := range r.st {
			if st.Errors() == 0 && nets.Distance(st.Weights(), r.centre) <= r.cfg.StopDistance {
				r.done = true
			}
		}
	}
}

func (r *RSA) Step(budget time.Duration) (bool, error) {
	if r.done {
		return true, nil
	}
	r.done = runUnits(budget, 32, r.unit)
	return r.done, nil
}

func (r *RSA) unit() bool {
	y := r.cfg.Y
	a := r.rng.IntN(y)
	j := r.rng.IntN(r.nw)
	st := r.st[a]
	dE := deltaEnergy(st, r.cs[a], j)
	w := int(st.Weights()[j])
	s := r.sum[j]
	dc := r.lc[s-2*w+y] - r.lc[s+y]
	lr := -r.beta*dE + dc
	ok := lr >= 0 || r.rng.Float64() < detmath.Exp(lr)
	if ok {
		st.Flip(j)
		r.sum[j] = s - 2*w
	}
	r.work++
	r.k++
	if r.k == r.nw*y {
		r.k = 0
		r.sweep++
		r.checkCentre()
		if r.done {
			return true
		}
		if r.sweep >= r.cfg.Sweeps {
			return true
		}
		r.setSchedule()
	}
	return false
}

func (r *RSA) Progress() float64 { return progress(r.done, r.sweep, r.cfg.Sweeps) }
func (r *RSA) Replicas() int     { return r.cfg.Y }
func (r *RSA) ReplicaWeights(a int) []int8 {
	return append([]int8(nil), r.st[a].Weights()...)
}

// Centre returns sign(sum_a W^a) as of the last completed sweep.
func (r *RSA) Centre() []int8 { return append([]int8(nil), r.centre...) }

// best returns -1 for the centre, else the index of the replica with fewest
// errors when it beats the centre, and that error count.
func (r *RSA) best() (int, int) {
	best, be := -1, r.centreErr
	for a, st := range r.st {
		if e := st.Errors(); e < be {
			best, be = a, e
		}
	}
	return best, be
}

// Weights returns the centre if it solves the training set, otherwise the
// replica with fewest errors (the centre if it is at least as good).
func (r *RSA) Weights() []int8 {
	if best, _ := r.best(); best >= 0 {
		return r.ReplicaWeights(best)
	}
	return r.Centre()
}

func (r *RSA) Snapshot() Snapshot {
	_, e := r.best()
	s := Snapshot{Algo: "rsa", Epoch: r.sweep, MaxEpochs: r.cfg.Sweeps, Work: r.work, Errors: e,
		TrainError: float64(e) / float64(r.m.NumPatterns()), Solved: e == 0, Done: r.done,
		Beta: r.beta, Gamma: r.gamma, Y: float64(r.cfg.Y)}
	reps := make([][]int8, r.cfg.Y)
	errs := make([]int, r.cfg.Y)
	for a, st := range r.st {
		reps[a] = st.Weights()
		errs[a] = st.Errors()
	}
	replicaObservables(&s, errs, reps, r.centre)
	return s
}

// newRSAAlgorithm is the registry constructor of "rsa" (any model).
func newRSAAlgorithm(m nets.Model, seed uint64, maxEpochs int) (Trainer, error) {
	c := DefaultRSAConfig()
	c.Seed = seed
	if maxEpochs > 0 {
		c.Sweeps = maxEpochs
	}
	return NewRSA(m, c)
}
