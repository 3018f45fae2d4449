//go:build js && wasm

package main

import (
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

// control kinds
const (
	ctrlSlider = iota
	ctrlChoice
	ctrlButton
	ctrlSeed
)

// control is one widget of the controls column: a parameter slider or choice,
// the seed stepper, or a figure action button.
type control struct {
	id       string // parameter key, or an action id for buttons
	kind     int
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
}

const (
	ctlLabel = 12.5
	ctlSmall = 10.5
)

// layoutControls stacks the controls in the panel rectangle.
func layoutControls(cs []*control, panel state.Rect) {
	// compact layout (no range line under sliders) when the full one does not fit
	full := 56.0
	for _, c := range cs {
		switch c.kind {
		case ctrlSlider:
			full += 54
		case ctrlChoice:
			full += 20 + 24*float64((len(c.spec.Choices)+2)/3) + 8
		case ctrlSeed:
			full += 50
		case ctrlButton:
			full += 10
		}
	}
	compact := full > panel.H
	y := panel.Y + 56
	x, w := panel.X+14, panel.W-28
	for i := 0; i < len(cs); i++ {
		c := cs[i]
		c.compact = compact
		switch c.kind {
		case ctrlSlider:
			c.rect = state.Rect{X: x, Y: y, W: w, H: 50}
			c.track = state.Rect{X: x + 6, Y: y + 26, W: w - 12, H: 4}
			y += 54
			if compact {
				c.rect.H = 36
				y -= 16
			}
		case ctrlChoice:
			n := len(c.spec.Choices)
			per := n
			if n > 4 {
				per = 3
			}
			rows := (n + per - 1) / per
			c.rect = state.Rect{X: x, Y: y, W: w, H: 20 + float64(rows)*24}
			c.cells = c.cells[:0]
			for j := 0; j < n; j++ {
				r, col := j/per, j%per
				cw := w / float64(per)
				c.cells = append(c.cells, state.Rect{X: x + float64(col)*cw, Y: y + 18 + float64(r)*24, W: cw - 3, H: 21})
			}
			y += c.rect.H + 8
		case ctrlSeed:
			c.rect = state.Rect{X: x, Y: y, W: w, H: 42}
			c.cells = []state.Rect{{X: x + w - 96, Y: y + 18, W: 28, H: 21}, {X: x + w - 66, Y: y + 18, W: 28, H: 21}, {X: x + w - 36, Y: y + 18, W: 36, H: 21}}
			y += 50
		case ctrlButton:
			// consecutive buttons of one group share a row
			j := i
			for j+1 < len(cs) && cs[j+1].kind == ctrlButton && cs[j+1].group == c.group && c.group != "" {
				j++
			}
			n := j - i + 1
			for k, r := range (state.Rect{X: x, Y: y, W: w, H: 24}).Columns(n, 4) {
				cs[i+k].rect = r
			}
			i = j
			y += 30
		}
	}
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

// handleControls applies pointer and keyboard input; setting changes go
// through edit, typed and snapped to the slider grid. It returns true if the
// input was consumed by the controls.
func (u *ui) handleControls(cs []*control, in *input, edit editFunc) bool {
	// every change reads the current value inside edit, so two changes in one frame compose
	nudge := func(c *control, next func(v float64) float64) {
		edit(func(s *state.Settings) { c.spec.SetNumber(s, next(c.spec.Number(*s))) })
	}
	setNumber := func(c *control, v float64) { edit(func(s *state.Settings) { c.spec.SetNumber(s, v) }) }
	setChoice := func(c *control, v string) { edit(func(s *state.Settings) { c.spec.SetChoice(s, v) }) }
	reseed := func() { edit(func(s *state.Settings) { s.Seed = newSeed(s.Seed) }) }
	consumed := false
	// keyboard focus
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
	var fc *control
	for _, c := range cs {
		if c.id == u.focus && !c.disabled {
			fc = c
		}
	}
	if fc != nil {
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
				nudge(fc, func(v float64) float64 { return state.SliderStep(fc.spec, v, dir, big) })
			}
			if in.key(ebiten.KeyHome) {
				setNumber(fc, fc.spec.Min)
			}
			if in.key(ebiten.KeyEnd) {
				setNumber(fc, fc.spec.Max)
			}
		case ctrlChoice:
			if dir != 0 || activate {
				if dir == 0 {
					dir = 1
				}
				edit(func(s *state.Settings) {
					ch := fc.spec.Choices
					cur := 0
					for i, x := range ch {
						if x == fc.spec.Choice(*s) {
							cur = i
						}
					}
					fc.spec.SetChoice(s, ch[(cur+dir+len(ch))%len(ch)])
				})
			}
		case ctrlSeed:
			if dir != 0 {
				nudge(fc, func(v float64) float64 { return v + float64(dir) })
			}
			if activate {
				reseed()
			}
		case ctrlButton:
			if activate && fc.action != nil {
				fc.action()
			}
		}
		if dir != 0 || activate {
			consumed = true
		}
	}
	// pointer
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
			switch c.kind {
			case ctrlSlider:
				u.dragging = c.id
			case ctrlChoice:
				for i, r := range c.cells {
					if r.Contains(in.mx, in.my) {
						setChoice(c, c.spec.Choices[i])
					}
				}
			case ctrlSeed:
				for i, r := range c.cells {
					if r.Contains(in.mx, in.my) {
						switch i {
						case 0:
							nudge(c, func(v float64) float64 { return v - 1 })
						case 1:
							nudge(c, func(v float64) float64 { return v + 1 })
						case 2:
							reseed()
						}
					}
				}
			case ctrlButton:
				if c.action != nil {
					c.action()
				}
			}
		}
	}
	if u.dragging != "" && in.down {
		for _, c := range cs {
			if c.id == u.dragging && c.kind == ctrlSlider {
				setNumber(c, state.SliderValue(c.spec, c.track.X, c.track.W, in.mx))
				consumed = true
			}
		}
	}
	return consumed
}

// newSeed derives a fresh seed deterministically from the current one.
func newSeed(s uint64) uint64 {
	x := s*6364136223846793005 + 1442695040888963407
	x ^= x >> 33
	return x % 1000000
}

// drawControls draws the panel with its controls.
func (u *ui) drawControls(dst *ebiten.Image, cs []*control, panel state.Rect, st state.Settings, title string) {
	fillRect(dst, panel, colPanel)
	crispLine(dst, panel.X+panel.W-1, panel.Y, panel.X+panel.W-1, panel.Y+panel.H, 1, colPanelLn)
	drawText(dst, "Flatland", panel.X+14, panel.Y+18, 15, colText, alignLeft)
	drawText(dst, title, panel.X+14, panel.Y+36, 11.5, colMuted, alignLeft)
	drawText(dst, "? help", panel.X+panel.W-14, panel.Y+18, 10.5, colMuted, alignRight)
	for _, c := range cs {
		focused := u.focus == c.id
		lc := colText
		if c.disabled {
			lc = colMuted
		}
		switch c.kind {
		case ctrlSlider:
			v := c.spec.Number(st)
			drawText(dst, c.label, c.rect.X, c.rect.Y+8, ctlLabel, lc, alignLeft)
			drawText(dst, c.spec.Text(st), c.rect.X+c.rect.W, c.rect.Y+8, ctlLabel, colAccent, alignRight)
			tr := c.track
			fillRect(dst, tr, colPanelLn)
			sc := state.Scale{Lo: c.spec.Min, Hi: c.spec.Max, P0: tr.X, P1: tr.X + tr.W, Log: c.spec.Log}
			kx := sc.Px(v)
			fillRect(dst, state.Rect{X: tr.X, Y: tr.Y, W: kx - tr.X, H: tr.H}, colAccent)
			if focused {
				circle(dst, kx, tr.Y+2, 10, withAlpha(colFocus, 110))
			}
			circle(dst, kx, tr.Y+2, 7, colWhite)
			ring(dst, kx, tr.Y+2, 7, 1.5, colAccent)
			if !c.compact {
				drawText(dst, "range "+c.spec.RangeText(), c.rect.X, c.rect.Y+42, ctlSmall, colMuted, alignLeft)
			}
			if c.tip != "" && !c.compact {
				drawText(dst, c.tip, c.rect.X+c.rect.W, c.rect.Y+42, ctlSmall, colMuted, alignRight)
			}
		case ctrlChoice:
			drawText(dst, c.label, c.rect.X, c.rect.Y+7, ctlLabel, lc, alignLeft)
			for i, r := range c.cells {
				sel := c.spec.Choices[i] == c.spec.Choice(st)
				bg, fg := colWhite, colText
				if sel {
					bg, fg = colAccent, colWhite
				}
				fillRect(dst, r, bg)
				strokeRect(dst, r, 1, colPanelLn)
				drawText(dst, c.spec.Choices[i], r.X+r.W/2, r.Y+r.H/2, 11.5, fg, alignCenter)
			}
			if focused {
				strokeRect(dst, c.rect.Inset(-4, -2, -4, -4), 2, colFocus)
			}
		case ctrlSeed:
			drawText(dst, c.label, c.rect.X, c.rect.Y+7, ctlLabel, lc, alignLeft)
			drawText(dst, c.spec.Text(st), c.rect.X, c.rect.Y+29, 13, colAccent, alignLeft)
			for i, r := range c.cells {
				fillRect(dst, r, colWhite)
				strokeRect(dst, r, 1, colPanelLn)
				drawText(dst, []string{"–", "+", "new"}[i], r.X+r.W/2, r.Y+r.H/2, 12, colText, alignCenter)
			}
			if focused {
				strokeRect(dst, c.rect.Inset(-4, -2, -4, -2), 2, colFocus)
			}
		case ctrlButton:
			bg, fg := colWhite, colText
			if c.active {
				bg, fg = colAccent, colWhite
			}
			if c.disabled {
				fg = colMuted
			}
			fillRect(dst, c.rect, bg)
			strokeRect(dst, c.rect, 1, colPanelLn)
			drawText(dst, c.label, c.rect.X+c.rect.W/2, c.rect.Y+c.rect.H/2, 12, fg, alignCenter)
			if focused {
				strokeRect(dst, c.rect.Inset(-2, -2, -2, -2), 2, colFocus)
			}
		}
	}
}

// drawHelp draws the keyboard help overlay.
func drawHelp(dst *ebiten.Image, r state.Rect, fig string) {
	fillRect(dst, r, withAlpha(colText, 120))
	box := state.Rect{X: r.X + r.W/2 - 230, Y: r.Y + r.H/2 - 150, W: 460, H: 300}
	fillRect(dst, box, colWhite)
	strokeRect(dst, box, 1, colPanelLn)
	lines := [][2]string{
		{"Tab / Shift+Tab", "move between controls"},
		{"← → ↑ ↓", "adjust the focused slider or choice"},
		{"Shift+arrows, PgUp/PgDn", "adjust in big steps"},
		{"Home / End", "slider to its minimum / maximum"},
		{"Enter / Space", "press the focused button, next choice, new seed"},
		{"? or H", "show / hide this help"},
		{"Esc", "close help, clear focus"},
	}
	switch fig {
	case "diagram":
		lines = append(lines, [2]string{"click / drag", "pick the point (α_D, α) that drives the other figures"})
	case "train":
		lines = append(lines, [2]string{"P / S / R", "play–pause / one step / reset"})
	}
	drawText(dst, "Keyboard and mouse", box.X+20, box.Y+24, 15, colText, alignLeft)
	for i, l := range lines {
		y := box.Y + 56 + float64(i)*24
		drawText(dst, l[0], box.X+20, y, 12, colAccent, alignLeft)
		drawText(dst, l[1], box.X+190, y, 12, colText, alignLeft)
	}
	drawText(dst, "All settings live in the address: copy it to share this view.", box.X+20, box.Y+box.H-22, 11, colMuted, alignLeft)
}
