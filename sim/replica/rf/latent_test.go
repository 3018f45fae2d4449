package rf

import (
	"math"
	"math/cmplx"
	"testing"

	"flatland/sim/gauss"
)

// The structured-matrix latent term must reproduce the closed form S_lat of
// eq. (4) for the references (d/dn at n = 0), and, for constrained replicas
// that are just further references, give the same value again (d/ds at s = 0).
func TestLatentStructuredMatchesClosedForm(t *testing.T) {
	cases := []struct{ q, pd, p, r float64 }{
		{0.3, 1.0, 0.3, 0},
		{0.5, 0.9, 0.55, 0.2},
		{0.7, 1.3, 1.1, 0.6},
		{0.1, 0.4, 0.05, 0.01},
	}
	for _, c := range cases {
		want, _, _, _, _, ok := latentTerm(c.q, c.pd, c.p, c.r)
		if !ok {
			t.Fatalf("closed form failed at %+v", c)
		}
		x := fpLatent{q0: c.q, q1: c.q, S: c.q, T: c.q, pd0: c.pd, p0: c.p, pd1: c.pd, p1: c.p, t: c.p, tau: c.p, r0: c.r, r1: c.r}
		if got := x.reference(); math.Abs(got-want) > 1e-12 {
			t.Errorf("%+v: d/dn L = %.15g, closed form %.15g", c, got, want)
		}
		got, ok := x.constrained()
		if !ok || math.Abs(got-want) > 1e-12 {
			t.Errorf("%+v: d/ds L = %.15g, closed form %.15g", c, got, want)
		}
	}
}

func TestRules(t *testing.T) {
	h := hermiteRule(20)
	var m0, m2, m4 float64
	for i, z := range h.z {
		m0 += h.w[i]
		m2 += h.w[i] * z * z
		m4 += h.w[i] * z * z * z * z
	}
	if math.Abs(m0-1) > 1e-13 || math.Abs(m2-1) > 1e-12 || math.Abs(m4-3) > 1e-11 {
		t.Errorf("hermite moments %g %g %g", m0, m2, m4)
	}
	for _, xs := range []float64{-10, -1, 0, 0.5, 3, 12} {
		r := truncRule(xs, newLegendre(6))
		var m float64
		for i, x := range r.z {
			m += r.w[i] * x
		}
		want := gauss.GOverH(xs) // E[x | x > xs] = G(xs)/H(xs)
		if math.Abs(m-want) > 1e-6*math.Max(1, want) {
			t.Errorf("truncated mean at %g: %g want %g", xs, m, want)
		}
	}
}

// clog (plain-Go complex logarithm) against math/cmplx, including the
// complex-step regime (tiny imaginary part) and both signs of the real part.
func TestComplexLog(t *testing.T) {
	for _, z := range []complex128{1, 2 + 1e-20i, 0.3 - 1e-20i, -0.5 + 1e-20i, 3 + 4i, -1e-3 - 2i, 1e-300 + 1e-300i} {
		got, want := clog(z), cmplx.Log(z)
		if cmplx.Abs(got-want) > 1e-15*math.Max(1, cmplx.Abs(want)) {
			t.Errorf("clog(%v) = %v, cmplx.Log %v", z, got, want)
		}
	}
}

// The dual-number derivative of the constrained latent term against the
// complex step through the full structured value, on points of the
// physical domain (overlaps below self-overlaps) and on the cases above.
func TestLatentDualMatchesComplexStep(t *testing.T) {
	frac := func(k, i int) float64 { return math.Mod(float64(k*7919+i*104729)*0.6180339887498949, 1) }
	for k := 0; k < 2000; k++ {
		q0, q1 := 0.1+0.8*frac(k, 1), 0.1+0.8*frac(k, 2)
		S := q0 * (0.5 + 0.5*frac(k, 3))
		pd0, pd1 := 1+frac(k, 5), 1+frac(k, 7)
		p0, p1 := pd0*(0.2+0.7*frac(k, 6)), pd1*(0.2+0.7*frac(k, 8))
		tt := p1 * frac(k, 9)
		x := fpLatent{q0: q0, q1: q1, S: S, T: S * frac(k, 4), pd0: pd0, p0: p0, pd1: pd1, p1: p1,
			t: tt, tau: tt * frac(k, 10), r0: 0.3 * frac(k, 11), r1: 0.3 * frac(k, 12)}
		want := x.constrainedComplexStep()
		got, ok := x.constrained()
		if !ok || math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
			t.Fatalf("%+v: dual %.17g, complex step %.17g", x, got, want)
		}
	}
}
