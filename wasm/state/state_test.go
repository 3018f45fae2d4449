package state

import (
	"fmt"
	"maps"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"flatland/sim/data"
)

func TestParseParams(t *testing.T) {
	cases := []struct {
		name     string
		defaults map[string]string
		query    string
		want     map[string]string // key -> expected Text
		nmsg     int
		msgHas   string
	}{
		{"empty gives defaults", nil, "", map[string]string{"figure": "diagram", "alpha": "0.4", "alpha-d": "1", "act": "sign", "n": "301", "controls": "1"}, 0, ""},
		{"query values", nil, "?figure=train&alpha=0.6&alpha-d=0.5&act=relu&labels=random&algo=sa&n=401&seed=7&controls=0",
			map[string]string{"figure": "train", "alpha": "0.6", "alpha-d": "0.5", "act": "relu", "labels": "random", "algo": "sa", "n": "401", "seed": "7", "controls": "0"}, 0, ""},
		{"page defaults then query overrides", map[string]string{"figure": "entropy", "alpha": "0.3"}, "alpha=0.5",
			map[string]string{"figure": "entropy", "alpha": "0.5"}, 0, ""},
		{"out of range alpha falls back", nil, "alpha=7", map[string]string{"alpha": "0.4"}, 1, "outside the valid range"},
		{"not a number", nil, "alpha=abc", map[string]string{"alpha": "0.4"}, 1, "not a number"},
		{"NaN rejected", nil, "alpha=NaN", map[string]string{"alpha": "0.4"}, 1, "not a number"},
		{"Inf rejected", nil, "alpha-d=Inf", map[string]string{"alpha-d": "1"}, 1, "not a number"},
		{"bad choice", nil, "act=softmax", map[string]string{"act": "sign"}, 1, "not one of"},
		{"choice case-insensitive", nil, "act=ReLU", map[string]string{"act": "relu"}, 0, ""},
		{"fractional n", nil, "n=20.5", map[string]string{"n": "301"}, 1, "whole number"},
		{"n too small", nil, "n=3", map[string]string{"n": "301"}, 1, "outside"},
		{"unknown figure", nil, "figure=pie", map[string]string{"figure": "diagram"}, 1, "not one of"},
		{"unknown key", nil, "zoom=3", nil, 1, "unknown parameter"},
		{"bad escape", nil, "alpha=%zz", map[string]string{"alpha": "0.4"}, 1, "could not read"},
		{"bool words", nil, "controls=off&autoplay=yes", map[string]string{"controls": "0", "autoplay": "1"}, 0, ""},
		{"bad page default", map[string]string{"n": "many"}, "", map[string]string{"n": "301"}, 1, "page default"},
		{"escaped key", nil, "alpha%2Dd=2", map[string]string{"alpha-d": "2"}, 0, ""},
		{"several errors kept in order", nil, "alpha=9&n=x", nil, 2, "alpha=9"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, msgs := Parse(c.defaults, c.query)
			for k, v := range c.want {
				if got := p.Text(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if len(msgs) != c.nmsg {
				t.Fatalf("got %d messages %q, want %d", len(msgs), msgs, c.nmsg)
			}
			if c.msgHas != "" && !strings.Contains(msgs[0], c.msgHas) {
				t.Errorf("message %q does not contain %q", msgs[0], c.msgHas)
			}
		})
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	p, msgs := Parse(nil, "figure=train&alpha=0.55&alpha-d=0.25&act=tanh&labels=random&algo=fbp&n=1001&seed=42&controls=0")
	if len(msgs) != 0 {
		t.Fatal(msgs)
	}
	q := p.Encode()
	want := "figure=train&alpha=0.55&alpha-d=0.25&act=tanh&labels=random&algo=fbp&n=1001&seed=42&speed=slow&controls=0"
	if q != want {
		t.Errorf("Encode = %q, want %q", q, want)
	}
	p2, msgs := Parse(nil, q)
	if len(msgs) != 0 || p2 != p {
		t.Errorf("round trip changed params: %v %q", msgs, p2.Encode())
	}
	// entropy does not use algo/n/seed: they are left out of its address
	p.Figure = "entropy"
	if got := p.Encode(); strings.Contains(got, "algo=") || strings.Contains(got, "seed=") {
		t.Errorf("entropy address carries unused params: %q", got)
	}
}

func FuzzParseParams(f *testing.F) {
	for _, s := range []string{"", "alpha=0.5", "figure=train&n=401&seed=3", "alpha=%", "act=\xff", "n=1e3", "alpha=-0", "&&==&", "seed=999999999999999999999",
		"theme=dark&hide=labels,act,act", "hide=,,zoom,ACT", "theme=Light&hide=%2C"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		p, msgs := Parse(map[string]string{"figure": "entropy"}, q)
		// every value is valid, whatever the input
		for _, s := range Specs {
			switch s.Kind {
			case Float, Int:
				v := s.Number(p)
				if math.IsNaN(v) || v < s.Min || v > s.Max {
					t.Fatalf("%s = %v out of [%v, %v] for %q", s.Key, v, s.Min, s.Max, q)
				}
				if s.Kind == Int && v != math.Trunc(v) {
					t.Fatalf("%s = %v not whole", s.Key, v)
				}
			case Choice:
				ok := false
				for _, c := range s.Choices {
					ok = ok || c == s.Choice(p)
				}
				if !ok {
					t.Fatalf("%s = %q not a choice", s.Key, s.Choice(p))
				}
			case List:
				for _, item := range strings.Split(s.Choice(p), ",") {
					ok := item == "" && s.Choice(p) == ""
					for _, c := range s.Choices {
						ok = ok || c == item
					}
					if !ok {
						t.Fatalf("%s = %q holds %q, not a choice", s.Key, s.Choice(p), item)
					}
				}
			}
		}
		for _, m := range msgs {
			if len(m) > 400 {
				t.Fatalf("message too long (%d bytes)", len(m))
			}
		}
		// encoding is a fixed point
		p2, msgs2 := Parse(nil, p.Encode())
		if len(msgs2) != 0 {
			t.Fatalf("re-parse of %q gave %q", p.Encode(), msgs2)
		}
		if p2.Encode() != p.Encode() {
			t.Fatalf("encode not stable: %q vs %q", p2.Encode(), p.Encode())
		}
		for _, m := range msgs {
			if !utf8.ValidString(m) {
				t.Fatalf("message is not valid UTF-8: %q", m)
			}
		}
	})
}

func TestLinearTicks(t *testing.T) {
	cases := []struct {
		lo, hi float64
		max    int
		want   string
	}{
		{0, 1, 5, "0.0 0.2 0.4 0.6 0.8 1.0"},
		{0, 0.5, 5, "0.0 0.1 0.2 0.3 0.4 0.5"},
		{0, 1, 4, "0.00 0.25 0.50 0.75 1.00"},
		{-1, 1, 4, "-1.0 -0.5 0.0 0.5 1.0"},
		{0.03, 0.97, 5, "0.2 0.4 0.6 0.8"},
		{0, 2000, 5, "0 500 1000 1500 2000"},
		{0, 0.7, 6, "0.0 0.2 0.4 0.6"},
		{1, 1, 5, "1"},
		// steps of 2.5 x 10^k: every label shows its value ("7.5", not "8")
		{0, 10, 4, "0.0 2.5 5.0 7.5 10.0"},
		{0, 100, 4, "0 25 50 75 100"},
		{0, 0.1, 4, "0.000 0.025 0.050 0.075 0.100"},
	}
	for _, c := range cases {
		var got []string
		for _, tk := range LinearTicks(c.lo, c.hi, c.max) {
			got = append(got, tk.Label)
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("LinearTicks(%v, %v, %d) = %q, want %q", c.lo, c.hi, c.max, g, c.want)
		}
	}
}

func TestLogTicks(t *testing.T) {
	cases := []struct {
		lo, hi float64
		want   string // labelled ticks only
		minors int
	}{
		{0.05, 10, "0.05 0.1 0.2 0.5 1 2 5 10", 16},
		{0.001, 100, "0.001 0.01 0.1 1 10 100", 40},
		{1, 5, "1 1.5 2 3 4 5", 0},
	}
	for _, c := range cases {
		var got []string
		minors := 0
		for _, tk := range LogTicks(c.lo, c.hi) {
			if tk.Minor {
				minors++
			} else {
				got = append(got, tk.Label)
			}
		}
		if g := strings.Join(got, " "); g != c.want || minors != c.minors {
			t.Errorf("LogTicks(%v, %v) = %q with %d minor, want %q with %d", c.lo, c.hi, g, minors, c.want, c.minors)
		}
	}
}

func TestScale(t *testing.T) {
	cases := []struct {
		s     Scale
		v, px float64
	}{
		{Scale{Lo: 0, Hi: 1, P0: 100, P1: 300}, 0.25, 150},
		{Scale{Lo: 0, Hi: 1, P0: 300, P1: 100}, 0.25, 250},
		{Scale{Lo: 0.1, Hi: 10, P0: 0, P1: 200, Log: true}, 1, 100},
		{Scale{Lo: 0.05, Hi: 10, P0: 0, P1: 100, Log: true}, 0.05, 0},
	}
	for _, c := range cases {
		if got := c.s.Px(c.v); math.Abs(got-c.px) > 1e-9 {
			t.Errorf("Px(%v) = %v, want %v", c.v, got, c.px)
		}
		if got := c.s.Value(c.px); math.Abs(got-c.v) > 1e-9*math.Max(1, c.v) {
			t.Errorf("Value(%v) = %v, want %v", c.px, got, c.v)
		}
	}
}

func TestFormat(t *testing.T) {
	cases := []struct {
		f    func() string
		want string
	}{
		{func() string { return FormatNumber(0.05) }, "0.05"},
		{func() string { return FormatNumber(2.5) }, "2.5"},
		{func() string { return FormatNumber(1000) }, "1000"},
		{func() string { return FormatNumber(1.23456) }, "1.23"},
		{func() string { return FormatNumber(0.00001234) }, "1.23e-05"},
		{func() string { return FormatValue(0.123456, 3) }, "0.123"},
		{func() string { return FormatValue(12.3456, 3) }, "12.3"},
		{func() string { return FormatValue(math.NaN(), 3) }, "–"},
		{func() string { return FormatTick(0.25, 0.25) }, "0.25"},
		{func() string { return FormatTick(-0.0000000001, 0.1) }, "0.0"},
	}
	for i, c := range cases {
		if got := c.f(); got != c.want {
			t.Errorf("case %d: got %q, want %q", i, got, c.want)
		}
	}
}

func TestViridis(t *testing.T) {
	cases := []struct {
		t    float64
		want RGB
	}{
		{0, RGB{68, 1, 84}}, {1, RGB{253, 231, 37}}, {-3, RGB{68, 1, 84}}, {0.5, RGB{33, 144, 141}},
		{0.0625, RGB{70, 23, 103}}, {math.NaN(), RGB{128, 128, 128}},
	}
	for _, c := range cases {
		if got := Viridis(c.t); got != c.want {
			t.Errorf("Viridis(%v) = %v, want %v", c.t, got, c.want)
		}
	}
	// luminance increases monotonically (readable in grey)
	prev := -1.0
	for i := 0; i <= 100; i++ {
		c := Viridis(float64(i) / 100)
		l := 0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)
		if l < prev-0.5 {
			t.Fatalf("luminance drops at t=%v: %v < %v", float64(i)/100, l, prev)
		}
		prev = l
	}
}

func TestLayout(t *testing.T) {
	r := Rect{0, 0, 1000, 600}
	left, rest := r.SplitLeft(PanelWidth(r.W))
	if left.W != 230 || rest.X != 230 || rest.W != 770 {
		t.Errorf("split: %v %v", left, rest)
	}
	cols := Rect{10, 0, 310, 100}.Columns(3, 5)
	if len(cols) != 3 || cols[0].W != 100 || cols[2].X != 220 {
		t.Errorf("columns: %v", cols)
	}
	if PanelWidth(300) != 150 {
		t.Errorf("narrow panel %v", PanelWidth(300))
	}
	sd, _ := SpecFor("alpha-d")
	if v := SliderValue(sd, 0, 100, 50); v != 0.71 { // sqrt(0.05*10) = 0.7071 to two digits
		t.Errorf("log slider midpoint %v, want 0.71", v)
	}
	sa, _ := SpecFor("alpha")
	if v := SliderStep(sa, 0.4, 1, false); v != 0.41 {
		t.Errorf("step %v", v)
	}
	if v := SliderStep(sa, 2.99, 1, true); v != 3 {
		t.Errorf("clamped step %v", v)
	}
	sn, _ := SpecFor("n")
	if v := SliderStep(sn, 302, 1, false); v != 321 { // a URL value off the grid steps onto it
		t.Errorf("n step from 302 gave %v, want 321", v)
	}
}

// TestSliderGrid drags every slider pixel by pixel and presses every arrow:
// each value reached is on the slider's grid, inside the range, a fixed point
// of Snap, and reads back from its URL text unchanged.
func TestSliderGrid(t *testing.T) {
	for _, s := range Specs {
		if !s.Control || (s.Kind != Float && s.Kind != Int) {
			continue
		}
		seen := map[float64]bool{}
		for px := -5.0; px <= 405; px += 0.5 {
			seen[SliderValue(s, 0, 400, px)] = true
		}
		for v := range maps.Clone(seen) {
			for _, big := range []bool{false, true} {
				seen[SliderStep(s, v, 1, big)] = true
				seen[SliderStep(s, v, -1, big)] = true
			}
		}
		for v := range seen {
			if v < s.Min || v > s.Max || Snap(s, v) != v {
				t.Fatalf("%s: slider value %v is off the grid (Snap gives %v)", s.Key, v, Snap(s, v))
			}
			if !s.Log && s.Step > 0 {
				k := (v - s.Min) / s.Step
				if math.Abs(k-math.Round(k)) > 1e-9 && v != s.Max {
					t.Fatalf("%s: %v is not Min + k*Step", s.Key, v)
				}
			}
			p := Defaults()
			s.SetNumber(&p, v)
			if err := p.Set(s.Key, p.Text(s.Key)); err != nil || s.Number(p) != v {
				t.Fatalf("%s: %v does not survive its URL text %q (%v)", s.Key, v, p.Text(s.Key), err)
			}
		}
		if s.Key == "n" {
			for v := range seen {
				if int(v)%4 != 1 {
					t.Fatalf("n slider reaches N = %v; its grid should keep N = 1 (mod 4)", v)
				}
			}
		}
	}
}

func ExampleParse() {
	p, msgs := Parse(map[string]string{"figure": "entropy"}, "?alpha=0.6&act=relu&n=5")
	fmt.Println(p.Encode())
	fmt.Println(msgs)
	// Output:
	// figure=entropy&alpha=0.6&alpha-d=1&act=relu&labels=teacher
	// [n=5 is outside the valid range 21–2001; using 301]
}

// sim/replica/rf's TestEntropyFigureGrid walks the entropy figure's theory
// over alpha in [0.02, 3] and alpha_D in [0.05, 10]; widening these ranges
// needs that grid widened too.
func TestTheoryRangesCoveredBySimTests(t *testing.T) {
	for _, c := range []struct {
		key      string
		min, max float64
	}{{"alpha", 0.02, 3}, {"alpha-d", 0.05, 10}} {
		s, _ := SpecFor(c.key)
		if s.Min < c.min || s.Max > c.max {
			t.Errorf("%s range [%v, %v] is wider than the [%v, %v] that sim/replica/rf's TestEntropyFigureGrid covers", c.key, s.Min, s.Max, c.min, c.max)
		}
	}
}

// The address decodes once into typed fields of sim types.
func TestParseTypedSettings(t *testing.T) {
	st, msgs := Parse(nil, "figure=train&alpha=0.6&alpha-d=0.5&act=ReLU&labels=random&algo=sa&n=401&seed=999999&speed=max&controls=off&autoplay=1")
	if len(msgs) != 0 {
		t.Fatal(msgs)
	}
	want := Settings{Figure: "train", Alpha: 0.6, AlphaD: 0.5, Act: data.ReLU, Labels: data.RandomLabels, Algo: "sa", SimAlgo: "fbp",
		N: 401, Seed: 999999, Speed: SpeedMax, Controls: false, Autoplay: true, Workers: "auto", Deep: Defaults().Deep}
	if st != want {
		t.Errorf("Parse = %+v, want %+v", st, want)
	}
	def := Defaults()
	if def.Act != data.Sign || def.Labels != data.TeacherLabels || def.Speed != SpeedSlow || !def.Controls || def.Seed != 1 {
		t.Errorf("Defaults = %+v", def)
	}
}

// Each spec reads and writes its own field and no other: setting every
// spec, one at a time, to a value other than its default changes that key's
// text only.
func TestSpecFieldsAreDistinct(t *testing.T) {
	other := map[string]string{KeyFigure: "landscape", KeyAlpha: "1.5", KeyAlphaD: "2", KeyAct: "erf", KeyLabels: "random",
		KeyAlgo: "fbp", KeySimAlgo: "fbp", KeyN: "1001", KeySeed: "77", KeySpeed: "fast", KeyControls: "0", KeyAutoplay: "1",
		KeyHide: "act,labels", KeyTheme: "dark", KeyWorkers: "0",
		KeyWidths: "8,32", KeyLayers: "2", KeyTrain: "2000", KeyTest: "500", KeyEpochs: "12", KeySigmas: "0.1,1", KeyDraws: "7", KeyReplicas: "5"}
	if len(other) != len(Specs) {
		t.Fatalf("test covers %d keys, the table has %d", len(other), len(Specs))
	}
	for _, s := range Specs {
		st := Defaults()
		if err := st.Set(s.Key, other[s.Key]); err != nil {
			t.Fatalf("%s: %v", s.Key, err)
		}
		for _, u := range Specs {
			got, want := u.Text(st), u.Def
			if u.Key == s.Key {
				want = other[s.Key]
			}
			if got != want {
				t.Errorf("after setting %s=%s: %s = %q, want %q", s.Key, other[s.Key], u.Key, got, want)
			}
		}
	}
}

func TestSetNumberSnapsAndReports(t *testing.T) {
	sa, _ := SpecFor(KeyAlpha)
	sn, _ := SpecFor(KeyN)
	sc, _ := SpecFor(KeyControls)
	sact, _ := SpecFor(KeyAct)
	st := Defaults()
	cases := []struct {
		name    string
		spec    Spec
		v       float64
		changed bool
		want    string // Text after
	}{
		{"alpha onto its grid", sa, 0.6049, true, "0.6"},
		{"same value", sa, 0.6, false, "0.6"},
		{"clamped", sa, 99, true, "3"},
		{"NaN ignored", sa, math.NaN(), false, "3"},
		{"n onto 1 mod 4 grid", sn, 302, false, "301"},
		{"bool", sc, 0.2, false, "1"},
		{"bool off", sc, 0, true, "0"},
		{"choice ignored", sact, 2, false, "sign"},
	}
	for _, c := range cases {
		if got := c.spec.SetNumber(&st, c.v); got != c.changed {
			t.Errorf("%s: changed = %v, want %v", c.name, got, c.changed)
		}
		if got := c.spec.Text(st); got != c.want {
			t.Errorf("%s: %s = %q, want %q", c.name, c.spec.Key, got, c.want)
		}
	}
}

// Whatever number a control writes, the setting survives its own address.
func FuzzSetNumberRoundTrip(f *testing.F) {
	f.Add(uint8(1), 0.4)
	f.Add(uint8(2), 7.3)
	f.Add(uint8(6), 1e300)
	f.Add(uint8(7), -3.0)
	f.Fuzz(func(t *testing.T, i uint8, v float64) {
		s := Specs[int(i)%len(Specs)]
		st := Defaults()
		s.SetNumber(&st, v)
		back, msgs := Parse(nil, st.Encode())
		if len(msgs) != 0 {
			t.Fatalf("%s=%v: re-parse of %q gave %q", s.Key, v, st.Encode(), msgs)
		}
		if s.UsedBy(st.Figure) && s.Text(back) != s.Text(st) {
			t.Fatalf("%s=%v: %q reads back as %q", s.Key, v, s.Text(st), s.Text(back))
		}
	})
}
