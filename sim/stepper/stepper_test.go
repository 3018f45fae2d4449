package stepper_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"flatland/sim/stepper"
	"flatland/sim/stepper/steppertest"
)

// sum is a computation with n checkpoints: it adds 1..n, yielding after each.
type sum struct {
	*stepper.Coroutine
	n, i, total int
}

func newSum(n int) *sum {
	s := &sum{n: n}
	s.Coroutine = stepper.NewCoroutine(func(yield func()) error {
		for s.i < s.n {
			s.i++
			s.total += s.i
			yield()
		}
		return nil
	}, func() float64 { return float64(s.i) / float64(s.n) })
	return s
}

// count is a hand-written stepper doing n units, k per Step.
type count struct {
	n, k, done int
	err        error // returned once all units are done
}

func (c *count) Step(time.Duration) (bool, error) {
	c.done = min(c.n, c.done+c.k)
	if c.done == c.n {
		return true, c.err
	}
	return false, nil
}

func (c *count) Progress() float64 { return float64(c.done) / float64(c.n) }

func TestCoroutineResultIndependentOfSlicing(t *testing.T) {
	for _, n := range []int{1, 2, 100} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			ref := steppertest.CheckSlicing(t, func() stepper.Stepper { return newSum(n) },
				func(s stepper.Stepper) string { return fmt.Sprint(s.(*sum).total) },
				0, time.Nanosecond, time.Microsecond)
			if got, want := ref.(*sum).total, n*(n+1)/2; got != want {
				t.Errorf("total %d, want %d", got, want)
			}
		})
	}
}

func TestCoroutineStepsAtEveryCheckpointWithZeroBudget(t *testing.T) {
	s := newSum(5)
	steps := 0
	for done := false; !done; steps++ {
		var err error
		if done, err = s.Step(0); err != nil {
			t.Fatal(err)
		}
		if !done && s.i != steps+1 {
			t.Errorf("step %d: %d units done, want one per step", steps+1, s.i)
		}
	}
	// five pauses, then the step in which the computation returns
	if steps != 6 || s.total != 15 || s.Progress() != 1 {
		t.Errorf("%d steps, total %d, progress %g; want 6, 15, 1", steps, s.total, s.Progress())
	}
}

func TestCoroutineErrors(t *testing.T) {
	boom := errors.New("boom")
	cases := []struct {
		name string
		work func(yield func()) error
		want string // the error's text after the computation ended
	}{
		{"returns an error", func(yield func()) error { yield(); return boom }, "boom"},
		{"returns nil", func(yield func()) error { yield(); return nil }, "<nil>"},
		{"exits its goroutine", func(yield func()) error { yield(); runtime.Goexit(); return nil }, "without returning"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			co := stepper.NewCoroutine(c.work, nil)
			if err := stepper.Run(context.Background(), co, 0); !strings.Contains(fmt.Sprint(err), c.want) {
				t.Errorf("Run: %v, want %q", err, c.want)
			}
			// a finished coroutine keeps reporting the same outcome
			if done, err := co.Step(time.Second); !done || !strings.Contains(fmt.Sprint(err), c.want) {
				t.Errorf("Step after the end: %v %v", done, err)
			}
		})
	}
}

// A panic inside the computation surfaces in the goroutine that called Step,
// where the caller can recover it, and the stepper then reports an error.
func TestCoroutinePanicReachesCaller(t *testing.T) {
	c := stepper.NewCoroutine(func(yield func()) error {
		yield()
		panic("boom")
	}, nil)
	got := func() (r any) {
		defer func() { r = recover() }()
		c.Step(time.Second)
		return nil
	}()
	if got != "boom" {
		t.Fatalf("recovered %v, want the computation's panic", got)
	}
	if done, err := c.Step(time.Second); !done || err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("after the panic: done %v, error %v; want done with an error naming the panic", done, err)
	}
}

// Close unwinds an abandoned computation before it returns: the
// computation's deferred calls have run, so its goroutine is gone.
func TestCoroutineClose(t *testing.T) {
	cases := []struct {
		name      string
		steps     int  // Steps before Close
		unwound   bool // whether the computation's defer must have run at Close
		wantErr   error
		wantTotal int
	}{
		{"never started", 0, false, stepper.ErrClosed, 0},
		{"mid-way", 2, true, stepper.ErrClosed, 3},
		{"finished", 20, true, nil, 55},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			unwound := false
			s := newSum(10)
			s.Coroutine = stepper.NewCoroutine(func(yield func()) error {
				defer func() { unwound = true; yield() }() // a yield while unwinding must not block Close
				for s.i < s.n {
					s.i++
					s.total += s.i
					yield()
				}
				return nil
			}, nil)
			for k := 0; k < c.steps; k++ {
				s.Step(0)
			}
			s.Close()
			if unwound != c.unwound {
				t.Errorf("computation unwound: %v, want %v", unwound, c.unwound)
			}
			done, err := s.Step(time.Second)
			if !done || err != c.wantErr || s.total != c.wantTotal || s.Progress() != 1 {
				t.Errorf("after Close: done %v, err %v, total %d, progress %g; want done, %v, %d, 1", done, err, s.total, s.Progress(), c.wantErr, c.wantTotal)
			}
			s.Close() // a second Close is harmless
		})
	}
}

func TestSequenceProgress(t *testing.T) {
	cases := []struct {
		name   string
		stages []stepper.Stage
		want   []float64 // Progress after each Step(0)
	}{
		{"equal weights", []stepper.Stage{{1, &count{n: 2, k: 1}}, {1, &count{n: 2, k: 1}}}, []float64{0.25, 0.5, 0.75, 1}},
		{"weighted", []stepper.Stage{{0.2, &count{n: 2, k: 1}}, {0.8, &count{n: 4, k: 1}}}, []float64{0.1, 0.2, 0.4, 0.6, 0.8, 1}},
		{"bad weights count as zero", []stepper.Stage{{math.NaN(), &count{n: 1, k: 1}}, {-1, &count{n: 1, k: 1}}, {2, &count{n: 2, k: 1}}}, []float64{0, 0, 0.5, 1}},
		{"no positive weight: equal", []stepper.Stage{{0, &count{n: 1, k: 1}}, {0, &count{n: 1, k: 1}}}, []float64{0.5, 1}},
		{"no stages", nil, []float64{1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := stepper.Weighted(c.stages...)
			var got []float64
			for done := false; !done; {
				var err error
				if done, err = s.Step(0); err != nil {
					t.Fatal(err)
				}
				got = append(got, s.Progress())
			}
			if len(got) != len(c.want) {
				t.Fatalf("progress %v, want %v", got, c.want)
			}
			for i := range got {
				if math.Abs(got[i]-c.want[i]) > 1e-12 {
					t.Fatalf("progress %v, want %v", got, c.want)
				}
			}
			if s.Current() != len(c.stages) {
				t.Errorf("current stage %d at the end, want %d", s.Current(), len(c.stages))
			}
		})
	}
}

// A Later stage is built only when the stages before it are done, so it can
// use their results; a stage's error ends the sequence and is remembered.
func TestSequenceLaterAndErrors(t *testing.T) {
	first := newSum(4)
	var second *sum
	s := stepper.Sequence(first, stepper.Later(func() (stepper.Stepper, error) {
		second = newSum(first.total) // 10
		return second, nil
	}), stepper.Later(func() (stepper.Stepper, error) { return nil, nil }))
	if err := stepper.Run(context.Background(), s, time.Hour); err != nil {
		t.Fatal(err)
	}
	if second == nil || second.total != 55 {
		t.Fatalf("second stage %+v, want the sum 1..10", second)
	}

	boom := errors.New("boom")
	failing := &count{n: 3, k: 1, err: boom}
	never := &count{n: 3, k: 1}
	s = stepper.Sequence(failing, never)
	if err := stepper.Run(context.Background(), s, 0); err != boom {
		t.Errorf("Run: %v, want boom", err)
	}
	if done, err := s.Step(time.Hour); !done || err != boom || never.done != 0 || s.Progress() != 1 {
		t.Errorf("after the error: %v %v, next stage did %d units, progress %g", done, err, never.done, s.Progress())
	}
	s = stepper.Sequence(stepper.Later(func() (stepper.Stepper, error) { return nil, boom }), never)
	if done, err := s.Step(time.Hour); !done || err != boom || never.done != 0 {
		t.Errorf("failing Later: %v %v, next stage did %d units", done, err, never.done)
	}
}

func TestSequenceResultIndependentOfSlicing(t *testing.T) {
	type pipeline struct {
		*stepper.Seq
		a, b *sum
	}
	steppertest.CheckSlicing(t, func() stepper.Stepper {
		p := &pipeline{a: newSum(20)}
		p.Seq = stepper.Weighted(stepper.Stage{Weight: 1, Stepper: p.a}, stepper.Stage{Weight: 3, Stepper: stepper.Later(func() (stepper.Stepper, error) {
			p.b = newSum(p.a.total % 37)
			return p.b, nil
		})})
		return p
	}, func(s stepper.Stepper) string {
		p := s.(*pipeline)
		return fmt.Sprint(p.a.total, p.b.total)
	})
}

func TestJob(t *testing.T) {
	boom := errors.New("boom")
	cases := []struct {
		name      string
		job       *stepper.Job
		steps     int
		wantSteps int // Steps the wrapped stepper saw
		wantDone  bool
		wantErr   error
	}{
		{"nil job is idle", nil, 3, 0, false, nil},
		{"job without stepper is idle", stepper.NewJob(nil), 3, 0, false, nil},
		{"finishes and stops stepping", stepper.NewJob(&count{n: 2, k: 1}), 5, 2, true, nil},
		{"remembers the first error", stepper.NewJob(&count{n: 2, k: 1, err: boom}), 5, 2, true, boom},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for k := 0; k < c.steps; k++ {
				c.job.Step(0)
			}
			inner, _ := c.job.Stepper().(*count)
			if inner != nil && inner.done != c.wantSteps {
				t.Errorf("stepper did %d units, want %d", inner.done, c.wantSteps)
			}
			if c.job.Done() != c.wantDone || c.job.Err() != c.wantErr || c.job.Busy() || c.job.Progress() != 1 {
				t.Errorf("done %v err %v busy %v progress %g; want %v %v false 1", c.job.Done(), c.job.Err(), c.job.Busy(), c.job.Progress(), c.wantDone, c.wantErr)
			}
		})
	}
}

func TestJobClose(t *testing.T) {
	s := newSum(10)
	j := stepper.NewJob(s)
	j.Step(0)
	if !j.Busy() || j.Progress() != 0.1 {
		t.Fatalf("busy %v progress %g after one unit", j.Busy(), j.Progress())
	}
	j.Close()
	if j.Busy() || j.Err() != stepper.ErrClosed || !s.Done() || s.Err() != stepper.ErrClosed {
		t.Errorf("after Close: job busy %v err %v; coroutine done %v err %v", j.Busy(), j.Err(), s.Done(), s.Err())
	}
}

func TestRunStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c := &count{n: 5, k: 1}
	if err := stepper.Run(ctx, c, time.Hour); err != context.Canceled || c.done != 0 {
		t.Errorf("Run on a cancelled context: %v after %d units", err, c.done)
	}
}

// recorder is a steppertest.T that records failures instead of failing.
type recorder struct{ errs []string }

func (r *recorder) Helper()                   {}
func (r *recorder) Errorf(f string, a ...any) { r.errs = append(r.errs, fmt.Sprintf(f, a...)) }
func (r *recorder) Fatalf(f string, a ...any) { r.Errorf(f, a...) }
func (r *recorder) failed(substr string) bool {
	for _, e := range r.errs {
		if strings.Contains(e, substr) {
			return true
		}
	}
	return false
}

// sliceCounter's result depends on the slicing: the check must notice.
type sliceCounter struct{ count }

func (s *sliceCounter) Step(b time.Duration) (bool, error) {
	s.k = 1 + int(b/time.Hour) // a huge budget does everything at once
	return s.count.Step(b)
}

// backwards reports decreasing progress.
type backwards struct{ count }

func (b *backwards) Progress() float64 { return 1 - b.count.Progress()/2 }

// CheckSlicing itself fails on steppers that break the contract.
func TestCheckSlicingCatchesBrokenSteppers(t *testing.T) {
	cases := []struct {
		name   string
		new    func() stepper.Stepper
		result func(stepper.Stepper) string
		want   string // part of the expected failure
	}{
		{"result depends on slicing", func() stepper.Stepper { return &sliceCounter{count{n: 5}} },
			func(s stepper.Stepper) string { return fmt.Sprint(s.(*sliceCounter).k) }, "changed the result"},
		{"nothing sliced", func() stepper.Stepper { return &count{n: 5, k: 5} },
			func(stepper.Stepper) string { return "" }, "did not slice"},
		{"progress goes backwards", func() stepper.Stepper { return &backwards{count{n: 5, k: 1}} },
			func(stepper.Stepper) string { return "" }, "non-decreasing"},
		{"error depends on slicing", func() stepper.Stepper {
			c := &sliceCounter{count{n: 5}}
			c.err = errors.New("x")
			return &errorOnTiny{c}
		}, func(stepper.Stepper) string { return "" }, "error"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := &recorder{}
			steppertest.CheckSlicing(r, c.new, c.result)
			if !r.failed(c.want) {
				t.Errorf("failures %q, want one containing %q", r.errs, c.want)
			}
		})
	}
	r := &recorder{}
	steppertest.CheckSlicing(r, func() stepper.Stepper { return &count{n: 5, k: 1} }, func(s stepper.Stepper) string { return fmt.Sprint(s.(*count).done) })
	if len(r.errs) != 0 {
		t.Errorf("a correct stepper failed the check: %q", r.errs)
	}
}

// errorOnTiny fails only when sliced.
type errorOnTiny struct{ *sliceCounter }

func (e *errorOnTiny) Step(b time.Duration) (bool, error) {
	done, _ := e.sliceCounter.Step(b)
	if done && b < time.Hour {
		return true, e.err
	}
	return done, nil
}

// A deadline passed while a computation never blocks: under WebAssembly the
// context's timer has not fired yet (ctx.Err() is nil), Expired still says so.
func TestExpiredWithoutBlocking(t *testing.T) {
	Expired := stepper.Expired
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	if err := Expired(ctx); err != nil {
		t.Fatalf("expired at once: %v", err)
	}
	for start := time.Now(); time.Since(start) < 20*time.Millisecond; {
		// busy: no channel operation, no sleep
	}
	if err := Expired(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("after the deadline: %v, want context.DeadlineExceeded", err)
	}
	done, stop := context.WithCancel(context.Background())
	stop()
	if err := Expired(done); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled context: %v", err)
	}
}

// StepStage never starts the next stage in the same call, however large the
// budget; Step does.
func TestSequenceStepStage(t *testing.T) {
	s := stepper.Sequence(&count{n: 1, k: 1}, &count{n: 1, k: 1}, &count{n: 1, k: 1})
	for want := 1; want <= 3; want++ {
		done, err := s.StepStage(time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if s.Current() != want || done != (want == 3) {
			t.Fatalf("after StepStage %d: current %d, done %v", want, s.Current(), done)
		}
	}
	all := stepper.Sequence(&count{n: 1, k: 1}, &count{n: 1, k: 1}, &count{n: 1, k: 1})
	if done, err := all.Step(time.Hour); !done || err != nil {
		t.Errorf("Step with a large budget: done %v, err %v; want every stage done", done, err)
	}
}
