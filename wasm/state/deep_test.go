package state

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestDeepPlanOf(t *testing.T) {
	cases := []struct {
		name     string
		query    string
		widths   []int
		sigmas   []float64
		matches  bool
		nmsg     int
		noteHas  string
		cmdHas   string
		msgHas   string
		epochs   int
		replicas int
	}{
		{"defaults", "", []int{4, 16, 64, 256}, []float64{0.05, 0.1, 0.2, 0.3, 0.5}, true, 0, "", "flatland deep -widths 4,16,64,256 -layers 1 -algo sgd,rsgd -train 4000 -test 1000 -epochs 30 -sigmas 0.05,0.1,0.2,0.3,0.5 -draws 4 -replicas 3 -seed 1 -json", "", 30, 3},
		{"lists in menu order", "widths=256,8,8&sigmas=1,0.01", []int{8, 256}, []float64{0.01, 1}, true, 0, "", "-widths 8,256 ", "", 30, 3},
		{"unknown width dropped", "widths=3,64", []int{64}, []float64{0.05, 0.1, 0.2, 0.3, 0.5}, true, 1, "", "-widths 64 ", "is not one of", 30, 3},
		{"no width left: defaults", "widths=abc", []int{4, 16, 64, 256}, nil, true, 1, "no widths given", "-widths 4,16,64,256 ", "widths", 30, 3},
		{"empty sigmas: defaults", "sigmas=", nil, []float64{0.05, 0.1, 0.2, 0.3, 0.5}, true, 0, "no noise levels", "-sigmas 0.05,0.1,0.2,0.3,0.5 ", "", 30, 3},
		{"epochs out of range", "epochs=0&replicas=99", nil, nil, true, 2, "", "-epochs 30 ", "outside the valid range", 30, 3},
		{"other seed: other digits on the command line", "seed=2&epochs=12", nil, nil, false, 0, "", "-seed 2 ", "", 12, 3},
		{"fewer images", "train=2000&test=500", nil, nil, false, 0, "", "-train 2000 -test 500 ", "", 30, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, msgs := Parse(map[string]string{"figure": "deep"}, c.query)
			if len(msgs) != c.nmsg || (c.msgHas != "" && !strings.Contains(strings.Join(msgs, " "), c.msgHas)) {
				t.Errorf("messages %q, want %d containing %q", msgs, c.nmsg, c.msgHas)
			}
			p := DeepPlanOf(st)
			if c.widths != nil && !slices.Equal(p.Widths, c.widths) {
				t.Errorf("widths %v, want %v", p.Widths, c.widths)
			}
			if c.sigmas != nil && !slices.Equal(p.Sigmas, c.sigmas) {
				t.Errorf("sigmas %v, want %v", p.Sigmas, c.sigmas)
			}
			if p.MatchesCommand != c.matches || (p.CommandDataDifference == "") != c.matches {
				t.Errorf("matches command %v (%q), want %v", p.MatchesCommand, p.CommandDataDifference, c.matches)
			}
			if note := strings.Join(p.Notes, "; "); (c.noteHas == "") != (note == "") || !strings.Contains(note, c.noteHas) {
				t.Errorf("notes %q, want %q", note, c.noteHas)
			}
			if !strings.Contains(p.Command(), c.cmdHas) {
				t.Errorf("command %q lacks %q", p.Command(), c.cmdHas)
			}
			if p.Epochs != c.epochs || p.Replicas != c.replicas {
				t.Errorf("epochs %d replicas %d, want %d %d", p.Epochs, p.Replicas, c.epochs, c.replicas)
			}
		})
	}
}

// The deep settings leave the other figures' addresses alone, and the
// settings the deep figure ignores leave its address.
func TestDeepSettingsInAddresses(t *testing.T) {
	st, _ := Parse(map[string]string{"figure": "deep"}, "")
	enc := st.Encode()
	for _, k := range []string{"alpha=", "alpha-d=", "act=", "labels="} {
		if strings.Contains(enc, k) {
			t.Errorf("deep address %q has %s", enc, k)
		}
	}
	if want := "figure=deep&seed=1&widths=4,16,64,256"; !strings.HasPrefix(enc, want) {
		t.Errorf("deep address %q, want it to start %q", enc, want)
	}
	other, _ := Parse(map[string]string{"figure": "train"}, "")
	if enc := other.Encode(); strings.Contains(enc, "widths") || strings.Contains(enc, "epochs") || !strings.Contains(enc, "alpha=") {
		t.Errorf("train address %q", enc)
	}
}

func TestInterpolationWidthAndSummary(t *testing.T) {
	pts := []DeepPoint{
		{Algo: "sgd", Width: 4, Done: true, TrainError: 0.4, TestError: 0.42, DeltaE: []float64{0.01, 0.1}},
		{Algo: "rsgd", Width: 4, Done: true, TrainError: 0.12, TestError: 0.16, DeltaE: []float64{0.02, 0.19}},
		{Algo: "sgd", Width: 64, Done: true, Interpolated: true, TestError: 0.057, DeltaE: []float64{0.0004, 0.01}},
		{Algo: "rsgd", Width: 64, Done: true, Interpolated: true, TestError: 0.061, DeltaE: []float64{0.0003, 0.006}},
		{Algo: "sgd", Width: 256, Done: true, Interpolated: true, TestError: 0.051, DeltaE: []float64{0.0001, 0.0008}},
		{Algo: "rsgd", Width: 256},
	}
	if w := InterpolationWidth(pts, "sgd"); w != 64 {
		t.Errorf("sgd interpolation width %d, want 64", w)
	}
	if w := InterpolationWidth(pts[:2], "sgd"); w != 0 {
		t.Errorf("no interpolation: width %d, want 0", w)
	}
	d := DeepSummary{Points: pts, Total: 6, Sigma: 0.2, SigmaAt: 1, Algorithm: map[string]string{"sgd": "SGD", "rsgd": "replicated SGD"}, Stage: "Still computing."}
	text := d.Text()
	for _, want := range []string{"5 of 6 networks", "SGD: test error 0.42 at width 4, 0.051 at width 256 (falls with width); zero training error from width 64; local energy at σ = 0.2 falls with width (0.1 to 0.0008)",
		"replicated SGD: test error 0.16 at width 4, 0.061 at width 64 (falls with width)", "flatter than SGD's at 1 of 1 widths", "Still computing."} {
		if !strings.Contains(text, want) {
			t.Errorf("summary lacks %q:\n%s", want, text)
		}
	}
	if all := (DeepSummary{Points: pts[:2], Total: 2}).Text(); !strings.Contains(all, "no width reached zero training error.") {
		t.Errorf("finished sweep without interpolation: %q", all)
	}
	stored := d
	stored.Stored = 3
	if text := stored.Text(); !strings.Contains(text, "5 of 6 networks trained and measured (3 of them read from a stored run, 2 live).") {
		t.Errorf("summary with stored results: %q", text)
	}
	if woes := (DeepSummary{DataWoes: "The digits could not be loaded: 404"}).Text(); !strings.Contains(woes, "could not be loaded") {
		t.Errorf("summary without digits: %q", woes)
	}
}

// Any address gives a plan the figure can run: widths and noise levels
// from the menus, ascending, never empty; sizes within the shipped digits.
func FuzzDeepPlan(f *testing.F) {
	for _, s := range []string{"", "widths=3,abc&sigmas=", "widths=512,2&sigmas=1,0.01&epochs=200&draws=32", "train=1e9&test=-1", "widths=%2C%2C&sigmas=NaN", "layers=2&replicas=2&seed=999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		st, _ := Parse(map[string]string{"figure": "deep"}, q)
		p := DeepPlanOf(st)
		if len(p.Widths) == 0 || len(p.Sigmas) == 0 || !slices.IsSorted(p.Widths) || !slices.IsSorted(p.Sigmas) {
			t.Fatalf("%q: widths %v sigmas %v", q, p.Widths, p.Sigmas)
		}
		for _, w := range p.Widths {
			if !slices.Contains(DeepWidthChoices, FormatSetting(float64(w))) {
				t.Fatalf("%q: width %d not on the menu", q, w)
			}
		}
		for _, s := range p.Sigmas {
			if math.IsNaN(s) || s < 0 || s > 1 {
				t.Fatalf("%q: sigma %v", q, s)
			}
		}
		if p.Train < 100 || p.Train > DeepAssetTrain || p.Test < 100 || p.Test > DeepAssetTest || p.Layers < 1 || p.Layers > 2 ||
			p.Epochs < 1 || p.Draws < 1 || p.Replicas < 2 {
			t.Fatalf("%q: plan %+v", q, p)
		}
		if cmd := p.Command(); !strings.HasPrefix(cmd, "flatland deep -widths ") || strings.ContainsAny(cmd, "\"'\n;&|") {
			t.Fatalf("%q: command %q", q, cmd)
		}
	})
}
