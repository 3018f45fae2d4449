//go:build e2e

package e2e

import (
	"math"
	"net/url"
	"strings"
	"testing"
	"time"

	"flatland/build/browser"
	"flatland/build/sitegen"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// deepLight is a sweep that finishes in a few minutes of headless Chromium.
const deepLight = "widths=8,64&train=1000&test=300&epochs=20&draws=2&replicas=2"

// deepPoint is one network of window.flatland.deepPoints.
type deepPoint struct {
	Algo         string    `json:"algo"`
	Width        int       `json:"width"`
	Epochs       int       `json:"epochs"`
	Interpolated bool      `json:"interpolated"`
	TrainError   float64   `json:"train_error"`
	TestError    float64   `json:"test_error"`
	TrainLoss    float64   `json:"train_loss"`
	TestLoss     float64   `json:"test_loss"`
	Sigma        []float64 `json:"sigma"`
	DeltaE       []float64 `json:"delta_e"`
	DeltaESE     []float64 `json:"delta_e_se"`
	Seconds      float64   `json:"seconds"`
}

// checkDeepPoints fails on a number that is not finite or not a rate.
func checkDeepPoints(t *testing.T, pts []deepPoint) {
	t.Helper()
	rate := func(v float64) bool { return !math.IsNaN(v) && v >= 0 && v <= 1 }
	for _, p := range pts {
		if !rate(p.TrainError) || !rate(p.TestError) || math.IsNaN(p.TrainLoss) || math.IsInf(p.TrainLoss, 0) || math.IsNaN(p.TestLoss) || math.IsInf(p.TestLoss, 0) {
			t.Errorf("%s width %d: errors %v %v, losses %v %v", p.Algo, p.Width, p.TrainError, p.TestError, p.TrainLoss, p.TestLoss)
		}
		if len(p.Sigma) == 0 || len(p.DeltaE) != len(p.Sigma) || len(p.DeltaESE) != len(p.Sigma) {
			t.Errorf("%s width %d: %d sigmas, %d local energies, %d standard errors", p.Algo, p.Width, len(p.Sigma), len(p.DeltaE), len(p.DeltaESE))
		}
		for i := range p.DeltaE {
			if math.IsNaN(p.DeltaE[i]) || math.Abs(p.DeltaE[i]) > 1 || !rate(p.DeltaESE[i]) {
				t.Errorf("%s width %d: local energy %v ± %v at sigma %v", p.Algo, p.Width, p.DeltaE[i], p.DeltaESE[i], p.Sigma[i])
			}
		}
	}
}

// The deep figure on the site: the digits load, the first network shows,
// the whole default sweep finishes, and its numbers and text summary say
// what it measured. The single file holds the digits and runs from the
// disk. Without the digits the canvas says why.
func TestDeep(t *testing.T) {
	t.Run("site", func(t *testing.T) {
		tab := open(t, 1000, 640)
		// A light sweep: the default one (4 widths, 30 epochs, 4,000 images) is for a reader's
		// browser at full frame rate; headless Chromium on a shared machine draws a few frames a second.
		navigate(t, tab, "/figures/deep.html?"+deepLight)
		start := time.Now()
		waitRunning(t, tab)
		if err := tab.WaitTrue(`flatland.deepDone >= 1`, 5*time.Minute, describeState); err != nil {
			t.Fatal(err)
		}
		firstWall := time.Since(start)
		screenshotCanvas(t, tab, "deep-first")
		if err := tab.WaitTrue(`flatland.deepDone === flatland.deepTotal && flatland.deepTotal > 0`, 10*time.Minute,
			`flatland.deepDone + " of " + flatland.deepTotal + " " + flatland.error`); err != nil {
			t.Fatal(err)
		}
		sweepWall := time.Since(start)
		time.Sleep(1500 * time.Millisecond) // the summary is published at most once a second
		pts := pageJSON[[]deepPoint](t, tab, `flatland.deepPoints`)
		total := pageJSON[int](t, tab, `flatland.deepTotal`)
		if len(pts) != total {
			t.Fatalf("%d networks measured of %d", len(pts), total)
		}
		checkDeepPoints(t, pts)
		first, sweep := pageJSON[float64](t, tab, `flatland.deepFirstSeconds`), pageJSON[float64](t, tab, `flatland.deepSweepSeconds`)
		t.Logf("first network after %.1f s, whole sweep (%d networks) after %.1f s (page clocks; from navigation %.1f s and %.1f s)",
			first, total, sweep, firstWall.Seconds(), sweepWall.Seconds())
		for _, p := range pts {
			t.Logf("%-4s width %3d: %2d epochs, train error %.4f, test error %.3f, delta E %v ± %v", p.Algo, p.Width, p.Epochs, p.TrainError, p.TestError, p.DeltaE, p.DeltaESE)
		}
		summary := pageJSON[string](t, tab, `flatland.summary`)
		t.Logf("summary: %s", summary)
		for _, want := range []string{"test error", "falls with width", "zero training error from width", "local energy at σ = 0.2 falls with width"} {
			if !strings.Contains(summary, want) {
				t.Errorf("the summary does not say %q: %s", want, summary)
			}
		}
		if strings.Contains(summary, "NaN") || strings.Contains(summary, "not computed") {
			t.Errorf("the summary shows an unknown number: %s", summary)
		}
		cmds := pageJSON[[]string](t, tab, `flatland.commands`)
		if len(cmds) != 1 || !strings.HasPrefix(cmds[0], "flatland deep -widths 8,64 ") {
			t.Errorf("commands %q: want one flatland deep line", cmds)
		}
		screenshotCanvas(t, tab, "deep-done")
	})

	t.Run("matches-command-line", func(t *testing.T) {
		// On the shipped digits (train=4000, test=1000, seed=1) the published command draws the same
		// images: its numbers are the page's (the training is bit-identical natively and in WebAssembly).
		tab := open(t, 900, 600)
		navigate(t, tab, "/figures/deep.html?widths=4&epochs=2&draws=2&sigmas=0.1,0.5")
		if err := tab.WaitTrue(`window.flatland && flatland.deepDone === 2`, 10*time.Minute, describeState); err != nil {
			t.Fatal(err)
		}
		pts := pageJSON[[]deepPoint](t, tab, `flatland.deepPoints`)
		cmds := pageJSON[[]string](t, tab, `flatland.commands`)
		if len(cmds) != 1 {
			t.Fatalf("commands %q", cmds)
		}
		lines := runCommand(t, cmds[0])
		if len(lines) != len(pts) {
			t.Fatalf("%s printed %d lines for %d networks", cmds[0], len(lines), len(pts))
		}
		for i, p := range pts {
			cli := lines[i]
			if cli["algo"] != p.Algo || cli["width"] != float64(p.Width) || cli["epochs"] != float64(p.Epochs) ||
				cli["train_error"] != p.TrainError || cli["test_error"] != p.TestError {
				t.Errorf("network %d: page %+v, command line %v", i, p, cli)
			}
			de, _ := cli["delta_e"].([]any)
			se, _ := cli["noisy_train_error_se"].([]any)
			for k, v := range de {
				c, _ := v.(float64)
				// the command line rounds a mean to the digits its standard error allows
				tol := 0.05*math.Abs(c) + 1e-12
				if k < len(se) {
					s, _ := se[k].(float64)
					tol = math.Max(tol, s)
				}
				if k >= len(p.DeltaE) || math.Abs(p.DeltaE[k]-c) > tol {
					t.Errorf("network %d delta E %d: page %v, command line %v", i, k, p.DeltaE, de)
				}
			}
		}
		t.Logf("the page's networks equal `%s`", cmds[0])
	})

	t.Run("bad-params", func(t *testing.T) {
		tab := open(t, 900, 600)
		navigate(t, tab, "/figures/deep.html?widths=3,abc&sigmas=&epochs=0&draws=NaN&layers=7&train=500&test=200&replicas=2")
		st := waitRunning(t, tab)
		for _, want := range []string{"widths", "epochs", "draws", "layers"} {
			if !strings.Contains(st.Error, want) {
				t.Errorf("no message names %s: %q", want, st.Error)
			}
		}
		if err := tab.WaitTrue(`flatland.deepDone >= 1`, 5*time.Minute, describeState); err != nil {
			t.Fatal(err)
		}
		checkDeepPoints(t, pageJSON[[]deepPoint](t, tab, `flatland.deepPoints`))
		cmds := pageJSON[[]string](t, tab, `flatland.commands`)
		if len(cmds) != 1 || !strings.Contains(cmds[0], "-widths 4,16,64,256 ") || !strings.Contains(cmds[0], "-sigmas 0.05,0.1,0.2,0.3,0.5 ") {
			t.Errorf("bad lists did not fall back to the defaults: %q", cmds)
		}
		screenshotCanvas(t, tab, "deep-bad-params")
	})

	t.Run("no-digits", func(t *testing.T) {
		// A tab of its own: the refused request is an expected console error.
		tab, err := chrome.NewTab(site.Host, 900, 600)
		if err != nil {
			t.Fatal(err)
		}
		defer tab.Close()
		if _, err := chromedp.Call(tab.Ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: []*network.BlockPattern{{URLPattern: "http://*:*/mnist.bin", Block: true}}}); err != nil {
			t.Fatal(err)
		}
		navigate(t, tab, "/figures/deep.html?widths=4")
		if err := tab.WaitTrue(`window.flatland && flatland.ready && flatland.frames >= 2 && flatland.digits === "failed"`, readyTimeout(), describeState); err != nil {
			t.Fatal(err)
		}
		st, _ := browser.ReadState(tab, "")
		if !strings.Contains(st.Error, "The digits could not be loaded") {
			t.Errorf("error %q: want it to say the digits could not be loaded", st.Error)
		}
		screenshotCanvas(t, tab, "deep-no-digits")
	})

	t.Run("single-file", func(t *testing.T) {
		page := singleFile(t, sitegen.SingleFigureFile("deep"))
		tab := openOffline(t, page, 1000, 640, true)
		if err := tab.Navigate((&url.URL{Scheme: "file", Path: page, RawQuery: deepLight}).String(), 60*time.Second); err != nil {
			t.Fatal(err)
		}
		if err := tab.WaitTrue(`window.flatland && flatland.deepDone >= 2`, 10*time.Minute, describeState); err != nil {
			t.Fatal(err)
		}
		st, _ := browser.ReadState(tab, "")
		if st.Error != "" {
			t.Errorf("flatland-deep.html: error %q", st.Error)
		}
		checkDeepPoints(t, pageJSON[[]deepPoint](t, tab, `flatland.deepPoints`))
		held, _ := browser.Eval[string](tab, `(function(){var e=document.getElementById("flatland-digits"); return e ? e.dataset.train + " training, " + e.dataset.test + " test" : "none"})()`)
		t.Logf("flatland-deep.html holds %s digits; commands %v", held, pageJSON[[]string](t, tab, `flatland.commands`))
		screenshotCanvas(t, tab, "deep-single")
	})
}

// The default deep figure is complete at first paint: every network of the
// default sweep is drawn from the stored results (open marks), the strip of
// misclassified digits and the summary with them, with no error, while the
// live sweep runs; its first live network replaces its stored one with the
// same numbers.
func TestDeepStoredFirstPaint(t *testing.T) {
	tab := open(t, 1000, 640)
	start := time.Now()
	navigate(t, tab, "/figures/deep.html")
	complete := `window.flatland && flatland.ready && flatland.deepTotal > 0 && flatland.deepStored + flatland.deepDone === flatland.deepTotal && flatland.digits === "ready"`
	if err := tab.WaitTrue(complete, readyTimeout(),
		`JSON.stringify({stored: flatland.deepStored, done: flatland.deepDone, total: flatland.deepTotal, digits: flatland.digits, error: flatland.error, mismatch: flatland.deepMismatch})`); err != nil {
		t.Fatal(err)
	}
	stored, done, total := pageJSON[int](t, tab, `flatland.deepStored`), pageJSON[int](t, tab, `flatland.deepDone`), pageJSON[int](t, tab, `flatland.deepTotal`)
	progress(t, "default view complete %.1f s after navigation: %d networks from storage, %d live, of %d", time.Since(start).Seconds(), stored, done, total)
	if total != 8 || stored < 1 {
		t.Errorf("%d networks from storage and %d live of %d; want the 8 of the default sweep, drawn from storage until measured", stored, done, total)
	}
	if e := pageJSON[string](t, tab, `flatland.error`) + pageJSON[string](t, tab, `flatland.deepMismatch`); e != "" {
		t.Errorf("error: %s", e)
	}
	if !pageJSON[bool](t, tab, `flatland.computing`) && done < total {
		t.Errorf("the live sweep is not running behind the stored results")
	}
	time.Sleep(1500 * time.Millisecond) // the strip is drawn in the frame after the digits; the summary is published once a second
	screenshotCanvas(t, tab, "deep-stored")
	summary := pageJSON[string](t, tab, `flatland.summary`)
	t.Logf("summary: %s", summary)
	for _, want := range []string{"8 of 8 networks", "zero training error from width 64", "local energy at σ = 0.2 falls with width", "stored results"} {
		if !strings.Contains(summary, want) {
			t.Errorf("the summary does not say %q: %s", want, summary)
		}
	}
	// the first live network is the stored one, number for number
	if err := tab.WaitTrue(`flatland.deepDone >= 1`, 5*time.Minute, describeState); err != nil {
		t.Fatal(err)
	}
	if mm := pageJSON[string](t, tab, `flatland.deepMismatch`); mm != "" {
		t.Errorf("%s", mm)
	}
	progress(t, "%d live networks print as the stored ones", pageJSON[int](t, tab, `flatland.deepDone`))
	screenshotCanvas(t, tab, "deep-stored-live")
}
