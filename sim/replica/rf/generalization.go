package rf

import (
	"fmt"
	"math"
	"sort"
	"time"

	"flatland/sim/stepper"
)

// GenPoint is one point of the generalization curve at fixed alpha_T.
// A value that was not computed is NaN (never 0), and Reason says why.
type GenPoint struct {
	NOverP        float64 // overparameterization N/P = 1/alpha
	Alpha, AlphaD float64
	// AlphaC is the interpolation threshold at AlphaD (NaN if it failed).
	AlphaC float64
	// Interpolating is false above the interpolation threshold (no
	// zero-error solutions: the errors below are then not defined, NaN).
	Interpolating bool
	EpsTypical    float64 // typical zero-error solution
	EpsBayes      float64 // Bayes (centre of mass of the solutions)
	EpsFlat       float64 // maximal-margin (flat-minima) reference
	KappaMax      float64
	// Reason is empty when every value was computed; otherwise it says why
	// some are NaN: "no zero-error solutions ..." (physics, with Err nil)
	// or the solver failure (Err not nil).
	Reason string
	Err    error
}

// Generalization computes eps_typical, eps_Bayes and the flat reference's
// error versus N/P at fixed alpha_T = P/D, as a stepper.
//
// The points are computed from the largest N/P down, whatever the order of
// the grid, each solve warm-started from the previous point's (see
// genWarm): the results are the same roots to the solvers' tolerances
// (|phi| < 1e-10) as cold starts, and the same numbers for any order of the
// same grid (the command line's ascending grid, the page's descending one).
type Generalization struct {
	model  Model
	alphaT float64
	grid   []float64
	order  []int      // grid indices by decreasing N/P: the order of computation
	points []GenPoint // by grid index; valid where done
	done   []bool
	count  int
	co     *stepper.Coroutine
}

// genWarm carries the previous point's solutions to the next, nearby point
// (neighbouring alpha and alpha_D on the line alpha = alpha_T alpha_D). A
// cold start continues in alpha from 0 (alpha_c, the typical saddle): more
// than half the work of a 16-point curve, alpha_c alone about 30 ms a point
// natively. The maximal-margin reference starts from this point's typical
// saddle (maxMarginFrom).
type genWarm struct {
	alphaC *Typical // the saddle at the previous alpha_c
	typ    *Typical // the previous typical saddle
}

// NewGeneralization prepares the curve on the given N/P values.
func NewGeneralization(m Model, alphaT float64, nOverP []float64) (*Generalization, error) {
	if !(alphaT > 0) || math.IsInf(alphaT, 0) || len(nOverP) == 0 {
		return nil, fmt.Errorf("rf: bad generalization parameters alpha_T=%g (%d points)", alphaT, len(nOverP))
	}
	for _, x := range nOverP {
		if !(x > 0) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("rf: N/P must be positive, got %g", x)
		}
	}
	g := &Generalization{model: m, alphaT: alphaT, grid: append([]float64(nil), nOverP...)}
	g.points, g.done = make([]GenPoint, len(nOverP)), make([]bool, len(nOverP))
	for i := range g.grid {
		g.order = append(g.order, i)
	}
	sort.SliceStable(g.order, func(a, b int) bool { return g.grid[g.order[a]] > g.grid[g.order[b]] })
	g.co = stepper.NewCoroutine(g.work, nil)
	return g, nil
}

func (g *Generalization) work(tick func()) error {
	m := g.model
	m.tick = tick
	m.Kappa = 0
	var warm genWarm
	for _, i := range g.order {
		g.points[i] = m.genPoint(1/g.grid[i], g.alphaT, &warm)
		g.done[i] = true
		g.count++
	}
	return nil
}

// genPoint computes one point of the generalization curve at alpha,
// warm-started from the previous point's solutions (updated here); a
// warm start that fails is retried cold.
func (m Model) genPoint(alpha, alphaT float64, warm *genWarm) GenPoint {
	nan := math.NaN()
	p := GenPoint{NOverP: 1 / alpha, Alpha: alpha, AlphaD: alpha / alphaT, AlphaC: nan,
		EpsTypical: nan, EpsBayes: nan, EpsFlat: nan, KappaMax: nan}
	fail := func(what string, err error) GenPoint {
		p.Err = err
		p.Reason = fmt.Sprintf("solver failure (%s): %v", what, err)
		return p
	}
	// above alpha_c there are no solutions (and the RS saddle may not be
	// reachable by continuation): decide with the threshold first
	ac, err := m.interpolationFrom(p.AlphaD, warm.alphaC)
	if err != nil && warm.alphaC != nil {
		ac, err = m.InterpolationThreshold(p.AlphaD)
	}
	if err != nil {
		warm.alphaC = nil
		return fail("interpolation threshold", err)
	}
	warm.alphaC = &ac
	p.AlphaC = ac.Alpha
	if p.Alpha >= ac.Alpha {
		p.Reason = fmt.Sprintf("no zero-error solutions: alpha = %.4g >= alpha_c = %.4g at alpha_D = %.4g", p.Alpha, ac.Alpha, p.AlphaD)
		return p
	}
	t, err := m.SolveTypical(p.Alpha, p.AlphaD, warm.typ)
	if err != nil && warm.typ != nil {
		t, err = m.SolveTypical(p.Alpha, p.AlphaD, nil)
	}
	if err != nil {
		warm.typ = nil
		return fail("typical saddle", err)
	}
	warm.typ = &t
	if t.Phi <= 0 {
		p.Reason = fmt.Sprintf("no zero-error solutions: phi = %.3g <= 0 at alpha = %.4g, alpha_D = %.4g", t.Phi, p.Alpha, p.AlphaD)
		return p
	}
	p.Interpolating = true
	p.EpsTypical, p.EpsBayes = t.EpsTypical, t.EpsBayes
	ref, err := m.maxMarginFrom(p.Alpha, p.AlphaD, t)
	if err != nil {
		ref, err = m.MaxMarginReference(p.Alpha, p.AlphaD)
	}
	if err != nil {
		return fail("maximal-margin reference", err)
	}
	p.KappaMax, p.EpsFlat = ref.Kappa, ref.Typ.EpsTypical
	return p
}

// Step advances the computation by about budget.
func (g *Generalization) Step(budget time.Duration) (bool, error) { return g.co.Step(budget) }

// Progress is the fraction of points done.
func (g *Generalization) Progress() float64 {
	if g.co.Done() {
		return 1
	}
	return float64(g.count) / float64(len(g.grid))
}

// Points returns a copy of the points computed so far, in the grid's order.
func (g *Generalization) Points() []GenPoint {
	var out []GenPoint
	for i, ok := range g.done {
		if ok {
			out = append(out, g.points[i])
		}
	}
	return out
}

// Close releases an unfinished computation.
func (g *Generalization) Close() { g.co.Close() }

// CrossingsAt reads the diagram along a line of fixed alpha_T = P/D: it
// returns the overparameterization N/P at which the line crosses the
// interpolation curve and the local-entropy curve (linear interpolation in
// alpha_D between grid points). ok is false if the line does not cross a
// curve inside the computed alpha_D range. Growing N at fixed P and D moves
// along the line toward small alpha, so N/P_LE > N/P_c: more weights are
// needed for wide flat minima than for interpolation.
func CrossingsAt(points []DiagramPoint, alphaT float64) (nOverPc, nOverPle float64, okC, okLE bool) {
	cross := func(get func(DiagramPoint) float64) (float64, bool) {
		for i := 0; i+1 < len(points); i++ {
			a, b := points[i], points[i+1]
			ya, yb := get(a), get(b)
			if ya <= 0 || yb <= 0 {
				continue
			}
			fa, fb := ya-alphaT*a.AlphaD, yb-alphaT*b.AlphaD
			if fa == 0 {
				return 1 / ya, true
			}
			if fa*fb < 0 {
				t := fa / (fa - fb)
				ad := a.AlphaD + t*(b.AlphaD-a.AlphaD)
				return 1 / (alphaT * ad), true
			}
		}
		return 0, false
	}
	nOverPc, okC = cross(func(p DiagramPoint) float64 { return p.AlphaC })
	nOverPle, okLE = cross(func(p DiagramPoint) float64 { return p.AlphaLE })
	return
}
