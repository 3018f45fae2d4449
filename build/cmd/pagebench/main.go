// Command pagebench measures the page budgets of the Flatland site in headless Chromium and prints
// a small table:
//
//   - download: compressed size of everything one figure page needs (page, stylesheet, loader,
//     wasm_exec.js, flatland.wasm) as the site's .gz and .br files, and the bytes Chromium actually
//     received for a cold load (it asks for br, also over http on 127.0.0.1);
//   - time to first frame: navigation start until window.flatland.frames >= 1 and ready, cold and warm,
//     median of -runs loads per figure (goal: under 1.5 s on localhost);
//   - frame rate of the train figure while training runs (autoplay=1, speed=max) and while it is paused
//     (idle), alternated three times in one tab; the ratio of the medians shows whether computation
//     steals frames (goal: >= 90%);
//   - complete default view: with the CPU slowed down as on a classroom laptop, navigation until the
//     figure's default view is complete (see completeExpr), with the main thread's CPU time.
//
// Usage: go run ./build/cmd/pagebench [-dist dist] [-runs 3] [-window 5s] [-throttle 4]
// [-figures diagram,train] [-complete-only]
package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"

	"flatland/build/assemble"
	"flatland/build/browser"
	"flatland/build/cmdline"
	"flatland/wasm/state"
)

// firstFrameProbe runs before the page's scripts and records, on the page's own clock (0 = navigation
// start), when the first frame is drawn and when the program first reports ready.
const firstFrameProbe = `(function(){
  function check(){
    var f = window.flatland;
    if (f && f.frames >= 1 && window.__flatlandFirstFrame === undefined) window.__flatlandFirstFrame = performance.now();
    if (f && f.frames >= 1 && f.ready) { window.__flatlandReady = performance.now(); return; }
    requestAnimationFrame(check);
  }
  requestAnimationFrame(check);
})();`

func main() { cmdline.Exit("pagebench", run(os.Args[1:], os.Stdout), "") }

func run(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("pagebench", flag.ContinueOnError)
	dist := fs.String("dist", "dist", "assembled site directory (make dist)")
	runs := fs.Int("runs", 3, "cold loads per figure for the time to first frame")
	window := fs.Duration("window", 5*time.Second, "how long to count frames for each fps measurement")
	throttle := fs.Float64("throttle", 4, "CPU slowdown for the complete-view times (Chromium's CPU throttling; 0 skips them)")
	figures := fs.String("figures", strings.Join(state.Figures, ","), "comma-separated figures to measure")
	completeOnly := fs.Bool("complete-only", false, "measure only the complete default views (skip download, first frame and fps)")
	if err := cmdline.Parse(fs, args, ""); err != nil {
		return err
	}
	if *runs < 1 || *runs > 50 {
		return cmdline.Usagef("-runs %d out of range [1, 50]", *runs)
	}
	if *window < time.Second || *window > time.Minute {
		return cmdline.Usagef("-window %v out of range [1s, 1m]", *window)
	}
	if *throttle != 0 && (*throttle < 1 || *throttle > 20) {
		return cmdline.Usagef("-throttle %g: want 0 (skip) or a slowdown in [1, 20]", *throttle)
	}
	figs, err := pickFigures(*figures)
	if err != nil {
		return err
	}
	if *completeOnly && *throttle == 0 {
		return cmdline.Usagef("-complete-only with -throttle 0 measures nothing")
	}
	site, chrome, err := browser.OpenSite(*dist)
	if err != nil {
		return err
	}
	defer site.Close()
	defer chrome.Close()

	fmt.Fprintf(w, "Flatland page budgets: headless Chromium (SwiftShader WebGL 2), site %s served on 127.0.0.1\n\n", *dist)
	if !*completeOnly {
		if err := downloads(w, *dist, site, chrome, figs); err != nil {
			return err
		}
		if err := firstFrames(w, site, chrome, figs, *runs); err != nil {
			return err
		}
		if err := trainFPS(w, site, chrome, *window); err != nil {
			return err
		}
	}
	if !*completeOnly {
		if err := deepSweep(w, site, chrome); err != nil {
			return err
		}
		if err := poolTimes(w, site, chrome, 2); err != nil {
			return err
		}
	}
	if *throttle == 0 {
		return nil
	}
	return completeViews(w, site, chrome, figs, *throttle)
}

// pickFigures parses -figures: known figure names, comma-separated, each once.
func pickFigures(list string) ([]string, error) {
	var figs []string
	seen := map[string]bool{}
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if _, ok := state.FigureByName(name); !ok {
			return nil, cmdline.Usagef("-figures: unknown figure %q (known: %s)", name, strings.Join(state.Figures, ", "))
		}
		if !seen[name] {
			seen[name] = true
			figs = append(figs, name)
		}
	}
	return figs, nil
}

// stepProbe runs before the page's scripts and adds up, frame by frame, the time the program spent
// in its computation (flatland.stepMs of each new frame) until the view is complete (complete, a
// completeExpr, whose time on the page's clock it records), so that the complete-view times say how
// much of the time after the first frame went into computing and how much into drawing and the
// browser's frames.
func stepProbe(complete string) string {
	return `(function(){
  var last = -1;
  window.__flatlandStepMs = 0;
  function check(){
    var f = window.flatland;
    if (f && f.frames !== last) { last = f.frames; window.__flatlandStepMs += f.stepMs || 0; }
    if (` + complete + `) { window.__flatlandComplete = performance.now(); return; }
    requestAnimationFrame(check);
  }
  requestAnimationFrame(check);
})();`
}

// completeExpr is true once a figure's default view is complete: the program is ready (real data
// drawn), its progress is 1 and no computation runs any more (computing false: for the train figure,
// training has run to the end and the test error is measured). Each figure reports computing for
// everything its default view promises (the diagram's live recomputation of the stored thresholds is
// a check that goes on afterwards; its state is printed as well).
const completeExpr = `window.flatland && flatland.ready && flatland.progress >= 1 && flatland.computing !== true`

// deepCompleteExpr is true once the deep figure's default view is complete: every network of the
// sweep is drawn (from the stored results of the same sweep, open marks, until the live sweep, timed
// on its own by deepSweep, replaces them), the digits of the strip are loaded, and no error.
const deepCompleteExpr = `window.flatland && flatland.ready && flatland.deepTotal > 0 && flatland.deepStored + flatland.deepDone === flatland.deepTotal && flatland.digits === "ready" && !flatland.error`

// completeExprOf is the complete-view test of a figure.
func completeExprOf(fig string) string {
	if fig == "deep" {
		return deepCompleteExpr
	}
	return completeExpr
}

// completeViews times, with the CPU slowed down as on a classroom laptop, how long each figure's
// default view takes to be complete (completeExpr; the train figure plays at its default speed from
// autoplay). Goal: under 15 s at 4x. The first frame (page clock) splits it into loading the module
// and what follows, of which "computing" is the figure's own computation (the rest is drawing and
// the browser's frame work). The wall time on a shared machine is noisy; the main thread's CPU
// time (Chromium's TaskDuration in thread ticks, not slowed down by the throttling) and the frames
// drawn say where the time went.
func completeViews(w io.Writer, site *browser.Site, chrome *browser.Browser, figs []string, rate float64) error {
	fmt.Fprintf(w, "Complete default view with the CPU slowed down %gx: navigation -> ready, progress 1, not computing (goal: under 15 s)\n", rate)
	fmt.Fprintf(w, "  %-16s %10s %12s %12s %12s %14s %8s %10s\n", "figure", "wall", "first frame", "after it", "computing", "main CPU", "frames", "page fps")
	for _, fig := range figs {
		path := "/figures/" + fig + ".html"
		if fig == "train" {
			path += "?autoplay=1"
		}
		tab, err := chrome.NewTab(site.Host, 1000, 640)
		if err != nil {
			return err
		}
		if err := tab.SetCPUThrottling(rate); err != nil {
			tab.Close()
			return err
		}
		isComplete := completeExprOf(fig)
		if err := tab.AddInitScript(firstFrameProbe + stepProbe(isComplete)); err != nil {
			tab.Close()
			return err
		}
		if _, err := chromedp.Call(tab.Ctx, performance.Enable, performance.EnableParams{TimeDomain: performance.EnableTimeDomainThreadTicks}); err != nil {
			tab.Close()
			return err
		}
		cpu0 := mainThreadCPU(tab)
		start := time.Now()
		if err := tab.Navigate(site.URL+path, time.Minute); err != nil {
			tab.Close()
			return err
		}
		done := tab.WaitTrue(isComplete, 5*time.Minute, "")
		took := time.Since(start)
		cpu := mainThreadCPU(tab) - cpu0
		frames, _ := browser.Eval[float64](tab, `flatland.frames`)
		first, _ := browser.Eval[float64](tab, `(window.__flatlandFirstFrame || NaN) / 1000`)
		complete, _ := browser.Eval[float64](tab, `(window.__flatlandComplete || NaN) / 1000`)
		computing, _ := browser.Eval[float64](tab, `window.__flatlandStepMs / 1000`)
		fps, _ := browser.Eval[float64](tab, `flatland.fps || 0`)
		extra, _ := browser.Eval[string](tab, `flatland.liveProgress !== undefined ? "live theory " + flatland.liveProgress : ""`)
		if fig == "deep" { // a sweep of a minute at full speed: the live sweep is timed on its own (deepSweep)
			extra, _ = browser.Eval[string](tab, `"stored first paint: " + flatland.deepStored + " of " + flatland.deepTotal + " networks from storage, " + flatland.deepDone + " live; live sweep: see the deep sweep above"`)
		}
		tab.Close()
		mark := "ok"
		switch {
		case done != nil:
			mark = "NOT DONE in 5 min"
		case took > 15*time.Second:
			mark = "OVER"
		}
		fmt.Fprintf(w, "  %-16s %8.1f s %10.1f s %10.1f s %10.1f s %12.1f s %8.0f %10.1f  %s  %s\n", fig, took.Seconds(), first, complete-first, computing, cpu, frames, fps, mark, extra)
	}
	fmt.Fprintln(w)
	return nil
}

// mainThreadCPU is the tab's main-thread task time so far in seconds (thread ticks: CPU time), NaN if
// Chromium does not report it.
func mainThreadCPU(tab *browser.Tab) float64 {
	res, err := chromedp.Call(tab.Ctx, performance.GetMetrics, cdp.Empty{})
	if err != nil {
		return math.NaN()
	}
	for _, m := range res.Metrics {
		if m.Name == "TaskDuration" {
			return m.Value
		}
	}
	return math.NaN()
}

func mb(n int64) string { return fmt.Sprintf("%.2f MB", float64(n)/1e6) } // decimal, as the goals are stated

func downloads(w io.Writer, dist string, site *browser.Site, chrome *browser.Browser, figs []string) error {
	fmt.Fprintln(w, "Download: everything one figure page needs (goal: under 3.5 MB gzip)")
	fmt.Fprintf(w, "  %-16s %5s %10s %10s %10s %14s\n", "figure", "files", "raw", "gzip", "brotli", "Chromium got")
	for _, fig := range figs {
		page := "figures/" + fig + ".html"
		files, err := assemble.FigureFiles(dist, page)
		if err != nil {
			return err
		}
		var raw, gz, br int64
		for _, f := range files {
			p := filepath.Join(dist, filepath.FromSlash(f))
			fi, err := os.Stat(p)
			if err != nil {
				return err
			}
			raw += fi.Size()
			gz += sizeOr(p+".gz", fi.Size())
			br += sizeOr(p+".br", fi.Size())
		}
		got, err := measuredTransfer(site, chrome, "/"+page)
		if err != nil {
			return err
		}
		mark := "ok"
		if gz > 3.5e6 {
			mark = "OVER"
		}
		brText := mb(br)
		if br == raw {
			brText = "-"
		}
		fmt.Fprintf(w, "  %-16s %5d %10s %10s %10s %14s  %s\n", fig, len(files), mb(raw), mb(gz), brText, mb(got), mark)
	}
	fmt.Fprintln(w)
	return nil
}

func sizeOr(p string, fallback int64) int64 {
	if fi, err := os.Stat(p); err == nil {
		return fi.Size()
	}
	return fallback
}

// measuredTransfer loads a page with the cache off and sums the bytes received for all its requests.
func measuredTransfer(site *browser.Site, chrome *browser.Browser, path string) (int64, error) {
	tab, err := chrome.NewTab(site.Host, 1000, 640)
	if err != nil {
		return 0, err
	}
	defer tab.Close()
	if err := tab.SetCacheDisabled(true); err != nil {
		return 0, err
	}
	if err := tab.Navigate(site.URL+path, time.Minute); err != nil {
		return 0, err
	}
	if err := tab.WaitTrue(`window.flatland && flatland.frames >= 1`, time.Minute, ""); err != nil {
		return 0, err
	}
	time.Sleep(300 * time.Millisecond) // let loadingFinished events arrive
	var total int64
	for _, r := range tab.Requests() {
		total += int64(r.Encoded)
	}
	if off := tab.Offsite(); len(off) > 0 {
		return 0, fmt.Errorf("%s made requests off 127.0.0.1: %v", path, off)
	}
	return total, nil
}

func firstFrames(w io.Writer, site *browser.Site, chrome *browser.Browser, figs []string, runs int) error {
	fmt.Fprintf(w, "Time to first frame: navigation start -> frames >= 1 and ready, median of %d (goal: under 1.5 s)\n", runs)
	fmt.Fprintf(w, "  %-16s %12s %12s %12s %12s\n", "figure", "cold: frame", "cold: ready", "warm: frame", "warm: ready")
	for _, fig := range figs {
		var cf, cr, wf, wr []float64
		for i := 0; i < runs; i++ {
			f, r, err := loadTimes(site, chrome, "/figures/"+fig+".html", true)
			if err != nil {
				return fmt.Errorf("%s: %w", fig, err)
			}
			cf, cr = append(cf, f), append(cr, r)
			f, r, err = loadTimes(site, chrome, "/figures/"+fig+".html", false)
			if err != nil {
				return fmt.Errorf("%s: %w", fig, err)
			}
			wf, wr = append(wf, f), append(wr, r)
		}
		mark := "ok"
		if r := median(cr); math.IsNaN(r) || r > 1500 {
			mark = "OVER (cold)"
		}
		fmt.Fprintf(w, "  %-16s %12s %12s %12s %12s  %s\n", fig, ms(median(cf)), ms(median(cr)), ms(median(wf)), ms(median(wr)), mark)
	}
	fmt.Fprintln(w, "  cold: HTTP cache off; warm: second load in a tab with the cache on (compiled module cached by the browser)")
	fmt.Fprintln(w)
	return nil
}

func ms(v float64) string {
	if math.IsNaN(v) {
		return "not ready"
	}
	return fmt.Sprintf("%.0f ms", v)
}

// loadTimes loads a page in a new tab: cold with the HTTP cache off, or warm (one priming load, then
// the measured one, cache on). Times are on the page's clock from navigation start.
func loadTimes(site *browser.Site, chrome *browser.Browser, path string, cold bool) (first, ready float64, err error) {
	tab, err := chrome.NewTab(site.Host, 1000, 640)
	if err != nil {
		return 0, 0, err
	}
	defer tab.Close()
	if err := tab.SetCacheDisabled(cold); err != nil {
		return 0, 0, err
	}
	if err := tab.AddInitScript(firstFrameProbe); err != nil {
		return 0, 0, err
	}
	loads := 1
	if !cold {
		loads = 2
	}
	for i := 0; i < loads; i++ {
		if err := tab.Navigate(site.URL+path, time.Minute); err != nil {
			return 0, 0, err
		}
		if err := tab.WaitTrue(`window.__flatlandFirstFrame !== undefined`, 2*time.Minute, ""); err != nil {
			return 0, 0, err
		}
	}
	first, err = browser.Eval[float64](tab, `window.__flatlandFirstFrame`)
	if err != nil {
		return 0, 0, err
	}
	if tab.WaitTrue(`window.__flatlandReady !== undefined`, 30*time.Second, "") != nil {
		return first, math.NaN(), nil // drawn, but never reported ready
	}
	ready, err = browser.Eval[float64](tab, `window.__flatlandReady`)
	return first, ready, err
}

// median of the values; NaN (never ready) counts as larger than any number.
func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	for i, x := range s {
		if math.IsNaN(x) {
			s[i] = math.Inf(1)
		}
	}
	sort.Float64s(s)
	n := len(s)
	m := s[n/2]
	if n%2 == 0 {
		m = (s[n/2-1] + s[n/2]) / 2
	}
	if math.IsInf(m, 1) {
		return math.NaN()
	}
	return m
}

type sample struct {
	Frames   float64 `json:"frames"`
	Now      float64 `json:"now"`
	Progress float64 `json:"progress"`
	FPS      float64 `json:"fps"` // the program's own estimate (Ebiten's ActualFPS)
}

const sampleExpr = `({frames: flatland.frames, now: performance.now(), progress: flatland.progress, fps: flatland.fps || 0})`

// rate counts frames over the window on the page's clock.
func rate(tab *browser.Tab, window time.Duration) (fps float64, a, b sample, err error) {
	if a, err = browser.Eval[sample](tab, sampleExpr); err != nil {
		return
	}
	time.Sleep(window)
	if b, err = browser.Eval[sample](tab, sampleExpr); err != nil {
		return
	}
	return (b.Frames - a.Frames) / ((b.Now - a.Now) / 1000), a, b, nil
}

// trainQuery is a training run long enough to outlast the measurement: simulated annealing runs its
// full schedule on N=1001 at alpha=0.9, using the whole per-frame compute budget (speed=max).
const trainQuery = "n=1001&alpha=0.9&algo=sa&speed=max&autoplay=1"

// trainFPS measures, in one tab, the frame rate of the train figure while training runs and while it
// is paused (idle: the same page drawing the same figure, no computation), alternating the two
// `rounds` times so that a change in machine load hits both alike; it reports the medians.
func trainFPS(w io.Writer, site *browser.Site, chrome *browser.Browser, window time.Duration) error {
	const rounds = 3
	tab, err := chrome.NewTab(site.Host, 1000, 640)
	if err != nil {
		return err
	}
	defer tab.Close()
	if err := tab.Navigate(site.URL+"/figures/train.html?"+trainQuery, time.Minute); err != nil {
		return err
	}
	if err := tab.WaitTrue(`window.flatland && flatland.frames >= 1`, 2*time.Minute, ""); err != nil {
		return err
	}
	time.Sleep(time.Second) // past start-up
	post := func(kind, want string) error {
		if _, err := browser.Eval[bool](tab, `window.postMessage({flatland: "`+kind+`"}, location.origin), true`); err != nil {
			return err
		}
		return tab.WaitTrue(`flatland.paused === `+want, 5*time.Second, "")
	}
	var idle, busy, ratios []float64
	var p0, p1 float64
	for i := 0; i < rounds; i++ {
		if err := post("pause", "true"); err != nil {
			return fmt.Errorf("pause: %w", err)
		}
		time.Sleep(300 * time.Millisecond)
		fi, _, _, err := rate(tab, window)
		if err != nil {
			return err
		}
		if err := post("resume", "false"); err != nil {
			return fmt.Errorf("resume: %w", err)
		}
		time.Sleep(300 * time.Millisecond)
		fb, a, b, err := rate(tab, window)
		if err != nil {
			return err
		}
		if i == 0 {
			p0 = a.Progress
		}
		p1 = b.Progress
		idle, busy, ratios = append(idle, fi), append(busy, fb), append(ratios, fb/fi)
	}
	mi, mb := median(idle), median(busy)
	mark := "ok"
	if mb/mi < 0.9 {
		mark = "UNDER"
	}
	fmt.Fprintf(w, "Frame rate, train figure (%s), one tab, %d x (%v paused + %v training) (goal: training >= 90%% of idle)\n", trainQuery, rounds, window, window)
	fmt.Fprintf(w, "  idle (paused) %.1f fps, training %.1f fps (medians), ratio %.0f%%  %s\n", mi, mb, 100*mb/mi, mark)
	fmt.Fprintf(w, "  per round: idle %s fps; training %s fps; ratios %s\n", list(idle, "%.1f"), list(busy, "%.1f"), list(ratios, "%.2f"))
	training := "training progressed"
	if p1 <= p0 {
		training = "WARNING: progress did not move, training may not have run"
	}
	fmt.Fprintf(w, "  training progress over the run: %.3f -> %.3f (%s)\n", p0, p1, training)
	if errs := tab.ConsoleErrors(); len(errs) > 0 {
		fmt.Fprintf(w, "  console errors: %s\n", strings.Join(errs, "; "))
	}
	return nil
}

func list(xs []float64, format string) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprintf(format, x)
	}
	return strings.Join(parts, ", ")
}

// deepSweep times the deep figure's default sweep (no throttling): navigation to the first measured
// network (goal: under 5 s) and to the whole sweep (goal: under 60 s), on the page's own clock from
// the figure's start, and the computing time of each network.
func deepSweep(w io.Writer, site *browser.Site, chrome *browser.Browser) error {
	fmt.Fprintln(w, "Deep figure, default sweep (goals: first network under 5 s, whole sweep under 60 s)")
	tab, err := chrome.NewTab(site.Host, 1000, 640)
	if err != nil {
		return err
	}
	defer tab.Close()
	start := time.Now()
	if err := tab.Navigate(site.URL+"/figures/deep.html", time.Minute); err != nil {
		return err
	}
	if err := tab.WaitTrue(`window.flatland && flatland.deepDone >= 1`, 5*time.Minute, ""); err != nil {
		fmt.Fprintf(w, "  no network measured in 5 min\n\n")
		return nil
	}
	first := time.Since(start)
	doneErr := tab.WaitTrue(`flatland.deepDone === flatland.deepTotal`, 15*time.Minute, "")
	whole := time.Since(start)
	figFirst, _ := browser.Eval[float64](tab, `flatland.deepFirstSeconds`)
	figWhole, _ := browser.Eval[float64](tab, `flatland.deepSweepSeconds`)
	cmds, _ := browser.Eval[[]string](tab, `flatland.commands`)
	mark := func(v, goal float64) string {
		if v > goal {
			return "OVER"
		}
		return "ok"
	}
	fmt.Fprintf(w, "  first network: %.1f s from navigation, %.1f s from the figure's start  %s\n", first.Seconds(), figFirst, mark(figFirst, 5))
	if doneErr != nil {
		fmt.Fprintf(w, "  whole sweep: NOT DONE in 15 min\n\n")
		return nil
	}
	fmt.Fprintf(w, "  whole sweep: %.1f s from navigation, %.1f s from the figure's start  %s\n", whole.Seconds(), figWhole, mark(figWhole, 60))
	pts, _ := browser.Eval[[]map[string]any](tab, `flatland.deepPoints`)
	for _, p := range pts {
		fmt.Fprintf(w, "    %-5v width %4v: %6.1f s computing, %v epochs, test error %v\n", p["algo"], p["width"], p["seconds"], p["epochs"], p["test_error"])
	}
	if len(cmds) == 1 {
		fmt.Fprintf(w, "  the same sweep natively: %s\n", cmds[0])
	}
	fmt.Fprintln(w)
	return nil
}
