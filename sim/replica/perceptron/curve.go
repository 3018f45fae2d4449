package perceptron

import (
	"fmt"
	"math"
	"time"

	"flatland/sim/saddle"
)

// StorageCurve is a stepper computing the storage saddle points phi(alpha)
// on an increasing grid of loads at fixed margin, by continuation in alpha.
// Results do not depend on how the work is sliced.
type StorageCurve struct {
	Kappa  float64
	alphas []float64
	points []StoragePoint
	ev     evaluator
	cont   saddle.Continuation
	err    error
}

// NewStorageCurve prepares the curve; alphas must be positive and increasing.
func NewStorageCurve(kappa float64, alphas []float64) (*StorageCurve, error) {
	for i, a := range alphas {
		if !(a > 0) || math.IsInf(a, 0) || (i > 0 && a <= alphas[i-1]) {
			return nil, fmt.Errorf("perceptron: storage curve needs positive increasing alphas (alpha[%d]=%v)", i, a)
		}
	}
	if math.IsNaN(kappa) || math.IsInf(kappa, 0) {
		return nil, fmt.Errorf("perceptron: storage curve needs a finite kappa")
	}
	c := &StorageCurve{Kappa: kappa, alphas: append([]float64(nil), alphas...)}
	c.cont = saddle.Continuation{Solve: func(a float64, x []float64) error {
		_, err := c.ev.solveStorage(a, c.Kappa, x)
		return err
	}, MaxHalvings: 8}
	return c, nil
}

// Step computes points until the budget is spent (at least one per call).
func (c *StorageCurve) Step(budget time.Duration) (bool, error) {
	start := time.Now()
	for len(c.points) < len(c.alphas) {
		if c.err != nil {
			return true, c.err
		}
		a := c.alphas[len(c.points)]
		var err error
		if len(c.points) == 0 {
			var p StoragePoint
			if p, err = c.ev.storageAt(a, c.Kappa); err == nil {
				err = c.cont.Start(a, []float64{p.Q, p.QHat})
			}
		} else {
			_, err = c.cont.Next(a)
		}
		if err != nil {
			c.err = err
			return true, err
		}
		_, x := c.cont.Point()
		c.points = append(c.points, c.ev.storagePoint(a, c.Kappa, x[0], x[1]))
		if time.Since(start) >= budget {
			break
		}
	}
	return len(c.points) == len(c.alphas), nil
}

// Progress is the fraction of points done.
func (c *StorageCurve) Progress() float64 { return float64(len(c.points)) / float64(len(c.alphas)) }

// Points returns a copy of the points computed so far.
func (c *StorageCurve) Points() []StoragePoint { return append([]StoragePoint(nil), c.points...) }
