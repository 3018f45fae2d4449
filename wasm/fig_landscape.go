//go:build js && wasm

package main

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"
	"time"

	"flatland/sim/data"
	"flatland/sim/experiment"
	"flatland/sim/landscape"
	"flatland/sim/nets"
	"flatland/wasm/state"

	"github.com/hajimehoshi/ebiten/v2"
)

// landscapeFig trains a sharp-minimum finder (simulated annealing) and a
// flat-minimum finder (replicated simulated annealing) on the same instance,
// then measures around each solution the local energy (training error after
// flipping a random fraction d of the weights, averaged over flip sets) and a
// 2-D error map over two random disjoint flip sets.
type landscapeFig struct {
	s     state.Settings
	key   landscapeKey
	algos [2]string
	runs  [2]*experiment.Run
	prob  [2]experiment.Problem // the two trainings: the same data, one algorithm each
	cmds  []string
	probe [2]*probe
	stage landscapeStage
	err   string
	imgs  [2]*ebiten.Image
	pix   []byte
}

// landscapeStage is where the landscape figure is.
type landscapeStage int

const (
	landscapeTraining landscapeStage = iota // both algorithms train on the instance
	landscapeProbing                        // measuring around each solution
	landscapeDone
)

// flip fractions asked of the local-energy curve (measured as k/N flips, see
// landscape.FlipFractions) and the map's extent
var landscapeD = []float64{0.005, 0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.13, 0.16, 0.2}

const (
	landscapeFlips = 100  // flip sets per d
	mapSize        = 41   // cells per side (odd: the solution is the centre cell)
	mapExtent      = 0.25 // flips at the map's edge, as a fraction of N (sim/landscape allows up to 1/4)
)

// landscapeKey is what the trainings and probes depend on.
type landscapeKey struct {
	alpha, alphaD float64
	act           data.Activation
	labels        data.Labels
	n             int
	seed          uint64
}

func init() {
	registerFigure("landscape", func(_ editFunc) figure { return newLandscape() })
}

func newLandscape() figure { return &landscapeFig{algos: [2]string{"sa", "rsa"}} }

func (f *landscapeFig) Apply(s state.Settings) {
	f.s = s
	key := landscapeKey{alpha: s.Alpha, alphaD: s.AlphaD, act: s.Act, labels: s.Labels, n: s.N, seed: s.Seed}
	if key == f.key {
		return
	}
	f.key = key
	f.stage, f.err = landscapeTraining, ""
	f.probe = [2]*probe{}
	for _, r := range f.runs {
		if r != nil {
			r.Close()
		}
	}
	f.runs = [2]*experiment.Run{}
	for i, a := range f.algos {
		f.prob[i] = s.Problem()
		f.prob[i].Algo = a
	}
	f.cmds = []string{f.command()}
	if err := checkBudget(f.prob[:]...); err != nil { // both trainings live at once
		f.err = err.Error()
		return
	}
	// the first run draws the data; the second trains on them once they are drawn
	r, err := experiment.NewRun(f.prob[0])
	if err != nil {
		f.err = err.Error()
		return
	}
	f.runs[0] = r
}

// command is the flatness line that measures the same local-energy curves:
// the same data, algorithms, flip fractions, flip sets and seed.
func (f *landscapeFig) command() string {
	var args []string
	all := f.prob[0].Args()
	for i := 0; i < len(all); i++ {
		if all[i] == "-algo" {
			i++ // flatness takes -algos
			continue
		}
		args = append(args, all[i])
	}
	fr := landscape.FlipFractions(landscapeD, f.prob[0].N) // the measured fractions, as the probe uses them
	ds := make([]string, len(fr))
	for i, d := range fr {
		ds[i] = strconv.FormatFloat(d, 'g', -1, 64)
	}
	return fmt.Sprintf("flatland flatness %s -algos %s,%s -d %s -flips %d", strings.Join(args, " "), f.algos[0], f.algos[1], strings.Join(ds, ","), landscapeFlips)
}

func (f *landscapeFig) Update(*input, state.Rect) {} // nothing to click

func (f *landscapeFig) Step(budget time.Duration) {
	if f.err != "" || f.runs[0] == nil {
		return
	}
	start := time.Now()
	for f.stage < landscapeDone && time.Since(start) < budget {
		left := budget - time.Since(start)
		switch f.stage {
		case landscapeTraining:
			i := 0
			if f.runs[0].Stage() == experiment.StageDone {
				i = 1
				if f.runs[1] == nil {
					r, err := experiment.NewRunOn(f.prob[1], f.runs[0])
					if err != nil {
						f.err = err.Error()
						return
					}
					f.runs[1] = r
				}
			}
			done, err := f.runs[i].Step(left)
			if err != nil {
				f.err = err.Error()
				return
			}
			if done && i == 1 {
				for k, r := range f.runs {
					f.probe[k] = newProbe(r.Model(), r.Result().Weights, f.s.Seed, f.s.Seed*7919+uint64(k))
				}
				f.stage = landscapeProbing
			}
		case landscapeProbing:
			i := 0
			if f.probe[0].done() {
				i = 1
			}
			f.probe[i].step(left)
			if f.probe[i].err != nil {
				f.err = f.probe[i].err.Error()
				return
			}
			if f.probe[1].done() {
				f.stage = landscapeDone
			}
		}
	}
}

func (f *landscapeFig) progress() float64 {
	if f.runs[0] == nil {
		return 0
	}
	switch f.stage {
	case landscapeTraining:
		second := 0.0
		if f.runs[1] != nil {
			second = f.runs[1].Progress()
		}
		return 0.35*f.runs[0].Progress() + 0.35*second
	case landscapeProbing:
		return 0.7 + 0.15*f.probe[0].progress() + 0.15*f.probe[1].progress()
	}
	return 1
}

func (f *landscapeFig) busy() bool { return f.err == "" && f.runs[0] != nil && f.stage < landscapeDone }

// Status: nothing moves on its own while the figure computes (not animating).
// The published stage is 0 training, 1 probing, 2 done.
func (f *landscapeFig) Status() figureStatus {
	m := map[string]any{"stage": int(f.stage)}
	for k, a := range f.algos {
		if f.runs[k] != nil && f.runs[k].Stage() == experiment.StageDone {
			m[a+"Solved"] = solved(f.runs[k])
		}
	}
	if f.stage == landscapeDone && f.err == "" {
		// the curves as `flatland flatness -json` prints them (local_energy per d)
		le := map[string]any{}
		for k, a := range f.algos {
			_, e, _ := f.probe[k].curve()
			le[a] = jsFloats(e[1:]) // without d = 0
		}
		m["localEnergy"] = le
	}
	return figureStatus{Progress: f.progress(), Busy: f.busy(), Ready: f.runs[0] != nil && f.runs[0].Progress() > 0, Err: f.err, Extra: m, Commands: f.cmds}
}

// probe measures the landscape around one configuration with sim/landscape:
// the local-energy curve, then the 2-D map, in budgeted steps.
type probe struct {
	le     *landscape.LocalEnergy
	mp     *landscape.Map
	e0     float64 // training error of the configuration itself
	leDone bool
	mpDone bool
	err    error
}

// newProbe measures around w: the local energy with the command line's
// flatness seed (leSeed), the map with its own.
func newProbe(m nets.Model, w []int8, leSeed, mapSeed uint64) *probe {
	n := len(w)
	pr := &probe{e0: float64(m.Errors(w)) / float64(m.NumPatterns())}
	pr.le, pr.err = landscape.NewLocalEnergy(m, w, landscape.LocalEnergyConfig{D: landscape.FlipFractions(landscapeD, n), Flips: landscapeFlips, Seed: leSeed})
	if pr.err == nil {
		pr.mp, pr.err = landscape.NewMap(m, w, landscape.MapConfig{Radius: landscape.MapRadius(n, mapExtent), Grid: mapSize, Seed: mapSeed})
	}
	return pr
}

func (pr *probe) done() bool { return pr.err != nil || (pr.leDone && pr.mpDone) }

func (pr *probe) progress() float64 {
	if pr.err != nil {
		return 1
	}
	return 0.5*pr.le.Progress() + 0.5*pr.mp.Progress()
}

func (pr *probe) step(budget time.Duration) {
	if pr.done() {
		return
	}
	if !pr.leDone {
		pr.leDone, pr.err = pr.le.Step(budget)
		return
	}
	pr.mpDone, pr.err = pr.mp.Step(budget)
}

// curve returns d (with d = 0 first), the mean training error and its standard error.
func (pr *probe) curve() (d, e, se []float64) {
	d, e, se = []float64{0}, []float64{pr.e0}, []float64{0}
	if pr.le == nil {
		return
	}
	c := pr.le.Curve()
	for i := range c.D {
		if c.Samples[i] == 0 {
			break
		}
		d, e, se = append(d, c.D[i]), append(e, c.Energy[i]), append(se, c.StdErr[i])
	}
	return
}

// grid returns the map values (NaN where not computed yet).
func (pr *probe) grid() []float64 {
	if pr.mp == nil {
		return nil
	}
	v := pr.mp.Values()
	for i := range v {
		if v[i] < 0 {
			v[i] = math.NaN()
		}
	}
	return v
}

// landscapeRoles says what each algorithm stands for in this figure.
var landscapeRoles = [2]string{"sharp", "flat"}

// Layout of the landscape figure (logical px).
const (
	landscapeHeadHeight = 40
	landscapeTitleY     = 10 // baselines in the head
	landscapeStatusY    = 28
	landscapeProgressW  = 156 // progress bar at the head's right end
	landscapeProgressH  = 5
	landscapeProgressY  = 24
	landscapeCurveShare = 0.44 // of the body's width, for the local-energy plot
	mapsLeft            = 16   // maps column margin
	mapsGap             = 18   // between the two maps
	mapMarginX          = 52   // a map's tick labels and axis title beside it
	mapMarginY          = 84   // ... and its title above and axis title below
	mapsExtraY          = 130  // vertical room of maps and colour bar besides the map squares
	colourBarHeight     = 46
	colourBarInset      = 40 // colour bar's margins left and right
	colourBarTop        = 14
	colourBarThickness  = 10
	colourBarSteps      = 64
)

func (f *landscapeFig) Draw(dst *ebiten.Image, area state.Rect, pt pointer) {
	if f.runs[0] == nil {
		message(dst, area, append([]string{"cannot start:"}, strings.Split(f.err, "; ")...)...)
		return
	}
	head, body := area.SplitTop(landscapeHeadHeight)
	f.drawHead(dst, head)
	left, right := body.SplitLeft(body.W * landscapeCurveShare)
	f.drawLocalEnergy(dst, left, pt)
	f.drawMaps(dst, right.Inset(mapsLeft, 0, 0, 0), pt)
}

// drawHead draws the title, what the figure is doing and the outcome of
// both trainings.
func (f *landscapeFig) drawHead(dst *ebiten.Image, head state.Rect) {
	d, p := f.prob[0].D(), f.prob[0].P()
	title := fmt.Sprintf("Landscape around solutions of one instance: N=%d weights, D=%d, P=%d (α = %s, α_D = %s)",
		f.s.N, d, p, state.FormatSetting(f.s.Alpha), state.FormatSetting(f.s.AlphaD))
	if textWidth(title, titleSize) > head.W-8 {
		title = fmt.Sprintf("Landscape · N=%d, D=%d, P=%d", f.s.N, d, p)
	}
	drawText(dst, clipText(title, head.W-8, titleSize), head.X+4, head.Y+landscapeTitleY, titleSize, colText, alignLeft)
	status := ""
	switch f.stage {
	case landscapeTraining:
		status = "training both algorithms on the same data…"
	case landscapeProbing:
		status = "probing the landscape around each solution…"
	default:
		status = fmt.Sprintf("local energy: mean ± s.e. over %d random flip sets per d · maps: %d×%d cells, two random flip directions", landscapeFlips, mapSize, mapSize)
	}
	for k, a := range f.algos {
		if r := f.runs[k]; r != nil && r.Stage() == experiment.StageDone {
			s := r.Trainer().Snapshot()
			if s.Solved {
				status += fmt.Sprintf(" · %s solved", a)
			} else {
				word := "errors"
				if s.Errors == 1 {
					word = "error"
				}
				status += fmt.Sprintf(" · %s NOT solved (%d training %s; landscape around its final configuration)", a, s.Errors, word)
			}
		}
	}
	// the status line ends before the progress bar, which narrows on a narrow head
	barW, room := math.Min(landscapeProgressW, head.W/3), head.W-8
	if f.busy() {
		room -= barW + progressGap
	}
	if f.err != "" {
		drawText(dst, clipText(f.err, room, 12), head.X+4, head.Y+landscapeStatusY, 12, colError, alignLeft)
	} else {
		drawText(dst, clipText(status, room, 12), head.X+4, head.Y+landscapeStatusY, 12, colMuted, alignLeft)
	}
	if f.busy() {
		progressBar(dst, state.Rect{X: head.X + head.W - barW - 4, Y: head.Y + landscapeProgressY, W: barW, H: landscapeProgressH}, f.progress(), "")
	}
}

// algoColour: sharp-minimum finder first, flat-minimum finder second.
func algoColour(k int) color.Color {
	if k == 1 {
		return pal(2)
	}
	return pal(4)
}

// drawLocalEnergy plots the training error after flipping a fraction d of
// the weights, for both solutions, with standard-error bars.
func (f *landscapeFig) drawLocalEnergy(dst *ebiten.Image, r state.Rect, pt pointer) {
	ymax := 0.02
	for _, pr := range f.probe {
		if pr != nil {
			_, e, se := pr.curve()
			for i, v := range e {
				ymax = math.Max(ymax, v+se[i])
			}
		}
	}
	pl := plot{title: "local energy", xlabel: "d   (fraction of weights flipped at random)", ylabel: "training error after the flips",
		xlo: 0, xhi: landscapeD[len(landscapeD)-1], ylo: 0, yhi: ymax * 1.1}
	pl.place(r)
	pl.drawFrame(dst)
	var leg []legendEntry
	for k, a := range f.algos {
		c := algoColour(k)
		if pr := f.probe[k]; pr != nil {
			d, e, se := pr.curve()
			for i := range d {
				if se[i] > 0 {
					x := pl.X.Px(d[i])
					line(dst, x, pl.Y.Px(e[i]-se[i]), x, pl.Y.Px(e[i]+se[i]), 1.2, c)
				}
			}
			pl.curve(dst, d, e, 2.5, c, 0)
			pl.markers(dst, d, e, 3, c)
		}
		leg = append(leg, legendEntry{label: algoTitle(a) + " (" + landscapeRoles[k] + ")", c: c})
	}
	pl.legend(dst, leg, 0)
	if x, _, ok := pl.hover(dst, pt); ok {
		lines := []string{fmt.Sprintf("d = %s (%d flips)", state.FormatValue(x, 3), int(math.Round(x*float64(f.s.N))))}
		for k, a := range f.algos {
			if pr := f.probe[k]; pr != nil {
				d, e, _ := pr.curve()
				if v := interpAt(d, e, x); !math.IsNaN(v) {
					lines = append(lines, fmt.Sprintf("%s: %s", a, state.FormatValue(v, 3)))
				}
			}
		}
		panelBox(dst, lines, pt.mx, pt.my, pl.inner)
	}
}

// drawMaps draws both 2-D error maps with a shared colour scale and its bar.
func (f *landscapeFig) drawMaps(dst *ebiten.Image, cols state.Rect, pt pointer) {
	vmax := 0.0
	for _, pr := range f.probe {
		if pr != nil && pr.mp != nil {
			for _, v := range pr.grid() {
				if !bad(v) {
					vmax = math.Max(vmax, v)
				}
			}
		}
	}
	vmax = math.Max(vmax, 0.01)
	side := math.Min((cols.W-mapsGap)/2-mapMarginX, cols.H-mapsExtraY)
	maps := state.Rect{X: cols.X, Y: cols.Y + math.Max(0, (cols.H-side-mapsExtraY)/2), W: cols.W, H: side + mapMarginY}
	mrs := maps.Columns(2, mapsGap)
	for k, a := range f.algos {
		f.drawMap(dst, k, mrs[k], algoTitle(a)+" ("+landscapeRoles[k]+")", vmax, pt)
	}
	drawColourBar(dst, state.Rect{X: cols.X, Y: maps.Y + maps.H, W: cols.W, H: colourBarHeight}, vmax)
}

// drawColourBar draws the maps' shared viridis scale from 0 to vmax.
func drawColourBar(dst *ebiten.Image, r state.Rect, vmax float64) {
	bar := state.Rect{X: r.X + colourBarInset, Y: r.Y + colourBarTop, W: r.W - 2*colourBarInset, H: colourBarThickness}
	for i := 0; i < colourBarSteps; i++ {
		c := state.Viridis(float64(i) / float64(colourBarSteps-1))
		fillRect(dst, state.Rect{X: bar.X + bar.W*float64(i)/colourBarSteps, Y: bar.Y, W: bar.W/colourBarSteps + 0.5, H: bar.H}, rgb(c.R, c.G, c.B))
	}
	strokeRect(dst, bar, 1, colAxis)
	hi := state.FormatValue(vmax, 2)
	drawText(dst, "0", bar.X, bar.Y+bar.H+10, tickSize, colMuted, alignCenter)
	drawText(dst, hi, bar.X+bar.W, bar.Y+bar.H+10, tickSize, colMuted, alignCenter)
	// the title between the end labels, shortened to the room they leave
	room := bar.W - textWidth("0", tickSize)/2 - textWidth(hi, tickSize)/2 - 2*tickLabelGap
	title := "training error (fraction of examples)"
	if textWidth(title, tickSize) > room {
		title = "training error"
	}
	if textWidth(title, tickSize) <= room {
		drawText(dst, title, bar.X+bar.W/2, bar.Y+bar.H+10, tickSize, colMuted, alignCenter)
	}
}

// Layout of one map (logical px).
const (
	mapLeft        = 46 // tick labels and axis title left of the square
	mapTop         = 28 // name above the square
	mapNameY       = 12
	mapMinSide     = 20 // smaller maps are not drawn
	mapTickLength  = 4
	mapTickLabel   = 13 // tick label baselines beyond the square
	mapAxisTitle   = 27
	mapAxisTitleX  = 40
	mapCentreRing  = 4
	mapTicks       = 4
	mapCellMissing = 0 // opacity of a cell not computed yet: the plot surface shows
)

// drawMap draws probe k's 2-D error map in r, coloured up to vmax, with its
// axes and the value under the pointer.
func (f *landscapeFig) drawMap(dst *ebiten.Image, k int, r state.Rect, name string, vmax float64, pt pointer) {
	side := math.Min(r.W-mapMarginX, r.H-mapMarginY)
	if side < mapMinSide {
		return
	}
	box := state.Rect{X: r.X + mapLeft, Y: r.Y + mapTop, W: side, H: side}
	drawText(dst, clipText(name, r.X+r.W-box.X, 13), box.X, r.Y+mapNameY, 13, colText, alignLeft)
	pr := f.probe[k]
	if pr == nil {
		fillRect(dst, box, colSurface)
		strokeRect(dst, box, 1, colAxis)
		message(dst, box, "waiting…")
		return
	}
	grid := pr.grid()
	if len(grid) != mapSize*mapSize {
		message(dst, box, "waiting…")
		return
	}
	fillRect(dst, box, colSurface)
	drawPixels(dst, &f.imgs[k], f.mapPixels(grid, vmax), mapSize, mapSize, box)
	strokeRect(dst, box, 1, colAxis)
	drawMapAxes(dst, box)
	// the solution is the centre cell
	ring(dst, box.X+box.W/2, box.Y+box.H/2, mapCentreRing, 1.5, colWhite)
	if pt.hasMouse && box.Contains(pt.mx, pt.my) {
		col := int((pt.mx - box.X) / box.W * mapSize)
		row := mapSize - 1 - int((pt.my-box.Y)/box.H*mapSize)
		if col >= 0 && col < mapSize && row >= 0 && row < mapSize {
			v := grid[row*mapSize+col]
			h := mapSize / 2
			sgn := func(a int) string {
				if a < 0 {
					return "-"
				}
				return "+"
			}
			panelBox(dst, []string{fmt.Sprintf("A%s: %d flips, B%s: %d flips", sgn(row-h), pr.mp.Flips(row-h), sgn(col-h), pr.mp.Flips(col-h)),
				fmt.Sprintf("training error %s", state.FormatValue(v, 3))}, pt.mx, pt.my, r)
		}
	}
}

// mapPixels colours a map's cells (viridis up to vmax) into the shared
// pixel buffer; image row 0 is the top, so set A (rows) increases upward.
func (f *landscapeFig) mapPixels(grid []float64, vmax float64) []byte {
	need := mapSize * mapSize * 4
	if len(f.pix) < need {
		f.pix = make([]byte, need)
	}
	for row := 0; row < mapSize; row++ {
		for col := 0; col < mapSize; col++ {
			v := grid[row*mapSize+col]
			o := ((mapSize-1-row)*mapSize + col) * 4
			if bad(v) {
				f.pix[o], f.pix[o+1], f.pix[o+2], f.pix[o+3] = 0, 0, 0, mapCellMissing
				continue
			}
			c := state.Viridis(v / vmax)
			f.pix[o], f.pix[o+1], f.pix[o+2], f.pix[o+3] = c.R, c.G, c.B, 255
		}
	}
	return f.pix[:need]
}

// drawMapAxes draws the flip-fraction ticks along both directions.
func drawMapAxes(dst *ebiten.Image, box state.Rect) {
	sc := state.Scale{Lo: -mapExtent, Hi: mapExtent, P0: box.X, P1: box.X + box.W}
	labelEnd, rowEnd := math.Inf(-1), math.Inf(1) // the last x label's right end, the last y label's top
	for _, t := range state.LinearTicks(-mapExtent, mapExtent, mapTicks) {
		x := sc.Px(t.V)
		crispLine(dst, x, box.Y+box.H, x, box.Y+box.H+mapTickLength, 1, colAxis)
		// labels that would touch their neighbours on a small map are skipped
		if w := textWidth(t.Label, tickSize); x-w/2 >= labelEnd+tickLabelGap {
			drawText(dst, t.Label, x, box.Y+box.H+mapTickLabel, tickSize, colMuted, alignCenter)
			labelEnd = x + w/2
		}
		y := box.Y + box.H - (x - box.X)
		crispLine(dst, box.X-mapTickLength, y, box.X, y, 1, colAxis)
		if y+tickSize/2 <= rowEnd-2 {
			drawText(dst, t.Label, box.X-6, y, tickSize, colMuted, alignRight)
			rowEnd = y - tickSize/2
		}
	}
	b := "flip fraction along direction B"
	if textWidth(b, 11.5) > box.W+mapLeft-tickLabelGap {
		b = "direction B"
	}
	drawText(dst, clipText(b, box.W+mapLeft-tickLabelGap, 11.5), box.X+box.W/2, box.Y+box.H+mapAxisTitle, 11.5, colText, alignCenter)
	a := "along direction A"
	if textWidth(a, 11.5) > box.H {
		a = "direction A"
	}
	if textWidth(a, 11.5) <= box.H {
		drawTextRotated(dst, a, box.X-mapAxisTitleX, box.Y+box.H/2, 11.5, colText)
	}
}

// exportPanels are the plotted series: each solution's local-energy curve
// (d = 0 is the solution itself) with its standard errors, in the order of
// the published flatness command's -algos. The 2-D maps are not series.
func (f *landscapeFig) exportPanels() []state.ExportPanel {
	p := state.ExportPanel{Title: "local energy", XLabel: "d (fraction of weights flipped at random)", YLabel: "training error after the flips",
		XLo: 0, XHi: landscapeD[len(landscapeD)-1]}
	for k, a := range f.algos {
		pr := f.probe[k]
		if pr == nil {
			continue
		}
		d, e, se := pr.curve()
		p.Series = append(p.Series, state.ExportSeries{Name: a + ": " + algoTitle(a) + " (" + landscapeRoles[k] + ")", X: d, Y: e,
			Color: rgbOf(algoColour(k)), Columns: []state.ExportColumn{{Name: "stderr", Values: se}}})
	}
	return []state.ExportPanel{p}
}

// summaryD is the flip fraction the text summary reports.
const summaryD = 0.05

// summary: the local energy of both solutions at d = summaryD (the measured
// fraction nearest to it, flips being whole numbers).
func (f *landscapeFig) summary() string {
	l := state.LandscapeSummary{D: summaryD, Energy: [2]float64{math.NaN(), math.NaN()}, Err: f.err}
	for k, a := range f.algos {
		l.Names[k] = algoTitle(a) + [2]string{" (sharp-minimum finder)", " (flat-minimum finder)"}[k]
		if f.probe[k] == nil {
			continue
		}
		d, e, _ := f.probe[k].curve()
		best := -1
		for i := 1; i < len(d); i++ { // d[0] = 0 is the solution itself
			if best < 0 || math.Abs(d[i]-summaryD) < math.Abs(d[best]-summaryD) {
				best = i
			}
		}
		if best > 0 && math.Abs(d[best]-summaryD) < summaryD/2 {
			l.D, l.Energy[k] = d[best], e[best]
		}
	}
	switch f.stage {
	case landscapeTraining:
		l.Stage = "Training both algorithms on the same data."
	case landscapeProbing:
		l.Stage = "Measuring around each solution."
	}
	for k, a := range f.algos {
		if r := f.runs[k]; r != nil && r.Stage() == experiment.StageDone && !r.Trainer().Snapshot().Solved {
			l.Stage += " " + algoTitle(a) + " did not reach zero training error."
		}
	}
	return l.Text()
}
