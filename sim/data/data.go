package data

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"flatland/sim/activation"
	"flatland/sim/detmath"
	"flatland/sim/labels"
	"flatland/sim/stepper"
)

// Inputs is the distribution of the input entries.
type Inputs int

const (
	PlusMinusOne Inputs = iota // entries ±1 with probability 1/2 (bit-packed kernels apply)
	Gaussian                   // entries N(0,1)
)

func (in Inputs) String() string {
	if in == Gaussian {
		return "gauss"
	}
	return "pm1"
}

// ParseInputs accepts "pm1" or "gauss".
func ParseInputs(s string) (Inputs, error) {
	switch s {
	case "pm1", "binary", "±1":
		return PlusMinusOne, nil
	case "gauss", "gaussian":
		return Gaussian, nil
	}
	return 0, fmt.Errorf("unknown inputs %q (want pm1 or gauss)", s)
}

// Labels says how labels are produced (one type with sim/replica/rf; the
// zero value is the teacher).
type Labels = labels.Labels

const (
	RandomLabels  = labels.Random  // storage: y = ±1 at random
	TeacherLabels = labels.Teacher // y = output of a hidden binary teacher
)

// ParseLabels accepts "teacher" or "random" ("storage" for random).
func ParseLabels(s string) (Labels, error) { return labels.Parse(s) }

// Activation is the feature nonlinearity of the random-features model, the
// one definition in sim/activation (shared with sim/replica/rf).
type Activation = activation.Activation

// The activations, as in sim/activation.
const (
	Sign = activation.Sign
	ReLU = activation.ReLU
	Tanh = activation.Tanh
	Erf  = activation.Erf
)

// ParseActivation accepts the names of sim/activation (sign, relu, tanh, erf).
func ParseActivation(s string) (Activation, error) { return activation.Parse(s) }

// Normal draws a standard Gaussian by Marsaglia's polar method using only
// +, *, /, sqrt and detmath.Log, hence identical on every platform.
func Normal(r *rand.Rand) float64 {
	for {
		u := 2*r.Float64() - 1
		v := 2*r.Float64() - 1
		s := u*u + v*v
		if s > 0 && s < 1 {
			return u * math.Sqrt(-2*detmath.Log(s)/s)
		}
	}
}

// NewRand returns the PCG generator used everywhere for seed; stream
// separates independent uses of one seed (data, teacher, algorithm, ...).
func NewRand(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15^stream))
}

// Streams for NewRand, so one user seed gives independent draws.
const (
	StreamTeacher  = 1
	StreamFeatures = 2
	StreamTrain    = 3
	StreamTest     = 4
)

// Rule is a data-generating process: the model's input size, the input
// distribution, the labelling rule and anything drawn once (teacher weights,
// feature matrix). All fields are read-only after construction.
type Rule struct {
	N      int    // inputs the student sees (features for RF)
	Inputs Inputs // raw input distribution (always Gaussian for RF)
	Labels Labels

	// Teacher is the binary teacher: over the N inputs (perceptron), over
	// the D raw inputs (RF), or K blocks/rows (committee), nil for storage.
	Teacher []int8

	// Random features (D > 0 means RF): F is N x D row-major.
	D   int
	Act Activation
	F   []float64

	// Committee teacher (K > 0 means committee labels).
	K    int
	Tree bool
}

// NewPerceptronRule returns the storage or teacher-student rule for a binary
// perceptron with n inputs; seed draws the teacher.
func NewPerceptronRule(n int, in Inputs, lab Labels, seed uint64) (*Rule, error) {
	if n < 1 {
		return nil, fmt.Errorf("data: n = %d must be positive", n)
	}
	if err := checkLabels(lab); err != nil {
		return nil, err
	}
	r := &Rule{N: n, Inputs: in, Labels: lab}
	if lab == TeacherLabels {
		r.Teacher = randomBinary(NewRand(seed, StreamTeacher), n)
	}
	return r, nil
}

// NewCommitteeRule returns a rule for a committee machine with n inputs and
// k hidden units (tree: unit j sees the inputs in block j, as split by
// CommitteeBlock; fully connected: every unit sees all n inputs). With
// teacher labels the teacher is a committee of the same architecture.
func NewCommitteeRule(n, k int, tree bool, in Inputs, lab Labels, seed uint64) (*Rule, error) {
	if k < 1 || k%2 == 0 {
		return nil, fmt.Errorf("data: committee needs an odd number of hidden units, got k = %d", k)
	}
	if n < k {
		return nil, fmt.Errorf("data: committee with n = %d inputs cannot have k = %d units", n, k)
	}
	if err := checkLabels(lab); err != nil {
		return nil, err
	}
	r := &Rule{N: n, Inputs: in, Labels: lab, K: k, Tree: tree}
	if lab == TeacherLabels {
		nw := n
		if !tree {
			nw = n * k
		}
		r.Teacher = randomBinary(NewRand(seed, StreamTeacher), nw)
	}
	return r, nil
}

// CommitteeBlock returns the input range [lo, hi) of hidden unit j of a tree
// committee with n inputs and k units.
func CommitteeBlock(n, k, j int) (lo, hi int) { return j * n / k, (j + 1) * n / k }

// NewRandomFeaturesRule returns the random-features rule of the seed paper:
// d raw Gaussian inputs, n centred features with activation act, labels
// random or from a binary teacher on the raw inputs. seed draws F and W*.
func NewRandomFeaturesRule(d, n int, act Activation, lab Labels, seed uint64) (*Rule, error) {
	return NewRandomFeaturesRuleContext(context.Background(), d, n, act, lab, seed)
}

// NewRandomFeaturesRuleContext is NewRandomFeaturesRule that gives up with
// ctx's error (checked once per feature row) when ctx is done: drawing the
// N x D feature matrix is the slow part for large D.
func NewRandomFeaturesRuleContext(ctx context.Context, d, n int, act Activation, lab Labels, seed uint64) (*Rule, error) {
	if d < 1 || n < 1 {
		return nil, fmt.Errorf("data: random features need d, n >= 1 (got d = %d, n = %d)", d, n)
	}
	if !act.Valid() {
		return nil, fmt.Errorf("data: unknown activation %v (want %s)", act, strings.Join(activation.Names(), ", "))
	}
	if err := checkLabels(lab); err != nil {
		return nil, err
	}
	r := &Rule{N: n, Inputs: Gaussian, Labels: lab, D: d, Act: act}
	fr := NewRand(seed, StreamFeatures)
	r.F = make([]float64, n*d)
	for i := range r.F {
		if i%d == 0 {
			if err := stepper.Expired(ctx); err != nil {
				return nil, err
			}
		}
		r.F[i] = Normal(fr)
	}
	if lab == TeacherLabels {
		r.Teacher = randomBinary(NewRand(seed, StreamTeacher), d)
	}
	return r, nil
}

func checkLabels(lab Labels) error {
	if !lab.Valid() {
		return fmt.Errorf("data: unknown labels %v (want %s)", lab, strings.Join(labels.Names(), ", "))
	}
	return nil
}

func randomBinary(r *rand.Rand, n int) []int8 {
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

// Set is a sampled data set: P examples of the N inputs the student sees.
type Set struct {
	N, P int
	X    []float64 // P x N row-major (features for RF)
	Y    []int8    // labels ±1
	PM1  bool      // every entry of X is ±1 (bit-packed kernels apply)
}

// Row returns example mu.
func (s *Set) Row(mu int) []float64 { return s.X[mu*s.N : (mu+1)*s.N] }

// Stream draws examples of a rule one at a time.
type Stream struct {
	rule *Rule
	rng  *rand.Rand
	raw  []float64
}

// Stream returns an example generator seeded by seed.
func (r *Rule) Stream(seed, stream uint64) *Stream {
	st := &Stream{rule: r, rng: NewRand(seed, stream)}
	if r.D > 0 {
		st.raw = make([]float64, r.D)
	}
	return st
}

// Next fills x (length N) with a fresh example and returns its label.
func (st *Stream) Next(x []float64) int8 {
	r := st.rule
	if r.D > 0 {
		for k := range st.raw {
			st.raw[k] = Normal(st.rng)
		}
		scale := 1 / math.Sqrt(float64(r.D))
		k0 := r.Act.Mean()
		for i := 0; i < r.N; i++ {
			f := r.F[i*r.D : (i+1)*r.D]
			s := 0.0
			for k, v := range st.raw {
				s += f[k] * v
			}
			x[i] = r.Act.Eval(s*scale) - k0
		}
		if r.Labels == TeacherLabels {
			s := 0.0
			for k, v := range st.raw {
				s += float64(r.Teacher[k]) * v
			}
			return signOf(s)
		}
		return st.coin()
	}
	for i := range x[:r.N] {
		if r.Inputs == PlusMinusOne {
			if st.rng.Uint64()&1 == 0 {
				x[i] = 1
			} else {
				x[i] = -1
			}
		} else {
			x[i] = Normal(st.rng)
		}
	}
	if r.Labels == TeacherLabels {
		return r.TeacherLabel(x)
	}
	return st.coin()
}

func (st *Stream) coin() int8 {
	if st.rng.Uint64()&1 == 0 {
		return 1
	}
	return -1
}

// TeacherLabel returns the teacher's label of a (non-RF) input x.
func (r *Rule) TeacherLabel(x []float64) int8 {
	if r.K == 0 {
		s := 0.0
		for i, w := range r.Teacher {
			s += float64(w) * x[i]
		}
		return signOf(s)
	}
	votes := 0
	for j := 0; j < r.K; j++ {
		s := 0.0
		if r.Tree {
			lo, hi := CommitteeBlock(r.N, r.K, j)
			for i := lo; i < hi; i++ {
				s += float64(r.Teacher[i]) * x[i]
			}
		} else {
			w := r.Teacher[j*r.N : (j+1)*r.N]
			for i, wi := range w {
				s += float64(wi) * x[i]
			}
		}
		votes += int(signOf(s))
	}
	return signOf(float64(votes))
}

// signOf returns +1 for s >= 0 and -1 otherwise.
func signOf(s float64) int8 {
	if s < 0 {
		return -1
	}
	return 1
}

// Sample draws p examples with the given seed (use different seeds, or
// StreamTrain vs StreamTest, for training and test sets).
func (r *Rule) Sample(p int, seed, stream uint64) *Set {
	s, _ := r.SampleContext(context.Background(), p, seed, stream)
	return s
}

// SampleContext is Sample that gives up with ctx's error (checked before
// every example) when ctx is done; the examples drawn are the same as
// Sample's.
func (r *Rule) SampleContext(ctx context.Context, p int, seed, stream uint64) (*Set, error) {
	s := &Set{N: r.N, P: p, X: make([]float64, p*r.N), Y: make([]int8, p)}
	s.PM1 = r.D == 0 && r.Inputs == PlusMinusOne || r.D > 0 && r.Act == Sign
	st := r.Stream(seed, stream)
	for mu := 0; mu < p; mu++ {
		if err := stepper.Expired(ctx); err != nil {
			return nil, err
		}
		s.Y[mu] = st.Next(s.Row(mu))
	}
	return s, nil
}

// PatternCount returns round(alpha n), at least 1.
func PatternCount(alpha float64, n int) int {
	return max(1, int(math.Round(alpha*float64(n))))
}
