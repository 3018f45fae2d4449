package experiment_test

import (
	"flag"
	"io"
	"strings"
	"testing"

	"flatland/sim/experiment"
)

// problems covers every model, both label kinds and values that print
// awkwardly (0.1+0.2, a large seed, no test).
func problems() map[string]experiment.Problem {
	d := experiment.DefaultProblem()
	tenth := 0.1
	rf := d
	rf.Model, rf.Act, rf.Labels, rf.AlphaD, rf.N, rf.Alpha, rf.Algo, rf.MaxEpochs, rf.TestExamples = "rf", "relu", "teacher", tenth+0.2, 101, 0.7, "fbp", 30, 0
	com := d
	com.Model, com.K, com.Fully, com.Inputs, com.N, com.Alpha, com.Algo, com.Seed = "committee", 5, true, "gauss", 55, 1.0/3, "rsa", 1<<63+7
	perc := d
	perc.Labels, perc.Kappa, perc.N, perc.Alpha, perc.Seed, perc.TestExamples, perc.Algo = "teacher", 0.25, 201, 1.5, 9, 300, "sgd"
	// fields that do not matter for the model, away from their defaults
	odd := d
	odd.Act, odd.K, odd.Fully, odd.AlphaD = "tanh", 7, true, 3
	return map[string]experiment.Problem{"default": d, "rf": rf, "committee": com, "perceptron": perc, "irrelevant fields set": odd}
}

// Args, parsed by the flags RegisterFlags defines, give the problem back.
func TestArgsRoundTrip(t *testing.T) {
	for name, want := range problems() {
		t.Run(name, func(t *testing.T) {
			fs := flag.NewFlagSet("train", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			var got experiment.Problem
			experiment.RegisterFlags(fs, &got)
			if err := fs.Parse(want.Args()); err != nil {
				t.Fatalf("parsing %q: %v", want.Args(), err)
			}
			if got != want {
				t.Errorf("round trip of %q:\n got %+v\nwant %+v", want.Args(), got, want)
			}
			if cmd := want.Command(); !strings.HasPrefix(cmd, "flatland train -model "+want.Model) {
				t.Errorf("Command %q", cmd)
			}
		})
	}
}

// Every flag that changes the run is written out, even at its default.
func TestArgsExplicit(t *testing.T) {
	cases := []struct {
		problem        experiment.Problem
		want, wantNone []string
	}{
		{experiment.DefaultProblem(), []string{"-model perceptron", "-labels random", "-inputs pm1", "-n 1001", "-alpha 0.5", "-kappa 0", "-seed 1", "-algo cpr", "-max-epochs 0", "-test 10000"},
			[]string{"-act", "-alpha-d", "-k", "-fully"}},
		{problems()["rf"], []string{"-model rf", "-act relu", "-alpha-d 0.30000000000000004", "-kappa 0", "-test 0"}, []string{"-inputs", "-k", "-fully"}},
		{problems()["committee"], []string{"-k 5", "-fully=true", "-inputs gauss", "-alpha 0.3333333333333333", "-seed 9223372036854775815"}, []string{"-kappa", "-act"}},
	}
	for _, c := range cases {
		cmd := c.problem.Command() + " "
		for _, w := range c.want {
			if !strings.Contains(cmd, " "+w+" ") {
				t.Errorf("%s: lacks %q", cmd, w)
			}
		}
		for _, w := range c.wantNone {
			if strings.Contains(cmd, " "+w+" ") {
				t.Errorf("%s: has %q, which does not matter for this model", cmd, w)
			}
		}
	}
}

func TestValidate(t *testing.T) {
	mod := func(f func(*experiment.Problem)) experiment.Problem {
		p := experiment.DefaultProblem()
		f(&p)
		return p
	}
	cases := []struct {
		name    string
		problem experiment.Problem
		want    string // part of the message; "" for a valid problem
	}{
		{"default", experiment.DefaultProblem(), ""},
		{"small n", mod(func(p *experiment.Problem) { p.N = 2 }), "-n 2 out of range [3, 1e+06]"},
		{"negative alpha", mod(func(p *experiment.Problem) { p.Alpha = -1 }), "-alpha -1 out of range"},
		{"unknown algorithm", mod(func(p *experiment.Problem) { p.Algo = "adam" }), `-algo "adam": want one of cpr, sgd`},
		{"even committee", mod(func(p *experiment.Problem) { p.Model, p.K = "committee", 2 }), "-k 2: want an odd number"},
		{"committee fbp", mod(func(p *experiment.Problem) { p.Model, p.Algo = "committee", "fbp" }), ""},
		{"committee margin", mod(func(p *experiment.Problem) { p.Model, p.Kappa = "committee", 0.5 }), "committee machines have no margin"},
		{"activation", mod(func(p *experiment.Problem) { p.Act = "softplus" }), "-act:"},
		{"labels", mod(func(p *experiment.Problem) { p.Labels = "noisy" }), "-labels:"},
		{"model", mod(func(p *experiment.Problem) { p.Model = "mlp" }), `-model "mlp": want perceptron, rf or committee`},
		{"negative epochs", mod(func(p *experiment.Problem) { p.MaxEpochs = -1 }), "-max-epochs -1 must be >= 0"},
		{"NaN kappa", mod(func(p *experiment.Problem) { p.Kappa = nan() }), "-kappa NaN out of range"},
		{"no test is fine", mod(func(p *experiment.Problem) { p.TestExamples = 0 }), ""},
	}
	for _, c := range cases {
		err := c.problem.Validate()
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

func nan() float64 { z := 0.0; return z / z }

func TestCheckMemory(t *testing.T) {
	big := experiment.DefaultProblem()
	big.N, big.Alpha = 1000000, 20
	l := experiment.Limits{MaxSeconds: 1, MaxMemoryGiB: 2}
	if err := l.CheckMemory([]experiment.Problem{experiment.DefaultProblem()}); err != nil {
		t.Errorf("default problem refused: %v", err)
	}
	err := l.CheckMemory([]experiment.Problem{experiment.DefaultProblem(), big})
	if err == nil || !strings.Contains(err.Error(), "n=1000000 alpha=20") || !strings.Contains(err.Error(), "-max-memory") {
		t.Errorf("large problem: %v, want a refusal naming the largest point and -max-memory", err)
	}
}
