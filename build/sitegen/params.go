package sitegen

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
		if names := state.UsedByNames(s); names != nil {
			figs = strings.Join(names, ", ")
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

// BuilderMarker is the comment in the snippet builder form that the parameter fields replace.
const BuilderMarker = "<!-- flatland:builder -->"

// pageOnly are parameters the builder sets itself (figure, controls).
var pageOnly = map[string]bool{"figure": true, "controls": true}

// usedBy is the data-figures attribute of a field whose parameter only some figures read (the page
// script disables it for the others).
func usedBy(s state.Spec) string {
	names := state.UsedByNames(s)
	if names == nil {
		return ""
	}
	return ` data-figures="` + html.EscapeString(strings.Join(names, " ")) + `"`
}

// renderBuilder renders one form field per parameter: a select for choices, a checkbox for on/off
// settings, a group of checkboxes for lists (hide=), a text field with the range as placeholder for
// numbers. Empty or the default means "leave it out of the URL".
func renderBuilder(specs []state.Spec) string {
	var b strings.Builder
	for _, s := range specs {
		if pageOnly[s.Key] {
			continue
		}
		k := html.EscapeString(s.Key)
		title := html.EscapeString(s.Help)
		switch s.Kind {
		case state.Bool:
			fmt.Fprintf(&b, `  <label class="check" title="%s"><span>%s</span><input type="checkbox" name="%s" data-param="%s" data-default="%s"%s></label>`+"\n",
				title, k, k, k, html.EscapeString(s.Def), usedBy(s))
		case state.List:
			fmt.Fprintf(&b, `  <fieldset class="checks" title="%s" name="%s" data-param="%s"%s><legend>%s</legend>`, title, k, k, usedBy(s), k)
			for _, c := range s.Choices {
				item, _ := state.SpecFor(c)
				fmt.Fprintf(&b, `<label><input type="checkbox" value="%s"%s> %s</label>`, html.EscapeString(c), usedBy(item), html.EscapeString(c))
			}
			b.WriteString("</fieldset>\n")
		case state.Choice:
			fmt.Fprintf(&b, `  <label title="%s">%s <select name="%s" data-param="%s"%s><option value="">default (%s)</option>`, title, k, k, k, usedBy(s), html.EscapeString(s.Def))
			for _, c := range s.Choices {
				fmt.Fprintf(&b, "<option>%s</option>", html.EscapeString(c))
			}
			b.WriteString("</select></label>\n")
		default:
			mode := "decimal"
			if s.Kind == state.Int {
				mode = "numeric"
			}
			fmt.Fprintf(&b, `  <label title="%s">%s <input name="%s" data-param="%s" inputmode="%s" placeholder="%s (default %s)"%s></label>`+"\n",
				title, k, k, k, mode, html.EscapeString(s.RangeText()), html.EscapeString(s.Def), usedBy(s))
		}
	}
	return b.String()
}

// RewriteEmbed puts the parameter table and the builder fields in place of their markers.
func RewriteEmbed(page []byte) ([]byte, error) {
	parts := []struct{ marker, text string }{
		{ParamsMarker, renderParams(state.Specs)},
		{BuilderMarker, renderBuilder(state.Specs)},
		{FigureRowsMarker, renderFigureRows(state.Catalog)},
		{FigureOptionsMarker, renderFigureOptions(state.Catalog)},
	}
	for _, p := range parts {
		if bytes.Count(page, []byte(p.marker)) != 1 {
			return nil, fmt.Errorf("embed.html must contain %s exactly once", p.marker)
		}
	}
	for _, p := range parts {
		page = bytes.Replace(page, []byte(p.marker), []byte(p.text), 1)
	}
	return page, nil
}
