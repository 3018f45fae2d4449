package sitegen

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"flatland/wasm/state"
)

// GlossaryMarker is the comment in site/index.html that the glossary (state.Glossary) replaces.
const GlossaryMarker = "<!-- flatland:glossary -->"

// RewriteIndex puts the glossary in place of its marker.
func RewriteIndex(page []byte) ([]byte, error) {
	if bytes.Count(page, []byte(GlossaryMarker)) != 1 {
		return nil, fmt.Errorf("index.html must contain %s exactly once", GlossaryMarker)
	}
	return bytes.Replace(page, []byte(GlossaryMarker), []byte(renderGlossary(state.Glossary())), 1), nil
}

func renderGlossary(terms []state.Term) string {
	var b strings.Builder
	b.WriteString(`<dl class="glossary">` + "\n")
	for _, t := range terms {
		fmt.Fprintf(&b, `  <dt id="term-%s">%s</dt><dd>%s</dd>`+"\n", html.EscapeString(t.ID), markupHTML(t.Term), markupHTML(t.Means))
	}
	b.WriteString("</dl>")
	return b.String()
}

// markupHTML writes label markup (α_{LE}, H_2) as HTML with <sub> and <sup>.
func markupHTML(s string) string {
	var b strings.Builder
	for _, r := range state.MarkupRuns(s) {
		switch r.Script {
		case state.Subscript:
			b.WriteString("<sub>" + html.EscapeString(r.Text) + "</sub>")
		case state.Superscript:
			b.WriteString("<sup>" + html.EscapeString(r.Text) + "</sup>")
		default:
			b.WriteString(html.EscapeString(r.Text))
		}
	}
	return b.String()
}
