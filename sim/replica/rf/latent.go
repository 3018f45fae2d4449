package rf

import (
	"math"

	"flatland/sim/detmath"
)

// This file computes the latent-space term for overlap matrices with the
// Franz-Parisi structure (n reference replicas, s constrained replicas tied
// to reference 1), DERIVATION.md eqs. (12)-(15):
//
//   L(n, s) = 1/2 ln det(P - R R^T) - 1/2 Tr(C^-1 P) - 1/2 ln det C + (n+s)/2,
//
// the log-density per D of the empirical Gram matrix P (and teacher overlaps
// R) of Gaussian latent vectors whose replica covariance is the weight
// overlap matrix C. Matrices of this structure form an algebra whose
// spectrum is (a0-b0) with multiplicity n-2, (a1-b1) with multiplicity s-1,
// and the three eigenvalues of a 3x3 block; everything is therefore an
// explicit function of real n and s, and the constrained-replica term
// d/ds L(0, s) at s = 0 is taken by a complex step (exact to rounding).

// fpMatrix is a matrix with the Franz-Parisi block structure: reference
// diagonal a0 and off-diagonal b0; constrained diagonal a1 and off-diagonal
// b1; constrained-reference-1 entries c; constrained-other-reference e.
type fpMatrix struct {
	a0, b0, a1, b1, c, e float64
}

// block3 is the matrix of the structure restricted to span{e_1, sum of the
// other references, sum of the constrained}, in that (non-orthonormal) basis.
func (m fpMatrix) block3(n, s complex128) [3][3]complex128 {
	a0, b0, a1, b1 := complex(m.a0, 0), complex(m.b0, 0), complex(m.a1, 0), complex(m.b1, 0)
	c, e := complex(m.c, 0), complex(m.e, 0)
	return [3][3]complex128{
		{a0, (n - 1) * b0, s * c},
		{b0, a0 + (n-2)*b0, s * e},
		{c, (n - 1) * e, a1 + (s-1)*b1},
	}
}

func det3(k [3][3]complex128) complex128 {
	return k[0][0]*(k[1][1]*k[2][2]-k[1][2]*k[2][1]) -
		k[0][1]*(k[1][0]*k[2][2]-k[1][2]*k[2][0]) +
		k[0][2]*(k[1][0]*k[2][1]-k[1][1]*k[2][0])
}

func inv3(k [3][3]complex128) [3][3]complex128 {
	d := det3(k)
	var r [3][3]complex128
	r[0][0] = (k[1][1]*k[2][2] - k[1][2]*k[2][1]) / d
	r[0][1] = (k[0][2]*k[2][1] - k[0][1]*k[2][2]) / d
	r[0][2] = (k[0][1]*k[1][2] - k[0][2]*k[1][1]) / d
	r[1][0] = (k[1][2]*k[2][0] - k[1][0]*k[2][2]) / d
	r[1][1] = (k[0][0]*k[2][2] - k[0][2]*k[2][0]) / d
	r[1][2] = (k[0][2]*k[1][0] - k[0][0]*k[1][2]) / d
	r[2][0] = (k[1][0]*k[2][1] - k[1][1]*k[2][0]) / d
	r[2][1] = (k[0][1]*k[2][0] - k[0][0]*k[2][1]) / d
	r[2][2] = (k[0][0]*k[1][1] - k[0][1]*k[1][0]) / d
	return r
}

// logDet is ln det of the (n+s)-dimensional structured matrix.
func (m fpMatrix) logDet(n, s complex128) complex128 {
	return (n-2)*complex(detmath.Log(m.a0-m.b0), 0) + (s-1)*complex(detmath.Log(m.a1-m.b1), 0) +
		clog(det3(m.block3(n, s)))
}

// traceInvProd is Tr(C^-1 P) for two structured matrices C, P.
func traceInvProd(C, P fpMatrix, n, s complex128) complex128 {
	ki := inv3(C.block3(n, s))
	kp := P.block3(n, s)
	var t complex128
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			t += ki[i][j] * kp[j][i]
		}
	}
	return (n-2)*complex((P.a0-P.b0)/(C.a0-C.b0), 0) + (s-1)*complex((P.a1-P.b1)/(C.a1-C.b1), 0) + t
}

// fpLatent holds the latent-space overlaps of the Franz-Parisi computation.
type fpLatent struct {
	q0, q1, S, T     float64 // weight overlaps: ref-ref, con-con, con-own ref, con-other ref
	pd0, p0, pd1, p1 float64 // latent self and mutual overlaps of refs and constrained
	t, tau, r0, r1   float64 // latent con-own ref, con-other ref; teacher overlaps
}

func (x fpLatent) matrices() (C, PR fpMatrix) {
	C = fpMatrix{a0: 1, b0: x.q0, a1: 1, b1: x.q1, c: x.S, e: x.T}
	PR = fpMatrix{
		a0: x.pd0 - x.r0*x.r0, b0: x.p0 - x.r0*x.r0,
		a1: x.pd1 - x.r1*x.r1, b1: x.p1 - x.r1*x.r1,
		c: x.t - x.r0*x.r1, e: x.tau - x.r0*x.r1,
	}
	return C, PR
}

// value returns L(n, s) (complex arguments for the complex step).
func (x fpLatent) value(n, s complex128) complex128 {
	C, PR := x.matrices()
	P := fpMatrix{a0: x.pd0, b0: x.p0, a1: x.pd1, b1: x.p1, c: x.t, e: x.tau}
	return 0.5*PR.logDet(n, s) - 0.5*traceInvProd(C, P, n, s) - 0.5*C.logDet(n, s) + 0.5*(n+s)
}

const complexStep = 1e-20

// constrained is the Franz-Parisi latent term d/ds L(0, s) at s = 0, in
// dual numbers (constrainedDeriv): the complex step's imaginary part
// without its real parts, logarithms and complex divisions (the Newton
// Jacobian asks for ~200 of these per iteration).
func (x fpLatent) constrained() (float64, bool) {
	if !(x.pd1-x.p1 > 0) || !(1-x.q1 > 0) || !(x.pd0-x.p0 > 0) || !(1-x.q0 > 0) {
		return 0, false
	}
	v := x.constrainedDeriv()
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// constrainedComplexStep is constrained by the complex step through value
// (the cross-check of constrainedDeriv).
func (x fpLatent) constrainedComplexStep() float64 {
	return imag(x.value(0, complex(0, complexStep))) / complexStep
}

// dual is a + b eps with eps^2 = 0: the complex step a + i b h to first
// order in h, exact where the complex step is exact to rounding.
type dual struct{ v, d float64 }

func (x dual) add(y dual) dual { return dual{x.v + y.v, x.d + y.d} }
func (x dual) sub(y dual) dual { return dual{x.v - y.v, x.d - y.d} }
func (x dual) mul(y dual) dual { return dual{x.v * y.v, x.v*y.d + x.d*y.v} }

// block3Deriv is block3(0, s) as a dual number in s at s = 0.
func (m fpMatrix) block3Deriv() [3][3]dual {
	return [3][3]dual{
		{{m.a0, 0}, {-m.b0, 0}, {0, m.c}},
		{{m.b0, 0}, {m.a0 - 2*m.b0, 0}, {0, m.e}},
		{{m.c, 0}, {-m.e, 0}, {m.a1 - m.b1, m.b1}},
	}
}

func det3Dual(k *[3][3]dual) dual {
	c0 := k[1][1].mul(k[2][2]).sub(k[1][2].mul(k[2][1]))
	c1 := k[1][0].mul(k[2][2]).sub(k[1][2].mul(k[2][0]))
	c2 := k[1][0].mul(k[2][1]).sub(k[1][1].mul(k[2][0]))
	return k[0][0].mul(c0).sub(k[0][1].mul(c1)).add(k[0][2].mul(c2))
}

// logDetDeriv is d/ds ln det of the structured matrix at n = 0, s = 0:
// ln(a1 - b1) from the (s - 1)-fold eigenvalue and (det K)'/det K from the
// 3x3 block, whose determinant at s = 0 is (a0 - b0)^2 (a1 - b1) > 0.
func (m fpMatrix) logDetDeriv() float64 {
	k := m.block3Deriv()
	d := det3Dual(&k)
	return detmath.Log(m.a1-m.b1) + d.d/d.v
}

// traceInvProdDeriv is d/ds Tr(C^-1 P) at n = 0, s = 0.
func traceInvProdDeriv(C, P fpMatrix) float64 {
	k := C.block3Deriv()
	kp := P.block3Deriv()
	d := det3Dual(&k)
	// 1/det as a dual number, then the adjugate: inv3 without its divisions
	inv := dual{1 / d.v, 0}
	inv.d = -d.d * inv.v * inv.v
	var r [3][3]dual
	r[0][0] = k[1][1].mul(k[2][2]).sub(k[1][2].mul(k[2][1]))
	r[0][1] = k[0][2].mul(k[2][1]).sub(k[0][1].mul(k[2][2]))
	r[0][2] = k[0][1].mul(k[1][2]).sub(k[0][2].mul(k[1][1]))
	r[1][0] = k[1][2].mul(k[2][0]).sub(k[1][0].mul(k[2][2]))
	r[1][1] = k[0][0].mul(k[2][2]).sub(k[0][2].mul(k[2][0]))
	r[1][2] = k[0][2].mul(k[1][0]).sub(k[0][0].mul(k[1][2]))
	r[2][0] = k[1][0].mul(k[2][1]).sub(k[1][1].mul(k[2][0]))
	r[2][1] = k[0][1].mul(k[2][0]).sub(k[0][0].mul(k[2][1]))
	r[2][2] = k[0][0].mul(k[1][1]).sub(k[0][1].mul(k[1][0]))
	var t dual
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			t = t.add(r[i][j].mul(inv).mul(kp[j][i]))
		}
	}
	return (P.a1-P.b1)/(C.a1-C.b1) + t.d
}

// constrainedDeriv is d/ds L(0, s) at s = 0 (value differentiated term by
// term; the (n - 2)-fold terms do not depend on s).
func (x fpLatent) constrainedDeriv() float64 {
	C, PR := x.matrices()
	P := fpMatrix{a0: x.pd0, b0: x.p0, a1: x.pd1, b1: x.p1, c: x.t, e: x.tau}
	return 0.5*PR.logDetDeriv() - 0.5*traceInvProdDeriv(C, P) - 0.5*C.logDetDeriv() + 0.5
}

// reference is d/dn L(n, 0) at n = 0, the typical latent term S_lat: used
// to cross-check eq. (4).
func (x fpLatent) reference() float64 {
	return imag(x.value(complex(0, complexStep), 0)) / complexStep
}

// clog is the principal complex logarithm with detmath.Log (cmplx.Log goes
// through math.Log and math.Hypot, both assembly on amd64): ln|z| =
// ln a + ln(1 + (b/a)^2)/2 with a >= b the larger and smaller of |Re z|,
// |Im z|; the argument from math.Atan2 (plain Go on every port).
func clog(z complex128) complex128 {
	a, b := math.Abs(real(z)), math.Abs(imag(z))
	if a < b {
		a, b = b, a
	}
	if a == 0 {
		return complex(math.Inf(-1), math.Atan2(imag(z), real(z)))
	}
	t := b / a
	return complex(detmath.Log(a)+0.5*detmath.Log1p(t*t), math.Atan2(imag(z), real(z)))
}
