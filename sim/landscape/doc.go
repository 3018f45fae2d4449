// Package landscape measures how flat a configuration of a binary network is,
// on any nets.Model (the sampling counterpart of the Franz-Parisi local
// entropy of sim/replica/perceptron, DERIVATION.md eq. (14)):
//
//   - LocalEnergy: the local energy curve, the training error after flipping
//     a random set of round(d N) weights, averaged over many flip sets, for d
//     in a grid (the binary analogue of the multiplicative-noise flatness of
//     deep networks; Baldassi et al. PNAS 2020, arXiv:1905.07833, and the
//     seed paper arXiv:2110.00683). A stepper: one flip set per work unit.
//   - ErrorAlongPath: the training error after each flip along one random
//     flip path (a 1-D slice of the landscape).
//   - Map: the training error on a 2-D slice spanned by two random flip
//     directions (four disjoint random flip sets A+, A-, B+, B-; the cell
//     (a, b) flips the first |a| sites of A±, the first |b| of B±). A stepper:
//     one cell per work unit, so a front end can draw it progressively.
//   - LocalEntropy (of a Curve): a sampling estimate of the local entropy,
//     S(d) = (1/N) ln[ C(N, dN) f(d) ], f(d) the fraction of sampled
//     configurations at distance d that are still solutions. It is only
//     reported where f(d) > 0; elsewhere the sample says nothing beyond
//     S(d) < (1/N) ln[C(N, dN)/samples], and the value is marked invalid.
//     It is bounded above by the entropy of all configurations at distance d,
//     (1/N) ln C(N, dN) -> H2(d) = -d ln d - (1-d) ln(1-d).
//
// Flip sets are drawn with math/rand/v2 PCG from an explicit seed; results
// do not depend on how the steppers' work is sliced.
package landscape
