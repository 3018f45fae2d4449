package experiment

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"flatland/sim/replica/rf"
)

// The stored study parses whole: every line a row, sizes among the study's,
// each point with the command's samples at one of its alphas (a size may
// lack some alphas while it is being computed: each size's alphas are
// logged).
func TestStoredFiniteSize(t *testing.T) {
	rows, err := StoredFiniteSize()
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(strings.TrimSpace(StoredFiniteSizeJSON()), "\n") + 1; len(rows) != lines {
		t.Fatalf("%d rows from %d lines", len(rows), lines)
	}
	alphas := strings.Split(StoredFiniteSizeAlphas, ",")
	for _, n := range FiniteSizeSizes(rows) {
		if !slices.Contains([]int{201, 501, 1001, 2001}, n) {
			t.Errorf("stored size N=%d is not one of the study's", n)
		}
		var got []string
		for _, r := range rows {
			if r.N != n {
				continue
			}
			got = append(got, fmt.Sprint(r.Alpha))
			if r.Samples != StoredFiniteSizeSamples || !slices.Contains(alphas, fmt.Sprint(r.Alpha)) {
				t.Errorf("N=%d alpha=%v: %d samples; want %d samples at one of the alphas %v", n, r.Alpha, r.Samples, StoredFiniteSizeSamples, alphas)
			}
		}
		t.Logf("stored: N=%d at alpha %v", n, got)
	}
	sizes := FiniteSizeSizes(rows)
	for _, n := range sizes[1:] {
		a, ok := FiniteSizeCrossing(rows, sizes[0], n)
		t.Logf("N=%d crosses N=%d: %v at alpha %.3f", n, sizes[0], ok, a)
	}
}

// A good line gives its row; a damaged one an error that names the line and
// the problem.
func TestParseFiniteSize(t *testing.T) {
	const good = `{"algo":"fbp","model":"rf","n":201,"alpha":0.8,"samples":10,"samples_done":10,"solved":7,"success":0.7,"success_lo":0.5424571843931283,"success_hi":0.8211791792432352,"mean_train_error":0.068,"median_solved_iterations":224,"cut_short":false}`
	rows, err := ParseFiniteSize(good+"\n", "fbp", "rf")
	want := FiniteSizeRow{N: 201, Alpha: 0.8, Solved: 7, Samples: 10, Lo: 0.5424571843931283, Hi: 0.8211791792432352}
	if err != nil || len(rows) != 1 || rows[0] != want {
		t.Fatalf("got %+v, %v; want [%+v]", rows, err, want)
	}
	second := strings.Replace(good, `"alpha":0.8`, `"alpha":0.85`, 1)
	for _, c := range []struct {
		name, text, want string
	}{
		{"empty", "\n\n", "no lines"},
		{"not an object", "[1,2]", "line 1: not a JSON object"},
		{"truncated", good[:60], "line 1: not a JSON object"},
		{"other algorithm", strings.Replace(good, `"fbp"`, `"cpr"`, 1), `line 1: algo is "cpr", want "fbp"`},
		{"other model", strings.Replace(good, `"rf"`, `"perceptron"`, 1), `model is "perceptron"`},
		{"missing count", strings.Replace(good, `"solved":7,`, "", 1), `solved is "", want a finite number`},
		{"count as a string", strings.Replace(good, `"n":201`, `"n":"201"`, 1), `n is "201", want a finite number`},
		{"fractional size", strings.Replace(good, `"n":201`, `"n":201.5`, 1), `n is "201.5", want a finite number (a whole, non-negative one`},
		{"NaN", strings.Replace(good, `"alpha":0.8`, `"alpha":NaN`, 1), `alpha is "NaN", want a finite number`},
		{"alpha out of range", strings.Replace(good, `"alpha":0.8`, `"alpha":0`, 1), "-alpha"},
		{"cut short", strings.Replace(good, `"cut_short":false`, `"cut_short":true`, 1), `cut_short is "true", want "false"`},
		{"samples missing", strings.Replace(good, `"samples_done":10`, `"samples_done":9`, 1), "9 of 10 samples done, 7 solved: want n >= 3, every sample done"},
		{"more solved than run", strings.Replace(good, `"solved":7`, `"solved":11`, 1), "10 samples done, 11 solved"},
		{"tampered count", strings.Replace(good, `"solved":7`, `"solved":8`, 1), "is not the Wilson interval [0.649"},
		{"duplicate key", strings.Replace(good, `"n":201,`, `"n":201,"n":201,`, 1), `member 4 (key "n"): want "key": number`},
		{"nested value", strings.Replace(good, `"solved":7`, `"solved":[7]`, 1), `member 7 (key "solved")`},
		{"missing colon", strings.Replace(good, `"n":201`, `"n" 201`, 1), `member 3 (key "n")`},
		{"escaped string", strings.Replace(good, `"fbp"`, `"f\"bp"`, 1), `member 1 (key "algo")`},
		{"trailing comma", strings.Replace(good, `false}`, `false,}`, 1), `member 13 (key "cut_short")`},
		{"same point twice", good + "\n" + good, "line 2: N=201 alpha=0.8 after N=201 alpha=0.8"},
		{"alphas descending", second + "\n" + good, "line 2: N=201 alpha=0.8 after N=201 alpha=0.85"},
		{"sizes descending", strings.Replace(good, `"n":201`, `"n":1001`, 1) + "\n" + second, "line 2: N=201"},
	} {
		rows, err := ParseFiniteSize(c.text, "fbp", "rf")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: rows %v, error %v; want an error containing %q", c.name, rows, err, c.want)
		}
	}
}

// Where two sizes' success curves cross: linear between the last alpha the
// larger size is ahead and the first it is behind, or at a tie between.
func TestFiniteSizeCrossing(t *testing.T) {
	curve := func(n int, solved ...int) []FiniteSizeRow {
		var rows []FiniteSizeRow
		for i, s := range solved {
			rows = append(rows, FiniteSizeRow{N: n, Alpha: 0.6 + 0.05*float64(i), Solved: s, Samples: 10})
		}
		return rows
	}
	for _, c := range []struct {
		name         string
		small, large []int
		want         float64 // NaN: no crossing
	}{
		// +0.2 at 0.65, -0.3 at 0.70: 0.65 + 0.05 * 0.2/0.5
		{"between points", []int{10, 7, 6, 2}, []int{10, 9, 3, 0}, 0.67},
		{"at a tie", []int{10, 7, 5, 2}, []int{10, 9, 5, 0}, 0.70},
		{"large always ahead", []int{9, 7, 5}, []int{10, 8, 6}, math.NaN()},
		{"large behind from the start", []int{10, 7, 5}, []int{9, 6, 5}, math.NaN()},
		{"identical", []int{10, 5, 0}, []int{10, 5, 0}, math.NaN()},
	} {
		rows := append(curve(201, c.small...), curve(1001, c.large...)...)
		got, ok := FiniteSizeCrossing(rows, 201, 1001)
		if ok != !math.IsNaN(c.want) || ok && math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: crossing %v (%v), want %v", c.name, got, ok, c.want)
		}
	}
	if _, ok := FiniteSizeCrossing(curve(201, 10, 5), 201, 501); ok {
		t.Error("a crossing with a size that is not there")
	}
}

// StoredFiniteSizeAlphaLD is rf.DenseThreshold of the stored study's model,
// to its stored digits (the threshold's tolerance is 1e-4).
func TestStoredFiniteSizeAlphaLD(t *testing.T) {
	m := rf.Model{Act: rf.Sign, Labels: rf.Teacher}
	if StoredFiniteSizeAct != "sign" || StoredFiniteSizeLabels != "teacher" {
		t.Fatalf("the study's model changed (%s, %s): update the model here", StoredFiniteSizeAct, StoredFiniteSizeLabels)
	}
	a, err := rf.DenseThreshold(m, StoredFiniteSizeAlphaD, 0.82, 0.86, 1e-4)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(a-StoredFiniteSizeAlphaLD) > 1e-4 {
		t.Errorf("alpha_LD = %.5f, stored %v", a, StoredFiniteSizeAlphaLD)
	}
}
