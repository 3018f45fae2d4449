// Package train holds the training algorithms for binary-weight networks,
// each a resumable stepper (sim/stepper): Step does a bounded amount of work
// and returns, Snapshot reads the observables at any time, and the result
// for a given seed does not depend on how the work is sliced (the state only
// changes in whole work units: one pattern presentation, one Metropolis
// proposal, one factor update; the clock is only read between units).
//
//   - CPR: clipped perceptron with reinforcement (Baldassi, J. Stat. Phys. 136,
//     902 (2009), arXiv:1211.3024): integer-like hidden states h, W = sign(h),
//     h += 2 xi on an error, and with probability ps per presentation the
//     unsupervised reinforcement h_i += 2 sign(h_i) (rate below
//     sqrt(2/(pi N)) as that paper requires).
//   - CommitteeCPR: the same for committee machines with the least-action
//     rule (only the wrong hidden unit with the smallest |field| learns).
//   - SGD: BinaryConnect minibatch SGD (Courbariaux et al. 2015): latent
//     weights h in [-1, 1], W = sign(h), the gradient of a cross-entropy
//     loss with growing sharpness taken at W and applied to h, and h pulled
//     towards W with a strength raised each epoch (the quantization
//     regularizer of BinaryRelax/ProxQuant; it is RSGD with one replica).
//     On committee machines the loss is the cross-entropy of the binary
//     vote margin, differentiated straight-through the hidden sign units
//     with a sech^2 surrogate slope (sgd_target.go).
//   - SA: simulated annealing, Metropolis single flips, inverse temperature
//     raised linearly sweep by sweep; the energy is the stability cost
//     sum over violated examples of (kappa sqrt N - Delta + 1)/2 (the number
//     of errors plus how badly they are violated; the bare error count, also
//     available, leaves SA stuck at ~15 errors even at alpha = 0.3).
//   - RSA: replicated simulated annealing, the robust ensemble of Baldassi et
//     al., PNAS 113, E7655 (2016), arXiv:1605.06444, with the centre
//     traced out: weight exp(-beta sum_a E(W^a)) prod_i 2 cosh(gamma sum_a W^a_i),
//     y replicas, beta and gamma raised during the run; the reported
//     configuration is the centre sign(sum_a W^a).
//   - RSGD: replicated SGD (Baldassi, Pittorino, Zecchina, PNAS 117, 161
//     (2020)): y SGD replicas whose latent weights are pulled elastically
//     towards their binary centre sign(mean_a h^a), the coupling growing
//     geometrically each epoch (y = 5 by default); reports the centre. It
//     runs on committee machines through the same loss as SGD.
//   - FBP: focusing belief propagation for the perceptron (same PNAS paper):
//     Gaussian (central-limit) BP messages u_{mu->i} plus the focusing field
//     of y replicas coupled with strength gamma, both raised each sweep.
//
// The registry (registry.go) lists every algorithm once: Algorithms holds
// its name, title, units of Snapshot.Epoch, help line, supported models and
// constructor; New, Names and Lookup read it, so a front end lists and
// labels the algorithms from it instead of keeping its own copy.
//
// All randomness is math/rand/v2 PCG with explicit seeds and all
// transcendental functions come from sim/detmath, so a seed gives
// bit-identical trajectories natively and under WebAssembly.
package train
