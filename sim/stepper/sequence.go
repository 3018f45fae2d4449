package stepper

import (
	"math"
	"time"
)

// Stage is one part of a Weighted sequence: its stepper and its share of the
// progress, relative to the other stages' weights (for example its rough
// share of the running time).
type Stage struct {
	Weight  float64
	Stepper Stepper
}

// Seq runs stages one after another within each Step's budget. It remembers
// the first error: a failed stage ends the sequence.
type Seq struct {
	stages  []Stage
	total   float64 // sum of the weights
	current int     // index of the running stage; len(stages) when done
	err     error
}

// Sequence runs the steppers one after another; each counts equally in
// Progress.
func Sequence(steppers ...Stepper) *Seq {
	stages := make([]Stage, len(steppers))
	for i, s := range steppers {
		stages[i] = Stage{Weight: 1, Stepper: s}
	}
	return Weighted(stages...)
}

// Weighted runs the stages one after another; Progress is the weighted sum
// of the stages' progress. A weight that is not a positive finite number
// counts as 0; if no weight is positive, every stage counts equally.
func Weighted(stages ...Stage) *Seq {
	s := &Seq{stages: append([]Stage(nil), stages...)}
	for i := range s.stages {
		if w := s.stages[i].Weight; !(w > 0) || math.IsInf(w, 0) {
			s.stages[i].Weight = 0
		}
		s.total += s.stages[i].Weight
	}
	if s.total == 0 {
		for i := range s.stages {
			s.stages[i].Weight = 1
		}
		s.total = float64(len(s.stages))
	}
	return s
}

// Step runs the current stage for what is left of budget; when it finishes
// and time is left, the next stage starts in the same Step.
func (s *Seq) Step(budget time.Duration) (bool, error) { return s.step(budget, false) }

// StepStage runs the current stage only: when it finishes, the next one
// waits for the next call (a front end that lets the reader start each
// stage, such as training after the data are drawn, uses it).
func (s *Seq) StepStage(budget time.Duration) (bool, error) { return s.step(budget, true) }

func (s *Seq) step(budget time.Duration, oneStage bool) (bool, error) {
	if s.err != nil {
		return true, s.err
	}
	start := time.Now()
	for s.current < len(s.stages) {
		done, err := s.stages[s.current].Stepper.Step(max(0, budget-time.Since(start)))
		if err != nil {
			s.err = err
			return true, err
		}
		if !done {
			return false, nil
		}
		s.current++
		if oneStage || time.Since(start) >= budget {
			break
		}
	}
	return s.current == len(s.stages), nil
}

// Progress is the weighted fraction of the work done, 0..1.
func (s *Seq) Progress() float64 {
	if s.current == len(s.stages) || s.err != nil {
		return 1
	}
	p := 0.0
	for _, st := range s.stages[:s.current] {
		p += st.Weight
	}
	cur := s.stages[s.current]
	p += cur.Weight * clamp01(cur.Stepper.Progress())
	return clamp01(p / s.total)
}

// Current is the index of the running stage (the number of stages once the
// sequence is done), so a caller can show which stage is running.
func (s *Seq) Current() int { return s.current }

// later is a stepper built when it is first stepped.
type later struct {
	start func() (Stepper, error)
	built bool
	s     Stepper // nil after start: nothing to do
	err   error
}

// Later returns a stepper that calls start at its first Step and then steps
// what start returned (nil: nothing to do). In a Sequence, start runs only
// once the stages before it are done, so it can use their results. An error
// of start ends the stepper with that error.
func Later(start func() (Stepper, error)) Stepper { return &later{start: start} }

func (l *later) Step(budget time.Duration) (bool, error) {
	if !l.built {
		t0 := time.Now()
		l.built = true
		l.s, l.err = l.start()
		budget -= time.Since(t0)
	}
	if l.err != nil {
		return true, l.err
	}
	if l.s == nil {
		return true, nil
	}
	return l.s.Step(max(0, budget))
}

func (l *later) Progress() float64 {
	switch {
	case !l.built:
		return 0
	case l.err != nil || l.s == nil:
		return 1
	}
	return l.s.Progress()
}
