package main

import (
	"flag"
	"fmt"
	"math"

	"flatland/sim/replica/perceptron"
)

// Replica theory of the binary perceptron (sim/replica/perceptron).
func init() {
	register("perceptron capacity", "storage capacity alpha_c(kappa) (RS, phi = 0)", perceptronCapacity)
	register("perceptron storage", "RS saddle point q, qhat, phi, replicon at (alpha, kappa)", perceptronStorage)
	register("perceptron teacher", "binary teacher-student Gibbs learning: R, phi, errors", perceptronTeacher)
	register("perceptron teacher-transitions", "first-order transition and spinodal of teacher-student learning", perceptronTeacherTransitions)
	register("perceptron local-entropy", "local entropy S(d): Franz-Parisi around a reference, or the dense-region (large-deviation) curve", perceptronLocalEntropy)
	register("perceptron le-threshold", "local-entropy threshold alpha_LE (flat-minima reference or dense region)", perceptronLEThreshold)
}

func alphaFlag(fs *flag.FlagSet, def float64) *float64 {
	return fs.Float64("alpha", def, "patterns per weight alpha = P/N")
}

func kappaFlag(fs *flag.FlagSet, usage string) *float64 {
	return fs.Float64("kappa", 0, usage)
}

func perceptronCapacity(args []string, out *Output) error {
	fs := newFlagSet("perceptron capacity", out)
	kappa := kappaFlag(fs, "margin kappa")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkRange("kappa", *kappa, -3, 3); err != nil {
		return err
	}
	a, _, err := perceptron.Capacity(*kappa)
	if err != nil {
		return err
	}
	return out.Emit(Record{{"kappa", *kappa}, {"alpha_c", a}})
}

func perceptronStorage(args []string, out *Output) error {
	fs := newFlagSet("perceptron storage", out)
	alpha := alphaFlag(fs, 0.5)
	kappa := kappaFlag(fs, "margin kappa")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkRange("alpha", *alpha, 1e-3, 10); err != nil {
		return err
	}
	if err := checkRange("kappa", *kappa, -3, 3); err != nil {
		return err
	}
	p, err := perceptron.Storage(*alpha, *kappa)
	if err != nil {
		return err
	}
	rec := Record{{"alpha", p.Alpha}, {"kappa", p.Kappa}, {"q", p.Q}, {"qhat", p.QHat}, {"phi", p.Phi}, {"replicon", p.Replicon}}
	if p.Phi < 0 {
		// the RS saddle continues past capacity, where it counts no solutions
		capacity := "alpha_c(kappa)"
		if ac, _, err := perceptron.Capacity(*kappa); err == nil {
			capacity = fmt.Sprintf("alpha_c(kappa=%g) = %.4g", *kappa, ac)
		}
		rec = append(rec, Field{"warning", note(fmt.Sprintf("past capacity %s: the RS entropy phi is negative, so typically there are no solutions", capacity))})
	}
	return out.Emit(rec)
}

func perceptronTeacher(args []string, out *Output) error {
	fs := newFlagSet("perceptron teacher", out)
	alpha := alphaFlag(fs, 1)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkRange("alpha", *alpha, 1e-3, 100); err != nil {
		return err
	}
	p, err := perceptron.Teacher(*alpha)
	if err != nil {
		return err
	}
	return out.Emit(Record{{"alpha", p.Alpha}, {"R", p.R}, {"phi", p.Phi}, {"eps_gibbs", p.EpsGibbs}, {"eps_bayes", p.EpsBayes}})
}

func perceptronTeacherTransitions(args []string, out *Output) error {
	fs := newFlagSet("perceptron teacher-transitions", out)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	tr, err := perceptron.Transitions()
	if err != nil {
		return err
	}
	return out.Emit(Record{{"alpha_first_order", tr.AlphaFirstOrder}, {"alpha_spinodal", tr.AlphaSpinodal}})
}

// checkRef checks -ref: maxmargin (Franz-Parisi around flat-minima
// references), dense (large deviations, y -> infinity), or empty when
// allowEmpty (use -kappa-ref).
func checkRef(ref string, allowEmpty bool) error {
	switch ref {
	case "maxmargin", "dense":
		return nil
	case "":
		if allowEmpty {
			return nil
		}
	}
	return usagef("-ref %q: want maxmargin or dense", ref)
}

func perceptronLocalEntropy(args []string, out *Output) error {
	fs := newFlagSet("perceptron local-entropy", out)
	alpha := alphaFlag(fs, 0.6)
	kappaRef := fs.Float64("kappa-ref", 0, "margin of the reference solutions (0: typical solutions)")
	kappaC := kappaFlag(fs, "margin of the counted solutions")
	ref := fs.String("ref", "", "maxmargin: reference just below the maximal margin at alpha; dense: the large-deviation (y -> infinity) reference of maximal local entropy (both choose kappa_ref)")
	dList := fs.String("d", "0.005,0.01,0.02,0.05,0.1", "comma-separated normalized Hamming distances in (0, 0.5)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkRef(*ref, true); err != nil {
		return err
	}
	if err := checkRange("alpha", *alpha, 0.02, 4); err != nil {
		return err
	}
	if err := checkRange("kappa-ref", *kappaRef, -3, 3); err != nil {
		return err
	}
	if err := checkRange("kappa", *kappaC, -3, 3); err != nil {
		return err
	}
	ds, err := parseFloatList(*dList)
	if err != nil {
		return usagef("-d: %v", err)
	}
	for _, d := range ds {
		if !(d > 0 && d < 0.5) {
			return usagef("-d %v out of range (0, 0.5)", d)
		}
	}
	kr := *kappaRef
	if *ref != "" {
		explicit := false
		fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "kappa-ref" })
		if explicit {
			return usagef("-ref %s chooses kappa_ref itself; do not also give -kappa-ref", *ref)
		}
	}
	var s []float64
	switch *ref {
	case "dense":
		// the reference is itself a solution of margin kappa (its constraint
		// drops out of the y -> infinity limit); the curve is defined below d*
		kr = *kappaC
		if err := checkRange("alpha", *alpha, 0.02, 2); err != nil {
			return err
		}
		dStar, _, err := perceptron.DenseMaxDistance(*alpha, *kappaC)
		if err != nil {
			return err
		}
		for _, d := range ds {
			if d >= dStar {
				return usagef("-d %v: the dense-region curve at alpha=%g is computed for d < d* = %.4g, where it reaches its maximum (the storage entropy)", d, *alpha, dStar)
			}
		}
		pts, err := perceptron.DenseLocalEntropy(*alpha, *kappaC, ds)
		if err != nil {
			return err
		}
		for _, p := range pts {
			s = append(s, p.S)
		}
	default:
		if *ref == "maxmargin" {
			if kr, err = perceptron.MaxMarginReference(*alpha); err != nil {
				return err
			}
		}
		pts, err := perceptron.LocalEntropy(*alpha, kr, *kappaC, ds)
		if err != nil {
			return err
		}
		for _, p := range pts {
			s = append(s, p.S)
		}
	}
	for _, v := range s {
		if math.IsNaN(v) {
			return errNaN
		}
	}
	return out.Emit(Record{{"alpha", *alpha}, {"kappa_ref", kr}, {"d", ds}, {"local_entropy", s}})
}

func perceptronLEThreshold(args []string, out *Output) error {
	fs := newFlagSet("perceptron le-threshold", out)
	ref := fs.String("ref", "maxmargin", "reference ensemble: maxmargin (Franz-Parisi, eq. (22)) or dense (large deviations, eq. (34))")
	tol := fs.Float64("tol", 1e-3, "tolerance on alpha_LE")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkRef(*ref, false); err != nil {
		return err
	}
	if err := checkRange("tol", *tol, 1e-6, 0.05); err != nil {
		return err
	}
	var a float64
	var err error
	if *ref == "dense" {
		a, err = perceptron.DenseThreshold(0.74, 0.77, *tol)
	} else {
		a, err = perceptron.LocalEntropyThreshold(0.7, 0.77, *tol)
	}
	if err != nil {
		return err
	}
	if math.IsNaN(a) {
		return errNaN
	}
	return out.Emit(Record{{"ref", *ref}, {"alpha_le", a}})
}

type nanError struct{}

func (nanError) Error() string { return "solver returned NaN" }

var errNaN error = nanError{}
