package deep

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"flatland/sim/data"
	"flatland/sim/detmath"
	"flatland/sim/mnist"
)

// Data is a classification set ready for the network: inputs in [0, 1] as
// float32, plus each input's nonzero pixels (MNIST is mostly background, so
// the first layer only visits the ink).
type Data struct {
	N, D    int
	Classes int
	Y       []uint8
	nzOff   []int32 // sample i's nonzero inputs are nzIdx/nzVal[nzOff[i]:nzOff[i+1]]
	nzIdx   []int32
	nzVal   []float32
}

// NewData converts a digit set: pixel v becomes v/(Levels-1).
func NewData(s mnist.Set) (*Data, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if s.Len() == 0 {
		return nil, errors.New("deep: empty data set")
	}
	d := &Data{N: s.Len(), D: s.Rows * s.Cols, Classes: mnist.Classes, Y: s.Labels, nzOff: make([]int32, s.Len()+1)}
	scale := 1 / float32(s.Levels-1)
	for i := range d.N {
		for j, v := range s.Image(i) {
			if v != 0 {
				d.nzIdx = append(d.nzIdx, int32(j))
				d.nzVal = append(d.nzVal, float32(v)*scale)
			}
		}
		d.nzOff[i+1] = int32(len(d.nzIdx))
	}
	return d, nil
}

// Net is a fully connected ReLU network: Sizes[0] inputs, hidden layers
// Sizes[1:L], Sizes[L] output logits. All parameters live in one flat slice
// (layer by layer: weights, then biases), so noise, replicas and momentum
// act on a single vector. The weights of layer l are stored one row per
// input unit (Sizes[l] rows of Sizes[l+1]), so a forward pass skips inputs
// that are zero: background pixels and inactive ReLUs.
type Net struct {
	Sizes  []int
	Params []float32
	wOff   []int // layer l's weights are Params[wOff[l] : wOff[l]+Sizes[l]*Sizes[l+1]]
	bOff   []int // and its biases Params[bOff[l] : bOff[l]+Sizes[l+1]]
}

// MaxParams bounds the parameter count of a network (memory and time).
const MaxParams = 1 << 24

// NewNet makes a network with He initialization: weights Gaussian with
// variance 2/fan-in, biases 0, drawn from seed.
func NewNet(sizes []int, seed uint64) (*Net, error) {
	n, err := newShape(sizes)
	if err != nil {
		return nil, err
	}
	rng := newRand(seed, streamInit)
	for l := 0; l+1 < len(sizes); l++ {
		std := math.Sqrt(2 / float64(sizes[l]))
		w := n.weights(n.Params, l)
		for i := range w {
			w[i] = float32(std * gaussian(rng))
		}
	}
	return n, nil
}

func newShape(sizes []int) (*Net, error) {
	if len(sizes) < 2 {
		return nil, fmt.Errorf("deep: a network needs an input and an output layer (sizes %v)", sizes)
	}
	total := 0
	n := &Net{Sizes: append([]int(nil), sizes...)}
	for l, s := range sizes {
		if s < 1 || s > MaxParams {
			return nil, fmt.Errorf("deep: layer %d has %d units", l, s)
		}
		if l+1 < len(sizes) {
			n.wOff = append(n.wOff, total)
			total += s * sizes[l+1]
			n.bOff = append(n.bOff, total)
			total += sizes[l+1]
			if total > MaxParams {
				return nil, fmt.Errorf("deep: %v has more than %d parameters", sizes, MaxParams)
			}
		}
	}
	n.Params = make([]float32, total)
	return n, nil
}

// Clone returns a deep copy.
func (n *Net) Clone() *Net {
	c := *n
	c.Sizes = append([]int(nil), n.Sizes...)
	c.Params = append([]float32(nil), n.Params...)
	return &c
}

// Layers is the number of weight layers.
func (n *Net) Layers() int { return len(n.Sizes) - 1 }

// weights and biases return layer l's part of p, a vector shaped like Params.
func (n *Net) weights(p []float32, l int) []float32 {
	return p[n.wOff[l] : n.wOff[l]+n.Sizes[l]*n.Sizes[l+1]]
}
func (n *Net) biases(p []float32, l int) []float32 { return p[n.bOff[l] : n.bOff[l]+n.Sizes[l+1]] }

// workspace holds one sample's activations and back-propagated errors.
type workspace struct {
	act   [][]float32 // act[l], l = 1..L: ReLU outputs of hidden layers, logits last
	delta [][]float32 // dLoss/d(pre-activation) of layer l
	prob  []float64
}

func newWorkspace(sizes []int) *workspace {
	w := &workspace{act: make([][]float32, len(sizes)), delta: make([][]float32, len(sizes)), prob: make([]float64, sizes[len(sizes)-1])}
	for l := 1; l < len(sizes); l++ {
		w.act[l] = make([]float32, sizes[l])
		w.delta[l] = make([]float32, sizes[l])
	}
	return w
}

// axpy adds a*x to y (len(y) >= len(x)), eight at a time through
// fixed-length subslices (no bounds checks inside: WebAssembly gains most).
// The float32 conversion of each product forbids fused multiply-adds,
// which some processors would use and WebAssembly does not: results stay
// bit-identical everywhere.
func axpy(y []float32, a float32, x []float32) {
	n := len(x) &^ 7
	y = y[:len(x)]
	for i := 0; i < n; i += 8 {
		xs := x[i : i+8 : i+8]
		ys := y[i : i+8 : i+8]
		ys[0] += float32(a * xs[0])
		ys[1] += float32(a * xs[1])
		ys[2] += float32(a * xs[2])
		ys[3] += float32(a * xs[3])
		ys[4] += float32(a * xs[4])
		ys[5] += float32(a * xs[5])
		ys[6] += float32(a * xs[6])
		ys[7] += float32(a * xs[7])
	}
	for i := n; i < len(x); i++ {
		y[i] += float32(a * x[i])
	}
}

// dot is sum_i x_i y_i in a fixed order (four partial sums).
func dot(x, y []float32) float32 {
	n := len(x) &^ 7
	y = y[:len(x)]
	var s0, s1, s2, s3 float32
	for i := 0; i < n; i += 8 {
		xs := x[i : i+8 : i+8]
		ys := y[i : i+8 : i+8]
		s0 += float32(xs[0] * ys[0])
		s1 += float32(xs[1] * ys[1])
		s2 += float32(xs[2] * ys[2])
		s3 += float32(xs[3] * ys[3])
		s0 += float32(xs[4] * ys[4])
		s1 += float32(xs[5] * ys[5])
		s2 += float32(xs[6] * ys[6])
		s3 += float32(xs[7] * ys[7])
	}
	for i := n; i < len(x); i++ {
		s0 += float32(x[i] * y[i])
	}
	return (s0 + s1) + (s2 + s3)
}

// forward computes sample i's activations with parameters p (shaped like
// n.Params) and returns its cross-entropy loss and predicted class (the
// first largest logit).
func (n *Net) forward(p []float32, d *Data, i int, ws *workspace) (float64, int) {
	L := n.Layers()
	// layer 0: only the nonzero pixels
	z := ws.act[1]
	copy(z, n.biases(p, 0))
	w := n.weights(p, 0)
	h := n.Sizes[1]
	for k := d.nzOff[i]; k < d.nzOff[i+1]; k++ {
		j := int(d.nzIdx[k])
		axpy(z, d.nzVal[k], w[j*h:(j+1)*h])
	}
	for l := 1; l < L; l++ {
		in := ws.act[l]
		for j, v := range in {
			if v < 0 {
				in[j] = 0
			}
		}
		z = ws.act[l+1]
		copy(z, n.biases(p, l))
		w = n.weights(p, l)
		h = n.Sizes[l+1]
		for j, v := range in {
			if v != 0 {
				axpy(z, v, w[j*h:(j+1)*h])
			}
		}
	}
	// softmax cross-entropy on the logits z
	best := 0
	for c := range z {
		if z[c] > z[best] {
			best = c
		}
	}
	zmax := float64(z[best])
	var sum float64
	for c := range z {
		e := detmath.Exp(float64(z[c]) - zmax)
		ws.prob[c] = e
		sum += e
	}
	for c := range z {
		ws.prob[c] /= sum
	}
	loss := detmath.Log(sum) - (float64(z[d.Y[i]]) - zmax)
	return loss, best
}

// backward adds scale times the gradient of sample i's loss to g (shaped
// like n.Params); forward must have run on sample i with parameters p.
func (n *Net) backward(p, g []float32, d *Data, i int, ws *workspace, scale float32) {
	L := n.Layers()
	out := ws.delta[L]
	for c := range out {
		out[c] = float32(ws.prob[c]) * scale
	}
	out[d.Y[i]] -= scale
	for l := L - 1; l >= 1; l-- {
		delta := ws.delta[l+1]
		axpy(n.biases(g, l), 1, delta)
		in := ws.act[l]
		w := n.weights(p, l)
		gw := n.weights(g, l)
		h := n.Sizes[l+1]
		back := ws.delta[l]
		for j, v := range in {
			if v == 0 { // inactive ReLU: no gradient flows through it
				back[j] = 0
				continue
			}
			axpy(gw[j*h:(j+1)*h], v, delta)
			back[j] = dot(w[j*h:(j+1)*h], delta)
		}
	}
	delta := ws.delta[1]
	axpy(n.biases(g, 0), 1, delta)
	gw := n.weights(g, 0)
	h := n.Sizes[1]
	for k := d.nzOff[i]; k < d.nzOff[i+1]; k++ {
		j := int(d.nzIdx[k])
		axpy(gw[j*h:(j+1)*h], d.nzVal[k], delta)
	}
}

// Eval is a network's error and loss on a data set.
type Eval struct {
	Errors int
	Error  float64 // Errors / N
	Loss   float64 // mean cross-entropy
}

// evaluate runs p on samples [from, to) and adds to errors and loss.
func (n *Net) evaluate(p []float32, d *Data, from, to int, ws *workspace, errs *int, loss *float64, wrong func(i int)) {
	for i := from; i < to; i++ {
		l, c := n.forward(p, d, i, ws)
		*loss += l
		if c != int(d.Y[i]) {
			*errs++
			if wrong != nil {
				wrong(i)
			}
		}
	}
}

// Evaluate is the network's error and mean loss on d.
func (n *Net) Evaluate(d *Data) Eval {
	var e Eval
	var loss float64
	n.evaluate(n.Params, d, 0, d.N, newWorkspace(n.Sizes), &e.Errors, &loss, nil)
	return finishEval(e.Errors, loss, d.N)
}

func finishEval(errs int, loss float64, count int) Eval {
	return Eval{Errors: errs, Error: float64(errs) / float64(count), Loss: loss / float64(count)}
}

// Streams of the seeded draws.
const (
	streamInit   = 21
	streamOrder  = 22 // + replica index
	streamSpread = 40 // + replica index
	streamNoise  = 64 // + draw index, << 8
)

func newRand(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15^stream))
}

// gaussian is data.Normal: bit-identical standard normal draws on every platform.
var gaussian = data.Normal
