// Package activation is the one definition of the feature nonlinearities
// sigma of the random-features model (v_i = sigma(F_i . xi / sqrt D) - k0),
// shared by the data generator (sim/data) and the replica theory
// (sim/replica/rf), so both always agree on what "tanh" means, down to the
// last bit.
//
// Each activation is one row of a table: its name (the CLI flag and URL
// value), its formula as text, a deterministic Eval (plain-Go arithmetic,
// sim/detmath and sim/gauss only, hence identical natively and under
// WebAssembly) and its mean k0 = E sigma(z), z ~ N(0,1), which the data
// generator subtracts to centre the features. The Gaussian-equivalence
// coefficients the theory needs (sigma(z) ~ K0 + K1 z + K* eta) are computed
// from Eval by quadrature, so a new activation needs nothing but its
// constant and its row in activation.go.
//
// An Activation outside the table is never silently replaced by another one:
// Parse returns an error, Valid reports false, and Eval, Mean and
// GaussianEquivalence return NaN.
package activation
