package rf

import "flatland/sim/activation"

// Activation is the fixed first-layer nonlinearity sigma of the random
// features v_i = sigma(F_i . xi / sqrt D) (DERIVATION.md, Model): the one
// definition in sim/activation, shared with the data generator, so theory
// and simulation evaluate the same function.
type Activation = activation.Activation

// The activations, as in sim/activation.
const (
	Sign = activation.Sign // sigma(z) = sign(z)
	ReLU = activation.ReLU // sigma(z) = max(0, z)
	Tanh = activation.Tanh // sigma(z) = tanh(z)
	Erf  = activation.Erf  // sigma(z) = erf(z)
)

// Activations lists every activation in CLI order.
var Activations = activation.All()

// ParseActivation maps "sign", "relu", "tanh", "erf" to an Activation.
func ParseActivation(s string) (Activation, error) { return activation.Parse(s) }

// Coefficients are the Gaussian-equivalence coefficients K0, K1, KStar of
// eq. (3), computed by Activation.GaussianEquivalence from the activation's
// definition by quadrature.
type Coefficients = activation.Coefficients
