//go:build js && wasm

package main

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
	"strings"
	"syscall/js"
	"time"

	"flatland/sim/deep"
	"flatland/sim/mnist"
	"flatland/wasm/state"
	"flatland/wasm/workjob"

	"github.com/hajimehoshi/ebiten/v2"
)

// deepFig is the realistic-network test of the flat-minima scenario: ReLU
// networks of growing width trained on MNIST digits by SGD and by
// replicated SGD; for each, the local energy (training error after
// multiplicative weight noise w -> w (1 + sigma z), minus the training
// error) against sigma, and training and test error against width with the
// interpolation point (the first width trained to zero error).
type deepFig struct {
	s         state.Settings
	plan      state.DeepPlan
	key       string
	cells     []*deepCell // sweep order: each width, SGD then rSGD
	dataKey   [2]int
	train     *deep.Data
	test      mnist.Set
	testD     *deep.Data
	dataErr   string
	started   time.Time // Apply of this sweep
	first     float64   // seconds from Apply to the first measured network (0: not yet)
	whole     float64   // seconds from Apply to the whole sweep (0: not yet)
	strip     *ebiten.Image
	stripOf   string // which network's digits the strip holds
	cmds      []string
	pooled    bool // the networks train in the page's Web Workers (pool.go)
	storedBad bool // the stored default sweep could not be read (a damaged build)
	// noDigits: the digits are not here (a single file without room for them)
	// but every network is drawn from the stored run: a note, not an error;
	// nothing is trained.
	noDigits string
}

// deepCell is one network of the sweep.
type deepCell struct {
	algo    string
	width   int
	run     *deep.Run
	res     deep.Result
	done    bool
	err     string
	seconds float64 // computing time spent on it
	job     int     // its job in the worker pool (0: none)
	share   float64 // its progress in the pool (0..1)
	// stored is its result precomputed by the same code (the default sweep
	// only, deep.StoredSweepJSON), drawn until the live one arrives;
	// mismatch: the live result does not print as the stored one.
	stored   *deep.Result
	mismatch bool
}

// view is what the figure draws for c: its live result once measured, its
// stored one before (or when the live run failed); nil: nothing yet.
func (c *deepCell) view() *deep.Result {
	if c.done && c.err == "" {
		return &c.res
	}
	return c.stored
}

// fromStore: c is drawn from its stored result.
func (c *deepCell) fromStore() bool { return c.stored != nil && !(c.done && c.err == "") }

// compare notes whether c's live result prints as its stored one.
func (f *deepFig) compare(c *deepCell) {
	c.mismatch = c.stored != nil && c.err == "" && !deep.SamePrinted(c.stored, &c.res, f.plan.Train, f.plan.Draws)
}

// deepStored is the stored default sweep, read once.
var deepStored []deep.Result

// deepStoredKeys are the fields of a stored line the figure reads: its
// numbers, then its lists.
var deepStoredKeys = [...]string{"epochs", "train_error", "train_loss", "test_error", "test_loss",
	"sigma", "noisy_train_error", "noisy_train_error_se", "delta_e", "misclassified"}

// readStored reads the stored sweep's JSON lines with the browser's
// JSON.parse, as the workers' replies (the module carries no
// encoding/json); false if a line is damaged.
func readStored() (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	parse := js.Global().Get("JSON").Get("parse")
	for _, line := range strings.Split(strings.TrimSpace(deep.StoredSweepJSON()), "\n") {
		d := parse.Invoke(line)
		var v [len(deepStoredKeys)][]float64
		for i, key := range deepStoredKeys {
			v[i] = jsNumbers(d.Get(key))
			if i < 5 {
				v[i] = []float64{jsNumber(d.Get(key))}
			}
			for _, x := range v[i] {
				if bad(x) {
					return false
				}
			}
		}
		if len(v[5]) == 0 || len(v[6]) != len(v[5]) || len(v[7]) != len(v[5]) || len(v[8]) != len(v[5]) {
			return false
		}
		r := deep.Result{Epochs: int(v[0][0]), Interpolated: d.Get("interpolated").Truthy(), Done: true,
			Train:  deep.Eval{Errors: int(math.Round(v[1][0] * deep.StoredTrain)), Error: v[1][0], Loss: v[2][0]},
			Test:   deep.Eval{Errors: int(math.Round(v[3][0] * deep.StoredTest)), Error: v[3][0], Loss: v[4][0]},
			Sigmas: v[5], NoisyError: v[6], NoisyErrorSE: v[7], DeltaE: v[8]}
		for _, x := range v[9] {
			r.Misclassified = append(r.Misclassified, min(max(int(x), 0), deep.StoredTest-1))
		}
		deepStored = append(deepStored, r)
	}
	return true
}

// deepAlgoNames are the algorithms' names on the canvas.
var deepAlgoNames = map[string]string{"sgd": "SGD", "rsgd": "replicated SGD"}

// deepSigmaQuoted is the noise level the text summary quotes (the plan's nearest).
const deepSigmaQuoted = 0.2

// Subset streams of the shipped digits when fewer are asked for (those of
// the asset recipe: training 11, test 12).
const (
	deepStreamTrain = 11
	deepStreamTest  = 12
	deepKeepWrong   = 16 // misclassified test digits kept per network
)

func init() {
	registerFigure("deep", func(_ editFunc) figure { return &deepFig{} })
}

func (f *deepFig) Apply(s state.Settings) {
	f.s = s
	plan := state.DeepPlanOf(s)
	key := plan.Command()
	if key == f.key && f.cells != nil {
		return
	}
	f.close()
	f.plan, f.key = plan, key
	f.cmds = []string{key}
	f.cells = nil
	for _, w := range plan.Widths {
		for _, a := range state.DeepAlgos {
			f.cells = append(f.cells, &deepCell{algo: a, width: w})
		}
	}
	f.started, f.first, f.whole, f.noDigits = time.Now(), 0, 0, ""
	f.stripOf = ""
	f.attachStored()
	f.pooled = poolSize() > 0
	if f.pooled {
		poolWarm() // the workers start while the digits load
	}
	askDigits()
}

// attachStored gives each cell its stored result when the sweep is the
// stored one exactly (the default, on the site's digits).
func (f *deepFig) attachStored() {
	f.storedBad = false
	if !f.plan.MatchesCommand || f.key != deep.StoredSweepCommand {
		return
	}
	if deepStored == nil {
		f.storedBad = !readStored()
	}
	if len(deepStored) != len(f.cells) {
		f.storedBad = true
		return
	}
	// the command's order: each algorithm over the widths
	for i, c := range f.cells {
		c.stored = &deepStored[i%2*len(f.plan.Widths)+i/2]
	}
}

// dropStored forgets the stored results (the sweep is not the stored one).
func (f *deepFig) dropStored() {
	for _, c := range f.cells {
		c.stored, c.mismatch = nil, false
	}
	f.stripOf = ""
}

// close abandons unfinished runs.
func (f *deepFig) close() {
	for _, c := range f.cells {
		if c.run != nil {
			c.run.Close()
			c.run = nil
		}
		if c.job != 0 && !c.done {
			poolCancel(c.job)
		}
	}
}

func (f *deepFig) Update(*input, state.Rect) {}

// prepareData decodes the digits and takes the plan's subsets; false while
// they are not there.
func (f *deepFig) prepareData() bool {
	ready, err := digitsReadyNow()
	if err != nil {
		if n := f.storedCount(); n > 0 && n == len(f.cells) {
			// the stored default sweep needs no digits to be drawn; only its live
			// check and the strip of misclassified digits do
			f.noDigits = err.Error()
			return false
		}
		f.dataErr = err.Error()
		return false
	}
	if !ready {
		return false
	}
	// A single file may hold fewer digits than asked for: the sweep uses what it has and says so.
	if n, m := digits.train.Len(), digits.test.Len(); f.plan.Train > n || f.plan.Test > m {
		f.plan.Train, f.plan.Test = min(f.plan.Train, n), min(f.plan.Test, m)
		f.plan.Notes = append(f.plan.Notes, fmt.Sprintf("this file holds %d training and %d test digits (the site has 4,000 and 1,000)", n, m))
		f.plan.MatchesCommand = false
		f.cmds = []string{f.plan.Command()}
		f.dropStored()
	}
	key := [2]int{f.plan.Train, f.plan.Test}
	if f.train != nil && f.dataKey == key {
		return true
	}
	// the same subsets as the workers' (workjob.PrepareDeep)
	sub, err := workjob.PrepareDeep(digits.train, digits.test, f.plan.Train, f.plan.Test, deepStreamTrain, deepStreamTest)
	if err != nil {
		f.dataErr = "the digits could not be prepared: " + err.Error()
		return false
	}
	f.train, f.test, f.testD, f.dataKey, f.dataErr = sub.Train, sub.TestSet, sub.Test, key, ""
	return true
}

// config is the training configuration of one cell: the command line's.
func (f *deepFig) config(c *deepCell) deep.Config {
	cfg := deep.DefaultConfig()
	cfg.Algo, cfg.Seed, cfg.MaxEpochs, cfg.Replicas = c.algo, f.plan.Seed, f.plan.Epochs, f.plan.Replicas
	cfg.Hidden = nil
	for range f.plan.Layers {
		cfg.Hidden = append(cfg.Hidden, c.width)
	}
	return cfg
}

// current is the first unfinished cell, or nil.
func (f *deepFig) current() *deepCell {
	for _, c := range f.cells {
		if !c.done {
			return c
		}
	}
	return nil
}

// Step trains and measures the networks in order within the budget.
func (f *deepFig) Step(b time.Duration) {
	if f.current() == nil || !f.prepareData() {
		return
	}
	if f.pooled {
		f.stepPool()
		return
	}
	end := time.Now().Add(b)
	for {
		c := f.current()
		left := time.Until(end)
		if c == nil || left <= 0 {
			return
		}
		if c.run == nil {
			m := deep.Measure{Sigmas: f.plan.Sigmas, Draws: f.plan.Draws, MaxMisclassified: deepKeepWrong}
			r, err := deep.NewRun(f.config(c), m, f.train, f.testD)
			if err != nil {
				c.done, c.err = true, err.Error()
				continue
			}
			c.run = r
		}
		start := time.Now()
		done, err := c.run.Step(left)
		c.seconds += time.Since(start).Seconds()
		if !done {
			return
		}
		c.res, c.done = c.run.Result(), true
		if err != nil {
			c.err = err.Error()
		}
		f.compare(c)
		c.run.Close()
		c.run = nil
		f.finished()
	}
}

// finished notes the times of the first network and of the whole sweep.
func (f *deepFig) finished() {
	now := time.Since(f.started).Seconds()
	if f.first == 0 {
		f.first = now
	}
	if f.current() == nil {
		f.whole = now
	}
}

// stepPool submits every network to the worker pool and takes the replies
// that arrived. The pool runs its queue in order: the smallest network
// first (the first result shows soon), then the widest first, so that with
// several workers the long runs start early and the short ones fill in.
func (f *deepFig) stepPool() {
	pollPool()
	order := append([]*deepCell(nil), f.cells...)
	if len(order) > 1 {
		slices.Reverse(order[1:])
	}
	for _, c := range order {
		if !f.pooled {
			return // the pool failed: the page trains the rest
		}
		if c.done || c.job != 0 {
			continue
		}
		job := workjob.Job{Kind: workjob.KindDeepRun, Deep: &workjob.DeepRunJob{Width: c.width, Layers: f.plan.Layers,
			Algo: c.algo, Seed: f.plan.Seed, Epochs: f.plan.Epochs, Replicas: f.plan.Replicas, Train: f.plan.Train,
			Test: f.plan.Test, TrainStream: deepStreamTrain, TestStream: deepStreamTest, Sigmas: f.plan.Sigmas,
			Draws: f.plan.Draws, KeepWrong: deepKeepWrong}}
		id, err := poolSubmit(job, func(r workjob.Reply) { f.receive(c, r) })
		if err != nil {
			f.unpool()
			return
		}
		c.job = id
	}
}

func (f *deepFig) receive(c *deepCell, r workjob.Reply) {
	switch r.Type {
	case workjob.ReplyProgress:
		c.share = r.Progress
	case workjob.ReplyResult:
		if r.Deep == nil {
			c.done, c.err = true, "the worker sent no network"
			return
		}
		c.res, c.err, c.seconds, c.done = r.Deep.Result(), r.Deep.Err, r.Deep.Seconds, true
		f.compare(c)
		f.finished()
	case workjob.ReplyUnavailable:
		f.unpool()
	default:
		c.done, c.err = true, r.Error
	}
}

// unpool leaves the pool: the networks not measured yet train on the page.
func (f *deepFig) unpool() {
	f.pooled = false
	for _, c := range f.cells {
		if !c.done && c.job != 0 {
			poolCancel(c.job)
		}
		if !c.done {
			c.job, c.share = 0, 0
		}
	}
}

// running are the pooled networks in training, with their progress.
func (f *deepFig) running() []*deepCell {
	var out []*deepCell
	for _, c := range f.cells {
		if f.pooled && !c.done && c.share > 0 {
			out = append(out, c)
		}
	}
	return out
}

func (f *deepFig) doneCount() int {
	n := 0
	for _, c := range f.cells {
		if c.done {
			n++
		}
	}
	return n
}

// storedCount is the number of cells drawn from their stored results.
func (f *deepFig) storedCount() int {
	n := 0
	for _, c := range f.cells {
		if c.fromStore() {
			n++
		}
	}
	return n
}

// mismatch says which live results differ from their stored ones (or
// that the stored ones could not be read); "" when none.
func (f *deepFig) mismatch() string {
	out := ""
	for _, c := range f.cells {
		if c.mismatch {
			out += fmt.Sprintf(", %s %d", deepAlgoNames[c.algo], c.width)
		}
	}
	if out != "" {
		return "live results differ from the stored ones (live drawn):" + out[1:]
	}
	if f.storedBad {
		return "the stored results could not be read"
	}
	return ""
}

func (f *deepFig) progress() float64 {
	if len(f.cells) == 0 || f.noDigits != "" {
		return 1 // nothing (more) will be computed
	}
	p := float64(f.doneCount())
	if c := f.current(); c != nil && c.run != nil {
		p += c.run.Progress()
	}
	for _, c := range f.running() {
		p += c.share
	}
	return p / float64(len(f.cells))
}

func (f *deepFig) err() string {
	if f.dataErr != "" {
		return "The digits could not be loaded: " + f.dataErr
	}
	for _, c := range f.cells {
		if c.err != "" {
			return fmt.Sprintf("%s, width %d: %s", deepAlgoNames[c.algo], c.width, c.err)
		}
	}
	return ""
}

func (f *deepFig) busy() bool { return f.dataErr == "" && f.noDigits == "" && f.current() != nil }

// Status publishes the measured networks (window.flatland.deepPoints).
func (f *deepFig) Status() figureStatus {
	var pts []any
	for _, c := range f.cells {
		if !c.done || c.err != "" {
			continue
		}
		r := c.res
		pts = append(pts, map[string]any{"algo": c.algo, "width": c.width, "epochs": r.Epochs, "interpolated": r.Interpolated,
			"train_error": r.Train.Error, "test_error": r.Test.Error, "train_loss": r.Train.Loss, "test_loss": r.Test.Loss,
			"sigma": jsFloats(r.Sigmas), "delta_e": jsFloats(r.DeltaE), "delta_e_se": jsFloats(r.NoisyErrorSE), "seconds": c.seconds})
	}
	digitsWord := map[digitsState]string{digitsNotAsked: "not asked", digitsLoading: "loading", digitsArrived: "loading", digitsReady: "ready", digitsFailed: "failed"}[digits.state]
	// deepDone, deepPoints and the times are the live sweep's; deepStored
	// counts the networks drawn from stored results now.
	m := map[string]any{"deepPoints": pts, "deepDone": f.doneCount(), "deepTotal": len(f.cells), "digits": digitsWord,
		"deepFirstSeconds": f.first, "deepSweepSeconds": f.whole, "workers": 0, "poolResults": poolResults(),
		"deepStored": f.storedCount(), "deepMismatch": f.mismatch()}
	if f.pooled {
		m["workers"] = poolSize()
	}
	ready := f.dataErr != "" || f.doneCount()+f.storedCount() > 0
	return figureStatus{Progress: f.progress(), Busy: f.busy(), Ready: ready, Err: f.err(), Extra: m, Commands: f.cmds}
}

// Layout of the deep figure (logical px).
const (
	deepHeadHeight  = 46
	deepStripHeight = 62
	deepTitleY      = 15
	deepStatusY     = 35
	deepDigitPx     = 28 // a 14x14 digit drawn at twice its size
	deepDigitGap    = 6
	deepErrBar      = 1.2
	deepMarker      = 3.5
	deepDash        = 6
)

func (f *deepFig) Draw(dst *ebiten.Image, area state.Rect, pt pointer) {
	head, body := area.SplitTop(deepHeadHeight)
	body, strip := body.SplitTop(body.H - deepStripHeight)
	f.drawHead(dst, head)
	left, right := body.SplitLeft(body.W * 0.5)
	le := f.energyPlot(left)
	le.drawFrame(dst)
	f.drawEnergy(dst, &le)
	er := f.errorPlot(right)
	er.drawFrame(dst)
	f.drawErrors(dst, &er)
	f.drawStrip(dst, strip)
	if e := f.err(); e != "" {
		in := le.inner
		drawWrapped(dst, e, in.X+noteMargin, in.Y+in.H/3, body.W-2*noteMargin-in.X+body.X, 12.5, colError, 6)
	} else if f.doneCount()+f.storedCount() == 0 {
		word := "training the first network…"
		if digits.state < digitsReady {
			word = "loading the digits…"
		}
		message(dst, le.inner, word)
	}
	_ = pt
}

// drawHead: the title, what runs, the overall progress bar.
func (f *deepFig) drawHead(dst *ebiten.Image, head state.Rect) {
	layers := "one hidden layer"
	if f.plan.Layers == 2 {
		layers = "two hidden layers"
	}
	title := fmt.Sprintf("Flatness vs width: ReLU networks (%s) on %d MNIST digits (14×14), SGD vs replicated SGD", layers, f.plan.Train)
	room := head.W - 8
	if f.busy() {
		room -= progressWidth + progressGap + 10
	}
	if textWidth(title, titleSize) > room {
		title = fmt.Sprintf("Flatness vs width · %d digits · SGD vs rSGD", f.plan.Train)
	}
	drawText(dst, clipText(title, room, titleSize), head.X+4, head.Y+deepTitleY, titleSize, colText, alignLeft)
	status := ""
	switch c := f.current(); {
	case f.dataErr != "":
		status = "no digits, no networks"
	case f.noDigits != "":
		status = "no digits in this file: the networks are the stored run (not retrained here)"
	case digits.state < digitsReady:
		status = "loading the digits (4,000 training and 1,000 test images)…"
	case c != nil && f.pooled:
		status = fmt.Sprintf("%d of %d networks measured · %d workers", f.doneCount(), len(f.cells), poolSize())
		for _, r := range f.running() {
			status += fmt.Sprintf(" · %s %d: %.0f%%", deepAlgoNames[r.algo], r.width, 100*r.share)
		}
	case c != nil:
		status = fmt.Sprintf("network %d of %d: %s, width %d", f.doneCount()+1, len(f.cells), deepAlgoNames[c.algo], c.width)
		if c.run != nil {
			if r := c.run.Result(); r.Epochs > 0 {
				status += " · measuring test error and local energy"
			} else {
				status += fmt.Sprintf(" · training (at most %d epochs)", f.plan.Epochs)
			}
		}
	default:
		status = fmt.Sprintf("%d networks in %.0f s · local energy: mean ± s.e. over %d noise draws · %d test images", len(f.cells), f.whole, f.plan.Draws, f.plan.Test)
	}
	if f.storedCount() > 0 {
		status = "open marks: precomputed, replaced as the live ones arrive · " + status
	}
	if len(f.plan.Notes) > 0 {
		status = strings.Join(f.plan.Notes, "; ") + " · " + status
	}
	statusColor := colMuted
	if mm := f.mismatch(); mm != "" { // never hidden
		status, statusColor = mm, colError
	}
	drawText(dst, clipText(status, head.W-8, 11.5), head.X+4, head.Y+deepStatusY, 11.5, statusColor, alignLeft)
	if f.busy() {
		bar := state.Rect{X: head.X + head.W - progressRight, Y: head.Y + progressTop - 4, W: progressWidth, H: progressHeight}
		progressBar(dst, bar, f.progress(), fmt.Sprintf("%d/%d", f.doneCount(), len(f.cells)))
	}
}

// widthColor is the colour of the i-th width of the plan.
func widthColor(i int) color.NRGBA { return pal(i) }

func (f *deepFig) widthIndex(w int) int {
	for i, x := range f.plan.Widths {
		if x == w {
			return i
		}
	}
	return 0
}

// energyPlot lays out the local energy panel.
func (f *deepFig) energyPlot(r state.Rect) plot {
	smax := 0.0
	for _, s := range f.plan.Sigmas {
		smax = math.Max(smax, s)
	}
	ylo, yhi := 0.0, 0.02
	for _, c := range f.cells {
		r := c.view()
		if r == nil {
			continue
		}
		for i, d := range r.DeltaE {
			if bad(d) {
				continue
			}
			se := 0.0
			if i < len(r.NoisyErrorSE) && !bad(r.NoisyErrorSE[i]) {
				se = r.NoisyErrorSE[i]
			}
			yhi, ylo = math.Max(yhi, d+se), math.Min(ylo, d-se)
		}
	}
	pl := plot{title: "Local energy δE_{train}(σ) per width",
		xlabel: "σ   (relative weight noise: w → w (1 + σ z))",
		ylabel: "δE_{train}   (rise of the training error)",
		xlo:    0, xhi: math.Max(0.05, smax*1.05), ylo: ylo, yhi: yhi * 1.1}
	pl.place(r.Inset(0, 0, 6, 0))
	return pl
}

// drawEnergy: one curve per network (colour = width, dashed = rSGD), with
// standard-error bars; filled markers measured in this page, open ones
// stored.
func (f *deepFig) drawEnergy(dst *ebiten.Image, pl *plot) {
	for _, c := range f.cells {
		r := c.view()
		if r == nil {
			continue
		}
		col := widthColor(f.widthIndex(c.width))
		dash := 0.0
		if c.algo != state.DeepAlgos[0] {
			dash = deepDash
		}
		for i, s := range r.Sigmas {
			if i < len(r.NoisyErrorSE) && i < len(r.DeltaE) {
				x := pl.X.Px(s)
				lo, hi := r.DeltaE[i]-r.NoisyErrorSE[i], r.DeltaE[i]+r.NoisyErrorSE[i]
				if !bad(lo) && !bad(hi) {
					line(dst, x, pl.Y.Px(math.Max(pl.ylo, lo)), x, pl.Y.Px(math.Min(pl.yhi, hi)), deepErrBar, col)
				}
			}
		}
		pl.curve(dst, r.Sigmas, r.DeltaE, 2, col, dash)
		deepMarkers(dst, pl, r.Sigmas, r.DeltaE, 2.5, col, c.fromStore())
	}
	var leg []legendEntry
	for i, w := range f.plan.Widths {
		leg = append(leg, legendEntry{label: fmt.Sprintf("width %d", w), short: fmt.Sprintf("w %d", w), c: widthColor(i)})
	}
	leg = append(leg, legendEntry{label: "SGD", c: colText}, legendEntry{label: "replicated SGD", short: "rSGD", c: colText, dash: deepDash})
	if f.storedCount() > 0 {
		leg = append(leg, legendEntry{label: fmt.Sprintf("filled: live %d/%d; open: precomputed", f.doneCount(), len(f.cells)), c: colText, marker: true})
	}
	pl.legend(dst, leg, 0)
}

// deepMarkers draws filled markers, or open ones for stored results (as
// the diagram's precomputed thresholds).
func deepMarkers(dst *ebiten.Image, pl *plot, xs, ys []float64, r float64, c color.Color, open bool) {
	pl.markers(dst, xs, ys, r, c)
	if open {
		pl.markers(dst, xs, ys, r-1.3, colSurface)
	}
}

// errorPlot lays out the error panel: errors against width (log).
func (f *deepFig) errorPlot(r state.Rect) plot {
	wlo, whi := 1.0, 2.0
	if n := len(f.plan.Widths); n > 0 {
		wlo, whi = float64(f.plan.Widths[0])/1.5, float64(f.plan.Widths[n-1])*1.5
	}
	yhi := 0.1
	for _, c := range f.cells {
		if r := c.view(); r != nil {
			yhi = math.Max(yhi, math.Max(r.Test.Error, r.Train.Error))
		}
	}
	pl := plot{title: "Test and training error vs width",
		xlabel: "hidden units per layer (log scale)",
		ylabel: "error rate",
		xlo:    wlo, xhi: whi, xlog: true, ylo: 0, yhi: math.Min(1, yhi*1.15)}
	pl.place(r.Inset(6, 0, 0, 0))
	return pl
}

// errorSeries are an algorithm's drawn widths and errors.
func (f *deepFig) errorSeries(algo string) (ws, test, train []float64) {
	for _, c := range f.cells {
		if r := c.view(); r != nil && c.algo == algo {
			ws = append(ws, float64(c.width))
			test = append(test, r.Test.Error)
			train = append(train, r.Train.Error)
		}
	}
	return ws, test, train
}

// algoColor: SGD and rSGD as in the other figures (sharp, flat).
func algoColor(algo string) color.NRGBA {
	if algo == state.DeepAlgos[0] {
		return pal(4)
	}
	return pal(2)
}

// drawErrors: test error (thick) and training error (thin) per algorithm,
// the interpolation point of each marked.
func (f *deepFig) drawErrors(dst *ebiten.Image, pl *plot) {
	points := f.points()
	for k, algo := range state.DeepAlgos {
		col := algoColor(algo)
		dash := 0.0
		if k > 0 {
			dash = deepDash
		}
		ws, test, train := f.errorSeries(algo)
		pl.curve(dst, ws, train, 1.2, withAlpha(col, 150), dash)
		pl.curve(dst, ws, test, 2.5, col, dash)
		for _, c := range f.cells {
			if r := c.view(); r != nil && c.algo == algo {
				x := []float64{float64(c.width)}
				deepMarkers(dst, pl, x, []float64{r.Train.Error}, 2, withAlpha(col, 150), c.fromStore())
				deepMarkers(dst, pl, x, []float64{r.Test.Error}, deepMarker, col, c.fromStore())
			}
		}
		if w := state.InterpolationWidth(points, algo); w > 0 && pl.X.Contains(float64(w)) {
			x := pl.X.Px(float64(w))
			crispLine(dst, x, pl.inner.Y, x, pl.inner.Y+pl.inner.H, 1, withAlpha(col, 170))
			// the label right of the line, or left of it (pointing at it) when
			// the plot's edge would clip it
			label, lx, align := "zero training error →", x+4, alignLeft
			if lx+textWidth(label, 10.5) > pl.inner.X+pl.inner.W {
				lx, align = x-4, alignRight
			}
			drawText(dst, label, lx, pl.inner.Y+pl.inner.H-12-14*float64(k), 10.5, col, align)
		}
	}
	pl.legend(dst, []legendEntry{
		{label: "SGD test error", c: algoColor("sgd")},
		{label: "replicated SGD test error", short: "rSGD test error", c: algoColor("rsgd"), dash: deepDash},
		{label: "thin: training error · line: first width at zero training error", short: "thin: training error", c: colMuted},
	}, 1)
}

// points are the measured networks for state's summaries.
func (f *deepFig) points() []state.DeepPoint {
	var out []state.DeepPoint
	for _, c := range f.cells {
		r := c.view()
		p := state.DeepPoint{Algo: c.algo, Width: c.width, Done: r != nil}
		if p.Done {
			p.Interpolated, p.TrainError, p.TestError, p.DeltaE = r.Interpolated, r.Train.Error, r.Test.Error, r.DeltaE
		}
		out = append(out, p)
	}
	return out
}

// stripNetwork is the widest drawn network (SGD preferred at equal width).
func (f *deepFig) stripNetwork() *deepCell {
	var best *deepCell
	for _, c := range f.cells {
		if c.view() != nil && (best == nil || c.width > best.width) {
			best = c
		}
	}
	return best
}

// drawStrip draws the misclassified test digits of the widest measured network.
func (f *deepFig) drawStrip(dst *ebiten.Image, r state.Rect) {
	c := f.stripNetwork()
	x := r.X + 4
	if f.noDigits != "" {
		drawText(dst, clipText("The misclassified test digits need the digit images: "+f.noDigits, r.W-8, 11.5), x, r.Y+14, 11.5, colMuted, alignLeft)
		return
	}
	if c == nil || f.testD == nil {
		drawText(dst, "misclassified test digits appear here once a network is measured", x, r.Y+14, 11.5, colMuted, alignLeft)
		return
	}
	res := c.view()
	wrong := res.Misclassified
	source := ""
	if c.fromStore() {
		source = " (stored)"
	}
	drawText(dst, clipText(fmt.Sprintf("Misclassified test digits of %s, width %d%s (true label below each; %d of %d test images wrong):",
		deepAlgoNames[c.algo], c.width, source, res.Test.Errors, f.test.Len()), r.W-8, 11.5), x, r.Y+10, 11.5, colText, alignLeft)
	n := len(wrong)
	fit := int((r.W - 8 + deepDigitGap) / (deepDigitPx + deepDigitGap))
	n = min(n, fit)
	if n <= 0 {
		return
	}
	side := f.test.Rows
	key := fmt.Sprintf("%s/%d/%d/%v/%v", c.algo, c.width, n, colText, wrong[:n])
	if key != f.stripOf || f.strip == nil {
		w := n * (side + 1)
		pix := make([]byte, 4*w*side)
		bg, ink := colSurface, colText
		levels := float64(f.test.Levels - 1)
		for k := 0; k < n; k++ {
			img := f.test.Image(wrong[k])
			for y := 0; y < side; y++ {
				for xx := 0; xx <= side; xx++ {
					t := 0.0
					if xx < side {
						t = float64(img[y*side+xx]) / levels
					}
					o := 4 * (y*w + k*(side+1) + xx)
					pix[o] = uint8(float64(bg.R)*(1-t) + float64(ink.R)*t)
					pix[o+1] = uint8(float64(bg.G)*(1-t) + float64(ink.G)*t)
					pix[o+2] = uint8(float64(bg.B)*(1-t) + float64(ink.B)*t)
					pix[o+3] = 255
				}
			}
		}
		if f.strip != nil {
			f.strip.Deallocate()
		}
		f.strip = ebiten.NewImage(w, side)
		f.strip.WritePixels(pix)
		f.stripOf = key
	}
	for k := 0; k < n; k++ {
		cell := state.Rect{X: x + float64(k)*(deepDigitPx+deepDigitGap), Y: r.Y + 18, W: deepDigitPx, H: deepDigitPx}
		sub := f.strip.SubImage(image.Rect(k*(side+1), 0, k*(side+1)+side, side)).(*ebiten.Image)
		drawImageIn(dst, sub, cell)
		strokeRect(dst, cell, 1, colPanelLn)
		drawText(dst, fmt.Sprint(f.test.Labels[wrong[k]]), cell.X+cell.W/2, cell.Y+cell.H+9, 10.5, colMuted, alignCenter)
	}
}

// exportPanels: the local energy of each network and the errors against width.
func (f *deepFig) exportPanels() []state.ExportPanel {
	le := f.energyPlot(state.Rect{W: 500, H: 500})
	var les []state.ExportSeries
	for _, c := range f.cells {
		r := c.view()
		if r == nil {
			continue
		}
		les = append(les, state.ExportSeries{Name: fmt.Sprintf("%s width %d", deepAlgoNames[c.algo], c.width), X: r.Sigmas, Y: r.DeltaE,
			Color: rgbOf(widthColor(f.widthIndex(c.width))), Dashed: c.algo != state.DeepAlgos[0], Markers: true,
			Columns: []state.ExportColumn{{Name: "se", Values: r.NoisyErrorSE}}})
	}
	er := f.errorPlot(state.Rect{W: 500, H: 500})
	var ers []state.ExportSeries
	for k, algo := range state.DeepAlgos {
		ws, test, train := f.errorSeries(algo)
		ers = append(ers,
			state.ExportSeries{Name: deepAlgoNames[algo] + " test error", X: ws, Y: test, Color: rgbOf(algoColor(algo)), Dashed: k > 0, Markers: true},
			state.ExportSeries{Name: deepAlgoNames[algo] + " training error", X: ws, Y: train, Color: rgbOf(withAlpha(algoColor(algo), 150)), Dashed: k > 0})
	}
	return []state.ExportPanel{panelOf(&le, les...), panelOf(&er, ers...)}
}

// summary: test error and local energy against width, the interpolation
// width and the comparison of the two algorithms.
func (f *deepFig) summary() string {
	at := 0
	for i, s := range f.plan.Sigmas {
		if math.Abs(s-deepSigmaQuoted) < math.Abs(f.plan.Sigmas[at]-deepSigmaQuoted) {
			at = i
		}
	}
	d := state.DeepSummary{Points: f.points(), Total: len(f.cells), Stored: f.storedCount(), SigmaAt: at, Err: f.err(), Algorithm: deepAlgoNames}
	if len(f.plan.Sigmas) > 0 {
		d.Sigma = f.plan.Sigmas[at]
	}
	if f.dataErr != "" {
		d.DataWoes = f.err()
	} else if f.busy() {
		d.Stage = "Still computing."
	}
	if f.storedCount() > 0 {
		d.Stage = "Networks not measured live yet are shown from stored results (the same sweep precomputed by the same code). " + d.Stage
	}
	if mm := f.mismatch(); mm != "" {
		d.Stage += " The " + mm + "."
	}
	if f.noDigits != "" {
		d.Stage = "Every network is shown from the stored run (the same sweep precomputed by the same code); it is not retrained here: " + f.noDigits + "."
	}
	if len(f.plan.Notes) > 0 {
		d.Stage = strings.TrimSpace(d.Stage + " " + strings.Join(f.plan.Notes, "; ") + ".")
	}
	return d.Text()
}
