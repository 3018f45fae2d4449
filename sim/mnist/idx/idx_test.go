package idx_test

import (
	"bytes"
	"compress/gzip"
	"testing"

	"flatland/sim/mnist"
	"flatland/sim/mnist/idx"
)

// The full set loads, and the site's recipe (4,000 + 1,000 images, 14x14,
// 4 bits) gives a stratified asset under 500 kB gzip that decodes back.
func TestLoadAndAssetRecipe(t *testing.T) {
	fullTrain, fullTest, err := idx.Load("")
	if err != nil {
		t.Skipf("skipped: the GoMNIST files are unavailable: %v", err)
	}
	if fullTrain.Len() != 60000 || fullTest.Len() != 10000 || fullTrain.Rows != 28 || fullTrain.Cols != 28 {
		t.Fatalf("full set: %d + %d images of %dx%d, want 60000 + 10000 of 28x28", fullTrain.Len(), fullTest.Len(), fullTrain.Rows, fullTrain.Cols)
	}
	train, test, err := idx.AssetSets(fullTrain, fullTest, idx.AssetTrain, idx.AssetTest, idx.AssetFactor, idx.AssetLevels, idx.AssetSeed)
	if err != nil {
		t.Fatal(err)
	}
	b, err := mnist.Encode(train, test)
	if err != nil {
		t.Fatal(err)
	}
	var z bytes.Buffer
	w, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	w.Write(b)
	w.Close()
	t.Logf("asset: %d bytes, %d bytes gzip", len(b), z.Len())
	if z.Len() > 500_000 {
		t.Errorf("asset is %d bytes gzip, budget 500000", z.Len())
	}
	gotTrain, gotTest, err := mnist.Decode(b)
	if err != nil || gotTrain.Len() != 4000 || gotTest.Len() != 1000 || gotTrain.Rows != 14 {
		t.Fatalf("decode: %v, %d + %d images of %d rows", err, gotTrain.Len(), gotTest.Len(), gotTrain.Rows)
	}
	perClass := make([]int, 10)
	for _, l := range gotTest.Labels {
		perClass[l]++
	}
	for c, n := range perClass {
		if n != 100 {
			t.Errorf("test class %d: %d images, want 100", c, n)
		}
	}
}

// A folder without the files is a clear error.
func TestLoadMissingFolder(t *testing.T) {
	if _, _, err := idx.Load(t.TempDir()); err == nil {
		t.Error("an empty folder loaded")
	}
}
