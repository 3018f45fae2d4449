//go:build js && wasm

package main

import (
	"fmt"
	"image/color"
	"math"
	"time"

	"flatland/sim/data"
	"flatland/wasm/state"

	"github.com/hajimehoshi/ebiten/v2"
)

// diagramFig is the transition diagram: the interpolation line alpha_c and
// the local-entropy line alpha_LE against alpha_D, the three phases shaded,
// the picked point (click or drag to move it) and simulation success rates
// in the column of the picked alpha_D.
type diagramFig struct {
	edit   editFunc
	s      state.Settings
	th     diagramTheory
	thErr  string
	thDone bool
	table  *diagramTable // precomputed by the same code; nil if none
	sw     *sweep
	swKey  diagramSweepKey
	frames int
	drag   bool
}

// diagramSweepKey is what the simulation column depends on.
type diagramSweepKey struct {
	alphaD float64
	act    data.Activation
	labels data.Labels
	n      int
	seed   uint64
}

// simAlgo is the algorithm of the quick simulations overlaid on the theory
// figures: CP+R, an efficient solver known to land in the dense (flat)
// regions, fast enough to run many seeds inside frame budgets.
const simAlgo = "cpr"

// simulation grid in the picked column
var diagramAlphas = []float64{0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6}

const diagramSamples = 3

func newDiagram(edit editFunc) figure { return &diagramFig{edit: edit} }

func (f *diagramFig) Apply(s state.Settings) {
	old := f.s
	f.s = s
	if f.th == nil || old.Act != s.Act || old.Labels != s.Labels {
		if c, ok := f.th.(interface{ Close() }); ok {
			c.Close()
		}
		f.th, f.thErr, f.thDone, f.table = nil, "", false, nil
		m, err := rfModel(s.Act, s.Labels)
		if err == nil {
			f.table = loadDiagramTable(m)
			f.th, err = newDiagramTheory(m)
		}
		if err != nil {
			f.th, f.thErr, f.thDone = nil, err.Error(), true
		}
	}
	key := diagramSweepKey{alphaD: s.AlphaD, act: s.Act, labels: s.Labels, n: simN(s), seed: s.Seed}
	if key != f.swKey || f.sw == nil {
		f.swKey = key
		var pts []instance
		for _, a := range diagramAlphas {
			pts = append(pts, instance{n: key.n, alpha: a, alphaD: s.AlphaD, act: s.Act, labels: s.Labels, algo: simAlgo, seed: s.Seed})
		}
		f.sw = newSweep(pts, diagramSamples)
	}
}

// simN is the size of the quick simulations overlaid on theory figures.
func simN(s state.Settings) int { return min(s.N, 201) }

func (f *diagramFig) Step(budget time.Duration) {
	start := time.Now()
	simsRunning := f.sw != nil && !f.sw.done()
	if f.th != nil && !f.thDone && !(f.table != nil && simsRunning) {
		tb := budget
		if simsRunning {
			tb = budget * 6 / 10 // theory and simulations share the frame
		}
		done, err := f.th.Step(tb)
		if err != nil {
			f.thErr = err.Error()
			f.thDone = true
		} else if done {
			f.thDone = true
		}
	}
	if left := budget - time.Since(start); left > 0 && f.sw != nil && !f.sw.done() {
		f.sw.Step(left)
	}
}

func (f *diagramFig) Progress() float64 {
	th := 1.0
	if f.th != nil && !f.thDone && f.table == nil {
		th = f.th.Progress()
	}
	sw := 1.0
	if f.sw != nil {
		sw = f.sw.Progress()
	}
	return 0.5*th + 0.5*sw
}

func (f *diagramFig) Busy() bool {
	return (f.th != nil && !f.thDone && f.table == nil) || (f.sw != nil && !f.sw.done())
}

func (f *diagramFig) Ready() bool {
	if f.frames == 0 {
		return false
	}
	if f.table != nil {
		return true
	}
	if f.th != nil {
		ad, _, _ := f.th.Points()
		if len(ad) > 0 {
			return true
		}
	}
	return f.sw != nil && f.sw.next > 0
}

func (f *diagramFig) Err() string {
	if f.thErr != "" {
		return f.thErr
	}
	if d, ok := f.th.(rfDiagram); ok {
		if msg := d.Failures(); msg != "" {
			return msg
		}
	}
	if f.sw != nil && f.sw.err != nil {
		return f.sw.err.Error()
	}
	return ""
}

func (f *diagramFig) Controls() []*control { return nil }

func (f *diagramFig) Status() map[string]any {
	m := map[string]any{}
	if f.th != nil {
		ad, _, _ := f.th.Points()
		m["livePoints"] = len(ad)
		m["theoryDone"] = f.thDone
		m["liveProgress"] = round3(f.th.Progress())
		if f.table != nil {
			m["tablePoints"] = len(f.table.ad)
			dev, n := f.table.deviation(f.th.Points())
			m["verified"] = n
			m["maxDeviation"] = dev
		}
		m["points"] = max(len(ad), f.tablePoints())
	}
	if f.sw != nil {
		m["simRuns"] = f.sw.next
		m["simTotal"] = f.sw.total()
	}
	return m
}

func (f *diagramFig) Draw(dst *ebiten.Image, area state.Rect, in *input) {
	f.frames++
	pl := plot{title: "Transition diagram of the random-features network (binary weights)",
		xlabel: "α_D = D/N   (input dimension per weight; ← more weights, overparameterized)",
		ylabel: "α = P/N   (training examples per weight)",
		xlo:    0.05, xhi: 10, xlog: true, ylo: 0, yhi: 2.2}
	var lad, lac, lale []float64 // computed in this page
	if f.th != nil {
		lad, lac, lale = f.th.Points()
	}
	ad, ac, ale := lad, lac, lale
	if f.table != nil {
		ad, ac, ale = f.table.merge(lad, lac, lale)
	}
	for _, v := range ac {
		if !bad(v) {
			pl.yhi = math.Max(pl.yhi, math.Min(3.2, v*1.04))
		}
	}
	main, _ := area.SplitBottom(0)
	pl.reserve = 190
	pl.place(main.Inset(0, 0, 0, 16))
	pl.drawFrame(dst)
	in2 := pl.inner
	// phases: shade between the curves (where both are known)
	if len(ad) >= 2 {
		f.shade(dst, &pl, ad, ac, ale)
		pl.curve(dst, ad, ac, 2.5, colText, 0)
		pl.curve(dst, ad, ale, 2.5, pal(1), 7)
		// filled: computed in this page; open: precomputed table
		pl.markers(dst, lad, lac, 2.6, colText)
		pl.markers(dst, lad, lale, 2.6, pal(1))
		if f.table != nil {
			for i := len(lad); i < len(ad); i++ {
				for _, v := range []struct {
					y float64
					c color.Color
				}{{ac[i], colText}, {ale[i], pal(1)}} {
					if !bad(v.y) && pl.Y.Contains(v.y) {
						x, y := pl.px(ad[i], v.y)
						circle(dst, x, y, 3.2, colWhite)
						ring(dst, x, y, 2.6, 1.2, v.c)
					}
				}
			}
		}
	} else if f.thErr == "" {
		message(dst, in2, "computing the theory curves…")
	}
	// simulation column
	if f.sw != nil {
		x := pl.X.Px(f.s.AlphaD)
		for i, pt := range f.sw.points {
			if !pl.Y.Contains(pt.alpha) || f.sw.finished[i] == 0 {
				continue
			}
			frac := float64(f.sw.solved[i]) / float64(f.sw.finished[i])
			y := pl.Y.Px(pt.alpha)
			c := state.Viridis(frac)
			fillRect(dst, state.Rect{X: x + 10, Y: y - 6, W: 12, H: 12}, rgb(c.R, c.G, c.B))
			strokeRect(dst, state.Rect{X: x + 10, Y: y - 6, W: 12, H: 12}, 1, colAxis)
			drawText(dst, fmt.Sprintf("%d/%d", f.sw.solved[i], f.sw.finished[i]), x+26, y, 10.5, colText, alignLeft)
		}
	}
	// picked point
	px, py := pl.px(f.s.AlphaD, f.s.Alpha)
	if pl.Y.Contains(f.s.Alpha) {
		crispLine(dst, px, in2.Y, px, in2.Y+in2.H, 1, withAlpha(colFocus, 140))
		circle(dst, px, py, 7, colWhite)
		ring(dst, px, py, 7, 2.5, colFocus)
		circle(dst, px, py, 2.5, colFocus)
	}
	// legend
	leg := []legendEntry{
		{label: "α_c: interpolation threshold (solutions exist below)", short: "α_c interpolation", c: colText},
		{label: "α_{LE}: local-entropy threshold (dense flat regions below)", short: "α_{LE} local entropy", c: pal(1), dash: 7},
		{label: "flat regions: efficient algorithms succeed", short: "flat regions (easy)", c: withAlpha(pal(2), 70), swatch: true},
		{label: "only isolated, sharp solutions", short: "isolated solutions", c: withAlpha(pal(4), 70), swatch: true},
		{label: "no solutions", c: withAlpha(colMuted, 60), swatch: true},
		{label: "picked point (click or drag)", short: "picked point", c: colFocus, marker: true},
	}
	if f.table != nil {
		leg = append(leg, legendEntry{label: fmt.Sprintf("filled: computed in this page (%d/%d); open: precomputed", len(lad), len(f.table.ad)),
			short: fmt.Sprintf("filled: live %d/%d; open: precomputed", len(lad), len(f.table.ad)), c: colText, marker: true})
	}
	if f.sw != nil {
		leg = append(leg, legendEntry{label: fmt.Sprintf("CP+R success rate, N=%d (%d seeds; yellow = all solved)", simN(f.s), diagramSamples),
			short: fmt.Sprintf("CP+R success, N=%d", simN(f.s)), c: rgb(92, 200, 99), swatch: true})
	}
	pl.legend(dst, leg, 1)
	if e := f.Err(); e != "" {
		drawText(dst, clipText(e, in2.W-16, 11.5), in2.X+8, in2.Y+in2.H-12, 11.5, colError, alignLeft)
	} else if note := f.skippedNote(); note != "" {
		drawWrapped(dst, note, in2.X+8, in2.Y+in2.H-40, in2.W-16, 11, colError, 2)
	} else if n := countNaN(ale[len(lad):]); f.table != nil && n > 0 {
		drawText(dst, fmt.Sprintf("α_{LE}: %d precomputed points did not converge (gaps)", n), in2.X+8, in2.Y+in2.H-12, 11, colMuted, alignLeft)
	}
	// progress
	if f.Busy() {
		lbl := fmt.Sprintf("theory %d/%d · simulations %d/%d", len(lad), diagramPoints, min(f.sw.next, f.sw.total()), f.sw.total())
		if f.thDone || f.table != nil {
			lbl = fmt.Sprintf("simulations %d/%d", min(f.sw.next, f.sw.total()), f.sw.total())
		}
		progressBar(dst, state.Rect{X: pl.outer.X + pl.outer.W - 180, Y: pl.outer.Y + 16, W: 170, H: 4}, f.Progress(), lbl)
	}
	if f.table != nil && !f.Busy() && f.th != nil {
		msg := fmt.Sprintf("recomputing the thresholds live in this page: %d of %d points", len(lad), diagramPoints)
		if f.thDone {
			msg = fmt.Sprintf("thresholds recomputed live in this page: %d of %d points", len(lad), diagramPoints)
		}
		if dev, n := f.table.deviation(lad, lac, lale); n > 0 {
			msg += fmt.Sprintf(" (largest difference from the table %.2g%%)", 100*dev)
		}
		drawText(dst, msg, in2.X+in2.W-8, in2.Y+in2.H-12, 11, colMuted, alignRight)
	}
	// interaction: click/drag picks (alpha_D, alpha)
	pick := false
	if in.pressed && in2.Contains(in.mx, in.my) {
		f.drag, pick = true, true
	}
	if f.drag && in.down {
		pick = true
	}
	if !in.down {
		f.drag = false
	}
	if pick {
		a := pl.Y.Value(math.Max(in2.Y, math.Min(in2.Y+in2.H, in.my)))
		d := pl.X.Value(math.Max(in2.X, math.Min(in2.X+in2.W, in.mx)))
		f.edit(func(s *state.Settings) { s.PickPoint(d, a) })
	}
	if x, y, ok := pl.hover(dst, in); ok {
		lines := []string{
			fmt.Sprintf("α_D = %s   α = %s", state.FormatValue(x, 3), state.FormatValue(y, 3)),
			fmt.Sprintf("N/P = %s   P/D = %s", state.FormatValue(1/y, 3), state.FormatValue(y/x, 3)),
		}
		if c := interpLog(ad, ac, x); !math.IsNaN(c) {
			lines = append(lines, fmt.Sprintf("α_c(α_D) = %s", state.FormatValue(c, 3)))
		}
		if l := interpLog(ad, ale, x); !math.IsNaN(l) {
			lines = append(lines, fmt.Sprintf("α_{LE}(α_D) = %s", state.FormatValue(l, 3)))
		}
		lines = append(lines, phaseName(y, interpLog(ad, ale, x), interpLog(ad, ac, x)))
		panelBox(dst, lines, in.mx, in.my, in2)
	}
}

func phaseName(a, le, c float64) string {
	switch {
	case math.IsNaN(c):
		return ""
	case a > c:
		return "phase: no solutions (above interpolation)"
	case !math.IsNaN(le) && a > le:
		return "phase: isolated sharp solutions only (hard)"
	case !math.IsNaN(le):
		return "phase: dense flat regions (easy)"
	}
	return ""
}

// interpLog interpolates y(x) linearly in log x.
func interpLog(xs, ys []float64, x float64) float64 {
	lx := make([]float64, len(xs))
	for i, v := range xs {
		lx[i] = math.Log(v)
	}
	return interpAt(lx, ys, math.Log(x))
}

// shade fills the three phases between the curves.
func (f *diagramFig) shade(dst *ebiten.Image, pl *plot, ad, ac, ale []float64) {
	top := pl.Y.Lo + (pl.Y.Hi - pl.Y.Lo)
	for i := 0; i+1 < len(ad); i++ {
		x0, x1 := pl.X.Px(ad[i]), pl.X.Px(ad[i+1])
		yb := pl.Y.Px(0)
		yt := pl.Y.Px(top)
		clampY := func(v float64) float64 { return pl.Y.Px(math.Max(pl.Y.Lo, math.Min(top, v))) }
		c0, c1 := ac[i], ac[i+1]
		l0, l1 := ale[i], ale[i+1]
		if bad(c0) || bad(c1) {
			continue
		}
		// above alpha_c: no solutions
		fillPolygon(dst, []float64{x0, x1, x1, x0}, []float64{clampY(c0), clampY(c1), yt, yt}, withAlpha(colMuted, 38))
		if bad(l0) || bad(l1) {
			continue
		}
		fillPolygon(dst, []float64{x0, x1, x1, x0}, []float64{clampY(l0), clampY(l1), clampY(c1), clampY(c0)}, withAlpha(pal(4), 45))
		fillPolygon(dst, []float64{x0, x1, x1, x0}, []float64{yb, yb, clampY(l1), clampY(l0)}, withAlpha(pal(2), 40))
	}
}

func (f *diagramFig) tablePoints() int {
	if f.table == nil {
		return 0
	}
	return len(f.table.ad)
}

func countNaN(v []float64) int {
	n := 0
	for _, x := range v {
		if bad(x) {
			n++
		}
	}
	return n
}

// Animating: nothing moves on its own while the figure computes.
func (f *diagramFig) Animating() bool { return false }

func (f *diagramFig) skippedNote() string {
	if f.sw == nil {
		return ""
	}
	return f.sw.skippedNote()
}
