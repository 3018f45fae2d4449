package rf

import (
	"fmt"
	"math"
)

// InterpolationThreshold returns alpha_c(alpha_D), the load where the typical
// free entropy phi vanishes (eq. (11)): below it zero-error solutions
// exist (SAT), above it they do not. It continues the typical saddle point
// in alpha from alpha -> 0 (so it stays on the branch connected to the
// trivial solution), brackets the sign change of phi and refines it by the
// Illinois variant of regula falsi to |phi| < 1e-10. The returned Typical is
// the saddle point at alpha_c.
func (m Model) InterpolationThreshold(alphaD float64) (Typical, error) {
	return m.interpolationFrom(alphaD, nil)
}

// interpolationFrom starts the continuation from a previous solution
// (e.g. the threshold at a neighbouring alpha_D) when start is not nil.
func (m Model) interpolationFrom(alphaD float64, start *Typical) (Typical, error) {
	if !(alphaD > 0) || math.IsInf(alphaD, 0) {
		return Typical{}, fmt.Errorf("rf: alpha_D must be positive and finite (got %g)", alphaD)
	}
	if err := m.check(); err != nil {
		return Typical{}, err
	}
	var lo Typical
	var err error
	a := 0.05
	if start != nil && start.Alpha > 0 {
		// back off from the neighbour's threshold and re-solve there
		a = 0.9 * start.Alpha
		lo, err = m.SolveTypical(a, alphaD, start)
		if err != nil || lo.Phi <= 0 {
			a = 0.05
			lo, err = m.SolveTypical(a, alphaD, nil)
		}
	} else {
		lo, err = m.SolveTypical(a, alphaD, nil)
	}
	if err != nil {
		return Typical{}, err
	}
	if lo.Phi <= 0 {
		return Typical{}, notConverged("interpolation threshold (phi <= 0 already at the start)", m.point(a, alphaD), 0)
	}
	// march up until phi < 0
	var hi Typical
	for {
		step := math.Max(0.02, 0.08*lo.Alpha)
		if lo.Phi < 0.05 {
			step = math.Max(0.005, math.Min(step, 1.5*lo.Phi))
		}
		next := lo.Alpha + step
		if next > 200 {
			return Typical{}, notConverged("interpolation threshold (no sign change of phi up to alpha=200)", m.point(next, alphaD), 0)
		}
		t, err := m.SolveTypical(next, alphaD, &lo)
		if err != nil {
			return Typical{}, err
		}
		if t.Phi < 0 {
			hi = t
			break
		}
		lo = t
	}
	return m.refinePhiRoot(alphaD, lo, hi)
}

// storedSeedWidth is the relative half-width of the bracket around a
// stored alpha_c (the tables print 16 digits; the bracket only has to hold
// the root, which the refinement then finds as from scratch).
const storedSeedWidth = 1e-3

// interpolationNear finds alpha_c from a predicted value instead of
// marching up from alpha = 0.05: the typical saddle is continued from
// alpha -> 0 (SolveTypical, as from scratch) to just below predicted, phi
// must be positive there and negative just above, and refinePhiRoot
// finds the root in that bracket. phi falls strictly with alpha along the
// branch (dphi/dalpha = G < 0, the energy term at the saddle), so a
// verified bracket holds the one root the march would find; the two
// results differ by the refinement's tolerance (|phi| < 1e-10). ok is
// false when the bracket does not verify (the caller computes from
// scratch).
func (m Model) interpolationNear(alphaD, predicted float64) (t Typical, ok bool) {
	if !(predicted > 0) || math.IsInf(predicted, 0) {
		return Typical{}, false
	}
	lo, err := m.SolveTypical(predicted*(1-storedSeedWidth), alphaD, nil)
	if err != nil || !(lo.Phi > 0) {
		return Typical{}, false
	}
	hi, err := m.SolveTypical(predicted*(1+storedSeedWidth), alphaD, &lo)
	if err != nil || !(hi.Phi < 0) {
		return Typical{}, false
	}
	t, err = m.refinePhiRoot(alphaD, lo, hi)
	return t, err == nil
}

// storedAlphaC is alpha_c of m's stored diagram when alphaD is one of its
// grid points (to rounding), else ok is false.
func storedAlphaC(m Model, alphaD float64) (float64, bool) {
	pts, ok := StoredDiagram(m)
	if !ok {
		return 0, false
	}
	for _, p := range pts {
		if math.Abs(p.AlphaD-alphaD) <= 1e-12*alphaD && p.AlphaC > 0 {
			return p.AlphaC, true
		}
	}
	return 0, false
}

// refinePhiRoot finds phi(alpha) = 0 between lo (phi > 0) and hi (phi < 0).
func (m Model) refinePhiRoot(alphaD float64, lo, hi Typical) (Typical, error) {
	flo, fhi := lo.Phi, hi.Phi
	side := 0
	for it := 0; it < 60; it++ {
		a := (lo.Alpha*fhi - hi.Alpha*flo) / (fhi - flo)
		if !(a > lo.Alpha && a < hi.Alpha) {
			a = 0.5 * (lo.Alpha + hi.Alpha)
		}
		init := lo
		if a-lo.Alpha > hi.Alpha-a {
			init = hi
		}
		t, err := m.SolveTypical(a, alphaD, &init)
		if err != nil {
			return Typical{}, err
		}
		if math.Abs(t.Phi) < 1e-10 || hi.Alpha-lo.Alpha < 1e-10 {
			return t, nil
		}
		if t.Phi > 0 {
			lo, flo = t, t.Phi
			if side == 1 {
				fhi *= 0.5
			}
			side = 1
		} else {
			hi, fhi = t, t.Phi
			if side == -1 {
				flo *= 0.5
			}
			side = -1
		}
	}
	return Typical{}, notConverged("interpolation threshold refinement", m.point(0.5*(lo.Alpha+hi.Alpha), alphaD), 0)
}
