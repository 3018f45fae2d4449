package activation

import (
	"fmt"
	"math"
	"strings"

	"flatland/sim/detmath"
	"flatland/sim/gauss"
)

// Activation selects a row of the table; the zero value is Sign.
type Activation int

// The activations, in CLI and URL order (the order of the table).
const (
	Sign Activation = iota // sigma(z) = sign(z), with sign(0) = +1
	ReLU                   // sigma(z) = max(0, z)
	Tanh                   // sigma(z) = tanh(z)
	Erf                    // sigma(z) = erf(z)
)

// Definition is everything Flatland knows about one activation.
type Definition struct {
	Act     Activation
	Name    string                  // CLI flag and URL value
	Formula string                  // sigma(z) as text, for labels and help
	Eval    func(z float64) float64 // sigma(z), deterministic on every GOARCH
	Mean    float64                 // k0 = E sigma(z), z ~ N(0,1) (closed form)
}

// table holds one row per activation, indexed by Activation. Adding an
// activation: a constant above and a row here.
var table = [...]Definition{
	{Sign, "sign", "sign(z)", sign, 0},
	{ReLU, "relu", "max(0, z)", relu, 1 / math.Sqrt(2*math.Pi)},
	{Tanh, "tanh", "tanh(z)", detmath.Tanh, 0},
	{Erf, "erf", "erf(z)", erf, 0},
}

// sign maps 0 to +1, so every feature of the sign model is ±1 (the
// bit-packed kernels rely on it). The theory never evaluates sign at 0: its
// quadrature nodes avoid the kink.
func sign(z float64) float64 {
	if z < 0 {
		return -1
	}
	return 1
}

func relu(z float64) float64 { return max(z, 0) }

// erf is 1 - 2 H(z sqrt 2) with the plain-Go H of sim/gauss (math.Erf calls
// math.Exp, whose last bits differ between amd64 and WebAssembly).
func erf(z float64) float64 { return 1 - 2*gauss.H(z*math.Sqrt2) }

// All returns every activation in table order.
func All() []Activation {
	all := make([]Activation, len(table))
	for i := range table {
		all[i] = table[i].Act
	}
	return all
}

// Names returns the names of All, for CLI help and URL choices.
func Names() []string {
	names := make([]string, len(table))
	for i, d := range table {
		names[i] = d.Name
	}
	return names
}

// Lookup returns a's row; ok is false for a value outside the table.
func (a Activation) Lookup() (d Definition, ok bool) {
	if !a.Valid() {
		return Definition{}, false
	}
	return table[a], true
}

// Valid reports whether a is a row of the table.
func (a Activation) Valid() bool { return a >= 0 && int(a) < len(table) }

func (a Activation) String() string {
	if !a.Valid() {
		return fmt.Sprintf("Activation(%d)", int(a))
	}
	return table[a].Name
}

// Formula returns sigma(z) as text ("" for an unknown activation).
func (a Activation) Formula() string {
	if !a.Valid() {
		return ""
	}
	return table[a].Formula
}

// Eval returns sigma(z) (not centred); NaN for an unknown activation.
func (a Activation) Eval(z float64) float64 {
	if !a.Valid() {
		return math.NaN()
	}
	return table[a].Eval(z)
}

// Mean returns k0 = E sigma(z), z ~ N(0,1), the constant removed to centre
// the features; NaN for an unknown activation.
func (a Activation) Mean() float64 {
	if !a.Valid() {
		return math.NaN()
	}
	return table[a].Mean
}

// Parse maps a name of the table ("sign", "relu", ...) to its Activation.
func Parse(s string) (Activation, error) {
	for _, d := range table {
		if d.Name == s {
			return d.Act, nil
		}
	}
	return 0, fmt.Errorf("unknown activation %q (want %s)", s, orList(Names()))
}

// orList joins names as "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
