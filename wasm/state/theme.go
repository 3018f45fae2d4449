package state

import (
	"fmt"
	"math"
)

// ThemeChoice is the theme= setting: a fixed light or dark theme, or auto,
// which follows the reader's prefers-color-scheme.
type ThemeChoice int

const (
	ThemeAuto ThemeChoice = iota
	ThemeLight
	ThemeDark
)

var themeNames = []string{"auto", "light", "dark"}

func (t ThemeChoice) String() string {
	if t < 0 || int(t) >= len(themeNames) {
		return "auto"
	}
	return themeNames[t]
}

// ParseTheme accepts auto, light or dark.
func ParseTheme(s string) (ThemeChoice, error) {
	for i, n := range themeNames {
		if n == s {
			return ThemeChoice(i), nil
		}
	}
	return ThemeAuto, fmt.Errorf("unknown theme %q (want auto, light or dark)", s)
}

// Dark reports whether the theme is dark; systemDark is the reader's
// prefers-color-scheme, which only auto follows.
func (t ThemeChoice) Dark(systemDark bool) bool {
	switch t {
	case ThemeLight:
		return false
	case ThemeDark:
		return true
	}
	return systemDark
}

// Colors are every colour a figure draws with, by role. Text roles keep a
// WCAG contrast of at least 4.5 on the backgrounds they are drawn on, lines
// and marks at least 3 (TestThemeContrast lists the pairs).
type Colors struct {
	Name            string // "light" or "dark"
	Background      RGB    // canvas and the page behind the figure
	Panel           RGB    // controls column
	PanelLine       RGB    // borders of boxes, cells and buttons
	Surface         RGB    // inside of plots, legend and read-out boxes, buttons
	Text            RGB    // titles, labels, values
	Muted           RGB    // tick labels, notes, secondary text
	Grid            RGB    // grid lines (deliberately faint)
	Axis            RGB    // plot frames, ticks, cell outlines
	Accent          RGB    // slider fill and value, selected choice
	OnAccent        RGB    // text on Accent
	Focus           RGB    // keyboard focus, picked point and its label
	Error           RGB    // error text
	ErrorBackground RGB    // the banner behind parameter problems
	// Lines is the categorical palette of curves (Okabe–Ito hues, colour-blind
	// safe), adjusted per theme to stand out from Surface.
	Lines []RGB
}

// LightColors is the light theme: dark ink on warm paper.
var LightColors = Colors{
	Name:            "light",
	Background:      RGB{251, 250, 247},
	Panel:           RGB{241, 239, 234},
	PanelLine:       RGB{214, 210, 202},
	Surface:         RGB{255, 255, 255},
	Text:            RGB{34, 34, 38},
	Muted:           RGB{98, 98, 105},
	Grid:            RGB{231, 228, 222},
	Axis:            RGB{80, 80, 86},
	Accent:          RGB{0, 108, 170},
	OnAccent:        RGB{255, 255, 255},
	Focus:           RGB{168, 90, 0},
	Error:           RGB{180, 30, 30},
	ErrorBackground: RGB{253, 234, 230},
	Lines: []RGB{
		{0, 114, 178},   // blue
		{213, 94, 0},    // vermillion
		{0, 158, 115},   // bluish green
		{204, 121, 167}, // reddish purple
		{190, 124, 0},   // orange, darkened to read on white
		{40, 150, 215},  // sky blue, darkened to read on white
		{120, 120, 120}, // grey
	},
}

// DarkColors is the dark theme: light ink on a blue-grey night background.
var DarkColors = Colors{
	Name:            "dark",
	Background:      RGB{22, 24, 29},
	Panel:           RGB{32, 35, 42},
	PanelLine:       RGB{66, 71, 82},
	Surface:         RGB{28, 31, 37},
	Text:            RGB{231, 233, 237},
	Muted:           RGB{160, 166, 176},
	Grid:            RGB{46, 50, 59},
	Axis:            RGB{140, 146, 158},
	Accent:          RGB{86, 170, 233},
	OnAccent:        RGB{16, 18, 22},
	Focus:           RGB{240, 172, 40},
	Error:           RGB{255, 128, 116},
	ErrorBackground: RGB{64, 30, 30},
	Lines: []RGB{
		{60, 130, 230},  // blue, lightened to read on the dark surface
		{230, 110, 40},  // vermillion
		{0, 178, 130},   // bluish green
		{214, 136, 180}, // reddish purple
		{230, 159, 0},   // orange
		{110, 200, 240}, // sky blue, lighter than blue
		{150, 150, 150}, // grey
	},
}

// ColorsFor returns the colours of the theme choice; systemDark is the
// reader's prefers-color-scheme.
func ColorsFor(t ThemeChoice, systemDark bool) Colors {
	if t.Dark(systemDark) {
		return DarkColors
	}
	return LightColors
}

// Line returns curve colour i (cycling).
func (c Colors) Line(i int) RGB {
	if i < 0 {
		i = -i
	}
	return c.Lines[i%len(c.Lines)]
}

// RelativeLuminance is the WCAG 2 relative luminance of c (0 black .. 1 white).
func RelativeLuminance(c RGB) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// Contrast is the WCAG 2 contrast ratio of two colours, from 1 to 21.
func Contrast(a, b RGB) float64 {
	la, lb := RelativeLuminance(a), RelativeLuminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Over is c drawn with opacity alpha (0..255) over bg.
func Over(c RGB, alpha uint8, bg RGB) RGB {
	a := float64(alpha) / 255
	mix := func(p, q uint8) uint8 { return uint8(math.Round(a*float64(p) + (1-a)*float64(q))) }
	return RGB{mix(c.R, bg.R), mix(c.G, bg.G), mix(c.B, bg.B)}
}
