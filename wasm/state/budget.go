package state

import (
	"fmt"

	"flatland/sim/experiment"
)

// Budgets of one figure's simulations in the browser. A WebAssembly module
// never returns memory to the page, and a tab that takes much more than a
// few hundred MB is killed on phones and slows every laptop; drawing the
// training set costs P N D multiply-adds, about 1 ns each in WebAssembly.
const (
	MemoryBudget   = 256 << 20 // bytes held by the instances of one figure at once
	DataWorkBudget = 1.5e10    // multiply-adds to draw one training set (~15 s)
)

// Bytes estimates the memory a simulation holds while it trains (data,
// model, the algorithm's state and one flatness probe).
func Bytes(p experiment.Problem) float64 { return p.Footprint(1, p.Algo).Bytes() }

// CheckBudget refuses instances that together exceed MemoryBudget, or one
// whose training set is too long to draw, with a sentence that says the
// estimate, the budget and what to lower. Figures call it before allocating.
func CheckBudget(runs ...experiment.Problem) error {
	total := 0.0
	for _, in := range runs {
		total += Bytes(in)
		d, p := in.D(), in.P()
		if work := float64(p) * float64(in.N) * float64(d); work > DataWorkBudget {
			return fmt.Errorf("drawing this training set (N=%d, D=%d, P=%d) takes %.2g multiply-adds, more than the browser budget of %.2g (about 15 s): lower N, α or α_D, or use the command line",
				in.N, d, p, work, DataWorkBudget)
		}
	}
	if total > MemoryBudget {
		in := runs[0]
		d, p := in.D(), in.P()
		what := fmt.Sprintf("N=%d, D=%d, P=%d, %s", in.N, d, p, in.Algo)
		if len(runs) > 1 {
			what += fmt.Sprintf(", %d trainings at once", len(runs))
		}
		return fmt.Errorf("this simulation needs about %.0f MB of browser memory (%s), above the %d MB budget: lower N, α or α_D, or use the command line",
			total/(1<<20), what, MemoryBudget>>20)
	}
	return nil
}
