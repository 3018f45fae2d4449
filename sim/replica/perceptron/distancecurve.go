package perceptron

import (
	"fmt"
	"time"

	"flatland/sim/stepper"
)

// distanceCurve is the stepper shared by the local-entropy curves: points
// computed one distance at a time, in the given order (each continues from
// the previous one), inside a coroutine whose point solver yields at its
// quadrature checkpoints, so Step returns within about a millisecond of its
// budget. Results do not depend on the slicing.
type distanceCurve[P any] struct {
	ds     []float64
	points []P
	co     *stepper.Coroutine
}

// newDistanceCurve validates the grid (0 < d < 0.5) and prepares the curve;
// start, called in the coroutine, returns the point solver (which must call
// yield at its checkpoints). No work is done until Step.
func newDistanceCurve[P any](what string, ds []float64, start func(yield func()) (at func(d float64) (P, error), err error)) (*distanceCurve[P], error) {
	if len(ds) == 0 {
		return nil, fmt.Errorf("perceptron: %s needs at least one distance", what)
	}
	for i, d := range ds {
		if !(d > 0 && d < 0.5) {
			return nil, fmt.Errorf("perceptron: distance d[%d]=%v outside (0, 0.5)", i, d)
		}
	}
	c := &distanceCurve[P]{ds: append([]float64(nil), ds...)}
	c.co = stepper.NewCoroutine(func(yield func()) error {
		at, err := start(yield)
		if err != nil {
			return err
		}
		for _, d := range c.ds {
			pt, err := at(d)
			if err != nil {
				return err
			}
			c.points = append(c.points, pt)
			yield()
		}
		return nil
	}, nil)
	return c, nil
}

// Step runs the computation for about budget.
func (c *distanceCurve[P]) Step(budget time.Duration) (bool, error) { return c.co.Step(budget) }

// Progress is the fraction of distances done. (The coroutine only runs
// inside Step, so reading between steps is safe.)
func (c *distanceCurve[P]) Progress() float64 {
	if c.co.Done() {
		return 1
	}
	return float64(len(c.points)) / float64(len(c.ds))
}

// Points returns a copy of the points computed so far.
func (c *distanceCurve[P]) Points() []P { return append([]P(nil), c.points...) }

// Close stops the background computation of an unfinished curve.
func (c *distanceCurve[P]) Close() { c.co.Close() }
