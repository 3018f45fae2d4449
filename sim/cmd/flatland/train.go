package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"flatland/sim/data"
	"flatland/sim/nets"
	"flatland/sim/train"
)

// problemFlags are the model and data flags shared by train, sweep and flatness.
type problemFlags struct {
	model, labels, inputs, act, algo string
	n, k                             int
	alpha, alphaD, kappa             float64
	fully                            bool
	seed                             uint64
	maxSeconds                       float64
	maxEpochs, testExamples          int
}

func (p *problemFlags) register(fs *flag.FlagSet, withAlpha bool) {
	fs.StringVar(&p.model, "model", "perceptron", "perceptron | rf | committee")
	fs.StringVar(&p.labels, "labels", "random", "random (storage) | teacher")
	fs.StringVar(&p.inputs, "inputs", "pm1", "input entries: pm1 (±1, bit-packed) | gauss (perceptron, committee)")
	fs.StringVar(&p.act, "act", "sign", "rf feature activation: sign | relu | tanh | erf")
	fs.IntVar(&p.n, "n", 1001, "number of inputs N (features for rf)")
	fs.IntVar(&p.k, "k", 3, "committee hidden units (odd)")
	fs.BoolVar(&p.fully, "fully", false, "committee: fully connected instead of tree")
	if withAlpha {
		fs.Float64Var(&p.alpha, "alpha", 0.5, "patterns per weight, P = alpha N")
	}
	fs.Float64Var(&p.alphaD, "alpha-d", 0.5, "rf: raw input dimension per feature, D = alpha_D N")
	fs.Float64Var(&p.kappa, "kappa", 0, "perceptron/rf margin kappa")
	fs.Uint64Var(&p.seed, "seed", 1, "random seed (data and algorithm)")
	fs.Float64Var(&p.maxSeconds, "max-seconds", 60, "wall-clock limit per training run")
	fs.IntVar(&p.maxEpochs, "max-epochs", 0, "epochs/sweeps limit (0: algorithm default)")
	fs.IntVar(&p.testExamples, "test", 10000, "fresh examples for the test error")
}

func (p *problemFlags) check() error {
	if err := checkRange("n", float64(p.n), 3, 1e6); err != nil {
		return err
	}
	if err := checkRange("alpha-d", p.alphaD, 1e-3, 100); err != nil {
		return err
	}
	if err := checkRange("kappa", p.kappa, 0, 10); err != nil {
		return err
	}
	if err := checkRange("max-seconds", p.maxSeconds, 1e-3, 1e6); err != nil {
		return err
	}
	if err := checkRange("test", float64(p.testExamples), 1, 1e7); err != nil {
		return err
	}
	if p.maxEpochs < 0 {
		return usagef("-max-epochs %d must be >= 0", p.maxEpochs)
	}
	switch p.model {
	case "perceptron", "rf", "committee":
	default:
		return usagef("-model %q: want perceptron, rf or committee", p.model)
	}
	if _, err := data.ParseLabels(p.labels); err != nil {
		return usagef("-labels: %v", err)
	}
	if _, err := data.ParseInputs(p.inputs); err != nil {
		return usagef("-inputs: %v", err)
	}
	if _, err := data.ParseActivation(p.act); err != nil {
		return usagef("-act: %v", err)
	}
	if p.model == "committee" && (p.k < 1 || p.k%2 == 0 || p.k > p.n) {
		return usagef("-k %d: want an odd number of hidden units between 1 and n", p.k)
	}
	return nil
}

func checkAlpha(a float64) error { return checkRange("alpha", a, 1e-3, 20) }

func checkAlgo(name string, model string) error {
	ok := false
	for _, a := range train.Names {
		ok = ok || a == name
	}
	if !ok {
		return usagef("-algo %q: want one of %s", name, strings.Join(train.Names, ", "))
	}
	if model == "committee" && name != "sa" && name != "rsa" && name != "cpr" {
		return usagef("-algo %s is not implemented for committees (use cpr, sa or rsa)", name)
	}
	return nil
}

// problem is one sampled training problem.
type problem struct {
	rule  *data.Rule
	set   *data.Set
	model nets.Model
}

func (p *problemFlags) build(alpha float64, seed uint64) (*problem, error) {
	labels, _ := data.ParseLabels(p.labels)
	inputs, _ := data.ParseInputs(p.inputs)
	act, _ := data.ParseActivation(p.act)
	var rule *data.Rule
	var err error
	switch p.model {
	case "perceptron":
		rule, err = data.NewPerceptronRule(p.n, inputs, labels, seed)
	case "rf":
		d := max(1, int(p.alphaD*float64(p.n)+0.5))
		rule, err = data.NewRandomFeaturesRule(d, p.n, act, labels, seed)
	case "committee":
		rule, err = data.NewCommitteeRule(p.n, p.k, !p.fully, inputs, labels, seed)
	}
	if err != nil {
		return nil, err
	}
	set := rule.Sample(data.PatternCount(alpha, p.n), seed, data.StreamTrain)
	pr := &problem{rule: rule, set: set}
	if p.model == "committee" {
		pr.model = nets.NewCommittee(set, p.k, !p.fully)
	} else {
		lin := nets.NewLinear(set)
		lin.SetKappa(p.kappa)
		pr.model = lin
	}
	return pr, nil
}

// runResult is the outcome of one training run.
type runResult struct {
	tr       train.Trainer
	snap     train.Snapshot
	seconds  float64
	timedOut bool
}

func (p *problemFlags) run(pr *problem, algo string, seed uint64) (runResult, error) {
	tr, err := train.New(algo, pr.model, seed, p.maxEpochs)
	if err != nil {
		return runResult{}, err
	}
	limit := time.Duration(p.maxSeconds * float64(time.Second))
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	start := time.Now()
	err = stepperRun(ctx, tr)
	res := runResult{tr: tr, seconds: time.Since(start).Seconds()}
	if errors.Is(err, context.DeadlineExceeded) {
		res.timedOut = true
	} else if err != nil {
		return res, err
	}
	res.snap = tr.Snapshot()
	return res, nil
}

func stepperRun(ctx context.Context, tr train.Trainer) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		done, err := tr.Step(20 * time.Millisecond)
		if err != nil || done {
			return err
		}
	}
}

func init() {
	register("train", "train a binary network with one algorithm (cpr|sgd|sa|rsa|rsgd|fbp)", runTrain)
}

func runTrain(args []string, out *Output) error {
	var p problemFlags
	fs := newFlagSet("train", out)
	p.register(fs, true)
	fs.StringVar(&p.algo, "algo", "cpr", "algorithm: "+strings.Join(train.Names, " | "))
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := p.check(); err != nil {
		return err
	}
	if err := checkAlpha(p.alpha); err != nil {
		return err
	}
	if err := checkAlgo(p.algo, p.model); err != nil {
		return err
	}
	pr, err := p.build(p.alpha, p.seed)
	if err != nil {
		return err
	}
	res, err := p.run(pr, p.algo, p.seed)
	if err != nil {
		return fmt.Errorf("%s at n=%d alpha=%g seed=%d: %w", p.algo, p.n, p.alpha, p.seed, err)
	}
	w := res.tr.Weights()
	rec := Record{{"algo", p.algo}, {"model", p.model}, {"labels", p.labels}, {"n", p.n}, {"alpha", p.alpha},
		{"p", pr.set.P}, {"seed", p.seed}, {"solved", res.snap.Solved}, {"train_error", res.snap.TrainError},
		{"test_error", nets.TestError(pr.model, w, pr.rule, p.testExamples, p.seed)},
		{"iterations", res.snap.Epoch}, {"work", res.snap.Work}, {"seconds", res.seconds}, {"timed_out", res.timedOut}}
	if p.model == "perceptron" && p.labels == "teacher" {
		rec = append(rec, Field{"teacher_overlap", nets.Overlap(w, pr.rule.Teacher)})
	}
	return out.Emit(rec)
}
