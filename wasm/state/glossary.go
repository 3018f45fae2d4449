package state

import "flatland/sim/train"

// Term is one entry of the glossary: a word or symbol shown on a figure and what it means, in one line.
type Term struct {
	ID    string // anchor on the explorer page: #term-ID
	Term  string // as the figures write it (label markup: α_{LE})
	Means string
}

// Glossary lists every piece of jargon the figures show, with the training algorithms of the registry
// (their legend titles), in reading order. The explorer page prints it (build/sitegen); the help
// overlay points to it.
func Glossary() []Term {
	terms := []Term{
		{"alpha", "α = P/N", "training examples per trainable weight: more data per weight upwards, more weights per example downwards"},
		{"alpha-d", "α_D = D/N", "input dimension per trainable weight; overparameterizing (more weights N at fixed data) shrinks α and α_D together"},
		{"n-p-d", "N, P, D", "the number of binary weights, of training examples, and of input components"},
		{"n-over-p", "N/P, P/D", "weights per training example (the width of the network) and training examples per input component (the generalization figure holds P/D fixed)"},
		{"binary-weights", "binary weights", "each trainable weight is −1 or +1; the rasters draw +1 dark and −1 light, and a replica's weights that differ from its centre in orange"},
		{"random-features", "random-features network", "each input goes through N fixed random features (activation sign, relu, tanh or erf) and only the N binary output weights are learned"},
		{"labels", "teacher / random labels", "labels given by a hidden perceptron acting on the raw inputs (a rule to learn), or drawn at random (pure memorization)"},
		{"alpha-c", "α_c: interpolation threshold", "the largest α at which zero-training-error solutions exist (the SAT/UNSAT transition)"},
		{"alpha-le", "α_{LE}: local-entropy threshold", "the largest α at which wide, flat regions dense with solutions exist; between α_{LE} and α_c only isolated solutions remain"},
		{"phases", "flat regions (easy) / isolated solutions / no solutions", "the diagram's shaded phases: below α_{LE}, between α_{LE} and α_c, above α_c"},
		{"typical", "typical solution", "a zero-error weight vector drawn uniformly among all of them: the overwhelming majority, isolated in sharp minima"},
		{"flat", "flat (max-margin) reference", "a solution whose margin is just below the largest possible one, κ_{max}: rare, and at the centre of a dense region of solutions"},
		{"kappa-max", "κ_{max}", "the largest margin that any zero-error solution can have at this α"},
		{"local-entropy", "local entropy S(d)", "the logarithm, per weight, of the number of solutions at Hamming distance d from a reference solution"},
		{"h2", "H_2(d)", "the binary entropy −d ln d − (1−d) ln(1−d): what the local entropy would be if every weight vector at distance d were a solution, its upper bound"},
		{"franz-parisi", "Franz-Parisi", "the replica computation of the local entropy around a reference drawn from a chosen ensemble (typical or flat)"},
		{"densest-region", "densest region (α_{LD})", "the local entropy around the reference with the most solutions nearby (a large-deviation computation): it lies above the other curves, and where even it dips or ends, no dense region is left (α above α_{LD}, a little above α_{LE})"},
		{"non-monotone", "non-monotone curve", "a local entropy that falls before it rises with d: the dense region around the reference has broken up"},
		{"local-energy", "local energy", "the training error after flipping a random fraction d of a solution's weights, averaged over many flips: low for a flat minimum, high for a sharp one"},
		{"replica-distance", "replica distance", "the normalized Hamming distance between coupled replicas, and from each to their centre; it falls to 0 as they settle in a flat region"},
		{"generalization", "typical / flat / Bayes test error", "the error on new examples of a typical solution, of a flat minimum, and of the best prediction possible from the training data (Bayes-optimal)"},
		{"success-rate", "success rate", "the fraction of instances (seeds) an algorithm trained to zero training errors; a yellow cell means all of them"},
		{"markers", "filled / open markers", "points computed live in this page, and points read from tables precomputed with the same code (thresholds of the diagram, networks of the deep figure's default sweep)"},
		{"progress", "progress bar", "how much of the figure's computation is done: theory points, simulations, training, measurements"},
		{"width", "width", "the number of hidden units of each layer of the deep network (ReLU units, continuous weights, trained on MNIST digits)"},
		{"sigma", "σ and δE_{train}(σ)", "weight noise: every weight and bias w becomes w(1 + σz) with z Gaussian; δE_{train}(σ) is the rise of the training error this causes, averaged over draws: the deep networks' local energy"},
		{"interpolation-width", "interpolation point (width)", "the first width at which the deep network fits its training digits with zero errors: from there on, wider networks sit in flatter minima"},
		{"epoch", "epoch, sweep, BP sweep", "one pass over the training examples; N proposed weight flips (annealing); one update of every factor (belief propagation)"},
	}
	for _, a := range train.Algorithms {
		terms = append(terms, Term{ID: "algo-" + a.Name, Term: a.Title + " (algo=" + a.Name + ")", Means: a.Help})
	}
	return terms
}
