//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"strings"
	"testing"
	"time"

	"flatland/build/browser"
	"flatland/wasm/state"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestAccessibleSummary opens each figure and waits for its text summary in the ARIA live region
// beside the canvas; it checks the canvas's role and name, that a
// summary never shows NaN, and that the explorer's Cite section carries this build's version.
func TestAccessibleSummary(t *testing.T) {
	figures := []struct {
		name  string
		path  string
		title string
		want  []string // the live region's text must contain these
		until string   // ... and must no longer contain this ("" for no such condition)
	}{
		{"diagram", "/figures/diagram.html?alpha-d=1&alpha=0.4", "Flatland: transition diagram",
			[]string{"At α_D = 1: interpolation threshold α_c = 0.", "local-entropy threshold α_LE = 0.", "focusing BP with N = ", " solved "}, ""},
		{"finitesize", "/figures/finitesize.html", "Flatland: finite-size study",
			[]string{"Finite-size study. Stored runs (N = ", "seeds per point"}, ""},
		{"train", "/figures/train.html?autoplay=1&speed=fast&n=201", "Flatland: live training",
			[]string{" training, N = 201 weights", "training errors"}, ""},
		{"entropy", "/figures/entropy.html?alpha=0.4&alpha-d=1", "Flatland: local-entropy curves",
			[]string{"Local entropy at α = 0.4, α_D = 1: flat-minima curve"}, ""},
		{"landscape", "/figures/landscape.html?n=101", "Flatland: weight-space landscape",
			[]string{"Local energy (training error after flipping a fraction d = 0.0", "flat-minimum finder) "}, "not computed"},
		{"generalization", "/figures/generalization.html?alpha=0.4&alpha-d=1", "Flatland: generalization error",
			[]string{"At the picked point N/P = 2.5: generalization error of typical solutions 0.", "flat minima 0."}, ""},
		{"deep", "/figures/deep.html?widths=8,64&train=1000&test=300&epochs=20&draws=2&replicas=2", "Flatland: deep networks on digits",
			[]string{"Deep networks on digits, width sweep: ", "test error 0.", " at width 8"}, ""},
	}
	for _, f := range figures {
		t.Run(f.name, func(t *testing.T) {
			tab := open(t, 1000, 620)
			navigate(t, tab, f.path)
			waitRunning(t, tab)
			region := `document.getElementById("flatland-summary")`
			checks := []string{}
			for _, w := range f.want {
				checks = append(checks, "t.indexOf("+jsString(w)+") >= 0")
			}
			if f.until != "" {
				checks = append(checks, "t.indexOf("+jsString(f.until)+") < 0")
			}
			// the numbers arrive over several seconds: wait for all of them
			expr := `(function(){ var r = ` + region + `; if (!r) return false; var t = r.textContent; return ` +
				strings.Join(checks, " && ") + `; })()`
			if err := tab.WaitTrue(expr, readyTimeout(), region+` && `+region+`.textContent`); err != nil {
				t.Fatal(err)
			}
			text, err := browser.Eval[string](tab, region+".textContent")
			if err != nil {
				t.Fatal(err)
			}
			progress(t, "live region: %s", text)
			if strings.Contains(text, "NaN") || strings.Contains(text, "_{") {
				t.Errorf("summary shows NaN or markup: %q", text)
			}
			attrs, err := browser.Eval[map[string]string](tab, `(function(){
				var r = `+region+`, c = document.querySelector("canvas"), s = getComputedStyle(r);
				return {role: r.getAttribute("role"), live: r.getAttribute("aria-live"),
					canvasRole: c.getAttribute("role"), label: c.getAttribute("aria-label") || "",
					describedby: c.getAttribute("aria-describedby") || "",
					display: s.display, width: String(r.getBoundingClientRect().width),
					published: String(window.flatland.summary === r.textContent)};
			})()`)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"role": "status", "live": "polite", "canvasRole": "img", "label": f.title,
				"describedby": "flatland-summary flatland-keys"}
			for k, v := range want {
				if attrs[k] != v {
					t.Errorf("%s = %q, want %q", k, attrs[k], v)
				}
			}
			// visually hidden, but not display:none (a screen reader skips those)
			if attrs["display"] == "none" || attrs["width"] != "1" {
				t.Errorf("live region display %q width %s, want visible to assistive technology and 1 px wide", attrs["display"], attrs["width"])
			}
			// keyboard focus: Tab focuses the first control, which draws its focus ring
			pressTab(t, tab)
			time.Sleep(500 * time.Millisecond)
			screenshotCanvas(t, tab, "a11y-"+f.name+"-focus")
			checkFocusRing(t, tab, 1000)
		})
	}

	// Tab cycles through the drawn controls and the engine swallows every key, so the figure must
	// offer a way out: Escape, then Tab.
	t.Run("keyboard leaves the figure", func(t *testing.T) {
		tab := open(t, 1000, 620)
		navigate(t, tab, "/figures/entropy.html")
		waitRunning(t, tab)
		if err := tab.WaitTrue(`document.getElementById("flatland-keys")`, 5*time.Second, `document.body.innerHTML.length`); err != nil {
			t.Fatal(err)
		}
		canvasFocused := `document.activeElement === document.querySelector("canvas")`
		if _, err := browser.Eval[bool](tab, `(document.querySelector("canvas").focus(), true)`); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ { // the controls take Tab: focus stays in the figure
			pressKey(t, tab, kb.Tab)
		}
		if in, err := browser.Eval[bool](tab, canvasFocused); err != nil || !in {
			t.Fatalf("Tab moved the focus out of the canvas at once (%v)", err)
		}
		pressKey(t, tab, kb.Escape)
		pressKey(t, tab, kb.Tab)
		if err := tab.WaitTrue("!("+canvasFocused+")", 2*time.Second, `document.activeElement && document.activeElement.tagName`); err != nil {
			t.Errorf("Escape, then Tab did not move the focus out of the figure: %v", err)
		}
	})

	t.Run("cite", func(t *testing.T) {
		tab := open(t, 1000, 700)
		navigate(t, tab, "/")
		version, err := browser.Eval[string](tab, `window.flatlandSite.version`)
		if err != nil || version == "" {
			t.Fatalf("window.flatlandSite.version = %q (%v)", version, err)
		}
		if err := tab.WaitTrue(`document.getElementById("cite-software").textContent.indexOf("version = {") >= 0`, 10*time.Second,
			`document.getElementById("cite-software").textContent`); err != nil {
			t.Fatal(err)
		}
		bib, err := browser.Eval[string](tab, `document.getElementById("cite-software").textContent`)
		if err != nil {
			t.Fatal(err)
		}
		progress(t, "software entry:\n%s", bib)
		if !strings.Contains(bib, "version = {"+version+"}") || !strings.HasPrefix(bib, "@software{") {
			t.Errorf("the @software entry lacks version %q:\n%s", version, bib)
		}
		paper, err := browser.Eval[string](tab, `document.getElementById("cite-paper").textContent`)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{"@article{", "Physical Review E", "014116", "2110.00683", "10.1103/PhysRevE.106.014116"} {
			if !strings.Contains(paper, w) {
				t.Errorf("the paper's entry lacks %q", w)
			}
		}
		links, err := browser.Eval[[]string](tab, `Array.prototype.map.call(document.querySelectorAll(".reference a"), function (a) { return a.href; })`)
		if err != nil {
			t.Fatal(err)
		}
		if len(links) < 2 || !strings.Contains(strings.Join(links, " "), "arxiv.org/abs/2110.00683") {
			t.Errorf("reference links: %v", links)
		}
		ctx, cancel := context.WithTimeout(tab.Ctx, 10*time.Second)
		defer cancel()
		if err := chromedp.Do(ctx, chromedp.ScrollIntoView("#cite")); err != nil {
			t.Fatal(err)
		}
		png, err := tab.ScreenshotPage()
		if err != nil {
			t.Fatal(err)
		}
		save(t, "a11y-cite", png)
	})
}

// pressTab sends one Tab key press to the page.
func pressTab(t *testing.T, tab *browser.Tab) { t.Helper(); pressKey(t, tab, kb.Tab) }

// pressKey sends one key press (down and up) to the focused element, as a reader's keyboard would.
func pressKey(t *testing.T, tab *browser.Tab, key string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab.Ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(key)); err != nil {
		t.Fatalf("key %q: %v", key, err)
	}
}

// checkFocusRing checks that the focused control is marked in the theme's focus colour itself,
// not a faint tint of it (a focus mark needs 3:1 contrast against the panel): enough pixels of the
// controls column, right after Tab, lie close to state.LightColors.Focus.
func checkFocusRing(t *testing.T, tab *browser.Tab, width float64) {
	t.Helper()
	shot, err := tab.ScreenshotCanvas()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	focus := state.LightColors.Focus
	const tolerance = 40 // per channel, for antialiased edges
	panel := int(state.PanelWidth(width) * float64(img.Bounds().Dx()) / width)
	n := 0
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Min.X+panel; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if absDiff(int(r>>8), int(focus.R)) <= tolerance && absDiff(int(g>>8), int(focus.G)) <= tolerance && absDiff(int(b>>8), int(focus.B)) <= tolerance {
				n++
			}
		}
	}
	progress(t, "%d pixels of the controls column in the focus colour", n)
	if n < 40 {
		t.Errorf("the focused control shows %d pixels in the focus colour (want >= 40): its focus mark is too faint", n)
	}
}

func absDiff(a, b int) int {
	if a > b {
		return a - b
	}
	return b - a
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
