package train

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"flatland/sim/data"
	"flatland/sim/nets"
)

// smallCommittee is a storage problem for a tree committee (K = 3) that one
// epoch or sweep does not solve.
func smallCommittee(t testing.TB) *nets.Committee {
	rule, err := data.NewCommitteeRule(51, 3, true, data.PlusMinusOne, data.RandomLabels, 1)
	if err != nil {
		t.Fatal(err)
	}
	return nets.NewCommittee(rule.Sample(80, 1, data.StreamTrain), 3, true)
}

// The table is consistent: unique names in the historical order, every field
// set, models from the known list, Names derived from it.
func TestRegistryTable(t *testing.T) {
	if want := []string{"cpr", "sgd", "sa", "rsa", "rsgd", "fbp"}; !slices.Equal(Names, want) {
		t.Errorf("Names = %v, want %v", Names, want)
	}
	seen := map[string]bool{}
	titles := map[string]bool{}
	known := []string{"perceptron", "rf", "committee"}
	for i, a := range Algorithms {
		if a.Name == "" || a.Title == "" || a.Units == "" || a.Help == "" || a.New == nil || len(a.Models) == 0 {
			t.Errorf("row %d (%q): empty field: %+v", i, a.Name, a)
		}
		if seen[a.Name] || titles[a.Title] {
			t.Errorf("row %d: name %q or title %q repeated", i, a.Name, a.Title)
		}
		seen[a.Name], titles[a.Title] = true, true
		for _, m := range a.Models {
			if !slices.Contains(known, m) {
				t.Errorf("%s: unknown model %q", a.Name, m)
			}
		}
		// the perceptron and the RF student are the same *nets.Linear
		if a.Supports("perceptron") != a.Supports("rf") {
			t.Errorf("%s: supports perceptron %v but rf %v", a.Name, a.Supports("perceptron"), a.Supports("rf"))
		}
		if a.Supports("") || a.Supports("mlp") {
			t.Errorf("%s supports an unknown model", a.Name)
		}
		if got, err := Lookup(a.Name); err != nil || got.Name != a.Name {
			t.Errorf("Lookup(%q) = %q, %v", a.Name, got.Name, err)
		}
	}
}

// Every row constructs on a small problem of each model it claims, with the
// requested budget in its own units, and one unit of it does the work its
// Units say; it refuses the models it does not claim, both through New and
// through its own constructor.
func TestRegistryConstructs(t *testing.T) {
	models := map[string]nets.Model{
		"perceptron": small(t, data.PlusMinusOne, 0.9, 1),
		"committee":  smallCommittee(t),
	}
	// work done by one Snapshot.Epoch, by unit
	perUnit := map[string]func(m nets.Model, replicas int) int64{
		"epochs":    func(m nets.Model, y int) int64 { return int64(m.NumPatterns() * y) }, // presentations
		"sweeps":    func(m nets.Model, y int) int64 { return int64(m.NumWeights() * y) },  // flip proposals
		"BP sweeps": func(m nets.Model, y int) int64 { return int64(m.NumPatterns()) },     // factor updates
	}
	for _, a := range Algorithms {
		for _, name := range []string{"perceptron", "committee"} {
			m := models[name]
			t.Run(a.Name+"/"+name, func(t *testing.T) {
				tr, err := New(a.Name, m, 1, 1)
				direct, derr := a.New(m, 1, 1)
				if !a.Supports(name) {
					if err == nil || !strings.Contains(err.Error(), a.Name) || !strings.Contains(err.Error(), name+": use ") {
						t.Errorf("New accepted or gave an unclear error: %v", err)
					}
					if derr == nil || direct != nil {
						t.Errorf("row constructor accepted %s: %v", name, derr)
					}
					return
				}
				if err != nil || derr != nil {
					t.Fatalf("New: %v; row constructor: %v", err, derr)
				}
				if s := tr.Snapshot(); s.Algo != a.Name || s.MaxEpochs != 1 || s.Epoch != 0 || s.Work != 0 {
					t.Errorf("fresh snapshot %+v", s)
				}
				runAll(tr, time.Hour)
				s := tr.Snapshot()
				unit, ok := perUnit[a.Units]
				if !ok {
					t.Fatalf("units %q: no work rule in this test", a.Units)
				}
				if s.Solved || s.Epoch != 1 || s.Work != unit(m, tr.Replicas()) {
					t.Errorf("after one of its %s: solved %v, epoch %d, work %d; want unsolved, 1, %d",
						a.Units, s.Solved, s.Epoch, s.Work, unit(m, tr.Replicas()))
				}
			})
		}
	}
}

func TestLookupErrors(t *testing.T) {
	for _, name := range []string{"", "adam", "CPR", "cpr "} {
		a, err := Lookup(name)
		if err == nil || a.New != nil {
			t.Errorf("Lookup(%q) accepted", name)
			continue
		}
		for _, valid := range Names {
			if !strings.Contains(err.Error(), valid) {
				t.Errorf("Lookup(%q) error %q does not list %s", name, err, valid)
			}
		}
		if _, err := New(name, small(t, data.PlusMinusOne, 0.3, 1), 1, 0); err == nil {
			t.Errorf("New(%q) accepted", name)
		}
	}
}

// The registry as the CLI help lists it.
func ExampleAlgorithms() {
	for _, a := range Algorithms {
		fmt.Printf("%-4s %-19s %-9s %s\n", a.Name, a.Title, a.Units, strings.Join(a.Models, ","))
	}
	// Output:
	// cpr  CP+R                epochs    perceptron,rf,committee
	// sgd  SGD                 epochs    perceptron,rf,committee
	// sa   simulated annealing sweeps    perceptron,rf,committee
	// rsa  replicated SA       sweeps    perceptron,rf,committee
	// rsgd replicated SGD      epochs    perceptron,rf,committee
	// fbp  focusing BP         BP sweeps perceptron,rf,committee
}
