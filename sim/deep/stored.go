package deep

import (
	_ "embed"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// StoredSweepCommand is the sweep whose results are stored: the default
// sweep of the site's deep figure, on the site's digits (the command's
// subset at -seed 1).
const StoredSweepCommand = "flatland deep -widths 4,16,64,256 -layers 1 -algo sgd,rsgd -train 4000 -test 1000 -epochs 30 -sigmas 0.05,0.1,0.2,0.3,0.5 -draws 4 -replicas 3 -seed 1 -json"

// storedSweep holds the JSON lines of StoredSweepCommand without their
// wall-clock "seconds" field, as made by
//
//	go run ./sim/cmd/flatland deep -widths 4,16,64,256 -layers 1 -algo sgd,rsgd -train 4000 -test 1000 -epochs 30 -sigmas 0.05,0.1,0.2,0.3,0.5 -draws 4 -replicas 3 -seed 1 -json | sed 's/,"seconds":[0-9.e+-]*//' > sim/deep/stored/default-sweep.jsonl
//
// The sweep takes about 14 s of CPU natively and minutes in a slow
// browser, so the front end draws these at once, marked as stored, while
// it recomputes them live. TestDeepStoredSweep (sim/cmd/flatland) re-runs
// the command and requires the same lines byte for byte, so the file
// cannot drift from the code that made it.
//
//go:embed stored/default-sweep.jsonl
var storedSweep string

// StoredNetwork is one network of the stored sweep: its result as the
// command printed it (local energies rounded to their standard errors).
type StoredNetwork struct {
	Algo   string
	Width  int
	Result Result
	// printed are the numbers' texts, by field name: lists hold their
	// elements' texts.
	printed map[string][]string
}

// StoredSweepJSON is the stored sweep as the command printed it (JSON
// lines without "seconds").
func StoredSweepJSON() string { return storedSweep }

// StoredSweep parses the stored sweep (in the command's order: each
// algorithm over the widths).
func StoredSweep() ([]StoredNetwork, error) { return parseStoredSweep(storedSweep) }

// parseStoredSweep reads JSON lines of `flatland deep -json` (flat
// objects of numbers, strings, booleans and lists of numbers; the site's
// module carries no encoding/json).
func parseStoredSweep(text string) ([]StoredNetwork, error) {
	var out []StoredNetwork
	for i, ln := range strings.Split(text, "\n") {
		if strings.TrimSpace(ln) == "" {
			continue
		}
		fields, err := parseFlatJSON(ln)
		if err != nil {
			return nil, fmt.Errorf("stored sweep, line %d: %w", i+1, err)
		}
		n, err := storedNetworkOf(fields)
		if err != nil {
			return nil, fmt.Errorf("stored sweep, line %d: %w", i+1, err)
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("stored sweep: no networks")
	}
	return out, nil
}

// parseFlatJSON splits one flat JSON object into its fields' value texts:
// a scalar is one text (a string without its quotes), a list its elements.
func parseFlatJSON(s string) (map[string][]string, error) {
	s = strings.TrimSpace(s)
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return nil, fmt.Errorf("not a JSON object")
	}
	s = s[1 : len(s)-1]
	out := map[string][]string{}
	for len(s) > 0 {
		if s[0] != '"' {
			return nil, fmt.Errorf("a key must be quoted near %q", clip(s))
		}
		end := strings.IndexByte(s[1:], '"')
		if end < 0 || len(s) < end+3 || s[end+2] != ':' {
			return nil, fmt.Errorf("bad key near %q", clip(s))
		}
		key := s[1 : end+1]
		s = s[end+3:]
		var vals []string
		switch {
		case strings.HasPrefix(s, "["):
			k := strings.IndexByte(s, ']')
			if k < 0 {
				return nil, fmt.Errorf("%s: unclosed list", key)
			}
			if inner := s[1:k]; inner != "" {
				vals = strings.Split(inner, ",")
			} else {
				vals = []string{}
			}
			s = s[k+1:]
		case strings.HasPrefix(s, `"`):
			k := strings.IndexByte(s[1:], '"')
			if k < 0 || strings.Contains(s[1:k+1], `\`) {
				return nil, fmt.Errorf("%s: unclosed or escaped string", key)
			}
			vals, s = []string{s[1 : k+1]}, s[k+2:]
		default:
			k := strings.IndexByte(s, ',')
			if k < 0 {
				k = len(s)
			}
			vals, s = []string{s[:k]}, s[k:]
		}
		if _, dup := out[key]; dup {
			return nil, fmt.Errorf("%s twice", key)
		}
		out[key] = vals
		if strings.HasPrefix(s, ",") {
			s = s[1:]
			if s == "" {
				return nil, fmt.Errorf("trailing comma")
			}
		} else if s != "" {
			return nil, fmt.Errorf("%s: expected a comma near %q", key, clip(s))
		}
	}
	return out, nil
}

func clip(s string) string { return s[:min(len(s), 20)] }

// storedNetworkOf reads one network's fields.
func storedNetworkOf(f map[string][]string) (StoredNetwork, error) {
	var firstErr error
	scalar := func(key string) string {
		v, ok := f[key]
		if (!ok || len(v) != 1) && firstErr == nil {
			firstErr = fmt.Errorf("%s: missing or not a single value", key)
		}
		if len(v) == 1 {
			return v[0]
		}
		return ""
	}
	integer := func(key string) int {
		n, err := strconv.Atoi(scalar(key))
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("%s: not a whole number", key)
		}
		return n
	}
	number := func(key string, text string) float64 {
		v, err := strconv.ParseFloat(text, 64)
		if (err != nil || math.IsNaN(v) || math.IsInf(v, 0)) && firstErr == nil {
			firstErr = fmt.Errorf("%s: %q is not a finite number", key, text)
		}
		return v
	}
	list := func(key string) []float64 {
		out := []float64{}
		for _, t := range f[key] {
			out = append(out, number(key, t))
		}
		return out
	}
	n := StoredNetwork{Algo: scalar("algo"), Width: integer("width"), printed: f}
	if cut := scalar("cut_short"); cut != "false" && firstErr == nil {
		firstErr = fmt.Errorf("the network was cut short")
	}
	if interp := scalar("interpolated"); interp != "true" && interp != "false" && firstErr == nil {
		firstErr = fmt.Errorf("interpolated: %q is not a boolean", interp)
	}
	nTrain, nTest := integer("train"), integer("test")
	layers := integer("layers")
	seed, err := strconv.ParseUint(scalar("seed"), 10, 64)
	if err != nil && firstErr == nil {
		firstErr = fmt.Errorf("seed: not a whole number")
	}
	r := Result{Epochs: integer("epochs"), Interpolated: scalar("interpolated") == "true", Done: true,
		Sigmas: list("sigma"), NoisyError: list("noisy_train_error"), NoisyErrorSE: list("noisy_train_error_se"), DeltaE: list("delta_e")}
	r.Train.Error, r.Train.Loss = number("train_error", scalar("train_error")), number("train_loss", scalar("train_loss"))
	r.Test.Error, r.Test.Loss = number("test_error", scalar("test_error")), number("test_loss", scalar("test_loss"))
	r.Train.Errors, r.Test.Errors = int(math.Round(r.Train.Error*float64(nTrain))), int(math.Round(r.Test.Error*float64(nTest)))
	for _, t := range f["misclassified"] {
		i, err := strconv.Atoi(t)
		if (err != nil || i < 0 || i >= nTest) && firstErr == nil {
			firstErr = fmt.Errorf("misclassified: %q is not a test image index", t)
		}
		r.Misclassified = append(r.Misclassified, i)
	}
	k := len(r.Sigmas)
	if (k == 0 || len(r.NoisyError) != k || len(r.NoisyErrorSE) != k || len(r.DeltaE) != k) && firstErr == nil {
		firstErr = fmt.Errorf("the lists of sigma, noisy_train_error, noisy_train_error_se and delta_e differ in length")
	}
	if firstErr != nil {
		return StoredNetwork{}, firstErr
	}
	r.Config = DefaultConfig()
	r.Config.Algo, r.Config.Seed, r.Config.Hidden = n.Algo, seed, nil
	for range layers {
		r.Config.Hidden = append(r.Config.Hidden, n.Width)
	}
	n.Result = r
	return n, nil
}

// storedRounded are the fields the command prints rounded to their
// uncertainty; it prints every other number with all its digits.
var storedRounded = map[string]bool{"noisy_train_error": true, "noisy_train_error_se": true, "delta_e": true}

// Differences lists where live, the same network measured again, differs
// from the stored one as the command printed it (empty: identical): whole
// numbers and fully printed numbers must be equal, rounded ones must print
// the same at the stored number of decimals.
func (n StoredNetwork) Differences(live Result) []string {
	var out []string
	same := func(key string, text string, v float64) bool {
		s, err := strconv.ParseFloat(text, 64)
		if err == nil && s == v {
			return true
		}
		if !storedRounded[key] {
			return false
		}
		decimals := 0
		if k := strings.IndexByte(text, '.'); k >= 0 {
			decimals = len(text) - k - 1
		}
		return strconv.FormatFloat(v, 'f', decimals, 64) == text
	}
	check := func(key string, vs []float64) {
		texts := n.printed[key]
		if len(texts) != len(vs) {
			out = append(out, fmt.Sprintf("%s: %d values stored, %d live", key, len(texts), len(vs)))
			return
		}
		for i, t := range texts {
			if !same(key, t, vs[i]) {
				out = append(out, fmt.Sprintf("%s: stored %s, live %s", key, strings.Join(texts, ","), formatLive(vs)))
				return
			}
		}
	}
	if live.Epochs != n.Result.Epochs {
		out = append(out, fmt.Sprintf("epochs: stored %d, live %d", n.Result.Epochs, live.Epochs))
	}
	if live.Interpolated != n.Result.Interpolated {
		out = append(out, fmt.Sprintf("interpolated: stored %v, live %v", n.Result.Interpolated, live.Interpolated))
	}
	check("train_error", []float64{live.Train.Error})
	check("train_loss", []float64{live.Train.Loss})
	check("test_error", []float64{live.Test.Error})
	check("test_loss", []float64{live.Test.Loss})
	check("sigma", live.Sigmas)
	check("noisy_train_error", live.NoisyError)
	check("noisy_train_error_se", live.NoisyErrorSE)
	check("delta_e", live.DeltaE)
	if _, ok := n.printed["misclassified"]; ok {
		// live may keep more of them than were printed
		wrong := make([]float64, min(len(live.Misclassified), len(n.Result.Misclassified)))
		for i := range wrong {
			wrong[i] = float64(live.Misclassified[i])
		}
		check("misclassified", wrong)
	}
	return out
}

func formatLive(vs []float64) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strings.Join(s, ",")
}
