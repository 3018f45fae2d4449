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
	"flatland/sim/stepper"
	"flatland/sim/train"
)

// problemFlags are the model and data flags shared by train, sweep and flatness.
type problemFlags struct {
	model, labels, inputs, act, algo string
	n, k                             int
	alpha, alphaD, kappa             float64
	fully                            bool
	seed                             uint64
	maxSeconds, maxMemoryGiB         float64
	maxEpochs, testExamples          int
}

// defaultMaxMemoryGiB bounds the estimated size of the data and training
// state (-max-memory): far above any run the front end offers, well below
// what makes a laptop swap.
const defaultMaxMemoryGiB = 2

func (p *problemFlags) register(fs *flag.FlagSet, withAlpha bool, defaultSeconds float64) {
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
	fs.Float64Var(&p.kappa, "kappa", 0, "perceptron/rf margin kappa (CP+R uses it as its update margin; committees have none)")
	fs.Uint64Var(&p.seed, "seed", 1, "random seed (data and algorithm)")
	fs.Float64Var(&p.maxSeconds, "max-seconds", defaultSeconds, "wall-clock limit for the whole command: data, training, testing, measurements (what finished is printed, marked cut_short)")
	fs.Float64Var(&p.maxMemoryGiB, "max-memory", defaultMaxMemoryGiB, "limit in GiB on the estimated memory of the data and training state, checked before anything is allocated")
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
	if err := checkRange("max-memory", p.maxMemoryGiB, 1e-3, 1024); err != nil {
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
	if p.model == "committee" && p.kappa != 0 {
		return usagef("-kappa %g: committee machines have no margin (use -kappa 0, or -model perceptron or rf)", p.kappa)
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

// rfDimension is D = round(alpha_D N), at least 1.
func (p *problemFlags) rfDimension() int { return max(1, int(p.alphaD*float64(p.n)+0.5)) }

// memoryBytes estimates the bytes the data, the model and the largest of the
// algorithms hold at load alpha (train.Footprint), with two more states for
// the flatness measurement and the test stream.
func (p *problemFlags) memoryBytes(alpha float64, algos []string) float64 {
	f := train.Footprint{Model: p.model, N: p.n, P: data.PatternCount(alpha, p.n), K: p.k, Fully: p.fully, Algos: algos, Probes: 2}
	if p.model == "rf" {
		f.D = p.rfDimension()
	}
	f.PM1 = p.model == "rf" && p.act == "sign" || p.model == "perceptron" && p.inputs == "pm1"
	return f.Bytes()
}

// checkMemory refuses, before anything is allocated, a run whose estimated
// memory exceeds -max-memory.
func (p *problemFlags) checkMemory(alphas []float64, algos []string) error {
	need, at := 0.0, 0.0
	for _, a := range alphas {
		if b := p.memoryBytes(a, algos); b > need {
			need, at = b, a
		}
	}
	limit := p.maxMemoryGiB * (1 << 30)
	if need <= limit {
		return nil
	}
	lower := "-n or -alpha"
	if p.model == "rf" {
		lower = "-n, -alpha or -alpha-d"
	}
	return usagef("n=%d alpha=%g (P=%d%s) needs about %s of memory, above the limit %s; lower %s, or raise -max-memory (GiB)",
		p.n, at, data.PatternCount(at, p.n), p.dimensionNote(), formatBytes(need), formatBytes(limit), lower)
}

func (p *problemFlags) dimensionNote() string {
	if p.model == "rf" {
		return fmt.Sprintf(", D=%d", p.rfDimension())
	}
	return ""
}

func formatBytes(b float64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB"}
	i := 0
	for b >= 1024 && i < len(units)-1 {
		b /= 1024
		i++
	}
	return fmt.Sprintf("%.3g %s", b, units[i])
}

// deadline returns the context that bounds the whole command (-max-seconds).
func (p *problemFlags) deadline() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), time.Duration(p.maxSeconds*float64(time.Second)))
}

// cutShortReason is the note printed with a result cut short by the deadline.
func (p *problemFlags) cutShortReason(during string) string {
	return fmt.Sprintf("the -max-seconds %g limit was reached during %s", p.maxSeconds, during)
}

// problem is one sampled training problem.
type problem struct {
	rule  *data.Rule
	set   *data.Set
	model nets.Model
}

// build samples the problem; it returns ctx's error if the deadline passes
// while the data are drawn.
func (p *problemFlags) build(ctx context.Context, alpha float64, seed uint64) (*problem, error) {
	labels, _ := data.ParseLabels(p.labels)
	inputs, _ := data.ParseInputs(p.inputs)
	act, _ := data.ParseActivation(p.act)
	var rule *data.Rule
	var err error
	switch p.model {
	case "perceptron":
		rule, err = data.NewPerceptronRule(p.n, inputs, labels, seed)
	case "rf":
		rule, err = data.NewRandomFeaturesRuleContext(ctx, p.rfDimension(), p.n, act, labels, seed)
	case "committee":
		rule, err = data.NewCommitteeRule(p.n, p.k, !p.fully, inputs, labels, seed)
	}
	if err != nil {
		return nil, err
	}
	set, err := rule.SampleContext(ctx, data.PatternCount(alpha, p.n), seed, data.StreamTrain)
	if err != nil {
		return nil, err
	}
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

// isDeadline reports whether err is the command's deadline.
func isDeadline(err error) bool {
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
}

// runResult is the outcome of one training run.
type runResult struct {
	tr       train.Trainer
	snap     train.Snapshot
	seconds  float64
	timedOut bool // stopped by the command's deadline
}

func (p *problemFlags) run(ctx context.Context, pr *problem, algo string, seed uint64) (runResult, error) {
	tr, err := train.New(algo, pr.model, seed, p.maxEpochs)
	if err != nil {
		return runResult{}, err
	}
	start := time.Now()
	err = stepperRun(ctx, tr)
	res := runResult{tr: tr, seconds: time.Since(start).Seconds()}
	if isDeadline(err) {
		res.timedOut = true
	} else if err != nil {
		return res, err
	}
	res.snap = tr.Snapshot()
	return res, nil
}

func stepperRun(ctx context.Context, tr train.Trainer) error {
	for {
		if err := stepper.Expired(ctx); err != nil {
			return err
		}
		done, err := tr.Step(20 * time.Millisecond)
		if err != nil || done {
			return err
		}
	}
}

// testError is nets.TestError (the same examples, the same result) that
// stops when ctx is done; it returns the error fraction over the examples
// tested and their number (0: no estimate).
func testError(ctx context.Context, m nets.Model, w []int8, rule *data.Rule, examples int, seed uint64) (float64, int) {
	st := rule.Stream(seed, data.StreamTest)
	x := make([]float64, rule.N)
	wrong, done := 0, 0
	for ; done < examples; done++ {
		if (done%64 == 0 || rule.D > 0) && stepper.Expired(ctx) != nil {
			break
		}
		y := st.Next(x)
		if m.Predict(w, x) != y {
			wrong++
		}
	}
	if done == 0 {
		return 0, 0
	}
	return float64(wrong) / float64(done), done
}

func init() {
	register("train", "train a binary network with one algorithm (cpr|sgd|sa|rsa|rsgd|fbp)", runTrain)
}

func runTrain(args []string, out *Output) error {
	var p problemFlags
	fs := newFlagSet("train", out)
	p.register(fs, true, 60)
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
	if err := p.checkMemory([]float64{p.alpha}, []string{p.algo}); err != nil {
		return err
	}
	ctx, cancel := p.deadline()
	defer cancel()
	rec := Record{{"algo", p.algo}, {"model", p.model}, {"labels", p.labels}, {"n", p.n}, {"alpha", p.alpha},
		{"p", data.PatternCount(p.alpha, p.n)}, {"seed", p.seed}}
	pr, err := p.build(ctx, p.alpha, p.seed)
	if isDeadline(err) {
		rec = append(rec, Field{"solved", nil}, Field{"train_error", nil}, Field{"test_error", nil}, Field{"test_examples", 0},
			Field{"iterations", nil}, Field{"work", nil}, Field{"seconds", nil}, Field{"timed_out", true}, Field{"cut_short", true},
			Field{"reason", note(p.cutShortReason("data generation") + ": nothing was trained")})
		return out.Emit(rec)
	}
	if err != nil {
		return err
	}
	res, err := p.run(ctx, pr, p.algo, p.seed)
	if err != nil {
		return fmt.Errorf("%s at n=%d alpha=%g seed=%d: %w", p.algo, p.n, p.alpha, p.seed, err)
	}
	w := res.tr.Weights()
	testErr, tested := testError(ctx, pr.model, w, pr.rule, p.testExamples, p.seed)
	rec = append(rec, Field{"solved", res.snap.Solved}, Field{"train_error", res.snap.TrainError},
		Field{"test_error", orNil(testErr, tested > 0)}, Field{"test_examples", tested},
		Field{"iterations", res.snap.Epoch}, Field{"work", res.snap.Work}, Field{"seconds", res.seconds},
		Field{"timed_out", res.timedOut}, Field{"cut_short", res.timedOut || tested < p.testExamples})
	if p.model == "perceptron" && p.labels == "teacher" {
		rec = append(rec, Field{"teacher_overlap", nets.Overlap(w, pr.rule.Teacher)})
	}
	switch {
	case res.timedOut:
		rec = append(rec, Field{"reason", note(p.cutShortReason("training") + ": the errors are those of the weights reached")})
	case tested < p.testExamples:
		rec = append(rec, Field{"reason", note(fmt.Sprintf("%s: test error over %d of %d examples", p.cutShortReason("testing"), tested, p.testExamples))})
	}
	return out.Emit(rec)
}

// orNil returns v if ok and nil (JSON null, "-" in tables) otherwise.
func orNil(v float64, ok bool) any {
	if ok {
		return v
	}
	return nil
}
