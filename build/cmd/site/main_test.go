package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"html"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"flatland/build/cmdline"
	"flatland/wasm/state"
)

func TestBadFlagsAreUsageErrors(t *testing.T) {
	dist := t.TempDir()
	os.WriteFile(filepath.Join(dist, "index.html"), []byte("x"), 0o644)
	tests := []struct {
		args []string
		want string
	}{
		{nil, "missing command"},
		{[]string{"deploy"}, `unknown command "deploy"`},
		{[]string{"build", "-brotli", "12"}, "-brotli 12 out of range"},
		{[]string{"build", "-brotli", "x"}, "invalid value"},
		{[]string{"build", "-nope"}, "flag provided but not defined: -nope"},
		{[]string{"build", "stray"}, `unexpected argument "stray"`},
		{[]string{"build", "-out", " "}, "-out must not be empty"},
		{[]string{"serve", "-dir", dist, "-addr", "8080"}, `-addr "8080"`},
		{[]string{"serve", "-port", "1"}, "flag provided but not defined"},
	}
	for _, tc := range tests {
		err := run(tc.args, &bytes.Buffer{}, &bytes.Buffer{})
		var ue cmdline.UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%v: err %v, want a usage error", tc.args, err)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: message %q, want one line containing %q", tc.args, err, tc.want)
		}
	}
}

func TestServeErrors(t *testing.T) {
	// No site: a plain error (exit 1) that says what to run.
	err := run([]string{"serve", "-dir", t.TempDir()}, &bytes.Buffer{}, &bytes.Buffer{})
	var ue cmdline.UsageError
	if err == nil || errors.As(err, &ue) || !strings.Contains(err.Error(), "make dist") {
		t.Errorf("serving an empty dir: err %v, want a plain error mentioning make dist", err)
	}

	// A taken port: a plain error naming the address.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	dist := t.TempDir()
	os.WriteFile(filepath.Join(dist, "index.html"), []byte("x"), 0o644)
	err = run([]string{"serve", "-dir", dist, "-addr", ln.Addr().String(), "-quiet"}, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "already in use") || !strings.Contains(err.Error(), ln.Addr().String()) {
		t.Errorf("taken port: err %v, want 'already in use' naming %s", err, ln.Addr())
	}
}

func TestHuman(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{{0, "-"}, {512, "512 B"}, {2048, "2.0 kB"}, {3 << 20, "3.00 MB"}}
	for _, tc := range tests {
		if got := human(tc.n); got != tc.want {
			t.Errorf("human(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestParamTableCoversEverySpec(t *testing.T) {
	page := []byte(FigureRowsMarker + FigureOptionsMarker + "<form>" + BuilderMarker + "</form><h2>URL parameters</h2>\n" + ParamsMarker + "\n<p>after</p>")
	out, err := rewriteEmbed(page)
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
	if _, err := rewriteEmbed([]byte("no marker")); err == nil {
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

func TestDefaultAddrIsLoopback(t *testing.T) {
	host, port, err := net.SplitHostPort(defaultAddr)
	if err != nil || port != "8080" {
		t.Fatalf("defaultAddr %q: port %q err %v", defaultAddr, port, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		t.Errorf("default listen host %q is not a loopback address", host)
	}
}

// The figure pages, the page script's lists and the embed guide's figure table are made from the
// catalog: every figure has them, with its own title, and nothing is left of the markers.
func TestCatalogMakesFigurePages(t *testing.T) {
	pages := figurePages(state.Catalog)
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

	script, err := os.ReadFile(filepath.Join("..", "..", "..", "site", "flatland.js"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := rewriteScript(state.Catalog)(script)
	if err != nil {
		t.Fatal(err)
	}
	names, _ := json.Marshal(state.FigureNames())
	if !strings.Contains(string(out), "var FIGURES = "+string(names)+";") || !strings.Contains(string(out), "// end flatland:figures") {
		t.Errorf("flatland.js figure list not written:\n%s", out[:min(len(out), 2000)])
	}
	if _, err := rewriteScript(state.Catalog)([]byte("no markers")); err == nil {
		t.Error("a script without the markers was accepted")
	}

	embed, err := os.ReadFile(filepath.Join("..", "..", "..", "site", "embed.html"))
	if err != nil {
		t.Fatal(err)
	}
	guide, err := rewriteEmbed(embed)
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
