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
	"flatland/sim/train"
	"flatland/wasm/state"

	"github.com/hajimehoshi/ebiten/v2"
)

// trainFig runs one training algorithm live at the picked point: errors and
// replica distances against time, and the binary weights as a pixel raster.
type trainFig struct {
	s       state.Settings
	r       *experiment.Run
	err     string
	playing bool
	stepReq bool
	// history, one row per completed epoch/sweep, bounded (state.History);
	// the slices below are its columns, rebuilt by columns() when dirty
	hist           state.History
	histDirty      bool
	ep, errs, pair []float64
	repErr         [][]float64
	repDist        [][]float64
	lastEpoch      int
	maxErr         float64
	// rasters
	imgs   []*ebiten.Image
	pix    []byte
	last   [][]int8 // weights last written to each raster image
	wCache []int8
	reps   [][]int8
	snap   train.Snapshot // taken once per step, read by Draw and Status
	// pace of a playing run (state.EpochsThisFrame)
	lastPlay time.Time
	credit   float64
}

func init() {
	registerFigure("train", func(_ editFunc) figure { return newTrain() })
}

func newTrain() figure { return &trainFig{} }

func (f *trainFig) Apply(s state.Settings) {
	old := f.s
	f.s = s
	if old.N != 0 && old.Autoplay == s.Autoplay && f.instance(old) == f.instance(s) { // speed alone changes nothing
		return
	}
	f.reset()
	if s.Autoplay {
		f.playing = true
	}
}

// trainTestExamples is the test set of a run with teacher labels (random
// labels have nothing to generalize): a standard error of about 0.016 on
// errors near 0.4. Each example costs N D multiply-adds, and 2000 of them at
// N = D = 301 took longer than the training on a slow laptop.
const trainTestExamples = 1000

// instance is the training problem the settings describe.
func (f *trainFig) instance(s state.Settings) experiment.Problem {
	p := s.Problem()
	if s.Labels == data.TeacherLabels {
		p.TestExamples = trainTestExamples
	}
	return p
}

func (f *trainFig) reset() {
	f.err = ""
	f.hist.Reset()
	f.ep, f.errs, f.pair, f.repErr, f.repDist = nil, nil, nil, nil, nil
	f.lastEpoch = -1
	f.maxErr = 0
	r, err := newRun(f.instance(f.s))
	if err != nil {
		f.err = err.Error()
		f.r = nil
		return
	}
	f.r = r
	f.playing = f.s.Autoplay && f.playing
}

// Update: P plays or pauses, S steps one epoch, R resets.
func (f *trainFig) Update(in *input, area state.Rect) {
	if in.key(ebiten.KeyP) && f.canPlay() {
		f.playing = !f.playing
	}
	if in.key(ebiten.KeyS) && f.r != nil && f.r.Stage() == experiment.StageTrain {
		f.playing, f.stepReq = false, true
	}
	if in.key(ebiten.KeyR) {
		f.reset()
	}
}

// canPlay: the data set is drawn and training has not finished.
func (f *trainFig) canPlay() bool {
	return f.r != nil && f.r.Stage() >= experiment.StageTrain && f.r.Stage() < experiment.StageDone
}

func (f *trainFig) Step(budget time.Duration) {
	defer f.columns()
	r := f.r
	if r == nil || r.Err() != nil {
		return
	}
	if r.Stage() == experiment.StageData { // drawing the data set never waits for play; training does
		r.StepStage(budget)
		f.record()
		return
	}
	if !f.playing && !f.stepReq && r.Stage() == experiment.StageTrain {
		f.lastPlay, f.credit = time.Time{}, 0 // a play starts afresh
		return
	}
	epochs := 0 // epochs to advance this frame (0: the whole budget)
	now := time.Now()
	switch rate := f.s.Speed.EpochsPerSecond(); {
	case f.stepReq:
		epochs = 1
	case rate > 0: // slow, fast: a pace in epochs a second, whatever the frame rate
		var elapsed time.Duration
		if !f.lastPlay.IsZero() {
			elapsed = now.Sub(f.lastPlay)
		}
		epochs, f.credit = state.EpochsThisFrame(rate, elapsed, f.credit)
		// on a slow machine (frames of 300 ms and more, where the pacer's
		// few milliseconds spread each epoch over many frames and the
		// default run took a minute to play its 9 epochs) the play gets up
		// to half the frame interval; a probe frame (budget 0) stays empty
		if budget > 0 && elapsed >= slowPlayFrame {
			budget = max(budget, min(elapsed/2, slowPlayBudget))
		}
	}
	f.lastPlay = now
	if epochs > 0 && r.Stage() == experiment.StageTrain {
		advanced := f.stepEpochs(epochs, budget)
		if f.stepReq && (r.Stage() != experiment.StageTrain || advanced >= epochs) {
			f.stepReq = false
		}
	} else {
		r.Step(budget)
	}
	if err := r.Err(); err != nil {
		f.err = err.Error()
	}
	f.record()
	if r.Stage() == experiment.StageDone {
		f.playing = false
	}
}

// epochSlice is how long the run steps between checks for a finished epoch.
const epochSlice = 200 * time.Microsecond

// A playing run's budget in slow frames (under 20 fps): up to half the
// frame interval, at most slowPlayBudget.
const (
	slowPlayFrame  = 50 * time.Millisecond
	slowPlayBudget = 150 * time.Millisecond
)

// stepEpochs advances the run epoch by epoch in small slices so that every
// epoch is recorded (Progress = epoch/max is O(1); a replicated Snapshot
// recounts errors, O(y N P)), at most epochs of them within budget. It
// returns how many epochs ended.
func (f *trainFig) stepEpochs(epochs int, budget time.Duration) int {
	r := f.r
	start := time.Now()
	advanced := 0
	training := func() bool { return r.Stage() == experiment.StageTrain && r.Err() == nil }
	for training() && advanced < epochs && time.Since(start) < budget {
		p0 := r.Trainer().Progress()
		for training() && r.Trainer().Progress() == p0 && time.Since(start) < budget {
			r.Step(epochSlice)
		}
		if r.Stage() != experiment.StageTrain || r.Trainer().Progress() != p0 {
			advanced++
			f.record()
		}
	}
	return advanced
}

func (f *trainFig) record() {
	if f.r == nil || f.r.Trainer() == nil {
		return
	}
	s := f.r.Trainer().Snapshot()
	f.snap = s
	if s.Epoch == f.lastEpoch {
		return
	}
	f.lastEpoch = s.Epoch
	// row: epoch, training error, then (replicated algorithms) the mean pair
	// distance and, per replica, its error and its distance to the centre
	row := []float64{float64(s.Epoch), s.TrainError}
	f.maxErr = math.Max(f.maxErr, s.TrainError)
	if y := min(len(s.ReplicaErrors), len(s.ReplicaDistance)); y > 0 {
		P := float64(max(1, f.r.Problem().P()))
		row = append(row, s.MeanPairDistance)
		for a := 0; a < y; a++ {
			e := float64(s.ReplicaErrors[a]) / P
			f.maxErr = math.Max(f.maxErr, e)
			row = append(row, e, s.ReplicaDistance[a])
		}
	}
	f.hist.Add(row...)
	f.histDirty = true
}

// columns rebuilds the plotted series from the history (once per frame at most).
func (f *trainFig) columns() {
	if !f.histDirty {
		return
	}
	f.histDirty = false
	h := &f.hist
	f.ep, f.errs = h.Column(0), h.Column(1)
	f.pair, f.repErr, f.repDist = nil, nil, nil
	if h.Columns() > 2 {
		f.pair = h.Column(2)
		for c := 3; c+1 < h.Columns(); c += 2 {
			f.repErr = append(f.repErr, h.Column(c))
			f.repDist = append(f.repDist, h.Column(c+1))
		}
	}
}

// Status: the data set being drawn (progress text) and a playing run
// change the figure every frame (animating).
func (f *trainFig) Status() figureStatus {
	st := figureStatus{Err: f.err, Buttons: f.buttons(), Extra: map[string]any{"playing": f.playing}}
	r := f.r
	if r == nil {
		return st
	}
	st.Progress = r.Progress()
	stage := r.Stage()
	st.Busy = r.Err() == nil && (stage == experiment.StageData || stage == experiment.StageTest || (stage == experiment.StageTrain && (f.playing || f.stepReq)))
	st.Ready = r.Progress() > 0
	// Only training animates (epoch by epoch, at the chosen speed). Drawing the
	// data and measuring the test error are plain computations with a
	// progress line: they get the idle frames' budget, not the pacer's
	// sliver, which on a slow machine made them take a minute.
	st.Animating = stage == experiment.StageTrain && (f.playing || f.stepReq)
	st.Commands = []string{r.Problem().Command()}
	if r.Trainer() != nil {
		s := f.snap
		st.Extra["epoch"] = s.Epoch
		st.Extra["trainErrors"] = s.Errors
		st.Extra["solved"] = s.Solved
		st.Extra["done"] = stage == experiment.StageDone
	}
	if stage == experiment.StageDone {
		st.Extra["result"] = resultFields(r.Result())
	}
	return st
}

func (f *trainFig) buttons() []*control {
	play := &control{id: "act:play", kind: ctrlButton, label: "play", group: "run", action: func() { f.playing = !f.playing }}
	if f.playing {
		play.label, play.active = "pause", true
	}
	ready := f.canPlay()
	play.disabled = !ready
	step := &control{id: "act:step", kind: ctrlButton, label: "step", group: "run", disabled: !ready, action: func() { f.playing = false; f.stepReq = true }}
	reset := &control{id: "act:reset", kind: ctrlButton, label: "reset", group: "run", action: func() { f.reset() }}
	return []*control{play, step, reset}
}

// Layout of the train figure (logical px).
const (
	trainHeadHeight   = 44
	trainTitleY       = 10 // baselines in the head
	trainStatusY      = 30
	trainProgressW    = 156 // progress bar at the head's right end
	trainProgressH    = 5
	trainProgressY    = 26
	trainPlotsShare   = 0.62 // of the body's width, for the two plots
	trainPlotGap      = 4
	trainWeightsLeft  = 14 // weights column margins
	trainWeightsRight = 8
)

func (f *trainFig) Draw(dst *ebiten.Image, area state.Rect, pt pointer) {
	if f.r == nil {
		message(dst, area, append([]string{"cannot start training:"}, strings.Split(f.err, "; ")...)...)
		return
	}
	head, body := area.SplitTop(trainHeadHeight)
	f.drawHead(dst, head)
	left, right := body.SplitLeft(body.W * trainPlotsShare)
	rows := left.Rows(2, trainPlotGap)
	xhi := 10.0 // epochs shown: at least 10, then 5% beyond the last
	if len(f.ep) > 0 {
		xhi = math.Max(xhi, f.ep[len(f.ep)-1]*1.05)
	}
	f.drawErrors(dst, rows[0], xhi, pt)
	f.drawDistances(dst, rows[1], xhi, pt)
	f.drawWeights(dst, right.Inset(trainWeightsLeft, 0, trainWeightsRight, 0))
}

// drawHead draws the title, the run's status line and its progress.
func (f *trainFig) drawHead(dst *ebiten.Image, head state.Rect) {
	r := f.r
	pr := r.Problem()
	d, p := pr.D(), pr.P()
	title := fmt.Sprintf("%s training · random-features network, N=%d weights, D=%d inputs, P=%d examples", algoTitle(pr.Algo), pr.N, d, p)
	if textWidth(title, titleSize) > head.W-10 {
		title = fmt.Sprintf("%s · N=%d, D=%d, P=%d", algoTitle(pr.Algo), pr.N, d, p)
	}
	drawText(dst, clipText(title, head.W-8, titleSize), head.X+4, head.Y+trainTitleY, titleSize, colText, alignLeft)
	// the status line ends before the progress bar, which narrows on a narrow head
	barW, room := math.Min(trainProgressW, head.W/3), head.W-8
	if r.Stage() < experiment.StageDone {
		room -= barW + progressGap
	}
	if f.err != "" {
		drawText(dst, clipText(f.err, room, 12), head.X+4, head.Y+trainStatusY, 12, colError, alignLeft)
	} else {
		drawText(dst, clipText(f.statusLine(), room, 12), head.X+4, head.Y+trainStatusY, 12, colMuted, alignLeft)
	}
	if r.Stage() < experiment.StageDone {
		progressBar(dst, state.Rect{X: head.X + head.W - barW - 4, Y: head.Y + trainProgressY, W: barW, H: trainProgressH}, r.Progress(), "")
	}
}

// statusLine says what the run is doing, in words.
func (f *trainFig) statusLine() string {
	r := f.r
	p := r.Problem().P()
	if r.Stage() == experiment.StageData {
		if r.ExamplesDrawn() == 0 && r.Problem().D() > 0 {
			return fmt.Sprintf("drawing the %d×%d random features", r.Problem().N, r.Problem().D())
		}
		return fmt.Sprintf("drawing the training set: %d of %d examples", r.ExamplesDrawn(), p)
	}
	s := f.snap
	status := fmt.Sprintf("%s %d of at most %d · training errors %d of %d", unitName(r.Problem().Algo), s.Epoch, s.MaxEpochs, s.Errors, p)
	switch stage := r.Stage(); {
	case stage == experiment.StageDone:
		res := r.Result()
		if s.Solved {
			status += fmt.Sprintf(" · solved in %.1f s", res.TrainSeconds)
		} else {
			status += " · stopped without a solution"
		}
		if res.TestedExamples > 0 {
			status += fmt.Sprintf(" · test error %.3f", res.TestError)
		}
	case stage == experiment.StageTest:
		status += " · measuring the test error"
	case !f.playing:
		status += " · paused: press play (P) or step (S)"
	}
	return status
}

// drawErrors plots the training error of the network (and each replica)
// against time.
func (f *trainFig) drawErrors(dst *ebiten.Image, r state.Rect, xhi float64, pt pointer) {
	algo := f.r.Problem().Algo
	pe := plot{title: "training error", xlabel: unitsLabel(algo), ylabel: "fraction of examples misclassified",
		xlo: 0, xhi: xhi, ylo: 0, yhi: math.Max(0.05, f.maxErr*1.08)}
	pe.place(r)
	pe.drawFrame(dst)
	var leg []legendEntry
	for a := range f.repErr {
		c := withAlpha(pal(5), 160)
		pe.curve(dst, f.ep, f.repErr[a], 1.2, c, 0)
		if a == 0 {
			leg = append(leg, legendEntry{label: "each replica", c: c})
		}
	}
	pe.curve(dst, f.ep, f.errs, 2, pal(0), 0)
	wl := "network"
	if len(f.repErr) > 0 {
		wl = "centre / reported weights"
	}
	leg = append([]legendEntry{{label: wl, c: pal(0)}}, leg...)
	pe.legend(dst, leg, 1)
	if x, _, ok := pe.hover(dst, pt); ok {
		lines := []string{fmt.Sprintf("%s %.0f", unitName(algo), x)}
		if v := nearestAt(f.ep, f.errs, x); !math.IsNaN(v) {
			lines = append(lines, fmt.Sprintf("training error %.4f", v))
		}
		panelBox(dst, lines, pt.mx, pt.my, pe.inner)
	}
}

// drawDistances plots the replicas' distances to the centre and to each
// other (replicated algorithms only).
func (f *trainFig) drawDistances(dst *ebiten.Image, r state.Rect, xhi float64, pt pointer) {
	algo := f.r.Problem().Algo
	pd := plot{title: "replica distance", xlabel: unitsLabel(algo), ylabel: "normalized Hamming distance",
		xlo: 0, xhi: xhi, ylo: 0, yhi: 0.55}
	if len(f.repDist) == 0 {
		pd.place(r)
		pd.drawFrame(dst)
		if f.r.Trainer() != nil && f.r.Trainer().Replicas() <= 1 {
			message(dst, pd.inner, algoTitle(algo)+" trains a single network:", "no replicas to compare (try rsa or rsgd)")
		}
		return
	}
	ymax := 0.05
	for _, v := range f.pair {
		ymax = math.Max(ymax, v)
	}
	for a := range f.repDist {
		for _, v := range f.repDist[a] {
			ymax = math.Max(ymax, v)
		}
	}
	pd.yhi = ymax * 1.1
	pd.place(r)
	pd.drawFrame(dst)
	for a := range f.repDist {
		pd.curve(dst, f.ep, f.repDist[a], 1.2, withAlpha(pal(1), 150), 0)
	}
	pd.curve(dst, f.ep, f.pair, 2, pal(2), 0)
	pd.legend(dst, []legendEntry{{label: "replica to centre", c: pal(1)}, {label: "mean between replicas", c: pal(2)}}, 1)
	if x, _, ok := pd.hover(dst, pt); ok {
		lines := []string{fmt.Sprintf("%s %.0f", unitName(algo), x)}
		if v := nearestAt(f.ep, f.pair, x); !math.IsNaN(v) {
			lines = append(lines, fmt.Sprintf("mean pair distance %.4f", v))
		}
		panelBox(dst, lines, pt.mx, pt.my, pd.inner)
	}
}

// algoTitle is the algorithm's title in the registry (sim/train).
func algoTitle(algo string) string {
	if a, err := train.Lookup(algo); err == nil {
		return a.Title
	}
	return algo
}

// unitsLabel is the time axis of an algorithm: what one Snapshot.Epoch counts.
func unitsLabel(algo string) string {
	if a, err := train.Lookup(algo); err == nil {
		return a.Units
	}
	return "epochs"
}

// unitName is one unit of the time axis ("epoch", "sweep", "BP sweep").
func unitName(algo string) string { return strings.TrimSuffix(unitsLabel(algo), "s") }

// nearestAt returns y at the sample whose x is closest.
func nearestAt(xs, ys []float64, x float64) float64 {
	best, bd := math.NaN(), math.Inf(1)
	for i := 0; i < min(len(xs), len(ys)); i++ {
		if d := math.Abs(xs[i] - x); d < bd {
			best, bd = ys[i], d
		}
	}
	return best
}

// Layout of the weights column (logical px).
const (
	weightsTitleY      = 10 // title baseline
	weightsTop         = 26 // first raster below the column's top
	weightsLabelBelow  = 12 // raster label baseline below the raster
	weightsTextRoom    = 40 // title and label around the big raster
	weightsBigShare    = 0.8
	replicasTop        = 30 // replica rasters below the big raster
	replicasPerRow     = 4
	replicasGap        = 8
	replicaRowExtra    = 26 // label below each replica row
	replicaLabelBelow  = 10
	weightsKeyGap      = 8 // least space between the title and the colour key
	replicaRoomBelow   = 20
	replicaLabelHeight = 14
)

// drawWeights draws the reported weights and, for replicated algorithms, each
// replica (disagreements with the centre in orange).
func (f *trainFig) drawWeights(dst *ebiten.Image, r state.Rect) {
	drawText(dst, clipText("binary weights", r.W, titleSize), r.X, r.Y+weightsTitleY, titleSize, colText, alignLeft)
	// the key goes right of the title when both fit, else it is left out
	if key := "dark +1 · light -1"; textWidth("binary weights", titleSize)+weightsKeyGap+textWidth(key, 11) <= r.W {
		drawText(dst, key, r.X+r.W, r.Y+weightsTitleY, 11, colMuted, alignRight)
	}
	if f.r == nil || f.r.Trainer() == nil {
		message(dst, r, "drawing the data set…")
		return
	}
	n := f.r.Problem().N
	cols := int(math.Ceil(math.Sqrt(float64(n))))
	rows := (n + cols - 1) / cols
	centre := f.r.Trainer().Weights()
	nrep := f.r.Trainer().Replicas()
	for len(f.imgs) < nrep+1 {
		f.imgs = append(f.imgs, nil)
	}
	// big raster for the reported weights: half the height when replicas follow
	side := math.Min(r.W*weightsBigShare, (r.H-weightsTextRoom)*0.5)
	if nrep <= 1 {
		side = math.Min(r.W, r.H-weightsTextRoom)
	}
	cell := math.Max(1, math.Floor(side/float64(cols)))
	big := state.Rect{X: r.X, Y: r.Y + weightsTop, W: cell * float64(cols), H: cell * float64(rows)}
	f.raster(dst, 0, centre, nil, cols, rows, big)
	lab := "weights"
	if nrep > 1 {
		lab = "centre"
	}
	drawText(dst, clipText(fmt.Sprintf("%s (%d×%d grid, %d weights)", lab, cols, rows, n), r.W, 11), big.X, big.Y+big.H+weightsLabelBelow, 11, colMuted, alignLeft)
	if nrep > 1 {
		below := r
		below.Y = big.Y + big.H + replicasTop
		below.H = r.Y + r.H - below.Y
		f.drawReplicas(dst, below, centre, cols, rows)
	}
}

// drawReplicas draws each replica's weights in rows of replicasPerRow, as
// many as fit in r.
func (f *trainFig) drawReplicas(dst *ebiten.Image, r state.Rect, centre []int8, cols, rows int) {
	nrep := f.r.Trainer().Replicas()
	f.reps = f.reps[:0]
	for a := 0; a < nrep; a++ {
		f.reps = append(f.reps, f.r.Trainer().ReplicaWeights(a))
	}
	per := min(nrep, replicasPerRow)
	w := (r.W - float64(per-1)*replicasGap) / float64(per)
	cell := math.Max(1, math.Floor(math.Min(w, (r.H-replicaRoomBelow)/2-replicaLabelHeight)/float64(cols)))
	for a := 0; a < nrep; a++ {
		x := r.X + float64(a%per)*(w+replicasGap)
		y := r.Y + float64(a/per)*(cell*float64(rows)+replicaRowExtra)
		rr := state.Rect{X: x, Y: y, W: cell * float64(cols), H: cell * float64(rows)}
		if rr.Y+rr.H > r.Y+r.H {
			break
		}
		f.raster(dst, a+1, f.reps[a], centre, cols, rows, rr)
		// the label fits under its raster (and before the next one), or is shortened, or skipped
		room := rr.W
		if a%per < per-1 {
			room = w + replicasGap - tickLabelGap
		} else {
			room = r.X + r.W - x
		}
		for _, l := range []string{fmt.Sprintf("replica %d", a+1), fmt.Sprintf("%d", a+1)} {
			if textWidth(l, 10.5) <= room {
				drawText(dst, l, rr.X, rr.Y+rr.H+replicaLabelBelow, 10.5, colMuted, alignLeft)
				break
			}
		}
	}
}

func (f *trainFig) raster(dst *ebiten.Image, slot int, w, ref []int8, cols, rows int, r state.Rect) {
	for len(f.last) <= slot {
		f.last = append(f.last, nil)
	}
	if f.imgs[slot] != nil && equal8(f.last[slot], w) && ref == nil {
		drawImageIn(dst, f.imgs[slot], r)
		strokeRect(dst, r, 1, colPanelLn)
		return
	}
	f.last[slot] = append(f.last[slot][:0], w...)
	need := cols * rows * 4
	if cap(f.pix) < need {
		f.pix = make([]byte, need)
	}
	pix := f.pix[:need]
	for i := 0; i < cols*rows; i++ {
		var c state.RGB
		switch {
		case i >= len(w): // past the last weight: transparent, the background shows
			pix[4*i], pix[4*i+1], pix[4*i+2], pix[4*i+3] = 0, 0, 0, 0
			continue
		case ref != nil && i < len(ref) && ref[i] != w[i]:
			c = state.RGB{R: 230, G: 120, B: 0}
		case w[i] > 0:
			c = state.RGB{R: 30, G: 50, B: 90}
		default:
			c = state.RGB{R: 214, G: 224, B: 238}
		}
		pix[4*i], pix[4*i+1], pix[4*i+2], pix[4*i+3] = c.R, c.G, c.B, 255
	}
	drawPixels(dst, &f.imgs[slot], pix, cols, rows, r)
	strokeRect(dst, r, 1, colPanelLn)
}

func equal8(a, b []int8) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// exportPanels are the plotted series: the training error of the network
// (and of each replica) and the replicas' distances, against time.
func (f *trainFig) exportPanels() []state.ExportPanel {
	if f.r == nil {
		return nil
	}
	algo := f.r.Problem().Algo
	xhi := 10.0
	if len(f.ep) > 0 {
		xhi = math.Max(xhi, f.ep[len(f.ep)-1]*1.05)
	}
	wl := "network"
	if len(f.repErr) > 0 {
		wl = "centre / reported weights"
	}
	// replicas first: the centre is drawn over them, as on the page
	errs := state.ExportPanel{Title: "training error", XLabel: unitsLabel(algo), YLabel: "fraction of examples misclassified",
		XLo: 0, XHi: xhi, YLo: 0, YHi: math.Max(0.05, f.maxErr*1.08)}
	for a := range f.repErr {
		errs.Series = append(errs.Series, state.ExportSeries{Name: fmt.Sprintf("replica %d", a+1), X: f.ep, Y: f.repErr[a], Color: rgbOf(pal(5))})
	}
	errs.Series = append(errs.Series, state.ExportSeries{Name: wl, X: f.ep, Y: f.errs, Color: rgbOf(pal(0))})
	panels := []state.ExportPanel{errs}
	if len(f.repDist) > 0 {
		dist := state.ExportPanel{Title: "replica distance", XLabel: unitsLabel(algo), YLabel: "normalized Hamming distance", XLo: 0, XHi: xhi}
		for a := range f.repDist {
			dist.Series = append(dist.Series, state.ExportSeries{Name: fmt.Sprintf("replica %d to centre", a+1), X: f.ep, Y: f.repDist[a], Color: rgbOf(pal(1))})
		}
		dist.Series = append(dist.Series, state.ExportSeries{Name: "mean between replicas", X: f.ep, Y: f.pair, Color: rgbOf(pal(2))})
		panels = append(panels, dist)
	}
	return panels
}

// summary: the run and its status line.
func (f *trainFig) summary() string {
	if f.r == nil {
		return state.TrainSummary("Training", "not started", f.err)
	}
	pr := f.r.Problem()
	title := algoTitle(pr.Algo) + " training, N = " + strconv.Itoa(pr.N) + " weights, P = " + strconv.Itoa(pr.P()) + " examples"
	return state.TrainSummary(title, f.statusLine(), f.err)
}
