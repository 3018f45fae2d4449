package main

import (
	"fmt"
	"math"
	"strings"
	"time"

	"flatland/sim/landscape"
	"flatland/sim/stepper"
	"flatland/sim/train"
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

func runSweep(args []string, out *Output) error {
	var p problemFlags
	fs := newFlagSet("sweep", out)
	p.register(fs, false, sweepSeconds)
	fs.StringVar(&p.algo, "algo", "cpr", "algorithm: "+strings.Join(train.Names, " | "))
	alphas := fs.String("alphas", "0.3,0.4,0.5,0.6,0.7,0.8", "comma-separated alphas")
	samples := fs.Int("samples", 10, "instances per alpha (seeds seed, seed+1, ...)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := p.check(); err != nil {
		return err
	}
	if err := checkAlgo(p.algo, p.model); err != nil {
		return err
	}
	as, err := parseFloatList(*alphas)
	if err != nil {
		return usagef("-alphas: %v", err)
	}
	for _, a := range as {
		if err := checkAlpha(a); err != nil {
			return err
		}
	}
	if err := checkRange("samples", float64(*samples), 1, 1e5); err != nil {
		return err
	}
	if err := p.checkMemory(as, []string{p.algo}); err != nil {
		return err
	}
	ctx, cancel := p.deadline()
	defer cancel()
	for ai, a := range as {
		solved, done := 0, 0
		secs, trainErr := 0.0, 0.0
		during := ""
		for s := 0; s < *samples && during == ""; s++ {
			seed := p.seed + uint64(s)
			pr, err := p.build(ctx, a, seed)
			if isDeadline(err) {
				during = "data generation"
				break
			}
			if err != nil {
				return err
			}
			res, err := p.run(ctx, pr, p.algo, seed)
			if err != nil {
				return fmt.Errorf("%s at alpha=%g seed=%d: %w", p.algo, a, seed, err)
			}
			if res.timedOut {
				during = "training" // an interrupted run is not a sample
				break
			}
			done++
			if res.snap.Solved {
				solved++
			}
			secs += res.seconds
			trainErr += res.snap.TrainError
		}
		k := float64(done)
		rec := Record{{"algo", p.algo}, {"model", p.model}, {"n", p.n}, {"alpha", a}, {"samples", *samples},
			{"samples_done", done}, {"solved", solved}, {"success", orNil(float64(solved)/k, done > 0)},
			{"mean_train_error", orNil(trainErr/k, done > 0)}, {"mean_seconds", orNil(secs/k, done > 0)},
			{"cut_short", during != ""}}
		if during != "" {
			reason := fmt.Sprintf("%s of sample %d: %d of %d samples done", p.cutShortReason(during), done+1, done, *samples)
			if rest := as[ai+1:]; len(rest) > 0 {
				reason += fmt.Sprintf("; alphas not run: %s", joinFloats(rest))
			}
			rec = append(rec, Field{"reason", note(reason)})
		}
		if err := out.Emit(rec); err != nil {
			return err
		}
		if during != "" {
			return nil
		}
	}
	return nil
}

func joinFloats(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ",")
}

func runFlatness(args []string, out *Output) error {
	var p problemFlags
	fs := newFlagSet("flatness", out)
	p.register(fs, true, flatnessSeconds)
	algos := fs.String("algos", "sa,rsa,cpr", "comma-separated algorithms")
	ds := fs.String("d", "0.005,0.01,0.02,0.05,0.1", "flip fractions d, each measured at round(d N) >= 1 flips (d_measured); "+
		"the flip sets of k flips come from their own stream, seeded by (seed, k), so a d's value does not depend on the rest of the list")
	flips := fs.Int("flips", 200, "random flip sets per d")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := p.check(); err != nil {
		return err
	}
	if err := checkAlpha(p.alpha); err != nil {
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
		if err := checkAlgo(names[i], p.model); err != nil {
			return err
		}
	}
	if err := p.checkMemory([]float64{p.alpha}, names); err != nil {
		return err
	}
	warning := flipRoundingWarning(dl, p.n)
	ctx, cancel := p.deadline()
	defer cancel()
	pr, err := p.build(ctx, p.alpha, p.seed)
	if isDeadline(err) {
		return out.Emit(Record{{"algo", names[0]}, {"n", p.n}, {"alpha", p.alpha}, {"seed", p.seed}, {"cut_short", true},
			{"reason", note(p.cutShortReason("data generation") + ": no algorithm was run")}})
	}
	if err != nil {
		return err
	}
	for ai, a := range names {
		res, err := p.run(ctx, pr, a, p.seed)
		if err != nil {
			return fmt.Errorf("%s at alpha=%g seed=%d: %w", a, p.alpha, p.seed, err)
		}
		w := res.tr.Weights()
		le, err := landscape.NewLocalEnergy(pr.model, w, landscape.LocalEnergyConfig{D: dl, Flips: *flips, Seed: p.seed})
		if err != nil {
			return err
		}
		measureErr := stepper.Run(ctx, le, 50*time.Millisecond)
		if measureErr != nil && !isDeadline(measureErr) {
			return measureErr
		}
		curve := le.Curve()
		testErr, tested := testError(ctx, pr.model, w, pr.rule, p.testExamples, p.seed)
		energy, stderr, solution := make([]any, len(dl)), make([]any, len(dl)), make([]any, len(dl))
		complete := true
		for i, s := range curve.Samples {
			complete = complete && s == *flips
			if s > 0 {
				energy[i], stderr[i], solution[i] = curve.Energy[i], curve.StdErr[i], curve.Solution[i]
			}
		}
		cut := res.timedOut || !complete || tested < p.testExamples
		rec := Record{{"algo", a}, {"n", p.n}, {"alpha", p.alpha}, {"seed", p.seed}, {"solved", res.snap.Solved},
			{"train_error", res.snap.TrainError}, {"test_error", orNil(testErr, tested > 0)}, {"test_examples", tested},
			{"seconds", res.seconds}, {"d", dl}, {"d_measured", curve.MeasuredD()}, {"flips_done", curve.Samples},
			{"local_energy", energy}, {"local_energy_stderr", stderr}, {"solution_fraction", solution}, {"cut_short", cut}}
		if warning != "" {
			rec = append(rec, Field{"warning", note(warning)})
		}
		if cut {
			during := "testing"
			switch {
			case res.timedOut:
				during = "training (the curve is around the weights reached)"
			case !complete:
				during = fmt.Sprintf("the local-energy measurement (%d flip sets per d wanted)", *flips)
			}
			reason := p.cutShortReason(during)
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
