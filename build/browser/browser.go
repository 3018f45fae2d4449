// Package browser drives the Debian chromium package headless through chromedp for the browser tests
// (build/e2e) and the page budgets (build/cmd/pagebench): it starts one browser with the flags that
// keep WebGL 2 working under SwiftShader, serves an assembled site on a free 127.0.0.1 port, opens tabs
// that record console errors and every network request that would leave 127.0.0.1, reads the
// program's window.flatland, and measures how much of a canvas screenshot is drawn.
package browser

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"flatland/build/serve"
)

// ExecPath finds the browser: $FLATLAND_CHROME, else chromium (Debian), chromium-browser,
// google-chrome on PATH.
func ExecPath() (string, error) {
	if p := os.Getenv("FLATLAND_CHROME"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no chromium found: install it with `apt-get update && apt-get install -y chromium` (make deps-browser does)")
}

// Browser is one headless browser process with a fresh profile directory.
type Browser struct {
	ctx       context.Context // the browser's chromedp context; tabs are children of it
	cancel    []context.CancelFunc
	profile   string
	closeOnce sync.Once
}

// Start launches the browser. Extra flags (name -> value, true for a bare switch) are added to the
// defaults, e.g. {"disable-3d-apis": true} for a browser without WebGL.
func Start(extra map[string]any) (*Browser, error) {
	exe, err := ExecPath()
	if err != nil {
		return nil, err
	}
	profile, err := os.MkdirTemp("", "flatland-chromium-")
	if err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(profile),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true), // root in CI containers
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("enable-unsafe-swiftshader", true), // WebGL 2 through SwiftShader
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
	)
	for k, v := range extra {
		opts = append(opts, chromedp.Flag(k, v))
	}
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	b := &Browser{ctx: ctx, cancel: []context.CancelFunc{cancel, allocCancel}, profile: profile}
	if err := chromedp.Do(ctx); err != nil { // starts the browser, no timeout on this context
		b.Close()
		return nil, fmt.Errorf("starting %s: %w", exe, err)
	}
	return b, nil
}

// Close stops the browser cleanly and removes its profile.
func (b *Browser) Close() {
	b.closeOnce.Do(func() {
		_ = chromedp.Cancel(b.ctx)
		for _, c := range b.cancel {
			c()
		}
		os.RemoveAll(b.profile)
	})
}

// Site is a site directory served on a free 127.0.0.1 port.
type Site struct {
	URL  string // http://127.0.0.1:PORT
	Host string // 127.0.0.1:PORT
	stop context.CancelFunc
	done chan error
}

// OpenSite serves an assembled site directory (it must hold index.html: `make
// dist`) and starts a browser for it; the caller closes both.
func OpenSite(dist string) (*Site, *Browser, error) {
	if _, err := os.Stat(filepath.Join(dist, "index.html")); err != nil {
		return nil, nil, fmt.Errorf("%s has no index.html: run `make dist` first", dist)
	}
	site, err := ServeDir(dist)
	if err != nil {
		return nil, nil, err
	}
	chrome, err := Start(nil)
	if err != nil {
		site.Close()
		return nil, nil, err
	}
	return site, chrome, nil
}

// ServeDir serves dir with the project's own server (build/serve) until Close.
func ServeDir(dir string) (*Site, error) {
	ln, err := serve.Listen("127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Site{URL: "http://" + ln.Addr().String(), Host: ln.Addr().String(), stop: cancel, done: make(chan error, 1)}
	go func() { s.done <- serve.Serve(ctx, ln, dir, nil) }()
	return s, nil
}

// Close stops the server.
func (s *Site) Close() { s.stop(); <-s.done }

// Tab is one browser tab that records console errors and off-site requests from the moment it opens.
type Tab struct {
	Ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	console  []chromedp.ConsoleMessage // errors and exceptions
	offsite  []string                  // requests to any host other than the allowed one
	requests []Request
}

// Request is one network request of the tab and its transfer size once it finished.
type Request struct {
	ID       network.RequestID
	URL      string
	Encoded  float64 // bytes received (headers + body as sent), 0 until finished
	Finished bool
}

// NewTab opens a tab; allowedHost is host:port of the site, every other host is recorded as off-site.
func (b *Browser) NewTab(allowedHost string, width, height int64) (*Tab, error) {
	return b.NewTabScaled(allowedHost, width, height, 1)
}

// NewTabScaled opens a tab whose viewport has the given device pixel ratio (2 = a HiDPI screen).
func (b *Browser) NewTabScaled(allowedHost string, width, height int64, scale float64) (*Tab, error) {
	ctx, cancel := chromedp.NewContext(b.ctx)
	t := &Tab{Ctx: ctx, cancel: cancel}
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return nil, err
	}
	console := chromedp.Console(ctx)
	sent := chromedp.Events(ctx, network.RequestWillBeSent)
	finished := chromedp.Events(ctx, network.LoadingFinished)
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
				t.mu.Lock()
				t.console = append(t.console, m)
				t.mu.Unlock()
			}
		}
	}()
	go func() {
		for ev, err := range sent {
			if err != nil {
				return
			}
			if ev.Request == nil {
				continue
			}
			t.mu.Lock()
			if !allowedURL(ev.Request.URL, allowedHost) {
				t.offsite = append(t.offsite, ev.Request.URL)
			}
			t.requests = append(t.requests, Request{ID: ev.RequestID, URL: ev.Request.URL})
			t.mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range finished {
			if err != nil {
				return
			}
			t.mu.Lock()
			for i := range t.requests {
				if t.requests[i].ID == ev.RequestID {
					t.requests[i].Encoded = ev.EncodedDataLength
					t.requests[i].Finished = true
				}
			}
			t.mu.Unlock()
		}
	}()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height, chromedp.EmulateScale(scale))); err != nil {
		t.Close()
		return nil, err
	}
	return t, nil
}

// allowedURL accepts the site's own origin and in-page schemes (data:, blob:, about:).
func allowedURL(raw, allowedHost string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "data", "blob", "about":
		return true
	case "http", "https", "ws", "wss":
		return u.Host == allowedHost
	}
	return false
}

// Close closes the tab.
func (t *Tab) Close() { t.cancel() }

// ConsoleErrors returns the console errors and uncaught exceptions seen so far.
func (t *Tab) ConsoleErrors() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	for _, m := range t.console {
		out = append(out, fmt.Sprintf("%s (%s:%d)", m.String(), m.URL, m.Line+1))
	}
	return out
}

// Offsite returns the URLs of requests that tried to leave the site's origin.
func (t *Tab) Offsite() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]string(nil), t.offsite...)
}

// Requests returns the requests seen so far.
func (t *Tab) Requests() []Request {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Request(nil), t.requests...)
}

// ResetRecords forgets the recorded requests (console errors and off-site requests are kept).
func (t *Tab) ResetRecords() {
	t.mu.Lock()
	t.requests = nil
	t.mu.Unlock()
}

// Navigate loads a URL and waits for the load event.
func (t *Tab) Navigate(u string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(t.Ctx, timeout)
	defer cancel()
	return chromedp.Do(ctx, chromedp.Navigate(u))
}

// Eval evaluates a JavaScript expression in the page and decodes the result into T.
func Eval[T any](t *Tab, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(t.Ctx, 20*time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr))
}

// WaitTrue polls a JavaScript expression every 50 ms until it is true or the timeout passes. It
// evaluates through the DevTools protocol, so the page's Content-Security-Policy (no eval) does not
// get in the way. On timeout the error carries the last value of describe (a JS expression).
func (t *Tab) WaitTrue(expr string, timeout time.Duration, describe string) error {
	deadline := time.Now().Add(timeout)
	for {
		ok, err := Eval[bool](t, "!!("+expr+")")
		if err == nil && ok {
			return nil
		}
		if time.Now().After(deadline) {
			last := ""
			if describe != "" {
				last, _ = Eval[string](t, "(function(){try{return String("+describe+")}catch(e){return 'error: '+e}})()")
			}
			if err != nil {
				return fmt.Errorf("waiting %v for %s: %v (%s)", timeout, expr, err, last)
			}
			return fmt.Errorf("waiting %v for %s: still false (%s)", timeout, expr, last)
		}
		select {
		case <-t.Ctx.Done():
			return t.Ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// State is the program's window.flatland.
type State struct {
	Figure   string         `json:"figure"`
	Params   map[string]any `json:"params"`
	Progress float64        `json:"progress"`
	Error    string         `json:"error"`
	FPS      float64        `json:"fps"`
	Frames   int64          `json:"frames"`
	Ready    bool           `json:"ready"`
	Paused   *bool          `json:"paused,omitempty"`
}

// ReadState returns window.flatland of the page (or of the iframe selected by frameSel, a CSS
// selector, when it is not empty).
func ReadState(t *Tab, frameSel string) (State, error) {
	target := "window"
	if frameSel != "" {
		target = fmt.Sprintf("document.querySelector(%q).contentWindow", frameSel)
	}
	return Eval[State](t, "(function(){var f="+target+".flatland; return f ? JSON.parse(JSON.stringify(f)) : null})()")
}

// ScreenshotCanvas returns a PNG of the page's canvas (Ebiten's WebGL canvas cannot be read back
// from JavaScript reliably; a DevTools screenshot can).
func (t *Tab) ScreenshotCanvas() ([]byte, error) {
	ctx, cancel := context.WithTimeout(t.Ctx, 30*time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("canvas")))
}

// ScreenshotPage returns a PNG of the viewport.
func (t *Tab) ScreenshotPage() ([]byte, error) {
	ctx, cancel := context.WithTimeout(t.Ctx, 30*time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.CaptureScreenshot())
}

// PostFromFrame runs script in an isolated world of the child frame whose URL contains urlPart, so
// that a message it posts has that frame as its source (as a real user change in the figure would).
func (t *Tab) PostFromFrame(urlPart, script string) error {
	ctx, cancel := context.WithTimeout(t.Ctx, 20*time.Second)
	defer cancel()
	tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		return err
	}
	var frameID cdp.FrameID
	var walk func(ft *page.FrameTree)
	walk = func(ft *page.FrameTree) {
		if ft == nil {
			return
		}
		if ft.Frame != nil && frameID == "" && ft.Frame.ParentID != "" && strings.Contains(ft.Frame.URL, urlPart) {
			frameID = ft.Frame.ID
		}
		for _, c := range ft.ChildFrames {
			walk(c)
		}
	}
	walk(tree.FrameTree)
	if frameID == "" {
		return fmt.Errorf("no child frame with %q in its URL", urlPart)
	}
	world, err := chromedp.Call(ctx, page.CreateIsolatedWorld, page.CreateIsolatedWorldParams{FrameID: frameID, WorldName: "flatland-e2e"})
	if err != nil {
		return err
	}
	res, err := chromedp.Call(ctx, runtime.Evaluate, runtime.EvaluateParams{Expression: script, ContextID: world.ExecutionContextID})
	if err != nil {
		return err
	}
	if res.ExceptionDetails != nil {
		return fmt.Errorf("script in frame: %s", res.ExceptionDetails.Text)
	}
	return nil
}

// SetCacheDisabled turns the tab's HTTP cache off (cold loads) or on.
func (t *Tab) SetCacheDisabled(off bool) error {
	_, err := chromedp.Call(t.Ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: off})
	return err
}

// SetCPUThrottling slows the tab's CPU by rate (1 = none, 4 = a slow laptop),
// as Chromium's developer tools do.
func (t *Tab) SetCPUThrottling(rate float64) error {
	_, err := chromedp.Call(t.Ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: rate})
	return err
}

// AddInitScript runs script in every new document of the tab before the page's own scripts.
func (t *Tab) AddInitScript(script string) error {
	_, err := chromedp.Call(t.Ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script})
	return err
}

// FreePort is a helper for tests that need an unused 127.0.0.1 port.
func FreePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// ClickAt presses the left mouse button at page coordinates (CSS pixels), holds it, and releases it.
// The hold matters for programs that poll input once per tick (Ebiten): a press and release in the
// same tick would go unseen.
func (t *Tab) ClickAt(x, y float64, hold time.Duration) error {
	ctx, cancel := context.WithTimeout(t.Ctx, 20*time.Second)
	defer cancel()
	for i, typ := range []input.DispatchMouseEventType{input.DispatchMouseEventTypeMouseMoved, input.DispatchMouseEventTypeMousePressed, input.DispatchMouseEventTypeMouseReleased} {
		p := input.DispatchMouseEventParams{Type: typ, X: x, Y: y}
		if typ != input.DispatchMouseEventTypeMouseMoved {
			p.Button = input.MouseButtonLeft
			p.ClickCount = 1
		}
		if _, err := chromedp.Call(ctx, input.DispatchMouseEvent, p); err != nil {
			return err
		}
		if i > 0 {
			time.Sleep(hold)
		} else {
			time.Sleep(50 * time.Millisecond)
		}
	}
	return nil
}
