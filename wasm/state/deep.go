package state

import (
	"strconv"
	"strings"
)

// Settings of the deep figure (a width sweep of ReLU networks on digits),
// named as the flags of `flatland deep`. The widths and noise levels are
// lists of a fixed menu (log-spaced), so that every address gives a sweep
// the page can finish; both algorithms (sgd and rsgd) always run, side by
// side.
const (
	KeyWidths   = "widths"
	KeyLayers   = "layers"
	KeyTrain    = "train"
	KeyTest     = "test"
	KeyEpochs   = "epochs"
	KeySigmas   = "sigmas"
	KeyDraws    = "draws"
	KeyReplicas = "replicas"
)

// DeepSettings are the deep figure's values (Settings.Deep).
type DeepSettings struct {
	Widths   string // widths: comma-separated subset of DeepWidthChoices
	Layers   int    // layers: hidden layers of each width (1 or 2)
	Train    int    // train: training images (a stratified part of the shipped 4,000)
	Test     int    // test: test images (of the shipped 1,000)
	Epochs   int    // epochs: training stops at zero training error or after this many
	Sigmas   string // sigmas: comma-separated subset of DeepSigmaChoices
	Draws    int    // draws: noise draws per sigma
	Replicas int    // replicas: rsgd's replicas
}

// The menus of widths and noise levels, and the shipped digits' sizes.
var (
	DeepWidthChoices = []string{"2", "4", "8", "16", "32", "64", "128", "256", "512"}
	DeepSigmaChoices = []string{"0.01", "0.02", "0.05", "0.1", "0.2", "0.3", "0.5", "0.7", "1"}
)

// Defaults of the page: lighter than the command's (fewer draws and
// replicas, at most 30 epochs) so that the sweep ends within a minute.
const (
	DeepDefaultWidths = "4,16,64,256"
	DeepDefaultSigmas = "0.05,0.1,0.2,0.3,0.5"
	DeepAssetTrain    = 4000 // images in the site's digit asset
	DeepAssetTest     = 1000
)

// DeepAlgos are the algorithms the figure compares, plain first.
var DeepAlgos = []string{"sgd", "rsgd"}

// deepSpecs are appended to Specs when the package is initialized (before
// any init function, so hide= lists their controls).
var deepSpecs = func() int {
	Specs = append(Specs,
		Spec{Key: KeyWidths, Label: "widths", Help: "hidden layer widths of the sweep, comma-separated (log-spaced menu)", Kind: List, Choices: DeepWidthChoices, Def: DeepDefaultWidths, Optional: true,
			field: name(func(s *Settings) *string { return &s.Deep.Widths })},
		Spec{Key: KeyLayers, Label: "layers", Help: "hidden layers of each width", Kind: Int, Min: 1, Max: 2, Def: "1", Step: 1, Optional: true, Control: true,
			field: number(func(s *Settings) *int { return &s.Deep.Layers })},
		Spec{Key: KeyTrain, Label: "train images", Help: "training images: a stratified part of the 4,000 shipped digits", Kind: Int, Min: 100, Max: DeepAssetTrain, Def: "4000", Step: 500, Optional: true,
			field: number(func(s *Settings) *int { return &s.Deep.Train })},
		Spec{Key: KeyTest, Label: "test images", Help: "test images: a stratified part of the 1,000 shipped test digits", Kind: Int, Min: 100, Max: DeepAssetTest, Def: "1000", Step: 100, Optional: true,
			field: number(func(s *Settings) *int { return &s.Deep.Test })},
		Spec{Key: KeyEpochs, Label: "epochs", Help: "training stops at zero training error or after this many epochs", Kind: Int, Min: 1, Max: 200, Def: "30", Step: 5, Optional: true, Control: true,
			field: number(func(s *Settings) *int { return &s.Deep.Epochs })},
		Spec{Key: KeySigmas, Label: "σ list", Help: "relative weight noise levels of the local energy, comma-separated", Kind: List, Choices: DeepSigmaChoices, Def: DeepDefaultSigmas, Optional: true,
			field: name(func(s *Settings) *string { return &s.Deep.Sigmas })},
		Spec{Key: KeyDraws, Label: "noise draws", Help: "noise draws per σ (error bars are their standard errors)", Kind: Int, Min: 1, Max: 32, Def: "4", Step: 1, Optional: true, Control: true,
			field: number(func(s *Settings) *int { return &s.Deep.Draws })},
		Spec{Key: KeyReplicas, Label: "replicas", Help: "replicated SGD: replicas coupled to their centre", Kind: Int, Min: 2, Max: 8, Def: "3", Step: 1, Optional: true, Control: true,
			field: number(func(s *Settings) *int { return &s.Deep.Replicas })},
	)
	return len(Specs)
}()

// DeepPlan is the deep figure's sweep, read from settings.
type DeepPlan struct {
	Widths                []int     // ascending
	Sigmas                []float64 // ascending
	Layers, Train, Test   int
	Epochs, Draws         int
	Replicas              int
	Seed                  uint64
	Notes                 []string // what was replaced (an empty list)
	MatchesCommand        bool     // the command line draws the same digits
	CommandDataDifference string   // why not, when it does not
}

// DeepPlanOf turns settings into a sweep; an empty list of widths or noise
// levels takes the default, with a note.
func DeepPlanOf(st Settings) DeepPlan {
	d := st.Deep
	p := DeepPlan{Layers: d.Layers, Train: d.Train, Test: d.Test, Epochs: d.Epochs, Draws: d.Draws, Replicas: d.Replicas, Seed: st.Seed}
	p.Widths = parseInts(d.Widths)
	if len(p.Widths) == 0 {
		p.Widths = parseInts(DeepDefaultWidths)
		p.Notes = append(p.Notes, "no widths given; using "+DeepDefaultWidths)
	}
	p.Sigmas = parseFloats(d.Sigmas)
	if len(p.Sigmas) == 0 {
		p.Sigmas = parseFloats(DeepDefaultSigmas)
		p.Notes = append(p.Notes, "no noise levels given; using σ = "+DeepDefaultSigmas)
	}
	// The command line draws its subset from the full MNIST files with
	// -seed; the shipped digits are its draw at seed 1.
	p.MatchesCommand = p.Train == DeepAssetTrain && p.Test == DeepAssetTest && p.Seed == 1
	if !p.MatchesCommand {
		p.CommandDataDifference = "the command line draws its images from the full MNIST set by -seed, and only at train=4000, test=1000, seed=1 are they the page's digits; its numbers differ here"
	}
	return p
}

// The lists hold menu items only (Spec.parseList), in menu order.
func parseInts(list string) []int {
	var out []int
	for _, s := range strings.Split(list, ",") {
		if v, err := strconv.Atoi(s); err == nil && v > 0 {
			out = append(out, v)
		}
	}
	return out
}

func parseFloats(list string) []float64 {
	var out []float64
	for _, s := range strings.Split(list, ",") {
		if v, err := strconv.ParseFloat(s, 64); err == nil && v >= 0 && !bad(v) {
			out = append(out, v)
		}
	}
	return out
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ",")
}

func joinFloats(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.FormatFloat(x, 'g', -1, 64)
	}
	return strings.Join(s, ",")
}

// Command is the `flatland deep` line of the sweep (JSON lines).
func (p DeepPlan) Command() string {
	return "flatland deep -widths " + joinInts(p.Widths) + " -layers " + strconv.Itoa(p.Layers) +
		" -algo " + strings.Join(DeepAlgos, ",") + " -train " + strconv.Itoa(p.Train) + " -test " + strconv.Itoa(p.Test) +
		" -epochs " + strconv.Itoa(p.Epochs) + " -sigmas " + joinFloats(p.Sigmas) + " -draws " + strconv.Itoa(p.Draws) +
		" -replicas " + strconv.Itoa(p.Replicas) + " -seed " + strconv.FormatUint(p.Seed, 10) + " -json"
}

// DeepPoint is one trained network of the sweep.
type DeepPoint struct {
	Algo                  string
	Width                 int
	Done                  bool // trained and measured
	Interpolated          bool // zero training error
	TrainError, TestError float64
	DeltaE                []float64 // local energy per sigma of the plan
}

// InterpolationWidth is the first width of the list (ascending) whose
// network of algo reached zero training error, or 0.
func InterpolationWidth(points []DeepPoint, algo string) int {
	for _, p := range points {
		if p.Algo == algo && p.Done && p.Interpolated {
			return p.Width
		}
	}
	return 0
}

// DeepSummary describes the sweep: test error against width, the
// interpolation point, and flatness against width and algorithm at one
// noise level.
type DeepSummary struct {
	Points    []DeepPoint // in sweep order
	Sigma     float64     // the noise level quoted
	SigmaAt   int         // its index in DeepPoint.DeltaE
	Total     int         // networks planned
	Stored    int         // of the Done points, those read from a stored run of the same sweep
	Stage     string      // what is running ("" when done)
	Err       string
	DataWoes  string // the digits could not be loaded
	Algorithm map[string]string
}

// Text: "SGD: test error 0.42 at width 4, 0.051 at width 256 (falls with
// width); zero training error from width 64. ..."
func (d DeepSummary) Text() string {
	if d.DataWoes != "" {
		return "Deep networks on digits: " + d.DataWoes
	}
	done := 0
	for _, p := range d.Points {
		if p.Done {
			done++
		}
	}
	text := "Deep networks on digits, width sweep: " + strconv.Itoa(done) + " of " + strconv.Itoa(d.Total) + " networks trained and measured"
	if d.Stored > 0 {
		text += " (" + strconv.Itoa(d.Stored) + " of them read from a stored run, " + strconv.Itoa(done-d.Stored) + " live)"
	}
	text += "."
	for _, algo := range DeepAlgos {
		var first, last *DeepPoint
		flatFirst, flatLast := -1.0, -1.0
		for i := range d.Points {
			p := &d.Points[i]
			if p.Algo != algo || !p.Done {
				continue
			}
			if first == nil {
				first = p
			}
			last = p
		}
		if first == nil {
			continue
		}
		name := d.Algorithm[algo]
		if name == "" {
			name = algo
		}
		text += " " + name + ": test error " + deepNumber(first.TestError) + " at width " + strconv.Itoa(first.Width)
		if last != first {
			text += ", " + deepNumber(last.TestError) + " at width " + strconv.Itoa(last.Width) + " (" + trendWord(first.TestError, last.TestError) + " with width)"
			if d.SigmaAt < len(first.DeltaE) && d.SigmaAt < len(last.DeltaE) {
				flatFirst, flatLast = first.DeltaE[d.SigmaAt], last.DeltaE[d.SigmaAt]
			}
		}
		if w := InterpolationWidth(d.Points, algo); w > 0 {
			text += "; zero training error from width " + strconv.Itoa(w)
		} else if done < d.Total {
			text += "; no width reached zero training error yet"
		} else {
			text += "; no width reached zero training error"
		}
		if flatFirst >= 0 && !bad(flatFirst) && !bad(flatLast) {
			text += "; local energy at σ = " + SummaryNumber(d.Sigma, 2) + " " + trendWord(flatFirst, flatLast) + " with width (" +
				deepNumber(flatFirst) + " to " + deepNumber(flatLast) + ")"
		}
		text += "."
	}
	if flatter, compared := d.FlatterCount(); compared > 0 {
		text += " Replicated SGD's minimum is flatter than SGD's at " + strconv.Itoa(flatter) + " of " + strconv.Itoa(compared) +
			" widths where both trained to zero error (σ = " + SummaryNumber(d.Sigma, 2) + ")."
	}
	if d.Stage != "" {
		text += " " + d.Stage
	}
	return withProblem(text, d.Err)
}

// FlatterCount counts the widths where both algorithms reached zero
// training error and rsgd's local energy at Sigma is below sgd's.
func (d DeepSummary) FlatterCount() (flatter, compared int) {
	for _, s := range d.Points {
		if s.Algo != DeepAlgos[0] || !s.Done || !s.Interpolated || d.SigmaAt >= len(s.DeltaE) {
			continue
		}
		for _, r := range d.Points {
			if r.Algo == DeepAlgos[1] && r.Width == s.Width && r.Done && r.Interpolated && d.SigmaAt < len(r.DeltaE) {
				compared++
				if r.DeltaE[d.SigmaAt] < s.DeltaE[d.SigmaAt] {
					flatter++
				}
			}
		}
	}
	return flatter, compared
}

// trendWord says how a number moved from a to b.
func trendWord(a, b float64) string {
	switch {
	case b < a:
		return "falls"
	case b > a:
		return "rises"
	}
	return "stays"
}

// deepNumber writes an error rate with two significant digits, as a plain
// decimal down to 0.0001.
func deepNumber(v float64) string {
	if bad(v) {
		return NotComputed
	}
	return strconv.FormatFloat(v, 'g', 2, 64)
}
