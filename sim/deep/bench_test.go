package deep_test

import (
	"testing"

	"flatland/sim/deep"
)

// One epoch of SGD at width 64 on the site's subset (4,000 images,
// 14x14): the WebAssembly/native ratio of the hot loops (goal <= 2.5).
func BenchmarkEpochWidth64(b *testing.B) {
	train := assetTrain(b)
	cfg := deep.DefaultConfig()
	cfg.Hidden, cfg.Seed = []int{64}, 1
	t, err := deep.NewTrainer(cfg, train)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		for !t.Step() {
		}
	}
	b.ReportMetric(float64(train.N), "images/epoch")
}

// A width-64 network trained by SGD until zero training error on the
// subset the site ships (4,000 images, 14x14), evaluations included (goal
// <= 10 s in WebAssembly). The first call prints the epochs it took.
func BenchmarkTrainWidth64ToZeroError(b *testing.B) {
	train := assetTrain(b)
	for range b.N {
		cfg := deep.DefaultConfig()
		cfg.Hidden, cfg.Seed = []int{64}, 1
		t, err := deep.NewTrainer(cfg, train)
		if err != nil {
			b.Fatal(err)
		}
		for t.Epoch() < cfg.MaxEpochs {
			if t.Step() && t.Net().Evaluate(train).Errors == 0 {
				break
			}
		}
		b.ReportMetric(float64(t.Epoch()), "epochs")
	}
}
