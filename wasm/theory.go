//go:build js && wasm

package main

import (
	"errors"
	"time"
)

// Bridges to sim/replica/rf. Each returns a stepper with a snapshot of its
// points so far.

// diagramTheory computes alpha_c and alpha_LE over a grid of alpha_D.
type diagramTheory interface {
	Step(budget time.Duration) (bool, error)
	Progress() float64
	Points() (alphaD, alphaC, alphaLE []float64)
}

var errNoCore = errors.New("theory: computing core not yet available")

func newDiagramTheory(act, labels string) (diagramTheory, error) { return nil, errNoCore }

// curveData is one curve: x values d and y values.
type curveData struct{ d, y []float64 }

// entropyTheory computes the local-entropy curves at one point.
type entropyTheory interface {
	Step(budget time.Duration) (bool, error)
	Progress() float64
	Curves() (typical, flat curveData)
	Note() string // e.g. "flat-minima curve non-monotone: dense region broken up"
	Close()
}

func newEntropyTheory(act, labels string, alpha, alphaD float64) (entropyTheory, error) {
	return nil, errNoCore
}

// generalizationTheory computes eps_typical, eps_bayes, eps_flat over alpha at fixed alpha_T = P/D.
type generalizationTheory interface {
	Step(budget time.Duration) (bool, error)
	Progress() float64
	Points() (alpha, epsTypical, epsBayes, epsFlat []float64)
	Close()
}

func newGeneralizationTheory(act, labels string, alphaT float64) (generalizationTheory, error) {
	return nil, errNoCore
}
