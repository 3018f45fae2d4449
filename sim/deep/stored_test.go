package deep

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
)

// storedLine is a line of `flatland deep -json`.
type storedLine struct {
	Algo          string    `json:"algo"`
	Layers        int       `json:"layers"`
	Width         int       `json:"width"`
	Train         int       `json:"train"`
	Test          int       `json:"test"`
	Resolution    int       `json:"resolution"`
	Seed          uint64    `json:"seed"`
	Epochs        int       `json:"epochs"`
	Interpolated  bool      `json:"interpolated"`
	TrainError    float64   `json:"train_error"`
	TrainLoss     float64   `json:"train_loss"`
	TestError     float64   `json:"test_error"`
	TestLoss      float64   `json:"test_loss"`
	Sigma         []float64 `json:"sigma"`
	Noisy         []float64 `json:"noisy_train_error"`
	NoisySE       []float64 `json:"noisy_train_error_se"`
	DeltaE        []float64 `json:"delta_e"`
	Misclassified []int     `json:"misclassified"`
	CutShort      bool      `json:"cut_short"`
}

// result is the line as the front end reads it.
func (l storedLine) result() Result {
	return Result{Epochs: l.Epochs, Interpolated: l.Interpolated, Done: true,
		Train:  Eval{Errors: int(math.Round(l.TrainError * float64(l.Train))), Error: l.TrainError, Loss: l.TrainLoss},
		Test:   Eval{Errors: int(math.Round(l.TestError * float64(l.Test))), Error: l.TestError, Loss: l.TestLoss},
		Sigmas: l.Sigma, NoisyError: l.Noisy, NoisyErrorSE: l.NoisySE, DeltaE: l.DeltaE, Misclassified: l.Misclassified}
}

func storedLines(t *testing.T) []storedLine {
	t.Helper()
	var out []storedLine
	for i, s := range strings.Split(strings.TrimSpace(StoredSweepJSON()), "\n") {
		var l storedLine
		d := json.NewDecoder(strings.NewReader(s))
		d.DisallowUnknownFields()
		if err := d.Decode(&l); err != nil {
			t.Fatalf("stored line %d: %v\n%s", i+1, err, s)
		}
		out = append(out, l)
	}
	return out
}

// The stored sweep holds the networks of its command, in its order (each
// algorithm over the widths), measured to the end, every list filled.
// (TestDeepStoredSweep in sim/cmd/flatland re-derives the numbers.)
func TestStoredSweep(t *testing.T) {
	lines := storedLines(t)
	widths, algos := []int{4, 16, 64, 256}, []string{AlgoSGD, AlgoRSGD}
	sigmas := []float64{0.05, 0.1, 0.2, 0.3, 0.5}
	for _, flag := range []string{"-widths 4,16,64,256 ", "-layers 1 ", "-algo sgd,rsgd ", "-train 4000 ", "-test 1000 ", "-sigmas 0.05,0.1,0.2,0.3,0.5 ", "-draws 4 ", "-seed 1 "} {
		if !strings.Contains(StoredSweepCommand, flag) {
			t.Fatalf("the command %q lacks %q, which this test checks the lines against", StoredSweepCommand, flag)
		}
	}
	if len(lines) != len(widths)*len(algos) {
		t.Fatalf("%d networks stored, want %d", len(lines), len(widths)*len(algos))
	}
	for i, l := range lines {
		algo, width := algos[i/len(widths)], widths[i%len(widths)]
		if l.Algo != algo || l.Width != width || l.Layers != 1 || l.Resolution != 14 || l.Train != 4000 || l.Test != 1000 || l.Seed != 1 || l.CutShort {
			t.Errorf("line %d: %+v, want %s width %d of the command, measured to the end", i+1, l, algo, width)
		}
		r := l.result()
		if !slices.Equal(r.Sigmas, sigmas) || len(r.NoisyError) != 5 || len(r.NoisyErrorSE) != 5 || len(r.DeltaE) != 5 || r.Epochs < 1 || r.Epochs > 30 {
			t.Errorf("%s width %d: sigmas %v, %d noisy errors, %d standard errors, %d local energies, %d epochs",
				algo, width, r.Sigmas, len(r.NoisyError), len(r.NoisyErrorSE), len(r.DeltaE), r.Epochs)
		}
		if r.Interpolated != (r.Train.Errors == 0) || len(r.Misclassified) != min(16, r.Test.Errors) || !slices.IsSorted(r.Misclassified) ||
			len(r.Misclassified) > 0 && (r.Misclassified[0] < 0 || r.Misclassified[len(r.Misclassified)-1] >= l.Test) {
			t.Errorf("%s width %d: interpolated %v with %d training errors; %d test errors, misclassified %v",
				algo, width, r.Interpolated, r.Train.Errors, r.Test.Errors, r.Misclassified)
		}
		if !SamePrinted(&r, &r, l.Train, 4) {
			t.Errorf("%s width %d does not print as itself", algo, width)
		}
	}
}

// SamePrinted tells a live network that prints as the stored line from
// any that does not, digit by printed digit.
func TestSamePrinted(t *testing.T) {
	lines := storedLines(t)
	stored := lines[2].result() // SGD, width 64: zero training error, a standard error of 0 at sigma 0.05
	if stored.NoisyErrorSE[0] != 0 || stored.DeltaE[4] != 0.131 || stored.NoisyErrorSE[4] != 0.0043 || stored.DeltaE[2] != 0.010 {
		t.Fatalf("the cases below assume the stored SGD width-64 line: %+v", stored)
	}
	cases := []struct {
		name   string
		change func(r *Result)
		same   bool
	}{
		{"unchanged", func(r *Result) {}, true},
		{"more misclassified images kept", func(r *Result) { r.Misclassified = append(r.Misclassified, 999) }, true},
		{"local energy within its printed decimals", func(r *Result) { r.DeltaE[4] += 0.00049; r.NoisyError[4] -= 0.00049 }, true},
		{"standard error within its printed decimals", func(r *Result) { r.NoisyErrorSE[4] += 0.000049 }, true},
		{"local energy past its printed decimals", func(r *Result) { r.DeltaE[4] += 0.00051 }, false},
		{"noisy error past its printed decimals", func(r *Result) { r.NoisyError[2] -= 0.00051 }, false},
		{"standard error past its printed decimals", func(r *Result) { r.NoisyErrorSE[4] += 0.000051 }, false},
		{"local energy at a zero standard error", func(r *Result) { r.DeltaE[0] += 0.00001 }, false},
		{"epochs", func(r *Result) { r.Epochs++ }, false},
		{"interpolation", func(r *Result) { r.Interpolated = !r.Interpolated }, false},
		{"test errors by one image", func(r *Result) { r.Test.Errors++; r.Test.Error += 0.001 }, false},
		{"training loss in its last bit", func(r *Result) { r.Train.Loss = math.Nextafter(r.Train.Loss, 1) }, false},
		{"a noise level", func(r *Result) { r.Sigmas[1] = 0.11 }, false},
		{"a misclassified image", func(r *Result) { r.Misclassified[3]++ }, false},
		{"fewer misclassified images", func(r *Result) { r.Misclassified = r.Misclassified[:5] }, false},
		{"a noise level less", func(r *Result) { r.Sigmas, r.NoisyError = r.Sigmas[:4], r.NoisyError[:4] }, false},
		{"a local energy less", func(r *Result) { r.DeltaE = r.DeltaE[:4] }, false},
	}
	for _, c := range cases {
		live := lines[2].result()
		live.Sigmas, live.NoisyError, live.NoisyErrorSE = slices.Clone(live.Sigmas), slices.Clone(live.NoisyError), slices.Clone(live.NoisyErrorSE)
		live.DeltaE, live.Misclassified = slices.Clone(live.DeltaE), slices.Clone(live.Misclassified)
		c.change(&live)
		if got := SamePrinted(&stored, &live, 4000, 4); got != c.same {
			t.Errorf("%s: SamePrinted %v, want %v", c.name, got, c.same)
		}
	}
}

// The printed decimals are those of the standard error's first
// significant digit, or of the resolution of the mean when it is 0.
func TestPrintedDecimals(t *testing.T) {
	cases := []struct {
		se            float64
		nTrain, draws int
		want          int
	}{
		{0.0043, 4000, 4, 3},
		{0.04, 4000, 4, 2},
		{0.0075, 4000, 4, 3},
		{0.000072, 4000, 4, 5},
		{0, 4000, 4, 5}, // 1/32000 = 3.1e-5
		{0, 1000, 2, 4}, // 1/4000 = 2.5e-4
		{math.NaN(), 4000, 4, 5},
		{1e-30, 4000, 4, 15},
		{2, 4000, 4, 0},
	}
	for _, c := range cases {
		if got := PrintedDecimals(c.se, c.nTrain, c.draws); got != c.want {
			t.Errorf("PrintedDecimals(%g, %d, %d) = %d, want %d", c.se, c.nTrain, c.draws, got, c.want)
		}
	}
}
