package rf

import (
	"fmt"
	"math"
)

// Activation is the fixed first-layer nonlinearity sigma of the random
// features v_i = sigma(F_i . xi / sqrt D) (DERIVATION.md, Model).
type Activation int

const (
	Sign Activation = iota // sigma(z) = sign(z)
	ReLU                   // sigma(z) = max(0, z)
	Tanh                   // sigma(z) = tanh(z)
	Erf                    // sigma(z) = erf(z)
)

// Activations lists every activation in CLI order.
var Activations = []Activation{Sign, ReLU, Tanh, Erf}

func (a Activation) String() string {
	switch a {
	case Sign:
		return "sign"
	case ReLU:
		return "relu"
	case Tanh:
		return "tanh"
	case Erf:
		return "erf"
	}
	return fmt.Sprintf("Activation(%d)", int(a))
}

// ParseActivation maps "sign", "relu", "tanh", "erf" to an Activation.
func ParseActivation(s string) (Activation, error) {
	for _, a := range Activations {
		if a.String() == s {
			return a, nil
		}
	}
	return 0, fmt.Errorf("unknown activation %q (want sign, relu, tanh or erf)", s)
}

// Eval returns sigma(z).
func (a Activation) Eval(z float64) float64 {
	switch a {
	case Sign:
		if z > 0 {
			return 1
		} else if z < 0 {
			return -1
		}
		return 0
	case ReLU:
		return math.Max(0, z)
	case Tanh:
		return tanh(z)
	case Erf:
		return erf(z)
	}
	panic("rf: unknown activation")
}

// Coefficients are the Gaussian-equivalence coefficients of an activation:
// sigma(z) ~ K0 + K1 z + KStar eta with z, eta independent standard Gaussians,
// K0 = E sigma(z), K1 = E z sigma(z), KStar^2 = E sigma^2 - K0^2 - K1^2.
type Coefficients struct {
	K0, K1, KStar float64
}

// coefRule splits at the kink z = 0 of sign and ReLU.
var coefRule = gaussRule(12, 0.25, 0)

// GaussianEquivalence computes the coefficients of a by quadrature (the
// closed forms for sign, ReLU and erf are used only in tests, as checks).
// The model centres the features (subtracts K0), so K0 enters nothing else.
func (a Activation) GaussianEquivalence() Coefficients {
	var m0, m1, m2 float64
	for i, z := range coefRule.z {
		s := a.Eval(z)
		w := coefRule.w[i]
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
