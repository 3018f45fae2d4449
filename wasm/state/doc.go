// Package state holds the plain-Go logic of the Flatland front end that can be
// tested natively: the parameter table (names are the CLI's flag names), parsing
// and validation of page defaults and the URL query with plain-language error
// messages, query encoding for history.replaceState, the rules of the message
// API (who may send, type and size checks, the queue), axis tick computation
// (linear and logarithmic), number formatting for labels and read-outs, colour
// maps, and layout arithmetic. It imports neither Ebiten nor syscall/js, so
// `go test ./...` runs it on any machine.
package state
