package deep

import (
	"slices"
	"strings"
	"testing"
)

// The stored sweep parses into the networks of its command, in its order,
// with every list filled; each network is identical to itself and differs
// from any change of a printed number. (TestDeepStoredSweep in
// sim/cmd/flatland re-derives the numbers.)
func TestStoredSweep(t *testing.T) {
	nets, err := StoredSweep()
	if err != nil {
		t.Fatal(err)
	}
	widths, algos := []int{4, 16, 64, 256}, []string{AlgoSGD, AlgoRSGD}
	if !strings.Contains(StoredSweepCommand, "-widths 4,16,64,256 ") || !strings.Contains(StoredSweepCommand, "-algo sgd,rsgd ") ||
		!strings.Contains(StoredSweepCommand, "-sigmas 0.05,0.1,0.2,0.3,0.5 ") || !strings.Contains(StoredSweepCommand, "-test 1000 ") {
		t.Fatalf("the test's widths, algorithms, sigmas and test size are not the command's: %s", StoredSweepCommand)
	}
	if len(nets) != len(widths)*len(algos) {
		t.Fatalf("%d networks stored, want %d", len(nets), len(widths)*len(algos))
	}
	for i, n := range nets {
		algo, width := algos[i/len(widths)], widths[i%len(widths)]
		r := n.Result
		if n.Algo != algo || n.Width != width || r.Config.Algo != algo || !slices.Equal(r.Config.Hidden, []int{width}) || r.Config.Seed != 1 {
			t.Errorf("network %d: %s width %d (config %s %v seed %d), want %s width %d", i, n.Algo, n.Width, r.Config.Algo, r.Config.Hidden, r.Config.Seed, algo, width)
		}
		if !slices.Equal(r.Sigmas, []float64{0.05, 0.1, 0.2, 0.3, 0.5}) || !r.Done || r.Epochs < 1 || r.Epochs > 30 {
			t.Errorf("%s width %d: sigmas %v, done %v, epochs %d", algo, width, r.Sigmas, r.Done, r.Epochs)
		}
		if r.Interpolated != (r.Train.Errors == 0) || r.Test.Errors < len(r.Misclassified) || len(r.Misclassified) != min(16, r.Test.Errors) {
			t.Errorf("%s width %d: interpolated %v with %d training errors; %d test errors, %d misclassified listed",
				algo, width, r.Interpolated, r.Train.Errors, r.Test.Errors, len(r.Misclassified))
		}
		if d := n.Differences(r); len(d) != 0 {
			t.Errorf("%s width %d differs from itself: %v", algo, width, d)
		}
	}
	n := nets[2] // SGD, width 64
	changes := []struct {
		name   string
		change func(r *Result)
		want   string
	}{
		{"epochs", func(r *Result) { r.Epochs++ }, "epochs"},
		{"interpolation", func(r *Result) { r.Interpolated = !r.Interpolated }, "interpolated"},
		{"test error by one image", func(r *Result) { r.Test.Error += 0.001 }, "test_error"},
		{"training loss in the last digit", func(r *Result) { r.Train.Loss *= 1 + 1e-15 }, "train_loss"},
		{"local energy past its rounding", func(r *Result) { r.DeltaE[4] += 0.001 }, "delta_e"},
		{"standard error past its rounding", func(r *Result) { r.NoisyErrorSE[2] += 0.0001 }, "noisy_train_error_se"},
		{"a misclassified image", func(r *Result) { r.Misclassified[3]++ }, "misclassified"},
		{"fewer misclassified images", func(r *Result) { r.Misclassified = r.Misclassified[:5] }, "misclassified"},
	}
	for _, c := range changes {
		r := n.Result
		r.Sigmas, r.NoisyError = slices.Clone(r.Sigmas), slices.Clone(r.NoisyError)
		r.NoisyErrorSE, r.DeltaE, r.Misclassified = slices.Clone(r.NoisyErrorSE), slices.Clone(r.DeltaE), slices.Clone(r.Misclassified)
		c.change(&r)
		d := n.Differences(r)
		if len(d) != 1 || !strings.HasPrefix(d[0], c.want+":") {
			t.Errorf("%s: differences %q, want one about %s", c.name, d, c.want)
		}
	}
	// within the printed rounding a local energy is the same; more kept misclassified images are too
	r := n.Result
	r.DeltaE, r.Misclassified = slices.Clone(r.DeltaE), append(slices.Clone(r.Misclassified), 999)
	r.DeltaE[4] += 0.0004 // printed with 3 decimals
	if d := n.Differences(r); len(d) != 0 {
		t.Errorf("a change below the printed rounding, or a longer list of misclassified images, differs: %v", d)
	}
}

// Damaged stored lines are refused with the line and field named, never
// drawn as numbers.
func TestStoredSweepRefusesDamage(t *testing.T) {
	good := strings.Split(strings.TrimSpace(StoredSweepJSON()), "\n")[0]
	cases := []struct {
		name, line, want string
	}{
		{"empty", "", "no networks"},
		{"not an object", "[1,2]", "not a JSON object"},
		{"cut short", strings.Replace(good, `"cut_short":false`, `"cut_short":true`, 1), "cut short"},
		{"missing field", strings.Replace(good, `"epochs":30,`, "", 1), "epochs"},
		{"not a number", strings.Replace(good, `"test_error":0.422`, `"test_error":"x"`, 1), "test_error"},
		{"NaN", strings.Replace(good, `"train_loss":1.167780642997296`, `"train_loss":NaN`, 1), "train_loss"},
		{"short list", strings.Replace(good, `"delta_e":[0.009,`, `"delta_e":[`, 1), "differ in length"},
		{"index out of range", strings.Replace(good, `"misclassified":[3,`, `"misclassified":[1000,`, 1), "misclassified"},
		{"duplicate key", strings.Replace(good, `"epochs":30,`, `"epochs":30,"epochs":30,`, 1), "twice"},
		{"trailing comma", strings.TrimSuffix(good, "}") + ",}", "trailing comma"},
		{"unquoted key", strings.Replace(good, `"algo"`, `algo`, 1), "quoted"},
	}
	for _, c := range cases {
		if c.line == good {
			t.Fatalf("%s: the damage did not apply to %s", c.name, good)
		}
		_, err := parseStoredSweep(c.line)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one naming %q", c.name, err, c.want)
		}
	}
	if _, err := parseStoredSweep(good + "\n"); err != nil {
		t.Errorf("the first stored line alone: %v", err)
	}
}
