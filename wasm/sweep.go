//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"time"
)

// sweep runs short seeded training runs at several points, one after another
// in budgeted steps, interleaving the points (sample 0 at every point, then
// sample 1, ...) so that every point gets a first estimate early.
type sweep struct {
	points  []instance // one per point; seed is the base seed
	samples int
	next    int // index of the next run in interleaved order
	cur     *run
	curIdx  int
	// results per point
	solved, finished []int
	skipped          []bool      // instance beyond the browser budgets
	skipReason       string      // why the first skipped point was skipped
	testErr          [][]float64 // test errors of finished runs (teacher labels)
	err              error
}

func newSweep(points []instance, samples int) *sweep {
	return &sweep{points: points, samples: samples, solved: make([]int, len(points)), skipped: make([]bool, len(points)),
		finished: make([]int, len(points)), testErr: make([][]float64, len(points))}
}

func (s *sweep) total() int { return len(s.points) * s.samples }

func (s *sweep) done() bool { return s.err != nil || (s.cur == nil && s.next >= s.total()) }

// Step advances the sweep by about budget.
func (s *sweep) Step(budget time.Duration) {
	start := time.Now()
	for !s.done() && time.Since(start) < budget {
		if s.cur == nil {
			k := s.next
			s.next++
			s.curIdx = k % len(s.points)
			in := s.points[s.curIdx]
			in.seed = in.seed*1000 + uint64(k/len(s.points)) // distinct, reproducible instance per sample
			r, err := newRun(in)
			var tl errTooLarge
			if errors.As(err, &tl) {
				s.skipped[s.curIdx] = true // not run, counted as done, said by skippedNote
				if s.skipReason == "" {
					s.skipReason = tl.Error()
				}
				continue
			}
			if err != nil {
				s.err = err
				return
			}
			s.cur = r
		}
		done, err := s.cur.Step(budget - time.Since(start))
		if err != nil {
			s.err = fmt.Errorf("simulation: %v", err)
			return
		}
		if done {
			i := s.curIdx
			s.finished[i]++
			if s.cur.solved() {
				s.solved[i]++
			}
			if s.points[i].testExamples > 0 && s.cur.solved() { // test errors of solutions only
				s.testErr[i] = append(s.testErr[i], s.cur.testError)
			}
			s.cur = nil
		}
	}
}

// skippedNote says how many points were not simulated and why ("" if none).
func (s *sweep) skippedNote() string {
	n := 0
	for _, k := range s.skipped {
		if k {
			n++
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%d of %d simulation points not run: %s", n, len(s.points), s.skipReason)
}

// Progress counts finished runs plus the fraction of the current one.
func (s *sweep) Progress() float64 {
	if s.total() == 0 {
		return 1
	}
	f := float64(s.next)
	if s.cur != nil {
		f = float64(s.next-1) + s.cur.Progress()
	}
	return f / float64(s.total())
}
