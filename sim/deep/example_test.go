package deep_test

import (
	"context"
	"fmt"
	"time"

	"flatland/sim/deep"
	"flatland/sim/stepper"
)

// Train a 32-unit network with SGD until it classifies every training
// image, then read its local energy at two noise levels.
func Example() {
	train, _ := deep.NewData(synthetic(200, 1))
	test, _ := deep.NewData(synthetic(100, 2))
	cfg := deep.DefaultConfig()
	cfg.Hidden, cfg.Seed = []int{32}, 1
	r, err := deep.NewRun(cfg, deep.Measure{Sigmas: []float64{0.1, 0.5}, Draws: 4}, train, test)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := stepper.Run(context.Background(), r, 10*time.Millisecond); err != nil {
		fmt.Println(err)
		return
	}
	res := r.Result()
	fmt.Printf("interpolated after %d epochs: train error %.3f, test error %.3f\n", res.Epochs, res.Train.Error, res.Test.Error)
	for i, s := range res.Sigmas {
		fmt.Printf("sigma %.1f: delta E_train %.4f +- %.4f\n", s, res.DeltaE[i], res.NoisyErrorSE[i])
	}
	// Output:
	// interpolated after 7 epochs: train error 0.000, test error 0.050
	// sigma 0.1: delta E_train 0.0000 +- 0.0000
	// sigma 0.5: delta E_train 0.1963 +- 0.0375
}
