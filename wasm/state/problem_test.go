package state

import (
	"strings"
	"testing"

	"flatland/sim/experiment"
)

// The page's settings become the command line's problem field by field, and
// the command written for it names the same values.
func TestSettingsProblem(t *testing.T) {
	s, msgs := Parse(nil, "alpha=0.7&alpha-d=0.3&act=relu&labels=random&algo=sa&n=401&seed=17")
	if len(msgs) > 0 {
		t.Fatal(msgs)
	}
	p := s.Problem()
	want := experiment.DefaultProblem()
	want.Model, want.Labels, want.Act, want.N, want.Alpha, want.AlphaD, want.Seed, want.Algo, want.TestExamples =
		experiment.RandomFeatures, "random", "relu", 401, 0.7, 0.3, 17, "sa", 0
	if p != want {
		t.Errorf("Problem() = %+v, want %+v", p, want)
	}
	if err := p.Validate(); err != nil {
		t.Errorf("the page's problem is not valid for the command line: %v", err)
	}
	cmd := p.Command()
	for _, flag := range []string{"-model rf", "-labels random", "-act relu", "-n 401", "-alpha 0.7", "-alpha-d 0.3", "-seed 17", "-algo sa"} {
		if !strings.Contains(cmd, flag) {
			t.Errorf("command %q lacks %q", cmd, flag)
		}
	}
	if err := Defaults().Problem().Validate(); err != nil {
		t.Errorf("defaults: %v", err)
	}
}
