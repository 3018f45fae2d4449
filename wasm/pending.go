//go:build js && wasm

package main

import (
	"time"

	"flatland/wasm/state"

	"github.com/hajimehoshi/ebiten/v2"
)

// pending is shown for a figure whose computing core has not landed yet.
type pending struct{ name string }

func (f *pending) SetParams(state.Params) {}
func (f *pending) Step(time.Duration)     {}
func (f *pending) Progress() float64      { return 0 }
func (f *pending) Busy() bool             { return false }
func (f *pending) Ready() bool            { return false }
func (f *pending) Err() string            { return "" }
func (f *pending) Controls() []*control   { return nil }
func (f *pending) Status() map[string]any { return nil }
func (f *pending) Draw(dst *ebiten.Image, r state.Rect, in *input) {
	message(dst, r, f.name+": computing core not yet available")
}
