package train

import (
	"fmt"
	"math"
	"time"

	"flatland/sim/detmath"
	"flatland/sim/nets"
)

// CommitteeFBP is focusing BP for a committee machine (tree or fully
// connected, K odd hidden units, output sign(sum_k tau_k), tau_k =
// sign(h_k)), with the same configuration, focusing field and protocol as
// FBP. The factor of example mu is treated as in Baldassi et al. (PNAS
// 2016): each hidden field h_k is Gaussian given the cavity magnetizations
// of its weights (mean omega_k, variance V_k, as in FBP), so
//
//	P(tau_k = +1) = H(-(omega_k - theta_k)/sqrt V_k),
//
// theta_k = 0 for odd fan-in and -1 for even fan-in (h_k = 0 votes +1, and
// h_k moves in steps of 2); the output constraint sign(sum_k tau_k) = y_mu is
// summed exactly over the other units' votes, which gives the weights
// A_k(+1), A_k(-1) of tau_k; the message to weight w of unit k with input x
// is then
//
//	u = 1/2 ln[ L(a_+) / L(a_-) ],  L(a) = A_k(+1) H(-a) + A_k(-1) H(a),
//	a_(+/-) = (omega_k - x m - theta_k +/- x) / sqrt(V_k - x^2 (1 - m^2)),
//
// which for K = 1 is FBP's message.
type CommitteeFBP struct {
	cfg   FBPConfig
	m     *nets.Committee
	nw    int
	u     []float64 // P x nw messages u_{mu->j}
	hf    []float64 // H_j
	foc   []float64 // F_j
	mloc  []float64 // cavity magnetizations of the current example
	omega []float64 // per hidden unit
	v     []float64
	theta []float64
	pUp   []float64 // P(tau_k = +1) from below
	lnAp  []float64 // ln A_k(+1), ln A_k(-1), normalized to A_k(+1) + A_k(-1) = 1
	lnAm  []float64
	dist  []float64 // vote-sum distribution, 2K+1 entries
	dtmp  []float64
	st    nets.State // sign(H + F) with its errors, updated by flips
	w     []int8
	mu    int
	sch   fbpSchedule
	work  int64
	done  bool
}

// NewCommitteeFBP initializes the messages to tiny random values.
func NewCommitteeFBP(m *nets.Committee, cfg FBPConfig) (*CommitteeFBP, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if m.K%2 == 0 {
		return nil, fmt.Errorf("train: fBP needs an odd number of hidden units (got K = %d)", m.K)
	}
	nw := m.NumWeights()
	f := &CommitteeFBP{cfg: cfg, m: m, nw: nw, u: make([]float64, nw*m.P), hf: make([]float64, nw),
		foc: make([]float64, nw), mloc: make([]float64, nw), omega: make([]float64, m.K), v: make([]float64, m.K),
		theta: make([]float64, m.K), pUp: make([]float64, m.K), lnAp: make([]float64, m.K), lnAm: make([]float64, m.K),
		dist: make([]float64, 2*m.K+1), dtmp: make([]float64, 2*m.K+1), w: make([]int8, nw), sch: newFBPSchedule(cfg, m.P)}
	for k := 0; k < m.K; k++ {
		if lo, hi, _ := m.UnitWeights(k); (hi-lo)%2 == 0 {
			f.theta[k] = -1
		}
	}
	millsOnce.Do(buildMills)
	initMessages(cfg.Seed, f.u, f.hf)
	f.sch.focus(f.hf, f.foc)
	for j, h := range f.hf {
		f.w[j] = int8(signf(h + f.foc[j]))
	}
	f.st = m.NewState(f.w)
	return f, nil
}

// check validates an fBP configuration.
func (cfg FBPConfig) check() error {
	if cfg.StepIters < 1 || !(cfg.Eps >= 0) {
		return fmt.Errorf("train: fBP needs StepIters >= 1 and Eps >= 0 (got %+v)", cfg)
	}
	if cfg.MaxSweeps <= 0 || cfg.XStep <= 0 || cfg.XMax <= 0 || cfg.XMax >= 1 || cfg.Damping < 0 || cfg.Damping >= 1 {
		return fmt.Errorf("train: fBP needs MaxSweeps > 0, XStep > 0, 0 < XMax < 1, 0 <= Damping < 1 (got %+v)", cfg)
	}
	if !(cfg.RunawayFrac >= 0) || math.IsInf(cfg.RunawayFrac, 1) {
		return fmt.Errorf("train: fBP needs a finite RunawayFrac >= 0 (got %v)", cfg.RunawayFrac)
	}
	return nil
}

// updateWeights sets w = sign(H + F), flipping the cached state to match.
func (f *CommitteeFBP) updateWeights() {
	for j, h := range f.hf {
		if s := int8(signf(h + f.foc[j])); s != f.w[j] {
			f.w[j] = s
			f.st.Flip(j)
		}
	}
}

func (f *CommitteeFBP) Step(budget time.Duration) (bool, error) {
	if f.done {
		return true, nil
	}
	f.done = runUnits(budget, 4, f.factor)
	return f.done, nil
}

// outputWeights sets lnAp, lnAm from pUp for label y: A_k(s) is the
// probability that the other units' votes plus s have the sign y.
func (f *CommitteeFBP) outputWeights(y int8) {
	kk := f.m.K
	for k := 0; k < kk; k++ {
		// distribution of the sum of the other votes, index s + K
		d := f.dist
		for i := range d {
			d[i] = 0
		}
		d[kk] = 1
		for l := 0; l < kk; l++ {
			if l == k {
				continue
			}
			p := f.pUp[l]
			t := f.dtmp
			for i := range t {
				t[i] = 0
			}
			for i, q := range d {
				if q == 0 {
					continue
				}
				if i+1 < len(t) {
					t[i+1] += q * p
				}
				if i > 0 {
					t[i-1] += q * (1 - p)
				}
			}
			copy(d, t)
		}
		ap, am := 0.0, 0.0
		for i, q := range d {
			s := i - kk
			if (s+1)*int(y) > 0 {
				ap += q
			}
			if (s-1)*int(y) > 0 {
				am += q
			}
		}
		z := ap + am
		if z <= 0 { // both impossible cannot happen for odd K; keep the messages finite
			ap, am, z = 1, 1, 2
		}
		f.lnAp[k] = logOrInf(ap / z)
		f.lnAm[k] = logOrInf(am / z)
	}
}

func logOrInf(p float64) float64 {
	if p <= 0 {
		return math.Inf(-1)
	}
	return detmath.Log(p)
}

// lnL returns ln(A+ H(-a) + A- H(a)) from the logs of A+ and A-.
func lnL(lnAp, lnAm, a float64) float64 {
	x := lnAp + logHNeg(a)
	z := lnAm + logHNeg(-a)
	if math.IsInf(z, -1) {
		return x
	}
	if math.IsInf(x, -1) {
		return z
	}
	if x < z {
		x, z = z, x
	}
	return x + detmath.Log1pExp(z-x)
}

// factor updates all messages of one example (one work unit).
func (f *CommitteeFBP) factor() bool {
	m := f.m
	nw := f.nw
	row := m.Row(f.mu)
	u := f.u[f.mu*nw : (f.mu+1)*nw]
	for k := 0; k < m.K; k++ {
		lo, hi, in0 := m.UnitWeights(k)
		om, v := 0.0, 0.0
		for j := lo; j < hi; j++ {
			x := row[j-lo+in0]
			mj := detmath.Tanh(f.hf[j] + f.foc[j] - u[j])
			f.mloc[j] = mj
			om += x * mj
			v += x * x * (1 - mj*mj)
		}
		f.omega[k], f.v[k] = om, v
		f.pUp[k] = detmath.Exp(logHNeg((om - f.theta[k]) / math.Sqrt(max(v, 1e-12))))
	}
	f.outputWeights(m.Y[f.mu])
	damp := f.cfg.Damping
	for k := 0; k < m.K; k++ {
		lo, hi, in0 := m.UnitWeights(k)
		ap, am := f.lnAp[k], f.lnAm[k]
		for j := lo; j < hi; j++ {
			x := row[j-lo+in0]
			mj := f.mloc[j]
			oj := f.omega[k] - x*mj - f.theta[k]
			vj := f.v[k] - x*x*(1-mj*mj)
			if vj < 1e-12 {
				vj = 1e-12
			}
			s := math.Sqrt(vj)
			un := 0.5 * (lnL(ap, am, (oj+x)/s) - lnL(ap, am, (oj-x)/s))
			un = nextMessage(un, u[j], damp, &f.sch.diff)
			f.hf[j] += un - u[j]
			u[j] = un
		}
	}
	f.work++
	f.mu++
	if f.mu == m.P {
		f.mu = 0
		f.sch.endSweep()
		f.sch.focus(f.hf, f.foc)
		f.updateWeights()
		if f.st.Errors() == 0 || f.sch.sweep >= f.cfg.MaxSweeps {
			return true
		}
		if f.sch.runawayRestart(f.st.Errors()) {
			initMessages(f.cfg.Seed, f.u, f.hf)
			f.sch.focus(f.hf, f.foc)
			f.updateWeights()
		}
	}
	return false
}

func (f *CommitteeFBP) Progress() float64           { return progress(f.done, f.sch.sweep, f.cfg.MaxSweeps) }
func (f *CommitteeFBP) Weights() []int8             { return append([]int8(nil), f.w...) }
func (f *CommitteeFBP) Replicas() int               { return 1 }
func (f *CommitteeFBP) ReplicaWeights(a int) []int8 { return f.Weights() }

// Magnetizations returns tanh(H_j + F_j), the BP beliefs.
func (f *CommitteeFBP) Magnetizations() []float64 {
	out := make([]float64, len(f.hf))
	for j, h := range f.hf {
		out[j] = detmath.Tanh(h + f.foc[j])
	}
	return out
}

func (f *CommitteeFBP) Snapshot() Snapshot {
	e := f.st.Errors()
	return Snapshot{Algo: "fbp", Epoch: f.sch.sweep, MaxEpochs: f.cfg.MaxSweeps, Work: f.work, Errors: e,
		TrainError: float64(e) / float64(f.m.P), Solved: e == 0, Done: f.done,
		Gamma: detmath.Atanh(f.sch.tg), Y: f.sch.y}
}
