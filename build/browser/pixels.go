package browser

import (
	"bytes"
	"fmt"
	"image/color"
	"image/png"
)

// Ink summarizes a screenshot: the most common colour (the background), the fraction of pixels that
// differ from it clearly, how many distinct colours there are, and the mean luminance (0 black .. 1
// white), so a test can tell a drawn figure from a blank, black or single-colour canvas.
type Ink struct {
	Width, Height int
	Background    color.RGBA
	Fraction      float64 // pixels farther than 24 (sum of |dR|+|dG|+|dB|) from the background
	Colors        int     // distinct colours, quantized to 4 bits per channel
	Luminance     float64
}

func (k Ink) String() string {
	return fmt.Sprintf("%dx%d, background #%02x%02x%02x, %.1f%% drawn, %d colours, luminance %.2f",
		k.Width, k.Height, k.Background.R, k.Background.G, k.Background.B, 100*k.Fraction, k.Colors, k.Luminance)
}

// MeasureInk decodes a PNG and measures it.
func MeasureInk(pngData []byte) (Ink, error) {
	img, err := png.Decode(bytes.NewReader(pngData))
	if err != nil {
		return Ink{}, err
	}
	b := img.Bounds()
	k := Ink{Width: b.Dx(), Height: b.Dy()}
	n := b.Dx() * b.Dy()
	if n == 0 {
		return k, fmt.Errorf("empty image")
	}
	counts := map[color.RGBA]int{}
	quant := map[uint16]bool{}
	pix := make([]color.RGBA, 0, n)
	var lum float64
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			c := color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), 255}
			pix = append(pix, c)
			counts[c]++
			quant[uint16(c.R>>4)<<8|uint16(c.G>>4)<<4|uint16(c.B>>4)] = true
			lum += (0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)) / 255
		}
	}
	best := 0
	for c, m := range counts {
		if m > best || (m == best && less(c, k.Background)) {
			best, k.Background = m, c
		}
	}
	far := 0
	for _, c := range pix {
		if absDiff(c.R, k.Background.R)+absDiff(c.G, k.Background.G)+absDiff(c.B, k.Background.B) > 24 {
			far++
		}
	}
	k.Fraction = float64(far) / float64(n)
	k.Colors = len(quant)
	k.Luminance = lum / float64(n)
	return k, nil
}

func less(a, b color.RGBA) bool {
	if a.R != b.R {
		return a.R < b.R
	}
	if a.G != b.G {
		return a.G < b.G
	}
	return a.B < b.B
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}
