// Package stepper defines the resumable-computation contract shared by every
// long computation in Flatland (saddle-point curves, threshold searches,
// training runs, landscape maps): bounded work per call, progress in 0..1,
// identical results however the work is sliced, so a browser frame is never
// blocked.
package stepper
