package mnist_test

import (
	"bytes"
	"slices"
	"testing"

	"flatland/sim/mnist"
)

func set(levels int, labels []uint8, rows, cols int) mnist.Set {
	s := mnist.Set{Rows: rows, Cols: cols, Levels: levels, Labels: labels}
	for i := range len(labels) * rows * cols {
		s.Pixels = append(s.Pixels, uint8((i*7)%levels))
	}
	return s
}

// Encode then Decode gives the sets back, at 4 and 8 bits, odd pixel counts included.
func TestAssetRoundTrip(t *testing.T) {
	for _, tc := range []struct{ levels, rows, cols int }{{16, 3, 3}, {16, 14, 14}, {256, 2, 5}} {
		train := set(tc.levels, []uint8{0, 1, 2, 9, 5}, tc.rows, tc.cols)
		test := set(tc.levels, []uint8{3, 3, 8}, tc.rows, tc.cols)
		b, err := mnist.Encode(train, test)
		if err != nil {
			t.Fatal(err)
		}
		gotTrain, gotTest, err := mnist.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range [][2]mnist.Set{{train, gotTrain}, {test, gotTest}} {
			w, g := p[0], p[1]
			if g.Rows != w.Rows || g.Cols != w.Cols || g.Levels != w.Levels || !bytes.Equal(g.Pixels, w.Pixels) || !bytes.Equal(g.Labels, w.Labels) {
				t.Errorf("levels %d %dx%d: round trip changed the set", tc.levels, tc.rows, tc.cols)
			}
		}
	}
}

// Every truncation or corruption of an asset is an error, never a panic.
func TestDecodeRejectsDamage(t *testing.T) {
	b, err := mnist.Encode(set(16, []uint8{1, 2}, 4, 4), set(16, []uint8{3}, 4, 4))
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(b) {
		if _, _, err := mnist.Decode(b[:n]); err == nil {
			t.Errorf("truncated to %d bytes: accepted", n)
		}
	}
	bad := slices.Clone(b)
	bad[20] = 10 // first label: not a digit
	if _, _, err := mnist.Decode(bad); err == nil {
		t.Error("label 10 accepted")
	}
	bad = slices.Clone(b)
	bad[10] = 5 // bits
	if _, _, err := mnist.Decode(bad); err == nil {
		t.Error("5 bits per pixel accepted")
	}
	bad = slices.Clone(b)
	bad[12] = 0xff // image count far too large
	if _, _, err := mnist.Decode(append(bad, 0)); err == nil {
		t.Error("wrong image count accepted")
	}
}

// Stratified picks balanced classes, without repeats, the same for a seed.
func TestStratified(t *testing.T) {
	var labels []uint8
	for i := range 500 {
		labels = append(labels, uint8((i*7+i/10)%10))
	}
	idx, err := mnist.Stratified(labels, 43, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	count := make([]int, 10)
	for i, j := range idx {
		count[labels[j]]++
		if i > 0 && idx[i-1] >= j {
			t.Fatalf("indices not increasing: %v", idx)
		}
	}
	for c, n := range count {
		want := 4
		if c < 3 {
			want = 5
		}
		if n != want {
			t.Errorf("class %d: %d picked, want %d", c, n, want)
		}
	}
	again, _ := mnist.Stratified(labels, 43, 1, 2)
	other, _ := mnist.Stratified(labels, 43, 2, 2)
	if !slices.Equal(idx, again) || slices.Equal(idx, other) {
		t.Error("the draw is not a function of the seed")
	}
	if _, err := mnist.Stratified(labels, 501, 1, 2); err == nil {
		t.Error("more images than there are: accepted")
	}
}

// Downsampling averages blocks and requantizes with rounding.
func TestDownsample(t *testing.T) {
	s := mnist.Set{Rows: 2, Cols: 4, Levels: 256, Labels: []uint8{7},
		Pixels: []uint8{0, 255, 255, 255, 0, 0, 255, 255}}
	got, err := mnist.Downsample(s, 2, 16)
	if err != nil {
		t.Fatal(err)
	}
	// blocks: mean 63.75 -> 63.75*15/255 = 3.75 -> 4; mean 255 -> 15
	if want := []uint8{4, 15}; !bytes.Equal(got.Pixels, want) || got.Rows != 1 || got.Cols != 2 || got.Levels != 16 {
		t.Errorf("got %dx%d %v, want 1x2 %v", got.Rows, got.Cols, got.Pixels, want)
	}
	if _, err := mnist.Downsample(s, 3, 16); err == nil {
		t.Error("a factor that does not divide the size was accepted")
	}
}

// Decode never panics, and what it accepts re-encodes to the same bytes.
func FuzzDecode(f *testing.F) {
	b, _ := mnist.Encode(set(16, []uint8{1, 2}, 3, 3), set(16, []uint8{3}, 3, 3))
	f.Add(b)
	b8, _ := mnist.Encode(set(256, []uint8{4}, 2, 2), set(256, []uint8{5, 6}, 2, 2))
	f.Add(b8)
	f.Add([]byte("FLMNIST1"))
	f.Fuzz(func(t *testing.T, b []byte) {
		train, test, err := mnist.Decode(b)
		if err != nil {
			return
		}
		again, err := mnist.Encode(train, test)
		if err != nil {
			t.Fatalf("decoded sets do not encode: %v", err)
		}
		if len(again) != len(b) {
			t.Fatalf("re-encoded %d bytes, decoded %d", len(again), len(b))
		}
	})
}
