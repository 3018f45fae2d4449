//go:build e2e

package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"flatland/build/browser"
	"flatland/wasm/state"
)

// The embed guide's auto-height snippet, pasted as it is into a blog page of another origin: the figure
// asks for its height ({flatland:"size"}) and the snippet's script sizes the frame, at a phone's width
// and again when the column widens. The aspect-ratio snippet sizes the frame with CSS alone.
func TestEmbedSizing(t *testing.T) {
	guide := open(t, 1280, 900)
	navigate(t, guide, "/embed.html")
	snippet := func(sizing string) string {
		t.Helper()
		html, err := browser.Eval[string](guide, fmt.Sprintf(`(function(){var f=document.getElementById("builder");
			f.figure.value="train"; f.figure.dispatchEvent(new Event("change", {bubbles: true}));
			f.sizing.value=%q; f.sizing.dispatchEvent(new Event("change", {bubbles: true}));
			return document.getElementById("snippet").textContent})()`, sizing))
		if err != nil {
			t.Fatal(err)
		}
		return html
	}
	auto, aspect := snippet("auto"), snippet("aspect")
	if !strings.Contains(auto, `addEventListener("message", flatlandAutoHeight)`) || !strings.Contains(auto, "width:100%") {
		t.Fatalf("the auto-height snippet has no script or no column width:\n%s", auto)
	}
	if !strings.Contains(aspect, "aspect-ratio:800 / 520") || strings.Contains(aspect, "<script") {
		t.Fatalf("the aspect-ratio snippet should size by CSS alone:\n%s", aspect)
	}

	// A blog on another origin (another port) holds both snippets in a 390 px column.
	var mu sync.Mutex
	page := ""
	blog := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	defer blog.Close()
	page = `<!doctype html><html><head><meta charset="utf-8"><title>blog</title></head><body style="margin:0">` +
		`<div id="col" style="width:390px"><p>Auto height:</p>` + auto + `<p>Aspect ratio:</p><div id="aspect">` + aspect + `</div></div></body></html>`

	progress(t, "opening a 1280x900 tab on a blog at %s", blog.URL)
	tab, err := chrome.NewTab(site.Host, 1280, 900)
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	if err := tab.Navigate(blog.URL, 60*time.Second); err != nil {
		t.Fatal(err)
	}
	train, _ := state.FigureByName("train")
	frameHeight := `document.querySelector("iframe.flatland-figure").getBoundingClientRect().height`
	want := train.PreferredHeight(390, 0) // folded controls at 390 px: the minimum height
	if err := tab.WaitTrue(fmt.Sprintf(`Math.round(%s) === %d`, frameHeight, want), readyTimeout(), frameHeight); err != nil {
		t.Errorf("at 390 px the auto-height frame did not take the figure's height %d: %v", want, err)
	}
	aspectHeight, _ := browser.Eval[float64](tab, `document.querySelector("#aspect iframe").getBoundingClientRect().height`)
	if wantAspect := float64(train.MinHeight); aspectHeight < wantAspect-1 || aspectHeight > wantAspect+1 {
		t.Errorf("at 390 px the aspect-ratio frame is %.1f px tall, want its minimum %v", aspectHeight, wantAspect)
	}
	if png, err := tab.ScreenshotPage(); err == nil {
		save(t, "embed-auto-height-390", png)
	}

	// The column widens: the figure asks again, at least its aspect ratio's height.
	if _, err := browser.Eval[bool](tab, `document.getElementById("col").style.width = "1000px", true`); err != nil {
		t.Fatal(err)
	}
	atLeast := train.PreferredHeight(1000, 0)
	if err := tab.WaitTrue(fmt.Sprintf(`Math.round(%s) >= %d`, frameHeight, atLeast), 30*time.Second, frameHeight); err != nil {
		t.Errorf("at 1000 px the auto-height frame did not grow to %d: %v", atLeast, err)
	}
	aspectHeight, _ = browser.Eval[float64](tab, `document.querySelector("#aspect iframe").getBoundingClientRect().height`)
	if want := 1000.0 * 520 / 800; aspectHeight < want-1 || aspectHeight > want+1 {
		t.Errorf("at 1000 px the aspect-ratio frame is %.1f px tall, want %.0f", aspectHeight, want)
	}
	if png, err := tab.ScreenshotPage(); err == nil {
		save(t, "embed-auto-height-1000", png)
	}
	if errs := tab.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors:\n  %s", strings.Join(errs, "\n  "))
	}
	for _, u := range tab.Offsite() {
		if !strings.HasPrefix(u, blog.URL) {
			t.Errorf("a request left the site and the blog: %s", u)
		}
	}
}
