//go:build js && wasm

package main

import (
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
)

// Anti-aliasing by geometry: strokes and discs are drawn as triangles whose
// outer 1-device-pixel fringe fades to transparent through vertex colours.
// This avoids Ebiten's AntiAlias option, which renders through a 2× offscreen
// buffer and flushes it on every switch between anti-aliased and plain draws
// (very costly with a software GL such as SwiftShader).

type triBatch struct {
	vs []ebiten.Vertex
	is []uint16
}

var batch triBatch

func (b *triBatch) flush(dst *ebiten.Image) {
	if len(b.is) == 0 {
		b.vs, b.is = b.vs[:0], b.is[:0]
		return
	}
	op := &ebiten.DrawTrianglesOptions{ColorScaleMode: ebiten.ColorScaleModePremultipliedAlpha}
	dst.DrawTriangles(b.vs, b.is, whitePixel, op)
	b.vs, b.is = b.vs[:0], b.is[:0]
}

func (b *triBatch) ensure(dst *ebiten.Image, nv int) {
	if len(b.vs)+nv > 60000 {
		b.flush(dst)
	}
}

// vertex appends a vertex (device px) with premultiplied colour c scaled by a.
func (b *triBatch) vertex(x, y float64, c [4]float32, a float32) uint16 {
	b.vs = append(b.vs, ebiten.Vertex{DstX: float32(x), DstY: float32(y), SrcX: 1, SrcY: 1,
		ColorR: c[0] * a, ColorG: c[1] * a, ColorB: c[2] * a, ColorA: c[3] * a})
	return uint16(len(b.vs) - 1)
}

func (b *triBatch) quad(i0, i1, i2, i3 uint16) {
	b.is = append(b.is, i0, i1, i2, i1, i3, i2)
}

func premulF(c color.Color) [4]float32 {
	r, g, bl, a := c.RGBA()
	return [4]float32{float32(r) / 0xffff, float32(g) / 0xffff, float32(bl) / 0xffff, float32(a) / 0xffff}
}

// segment adds one anti-aliased segment in device px, half width hw.
func (b *triBatch) segment(x0, y0, x1, y1, hw float64, c [4]float32, capExt float64) {
	dx, dy := x1-x0, y1-y0
	l := math.Hypot(dx, dy)
	if l < 1e-9 {
		return
	}
	ux, uy := dx/l, dy/l
	nx, ny := -uy, ux
	// extend ends a little so consecutive segments join without gaps
	x0, y0 = x0-ux*capExt, y0-uy*capExt
	x1, y1 = x1+ux*capExt, y1+uy*capExt
	a := float32(1)
	if hw < 0.5 { // thinner than a pixel: fade instead
		a = float32(hw * 2)
		hw = 0.5
	}
	const fr = 1.0
	off := []float64{-hw - fr, -hw + 0.0, hw, hw + fr}
	al := []float32{0, a, a, 0}
	var idx [2][4]uint16
	for k, p := range [][2]float64{{x0, y0}, {x1, y1}} {
		for j := 0; j < 4; j++ {
			idx[k][j] = b.vertex(p[0]+nx*off[j], p[1]+ny*off[j], c, al[j])
		}
	}
	for j := 0; j < 3; j++ {
		b.quad(idx[0][j], idx[0][j+1], idx[1][j], idx[1][j+1])
	}
}

// aaPolyline strokes device-px points with width w (device px), breaking at NaN.
func aaPolyline(dst *ebiten.Image, xs, ys []float64, w float64, c color.Color) {
	pc := premulF(c)
	hw := w / 2
	for i := 0; i+1 < min(len(xs), len(ys)); i++ {
		if bad(xs[i]) || bad(ys[i]) || bad(xs[i+1]) || bad(ys[i+1]) {
			continue
		}
		batch.ensure(dst, 8)
		batch.segment(xs[i], ys[i], xs[i+1], ys[i+1], hw, pc, hw*0.5)
	}
	batch.flush(dst)
}

// aaDisc fills a disc (device px) with an anti-aliased rim; if w > 0 only a
// ring of width w is drawn.
func aaDisc(dst *ebiten.Image, cx, cy, r, w float64, c color.Color) {
	pc := premulF(c)
	n := int(math.Max(12, math.Min(96, r*2.5)))
	batch.ensure(dst, 4*n+4)
	inner := 0.0
	if w > 0 {
		inner = math.Max(0, r-w)
	}
	const fr = 1.0
	radii := []float64{math.Max(0, inner-fr), inner, r, r + fr}
	al := []float32{0, 1, 1, 0}
	if w <= 0 {
		radii = []float64{0, 0, r, r + fr}
		al = []float32{1, 1, 1, 0}
	}
	base := uint16(len(batch.vs))
	for i := 0; i <= n; i++ {
		t := 2 * math.Pi * float64(i) / float64(n)
		ct, st := math.Cos(t), math.Sin(t)
		for j := 0; j < 4; j++ {
			batch.vertex(cx+ct*radii[j], cy+st*radii[j], pc, al[j])
		}
	}
	for i := 0; i < n; i++ {
		a := base + uint16(4*i)
		b := base + uint16(4*(i+1))
		for j := 0; j < 3; j++ {
			batch.quad(a+uint16(j), a+uint16(j+1), b+uint16(j), b+uint16(j+1))
		}
	}
	batch.flush(dst)
}
