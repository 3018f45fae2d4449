package deep_test

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"flatland/sim/deep"
	"flatland/sim/stepper"
)

// The physics tests measure at these noise levels, with this many draws.
var (
	testSigmas = []float64{0.1, 0.2}
	testDraws  = 12
)

// runs caches the physics tests' networks by algorithm and width (the
// tests share some, and they are the slow part of the suite).
var runs = map[string]deep.Result{}

// sigmaIndex is the index of sigma in testSigmas.
func sigmaIndex(t *testing.T, sigma float64) int {
	for i, s := range testSigmas {
		if s == sigma {
			return i
		}
	}
	t.Fatalf("sigma %g is not measured", sigma)
	return -1
}

// runNet trains one network on the MNIST subset (at most 40 epochs, seed 1)
// and measures it at testSigmas.
func runNet(t *testing.T, algo string, width int) deep.Result {
	t.Helper()
	key := fmt.Sprint(algo, width)
	if res, ok := runs[key]; ok {
		return res
	}
	sigmas, draws := testSigmas, testDraws
	train, test := mnistSubset(t)
	cfg := deep.DefaultConfig()
	cfg.Algo, cfg.Hidden, cfg.Seed, cfg.MaxEpochs = algo, []int{width}, 1, 40
	m := deep.Measure{Sigmas: sigmas, Draws: draws}
	r, err := deep.NewRun(cfg, m, train, test)
	if err != nil {
		t.Fatal(err)
	}
	if err := stepper.Run(context.Background(), r, 50*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	res := r.Result()
	runs[key] = res
	t.Logf("%s width %d: %d epochs, train error %.4f (loss %.4f), test error %.4f; sigma %v: delta E %v +- %v",
		algo, width, res.Epochs, res.Train.Error, res.Train.Loss, res.Test.Error, res.Sigmas, fmtList(res.DeltaE), fmtList(res.NoisyErrorSE))
	return res
}

func fmtList(x []float64) string {
	s := ""
	for i, v := range x {
		if i > 0 {
			s += ","
		}
		s += fmt.Sprintf("%.4f", v)
	}
	return s
}

// separated reports whether a - b exceeds k combined standard errors.
func separated(a, seA, b, seB, k float64) bool {
	return a-b > k*math.Hypot(seA, seB)
}

// Wider networks reach zero training error (the interpolation point lies
// between the two widths); the narrow one cannot in the same epochs.
func TestWiderNetworksInterpolate(t *testing.T) {
	narrow := runNet(t, deep.AlgoSGD, 4)
	wide := runNet(t, deep.AlgoSGD, 64)
	if narrow.Interpolated || narrow.Train.Error < 0.02 {
		t.Errorf("width 4: training error %.4f, want >= 0.02 (below the interpolation point)", narrow.Train.Error)
	}
	if !wide.Interpolated || wide.Train.Errors != 0 {
		t.Errorf("width 64: training error %.4f after %d epochs, want 0", wide.Train.Error, wide.Epochs)
	}
	if !(wide.Test.Error < narrow.Test.Error-0.03) {
		t.Errorf("test error: width 64 %.4f, width 4 %.4f: the wider should generalize better by 0.03", wide.Test.Error, narrow.Test.Error)
	}
}

// Past the interpolation point the local energy at fixed sigma falls with
// width, by more than three combined standard errors at each step.
func TestLocalEnergyFallsWithWidth(t *testing.T) {
	const sigma = 0.2
	k := sigmaIndex(t, sigma)
	widths := []int{32, 64, 128}
	var prev deep.Result
	for i, w := range widths {
		res := runNet(t, deep.AlgoSGD, w)
		if !res.Interpolated {
			t.Fatalf("width %d did not reach zero training error (%.4f)", w, res.Train.Error)
		}
		if i > 0 && !separated(prev.DeltaE[k], prev.NoisyErrorSE[k], res.DeltaE[k], res.NoisyErrorSE[k], 3) {
			t.Errorf("sigma %g: delta E %.4f +- %.4f at width %d, %.4f +- %.4f at width %d: want a fall by 3 standard errors",
				sigma, prev.DeltaE[k], prev.NoisyErrorSE[k], widths[i-1], res.DeltaE[k], res.NoisyErrorSE[k], w)
		}
		prev = res
	}
}

// Replicated SGD's centre is flatter than SGD's minimum at the same width.
func TestReplicatedFlatterThanSGD(t *testing.T) {
	const sigma = 0.1
	k := sigmaIndex(t, sigma)
	sgd := runNet(t, deep.AlgoSGD, 64)
	rsgd := runNet(t, deep.AlgoRSGD, 64)
	if !sgd.Interpolated || !rsgd.Interpolated {
		t.Fatalf("zero training error not reached: sgd %.4f, rsgd %.4f", sgd.Train.Error, rsgd.Train.Error)
	}
	if !separated(sgd.DeltaE[k], sgd.NoisyErrorSE[k], rsgd.DeltaE[k], rsgd.NoisyErrorSE[k], 2) {
		t.Errorf("sigma %g: delta E sgd %.4f +- %.4f, rsgd %.4f +- %.4f: want rsgd lower by 2 standard errors",
			sigma, sgd.DeltaE[k], sgd.NoisyErrorSE[k], rsgd.DeltaE[k], rsgd.NoisyErrorSE[k])
	}
}
