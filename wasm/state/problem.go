package state

import "flatland/sim/experiment"

// Problem is the training problem the settings describe, as the command line
// spells it: the random-features student with N binary weights on
// D = round(alpha_D N) Gaussian inputs, P = round(alpha N) examples, the
// settings' activation, labels, algorithm and seed. Figures adjust what
// they sweep (alpha, alpha_D, the algorithm, the test size) from there, and
// Problem.Command() is the `flatland train` line that reproduces a run.
func (s Settings) Problem() experiment.Problem {
	p := experiment.DefaultProblem()
	p.Model = experiment.RandomFeatures
	p.Labels = s.Labels.String()
	p.Act = s.Act.String()
	p.N = s.N
	p.Alpha, p.AlphaD = s.Alpha, s.AlphaD
	p.Seed = s.Seed
	p.Algo = s.Algo
	p.TestExamples = 0
	return p
}
