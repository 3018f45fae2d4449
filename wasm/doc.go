//go:build js && wasm

// Command wasm is Flatland's in-browser front end: one Ebiten program that
// draws one of six figures (diagram, entropy, landscape, train,
// generalization, deep) from data computed live by sim/ in budgeted steps
// inside Update, so no frame is blocked; independent computations (the
// diagram's thresholds, the deep networks) may run in Web Workers instead
// (pool.go). Frames redraw only when something changed or, while computing,
// a few times a second (state.Redraw): an unchanged canvas keeps its picture
// and the time goes to the computation. Parameters come from
// window.flatlandDefaults and the URL query (see package state), state is
// published on window.flatland (every drawn frame, and every 100 ms
// otherwise) and written back to the address of a top-level page, and the
// embedding page can pause, resume and set parameters with postMessage (see
// bridge.go; the rules are in package state, message.go).
//
// Build: GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o dist/flatland.wasm ./wasm
package main
