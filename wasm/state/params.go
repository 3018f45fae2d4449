package state

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
)

// Kind says how a parameter's value is read and shown.
type Kind int

const (
	Float  Kind = iota // finite real number in [Min, Max]
	Int                // integer in [Min, Max]
	Choice             // one of Choices
	Bool               // 0/1 (also true/false, on/off, yes/no)
)

// Spec describes one parameter: its URL/CLI name, a label for the controls,
// its valid range and default, and which figures use it.
type Spec struct {
	Key     string   // URL and CLI flag name, e.g. "alpha-d"
	Label   string   // shown next to the control
	Help    string   // one line shown in the help overlay
	Kind    Kind     // how to parse it
	Min     float64  // Float/Int: smallest valid value
	Max     float64  // Float/Int: largest valid value
	Def     string   // default value as it would appear in a URL
	Choices []string // Choice: valid values in display order
	Log     bool     // Float: slider moves on a log scale
	Step    float64  // Float/Int: arrow-key step (relative step if Log)
	Figures []string // figures that use it; empty = every figure
	Control bool     // shown as a control
}

// Figure names, in the order the explorer presents them.
var Figures = FigureNames()

// Algorithms offered by the train and landscape figures (CLI names).
var Algorithms = []string{"cpr", "sgd", "sa", "rsa", "rsgd", "fbp"}

// Specs is the single table of parameters the program understands.
var Specs = []Spec{
	{Key: "figure", Label: "figure", Help: "which figure this page shows", Kind: Choice, Choices: Figures, Def: "diagram"},
	{Key: "alpha", Label: "α = P/N", Help: "data per weight (training examples P over trainable weights N)", Kind: Float, Min: 0.02, Max: 3, Def: "0.4", Step: 0.01, Control: true},
	{Key: "alpha-d", Label: "α_D = D/N", Help: "input dimension per weight; small α_D = many features = overparameterized", Kind: Float, Min: 0.05, Max: 10, Def: "1", Log: true, Step: 0.05, Control: true},
	{Key: "act", Label: "activation", Help: "feature non-linearity σ of the random features", Kind: Choice, Choices: []string{"sign", "relu", "tanh", "erf"}, Def: "sign", Control: true},
	{Key: "labels", Label: "labels", Help: "teacher: a hidden perceptron labels the inputs; random: storage problem", Kind: Choice, Choices: []string{"teacher", "random"}, Def: "teacher", Control: true},
	{Key: "algo", Label: "algorithm", Help: "training algorithm (CLI name)", Kind: Choice, Choices: Algorithms, Def: "rsgd", Figures: []string{"train"}, Control: true},
	{Key: "n", Label: "N weights", Help: "number of trainable binary weights in simulations", Kind: Int, Min: 21, Max: 2001, Def: "301", Step: 20, Figures: []string{"train", "landscape", "diagram", "generalization"}, Control: true},
	{Key: "seed", Label: "seed", Help: "random seed of the simulated instance", Kind: Int, Min: 0, Max: 999999, Def: "1", Step: 1, Figures: []string{"train", "landscape", "diagram", "generalization"}, Control: true},
	{Key: "speed", Label: "speed", Help: "training speed: slow = 1 epoch per frame, fast = 10, max = all the frame budget", Kind: Choice, Choices: []string{"slow", "fast", "max"}, Def: "slow", Figures: []string{"train"}, Control: true},
	{Key: "controls", Label: "controls", Help: "0 hides the controls (for embedding)", Kind: Bool, Def: "1"},
	{Key: "autoplay", Label: "autoplay", Help: "1 starts training at once (train figure)", Kind: Bool, Def: "0", Figures: []string{"train"}},
}

// SpecFor returns the spec with the given key.
func SpecFor(key string) (Spec, bool) {
	for _, s := range Specs {
		if s.Key == key {
			return s, true
		}
	}
	return Spec{}, false
}

// UsedBy reports whether the parameter matters for figure fig.
func (s Spec) UsedBy(fig string) bool {
	if len(s.Figures) == 0 {
		return true
	}
	for _, f := range s.Figures {
		if f == fig {
			return true
		}
	}
	return false
}

// RangeText is the valid range as shown next to a control, e.g. "0.02–1.5".
func (s Spec) RangeText() string {
	switch s.Kind {
	case Float, Int:
		return strconv.FormatFloat(s.Min, 'f', -1, 64) + "–" + strconv.FormatFloat(s.Max, 'f', -1, 64)
	case Choice:
		return strings.Join(s.Choices, ", ")
	case Bool:
		return "0 or 1"
	}
	return ""
}

// Params is one complete, valid set of parameter values.
type Params struct {
	num map[string]float64
	str map[string]string
}

// Defaults returns the built-in defaults.
func Defaults() Params {
	p := Params{num: map[string]float64{}, str: map[string]string{}}
	for _, s := range Specs {
		v, err := s.parse(s.Def)
		if err != nil {
			panic("state: bad built-in default for " + s.Key + ": " + err.Error())
		}
		p.assign(s, v)
	}
	return p
}

type value struct {
	f float64
	s string
}

func (p *Params) assign(s Spec, v value) {
	if s.Kind == Choice {
		p.str[s.Key] = v.s
	} else {
		p.num[s.Key] = v.f
	}
}

// Clone returns an independent copy.
func (p Params) Clone() Params {
	q := Params{num: make(map[string]float64, len(p.num)), str: make(map[string]string, len(p.str))}
	for k, v := range p.num {
		q.num[k] = v
	}
	for k, v := range p.str {
		q.str[k] = v
	}
	return q
}

// Float returns a Float/Int/Bool parameter as a number.
func (p Params) Float(key string) float64 { return p.num[key] }

// Int returns an Int or Bool parameter.
func (p Params) Int(key string) int { return int(p.num[key]) }

// Bool returns a Bool parameter.
func (p Params) Bool(key string) bool { return p.num[key] != 0 }

// String returns a Choice parameter.
func (p Params) String(key string) string { return p.str[key] }

// Figure is the figure this page shows.
func (p Params) Figure() string { return p.str["figure"] }

// Text returns the value as it appears in a URL.
func (p Params) Text(key string) string {
	s, ok := SpecFor(key)
	if !ok {
		return ""
	}
	switch s.Kind {
	case Choice:
		return p.str[key]
	case Int, Bool:
		return strconv.FormatInt(int64(p.num[key]), 10)
	default:
		return strconv.FormatFloat(p.num[key], 'g', 6, 64)
	}
}

// Equal reports whether two parameter sets have the same values.
func (p Params) Equal(q Params) bool {
	for _, s := range Specs {
		if p.Text(s.Key) != q.Text(s.Key) {
			return false
		}
	}
	return true
}

// Set validates raw and assigns it; on error p is unchanged and the error is a
// plain-language sentence naming the parameter, the bad value and the range.
func (p *Params) Set(key, raw string) error {
	s, ok := SpecFor(key)
	if !ok {
		return fmt.Errorf("unknown parameter %q was ignored", clip(key))
	}
	v, err := s.parse(raw)
	if err != nil {
		return err
	}
	p.assign(s, v)
	return nil
}

// SetFloat assigns a number, clamped into the valid range (controls use it).
func (p *Params) SetFloat(key string, v float64) {
	s, ok := SpecFor(key)
	if !ok || s.Kind == Choice || math.IsNaN(v) {
		return
	}
	v = math.Max(s.Min, math.Min(s.Max, v))
	if s.Kind == Int {
		v = math.Round(v)
	}
	if s.Kind == Bool {
		if v != 0 {
			v = 1
		}
	}
	p.num[key] = v
}

// SetChoice assigns a Choice parameter if c is one of its choices.
func (p *Params) SetChoice(key, c string) bool {
	s, ok := SpecFor(key)
	if !ok || s.Kind != Choice {
		return false
	}
	for _, x := range s.Choices {
		if x == c {
			p.str[key] = c
			return true
		}
	}
	return false
}

func clip(s string) string {
	const max = 40
	r := []rune(s)
	if len(r) > max {
		return string(r[:max]) + "…"
	}
	return s
}

func (s Spec) parse(raw string) (value, error) {
	t := strings.TrimSpace(raw)
	switch s.Kind {
	case Choice:
		l := strings.ToLower(t)
		for _, c := range s.Choices {
			if c == l {
				return value{s: c}, nil
			}
		}
		return value{}, fmt.Errorf("%s=%q is not one of %s; using %s", s.Key, clip(raw), strings.Join(s.Choices, ", "), s.Def)
	case Bool:
		switch strings.ToLower(t) {
		case "1", "true", "yes", "on":
			return value{f: 1}, nil
		case "0", "false", "no", "off":
			return value{f: 0}, nil
		}
		return value{}, fmt.Errorf("%s=%q should be 0 or 1; using %s", s.Key, clip(raw), s.Def)
	case Int:
		f, err := strconv.ParseFloat(t, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f != math.Trunc(f) {
			return value{}, fmt.Errorf("%s=%q is not a whole number; using %s", s.Key, clip(raw), s.Def)
		}
		if f < s.Min || f > s.Max {
			return value{}, fmt.Errorf("%s=%s is outside the valid range %s; using %s", s.Key, clip(t), s.RangeText(), s.Def)
		}
		return value{f: f}, nil
	default:
		f, err := strconv.ParseFloat(t, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return value{}, fmt.Errorf("%s=%q is not a number; using %s", s.Key, clip(raw), s.Def)
		}
		if f < s.Min || f > s.Max {
			return value{}, fmt.Errorf("%s=%s is outside the valid range %s; using %s", s.Key, clip(t), s.RangeText(), s.Def)
		}
		return value{f: f}, nil
	}
}

// Parse builds parameters from page defaults (key -> raw value, may be nil)
// overridden by a URL query string (with or without the leading "?"). Every bad
// value is replaced by the built-in default and reported in msgs, in a stable
// order (defaults first, then query order). Unknown keys are reported too.
func Parse(defaults map[string]string, query string) (p Params, msgs []string) {
	p = Defaults()
	for _, s := range Specs { // fixed order, not map order
		raw, ok := defaults[s.Key]
		if !ok {
			continue
		}
		if err := p.Set(s.Key, raw); err != nil {
			msgs = append(msgs, "page default "+err.Error())
		}
	}
	query = strings.TrimPrefix(query, "?")
	if len(query) > 4096 {
		query = query[:4096]
		msgs = append(msgs, "the address is too long; only its first 4096 characters were read")
	}
	for _, part := range strings.Split(query, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		key, err1 := url.QueryUnescape(k)
		val, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			msgs = append(msgs, fmt.Sprintf("could not read %q in the address; it was ignored", clip(part)))
			continue
		}
		if err := p.Set(key, val); err != nil {
			msgs = append(msgs, err.Error())
		}
	}
	return p, msgs
}

// Encode writes the parameters used by the current figure as a query string
// (without "?"), in table order, so that the address reproduces the view.
// controls and autoplay are written only when they differ from the default.
func (p Params) Encode() string {
	var b strings.Builder
	fig := p.Figure()
	for _, s := range Specs {
		if !s.UsedBy(fig) {
			continue
		}
		if (s.Key == "controls" || s.Key == "autoplay") && p.Text(s.Key) == s.Def {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(s.Key))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(p.Text(s.Key)))
	}
	return b.String()
}

// Map returns the parameters as key -> URL text (for publishing to JS).
func (p Params) Map() map[string]string {
	m := make(map[string]string, len(Specs))
	for _, s := range Specs {
		m[s.Key] = p.Text(s.Key)
	}
	return m
}
