package rf

import (
	"fmt"
	"math"
	"time"

	"flatland/sim/detmath"
	"flatland/sim/stepper"
)

// DiagramPoint is one alpha_D of the transition diagram.
type DiagramPoint struct {
	AlphaD  float64
	AlphaC  float64 // interpolation threshold (0 if Err != nil before it was found)
	AlphaLE float64 // local-entropy threshold (0 if Err != nil)
	// AlphaLEWidth is the bracket width of AlphaLE (known to +- half of it).
	AlphaLEWidth float64
	// EpsTypicalAtC is the typical-solution generalization error at alpha_c.
	EpsTypicalAtC float64
	Err           error // per-point failure (the other points still count)
}

// OK reports whether both thresholds of the point were computed.
func (p DiagramPoint) OK() bool { return p.Err == nil && p.AlphaC > 0 && p.AlphaLE > 0 }

// LogGrid returns n log-spaced values from lo to hi inclusive.
func LogGrid(lo, hi float64, n int) []float64 {
	if n == 1 {
		return []float64{lo}
	}
	out := make([]float64, n)
	for i := range out {
		out[i] = lo * pow(hi/lo, float64(i)/float64(n-1))
	}
	out[n-1] = hi
	return out
}

// Diagram computes the transition diagram alpha_c(alpha_D), alpha_LE(alpha_D)
// point by point as a resumable stepper (sim/stepper.Stepper), in grid
// order; results do not depend on how the work is sliced. Made by
// NewDiagram, each point continues from its neighbour (threshold and
// alpha_LE/alpha_c ratio); made by NewIndependentDiagram, each point is
// solved on its own (SolveDiagramPoint), so any subset of the points, in
// any order or in parallel, gives the same numbers.
type Diagram struct {
	model   Model
	grid    []float64
	guesses []float64 // independent points: each one's alpha_LE/alpha_c guess
	points  []DiagramPoint
	current float64 // fraction of the current point done
	co      *stepper.Coroutine
}

// NewIndependentDiagram prepares the diagram on n log-spaced alpha_D in
// [lo, hi] with every point solved on its own, its alpha_LE bracket started
// around DiagramGuess. The page computes it (in workers or in frames) and
// `flatland rf diagram` prints it: the same numbers either way.
func NewIndependentDiagram(m Model, n int, lo, hi float64) (*Diagram, error) {
	d, err := NewDiagram(m, n, lo, hi)
	if err != nil {
		return nil, err
	}
	d.guesses = make([]float64, n)
	for i := range d.guesses {
		d.guesses[i] = DiagramGuess(m, n, lo, hi, i)
	}
	return d, nil
}

// DiagramGuess is the starting ratio alpha_LE/alpha_c of an independent
// diagram's point i: the stored table's when the grid is the stored one,
// else 0 (the default bracket). The bracket's ends are always verified, so
// the guess only decides where the bisection starts (the result moves within
// its bracket width, at most alphaLETol).
func DiagramGuess(m Model, n int, lo, hi float64, i int) float64 {
	if n != StoredPoints || lo != StoredAlphaDMin || hi != StoredAlphaDMax {
		return 0
	}
	pts, ok := StoredDiagram(m)
	if !ok || i < 0 || i >= len(pts) || !pts[i].OK() {
		return 0
	}
	return pts[i].AlphaLE / pts[i].AlphaC
}

// SolveDiagramPoint computes one point of the diagram on its own: alpha_c
// (bracketed around the stored table's value when alphaD is a point of
// the stored grid, else from scratch), then alpha_LE with its bracket
// started around guess (a ratio alpha_LE/alpha_c; 0 for none). A failure
// is the point's Err.
func (m Model) SolveDiagramPoint(alphaD, guess float64) DiagramPoint {
	p := DiagramPoint{AlphaD: alphaD}
	ac, err := m.diagramAlphaC(alphaD)
	if err != nil {
		p.Err = err
		return p
	}
	p.AlphaC, p.EpsTypicalAtC = ac.Alpha, ac.EpsTypical
	le, err := m.LocalEntropyThreshold(alphaD, ac, guess)
	if err != nil {
		p.Err = err
		return p
	}
	p.AlphaLE, p.AlphaLEWidth = le.AlphaLE, le.Width
	return p
}

// diagramAlphaC is alpha_c at alphaD for an independent point: from the
// stored table's value when there is one (interpolationNear: the same root
// to the refinement's tolerance, in about a third of the typical solves),
// from scratch otherwise or when its bracket does not verify.
func (m Model) diagramAlphaC(alphaD float64) (Typical, error) {
	if seed, ok := storedAlphaC(m, alphaD); ok {
		if t, ok := m.interpolationNear(alphaD, seed); ok {
			return t, nil
		}
	}
	return m.interpolationFrom(alphaD, nil)
}

// NewDiagram prepares the diagram on n log-spaced alpha_D in [lo, hi]
// (the front end and the stored tables use 24 points on [0.05, 10]).
func NewDiagram(m Model, n int, lo, hi float64) (*Diagram, error) {
	if n < 1 || n > 200 {
		return nil, fmt.Errorf("rf: diagram needs 1..200 points, got %d", n)
	}
	if !(lo > 0) || !(hi >= lo) || math.IsInf(hi, 0) {
		return nil, fmt.Errorf("rf: bad alpha_D range [%g, %g]", lo, hi)
	}
	d := &Diagram{model: m, grid: LogGrid(lo, hi, n)}
	d.co = stepper.NewCoroutine(d.work, nil)
	return d, nil
}

func (d *Diagram) work(tick func()) error {
	m := d.model
	m.tick = tick
	if d.guesses != nil {
		for i, ad := range d.grid {
			d.current = 0
			d.points = append(d.points, m.SolveDiagramPoint(ad, d.guesses[i]))
		}
		return nil
	}
	var prevC *Typical
	// alpha_LE/alpha_c of the last two points: the next bracket is centred
	// on their linear extrapolation in ln alpha_D (continuation)
	var ratios, lnADs []float64
	for _, ad := range d.grid {
		d.current = 0
		p := DiagramPoint{AlphaD: ad}
		ac, err := m.interpolationFrom(ad, prevC)
		if err != nil {
			p.Err = err
			d.points = append(d.points, p)
			continue
		}
		prevC = &ac
		p.AlphaC, p.EpsTypicalAtC = ac.Alpha, ac.EpsTypical
		d.current = 0.2
		le, err := m.LocalEntropyThreshold(ad, ac, nextRatio(ratios, lnADs, detmath.Log(ad)))
		if err != nil {
			p.Err = err
		} else {
			p.AlphaLE, p.AlphaLEWidth = le.AlphaLE, le.Width
			ratios = append(ratios, le.AlphaLE/ac.Alpha)
			lnADs = append(lnADs, detmath.Log(ad))
		}
		d.points = append(d.points, p)
	}
	return nil
}

// nextRatio predicts alpha_LE/alpha_c at ln alpha_D = x from the ratios of
// the points done so far: 0 (no guess) without any, the last one with one,
// the line through the last two beyond (kept within 0.02 of the last
// ratio: the stored diagrams' neighbours differ by at most 0.0092).
func nextRatio(ratios, xs []float64, x float64) float64 {
	n := len(ratios)
	switch n {
	case 0:
		return 0
	case 1:
		return ratios[0]
	}
	r1, r2 := ratios[n-2], ratios[n-1]
	r := r2
	if dx := xs[n-1] - xs[n-2]; dx > 0 {
		r = r2 + (r2-r1)*(x-xs[n-1])/dx
	}
	return math.Max(r2-0.02, math.Min(r2+0.02, r))
}

// Step advances the computation by about budget (sim/stepper.Stepper).
func (d *Diagram) Step(budget time.Duration) (bool, error) { return d.co.Step(budget) }

// Progress is the fraction of points done (0..1).
func (d *Diagram) Progress() float64 {
	if d.co.Done() {
		return 1
	}
	return (float64(len(d.points)) + d.current) / float64(len(d.grid))
}

// Points returns a copy of the points computed so far, in grid order.
func (d *Diagram) Points() []DiagramPoint { return append([]DiagramPoint(nil), d.points...) }

// Grid returns the alpha_D grid.
func (d *Diagram) Grid() []float64 { return append([]float64(nil), d.grid...) }

// Close releases an unfinished computation.
func (d *Diagram) Close() { d.co.Close() }

// OverparamPoint places a threshold in the reader's coordinates: at a fixed
// ratio alpha_T = P/D, the threshold happens at overparameterization N/P.
type OverparamPoint struct {
	AlphaT float64 // P/D = alpha/alpha_D
	NOverP float64 // N/P = 1/alpha
}

// Overparameterization maps diagram points (alpha_D, alpha_c), (alpha_D,
// alpha_LE) to (alpha_T, N/P): the interpolation curve N/P = 1/alpha_c at
// alpha_T = alpha_c/alpha_D, and the same for alpha_LE. Along a line of fixed
// alpha_T, growing N moves toward larger N/P: a network first becomes able to
// interpolate (crossing the first curve), and only at larger N/P do wide
// flat minima appear (crossing the second).
func Overparameterization(points []DiagramPoint) (interp, le []OverparamPoint) {
	for _, p := range points {
		if p.AlphaC > 0 {
			interp = append(interp, OverparamPoint{AlphaT: p.AlphaC / p.AlphaD, NOverP: 1 / p.AlphaC})
		}
		if p.AlphaLE > 0 {
			le = append(le, OverparamPoint{AlphaT: p.AlphaLE / p.AlphaD, NOverP: 1 / p.AlphaLE})
		}
	}
	return interp, le
}
