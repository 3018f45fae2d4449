// Package nets holds the binary-weight networks Flatland trains: the binary
// perceptron, the random-features student (a binary perceptron acting on
// features precomputed once per data set by sim/data), and committee
// machines with K odd hidden binary units, tree or fully connected, with
// majority output.
//
// Linear (perceptron and RF student) stores the label-folded patterns
// xi_mu = y_mu x_mu so that example mu is learnt when its stability
// Delta_mu = sum_i W_i xi_mu_i exceeds kappa sqrt(N) (kappa = 0 by default).
// When every input is ±1, patterns are also bit-packed (bit set = -1) and
// the stability is N - 2 popcount(W xor xi) with math/bits; otherwise plain
// float loops are used (fast in WebAssembly, unlike gonum's BLAS).
//
// Every Model offers a State: cached fields for one configuration that make a
// single weight flip cost O(P), which is what Metropolis samplers and the
// flatness observables of sim/landscape need.
package nets
