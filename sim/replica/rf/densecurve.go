package rf

import (
	"fmt"
	"math"
	"time"

	"flatland/sim/detmath"
	"flatland/sim/stepper"
)

// DenseCurve computes the dense-region curve S_I(d), DERIVATION.md eqs.
// (32)-(43), at one (alpha, alpha_D) as a stepper, for the local-entropy
// figure: the first point is the top of the curve (d*, phi) of eq. (41),
// then N points geometrically spaced from d* down to DMin, by continuation.
// Above the threshold (42) the branch folds (a dip, then the end): the curve
// then stops early without error, and EndErr says why.
type DenseCurve struct {
	model         Model
	alpha, alphaD float64
	dMin          float64
	n             int
	points        []DensePoint
	dStar         float64
	endErr        error
	co            *stepper.Coroutine
}

// NewDenseCurve validates the parameters (0 < dMin < 0.2, 2 <= n <= 1000);
// no work is done until Step. alpha_D = +Inf is the perceptron limit (43).
func NewDenseCurve(m Model, alpha, alphaD, dMin float64, n int) (*DenseCurve, error) {
	if _, err := m.NewDense(alpha, alphaD); err != nil {
		return nil, err
	}
	if !(dMin > 0 && dMin < 0.2) || n < 2 || n > 1000 {
		return nil, fmt.Errorf("rf: dense-region curve needs 0 < d_min < 0.2 and 2 <= points <= 1000 (got d_min=%v, %d points)", dMin, n)
	}
	c := &DenseCurve{model: m, alpha: alpha, alphaD: alphaD, dMin: dMin, n: n}
	c.co = stepper.NewCoroutine(c.work, c.progress)
	return c, nil
}

func (c *DenseCurve) work(tick func()) error {
	m := c.model
	m.tick = tick
	f, err := m.NewDense(c.alpha, c.alphaD)
	if err != nil {
		return err
	}
	if err := f.start(); err != nil {
		return err
	}
	c.dStar = f.dStar
	if c.dStar <= c.dMin {
		return fmt.Errorf("rf: the dense-region curve at alpha=%g alpha_D=%g has its maximum at d* = %.4g, below d_min = %g", c.alpha, c.alphaD, c.dStar, c.dMin)
	}
	c.points = append(c.points, f.top)
	ratio := c.dMin / c.dStar
	for k := 1; k <= c.n; k++ {
		d := c.dStar * pow(ratio, float64(k)/float64(c.n))
		if k == c.n {
			d = c.dMin
		}
		pt, err := f.At(d)
		if err != nil {
			c.endErr = err
			return nil
		}
		c.points = append(c.points, pt)
	}
	return nil
}

// progress is the fraction of ln d covered from d* to DMin.
func (c *DenseCurve) progress() float64 {
	if len(c.points) < 2 {
		return 0
	}
	d := c.points[len(c.points)-1].D
	return math.Min(1, detmath.Log(c.dStar/d)/detmath.Log(c.dStar/c.dMin))
}

// Step advances the computation by about budget.
func (c *DenseCurve) Step(budget time.Duration) (bool, error) { return c.co.Step(budget) }

// Progress is 0..1.
func (c *DenseCurve) Progress() float64 { return c.co.Progress() }

// Points returns the curve computed so far, in order of decreasing d (the
// first is the top, S_I(d*) = phi with P = 0).
func (c *DenseCurve) Points() []DensePoint { return append([]DensePoint(nil), c.points...) }

// NonMonotone reports whether the curve computed so far has a negative
// slope somewhere below d* (alpha above alpha_LD).
func (c *DenseCurve) NonMonotone() bool {
	for _, p := range c.points[min(1, len(c.points)):] {
		if p.Slope < 0 {
			return true
		}
	}
	return false
}

// EndErr is why the curve stopped before DMin (nil if it did not): past the
// threshold, the end of the branch (a fold in d).
func (c *DenseCurve) EndErr() error { return c.endErr }

// Close releases an unfinished computation.
func (c *DenseCurve) Close() { c.co.Close() }
