// Package labels names the rules that label Flatland's training examples,
// one type shared by the data generator (sim/data) and the replica theory
// (sim/replica/rf), so a Labels value means the same thing everywhere.
//
// The zero value is Teacher: the teacher-student problem is the default of
// the page and of the random-features theory (the seed paper's model), so a
// zero-valued setting or rf.Model keeps that meaning. Storage (random
// labels) must be asked for.
package labels

import "fmt"

// Labels says how the label y = ±1 of an example is produced.
type Labels int

const (
	// Teacher: y is the output of a hidden binary teacher of the same
	// architecture as the student (a perceptron, a committee, or for random
	// features a perceptron acting on the raw inputs).
	Teacher Labels = iota
	// Random: y = ±1 at random, independent of the input (storage).
	Random
)

var names = [...]string{Teacher: "teacher", Random: "random"}

// All returns every label rule in CLI and URL order.
func All() []Labels { return []Labels{Teacher, Random} }

// Names returns the names of All, for CLI help and URL choices.
func Names() []string { return []string{names[Teacher], names[Random]} }

// Valid reports whether l is Teacher or Random.
func (l Labels) Valid() bool { return l >= 0 && int(l) < len(names) }

func (l Labels) String() string {
	if !l.Valid() {
		return fmt.Sprintf("Labels(%d)", int(l))
	}
	return names[l]
}

// Parse maps "teacher" or "random" ("storage" is accepted as another name
// for random) to Labels.
func Parse(s string) (Labels, error) {
	switch s {
	case "teacher":
		return Teacher, nil
	case "random", "storage":
		return Random, nil
	}
	return Teacher, fmt.Errorf("unknown labels %q (want teacher or random)", s)
}
