package state

import (
	"flatland/sim/experiment"
	"strings"
	"testing"
)

// Every N the slider reaches works at the default load for every algorithm,
// in the train figure (one training) and the landscape figure (SA and
// replicated SA at once). N = 2001 at alpha_D = 1 used to be refused.
func TestBudgetAllowsDefaultsAtEveryN(t *testing.T) {
	sn, ok := SpecFor("n")
	if !ok || !(sn.Step > 0) {
		t.Fatalf("no slider spec for n: %+v", sn) // a zero Step would loop forever below
	}
	p := Defaults()
	for n := int(sn.Min); n <= int(sn.Max); n += int(sn.Step) {
		for _, algo := range Algorithms {
			in := p.Problem()
			in.N, in.Algo = n, algo
			if err := CheckBudget(in); err != nil {
				t.Fatalf("N=%d %s at the defaults: %v", n, algo, err)
			}
		}
		sa := p.Problem()
		sa.N, sa.Algo = n, "sa"
		rsa := sa
		rsa.Algo = "rsa"
		if err := CheckBudget(sa, rsa); err != nil {
			t.Fatalf("landscape at N=%d: %v", n, err)
		}
	}
}

// The largest problems the controls can ask for are refused before anything
// is allocated, with a sentence that names the budget and what to lower.
// (fBP at N = 2001, alpha = 3 took 386 MB; the landscape figure 583 MB.)
func TestBudgetRefusesLargest(t *testing.T) {
	rf := func(alpha, alphaD float64, act, algo string) experiment.Problem {
		p := Defaults().Problem()
		p.N, p.Alpha, p.AlphaD, p.Act, p.Algo = 2001, alpha, alphaD, act, algo
		return p
	}
	fbp := rf(3, 0.05, "sign", "fbp")
	sa := rf(3, 0.05, "sign", "sa")
	slow := rf(3, 1, "sign", "cpr")
	rsa := sa
	rsa.Algo = "rsa"
	wide := rf(0.4, 10, "relu", "cpr")
	cases := []struct {
		name string
		runs []experiment.Problem
		want string
	}{
		{"fbp N=2001 alpha=3", []experiment.Problem{fbp}, "256 MB budget"},
		{"landscape N=2001 alpha=3", []experiment.Problem{sa, rsa}, "2 trainings at once"},
		{"alpha_D=10 N=2001", []experiment.Problem{wide}, "budget"},
		{"alpha=3 alpha_D=1 N=2001", []experiment.Problem{slow}, "multiply-adds"},
	}
	for _, c := range cases {
		err := CheckBudget(c.runs...)
		if err == nil {
			t.Errorf("%s: not refused", c.name)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, c.want) || !strings.Contains(msg, "lower N, α or α_D") || strings.Contains(msg, "NaN") {
			t.Errorf("%s: message %q", c.name, msg)
		}
	}
	// the estimate of the fBP case is the measured 386 MB within 15%
	if mb := Bytes(fbp) / (1 << 20); mb < 330 || mb > 445 {
		t.Errorf("fBP N=2001 alpha=3: estimate %.0f MB, measured about 386 MB", mb)
	}
}
