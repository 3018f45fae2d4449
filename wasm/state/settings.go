package state

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"flatland/sim/activation"
	"flatland/sim/data"
	"flatland/sim/labels"
	"flatland/sim/train"
)

// Settings is one complete, valid set of the values a page is driven by,
// decoded once from the address (and page defaults, and host messages).
// Field names follow the URL keys and CLI flags; Specs describes each one.
type Settings struct {
	Figure   string          // figure: one of Figures
	Alpha    float64         // alpha: P/N
	AlphaD   float64         // alpha-d: D/N
	Act      data.Activation // act
	Labels   data.Labels     // labels
	Algo     string          // algo: one of Algorithms (train.Names)
	SimAlgo  string          // simalgo: the diagram's simulation marks, one of SimAlgorithms
	N        int             // n: trainable weights of simulations
	Seed     uint64          // seed
	Speed    Speed           // speed of the train figure
	Controls bool            // controls: false hides the controls column
	Hide     string          // hide: controls hidden one by one, keys in table order, comma-separated
	Autoplay bool            // autoplay: the train figure starts playing at once
	Theme    ThemeChoice     // theme: light, dark, or auto (the reader's system setting)
	Workers  string          // workers: "auto" or 0..8 Web Workers for independent computations (0: none)
	Deep     DeepSettings    // the deep figure's sweep (deep.go)
}

// Speed is how fast the train figure advances.
type Speed int

const (
	SpeedSlow Speed = iota // 60 epochs a second: one per frame at 60 Hz
	SpeedFast              // 600 epochs a second: ten per frame at 60 Hz
	SpeedMax               // all of the frame's compute budget
)

var speedNames = []string{"slow", "fast", "max"}

func (s Speed) String() string {
	if s < 0 || int(s) >= len(speedNames) {
		return "slow"
	}
	return speedNames[s]
}

// ParseSpeed accepts slow, fast or max.
func ParseSpeed(s string) (Speed, error) {
	for i, n := range speedNames {
		if n == s {
			return Speed(i), nil
		}
	}
	return SpeedSlow, fmt.Errorf("unknown speed %q (want slow, fast or max)", s)
}

// Kind says how a parameter's value is read and shown.
type Kind int

const (
	Float  Kind = iota // finite real number in [Min, Max]
	Int                // integer in [Min, Max]
	Choice             // one of Choices
	Bool               // 0/1 (also true/false, on/off, yes/no)
	List               // comma-separated subset of Choices ("" for none)
)

// URL keys (and CLI flag names) of the settings; the compiler catches a typo.
const (
	KeyFigure   = "figure"
	KeyAlpha    = "alpha"
	KeyAlphaD   = "alpha-d"
	KeyAct      = "act"
	KeyLabels   = "labels"
	KeyAlgo     = "algo"
	KeySimAlgo  = "simalgo"
	KeyN        = "n"
	KeySeed     = "seed"
	KeySpeed    = "speed"
	KeyControls = "controls"
	KeyHide     = "hide"
	KeyWorkers  = "workers"
	KeyAutoplay = "autoplay"
	KeyTheme    = "theme"
)

// Spec describes one parameter: its URL/CLI name, a label for the controls,
// its valid range and default, which figures use it, and the Settings field
// it reads and writes.
type Spec struct {
	Key     string   // URL and CLI flag name, e.g. "alpha-d"
	Label   string   // shown next to the control
	Help    string   // one line shown in the help overlay
	Kind    Kind     // how to parse it
	Min     float64  // Float/Int: smallest valid value
	Max     float64  // Float/Int: largest valid value
	Def     string   // default value as it would appear in a URL
	Choices []string // Choice, List: valid values in display order
	Log     bool     // Float: slider moves on a log scale
	Step    float64  // Float/Int: arrow-key step (relative step if Log)
	// Optional: only the figures whose catalog row lists the key use it
	// (FigureInfo.Uses); the others are used by every figure.
	Optional bool
	Control  bool // shown as a control
	// OmitDefault: written to the address only when it differs from the
	// default (settings of the page rather than of the figure's numbers).
	OmitDefault bool
	field       field // the typed Settings field
}

// field reads and writes one typed Settings field as a value: a number for
// Float/Int/Bool specs, a choice name for Choice specs.
type field struct {
	get func(*Settings) value
	set func(*Settings, value)
}

type value struct {
	f float64
	s string
}

func number[T float64 | int | uint64](p func(*Settings) *T) field {
	return field{
		get: func(s *Settings) value { return value{f: float64(*p(s))} },
		set: func(s *Settings, v value) { *p(s) = T(v.f) },
	}
}

func flag(p func(*Settings) *bool) field {
	return field{
		get: func(s *Settings) value {
			if *p(s) {
				return value{f: 1}
			}
			return value{f: 0}
		},
		set: func(s *Settings, v value) { *p(s) = v.f != 0 },
	}
}

func name(p func(*Settings) *string) field {
	return field{
		get: func(s *Settings) value { return value{s: *p(s)} },
		set: func(s *Settings, v value) { *p(s) = v.s },
	}
}

// enum is a Choice field of a typed enumeration; parse is only called with
// one of the spec's Choices.
func enum[T fmt.Stringer](p func(*Settings) *T, parse func(string) (T, error)) field {
	return field{
		get: func(s *Settings) value { return value{s: (*p(s)).String()} },
		set: func(s *Settings, v value) {
			if t, err := parse(v.s); err == nil {
				*p(s) = t
			}
		},
	}
}

// Figure names, in the order the explorer presents them.
var Figures = FigureNames()

// Algorithms offered by the train and landscape figures (CLI names).
var Algorithms = train.Names

// SimAlgorithms are the algorithms the diagram's simulation marks offer:
// focusing BP, the one that solves the most instances inside the gap
// between alpha_LE and alpha_c (the default: the marks show what the best
// algorithm reaches; the page runs it in its workers), and CP+R, about ten
// times quicker, which stalls earlier.
var SimAlgorithms = []string{"fbp", "cpr"}

// DefaultSimAlgo is the diagram's simulation algorithm when the address
// names none.
const DefaultSimAlgo = "fbp"

// Specs is the single table of parameters the program understands.
var Specs = []Spec{
	{Key: KeyFigure, Label: "figure", Help: "which figure this page shows", Kind: Choice, Choices: Figures, Def: "diagram",
		field: name(func(s *Settings) *string { return &s.Figure })},
	{Key: KeyAlpha, Label: "α = P/N", Help: "data per weight (training examples P over trainable weights N)", Kind: Float, Min: 0.02, Max: 3, Def: "0.4", Step: 0.01, Control: true,
		field: number(func(s *Settings) *float64 { return &s.Alpha })},
	{Key: KeyAlphaD, Label: "α_D = D/N", Help: "input dimension per weight; small α_D = many features = overparameterized", Kind: Float, Min: 0.05, Max: 10, Def: "1", Log: true, Step: 0.05, Control: true,
		field: number(func(s *Settings) *float64 { return &s.AlphaD })},
	{Key: KeyAct, Label: "activation", Help: "feature non-linearity σ of the random features", Kind: Choice, Choices: activation.Names(), Def: "sign", Control: true,
		field: enum(func(s *Settings) *data.Activation { return &s.Act }, data.ParseActivation)},
	{Key: KeyLabels, Label: "labels", Help: "teacher: a hidden perceptron labels the inputs; random: storage problem", Kind: Choice, Choices: labels.Names(), Def: "teacher", Control: true,
		field: enum(func(s *Settings) *data.Labels { return &s.Labels }, data.ParseLabels)},
	{Key: KeyAlgo, Label: "algorithm", Help: "training algorithm (CLI name)", Kind: Choice, Choices: Algorithms, Def: "rsgd", Optional: true, Control: true,
		field: name(func(s *Settings) *string { return &s.Algo })},
	{Key: KeySimAlgo, Label: "simulations", Help: "algorithm of the simulation marks (CLI name): fbp (focusing BP) solves the most instances; cpr is quicker", Kind: Choice, Choices: SimAlgorithms, Def: DefaultSimAlgo, Optional: true, Control: true,
		field: name(func(s *Settings) *string { return &s.SimAlgo })},
	{Key: KeyN, Label: "N weights", Help: "number of trainable binary weights in simulations", Kind: Int, Min: 21, Max: 2001, Def: "301", Step: 20, Optional: true, Control: true,
		field: number(func(s *Settings) *int { return &s.N })},
	{Key: KeySeed, Label: "seed", Help: "random seed of the simulated instance", Kind: Int, Min: 0, Max: 999999, Def: "1", Step: 1, Optional: true, Control: true,
		field: number(func(s *Settings) *uint64 { return &s.Seed })},
	{Key: KeySpeed, Label: "speed", Help: "training speed: slow = 60 epochs a second (1 per frame at 60 Hz), fast = 600, max = all the frame budget", Kind: Choice, Choices: speedNames, Def: "slow", Optional: true, Control: true,
		field: enum(func(s *Settings) *Speed { return &s.Speed }, ParseSpeed)},
	{Key: KeyControls, Label: "controls", Help: "0 hides the controls (for embedding)", Kind: Bool, Def: "1", OmitDefault: true,
		field: flag(func(s *Settings) *bool { return &s.Controls })},
	{Key: KeyHide, Label: "hide", Help: "controls to hide, comma-separated (e.g. act,labels); the values still apply", Kind: List, Def: "", OmitDefault: true,
		field: name(func(s *Settings) *string { return &s.Hide })}, // Choices: the control keys, set in init
	{Key: KeyAutoplay, Label: "autoplay", Help: "1 starts training at once (train figure)", Kind: Bool, Def: "0", Optional: true, OmitDefault: true,
		field: flag(func(s *Settings) *bool { return &s.Autoplay })},
	{Key: KeyTheme, Label: "theme", Help: "colours: light, dark, or auto (follow the reader's light or dark system setting)", Kind: Choice, Choices: themeNames, Def: "auto", OmitDefault: true,
		field: enum(func(s *Settings) *ThemeChoice { return &s.Theme }, ParseTheme)},
	{Key: KeyWorkers, Label: "workers", Help: "Web Workers computing diagram points and deep networks beside the page: auto (one per processor, at most 8), or 0 to 8 (0: all on the page)", Kind: Choice, Choices: WorkerChoices, Def: "auto", OmitDefault: true,
		field: name(func(s *Settings) *string { return &s.Workers })},
}

// WorkerChoices are the values of workers= (site/workers.js reads the same parameter).
var WorkerChoices = []string{"auto", "0", "1", "2", "3", "4", "5", "6", "7", "8"}

// hide= names the parameters shown as controls (the table cannot refer to
// itself in its own initializer).
func init() {
	for i := range Specs {
		if Specs[i].Key == KeyHide {
			Specs[i].Choices = ControlKeys()
		}
	}
}

// ControlKeys lists the keys of the parameters shown as controls, in table order.
func ControlKeys() []string {
	var keys []string
	for _, s := range Specs {
		if s.Control {
			keys = append(keys, s.Key)
		}
	}
	return keys
}

// Hides reports whether hide= hides the control of parameter key.
func (st Settings) Hides(key string) bool {
	for _, k := range strings.Split(st.Hide, ",") {
		if k == key {
			return true
		}
	}
	return false
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
	info, _ := FigureByName(fig)
	if !s.Optional {
		return !slices.Contains(info.Ignores, s.Key)
	}
	for _, k := range info.Uses {
		if k == s.Key {
			return true
		}
	}
	return false
}

// UsedByNames lists the figures that use the parameter, in catalog order
// (nil: every figure). A function, not a method: the page module would keep
// an unused exported method of Spec.
func UsedByNames(s Spec) []string {
	if !s.Optional && !ignoredByAny(s.Key) {
		return nil
	}
	var names []string
	for _, f := range Catalog {
		if s.UsedBy(f.Name) {
			names = append(names, f.Name)
		}
	}
	return names
}

// RangeText is the valid range as shown next to a control, e.g. "0.02–1.5".
func (s Spec) RangeText() string {
	switch s.Kind {
	case Float, Int:
		return strconv.FormatFloat(s.Min, 'f', -1, 64) + "–" + strconv.FormatFloat(s.Max, 'f', -1, 64)
	case Choice:
		return strings.Join(s.Choices, ", ")
	case List:
		return "none, or any of " + strings.Join(s.Choices, ", ") + " (comma-separated)"
	case Bool:
		return "0 or 1"
	}
	return ""
}

// Number returns the value of a Float, Int or Bool spec in st (0 for a Choice).
func (s Spec) Number(st Settings) float64 { return s.field.get(&st).f }

// Choice returns the value of a Choice or List spec in st ("" for other kinds).
func (s Spec) Choice(st Settings) string { return s.field.get(&st).s }

// Text returns the value of s in st as it appears in a URL.
func (s Spec) Text(st Settings) string {
	v := s.field.get(&st)
	switch s.Kind {
	case Choice, List:
		return v.s
	case Int, Bool:
		return strconv.FormatInt(int64(v.f), 10)
	default:
		return FormatSetting(v.f)
	}
}

// FormatSetting writes a Float setting as it appears in a URL.
func FormatSetting(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }

// SetNumber writes v, snapped to the slider grid (Snap) and so inside the
// valid range, into a Float or Int field; Bool fields take v != 0. NaN and
// Choice specs leave st unchanged. It reports whether the field changed.
func (s Spec) SetNumber(st *Settings, v float64) bool {
	if s.Kind == Choice || s.Kind == List || math.IsNaN(v) {
		return false
	}
	switch s.Kind {
	case Bool:
		if v != 0 {
			v = 1
		}
	default:
		v = Snap(s, v)
	}
	old := s.field.get(st).f
	s.field.set(st, value{f: v})
	return old != v
}

// SetChoice writes c into a Choice field if c is one of its choices and
// reports whether it did.
func (s Spec) SetChoice(st *Settings, c string) bool {
	if s.Kind != Choice {
		return false
	}
	for _, x := range s.Choices {
		if x == c {
			s.field.set(st, value{s: c})
			return true
		}
	}
	return false
}

// Defaults returns the built-in defaults.
func Defaults() Settings {
	var st Settings
	for _, s := range Specs {
		v, err := s.parse(s.Def)
		if err != nil {
			panic("state: bad built-in default for " + s.Key + ": " + err.Error())
		}
		s.field.set(&st, v)
	}
	return st
}

// Text returns the value of the parameter key as it appears in a URL ("" for
// an unknown key).
func (st Settings) Text(key string) string {
	s, ok := SpecFor(key)
	if !ok {
		return ""
	}
	return s.Text(st)
}

// Set validates raw and assigns it; on error st is unchanged and the error is
// a plain-language sentence naming the parameter, the bad value and the range.
// A List is the exception: its known items are kept, the unknown ones reported.
func (st *Settings) Set(key, raw string) error {
	s, ok := SpecFor(key)
	if !ok {
		return fmt.Errorf("unknown parameter %q was ignored", clip(key))
	}
	v, err := s.parse(raw)
	if err != nil && s.Kind != List {
		return err
	}
	if err != nil {
		s.field.set(st, v)
		return err
	}
	s.field.set(st, v)
	return nil
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
	case List:
		return s.parseList(t)
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

// parseList reads a comma-separated subset of the choices, written back in
// table order without repeats; unknown items are left out and named in the
// error, which comes with the value of the known ones.
func (s Spec) parseList(raw string) (value, error) {
	seen := map[string]bool{}
	var unknown []string
	for _, item := range strings.Split(raw, ",") {
		item = strings.ToLower(strings.TrimSpace(item))
		if item == "" {
			continue
		}
		known := false
		for _, c := range s.Choices {
			known = known || c == item
		}
		if known {
			seen[item] = true
		} else if len(unknown) < 3 {
			unknown = append(unknown, strconv.Quote(clip(item)))
		} else if len(unknown) == 3 {
			unknown = append(unknown, "…")
		}
	}
	var keep []string
	for _, c := range s.Choices {
		if seen[c] {
			keep = append(keep, c)
		}
	}
	v := value{s: strings.Join(keep, ",")}
	if len(unknown) > 0 {
		return v, fmt.Errorf("%s: %s is not one of %s and was ignored", s.Key, strings.Join(unknown, ", "), strings.Join(s.Choices, ", "))
	}
	return v, nil
}

// Parse builds settings from page defaults (key -> raw value, may be nil)
// overridden by a URL query string (with or without the leading "?"). Every bad
// value is replaced by the built-in default and reported in msgs, in a stable
// order (defaults first, then query order). Unknown keys are reported too.
func Parse(defaults map[string]string, query string) (st Settings, msgs []string) {
	st = Defaults()
	for _, s := range Specs { // fixed order, not map order
		raw, ok := defaults[s.Key]
		if !ok {
			continue
		}
		if err := st.Set(s.Key, raw); err != nil {
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
		if err := st.Set(key, val); err != nil {
			msgs = append(msgs, err.Error())
		}
	}
	return st, msgs
}

// Encode writes the settings used by the current figure as a query string
// (without "?"), in table order, so that the address reproduces the view.
// Page settings (OmitDefault: controls, hide, autoplay, theme) are written
// only when they differ from the default.
func (st Settings) Encode() string {
	var b strings.Builder
	for _, s := range Specs {
		if !s.UsedBy(st.Figure) {
			continue
		}
		if s.OmitDefault && s.Text(st) == s.Def {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(s.Key))
		b.WriteByte('=')
		v := url.QueryEscape(s.Text(st))
		if s.Kind == List {
			v = strings.ReplaceAll(v, "%2C", ",") // commas are plain in a query: hide=act,labels
		}
		b.WriteString(v)
	}
	return b.String()
}

// Map returns the settings as key -> URL text (for publishing to JS).
func (st Settings) Map() map[string]string {
	m := make(map[string]string, len(Specs))
	for _, s := range Specs {
		m[s.Key] = s.Text(st)
	}
	return m
}

// PickPoint moves the picked point (alpha_D, alpha), as a click in the
// diagram does, onto the sliders' grids (Snap) and inside their ranges.
func (st *Settings) PickPoint(alphaD, alpha float64) {
	for _, s := range Specs {
		switch s.Key {
		case KeyAlphaD:
			s.SetNumber(st, alphaD)
		case KeyAlpha:
			s.SetNumber(st, alpha)
		}
	}
}
