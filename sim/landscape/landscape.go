package landscape

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"flatland/sim/data"
	"flatland/sim/detmath"
	"flatland/sim/nets"
)

// Stream for the flip-set generator. The flip sets of k flips are drawn
// from data.NewRand(seed, streamFlips<<32 | k): each d of a curve has its own
// random stream, so its value does not depend on the other d's of the list.
const streamFlips = 101

func flipStream(k int) uint64 { return streamFlips<<32 | uint64(k) }

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

// LocalEnergyConfig parameterizes the local energy curve.
type LocalEnergyConfig struct {
	D     []float64 // flip fractions, each in (0, 1]; measured at round(d N) flips, at least 1
	Flips int       // flip sets per d (default 200)
	Seed  uint64    // with round(d N), seeds each d's own flip-set stream
}

// Curve is the (possibly partial) local energy curve.
type Curve struct {
	D        []float64
	Energy   []float64 // mean training error fraction after flipping round(d N) weights
	StdErr   []float64 // standard error of the mean
	Solution []float64 // fraction of flip sets that left a zero-error configuration
	Samples  []int     // flip sets done per d
	Flipped  []int     // round(d N), at least 1
	N        int
}

// MeasuredD returns the flip fraction each point was actually measured at,
// Flipped/N (it differs from the requested d by the rounding to whole flips:
// a d below 1/(2N) is measured at one flip, d = 1/N). A function, not a
// method: the page module would keep an unused exported method of Curve.
func MeasuredD(c Curve) []float64 {
	out := make([]float64, len(c.Flipped))
	for i, k := range c.Flipped {
		out[i] = float64(k) / float64(c.N)
	}
	return out
}

// LocalEnergy computes the curve as a stepper.
type LocalEnergy struct {
	cfg   LocalEnergyConfig
	m     nets.Model
	base  nets.State
	work  nets.State
	rngs  []*rand.Rand // one flip-set stream per d
	perm  []int        // identity between units (randomSubset is undone)
	swaps []int
	k     []int
	sum   []float64
	sum2  []float64
	zero  []int
	set   int // flip-set index
	di    int // index into D
	units int
	done  bool
}

// NewLocalEnergy prepares the curve around configuration w.
func NewLocalEnergy(m nets.Model, w []int8, cfg LocalEnergyConfig) (*LocalEnergy, error) {
	if cfg.Flips == 0 {
		cfg.Flips = 200
	}
	if cfg.Flips < 0 || len(cfg.D) == 0 {
		return nil, fmt.Errorf("landscape: local energy needs flip fractions and Flips > 0")
	}
	n := m.NumWeights()
	if len(w) != n {
		return nil, fmt.Errorf("landscape: configuration has %d weights, model %d", len(w), n)
	}
	le := &LocalEnergy{cfg: cfg, m: m, base: m.NewState(w), perm: make([]int, n)}
	le.work = le.base.Clone()
	for i := range le.perm {
		le.perm[i] = i
	}
	for _, d := range cfg.D {
		if !(d > 0 && d <= 1) {
			return nil, fmt.Errorf("landscape: flip fraction %g outside (0, 1]", d)
		}
		k := max(1, int(math.Round(d*float64(n))))
		le.k = append(le.k, k)
		le.rngs = append(le.rngs, data.NewRand(cfg.Seed, flipStream(k)))
	}
	le.sum = make([]float64, len(cfg.D))
	le.sum2 = make([]float64, len(cfg.D))
	le.zero = make([]int, len(cfg.D))
	return le, nil
}

// randomSubset puts a uniformly random k-subset in perm[:k] (partial Fisher-Yates).
func randomSubset(rng *rand.Rand, perm []int, k int) {
	for i := 0; i < k; i++ {
		j := i + rng.IntN(len(perm)-i)
		perm[i], perm[j] = perm[j], perm[i]
	}
}

// randomSubsetSwaps is randomSubset that appends its swap partners to swaps
// (for undoSubset).
func randomSubsetSwaps(rng *rand.Rand, perm []int, k int, swaps []int) []int {
	for i := 0; i < k; i++ {
		j := i + rng.IntN(len(perm)-i)
		perm[i], perm[j] = perm[j], perm[i]
		swaps = append(swaps, j)
	}
	return swaps
}

// undoSubset restores perm after randomSubset recorded its swaps.
func undoSubset(perm, swaps []int) {
	for i := len(swaps) - 1; i >= 0; i-- {
		j := swaps[i]
		perm[i], perm[j] = perm[j], perm[i]
	}
}

func (le *LocalEnergy) unit() bool {
	k := le.k[le.di]
	// the subset depends only on this d's stream: perm starts each unit as the identity
	le.swaps = randomSubsetSwaps(le.rngs[le.di], le.perm, k, le.swaps[:0])
	le.work.CopyFrom(le.base)
	for _, j := range le.perm[:k] {
		le.work.Flip(j)
	}
	undoSubset(le.perm, le.swaps)
	e := float64(le.work.Errors()) / float64(le.m.NumPatterns())
	le.sum[le.di] += e
	le.sum2[le.di] += e * e
	if le.work.Errors() == 0 {
		le.zero[le.di]++
	}
	le.units++
	le.di++
	if le.di == len(le.k) {
		le.di = 0
		le.set++
		if le.set == le.cfg.Flips {
			return true
		}
	}
	return false
}

// Step samples flip sets for about budget.
func (le *LocalEnergy) Step(budget time.Duration) (bool, error) {
	if le.done {
		return true, nil
	}
	le.done = runUnits(budget, 1, le.unit)
	return le.done, nil
}

// Progress is the fraction of flip sets done.
func (le *LocalEnergy) Progress() float64 {
	return float64(le.units) / float64(le.cfg.Flips*len(le.k))
}

// Curve returns the current estimate (entries with no samples are 0 with Samples 0).
func (le *LocalEnergy) Curve() Curve {
	c := Curve{D: append([]float64(nil), le.cfg.D...), Flipped: append([]int(nil), le.k...), N: le.m.NumWeights()}
	for i := range le.k {
		s := le.set
		if i < le.di {
			s++
		}
		c.Samples = append(c.Samples, s)
		mean, se, sol := 0.0, 0.0, 0.0
		if s > 0 {
			mean = le.sum[i] / float64(s)
			sol = float64(le.zero[i]) / float64(s)
			if s > 1 {
				v := (le.sum2[i] - float64(s)*mean*mean) / float64(s-1)
				se = math.Sqrt(max(v, 0) / float64(s))
			}
		}
		c.Energy = append(c.Energy, mean)
		c.StdErr = append(c.StdErr, se)
		c.Solution = append(c.Solution, sol)
	}
	return c
}

// LocalEnergyCurve runs the stepper to completion.
func LocalEnergyCurve(m nets.Model, w []int8, cfg LocalEnergyConfig) (Curve, error) {
	le, err := NewLocalEnergy(m, w, cfg)
	if err != nil {
		return Curve{}, err
	}
	for done := false; !done; {
		done, _ = le.Step(time.Hour)
	}
	return le.Curve(), nil
}

// LogBinomial returns ln C(n, k) as a sum of logs (deterministic).
func LogBinomial(n, k int) float64 {
	k = min(k, n-k)
	s := 0.0
	for i := 1; i <= k; i++ {
		s += detmath.Log(float64(n-k+i)) - detmath.Log(float64(i))
	}
	return s
}

// H2 returns the binary entropy -d ln d - (1-d) ln(1-d).
func H2(d float64) float64 {
	if d <= 0 || d >= 1 {
		return 0
	}
	return -d*detmath.Log(d) - (1-d)*detmath.Log(1-d)
}

// LocalEntropy returns the sampling estimate S(d) = (1/N) ln[C(N, dN) f(d)]
// (see the package doc) and whether each value is valid (f(d) > 0). A
// function, not a method, as MeasuredD.
func LocalEntropy(c Curve) (s []float64, valid []bool) {
	for i, k := range c.Flipped {
		f := c.Solution[i]
		if f > 0 {
			s = append(s, (LogBinomial(c.N, k)+detmath.Log(f))/float64(c.N))
			valid = append(valid, true)
		} else {
			s = append(s, 0)
			valid = append(valid, false)
		}
	}
	return s, valid
}

// ErrorAlongPath returns the training error fraction after 0, 1, ..., steps
// flips along one random path of distinct sites (O(steps P)).
func ErrorAlongPath(m nets.Model, w []int8, steps int, seed uint64) ([]float64, error) {
	n := m.NumWeights()
	if steps < 0 || steps > n || len(w) != n {
		return nil, fmt.Errorf("landscape: path of %d flips on %d weights (configuration %d)", steps, n, len(w))
	}
	rng := data.NewRand(seed, streamFlips+1)
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	randomSubset(rng, perm, steps)
	st := m.NewState(w)
	p := float64(m.NumPatterns())
	out := []float64{float64(st.Errors()) / p}
	for _, j := range perm[:steps] {
		st.Flip(j)
		out = append(out, float64(st.Errors())/p)
	}
	return out, nil
}
