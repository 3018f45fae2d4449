package perceptron

import (
	"fmt"
	"math"

	"flatland/sim/gauss"
	"flatland/sim/saddle"
)

// panelPoints is the Gauss-Legendre order per panel used by every integral
// here; ruleRange and ruleWidth set the base panels of the one-dimensional
// rules (the neglected Gaussian mass beyond 8 is 1e-15; accuracy is checked
// against the unit-panel rule on [-10, 10] in TestRuleResolution).
const (
	panelPoints = 8
	ruleRange   = 8.0
	ruleWidth   = 2.0
)

// StoragePoint is the replica-symmetric saddle point of the binary perceptron
// storing random labels with margin Kappa at load Alpha (DERIVATION.md eq. (1)):
//
//	phi = extr_{q,qh} [ -qh(1-q)/2 + int Dz ln 2cosh(sqrt(qh) z)
//	                     + alpha int Dz ln H((kappa - sqrt(q) z)/sqrt(1-q)) ]
//
// with saddle-point equations (2)-(3) (Gardner 1988; Krauth-Mezard 1989)
//
//	q  = int Dz tanh^2(sqrt(qh) z)
//	qh = alpha/(1-q) int Dz [G(u)/H(u)]^2,   u = (kappa - sqrt(q) z)/sqrt(1-q).
//
// Replicon is the replicon (de Almeida-Thouless) eigenvalue, eq. (5),
//
//	1 - alpha int Dz (1-tanh^2(sqrt(qh) z))^2 * int Dz [d^2/dh^2 ln H((kappa-h)/sqrt(1-q))]^2 |_{h=sqrt(q) z};
//
// RS is locally stable while it is positive.
type StoragePoint struct {
	Alpha, Kappa float64
	Q, QHat      float64
	Phi          float64 // free entropy: log-number of solutions per weight (nats)
	Replicon     float64
}

// evaluator holds reusable quadrature rules; it is not safe for concurrent use.
type evaluator struct {
	ent, en gauss.Rule
	breaks  []float64
}

// rule fills r with the kink-aware rule of the one-dimensional integrals:
// panels of width ruleWidth on [-ruleRange, ruleRange] refined around kinks.
func (ev *evaluator) rule(r *gauss.Rule, kinks ...gauss.Kink) *gauss.Rule {
	ev.breaks = gauss.BreaksOn(ev.breaks[:0], ruleRange, ruleWidth, kinks...)
	r.Fill(ev.breaks, panelPoints)
	return r
}

// entropicTerms are int Dz f(sqrt(qh) z) for the entropic part of storage.
type entropicTerms struct {
	LnCosh float64 // int Dz ln 2cosh(sqrt(qh) z)
	T2     float64 // int Dz tanh^2 (= q at the saddle point)
	DT2    float64 // d T2 / d qh
	Sech4  float64 // int Dz (1-tanh^2)^2 (replicon)
}

func (ev *evaluator) entropic(qh float64) (e entropicTerms) {
	s := math.Sqrt(qh)
	r := ev.rule(&ev.ent, gauss.Kink{At: 0, Width: 1 / s})
	var zt float64
	for i, z := range r.Z {
		t, lc := gauss.TanhLog2CoshFast(s * z)
		w := r.W[i]
		c := 1 - t*t
		e.LnCosh += w * lc
		e.T2 += w * t * t
		e.Sech4 += w * c * c
		zt += w * z * t * c
	}
	e.DT2 = zt / s // d/dqh tanh^2(sqrt(qh) z) = t (1-t^2) z / sqrt(qh)
	return e
}

// energeticTerms are int Dz f(u), u = (kappa - sqrt(q) z)/sqrt(1-q), g = G/H(u).
type energeticTerms struct {
	LnH   float64 // int Dz ln H(u)
	G2    float64 // int Dz g^2
	DG2   float64 // d G2/d q
	DLnH  float64 // d LnH/d q
	DG2K  float64 // d G2/d kappa
	DLnHK float64 // d LnH/d kappa
	Curv2 float64 // int Dz [g (u - g)]^2 (replicon; g(u-g) = d^2 ln H/du^2)
}

func (ev *evaluator) energetic(q, kappa float64) (e energeticTerms) {
	sq, s1 := math.Sqrt(q), math.Sqrt(1-q)
	r := ev.rule(&ev.en, gauss.Kink{At: kappa / sq, Width: s1 / sq})
	for i, z := range r.Z {
		u := (kappa - sq*z) / s1
		lh, g := gauss.LogHG(u)
		w := r.W[i]
		du := 0.5 * (u/(1-q) - z/(sq*s1)) // d u/d q
		gp := g * (g - u)                 // d g/d u
		c := g * (u - g)
		e.LnH += w * lh
		e.G2 += w * g * g
		e.DG2 += w * 2 * g * gp * du
		e.DLnH -= w * g * du
		e.DG2K += w * 2 * g * gp
		e.DLnHK -= w * g
		e.Curv2 += w * c * c
	}
	e.DG2K /= s1
	e.DLnHK /= s1
	return e
}

func storageValid(x []float64) bool { return x[0] > 0 && x[0] < 1 && x[1] > 0 }

// storageResidual is the saddle-point residual of StoragePoint in x = (q, qh),
// eqs. (2)-(3), with its analytic Jacobian.
func (ev *evaluator) storageResidual(alpha, kappa float64) func(x, r, jac []float64) bool {
	return func(x, r, jac []float64) bool {
		if !storageValid(x) {
			return false
		}
		q, qh := x[0], x[1]
		s := ev.entropic(qh)
		e := ev.energetic(q, kappa)
		r[0] = s.T2 - q
		r[1] = alpha*e.G2/(1-q) - qh
		if jac != nil {
			jac[0], jac[1] = -1, s.DT2
			jac[2], jac[3] = alpha*(e.DG2/(1-q)+e.G2/((1-q)*(1-q))), -1
		}
		return true
	}
}

func pointName(kv ...any) string {
	s := ""
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			s += " "
		}
		s += fmt.Sprintf("%v=%.6g", kv[i], kv[i+1])
	}
	return s
}

// solveStorage finds the storage saddle point by Newton's method from guess
// (q, qh), which it overwrites with the solution.
func (ev *evaluator) solveStorage(alpha, kappa float64, guess []float64) (StoragePoint, error) {
	opt := saddle.Options{Tol: 1e-11, What: "perceptron storage saddle point", Point: pointName("alpha", alpha, "kappa", kappa), Valid: storageValid}
	if !storageValid(guess) {
		copy(guess, startGuess(alpha, kappa))
	}
	if _, err := saddle.NewtonJacobian(ev.storageResidual(alpha, kappa), guess, opt); err != nil {
		return StoragePoint{}, err
	}
	return ev.storagePoint(alpha, kappa, guess[0], guess[1]), nil
}

func (ev *evaluator) storagePoint(alpha, kappa, q, qh float64) StoragePoint {
	s := ev.entropic(qh)
	e := ev.energetic(q, kappa)
	return StoragePoint{
		Alpha: alpha, Kappa: kappa, Q: q, QHat: qh,
		Phi:      -qh*(1-q)/2 + s.LnCosh + alpha*e.LnH,
		Replicon: 1 - alpha*s.Sech4*e.Curv2/((1-q)*(1-q)),
	}
}

// StorageEnergetic returns the explicit partial derivative d phi/d alpha at
// fixed order parameters, int Dz ln H((kappa - sqrt(q) z)/sqrt(1-q)). At the
// saddle point it equals the total derivative of Phi(alpha) (envelope theorem,
// eq. (4)).
func StorageEnergetic(q, kappa float64) float64 {
	var ev evaluator
	return ev.energetic(q, kappa).LnH
}

// startGuess is a small-alpha starting point: q ~ qh ~ alpha g(kappa)^2.
func startGuess(alpha, kappa float64) []float64 {
	g := gauss.GOverH(kappa)
	qh := alpha * g * g
	return []float64{math.Min(math.Max(qh, 1e-4), 0.9), math.Max(qh, 1e-4)}
}

// Storage returns the RS saddle point at (alpha, kappa). It follows the
// branch by continuation in alpha from a small load, so it is robust but
// slower than a curve stepper (StorageCurve) for many points.
func Storage(alpha, kappa float64) (StoragePoint, error) {
	if !(alpha > 0) || math.IsInf(alpha, 0) || math.IsNaN(kappa) || math.IsInf(kappa, 0) {
		return StoragePoint{}, fmt.Errorf("perceptron: storage needs alpha > 0 and finite kappa (alpha=%v kappa=%v)", alpha, kappa)
	}
	var ev evaluator
	return ev.storageAt(alpha, kappa)
}

// storageAt continues in alpha from alpha0 = min(alpha, 0.05) up to alpha.
func (ev *evaluator) storageAt(alpha, kappa float64) (StoragePoint, error) {
	a0 := math.Min(alpha, 0.05)
	c := saddle.Continuation{Solve: func(a float64, x []float64) error {
		_, err := ev.solveStorage(a, kappa, x)
		return err
	}, MaxHalvings: 8}
	if err := c.Start(a0, startGuess(a0, kappa)); err != nil {
		return StoragePoint{}, err
	}
	const step = 0.1
	for a := a0; a < alpha; {
		a = math.Min(alpha, a+step)
		if _, err := c.Next(a); err != nil {
			if reached, _ := c.Point(); reached < alpha {
				// name the requested point; the solver's message names where it stopped
				return StoragePoint{}, fmt.Errorf("perceptron storage at %s: continuation in alpha stopped at alpha=%.6g: %w", pointName("alpha", alpha, "kappa", kappa), reached, err)
			}
			return StoragePoint{}, err
		}
	}
	_, x := c.Point()
	return ev.storagePoint(alpha, kappa, x[0], x[1]), nil
}
