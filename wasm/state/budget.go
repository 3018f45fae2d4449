package state

import (
	"fmt"
	"math"

	"flatland/sim/data"
	"flatland/sim/train"
)

// Budgets of one figure's simulations in the browser. A WebAssembly module
// never returns memory to the page, and a tab that takes much more than a
// few hundred MB is killed on phones and slows every laptop; drawing the
// training set costs P N D multiply-adds, about 1 ns each in WebAssembly.
const (
	MemoryBudget   = 256 << 20 // bytes held by the instances of one figure at once
	DataWorkBudget = 1.5e10    // multiply-adds to draw one training set (~15 s)
)

// Instance is one simulated random-features problem as the figures build it:
// N binary weights, D = round(alpha_D N) inputs, P = round(alpha N) examples.
type Instance struct {
	N             int
	Alpha, AlphaD float64
	Act           data.Activation // data.Sign gives ±1 features, bit-packed
	Algo          string
}

// Dims returns the input dimension D and the number of examples P.
func (in Instance) Dims() (d, p int) {
	d = max(1, int(math.Round(in.AlphaD*float64(in.N))))
	return d, data.PatternCount(in.Alpha, in.N)
}

// Bytes estimates the memory the instance holds while it trains.
func (in Instance) Bytes() float64 {
	d, p := in.Dims()
	return train.Footprint{Model: "rf", N: in.N, P: p, D: d, PM1: in.Act == data.Sign, Algos: []string{in.Algo}, Probes: 1}.Bytes()
}

// CheckBudget refuses instances that together exceed MemoryBudget, or one
// whose training set is too long to draw, with a sentence that says the
// estimate, the budget and what to lower. Figures call it before allocating.
func CheckBudget(runs ...Instance) error {
	total := 0.0
	for _, in := range runs {
		total += in.Bytes()
		d, p := in.Dims()
		if work := float64(p) * float64(in.N) * float64(d); work > DataWorkBudget {
			return fmt.Errorf("drawing this training set (N=%d, D=%d, P=%d) takes %.2g multiply-adds, more than the browser budget of %.2g (about 15 s): lower N, α or α_D, or use the command line",
				in.N, d, p, work, DataWorkBudget)
		}
	}
	if total > MemoryBudget {
		in := runs[0]
		d, p := in.Dims()
		what := fmt.Sprintf("N=%d, D=%d, P=%d, %s", in.N, d, p, in.Algo)
		if len(runs) > 1 {
			what += fmt.Sprintf(", %d trainings at once", len(runs))
		}
		return fmt.Errorf("this simulation needs about %.0f MB of browser memory (%s), above the %d MB budget: lower N, α or α_D, or use the command line",
			total/(1<<20), what, MemoryBudget>>20)
	}
	return nil
}
