// Package perceptron implements the replica theory of the binary perceptron
// W in {-1,+1}^N. DERIVATION.md writes out every computation with numbered
// equations, which the code comments cite:
//
//   - storage of random labels with margin kappa: the replica-symmetric free
//     entropy phi(alpha), the order parameters q, qh, the replicon (AT)
//     eigenvalue, the capacity alpha_c(kappa) where phi = 0 (Gardner-Derrida
//     1988, Krauth-Mezard 1989: alpha_c(0) = 0.833) and its inverse, the
//     maximal margin kappa_max(alpha) (eqs. (1)-(7));
//   - teacher-student learning with a binary teacher at zero temperature
//     (Gibbs learning on the Nishimori line; Gyorgyi 1990, Sompolinsky-Tishby-
//     Seung 1990): R(alpha), phi, the Gibbs and Bayes errors, the first-order
//     transition to perfect generalization (alpha ~ 1.245) and the spinodal of
//     the poor-generalization branch (alpha ~ 1.493) (eqs. (8)-(13));
//   - the Franz-Parisi local entropy around a reference solution drawn from the
//     solutions of margin kappa_r, counting solutions of margin kappa_c at
//     normalized Hamming distance d (Huang-Kabashima 2014, arXiv:1408.1784;
//     Baldassi et al. 2021, arXiv:2107.01163), and the local-entropy threshold
//     alpha_LE where the curve of the maximal-margin reference turns
//     non-monotone in d (eqs. (14)-(22));
//   - the large-deviation ("dense region", y -> infinity) local entropy of
//     Baldassi et al. 2015/2016 (arXiv:1509.05753, 1511.05634): S_I(d), the
//     largest local entropy of any reference, with its stepper
//     (DenseLocalEntropyCurve), and the threshold alpha_LD = 0.7553 at kappa = 0
//     where S_I(d) stops being monotone in d, above the Franz-Parisi
//     alpha_LE = 0.7285 of the maximal-margin reference (eqs. (23)-(34)).
//
// Long computations are steppers (sim/stepper). All Gaussian integrals use the
// kink-aware rules of sim/gauss; all solvers report non-convergence as
// *saddle.NotConvergedError naming the point.
package perceptron
