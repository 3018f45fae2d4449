//go:build js && wasm

package main

import (
	"fmt"
	"math"
	"time"

	"flatland/sim/data"
	"flatland/sim/replica/rf"
)

// Bridges to sim/replica/rf. Each returns a stepper with a snapshot of its
// points so far.

// diagramTheory computes alpha_c and alpha_LE over a grid of alpha_D.
type diagramTheory interface {
	Step(budget time.Duration) (bool, error)
	Progress() float64
	Points() (alphaD, alphaC, alphaLE []float64)
}

// rfModel is the theory's model for the settings' activation and labels
// (one definition shared by data and theory: sim/activation, sim/labels).
func rfModel(act data.Activation, labels data.Labels) (rf.Model, error) {
	if !act.Valid() || !labels.Valid() {
		return rf.Model{}, fmt.Errorf("no theory for the activation %v with %v labels", act, labels)
	}
	return rf.Model{Act: act, Labels: labels}, nil
}

// diagramPoints is the number of alpha_D points of the diagram (log-spaced on [0.05, 10]).
const diagramPoints = 24

type rfDiagram struct{ *rf.Diagram }

func newDiagramTheory(m rf.Model) (diagramTheory, error) {
	d, err := rf.NewDiagram(m, diagramPoints, 0.05, 10)
	if err != nil {
		return nil, err
	}
	return rfDiagram{d}, nil
}

// Points returns the points so far; a threshold that failed is NaN (its
// error is reported by Failures).
func (d rfDiagram) Points() (ad, ac, ale []float64) {
	for _, p := range d.Diagram.Points() {
		ad = append(ad, p.AlphaD)
		c, l := math.NaN(), math.NaN()
		if p.AlphaC > 0 {
			c = p.AlphaC
		}
		if p.AlphaLE > 0 && p.Err == nil {
			l = p.AlphaLE
		}
		ac, ale = append(ac, c), append(ale, l)
	}
	return
}

// Failures describes points whose thresholds could not be computed.
func (d rfDiagram) Failures() string {
	n, first := 0, ""
	for _, p := range d.Diagram.Points() {
		if p.Err != nil {
			if n == 0 {
				first = p.Err.Error()
			}
			n++
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%d of %d points not converged (first: %s)", n, diagramPoints, first)
}

// curveData is one curve: x values d and y values.
type curveData struct{ d, y []float64 }

// entropyTheory computes the local-entropy curves at one point.
type entropyTheory interface {
	Step(budget time.Duration) (bool, error)
	Progress() float64
	Curves() (typical, flat curveData)
	Note() string // e.g. "flat-minima curve non-monotone: dense region broken up"
	Close()
}

type rfEntropy struct{ *rf.EntropyCurves }

// entropySmallestD is the smallest distance of the curves (rf local-entropy's -d-min).
const entropySmallestD = 0.004

func newEntropyTheory(m rf.Model, alpha, alphaD float64) (entropyTheory, error) {
	e, err := rf.NewEntropyCurves(m, alpha, alphaD, entropySmallestD)
	if err != nil {
		return nil, err
	}
	return rfEntropy{e}, nil
}

func toCurve(ps []rf.LocalEntropyPoint) curveData {
	var c curveData
	for _, p := range ps {
		c.d, c.y = append(c.d, p.D), append(c.y, p.Entropy)
	}
	return c
}

func (e rfEntropy) Curves() (typical, flat curveData) {
	f, _, _ := e.Flat()
	return toCurve(e.Typical()), toCurve(f)
}

func (e rfEntropy) Note() string {
	f, kappa, non := e.Flat()
	note := ""
	switch {
	case len(f) == 0:
	case non:
		note = fmt.Sprintf("flat-minima curve (κ_{max} = %.3f) is non-monotone in d: the dense region has broken up (α above α_{LE})", kappa)
	case e.Progress() >= 1:
		note = fmt.Sprintf("flat-minima curve (κ_{max} = %.3f) is monotone: a dense flat region surrounds it (α below α_{LE})", kappa)
	}
	if t := e.Typical(); e.TypicalErr() != nil && len(t) > 0 {
		note += fmt.Sprintf(". The typical-reference curve stops at d = %.3g (its continuation ended there)", t[len(t)-1].D)
	}
	return note
}

// generalizationTheory computes eps_typical, eps_bayes, eps_flat over alpha at fixed alpha_T = P/D.
type generalizationTheory interface {
	Step(budget time.Duration) (bool, error)
	Progress() float64
	// Points: NaN errors where a point has no value; a solver failure has
	// interpolating false and failed true.
	Points() (alpha, epsTypical, epsBayes, epsFlat []float64, interpolating, failed []bool)
	// Failures counts the points so far without zero-error solutions and
	// those where the solver failed, with the first failure's reason.
	Failures() (noSolutions, failed int, firstFailure string)
	Close()
}

type rfGeneralization struct{ *rf.Generalization }

// The generalization theory's N/P grid: log-spaced, as rf generalization's
// -n-over-p-min, -n-over-p-max and -points.
const (
	generalizationGridMin    = 0.35
	generalizationGridMax    = 10.0
	generalizationGridPoints = 16
)

func newGeneralizationTheory(m rf.Model, alphaT float64) (generalizationTheory, error) {
	// from the most overparameterized end down, so the curves grow from where solutions exist
	grid := rf.LogGrid(generalizationGridMin, generalizationGridMax, generalizationGridPoints)
	for i, j := 0, len(grid)-1; i < j; i, j = i+1, j-1 {
		grid[i], grid[j] = grid[j], grid[i]
	}
	g, err := rf.NewGeneralization(m, alphaT, grid)
	if err != nil {
		return nil, err
	}
	return rfGeneralization{g}, nil
}

// Points returns alpha = 1/(N/P) and the three errors (NaN where there are
// no zero-error solutions or the point did not converge).
func (g rfGeneralization) Points() (alpha, et, eb, ef []float64, interp, failed []bool) {
	for _, p := range g.Generalization.Points() {
		alpha = append(alpha, p.Alpha)
		interp = append(interp, p.Interpolating)
		failed = append(failed, p.Err != nil)
		t, b, f := math.NaN(), math.NaN(), math.NaN()
		if p.Interpolating {
			t, b = p.EpsTypical, p.EpsBayes
			if p.Err == nil {
				f = p.EpsFlat
			}
		}
		et, eb, ef = append(et, t), append(eb, b), append(ef, f)
	}
	return
}

func (g rfGeneralization) Failures() (noSolutions, failed int, first string) {
	for _, p := range g.Generalization.Points() {
		switch {
		case p.Err != nil:
			if failed == 0 {
				first = p.Reason
			}
			failed++
		case !p.Interpolating:
			noSolutions++
		}
	}
	return
}
