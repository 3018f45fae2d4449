package train

import "math"

// Footprint describes a training problem for an estimate of the memory it
// needs, made before anything is allocated (the CLI refuses, and the browser
// figures refuse, problems above their budgets).
type Footprint struct {
	Model  string   // "perceptron", "rf" or "committee"
	N, P   int      // weights (inputs, or features for rf) and examples
	D      int      // rf: input dimension (the feature matrix is N x D)
	PM1    bool     // ±1 pattern entries: the model keeps a bit-packed copy
	K      int      // committee hidden units
	Fully  bool     // committee: fully connected (K N weights)
	Algos  []string // algorithms run on the problem (the largest counts)
	Probes int      // extra model states held by flatness measurements (0: none)
}

// Bytes estimates the bytes held at once, from the data structures
// themselves: the training set (P x N float64 and P labels) and the model's
// two copies of it (rows and columns; P x N/64 words more when bit-packed),
// the rf feature matrix (N x D float64), fBP's P x N messages, and every
// cached state's P float64 fields (P K for committees), one per replica for
// the replicated algorithms. Go's collector may hold up to about twice this.
func (f Footprint) Bytes() float64 {
	n, p := float64(f.N), float64(f.P)
	nw := n
	if f.Model == "committee" && f.Fully {
		nw = n * float64(max(1, f.K))
	}
	set := 8*p*n + p
	var model, state float64
	switch f.Model {
	case "committee":
		model = 8*p*n + 8*nw
		state = 8*p*float64(max(1, f.K)) + 8*p + nw
	default:
		model = 16 * p * n
		if f.Model == "rf" {
			d := float64(f.D)
			model += 8*n*d + 16*d
		}
		if f.PM1 {
			model += 8 * p * math.Ceil(n/64)
		}
		state = 8*p + nw
	}
	algo := 0.0
	for _, a := range f.Algos {
		var b float64
		switch a {
		case "fbp":
			b = 8*p*nw + 40*nw // P x NumWeights messages (K N for a fully connected committee)
		case "rsa", "rsgd":
			y := float64(max(DefaultRSAConfig().Y, DefaultRSGDConfig().Y))
			b = (y+1)*state + y*8*nw
		default:
			b = 2*state + 24*nw
		}
		algo = max(algo, b)
	}
	return set + model + algo + float64(f.Probes)*state + 16*nw
}
