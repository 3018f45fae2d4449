package sitegen

import (
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"flatland/wasm/state"
)

func TestParamTableCoversEverySpec(t *testing.T) {
	page := []byte(FigureRowsMarker + FigureOptionsMarker + "<form>" + BuilderMarker + "</form><h2>URL parameters</h2>\n" + ParamsMarker + "\n<p>after</p>")
	out, err := RewriteEmbed(page)
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	if strings.Contains(text, ParamsMarker) || !strings.Contains(text, "<p>after</p>") {
		t.Fatalf("marker not replaced in place:\n%s", text)
	}
	for _, s := range state.Specs {
		row := `<tr data-param="` + s.Key + `">`
		i := strings.Index(text, row)
		if i < 0 {
			t.Errorf("no row for parameter %q", s.Key)
			continue
		}
		line := text[i : i+strings.Index(text[i:], "</tr>")]
		if !strings.Contains(line, "<code>"+s.Def+"</code>") {
			t.Errorf("%s: default %q missing from %s", s.Key, s.Def, line)
		}
		for _, c := range s.Choices {
			if !strings.Contains(line, c) {
				t.Errorf("%s: choice %q missing", s.Key, c)
			}
		}
		if s.Kind == state.Float || s.Kind == state.Int {
			lo := strconv.FormatFloat(s.Min, 'f', -1, 64)
			hi := strconv.FormatFloat(s.Max, 'f', -1, 64)
			if !strings.Contains(line, lo) || !strings.Contains(line, hi) {
				t.Errorf("%s: range %s..%s missing from %s", s.Key, lo, hi, line)
			}
		}
	}
	if _, err := RewriteEmbed([]byte("no marker")); err == nil {
		t.Errorf("a page without the marker was accepted")
	}
	// Builder: one field per parameter except the page-level ones, named after the parameter.
	if strings.Contains(text, BuilderMarker) {
		t.Errorf("builder marker not replaced")
	}
	for _, s := range state.Specs {
		field := `name="` + s.Key + `" data-param="` + s.Key + `"`
		if pageOnly[s.Key] == strings.Contains(text, field) {
			t.Errorf("builder field for %q present = %v, want %v", s.Key, strings.Contains(text, field), !pageOnly[s.Key])
		}
	}
}

// The figure pages, the page script's lists and the embed guide's figure table are made from the
// catalog: every figure has them, with its own title, and nothing is left of the markers.
func TestCatalogMakesFigurePages(t *testing.T) {
	pages := figurePages(state.Catalog, testVersion)
	if len(pages) != len(state.Catalog) {
		t.Fatalf("%d pages for %d figures", len(pages), len(state.Catalog))
	}
	for _, f := range state.Catalog {
		gen, ok := pages["figures/"+f.Name+".html"]
		if !ok {
			t.Errorf("no page for %s", f.Name)
			continue
		}
		b, err := gen()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		page := string(b)
		for _, want := range []string{"<title>" + f.PageTitle() + "</title>", `data-figure="` + f.Name + `"`, "Loading " + f.Phrase + "…", "Content-Security-Policy"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s page lacks %q", f.Name, want)
			}
		}
	}

	script, err := os.ReadFile(filepath.Join("..", "..", "site", "flatland.js"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := rewriteScript(state.Catalog, testVersion)(script)
	if err != nil {
		t.Fatal(err)
	}
	names, _ := json.Marshal(state.FigureNames())
	if !strings.Contains(string(out), "var FIGURES = "+string(names)+";") || !strings.Contains(string(out), "// end flatland:figures") {
		t.Errorf("flatland.js figure list not written:\n%s", out[:min(len(out), 2000)])
	}
	if _, err := rewriteScript(state.Catalog, testVersion)([]byte("no markers")); err == nil {
		t.Error("a script without the markers was accepted")
	}

	embed, err := os.ReadFile(filepath.Join("..", "..", "site", "embed.html"))
	if err != nil {
		t.Fatal(err)
	}
	guide, err := RewriteEmbed(embed)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range state.Catalog {
		for _, want := range []string{`<tr id="` + f.Name + `">`, `<option value="` + f.Name + `"`, html.EscapeString(f.Shows)} {
			if !strings.Contains(string(guide), want) {
				t.Errorf("embed guide lacks %q", want)
			}
		}
	}
	if strings.Contains(string(guide), "<!-- flatland:") {
		t.Error("a marker is left in the embed guide")
	}
}

// The builder offers autoplay as a checkbox for the train figure and hide= as one checkbox per
// control, each marked with the figures that read it.
func TestBuilderOffersAutoplayAndHide(t *testing.T) {
	text := renderBuilder(state.Specs)
	for _, want := range []string{
		`<input type="checkbox" name="autoplay" data-param="autoplay" data-default="0" data-figures="train">`,
		`<fieldset class="checks" title="`,
		`name="hide" data-param="hide"><legend>hide</legend>`,
		`<label><input type="checkbox" value="act" data-figures="diagram finitesize entropy landscape train generalization"> act</label>`,
		`<label><input type="checkbox" value="speed" data-figures="train"> speed</label>`,
		`<select name="theme" data-param="theme"><option value="">default (auto)</option><option>auto</option><option>light</option><option>dark</option></select>`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("builder lacks %s", want)
		}
	}
	fieldset := text[strings.Index(text, `<fieldset`):]
	fieldset = fieldset[:strings.Index(fieldset, "</fieldset>")]
	if n, want := strings.Count(fieldset, `type="checkbox"`), len(state.ControlKeys()); n != want {
		t.Errorf("hide offers %d checkboxes, want one per control (%d)", n, want)
	}
}

func TestRewriteIndexGlossary(t *testing.T) {
	page, err := RewriteIndex([]byte("<h2>Words</h2>\n" + GlossaryMarker + "\n<p>after</p>"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(page)
	for _, want := range []string{`<dt id="term-alpha-le">α<sub>LE</sub>: local-entropy threshold</dt>`, `<dt id="term-algo-cpr">CP+R (algo=cpr)</dt>`, "<p>after</p>"} {
		if !strings.Contains(text, want) {
			t.Errorf("the glossary lacks %q", want)
		}
	}
	if _, err := RewriteIndex([]byte("no marker")); err == nil {
		t.Error("a page without the marker was accepted")
	}
	site, err := os.ReadFile(filepath.Join("..", "..", "site", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := RewriteIndex(site); err != nil {
		t.Errorf("site/index.html: %v", err)
	}
}
