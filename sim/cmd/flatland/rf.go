package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"flatland/sim/gauss"
	"flatland/sim/replica/rf"
	"flatland/sim/stepper"
)

// Replica theory of the seed paper's random-features model (sim/replica/rf).
func init() {
	register("rf typical", "RF model typical RS saddle point: q, p, pd, R, phi, errors", rfTypical)
	register("rf interpolation", "RF model interpolation threshold alpha_c(alpha_D) (phi = 0)", rfInterpolation)
	register("rf le-threshold", "RF model local-entropy threshold alpha_LE(alpha_D)", rfLEThreshold)
	register("rf diagram", "RF transition diagram alpha_c, alpha_LE over alpha_D (and as N/P)", rfDiagram)
	register("rf local-entropy", "RF local entropy S(d): Franz-Parisi around typical and flat references, and the dense-region curve (-dense-points)", rfLocalEntropy)
	register("rf generalization", "RF errors vs overparameterization N/P at fixed alpha_T = P/D", rfGeneralization)
}

// rfModelFlags adds -act and -labels.
func rfModelFlags(fs *flag.FlagSet) (act, labels *string) {
	act = fs.String("act", "sign", "feature activation: sign, relu, tanh, erf")
	labels = fs.String("labels", "teacher", "labels: teacher (hidden perceptron on the inputs) or random")
	return act, labels
}

func rfModel(act, labels string) (rf.Model, error) {
	a, err := rf.ParseActivation(act)
	if err != nil {
		return rf.Model{}, usagef("-act: %v", err)
	}
	l, err := rf.ParseLabels(labels)
	if err != nil {
		return rf.Model{}, usagef("-labels: %v", err)
	}
	return rf.Model{Act: a, Labels: l}, nil
}

func alphaDFlag(fs *flag.FlagSet) *float64 {
	return fs.Float64("alpha-d", 1, "input dimension per weight alpha_D = D/N")
}

func rfTypical(args []string, out *Output) error {
	fs := newFlagSet("rf typical", out)
	alpha := alphaFlag(fs, 0.5)
	alphaD := alphaDFlag(fs)
	act, labels := rfModelFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkRange("alpha", *alpha, 1e-3, 50); err != nil {
		return err
	}
	if err := checkRange("alpha-d", *alphaD, 1e-3, 1000); err != nil {
		return err
	}
	m, err := rfModel(*act, *labels)
	if err != nil {
		return err
	}
	t, err := m.SolveTypical(*alpha, *alphaD, nil)
	if err != nil {
		return err
	}
	return out.Emit(Record{{"alpha", t.Alpha}, {"alpha_d", t.AlphaD}, {"act", *act}, {"labels", *labels},
		{"q", t.Q}, {"p", t.P}, {"pd", t.PD}, {"R", t.R}, {"phi", t.Phi},
		{"eps_typical", t.EpsTypical}, {"eps_bayes", t.EpsBayes}})
}

func rfInterpolation(args []string, out *Output) error {
	fs := newFlagSet("rf interpolation", out)
	alphaD := alphaDFlag(fs)
	act, labels := rfModelFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkRange("alpha-d", *alphaD, 1e-3, 1000); err != nil {
		return err
	}
	m, err := rfModel(*act, *labels)
	if err != nil {
		return err
	}
	t, err := m.InterpolationThreshold(*alphaD)
	if err != nil {
		return err
	}
	return out.Emit(Record{{"alpha_d", t.AlphaD}, {"alpha_c", t.Alpha}, {"act", *act}, {"labels", *labels},
		{"q", t.Q}, {"p", t.P}, {"pd", t.PD}, {"R", t.R}, {"eps_typical", t.EpsTypical}, {"eps_bayes", t.EpsBayes}})
}

func rfLEThreshold(args []string, out *Output) error {
	fs := newFlagSet("rf le-threshold", out)
	alphaD := alphaDFlag(fs)
	act, labels := rfModelFlags(fs)
	ref := fs.String("ref", "maxmargin", "maxmargin: Franz-Parisi around the flat (maximal-margin) reference, alpha_LE; dense: the dense-region (large-deviation) curve, alpha_LD, searched upwards from alpha_LE (takes a few seconds)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkRange("alpha-d", *alphaD, 0.01, 100); err != nil {
		return err
	}
	if *ref != "maxmargin" && *ref != "dense" {
		return usagef("-ref %q: want maxmargin or dense", *ref)
	}
	m, err := rfModel(*act, *labels)
	if err != nil {
		return err
	}
	ac, err := m.InterpolationThreshold(*alphaD)
	if err != nil {
		return err
	}
	le, err := m.LocalEntropyThreshold(*alphaD, ac, 0)
	if err != nil {
		return err
	}
	rec := Record{{"alpha_d", le.AlphaD}, {"alpha_le", roundToWidth(le.AlphaLE, le.Width/2)}, {"act", *act}, {"labels", *labels},
		{"alpha_le_width", le.Width}, {"alpha_c", le.AlphaC}}
	if *ref == "dense" {
		// alpha_LD to 1e-4, as the stored figures quote it
		ld, err := rf.DenseThresholdAbove(m, *alphaD, le.AlphaLE-le.Width/2, le.AlphaC, 0.01, 1e-4)
		if err != nil {
			return err
		}
		rec = append(rec, Field{"alpha_ld", roundToWidth(ld, 1e-4)})
	}
	return out.Emit(rec)
}

func rfDiagram(args []string, out *Output) error {
	fs := newFlagSet("rf diagram", out)
	act, labels := rfModelFlags(fs)
	points := fs.Int("points", 24, "number of log-spaced alpha_D values")
	lo := fs.Float64("alpha-d-min", 0.05, "smallest alpha_D")
	hi := fs.Float64("alpha-d-max", 10, "largest alpha_D")
	stored := fs.Bool("stored", false, "print the diagram stored with sim/replica/rf (24 points on [0.05, 10]) instead of computing it (computing takes about a minute)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *points < 1 || *points > 200 {
		return usagef("-points %d out of range [1, 200]", *points)
	}
	if err := checkRange("alpha-d-min", *lo, 0.01, 100); err != nil {
		return err
	}
	if err := checkRange("alpha-d-max", *hi, *lo, 100); err != nil {
		return err
	}
	m, err := rfModel(*act, *labels)
	if err != nil {
		return err
	}
	// Computed live by default: a number printed here comes from the solver
	// run now, every point on its own as the page computes it (the same
	// numbers as the page, with or without its workers). -stored serves the
	// table the front end shows first, made by continuation along alpha_D
	// (tests in sim/replica/rf recompute it; live and stored alpha_LE agree
	// within their brackets).
	source := "live"
	var pts []rf.DiagramPoint
	if *stored {
		var ok bool
		pts, ok = rf.StoredDiagram(m)
		if !ok || *points != rf.StoredPoints || *lo != rf.StoredAlphaDMin || *hi != rf.StoredAlphaDMax {
			return usagef("-stored exists only for -points %d -alpha-d-min %g -alpha-d-max %g", rf.StoredPoints, rf.StoredAlphaDMin, rf.StoredAlphaDMax)
		}
		source = "stored"
	} else {
		d, err := rf.NewIndependentDiagram(m, *points, *lo, *hi)
		if err != nil {
			return err
		}
		if err := stepper.Run(context.Background(), d, 50*time.Millisecond); err != nil {
			return err
		}
		pts = d.Points()
	}
	var ad, ac, width []float64
	var ale []rounded
	for _, p := range pts {
		if p.Err != nil {
			return p.Err
		}
		ad = append(ad, p.AlphaD)
		ac = append(ac, p.AlphaC)
		// alpha_LE is a bisection bracket: print the digits it pins down
		ale = append(ale, roundToWidth(p.AlphaLE, p.AlphaLEWidth/2))
		width = append(width, p.AlphaLEWidth)
	}
	ic, il := rf.Overparameterization(pts)
	var tc, nc []float64
	var tl, nl []rounded
	for i := range ic {
		tc, nc = append(tc, ic[i].AlphaT), append(nc, ic[i].NOverP)
		// alpha_T = alpha_LE/alpha_D and N/P = 1/alpha_LE inherit alpha_LE's bracket
		h := pts[i].AlphaLEWidth / 2
		tl = append(tl, roundToWidth(il[i].AlphaT, h/pts[i].AlphaD))
		nl = append(nl, roundToWidth(il[i].NOverP, h/(pts[i].AlphaLE*pts[i].AlphaLE)))
	}
	return out.Emit(Record{{"alpha_d", ad}, {"alpha_c", ac}, {"alpha_le", ale}, {"alpha_le_width", width},
		{"act", *act}, {"labels", *labels},
		{"alpha_t_c", tc}, {"n_over_p_c", nc}, {"alpha_t_le", tl}, {"n_over_p_le", nl}, {"source", source}})
}

func rfLocalEntropy(args []string, out *Output) error {
	fs := newFlagSet("rf local-entropy", out)
	alpha := alphaFlag(fs, 0.5)
	alphaD := alphaDFlag(fs)
	act, labels := rfModelFlags(fs)
	dMin := fs.Float64("d-min", 0.005, "smallest distance d")
	densePoints := fs.Int("dense-points", 0, "also the dense-region (large-deviation, y -> infinity) curve S_I(d), from its maximum d* down to d-min in this many steps (0: not computed)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *densePoints != 0 && (*densePoints < 2 || *densePoints > 200) {
		return usagef("-dense-points %d out of range: 0 (none) or [2, 200]", *densePoints)
	}
	if err := checkRange("alpha", *alpha, 1e-2, 50); err != nil {
		return err
	}
	if err := checkRange("alpha-d", *alphaD, 0.01, 100); err != nil {
		return err
	}
	if err := checkRange("d-min", *dMin, 1e-3, 0.1); err != nil {
		return err
	}
	m, err := rfModel(*act, *labels)
	if err != nil {
		return err
	}
	e, err := rf.NewEntropyCurves(m, *alpha, *alphaD, *dMin)
	if err != nil {
		return err
	}
	if err := stepper.Run(context.Background(), e, 50*time.Millisecond); err != nil {
		return err
	}
	for _, p := range e.Typical() {
		if err := out.Emit(Record{{"reference", "typical"}, {"kappa_r", 0.0}, {"d", p.D}, {"s_fp", p.Entropy}, {"h2", p.Bound}, {"slope", p.Slope}}); err != nil {
			return err
		}
	}
	flat, kmax, _ := e.Flat()
	for _, p := range flat {
		if err := out.Emit(Record{{"reference", "flat"}, {"kappa_r", kmax}, {"d", p.D}, {"s_fp", p.Entropy}, {"h2", p.Bound}, {"slope", p.Slope}}); err != nil {
			return err
		}
	}
	if *densePoints == 0 {
		return nil
	}
	return emitDenseCurve(out, m, *alpha, *alphaD, *dMin, *densePoints)
}

// emitDenseCurve prints the dense-region curve S_I(d) (rf.DenseCurve): the
// top (d*, phi), then down to dMin; past the threshold alpha_LD the branch
// ends early, which the last row says.
func emitDenseCurve(out *Output, m rf.Model, alpha, alphaD, dMin float64, n int) error {
	c, err := rf.NewDenseCurve(m, alpha, alphaD, dMin, n)
	if err != nil {
		return err
	}
	if err := stepper.Run(context.Background(), c, 50*time.Millisecond); err != nil {
		return err
	}
	pts := c.Points()
	for i, p := range pts {
		rec := Record{{"reference", "dense"}, {"d", p.D}, {"s_i", p.S}, {"h2", gauss.H2(p.D)}, {"slope", p.Slope}}
		if i == len(pts)-1 && c.EndErr() != nil {
			rec = append(rec, Field{"end", note("the branch ends here (past the dense-region threshold): " + c.EndErr().Error())})
		}
		if err := out.Emit(rec); err != nil {
			return err
		}
	}
	return nil
}

func rfGeneralization(args []string, out *Output) error {
	fs := newFlagSet("rf generalization", out)
	alphaT := fs.Float64("alpha-t", 2, "training-set size per input dimension alpha_T = P/D")
	act, labels := rfModelFlags(fs)
	points := fs.Int("points", 12, "number of log-spaced N/P values")
	lo := fs.Float64("n-over-p-min", 0.3, "smallest N/P")
	hi := fs.Float64("n-over-p-max", 10, "largest N/P")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkRange("alpha-t", *alphaT, 0.01, 100); err != nil {
		return err
	}
	if *points < 1 || *points > 200 {
		return usagef("-points %d out of range [1, 200]", *points)
	}
	if err := checkRange("n-over-p-min", *lo, 0.02, 100); err != nil {
		return err
	}
	if err := checkRange("n-over-p-max", *hi, *lo, 1000); err != nil {
		return err
	}
	m, err := rfModel(*act, *labels)
	if err != nil {
		return err
	}
	g, err := rf.NewGeneralization(m, *alphaT, rf.LogGrid(*lo, *hi, *points))
	if err != nil {
		return err
	}
	if err := stepper.Run(context.Background(), g, 50*time.Millisecond); err != nil {
		return err
	}
	failed := 0
	for _, p := range g.Points() {
		// values that were not computed are null ("-") with the reason
		rec := Record{{"n_over_p", p.NOverP}, {"alpha", p.Alpha}, {"alpha_d", p.AlphaD}}
		var reason string
		switch {
		case p.Err != nil && !p.Interpolating:
			failed++
			rec = append(rec, Field{"interpolating", nil}, Field{"eps_typical", nil}, Field{"eps_bayes", nil},
				Field{"eps_flat", nil}, Field{"kappa_max", nil})
			reason = "not computed: " + p.Err.Error()
		case p.Err != nil:
			failed++
			rec = append(rec, Field{"interpolating", true}, Field{"eps_typical", p.EpsTypical}, Field{"eps_bayes", p.EpsBayes},
				Field{"eps_flat", nil}, Field{"kappa_max", nil})
			reason = "no flat (maximal-margin) reference: " + p.Err.Error()
		case !p.Interpolating:
			rec = append(rec, Field{"interpolating", false}, Field{"eps_typical", nil}, Field{"eps_bayes", nil},
				Field{"eps_flat", nil}, Field{"kappa_max", nil})
			reason = fmt.Sprintf("above the interpolation threshold at alpha_D=%.4g: no zero-error solutions, so no errors or margin to report", p.AlphaD)
		default:
			rec = append(rec, Field{"interpolating", true}, Field{"eps_typical", p.EpsTypical}, Field{"eps_bayes", p.EpsBayes},
				Field{"eps_flat", p.EpsFlat}, Field{"kappa_max", p.KappaMax})
		}
		if reason != "" {
			rec = append(rec, Field{"reason", note(reason)})
		}
		if err := out.Emit(rec); err != nil {
			return err
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d points did not converge (printed with their reasons)", failed, len(g.Points()))
	}
	return nil
}
