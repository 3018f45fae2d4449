package state

import (
	"bytes"
	"fmt"
	"math"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
)

// Export is what a figure plots, with what reproduces it: its panels and
// series, the settings, the program's version and the `flatland` commands
// that recompute the numbers. The front end downloads it as CSV, JSON or
// SVG (and posts it to the host page); the writers are here so they are
// tested natively.
type Export struct {
	Figure   string            // figure name, e.g. "train"
	Title    string            // figure title from the catalog
	Query    string            // the settings as the page address writes them
	Params   map[string]string // the settings, key by key
	Version  string            // module version ("(devel)" for a local build)
	Commit   string            // VCS revision the program was built from ("" if unknown)
	Modified bool              // the build had uncommitted changes
	Commands []string          // `flatland ...` lines that recompute the numbers
	Panels   []ExportPanel
}

// ExportPanel is one set of axes and the series drawn on it.
type ExportPanel struct {
	Title      string
	XLabel     string
	YLabel     string
	XLog, YLog bool
	// the ranges the figure shows; a zero range (Lo == Hi) is taken from the data
	XLo, XHi, YLo, YHi float64
	Series             []ExportSeries
}

// ExportSeries is one plotted series: points (X[i], Y[i]) and optional
// per-point columns (a standard error, a sample count).
type ExportSeries struct {
	Name    string
	X, Y    []float64
	Color   RGB
	Dashed  bool
	Markers bool // drawn as points, not a line
	Columns []ExportColumn
}

// ExportColumn is one more number per point of a series.
type ExportColumn struct {
	Name   string
	Values []float64
}

// BuildVersion reads the program's module version and VCS revision from the
// build information Go embeds (go build in a git checkout records the
// commit; other builds leave it empty).
func BuildVersion() (version, commit string, modified bool) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "", "", false
	}
	version = info.Main.Version
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	return version, commit, modified
}

// ExportFormats are the formats a figure exports to.
var ExportFormats = []string{"png", "svg", "csv", "json"}

// ExportMIME is the media type of a download in format f.
func ExportMIME(f string) string {
	switch f {
	case "png":
		return "image/png"
	case "svg":
		return "image/svg+xml"
	case "csv":
		return "text/csv;charset=utf-8"
	case "json":
		return "application/json"
	}
	return "application/octet-stream"
}

// FileName is the download's name: figure, the chosen point's main settings
// and the format, e.g. "flatland-train-alpha0.4.csv".
func (e Export) FileName(format string) string {
	name := "flatland-" + e.Figure
	for _, k := range []string{KeyAlpha, KeyAlphaD} {
		if v, ok := e.Params[k]; ok {
			name += "-" + strings.ReplaceAll(k, "-", "") + v
		}
	}
	clean := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_' {
			return r
		}
		return '_'
	}, name)
	return clean + "." + format
}

// finite reports whether a point can be written: a point that was not
// computed (NaN) or lies off a logarithmic axis is left out, never printed
// as NaN.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// PlainLabel removes the sub- and superscript braces of the drawing markup:
// "α_{LE}" becomes "α_LE".
func PlainLabel(s string) string {
	return strings.NewReplacer("_{", "_", "^{", "^", "}", "").Replace(s)
}

// headerLines are the comment lines that open a CSV export.
func (e Export) headerLines() []string {
	lines := []string{"flatland export: " + e.Figure + " (" + e.Title + ")"}
	v := e.Version
	if v == "" {
		v = "unknown"
	}
	lines = append(lines, "version: "+v)
	c := "commit: unknown (built without version control information)"
	if e.Commit != "" {
		c = "commit: " + e.Commit
		if e.Modified {
			c += " (with uncommitted changes)"
		}
	}
	lines = append(lines, c)
	lines = append(lines, "parameters: "+e.Query)
	for _, c := range e.Commands {
		lines = append(lines, "command: "+c)
	}
	for _, p := range e.Panels {
		lines = append(lines, fmt.Sprintf("panel %q: x = %s; y = %s", PlainLabel(p.Title), PlainLabel(p.XLabel), PlainLabel(p.YLabel)))
	}
	return lines
}

// extraColumns lists the per-point column names of all series, in order of
// first appearance.
func (e Export) extraColumns() []string {
	var names []string
	for _, p := range e.Panels {
		for _, s := range p.Series {
			for _, c := range s.Columns {
				if !slices.Contains(names, c.Name) {
					names = append(names, c.Name)
				}
			}
		}
	}
	return names
}

// formatNumber prints v with all its digits, exactly as encoding/json does
// (the CLI's -json): the shortest decimal that reads back as v, in 'f' form
// unless |v| < 1e-6 or >= 1e21, with "e-07" written "e-7". Written out here
// so that the browser's module does not carry encoding/json.
func formatNumber(v float64) string {
	abs := math.Abs(v)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b := strconv.AppendFloat(nil, v, format, -1, 64)
	if n := len(b); format == 'e' && n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		b[n-2] = b[n-1]
		b = b[:n-1]
	}
	return string(b)
}

// jsonString quotes s as a JSON string.
func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// csvField quotes a CSV field when it needs it (as encoding/csv does).
func csvField(s string) string {
	if s == "" || !strings.ContainsAny(s, ",\"\r\n") && s[0] != ' ' && s[0] != '\t' {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// xmlEscape escapes text for SVG.
var xmlEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace

// CSV writes one row per point: panel, series, x, y and the series' extra
// columns (empty where a series has none), under "#" comment lines with the
// figure, version, commit, parameters, commands and axis labels.
func (e Export) CSV() []byte {
	var b bytes.Buffer
	for _, l := range e.headerLines() {
		b.WriteString("# " + strings.ReplaceAll(l, "\n", " ") + "\n")
	}
	write := func(row []string) {
		for i, f := range row {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(csvField(f))
		}
		b.WriteByte('\n')
	}
	extra := e.extraColumns()
	write(append([]string{"panel", "series", "x", "y"}, extra...))
	for _, p := range e.Panels {
		for _, s := range p.Series {
			for i := 0; i < min(len(s.X), len(s.Y)); i++ {
				if !finite(s.X[i]) || !finite(s.Y[i]) {
					continue
				}
				row := []string{PlainLabel(p.Title), PlainLabel(s.Name), formatNumber(s.X[i]), formatNumber(s.Y[i])}
				for _, name := range extra {
					cell := ""
					for _, c := range s.Columns {
						if c.Name == name && i < len(c.Values) && finite(c.Values[i]) {
							cell = formatNumber(c.Values[i])
						}
					}
					row = append(row, cell)
				}
				write(row)
			}
		}
	}
	return b.Bytes()
}

// JSON writes the same content as CSV as one object: the header fields
// (flatland, figure, title, version, commit, modified, query, params,
// commands), and panels holding series holding points {x, y, ...}. Points not
// computed are left out, as in CSV.
func (e Export) JSON() []byte {
	var b bytes.Buffer
	field := func(indent, name, value string, last bool) {
		b.WriteString(indent + jsonString(name) + ": " + value)
		if !last {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("{\n")
	field(" ", "flatland", jsonString("export"), false)
	field(" ", "figure", jsonString(e.Figure), false)
	field(" ", "title", jsonString(e.Title), false)
	field(" ", "version", jsonString(e.Version), false)
	if e.Commit != "" {
		field(" ", "commit", jsonString(e.Commit), false)
	}
	if e.Modified {
		field(" ", "modified", "true", false)
	}
	field(" ", "query", jsonString(e.Query), false)
	keys := make([]string, 0, len(e.Params))
	for k := range e.Params {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	params := make([]string, len(keys))
	for i, k := range keys {
		params[i] = jsonString(k) + ": " + jsonString(e.Params[k])
	}
	field(" ", "params", "{"+strings.Join(params, ", ")+"}", false)
	cmds := make([]string, len(e.Commands))
	for i, c := range e.Commands {
		cmds[i] = jsonString(c)
	}
	field(" ", "commands", "["+strings.Join(cmds, ", ")+"]", false)
	b.WriteString(` "panels": [`)
	for pi, p := range e.Panels {
		if pi > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "\n  {\"title\": %s, \"x_label\": %s, \"y_label\": %s", jsonString(PlainLabel(p.Title)), jsonString(PlainLabel(p.XLabel)), jsonString(PlainLabel(p.YLabel)))
		if p.XLog {
			b.WriteString(`, "x_log": true`)
		}
		if p.YLog {
			b.WriteString(`, "y_log": true`)
		}
		b.WriteString(`, "series": [`)
		for si, sr := range p.Series {
			if si > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "\n   {\"name\": %s, \"points\": [", jsonString(PlainLabel(sr.Name)))
			first := true
			for i := 0; i < min(len(sr.X), len(sr.Y)); i++ {
				if !finite(sr.X[i]) || !finite(sr.Y[i]) {
					continue
				}
				if !first {
					b.WriteByte(',')
				}
				first = false
				b.WriteString("\n    {\"x\": " + formatNumber(sr.X[i]) + ", \"y\": " + formatNumber(sr.Y[i]))
				for _, c := range sr.Columns {
					if i < len(c.Values) && finite(c.Values[i]) {
						b.WriteString(", " + jsonString(c.Name) + ": " + formatNumber(c.Values[i]))
					}
				}
				b.WriteByte('}')
			}
			b.WriteString("]}")
		}
		b.WriteString("]}")
	}
	b.WriteString("]\n}\n")
	return b.Bytes()
}

// Layout of the SVG export (SVG user units = CSS px).
const (
	svgWidth       = 720.0
	svgPanelHeight = 400.0
	svgMarginLeft  = 72.0
	svgMarginRight = 20.0
	svgMarginTop   = 34.0
	svgMarginBelow = 52.0
	svgHeadHeight  = 40.0
	svgFootLine    = 14.0
	svgTick        = 5.0
	svgFootChars   = 120 // footer characters per line at 9.5 px
	svgFont        = `font-family="Helvetica, Arial, sans-serif"`
)

// axisRange is the range a panel shows on one axis: the figure's, or the
// data's (with a margin) when the figure gave none.
func axisRange(lo, hi float64, log bool, vals func(yield func(float64))) (float64, float64) {
	if lo < hi && finite(lo) && finite(hi) && (!log || lo > 0) {
		return lo, hi
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	vals(func(v float64) {
		if finite(v) && (!log || v > 0) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	})
	switch {
	case lo > hi: // no data
		if log {
			return 1, 10
		}
		return 0, 1
	case lo == hi:
		if log {
			return lo / 2, hi * 2
		}
		return lo - 0.5, hi + 0.5
	case log:
		return lo, hi
	}
	m := 0.05 * (hi - lo)
	if lo >= 0 && lo-m < 0 {
		return 0, hi + m
	}
	return lo - m, hi + m
}

// svgText escapes s and renders the markup's sub- and superscripts as
// shifted tspans.
func svgText(s string) string {
	var b strings.Builder
	for _, run := range MarkupRuns(s) {
		switch run.Script {
		case Subscript:
			fmt.Fprintf(&b, `<tspan baseline-shift="sub" font-size="75%%">%s</tspan>`, xmlEscape(run.Text))
		case Superscript:
			fmt.Fprintf(&b, `<tspan baseline-shift="super" font-size="75%%">%s</tspan>`, xmlEscape(run.Text))
		default:
			b.WriteString(xmlEscape(run.Text))
		}
	}
	return b.String()
}

// wrapFooter breaks a footer line into pieces of at most n characters, after
// a space or a comma where it can (a long -d list of a command).
func wrapFooter(l string, n int) []string {
	var out []string
	r := []rune(l)
	for len(r) > n {
		cut := n
		for i := n; i > n/2; i-- {
			if r[i-1] == ' ' || r[i-1] == ',' {
				cut = i
				break
			}
		}
		out = append(out, string(r[:cut]))
		r = append([]rune("    "), r[cut:]...)
	}
	return append(out, string(r))
}

func hexColor(c RGB) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// SVG draws the panels one under another as a vector plot for print: axes
// with ticks and tick labels, axis labels, each series as a line (dashed if
// so drawn) or markers, a legend, and a footer with the parameters, version
// and commands.
func (e Export) SVG() []byte {
	var foot []string // the header lines but the first (the head), wrapped to the width
	for _, l := range e.headerLines()[1:] {
		foot = append(foot, wrapFooter(l, svgFootChars)...)
	}
	n := max(1, len(e.Panels))
	height := svgHeadHeight + float64(n)*svgPanelHeight + float64(len(foot))*svgFootLine + 16
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%g" height="%g" viewBox="0 0 %g %g" %s font-size="12">`+"\n",
		svgWidth, height, svgWidth, height, svgFont)
	fmt.Fprintf(&b, "<title>%s</title>\n", xmlEscape("Flatland: "+PlainLabel(e.Title)))
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="#ffffff"/>`+"\n")
	fmt.Fprintf(&b, `<text x="%g" y="24" font-size="16">%s</text>`+"\n", svgMarginLeft-40, svgText(e.Title))
	for i, p := range e.Panels {
		e.svgPanel(&b, p, svgHeadHeight+float64(i)*svgPanelHeight)
	}
	if len(e.Panels) == 0 {
		fmt.Fprintf(&b, `<text x="%g" y="%g" fill="#666">nothing plotted yet</text>`+"\n", svgWidth/2, svgHeadHeight+svgPanelHeight/2)
	}
	y := svgHeadHeight + float64(n)*svgPanelHeight + 4
	for _, l := range foot {
		y += svgFootLine
		fmt.Fprintf(&b, `<text x="8" y="%g" font-size="9.5" fill="#555">%s</text>`+"\n", y, xmlEscape(l))
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// legendCorner places a bw×bh legend in the corner of the axes that covers
// the fewest points: top right, top left, bottom right, then bottom left.
func legendCorner(p ExportPanel, X, Y Scale, bw, bh float64) (float64, float64) {
	const m = 8.0
	left, right := X.P0+m, X.P1-m-bw
	top, bottom := Y.P1+m, Y.P0-m-bh
	best, bx, by := -1, right, top
	for _, c := range [][2]float64{{right, top}, {left, top}, {right, bottom}, {left, bottom}} {
		n := 0
		inside := func(x, y float64) {
			if x >= c[0]-m && x <= c[0]+bw+m && y >= c[1]-m && y <= c[1]+bh+m {
				n++
			}
		}
		for _, s := range p.Series {
			px, py := math.NaN(), math.NaN() // the previous point, to sample the line between
			for i := 0; i < min(len(s.X), len(s.Y)); i++ {
				if !finite(s.X[i]) || !finite(s.Y[i]) || (p.XLog && s.X[i] <= 0) || (p.YLog && s.Y[i] <= 0) {
					px, py = math.NaN(), math.NaN()
					continue
				}
				x, y := X.Px(s.X[i]), Y.Px(s.Y[i])
				inside(x, y)
				if !s.Markers && !math.IsNaN(px) {
					for k := 1; k < 8; k++ {
						inside(px+(x-px)*float64(k)/8, py+(y-py)*float64(k)/8)
					}
				}
				px, py = x, y
			}
		}
		if best < 0 || n < best {
			best, bx, by = n, c[0], c[1]
		}
	}
	return bx, by
}

func (e Export) svgPanel(b *bytes.Buffer, p ExportPanel, top float64) {
	x0, x1 := svgMarginLeft, svgWidth-svgMarginRight
	y0, y1 := top+svgPanelHeight-svgMarginBelow, top+svgMarginTop // y0 bottom, y1 top
	xs := func(yield func(float64)) {
		for _, s := range p.Series {
			for _, v := range s.X {
				yield(v)
			}
		}
	}
	ys := func(yield func(float64)) {
		for _, s := range p.Series {
			for _, v := range s.Y {
				yield(v)
			}
		}
	}
	xlo, xhi := axisRange(p.XLo, p.XHi, p.XLog, xs)
	ylo, yhi := axisRange(p.YLo, p.YHi, p.YLog, ys)
	X := Scale{Lo: xlo, Hi: xhi, P0: x0, P1: x1, Log: p.XLog}
	Y := Scale{Lo: ylo, Hi: yhi, P0: y0, P1: y1, Log: p.YLog}
	fmt.Fprintf(b, `<g class="panel">`+"\n")
	fmt.Fprintf(b, `<text x="%g" y="%g" font-size="14">%s</text>`+"\n", x0, top+svgMarginTop-10, svgText(p.Title))
	// ticks and grid
	ticks := func(lo, hi float64, log bool, pixels float64) []Tick {
		if log {
			return LogTicks(lo, hi)
		}
		return LinearTicks(lo, hi, int(math.Max(2, math.Min(8, pixels/80))))
	}
	for _, t := range ticks(xlo, xhi, p.XLog, x1-x0) {
		if !X.Contains(t.V) {
			continue
		}
		x := X.Px(t.V)
		l := svgTick
		if t.Minor {
			l = 3
		} else {
			fmt.Fprintf(b, `<line x1="%.2f" y1="%.2f" x2="%.2f" y2="%.2f" stroke="#e4e1db" stroke-width="0.6"/>`+"\n", x, y1, x, y0)
			fmt.Fprintf(b, `<text x="%.2f" y="%.2f" text-anchor="middle" font-size="11">%s</text>`+"\n", x, y0+l+12, xmlEscape(t.Label))
		}
		fmt.Fprintf(b, `<line x1="%.2f" y1="%.2f" x2="%.2f" y2="%.2f" stroke="#333" stroke-width="1"/>`+"\n", x, y0, x, y0+l)
	}
	for _, t := range ticks(ylo, yhi, p.YLog, (y0-y1)*80/45) {
		if !Y.Contains(t.V) {
			continue
		}
		y := Y.Px(t.V)
		l := svgTick
		if t.Minor {
			l = 3
		} else {
			fmt.Fprintf(b, `<line x1="%.2f" y1="%.2f" x2="%.2f" y2="%.2f" stroke="#e4e1db" stroke-width="0.6"/>`+"\n", x0, y, x1, y)
			fmt.Fprintf(b, `<text x="%.2f" y="%.2f" text-anchor="end" dominant-baseline="middle" font-size="11">%s</text>`+"\n", x0-l-3, y, xmlEscape(t.Label))
		}
		fmt.Fprintf(b, `<line x1="%.2f" y1="%.2f" x2="%.2f" y2="%.2f" stroke="#333" stroke-width="1"/>`+"\n", x0-l, y, x0, y)
	}
	fmt.Fprintf(b, `<rect x="%.2f" y="%.2f" width="%.2f" height="%.2f" fill="none" stroke="#333" stroke-width="1"/>`+"\n", x0, y1, x1-x0, y0-y1)
	fmt.Fprintf(b, `<text x="%.2f" y="%.2f" text-anchor="middle">%s</text>`+"\n", (x0+x1)/2, y0+38, svgText(p.XLabel))
	fmt.Fprintf(b, `<text transform="translate(%.2f %.2f) rotate(-90)" text-anchor="middle">%s</text>`+"\n", x0-52, (y0+y1)/2, svgText(p.YLabel))
	// series, clipped to the axes
	clip := fmt.Sprintf("clip%d", int(top))
	fmt.Fprintf(b, `<clipPath id="%s"><rect x="%.2f" y="%.2f" width="%.2f" height="%.2f"/></clipPath>`+"\n", clip, x0, y1, x1-x0, y0-y1)
	fmt.Fprintf(b, `<g clip-path="url(#%s)" fill="none" stroke-linejoin="round" stroke-linecap="round">`+"\n", clip)
	ok := func(x, y float64) bool {
		return finite(x) && finite(y) && (!p.XLog || x > 0) && (!p.YLog || y > 0)
	}
	for _, s := range p.Series {
		col := hexColor(s.Color)
		if s.Markers {
			for i := 0; i < min(len(s.X), len(s.Y)); i++ {
				if ok(s.X[i], s.Y[i]) {
					fmt.Fprintf(b, `<circle cx="%.2f" cy="%.2f" r="3" fill="%s" stroke="#ffffff" stroke-width="0.8"/>`+"\n", X.Px(s.X[i]), Y.Px(s.Y[i]), col)
				}
			}
			continue
		}
		for _, c := range s.Columns {
			if c.Name != "stderr" {
				continue
			}
			for i := 0; i < min(len(s.X), len(s.Y), len(c.Values)); i++ {
				if se := c.Values[i]; se > 0 && ok(s.X[i], s.Y[i]) && ok(s.X[i], s.Y[i]-se) {
					fmt.Fprintf(b, `<line x1="%.2f" y1="%.2f" x2="%.2f" y2="%.2f" stroke="%s" stroke-width="1.2"/>`+"\n",
						X.Px(s.X[i]), Y.Px(s.Y[i]-se), X.Px(s.X[i]), Y.Px(s.Y[i]+se), col)
				}
			}
		}
		var d strings.Builder
		pen := false
		for i := 0; i < min(len(s.X), len(s.Y)); i++ {
			if !ok(s.X[i], s.Y[i]) {
				pen = false
				continue
			}
			cmd := "L"
			if !pen {
				cmd = "M"
			}
			fmt.Fprintf(&d, "%s%.2f %.2f ", cmd, X.Px(s.X[i]), Y.Px(s.Y[i]))
			pen = true
		}
		dash := ""
		if s.Dashed {
			dash = ` stroke-dasharray="7 5"`
		}
		if d.Len() > 0 {
			fmt.Fprintf(b, `<path d="%s" stroke="%s" stroke-width="2"%s/>`+"\n", strings.TrimSpace(d.String()), col, dash)
		}
	}
	b.WriteString("</g>\n")
	// legend, top right inside the axes
	if len(p.Series) > 0 {
		const lh, pad, sw = 16.0, 6.0, 22.0
		wmax := 0.0
		for _, s := range p.Series {
			wmax = math.Max(wmax, 6.2*float64(len([]rune(PlainLabel(s.Name)))))
		}
		bw, bh := wmax+sw+3*pad, float64(len(p.Series))*lh+2*pad-2
		lx, ly := legendCorner(p, X, Y, bw, bh)
		fmt.Fprintf(b, `<g class="legend"><rect x="%.2f" y="%.2f" width="%.2f" height="%.2f" fill="#ffffff" fill-opacity="0.9" stroke="#d6d2ca"/>`+"\n", lx, ly, bw, bh)
		for i, s := range p.Series {
			cy := ly + pad + lh*float64(i) + lh/2 - 1
			col := hexColor(s.Color)
			switch {
			case s.Markers:
				fmt.Fprintf(b, `<circle cx="%.2f" cy="%.2f" r="3.5" fill="%s"/>`+"\n", lx+pad+sw/2, cy, col)
			case s.Dashed:
				fmt.Fprintf(b, `<line x1="%.2f" y1="%.2f" x2="%.2f" y2="%.2f" stroke="%s" stroke-width="2" stroke-dasharray="7 5"/>`+"\n", lx+pad, cy, lx+pad+sw, cy, col)
			default:
				fmt.Fprintf(b, `<line x1="%.2f" y1="%.2f" x2="%.2f" y2="%.2f" stroke="%s" stroke-width="2"/>`+"\n", lx+pad, cy, lx+pad+sw, cy, col)
			}
			fmt.Fprintf(b, `<text x="%.2f" y="%.2f" dominant-baseline="middle" font-size="11.5">%s</text>`+"\n", lx+2*pad+sw, cy, svgText(s.Name))
		}
		b.WriteString("</g>\n")
	}
	b.WriteString("</g>\n")
}
