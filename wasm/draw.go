//go:build js && wasm

package main

import (
	"image"
	"image/color"
	"math"

	"flatland/wasm/state"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
)

// All drawing helpers take logical (CSS) pixel coordinates and multiply by
// the device scale, so every figure is laid out once and stays sharp on HiDPI
// screens.
var gfx = struct{ scale float64 }{scale: 1}

// The colours of the current theme, by role (state.Colors); useTheme sets
// them before a frame is drawn.
var (
	colors      state.Colors
	colBG       color.NRGBA // canvas
	colPanel    color.NRGBA // controls column
	colPanelLn  color.NRGBA // borders of boxes, cells and buttons
	colSurface  color.NRGBA // plots, legend and read-out boxes, buttons
	colText     color.NRGBA
	colMuted    color.NRGBA
	colGrid     color.NRGBA
	colAxis     color.NRGBA
	colAccent   color.NRGBA
	colOnAccent color.NRGBA // text on colAccent
	colFocus    color.NRGBA
	colError    color.NRGBA
	colErrorBG  color.NRGBA
)

// colWhite is white in both themes: marks drawn on the colour maps.
var colWhite = rgb(255, 255, 255)

func init() { useTheme(state.LightColors) }

// useTheme makes c the colours every drawing helper uses.
func useTheme(c state.Colors) {
	colors = c
	nrgba := func(v state.RGB) color.NRGBA { return rgb(v.R, v.G, v.B) }
	colBG, colPanel, colPanelLn, colSurface = nrgba(c.Background), nrgba(c.Panel), nrgba(c.PanelLine), nrgba(c.Surface)
	colText, colMuted, colGrid, colAxis = nrgba(c.Text), nrgba(c.Muted), nrgba(c.Grid), nrgba(c.Axis)
	colAccent, colOnAccent, colFocus = nrgba(c.Accent), nrgba(c.OnAccent), nrgba(c.Focus)
	colError, colErrorBG = nrgba(c.Error), nrgba(c.ErrorBackground)
}

func rgb(r, g, b uint8) color.NRGBA { return color.NRGBA{r, g, b, 255} }

// pal is curve colour i of the current theme.
func pal(i int) color.NRGBA {
	c := colors.Line(i)
	return rgb(c.R, c.G, c.B)
}

func withAlpha(c color.NRGBA, a uint8) color.NRGBA { c.A = a; return c }

var whitePixel = func() *ebiten.Image {
	img := ebiten.NewImage(3, 3)
	img.Fill(color.White)
	return img.SubImage(image.Rect(1, 1, 2, 2)).(*ebiten.Image)
}()

func f32(v float64) float32 { return float32(v * gfx.scale) }

func fillRect(dst *ebiten.Image, r state.Rect, c color.Color) {
	vector.DrawFilledRect(dst, f32(r.X), f32(r.Y), f32(r.W), f32(r.H), premul(c), false)
}

func strokeRect(dst *ebiten.Image, r state.Rect, w float64, c color.Color) {
	vector.StrokeRect(dst, f32(r.X), f32(r.Y), f32(r.W), f32(r.H), f32(w), premul(c), false)
}

func line(dst *ebiten.Image, x0, y0, x1, y1, w float64, c color.Color) {
	s := gfx.scale
	aaPolyline(dst, []float64{x0 * s, x1 * s}, []float64{y0 * s, y1 * s}, w*s, c)
}

// crispLine draws a 1-device-pixel-aligned axis-parallel line.
func crispLine(dst *ebiten.Image, x0, y0, x1, y1, w float64, c color.Color) {
	s := gfx.scale
	lw := math.Max(1, math.Round(w*s))
	snap := func(v float64) float32 { return float32(math.Round(v*s) + math.Mod(lw, 2)/2) }
	if x0 == x1 {
		vector.StrokeLine(dst, snap(x0), float32(y0*s), snap(x1), float32(y1*s), float32(lw), premul(c), false)
	} else {
		vector.StrokeLine(dst, float32(x0*s), snap(y0), float32(x1*s), snap(y1), float32(lw), premul(c), false)
	}
}

func circle(dst *ebiten.Image, x, y, r float64, c color.Color) {
	s := gfx.scale
	aaDisc(dst, x*s, y*s, r*s, 0, c)
}

func ring(dst *ebiten.Image, x, y, r, w float64, c color.Color) {
	s := gfx.scale
	aaDisc(dst, x*s, y*s, (r+w/2)*s, w*s, c)
}

func premul(c color.Color) color.Color {
	r, g, b, a := c.RGBA()
	return color.RGBA64{uint16(r), uint16(g), uint16(b), uint16(a)}
}

// polyline strokes the points (x[i], y[i]) in logical px, breaking the line at
// NaN entries; dash > 0 draws dashes of that length.
func polyline(dst *ebiten.Image, xs, ys []float64, w float64, c color.Color, dash float64) {
	s := gfx.scale
	n := min(len(xs), len(ys))
	if dash <= 0 {
		px := make([]float64, n)
		py := make([]float64, n)
		for i := 0; i < n; i++ {
			px[i], py[i] = xs[i]*s, ys[i]*s
		}
		aaPolyline(dst, px, py, w*s, c)
		return
	}
	// walk the polyline and emit dash segments
	var px, py []float64
	on, left := true, dash
	for i := 0; i+1 < n; i++ {
		x0, y0, x1, y1 := xs[i], ys[i], xs[i+1], ys[i+1]
		if bad(x0) || bad(y0) || bad(x1) || bad(y1) {
			continue
		}
		seg := math.Hypot(x1-x0, y1-y0)
		pos := 0.0
		for pos < seg {
			step := math.Min(left, seg-pos)
			if on {
				ax, ay := x0+(x1-x0)*pos/seg, y0+(y1-y0)*pos/seg
				bx, by := x0+(x1-x0)*(pos+step)/seg, y0+(y1-y0)*(pos+step)/seg
				px = append(px, ax*s, bx*s, math.NaN())
				py = append(py, ay*s, by*s, math.NaN())
			}
			pos += step
			left -= step
			if left <= 1e-9 {
				on = !on
				if on {
					left = dash
				} else {
					left = dash * 0.7
				}
			}
		}
	}
	aaPolyline(dst, px, py, w*s, c)
}

func bad(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }

// fillPolygon fills a convex polygon given in logical px (triangle fan).
func fillPolygon(dst *ebiten.Image, xs, ys []float64, c color.Color) {
	if len(xs) < 3 {
		return
	}
	s := gfx.scale
	pc := premulF(c)
	batch.ensure(dst, len(xs))
	base := uint16(len(batch.vs))
	for i := range xs {
		batch.vertex(xs[i]*s, ys[i]*s, pc, 1)
	}
	for i := 1; i+1 < len(xs); i++ {
		batch.is = append(batch.is, base, base+uint16(i), base+uint16(i+1))
	}
	batch.flush(dst)
}

// drawPixels draws a w×h grid of colours (row-major, top row first) into the
// logical rectangle r, with nearest-neighbour scaling (weights rasters, maps).
func drawPixels(dst *ebiten.Image, img **ebiten.Image, pix []byte, w, h int, r state.Rect) {
	if *img == nil || (*img).Bounds().Dx() != w || (*img).Bounds().Dy() != h {
		if *img != nil {
			(*img).Deallocate()
		}
		*img = ebiten.NewImage(w, h)
	}
	(*img).WritePixels(pix)
	drawImageIn(dst, *img, r)
}

// drawImageIn draws img scaled (nearest) into the logical rectangle r.
func drawImageIn(dst, img *ebiten.Image, r state.Rect) {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	var op ebiten.DrawImageOptions
	op.GeoM.Scale(r.W*gfx.scale/float64(w), r.H*gfx.scale/float64(h))
	op.GeoM.Translate(math.Round(r.X*gfx.scale), math.Round(r.Y*gfx.scale))
	op.Filter = ebiten.FilterNearest
	dst.DrawImage(img, &op)
}

// panelBox draws a read-out box with lines of text near (x, y), kept inside bounds.
func panelBox(dst *ebiten.Image, lines []string, x, y float64, bounds state.Rect) {
	if len(lines) == 0 {
		return
	}
	const size, pad, lh = 12.0, 6.0, 16.0
	w := 0.0
	for _, l := range lines {
		w = math.Max(w, textWidth(l, size))
	}
	bw, bh := w+2*pad, float64(len(lines))*lh+2*pad-4
	bx, by := x+14, y+14
	if bx+bw > bounds.X+bounds.W {
		bx = x - 14 - bw
	}
	if by+bh > bounds.Y+bounds.H {
		by = y - 14 - bh
	}
	bx = math.Max(bounds.X, bx)
	by = math.Max(bounds.Y, by)
	box := state.Rect{X: bx, Y: by, W: bw, H: bh}
	fillRect(dst, box, withAlpha(colSurface, 240))
	strokeRect(dst, box, 1, colPanelLn)
	for i, l := range lines {
		drawText(dst, l, bx+pad, by+pad+lh*float64(i)+lh/2-2, size, colText, alignLeft)
	}
}

// clipText shortens s with "…" to fit width w (logical px) at size.
func clipText(s string, w, size float64) string {
	if textWidth(s, size) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && textWidth(string(r)+"…", size) > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
