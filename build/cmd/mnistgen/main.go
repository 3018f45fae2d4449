// Command mnistgen writes the site's digit asset: a stratified subset of
// MNIST (from the GoMNIST module's IDX files), downsampled and quantized, in
// the format of sim/mnist. It writes into a build output folder (the asset is
// never committed):
//
//	go run ./build/cmd/mnistgen -out dist/mnist.bin
//
// The defaults are the shipped subset (idx.Asset, which the site assembler
// can call in-process instead): 4,000 training and 1,000 test images, 14x14,
// 16 grey levels (4 bits), seed 1. It prints the raw and gzip sizes.
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"flatland/sim/mnist"
	"flatland/sim/mnist/idx"
)

func main() {
	out := flag.String("out", "dist/mnist.bin", "asset file to write (its folder is created)")
	dir := flag.String("mnist-dir", "", "folder of the MNIST IDX files (default: the GoMNIST module in the module cache)")
	nTrain := flag.Int("train", idx.AssetTrain, "training images (stratified)")
	nTest := flag.Int("test", idx.AssetTest, "test images (stratified)")
	factor := flag.Int("factor", idx.AssetFactor, "downsampling factor (2: 28x28 -> 14x14)")
	bits := flag.Int("bits", 4, "bits per pixel: 4 or 8")
	seed := flag.Uint64("seed", idx.AssetSeed, "seed of the stratified draw")
	flag.Parse()
	if err := run(*out, *dir, *nTrain, *nTest, *factor, *bits, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "mnistgen:", err)
		os.Exit(1)
	}
}

func run(out, dir string, nTrain, nTest, factor, bits int, seed uint64) error {
	if bits != 4 && bits != 8 {
		return fmt.Errorf("-bits %d: the asset stores 4 or 8 bits per pixel", bits)
	}
	fullTrain, fullTest, err := idx.Load(dir)
	if err != nil {
		return err
	}
	train, test, err := idx.AssetSets(fullTrain, fullTest, nTrain, nTest, factor, 1<<bits, seed)
	if err != nil {
		return err
	}
	b, err := mnist.Encode(train, test)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return err
	}
	var z bytes.Buffer
	w, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	w.Write(b)
	w.Close()
	fmt.Printf("%s: %d training + %d test images, %dx%d, %d bits: %d bytes, %d bytes gzip\n",
		out, train.Len(), test.Len(), train.Rows, train.Cols, bits, len(b), z.Len())
	return nil
}
