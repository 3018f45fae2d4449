// Package experiment is the one training pipeline of Flatland, shared by the
// command-line interface (flatland train, sweep, flatness) and the browser
// figures, so that a number on the page can be reproduced on the command
// line and the other way round.
//
// A Problem is one finite training problem: the data rule (perceptron,
// random-features or committee student; random or teacher labels), its
// sizes, the algorithm and the test. Its fields are the flags of
// `flatland train` (RegisterFlags), Validate explains a bad value in the
// flags' words, and Command writes the command line that reproduces it.
//
// A Run is one problem as a resumable stepper (sim/stepper): data ->
// student -> training -> test, each stage doing bounded work per Step, so a
// browser frame can call Step with a few milliseconds. Its Result does not
// depend on how the work is sliced; the CLI steps the same Run to
// completion (or to its -max-seconds deadline), so both print the same
// numbers.
//
// A Sweep runs several samples at each of several points (problems that
// differ, for example, in Alpha) and aggregates them per point.
//
// # Seeds
//
// One seed scheme everywhere: sample s (s = 0, 1, ...) at a point whose
// problem has seed S runs with seed S+s (SampleSeed), and that seed alone
// draws everything of the run: the rule's teacher and feature matrix, the
// training set, the algorithm's randomness and the test set (each from its
// own stream, sim/data). So every sample of a sweep is reproduced alone by
//
//	flatland train -seed <S+s> <the point's other flags>
//
// (SampleProblem(i, s).Command() writes it), and two points of one sweep
// that differ only in Alpha draw their samples s from the same seed.
//
// # Order
//
// A Sweep runs its samples point by point (the CLI: each point's line is
// final early) or interleaved (sample 0 at every point, then sample 1, ...:
// the browser shows an estimate at every point early). Each run depends on
// its seed only and a point's aggregate is computed in sample order, so the
// aggregates do not depend on the order.
//
// # Shards
//
// A sweep too large for one machine is split into shares of contiguous
// blocks of its points (Shard.Range): share i of n holds points
// ceil((i-1)m/n) .. ceil(im/n)-1 of m. Each share is an independent
// process; the outputs of shares 1..n, concatenated in order, are the
// output of the whole sweep.
package experiment
