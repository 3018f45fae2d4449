// Package saddle is the small saddle-point toolkit of the replica
// computations (sim/replica/perceptron and sim/replica/rf, whose DERIVATION.md
// files list the equations solved):
//
//   - Iterate: damped fixed-point iteration x <- (1-damping) x + damping f(x),
//     stopped by the min(absolute, relative) rule |dx_i| <= Tol*max(1, |x_i|);
//   - Newton: Newton polish of a residual r(x) = 0 with a forward
//     finite-difference Jacobian, a small dense Gaussian elimination with
//     partial pivoting (plain Go, no allocation beyond a workspace) and step
//     halving to stay inside a caller-given domain;
//   - Continuation: follow a solution branch in a control parameter, with a
//     secant predictor and automatic step halving when a point fails;
//   - Brent (1-D root finding with a bracket) and MaximizeGolden (1-D maximum).
//
// Failures are *NotConvergedError values naming the point; no function in this
// package ever returns a made-up number.
package saddle
