//go:build js && wasm

package main

import (
	"image/color"
	"math"

	"flatland/wasm/state"

	"github.com/hajimehoshi/ebiten/v2"
)

// pointer is where the mouse or touch is, in logical px (Draw reads it for
// hover read-outs).
type pointer struct {
	mx, my   float64
	hasMouse bool
}

// input is this frame's pointer and keyboard state, read in Update.
type input struct {
	pointer
	pressed, released bool // left button went down / up this frame
	down              bool
	keys              []ebiten.Key // keys pressed this frame (with key repeat)
	shift             bool
}

// domKeys maps KeyboardEvent.key values to the keys the program uses.
var domKeys = map[string]ebiten.Key{
	"Tab": ebiten.KeyTab, "ArrowLeft": ebiten.KeyArrowLeft, "ArrowRight": ebiten.KeyArrowRight,
	"ArrowUp": ebiten.KeyArrowUp, "ArrowDown": ebiten.KeyArrowDown, "Enter": ebiten.KeyEnter, " ": ebiten.KeySpace,
	"Escape": ebiten.KeyEscape, "?": ebiten.KeySlash, "/": ebiten.KeySlash, "h": ebiten.KeyH, "H": ebiten.KeyH,
	"PageUp": ebiten.KeyPageUp, "PageDown": ebiten.KeyPageDown, "Home": ebiten.KeyHome, "End": ebiten.KeyEnd,
	"p": ebiten.KeyP, "P": ebiten.KeyP, "s": ebiten.KeyS, "S": ebiten.KeyS, "r": ebiten.KeyR, "R": ebiten.KeyR,
	"c": ebiten.KeyC, "C": ebiten.KeyC,
	"e": ebiten.KeyE, "E": ebiten.KeyE, "1": ebiten.Key1, "2": ebiten.Key2, "3": ebiten.Key3, "4": ebiten.Key4, // export
}

// mouseHeld remembers a button held down across frames (from DOM events).
var mouseHeld bool

func readInput() *input {
	in := &input{}
	x, y := ebiten.CursorPosition()
	in.mx, in.my = float64(x)/gfx.scale, float64(y)/gfx.scale
	in.hasMouse = x > 0 || y > 0
	for _, e := range takeEvents() {
		switch e.kind {
		case "key":
			if k, ok := domKeys[e.key]; ok {
				in.keys = append(in.keys, k)
				in.shift = in.shift || e.shift
			}
		case "down":
			if !in.pressed {
				in.pressed = true
				in.mx, in.my, in.hasMouse = e.x, e.y, true
			}
			mouseHeld = true
		case "up":
			in.released = true
			mouseHeld = false
		}
	}
	// a press and release within one frame still counts as a click (pressed),
	// and the pick happens at the press position
	in.down = mouseHeld || ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft)
	if ids := ebiten.AppendTouchIDs(nil); len(ids) > 0 {
		tx, ty := ebiten.TouchPosition(ids[0])
		in.mx, in.my, in.down, in.hasMouse = float64(tx)/gfx.scale, float64(ty)/gfx.scale, true, true
	}
	if !in.shift {
		in.shift = ebiten.IsKeyPressed(ebiten.KeyShift)
	}
	return in
}

func (in *input) key(k ebiten.Key) bool {
	for _, x := range in.keys {
		if x == k {
			return true
		}
	}
	return false
}

// controlKind is what a control is.
type controlKind int

const (
	ctrlSlider controlKind = iota
	ctrlChoice
	ctrlButton
	ctrlSeed
)

// control is one widget of the controls column: a parameter slider or choice,
// the seed stepper, or a figure action button.
type control struct {
	id       string // parameter key, or an action id for buttons
	kind     controlKind
	label    string
	spec     state.Spec
	action   func()
	active   bool // a toggled button (e.g. playing)
	disabled bool
	tip      string // shown under the control
	group    string // buttons with the same group share a row
	compact  bool   // drawn without the range line

	rect  state.Rect   // whole widget
	track state.Rect   // slider track
	cells []state.Rect // choice/seed cells
}

// ui holds focus and dragging state across frames.
type ui struct {
	focus    string // id of the focused control ("" none)
	dragging string
	help     bool
	menuOpen bool // the settings menu of a narrow canvas is open
}

// Text sizes and layout of the controls column (logical px).
const (
	ctlLabel = 12.5
	ctlSmall = 10.5

	panelHeaderHeight    = 56 // "Flatland", the figure's title and "? help"
	panelMargin          = 14 // left and right
	sliderHeight         = 50
	sliderCompact        = 36 // without the range line
	sliderAdvance        = 54 // to the next control
	sliderCompactAdvance = 38
	sliderTrackY         = 26 // track below the slider's top
	sliderTrackInset     = 6
	sliderTrackHeight    = 4
	choiceLabelHeight    = 20 // label above a choice's cells
	choiceRowHeight      = 24
	choiceCellTop        = 18
	choiceCellHeight     = 21
	choiceCellGap        = 3
	choicePerRow         = 3 // cells per row for more than choiceOneRow choices
	choiceOneRow         = 4
	choiceAdvance        = 8 // below a choice
	seedHeight           = 42
	seedAdvance          = 50
	seedButtonY          = 18
	seedButtonHeight     = 21
	buttonHeight         = 24
	buttonGap            = 4
	buttonAdvance        = 30
	buttonEstimate       = 10 // per button, when deciding whether the full layout fits
	tightSliderSaving    = 2  // sliders this much closer in the tight layout
	tightChoiceRow       = 6  // choices with up to this many cells take one row in the tight layout
)

// seedButtons are the seed control's cells, right-aligned: "–", "+", "new".
var seedButtons = []struct {
	label        string
	right, width float64 // left edge from the right end, width
	step         int     // added to the seed; 0 draws a new one
}{{"–", 96, 28, -1}, {"+", 66, 28, +1}, {"new", 36, 36, 0}}

// choiceGrid returns a choice's cells per row and its rows.
func choiceGrid(n int) (per, rows int) {
	per = n
	if n > choiceOneRow {
		per = choicePerRow
	}
	return per, (n + per - 1) / per
}

// fullHeight estimates the height of the full (not compact) layout.
func fullHeight(cs []*control) float64 {
	h := float64(panelHeaderHeight)
	for _, c := range cs {
		switch c.kind {
		case ctrlSlider:
			h += sliderAdvance
		case ctrlChoice:
			h += choiceLabelHeight + choiceRowHeight*float64((len(c.spec.Choices)+choicePerRow-1)/choicePerRow) + choiceAdvance
		case ctrlSeed:
			h += seedAdvance
		case ctrlButton:
			h += buttonEstimate
		}
	}
	return h
}

// shortActions are the short labels the copy and export buttons take when
// they share one row (a short canvas).
var shortActions = map[string]string{
	"act:copy-command": "CLI", "act:export-png": "PNG", "act:export-svg": "SVG",
	"act:export-csv": "CSV", "act:export-json": "JSON",
}

// layoutControls stacks the controls in the panel rectangle, compact (no
// range line under sliders) when the full layout does not fit; when even
// that does not fit, tight: sliders closer, each choice on one row, and the
// copy and export buttons on one row with short labels, so that no control
// falls off a short canvas.
func layoutControls(cs []*control, panel state.Rect) {
	if bottom := stackControls(cs, panel, fullHeight(cs) > panel.H, false); bottom <= panel.Y+panel.H {
		return
	}
	for _, c := range cs {
		if short, ok := shortActions[c.id]; ok {
			c.label, c.group = short, "actions"
		}
	}
	stackControls(cs, panel, true, true)
}

// stackControls places the controls from the top of the panel and returns
// the bottom of the last one.
func stackControls(cs []*control, panel state.Rect, compact, tight bool) float64 {
	y := panel.Y + panelHeaderHeight
	x, w := panel.X+panelMargin, panel.W-2*panelMargin
	for i := 0; i < len(cs); i++ {
		c := cs[i]
		c.compact = compact
		switch c.kind {
		case ctrlSlider:
			c.rect = state.Rect{X: x, Y: y, W: w, H: sliderHeight}
			c.track = state.Rect{X: x + sliderTrackInset, Y: y + sliderTrackY, W: w - 2*sliderTrackInset, H: sliderTrackHeight}
			y += sliderAdvance
			if compact {
				c.rect.H = sliderCompact
				y += sliderCompactAdvance - sliderAdvance
				if tight {
					y -= tightSliderSaving
				}
			}
		case ctrlChoice:
			n := len(c.spec.Choices)
			per, rows := choiceGrid(n)
			if tight && n <= tightChoiceRow {
				per, rows = n, 1
			}
			c.rect = state.Rect{X: x, Y: y, W: w, H: choiceLabelHeight + float64(rows)*choiceRowHeight}
			c.cells = c.cells[:0]
			cw := w / float64(per)
			for j := 0; j < n; j++ {
				r, col := j/per, j%per
				c.cells = append(c.cells, state.Rect{X: x + float64(col)*cw, Y: y + choiceCellTop + float64(r)*choiceRowHeight, W: cw - choiceCellGap, H: choiceCellHeight})
			}
			y += c.rect.H + choiceAdvance
		case ctrlSeed:
			c.rect = state.Rect{X: x, Y: y, W: w, H: seedHeight}
			c.cells = c.cells[:0]
			for _, b := range seedButtons {
				c.cells = append(c.cells, state.Rect{X: x + w - b.right, Y: y + seedButtonY, W: b.width, H: seedButtonHeight})
			}
			y += seedAdvance
		case ctrlButton:
			// consecutive buttons of one group share a row
			j := i
			for j+1 < len(cs) && cs[j+1].kind == ctrlButton && cs[j+1].group == c.group && c.group != "" {
				j++
			}
			for k, r := range (state.Rect{X: x, Y: y, W: w, H: buttonHeight}).Columns(j-i+1, buttonGap) {
				cs[i+k].rect = r
			}
			i = j
			y += buttonAdvance
		}
	}
	bottom := panel.Y
	for _, c := range cs {
		bottom = math.Max(bottom, c.rect.Y+c.rect.H)
	}
	return bottom
}

// focusable returns the ids in tab order.
func focusable(cs []*control) []string {
	var ids []string
	for _, c := range cs {
		if !c.disabled {
			ids = append(ids, c.id)
		}
	}
	return ids
}

// controlEdits are the changes a control makes, through the game's edit:
// every change reads the current value inside edit, so two changes in one
// frame compose, and numbers are snapped to the slider grid.
type controlEdits struct{ edit editFunc }

func (e controlEdits) nudge(c *control, next func(v float64) float64) {
	e.edit(func(s *state.Settings) { c.spec.SetNumber(s, next(c.spec.Number(*s))) })
}

func (e controlEdits) set(c *control, v float64) {
	e.edit(func(s *state.Settings) { c.spec.SetNumber(s, v) })
}

func (e controlEdits) choose(c *control, v string) {
	e.edit(func(s *state.Settings) { c.spec.SetChoice(s, v) })
}

// cycle moves a choice dir places on, wrapping around.
func (e controlEdits) cycle(c *control, dir int) {
	e.edit(func(s *state.Settings) {
		ch := c.spec.Choices
		cur := 0
		for i, x := range ch {
			if x == c.spec.Choice(*s) {
				cur = i
			}
		}
		c.spec.SetChoice(s, ch[(cur+dir+len(ch))%len(ch)])
	})
}

func (e controlEdits) reseed() { e.edit(func(s *state.Settings) { s.Seed = newSeed(s.Seed) }) }

// handleControls applies pointer and keyboard input; setting changes go
// through edit. It returns true if the input was consumed by the controls.
func (u *ui) handleControls(cs []*control, in *input, edit editFunc) bool {
	e := controlEdits{edit}
	consumed := u.handleFocusKeys(cs, in)
	if u.handleFocusedKeys(cs, in, e) {
		consumed = true
	}
	if u.handlePointer(cs, in, e) {
		consumed = true
	}
	return consumed
}

// handleFocusKeys moves the focus with Tab / Shift+Tab and clears it (or
// closes the help) with Escape.
func (u *ui) handleFocusKeys(cs []*control, in *input) bool {
	consumed := false
	if in.key(ebiten.KeyTab) {
		ids := focusable(cs)
		if len(ids) > 0 {
			idx := -1
			for i, id := range ids {
				if id == u.focus {
					idx = i
				}
			}
			if in.shift {
				idx--
				if idx < 0 {
					idx = len(ids) - 1
				}
			} else {
				idx = (idx + 1) % len(ids)
			}
			u.focus = ids[idx]
		}
		consumed = true
	}
	if in.key(ebiten.KeyEscape) {
		if u.help {
			u.help = false
		} else {
			u.focus = ""
		}
	}
	return consumed
}

// handleFocusedKeys applies arrows, Page Up/Down, Home/End, Enter and Space
// to the focused control.
func (u *ui) handleFocusedKeys(cs []*control, in *input, e controlEdits) bool {
	var fc *control
	for _, c := range cs {
		if c.id == u.focus && !c.disabled {
			fc = c
		}
	}
	if fc == nil {
		return false
	}
	dir := 0
	if in.key(ebiten.KeyArrowRight) || in.key(ebiten.KeyArrowUp) {
		dir = 1
	}
	if in.key(ebiten.KeyArrowLeft) || in.key(ebiten.KeyArrowDown) {
		dir = -1
	}
	big := in.shift || in.key(ebiten.KeyPageUp) || in.key(ebiten.KeyPageDown)
	if in.key(ebiten.KeyPageUp) {
		dir = 1
	}
	if in.key(ebiten.KeyPageDown) {
		dir = -1
	}
	activate := in.key(ebiten.KeyEnter) || in.key(ebiten.KeyNumpadEnter) || in.key(ebiten.KeySpace)
	switch fc.kind {
	case ctrlSlider:
		if dir != 0 {
			e.nudge(fc, func(v float64) float64 { return state.SliderStep(fc.spec, v, dir, big) })
		}
		if in.key(ebiten.KeyHome) {
			e.set(fc, fc.spec.Min)
		}
		if in.key(ebiten.KeyEnd) {
			e.set(fc, fc.spec.Max)
		}
	case ctrlChoice:
		if activate && dir == 0 {
			e.cycle(fc, 1)
		} else if dir != 0 {
			e.cycle(fc, dir)
		}
	case ctrlSeed:
		if dir != 0 {
			e.nudge(fc, func(v float64) float64 { return v + float64(dir) })
		}
		if activate {
			e.reseed()
		}
	case ctrlButton:
		if activate && fc.action != nil {
			fc.action()
		}
	}
	return dir != 0 || activate
}

// handlePointer applies presses, drags and releases.
func (u *ui) handlePointer(cs []*control, in *input, e controlEdits) bool {
	consumed := false
	if in.released {
		if u.dragging != "" {
			consumed = true
		}
		u.dragging = ""
	}
	if in.pressed {
		for _, c := range cs {
			if c.disabled || !c.rect.Contains(in.mx, in.my) {
				continue
			}
			consumed = true
			u.focus = c.id
			u.press(c, in, e)
		}
	}
	if u.dragging != "" && in.down {
		for _, c := range cs {
			if c.id == u.dragging && c.kind == ctrlSlider {
				e.set(c, state.SliderValue(c.spec, c.track.X, c.track.W, in.mx))
				consumed = true
			}
		}
	}
	return consumed
}

// press handles a press inside control c.
func (u *ui) press(c *control, in *input, e controlEdits) {
	switch c.kind {
	case ctrlSlider:
		u.dragging = c.id
	case ctrlChoice:
		for i, r := range c.cells {
			if r.Contains(in.mx, in.my) {
				e.choose(c, c.spec.Choices[i])
			}
		}
	case ctrlSeed:
		for i, r := range c.cells {
			if !r.Contains(in.mx, in.my) {
				continue
			}
			if step := seedButtons[i].step; step != 0 {
				e.nudge(c, func(v float64) float64 { return v + float64(step) })
			} else {
				e.reseed()
			}
		}
	case ctrlButton:
		if c.action != nil {
			c.action()
		}
	}
}

// newSeed derives a fresh seed deterministically from the current one.
func newSeed(s uint64) uint64 {
	x := s*6364136223846793005 + 1442695040888963407
	x ^= x >> 33
	return x % 1000000
}

// Offsets inside a drawn control (logical px).
const (
	ctlLabelY      = 8  // slider label baseline below its top
	ctlChoiceY     = 7  // choice and seed label baseline
	ctlRangeY      = 42 // range line and tip
	ctlSeedValueY  = 29
	knobRadius     = 7
	knobFocus      = 10
	knobRing       = 1.5
	focusRingWidth = 2
)

// drawControls draws the panel with its controls.
func (u *ui) drawControls(dst *ebiten.Image, cs []*control, panel state.Rect, st state.Settings, title string) {
	fillRect(dst, panel, colPanel)
	crispLine(dst, panel.X+panel.W-1, panel.Y, panel.X+panel.W-1, panel.Y+panel.H, 1, colPanelLn)
	drawText(dst, "Flatland", panel.X+panelMargin, panel.Y+18, 15, colText, alignLeft)
	drawText(dst, title, panel.X+panelMargin, panel.Y+36, 11.5, colMuted, alignLeft)
	drawText(dst, "? help", panel.X+panel.W-panelMargin, panel.Y+18, 10.5, colMuted, alignRight)
	for _, c := range cs {
		focused := u.focus == c.id
		lc := colText
		if c.disabled {
			lc = colMuted
		}
		switch c.kind {
		case ctrlSlider:
			drawSlider(dst, c, st, lc, focused)
		case ctrlChoice:
			drawChoice(dst, c, st, lc, focused)
		case ctrlSeed:
			drawSeed(dst, c, st, lc, focused)
		case ctrlButton:
			drawButton(dst, c, focused)
		}
	}
}

func drawSlider(dst *ebiten.Image, c *control, st state.Settings, lc color.Color, focused bool) {
	drawText(dst, c.label, c.rect.X, c.rect.Y+ctlLabelY, ctlLabel, lc, alignLeft)
	drawText(dst, c.spec.Text(st), c.rect.X+c.rect.W, c.rect.Y+ctlLabelY, ctlLabel, colAccent, alignRight)
	tr := c.track
	fillRect(dst, tr, colPanelLn)
	sc := state.Scale{Lo: c.spec.Min, Hi: c.spec.Max, P0: tr.X, P1: tr.X + tr.W, Log: c.spec.Log}
	kx, ky := sc.Px(c.spec.Number(st)), tr.Y+tr.H/2
	fillRect(dst, state.Rect{X: tr.X, Y: tr.Y, W: kx - tr.X, H: tr.H}, colAccent)
	if focused {
		ring(dst, kx, ky, knobFocus, focusRingWidth, colFocus) // opaque: a focus mark needs 3:1 against the panel
	}
	circle(dst, kx, ky, knobRadius, colSurface)
	ring(dst, kx, ky, knobRadius, knobRing, colAccent)
	if c.compact {
		return
	}
	drawText(dst, "range "+c.spec.RangeText(), c.rect.X, c.rect.Y+ctlRangeY, ctlSmall, colMuted, alignLeft)
	if c.tip != "" {
		drawText(dst, c.tip, c.rect.X+c.rect.W, c.rect.Y+ctlRangeY, ctlSmall, colMuted, alignRight)
	}
}

func drawChoice(dst *ebiten.Image, c *control, st state.Settings, lc color.Color, focused bool) {
	drawText(dst, c.label, c.rect.X, c.rect.Y+ctlChoiceY, ctlLabel, lc, alignLeft)
	for i, r := range c.cells {
		bg, fg := colSurface, colText
		if c.spec.Choices[i] == c.spec.Choice(st) {
			bg, fg = colAccent, colOnAccent
		}
		fillRect(dst, r, bg)
		strokeRect(dst, r, 1, colPanelLn)
		drawText(dst, c.spec.Choices[i], r.X+r.W/2, r.Y+r.H/2, 11.5, fg, alignCenter)
	}
	if focused {
		strokeRect(dst, c.rect.Inset(-4, -2, -4, -4), focusRingWidth, colFocus)
	}
}

func drawSeed(dst *ebiten.Image, c *control, st state.Settings, lc color.Color, focused bool) {
	drawText(dst, c.label, c.rect.X, c.rect.Y+ctlChoiceY, ctlLabel, lc, alignLeft)
	drawText(dst, c.spec.Text(st), c.rect.X, c.rect.Y+ctlSeedValueY, 13, colAccent, alignLeft)
	for i, r := range c.cells {
		fillRect(dst, r, colSurface)
		strokeRect(dst, r, 1, colPanelLn)
		drawText(dst, seedButtons[i].label, r.X+r.W/2, r.Y+r.H/2, 12, colText, alignCenter)
	}
	if focused {
		strokeRect(dst, c.rect.Inset(-4, -2, -4, -2), focusRingWidth, colFocus)
	}
}

func drawButton(dst *ebiten.Image, c *control, focused bool) {
	bg, fg := colSurface, colText
	if c.active {
		bg, fg = colAccent, colOnAccent
	}
	if c.disabled {
		fg = colMuted
	}
	fillRect(dst, c.rect, bg)
	strokeRect(dst, c.rect, 1, colPanelLn)
	drawText(dst, c.label, c.rect.X+c.rect.W/2, c.rect.Y+c.rect.H/2, 12, fg, alignCenter)
	if focused {
		strokeRect(dst, c.rect.Inset(-2, -2, -2, -2), focusRingWidth, colFocus)
	}
}

// menuButtonWidth is the width of the "settings" button of a narrow canvas.
const menuButtonWidth = 104

// drawMenuButton draws the settings button of a narrow canvas: three bars
// (drawn, the font has no ☰) and "settings".
func drawMenuButton(dst *ebiten.Image, r state.Rect, open bool) {
	bg, fg := colSurface, colText
	if open {
		bg, fg = colAccent, colOnAccent
	}
	fillRect(dst, r, bg)
	strokeRect(dst, r, 1, colPanelLn)
	cx, cy := r.X+16, r.Y+r.H/2
	for _, dy := range []float64{-5, 0, 5} {
		fillRect(dst, state.Rect{X: cx - 7, Y: cy + dy - 1, W: 14, H: 2}, fg)
	}
	drawText(dst, clipText("settings", r.W-34, 12.5), r.X+30, cy, 12.5, fg, alignLeft)
}

// drawHelp draws the keyboard help overlay.
func drawHelp(dst *ebiten.Image, r state.Rect, fig string) {
	fillRect(dst, r, withAlpha(rgb(0, 0, 0), 120)) // dims the figure in both themes
	lines := [][2]string{
		{"Tab / Shift+Tab", "move between controls"},
		{"← → ↑ ↓", "adjust the focused slider or choice"},
		{"Shift+arrows, PgUp/PgDn", "adjust in big steps"},
		{"Home / End", "slider to its minimum / maximum"},
		{"Enter / Space", "press the focused button, next choice, new seed"},
		{"? or H", "show / hide this help"},
		{"Esc", "close help, clear focus"},
		{"C", "copy the command line that reproduces the numbers"},
		{"E, then 1–4", "export PNG, SVG, CSV or JSON"},
	}
	if info, ok := state.FigureByName(fig); ok {
		for _, k := range info.Keys {
			lines = append(lines, [2]string{k.Key, k.Does})
		}
	}
	const head, row, foot = 56, 24, 58 // the box grows with the lines
	h := min(r.H-8, head+row*float64(len(lines))+foot)
	box := state.Rect{X: r.X + r.W/2 - 230, Y: r.Y + (r.H-h)/2, W: 460, H: h}
	fillRect(dst, box, colSurface)
	strokeRect(dst, box, 1, colPanelLn)
	drawText(dst, "Keyboard and mouse", box.X+20, box.Y+24, 15, colText, alignLeft)
	for i, l := range lines {
		y := box.Y + 56 + float64(i)*24
		drawText(dst, l[0], box.X+20, y, 12, colAccent, alignLeft)
		drawText(dst, l[1], box.X+190, y, 12, colText, alignLeft)
	}
	drawText(dst, "All settings live in the address: copy it to share this view.", box.X+20, box.Y+box.H-40, 11, colMuted, alignLeft)
	drawText(dst, "Words and symbols: see “Words” on the explorer page (index.html#glossary).", box.X+20, box.Y+box.H-22, 11, colMuted, alignLeft)
}
