package nets

import (
	"fmt"
	"math"
	"testing"

	"flatland/sim/data"
)

func TestPackedDotMatchesLoop(t *testing.T) {
	r := data.NewRand(1, 0)
	for _, n := range []int{1, 63, 64, 65, 1001} {
		a := make([]int8, n)
		b := make([]int8, n)
		want := 0
		for i := range a {
			a[i] = int8(2*(r.IntN(2)) - 1)
			b[i] = int8(2*(r.IntN(2)) - 1)
			want += int(a[i]) * int(b[i])
		}
		pa, pb := make([]uint64, Words(n)), make([]uint64, Words(n))
		PackSigns(a, pa)
		PackSigns(b, pb)
		if got := PackedDot(pa, pb, n); got != want {
			t.Errorf("n=%d: PackedDot = %d, want %d", n, got, want)
		}
	}
}

// Incremental single-flip bookkeeping must agree with recomputation from scratch.
func TestStateFlipsMatchRecompute(t *testing.T) {
	type mk struct {
		name  string
		model func() Model
	}
	lin := func(in data.Inputs, kappa float64) func() Model {
		return func() Model {
			rule, _ := data.NewPerceptronRule(101, in, data.RandomLabels, 2)
			l := NewLinear(rule.Sample(80, 2, data.StreamTrain))
			l.SetKappa(kappa)
			return l
		}
	}
	com := func(tree bool) func() Model {
		return func() Model {
			rule, _ := data.NewCommitteeRule(61, 3, tree, data.Gaussian, data.RandomLabels, 2)
			return NewCommittee(rule.Sample(80, 2, data.StreamTrain), 3, tree)
		}
	}
	cases := []mk{{"perceptron pm1", lin(data.PlusMinusOne, 0)}, {"perceptron gauss kappa", lin(data.Gaussian, 0.3)},
		{"committee tree", com(true)}, {"committee fully", com(false)}}
	for _, c := range cases {
		m := c.model()
		r := data.NewRand(3, 0)
		w := make([]int8, m.NumWeights())
		for i := range w {
			w[i] = int8(2*r.IntN(2) - 1)
		}
		st := m.NewState(w)
		for step := 0; step < 300; step++ {
			j := r.IntN(len(w))
			before := st.Errors()
			d := st.DeltaErrors(j)
			var dc, c0 float64
			cs, hasCost := st.(CostState)
			if hasCost {
				dc, c0 = cs.DeltaCost(j), cs.Cost()
			}
			st.Flip(j)
			w[j] = -w[j]
			if st.Errors() != before+d {
				t.Fatalf("%s step %d: errors %d after flip, predicted %d", c.name, step, st.Errors(), before+d)
			}
			if want := m.Errors(w); st.Errors() != want {
				t.Fatalf("%s step %d: incremental errors %d, recomputed %d", c.name, step, st.Errors(), want)
			}
			if hasCost {
				fresh := m.NewState(w).(CostState).Cost()
				if math.Abs(cs.Cost()-c0-dc) > 1e-9 || math.Abs(cs.Cost()-fresh) > 1e-9 {
					t.Fatalf("%s step %d: cost %g, predicted %g, recomputed %g", c.name, step, cs.Cost(), c0+dc, fresh)
				}
			}
		}
		cl := st.Clone()
		st.Flip(0)
		st.CopyFrom(cl)
		if st.Errors() != m.Errors(w) || st.Weights()[0] != w[0] {
			t.Errorf("%s: CopyFrom did not restore the state", c.name)
		}
	}
}

// A teacher has zero training error on its own labels, and Predict agrees
// with the data rule.
func TestTeacherIsASolution(t *testing.T) {
	rule, _ := data.NewPerceptronRule(301, data.PlusMinusOne, data.TeacherLabels, 4)
	l := NewLinear(rule.Sample(300, 4, data.StreamTrain))
	if e := l.Errors(rule.Teacher); e != 0 {
		t.Errorf("teacher has %d training errors", e)
	}
	if te := TestError(l, rule.Teacher, rule, 2000, 1); te != 0 {
		t.Errorf("teacher test error %g", te)
	}
	crule, _ := data.NewCommitteeRule(99, 3, true, data.Gaussian, data.TeacherLabels, 4)
	c := NewCommittee(crule.Sample(200, 4, data.StreamTrain), 3, true)
	if e := c.Errors(crule.Teacher); e != 0 {
		t.Errorf("committee teacher has %d training errors", e)
	}
	// A random student errs on about half the examples of fresh data.
	w := make([]int8, 301)
	for i := range w {
		w[i] = int8(1 - 2*(i%2))
	}
	if te := TestError(l, w, rule, 4000, 2); math.Abs(te-0.5) > 0.06 {
		t.Errorf("unrelated student test error %g, want about 0.5", te)
	}
}

func ExamplePackedDot() {
	a, b := []int8{1, -1, 1, 1}, []int8{1, 1, 1, -1}
	pa, pb := make([]uint64, 1), make([]uint64, 1)
	PackSigns(a, pa)
	PackSigns(b, pb)
	fmt.Println(PackedDot(pa, pb, 4), Overlap(a, b), Distance(a, b))
	// Output: 0 0 0.5
}
