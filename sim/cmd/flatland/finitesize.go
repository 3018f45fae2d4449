package main

import (
	"fmt"

	"flatland/sim/experiment"
)

func init() {
	register("finite-size", "success fraction versus alpha at several sizes N, with error bars (one line per N and alpha)", runFiniteSize)
}

// finiteSizeSeconds is finite-size's default -max-seconds: its default study (4 sizes up to N = 2001,
// 7 alphas, 10 instances) is the largest of the commands.
const finiteSizeSeconds = 3600

// runFiniteSize is the finite-size study: the sweep of one algorithm's success fraction over alpha,
// repeated at each N of -ns on the same instances' seeds, so that a reader sees the curves steepen with
// N and cross near the algorithmic threshold (for flat-minimum seekers alpha_LE, not alpha_c). Each
// line carries the 68% Wilson interval of the success fraction (success_lo, success_hi).
func runFiniteSize(args []string, out *Output) error {
	var p experiment.Problem
	var lim experiment.Limits
	fs := newFlagSet("finite-size", out)
	experiment.RegisterFlags(fs, &p, "alpha", "n", "test")
	p.TestExamples = 0 // the study counts solved instances only
	experiment.RegisterLimitFlags(fs, &lim, finiteSizeSeconds)
	ns := fs.String("ns", "201,501,1001,2001", "comma-separated sizes N (inputs; features for rf)")
	alphas := fs.String("alphas", "0.5,0.6,0.65,0.7,0.75,0.8,0.85", "comma-separated alphas")
	samples := fs.Int("samples", 10, "instances per N and alpha (seeds seed, seed+1, ...)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	as, err := parseFloatList(*alphas)
	if err != nil {
		return usagef("-alphas: %v", err)
	}
	sizes, err := parseFloatList(*ns)
	if err != nil {
		return usagef("-ns: %v", err)
	}
	if err := checkRange("samples", float64(*samples), 1, 1e5); err != nil {
		return err
	}
	var points []experiment.Problem
	for _, n := range sizes {
		if n != float64(int(n)) {
			return usagef("-ns: %v is not a whole number", n)
		}
		if err := checkRange("ns", n, 3, 1e6); err != nil {
			return err
		}
		for _, a := range as {
			q := p
			q.N, q.Alpha = int(n), a
			points = append(points, q)
		}
	}
	if err := checkProblem(p, lim, points); err != nil {
		return err
	}
	return emitSweep(points, *samples, lim, out, func(notRun []experiment.Problem) string {
		return fmt.Sprintf("%d (N, alpha) points not run, from N=%d alpha=%v", len(notRun), notRun[0].N, notRun[0].Alpha)
	})
}
