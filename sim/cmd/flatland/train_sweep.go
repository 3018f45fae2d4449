package main

import (
	"fmt"
	"strings"

	"flatland/sim/landscape"
	"flatland/sim/nets"
	"flatland/sim/train"
)

func init() {
	register("sweep", "success fraction of one algorithm versus alpha (one line per alpha)", runSweep)
	register("flatness", "local energy curve of the solutions found by several algorithms (one line per algorithm)", runFlatness)
}

func runSweep(args []string, out *Output) error {
	var p problemFlags
	fs := newFlagSet("sweep", out)
	p.register(fs, false)
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
	for _, a := range as {
		solved, timeouts := 0, 0
		secs, trainErr := 0.0, 0.0
		for s := 0; s < *samples; s++ {
			seed := p.seed + uint64(s)
			pr, err := p.build(a, seed)
			if err != nil {
				return err
			}
			res, err := p.run(pr, p.algo, seed)
			if err != nil {
				return fmt.Errorf("%s at alpha=%g seed=%d: %w", p.algo, a, seed, err)
			}
			if res.snap.Solved {
				solved++
			}
			if res.timedOut {
				timeouts++
			}
			secs += res.seconds
			trainErr += res.snap.TrainError
		}
		k := float64(*samples)
		if err := out.Emit(Record{{"algo", p.algo}, {"model", p.model}, {"n", p.n}, {"alpha", a}, {"samples", *samples},
			{"solved", solved}, {"success", float64(solved) / k}, {"mean_train_error", trainErr / k},
			{"mean_seconds", secs / k}, {"timed_out", timeouts}}); err != nil {
			return err
		}
	}
	return nil
}

func runFlatness(args []string, out *Output) error {
	var p problemFlags
	fs := newFlagSet("flatness", out)
	p.register(fs, true)
	algos := fs.String("algos", "sa,rsa,cpr", "comma-separated algorithms")
	ds := fs.String("d", "0.005,0.01,0.02,0.05,0.1", "flip fractions d")
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
	for _, a := range names {
		if err := checkAlgo(strings.TrimSpace(a), p.model); err != nil {
			return err
		}
	}
	pr, err := p.build(p.alpha, p.seed)
	if err != nil {
		return err
	}
	for _, a := range names {
		a = strings.TrimSpace(a)
		res, err := p.run(pr, a, p.seed)
		if err != nil {
			return fmt.Errorf("%s at alpha=%g seed=%d: %w", a, p.alpha, p.seed, err)
		}
		w := res.tr.Weights()
		curve, err := landscape.LocalEnergyCurve(pr.model, w, landscape.LocalEnergyConfig{D: dl, Flips: *flips, Seed: p.seed})
		if err != nil {
			return err
		}
		rec := Record{{"algo", a}, {"n", p.n}, {"alpha", p.alpha}, {"seed", p.seed}, {"solved", res.snap.Solved},
			{"train_error", res.snap.TrainError}, {"test_error", nets.TestError(pr.model, w, pr.rule, p.testExamples, p.seed)},
			{"seconds", res.seconds}, {"d", dl}, {"local_energy", curve.Energy}, {"local_energy_stderr", curve.StdErr},
			{"solution_fraction", curve.Solution}}
		if err := out.Emit(rec); err != nil {
			return err
		}
	}
	return nil
}
