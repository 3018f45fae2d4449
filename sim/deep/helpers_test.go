package deep_test

import (
	"math/rand/v2"
	"sync"
	"testing"

	"flatland/sim/deep"
	"flatland/sim/mnist"
	"flatland/sim/mnist/idx"
)

// synthetic is a hermetic stand-in for digits: n images of 8x8 pixels at
// 16 levels, each a noisy copy of its class's prototype (the prototypes are
// fixed; seed draws the noise).
func synthetic(n int, seed uint64) mnist.Set {
	rng := rand.New(rand.NewPCG(99, 7))
	const side = 8
	proto := make([][]uint8, mnist.Classes)
	for c := range proto {
		proto[c] = make([]uint8, side*side)
		for i := range proto[c] {
			if rng.IntN(3) == 0 {
				proto[c][i] = uint8(8 + rng.IntN(8))
			}
		}
	}
	rng = rand.New(rand.NewPCG(seed, 7))
	s := mnist.Set{Rows: side, Cols: side, Levels: 16}
	for i := range n {
		c := i % mnist.Classes
		s.Labels = append(s.Labels, uint8(c))
		for _, v := range proto[c] {
			if rng.IntN(2) == 0 {
				v = uint8(rng.IntN(16))
			}
			s.Pixels = append(s.Pixels, v)
		}
	}
	return s
}

func mustData(t testing.TB, s mnist.Set) *deep.Data {
	t.Helper()
	d, err := deep.NewData(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

var digits struct {
	once        sync.Once
	train, test *deep.Data
	err         error
}

// mnistSubset is the real-digit subset of the physics tests: 2,000
// training and 500 test images, stratified, 14x14 at 16 levels (the recipe
// of the site's asset, smaller). It skips the test, saying why, when the
// GoMNIST files are not in the module cache.
func mnistSubset(t testing.TB) (train, test *deep.Data) {
	t.Helper()
	digits.once.Do(func() {
		fullTrain, fullTest, err := idx.Load("")
		if err != nil {
			digits.err = err
			return
		}
		tr, te, err := idx.AssetSets(fullTrain, fullTest, 2000, 500, 2, 16, 1)
		if err != nil {
			digits.err = err
			return
		}
		if digits.train, digits.err = deep.NewData(tr); digits.err != nil {
			return
		}
		digits.test, digits.err = deep.NewData(te)
	})
	if digits.err != nil {
		t.Skipf("skipped: the MNIST subset is unavailable: %v", digits.err)
	}
	return digits.train, digits.test
}

var asset struct {
	once  sync.Once
	train *deep.Data
	err   error
}

// assetTrain is the training half of the site's asset (4,000 images).
func assetTrain(t testing.TB) *deep.Data {
	t.Helper()
	asset.once.Do(func() {
		fullTrain, fullTest, err := idx.Load("")
		if err != nil {
			asset.err = err
			return
		}
		tr, _, err := idx.AssetSets(fullTrain, fullTest, idx.AssetTrain, idx.AssetTest, idx.AssetFactor, idx.AssetLevels, idx.AssetSeed)
		if err != nil {
			asset.err = err
			return
		}
		asset.train, asset.err = deep.NewData(tr)
	})
	if asset.err != nil {
		t.Skipf("skipped: the MNIST subset is unavailable: %v", asset.err)
	}
	return asset.train
}
