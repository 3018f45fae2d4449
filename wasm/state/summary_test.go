package state

import (
	"math"
	"strings"
	"testing"
	"time"
)

// checkPlain fails when a summary shows a number that is not one, or markup.
func checkPlain(t *testing.T, name, text string) {
	t.Helper()
	for _, bad := range []string{"NaN", "Inf", "_{", "–", "%!"} {
		if strings.Contains(text, bad) {
			t.Errorf("%s: %q contains %q", name, text, bad)
		}
	}
	if text == "" {
		t.Errorf("%s: empty summary", name)
	}
}

func TestSummaryTexts(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name string
		text string
		want []string // parts the text must contain
	}{
		{"diagram with numbers", DiagramSummary{AlphaD: 1, Alpha: 0.4, AlphaC: 0.9351, AlphaLE: 0.8, Algo: "CP+R", N: 201,
			Sims: []SimRate{{Alpha: 0.4, Solved: 3, Finished: 3, Samples: 3}, {Alpha: 0.6, Solved: 1, Finished: 2, Samples: 3}, {Alpha: 1.2, Samples: 3}}}.Text(),
			[]string{"At α_D = 1:", "interpolation threshold α_c = 0.935", "local-entropy threshold α_LE = 0.8",
				"dense flat regions", "CP+R with N = 201 solved 3 of 3 at α = 0.4, 1 of 2 at α = 0.6 (so far)", "still running at α = 1.2"}},
		{"diagram before the theory", DiagramSummary{AlphaD: 0.5, Alpha: 0.6, AlphaC: nan, AlphaLE: math.Inf(1), Algo: "CP+R", N: 201}.Text(),
			[]string{"α_c = not computed", "α_LE = not computed", "phase not computed"}},
		{"diagram between the thresholds", DiagramSummary{AlphaD: 1, Alpha: 0.85, AlphaC: 0.935, AlphaLE: 0.8}.Text(),
			[]string{"only isolated, sharp solutions"}},
		{"diagram above interpolation, with a problem", DiagramSummary{AlphaD: 1, Alpha: 2, AlphaC: 0.935, AlphaLE: 0.8, Err: "α_{LE}: 2 points NaN"}.Text(),
			[]string{"no solutions", "Problem: α_LE: 2 points not computed"}},
		{"train", TrainSummary("CP+R training, N = 201 weights", "epoch 12 of at most 1000 · training errors 3 of 80", ""),
			[]string{"CP+R training, N = 201 weights: epoch 12 of at most 1000 · training errors 3 of 80."}},
		{"train error", TrainSummary("Training", "not started", "N is too large"), []string{"Problem: N is too large"}},
		{"landscape measured", LandscapeSummary{D: 0.0498, Names: [2]string{"simulated annealing", "replicated simulated annealing"},
			Energy: [2]float64{0.0812, 0.0153}}.Text(),
			[]string{"d = 0.05", "simulated annealing 0.0812", "replicated simulated annealing 0.0153", "flat solution's error grows less"}},
		{"landscape training", LandscapeSummary{D: 0.05, Names: [2]string{"a", "b"}, Energy: [2]float64{nan, nan}, Stage: "Training both algorithms."}.Text(),
			[]string{"a not computed, b not computed", "Training both algorithms."}},
		{"entropy verdict", EntropySummary(0.7, 0.2, "flat-minima curve (κ_{max} = 0.123) is non-monotone in d: the dense region has broken up (α above α_{LE})", true, ""),
			[]string{"α = 0.7, α_D = 0.2", "κ_max = 0.123", "non-monotone", "above α_LE"}},
		{"entropy computing", EntropySummary(0.4, 1, "", false, ""), []string{"computing the curves"}},
		{"entropy without verdict", EntropySummary(0.4, 1, "", true, "no convergence"), []string{"flat-minima curve is not computed", "Problem: no convergence"}},
		{"generalization", GeneralizationSummary{Alpha: 0.4, Typical: 0.31, Bayes: 0.2, Flat: 0.25, SimAlgo: "CP+R", SimAlpha: 0.4,
			SimError: 0.27, SimSolved: 3, SimFinished: 3}.Text(),
			[]string{"N/P = 2.5", "typical solutions 0.31", "Bayes-optimal 0.2", "flat minima 0.25", "mean test error 0.27 (3 of 3 runs solved)"}},
		{"generalization before results", GeneralizationSummary{Alpha: 0.4, Typical: nan, Bayes: nan, Flat: nan, SimAlgo: "CP+R", SimAlpha: 0.4, SimError: nan}.Text(),
			[]string{"typical solutions not computed", "test error not computed yet"}},
		{"generalization random labels", GeneralizationSummary{Alpha: 0.4, Typical: nan, Bayes: nan, Flat: nan, SimAlpha: nan, SimError: nan,
			Note: "Random labels: there is nothing to generalize."}.Text(), []string{"nothing to generalize"}},
	}
	for _, c := range cases {
		checkPlain(t, c.name, c.text)
		for _, w := range c.want {
			if !strings.Contains(c.text, w) {
				t.Errorf("%s: %q lacks %q", c.name, c.text, w)
			}
		}
	}
}

func TestSummaryNumber(t *testing.T) {
	cases := []struct {
		v    float64
		want string
	}{{math.NaN(), NotComputed}, {math.Inf(-1), NotComputed}, {0.93512, "0.935"}, {0, "0"}, {12.5, "12.5"}, {0.8, "0.8"}, {2e-5, "2.00e-05"}}
	for _, c := range cases {
		if got := SummaryNumber(c.v, 3); got != c.want {
			t.Errorf("SummaryNumber(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestSummaryGate(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	g := SummaryGate{Interval: time.Second}
	steps := []struct {
		at   time.Duration
		text string
		want string // "" when nothing is to be published
	}{
		{0, "a", "a"},                       // the first text goes out at once
		{100 * time.Millisecond, "a", ""},   // unchanged
		{200 * time.Millisecond, "b", ""},   // changed, but too soon
		{900 * time.Millisecond, "c", ""},   // still too soon
		{1000 * time.Millisecond, "c", "c"}, // the latest text once the interval has passed
		{5000 * time.Millisecond, "c", ""},  // unchanged, however late
		{5001 * time.Millisecond, "d", "d"},
	}
	for _, s := range steps {
		got, ok := g.Offer(s.text, t0.Add(s.at))
		if ok != (s.want != "") || got != s.want {
			t.Errorf("at %v offering %q: got %q, %v; want %q", s.at, s.text, got, ok, s.want)
		}
	}
}

func TestSummaryGateDue(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	g := SummaryGate{Interval: time.Second}
	steps := []struct {
		at    time.Duration
		offer string // offered when due ("" offers nothing)
		due   bool
	}{
		{0, "a", true}, // the first summary is made at once
		{16 * time.Millisecond, "", false},
		{999 * time.Millisecond, "", false},
		{1000 * time.Millisecond, "a", true}, // unchanged: nothing published, next check a second later
		{1500 * time.Millisecond, "", false},
		{2000 * time.Millisecond, "b", true},
		{2100 * time.Millisecond, "", false},
	}
	for _, s := range steps {
		now := t0.Add(s.at)
		if got := g.Due(now); got != s.due {
			t.Errorf("at %v: Due = %v, want %v", s.at, got, s.due)
		}
		if s.due && s.offer != "" {
			g.Offer(s.offer, now)
		}
	}
}
