package nets

import (
	"math"

	"flatland/sim/data"
)

// Linear is a binary perceptron on a training set: the perceptron itself, or
// the random-features student whose inputs are the precomputed features.
type Linear struct {
	N, P  int
	Kappa float64   // margin: example learnt iff Delta > Kappa sqrt(N)
	Xi    []float64 // P x N label-folded patterns
	Col   []float64 // N x P, column j is (xi_mu_j)_mu
	PM1   bool      // entries ±1: Bits is valid
	Words int
	Bits  []uint64 // P x Words packed patterns
	thr   float64
}

// NewLinear builds the perceptron for a training set.
func NewLinear(s *data.Set) *Linear {
	l := &Linear{N: s.N, P: s.P, Xi: make([]float64, s.N*s.P), Col: make([]float64, s.N*s.P), PM1: s.PM1}
	for mu := 0; mu < s.P; mu++ {
		y := float64(s.Y[mu])
		row := s.Row(mu)
		for i, x := range row {
			v := y * x
			l.Xi[mu*s.N+i] = v
			l.Col[i*s.P+mu] = v
		}
	}
	if l.PM1 {
		l.Words = Words(s.N)
		l.Bits = make([]uint64, s.P*l.Words)
		tmp := make([]int8, s.N)
		for mu := 0; mu < s.P; mu++ {
			for i := range tmp {
				tmp[i] = sign8(l.Xi[mu*s.N+i])
			}
			PackSigns(tmp, l.Bits[mu*l.Words:(mu+1)*l.Words])
		}
	}
	return l
}

// SetKappa sets the margin kappa (default 0).
func (l *Linear) SetKappa(k float64) {
	l.Kappa = k
	l.thr = k * math.Sqrt(float64(l.N))
}

// Threshold returns kappa sqrt(N): example mu is an error iff Delta_mu <= Threshold.
func (l *Linear) Threshold() float64 { return l.thr }

func (l *Linear) NumWeights() int  { return l.N }
func (l *Linear) NumPatterns() int { return l.P }

// Row returns the folded pattern mu.
func (l *Linear) Row(mu int) []float64 { return l.Xi[mu*l.N : (mu+1)*l.N] }

// Stability returns Delta_mu = sum_i w_i xi_mu_i for a float copy wf of w.
func (l *Linear) Stability(mu int, wf []float64) float64 {
	row := l.Xi[mu*l.N : (mu+1)*l.N]
	s := 0.0
	for i, x := range row {
		s += wf[i] * x
	}
	return s
}

// PackedStability returns Delta_mu for packed weights (PM1 only).
func (l *Linear) PackedStability(mu int, wb []uint64) int {
	return PackedDot(l.Bits[mu*l.Words:(mu+1)*l.Words], wb, l.N)
}

// Stabilities fills out[mu] = Delta_mu for w.
func (l *Linear) Stabilities(w []int8, out []float64) {
	if l.PM1 {
		wb := make([]uint64, l.Words)
		PackSigns(w, wb)
		for mu := range out[:l.P] {
			out[mu] = float64(l.PackedStability(mu, wb))
		}
		return
	}
	wf := make([]float64, l.N)
	for i, v := range w {
		wf[i] = float64(v)
	}
	for mu := range out[:l.P] {
		out[mu] = l.Stability(mu, wf)
	}
}

// Errors counts examples with Delta_mu <= kappa sqrt(N).
func (l *Linear) Errors(w []int8) int {
	d := make([]float64, l.P)
	l.Stabilities(w, d)
	e := 0
	for _, v := range d {
		if v <= l.thr {
			e++
		}
	}
	return e
}

// Predict returns sign(w·x).
func (l *Linear) Predict(w []int8, x []float64) int8 {
	s := 0.0
	for i, v := range w {
		s += float64(v) * x[i]
	}
	return sign8(s)
}

// NewState caches the stabilities of w.
func (l *Linear) NewState(w []int8) State {
	s := &linearState{l: l, w: append([]int8(nil), w...), delta: make([]float64, l.P)}
	l.Stabilities(s.w, s.delta)
	s.recount()
	return s
}

type linearState struct {
	l      *Linear
	w      []int8
	delta  []float64
	errors int
	cost   float64
}

func (s *linearState) recount() {
	thr := s.l.thr
	e, c := 0, 0.0
	for _, v := range s.delta {
		if v <= thr {
			e++
			c += 0.5 * (thr - v + 1)
		}
	}
	s.errors, s.cost = e, c
}

// Cost returns the stability cost (see CostState).
func (s *linearState) Cost() float64 { return s.cost }

// DeltaCost returns the change of Cost if weight j were flipped.
func (s *linearState) DeltaCost(j int) float64 {
	l := s.l
	col := l.Col[j*l.P : (j+1)*l.P]
	a := 2 * float64(s.w[j])
	thr := l.thr
	d := 0.0
	for mu, old := range s.delta {
		nw := old - a*col[mu]
		if nw <= thr {
			d += 0.5 * (thr - nw + 1)
		}
		if old <= thr {
			d -= 0.5 * (thr - old + 1)
		}
	}
	return d
}

func (s *linearState) Errors() int     { return s.errors }
func (s *linearState) Weights() []int8 { return s.w }

func (s *linearState) DeltaErrors(j int) int {
	l := s.l
	col := l.Col[j*l.P : (j+1)*l.P]
	a := 2 * float64(s.w[j])
	thr := l.thr
	d := 0
	for mu, old := range s.delta {
		nw := old - a*col[mu]
		if nw <= thr {
			if old > thr {
				d++
			}
		} else if old <= thr {
			d--
		}
	}
	return d
}

func (s *linearState) Flip(j int) {
	l := s.l
	col := l.Col[j*l.P : (j+1)*l.P]
	a := 2 * float64(s.w[j])
	for mu, old := range s.delta {
		s.delta[mu] = old - a*col[mu]
	}
	s.recount()
	s.w[j] = -s.w[j]
}

func (s *linearState) CopyFrom(src State) {
	o := src.(*linearState)
	copy(s.w, o.w)
	copy(s.delta, o.delta)
	s.errors = o.errors
	s.cost = o.cost
}

func (s *linearState) Clone() State {
	c := &linearState{l: s.l, w: append([]int8(nil), s.w...), delta: append([]float64(nil), s.delta...), errors: s.errors, cost: s.cost}
	return c
}
