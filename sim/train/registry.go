package train

import (
	"fmt"
	"strings"

	"flatland/sim/nets"
)

// Algorithm is one row of the registry: everything the CLI, the URL
// settings and the figures need to offer, label and construct a training
// algorithm.
type Algorithm struct {
	Name   string   // CLI/URL name: "cpr", "sgd", ...
	Title  string   // label in figures and legends, e.g. "CP+R", "replicated SGD", "focusing BP"
	Units  string   // what one Snapshot.Epoch counts: "epochs", "sweeps", "BP sweeps"
	Help   string   // one line for CLI help / URL help
	Models []string // models it supports: "perceptron", "rf", "committee"
	// New returns the algorithm with its default configuration for m, the
	// given seed and, if maxEpochs > 0, that many Units at most. It refuses
	// a model the row does not list.
	New func(m nets.Model, seed uint64, maxEpochs int) (Trainer, error)
}

// Algorithms is the registry, in display order. Adding an algorithm: its
// trainer and registry constructor in one file, and one row here.
var Algorithms = []Algorithm{
	{Name: "cpr", Title: "CP+R", Units: "epochs", New: newCPRAlgorithm,
		Help:   "clipped perceptron with reinforcement (committees: least-action rule)",
		Models: []string{"perceptron", "rf", "committee"}},
	{Name: "sgd", Title: "SGD", Units: "epochs", New: newSGDAlgorithm,
		Help:   "BinaryConnect minibatch SGD: W = sign(h), cross-entropy gradient at W, h pulled towards W",
		Models: []string{"perceptron", "rf", "committee"}},
	{Name: "sa", Title: "simulated annealing", Units: "sweeps", New: newSAAlgorithm,
		Help:   "Metropolis single flips, beta raised each sweep of N proposals (finds sharp minima)",
		Models: []string{"perceptron", "rf", "committee"}},
	{Name: "rsa", Title: "replicated SA", Units: "sweeps", New: newRSAAlgorithm,
		Help:   "replicated simulated annealing, robust ensemble of y coupled replicas (finds flat minima)",
		Models: []string{"perceptron", "rf", "committee"}},
	{Name: "rsgd", Title: "replicated SGD", Units: "epochs", New: newRSGDAlgorithm,
		Help:   "y BinaryConnect SGD replicas elastically coupled to their binary centre, coupling raised each epoch",
		Models: []string{"perceptron", "rf", "committee"}},
	{Name: "fbp", Title: "focusing BP", Units: "BP sweeps", New: newFBPAlgorithm,
		Help:   "focusing belief propagation, one sweep updates every factor",
		Models: []string{"perceptron", "rf", "committee"}},
}

// Names lists the algorithm names accepted by New, in registry order.
var Names = algorithmNames()

func algorithmNames() []string {
	names := make([]string, len(Algorithms))
	for i, a := range Algorithms {
		names[i] = a.Name
	}
	return names
}

// Lookup returns the registry row named name; the error lists the valid
// names.
func Lookup(name string) (Algorithm, error) {
	for _, a := range Algorithms {
		if a.Name == name {
			return a, nil
		}
	}
	return Algorithm{}, fmt.Errorf("train: unknown algorithm %q (want one of %s)", name, strings.Join(algorithmNames(), ", "))
}

// Supports reports whether a runs on model ("perceptron", "rf" or
// "committee").
func (a Algorithm) Supports(model string) bool {
	for _, m := range a.Models {
		if m == model {
			return true
		}
	}
	return false
}

// New returns the named algorithm with its default configuration for model,
// the given seed and, if maxEpochs > 0, that many epochs/sweeps at most.
func New(name string, m nets.Model, seed uint64, maxEpochs int) (Trainer, error) {
	a, err := Lookup(name)
	if err != nil {
		return nil, err
	}
	if err := a.check(m); err != nil {
		return nil, err
	}
	return a.New(m, seed, maxEpochs)
}

// modelName maps a network to the registry's model names. The perceptron
// and the random-features student are both *nets.Linear (the student is
// linear in its features); no algorithm tells them apart.
func modelName(m nets.Model) string {
	switch m.(type) {
	case *nets.Linear:
		return "perceptron"
	case *nets.Committee:
		return "committee"
	}
	return fmt.Sprintf("%T", m)
}

// check refuses a model the row does not list, naming the ones that run it.
func (a Algorithm) check(m nets.Model) error { return a.CheckModel(modelName(m)) }

// CheckModel returns nil if a runs the named model, else an error that names
// the algorithms that do.
func (a Algorithm) CheckModel(model string) error {
	if a.Supports(model) {
		return nil
	}
	var others []string
	for _, b := range Algorithms {
		if b.Supports(model) {
			others = append(others, b.Name)
		}
	}
	alt := "no algorithm runs it"
	if len(others) > 0 {
		alt = "use " + orList(others)
	}
	return fmt.Errorf("train: %s is implemented for %s only (%s: %s)", a.Name, modelPhrase(a.Models), model, alt)
}

// modelPhrase names models in prose: "the perceptron and the random-features student".
func modelPhrase(models []string) string {
	long := map[string]string{"perceptron": "the perceptron", "rf": "the random-features student", "committee": "committee machines"}
	words := make([]string, len(models))
	for i, m := range models {
		words[i] = long[m]
		if words[i] == "" {
			words[i] = m
		}
	}
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// orList joins names as "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// linear returns m as the linear student the perceptron-only algorithms
// need (New checks the model against the row first and names the
// alternatives; this is the row constructor's own guard).
func linear(name string, m nets.Model) (*nets.Linear, error) {
	if lin, ok := m.(*nets.Linear); ok {
		return lin, nil
	}
	return nil, fmt.Errorf("train: %s is implemented for the perceptron and the random-features student only (got %s)", name, modelName(m))
}
