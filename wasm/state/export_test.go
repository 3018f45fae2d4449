package state

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"html"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
)

// sampleExport has two panels, a gap (NaN), a point off a log axis, extra
// columns on one series and names that need escaping.
func sampleExport() Export {
	nan := math.NaN()
	return Export{
		Figure: "train", Title: "training <run> & distances",
		Query:   "figure=train&alpha=0.4&alpha-d=0.8",
		Params:  map[string]string{"figure": "train", "alpha": "0.4", "alpha-d": "0.8"},
		Version: "(devel)", Commit: "0123456789abcdef", Modified: true,
		Commands: []string{"flatland train -alpha 0.4 -alpha-d 0.8", "flatland sweep -alphas 0.4"},
		Panels: []ExportPanel{
			{Title: "training error", XLabel: "epochs", YLabel: "fraction misclassified", YLo: 0, YHi: 0.5,
				Series: []ExportSeries{
					{Name: "network", X: []float64{0, 1, 2, 3}, Y: []float64{0.4, 0.25, nan, 0.1}, Color: RGB{0, 114, 178}},
					{Name: "replica \"a\", <1>", X: []float64{0, 1}, Y: []float64{0.45, 1.0 / 3}, Color: RGB{213, 94, 0}, Dashed: true,
						Columns: []ExportColumn{{Name: "stderr", Values: []float64{0.01, nan}}, {Name: "samples", Values: []float64{200, 200}}}},
				}},
			{Title: "α_{LE} over α_D", XLabel: "α_D", YLabel: "α", XLog: true,
				Series: []ExportSeries{
					{Name: "α_{LE}", X: []float64{0.05, 1, -1, 10}, Y: []float64{2.378, 0.803, 5, 0.736}, Color: RGB{0, 158, 115}, Markers: true},
				}},
		},
	}
}

// The CSV has the header comments, a header row and one row per finite
// point with the exact numbers; points not computed are left out.
func TestExportCSV(t *testing.T) {
	e := sampleExport()
	text := string(e.CSV())
	for _, want := range []string{"# flatland export: train (training <run> & distances)", "# version: (devel)", "# commit: 0123456789abcdef (with uncommitted changes)",
		"# parameters: figure=train&alpha=0.4&alpha-d=0.8", "# command: flatland train -alpha 0.4 -alpha-d 0.8",
		"# command: flatland sweep -alphas 0.4", `# panel "α_LE over α_D": x = α_D; y = α`} {
		if !strings.Contains(text, want+"\n") {
			t.Errorf("CSV lacks the line %q:\n%s", want, text)
		}
	}
	if strings.Contains(strings.ToLower(text), "nan") {
		t.Errorf("CSV prints NaN:\n%s", text)
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"panel", "series", "x", "y", "stderr", "samples"},
		{"training error", "network", "0", "0", "", ""},
		{"training error", "network", "1", "0.25", "", ""},
		{"training error", "network", "3", "0.1", "", ""},
		{"training error", `replica "a", <1>`, "0", "0.45", "0.01", "200"},
		{"training error", `replica "a", <1>`, "1", "0.3333333333333333", "", "200"},
		{"α_LE over α_D", "α_LE", "0.05", "2.378", "", ""},
		{"α_LE over α_D", "α_LE", "1", "0.803", "", ""},
		{"α_LE over α_D", "α_LE", "-1", "5", "", ""},
		{"α_LE over α_D", "α_LE", "10", "0.736", "", ""},
	}
	want[1][3] = "0.4"
	if len(recs) != len(want) {
		t.Fatalf("%d records, want %d:\n%s", len(recs), len(want), text)
	}
	for i := range want {
		if strings.Join(recs[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: %q, want %q", i, recs[i], want[i])
		}
	}
	// every number reads back exactly
	if v, _ := strconv.ParseFloat(recs[5][3], 64); v != 1.0/3 {
		t.Errorf("1/3 read back as %v", v)
	}
}

// The JSON holds the same points and header fields as the CSV.
func TestExportJSON(t *testing.T) {
	var got struct {
		Flatland, Figure, Version, Commit, Query string
		Modified                                 bool
		Params                                   map[string]string
		Commands                                 []string
		Panels                                   []struct {
			Title  string
			XLabel string `json:"x_label"`
			XLog   bool   `json:"x_log"`
			Series []struct {
				Name   string
				Points []map[string]float64
			}
		}
	}
	if err := json.Unmarshal(sampleExport().JSON(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Flatland != "export" || got.Figure != "train" || got.Commit != "0123456789abcdef" || !got.Modified ||
		got.Params["alpha"] != "0.4" || len(got.Commands) != 2 || len(got.Panels) != 2 {
		t.Fatalf("header fields: %+v", got)
	}
	p0, p1 := got.Panels[0], got.Panels[1]
	if len(p0.Series) != 2 || len(p0.Series[0].Points) != 3 || len(p0.Series[1].Points) != 2 || len(p1.Series[0].Points) != 4 {
		t.Fatalf("points per series: %+v", got.Panels)
	}
	if p := p0.Series[1].Points[1]; p["y"] != 1.0/3 || p["samples"] != 200 || len(p) != 3 {
		t.Errorf("point with a missing stderr: %v", p)
	}
	if p1.Title != "α_LE over α_D" || p1.XLabel != "α_D" || !p1.XLog || p1.Series[0].Name != "α_LE" {
		t.Errorf("labels: %+v", p1)
	}
	if csv := string(Export{Figure: "diagram"}.CSV()); !strings.Contains(csv, "# commit: unknown (built without version control information)\n") {
		t.Errorf("a build without VCS information does not say so:\n%s", csv)
	}
	// an empty export is still valid JSON with empty lists, not null
	var empty map[string]any
	if err := json.Unmarshal(Export{Figure: "diagram"}.JSON(), &empty); err != nil || empty["panels"] == nil || empty["commands"] == nil {
		t.Errorf("empty export: %v, %v", empty, err)
	}
}

// The SVG is well-formed XML with a path per line series, a marker per
// point of a marker series on its log axis, a legend entry per series, tick
// labels, the labels' subscripts as tspans, and the commands in the footer.
func TestExportSVG(t *testing.T) {
	svg := sampleExport().SVG()
	counts := map[string]int{}
	var texts []string
	dec := xml.NewDecoder(bytes.NewReader(svg))
	inText := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			counts[x.Name.Local]++
			if x.Name.Local == "text" {
				inText++
				texts = append(texts, "")
			}
		case xml.EndElement:
			if x.Name.Local == "text" {
				inText--
			}
		case xml.CharData:
			if inText > 0 {
				texts[len(texts)-1] += string(x)
			}
		}
	}
	all := strings.Join(texts, "\n")
	if counts["svg"] != 1 || counts["path"] != 2 {
		t.Errorf("elements %v: want one svg and a path per line series (2)", counts)
	}
	// 3 markers (x = -1 is off the log axis) + 1 legend marker
	if counts["circle"] != 4 {
		t.Errorf("%d circles, want 4 (3 points on the log axis and a legend marker)", counts["circle"])
	}
	for _, want := range []string{"network", `replica "a", <1>`, "training error", "fraction misclassified",
		"αLE", "0.5", "flatland train -alpha 0.4 -alpha-d 0.8", "commit: 0123456789abcdef (with uncommitted changes)", "10"} {
		if !strings.Contains(all, want) {
			t.Errorf("SVG text lacks %q; texts:\n%s", want, all)
		}
	}
	if strings.Contains(string(svg), "NaN") || strings.Contains(string(svg), "Inf") {
		t.Error("SVG contains NaN or Inf")
	}
	if !strings.Contains(string(svg), `stroke-dasharray="7 5"`) || !strings.Contains(string(svg), `baseline-shift="sub"`) {
		t.Error("SVG lacks the dashed series or the subscripts")
	}
	// nothing plotted: still a valid SVG saying so
	if err := xml.Unmarshal(Export{Figure: "diagram"}.SVG(), new(struct{})); err != nil {
		t.Errorf("empty SVG: %v", err)
	}
}

func TestSVGText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain", "plain"},
		{"a<b & c", "a&lt;b &amp; c"},
		{"α_D", `α<tspan baseline-shift="sub" font-size="75%">D</tspan>`},
		{"α_{LE} x", `α<tspan baseline-shift="sub" font-size="75%">LE</tspan> x`},
		{"e^{-x}", `e<tspan baseline-shift="super" font-size="75%">-x</tspan>`},
		{"trailing_", "trailing_"},
		{"open_{ab", `open<tspan baseline-shift="sub" font-size="75%">ab</tspan>`},
	}
	for _, c := range cases {
		if got := svgText(c.in); got != c.want {
			t.Errorf("svgText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestAxisRange(t *testing.T) {
	data := func(v ...float64) func(func(float64)) {
		return func(yield func(float64)) {
			for _, x := range v {
				yield(x)
			}
		}
	}
	cases := []struct {
		name           string
		lo, hi         float64
		log            bool
		vals           []float64
		wantLo, wantHi float64
	}{
		{"given range", 0, 2.2, false, []float64{5}, 0, 2.2},
		{"from data, margin", 0, 0, false, []float64{0.1, 0.5}, 0.08, 0.52},
		{"from data, clamped at 0", 0, 0, false, []float64{0.01, 0.41}, 0, 0.43},
		{"from data, negative", 0, 0, false, []float64{-1, 1}, -1.1, 1.1},
		{"log ignores <= 0 and NaN", 0, 0, true, []float64{-1, 0, math.NaN(), 0.05, 10}, 0.05, 10},
		{"no data", 0, 0, false, nil, 0, 1},
		{"one value", 0, 0, false, []float64{2}, 1.5, 2.5},
		{"bad given log range falls back", 0, 10, true, []float64{1, 100}, 1, 100},
	}
	for _, c := range cases {
		lo, hi := axisRange(c.lo, c.hi, c.log, data(c.vals...))
		if math.Abs(lo-c.wantLo) > 1e-12 || math.Abs(hi-c.wantHi) > 1e-12 {
			t.Errorf("%s: [%g, %g], want [%g, %g]", c.name, lo, hi, c.wantLo, c.wantHi)
		}
	}
}

func TestExportFileName(t *testing.T) {
	e := Export{Figure: "diagram", Params: map[string]string{"alpha": "0.4", "alpha-d": "1/2"}}
	if got := e.FileName("png"); got != "flatland-diagram-alpha0.4-alphad1_2.png" {
		t.Errorf("FileName = %q", got)
	}
	for _, f := range ExportFormats {
		if ExportMIME(f) == "application/octet-stream" {
			t.Errorf("format %s has no media type", f)
		}
	}
}

// Export messages: the format is type-checked and must be a known one; the
// figure's own answers (exported) are not messages for it.
func TestDecodeExportMessage(t *testing.T) {
	huge := strings.Repeat("x", 1000000)
	cases := []struct {
		name       string
		data       any
		wantOK     bool
		wantKind   string
		wantFormat string
		problem    string
	}{
		{"csv", obj("flatland", "export", "format", "csv"), true, "export", "csv", ""},
		{"upper case PNG", obj("flatland", "export", "format", "PNG"), true, "export", "png", ""},
		{"svg and json", obj("flatland", "export", "format", "json"), true, "export", "json", ""},
		{"unknown format", obj("flatland", "export", "format", "pdf"), true, "", "", `format "pdf" was ignored; the formats are png, svg, csv, json`},
		{"format missing", obj("flatland", "export"), true, "", "", "format is undefined"},
		{"format an object", obj("flatland", "export", "format", obj("toString", 1.0)), true, "", "", "format is an object"},
		{"format a number", obj("flatland", "export", "format", 3.0), true, "", "", "format is a number"},
		{"huge format", obj("flatland", "export", "format", huge), true, "", "", "was ignored"},
		{"own answer left alone", obj("flatland", "exported", "format", "csv", "data", "x"), false, "", "", ""},
	}
	for _, c := range cases {
		m, ok := DecodeMessage(fakeJS{c.data})
		if ok != c.wantOK || m.Kind != c.wantKind || m.Format != c.wantFormat {
			t.Errorf("%s: ok %v kind %q format %q, want %v %q %q (problems %q)", c.name, ok, m.Kind, m.Format, c.wantOK, c.wantKind, c.wantFormat, m.Problems)
			continue
		}
		switch {
		case c.problem == "" && len(m.Problems) > 0:
			t.Errorf("%s: unexpected problems %q", c.name, m.Problems)
		case c.problem != "" && (len(m.Problems) != 1 || !strings.Contains(m.Problems[0], c.problem) || len(m.Problems[0]) > 200):
			t.Errorf("%s: problems %q, want one short one containing %q", c.name, m.Problems, c.problem)
		}
	}
	// export messages change no settings and leave the pause state alone;
	// the caller reads them with ExportRequests
	batch := []Message{{Kind: "export", Format: "csv"}, {Kind: "pause"}, {Kind: "export", Format: "png"}}
	st := Defaults()
	next, paused, sawParams, problems := ApplyMessages(st, false, batch, 0)
	if next != st || !paused || sawParams || len(problems) > 0 {
		t.Errorf("ApplyMessages with exports: changed %v paused %v params %v problems %q", next != st, paused, sawParams, problems)
	}
	if got := ExportRequests(batch); strings.Join(got, ",") != "csv,png" {
		t.Errorf("ExportRequests = %q", got)
	}
}

func TestWrapFooter(t *testing.T) {
	cases := []struct {
		in   string
		n    int
		want []string
	}{
		{"short", 20, []string{"short"}},
		{"command: flatland flatness -d 0.01,0.02,0.03", 24, []string{"command: flatland ", "    flatness -d 0.01,", "    0.02,0.03"}},
		{strings.Repeat("x", 25), 10, []string{"xxxxxxxxxx", "    xxxxxx", "    xxxxxx", "    xxx"}},
	}
	for _, c := range cases {
		got := wrapFooter(c.in, c.n)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("wrapFooter(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
		for _, l := range got {
			if len([]rune(l)) > c.n {
				t.Errorf("line %q longer than %d", l, c.n)
			}
		}
	}
}

// The legend goes to the corner with the fewest points and line samples.
func TestLegendCorner(t *testing.T) {
	X := Scale{Lo: 0, Hi: 1, P0: 0, P1: 600}
	Y := Scale{Lo: 0, Hi: 1, P0: 400, P1: 0}
	const bw, bh = 150, 50
	cases := []struct {
		name   string
		x, y   []float64
		wx, wy float64
	}{
		{"rising line: top left is free", []float64{0, 1}, []float64{0, 1}, 8, 8},
		{"falling line: top right is free", []float64{0, 1}, []float64{1, 0}, 600 - 8 - bw, 8},
		{"high flat line: bottom right", []float64{0, 1}, []float64{0.95, 0.95}, 600 - 8 - bw, 400 - 8 - bh},
		{"no data: top right", nil, nil, 600 - 8 - bw, 8},
	}
	for _, c := range cases {
		p := ExportPanel{Series: []ExportSeries{{X: c.x, Y: c.y}}}
		if x, y := legendCorner(p, X, Y, bw, bh); x != c.wx || y != c.wy {
			t.Errorf("%s: legend at (%g, %g), want (%g, %g)", c.name, x, y, c.wx, c.wy)
		}
	}
}

// The hand-written encoders (the browser module carries no encoding/json,
// encoding/csv or html) write what the standard library writes.
func TestExportEncodersMatchStandardLibrary(t *testing.T) {
	for _, v := range []float64{0, 1, -1, 0.1, 1.0 / 3, 2.5e-7, 1e-6, 9.99e-7, 1e21, 1e20, 123456789.125, -4.2e-12, math.SmallestNonzeroFloat64, math.MaxFloat64} {
		want, _ := json.Marshal(v)
		if got := formatNumber(v); got != string(want) {
			t.Errorf("formatNumber(%v) = %s, encoding/json %s", v, got, want)
		}
	}
	for _, s := range []string{"", "plain", `quote " and \ backslash`, "new\nline\ttab\x01", "α_D, \"x\"", " lead", "a,b"} {
		var back string
		if err := json.Unmarshal([]byte(jsonString(s)), &back); err != nil || back != s {
			t.Errorf("jsonString(%q) = %s reads back as %q (%v)", s, jsonString(s), back, err)
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		_ = w.Write([]string{s})
		w.Flush()
		if got := csvField(s) + "\n"; got != buf.String() {
			t.Errorf("csvField(%q) = %q, encoding/csv %q", s, got, buf.String())
		}
		if got, want := xmlEscape(s), html.EscapeString(s); got != want {
			t.Errorf("xmlEscape(%q) = %q, html.EscapeString %q", s, got, want)
		}
	}
}
