package saddle

import "fmt"

// Continuation follows a solution branch x(p) of some equation as the control
// parameter p moves. Solve must find the solution at p starting from the
// guess x (modified in place). Next moves to a new p using a secant predictor
// from the last two accepted points; if the solve fails it retries through
// intermediate parameter values, halving the step up to MaxHalvings times.
type Continuation struct {
	Solve       func(p float64, x []float64) error
	MaxHalvings int // default 6

	p, prevP float64
	x, prevX []float64
	havePrev bool
	started  bool
	scratch  []float64
}

// Start solves at p0 from the guess x0 and makes it the current point.
func (c *Continuation) Start(p0 float64, x0 []float64) error {
	x := append([]float64(nil), x0...)
	if err := c.Solve(p0, x); err != nil {
		return err
	}
	c.p, c.x, c.started, c.havePrev = p0, x, true, false
	c.prevX = make([]float64, len(x))
	c.scratch = make([]float64, len(x))
	return nil
}

// Point returns the current parameter and solution (do not modify).
func (c *Continuation) Point() (float64, []float64) { return c.p, c.x }

func (c *Continuation) predict(p float64, out []float64) {
	copy(out, c.x)
	if !c.havePrev || c.p == c.prevP {
		return
	}
	t := (p - c.p) / (c.p - c.prevP)
	for i := range out {
		out[i] = c.x[i] + t*(c.x[i]-c.prevX[i])
	}
}

func (c *Continuation) accept(p float64, x []float64) {
	c.prevP = c.p
	copy(c.prevX, c.x)
	c.havePrev = true
	c.p = p
	copy(c.x, x)
}

// Next moves the branch to parameter p and returns the solution there
// (a view valid until the next call).
func (c *Continuation) Next(p float64) ([]float64, error) {
	if !c.started {
		return nil, fmt.Errorf("saddle: Continuation.Next before Start")
	}
	maxH := c.MaxHalvings
	if maxH <= 0 {
		maxH = 6
	}
	return c.x, c.reach(p, maxH)
}

func (c *Continuation) reach(p float64, depth int) error {
	x := c.scratch
	c.predict(p, x)
	err := c.Solve(p, x)
	if err == nil {
		c.accept(p, x)
		return nil
	}
	// the predictor may overshoot: retry from the last solution itself
	copy(x, c.x)
	if err2 := c.Solve(p, x); err2 == nil {
		c.accept(p, x)
		return nil
	}
	if depth == 0 {
		return err
	}
	mid := 0.5 * (c.p + p)
	if err := c.reach(mid, depth-1); err != nil {
		return err
	}
	return c.reach(p, depth-1)
}
