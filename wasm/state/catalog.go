package state

import (
	"math"
	"slices"
	"strings"
)

// FigureInfo describes one figure for everything outside its drawing code:
// the program (panel header, help overlay), the generated page
// figures/NAME.html, the page script's lists and the embed guide. Adding a
// figure is its fig_NAME.go file plus one row of Catalog.
type FigureInfo struct {
	Name   string // value of figure= and the page figures/NAME.html
	Title  string // short lower-case title: panel header, iframe and page titles
	Phrase string // the title inside a sentence ("Loading the transition diagram…")
	Shows  string // one sentence: what the figure shows (embed guide, captions)
	// Recommended embed size and the size below which the controls get cramped (CSS px).
	Width, Height       int
	MinWidth, MinHeight int
	// Uses lists the optional settings (Spec.Optional) the figure reads,
	// besides those every figure reads (alpha, alpha-d, act, labels).
	Uses []string
	// Ignores lists the settings every other figure reads that this one
	// does not (they leave its address and its controls).
	Ignores []string
	// Keys are the figure's own mouse and keyboard actions for the help overlay.
	Keys []KeyHelp
}

// KeyHelp is one line of the help overlay: the key or gesture and what it does.
type KeyHelp struct{ Key, Does string }

// Catalog lists the figures in the order the explorer presents them.
var Catalog = []FigureInfo{
	{
		Name: "diagram", Title: "transition diagram", Phrase: "the transition diagram",
		Shows: "interpolation and local-entropy lines vs overparameterization and α, phases shaded, simulation success rates; click to pick a point",
		Width: 720, Height: 520, MinWidth: 480, MinHeight: 360,
		Uses: []string{KeySimAlgo, KeyN, KeySeed},
		Keys: []KeyHelp{{"click / drag", "pick the point (α_D, α) that drives the other figures"}},
	},
	{
		Name: "finitesize", Title: "finite-size study", Phrase: "the finite-size study",
		Shows: "success fraction of focusing BP vs α at several sizes N (stored runs, 68% Wilson error bars), with α_LE, α_LD and α_c: the curves steepen and cross near the local-entropy threshold",
		Width: 720, Height: 520, MinWidth: 480, MinHeight: 380,
		Ignores: []string{KeyAlpha},
	},
	{
		Name: "entropy", Title: "local-entropy curves", Phrase: "the local-entropy curves",
		Shows: "local entropy vs distance for typical and flat-minimum references and the densest region, with the H₂(d) bound",
		Width: 720, Height: 480, MinWidth: 480, MinHeight: 320,
	},
	{
		Name: "landscape", Title: "weight-space landscape", Phrase: "the weight-space landscape",
		Shows: "local energy vs flip fraction and 2-D error maps around sharp (annealing) and flat (replicated) solutions",
		Width: 800, Height: 480, MinWidth: 560, MinHeight: 360,
		Uses: []string{KeyN, KeySeed},
	},
	{
		Name: "train", Title: "live training", Phrase: "live training",
		Shows: "training as it happens: errors vs time, replica distances, the binary weights; play, pause, step, reset",
		Width: 800, Height: 520, MinWidth: 560, MinHeight: 400,
		Uses: []string{KeyAlgo, KeyN, KeySeed, KeySpeed, KeyAutoplay},
		Keys: []KeyHelp{{"P / S / R", "play–pause / one step / reset"}},
	},
	{
		Name: "generalization", Title: "generalization error", Phrase: "the generalization curves",
		Shows: "typical, Bayes and flat-minimum generalization error vs overparameterization, with simulations",
		Width: 720, Height: 480, MinWidth: 480, MinHeight: 320,
		Uses: []string{KeyN, KeySeed},
	},
	{
		Name: "deep", Title: "deep networks on digits", Phrase: "the deep networks on digits",
		Shows: "flatness vs width for ReLU networks trained on MNIST digits: local energy vs σ, test error vs width with the interpolation point, SGD vs replicated SGD, misclassified digits",
		Width: 860, Height: 560, MinWidth: 600, MinHeight: 420,
		Uses:    []string{KeySeed, KeyWidths, KeyLayers, KeyTrain, KeyTest, KeyEpochs, KeySigmas, KeyDraws, KeyReplicas},
		Ignores: []string{KeyAlpha, KeyAlphaD, KeyAct, KeyLabels},
	},
}

// ignoredByAny reports whether some figure ignores the setting key.
func ignoredByAny(key string) bool {
	for _, f := range Catalog {
		if slices.Contains(f.Ignores, key) {
			return true
		}
	}
	return false
}

// FigureNames returns the catalog's names in order.
func FigureNames() []string {
	names := make([]string, len(Catalog))
	for i, f := range Catalog {
		names[i] = f.Name
	}
	return names
}

// FigureByName returns the catalog entry of a figure.
func FigureByName(name string) (FigureInfo, bool) {
	for _, f := range Catalog {
		if f.Name == name {
			return f, true
		}
	}
	return FigureInfo{}, false
}

// PageTitle is the title of the figure's own page, e.g. "Flatland · Live training".
func (f FigureInfo) PageTitle() string {
	if f.Title == "" {
		return "Flatland"
	}
	return "Flatland · " + strings.ToUpper(f.Title[:1]) + f.Title[1:]
}

// MaxPreferredHeight caps the height a figure asks for: on a very wide column its aspect ratio alone
// would make it taller than a screen.
const MaxPreferredHeight = 900

// PreferredHeight is the height (CSS px) a figure asks its host page for when it is w wide and the
// host lets it choose (the embed guide's auto-height snippet): the recommended size's aspect ratio,
// but at least the minimum height and the height the controls column needs (controlsHeight, 0 when
// the controls are hidden or folded into a menu), and at most MaxPreferredHeight.
func (f FigureInfo) PreferredHeight(w, controlsHeight float64) int {
	h := 0.0
	if f.Width > 0 && w > 0 {
		h = w * float64(f.Height) / float64(f.Width)
	}
	h = max(h, float64(f.MinHeight), controlsHeight)
	return int(math.Ceil(min(h, max(MaxPreferredHeight, controlsHeight))))
}
