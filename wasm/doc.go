//go:build js && wasm

// Command wasm is Flatland's in-browser front end: one Ebiten program that
// draws one of five figures (diagram, entropy, landscape, train,
// generalization) from data computed live by sim/ in budgeted steps inside
// Update, so no frame is blocked. Parameters come from window.flatlandDefaults
// and the URL query (see package state), state is published every frame on
// window.flatland and written back to the address of a top-level page, and the
// embedding page can pause, resume and set parameters with postMessage (see
// bridge.go; the rules are in package state, message.go).
//
// Build: GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o dist/flatland.wasm ./wasm
package main
