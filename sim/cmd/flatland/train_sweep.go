package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"flatland/sim/experiment"
	"flatland/sim/landscape"
	"flatland/sim/stepper"
)

func init() {
	register("sweep", "success fraction of one algorithm versus alpha (one line per alpha)", runSweep)
	register("flatness", "local energy curve of the solutions found by several algorithms (one line per algorithm)", runFlatness)
}

// Default -max-seconds of the multi-run commands (train: 60). Flatness's
// defaults (SA, RSA and CP+R at N = 1001, 5 x 200 flip sets) take about 10 s
// of CPU, a default sweep (60 CP+R runs up to alpha = 0.8) up to a minute;
// the limits leave room for a few times larger N before cutting short.
const (
	sweepSeconds    = 600
	flatnessSeconds = 300
)

// runSweep prints one line per alpha of its share (-shard). The lines hold
// no wall-clock time, so a sweep's output is a function of its flags (as
// long as -max-seconds does not cut it short), and the outputs of the shares
// 1..n concatenated in order are the output of the whole sweep.
func runSweep(args []string, out *Output) error {
	var p experiment.Problem
	var lim experiment.Limits
	fs := newFlagSet("sweep", out)
	experiment.RegisterFlags(fs, &p, "alpha", "test")
	fs.IntVar(&p.TestExamples, "test", 0, "fresh examples tested by each run (0: none); the lines then give the test error of the solutions found")
	experiment.RegisterLimitFlags(fs, &lim, sweepSeconds)
	alphas := fs.String("alphas", "0.3,0.4,0.5,0.6,0.7,0.8", "comma-separated alphas")
	samples := fs.Int("samples", 10, "instances per alpha (seeds seed, seed+1, ...)")
	shard := fs.String("shard", "1/1", "run share i/n of the alphas: a contiguous block, the outputs of shares 1..n concatenated in order are the whole sweep's")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	as, err := parseFloatList(*alphas)
	if err != nil {
		return usagef("-alphas: %v", err)
	}
	if err := checkRange("samples", float64(*samples), 1, 1e5); err != nil {
		return err
	}
	sh, err := experiment.ParseShard(*shard)
	if err != nil {
		return usagef("-shard %v", err)
	}
	points := make([]experiment.Problem, len(as))
	for i, a := range as {
		points[i] = p
		points[i].Alpha = a
	}
	// every share checks every point, so all shares refuse a sweep alike
	if err := checkProblem(p, lim, points); err != nil {
		return err
	}
	lo, hi := sh.Range(len(points))
	out.continued = sh.Index > 1
	return emitSweep(points[lo:hi], *samples, lim, out, func(notRun []experiment.Problem) string {
		as := make([]float64, len(notRun))
		for i, q := range notRun {
			as[i] = q.Alpha
		}
		return "alphas not run: " + joinFloats(as)
	})
}

// emitSweep runs the points (samples instances each) and prints one line per point as it completes;
// when -max-seconds cuts it short, the interrupted point's line says so and what was not run
// (notRun names the points after it).
func emitSweep(points []experiment.Problem, samples int, lim experiment.Limits, out *Output, notRun func([]experiment.Problem) string) error {
	sw, err := experiment.NewSweep(points, samples, experiment.PointByPoint, nil)
	if err != nil {
		return usage(err)
	}
	defer sw.Close()
	ctx, cancel := deadline(lim)
	defer cancel()
	emitted := 0
	for {
		expired := stepper.Expired(ctx) != nil
		if !expired {
			budget := slice
			if d, ok := ctx.Deadline(); ok {
				budget = max(0, min(budget, time.Until(d)))
			}
			if _, err := sw.Step(budget); err != nil {
				return err
			}
		}
		for ; emitted < sw.Points() && sw.PointDone(emitted); emitted++ {
			if err := out.Emit(sweepRecord(sw.Point(emitted), sw.Runs(emitted), "")); err != nil {
				return err
			}
		}
		if emitted == sw.Points() {
			return nil
		}
		if expired {
			// an interrupted run is not a sample
			pt := sw.Point(emitted)
			during := experiment.StageData
			if r, _ := sw.Current(); r != nil {
				during = r.Stage()
			}
			reason := fmt.Sprintf("%s of sample %d: %d of %d samples done", cutShortReason(lim, during.String()), pt.Finished+1, pt.Finished, pt.Samples)
			if rest := points[emitted+1:]; len(rest) > 0 {
				reason += "; " + notRun(rest)
			}
			return out.Emit(sweepRecord(pt, sw.Runs(emitted), reason))
		}
	}
}

// sweepRecord is sweep's line for one point, from its aggregate and its
// finished runs; a reason marks it cut short.
func sweepRecord(pt experiment.PointResult, runs []experiment.Sample, reason string) Record {
	p, k := pt.Problem, float64(pt.Finished)
	rec := Record{{"algo", p.Algo}, {"model", p.Model}, {"n", p.N}, {"alpha", p.Alpha}, {"samples", pt.Samples},
		{"samples_done", pt.Finished}, {"solved", pt.Solved}, {"success", orNil(float64(pt.Solved)/k, k > 0)}}
	lo, hi := experiment.WilsonInterval(pt.Solved, pt.Finished, 1)
	rec = append(rec, Field{"success_lo", orNil(lo, k > 0)}, Field{"success_hi", orNil(hi, k > 0)},
		Field{"mean_train_error", orNil(pt.MeanTrainError, k > 0)})
	med, ok := medianSolvedIterations(runs)
	rec = append(rec, Field{"median_solved_iterations", orNil(med, ok)})
	if p.TestExamples > 0 {
		lo, mean, hi := spread(pt.TestErrors)
		rec = append(rec, Field{"test_examples", p.TestExamples}, Field{"mean_test_error", orNil(mean, len(pt.TestErrors) > 0)},
			Field{"min_test_error", orNil(lo, len(pt.TestErrors) > 0)}, Field{"max_test_error", orNil(hi, len(pt.TestErrors) > 0)})
	}
	rec = append(rec, Field{"cut_short", reason != ""})
	if reason != "" {
		rec = append(rec, Field{"reason", note(reason)})
	}
	return rec
}

// medianSolvedIterations is the median number of iterations (the
// algorithm's units: epochs, sweeps or BP sweeps) the solved runs took;
// ok is false when no run solved.
func medianSolvedIterations(runs []experiment.Sample) (med float64, ok bool) {
	var it []int
	for _, r := range runs {
		if r.Solved {
			it = append(it, r.Iterations)
		}
	}
	if len(it) == 0 {
		return 0, false
	}
	slices.Sort(it)
	n := len(it)
	if n%2 == 1 {
		return float64(it[n/2]), true
	}
	return float64(it[n/2-1]+it[n/2]) / 2, true
}

// spread returns the smallest, mean and largest of v (zeros when v is empty).
func spread(v []float64) (lo, mean, hi float64) {
	if len(v) == 0 {
		return 0, 0, 0
	}
	lo, hi = v[0], v[0]
	for _, x := range v {
		mean += x
		lo, hi = min(lo, x), max(hi, x)
	}
	return lo, mean / float64(len(v)), hi
}

func joinFloats(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ",")
}

func runFlatness(args []string, out *Output) error {
	var p experiment.Problem
	var lim experiment.Limits
	fs := newFlagSet("flatness", out)
	experiment.RegisterFlags(fs, &p, "algo")
	experiment.RegisterLimitFlags(fs, &lim, flatnessSeconds)
	algos := fs.String("algos", "sa,rsa,cpr", "comma-separated algorithms")
	ds := fs.String("d", "0.005,0.01,0.02,0.05,0.1", "flip fractions d, each measured at round(d N) >= 1 flips (d_measured); "+
		"the flip sets of k flips come from their own stream, seeded by (seed, k), so a d's value does not depend on the rest of the list")
	flips := fs.Int("flips", 200, "random flip sets per d")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	dl, err := parseFloatList(*ds)
	if err != nil {
		return usagef("-d: %v", err)
	}
	for _, d := range dl {
		if err := checkRange("d", d, 1e-6, 1); err != nil {
			return err
		}
	}
	if err := checkRange("flips", float64(*flips), 1, 1e6); err != nil {
		return err
	}
	names := strings.Split(*algos, ",")
	for i, a := range names {
		names[i] = strings.TrimSpace(a)
		if err := experiment.CheckAlgo(names[i], p.Model); err != nil {
			return usage(err)
		}
	}
	if err := checkProblem(p, lim, []experiment.Problem{p}, names...); err != nil {
		return err
	}
	warning := flipRoundingWarning(dl, p.N)
	ctx, cancel := deadline(lim)
	defer cancel()
	var first *experiment.Run // draws the data; the other algorithms train on them
	for ai, a := range names {
		q := p
		q.Algo = a
		var r *experiment.Run
		if first == nil {
			r, err = experiment.NewRun(q)
		} else {
			r, err = experiment.NewRunOn(q, first)
		}
		if err != nil {
			return err
		}
		defer r.Close()
		if _, err := runUntil(ctx, r); err != nil {
			return err
		}
		res := r.Result()
		if !res.Trained {
			return out.Emit(Record{{"algo", a}, {"n", p.N}, {"alpha", p.Alpha}, {"seed", p.Seed}, {"cut_short", true},
				{"reason", note(cutShortReason(lim, "data generation") + ": no algorithm was run")}})
		}
		if first == nil {
			first = r
		}
		le, err := landscape.NewLocalEnergy(r.Model(), res.Weights, landscape.LocalEnergyConfig{D: dl, Flips: *flips, Seed: p.Seed})
		if err != nil {
			return err
		}
		if _, err := runUntil(ctx, le); err != nil {
			return err
		}
		curve := le.Curve()
		energy, stderr, solution := make([]any, len(dl)), make([]any, len(dl)), make([]any, len(dl))
		complete := true
		for i, s := range curve.Samples {
			complete = complete && s == *flips
			if s > 0 {
				energy[i], stderr[i], solution[i] = curve.Energy[i], curve.StdErr[i], curve.Solution[i]
			}
		}
		cut := res.Stage != experiment.StageDone || !complete
		rec := Record{{"algo", a}, {"n", p.N}, {"alpha", p.Alpha}, {"seed", p.Seed}, {"solved", res.Solved},
			{"train_error", res.TrainError}, {"test_error", orNil(res.TestError, res.TestedExamples > 0)}, {"test_examples", res.TestedExamples},
			{"seconds", res.TrainSeconds}, {"d", dl}, {"d_measured", landscape.MeasuredD(curve)}, {"flips_done", curve.Samples},
			{"local_energy", energy}, {"local_energy_stderr", stderr}, {"solution_fraction", solution}, {"cut_short", cut}}
		if warning != "" {
			rec = append(rec, Field{"warning", note(warning)})
		}
		if cut {
			during := "testing"
			switch {
			case res.Stage == experiment.StageTrain:
				during = "training (the curve is around the weights reached)"
			case res.Stage == experiment.StageDone:
				during = fmt.Sprintf("the local-energy measurement (%d flip sets per d wanted)", *flips)
			}
			reason := cutShortReason(lim, during)
			if rest := names[ai+1:]; len(rest) > 0 {
				reason += "; algorithms not run: " + strings.Join(rest, ",")
			}
			rec = append(rec, Field{"reason", note(reason)})
		}
		if err := out.Emit(rec); err != nil {
			return err
		}
		if cut {
			return nil
		}
	}
	return nil
}

// flipRoundingWarning names the d's whose whole number of flips round(d N)
// (at least 1) moves the measured fraction by more than 10% from d.
func flipRoundingWarning(ds []float64, n int) string {
	var off []string
	for _, d := range ds {
		k := max(1, int(math.Round(d*float64(n))))
		if m := float64(k) / float64(n); m > 1.1*d || m < 0.9*d {
			off = append(off, fmt.Sprintf("d=%g is measured at %d flip(s) of N=%d, d=%.4g", d, k, n, m))
		}
	}
	if len(off) == 0 {
		return ""
	}
	return strings.Join(off, "; ") + " (see d_measured)"
}
