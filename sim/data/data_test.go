package data

import (
	"context"
	"fmt"
	"math"
	"testing"
)

func TestNormalMoments(t *testing.T) {
	r := NewRand(7, 0)
	const n = 200000
	var s1, s2, s4 float64
	for i := 0; i < n; i++ {
		z := Normal(r)
		s1 += z
		s2 += z * z
		s4 += z * z * z * z
	}
	cases := []struct {
		name      string
		got, want float64
		tol       float64 // about 5 standard errors
	}{
		{"mean", s1 / n, 0, 5 / math.Sqrt(n)},
		{"variance", s2 / n, 1, 5 * math.Sqrt(2.0/n)},
		{"fourth moment", s4 / n, 3, 5 * math.Sqrt(96.0/n)},
	}
	for _, c := range cases {
		if math.Abs(c.got-c.want) > c.tol {
			t.Errorf("%s = %.5f, want %.5f ± %.5f", c.name, c.got, c.want, c.tol)
		}
	}
}

func TestSampleIsSeeded(t *testing.T) {
	rule, err := NewPerceptronRule(101, Gaussian, TeacherLabels, 3)
	if err != nil {
		t.Fatal(err)
	}
	a := rule.Sample(50, 9, StreamTrain)
	b := rule.Sample(50, 9, StreamTrain)
	c := rule.Sample(50, 9, StreamTest)
	same := func(x, y *Set) bool {
		for i := range x.X {
			if x.X[i] != y.X[i] {
				return false
			}
		}
		return true
	}
	if !same(a, b) {
		t.Error("same seed and stream gave different data")
	}
	if same(a, c) {
		t.Error("train and test streams gave identical data")
	}
	if a.PM1 {
		t.Error("Gaussian inputs flagged as ±1")
	}
}

func TestTeacherLabels(t *testing.T) {
	for _, k := range []int{0, 3} {
		var rule *Rule
		var err error
		if k == 0 {
			rule, err = NewPerceptronRule(101, PlusMinusOne, TeacherLabels, 5)
		} else {
			rule, err = NewCommitteeRule(101, k, false, Gaussian, TeacherLabels, 5)
		}
		if err != nil {
			t.Fatal(err)
		}
		s := rule.Sample(400, 1, StreamTrain)
		pos := 0
		for mu := 0; mu < s.P; mu++ {
			if got := rule.TeacherLabel(s.Row(mu)); got != s.Y[mu] {
				t.Fatalf("k=%d example %d: label %d, teacher says %d", k, mu, s.Y[mu], got)
			}
			if s.Y[mu] > 0 {
				pos++
			}
		}
		// labels are balanced: |pos - P/2| within 4 standard deviations
		if d := math.Abs(float64(pos) - 200); d > 4*10 {
			t.Errorf("k=%d: %d positive labels of 400", k, pos)
		}
	}
}

// The centred features have mean ~0 and the Gaussian-equivalence constant
// k1 = E[z sigma(z)] (sim/replica/rf/DERIVATION.md, Gaussian equivalence):
// sign sqrt(2/pi), ReLU 1/2.
func TestRandomFeatureConstants(t *testing.T) {
	cases := []struct {
		act    Activation
		k1     float64
		second float64 // E sigma^2 - k0^2
	}{
		{Sign, math.Sqrt(2 / math.Pi), 1},
		{ReLU, 0.5, 0.5 - 1/(2*math.Pi)},
	}
	for _, c := range cases {
		d, n := 200, 100
		rule, err := NewRandomFeaturesRule(d, n, c.act, RandomLabels, 11)
		if err != nil {
			t.Fatal(err)
		}
		st := rule.Stream(2, StreamTrain)
		x := make([]float64, n)
		var mean, k1, sec float64
		const p = 2000
		for mu := 0; mu < p; mu++ {
			st.Next(x)
			for i, v := range x {
				f := rule.F[i*d : (i+1)*d]
				z := 0.0
				for k, r := range st.raw {
					z += f[k] * r
				}
				z /= math.Sqrt(float64(d))
				mean += v
				k1 += z * v
				sec += v * v
			}
		}
		m := float64(p * n)
		// samples are correlated through F; tolerances are generous but meaningful
		if math.Abs(mean/m) > 0.02 {
			t.Errorf("%v: feature mean %.4f, want 0 (centred)", c.act, mean/m)
		}
		if math.Abs(k1/m-c.k1) > 0.02 {
			t.Errorf("%v: k1 = %.4f, want %.4f", c.act, k1/m, c.k1)
		}
		if math.Abs(sec/m-c.second) > 0.02 {
			t.Errorf("%v: E v^2 = %.4f, want %.4f", c.act, sec/m, c.second)
		}
	}
}

func TestRuleErrors(t *testing.T) {
	if _, err := NewCommitteeRule(100, 2, true, PlusMinusOne, RandomLabels, 1); err == nil {
		t.Error("even k accepted")
	}
	if _, err := NewPerceptronRule(0, PlusMinusOne, RandomLabels, 1); err == nil {
		t.Error("n = 0 accepted")
	}
	if _, err := ParseActivation("softplus"); err == nil {
		t.Error("unknown activation accepted")
	}
}

func ExampleRule_Sample() {
	rule, _ := NewPerceptronRule(5, PlusMinusOne, TeacherLabels, 1)
	set := rule.Sample(PatternCount(0.6, 5), 1, StreamTrain)
	fmt.Println(set.P, set.N, set.PM1, len(set.X))
	// Output: 3 5 true 15
}

// SampleContext draws the same examples as Sample and stops when its context
// is done; so does the feature matrix of NewRandomFeaturesRuleContext.
func TestSampleContext(t *testing.T) {
	rule, err := NewPerceptronRule(31, PlusMinusOne, TeacherLabels, 5)
	if err != nil {
		t.Fatal(err)
	}
	want := rule.Sample(40, 5, StreamTrain)
	got, err := rule.SampleContext(context.Background(), 40, 5, StreamTrain)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want.X {
		if got.X[i] != want.X[i] {
			t.Fatalf("SampleContext differs from Sample at entry %d", i)
		}
	}
	for mu := range want.Y {
		if got.Y[mu] != want.Y[mu] {
			t.Fatalf("SampleContext label %d differs from Sample", mu)
		}
	}
	done, cancel := context.WithCancel(context.Background())
	cancel()
	if s, err := rule.SampleContext(done, 40, 5, StreamTrain); err == nil || s != nil {
		t.Errorf("cancelled context: set %v, error %v; want nil and an error", s, err)
	}
	if r, err := NewRandomFeaturesRuleContext(done, 20, 10, Sign, TeacherLabels, 1); err == nil || r != nil {
		t.Errorf("cancelled context: rule %v, error %v; want nil and an error", r, err)
	}
}

// An activation or a label rule outside the tables is refused, never
// replaced by another one (the features were silently erf before).
func TestUnknownActivationAndLabels(t *testing.T) {
	if r, err := NewRandomFeaturesRule(20, 10, Activation(9), RandomLabels, 1); err == nil {
		t.Errorf("activation 9 accepted: first feature of the stream %v", r.Sample(1, 1, StreamTrain).X[0])
	}
	if _, err := NewRandomFeaturesRule(20, 10, Sign, Labels(7), 1); err == nil {
		t.Error("labels 7 accepted by NewRandomFeaturesRule")
	}
	if _, err := NewPerceptronRule(20, PlusMinusOne, Labels(-1), 1); err == nil {
		t.Error("labels -1 accepted by NewPerceptronRule")
	}
	if _, err := NewCommitteeRule(21, 3, true, PlusMinusOne, Labels(2), 1); err == nil {
		t.Error("labels 2 accepted by NewCommitteeRule")
	}
	for _, bad := range []string{"softplus", "", "Sign"} {
		if _, err := ParseActivation(bad); err == nil {
			t.Errorf("activation %q accepted", bad)
		}
	}
	for _, bad := range []string{"noise", ""} {
		if _, err := ParseLabels(bad); err == nil {
			t.Errorf("labels %q accepted", bad)
		}
	}
}
