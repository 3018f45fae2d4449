// Package data generates the seeded data sets Flatland trains on (the models
// of Baldassi et al., PRE 106, 014116 (2022), arXiv:2110.00683; their replica
// theory is in sim/replica/perceptron and sim/replica/rf, DERIVATION.md):
//
//   - storage: P random patterns (±1 or Gaussian entries) with random ±1 labels;
//   - binary teacher-student: labels y = sign(W*·x) from a binary teacher W*;
//   - committee teacher: labels from a K-unit binary committee machine
//     (tree or fully connected) of the same architecture as the student;
//   - random features with a hidden teacher: raw inputs xi in R^D Gaussian,
//     fixed features v_i = sigma(F_i·xi/sqrt D) - k0 (centred), F_ik ~ N(0,1),
//     labels random or y = sign(W*·xi) with a binary teacher acting on xi.
//
// A Rule fixes everything that is drawn once (teacher, feature matrix); Sample
// draws a training or a fresh test set from it, and Stream draws examples one
// at a time for large test sets. Every random draw goes through
// math/rand/v2 PCG with an explicit seed and the Gaussian sampler uses only
// plain float arithmetic (sim/detmath), so a seed gives bit-identical
// data natively and under WebAssembly.
package data
