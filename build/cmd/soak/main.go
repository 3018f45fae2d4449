// Command soak runs the Flatland site for a long time in headless Chromium and samples, every
// -sample, the memory the WebAssembly program holds and how fast it draws, so that growth without
// bound (a history that is never trimmed, a cache that is never emptied) shows as a trend.
//
// Phase 1 (two thirds of -duration): the train figure trains at max speed; every -reset it is reset
// with the R key, so each run starts afresh in the same page and its memory should be reused.
// Phase 2 (the rest): every figure in turn, each for an equal share, in one tab (the page navigates,
// so the program restarts for each figure).
//
// Each sample is one line: elapsed time, figure, frames drawn in the sample window per second on the
// page's clock, the program's frame time while computing, the live Go heap, the memory the program
// took from the browser (WebAssembly memory never shrinks, so this is the high-water mark), GC cycles
// and the training epoch. At the end it prints, per figure, the first and last samples and the
// growth of the heap between the first and the last third of the phase.
//
// Usage: go run ./build/cmd/soak [-dist dist] [-duration 30m] [-sample 10s] [-reset 3m]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"time"

	"flatland/build/browser"
	"flatland/build/cmdline"
	"flatland/wasm/state"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

func main() { cmdline.Exit("soak", run(os.Args[1:], os.Stdout), "") }

// config is the parsed command line.
type config struct {
	dist, query             string
	duration, sample, reset time.Duration
}

func parseFlags(args []string) (config, error) {
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	var c config
	fs.StringVar(&c.dist, "dist", "dist", "assembled site directory (make dist)")
	fs.DurationVar(&c.duration, "duration", 30*time.Minute, "total soak time")
	fs.DurationVar(&c.sample, "sample", 10*time.Second, "time between samples")
	fs.DurationVar(&c.reset, "reset", 3*time.Minute, "time between training resets in phase 1")
	fs.StringVar(&c.query, "query", trainQuery, "URL parameters of the train figure in phase 1")
	if err := cmdline.Parse(fs, args, ""); err != nil {
		return c, err
	}
	switch {
	case c.duration < 30*time.Second || c.duration > 24*time.Hour:
		return c, cmdline.Usagef("-duration %v out of range [30s, 24h]", c.duration)
	case c.sample < time.Second || c.sample > c.duration/3:
		return c, cmdline.Usagef("-sample %v out of range [1s, duration/3]", c.sample)
	case c.reset < c.sample:
		return c, cmdline.Usagef("-reset %v shorter than -sample %v", c.reset, c.sample)
	}
	return c, nil
}

// soakFigure names phase 1's samples (the train figure at max speed with
// resets), apart from the train figure's own turn in phase 2.
const soakFigure = "train-max"

// trainQuery trains long at max speed by default: simulated annealing runs
// its whole schedule at alpha = 0.9.
const trainQuery = "n=1001&alpha=0.9&algo=sa&speed=max&autoplay=1"

// sample is one reading of window.flatland.
type sample struct {
	Frames   float64 `json:"frames"`
	Now      float64 `json:"now"`
	FrameMs  float64 `json:"frameMsComputing"`
	HeapMB   float64 `json:"heapMB"`
	MemoryMB float64 `json:"memoryMB"`
	GC       float64 `json:"gcCycles"`
	Epoch    float64 `json:"epoch"`
	Error    string  `json:"error"`
}

const sampleExpr = `(function(){var f = window.flatland || {}; return {frames: f.frames||0, now: performance.now(),
  frameMsComputing: f.frameMsComputing||0, heapMB: f.heapMB||0, memoryMB: f.memoryMB||0, gcCycles: f.gcCycles||0,
  epoch: f.epoch||0, error: f.error||""}})()`

// row is a sample with its elapsed time and frame rate over the window before it.
type row struct {
	at     time.Duration
	figure string
	fps    float64
	s      sample
}

func run(args []string, w io.Writer) error {
	c, err := parseFlags(args)
	if err != nil {
		return err
	}
	site, chrome, err := browser.OpenSite(c.dist)
	if err != nil {
		return err
	}
	defer site.Close()
	defer chrome.Close()
	tab, err := chrome.NewTab(site.Host, 1000, 640)
	if err != nil {
		return err
	}
	defer tab.Close()

	fmt.Fprintf(w, "Flatland soak: %v in headless Chromium, a sample every %v\n", c.duration, c.sample)
	fmt.Fprintf(w, "%8s  %-15s %7s %9s %8s %9s %5s %7s\n", "elapsed", "figure", "fps", "frame ms", "heap MB", "memory MB", "GCs", "epoch")
	start := time.Now()
	var rows []row
	phase1 := c.duration * 2 / 3
	if err := open(tab, site.URL+"/figures/train.html?"+c.query); err != nil {
		return err
	}
	lastReset := time.Now()
	resets := 0
	for time.Since(start) < phase1 {
		r, err := measure(tab, soakFigure, c.sample, start)
		if err != nil {
			return err
		}
		rows = append(rows, r)
		printRow(w, r)
		if time.Since(lastReset) >= c.reset {
			if err := pressKey(tab, "r", "KeyR", 82); err != nil {
				return fmt.Errorf("reset: %w", err)
			}
			lastReset = time.Now()
			resets++
			fmt.Fprintf(w, "%8s  reset %d (R key)\n", since(start), resets)
		}
	}
	share := (c.duration - phase1) / time.Duration(len(state.Figures))
	for _, fig := range state.Figures {
		if err := open(tab, site.URL+"/figures/"+fig+".html"); err != nil {
			return err
		}
		t0 := time.Now()
		for time.Since(t0) < share {
			r, err := measure(tab, fig, min(c.sample, share), start)
			if err != nil {
				return err
			}
			rows = append(rows, r)
			printRow(w, r)
		}
	}
	summarize(w, rows, resets)
	return nil
}

func open(tab *browser.Tab, url string) error {
	if err := tab.Navigate(url, time.Minute); err != nil {
		return err
	}
	return tab.WaitTrue(`window.flatland && flatland.frames >= 1`, 2*time.Minute, "")
}

// measure waits one sample window and returns the reading at its end with the frame rate over it.
func measure(tab *browser.Tab, fig string, window time.Duration, start time.Time) (row, error) {
	a, err := browser.Eval[sample](tab, sampleExpr)
	if err != nil {
		return row{}, err
	}
	time.Sleep(window)
	b, err := browser.Eval[sample](tab, sampleExpr)
	if err != nil {
		return row{}, err
	}
	fps := math.NaN()
	if b.Now > a.Now {
		fps = (b.Frames - a.Frames) / ((b.Now - a.Now) / 1000)
	}
	return row{at: time.Since(start), figure: fig, fps: fps, s: b}, nil
}

func since(start time.Time) string { return time.Since(start).Round(time.Second).String() }

func printRow(w io.Writer, r row) {
	fmt.Fprintf(w, "%8s  %-15s %7.1f %9.1f %8.1f %9.1f %5.0f %7.0f", r.at.Round(time.Second), r.figure, r.fps, r.s.FrameMs,
		r.s.HeapMB, r.s.MemoryMB, r.s.GC, r.s.Epoch)
	if r.s.Error != "" {
		fmt.Fprintf(w, "  error: %s", r.s.Error)
	}
	fmt.Fprintln(w)
}

// pressKey holds a key down for a few frames: Ebiten reads the keyboard once per tick, so a press
// and release within one tick would go unseen.
func pressKey(tab *browser.Tab, key, code string, keyCode int64) error {
	ctx, cancel := context.WithTimeout(tab.Ctx, 20*time.Second)
	defer cancel()
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
		p := input.DispatchKeyEventParams{Type: typ, Key: key, Code: code, WindowsVirtualKeyCode: keyCode, NativeVirtualKeyCode: keyCode}
		if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, p); err != nil {
			return err
		}
		time.Sleep(150 * time.Millisecond)
	}
	return nil
}

// summarize prints, per figure, the first and last reading and the mean heap, frame rate and
// frame time of the first and the last third of its samples.
func summarize(w io.Writer, rows []row, resets int) {
	fmt.Fprintf(w, "\nSummary (%d training resets): mean of the first third -> mean of the last third of each figure's samples\n", resets)
	fmt.Fprintf(w, "  %-15s %7s %18s %18s %18s %12s\n", "figure", "samples", "heap MB", "fps", "frame ms", "memory MB")
	fmt.Fprintln(w, "  (frame ms: the program's own frame time while computing; 0 where it does not measure it)")
	for _, fig := range append([]string{soakFigure}, state.Figures...) {
		var rs []row
		for _, r := range rows {
			if r.figure == fig {
				rs = append(rs, r)
			}
		}
		if len(rs) == 0 {
			continue
		}
		k := max(1, len(rs)/3)
		first, last := rs[:k], rs[len(rs)-k:]
		mean := func(rs []row, f func(row) float64) float64 {
			s := 0.0
			for _, r := range rs {
				s += f(r)
			}
			return s / float64(len(rs))
		}
		heap := func(r row) float64 { return r.s.HeapMB }
		fps := func(r row) float64 { return r.fps }
		fms := func(r row) float64 { return r.s.FrameMs }
		fmt.Fprintf(w, "  %-15s %7d %8.1f -> %6.1f %8.1f -> %6.1f %8.1f -> %6.1f %5.1f -> %5.1f\n", fig, len(rs),
			mean(first, heap), mean(last, heap), mean(first, fps), mean(last, fps), mean(first, fms), mean(last, fms),
			rs[0].s.MemoryMB, rs[len(rs)-1].s.MemoryMB)
	}
}
