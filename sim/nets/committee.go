package nets

import "flatland/sim/data"

// Committee is a committee machine with K (odd) hidden binary perceptrons and
// majority output sign(sum_k sign(h_k)), on a training set. Tree: unit k sees
// the inputs of block k (data.CommitteeBlock), N weights in all; fully
// connected: every unit sees all N inputs, K N weights, unit k owning
// weights [k N, (k+1) N).
type Committee struct {
	N, K, P int
	Tree    bool
	X       []float64 // P x N raw inputs
	Y       []int8
	Col     []float64 // N x P
	unit    []int32   // weight index -> hidden unit
	input   []int32   // weight index -> input index
}

// NewCommittee builds the committee machine for a training set.
func NewCommittee(s *data.Set, k int, tree bool) *Committee {
	c := &Committee{N: s.N, K: k, P: s.P, Tree: tree, X: s.X, Y: s.Y, Col: make([]float64, s.N*s.P)}
	for mu := 0; mu < s.P; mu++ {
		for i, x := range s.Row(mu) {
			c.Col[i*s.P+mu] = x
		}
	}
	nw := c.NumWeights()
	c.unit = make([]int32, nw)
	c.input = make([]int32, nw)
	for j := 0; j < nw; j++ {
		if tree {
			c.input[j] = int32(j)
			for u := 0; u < k; u++ {
				if lo, hi := data.CommitteeBlock(s.N, k, u); j >= lo && j < hi {
					c.unit[j] = int32(u)
				}
			}
		} else {
			c.unit[j] = int32(j / s.N)
			c.input[j] = int32(j % s.N)
		}
	}
	return c
}

func (c *Committee) NumWeights() int {
	if c.Tree {
		return c.N
	}
	return c.K * c.N
}
func (c *Committee) NumPatterns() int { return c.P }

// Fields returns the K hidden fields of input x.
func (c *Committee) Fields(w []int8, x []float64, h []float64) {
	for k := range h[:c.K] {
		h[k] = 0
	}
	for j, v := range w {
		h[c.unit[j]] += float64(v) * x[c.input[j]]
	}
}

// Predict returns the majority vote of the hidden units.
func (c *Committee) Predict(w []int8, x []float64) int8 {
	h := make([]float64, c.K)
	c.Fields(w, x, h)
	v := 0
	for _, f := range h {
		v += int(sign8(f))
	}
	return sign8(float64(v))
}

// Errors counts misclassified training examples.
func (c *Committee) Errors(w []int8) int { return c.NewState(w).Errors() }

// NewState caches the hidden fields h_mu_k and the vote counts.
func (c *Committee) NewState(w []int8) State {
	s := &committeeState{c: c, w: append([]int8(nil), w...), h: make([]float64, c.P*c.K), votes: make([]int, c.P)}
	for mu := 0; mu < c.P; mu++ {
		c.Fields(s.w, c.X[mu*c.N:(mu+1)*c.N], s.h[mu*c.K:(mu+1)*c.K])
		v := 0
		for _, f := range s.h[mu*c.K : (mu+1)*c.K] {
			v += int(sign8(f))
		}
		s.votes[mu] = v
		if v*int(c.Y[mu]) < 0 {
			s.errors++
		}
	}
	return s
}

type committeeState struct {
	c      *Committee
	w      []int8
	h      []float64
	votes  []int
	errors int
}

func (s *committeeState) Errors() int     { return s.errors }
func (s *committeeState) Weights() []int8 { return s.w }

func (s *committeeState) DeltaErrors(j int) int {
	c := s.c
	k := int(c.unit[j])
	col := c.Col[int(c.input[j])*c.P : (int(c.input[j])+1)*c.P]
	a := 2 * float64(s.w[j])
	d := 0
	for mu, x := range col {
		old := s.h[mu*c.K+k]
		nw := old - a*x
		so, sn := sign8(old), sign8(nw)
		if so == sn {
			continue
		}
		v := s.votes[mu]
		nv := v + 2*int(sn)
		y := int(c.Y[mu])
		if v*y < 0 && nv*y > 0 {
			d--
		} else if v*y > 0 && nv*y < 0 {
			d++
		}
	}
	return d
}

func (s *committeeState) Flip(j int) {
	c := s.c
	k := int(c.unit[j])
	col := c.Col[int(c.input[j])*c.P : (int(c.input[j])+1)*c.P]
	a := 2 * float64(s.w[j])
	for mu, x := range col {
		old := s.h[mu*c.K+k]
		nw := old - a*x
		s.h[mu*c.K+k] = nw
		so, sn := sign8(old), sign8(nw)
		if so == sn {
			continue
		}
		v := s.votes[mu]
		nv := v + 2*int(sn)
		y := int(c.Y[mu])
		if v*y < 0 && nv*y > 0 {
			s.errors--
		} else if v*y > 0 && nv*y < 0 {
			s.errors++
		}
		s.votes[mu] = nv
	}
	s.w[j] = -s.w[j]
}

func (s *committeeState) CopyFrom(src State) {
	o := src.(*committeeState)
	copy(s.w, o.w)
	copy(s.h, o.h)
	copy(s.votes, o.votes)
	s.errors = o.errors
}

func (s *committeeState) Clone() State {
	return &committeeState{c: s.c, w: append([]int8(nil), s.w...), h: append([]float64(nil), s.h...),
		votes: append([]int(nil), s.votes...), errors: s.errors}
}

// UnitWeights returns the weight range [lo, hi) of hidden unit k and the
// input index of weight lo (weight j reads input j - lo + in0).
func (c *Committee) UnitWeights(k int) (lo, hi, in0 int) {
	if c.Tree {
		lo, hi = data.CommitteeBlock(c.N, c.K, k)
		return lo, hi, lo
	}
	return k * c.N, (k + 1) * c.N, 0
}

// Row returns the raw input of example mu.
func (c *Committee) Row(mu int) []float64 { return c.X[mu*c.N : (mu+1)*c.N] }
