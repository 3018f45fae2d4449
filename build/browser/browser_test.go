package browser

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"testing"
)

func encode(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestMeasureInk(t *testing.T) {
	paper := color.RGBA{250, 249, 246, 255}
	blank := image.NewRGBA(image.Rect(0, 0, 100, 50))
	for i := range blank.Pix {
		blank.Pix[i] = 0
	}
	for y := 0; y < 50; y++ {
		for x := 0; x < 100; x++ {
			blank.Set(x, y, paper)
		}
	}
	drawn := image.NewRGBA(blank.Rect)
	copy(drawn.Pix, blank.Pix)
	for y := 10; y < 20; y++ { // a 40x10 dark bar: 400 of 5000 pixels = 8%
		for x := 30; x < 70; x++ {
			drawn.Set(x, y, color.RGBA{40, 60, 120, 255})
		}
	}
	drawn.Set(0, 0, color.RGBA{251, 249, 246, 255}) // within tolerance: not ink
	black := image.NewRGBA(blank.Rect)
	for i := 3; i < len(black.Pix); i += 4 {
		black.Pix[i] = 255
	}

	tests := []struct {
		name     string
		img      image.Image
		fraction float64
		colors   int
		lumLo    float64
		lumHi    float64
	}{
		{"blank paper", blank, 0, 1, 0.9, 1},
		{"bar on paper", drawn, 0.08, 2, 0.85, 0.95},
		{"black", black, 0, 1, 0, 0.01},
	}
	for _, tc := range tests {
		k, err := MeasureInk(encode(t, tc.img))
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(k.Fraction-tc.fraction) > 1e-9 {
			t.Errorf("%s: fraction %v, want %v", tc.name, k.Fraction, tc.fraction)
		}
		if k.Colors != tc.colors {
			t.Errorf("%s: %d colours, want %d", tc.name, k.Colors, tc.colors)
		}
		if k.Luminance < tc.lumLo || k.Luminance > tc.lumHi {
			t.Errorf("%s: luminance %.3f, want in [%v, %v]", tc.name, k.Luminance, tc.lumLo, tc.lumHi)
		}
		if k.Width != 100 || k.Height != 50 {
			t.Errorf("%s: size %dx%d", tc.name, k.Width, k.Height)
		}
	}
	if _, err := MeasureInk([]byte("not a png")); err == nil {
		t.Errorf("garbage accepted as PNG")
	}
}

func TestAllowedURL(t *testing.T) {
	host := "127.0.0.1:43210"
	tests := []struct {
		url  string
		want bool
	}{
		{"http://127.0.0.1:43210/flatland.wasm", true},
		{"http://127.0.0.1:43210/figures/diagram.html?alpha=1", true},
		{"data:image/svg+xml,<svg/>", true},
		{"blob:http://127.0.0.1:43210/abc", true},
		{"about:blank", true},
		{"http://127.0.0.1:9999/other-port", false},
		{"http://localhost:43210/same-port-other-name", false},
		{"https://fonts.example.org/font.woff2", false},
		{"ws://127.0.0.1:43210/socket", true},
		{"chrome-extension://abc/x.js", false},
	}
	for _, tc := range tests {
		if got := allowedURL(tc.url, host); got != tc.want {
			t.Errorf("allowedURL(%q) = %v, want %v", tc.url, got, tc.want)
		}
	}
}
