//go:build js && wasm

package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"flatland/sim/data"
	"flatland/sim/experiment"
	"flatland/wasm/state"

	"github.com/hajimehoshi/ebiten/v2"
)

// finiteSizeFig draws the stored finite-size study (sim/experiment): the
// success fraction of focusing BP against alpha at each stored size N, with
// 68% Wilson error bars, and the thresholds of the study's model: alpha_LE
// and alpha_c from the stored diagram table, alpha_LD stored with the study.
// The runs take minutes to hours, so nothing is computed here.
type finiteSizeFig struct {
	s           state.Settings
	rows        []experiment.FiniteSizeRow
	sizes       []int
	readErr     string
	le, ld      float64 // alpha_LE, alpha_LD of the study's model (NaN: unknown)
	ac          float64 // alpha_c
	cmds        []string
	modelCmd    string // the study's command for the page's model, when it differs
	captionText string // what caption() says for the current settings (set by Apply)
	// published is the study for window.flatland (see publish)
	published map[string]any
}

func init() {
	registerFigure("finitesize", func(_ editFunc) figure { return newFiniteSize() })
}

func newFiniteSize() figure {
	f := &finiteSizeFig{le: math.NaN(), ld: experiment.StoredFiniteSizeAlphaLD, ac: math.NaN()}
	rows, err := experiment.StoredFiniteSize()
	if err != nil {
		f.readErr = "the stored study could not be read: " + err.Error()
	}
	f.rows, f.sizes = rows, experiment.FiniteSizeSizes(rows)
	act, errA := data.ParseActivation(experiment.StoredFiniteSizeAct)
	labels, errL := data.ParseLabels(experiment.StoredFiniteSizeLabels)
	if m, err := rfModel(act, labels); errA == nil && errL == nil && err == nil {
		if t := loadDiagramTable(m); t != nil {
			f.le = state.InterpolateLogX(t.ad, t.ale, experiment.StoredFiniteSizeAlphaD)
			f.ac = state.InterpolateLogX(t.ad, t.ac, experiment.StoredFiniteSizeAlphaD)
		}
	}
	f.publish()
	return f
}

// studyModel says which model the study trained.
func studyModel() string {
	return fmt.Sprintf("%s features, %s labels, α_D = %g", experiment.StoredFiniteSizeAct, experiment.StoredFiniteSizeLabels, experiment.StoredFiniteSizeAlphaD)
}

// sameModel: the page's settings pick the study's model.
func (f *finiteSizeFig) sameModel() bool {
	return f.s.Act.String() == experiment.StoredFiniteSizeAct && f.s.Labels.String() == experiment.StoredFiniteSizeLabels &&
		f.s.AlphaD == experiment.StoredFiniteSizeAlphaD
}

func (f *finiteSizeFig) Apply(s state.Settings) {
	f.s = s
	ns := make([]string, len(f.sizes))
	for i, n := range f.sizes {
		ns[i] = strconv.Itoa(n)
	}
	f.cmds = []string{experiment.StoredFiniteSizeCommand(strings.Join(ns, ",")),
		// alpha_LE, alpha_c and alpha_LD of the study's model
		fmt.Sprintf("flatland rf le-threshold -alpha-d %g -act %s -labels %s -ref dense", experiment.StoredFiniteSizeAlphaD, experiment.StoredFiniteSizeAct, experiment.StoredFiniteSizeLabels)}
	f.modelCmd = ""
	if !f.sameModel() {
		// the same study for the page's model: the stored sizes' flags with its act, labels and alpha_D
		f.modelCmd = experiment.FiniteSizeCommand(s.Act.String(), s.Labels.String(), s.AlphaD, "201,501,1001,2001")
		f.cmds = append(f.cmds, f.modelCmd)
	}
	f.captionText = f.caption()
}

func (f *finiteSizeFig) Update(*input, state.Rect) {} // nothing to click
func (f *finiteSizeFig) Step(time.Duration)        {} // nothing to compute

// Status: stored data, drawn at once.
func (f *finiteSizeFig) Status() figureStatus {
	return figureStatus{Progress: 1, Ready: true, Err: f.readErr, Commands: f.cmds, Extra: f.published}
}

// publish lists the drawn points (N, alpha, solved, samples, lo, hi) and
// the sizes for window.flatland, once: they do not change.
func (f *finiteSizeFig) publish() {
	pts := make([]any, len(f.rows))
	for i, r := range f.rows {
		pts[i] = jsFloats([]float64{float64(r.N), r.Alpha, float64(r.Solved), float64(r.Samples), r.Lo, r.Hi})
	}
	sizes := make([]any, len(f.sizes))
	for i, n := range f.sizes {
		sizes[i] = n
	}
	f.published = map[string]any{"finiteSize": map[string]any{"lines": len(f.rows), "sizes": sizes, "points": pts}}
}

// Layout of the finite-size figure.
const (
	finiteSizeXLo, finiteSizeXHi = 0.55, 1.0
	finiteSizeYLo, finiteSizeYHi = -0.04, 1.14 // room above 1 for the thresholds' labels
	finiteSizeDodge              = 3           // px between the sizes' error bars at one alpha
	finiteSizeCap                = 3           // half width of an error bar's caps
	finiteSizeMarker             = 3.5
	finiteSizeCaption            = 11.5 // caption text size
	finiteSizeCaptionLines       = 6
)

// sizeColour grades the sizes on one fixed scale (201 to 2001), so a size
// keeps its colour whichever sizes are stored: the dark three quarters of
// the colour map on a light plot, the light ones on a dark plot.
func sizeColour(n int) state.RGB {
	t := 0.75 * math.Log(float64(n)/201) / math.Log(2001.0/201)
	if colors.Name == "dark" {
		t += 0.25
	}
	return state.Viridis(t)
}

// finiteSizeThreshold is one vertical line: a threshold of the study's model.
type finiteSizeThreshold struct {
	a            float64 // NaN: unknown
	short, label string
	c            state.RGB
	dash         float64
}

func (f *finiteSizeFig) thresholds() []finiteSizeThreshold {
	return []finiteSizeThreshold{
		{f.le, "α_{LE}", "α_{LE}: local-entropy threshold (Franz–Parisi, flat minima)", rgbOf(pal(1)), 7},
		{f.ld, "α_{LD}", "α_{LD}: dense-region threshold (large deviations)", rgbOf(pal(0)), 3},
		{f.ac, "α_c", "α_c: interpolation threshold (solutions exist below)", rgbOf(colText), 0},
	}
}

// caption: what is drawn, where the curves cross, and the model.
func (f *finiteSizeFig) caption() string {
	if len(f.rows) == 0 {
		return ""
	}
	ns := make([]string, len(f.sizes))
	for i, n := range f.sizes {
		ns[i] = strconv.Itoa(n)
	}
	c := fmt.Sprintf("Stored runs (N = %s; %d seeds per point, %s on the RF model, %s).", strings.Join(ns, ", "),
		experiment.StoredFiniteSizeSamples, algoTitle(experiment.StoredFiniteSizeAlgo), studyModel())
	// each larger size against the smallest: neighbouring large sizes are
	// often tied within the noise of 10 instances
	var cross []string
	for _, n := range f.sizes[min(1, len(f.sizes)):] {
		if a, ok := experiment.FiniteSizeCrossing(f.rows, f.sizes[0], n); ok {
			cross = append(cross, fmt.Sprintf("%s (N = %d)", state.FormatValue(a, 2), n))
		}
	}
	if len(cross) > 0 {
		c += fmt.Sprintf(" The larger sizes' curves cross that of N = %d at α ≈ %s —", f.sizes[0], strings.Join(cross, ", "))
		if !bad(f.le) && !bad(f.ac) {
			c += fmt.Sprintf(" near α_{LE} = %s and α_{LD} = %s, well below α_c = %s.", state.FormatValue(f.le, 2), state.FormatValue(f.ld, 2), state.FormatValue(f.ac, 2))
		} else {
			c += fmt.Sprintf(" near α_{LD} = %s.", state.FormatValue(f.ld, 2))
		}
	} else if len(f.sizes) < 2 {
		c += " One size only: no crossing to show."
	}
	if f.modelCmd != "" {
		c += fmt.Sprintf(" The page's model (%s features, %s labels, α_D = %s) is not the study's; its command: %s",
			f.s.Act, f.s.Labels, state.FormatSetting(f.s.AlphaD), f.modelCmd)
	}
	return c
}

// place lays out the plot above the caption.
func (f *finiteSizeFig) place(area state.Rect, captionLines int) plot {
	pl := plot{title: "Success of " + algoTitle(experiment.StoredFiniteSizeAlgo) + " vs α at several sizes N (stored study)",
		xlabel: "α = P/N   (training examples per weight)", ylabel: "success fraction (instances solved)",
		xlo: finiteSizeXLo, xhi: finiteSizeXHi, ylo: finiteSizeYLo, yhi: finiteSizeYHi}
	pl.place(area.Inset(0, 0, 0, plotBottomRoom+float64(captionLines)*finiteSizeCaption*1.45))
	return pl
}

func (f *finiteSizeFig) Draw(dst *ebiten.Image, area state.Rect, pt pointer) {
	lines := wrapLines(f.captionText, area.W-2*noteMargin, finiteSizeCaption, finiteSizeCaptionLines)
	pl := f.place(area, len(lines))
	pl.drawFrame(dst)
	var leg []legendEntry
	for i, n := range f.sizes {
		leg = append(leg, f.drawSize(dst, &pl, n, (float64(i)-float64(len(f.sizes)-1)/2)*finiteSizeDodge))
	}
	in := pl.inner
	for i, t := range f.thresholds() {
		if bad(t.a) || !pl.X.Contains(t.a) {
			continue
		}
		x, c := pl.X.Px(t.a), rgb(t.c.R, t.c.G, t.c.B)
		polyline(dst, []float64{x, x}, []float64{in.Y, in.Y + in.H}, 1.5, c, t.dash)
		// alpha_LD's label right of its line, the others left: alpha_LE and alpha_LD are close
		label, y, align, dx := t.short+" "+state.FormatValue(t.a, 3), pl.Y.Px(1.09), alignRight, -4.0
		if i == 1 {
			y, align, dx = pl.Y.Px(1.035), alignLeft, 4
		}
		drawText(dst, label, x+dx, y, 10.5, c, align)
		leg = append(leg, legendEntry{label: t.label, short: t.short, c: c, dash: t.dash})
	}
	pl.legend(dst, leg, 2)
	y := pl.outer.Y + pl.outer.H + finiteSizeCaption*0.75 + 2
	for _, l := range lines {
		drawText(dst, l, area.X+noteMargin, y, finiteSizeCaption, colText, alignLeft)
		y += finiteSizeCaption * 1.45
	}
	if f.readErr != "" {
		drawWrapped(dst, f.readErr, in.X+noteMargin, in.Y+in.H/3, in.W-2*noteMargin, 11.5, colError, 5)
	}
	f.drawReadout(dst, &pl, pt)
}

// drawSize draws one size's curve, error bars and markers, dodged by dx px,
// and returns its legend entry.
func (f *finiteSizeFig) drawSize(dst *ebiten.Image, pl *plot, n int, dx float64) legendEntry {
	rc := sizeColour(n)
	c := rgb(rc.R, rc.G, rc.B)
	var xs, ys []float64
	for _, r := range f.rows {
		if r.N != n {
			continue
		}
		x := pl.X.Px(r.Alpha) + dx
		xs, ys = append(xs, x), append(ys, pl.Y.Px(float64(r.Solved)/float64(r.Samples)))
		lo, hi := pl.Y.Px(r.Lo), pl.Y.Px(r.Hi)
		line(dst, x, lo, x, hi, 1.5, c)
		line(dst, x-finiteSizeCap, lo, x+finiteSizeCap, lo, 1.5, c)
		line(dst, x-finiteSizeCap, hi, x+finiteSizeCap, hi, 1.5, c)
	}
	polyline(dst, xs, ys, 2, c, 0)
	for i := range xs {
		circle(dst, xs[i], ys[i], finiteSizeMarker+1, colSurface)
		circle(dst, xs[i], ys[i], finiteSizeMarker, c)
	}
	return legendEntry{label: fmt.Sprintf("N = %d (bars: 68%% Wilson interval)", n), short: fmt.Sprintf("N = %d", n), c: c}
}

// drawReadout shows, under the pointer, each size's point at the nearest
// stored alpha.
func (f *finiteSizeFig) drawReadout(dst *ebiten.Image, pl *plot, pt pointer) {
	x, _, ok := pl.hover(dst, pt)
	if !ok || len(f.rows) == 0 {
		return
	}
	near := f.rows[0].Alpha
	for _, r := range f.rows {
		if math.Abs(r.Alpha-x) < math.Abs(near-x) {
			near = r.Alpha
		}
	}
	lines := []string{"α = " + state.FormatValue(near, 3)}
	for _, r := range f.rows {
		if r.Alpha == near {
			lines = append(lines, fmt.Sprintf("N = %d: %d/%d solved [%s, %s]", r.N, r.Solved, r.Samples, state.FormatValue(r.Lo, 2), state.FormatValue(r.Hi, 2)))
		}
	}
	panelBox(dst, lines, pt.mx, pt.my, pl.inner)
}

// exportPanels: one series per size (success fraction, with the interval and
// the counts) and the thresholds as vertical segments.
func (f *finiteSizeFig) exportPanels() []state.ExportPanel {
	pl := f.place(state.Rect{W: 1000, H: 600}, 0)
	var series []state.ExportSeries
	for _, n := range f.sizes {
		s := state.ExportSeries{Name: fmt.Sprintf("N = %d", n), Color: sizeColour(n), Markers: true}
		var lo, hi, solved, samples []float64
		for _, r := range f.rows {
			if r.N == n {
				s.X, s.Y = append(s.X, r.Alpha), append(s.Y, float64(r.Solved)/float64(r.Samples))
				lo, hi = append(lo, r.Lo), append(hi, r.Hi)
				solved, samples = append(solved, float64(r.Solved)), append(samples, float64(r.Samples))
			}
		}
		s.Columns = []state.ExportColumn{{Name: "success_lo", Values: lo}, {Name: "success_hi", Values: hi},
			{Name: "solved", Values: solved}, {Name: "samples", Values: samples}}
		series = append(series, s)
	}
	for _, t := range f.thresholds() {
		if !bad(t.a) {
			series = append(series, state.ExportSeries{Name: t.label, X: []float64{t.a, t.a}, Y: []float64{0, 1}, Color: t.c, Dashed: t.dash > 0})
		}
	}
	return []state.ExportPanel{panelOf(&pl, series...)}
}

// summary: the sizes, where the curves cross and the thresholds.
func (f *finiteSizeFig) summary() string {
	if f.readErr != "" {
		return "Finite-size study: " + f.readErr
	}
	return "Finite-size study. " + strings.NewReplacer("{", "", "}", "").Replace(f.captionText)
}
