package train

import (
	"time"

	"flatland/sim/nets"
	"flatland/sim/stepper"
)

// Trainer is a training algorithm run as a resumable stepper.
type Trainer interface {
	stepper.Stepper
	// Snapshot returns the current observables (cheap; errors are cached).
	Snapshot() Snapshot
	// Weights returns a copy of the reported configuration: the single
	// network, or for replicated algorithms the centre (or the best replica
	// when the centre is not a solution at the end).
	Weights() []int8
	// Replicas returns the number of replicas (1 for plain algorithms).
	Replicas() int
	// ReplicaWeights returns a copy of replica a's configuration.
	ReplicaWeights(a int) []int8
}

// Snapshot is what a front end or the CLI reads while a run progresses.
type Snapshot struct {
	Algo      string
	Epoch     int   // completed epochs (CP+R, SGD, RSGD), sweeps (SA, RSA: N proposals per replica), BP sweeps (fBP)
	MaxEpochs int   // the run stops unsolved after this many
	Work      int64 // work units so far: presentations (CP+R, SGD, RSGD per replica), proposals (SA, RSA), factor updates (fBP)
	Errors    int   // training errors of Weights()
	// TrainError is Errors / P.
	TrainError float64
	Solved     bool // Weights() has zero training errors
	Done       bool
	// Replica observables (nil / 0 for single-network algorithms).
	ReplicaErrors    []int     // training errors of each replica
	ReplicaDistance  []float64 // normalized Hamming distance of each replica to the centre
	MeanPairDistance float64   // mean normalized Hamming distance over replica pairs
	// Schedule parameters where meaningful (0 otherwise).
	Beta, Gamma, Y float64
}

// runUnits performs units until one reports done or the budget is spent,
// reading the clock only every `every` units.
func runUnits(budget time.Duration, every int, unit func() bool) bool {
	start := time.Now()
	for {
		for k := 0; k < every; k++ {
			if unit() {
				return true
			}
		}
		if time.Since(start) >= budget {
			return false
		}
	}
}

func progress(done bool, epoch, maxEpochs int) float64 {
	if done || maxEpochs <= 0 {
		return 1
	}
	return min(1, float64(epoch)/float64(maxEpochs))
}

// errCache caches the training errors of a configuration by version number.
type errCache struct {
	version, cached int
	errors          int
}

func (c *errCache) get(m nets.Model, w []int8) int {
	if c.cached != c.version+1 {
		c.errors = m.Errors(w)
		c.cached = c.version + 1
	}
	return c.errors
}
func (c *errCache) touch() { c.version++ }

func replicaObservables(s *Snapshot, errs []int, reps [][]int8, centre []int8) {
	y := len(reps)
	s.ReplicaErrors = errs
	s.ReplicaDistance = make([]float64, y)
	for a, w := range reps {
		s.ReplicaDistance[a] = nets.Distance(w, centre)
	}
	sum, n := 0.0, 0
	for a := 0; a < y; a++ {
		for b := a + 1; b < y; b++ {
			sum += nets.Distance(reps[a], reps[b])
			n++
		}
	}
	if n > 0 {
		s.MeanPairDistance = sum / float64(n)
	}
}

func randomSigns(r interface{ Uint64() uint64 }, n int) []int8 {
	w := make([]int8, n)
	for i := range w {
		if r.Uint64()&1 == 0 {
			w[i] = 1
		} else {
			w[i] = -1
		}
	}
	return w
}
