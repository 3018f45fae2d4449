package train

import (
	"math"

	"flatland/sim/detmath"
	"flatland/sim/nets"
)

// sgdTarget is what BinaryConnect SGD needs of a network: the loss of one
// example at the binary weights wf (±1.0), split into an example weight c
// and a direction accumulated into the gradient, and the training errors.
type sgdTarget interface {
	numWeights() int
	numPatterns() int
	// weight returns the example weight c = sigma(-beta (margin - kappa))
	// of example mu at wf, ok = false when it is negligible (c < 5e-18).
	weight(mu int, wf []float64, beta, kappa float64) (c float64, ok bool)
	// accumulate adds c times the descent direction of example mu (at the
	// wf of the last weight call) to grad.
	accumulate(mu int, c float64, grad []float64)
	// scale divides the summed minibatch directions (with the batch size).
	scale() float64
	// errors counts the training errors of wf.
	errors(wf []float64) int
}

// sgdTargetOf returns the SGD target of a perceptron, random-features
// student or committee machine.
func sgdTargetOf(name string, m nets.Model) (sgdTarget, error) {
	if com, ok := m.(*nets.Committee); ok {
		return newCommitteeTarget(com), nil
	}
	lin, err := linear(name, m)
	if err != nil {
		return nil, err
	}
	return newLinearTarget(lin), nil
}

// linearTarget is SGDConfig's loss on a Linear model: the margin is the
// stability Delta_mu/sqrt N, the direction the folded pattern xi_mu.
type linearTarget struct {
	m  *nets.Linear
	sq float64
}

func newLinearTarget(m *nets.Linear) *linearTarget {
	return &linearTarget{m: m, sq: math.Sqrt(float64(m.N))}
}

func (t *linearTarget) numWeights() int  { return t.m.N }
func (t *linearTarget) numPatterns() int { return t.m.P }
func (t *linearTarget) scale() float64   { return t.sq }

func (t *linearTarget) weight(mu int, wf []float64, beta, kappa float64) (float64, bool) {
	z := beta * (t.m.Stability(mu, wf)/t.sq - kappa)
	if z > 40 {
		return 0, false // sigma(-z) < 5e-18
	}
	return 1 / (1 + detmath.Exp(z)), true
}

func (t *linearTarget) accumulate(mu int, c float64, grad []float64) {
	for i, x := range t.m.Row(mu) {
		grad[i] += c * x
	}
}

func (t *linearTarget) errors(wf []float64) int {
	thr := t.m.Threshold()
	e := 0
	for mu := 0; mu < t.m.P; mu++ {
		if t.m.Stability(mu, wf) <= thr {
			e++
		}
	}
	return e
}

// committeeTarget is the BinaryConnect loss of a committee machine (tree or
// fully connected, K hidden units of fan-in n_k, u_k = h_k/sqrt(n_k)): the
// cross-entropy of SGDConfig on the margin of the binary committee's vote,
//
//	L_mu = (1/beta) ln(1 + exp(-beta (y_mu sum_k sign(u_k) - kappa))),
//
// differentiated straight-through the sign activations with the surrogate
// slope s_k = sech^2(g u_k) / max_j sech^2(g u_j) (g = committeeGain): the
// descent direction on the weights of unit k is c y_mu g s_k x / sqrt(n_k),
// c = sigma(-beta(...)). The unit nearest to flipping moves most, the
// smooth form of the least-action rule; dividing by the largest slope keeps
// that unit's step when every |u_k| is large (with the plain sech^2 slope
// the gradient vanishes there and a fully connected committee at N = 101,
// alpha = 0.2 froze with 1-2 errors on 6 of seeds 1-8).
type committeeTarget struct {
	m      *nets.Committee
	lo, hi []int     // weight range of unit k
	in0    []int     // input index of weight lo[k]
	norm   []float64 // 1/sqrt(n_k)
	arg    []float64 // g u_k of the last weight call
	slope  []float64 // s_k of the last weight call
	fields []float64 // scratch for errors
}

// committeeGain is the steepness g of the surrogate slope: a steeper slope
// concentrates the step on the unit nearest to flipping. Storage, K = 3,
// solved of seeds 1-8 for g = 1 and 3: RSGD on a tree, N = 201, alpha =
// 0.6: 7, 8 and 0.7: 1, 5; fully connected, N = 101, alpha = 0.4: 3, 6;
// SGD solves 8 of 8 with both on a tree at 0.5 and fully connected at 0.4.
const committeeGain = 3

func newCommitteeTarget(m *nets.Committee) *committeeTarget {
	t := &committeeTarget{m: m, lo: make([]int, m.K), hi: make([]int, m.K), in0: make([]int, m.K),
		norm: make([]float64, m.K), arg: make([]float64, m.K), slope: make([]float64, m.K), fields: make([]float64, m.K)}
	for k := 0; k < m.K; k++ {
		t.lo[k], t.hi[k], t.in0[k] = m.UnitWeights(k)
		t.norm[k] = 1 / math.Sqrt(float64(max(1, t.hi[k]-t.lo[k])))
	}
	return t
}

func (t *committeeTarget) numWeights() int  { return t.m.NumWeights() }
func (t *committeeTarget) numPatterns() int { return t.m.P }
func (t *committeeTarget) scale() float64   { return 1 }

// unitFields fills h with the K hidden fields of example mu at wf.
func (t *committeeTarget) unitFields(mu int, wf []float64, h []float64) {
	x := t.m.Row(mu)
	for k := range h {
		s := 0.0
		xs := x[t.in0[k] : t.in0[k]+t.hi[k]-t.lo[k]]
		for j, v := range wf[t.lo[k]:t.hi[k]] {
			s += v * xs[j]
		}
		h[k] = s
	}
}

func (t *committeeTarget) weight(mu int, wf []float64, beta, kappa float64) (float64, bool) {
	t.unitFields(mu, wf, t.arg)
	votes := 0.0
	for k, h := range t.arg {
		votes += signf(h)
		t.arg[k] = committeeGain * h * t.norm[k]
	}
	z := beta * (float64(t.m.Y[mu])*votes - kappa)
	if z > 40 {
		return 0, false // sigma(-z) < 5e-18
	}
	return 1 / (1 + detmath.Exp(z)), true
}

func (t *committeeTarget) accumulate(mu int, c float64, grad []float64) {
	// s_k in the log domain: sech^2(a) = 4 e^(-2|a|) / (1 + e^(-2|a|))^2
	amin := math.Inf(1)
	for _, a := range t.arg {
		amin = min(amin, math.Abs(a))
	}
	e0 := detmath.Exp(-2 * amin)
	for k, a := range t.arg {
		r := (1 + e0) / (1 + detmath.Exp(-2*math.Abs(a)))
		t.slope[k] = detmath.Exp(-2*(math.Abs(a)-amin)) * r * r
	}
	x := t.m.Row(mu)
	cy := c * float64(t.m.Y[mu]) * committeeGain
	for k, s := range t.slope {
		d := cy * s * t.norm[k]
		xs := x[t.in0[k] : t.in0[k]+t.hi[k]-t.lo[k]]
		g := grad[t.lo[k]:t.hi[k]]
		for j, v := range xs {
			g[j] += d * v
		}
	}
}

// errors counts the examples the binary committee misclassifies (a tie of
// votes, possible for even K, counts as +1, as in nets.Committee).
func (t *committeeTarget) errors(wf []float64) int {
	e := 0
	for mu := 0; mu < t.m.P; mu++ {
		t.unitFields(mu, wf, t.fields)
		votes := 0.0
		for _, h := range t.fields {
			votes += signf(h)
		}
		if votes*float64(t.m.Y[mu]) < 0 {
			e++
		}
	}
	return e
}

// floatSigns returns w as ±1.0.
func floatSigns(w []int8) []float64 {
	f := make([]float64, len(w))
	for i, v := range w {
		f[i] = float64(v)
	}
	return f
}
