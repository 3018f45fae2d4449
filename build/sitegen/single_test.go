package sitegen

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"flatland/build/assemble"
	"flatland/wasm/state"
)

var testVersion = Version{Version: "v9.9-1-gabc-dirty", Commit: "0123456789abcdef0123456789abcdef01234567"}

// The page decodes the module with the escaped codes in site/flatland.js: they must be these.
func TestBase128EscapesMatchPageScript(t *testing.T) {
	script, err := os.ReadFile(filepath.Join("..", "..", "site", "flatland.js"))
	if err != nil {
		t.Fatal(err)
	}
	want := "var BASE128_ESCAPED = [0, 13, 60], BASE128_ESCAPE_START = 0x100;"
	if want != fmt.Sprintf("var BASE128_ESCAPED = [%d, %d, %d], BASE128_ESCAPE_START = %#x;",
		base128Escaped[0], base128Escaped[1], base128Escaped[2], base128EscapeStart) {
		t.Fatalf("the escaped codes changed: update %q here and in site/flatland.js", want)
	}
	if !strings.Contains(string(script), want) {
		t.Errorf("site/flatland.js does not decode with %q", want)
	}
}

func TestBase128RoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 3, 6, 7, 8, 13, 14, 15, 1000, 4097} {
		for _, fill := range []string{"random", "zeros", "escapes"} {
			data := make([]byte, n)
			for i := range data {
				switch fill {
				case "random":
					data[i] = byte(rng.IntN(256))
				}
			}
			if fill == "escapes" { // 7-bit values NUL, CR and < in turn, a trailing one included
				data = sevenBitValues(n, func(k int) byte { return base128Escaped[k%3] })
			}
			text := encodeBase128(data)
			if !utf8.ValidString(text) || strings.ContainsAny(text, "\x00\r<") {
				t.Errorf("n=%d %s: text is not valid UTF-8 or holds NUL, CR or <", n, fill)
			}
			if max := (8*n+6)/7 + 1; utf8.RuneCountInString(text) > max {
				t.Errorf("n=%d %s: %d characters, want at most %d", n, fill, utf8.RuneCountInString(text), max)
			}
			if fill == "random" && n >= 1000 && float64(len(text)) > 1.16*float64(n) {
				t.Errorf("n=%d: %d bytes of text, want about 8/7 of the data", n, len(text))
			}
			if fill == "escapes" && n > 0 && !strings.ContainsFunc(text, func(r rune) bool { return r >= base128EscapeStart }) {
				t.Errorf("n=%d: no escape written", n)
			}
			got, err := decodeBase128(text, n)
			if err != nil || !bytes.Equal(got, data) {
				t.Errorf("n=%d %s: round trip failed (err %v)", n, fill, err)
			}
		}
	}
	for _, bad := range []string{"ab<c", "ab\rc", "\u0300", "\u00e9"} {
		if _, err := decodeBase128(bad, 1); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
	if _, err := decodeBase128("ab", 4); err == nil {
		t.Error("a text shorter than its stated length was accepted")
	}
}

// sevenBitValues returns n bytes whose 7-bit values, most significant first, are value(0), value(1), ...
func sevenBitValues(n int, value func(k int) byte) []byte {
	out := make([]byte, n)
	for bit := 0; bit < 8*n; bit++ {
		if value(bit/7)>>(6-bit%7)&1 == 1 {
			out[bit/8] |= 1 << (7 - bit%8)
		}
	}
	return out
}

func FuzzBase128RoundTrip(f *testing.F) {
	f.Add([]byte("\x00\r<\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := decodeBase128(encodeBase128(data), len(data))
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("round trip of %x failed (err %v)", data, err)
		}
	})
}

// fakeSite writes the files a single file is made from into a temporary assembled site.
func fakeSite(t *testing.T) (dir string, module []byte) {
	t.Helper()
	dir = t.TempDir()
	module = []byte("\x00asm\x01\x00\x00\x00 pretend module")
	packed, err := assemble.Compress(module, "gzip", 9)
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("..", "..", "site", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	files := map[string][]byte{
		assemble.WasmName:         module,
		assemble.WasmName + ".gz": packed,
		assemble.WasmExecName:     []byte("\"use strict\";\nglobalThis.Go = class { run() {} };\n"),
		"style.css":               read("style.css"),
		"favicon.svg":             read("favicon.svg"),
		"lesson.js":               read("lesson.js"),
		"lesson.css":              read("lesson.css"),
	}
	script, err := rewriteScript(state.Catalog, testVersion)(read("flatland.js"))
	if err != nil {
		t.Fatal(err)
	}
	files["flatland.js"] = script
	if files["index.html"], err = rewriteFooter(testVersion)(read("index.html")); err != nil {
		t.Fatal(err)
	}
	for name, gen := range figurePages(state.Catalog, testVersion) {
		if files[name], err = gen(); err != nil {
			t.Fatal(err)
		}
	}
	for name, b := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, module
}

var (
	inlineScript = regexp.MustCompile(`(?s)<script( [^>]*)?>(.*?)</script>`)
	inlineStyle  = regexp.MustCompile(`(?s)<style[^>]*>(.*?)</style>`)
	cspContent   = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)
)

func sha(text string) string {
	sum := sha256.Sum256([]byte(text))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// Each single file holds the module (which decodes and decompresses to the site's module), runs only
// scripts and styles that its policy allows by hash (no 'unsafe-inline', no network), and loads
// nothing by address.
func TestSingleFilesAreSelfContained(t *testing.T) {
	dir, module := fakeSite(t)
	files, err := WriteSingleFiles(dir, state.Catalog)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(state.Catalog)+1 {
		t.Fatalf("%d single files for %d figures and the explorer", len(files), len(state.Catalog))
	}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		page := string(b)
		if int64(len(b)) != f.Size {
			t.Errorf("%s: reported %d bytes, wrote %d", f.Name, f.Size, len(b))
		}
		m := cspContent.FindStringSubmatch(page)
		if m == nil || len(cspContent.FindAllString(page, -1)) != 1 {
			t.Fatalf("%s: want one policy", f.Name)
		}
		csp := m[1]
		for _, bad := range []string{"'unsafe-inline'", "'unsafe-eval'", "'self' 'wasm", "http"} {
			if strings.Contains(csp, bad) {
				t.Errorf("%s: policy contains %s: %s", f.Name, bad, csp)
			}
		}
		for _, want := range []string{"default-src 'none'", "connect-src 'none'", "'wasm-unsafe-eval'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: policy lacks %s: %s", f.Name, want, csp)
			}
		}
		executed := 0
		var moduleText, length string
		for _, s := range inlineScript.FindAllStringSubmatch(page, -1) {
			if strings.Contains(s[1], `type="text/plain"`) {
				moduleText = s[2]
				length = regexp.MustCompile(`data-length="(\d+)"`).FindStringSubmatch(s[1])[1]
				continue
			}
			executed++
			if !strings.Contains(csp, sha(s[2])) {
				t.Errorf("%s: the policy does not allow the inline script %.60q", f.Name, s[2])
			}
		}
		wantScripts := 1
		if f.Name == ExplorerFile {
			wantScripts = 2
		}
		if executed != wantScripts {
			t.Errorf("%s: %d inline scripts, want %d", f.Name, executed, wantScripts)
		}
		for _, s := range inlineStyle.FindAllStringSubmatch(page, -1) {
			if !strings.Contains(csp, sha(s[1])) {
				t.Errorf("%s: the policy does not allow the stylesheet", f.Name)
			}
		}
		n, _ := strconv.Atoi(length)
		packed, err := decodeBase128(moduleText, n)
		if err != nil {
			t.Fatalf("%s: module text: %v", f.Name, err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(packed))
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		got, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(got, module) {
			t.Errorf("%s: the embedded module does not unpack to flatland.wasm (err %v)", f.Name, err)
		}
		for _, ref := range assemble.LocalRefs(inlineTexts.ReplaceAllString(page, "")) {
			if ref != "" && !strings.HasSuffix(ref, ".html") {
				t.Errorf("%s still loads %s", f.Name, ref)
			}
		}
		if strings.Contains(page, `href="figures/`) || strings.Contains(page, `rel="preload"`) {
			t.Errorf("%s links to the site's separate figure pages or preloads the module", f.Name)
		}
		if !strings.Contains(page, testVersion.Version) {
			t.Errorf("%s does not carry the version", f.Name)
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, ExplorerFile))
	if !strings.Contains(string(b), `href="?figure=diagram"`) || !strings.Contains(string(b), `data-mode="explorer"`) {
		t.Error("flatland.html: figure links do not open the figure in the same file, or the runtime lost its mode")
	}
	b, _ = os.ReadFile(filepath.Join(dir, SingleFigureFile("train")))
	if !strings.Contains(string(b), `<script id="flatland-runtime" data-figure="train">`) {
		t.Error("flatland-train.html: the runtime script does not say which figure it runs")
	}

	if _, err := WriteSingleFiles(dir, state.Catalog); err == nil {
		t.Error("writing the single files twice did not refuse to overwrite them")
	}
}

func TestInlinePageRefusesUnknownPages(t *testing.T) {
	p := singleParts{runtime: "x", css: "y", lesson: "z", favicon: "data:,"}
	for name, page := range map[string]string{
		"no policy":       `<link rel="icon" href="favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="style.css"><script src="flatland.js"></script>`,
		"two scripts":     `<meta http-equiv="Content-Security-Policy" content="x"><link rel="icon" href="favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="style.css"><script src="flatland.js"></script><script src="flatland.js"></script>`,
		"another script":  `<meta http-equiv="Content-Security-Policy" content="x"><link rel="icon" href="favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="style.css"><script src="flatland.js"></script><img src="plot.png">`,
		"no stylesheet":   `<meta http-equiv="Content-Security-Policy" content="x"><link rel="icon" href="favicon.svg" type="image/svg+xml"><script src="flatland.js"></script>`,
		"no page script?": `<meta http-equiv="Content-Security-Policy" content="x"><link rel="icon" href="favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="style.css">`,
	} {
		if _, err := inlinePage(page, p, false, ""); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestVersionOnPages(t *testing.T) {
	for _, tc := range []struct{ page, want string }{
		{"<body><footer><p>x</p></footer></body>", "<footer><p>x</p>" + testVersion.versionLine() + "\n</footer>"},
		{"<body><p>x</p></body>", "<p>x</p>" + testVersion.versionLine() + "\n</body>"},
	} {
		out, err := rewriteFooter(testVersion)([]byte(tc.page))
		if err != nil || !strings.Contains(string(out), tc.want) {
			t.Errorf("%q -> %q (err %v), want it to contain %q", tc.page, out, err, tc.want)
		}
	}
	if _, err := rewriteFooter(testVersion)([]byte("<p>no body</p>")); err == nil {
		t.Error("a page with nowhere to show the version was accepted")
	}
	if got := testVersion.Text(); got != "Flatland v9.9-1-gabc-dirty · commit 0123456789ab" {
		t.Errorf("Text() = %q", got)
	}
	if got := (Version{Version: "v1/2 3"}).FileSafe(); got != "v1-2-3" {
		t.Errorf("FileSafe() = %q", got)
	}
	script, _ := os.ReadFile(filepath.Join("..", "..", "site", "flatland.js"))
	out, err := rewriteScript(state.Catalog, testVersion)(script)
	if err != nil || !strings.Contains(string(out), `var BUILD = {"commit":"`+testVersion.Commit+`","version":"`+testVersion.Version+`"};`) {
		t.Errorf("flatland.js does not carry the version (err %v)", err)
	}
	if v := GitVersion(t.TempDir()); v.Version != unknownVersion || v.Commit != unknownVersion {
		t.Errorf("outside a repository GitVersion = %+v, want %q", v, unknownVersion)
	}
}

func TestTeachersGuide(t *testing.T) {
	md := string(TeachersMarkdown(testVersion))
	page, err := TeachersHTML(testVersion)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"flatland.html", "python3 -m http.server", "make serve", testVersion.Text()} {
		if !strings.Contains(md, want) {
			t.Errorf("TEACHERS.md lacks %q", want)
		}
		if !strings.Contains(string(page), want) {
			t.Errorf("teachers.html lacks %q", want)
		}
	}
	if strings.Contains(md, "{{") {
		t.Error("a placeholder is left in the guide")
	}
	got := renderMarkdown("# T\n\nSome `code` here\nand http://localhost:8000/.\n\n1. one\n   more\n2. two\n- a <b>\n")
	want := "<h1>T</h1>\n<p>Some <code>code</code> here and <a href=\"http://localhost:8000/\">http://localhost:8000/</a>.</p>\n" +
		"<ol>\n<li>one more</li>\n<li>two</li>\n</ol>\n<ul>\n<li>a &lt;b&gt;</li>\n</ul>\n"
	if got != want {
		t.Errorf("renderMarkdown:\n%s\nwant\n%s", got, want)
	}
}

// stripJS drops whole-line comments and indentation only, and leaves a script whose strings may span
// lines alone.
func TestStripJS(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"line comments and indentation", "// head\n  var a = 1; // keep\n\n  return a;", "var a = 1; // keep\nreturn a;"},
		{"block comment", "/*\n * doc\n */\nvar a;\n  /* one line */ f();", "var a;\nf();"},
		{"slashes in strings stay", "var u = \"http://x\";\n  var r = /a\\/\\//;", "var u = \"http://x\";\nvar r = /a\\/\\//;"},
		{"template literal: unchanged", "var a = `\n  // not a comment\n`;", "var a = `\n  // not a comment\n`;"},
		{"one-line template literal", "  // c\n  f(`${a}=${b}`);", "f(`${a}=${b}`);"},
		{"line continuation: unchanged", "var a = \"x\\\n  // y\";", "var a = \"x\\\n  // y\";"},
		{"multiplication line kept", "var a = b\n  * c;", "var a = b\n* c;"},
	} {
		if got := stripJS(c.in); got != c.want {
			t.Errorf("%s: stripJS(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
	glue := "// Copyright notice.\n// License.\n\n\"use strict\";\n\n(() => {\n\t// setup\n\tf();\n})();"
	if got, want := stripJSKeepHeader(glue), "// Copyright notice.\n// License.\n\n\"use strict\";\n(() => {\nf();\n})();"; got != want {
		t.Errorf("stripJSKeepHeader = %q, want %q", got, want)
	}
}

// minifyCSS drops comments and the whitespace CSS does not need, and keeps what it does: strings,
// the space of a descendant selector before ":", the spaces of calc() and of media queries.
func TestMinifyCSS(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"rule", "/* head */\n.a  .b {\n  color: red;\n  margin: 0 auto;\n}\n", ".a .b{color:red;margin:0 auto;}"},
		{"descendant pseudo-class keeps its space", "a :hover { x: 1 }", "a :hover{x:1}"},
		{"strings unchanged", `p::before { content: "a  /* b */ ;  c"; quotes: '\'' ' '; }`, `p::before{content:"a  /* b */ ;  c";quotes:'\'' ' ';}`},
		{"calc and lists", "w { width: calc(100% - 2 * 1em); font: 17px/1.6 a, \"b c\" , d; }", "w{width:calc(100% - 2 * 1em);font:17px/1.6 a,\"b c\",d;}"},
		{"media query", "@media (max-width: 600px) and (prefers-color-scheme: dark) {\n  .a { b: c; }\n}", "@media (max-width:600px) and (prefers-color-scheme:dark){.a{b:c;}}"},
		{"comment between tokens", "a/* x */b{c:/* y */d}", "a b{c:d}"},
		{"custom property", ":root {\n  --sans: system-ui, \"Segoe UI\";\n  color-scheme: light dark; /* why */\n}", ":root{--sans:system-ui,\"Segoe UI\";color-scheme:light dark;}"},
		{"unclosed comment", "a{b:c}/* open", "a{b:c}"},
		{"unclosed string", "a{content:\"x", "a{content:\"x"},
	} {
		if got := minifyCSS(c.in); got != c.want {
			t.Errorf("%s: minifyCSS(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
	// The site's stylesheets: smaller, and minifying again changes nothing.
	for _, name := range []string{"style.css", "lesson.css"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "site", name))
		if err != nil {
			t.Fatal(err)
		}
		once := minifyCSS(string(b))
		if again := minifyCSS(once); again != once {
			t.Errorf("%s: minifyCSS is not idempotent", name)
		}
		if len(once) > len(b)*9/10 {
			t.Errorf("%s: minified to %d of %d bytes, want at least 10%% less", name, len(once), len(b))
		}
		t.Logf("%s: %d -> %d bytes", name, len(b), len(once))
	}
}
