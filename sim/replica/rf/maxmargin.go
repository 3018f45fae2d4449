package rf

import (
	"fmt"
	"math"
)

// MaxMarginReference returns the flat-minima reference ensemble at
// (alpha, alpha_D): solutions with the largest margin kappa_max for which
// they still exist, i.e. phi(alpha, alpha_D; kappa_max) = 0 (eq. (11) with
// kappa). Only defined for alpha < alpha_c (kappa_max > 0).
func (m Model) MaxMarginReference(alpha, alphaD float64) (Reference, error) {
	mk := m
	mk.Kappa = 0
	lo, err := mk.SolveTypical(alpha, alphaD, nil)
	if err != nil {
		return Reference{}, err
	}
	return m.maxMarginFrom(alpha, alphaD, lo)
}

// maxMarginFrom marches in kappa from the typical saddle t at (alpha,
// alphaD) (kappa = 0, already solved) by 0.1, smaller near phi = 0, until
// phi < 0, then refines kappa_max (|phi| < 1e-10). The generalization curve
// calls it with its own warm-started saddle. Larger first steps, sized by
// the previous point's kappa_max, were tried: Newton then fails far from
// the start and the failures cost ten times the march.
func (m Model) maxMarginFrom(alpha, alphaD float64, t Typical) (Reference, error) {
	if t.Phi <= 0 {
		return Reference{}, fmt.Errorf("rf: no positive-margin reference at %s: alpha is above the interpolation threshold", m.point(alpha, alphaD))
	}
	mk := m
	lo, klo, step := t, 0.0, 0.1
	for {
		k := klo + step
		mk.Kappa = k
		t, err := mk.SolveTypical(alpha, alphaD, &lo)
		if err != nil {
			step *= 0.5
			if step < 1e-4 {
				return Reference{}, err
			}
			continue
		}
		if t.Phi < 0 {
			return m.refineMaxMargin(alpha, alphaD, klo, k, lo, t)
		}
		klo, lo = k, t
		if t.Phi < 0.05 {
			step = math.Max(0.01, math.Min(step, 0.5*t.Phi))
		}
		if k > 20 {
			return Reference{}, notConverged("maximal margin (no sign change)", m.point(alpha, alphaD), 0)
		}
	}
}

// refineMaxMargin finds phi(kappa) = 0 between klo (phi > 0) and khi
// (phi < 0): by Newton's method from the end with the smaller |phi|
// (maxMarginNewton, kept inside the bracket), else by the Illinois variant
// of regula falsi.
func (m Model) refineMaxMargin(alpha, alphaD, klo, khi float64, lo, hi Typical) (Reference, error) {
	k0, t0 := klo, lo
	if -hi.Phi < lo.Phi {
		k0, t0 = khi, hi
	}
	if r, ok := m.maxMarginNewton(alpha, alphaD, k0, t0, klo, khi); ok {
		return r, nil
	}
	mk := m
	flo, fhi := lo.Phi, hi.Phi
	side := 0
	for it := 0; it < 80; it++ {
		k := (klo*fhi - khi*flo) / (fhi - flo)
		if !(k > klo && k < khi) {
			k = 0.5 * (klo + khi)
		}
		mk.Kappa = k
		init := lo
		if k-klo > khi-k {
			init = hi
		}
		t, err := mk.SolveTypical(alpha, alphaD, &init)
		if err != nil {
			return Reference{}, err
		}
		if math.Abs(t.Phi) < 1e-10 || khi-klo < 1e-11 {
			return Reference{Kappa: k, Typ: t}, nil
		}
		if t.Phi > 0 {
			klo, lo, flo = k, t, t.Phi
			if side == 1 {
				fhi *= 0.5
			}
			side = 1
		} else {
			khi, hi, fhi = k, t, t.Phi
			if side == -1 {
				flo *= 0.5
			}
			side = -1
		}
	}
	return Reference{}, notConverged("maximal margin refinement", m.point(alpha, alphaD), 0)
}

// maxMarginNear is MaxMarginReference warm-started from the reference of a
// nearby load (the alpha_LE search probes loads 0.002-0.05 apart): it
// solves at the hint's margin from the hint's saddle point and goes on by
// Newton's method in the margin (maxMarginNewton); if that fails it steps
// the margin by 0.05 until phi changes sign and refines kappa_max as
// MaxMarginReference does; on any failure it falls back to
// MaxMarginReference from scratch. The result is the same root (|phi| <
// 1e-10) without the continuation in alpha from 0 and in kappa from 0.
// A hint with kappa = 0 (the interpolation threshold's saddle, say) only
// warm-starts the typical saddle that the march in kappa starts from.
func (m Model) maxMarginNear(alpha, alphaD float64, hint *Reference) (Reference, error) {
	if hint == nil || !(hint.Kappa >= 0) || !(hint.Typ.Q > 0) {
		return m.MaxMarginReference(alpha, alphaD)
	}
	if hint.Kappa == 0 {
		mk := m
		mk.Kappa = 0
		if t, err := mk.SolveTypical(alpha, alphaD, &hint.Typ); err == nil {
			if r, err := m.maxMarginFrom(alpha, alphaD, t); err == nil {
				return r, nil
			}
		}
		return m.MaxMarginReference(alpha, alphaD)
	}
	mk := m
	mk.Kappa = hint.Kappa
	t, err := mk.SolveTypical(alpha, alphaD, &hint.Typ)
	if err != nil {
		return m.MaxMarginReference(alpha, alphaD)
	}
	if r, ok := m.maxMarginNewton(alpha, alphaD, hint.Kappa, t, hint.Kappa-0.05, hint.Kappa+0.05); ok {
		return r, nil
	}
	k, step := hint.Kappa, 0.05
	if t.Phi < 0 {
		step = -step
	}
	for it := 0; it < 40; it++ {
		kn := k + step
		if kn <= 0 {
			break
		}
		mk.Kappa = kn
		tn, err := mk.SolveTypical(alpha, alphaD, &t)
		if err != nil {
			break
		}
		if (tn.Phi < 0) != (t.Phi < 0) {
			lo, hi, klo, khi := t, tn, k, kn
			if step < 0 {
				lo, hi, klo, khi = tn, t, kn, k
			}
			if r, err := m.refineMaxMargin(alpha, alphaD, klo, khi, lo, hi); err == nil {
				return r, nil
			}
			break
		}
		k, t = kn, tn
	}
	return m.MaxMarginReference(alpha, alphaD)
}

// maxMarginNewton refines kappa_max from the typical saddle t at margin k
// by Newton's method in kappa: by the envelope theorem dphi/dkappa = alpha
// dG_E/dkappa at the saddle's overlaps (eq. (5); a central difference of
// the energy, no saddle solve), so each step costs one warm-started saddle.
// Between loads 0.002-0.05 apart kappa_max moves by ~1e-3-1e-2 and two or
// three steps reach |phi| < 1e-10 (the Illinois refinement takes 5-6
// saddles after its bracketing step). ok is false when a step leaves
// (kmin, kmax) or kappa <= 0, a saddle fails or 6 steps do not converge.
func (m Model) maxMarginNewton(alpha, alphaD, k float64, t Typical, kmin, kmax float64) (Reference, bool) {
	k1, ks := m.coef()
	mk := m
	for it := 0; it < 6; it++ {
		if math.Abs(t.Phi) < 1e-10 {
			return Reference{Kappa: k, Typ: t}, true
		}
		Qd, Q, M := effective(k1, ks, t.PD, t.P, t.Q, t.R)
		const h = 1e-6
		gp, _, _, _, ok1 := energy(m.Labels, k+h, Qd, Q, M)
		gm, _, _, _, ok2 := energy(m.Labels, k-h, Qd, Q, M)
		slope := alpha * (gp - gm) / (2 * h)
		if !ok1 || !ok2 || !(slope < 0) {
			return Reference{}, false
		}
		kn := k - t.Phi/slope
		if !(kn > 0) || !(kn > kmin && kn < kmax) {
			return Reference{}, false
		}
		mk.Kappa = kn
		tn, err := mk.SolveTypical(alpha, alphaD, &t)
		if err != nil {
			return Reference{}, false
		}
		k, t = kn, tn
	}
	return Reference{}, false
}
