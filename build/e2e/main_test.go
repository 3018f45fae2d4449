//go:build e2e

package e2e

import (
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"flatland/build/assemble"
	"flatland/build/browser"
	"flatland/build/sitegen"
	"flatland/wasm/state"
)

var (
	site    *browser.Site
	chrome  *browser.Browser
	distDir string
	outDir  string
)

func TestMain(m *testing.M) {
	code, err := setup(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e setup:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func setup(m *testing.M) (int, error) {
	root, err := filepath.Abs("../..")
	if err != nil {
		return 0, err
	}
	outDir = filepath.Join(root, "build", "out", "e2e")
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return 0, err
	}
	distDir = os.Getenv("FLATLAND_DIST")
	if distDir == "" {
		distDir = filepath.Join(root, "dist")
	}
	if _, err := os.Stat(filepath.Join(distDir, "index.html")); err != nil {
		// Run on its own (not through make test-e2e): assemble a fresh site in a temp dir.
		tmp, err := os.MkdirTemp("", "flatland-e2e-dist-")
		if err != nil {
			return 0, err
		}
		defer os.RemoveAll(tmp)
		fmt.Fprintln(os.Stderr, "e2e: no", distDir, "- assembling the site into", tmp)
		if _, err := assemble.Assemble(sitegen.Options(assemble.Options{Root: root, Out: tmp, Brotli: -1, Log: os.Stderr})); err != nil {
			return 0, err
		}
		distDir = tmp
	}
	site, err = browser.ServeDir(distDir)
	if err != nil {
		return 0, err
	}
	defer site.Close()
	chrome, err = browser.Start(nil)
	if err != nil {
		return 0, err
	}
	defer chrome.Close()
	stop := reportProgress(30 * time.Second)
	defer stop()
	return m.Run(), nil
}

// Progress: the browser tests take minutes, so they say what runs as they go. Lines logged with
// t.Logf appear at once under go test -v (make test-e2e passes it); a ticker also prints to stderr
// which test has been running how long, for the long waits inside one test.
var (
	progressStart = time.Now()
	progressMu    sync.Mutex
	progressTest  string    // the test that opened the last tab
	progressSince time.Time // when it did
)

// progress logs a line prefixed with the time since the browser tests started.
func progress(t *testing.T, format string, args ...any) {
	t.Helper()
	progressMu.Lock()
	if progressTest != t.Name() {
		progressTest, progressSince = t.Name(), time.Now()
	}
	progressMu.Unlock()
	t.Logf("[e2e %s] %s", time.Since(progressStart).Round(time.Second), fmt.Sprintf(format, args...))
}

// reportProgress prints the running test every interval until stop is called.
func reportProgress(interval time.Duration) (stop func()) {
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				progressMu.Lock()
				name, since := progressTest, progressSince
				progressMu.Unlock()
				if name != "" {
					fmt.Fprintf(os.Stderr, "[e2e %s] still in %s (for %s)\n", time.Since(progressStart).Round(time.Second), name, time.Since(since).Round(time.Second))
				}
			}
		}
	}()
	return func() { close(done) }
}

// open opens a tab and closes it, with the console and network checks, when the test ends.
func open(t *testing.T, w, h int64) *browser.Tab {
	t.Helper()
	progress(t, "opening a %dx%d tab", w, h)
	tab, err := chrome.NewTab(site.Host, w, h)
	if err != nil {
		t.Fatalf("new tab: %v", err)
	}
	t.Cleanup(func() {
		checkClean(t, tab)
		tab.Close()
	})
	return tab
}

// checkClean fails the test on console errors or on requests that left the site's origin.
func checkClean(t *testing.T, tab *browser.Tab) {
	t.Helper()
	if errs := tab.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors:\n  %s", strings.Join(errs, "\n  "))
	}
	if off := tab.Offsite(); len(off) > 0 {
		t.Errorf("requests left 127.0.0.1:\n  %s", strings.Join(off, "\n  "))
	}
}

func navigate(t *testing.T, tab *browser.Tab, path string) {
	t.Helper()
	progress(t, "loading %s", path)
	if err := tab.Navigate(site.URL+path, 60*time.Second); err != nil {
		t.Fatalf("navigate %s: %v", path, err)
	}
}

const describeState = `JSON.stringify(window.flatland && {figure: flatland.figure, ready: flatland.ready, frames: flatland.frames, progress: flatland.progress, error: flatland.error}) + " status=" + (document.getElementById("flatland-status")||{}).textContent`

// waitRunning waits until the program has drawn frames with real data.
func waitRunning(t *testing.T, tab *browser.Tab) browser.State {
	t.Helper()
	if err := tab.WaitTrue(`window.flatland && flatland.ready && flatland.frames >= 1`, readyTimeout(), describeState); err != nil {
		t.Fatal(err)
	}
	st, err := browser.ReadState(tab, "")
	if err != nil {
		t.Fatal(err)
	}
	progress(t, "%s figure running (%d frames)", st.Figure, st.Frames)
	return st
}

// readyTimeout is how long a figure may take to draw real data: 90 s, or $FLATLAND_E2E_READY.
func readyTimeout() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("FLATLAND_E2E_READY")); err == nil && d > 0 {
		return d
	}
	return 90 * time.Second
}

// waitFramesAdvance checks that frames keep coming.
func waitFramesAdvance(t *testing.T, tab *browser.Tab, frameSel string) {
	t.Helper()
	st, err := browser.ReadState(tab, frameSel)
	if err != nil {
		t.Fatal(err)
	}
	target := "window"
	if frameSel != "" {
		target = fmt.Sprintf("document.querySelector(%q).contentWindow", frameSel)
	}
	expr := fmt.Sprintf("%s.flatland.frames >= %d", target, st.Frames+3)
	if err := tab.WaitTrue(expr, 20*time.Second, target+".flatland.frames"); err != nil {
		t.Errorf("frames stopped at %d: %v", st.Frames, err)
	}
}

// screenshotCanvas saves the canvas to build/out/e2e/name.png and checks that it is drawn: a real
// share of pixels differs from the background, several colours, and it is not a black canvas.
func screenshotCanvas(t *testing.T, tab *browser.Tab, name string) browser.Ink {
	t.Helper()
	png, err := tab.ScreenshotCanvas()
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	save(t, name, png)
	ink, err := browser.MeasureInk(png)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %s", name, ink)
	if ink.Fraction < 0.02 || ink.Colors < 8 {
		t.Errorf("%s looks blank: %s (want >= 2%% drawn and >= 8 colours)", name, ink)
	}
	if ink.Luminance < 0.1 {
		t.Errorf("%s looks black: %s", name, ink)
	}
	return ink
}

func save(t *testing.T, name string, png []byte) {
	t.Helper()
	p := filepath.Join(outDir, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Errorf("saving %s: %v", p, err)
	}
}

// validValue returns a valid, non-default value for a parameter, as it would appear in a URL.
func validValue(s state.Spec) string {
	switch s.Kind {
	case state.Choice:
		for i := len(s.Choices) - 1; i >= 0; i-- {
			if s.Choices[i] != s.Def {
				return s.Choices[i]
			}
		}
	case state.Bool:
		if s.Def == "1" {
			return "0"
		}
		return "1"
	case state.Int:
		v := math.Round(s.Min + 0.3*(s.Max-s.Min))
		if strconv.FormatFloat(v, 'f', -1, 64) == s.Def {
			v++
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	case state.Float:
		v := s.Min + 0.37*(s.Max-s.Min)
		v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 3, 64), 64)
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return s.Def
}

// sameValue compares a value from window.flatland.params (string or number) with a URL value.
func sameValue(got any, want string) bool {
	var g string
	switch v := got.(type) {
	case string:
		g = v
	case float64:
		g = strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		if v {
			g = "1"
		} else {
			g = "0"
		}
	default:
		return false
	}
	if g == want {
		return true
	}
	a, errA := strconv.ParseFloat(g, 64)
	b, errB := strconv.ParseFloat(want, 64)
	return errA == nil && errB == nil && math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}

func query(kv map[string]string) string {
	q := url.Values{}
	for k, v := range kv {
		q.Set(k, v)
	}
	return q.Encode()
}
