// Package rf is the replica theory of the seed paper's random-features (RF)
// model (Baldassi, Lauditi, Malatesta, Pacelli, Perugini, Zecchina, PRE 106,
// 014116 (2022), arXiv:2110.00683): binary second-layer weights W in
// {-1,+1}^N on fixed random features v_i = sigma(F_i . xi / sqrt D) of
// Gaussian inputs xi in R^D, with labels from a hidden perceptron acting on
// the inputs (Teacher) or random (Random). Loads: alpha = P/N, alpha_D = D/N,
// alpha_T = P/D; overparameterization N/P = 1/alpha.
//
// Equations are numbered as in DERIVATION.md (the long derivation):
//
//	(1)-(9)   typical RS free entropy phi = extr[G_S + alpha_D S_lat + alpha G_E] and its saddle point;
//	(3)       Gaussian equivalence: Q_d = k1^2 p_d + k*^2, Q = k1^2 p + k*^2 q, M = k1 R;
//	(4)       latent term S_lat, re-derived as the large deviation of the Gram matrix of the
//	          latent vectors s = F^T W/sqrt N (Gaussian rows with covariance = weight overlaps):
//	          it agrees with the RS closed form it was first taken from (no difference found);
//	(10)      spherical prior (Cover check); (11) alpha_c: phi = 0;
//	(12)-(15) the same latent term for Franz-Parisi overlap matrices, exact in real n, s;
//	(16)-(20) Franz-Parisi local entropy S_FP(d) around a reference of margin kappa_r;
//	(21)      alpha_LE: the smallest alpha where S_FP(d) around the maximal-margin (flat-minima)
//	          reference is non-monotone in d;
//	(22)-(23) the diagram as overparameterization N/P at fixed alpha_T, and the generalization errors.
//
// What the front end uses (all long computations are sim/stepper.Steppers
// with snapshots; results do not depend on how the work is sliced):
//
//   - StoredDiagram(m): the stored 24-point diagram of every activation and
//     label rule (stored/*.tsv, written by stored/gen with this package),
//     instantly; the tests re-derive every alpha_c and sample alpha_LE.
//   - NewDiagram(m, 24, 0.05, 10): the transition diagram, live (seconds:
//     about 1.2 s of CPU natively for sign/teacher, more for tanh and erf
//     with teacher labels); Points() gives (AlphaD, AlphaC,
//     AlphaLE, per-point Err) computed so far, Progress() the fraction done;
//     Overparameterization(points) re-expresses it as N/P at fixed
//     alpha_T = P/D, and CrossingsAt(points, alphaT) gives the N/P of both
//     transitions along one line of fixed P/D.
//   - NewEntropyCurves(m, alpha, alphaD, dMin): local-entropy curves around a
//     typical and a flat-minima reference (Typical(), Flat()), with H2(d).
//   - NewGeneralization(m, alphaT, nOverP): eps_typical, eps_Bayes and the
//     flat reference's error versus N/P at fixed alpha_T.
//
// Direct calls: Model.SolveTypical, Model.InterpolationThreshold,
// Model.MaxMarginReference, FlatLocalEntropy(m, ...), Model.LocalEntropyCurve,
// Model.LocalEntropyThreshold, Activation.GaussianEquivalence.
//
// Finite-size cross-check hook: Thresholds(m, alphaD) returns
// alpha_c and alpha_LE at alpha_D = D/N; a finite-N experiment at fixed N and
// D should see the success rate of replicated / flat-minimum algorithms drop
// near P = alpha_LE N, not near P = alpha_c N.
//
// Numerics: the special functions (G, H, ln H, G/H, Exp, Log, Log1p, ln 2cosh,
// binary entropy) and the Gauss-Legendre nodes come from sim/gauss, the dense
// linear solves from sim/saddle; small helpers here (tanh, pow and a
// complex log, quad.go and latent.go) use only detmath.Exp/Log or the pure
// arithmetic branches of the math package. No assembly math.Exp/Log/Hypot is
// reached, so results are bit-identical natively and in WebAssembly
// (ExampleModel_bitIdentical prints 17 digits that both must reproduce).
// Files by concept: typical.go (the typical saddle point), interpolation.go
// (alpha_c), maxmargin.go (kappa_max and the flat reference), franzparisi.go
// and franzparisicurve.go (the Franz-Parisi equations, their analytic Jacobian
// and the walk in d), lethreshold.go (alpha_LE), diagram.go, entropy.go and
// generalization.go (the resumable steppers the figures run), stored.go (the
// precomputed tables), quad.go (the kink-split Gauss-Legendre panels for the
// 1-d averages, the Gauss-Hermite and truncated rules for the Franz-Parisi
// averages), solve.go (the typical solver's Newton with central differences,
// and the errors). Non-convergence is a *saddle.NotConvergedError naming the
// point (errors.Is(err, ErrNotConverged)), never a number.
package rf
