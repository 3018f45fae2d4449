package main

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"flatland/wasm/state"
)

// ParamsMarker is the comment in site/embed.html that the parameter table replaces.
const ParamsMarker = "<!-- flatland:params -->"

// renderParams renders the URL parameter table of the embed guide from the program's own parameter
// table (wasm/state.Specs), so the guide can never drift from what the figures accept.
func renderParams(specs []state.Spec) string {
	var b strings.Builder
	b.WriteString(`<table id="param-table">` + "\n")
	b.WriteString("<thead><tr><th>parameter</th><th>meaning</th><th>valid values</th><th>default</th><th>figures</th></tr></thead>\n<tbody>\n")
	for _, s := range specs {
		figs := "all"
		if len(s.Figures) > 0 {
			figs = strings.Join(s.Figures, ", ")
		}
		valid := s.RangeText()
		switch s.Kind {
		case state.Int:
			valid = "integer " + valid
		case state.Float:
			if s.Log {
				valid += " (log scale)"
			}
		}
		fmt.Fprintf(&b, `<tr data-param="%s"><td><code>%s</code></td><td>%s</td><td>%s</td><td><code>%s</code></td><td>%s</td></tr>`+"\n",
			html.EscapeString(s.Key), html.EscapeString(s.Key), html.EscapeString(s.Help),
			html.EscapeString(valid), html.EscapeString(s.Def), html.EscapeString(figs))
	}
	b.WriteString("</tbody>\n</table>")
	return b.String()
}

// rewriteEmbed puts the parameter table in place of the marker.
func rewriteEmbed(page []byte) ([]byte, error) {
	if bytes.Count(page, []byte(ParamsMarker)) != 1 {
		return nil, fmt.Errorf("embed.html must contain %s exactly once", ParamsMarker)
	}
	return bytes.Replace(page, []byte(ParamsMarker), []byte(renderParams(state.Specs)), 1), nil
}
