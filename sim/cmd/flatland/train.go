package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"flatland/sim/experiment"
	"flatland/sim/stepper"
	"flatland/sim/train"
)

// The training commands (train, sweep, flatness) run sim/experiment's
// pipeline: the same stepped runs as the browser figures, stepped here to
// completion or to the -max-seconds deadline.

// usage turns a validation error into a usage error (exit status 2).
func usage(err error) error {
	if err == nil {
		return nil
	}
	return usageError{err.Error()}
}

// deadline returns the context that bounds the whole command (-max-seconds).
func deadline(l experiment.Limits) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), time.Duration(l.MaxSeconds*float64(time.Second)))
}

// cutShortReason is the note printed with a result cut short by the deadline.
func cutShortReason(l experiment.Limits, during string) string {
	return fmt.Sprintf("the -max-seconds %g limit was reached during %s", l.MaxSeconds, during)
}

// slice is the longest Step of the CLI's loops: the deadline is checked
// between Steps, so a command overshoots -max-seconds by at most about this.
const slice = 20 * time.Millisecond

// runUntil steps s until it is done, fails, or ctx's deadline passes (done
// false, no error).
func runUntil(ctx context.Context, s stepper.Stepper) (bool, error) {
	for {
		if stepper.Expired(ctx) != nil {
			return false, nil
		}
		budget := slice
		if d, ok := ctx.Deadline(); ok {
			budget = max(0, min(budget, time.Until(d)))
		}
		done, err := s.Step(budget)
		if err != nil || done {
			return done, err
		}
	}
}

// checkProblem validates the problem, the limits and the estimated memory
// of its points with algos, as usage errors.
func checkProblem(p experiment.Problem, l experiment.Limits, points []experiment.Problem, algos ...string) error {
	if err := p.Validate(); err != nil {
		return usage(err)
	}
	if err := l.Validate(); err != nil {
		return usage(err)
	}
	for _, q := range points {
		if err := q.Validate(); err != nil {
			return usage(err)
		}
	}
	return usage(l.CheckMemory(points, algos...))
}

func init() {
	register("train", "train a binary network with one algorithm ("+strings.Join(train.Names, "|")+")", runTrain)
}

func runTrain(args []string, out *Output) error {
	var p experiment.Problem
	var lim experiment.Limits
	fs := newFlagSet("train", out)
	experiment.RegisterFlags(fs, &p)
	experiment.RegisterLimitFlags(fs, &lim, 60)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkProblem(p, lim, []experiment.Problem{p}); err != nil {
		return err
	}
	ctx, cancel := deadline(lim)
	defer cancel()
	r, err := experiment.NewRun(p)
	if err != nil {
		return usage(err)
	}
	defer r.Close()
	if _, err := runUntil(ctx, r); err != nil {
		return err
	}
	return out.Emit(trainRecord(p, r.Result(), lim))
}

// trainRecord is train's output line for the result of p's run.
func trainRecord(p experiment.Problem, res experiment.Result, lim experiment.Limits) Record {
	rec := Record{{"algo", p.Algo}, {"model", p.Model}, {"labels", p.Labels}, {"n", p.N}, {"alpha", p.Alpha},
		{"p", p.P()}, {"seed", p.Seed}}
	if !res.Trained {
		return append(rec, Field{"solved", nil}, Field{"train_error", nil}, Field{"test_error", nil}, Field{"test_examples", 0},
			Field{"iterations", nil}, Field{"work", nil}, Field{"seconds", nil}, Field{"timed_out", true}, Field{"cut_short", true},
			Field{"reason", note(cutShortReason(lim, res.CutShort))})
	}
	timedOut := res.Stage <= experiment.StageTrain
	rec = append(rec, Field{"solved", res.Solved}, Field{"train_error", res.TrainError},
		Field{"test_error", orNil(res.TestError, res.TestedExamples > 0)}, Field{"test_examples", res.TestedExamples},
		Field{"iterations", res.Iterations}, Field{"work", res.Work}, Field{"seconds", res.TrainSeconds},
		Field{"timed_out", timedOut}, Field{"cut_short", res.Stage != experiment.StageDone})
	if res.HasTeacherOverlap {
		rec = append(rec, Field{"teacher_overlap", res.TeacherOverlap})
	}
	if res.CutShort != "" {
		rec = append(rec, Field{"reason", note(cutShortReason(lim, res.CutShort))})
	}
	return rec
}

// orNil returns v if ok and nil (JSON null, "-" in tables) otherwise.
func orNil(v float64, ok bool) any {
	if ok {
		return v
	}
	return nil
}
