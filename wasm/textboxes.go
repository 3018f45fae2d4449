//go:build js && wasm

package main

import (
	"strconv"
	"strings"

	"flatland/wasm/state"

	"github.com/hajimehoshi/ebiten/v2"
)

// textBox is the box a drawn text takes on the screen (logical px).
type textBox struct {
	r    state.Rect
	text string
}

// boxes records the text drawn onto the screen this frame, so that a browser
// test can check that no two labels overlap at any canvas size. drawText and
// drawTextRotated add to it; texts drawn into other images (a rotated label's
// cache, an export) are left out.
var boxes struct {
	screen *ebiten.Image // the frame being drawn (nil between frames)
	list   []textBox
}

// boxesEvery: the boxes are written out for the page every this many frames
// (formatting them every frame would be wasted work).
const boxesEvery = 15

// textBoxHeight is the share of the font size a line's box takes, centred on
// the y drawText gets: the cap height and most of the descenders, so that
// lines 1.45 sizes apart do not count as overlapping.
const textBoxHeight = 0.9

// recordText notes a text drawn at left x and centre y, width w.
func recordText(dst *ebiten.Image, s string, x, y, w, size float64) {
	if dst != boxes.screen || boxes.screen == nil {
		return
	}
	h := textBoxHeight * size
	boxes.list = append(boxes.list, textBox{state.Rect{X: x, Y: y - h/2, W: w, H: h}, s})
}

// recordRotated notes a text rotated by -90° centred on (x, y).
func recordRotated(dst *ebiten.Image, s string, x, y, w, size float64) {
	if dst != boxes.screen || boxes.screen == nil {
		return
	}
	h := textBoxHeight * size
	boxes.list = append(boxes.list, textBox{state.Rect{X: x - h/2, Y: y - w/2, W: h, H: w}, s})
}

// beginBoxes starts recording the text of the frame drawn into screen.
func beginBoxes(screen *ebiten.Image) {
	boxes.screen = screen
	boxes.list = boxes.list[:0]
}

// endBoxes stops recording and returns the boxes as text, one per line:
// "x y w h<TAB>text", rounded to 0.1 px.
func endBoxes() string {
	boxes.screen = nil
	var b strings.Builder
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	for _, t := range boxes.list {
		b.WriteString(f(t.r.X) + " " + f(t.r.Y) + " " + f(t.r.W) + " " + f(t.r.H) + "\t" + strings.ReplaceAll(t.text, "\n", " ") + "\n")
	}
	return b.String()
}
