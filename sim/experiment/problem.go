package experiment

import (
	"flag"
	"fmt"
	"math"
	"strconv"
	"strings"

	"flatland/sim/data"
	"flatland/sim/train"
)

// The models a Problem can train.
const (
	Perceptron     = "perceptron"
	RandomFeatures = "rf"
	Committee      = "committee"
)

// Problem is one finite training problem: the data rule, the student, the
// algorithm and the test. Its fields are the flags of `flatland train`, with
// the same names (Flags lists them) and the same values (text values are the
// flag spellings, parsed by sim/data and sim/train).
type Problem struct {
	Model  string // Perceptron, RandomFeatures or Committee
	Labels string // "random" (storage) or "teacher"
	Inputs string // "pm1" or "gauss" (perceptron, committee; rf inputs are Gaussian)
	Act    string // rf feature activation: "sign", "relu", "tanh" or "erf"

	N     int  // inputs (features for rf): the number of binary weights of one unit
	K     int  // committee hidden units (odd)
	Fully bool // committee: fully connected instead of tree

	Alpha  float64 // patterns per weight, P = round(Alpha N)
	AlphaD float64 // rf: raw input dimension per feature, D = round(AlphaD N)
	Kappa  float64 // perceptron and rf margin

	Seed         uint64 // draws the data, the teacher, the features, the algorithm and the test set
	Algo         string // one of train.Names
	MaxEpochs    int    // epochs or sweeps at most (0: the algorithm's default)
	TestExamples int    // fresh examples for the test error (0: no test)
}

// DefaultProblem is the problem `flatland train` runs without flags.
func DefaultProblem() Problem {
	return Problem{Model: Perceptron, Labels: "random", Inputs: "pm1", Act: "sign", N: 1001, K: 3,
		Alpha: 0.5, AlphaD: 0.5, Seed: 1, Algo: "cpr", TestExamples: 10000}
}

// D is the raw input dimension of the rf model, round(AlphaD N) and at
// least 1; 0 for the other models.
func (p Problem) D() int {
	if p.Model != RandomFeatures {
		return 0
	}
	return max(1, int(math.Round(p.AlphaD*float64(p.N))))
}

// P is the number of training examples, round(Alpha N) and at least 1.
func (p Problem) P() int { return data.PatternCount(p.Alpha, p.N) }

// Validate checks every field and says, in the CLI's words, which flag is
// wrong and what it accepts.
func (p Problem) Validate() error {
	checks := []error{
		checkRange("n", float64(p.N), 3, 1e6),
		checkRange("alpha-d", p.AlphaD, 1e-3, 100),
		checkRange("kappa", p.Kappa, 0, 10),
		checkRange("test", float64(p.TestExamples), 0, 1e7),
	}
	for _, err := range checks {
		if err != nil {
			return err
		}
	}
	if p.MaxEpochs < 0 {
		return fmt.Errorf("-max-epochs %d must be >= 0", p.MaxEpochs)
	}
	switch p.Model {
	case Perceptron, RandomFeatures, Committee:
	default:
		return fmt.Errorf("-model %q: want perceptron, rf or committee", p.Model)
	}
	if _, err := data.ParseLabels(p.Labels); err != nil {
		return fmt.Errorf("-labels: %v", err)
	}
	if _, err := data.ParseInputs(p.Inputs); err != nil {
		return fmt.Errorf("-inputs: %v", err)
	}
	if _, err := data.ParseActivation(p.Act); err != nil {
		return fmt.Errorf("-act: %v", err)
	}
	if p.Model == Committee && (p.K < 1 || p.K%2 == 0 || p.K > p.N) {
		return fmt.Errorf("-k %d: want an odd number of hidden units between 1 and n", p.K)
	}
	if p.Model == Committee && p.Kappa != 0 {
		return fmt.Errorf("-kappa %g: committee machines have no margin (use -kappa 0, or -model perceptron or rf)", p.Kappa)
	}
	if err := CheckAlpha(p.Alpha); err != nil {
		return err
	}
	return CheckAlgo(p.Algo, p.Model)
}

// CheckAlpha accepts the loads a training problem may have.
func CheckAlpha(a float64) error { return checkRange("alpha", a, 1e-3, 20) }

// CheckAlgo accepts the algorithms train.New implements for model.
func CheckAlgo(name, model string) error {
	a, err := train.Lookup(name)
	if err != nil {
		return fmt.Errorf("-algo %q: want one of %s", name, strings.Join(train.Names, ", "))
	}
	if err := a.CheckModel(model); err != nil {
		return fmt.Errorf("-algo %s: %v", name, strings.TrimPrefix(err.Error(), "train: "))
	}
	return nil
}

// checkRange returns an error unless lo <= v <= hi and v is finite.
func checkRange(name string, v, lo, hi float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < lo || v > hi {
		return fmt.Errorf("-%s %v out of range [%g, %g]", name, v, lo, hi)
	}
	return nil
}

// sameData reports whether p and q draw the same training set and build the
// same student, so that q may train on p's data (only the algorithm, its
// epochs and the test differ).
func (p Problem) sameData(q Problem) bool {
	p.Algo, p.MaxEpochs, p.TestExamples = q.Algo, q.MaxEpochs, q.TestExamples
	return p == q
}

// Footprint describes the problem for train.Footprint's memory estimate:
// the data, the model, the largest of algos (the problem's own algorithm
// when none is given) and probes more model states (the CLI holds two: the
// flatness measurement and the test stream).
func (p Problem) Footprint(probes int, algos ...string) train.Footprint {
	if len(algos) == 0 {
		algos = []string{p.Algo}
	}
	return train.Footprint{Model: p.Model, N: p.N, P: p.P(), D: p.D(), K: p.K, Fully: p.Fully, Algos: algos, Probes: probes,
		PM1: p.Model == RandomFeatures && p.Act == "sign" || p.Model == Perceptron && p.Inputs == "pm1"}
}

// Limits bound a command-line run: its wall-clock time (-max-seconds) and
// the estimated memory of its data and training state (-max-memory).
type Limits struct {
	MaxSeconds   float64
	MaxMemoryGiB float64
}

// DefaultMaxMemoryGiB bounds the estimated size of the data and training
// state (-max-memory): far above any run the front end offers, well below
// what makes a laptop swap.
const DefaultMaxMemoryGiB = 2

// Validate checks the limits' ranges.
func (l Limits) Validate() error {
	if err := checkRange("max-seconds", l.MaxSeconds, 1e-3, 1e6); err != nil {
		return err
	}
	return checkRange("max-memory", l.MaxMemoryGiB, 1e-3, 1024)
}

// CheckMemory refuses, before anything is allocated, problems whose
// estimated memory (the largest over points, with algos and two probes)
// exceeds MaxMemoryGiB, with a sentence naming the estimate, the limit and
// the flags to change.
func (l Limits) CheckMemory(points []Problem, algos ...string) error {
	need, at := 0.0, Problem{}
	for _, p := range points {
		if b := p.Footprint(2, algos...).Bytes(); b > need {
			need, at = b, p
		}
	}
	limit := l.MaxMemoryGiB * (1 << 30)
	if need <= limit {
		return nil
	}
	lower, dim := "-n or -alpha", ""
	if at.Model == RandomFeatures {
		lower, dim = "-n, -alpha or -alpha-d", fmt.Sprintf(", D=%d", at.D())
	}
	return fmt.Errorf("n=%d alpha=%g (P=%d%s) needs about %s of memory, above the limit %s; lower %s, or raise -max-memory (GiB)",
		at.N, at.Alpha, at.P(), dim, FormatBytes(need), FormatBytes(limit), lower)
}

// FormatBytes prints a byte count with three digits and a binary unit.
func FormatBytes(b float64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB"}
	i := 0
	for b >= 1024 && i < len(units)-1 {
		b /= 1024
		i++
	}
	return fmt.Sprintf("%.3g %s", b, units[i])
}

// RegisterFlags adds the problem's flags to fs, with their defaults from
// DefaultProblem and their help, and points them at p's fields. A command
// that sets a field another way omits its flag (sweep omits "alpha" for its
// -alphas list, flatness "algo" for -algos). A function, not a method: the
// front end's module links every exported method of a type it puts in an
// interface (its renderer uses text/template), and the flag package with it.
func RegisterFlags(fs *flag.FlagSet, p *Problem, omit ...string) {
	d := DefaultProblem()
	skip := map[string]bool{}
	for _, name := range omit {
		skip[name] = true
	}
	str := func(v *string, name, def, usage string) {
		if skip[name] {
			*v = def
			return
		}
		fs.StringVar(v, name, def, usage)
	}
	num := func(v *float64, name string, def float64, usage string) {
		if skip[name] {
			*v = def
			return
		}
		fs.Float64Var(v, name, def, usage)
	}
	integer := func(v *int, name string, def int, usage string) {
		if skip[name] {
			*v = def
			return
		}
		fs.IntVar(v, name, def, usage)
	}
	str(&p.Model, "model", d.Model, "perceptron | rf | committee")
	str(&p.Labels, "labels", d.Labels, "random (storage) | teacher")
	str(&p.Inputs, "inputs", d.Inputs, "input entries: pm1 (±1, bit-packed) | gauss (perceptron, committee)")
	str(&p.Act, "act", d.Act, "rf feature activation: sign | relu | tanh | erf")
	integer(&p.N, "n", d.N, "number of inputs N (features for rf)")
	integer(&p.K, "k", d.K, "committee hidden units (odd)")
	fs.BoolVar(&p.Fully, "fully", d.Fully, "committee: fully connected instead of tree")
	num(&p.Alpha, "alpha", d.Alpha, "patterns per weight, P = alpha N")
	num(&p.AlphaD, "alpha-d", d.AlphaD, "rf: raw input dimension per feature, D = alpha_D N")
	num(&p.Kappa, "kappa", d.Kappa, "perceptron/rf margin kappa (CP+R uses it as its update margin; committees have none)")
	fs.Uint64Var(&p.Seed, "seed", d.Seed, "random seed (data and algorithm)")
	str(&p.Algo, "algo", d.Algo, "algorithm: "+strings.Join(train.Names, " | "))
	integer(&p.MaxEpochs, "max-epochs", d.MaxEpochs, "epochs/sweeps limit (0: algorithm default)")
	integer(&p.TestExamples, "test", d.TestExamples, "fresh examples for the test error (0: none)")
}

// RegisterLimitFlags adds -max-seconds (default defaultSeconds) and -max-memory.
func RegisterLimitFlags(fs *flag.FlagSet, l *Limits, defaultSeconds float64) {
	fs.Float64Var(&l.MaxSeconds, "max-seconds", defaultSeconds, "wall-clock limit for the whole command: data, training, testing, measurements (what finished is printed, marked cut_short)")
	fs.Float64Var(&l.MaxMemoryGiB, "max-memory", DefaultMaxMemoryGiB, "limit in GiB on the estimated memory of the data and training state, checked before anything is allocated")
}

// Args returns the flags of `flatland train` that reproduce p exactly:
// every flag that changes the run for p's model, and any other flag whose
// value differs from its default (so parsing Args gives p back).
func (p Problem) Args() []string {
	d := DefaultProblem()
	rf, com := p.Model == RandomFeatures, p.Model == Committee
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	type arg struct {
		name, value string
		matters     bool // changes the run for this model
		isDefault   bool
	}
	args := []arg{
		{"model", p.Model, true, p.Model == d.Model},
		{"labels", p.Labels, true, p.Labels == d.Labels},
		{"inputs", p.Inputs, !rf, p.Inputs == d.Inputs},
		{"act", p.Act, rf, p.Act == d.Act},
		{"n", strconv.Itoa(p.N), true, p.N == d.N},
		{"k", strconv.Itoa(p.K), com, p.K == d.K},
		{"fully", strconv.FormatBool(p.Fully), com, p.Fully == d.Fully},
		{"alpha", num(p.Alpha), true, p.Alpha == d.Alpha},
		{"alpha-d", num(p.AlphaD), rf, p.AlphaD == d.AlphaD},
		{"kappa", num(p.Kappa), !com, p.Kappa == d.Kappa},
		{"seed", strconv.FormatUint(p.Seed, 10), true, p.Seed == d.Seed},
		{"algo", p.Algo, true, p.Algo == d.Algo},
		{"max-epochs", strconv.Itoa(p.MaxEpochs), true, p.MaxEpochs == d.MaxEpochs},
		{"test", strconv.Itoa(p.TestExamples), true, p.TestExamples == d.TestExamples},
	}
	var out []string
	for _, a := range args {
		if !a.matters && a.isDefault {
			continue
		}
		if a.name == "fully" {
			out = append(out, "-fully="+a.value) // a bool flag takes its value after '='
			continue
		}
		out = append(out, "-"+a.name, a.value)
	}
	return out
}

// Command is the shell command that reproduces p: "flatland train" and
// Args, each quoted for a POSIX shell where it needs it.
func (p Problem) Command() string {
	args := p.Args()
	for i, a := range args {
		args[i] = shellQuote(a)
	}
	return "flatland train " + strings.Join(args, " ")
}

// shellQuote leaves a word of safe characters as it is and puts anything
// else in single quotes.
func shellQuote(s string) string {
	safe := s != ""
	for _, r := range s {
		safe = safe && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.+=,/:", r))
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
