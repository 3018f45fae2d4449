// Package detmath holds the elementary functions that the simulation core
// needs, written in plain float64 arithmetic so that they give bit-identical
// results on every GOARCH: exp, log, log1p, tanh, atanh, ln cosh.
//
// The standard library's math.Exp and math.Log are assembly on amd64 (and
// math.Erfc, math.Tanh, math.Pow call them) but pure Go under WebAssembly, so
// their last bits differ; a seeded Metropolis or belief-propagation run, or a
// saddle point printed to 17 digits, would then differ between the native CLI
// and the browser. Everything in sim/ goes through these instead. Exp, Log and
// Log1p follow fdlibm (within 1 ulp of math, tested); no FMA is used (none on
// the default GOAMD64=v1, none in wasm).
package detmath
