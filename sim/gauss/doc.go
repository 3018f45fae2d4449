// Package gauss implements the Gaussian measure Dz = exp(-z^2/2)/sqrt(2 pi) dz
// as the replica computations of Flatland need it (sim/replica/perceptron and
// sim/replica/rf; their averages are written out in each DERIVATION.md):
//
//   - the tail H(x) = int_x^inf Dz = erfc(x/sqrt 2)/2, its logarithm LogH(x)
//     and the ratio GOverH(x) = G(x)/H(x), accurate for any finite x: for large
//     x the asymptotic (Laplace continued-fraction) expansion is used, so ln H
//     never takes the logarithm of an underflowed zero;
//   - averages over one standard Gaussian, E f(z) = int Dz f(z), with a
//     kink-aware composite Gauss-Legendre rule: unit panels on a finite range
//     [-L, L] plus geometrically refined panels around caller-given kink points
//     (for integrands such as ln H((kappa - sqrt(q) z)/sqrt(1-q)) whose
//     transition width sqrt(1-q) shrinks as q -> 1, where Gauss-Hermite fails);
//   - averages over two correlated standard Gaussians (correlation rho) as a
//     nested rule, which stays accurate as rho -> 1.
//
// Rules are plain node/weight slices built once and reused; the hot path is a
// weighted sum with no allocation. Everything is pure Go float arithmetic,
// with the elementary functions of sim/detmath in place of the math
// package's (assembly on amd64), so results are bit-identical natively and in
// WebAssembly; the hot loops use table-interpolated LogHG and
// TanhLog2CoshFast (fast.go).
package gauss
