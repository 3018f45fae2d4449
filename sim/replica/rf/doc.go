// Package rf is the replica theory of the seed paper's random-features (RF)
// model (Baldassi, Lauditi, Malatesta, Pacelli, Perugini, Zecchina, PRE 106,
// 014116 (2022), arXiv:2110.00683): binary second-layer weights W in
// {-1,+1}^N on fixed random features v_i = sigma(F_i . xi / sqrt D) of
// Gaussian inputs xi in R^D, labels from a hidden perceptron on the inputs
// (teacher) or random (storage). Loads: alpha = P/N, alpha_D = D/N.
//
// Work in progress; see DERIVATION.md for the equations (numbered as in the
// code comments).
package rf
