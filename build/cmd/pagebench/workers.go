package main

import (
	"fmt"
	"io"
	"math"
	"time"

	"flatland/build/browser"
)

// The worker pool's measurements: the live diagram (24 points) and the deep figure's sweeps with the
// pool as the page sizes it (workers=auto), with two workers, and on the page alone (workers=0). Wall
// time from navigation; the minimum of runs for the diagram.

// workerVariants are the pool sizes compared.
var workerVariants = []struct{ name, query string }{
	{"auto", ""}, {"2 workers", "workers=2"}, {"no workers", "workers=0"},
}

// poolTimes prints the diagram and deep-sweep times with and without workers.
func poolTimes(w io.Writer, site *browser.Site, chrome *browser.Browser, runs int) error {
	fmt.Fprintln(w, "Worker pool (goals: live diagram under 2 s with 4 workers, under 4 s on 2 cores; 8-width deep sweep under 60 s)")
	for _, v := range workerVariants {
		best, workers, hw := math.Inf(1), 0, 0
		for range runs {
			secs, n, h, err := liveDiagramTime(site, chrome, v.query)
			if err != nil {
				fmt.Fprintf(w, "  live diagram, %s: %v\n", v.name, err)
				break
			}
			best, workers, hw = math.Min(best, secs), n, h
		}
		if !math.IsInf(best, 1) {
			fmt.Fprintf(w, "  live diagram (24 points), %-10s %5.1f s  (min of %d; %d workers, hardwareConcurrency %d)\n", v.name+":", best, runs, workers, hw)
		}
	}
	for _, sweep := range []struct{ name, query string }{
		{"default sweep", ""}, {"8 widths", "widths=4,8,16,32,64,128,256,512"},
	} {
		for _, v := range workerVariants {
			q := sweep.query
			if v.query != "" {
				if q != "" {
					q += "&"
				}
				q += v.query
			}
			first, whole, n, err := deepSweepTime(site, chrome, q)
			if err != nil {
				fmt.Fprintf(w, "  deep %s, %s: %v\n", sweep.name, v.name, err)
				continue
			}
			fmt.Fprintf(w, "  deep %s, %-10s first network %5.1f s, whole sweep %6.1f s  (%d workers)\n", sweep.name, v.name+":", first, whole, n)
		}
	}
	fmt.Fprintln(w)
	return nil
}

// liveDiagramTime is the wall time from navigation to the 24 live diagram points.
func liveDiagramTime(site *browser.Site, chrome *browser.Browser, query string) (secs float64, workers, hw int, err error) {
	tab, err := chrome.NewTab(site.Host, 1000, 640)
	if err != nil {
		return 0, 0, 0, err
	}
	defer tab.Close()
	start := time.Now()
	if err := tab.Navigate(site.URL+"/figures/diagram.html?"+query, time.Minute); err != nil {
		return 0, 0, 0, err
	}
	if err := tab.WaitTrue(`window.flatland && flatland.theoryDone === true && flatland.livePoints === 24`, 10*time.Minute, ""); err != nil {
		return 0, 0, 0, fmt.Errorf("not done in 10 min")
	}
	secs = time.Since(start).Seconds()
	workers, _ = browser.Eval[int](tab, `flatland.workers`)
	hw, _ = browser.Eval[int](tab, `navigator.hardwareConcurrency`)
	return secs, workers, hw, nil
}

// deepSweepTime is the deep figure's first network and whole sweep on the figure's clock.
func deepSweepTime(site *browser.Site, chrome *browser.Browser, query string) (first, whole float64, workers int, err error) {
	tab, err := chrome.NewTab(site.Host, 1000, 640)
	if err != nil {
		return 0, 0, 0, err
	}
	defer tab.Close()
	if err := tab.Navigate(site.URL+"/figures/deep.html?"+query, time.Minute); err != nil {
		return 0, 0, 0, err
	}
	if err := tab.WaitTrue(`window.flatland && flatland.deepTotal > 0 && flatland.deepDone === flatland.deepTotal`, 15*time.Minute, ""); err != nil {
		return 0, 0, 0, fmt.Errorf("not done in 15 min")
	}
	first, _ = browser.Eval[float64](tab, `flatland.deepFirstSeconds`)
	whole, _ = browser.Eval[float64](tab, `flatland.deepSweepSeconds`)
	workers, _ = browser.Eval[int](tab, `flatland.workers`)
	return first, whole, workers, nil
}
