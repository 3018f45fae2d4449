package state

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseThemeAndHide(t *testing.T) {
	cases := []struct {
		name      string
		query     string
		theme     ThemeChoice
		hide      string // Settings.Hide after parsing
		encoded   string // what Encode writes for the two keys ("" none)
		msgHas    string // "" for no message
		hides     []string
		notHidden []string
	}{
		{"defaults", "", ThemeAuto, "", "", "", nil, []string{KeyAct, KeyAlpha}},
		{"dark", "theme=dark", ThemeDark, "", "theme=dark", "", nil, nil},
		{"light, any case", "theme=LIGHT", ThemeLight, "", "theme=light", "", nil, nil},
		{"auto is the default and not written", "theme=auto", ThemeAuto, "", "", "", nil, nil},
		{"bad theme", "theme=sepia", ThemeAuto, "", "", `theme="sepia" is not one of auto, light, dark; using auto`, nil, nil},
		{"hide two", "hide=act,labels", ThemeAuto, "act,labels", "hide=act,labels", "", []string{KeyAct, KeyLabels}, []string{KeyAlpha, KeySeed}},
		{"hide in table order without repeats", "hide=labels,+ACT+,labels,", ThemeAuto, "act,labels", "hide=act,labels", "", []string{KeyAct, KeyLabels}, nil},
		{"escaped commas", "hide=seed%2Cn", ThemeAuto, "n,seed", "hide=n,seed", "", []string{KeyN, KeySeed}, []string{KeyAct}},
		{"unknown key kept out, the others kept", "hide=act,zoom", ThemeAuto, "act", "hide=act", `hide: "zoom" is not one of alpha, alpha-d, act, labels, algo, simalgo, n, seed, speed, layers, epochs, draws, replicas and was ignored`, []string{KeyAct}, []string{"zoom"}},
		{"not a control", "hide=figure", ThemeAuto, "", "", `"figure" is not one of`, nil, []string{KeyFigure}},
		{"empty hides nothing", "hide=", ThemeAuto, "", "", "", nil, []string{KeyAct}},
		{"both", "theme=dark&hide=speed", ThemeDark, "speed", "hide=speed&theme=dark", "", []string{KeySpeed}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, msgs := Parse(nil, "figure=entropy&"+c.query)
			if st.Theme != c.theme || st.Hide != c.hide {
				t.Errorf("theme %v hide %q, want %v %q", st.Theme, st.Hide, c.theme, c.hide)
			}
			switch {
			case c.msgHas == "" && len(msgs) > 0:
				t.Errorf("unexpected messages %q", msgs)
			case c.msgHas != "" && (len(msgs) != 1 || !strings.Contains(msgs[0], c.msgHas)):
				t.Errorf("messages %q, want one containing %q", msgs, c.msgHas)
			}
			for _, k := range c.hides {
				if !st.Hides(k) {
					t.Errorf("%s is not hidden", k)
				}
			}
			for _, k := range c.notHidden {
				if st.Hides(k) {
					t.Errorf("%s is hidden", k)
				}
			}
			enc := st.Encode()
			var got []string
			for _, part := range strings.Split(enc, "&") {
				if strings.HasPrefix(part, KeyTheme+"=") || strings.HasPrefix(part, KeyHide+"=") {
					got = append(got, part)
				}
			}
			if g := strings.Join(got, "&"); g != c.encoded {
				t.Errorf("Encode writes %q for theme and hide (all: %q), want %q", g, enc, c.encoded)
			}
			back, msgs := Parse(nil, enc)
			if len(msgs) != 0 || back != st {
				t.Errorf("round trip of %q: %+v, %q; want %+v", enc, back, msgs, st)
			}
		})
	}
}

// A host page may switch the theme with a params message; hide belongs to
// the page address, like controls.
func TestThemeAndHideByMessage(t *testing.T) {
	st := Defaults()
	m := Message{Kind: "params", Params: []MessageParam{{KeyTheme, "dark"}, {KeyHide, "act"}}}
	problems := m.Apply(&st)
	if st.Theme != ThemeDark {
		t.Errorf("theme = %v after a message, want dark", st.Theme)
	}
	if st.Hide != "" || len(problems) != 1 || !strings.Contains(problems[0], "hide is set by the page address only") {
		t.Errorf("hide = %q, problems %q; want it unchanged and refused", st.Hide, problems)
	}
}

func TestThemeChoiceDark(t *testing.T) {
	cases := []struct {
		t                ThemeChoice
		systemDark, want bool
	}{
		{ThemeAuto, false, false}, {ThemeAuto, true, true},
		{ThemeLight, true, false}, {ThemeLight, false, false},
		{ThemeDark, false, true}, {ThemeDark, true, true},
	}
	for _, c := range cases {
		if got := c.t.Dark(c.systemDark); got != c.want {
			t.Errorf("%v.Dark(%v) = %v, want %v", c.t, c.systemDark, got, c.want)
		}
		if got := ColorsFor(c.t, c.systemDark).Name; got != map[bool]string{false: "light", true: "dark"}[c.want] {
			t.Errorf("ColorsFor(%v, %v) = %s", c.t, c.systemDark, got)
		}
	}
}

func TestContrastFormula(t *testing.T) {
	cases := []struct {
		a, b RGB
		want float64
	}{
		{RGB{0, 0, 0}, RGB{255, 255, 255}, 21},
		{RGB{255, 255, 255}, RGB{255, 255, 255}, 1},
		{RGB{118, 118, 118}, RGB{255, 255, 255}, 4.54}, // the WCAG reference grey
		{RGB{119, 119, 119}, RGB{255, 255, 255}, 4.48}, // just too light for text
	}
	for _, c := range cases {
		if got := Contrast(c.a, c.b); got < c.want-0.01 || got > c.want+0.01 {
			t.Errorf("Contrast(%v, %v) = %.3f, want %.2f ± 0.01", c.a, c.b, got, c.want)
		}
	}
	if got := Over(RGB{0, 0, 0}, 128, RGB{255, 255, 255}); got != (RGB{127, 127, 127}) {
		t.Errorf("Over = %v", got)
	}
}

// contrastPair is one colour drawn on one background and the least WCAG
// contrast it needs: 4.5 for text, 3 for lines, marks and outlines.
type contrastPair struct {
	what   string
	fg, bg func(Colors) RGB
	min    float64
}

func role(f func(Colors) RGB) func(Colors) RGB { return f }

var (
	bgPage    = role(func(c Colors) RGB { return c.Background })
	bgPanel   = role(func(c Colors) RGB { return c.Panel })
	bgSurface = role(func(c Colors) RGB { return c.Surface })
	bgBanner  = role(func(c Colors) RGB { return c.ErrorBackground })
	bgAccent  = role(func(c Colors) RGB { return c.Accent })
)

// themePairs lists where each colour is drawn (draw.go, plot.go, controls.go
// and the figures).
var themePairs = func() []contrastPair {
	text := func(c Colors) RGB { return c.Text }
	muted := func(c Colors) RGB { return c.Muted }
	errc := func(c Colors) RGB { return c.Error }
	accent := func(c Colors) RGB { return c.Accent }
	focus := func(c Colors) RGB { return c.Focus }
	axis := func(c Colors) RGB { return c.Axis }
	ps := []contrastPair{
		{"text on page", text, bgPage, 4.5},
		{"text on panel", text, bgPanel, 4.5},
		{"text on plot", text, bgSurface, 4.5},
		{"muted on page", muted, bgPage, 4.5},
		{"muted on panel", muted, bgPanel, 4.5},
		{"muted on plot", muted, bgSurface, 4.5},
		{"error on page", errc, bgPage, 4.5},
		{"error on plot", errc, bgSurface, 4.5},
		{"error on banner", errc, bgBanner, 4.5},
		{"slider value on panel", accent, bgPanel, 4.5},
		{"help keys on box", accent, bgSurface, 4.5},
		{"selected choice", func(c Colors) RGB { return c.OnAccent }, bgAccent, 4.5},
		{"picked-point label on plot", focus, bgSurface, 4.5},
		{"focus ring on panel", focus, bgPanel, 3},
		{"axis on plot", axis, bgSurface, 3},
		{"axis on page", axis, bgPage, 3},
	}
	for i := range LightColors.Lines {
		ps = append(ps, contrastPair{fmt.Sprintf("line %d on plot", i), func(c Colors) RGB { return c.Line(i) }, bgSurface, 3})
	}
	return ps
}()

// Text and curves stay readable in both themes (WCAG 2 contrast ratios).
// Run with -v for the table.
func TestThemeContrast(t *testing.T) {
	themes := []Colors{LightColors, DarkColors}
	if len(LightColors.Lines) != len(DarkColors.Lines) {
		t.Fatalf("the themes have %d and %d line colours", len(LightColors.Lines), len(DarkColors.Lines))
	}
	t.Logf("%-28s %6s %6s  (need)", "pair", "light", "dark")
	for _, p := range themePairs {
		row := fmt.Sprintf("%-28s", p.what)
		for _, th := range themes {
			r := Contrast(p.fg(th), p.bg(th))
			row += fmt.Sprintf(" %6.2f", r)
			if r < p.min {
				t.Errorf("%s theme: %s: contrast %.2f < %.1f (%v on %v)", th.Name, p.what, r, p.min, p.fg(th), p.bg(th))
			}
		}
		t.Logf("%s  (%.1f)", row, p.min)
	}
	// The train figure draws each replica (line 5) over the centre (line 0), both blue: they
	// differ in lightness.
	for _, th := range themes {
		if r := Contrast(th.Line(0), th.Line(5)); r < 1.5 {
			t.Errorf("%s theme: lines 0 and 5 differ by a contrast of %.2f only, want >= 1.5", th.Name, r)
		} else {
			t.Logf("%s: line 0 against line 5 %.2f", th.Name, r)
		}
	}
	// Faint by design, reported only: grid lines and the translucent replica traces.
	for _, th := range themes {
		t.Logf("%s: grid on plot %.2f; replica trace (line 5 at alpha 160) %.2f", th.Name,
			Contrast(th.Grid, th.Surface), Contrast(Over(th.Line(5), 160, th.Surface), th.Surface))
	}
}

// The colour map (viridis) reads the same on both themes: its lightness
// rises steadily from 0 to 1 (so it reads in grey and for colour-blind
// readers), its cells are outlined in Axis, and its ends are far apart.
func TestColorMapOnBothThemes(t *testing.T) {
	const steps = 64
	prev := -1.0
	for i := 0; i <= steps; i++ {
		l := RelativeLuminance(Viridis(float64(i) / steps))
		if l <= prev {
			t.Errorf("viridis lightness falls at %d/%d: %.4f after %.4f", i, steps, l, prev)
		}
		prev = l
	}
	if r := Contrast(Viridis(0), Viridis(1)); r < 10 {
		t.Errorf("viridis spans a contrast of %.2f, want >= 10", r)
	}
	for _, th := range []Colors{LightColors, DarkColors} {
		lo, hi := Contrast(Viridis(0), th.Surface), Contrast(Viridis(1), th.Surface)
		t.Logf("%s: viridis(0) on plot %.2f, viridis(1) on plot %.2f, cell outline (axis) on page %.2f",
			th.Name, lo, hi, Contrast(th.Axis, th.Background))
		// whichever end is close to the background, the other is not
		if max(lo, hi) < 3 {
			t.Errorf("%s: neither end of the colour map stands out from the plot (%.2f, %.2f)", th.Name, lo, hi)
		}
	}
}
