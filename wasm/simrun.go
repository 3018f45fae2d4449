//go:build js && wasm

package main

import (
	"time"

	"flatland/sim/experiment"
	"flatland/wasm/state"
	"flatland/wasm/workjob"
)

// The figures' simulations are sim/experiment runs and sweeps: the pipeline
// and the seeds of the command line's train and sweep, so the command a
// figure publishes reproduces its numbers.

// errTooLarge reports problems beyond the browser budgets (state.CheckBudget).
type errTooLarge struct{ err error }

func (e errTooLarge) Error() string { return e.err.Error() }

// checkBudget refuses problems that together exceed the browser budgets.
func checkBudget(ps ...experiment.Problem) error {
	if err := state.CheckBudget(ps...); err != nil {
		return errTooLarge{err}
	}
	return nil
}

// newRun prepares one training run after the budget check; nothing is drawn
// before its first Step.
func newRun(p experiment.Problem) (*experiment.Run, error) {
	if err := checkBudget(p); err != nil {
		return nil, err
	}
	return experiment.NewRun(p)
}

// newSweep prepares short seeded runs at several points, interleaved
// (sample 0 at every point, then sample 1, ...) so that every point gets a
// first estimate early; points beyond the browser budgets are skipped with
// the reason.
func newSweep(points []experiment.Problem, samples int) (*experiment.Sweep, error) {
	return experiment.NewSweep(points, samples, experiment.Interleaved,
		func(p experiment.Problem) error { return state.CheckBudget(p) })
}

// solved reports whether a finished run reached zero training errors.
func solved(r *experiment.Run) bool {
	return r.Stage() == experiment.StageDone && r.Trainer() != nil && r.Trainer().Snapshot().Solved
}

// pooledSweep runs a sweep's training runs in the page's worker pool, one
// per worker at a time (claimed in the sweep's interleaved order, so every
// point gets a first estimate early), and on the page when there is no
// pool or once it fails. The runs are the same either way (a worker runs
// the sweep's problem with its seed), so the marks and the published
// command agree.
type pooledSweep struct {
	*experiment.Sweep
	jobs   map[int]sweepRun // pool job id -> the run it computes
	noPool bool             // everything left runs on the page
	pooled int              // runs the workers delivered
	made   time.Time
}

// sweepSettle is how long a new sweep waits before its first run: a drag
// in the diagram replaces the column's sweep every frame, and a run handed
// to a worker and then cancelled costs that worker (it is replaced).
const sweepSettle = 150 * time.Millisecond

type sweepRun struct{ point, sample int }

// newPooledSweep is newSweep run through the pool when the page has one.
func newPooledSweep(points []experiment.Problem, samples int) (*pooledSweep, error) {
	sw, err := newSweep(points, samples)
	if err != nil {
		return nil, err
	}
	return &pooledSweep{Sweep: sw, jobs: map[int]sweepRun{}, noPool: poolSize() == 0, made: time.Now()}, nil
}

// Step hands runs to idle workers and collects their results; without a
// pool it steps the sweep on the page for about budget.
func (p *pooledSweep) Step(budget time.Duration) {
	if time.Since(p.made) < sweepSettle {
		return
	}
	pollPool()
	for !p.noPool && len(p.jobs) < poolSize() {
		i, k, prob, ok := p.Claim()
		if !ok {
			break
		}
		job := workjob.Job{Kind: workjob.KindSimRun, Sim: workjob.NewSimRunJob(prob)}
		run, id := sweepRun{i, k}, 0
		id, err := poolSubmit(job, func(r workjob.Reply) { p.receive(id, run, r) }) // replies come after poolSubmit returns
		if err != nil {
			p.Return(i, k)
			p.fallBack()
			break
		}
		p.jobs[id] = run
	}
	if p.noPool || p.Claimed() == 0 {
		p.Sweep.Step(budget)
	}
}

func (p *pooledSweep) receive(id int, run sweepRun, r workjob.Reply) {
	if r.Type == workjob.ReplyProgress {
		return
	}
	delete(p.jobs, id)
	if r.Type == workjob.ReplyResult && r.Sim != nil {
		s := r.Sim.Sample()
		s.Seed = p.SampleProblem(run.point, run.sample).Seed // JSON.parse reads numbers as doubles
		p.Deliver(run.point, s)
		p.pooled++
		return
	}
	// unavailable, or an error: the page runs it (and any error shows as
	// the sweep's)
	p.Return(run.point, run.sample)
	p.fallBack()
}

// fallBack gives up the pool: the runs still out come back to the page.
func (p *pooledSweep) fallBack() {
	p.noPool = true
	for id, run := range p.jobs {
		poolCancel(id)
		p.Return(run.point, run.sample)
	}
	clear(p.jobs)
}

// Close cancels the runs still in the pool and releases the page's run.
func (p *pooledSweep) Close() {
	for id := range p.jobs {
		poolCancel(id)
	}
	clear(p.jobs)
	p.Sweep.Close()
}
