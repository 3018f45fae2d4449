//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"strings"
	"testing"
	"time"

	"flatland/build/browser"
	"flatland/wasm/state"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestThemeAndHide opens figures in the dark theme, under theme=auto with the system setting
// emulated, and with single controls hidden; it checks the published parameters and samples the
// canvas background, and it builds a snippet with the new builder fields.
func TestThemeAndHide(t *testing.T) {
	t.Run("dark with hidden controls", func(t *testing.T) {
		tab := open(t, 1000, 640)
		navigate(t, tab, "/figures/diagram.html?theme=dark&hide=act,labels")
		st := waitRunning(t, tab)
		if st.Error != "" {
			t.Errorf("valid theme and hide gave error %q", st.Error)
		}
		if !sameValue(st.Params["theme"], "dark") || !sameValue(st.Params["hide"], "act,labels") {
			t.Errorf("flatland.params theme %v hide %v, want dark and act,labels", st.Params["theme"], st.Params["hide"])
		}
		checkTheme(t, tab, "dark")
		shown := shownControls(t, tab)
		for _, k := range []string{state.KeyAct, state.KeyLabels} {
			if shown[k] {
				t.Errorf("control %s is drawn although hidden (shown: %v)", k, shown)
			}
		}
		for _, k := range []string{state.KeyAlpha, state.KeyAlphaD, state.KeySeed} {
			if !shown[k] {
				t.Errorf("control %s is missing (shown: %v)", k, shown)
			}
		}
		// the address the figure writes back keeps both
		if err := tab.WaitTrue(`location.search.indexOf("hide=act,labels") >= 0 && location.search.indexOf("theme=dark") >= 0`, 5*time.Second, `location.search`); err != nil {
			t.Error(err)
		}
		themedScreenshot(t, tab, "theme-dark-hide", state.DarkColors)
	})

	// The figures with rasters and buttons, for the screenshots: weights, 2-D maps, play buttons.
	for _, path := range []string{"/figures/train.html?theme=dark&autoplay=1&speed=fast&n=201", "/figures/landscape.html?theme=dark&n=101"} {
		name := strings.TrimSuffix(strings.TrimPrefix(path[:strings.Index(path, "?")], "/figures/"), ".html")
		t.Run(name+" dark", func(t *testing.T) {
			tab := open(t, 900, 560)
			navigate(t, tab, path)
			if st := waitRunning(t, tab); st.Error != "" {
				t.Errorf("error %q", st.Error)
			}
			checkTheme(t, tab, "dark")
			time.Sleep(3 * time.Second) // let training and the maps draw
			themedScreenshot(t, tab, "theme-dark-"+name, state.DarkColors)
		})
	}

	t.Run("auto follows the system", func(t *testing.T) {
		tab := open(t, 900, 560)
		emulateScheme(t, tab, "dark")
		navigate(t, tab, "/figures/entropy.html")
		st := waitRunning(t, tab)
		if !sameValue(st.Params["theme"], "auto") {
			t.Errorf("flatland.params.theme = %v, want auto", st.Params["theme"])
		}
		checkTheme(t, tab, "dark")
		themedScreenshot(t, tab, "theme-auto-dark", state.DarkColors)
		// the reader switches the system to light while the page is open
		emulateScheme(t, tab, "light")
		checkTheme(t, tab, "light")
		themedScreenshot(t, tab, "theme-auto-light", state.LightColors)
		// a host page fixes the theme with a message, whatever the system says
		emulateScheme(t, tab, "dark")
		checkTheme(t, tab, "dark")
		if _, err := browser.Eval[bool](tab, `window.postMessage({flatland: "params", params: {theme: "light"}}, location.origin), true`); err != nil {
			t.Fatal(err)
		}
		checkTheme(t, tab, "light")
	})

	t.Run("unknown control", func(t *testing.T) {
		tab := open(t, 900, 560)
		navigate(t, tab, "/figures/entropy.html?hide=labels,zoom")
		st := waitRunning(t, tab)
		if !sameValue(st.Params["hide"], "labels") {
			t.Errorf("flatland.params.hide = %v, want labels", st.Params["hide"])
		}
		if want := `hide: "zoom" is not one of`; !strings.Contains(st.Error, want) {
			t.Errorf("error %q does not contain %q", st.Error, want)
		}
		if shown := shownControls(t, tab); shown[state.KeyLabels] || !shown[state.KeyAct] {
			t.Errorf("shown controls %v, want act without labels", shown)
		}
		checkTheme(t, tab, "light")
		themedScreenshot(t, tab, "theme-light-hide", state.LightColors)
	})

	t.Run("builder", func(t *testing.T) {
		tab := open(t, 1280, 900)
		navigate(t, tab, "/embed.html")
		set := func(js string) string {
			t.Helper()
			out, err := browser.Eval[string](tab, `(function(){var f=document.getElementById("builder");`+js+
				`;f.dispatchEvent(new Event("change"));return document.getElementById("snippet").textContent})()`)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		set(`f.figure.value="diagram"`)
		if off, _ := browser.Eval[bool](tab, `document.getElementById("builder").autoplay.disabled`); !off {
			t.Errorf("autoplay is offered for the diagram")
		}
		snip := set(`f.figure.value="train"; f.controls.checked=true; f.autoplay.checked=true; f.theme.value="dark";
			f.querySelectorAll("fieldset[data-param=hide] input").forEach(function(c){c.checked = c.value==="act" || c.value==="labels"})`)
		if want := "figures/train.html?hide=act,labels&amp;autoplay=1&amp;theme=dark"; !strings.Contains(snip, want) {
			t.Errorf("snippet %q, want %q", snip, want)
		}
		// without controls there is nothing to hide
		snip = set(`f.controls.checked=false`)
		if want := "figures/train.html?controls=0&amp;autoplay=1&amp;theme=dark"; !strings.Contains(snip, want) {
			t.Errorf("snippet %q, want %q", snip, want)
		}
		browser.Eval[bool](tab, `document.getElementById("builder").scrollIntoView(), true`)
		if png, err := tab.ScreenshotPage(); err == nil {
			save(t, "theme-builder", png)
		}
		// the page's own chrome follows the system's dark setting
		emulateScheme(t, tab, "dark")
		if err := tab.WaitTrue(`getComputedStyle(document.body).backgroundColor === "rgb(22, 24, 29)"`, 5*time.Second, `getComputedStyle(document.body).backgroundColor`); err != nil {
			t.Errorf("embed guide in a dark system: %v", err)
		}
		if png, err := tab.ScreenshotPage(); err == nil {
			save(t, "theme-builder-dark", png)
		}
	})
}

// emulateScheme sets the tab's prefers-color-scheme.
func emulateScheme(t *testing.T, tab *browser.Tab, scheme string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab.Ctx, 10*time.Second)
	defer cancel()
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
	if err != nil {
		t.Fatalf("emulating prefers-color-scheme: %s: %v", scheme, err)
	}
}

// checkTheme waits until the figure draws in the named theme and the page behind the canvas has
// the theme's background.
func checkTheme(t *testing.T, tab *browser.Tab, name string) {
	t.Helper()
	bg := state.LightColors.Background
	if name == "dark" {
		bg = state.DarkColors.Background
	}
	want := fmt.Sprintf("rgb(%d, %d, %d)", bg.R, bg.G, bg.B)
	expr := fmt.Sprintf(`flatland.theme === %q && getComputedStyle(document.body).backgroundColor === %q`, name, want)
	if err := tab.WaitTrue(expr, 10*time.Second, `flatland.theme + " " + getComputedStyle(document.body).backgroundColor`); err != nil {
		t.Errorf("theme %s: %v", name, err)
	}
}

func shownControls(t *testing.T, tab *browser.Tab) map[string]bool {
	t.Helper()
	ids, err := browser.Eval[[]string](tab, `flatland.shownControls`)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]bool{}
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// themedScreenshot saves the canvas, checks that it is drawn, and samples the background at the
// bottom-right corner (inside the figure's margin; the top may hold the problems banner).
func themedScreenshot(t *testing.T, tab *browser.Tab, name string, want state.Colors) {
	t.Helper()
	time.Sleep(300 * time.Millisecond) // a few frames in the new theme
	data, err := tab.ScreenshotCanvas()
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	save(t, name, data)
	ink, err := browser.MeasureInk(data)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %s", name, ink)
	if ink.Fraction < 0.02 || ink.Colors < 8 {
		t.Errorf("%s looks blank: %s", name, ink)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	near := func(x, y int, c state.RGB) (state.RGB, bool) {
		r, g, bl, _ := img.At(x, y).RGBA()
		got := state.RGB{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(bl >> 8)}
		d := func(p, q uint8) int {
			if p > q {
				return int(p - q)
			}
			return int(q - p)
		}
		return got, d(got.R, c.R) <= 2 && d(got.G, c.G) <= 2 && d(got.B, c.B) <= 2
	}
	for _, p := range [][2]int{{b.Max.X - 3, b.Max.Y - 2}, {b.Max.X - 150, b.Max.Y - 2}} {
		if got, ok := near(p[0], p[1], want.Background); !ok {
			t.Errorf("%s: pixel %v is %v, want the %s background %v", name, p, got, want.Name, want.Background)
		}
	}
}
