package train

import (
	"math"
	"sync"
	"time"

	"flatland/sim/data"
	"flatland/sim/detmath"
	"flatland/sim/gauss"
	"flatland/sim/nets"
)

// FBPConfig parameterizes focusing belief propagation (Baldassi et al.,
// PNAS 113, E7655 (2016), arXiv:1605.06444) for the binary perceptron.
//
// BP messages (central-limit form, Braunstein & Zecchina 2006): factor mu
// sees cavity magnetizations m_{i->mu} = tanh(H_i + F_i - u_{mu->i}); with
// omega_i = sum_{k != i} xi_k m_k and V_i = sum_{k != i} xi_k^2 (1 - m_k^2),
//
//	u_{mu->i} = 1/2 ln[ H(-(omega_i + xi_i - theta)/sqrt V_i) / H(-(omega_i - xi_i - theta)/sqrt V_i) ],
//
// theta = kappa sqrt N, H_i = sum_mu u_{mu->i}. When |xi_i| / sqrt V_i < 0.2
// the first-order form xi_i G(a)/(sqrt V_i H(-a)), a = (omega_i - theta)/sqrt V_i,
// is used (error O(N^-3/2)). The focusing field of y replicas coupled to a
// traced-out centre with strength gamma is
//
//	F_i = atanh( tanh(gamma) tanh( (y - 1) atanh( tanh(gamma) tanh(H_i) ) ) ),
//
// and the protocol raises it step by step: at focusing step t,
// x = min(XStep t, XMax), y = 1/(1 - x), tanh(gamma) = x. As in the
// authors' reference implementation, BP is iterated at fixed (y, gamma)
// until it converges (no message magnetization tanh(u) moved by more than
// Eps in a sweep), for StepIters sweeps at most, before the next step. Factors are updated sequentially;
// the configuration sign(H_i + F_i) is checked after every sweep.
//
// Why converge at each step: advancing x every sweep (StepIters = 1, the
// former default) polarizes the beliefs before BP has settled; at N = 1001,
// alpha = 0.72 (storage, seeds 1-10) that solved 7/10, the failures blowing
// up to ~200 errors, while converging at each step solved 10/10.
type FBPConfig struct {
	Seed      uint64  // draws the tiny initial messages that break the symmetry
	MaxSweeps int     // total BP sweeps (default 1500; a solved run at alpha = 0.72, N = 1001 takes 190-500)
	XStep     float64 // default 0.01 (the reference implementation's default focusing step)
	XMax      float64 // default 0.999
	Damping   float64 // u <- (1-Damping) u_new + Damping u_old (default 0.2; without it seed 2 at alpha = 0.3 went astray)
	Eps       float64 // a focusing step ends when no tanh(u) moved more than Eps in a sweep (default 1e-3, as the reference) ...
	StepIters int     // ... or after StepIters sweeps (default 20; 1 advances x every sweep)
	// Runaway restart: when the errors of sign(H + F) stay above 2 best + RunawayFrac P (best: the
	// fewest seen so far) for runawaySweeps sweeps in a row, the messages are reset to their initial
	// values and focusing restarts from x = 0, advancing x every sweep (StepIters = 1). 0 disables
	// it; default 0.05. See fbpSchedule.
	RunawayFrac float64
}

// DefaultFBPConfig returns the defaults.
func DefaultFBPConfig() FBPConfig {
	return FBPConfig{MaxSweeps: 1500, XStep: 0.01, XMax: 0.999, Damping: 0.2, Eps: 1e-3, StepIters: 20, RunawayFrac: 0.05}
}

// FBP is focusing BP for a Linear model.
type FBP struct {
	cfg  FBPConfig
	m    *nets.Linear
	u    []float64 // P x N messages u_{mu->i}
	hf   []float64 // H_i
	foc  []float64 // F_i
	mloc []float64
	w    []int8
	werr int
	mu   int
	sch  fbpSchedule
	work int64
	done bool
}

// NewFBP initializes the messages to tiny random values.
func NewFBP(m *nets.Linear, cfg FBPConfig) (*FBP, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	f := &FBP{cfg: cfg, m: m, u: make([]float64, m.N*m.P), hf: make([]float64, m.N), foc: make([]float64, m.N),
		mloc: make([]float64, m.N), w: make([]int8, m.N), sch: newFBPSchedule(cfg, m.P)}
	millsOnce.Do(buildMills) // the one-off table build (~ms) belongs to the constructor, not to a Step
	initMessages(cfg.Seed, f.u, f.hf)
	f.sch.focus(f.hf, f.foc)
	f.updateWeights()
	return f, nil
}

// initMessages sets u (P x n) to the tiny random messages that break the
// symmetry, drawn from seed (the same every time, so a restart redraws them
// instead of keeping a copy), and hf to their sums H_i = sum_mu u_{mu->i}.
func initMessages(seed uint64, u, hf []float64) {
	rng := data.NewRand(seed, data.StreamTrain)
	n := len(hf)
	sqrtP := math.Sqrt(float64(len(u) / n))
	clear(hf)
	for k := range u {
		u[k] = 1e-3 * (2*rng.Float64() - 1) / sqrtP
		hf[k%n] += u[k]
	}
}

// fbpSchedule is the focusing protocol shared by FBP and CommitteeFBP: the
// focusing step, its convergence test, and the runaway restart.
//
// Why the restart: converging BP at each focusing step is what reaches the
// frontier (alpha = 0.72 at N = 1001), but at low load BP stops converging at
// some x around 0.8 and, held there for up to StepIters sweeps per step, it
// runs away: at alpha = 0.4 (N = 1001, seeds 6, 7, 8, 10) the errors fell to
// a few and then climbed to 70-90, where they stayed for hundreds of sweeps.
// Advancing x every sweep polarizes the beliefs before BP can run away and
// solves those instances in under 90 sweeps, but fails near the frontier. So
// the slow schedule runs first, and a run whose errors climb far above their
// best (a diverged BP, not a fluctuation) restarts from the initial messages
// with the fast one. It restarts once. The climb must last runawaySweeps
// sweeps: committee machines at small N climb to twice their best and back
// within a few sweeps on the way to a solution (N = 101, K = 3, fully
// connected, alpha = 0.35: 7 sweeps at most), while a perceptron that ran
// away stays there.
type fbpSchedule struct {
	xStep, xMax, eps float64
	stepIters        int
	runaway          float64 // restart when errors > 2 best + runaway (0: never)
	sweep            int     // sweeps done (over restarts)
	step             int     // focusing steps completed
	iters            int     // sweeps in the current step
	diff             float64 // largest message change in the current sweep
	best             int     // fewest errors seen since the (re)start; -1 before the first count
	above            int     // consecutive sweeps with errors above the runaway threshold
	restarted        bool
	y, tg            float64
}

func newFBPSchedule(cfg FBPConfig, p int) fbpSchedule {
	return fbpSchedule{xStep: cfg.XStep, xMax: cfg.XMax, eps: cfg.Eps, stepIters: cfg.StepIters,
		runaway: cfg.RunawayFrac * float64(p), best: -1}
}

// focus sets (y, tg) for the current step and the focusing fields foc from hf.
func (s *fbpSchedule) focus(hf, foc []float64) {
	x := min(s.xStep*float64(s.step), s.xMax)
	s.y = 1 / (1 - x)
	s.tg = x
	for i, h := range hf {
		foc[i] = focusing(h, s.y, s.tg)
	}
}

// endSweep does the bookkeeping after a sweep over all factors: it advances
// the focusing step when BP converged (or StepIters sweeps passed).
func (s *fbpSchedule) endSweep() {
	s.sweep++
	s.iters++
	if s.diff < s.eps || s.iters >= s.stepIters {
		s.step++
		s.iters = 0
	}
	s.diff = 0
}

// runawayRestart records the errors of the current configuration and reports
// whether the run restarts now; if so, the schedule is already reset to x = 0
// with one sweep per step, and the caller resets the messages and calls focus.
func (s *fbpSchedule) runawayRestart(errors int) bool {
	if s.best < 0 || errors < s.best {
		s.best = errors
	}
	if s.restarted || s.runaway <= 0 {
		return false
	}
	if float64(errors) <= 2*float64(s.best)+s.runaway {
		s.above = 0
		return false
	}
	if s.above++; s.above < runawaySweeps {
		return false
	}
	s.restarted = true
	s.step, s.iters, s.stepIters, s.best, s.above = 0, 0, 1, -1, 0
	return true
}

// runawaySweeps is how long the errors must stay above the runaway threshold
// before fBP restarts (the length of a full focusing step, StepIters = 20).
const runawaySweeps = 20

// nextMessage clamps a new factor-to-weight message to ±50, damps it towards the old one and raises
// *diff to their distance in magnetization space (|tanh un - tanh old| <= |un - old|, so the tanh is
// needed only when the field difference could beat *diff). The perceptron and committee fBP share it.
func nextMessage(un, old, damp float64, diff *float64) float64 {
	if un > 50 {
		un = 50
	} else if un < -50 {
		un = -50
	}
	if damp > 0 {
		un = (1-damp)*un + damp*old
	}
	if d := math.Abs(un - old); d > *diff {
		if d = math.Abs(detmath.Tanh(un) - detmath.Tanh(old)); d > *diff {
			*diff = d
		}
	}
	return un
}

// focusing returns the field on one replica from the other y-1 replicas
// through the traced-out centre (tg = tanh gamma).
func focusing(h, y, tg float64) float64 {
	if tg == 0 || y <= 1 {
		return 0
	}
	inner := (y - 1) * detmath.Atanh(tg*detmath.Tanh(h))
	return detmath.Atanh(tg * detmath.Tanh(inner))
}

func (f *FBP) updateWeights() {
	for i, h := range f.hf {
		f.w[i] = int8(signf(h + f.foc[i]))
	}
	f.werr = f.m.Errors(f.w)
}

func (f *FBP) Step(budget time.Duration) (bool, error) {
	if f.done {
		return true, nil
	}
	f.done = runUnits(budget, 4, f.factor)
	return f.done, nil
}

// factor updates all messages of one pattern (one work unit).
func (f *FBP) factor() bool {
	m := f.m
	n := m.N
	row := m.Row(f.mu)
	u := f.u[f.mu*n : (f.mu+1)*n]
	omega, v := 0.0, 0.0
	for i, x := range row {
		mi := detmath.Tanh(f.hf[i] + f.foc[i] - u[i])
		f.mloc[i] = mi
		omega += x * mi
		v += x * x * (1 - mi*mi)
	}
	theta := m.Threshold()
	damp := f.cfg.Damping
	for i, x := range row {
		mi := f.mloc[i]
		oi := omega - x*mi
		vi := v - x*x*(1-mi*mi)
		if vi < 1e-12 {
			vi = 1e-12
		}
		s := math.Sqrt(vi)
		var un float64
		if math.Abs(x) < 0.2*s {
			un = x * invMills((oi-theta)/s) / s
		} else {
			un = 0.5 * (logHNeg((oi+x-theta)/s) - logHNeg((oi-x-theta)/s))
		}
		un = nextMessage(un, u[i], damp, &f.sch.diff)
		f.hf[i] += un - u[i]
		u[i] = un
	}
	f.work++
	f.mu++
	if f.mu == m.P {
		f.mu = 0
		f.sch.endSweep()
		f.sch.focus(f.hf, f.foc)
		f.updateWeights()
		if f.werr == 0 || f.sch.sweep >= f.cfg.MaxSweeps {
			return true
		}
		if f.sch.runawayRestart(f.werr) {
			initMessages(f.cfg.Seed, f.u, f.hf)
			f.sch.focus(f.hf, f.foc)
			f.updateWeights()
		}
	}
	return false
}

func (f *FBP) Progress() float64           { return progress(f.done, f.sch.sweep, f.cfg.MaxSweeps) }
func (f *FBP) Weights() []int8             { return append([]int8(nil), f.w...) }
func (f *FBP) Replicas() int               { return 1 }
func (f *FBP) ReplicaWeights(a int) []int8 { return f.Weights() }

// Magnetizations returns tanh(H_i + F_i), the BP beliefs (for a raster).
func (f *FBP) Magnetizations() []float64 {
	out := make([]float64, len(f.hf))
	for i, h := range f.hf {
		out[i] = detmath.Tanh(h + f.foc[i])
	}
	return out
}

func (f *FBP) Snapshot() Snapshot {
	return Snapshot{Algo: "fbp", Epoch: f.sch.sweep, MaxEpochs: f.cfg.MaxSweeps, Work: f.work, Errors: f.werr,
		TrainError: float64(f.werr) / float64(f.m.P), Solved: f.werr == 0, Done: f.done,
		Gamma: detmath.Atanh(f.sch.tg), Y: f.sch.y}
}

// invMills returns G(a)/H(-a) by linear interpolation in a table on
// [-12, 12] (step 1/512, built once with detmath), with the exact tails
// outside (asymptotic series below -12, 0 above 12). It is the derivative
// of ln H(-a).
func invMills(a float64) float64 {
	millsOnce.Do(buildMills)
	if a <= -12 {
		// 1/R(x), R(x) = H(x)/G(x) ~ (1/x)(1 - 1/x^2 + 3/x^4 - 15/x^6 + 105/x^8), rel. error < 2e-8
		x := -a
		x2 := 1 / (x * x)
		return x / (1 - x2*(1-x2*(3-x2*(15-105*x2))))
	}
	if a >= 12 {
		return 0 // G(a)/(1-H(a)) < 1e-31
	}
	t := (a + 12) * millsScale
	k := int(t)
	fr := t - float64(k)
	return millsTab[k] + fr*(millsTab[k+1]-millsTab[k])
}

// logHNeg returns ln H(-a) by linear interpolation in a table on [-12, 12]
// (absolute error below 1e-6), the tails outside: for a < -12 the
// asymptotic series of ln H(|a|), for a > 12 zero (|ln(1 - H(a))| < 2e-33).
func logHNeg(a float64) float64 {
	millsOnce.Do(buildMills)
	if a <= -12 {
		x := -a
		x2 := 1 / (x * x)
		return -0.5*x*x - detmath.LogSqrt2Pi - detmath.Log(x*(1-x2*(1-x2*(3-15*x2))))
	}
	if a >= 12 {
		return 0 // ln(1 - H(a)), |.| < 2e-33
	}
	t := (a + 12) * millsScale
	k := int(t)
	fr := t - float64(k)
	return logHTab[k] + fr*(logHTab[k+1]-logHTab[k])
}

const millsScale = 512

var (
	millsOnce sync.Once
	millsTab  []float64
	logHTab   []float64
)

func buildMills() {
	n := 24*millsScale + 2
	millsTab = make([]float64, n)
	logHTab = make([]float64, n)
	for k := range millsTab {
		a := -12 + float64(k)/millsScale
		millsTab[k] = gauss.GOverH(-a) // G(a)/H(-a)
		logHTab[k] = gauss.LogH(-a)
	}
}

// newFBPAlgorithm is the registry constructor of "fbp" (perceptron, RF
// student, committee machines).
func newFBPAlgorithm(m nets.Model, seed uint64, maxEpochs int) (Trainer, error) {
	c := DefaultFBPConfig()
	c.Seed = seed
	if maxEpochs > 0 {
		c.MaxSweeps = maxEpochs
	}
	if cm, ok := m.(*nets.Committee); ok {
		return NewCommitteeFBP(cm, c)
	}
	lin, err := linear("fbp", m)
	if err != nil {
		return nil, err
	}
	return NewFBP(lin, c)
}
