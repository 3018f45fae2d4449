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
