//go:build js && wasm

package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"syscall/js"
	"time"

	"flatland/wasm/state"

	"github.com/hajimehoshi/ebiten/v2"
)

// Export: every figure offers its plotted series as CSV, JSON and SVG
// (written by package state) and its picture as a PNG at twice the logical
// size, from the export buttons, the E key (then 1-4) and the message API
// ({flatland: "export", format} is answered with {flatland: "exported",
// format, name, mime, data}).
//
// The PNG is drawn again, at scale 2, into an offscreen image and encoded
// here with image/png: Ebiten's WebGL canvas is cleared after each frame
// (no preserveDrawingBuffer), so canvas.toDataURL gives a blank image.

// exporter is a figure that lists its plotted series.
type exporter interface {
	exportPanels() []state.ExportPanel
}

// pngScale is the PNG's pixels per logical px.
const pngScale = 2

// buildVersion is read once: the site's version and commit, which the build
// writes into the page script (window.flatlandSite), else what Go recorded in
// the module (nothing when built without version control information).
var buildVersion = func() (v struct {
	version, commit string
	modified        bool
}) {
	v.version, v.commit, v.modified = state.BuildVersion()
	site := js.Global().Get("flatlandSite")
	if site.Type() != js.TypeObject {
		return v
	}
	if ver, commit := site.Get("version"), site.Get("commit"); ver.Type() == js.TypeString && commit.Type() == js.TypeString && commit.String() != "" {
		v.version, v.commit = ver.String(), commit.String()
		v.modified = strings.HasSuffix(v.version, "-dirty")
	}
	return v
}()

// exportData gathers what the figure plots and what reproduces it.
func (g *Game) exportData() state.Export {
	info, _ := state.FigureByName(g.settings.Figure)
	e := state.Export{Figure: g.settings.Figure, Title: info.Title, Query: g.settings.Encode(), Params: g.settings.Map(),
		Version: buildVersion.version, Commit: buildVersion.commit, Modified: buildVersion.modified, Commands: g.status.Commands}
	if x, ok := g.fig.(exporter); ok {
		e.Panels = x.exportPanels()
	}
	return e
}

// exportBytes renders the figure in format (one of state.ExportFormats).
func (g *Game) exportBytes(format string) ([]byte, error) {
	e := g.exportData()
	switch format {
	case "csv":
		return e.CSV(), nil
	case "json":
		return e.JSON(), nil
	case "svg":
		return e.SVG(), nil
	case "png":
		return g.renderPNG()
	}
	return nil, fmt.Errorf("unknown export format %q", format)
}

// renderPNG draws the figure as laid out on screen (without the pointer's
// read-out) at pngScale device px per logical px and encodes it.
func (g *Game) renderPNG() (out []byte, err error) {
	area := g.layout().figure
	if area.W < 1 || area.H < 1 {
		return nil, fmt.Errorf("the figure has no room to draw (%.0f×%.0f px)", area.W, area.H)
	}
	w, h := int(math.Ceil(area.W*pngScale)), int(math.Ceil(area.H*pngScale))
	img := ebiten.NewImage(w, h)
	defer img.Deallocate()
	saved := gfx.scale
	defer func() {
		gfx.scale = saved
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("drawing the figure for the PNG failed: %v", r)
		}
	}()
	gfx.scale = pngScale
	img.Fill(colBG)
	g.fig.Draw(img, state.Rect{W: area.W, H: area.H}, pointer{})
	gfx.scale = saved
	pix := make([]byte, 4*w*h)
	img.ReadPixels(pix)
	rgba := &image.RGBA{Pix: pix, Stride: 4 * w, Rect: image.Rect(0, 0, w, h)}
	var b bytes.Buffer
	if err := png.Encode(&b, rgba); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// exportStatus is what the last export did, shown for a while and published
// as window.flatland.lastExport.
var exportStatus struct {
	text   string
	failed bool
	until  time.Time
	last   map[string]any
	// choosing: E was pressed; 1-4 picks the format, anything else cancels
	choosing bool
}

const exportNoteTime = 6 * time.Second

// download exports format and hands it to the browser as a file.
func (g *Game) download(format string) {
	e := g.exportData()
	name := e.FileName(format)
	data, err := g.exportBytes(format)
	if err == nil {
		err = saveFile(name, state.ExportMIME(format), data)
	}
	g.noteExport(format, name, len(data), err)
}

func (g *Game) noteExport(format, name string, size int, err error) {
	exportStatus.until = time.Now().Add(exportNoteTime)
	exportStatus.failed = err != nil
	exportStatus.last = map[string]any{"format": format, "name": name, "bytes": size}
	if err != nil {
		exportStatus.text = "export " + format + " failed: " + err.Error()
		exportStatus.last["error"] = err.Error()
	} else {
		exportStatus.text = fmt.Sprintf("exported %s (%s)", name, byteSize(size))
	}
	publish(map[string]any{"lastExport": exportStatus.last})
}

func byteSize(n int) string {
	if n < 1024 {
		return fmt.Sprintf("%d bytes", n)
	}
	return fmt.Sprintf("%.1f kB", float64(n)/1024)
}

// saveFile offers data as a download: a Blob, an object URL and a click on
// an <a download> element.
func saveFile(name, mime string, data []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the browser refused the download: %v", r)
		}
	}()
	w := js.Global()
	u8 := w.Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(u8, data)
	blob := w.Get("Blob").New([]any{u8}, map[string]any{"type": mime})
	url := w.Get("URL").Call("createObjectURL", blob)
	doc := w.Get("document")
	a := doc.Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", name)
	a.Get("style").Set("display", "none")
	doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	// revoke later: the download may start after this event
	var revoke js.Func
	revoke = js.FuncOf(func(js.Value, []js.Value) any {
		w.Get("URL").Call("revokeObjectURL", url)
		revoke.Release()
		return nil
	})
	w.Call("setTimeout", revoke, 60000)
	return nil
}

// answerExport posts the export to whoever may ask for it: the embedding
// parent (to the declared origin, if any), or the figure's own window when
// it is the top-level page. Text formats are sent as text, the PNG as a
// data: URL.
func (g *Game) answerExport(format string) {
	e := g.exportData()
	name := e.FileName(format)
	data, err := g.exportBytes(format)
	msg := map[string]any{"flatland": state.ExportedKind, "format": format, "name": name, "mime": state.ExportMIME(format)}
	switch {
	case err != nil:
		msg["error"] = err.Error()
	case format == "png":
		msg["data"] = "data:image/png;base64," + base64.StdEncoding.EncodeToString(data)
	default:
		msg["data"] = string(data)
	}
	g.noteExport(format, name, len(data), err)
	w := js.Global()
	target, origin := w, "*"
	if framed() {
		target = w.Get("parent")
		if declared.Declared {
			if declared.Origin == "" {
				return // an invalid origin= was declared: nothing goes to the parent
			}
			origin = declared.Origin
		}
	}
	defer func() { _ = recover() }()
	target.Call("postMessage", msg, origin)
}

// exportButtons are the controls column's export group.
func (g *Game) exportButtons() []*control {
	b := func(format, label string, row string) *control {
		return &control{id: "act:export-" + format, kind: ctrlButton, label: label, group: row, action: func() { g.download(format) }}
	}
	return []*control{b("png", "export PNG", "export1"), b("svg", "export SVG", "export1"),
		b("csv", "export CSV", "export2"), b("json", "export JSON", "export2")}
}

// exportKeys: E opens the choice, then 1 PNG, 2 SVG, 3 CSV, 4 JSON; any other
// key closes it. The keys it takes do not reach the figure. Keys are read in
// the order typed (several may arrive in one frame).
func (g *Game) exportKeys() {
	var rest []ebiten.Key
	for _, k := range g.in.keys {
		switch {
		case exportStatus.choosing:
			exportStatus.choosing = false
			exportStatus.until = time.Time{}
			for i, n := range []ebiten.Key{ebiten.Key1, ebiten.Key2, ebiten.Key3, ebiten.Key4} {
				if k == n {
					g.download(state.ExportFormats[i])
				}
			}
		case k == ebiten.KeyE:
			exportStatus.choosing = true
			exportStatus.failed = false
			exportStatus.text = "export: 1 PNG (2×) · 2 SVG · 3 CSV · 4 JSON   (any other key: cancel)"
			exportStatus.until = time.Now().Add(time.Hour)
		default:
			rest = append(rest, k)
		}
	}
	g.in.keys = rest
}

// drawExportNote shows the export choice or the last export's result at the
// top of area.
func (g *Game) drawExportNote(dst *ebiten.Image, area state.Rect) {
	if time.Now().After(exportStatus.until) || exportStatus.text == "" {
		return
	}
	const size, pad = 12.0, 8.0
	text := clipText(exportStatus.text, area.W-4*pad, size)
	box := state.Rect{X: area.X + area.W - textWidth(text, size) - 3*pad, Y: area.Y + pad, W: textWidth(text, size) + 2*pad, H: size + 2*pad}
	var c color.Color = colText
	if exportStatus.failed {
		c = colError
	}
	fillRect(dst, box, withAlpha(colSurface, 245))
	strokeRect(dst, box, 1, colPanelLn)
	drawText(dst, text, box.X+pad, box.Y+box.H/2, size, c, alignLeft)
}

// panelOf turns a figure's plot (title, labels, ranges) and its series into
// an export panel.
func panelOf(p *plot, series ...state.ExportSeries) state.ExportPanel {
	return state.ExportPanel{Title: p.title, XLabel: p.xlabel, YLabel: p.ylabel, XLog: p.xlog, YLog: p.ylog,
		XLo: p.xlo, XHi: p.xhi, YLo: p.ylo, YHi: p.yhi, Series: series}
}

// rgbOf is a drawing colour as an opaque export colour.
func rgbOf(c color.Color) state.RGB {
	r, g, b, _ := color.NRGBAModel.Convert(c).RGBA()
	return state.RGB{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8)}
}
