package mnist

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"flatland/sim/data"
)

// Classes is the number of digit classes.
const Classes = 10

// Set is a list of labelled grey-level images of Rows x Cols pixels; pixel
// values run from 0 to Levels-1 (Levels = 256 for the original data).
type Set struct {
	Rows, Cols int
	Levels     int
	Pixels     []uint8 // Len()*Rows*Cols values, image after image, row-major
	Labels     []uint8 // 0..9
}

// Len is the number of images.
func (s Set) Len() int { return len(s.Labels) }

// Image returns the pixels of image i (a view, not a copy).
func (s Set) Image(i int) []uint8 {
	n := s.Rows * s.Cols
	return s.Pixels[i*n : (i+1)*n]
}

// Validate reports a set whose sizes or values do not fit together.
func (s Set) Validate() error {
	switch {
	case s.Rows <= 0 || s.Cols <= 0 || s.Rows > 1024 || s.Cols > 1024:
		return fmt.Errorf("mnist: image size %dx%d out of range", s.Rows, s.Cols)
	case s.Levels < 2 || s.Levels > 256:
		return fmt.Errorf("mnist: %d grey levels out of range [2, 256]", s.Levels)
	case len(s.Pixels) != len(s.Labels)*s.Rows*s.Cols:
		return fmt.Errorf("mnist: %d pixels for %d images of %dx%d", len(s.Pixels), len(s.Labels), s.Rows, s.Cols)
	}
	for i, l := range s.Labels {
		if l >= Classes {
			return fmt.Errorf("mnist: label %d of image %d is not a digit", l, i)
		}
	}
	if s.Levels < 256 {
		for i, v := range s.Pixels {
			if int(v) >= s.Levels {
				return fmt.Errorf("mnist: pixel %d has value %d, above %d levels", i, v, s.Levels)
			}
		}
	}
	return nil
}

// Subset returns the images at the given indices, in that order (a copy).
func (s Set) Subset(idx []int) Set {
	n := s.Rows * s.Cols
	out := Set{Rows: s.Rows, Cols: s.Cols, Levels: s.Levels, Pixels: make([]uint8, 0, len(idx)*n), Labels: make([]uint8, 0, len(idx))}
	for _, i := range idx {
		out.Pixels = append(out.Pixels, s.Image(i)...)
		out.Labels = append(out.Labels, s.Labels[i])
	}
	return out
}

// Stratified picks n images with the classes as balanced as possible
// (n/10 per class, the first n%10 classes one more), each class's images
// drawn without replacement by seed and stream; the indices come back in
// increasing order. It fails if a class has too few images.
func Stratified(labels []uint8, n int, seed, stream uint64) ([]int, error) {
	if n < 0 || n > len(labels) {
		return nil, fmt.Errorf("mnist: cannot pick %d of %d images", n, len(labels))
	}
	byClass := make([][]int, Classes)
	for i, l := range labels {
		if l >= Classes {
			return nil, fmt.Errorf("mnist: label %d of image %d is not a digit", l, i)
		}
		byClass[l] = append(byClass[l], i)
	}
	rng := data.NewRand(seed, stream)
	var out []int
	for c, idx := range byClass {
		k := n / Classes
		if c < n%Classes {
			k++
		}
		if k > len(idx) {
			return nil, fmt.Errorf("mnist: class %d has %d images, %d wanted", c, len(idx), k)
		}
		// partial Fisher-Yates: the first k of a random permutation
		for i := 0; i < k; i++ {
			j := i + rng.IntN(len(idx)-i)
			idx[i], idx[j] = idx[j], idx[i]
		}
		out = append(out, idx[:k]...)
	}
	slices.Sort(out)
	return out, nil
}

// Downsample returns s with each factor x factor block of pixels replaced
// by its mean (rounded to nearest), then requantized to levels grey levels.
// Rows and Cols must be multiples of factor.
func Downsample(s Set, factor, levels int) (Set, error) {
	if factor < 1 || s.Rows%factor != 0 || s.Cols%factor != 0 {
		return Set{}, fmt.Errorf("mnist: cannot downsample %dx%d by %d", s.Rows, s.Cols, factor)
	}
	if levels < 2 || levels > 256 {
		return Set{}, fmt.Errorf("mnist: %d grey levels out of range [2, 256]", levels)
	}
	r, c := s.Rows/factor, s.Cols/factor
	out := Set{Rows: r, Cols: c, Levels: levels, Pixels: make([]uint8, s.Len()*r*c), Labels: slices.Clone(s.Labels)}
	block := factor * factor
	maxIn := s.Levels - 1
	for i := range s.Len() {
		img := s.Image(i)
		dst := out.Pixels[i*r*c : (i+1)*r*c]
		for y := range r {
			for x := range c {
				sum := 0
				for dy := range factor {
					row := img[(y*factor+dy)*s.Cols+x*factor:]
					for dx := range factor {
						sum += int(row[dx])
					}
				}
				// v = round(sum/block * (levels-1)/maxIn), in integers
				num := sum * (levels - 1)
				den := block * maxIn
				dst[y*c+x] = uint8((2*num + den) / (2 * den))
			}
		}
	}
	return out, nil
}

const magic = "FLMNIST1"

// headerSize is the magic, four size bytes and two counts.
const headerSize = len(magic) + 4 + 8

// Encode writes train and test (same image size and levels, levels 16 or
// 256) in the asset format.
func Encode(train, test Set) ([]byte, error) {
	for _, s := range []Set{train, test} {
		if err := s.Validate(); err != nil {
			return nil, err
		}
	}
	if train.Rows != test.Rows || train.Cols != test.Cols || train.Levels != test.Levels {
		return nil, errors.New("mnist: train and test images differ in size or levels")
	}
	if train.Rows > 255 || train.Cols > 255 {
		return nil, fmt.Errorf("mnist: images of %dx%d too large for the asset", train.Rows, train.Cols)
	}
	var bits int
	switch train.Levels {
	case 16:
		bits = 4
	case 256:
		bits = 8
	default:
		return nil, fmt.Errorf("mnist: the asset stores 16 or 256 grey levels, not %d", train.Levels)
	}
	b := []byte(magic)
	b = append(b, byte(train.Rows), byte(train.Cols), byte(bits), 0)
	b = binary.LittleEndian.AppendUint32(b, uint32(train.Len()))
	b = binary.LittleEndian.AppendUint32(b, uint32(test.Len()))
	b = append(b, train.Labels...)
	b = append(b, test.Labels...)
	pix := append(slices.Clone(train.Pixels), test.Pixels...)
	if bits == 8 {
		return append(b, pix...), nil
	}
	for i := 0; i < len(pix); i += 2 {
		hi := pix[i] << 4
		var lo uint8
		if i+1 < len(pix) {
			lo = pix[i+1]
		}
		b = append(b, hi|lo)
	}
	return b, nil
}

// Decode reads an asset written by Encode. Any malformed input gives an
// error, never a panic.
func Decode(b []byte) (train, test Set, err error) {
	if len(b) < headerSize || string(b[:len(magic)]) != magic {
		return Set{}, Set{}, errors.New("mnist: not a digit asset (bad header)")
	}
	h := b[len(magic):]
	rows, cols, bits := int(h[0]), int(h[1]), int(h[2])
	nTrain := binary.LittleEndian.Uint32(h[4:])
	nTest := binary.LittleEndian.Uint32(h[8:])
	if rows == 0 || cols == 0 || (bits != 4 && bits != 8) {
		return Set{}, Set{}, fmt.Errorf("mnist: asset header says %dx%d at %d bits", rows, cols, bits)
	}
	const maxImages = 1 << 20
	if nTrain > maxImages || nTest > maxImages {
		return Set{}, Set{}, fmt.Errorf("mnist: asset header says %d+%d images (at most %d each)", nTrain, nTest, maxImages)
	}
	n := int(nTrain + nTest)
	nPix := n * rows * cols
	nBytes := nPix
	if bits == 4 {
		nBytes = (nPix + 1) / 2
	}
	body := b[headerSize:]
	if len(body) != n+nBytes {
		return Set{}, Set{}, fmt.Errorf("mnist: asset has %d bytes after the header, %d expected", len(body), n+nBytes)
	}
	labels := body[:n]
	packed := body[n:]
	pix := make([]uint8, nPix)
	if bits == 8 {
		copy(pix, packed)
	} else {
		for i := range pix {
			v := packed[i/2]
			if i%2 == 0 {
				v >>= 4
			}
			pix[i] = v & 15
		}
	}
	levels := 1 << bits
	per := rows * cols
	train = Set{Rows: rows, Cols: cols, Levels: levels, Labels: slices.Clone(labels[:nTrain]), Pixels: pix[:int(nTrain)*per]}
	test = Set{Rows: rows, Cols: cols, Levels: levels, Labels: slices.Clone(labels[nTrain:]), Pixels: pix[int(nTrain)*per:]}
	for _, s := range []Set{train, test} {
		if err := s.Validate(); err != nil {
			return Set{}, Set{}, err
		}
	}
	return train, test, nil
}
