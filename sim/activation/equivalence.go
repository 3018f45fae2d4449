package activation

import (
	"math"

	"flatland/sim/gauss"
)

// Coefficients are the Gaussian-equivalence coefficients of an activation:
// sigma(z) ~ K0 + K1 z + KStar eta with z, eta independent standard
// Gaussians, K0 = E sigma(z), K1 = E z sigma(z),
// KStar^2 = E sigma^2 - K0^2 - K1^2 (sim/replica/rf/DERIVATION.md eq. (3) uses K1 and
// KStar; the features are centred, so K0 enters nothing else).
type Coefficients struct {
	K0, K1, KStar float64
}

// GaussianEquivalence computes a's coefficients from its Eval by quadrature
// (closed forms, where they exist, serve only as test checks); NaN
// coefficients for an unknown activation.
func (a Activation) GaussianEquivalence() Coefficients {
	if !a.Valid() {
		nan := math.NaN()
		return Coefficients{nan, nan, nan}
	}
	eval := table[a].Eval
	var m0, m1, m2 float64
	for i, z := range coefNodes {
		s := eval(z)
		w := coefWeights[i]
		m0 += w * s
		m1 += w * z * s
		m2 += w * s * s
	}
	ks2 := m2 - m0*m0 - m1*m1
	if ks2 < 0 {
		ks2 = 0
	}
	return Coefficients{K0: m0, K1: m1, KStar: math.Sqrt(ks2)}
}

// coefNodes, coefWeights: averages over Dz on [-12, 12] (neglected mass
// 2 H(12) ~ 4e-33) by 8-point Gauss-Legendre panels of width 1/4, with a
// panel edge at the kink z = 0 of sign and ReLU; the weights include the
// density G(z) and are renormalized to sum to 1.
var coefNodes, coefWeights = kinkSplitRule(12, 0.25)

func kinkSplitRule(zmax, width float64) (z, w []float64) {
	x, xw := gauss.GaussLegendre(8)
	for _, edges := range [][2]float64{{-zmax, 0}, {0, zmax}} {
		a, b := edges[0], edges[1]
		np := int(math.Ceil((b - a) / width))
		h := (b - a) / float64(np)
		for k := 0; k < np; k++ {
			lo := a + float64(k)*h
			for j := range x {
				zj := lo + 0.5*h*(x[j]+1)
				z = append(z, zj)
				w = append(w, 0.5*h*xw[j]*gauss.G(zj))
			}
		}
	}
	var s float64
	for _, v := range w {
		s += v
	}
	for i := range w {
		w[i] /= s
	}
	return z, w
}
