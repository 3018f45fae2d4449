//go:build e2e

package e2e

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"flatland/build/browser"
	"flatland/build/sitegen"
	"flatland/wasm/state"
)

// openOffline opens a tab for pages opened from the disk: every http(s) and ws(s) request is blocked,
// so nothing can come from a server. When the test ends it fails on console errors (when clean is
// set) and on any request other than the page file itself and in-page data.
func openOffline(t *testing.T, page string, w, h int64, clean bool) *browser.Tab {
	t.Helper()
	progress(t, "opening a %dx%d offline tab for %s", w, h, filepath.Base(page))
	tab, err := chrome.NewTab("", w, h)
	if err != nil {
		t.Fatalf("new tab: %v", err)
	}
	var block []*network.BlockPattern
	for _, scheme := range []string{"http", "https", "ws", "wss"} {
		block = append(block, &network.BlockPattern{URLPattern: scheme + "://*:*/*", Block: true})
	}
	if _, err := chromedp.Call(tab.Ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: block}); err != nil {
		t.Fatalf("blocking the network: %v", err)
	}
	// Content-Security-Policy refusals do not reach the console listener: record them in every
	// document (the explorer's figure frames too).
	if err := tab.AddInitScript(`window.flatlandTestCSP = []; document.addEventListener("securitypolicyviolation", function (e) {
		window.flatlandTestCSP.push(e.violatedDirective + " refused " + (e.blockedURI || "inline") + " " + (e.sample || ""));
	});`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if clean {
			if errs := tab.ConsoleErrors(); len(errs) > 0 {
				t.Errorf("%s: console errors:\n  %s", filepath.Base(page), strings.Join(errs, "\n  "))
			}
			refused, err := browser.Eval[[]string](tab, `[window].concat(Array.prototype.map.call(document.querySelectorAll("iframe"), function (f) { return f.contentWindow; }))
				.reduce(function (all, w) { return all.concat((w && w.flatlandTestCSP) || []); }, [])`)
			if err != nil || len(refused) > 0 {
				t.Errorf("%s: Content-Security-Policy refusals %v (err %v)", filepath.Base(page), refused, err)
			}
			for _, r := range tab.Requests() {
				u, err := url.Parse(r.URL)
				if err != nil || !(u.Scheme == "data" || u.Scheme == "blob" || u.Scheme == "about" || (u.Scheme == "file" && u.Path == page)) {
					t.Errorf("%s requested %s: a single file must need nothing but itself", filepath.Base(page), r.URL)
				}
			}
		}
		tab.Close()
	})
	progress(t, "loading file://%s", page)
	if err := tab.Navigate((&url.URL{Scheme: "file", Path: page}).String(), 60*time.Second); err != nil {
		t.Fatalf("navigate %s: %v", page, err)
	}
	return tab
}

// singleFile copies one single file of the assembled site alone into a fresh directory: it must not
// need anything next to it.
func singleFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(distDir, name))
	if err != nil {
		t.Fatalf("%s is missing from %s (make dist writes it): %v", name, distDir, err)
	}
	if len(b) > sitegen.SingleFileGoal {
		t.Errorf("%s is %.2f MB, over the %.2f MB goal", name, float64(len(b))/1e6, float64(sitegen.SingleFileGoal)/1e6)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// The single files open from the disk with no server and no network: every figure draws alone, and
// the explorer runs its figures in frames that follow each other. The site's own index.html, opened
// from the disk, says why its figures cannot load and what to do.
func TestSingleFilesOffline(t *testing.T) {
	for _, f := range state.Catalog {
		t.Run(f.Name, func(t *testing.T) {
			page := singleFile(t, sitegen.SingleFigureFile(f.Name))
			tab := openOffline(t, page, int64(f.Width), int64(f.Height), true)
			st := waitRunning(t, tab)
			if st.Figure != f.Name {
				t.Errorf("%s runs figure %q", filepath.Base(page), st.Figure)
			}
			if st.Error != "" {
				t.Errorf("%s: window.flatland.error = %q", filepath.Base(page), st.Error)
			}
			version, _ := browser.Eval[string](tab, `window.flatlandSite.version`)
			if version == "" || version == "dev" {
				t.Errorf("window.flatlandSite.version = %q, want the build's version", version)
			}
			screenshotCanvas(t, tab, "single-"+f.Name)
		})
	}

	t.Run("explorer", func(t *testing.T) {
		page := singleFile(t, sitegen.ExplorerFile)
		tab := openOffline(t, page, 1280, 900, true)
		footer, _ := browser.Eval[string](tab, `(document.querySelector("footer .build-version")||{}).textContent || ""`)
		if !strings.Contains(footer, "commit") {
			t.Errorf("the explorer's footer shows no version: %q", footer)
		}
		for _, f := range state.Catalog {
			sel := fmt.Sprintf(`iframe[data-figure=%q]`, f.Name)
			browser.Eval[bool](tab, fmt.Sprintf(`document.querySelector(%q).scrollIntoView({block: "center"}), true`, sel))
			if err := tab.WaitTrue(fmt.Sprintf(`(function(){var f=document.querySelector(%q).contentWindow.flatland; return f && f.ready && f.frames >= 1})()`, sel),
				readyTimeout(), fmt.Sprintf(`JSON.stringify(document.querySelector(%q).contentWindow.flatland) + " status=" + (document.querySelector(%q).contentDocument.getElementById("flatland-status")||{}).textContent`, sel, sel)); err != nil {
				t.Fatalf("%s frame: %v", f.Name, err)
			}
			st, err := browser.ReadState(tab, sel)
			if err != nil || st.Figure != f.Name || st.Error != "" {
				t.Errorf("%s frame state %+v (err %v)", f.Name, st, err)
			}
			progress(t, "explorer frame %s running (%d frames)", f.Name, st.Frames)
			if png, err := tab.ScreenshotPage(); err == nil {
				save(t, "single-explorer-"+f.Name, png)
			}
		}

		// Without room for the digits the explorer's deep frame draws the stored default sweep
		// (complete, no error), and says it cannot retrain it.
		deepFrame := `document.querySelector('iframe[data-figure="deep"]').contentWindow.flatland`
		held, _ := browser.Eval[bool](tab, `!!document.getElementById("flatland-digits")`)
		stored, _ := browser.Eval[int](tab, deepFrame+`.deepStored`)
		total, _ := browser.Eval[int](tab, deepFrame+`.deepTotal`)
		progress(t, "explorer: digits held %v; deep frame draws %d of %d networks from the stored run", held, stored, total)
		if !held && (total == 0 || stored != total) {
			t.Errorf("no digits in the explorer and the deep frame draws %d of %d networks from storage, want all", stored, total)
		}

		// The last frame is in view, the diagram far above it: paused by the page.
		if err := tab.WaitTrue(`document.querySelector('iframe[data-figure="diagram"]').contentWindow.flatland.paused === true`, 10*time.Second,
			`document.querySelector('iframe[data-figure="diagram"]').dataset.visible`); err != nil {
			t.Errorf("the off-screen diagram frame was not paused: %v", err)
		}

		// A click in the diagram picks a point; the entropy frame follows through the relay.
		before, picked := clickDiagramFollowed(t, tab)
		open, _ := browser.Eval[string](tab, `document.querySelector('a[data-open="entropy"]').getAttribute("href")`)
		if q, err := url.ParseQuery(strings.TrimPrefix(open, "?")); err != nil || q.Get("figure") != "entropy" || q.Get("alpha") == "" {
			t.Errorf("the entropy 'open alone' link is %q, want ?figure=entropy with the picked alpha", open)
		}
		t.Logf("clicked the diagram: alpha %v -> %v", before.Params["alpha"], picked.Params["alpha"])
		if png, err := tab.ScreenshotPage(); err == nil {
			save(t, "single-explorer-picked", png)
		}
	})

	t.Run("explorer-figure-alone", func(t *testing.T) {
		page := singleFile(t, sitegen.ExplorerFile)
		tab := openOffline(t, page, 900, 640, true)
		if err := tab.Navigate((&url.URL{Scheme: "file", Path: page, RawQuery: "figure=train&alpha=0.5"}).String(), 60*time.Second); err != nil {
			t.Fatal(err)
		}
		st := waitRunning(t, tab)
		if st.Figure != "train" || !sameValue(st.Params["alpha"], "0.5") {
			t.Errorf("flatland.html?figure=train&alpha=0.5 runs %q with alpha %v", st.Figure, st.Params["alpha"])
		}
		screenshotCanvas(t, tab, "single-explorer-train-alone")
	})

	t.Run("site-from-disk", func(t *testing.T) {
		// The normal site cannot load its module from file://: console errors are expected here.
		page := filepath.Join(distDir, "index.html")
		tab := openOffline(t, page, 1280, 900, false)
		notice, _ := browser.Eval[string](tab, `(document.getElementById("flatland-file-notice")||{}).textContent || ""`)
		for _, want := range []string{"opened from a file", "Open flatland.html", "python3 -m http.server", "make serve"} {
			if !strings.Contains(notice, want) {
				t.Errorf("index.html from the disk: the notice %q lacks %q", notice, want)
			}
		}
		if png, err := tab.ScreenshotPage(); err == nil {
			save(t, "site-from-disk", png)
		}

		fig := openOffline(t, filepath.Join(distDir, "figures", "diagram.html"), 900, 600, false)
		text, _ := browser.Eval[string](fig, `(document.getElementById("flatland-status")||{}).textContent || ""`)
		if err := fig.WaitTrue(`(document.getElementById("flatland-status")||{}).textContent.indexOf("Open flatland-diagram.html from the site's folder") >= 0`, 30*time.Second,
			`(document.getElementById("flatland-status")||{}).textContent`); err != nil {
			t.Errorf("figures/diagram.html from the disk: %v (status was %q)", err, text)
		}
		if png, err := fig.ScreenshotPage(); err == nil {
			save(t, "site-from-disk-figure", png)
		}
	})
}
