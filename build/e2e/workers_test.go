//go:build e2e

package e2e

import (
	"math"
	"reflect"
	"strconv"
	"testing"
	"time"

	"flatland/build/browser"
	"flatland/sim/data"
	"flatland/sim/replica/rf"
	"flatland/wasm/workjob"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// diagramThresholds reads the live diagram's thresholds from the page's CSV
// export: alpha_D, alpha_c and alpha_LE per point (NaN where none).
func diagramThresholds(t *testing.T, tab *browser.Tab) (ad, ac, ale []float64) {
	t.Helper()
	if _, err := browser.Eval[bool](tab, `window.__csv = null, addEventListener("message", e => {
		if (e.data && e.data.flatland === "exported" && e.data.format === "csv") __csv = e.data
	}), postMessage({flatland: "export", format: "csv"}, "*"), true`); err != nil {
		t.Fatal(err)
	}
	if err := tab.WaitTrue(`__csv !== null`, 60*time.Second, `flatland.error`); err != nil {
		t.Fatal(err)
	}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return math.NaN()
		}
		return v
	}
	for _, r := range readCSV(t, pageJSON[string](t, tab, `__csv.data`)) {
		switch r["series"] {
		case "α_c: interpolation threshold":
			ad, ac = append(ad, num(r["x"])), append(ac, num(r["y"]))
		case "α_LE: local-entropy threshold":
			ale = append(ale, num(r["y"]))
		}
	}
	if len(ad) != 24 || len(ale) != 24 {
		t.Fatalf("the CSV holds %d alpha_c and %d alpha_LE points, want 24 each", len(ad), len(ale))
	}
	return ad, ac, ale
}

// liveDiagram loads the diagram with the given address parameters, waits
// for the 24 live points and returns them with the workers used, the
// pool's results and the wall time from navigation.
func liveDiagram(t *testing.T, query string) (ad, ac, ale []float64, workers, results int, wall time.Duration) {
	t.Helper()
	tab := open(t, 1000, 640)
	start := time.Now()
	navigate(t, tab, "/figures/diagram.html?"+query)
	if err := tab.WaitTrue(`window.flatland && flatland.theoryDone === true && flatland.livePoints === 24`, 10*time.Minute,
		`flatland.livePoints + " live points, workers " + flatland.workers + ", " + flatland.error`); err != nil {
		t.Fatal(err)
	}
	wall = time.Since(start)
	workers, results = pageJSON[int](t, tab, `flatland.workers`), pageJSON[int](t, tab, `flatland.poolResults`)
	t.Logf("navigator.hardwareConcurrency %d", pageJSON[int](t, tab, `navigator.hardwareConcurrency`))
	if e := pageJSON[string](t, tab, `flatland.error`); e != "" {
		t.Errorf("diagram error %q", e)
	}
	ad, ac, ale = diagramThresholds(t, tab)
	return
}

// The live diagram computed by the worker pool: every point comes from a
// worker, its numbers are those of the same point solved natively, and the
// thresholds equal those computed on the page without workers (workers=0),
// bit for bit: every point is solved on its own either way. The deep sweep trained in workers equals the one
// trained on the page, number for number. Without the worker module the
// page computes on its own, with no error shown.
func TestWorkers(t *testing.T) {
	t.Run("diagram", func(t *testing.T) {
		ad, ac, ale, workers, results, wall := liveDiagram(t, "seed=3")
		t.Logf("with workers: 24 points in %.1f s from navigation (%d workers)", wall.Seconds(), workers)
		if workers < 1 || results != 24 {
			t.Fatalf("workers %d, pool results %d: want at least one worker and 24 results", workers, results)
		}
		pad, pac, pale, pw, _, pwall := liveDiagram(t, "seed=3&workers=0")
		t.Logf("without workers: 24 points in %.1f s from navigation", pwall.Seconds())
		if pw != 0 {
			t.Errorf("workers=0 used %d workers", pw)
		}
		// The worker's numbers are those of the same computation run natively (workjob.RunDiagramPoint,
		// with the bracket started around the stored table's ratio as the page does), bit for bit.
		stored, ok := rf.StoredDiagram(rf.Model{Act: data.Sign, Labels: data.TeacherLabels})
		if !ok || len(stored) != len(ad) {
			t.Fatalf("no stored sign/teacher diagram of %d points", len(ad))
		}
		for _, i := range []int{0, 12, 23} {
			guess := rf.DiagramGuess(rf.Model{Act: data.Sign, Labels: data.TeacherLabels}, rf.StoredPoints, rf.StoredAlphaDMin, rf.StoredAlphaDMax, i)
			native, err := workjob.RunDiagramPoint(workjob.DiagramPointJob{Act: "sign", Labels: "teacher", AlphaD: ad[i], Guess: guess})
			if err != nil || native.Err != "" {
				t.Fatalf("native point %d: %v %s", i, err, native.Err)
			}
			if native.AlphaC != ac[i] || native.AlphaLE != ale[i] {
				t.Errorf("alpha_D %.4g: worker alpha_c %v, alpha_LE %v; natively %v, %v", ad[i], ac[i], ale[i], native.AlphaC, native.AlphaLE)
			}
		}
		same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
		for i := range ad {
			if ad[i] != pad[i] {
				t.Fatalf("point %d: alpha_D %v with workers, %v without", i, ad[i], pad[i])
			}
			if !same(ac[i], pac[i]) {
				t.Errorf("alpha_D %.4g: alpha_c %v with workers, %v without", ad[i], ac[i], pac[i])
			}
			if !same(ale[i], pale[i]) {
				t.Errorf("alpha_D %.4g: alpha_LE %v with workers, %v without", ad[i], ale[i], pale[i])
			}
		}
	})

	// The diagram's simulation column (focusing BP by default) runs in the
	// workers, one training run per job, and gives the marks the page gives
	// when it trains every run itself (workers=0): the same runs, seeds and
	// counts.
	t.Run("simulations", func(t *testing.T) {
		column := func(query string) (points []map[string]any, pooled, total int) {
			tab := open(t, 1000, 640)
			navigate(t, tab, "/figures/diagram.html?"+query)
			if err := tab.WaitTrue(`window.flatland && flatland.simTotal > 0 && flatland.simPoints.every(p => p.samples_done === 3)`, 5*time.Minute,
				`flatland.simRuns + " of " + flatland.simTotal + " runs started, " + flatland.simPooled + " from workers, " + flatland.error`); err != nil {
				t.Fatal(err)
			}
			if e := pageJSON[string](t, tab, `flatland.error`); e != "" {
				t.Errorf("%s: diagram error %q", query, e)
			}
			if a := pageJSON[string](t, tab, `flatland.params.simalgo`); a != "fbp" {
				t.Errorf("%s: simulations by %q, want focusing BP (fbp) by default", query, a)
			}
			return pageJSON[[]map[string]any](t, tab, `flatland.simPoints`), pageJSON[int](t, tab, `flatland.simPooled`), pageJSON[int](t, tab, `flatland.simTotal`)
		}
		const q = "n=101&alpha-d=0.6&seed=3"
		inWorkers, pooled, total := column(q)
		onPage, pagePooled, _ := column(q + "&workers=0")
		t.Logf("%d of %d runs computed by the workers; %d with workers=0", pooled, total, pagePooled)
		if pooled != total || pagePooled != 0 {
			t.Errorf("runs from the workers: %d of %d with the pool, %d without; want all and none", pooled, total, pagePooled)
		}
		if !reflect.DeepEqual(inWorkers, onPage) {
			t.Errorf("the column differs:\nworkers %v\npage    %v", inWorkers, onPage)
		}
		solved := 0
		for _, p := range inWorkers {
			solved += int(p["solved"].(float64))
		}
		if solved == 0 || solved == total {
			t.Errorf("%d of %d runs solved: the column does not tell runs apart", solved, total)
		}
	})

	// While the workers keep every processor busy (a worker per processor and
	// at least one point per worker still to come), the page's own
	// computation, here the simulation column, gets at most 1 ms a frame:
	// it would take a core from the workers the live thresholds wait for.
	t.Run("page-yields", func(t *testing.T) {
		tab := open(t, 1000, 640)
		navigate(t, tab, "/figures/diagram.html?seed=3")
		if err := tab.WaitTrue(`window.flatland && flatland.theoryDone === true && flatland.livePoints === 24`, 10*time.Minute,
			`flatland.livePoints + " live points, workers " + flatland.workers + ", " + flatland.error`); err != nil {
			t.Fatal(err)
		}
		size, hardware := pageJSON[int](t, tab, `flatlandPool.size`), pageJSON[int](t, tab, `flatlandPool.hardware`)
		if size < 1 || size < hardware {
			t.Skipf("%d workers on %d processors: the workers cannot keep every processor busy, the page keeps its budget", size, hardware)
		}
		// sample the published state (one snapshot per frame) until the relu diagram is done
		if _, err := browser.Eval[bool](tab, `window.__samples = [], window.__sampler = setInterval(() => {
			const f = window.flatland
			if (f.livePoints < 24) __samples.push({shared: f.budgetShared, budget: f.budgetMs, sims: f.simRuns, live: f.livePoints})
		}, 10), postMessage({flatland: "params", params: {act: "relu"}}, "*"), true`); err != nil {
			t.Fatal(err)
		}
		if err := tab.WaitTrue(`flatland.params.act === "relu" && flatland.theoryDone === true && flatland.livePoints === 24`, 10*time.Minute,
			`flatland.livePoints + " live points, " + flatland.error`); err != nil {
			t.Fatal(err)
		}
		type sample struct {
			Shared     bool
			Budget     float64
			Sims, Live int
		}
		samples := pageJSON[[]sample](t, tab, `(clearInterval(__sampler), __samples)`)
		shared := 0
		for _, s := range samples {
			if !s.Shared {
				continue
			}
			shared++
			if s.Budget > 1 {
				t.Errorf("the workers keep every processor busy (%d live points) but the page's budget is %.3g ms, want <= 1 ms", s.Live, s.Budget)
			}
		}
		t.Logf("%d workers, %d processors: %d of %d snapshots during the recompute with the page's budget shared", size, hardware, shared, len(samples))
		if shared == 0 {
			t.Errorf("no snapshot of the recompute (%d) had the page's budget shared with the workers", len(samples))
		}
		// once the workers are done, the simulation column finishes
		if err := tab.WaitTrue(`flatland.budgetShared === false && flatland.simRuns === flatland.simTotal`, 10*time.Minute,
			`flatland.simRuns + " of " + flatland.simTotal + " simulations, shared " + flatland.budgetShared`); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("deep", func(t *testing.T) {
		const sweep = "widths=4,16&epochs=3&draws=2&sigmas=0.1,0.5&train=500&test=200&replicas=2"
		run := func(query string) ([]deepPoint, int, int) {
			tab := open(t, 1000, 640)
			navigate(t, tab, "/figures/deep.html?"+query)
			if err := tab.WaitTrue(`window.flatland && flatland.deepTotal > 0 && flatland.deepDone === flatland.deepTotal`, 10*time.Minute,
				`flatland.deepDone + " of " + flatland.deepTotal + ", workers " + flatland.workers + " " + flatland.error`); err != nil {
				t.Fatal(err)
			}
			if e := pageJSON[string](t, tab, `flatland.error`); e != "" {
				t.Errorf("deep error %q", e)
			}
			pts := pageJSON[[]deepPoint](t, tab, `flatland.deepPoints`)
			checkDeepPoints(t, pts)
			return pts, pageJSON[int](t, tab, `flatland.workers`), pageJSON[int](t, tab, `flatland.poolResults`)
		}
		pooled, workers, results := run(sweep)
		if workers < 1 || results != len(pooled) || len(pooled) != 4 {
			t.Fatalf("%d networks, %d workers, %d pool results: want 4 networks, all from workers", len(pooled), workers, results)
		}
		page, pw, _ := run(sweep + "&workers=0")
		if pw != 0 {
			t.Errorf("workers=0 used %d workers", pw)
		}
		for i := range pooled {
			a, b := pooled[i], page[i]
			if a.Algo != b.Algo || a.Width != b.Width || a.Epochs != b.Epochs || a.TrainError != b.TrainError || a.TestError != b.TestError ||
				a.TrainLoss != b.TrainLoss || a.TestLoss != b.TestLoss || !equalFloats(a.DeltaE, b.DeltaE) || !equalFloats(a.DeltaESE, b.DeltaESE) {
				t.Errorf("network %d: workers %+v, page %+v", i, a, b)
			}
		}
	})

	t.Run("no-module", func(t *testing.T) {
		// A tab of its own: the refused request is an expected console error.
		tab, err := chrome.NewTab(site.Host, 1000, 640)
		if err != nil {
			t.Fatal(err)
		}
		defer tab.Close()
		if _, err := chromedp.Call(tab.Ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: []*network.BlockPattern{{URLPattern: "http://*:*/flatland-worker.wasm", Block: true}}}); err != nil {
			t.Fatal(err)
		}
		navigate(t, tab, "/figures/diagram.html?seed=3")
		if err := tab.WaitTrue(`window.flatland && flatland.livePoints >= 1 && flatlandPool.state === "failed"`, 5*time.Minute,
			`flatland.livePoints + " live points, pool " + flatlandPool.state + ", " + flatland.error`); err != nil {
			t.Fatal(err)
		}
		if w := pageJSON[int](t, tab, `flatland.workers`); w != 0 {
			t.Errorf("workers %d with the module blocked", w)
		}
		if e := pageJSON[string](t, tab, `flatland.error`); e != "" {
			t.Errorf("error shown: %q", e)
		}
	})
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}
