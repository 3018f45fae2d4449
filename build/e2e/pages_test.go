//go:build e2e

package e2e

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"flatland/build/browser"
	"flatland/wasm/state"
)

// Every figure loads and draws, both on its own page and on the site root with ?figure=.
func TestFigurePagesDraw(t *testing.T) {
	for _, fig := range state.Figures {
		for _, page := range []struct{ name, path string }{
			{fig, "/figures/" + fig + ".html"},
			{"root-" + fig, "/?figure=" + fig},
		} {
			t.Run(page.name, func(t *testing.T) {
				tab := open(t, 1000, 640)
				start := time.Now()
				navigate(t, tab, page.path)
				st := waitRunning(t, tab)
				t.Logf("%s: running after %v", page.path, time.Since(start).Round(time.Millisecond))
				if st.Figure != fig {
					t.Errorf("flatland.figure = %q, want %q", st.Figure, fig)
				}
				if st.Error != "" {
					t.Errorf("flatland.error = %q with default parameters, want empty", st.Error)
				}
				if st.Progress < 0 || st.Progress > 1 {
					t.Errorf("flatland.progress = %v, want within [0, 1]", st.Progress)
				}
				hidden, err := browser.Eval[bool](tab, `document.getElementById("flatland-status").classList.contains("hidden")`)
				if err != nil || !hidden {
					t.Errorf("loading indicator still shown after the first frame (err %v)", err)
				}
				waitFramesAdvance(t, tab, "")
				screenshotCanvas(t, tab, page.name)
				// The figure pages preload the module; it must still be fetched only once.
				n := 0
				for _, r := range tab.Requests() {
					if strings.HasSuffix(strings.SplitN(r.URL, "?", 2)[0], "/flatland.wasm") {
						n++
					}
				}
				if n != 1 {
					t.Errorf("flatland.wasm requested %d times, want once", n)
				}
			})
		}
	}
}

// On a HiDPI screen (device pixel ratio 2) the canvas has twice the pixels: text and lines stay sharp.
func TestHiDPI(t *testing.T) {
	tab, err := chrome.NewTabScaled(site.Host, 800, 500, 2)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { checkClean(t, tab); tab.Close() })
	navigate(t, tab, "/figures/generalization.html")
	waitRunning(t, tab)
	dpr, _ := browser.Eval[float64](tab, `window.devicePixelRatio`)
	width, _ := browser.Eval[int](tab, `document.querySelector("canvas").width`)
	if dpr != 2 || width != 1600 {
		t.Errorf("devicePixelRatio %v, canvas width %d px; want 2 and 1600 (800 CSS px at 2x)", dpr, width)
	}
	ink := screenshotCanvas(t, tab, "hidpi-generalization")
	if ink.Width != 1600 {
		t.Errorf("screenshot %d px wide, want 1600 device pixels", ink.Width)
	}
}

// Valid parameters in the query are applied and stay in the address after the program rewrites it.
func TestParamsRoundTrip(t *testing.T) {
	for _, fig := range []string{"diagram", "train"} {
		t.Run(fig, func(t *testing.T) {
			want := map[string]string{}
			for _, s := range state.Specs {
				if s.Key == "figure" || s.Key == "autoplay" || !s.UsedBy(fig) {
					continue
				}
				want[s.Key] = validValue(s)
			}
			tab := open(t, 1000, 640)
			navigate(t, tab, "/figures/"+fig+".html?"+query(want))
			st := waitRunning(t, tab)
			if st.Error != "" {
				t.Errorf("valid parameters %v gave error %q", want, st.Error)
			}
			for k, v := range want {
				if !sameValue(st.Params[k], v) {
					t.Errorf("flatland.params[%q] = %v, want %s", k, st.Params[k], v)
				}
			}
			// Let the program rewrite the address, then read it back.
			time.Sleep(500 * time.Millisecond)
			search, err := browser.Eval[string](tab, `location.search`)
			if err != nil {
				t.Fatal(err)
			}
			got, err := url.ParseQuery(strings.TrimPrefix(search, "?"))
			if err != nil {
				t.Fatalf("address query %q: %v", search, err)
			}
			for k, v := range want {
				if !sameValue(got.Get(k), v) {
					t.Errorf("address after replaceState has %s=%q, want %s (full query %q)", k, got.Get(k), v, search)
				}
			}
			screenshotCanvas(t, tab, "params-"+fig)
		})
	}
	// On the site root the figure itself is state: the rewritten address must keep ?figure= or a
	// copied link would open the explorer instead.
	t.Run("root", func(t *testing.T) {
		tab := open(t, 1000, 640)
		navigate(t, tab, "/?figure=entropy&alpha=0.55")
		st := waitRunning(t, tab)
		if st.Figure != "entropy" || !sameValue(st.Params["alpha"], "0.55") {
			t.Errorf("root: figure %q alpha %v, want entropy and 0.55", st.Figure, st.Params["alpha"])
		}
		time.Sleep(500 * time.Millisecond)
		search, _ := browser.Eval[string](tab, `location.search`)
		q, _ := url.ParseQuery(strings.TrimPrefix(search, "?"))
		if q.Get("figure") != "entropy" || !sameValue(q.Get("alpha"), "0.55") {
			t.Errorf("root address after replaceState is %q, want figure=entropy and alpha=0.55", search)
		}
	})
}

// Bad parameters: a plain-language message, the defaults, and still a drawn canvas.
func TestBadParams(t *testing.T) {
	bad := map[string]string{"alpha": "banana", "n": "-5", "act": "cosine", "seed": "1e999"}
	tab := open(t, 1000, 640)
	navigate(t, tab, "/figures/diagram.html?"+query(bad))
	st := waitRunning(t, tab)
	t.Logf("flatland.error = %q", st.Error)
	if strings.TrimSpace(st.Error) == "" {
		t.Fatalf("no error message for %v", bad)
	}
	for _, word := range []string{"strconv", "ParseFloat", "panic", "goroutine", "NaN", "invalid syntax"} {
		if strings.Contains(st.Error, word) {
			t.Errorf("message %q is not plain language (contains %q)", st.Error, word)
		}
	}
	if !strings.Contains(st.Error, "alpha") {
		t.Errorf("message %q does not name the bad parameter alpha", st.Error)
	}
	_, msgs := state.Parse(map[string]string{"figure": "diagram"}, query(bad))
	for _, m := range msgs {
		if !strings.Contains(st.Error, m) {
			t.Errorf("flatland.error lacks the message %q", m)
		}
	}
	for k := range bad {
		s, ok := state.SpecFor(k)
		if !ok {
			t.Errorf("test uses unknown parameter %q", k)
			continue
		}
		if !sameValue(st.Params[k], s.Def) {
			t.Errorf("params[%q] = %v after a bad value, want the default %s", k, st.Params[k], s.Def)
		}
	}
	screenshotCanvas(t, tab, "bad-params")

	// An unknown figure on the root: message, and a figure is still drawn.
	tab2 := open(t, 1000, 640)
	navigate(t, tab2, "/?figure=nonsense")
	st = waitRunning(t, tab2)
	if st.Error == "" {
		t.Errorf("figure=nonsense: no message")
	}
	screenshotCanvas(t, tab2, "bad-figure")
}

// Every figure runs its computations to the end (train with autoplay) and then shows computed data:
// the screenshots build/out/e2e/<figure>-done.png are the ones to look at.
func TestFiguresFinish(t *testing.T) {
	for _, fig := range state.Figures {
		t.Run(fig, func(t *testing.T) {
			path := "/figures/" + fig + ".html"
			if fig == "train" {
				path += "?autoplay=1&speed=max"
			}
			if fig == "deep" { // its default sweep is a minute at full frame rate: a light one here
				path += "?" + deepLight
			}
			tab := open(t, 1000, 640)
			navigate(t, tab, path)
			waitRunning(t, tab)
			start := time.Now()
			if err := tab.WaitTrue(`flatland.progress >= 1 && flatland.computing !== true`, 5*time.Minute, describeState); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s finished in %v after the first frame", fig, time.Since(start).Round(100*time.Millisecond))
			if st, err := browser.ReadState(tab, ""); err != nil || st.Error != "" {
				t.Errorf("finished with error %q (read err %v)", st.Error, err)
			}
			if fig == "diagram" {
				checkDiagramCounters(t, tab)
			}
			time.Sleep(300 * time.Millisecond) // one more frame with the final data
			screenshotCanvas(t, tab, fig+"-done")
		})
	}
}

// checkDiagramCounters reads the diagram's own counters (contract with wasm/): theory points drawn and
// every simulation run. theoryDone may stay false: with a precomputed table the program re-derives the
// thresholds live in the background (not counted in progress).
func checkDiagramCounters(t *testing.T, tab *browser.Tab) {
	t.Helper()
	extra, err := browser.Eval[map[string]any](tab, `JSON.parse(JSON.stringify({points: flatland.points, theoryDone: flatland.theoryDone, simRuns: flatland.simRuns, simTotal: flatland.simTotal}))`)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("diagram counters at the end: %v", extra)
	if pts, ok := extra["points"].(float64); ok && pts < 1 {
		t.Errorf("progress 1 but no theory points (%v)", pts)
	}
	if runs, ok := extra["simRuns"].(float64); ok && runs != extra["simTotal"] {
		t.Errorf("progress 1 but simulations %v of %v", runs, extra["simTotal"])
	}
}

// Pause stops computation (flatland.paused, progress frozen) while frames keep being drawn; resume
// clears it. The train figure with autoplay is used because it computes continuously.
func TestPauseResume(t *testing.T) {
	tab := open(t, 900, 600)
	navigate(t, tab, "/figures/train.html?autoplay=1&n=1001&alpha=0.9&algo=sa")
	waitRunning(t, tab)
	if _, err := browser.Eval[bool](tab, `window.postMessage({flatland: "pause"}, location.origin), true`); err != nil {
		t.Fatal(err)
	}
	if err := tab.WaitTrue(`flatland.paused === true`, 5*time.Second, describeState); err != nil {
		t.Fatalf("pause: %v", err)
	}
	a, err := browser.ReadState(tab, "")
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond)
	b, err := browser.ReadState(tab, "")
	if err != nil {
		t.Fatal(err)
	}
	if b.Progress != a.Progress {
		t.Errorf("paused, yet progress moved %v -> %v", a.Progress, b.Progress)
	}
	if b.Frames <= a.Frames {
		t.Errorf("paused figure stopped drawing (frames %d -> %d); it should keep drawing its paused note", a.Frames, b.Frames)
	}
	if _, err := browser.Eval[bool](tab, `window.postMessage({flatland: "resume"}, location.origin), true`); err != nil {
		t.Fatal(err)
	}
	if err := tab.WaitTrue(`flatland.paused === false`, 5*time.Second, describeState); err != nil {
		t.Fatalf("resume: %v", err)
	}
	if err := tab.WaitTrue(fmt.Sprintf(`flatland.progress > %v || flatland.progress >= 1`, b.Progress), 30*time.Second, describeState); err != nil {
		t.Errorf("after resume the computation did not go on: %v", err)
	}
}

// The explorer loads, its visible figures run, and a state message from one figure reaches another.
func TestExplorer(t *testing.T) {
	tab := open(t, 1280, 900)
	navigate(t, tab, "/?alpha=0.5")
	title, err := browser.Eval[string](tab, `document.querySelector("h1").textContent`)
	if err != nil || !strings.Contains(title, "transition") {
		t.Errorf("explorer h1 = %q (err %v)", title, err)
	}
	n, _ := browser.Eval[int](tab, `document.querySelectorAll("iframe[data-figure]").length`)
	if n != len(state.Figures) {
		t.Errorf("%d figure iframes, want %d", n, len(state.Figures))
	}
	// Scroll the diagram into view: it loads lazily, with the explorer's parameters.
	browser.Eval[bool](tab, `document.querySelector('iframe[data-figure="diagram"]').scrollIntoView({block: "center"}), true`)
	diagram := `iframe[data-figure="diagram"]`
	if err := tab.WaitTrue(fmt.Sprintf(`(function(){var f=document.querySelector(%q).contentWindow.flatland; return f && f.ready && f.frames >= 1})()`, diagram),
		readyTimeout(), `document.querySelector('iframe[data-figure="diagram"]').src`); err != nil {
		t.Fatal(err)
	}
	st, err := browser.ReadState(tab, diagram)
	if err != nil {
		t.Fatal(err)
	}
	if !sameValue(st.Params["alpha"], "0.5") {
		t.Errorf("diagram iframe alpha = %v, want the explorer's 0.5", st.Params["alpha"])
	}
	waitFramesAdvance(t, tab, diagram)
	png, err := tab.ScreenshotPage()
	if err == nil {
		save(t, "explorer", png)
	}

	// Bring the entropy figure into view next to it, then let the diagram "pick" a point.
	entropy := `iframe[data-figure="entropy"]`
	browser.Eval[bool](tab, `document.querySelector('iframe[data-figure="entropy"]').scrollIntoView({block: "center"}), true`)
	if err := tab.WaitTrue(fmt.Sprintf(`(function(){var f=document.querySelector(%q).contentWindow.flatland; return f && f.ready && f.frames >= 1})()`, entropy),
		readyTimeout(), ""); err != nil {
		t.Fatal(err)
	}
	// Scroll far away from the diagram: the explorer pauses it.
	browser.Eval[bool](tab, `document.querySelector('iframe[data-figure="generalization"]').scrollIntoView({block: "center"}), true`)
	if err := tab.WaitTrue(fmt.Sprintf(`document.querySelector(%q).contentWindow.flatland.paused === true`, diagram), 10*time.Second,
		fmt.Sprintf(`document.querySelector(%q).dataset.visible`, diagram)); err != nil {
		t.Errorf("off-screen diagram not paused: %v", err)
	}
	browser.Eval[bool](tab, `document.querySelector('iframe[data-figure="entropy"]').scrollIntoView({block: "center"}), true`)
	err = tab.PostFromFrame("figures/diagram.html",
		`parent.postMessage({flatland: "state", figure: "diagram", params: {figure: "diagram", alpha: "0.61", "alpha-d": "2"}}, "*")`)
	if err != nil {
		t.Fatal(err)
	}
	if err := tab.WaitTrue(fmt.Sprintf(`(function(){var p=document.querySelector(%q).contentWindow.flatland.params; return Math.abs(Number(p.alpha)-0.61) < 1e-9 && Math.abs(Number(p["alpha-d"])-2) < 1e-9})()`, entropy),
		20*time.Second, fmt.Sprintf(`JSON.stringify(document.querySelector(%q).contentWindow.flatland.params)`, entropy)); err != nil {
		t.Errorf("the diagram's state did not reach the entropy figure: %v", err)
	}
	if st, _ := browser.ReadState(tab, entropy); st.Figure != "entropy" {
		t.Errorf("relayed params changed the entropy iframe's figure to %q", st.Figure)
	}
	search, _ := browser.Eval[string](tab, `location.search`)
	q, _ := url.ParseQuery(strings.TrimPrefix(search, "?"))
	if q.Get("alpha") != "0.61" || q.Get("figure") != "" {
		t.Errorf("explorer address %q, want alpha=0.61 and no figure", search)
	}
	png, err = tab.ScreenshotPage()
	if err == nil {
		save(t, "explorer-relayed", png)
	}

	// A real click in the diagram's plot picks a point; the entropy figure (loaded, now off-screen)
	// follows through the program's own state message and the explorer's relay.
	before, picked := clickDiagramFollowed(t, tab)
	t.Logf("clicked the diagram: alpha %v -> %v, alpha-d %v -> %v", before.Params["alpha"], picked.Params["alpha"], before.Params["alpha-d"], picked.Params["alpha-d"])
	if png, err := tab.ScreenshotPage(); err == nil {
		save(t, "explorer-picked", png)
	}
}

// The embed guide loads, carries this site's address and every parameter, and its preview runs.
func TestEmbedPage(t *testing.T) {
	tab := open(t, 1280, 900)
	navigate(t, tab, "/embed.html")
	snippet, err := browser.Eval[string](tab, `document.getElementById("snippet-basic").textContent`)
	if err != nil || !strings.Contains(snippet, site.URL+"/figures/diagram.html") {
		t.Errorf("basic snippet %q does not use the site's address %s (err %v)", snippet, site.URL, err)
	}
	pause, _ := browser.Eval[string](tab, `document.getElementById("snippet-pause").textContent`)
	for _, want := range []string{"IntersectionObserver", "postMessage", `"resume"`, `"pause"`} {
		if !strings.Contains(pause, want) {
			t.Errorf("pause snippet lacks %s", want)
		}
	}
	for _, s := range state.Specs {
		ok, _ := browser.Eval[bool](tab, fmt.Sprintf(`!!document.querySelector('#param-table tr[data-param=%q]')`, s.Key))
		if !ok {
			t.Errorf("parameter table has no row for %q", s.Key)
		}
	}
	// Build a snippet for train with controls off and seed 7, preview it.
	_, err = browser.Eval[bool](tab, `(function(){var f=document.getElementById("builder"); f.figure.value="train"; f.seed.value="7";
		f.dispatchEvent(new Event("change")); document.getElementById("show-preview").click(); return true})()`)
	if err != nil {
		t.Fatal(err)
	}
	built, _ := browser.Eval[string](tab, `document.getElementById("snippet").textContent`)
	if !strings.Contains(built, "figures/train.html?controls=0&amp;seed=7") {
		t.Errorf("built snippet %q, want train with controls=0 and seed=7", built)
	}
	preview := `#preview iframe`
	if err := tab.WaitTrue(`(function(){var i=document.querySelector("#preview iframe"); var f=i && i.contentWindow.flatland; return f && f.ready && f.frames >= 1})()`, readyTimeout(), ""); err != nil {
		t.Fatal(err)
	}
	st, _ := browser.ReadState(tab, preview)
	if st.Figure != "train" || !sameValue(st.Params["seed"], "7") || !sameValue(st.Params["controls"], "0") {
		t.Errorf("preview runs figure %q with params %v, want train, seed 7, controls 0", st.Figure, st.Params)
	}
	browser.Eval[bool](tab, `document.getElementById("preview").scrollIntoView({block: "center"}), true`)
	time.Sleep(500 * time.Millisecond)
	if png, err := tab.ScreenshotPage(); err == nil {
		save(t, "embed", png)
	}
	// The embed guide runs no host-side observer: a figure scrolled out of view pauses itself, and
	// resumes when it comes back.
	browser.Eval[bool](tab, `window.scrollTo(0, 0), true`)
	if err := tab.WaitTrue(`document.querySelector("#preview iframe").contentWindow.flatland.paused === true`, 10*time.Second, ""); err != nil {
		t.Errorf("figure scrolled out of view did not pause itself: %v", err)
	}
	browser.Eval[bool](tab, `document.getElementById("preview").scrollIntoView({block: "center"}), true`)
	if err := tab.WaitTrue(`document.querySelector("#preview iframe").contentWindow.flatland.paused === false`, 10*time.Second, ""); err != nil {
		t.Errorf("figure scrolled back into view did not resume: %v", err)
	}
}

// Without WebGL 2 or WebAssembly the page says so in plain words (and never starts the program).
// WebGL is switched off with a browser flag; WebAssembly by removing it before the page's scripts run
// (V8's --noexpose_wasm is ignored by current Chromium builds).
func TestMissingFeatures(t *testing.T) {
	for _, tc := range []struct {
		name  string
		flags map[string]any
		init  string
		want  string
	}{
		{"no-webgl", map[string]any{"disable-3d-apis": true}, "", "WebGL 2 is not available"},
		{"no-wasm", nil, "delete window.WebAssembly;", "WebAssembly is not available"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := chrome
			if tc.flags != nil {
				var err error
				if b, err = browser.Start(tc.flags); err != nil {
					t.Fatal(err)
				}
				defer b.Close()
			}
			tab, err := b.NewTab(site.Host, 800, 500)
			if err != nil {
				t.Fatal(err)
			}
			defer tab.Close()
			if tc.init != "" {
				if err := tab.AddInitScript(tc.init); err != nil {
					t.Fatal(err)
				}
			}
			if err := tab.Navigate(site.URL+"/figures/diagram.html", 60*time.Second); err != nil {
				t.Fatal(err)
			}
			if err := tab.WaitTrue(`document.querySelector("#flatland-status.error")`, 20*time.Second, describeState); err != nil {
				t.Fatal(err)
			}
			text, _ := browser.Eval[string](tab, `document.getElementById("flatland-status").textContent`)
			if !strings.Contains(text, tc.want) {
				t.Errorf("message %q, want %q", text, tc.want)
			}
			st, err := browser.ReadState(tab, "")
			if err != nil || !strings.Contains(st.Error, tc.want) {
				t.Errorf("flatland.error = %q (err %v), want it to carry the message", st.Error, err)
			}
			if n, err := browser.Eval[int](tab, `document.querySelectorAll("canvas").length`); err != nil || n != 0 {
				t.Errorf("the program started anyway (%d canvases, err %v)", n, err)
			}
			if png, err := tab.ScreenshotPage(); err == nil {
				save(t, tc.name, png)
			}
			checkClean(t, tab)
		})
	}
}

// clickDiagramFollowed clicks into the explorer's diagram frame (a real mouse click), waits for the
// diagram to pick a new point and for the entropy frame to follow through the explorer's relay, and
// returns the diagram's state before and after. The site's explorer and the single file share it.
func clickDiagramFollowed(t *testing.T, tab *browser.Tab) (before, picked browser.State) {
	t.Helper()
	diagram, entropy := `iframe[data-figure="diagram"]`, `iframe[data-figure="entropy"]`
	browser.Eval[bool](tab, `document.querySelector('iframe[data-figure="diagram"]').scrollIntoView({block: "start"}), true`)
	time.Sleep(700 * time.Millisecond)
	rect, err := browser.Eval[map[string]float64](tab, `(function(){var r=document.querySelector('iframe[data-figure="diagram"]').getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height}})()`)
	if err != nil {
		t.Fatal(err)
	}
	before, _ = browser.ReadState(tab, diagram)
	if err := tab.ClickAt(rect["x"]+0.62*rect["w"], rect["y"]+0.35*rect["h"], 120*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if err := tab.WaitTrue(fmt.Sprintf(`(function(){var p=document.querySelector(%q).contentWindow.flatland.params; return Math.abs(Number(p.alpha)-%v) > 1e-9})()`, diagram, before.Params["alpha"]),
		10*time.Second, fmt.Sprintf(`JSON.stringify(document.querySelector(%q).contentWindow.flatland.params)`, diagram)); err != nil {
		t.Fatalf("clicking the diagram did not pick a new point: %v", err)
	}
	picked, _ = browser.ReadState(tab, diagram)
	if err := tab.WaitTrue(fmt.Sprintf(`(function(){var p=document.querySelector(%q).contentWindow.flatland.params; return Math.abs(Number(p.alpha)-%v) < 1e-9})()`, entropy, picked.Params["alpha"]),
		20*time.Second, fmt.Sprintf(`JSON.stringify(document.querySelector(%q).contentWindow.flatland.params)`, entropy)); err != nil {
		t.Errorf("the picked point (alpha %v) did not reach the entropy figure: %v", picked.Params["alpha"], err)
	}
	return before, picked
}
