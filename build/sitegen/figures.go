package sitegen

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"regexp"
	"strings"

	"flatland/wasm/state"
)

// The figure catalog (wasm/state.Catalog) is the one list of figures: this file turns it into the
// figure pages, the page script's lists and the embed guide's figure table and choices, so a new
// figure needs no edit in site/.

//go:embed figure.html.tmpl
var figurePageSource string

var figurePage = template.Must(template.New("figure").Parse(figurePageSource))

// figurePages returns the generator of figures/NAME.html for every figure.
func figurePages(catalog []state.FigureInfo, v Version) map[string]func() ([]byte, error) {
	pages := make(map[string]func() ([]byte, error), len(catalog))
	for _, f := range catalog {
		pages["figures/"+f.Name+".html"] = func() ([]byte, error) {
			var b bytes.Buffer
			err := figurePage.Execute(&b, struct {
				state.FigureInfo
				PageTitle string
				Version   string
			}{f, f.PageTitle(), v.Text()})
			return b.Bytes(), err
		}
	}
	return pages
}

// scriptFigures matches the lines of site/flatland.js between the catalog markers.
var scriptFigures = regexp.MustCompile(`(?s)(// flatland:figures\n).*?(\n[ \t]*// end flatland:figures)`)

// rewriteScript writes the catalog's names and titles and the build's version into flatland.js.
func rewriteScript(catalog []state.FigureInfo, v Version) func([]byte) ([]byte, error) {
	return func(src []byte) ([]byte, error) {
		if len(scriptFigures.FindAllIndex(src, -1)) != 1 {
			return nil, fmt.Errorf("flatland.js must contain one // flatland:figures ... // end flatland:figures block")
		}
		names := state.FigureNames()
		titles := map[string]string{}
		phrases := map[string]string{}
		for _, f := range catalog {
			titles[f.Name] = f.Title
			phrases[f.Name] = f.Phrase
		}
		n, _ := json.Marshal(names)
		t, _ := json.Marshal(titles)
		p, _ := json.Marshal(phrases)
		lists := fmt.Sprintf("  var FIGURES = %s;\n  var TITLES = %s;\n  var PHRASES = %s;\n  var BUILD = %s;", n, t, p, v.buildJS())
		return scriptFigures.ReplaceAll(src, []byte("${1}"+strings.ReplaceAll(lists, "$", "$$")+"${2}")), nil
	}
}

// FigureRowsMarker and FigureOptionsMarker are the comments in site/embed.html that the figure
// table rows and the snippet builder's figure choices replace.
const (
	FigureRowsMarker    = "<!-- flatland:figure-rows -->"
	FigureOptionsMarker = "<!-- flatland:figure-options -->"
)

func renderFigureRows(catalog []state.FigureInfo) string {
	var b strings.Builder
	for _, f := range catalog {
		n := html.EscapeString(f.Name)
		fmt.Fprintf(&b, `    <tr id="%s"><td><code>%s</code></td><td><a href="figures/%s.html">figures/%s.html</a></td>`+"\n"+
			`      <td>%s</td><td>%d × %d (min %d × %d)</td></tr>`+"\n",
			n, n, n, n, html.EscapeString(f.Shows), f.Width, f.Height, f.MinWidth, f.MinHeight)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func renderFigureOptions(catalog []state.FigureInfo) string {
	var b strings.Builder
	for _, f := range catalog {
		n := html.EscapeString(f.Name)
		fmt.Fprintf(&b, `      <option value="%s" data-width="%d" data-height="%d" data-min-height="%d">%s</option>`+"\n", n, f.Width, f.Height, f.MinHeight, n)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
