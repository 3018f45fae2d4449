//go:build js && wasm

package main

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"flatland/wasm/state"
)

// Text is drawn from glyph atlases per (size, device scale), each glyph
// rasterized on first use from the bundled Go Regular font with golang.org/x/image's opentype
// rasterizer: sharp at any device scale and far smaller than Ebiten's text/v2
// shaping stack. Markup: "_x" or "_{...}" draws a subscript, "^x"/"^{...}" a
// superscript.

type glyph struct {
	img     *ebiten.Image
	dx, dy  float64 // offset of the glyph image from the dot, device px
	advance float64 // device px
}

type fontFace struct {
	size    float64 // logical px
	scale   float64 // device scale it was rasterized for
	ff      font.Face
	glyphs  map[rune]*glyph // nil entry: the font has no such glyph
	ascent  float64         // device px
	descent float64
	// glyphs are rasterized on first use into atlas pages
	atlas      *ebiten.Image
	x, y, rowH int
}

var (
	parsedFont *opentype.Font
	faces      = map[[2]float64]*fontFace{}
)

const atlasW, atlasH = 1024, 512

func face(size, scale float64) *fontFace {
	key := [2]float64{size, scale}
	if f, ok := faces[key]; ok {
		return f
	}
	if parsedFont == nil {
		var err error
		parsedFont, err = opentype.Parse(goregular.TTF)
		if err != nil {
			panic(err)
		}
	}
	ff, err := opentype.NewFace(parsedFont, &opentype.FaceOptions{Size: size * scale, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic(err)
	}
	m := ff.Metrics()
	f := &fontFace{size: size, scale: scale, ff: ff, glyphs: map[rune]*glyph{},
		ascent: float64(m.Ascent) / 64, descent: float64(m.Descent) / 64}
	faces[key] = f
	return f
}

// glyph returns the glyph for r (rasterizing it on first use), falling back
// to '?' for runes the font lacks.
func (f *fontFace) glyph(r rune) *glyph {
	if g, ok := f.glyphs[r]; ok {
		if g == nil && r != '?' {
			return f.glyph('?')
		}
		return g
	}
	dr, mask, mp, adv, ok := f.ff.Glyph(fixed.Point26_6{}, r)
	if !ok {
		f.glyphs[r] = nil
		if r == '?' {
			return nil
		}
		return f.glyph('?')
	}
	g := &glyph{dx: float64(dr.Min.X), dy: float64(dr.Min.Y), advance: float64(adv) / 64}
	w, h := dr.Dx(), dr.Dy()
	if w > 0 && h > 0 {
		if f.atlas != nil && f.x+w+1 > atlasW {
			f.x, f.y, f.rowH = 1, f.y+f.rowH+1, 0 // next row
		}
		if f.atlas == nil || f.y+h+1 > atlasH {
			f.atlas = ebiten.NewImage(atlasW, atlasH) // new page
			f.x, f.y, f.rowH = 1, 1, 0
		}
		// white glyph with the mask as alpha (premultiplied RGBA)
		pix := make([]byte, 4*w*h)
		for yy := 0; yy < h; yy++ {
			for xx := 0; xx < w; xx++ {
				_, _, _, a := mask.At(mp.X+xx, mp.Y+yy).RGBA()
				v := byte(a >> 8)
				o := 4 * (yy*w + xx)
				pix[o], pix[o+1], pix[o+2], pix[o+3] = v, v, v, v
			}
		}
		rect := image.Rect(f.x, f.y, f.x+w, f.y+h)
		sub := f.atlas.SubImage(rect).(*ebiten.Image)
		sub.WritePixels(pix)
		g.img = sub
		f.x += w + 1
		f.rowH = max(f.rowH, h)
	}
	f.glyphs[r] = g
	return g
}

// textRun is a piece of text at one vertical offset and size factor.
type textRun struct {
	s     string
	small bool
	shift float64 // in units of the font size: + down
}

func parseMarkup(s string) []textRun {
	runs := state.MarkupRuns(s)
	out := make([]textRun, len(runs))
	for i, r := range runs {
		out[i] = textRun{s: r.Text}
		switch r.Script {
		case state.Subscript:
			out[i].small, out[i].shift = true, 0.28
		case state.Superscript:
			out[i].small, out[i].shift = true, -0.38
		}
	}
	return out
}

// textWidth returns the width of marked-up text in logical px.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range parseMarkup(s) {
		f := face(runSize(size, r), gfx.scale)
		for _, c := range r.s {
			if g := f.glyph(c); g != nil {
				w += g.advance
			}
		}
	}
	return w / gfx.scale
}

func runSize(size float64, r textRun) float64 {
	if r.small {
		return math.Round(size * 0.75)
	}
	return size
}

// Align values for drawText.
const (
	alignLeft = iota
	alignCenter
	alignRight
)

// drawText draws marked-up text with its baseline-ish vertical centre at y
// (logical px): the text's cap height is centred on y, which makes labels line
// up with ticks and controls.
func drawText(dst *ebiten.Image, s string, x, y, size float64, c color.Color, align int) {
	if s == "" {
		return
	}
	switch align {
	case alignCenter:
		x -= textWidth(s, size) / 2
	case alignRight:
		x -= textWidth(s, size)
	}
	if dst == boxes.screen {
		recordText(dst, s, x, y, textWidth(s, size), size)
	}
	sc := gfx.scale
	base := math.Round((y + size*0.36) * sc) // baseline in device px
	pen := math.Round(x * sc)
	var op ebiten.DrawImageOptions
	for _, r := range parseMarkup(s) {
		f := face(runSize(size, r), sc)
		by := base + math.Round(r.shift*size*sc)
		for _, ch := range r.s {
			g := f.glyph(ch)
			if g == nil {
				continue
			}
			if g.img != nil {
				op.GeoM.Reset()
				op.GeoM.Translate(pen+g.dx, by+g.dy)
				op.ColorScale.Reset()
				op.ColorScale.ScaleWithColor(c)
				dst.DrawImage(g.img, &op)
			}
			pen += g.advance
		}
	}
}

// drawTextRotated draws text rotated by -90° (reading bottom to top) centred
// on (x, y); used for y-axis labels. The rendered label is cached.
func drawTextRotated(dst *ebiten.Image, s string, x, y, size float64, c color.Color) {
	sc := gfx.scale
	if dst == boxes.screen {
		recordRotated(dst, s, x, y, textWidth(s, size), size)
	}
	r, g, b, a := c.RGBA()
	key := rotKey{s, size, sc, [4]uint32{r, g, b, a}}
	img, ok := rotCache[key]
	if !ok {
		w := textWidth(s, size)
		iw, ih := int(math.Ceil(w*sc))+4, int(math.Ceil(size*1.6*sc))+2
		img = ebiten.NewImage(iw, ih)
		drawText(img, s, 2/sc, size*0.8, size, c, alignLeft)
		if len(rotCache) > 64 {
			for k, v := range rotCache {
				v.Deallocate()
				delete(rotCache, k)
			}
		}
		rotCache[key] = img
	}
	b2 := img.Bounds()
	var op ebiten.DrawImageOptions
	op.GeoM.Translate(-float64(b2.Dx())/2, -float64(b2.Dy())/2)
	op.GeoM.Rotate(-math.Pi / 2)
	op.GeoM.Translate(math.Round(x*sc), math.Round(y*sc))
	dst.DrawImage(img, &op)
}

type rotKey struct {
	s     string
	size  float64
	scale float64
	c     [4]uint32
}

var rotCache = map[rotKey]*ebiten.Image{}
