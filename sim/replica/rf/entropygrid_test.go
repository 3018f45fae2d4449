package rf

import (
	"errors"
	"math"
	"os"
	"testing"
	"time"
)

// The entropy figure's parameter range: alpha in [0.02, 3], alpha_D in
// [0.05, 10] (the front end's parameter table; wasm/state's tests check that
// it still says so).
const (
	figureAlphaMin, figureAlphaMax   = 0.02, 3.0
	figureAlphaDMin, figureAlphaDMax = 0.05, 10.0
)

// entropyOutcome runs the entropy figure's theory path at one point:
// NewEntropyCurves(m, alpha, alphaD, 0.004) stepped to the end.
func entropyOutcome(t *testing.T, m Model, alpha, alphaD float64) (*EntropyCurves, error) {
	t.Helper()
	e, err := NewEntropyCurves(m, alpha, alphaD, 0.004)
	if err != nil {
		t.Fatalf("alpha=%g alpha_D=%g: %v", alpha, alphaD, err)
	}
	for {
		done, err := e.Step(time.Second)
		if err != nil {
			return e, err
		}
		if done {
			return e, nil
		}
	}
}

// checkEntropyPoint asserts that a point either yields curves (finite, below
// the bound H2(d) up to the quadrature tolerance of fpSystem.physical) or
// ends with one of the documented reasons: ErrAboveInterpolation (at or
// above the stored alpha_c) or a StartError for the sharp maximal-margin
// reference at the smallest loads (alpha <= sharpRefAlpha).
func checkEntropyPoint(t *testing.T, m Model, alpha, alphaD float64) bool {
	t.Helper()
	const boundTol, sharpRefAlpha = 2e-3, 0.05
	e, err := entropyOutcome(t, m, alpha, alphaD)
	name := m.Act.String() + "/" + m.Labels.String()
	table, _ := StoredDiagram(m)
	alphaC := math.NaN()
	for i := 0; i+1 < len(table); i++ {
		if a, b := table[i], table[i+1]; alphaD >= a.AlphaD && alphaD <= b.AlphaD {
			alphaC = a.AlphaC + (b.AlphaC-a.AlphaC)*(alphaD-a.AlphaD)/(b.AlphaD-a.AlphaD)
		}
	}
	var se *StartError
	switch {
	case err == nil:
		typ, flat := e.Typical(), e.Flat
		fl, _, _ := flat()
		if len(typ) == 0 || len(fl) == 0 {
			t.Errorf("%s alpha=%g alpha_D=%g: no error but %d typical and %d flat points", name, alpha, alphaD, len(typ), len(fl))
			return false
		}
		for _, c := range [][]LocalEntropyPoint{typ, fl} {
			for _, p := range c {
				if bad := math.IsNaN(p.Entropy) || math.IsInf(p.Entropy, 0) || !(p.D > 0 && p.D < 0.5); bad || p.Entropy > H2(p.D)+boundTol {
					t.Errorf("%s alpha=%g alpha_D=%g: point d=%g S=%g (H2=%g)", name, alpha, alphaD, p.D, p.Entropy, H2(p.D))
					return false
				}
			}
		}
		if !(alpha < alphaC+0.01) {
			t.Errorf("%s alpha=%g alpha_D=%g: curves above the stored alpha_c=%g", name, alpha, alphaD, alphaC)
		}
		t.Logf("%s alpha=%g alpha_D=%g: %d typical points (to d=%.4f), %d flat points (to d=%.4f)", name, alpha, alphaD, len(typ), typ[len(typ)-1].D, len(fl), fl[len(fl)-1].D)
		return true
	case errors.Is(err, ErrAboveInterpolation):
		if !(alpha > alphaC-0.01) {
			t.Errorf("%s alpha=%g alpha_D=%g: said above alpha_c but the stored alpha_c is %g: %v", name, alpha, alphaD, alphaC, err)
			return false
		}
		t.Logf("%s alpha=%g alpha_D=%g: reason: %v", name, alpha, alphaD, err)
		return true
	case errors.As(err, &se) && alpha <= sharpRefAlpha:
		t.Logf("%s alpha=%g alpha_D=%g: reason (sharp reference): %v", name, alpha, alphaD, err)
		return true
	}
	t.Errorf("%s alpha=%g alpha_D=%g: %v", name, alpha, alphaD, err)
	return false
}

// The entropy figure's theory path gives curves or a specific reason over
// the figure's parameter range:
// a small grid always (the point alpha = 1.3, alpha_D = 0.2 between
// alpha_LE and alpha_c stalled the start of both curves), the full grid
// (6 alpha_D x 7 alpha x 2 models, ~2 min natively) with RF_ENTROPY_GRID=full.
func TestEntropyFigureGrid(t *testing.T) {
	type point struct {
		m             Model
		alpha, alphaD float64
	}
	signT, reluR := Model{Act: Sign, Labels: Teacher}, Model{Act: ReLU, Labels: Random}
	pts := []point{
		{signT, 1.3, 0.2},             // between alpha_LE = 1.18 and alpha_c = 1.46
		{signT, 0.3, figureAlphaDMin}, // overparameterized end
		{signT, figureAlphaMax, 1.2},  // above alpha_c: the reason
		{reluR, 0.7, 0.2},             // non-monotone flat curve
	}
	if os.Getenv("RF_ENTROPY_GRID") == "full" {
		pts = nil
		for _, m := range []Model{signT, reluR} {
			for _, ad := range LogGrid(figureAlphaDMin, figureAlphaDMax, 6) {
				for _, a := range []float64{figureAlphaMin, 0.3, 0.7, 1.0, 1.3, 2.0, figureAlphaMax} {
					pts = append(pts, point{m, a, ad})
				}
			}
		}
	} else {
		t.Log("small grid; set RF_ENTROPY_GRID=full for the full grid over the parameter range")
	}
	ok := 0
	for _, p := range pts {
		if checkEntropyPoint(t, p.m, p.alpha, p.alphaD) {
			ok++
		}
	}
	t.Logf("%d of %d points gave curves or a documented reason", ok, len(pts))
}
