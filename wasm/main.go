//go:build js && wasm

package main

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"time"

	"flatland/wasm/state"

	"github.com/hajimehoshi/ebiten/v2"
)

// figure is one of the five views. Each keeps its own small state and
// computations (sim/ steppers) and is driven by the game: Apply on every
// settings change, then each frame Update (input) and Step (computation) from
// Ebiten's Update, and Draw, which changes nothing, from Ebiten's Draw.
type figure interface {
	// Apply is called once at start and whenever a setting changes.
	Apply(s state.Settings)
	// Update handles this frame's input; area is the rectangle Draw gets,
	// so hit tests use the drawn layout.
	Update(in *input, area state.Rect)
	// Step advances the figure's computations for at most budget.
	Step(budget time.Duration)
	// Draw draws the figure into area; pt is the pointer, for read-outs.
	Draw(dst *ebiten.Image, area state.Rect, pt pointer)
	// Status reports progress, errors and buttons (read after Update and Step).
	Status() figureStatus
}

// figureStatus is what the game needs from a figure besides drawing.
type figureStatus struct {
	Progress float64 // 0..1 for the running computation (1 when idle)
	Busy     bool    // a computation is running
	Ready    bool    // real computed data exists to draw
	Err      string  // a computation error to show ("" when fine)
	// Animating: the figure changes every frame (e.g. training plays), so
	// computation must share frames carefully (see pacer).
	Animating bool
	Buttons   []*control     // figure-specific action buttons
	Extra     map[string]any // published on window.flatland as well
	// Commands are the `flatland` command lines that reproduce the figure's
	// numbers (see commands.go).
	Commands []string
}

// Game is the Ebiten game: settings, one figure, controls and the bridge.
type Game struct {
	settings       state.Settings
	msgs           []string // parameter problems, shown until the user changes something
	fig            figure
	ui             ui
	paused         bool
	frames         int
	w, h           float64 // logical size
	lastURL        time.Time
	urlDirty       bool
	in             *input
	pacer          pacer
	idle           idlePacer     // the budget when nothing moves (slow machines get more)
	budget         time.Duration // compute budget of the last frame
	budgetShared   bool          // it was cut to pooledPageBudget (the workers kept every processor busy)
	lastInput      time.Time
	lastMX, lastMY float64
	cs             []*control
	status         figureStatus  // read at the end of the last Update
	askedHeight    int           // the height last asked of the host page (auto-height embedding)
	figDrawn       bool          // the figure has been drawn at least once
	stepTime       time.Duration // time spent in the last Step
	stepMax        time.Duration
	lastDraw       time.Time
	fpsEMA         float64
	mem            runtime.MemStats // last read (publishMemory)
	memFrame       int
	note           commandNote // the copied command, shown for a while
	pageTheme      string      // the theme the page behind the canvas was given
	textBoxes      string      // the text drawn in a recent frame (see endBoxes)
	boxesAt        time.Time   // when textBoxes was written
	publishedAt    time.Time   // when window.flatland was last written
	redraw         state.Redraw
	redrawNow      bool      // this frame draws anew (decided in Update)
	drawnFrames    int       // frames drawn anew (frames counts every frame)
	drawStart      time.Time // the start of the last drawn frame (zero once its cost is taken)
	generation     int       // bumped on every change of settings (redraws at once)
	// cached JS params map, rebuilt on change
	paramsMap map[string]any
}

// Computation time per frame: 6 ms while the user interacts (keeps 60 fps
// with room for drawing); when nobody has touched the page for 1 s and
// nothing animates, state.IdleComputeBudget (25 ms, two 60 Hz intervals a
// frame, more on a machine whose frames are slow).
const frameBudget = 6 * time.Millisecond

// pooledPageBudget is the page's compute budget per frame while the worker
// pool keeps every processor busy (poolSaturated): the figure's work on the
// page (e.g. the diagram's simulation column) would take a core from the
// workers, whose results the figure waits for (on a busy 2-core machine,
// the relu diagram's 24 live points in 2 workers took 6.8 s beside the
// default simulation column at the idle budget, 3.6 s with this one; best
// of 6 each).
const pooledPageBudget = time.Millisecond

// editFunc applies a user's change to the settings (a control, a pick).
type editFunc func(change func(s *state.Settings))

// figureMakers holds each figure's constructor, registered by its own file
// (fig_NAME.go); state.Catalog lists the figures and says what they are.
var figureMakers = map[string]func(edit editFunc) figure{}

func registerFigure(name string, make func(edit editFunc) figure) { figureMakers[name] = make }

// newFigure builds the named figure; a catalog name without a constructor
// (a figure half added) falls back to the first figure, with a message.
func newFigure(name string, edit editFunc) (figure, string) {
	if make, ok := figureMakers[name]; ok {
		return make(edit), ""
	}
	first := state.Catalog[0].Name
	return figureMakers[first](edit), "the figure " + name + " is listed but not built into this program; showing " + first
}

// edit changes the settings from a user action; nothing happens unless a
// value actually changed.
func (g *Game) edit(change func(s *state.Settings)) {
	next := g.settings
	change(&next)
	if next == g.settings {
		return
	}
	g.settings = next
	g.msgs = nil
	g.changed(true)
}

func (g *Game) changed(user bool) {
	g.fig.Apply(g.settings)
	g.generation++
	g.urlDirty = true
	g.paramsMap = nil
	if user {
		postState(g.settings.Figure, g.settings.Map())
	}
}

// Layout of the page around the figure (logical px).
const (
	maxBannerLines   = 5 // problem lines shown above the figure; the last may count the rest
	bannerLineHeight = 18
	bannerPadding    = 10
	figureInset      = 6 // figure margin left, top and right
	figureInsetBelow = 4
	menuBarHeight    = 34 // the row with the settings button on a narrow canvas
)

// helpLabel is the "? help" label in the panel header (it toggles the help).
func helpLabel(panel state.Rect) state.Rect {
	return state.Rect{X: panel.X + panel.W - 70, Y: panel.Y + 4, W: 66, H: 28}
}

// pageLayout is where the page's parts go this frame.
type pageLayout struct {
	panel  state.Rect // controls column or open menu (zero when hidden)
	menu   state.Rect // the settings button of a narrow canvas (zero when wide)
	folded bool       // the controls are a menu over the figure, not a column
	banner state.Rect // problems with the parameters (zero when none)
	main   state.Rect // everything right of the panel and below the banner
	figure state.Rect // main less the figure's margin
}

// bannerLines are the problem lines shown: every message, but past
// maxBannerLines the last line says how many more there are.
func (g *Game) bannerLines() []string {
	lines := g.msgs
	if len(lines) > maxBannerLines {
		lines = append(append([]string(nil), lines[:maxBannerLines-1]...), fmt.Sprintf("... and %d more problems with the parameters", len(g.msgs)-(maxBannerLines-1)))
	}
	return lines
}

// layout splits the canvas; Update and Draw both use it, so clicks land on
// what is drawn. A narrow canvas gives the figure the full width and folds
// the controls into a menu that opens over the figure.
func (g *Game) layout() pageLayout {
	var l pageLayout
	l.main = state.Rect{W: g.w, H: g.h}
	switch {
	case g.settings.Controls && state.ControlsFolded(g.w):
		l.folded = true
		var bar state.Rect
		bar, l.main = l.main.SplitTop(menuBarHeight)
		l.menu = bar.Inset(figureInset, 4, 0, 4)
		l.menu.W = math.Min(l.menu.W, menuButtonWidth)
		if g.ui.menuOpen {
			_, below := state.Rect{W: g.w, H: g.h}.SplitTop(menuBarHeight)
			l.panel, _ = below.SplitLeft(state.MenuWidth(g.w))
		}
	case g.settings.Controls:
		l.panel, l.main = l.main.SplitLeft(state.PanelWidth(g.w))
	}
	if n := len(g.bannerLines()); n > 0 {
		l.banner, l.main = l.main.SplitTop(bannerPadding + bannerLineHeight*float64(n))
	}
	l.figure = l.main.Inset(figureInset, figureInset, figureInset, figureInsetBelow)
	return l
}

func (g *Game) Update() error {
	if !g.drawStart.IsZero() {
		g.redraw.Cost(time.Since(g.drawStart))
		g.drawStart = time.Time{}
	}
	defer func() {
		g.status = g.fig.Status()
		g.redrawNow = g.redrawDue()
	}()
	g.applyMessages()
	g.followTheme()
	g.in = readInput()
	g.handlePageInput()
	g.fig.Update(g.in, g.layout().figure)
	if g.paused {
		return nil
	}
	g.step()
	if g.urlDirty && time.Since(g.lastURL) > urlInterval {
		replaceQuery(g.settings.Encode())
		g.lastURL = time.Now()
		g.urlDirty = false
	}
	return nil
}

// followTheme switches the colours when theme= or, under theme=auto, the
// reader's light or dark system setting changes. The page behind the canvas
// is set from Update, once Ebiten (which paints the body black) has started.
func (g *Game) followTheme() {
	c := state.ColorsFor(g.settings.Theme, systemDark.Load())
	if c.Name != colors.Name {
		useTheme(c)
	}
	if g.pageTheme != c.Name {
		setPageBackground(c.Background)
		g.pageTheme = c.Name
	}
}

// urlInterval: the address is rewritten at most this often while settings change.
const urlInterval = 250 * time.Millisecond

// handlePageInput applies the help toggles, the settings menu of a narrow
// canvas and the controls; a click they take does not reach the figure.
func (g *Game) handlePageInput() {
	g.exportKeys()
	if g.settings.Controls {
		if g.in.key(ebiten.KeySlash) || g.in.key(ebiten.KeyH) {
			g.ui.help = !g.ui.help
		}
		// the "? help" label in the panel header, or a click anywhere on the overlay
		if p := g.layout().panel; g.in.pressed && (g.ui.help || (p.W > 0 && helpLabel(p).Contains(g.in.mx, g.in.my))) {
			g.ui.help = !g.ui.help
			g.in.pressed = false
		}
	}
	if g.in.key(ebiten.KeyC) && len(g.status.Commands) > 0 {
		g.copyButton(g.status.Commands).action()
	}
	g.handleMenu(g.layout())
	g.cs = nil
	if l := g.layout(); l.panel.W > 0 {
		g.cs = g.controls(g.status.Buttons) // the buttons drawn last frame, which the reader clicked
		layoutControls(g.cs, l.panel)
		if g.ui.handleControls(g.cs, g.in, g.edit) {
			g.in.pressed = false
		}
	}
}

// handleMenu opens and closes the settings menu of a narrow canvas: a tap on
// its button toggles it, a tap outside the open menu or Esc closes it, Tab
// opens it (so the keyboard reaches the controls). The taps it takes do not
// reach the figure.
func (g *Game) handleMenu(l pageLayout) {
	if !l.folded {
		g.ui.menuOpen = false
		return
	}
	in := g.in
	switch {
	case in.pressed && l.menu.Contains(in.mx, in.my):
		g.ui.menuOpen = !g.ui.menuOpen
		in.pressed = false
	case in.pressed && g.ui.menuOpen && !l.panel.Contains(in.mx, in.my):
		g.ui.menuOpen = false
		in.pressed = false
	case in.key(ebiten.KeyEscape) && g.ui.menuOpen && !g.ui.help:
		g.ui.menuOpen = false
	case in.key(ebiten.KeyTab) && !g.ui.menuOpen:
		g.ui.menuOpen = true
	default:
		return
	}
	if !g.ui.menuOpen {
		g.ui.focus, g.ui.dragging = "", ""
	}
}

// step gives the figure this frame's compute budget: more of the frame when
// nobody interacts and nothing animates, the pacer's share otherwise.
func (g *Game) step() {
	if len(g.in.keys) > 0 || g.in.pressed || g.in.down || g.in.mx != g.lastMX || g.in.my != g.lastMY {
		g.lastInput = time.Now()
	}
	g.lastMX, g.lastMY = g.in.mx, g.in.my
	var budget time.Duration
	if time.Since(g.lastInput) < time.Second || g.status.Animating {
		budget = g.pacer.frame(time.Now())
		g.idle = idlePacer{}
	} else {
		g.pacer = pacer{} // start afresh next time
		budget = g.idle.frame(time.Now(), g.stepTime)
	}
	g.budgetShared = poolSaturated()
	if g.budgetShared {
		budget = min(budget, pooledPageBudget)
	}
	g.budget = budget
	start := time.Now()
	g.fig.Step(budget)
	g.stepTime = time.Since(start)
	if g.stepTime > g.stepMax {
		g.stepMax = g.stepTime
	}
}

// redrawDue decides whether this frame draws anew (state.Redraw): at once
// after input, while animating or when the state key changed; at a reduced
// rate while computing or idle.
func (g *Game) redrawDue() bool {
	st := g.status
	key := state.RedrawKey{Generation: g.generation, W: g.w, H: g.h, Theme: colors.Name,
		Ready: st.Ready, Busy: st.Busy, Finished: st.Progress >= 1, Err: st.Err,
		Messages: len(g.msgs), Buttons: len(st.Buttons), Help: g.ui.help, Menu: g.ui.menuOpen, Paused: g.paused, Note: g.noteShown()}
	urgent := st.Animating || time.Since(g.lastInput) < state.RedrawInputHold
	return g.redraw.Due(time.Now(), key, urgent, st.Busy)
}

// noteShown is the command or export note on the canvas, if any.
func (g *Game) noteShown() string {
	now := time.Now()
	var s string
	if now.Before(g.note.until) && len(g.note.lines) > 0 {
		s = "command"
	}
	if now.Before(exportStatus.until) {
		s += "|" + exportStatus.text
	}
	return s
}

func (g *Game) Draw(screen *ebiten.Image) {
	if !g.redrawNow && g.figDrawn {
		// the canvas keeps the last picture (SetScreenClearedEveryFrame(false));
		// the page's copy of the state is refreshed a few times a second
		g.frames++
		if time.Since(g.publishedAt) >= publishEvery {
			g.publish()
		}
		return
	}
	now := time.Now()
	g.redraw.Drawn(now)
	g.drawStart = now
	g.drawnFrames++
	beginBoxes(screen)
	screen.Fill(colBG)
	full := state.Rect{W: g.w, H: g.h}
	l := g.layout()
	info, _ := state.FigureByName(g.settings.Figure)
	if g.cs != nil && !l.folded {
		g.ui.drawControls(screen, g.cs, l.panel, g.settings, info.Title)
	}
	if lines := g.bannerLines(); len(lines) > 0 {
		fillRect(screen, l.banner, colErrorBG)
		for i, m := range lines {
			drawText(screen, m, l.banner.X+12, l.banner.Y+14+bannerLineHeight*float64(i), 12, colError, alignLeft)
		}
	}
	var pt pointer
	if g.in != nil {
		pt = g.in.pointer
	}
	g.fig.Draw(screen, l.figure, pt)
	g.figDrawn = true
	g.drawCommandNote(screen, l.main)
	g.drawExportNote(screen, l.main)
	area := l.main
	if g.paused {
		drawText(screen, "paused (off-screen)", area.X+area.W-10, area.Y+area.H-10, 11, colMuted, alignRight)
	}
	if l.folded {
		drawMenuButton(screen, l.menu, g.ui.menuOpen)
		if g.cs != nil {
			// the rest of the canvas dimmed: a tap there closes the menu
			fillRect(screen, l.main, withAlpha(rgb(0, 0, 0), 60))
			g.ui.drawControls(screen, g.cs, l.panel, g.settings, info.Title)
		}
	}
	if g.ui.help {
		drawHelp(screen, full, g.settings.Figure)
	}
	if g.drawnFrames%boxesEvery == 1 || now.Sub(g.boxesAt) >= state.RedrawBusyEvery {
		g.textBoxes, g.boxesAt = endBoxes(), now
	}
	boxes.screen = nil
	g.frames++
	if !g.lastDraw.IsZero() {
		dt := now.Sub(g.lastDraw).Seconds()
		if dt > 0 {
			if g.fpsEMA == 0 {
				g.fpsEMA = 1 / dt
			} else {
				g.fpsEMA += 0.05 * (1/dt - g.fpsEMA)
			}
		}
	}
	g.lastDraw = now
	g.publish()
}

// controls lists the parameter controls of the current figure, then the
// figure's own buttons.
func (g *Game) controls(buttons []*control) []*control {
	var cs []*control
	fig := g.settings.Figure
	for _, s := range state.Specs {
		if !s.Control || !s.UsedBy(fig) || g.settings.Hides(s.Key) {
			continue
		}
		c := &control{id: s.Key, label: s.Label, spec: s}
		switch {
		case s.Key == state.KeySeed:
			c.kind = ctrlSeed
		case s.Kind == state.Choice:
			c.kind = ctrlChoice
		default:
			c.kind = ctrlSlider
		}
		switch s.Key {
		case state.KeyAlphaD:
			c.tip = fmt.Sprintf("N/D = %s", state.FormatValue(1/g.settings.AlphaD, 3))
		case state.KeyAlpha:
			c.tip = fmt.Sprintf("P/D = %s", state.FormatValue(g.settings.Alpha/g.settings.AlphaD, 3))
		}
		cs = append(cs, c)
	}
	cs = append(cs, buttons...)
	if cmds := g.status.Commands; len(cmds) > 0 {
		cs = append(cs, g.copyButton(cmds))
	}
	cs = append(cs, g.exportButtons()...)
	return cs
}

// publishEvery: frames that keep the picture publish the state at most this often.
const publishEvery = 100 * time.Millisecond

func (g *Game) publish() {
	g.publishedAt = time.Now()
	if g.paramsMap == nil {
		g.paramsMap = toJSMap(g.settings.Map())
	}
	st := g.status
	errText := strings.Join(g.msgs, "; ")
	if e := st.Err; e != "" {
		if errText != "" {
			errText += "; "
		}
		errText += e
	}
	f := map[string]any{
		"figure":           g.settings.Figure,
		"params":           g.paramsMap,
		"progress":         round3(st.Progress),
		"error":            errText,
		"fps":              math.Round(ebiten.ActualFPS()*10) / 10,
		"drawFps":          math.Round(g.fpsEMA*10) / 10,
		"frames":           g.frames,
		"drawnFrames":      g.drawnFrames,
		"drawMs":           math.Round(g.redraw.DrawMs()*10) / 10,
		"ready":            g.figDrawn && st.Ready,
		"computing":        st.Busy,
		"paused":           g.paused,
		"stepMs":           float64(g.stepTime.Microseconds()) / 1000,
		"budgetMs":         float64(g.budget.Microseconds()) / 1000,
		"budgetShared":     g.budgetShared,
		"frameMsComputing": math.Round(g.pacer.emaC*10) / 10,
		"frameMsPlain":     math.Round(g.pacer.emaI*10) / 10,
		"stepMaxMs":        float64(g.stepMax.Microseconds()) / 1000,
		"scale":            gfx.scale,
		"theme":            colors.Name, // the theme drawn (theme=auto resolved)
		"commands":         jsStrings(st.Commands),
		"menuOpen":         g.ui.menuOpen,
		"textBoxes":        g.textBoxes,
	}
	shown := make([]string, len(g.cs))
	rects := make(map[string]any, len(g.cs))
	for i, c := range g.cs {
		shown[i] = c.id
		rects[c.id] = []any{c.rect.X, c.rect.Y, c.rect.W, c.rect.H}
	}
	f["controlRects"] = rects             // where each drawn control is (logical px), for tests that press them
	f["shownControls"] = jsStrings(shown) // the controls drawn this frame (after controls= and hide=)
	for k, v := range st.Extra {
		f[k] = v
	}
	f["preferredHeight"] = g.askHeight()
	g.publishMemory(f)
	g.publishSummary(f)
	publish(f)
}

// askHeight returns the height the figure wants at the canvas's width and, when it changed, tells the
// page that frames it ({flatland:"size"}; the auto-height snippet sizes the frame from it).
func (g *Game) askHeight() int {
	info, _ := state.FigureByName(g.settings.Figure)
	controls := 0.0
	if l := g.layout(); l.panel.W > 0 && !l.folded {
		controls = fullHeight(g.cs) + panelMargin
	}
	h := info.PreferredHeight(g.w, controls)
	if h != g.askedHeight && g.w > 0 {
		g.askedHeight = h
		postSize(g.settings.Figure, g.w, h)
	}
	return h
}

// publishMemory adds the Go heap and the memory taken from the browser
// (which a WebAssembly module never gives back) to the published fields,
// read once a second: ReadMemStats stops the world.
func (g *Game) publishMemory(f map[string]any) {
	if g.frames-g.memFrame >= 60 || g.memFrame == 0 {
		runtime.ReadMemStats(&g.mem)
		g.memFrame = g.frames
	}
	f["heapMB"] = math.Round(float64(g.mem.HeapAlloc)/1e5) / 10
	f["memoryMB"] = math.Round(float64(g.mem.Sys)/1e5) / 10
	f["gcCycles"] = g.mem.NumGC
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

func (g *Game) LayoutF(outsideWidth, outsideHeight float64) (float64, float64) {
	s := ebiten.Monitor().DeviceScaleFactor()
	if s <= 0 || math.IsNaN(s) {
		s = 1
	}
	gfx.scale = s
	g.w, g.h = outsideWidth, outsideHeight
	return math.Ceil(outsideWidth * s), math.Ceil(outsideHeight * s)
}

func (g *Game) Layout(w, h int) (int, int) {
	fw, fh := g.LayoutF(float64(w), float64(h))
	return int(fw), int(fh)
}

func main() {
	s, msgs := state.Parse(pageDefaults(), locationQuery())
	msgs = append(msgs, listenMessages()...) // problems with origin=
	g := &Game{settings: s, msgs: msgs}
	fig, problem := newFigure(s.Figure, g.edit)
	if problem != "" {
		g.msgs = append(g.msgs, problem)
	}
	g.fig = fig
	watchColorScheme()
	useTheme(state.ColorsFor(s.Theme, systemDark.Load())) // before the first frame
	g.fig.Apply(s)
	g.status = g.fig.Status()
	g.urlDirty = true
	listenInput()
	ebiten.SetRunnableOnUnfocused(true)
	ebiten.SetScreenClearedEveryFrame(false) // frames that do not redraw keep the picture (redrawDue)
	ebiten.SetTPS(ebiten.SyncWithFPS)        // one Update per drawn frame: one compute slice per frame
	ebiten.SetWindowTitle("Flatland")
	if err := ebiten.RunGame(g); err != nil {
		publish(map[string]any{"error": err.Error()})
	}
}
