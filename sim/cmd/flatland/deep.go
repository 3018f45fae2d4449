package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"flatland/sim/deep"
	"flatland/sim/experiment"
	"flatland/sim/mnist"
	"flatland/sim/mnist/idx"
)

// `flatland deep` trains small fully connected ReLU networks on MNIST (the
// GoMNIST module's files; a stratified subset of the size asked for) over
// a list of widths and algorithms, and prints for each network its
// training and test error and loss and its local energy under
// multiplicative weight noise (sim/deep).

func init() {
	register("deep", "flatness vs width: ReLU networks on MNIST (sgd|rsgd|esgd), local energy under weight noise", runDeep)
}

// deepFlags are the command's settings.
type deepFlags struct {
	widths, algos, sigmas string
	layers, nTrain, nTest int
	resolution, epochs    int
	draws, batch          int
	replicas              int
	lr, momentum          float64
	seed                  uint64
	mnistDir              string
	lim                   experiment.Limits
}

// parsed holds the validated lists.
type deepPlan struct {
	widths []int
	algos  []string
	sigmas []float64
	factor int
}

func (f *deepFlags) register(fs interface {
	StringVar(*string, string, string, string)
	IntVar(*int, string, int, string)
	Float64Var(*float64, string, float64, string)
	Uint64Var(*uint64, string, uint64, string)
}) {
	def := deep.DefaultConfig()
	fs.StringVar(&f.widths, "widths", "4,16,64,256", "hidden layer widths, comma-separated (1 to 4096 each)")
	fs.IntVar(&f.layers, "layers", 1, "hidden layers of that width: 1 or 2")
	fs.StringVar(&f.algos, "algo", "sgd,rsgd", "algorithms, comma-separated: "+strings.Join(deep.Algos, ", "))
	fs.IntVar(&f.nTrain, "train", 4000, "training images, a stratified subset of MNIST's 60000")
	fs.IntVar(&f.nTest, "test", 1000, "test images, a stratified subset of MNIST's 10000")
	fs.IntVar(&f.resolution, "resolution", 14, "image side: 14 (2x2 block means, 16 grey levels, as on the site) or 28 (the original)")
	fs.IntVar(&f.epochs, "epochs", def.MaxEpochs, "at most this many epochs; training stops at zero training error")
	fs.StringVar(&f.sigmas, "sigmas", "0.05,0.1,0.2,0.3,0.5", "relative weight noise levels sigma of the local energy, comma-separated")
	fs.IntVar(&f.draws, "draws", 8, "noise draws per sigma")
	fs.IntVar(&f.batch, "batch", def.Batch, "minibatch size")
	fs.Float64Var(&f.lr, "lr", def.LR, "learning rate")
	fs.Float64Var(&f.momentum, "momentum", def.Momentum, "momentum in [0, 1)")
	fs.IntVar(&f.replicas, "replicas", def.Replicas, "rsgd: replicas y")
	fs.Uint64Var(&f.seed, "seed", 1, "seed of the subset, initialization, minibatch order and noise")
	fs.StringVar(&f.mnistDir, "mnist-dir", "", "folder of the MNIST IDX files (default: the GoMNIST module in the Go module cache)")
}

// plan validates the flags (usage errors) before any data is read.
func (f *deepFlags) plan() (deepPlan, error) {
	var p deepPlan
	for _, s := range strings.Split(f.widths, ",") {
		w, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return p, usagef("-widths: %q is not a whole number", strings.TrimSpace(s))
		}
		if err := checkRange("widths", float64(w), 1, deep.MaxWidth); err != nil {
			return p, err
		}
		p.widths = append(p.widths, w)
	}
	if len(p.widths) > 64 {
		return p, usagef("-widths: %d widths, at most 64", len(p.widths))
	}
	for _, a := range strings.Split(f.algos, ",") {
		a = strings.TrimSpace(a)
		known := false
		for _, k := range deep.Algos {
			known = known || a == k
		}
		if !known {
			return p, usagef("-algo: unknown algorithm %q (%s)", a, strings.Join(deep.Algos, ", "))
		}
		p.algos = append(p.algos, a)
	}
	sig, err := parseFloatList(f.sigmas)
	if err != nil {
		return p, usagef("-sigmas: %v", err)
	}
	for _, s := range sig {
		if err := checkRange("sigmas", s, 0, deep.MaxSigma); err != nil {
			return p, err
		}
	}
	if len(sig) > deep.MaxSigmas {
		return p, usagef("-sigmas: %d values, at most %d", len(sig), deep.MaxSigmas)
	}
	p.sigmas = sig
	switch f.resolution {
	case 14:
		p.factor = 2
	case 28:
		p.factor = 1
	default:
		return p, usagef("-resolution %d: 14 or 28", f.resolution)
	}
	checks := []struct {
		name   string
		v      float64
		lo, hi float64
	}{
		{"layers", float64(f.layers), 1, deep.MaxLayers},
		{"train", float64(f.nTrain), 10, 60000},
		{"test", float64(f.nTest), 10, 10000},
		{"epochs", float64(f.epochs), 1, deep.MaxEpochs},
		{"draws", float64(f.draws), 1, deep.MaxDraws},
		{"batch", float64(f.batch), 1, deep.MaxBatch},
		{"lr", f.lr, 1e-6, 10},
		{"momentum", f.momentum, 0, 0.999},
		{"replicas", float64(f.replicas), 1, deep.MaxReplicas},
	}
	for _, c := range checks {
		if err := checkRange(c.name, c.v, c.lo, c.hi); err != nil {
			return p, err
		}
	}
	if err := f.lim.Validate(); err != nil {
		return p, usage(err)
	}
	return p, nil
}

// config is the training configuration of one network.
func (f *deepFlags) config(algo string, width int) deep.Config {
	c := deep.DefaultConfig()
	c.Algo, c.Seed, c.MaxEpochs, c.Batch, c.LR, c.Momentum, c.Replicas = algo, f.seed, f.epochs, f.batch, f.lr, f.momentum, f.replicas
	c.Hidden = nil
	for range f.layers {
		c.Hidden = append(c.Hidden, width)
	}
	return c
}

// memory estimates the bytes of the data and of the largest training state.
func (f *deepFlags) memory(p deepPlan) float64 {
	side := 28 / p.factor
	d := float64(side * side)
	// full MNIST while subsetting, then the subset's sparse inputs
	need := 70000*(784+1) + float64(f.nTrain+f.nTest)*d*8
	for _, w := range p.widths {
		params := d*float64(w) + float64(f.layers-1)*float64(w*w) + float64(w*mnist.Classes) + float64(f.layers*w) + mnist.Classes
		copies := 5.0 // network, gradient, velocity, noise, noisy copy
		for _, a := range p.algos {
			if a == deep.AlgoRSGD {
				copies = max(copies, 3+2*float64(f.replicas))
			}
		}
		need = max(need, 70000*785+float64(f.nTrain+f.nTest)*d*8+4*params*copies)
	}
	return need
}

func runDeep(args []string, out *Output) error {
	var f deepFlags
	fs := newFlagSet("deep", out)
	f.register(fs)
	experiment.RegisterLimitFlags(fs, &f.lim, 600)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	plan, err := f.plan()
	if err != nil {
		return err
	}
	if need, limit := f.memory(plan), f.lim.MaxMemoryGiB*(1<<30); need > limit {
		return usagef("the largest network needs about %s of memory, above the limit %s; lower -widths or -replicas, or raise -max-memory (GiB)",
			experiment.FormatBytes(need), experiment.FormatBytes(limit))
	}
	ctx, cancel := deadline(f.lim)
	defer cancel()
	fullTrain, fullTest, err := idx.Load(f.mnistDir)
	if err != nil {
		return fmt.Errorf("loading MNIST: %w", err)
	}
	levels := 16 // the site's 4 bits at 14x14; the original 256 at 28x28
	if plan.factor == 1 {
		levels = 256
	}
	trainSet, testSet, err := idx.AssetSets(fullTrain, fullTest, f.nTrain, f.nTest, plan.factor, levels, f.seed)
	if err != nil {
		return usage(err)
	}
	train, err := deep.NewData(trainSet)
	if err != nil {
		return err
	}
	test, err := deep.NewData(testSet)
	if err != nil {
		return err
	}
	m := deep.Measure{Sigmas: plan.sigmas, Draws: f.draws, MaxMisclassified: deepKeepWrong}
	for _, algo := range plan.algos {
		for _, w := range plan.widths {
			r, err := deep.NewRun(f.config(algo, w), m, train, test)
			if err != nil {
				return usage(err)
			}
			start := time.Now()
			done, err := runUntil(ctx, r)
			r.Close()
			if err != nil {
				return fmt.Errorf("%s width %d: %w", algo, w, err)
			}
			if err := out.Emit(deepRecord(f, algo, w, r.Result(), done, time.Since(start).Seconds(), out.JSON)); err != nil {
				return err
			}
			if !done {
				return nil // the deadline passed: what finished is printed
			}
		}
	}
	return nil
}

// deepKeepWrong is the number of misclassified test images listed (the
// site's strip of digits shows at most this many).
const deepKeepWrong = 16

// deepRecord is one output line: a network's errors and its local energy,
// one row per sigma in tables and CSV. JSON lines also list the first
// misclassified test images (indices into the test subset), a list of
// another length than the sigmas' that would break the table's rows.
func deepRecord(f deepFlags, algo string, width int, res deep.Result, done bool, seconds float64, withWrong bool) Record {
	rec := Record{{"algo", algo}, {"layers", f.layers}, {"width", width}, {"train", f.nTrain}, {"test", f.nTest},
		{"resolution", f.resolution}, {"seed", f.seed}}
	if !done || !res.Done {
		return append(rec, Field{"epochs", nil}, Field{"interpolated", nil}, Field{"train_error", nil}, Field{"test_error", nil},
			Field{"seconds", nil}, Field{"cut_short", true},
			Field{"reason", note(fmt.Sprintf("the -max-seconds %g limit was reached while training or measuring this network", f.lim.MaxSeconds))})
	}
	se := make([]rounded, len(res.Sigmas))
	noisy := make([]rounded, len(res.Sigmas))
	delta := make([]rounded, len(res.Sigmas))
	for i := range res.Sigmas {
		// the page compares its live results with stored lines by the same rule (deep.SamePrinted)
		dec := deep.PrintedDecimals(res.NoisyErrorSE[i], f.nTrain, f.draws)
		noisy[i] = rounded{V: res.NoisyError[i], Decimals: dec}
		delta[i] = rounded{V: res.DeltaE[i], Decimals: dec}
		se[i] = rounded{V: res.NoisyErrorSE[i], Decimals: min(15, dec+1)}
	}
	rec = append(rec, Field{"epochs", res.Epochs}, Field{"interpolated", res.Interpolated},
		Field{"train_error", res.Train.Error}, Field{"train_loss", res.Train.Loss},
		Field{"test_error", res.Test.Error}, Field{"test_loss", res.Test.Loss},
		Field{"sigma", res.Sigmas}, Field{"noisy_train_error", noisy}, Field{"noisy_train_error_se", se},
		Field{"delta_e", delta})
	if withWrong {
		rec = append(rec, Field{"misclassified", append([]int{}, res.Misclassified...)})
	}
	return append(rec, Field{"seconds", math.Round(seconds*1000) / 1000}, Field{"cut_short", false})
}
