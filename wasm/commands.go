//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"
	"time"

	"flatland/sim/experiment"
	"flatland/wasm/state"

	"github.com/hajimehoshi/ebiten/v2"
)

// A figure's numbers come from sim/ computations that the command line runs
// too; Status().Commands are the `flatland` lines that reproduce them. The
// game offers them on a "copy command" button and publishes them as
// window.flatland.commands.

// commandNote is the note shown after the button was pressed.
type commandNote struct {
	lines  []string
	copied bool // the clipboard was asked to take them
	until  time.Time
}

// commandNoteTime is how long the note stays.
const commandNoteTime = 10 * time.Second

// copyButton is the control that copies cmds.
func (g *Game) copyButton(cmds []string) *control {
	return &control{id: "act:copy-command", kind: ctrlButton, label: "copy CLI command", group: "cli", action: func() {
		g.note = commandNote{lines: cmds, copied: copyText(strings.Join(cmds, "\n")), until: time.Now().Add(commandNoteTime)}
	}}
}

// drawCommandNote shows the copied command at the bottom of area.
func (g *Game) drawCommandNote(dst *ebiten.Image, area state.Rect) {
	if time.Now().After(g.note.until) || len(g.note.lines) == 0 {
		return
	}
	head := "copy this command to reproduce the figure's numbers (go run ./sim/cmd/flatland …):"
	if g.note.copied {
		head = "copied to the clipboard: the command that reproduces the figure's numbers"
	}
	const size, pad = 11.5, 8
	w := area.W - 2*pad
	var lines []string
	for _, l := range g.note.lines {
		lines = append(lines, wrapLines(l, w, size, 6)...)
	}
	lh := size * 1.45
	h := lh*float64(len(lines)+1) + 2*pad
	box := area
	box.Y, box.H = area.Y+area.H-h, h
	fillRect(dst, box, withAlpha(colSurface, 240))
	strokeRect(dst, box, 1, colPanelLn)
	y := box.Y + pad + size
	drawText(dst, head, box.X+pad, y, size, colMuted, alignLeft)
	for _, l := range lines {
		y += lh
		drawText(dst, l, box.X+pad, y, size, colText, alignLeft)
	}
}

// ignorePromise swallows a rejected clipboard promise: the note shows the
// command either way.
var ignorePromise = js.FuncOf(func(js.Value, []js.Value) any { return nil })

// copyText asks the browser to put text on the clipboard; false when the
// page cannot (no Clipboard API, or not a secure context).
func copyText(text string) (asked bool) {
	defer func() {
		if recover() != nil {
			asked = false
		}
	}()
	cb := js.Global().Get("navigator").Get("clipboard")
	if cb.IsUndefined() || !js.Global().Get("isSecureContext").Truthy() {
		return false
	}
	cb.Call("writeText", text).Call("catch", ignorePromise)
	return true
}

// resultFields are a finished run's numbers under the names `flatland train
// -json` prints them with (test_error is null when nothing was tested).
func resultFields(res experiment.Result) map[string]any {
	var testError any
	if res.TestedExamples > 0 {
		testError = res.TestError
	}
	return map[string]any{"solved": res.Solved, "train_error": res.TrainError, "test_error": testError,
		"test_examples": res.TestedExamples, "iterations": res.Iterations, "work": res.Work}
}

// sweepFields are a sweep's points under the names of `flatland sweep
// -json`: alpha, samples_done, solved and, with a test, mean_test_error
// (null until a tested solution exists).
func sweepFields(sw *experiment.Sweep) []any {
	out := make([]any, sw.Points())
	for i := range out {
		pt := sw.Point(i)
		m := map[string]any{"alpha": pt.Problem.Alpha, "alpha_d": pt.Problem.AlphaD, "samples_done": pt.Finished, "solved": pt.Solved}
		if pt.Problem.TestExamples > 0 {
			var mean any
			if len(pt.TestErrors) > 0 {
				sum := 0.0
				for _, e := range pt.TestErrors {
					sum += e
				}
				mean = sum / float64(len(pt.TestErrors))
			}
			m["mean_test_error"] = mean
		}
		out[i] = m
	}
	return out
}

// jsFloats converts for publishing.
func jsFloats(v []float64) []any {
	out := make([]any, len(v))
	for i, x := range v {
		out[i] = x
	}
	return out
}

// jsStrings converts for publishing (js.ValueOf takes []any, not []string).
func jsStrings(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
