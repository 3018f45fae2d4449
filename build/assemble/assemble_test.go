package assemble

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// fakeModule writes a tiny Go module with a ./wasm main package and a site/ tree, so Assemble runs
// end to end (a real go build for GOOS=js) without depending on the real front end.
func fakeModule(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"go.mod":           "module fake\n\ngo 1.24\n",
		"wasm/main.go":     "package main\n\nfunc main() { println(\"hello from wasm\") }\n",
		"site/index.html":  `<!doctype html><link rel="stylesheet" href="style.css"><script src="flatland.js"></script>` + strings.Repeat("<p>narrative</p>", 200),
		"site/embed.html":  "<!doctype html><title>embed</title>",
		"site/style.css":   "body{background:url(img/bg.svg)}" + strings.Repeat(".a{color:red}", 100),
		"site/img/bg.svg":  "<svg xmlns='http://www.w3.org/2000/svg'/>",
		"site/flatland.js": strings.Repeat("console.log('loader');\n", 100),
		"site/figures/diagram.html": `<!doctype html><link rel="stylesheet" href="../style.css">` +
			`<script src="../flatland.js" data-figure="diagram"></script><a href="../embed.html">embed</a>`,
		"site/.DS_Store":        "junk",
		"site/notes.txt~":       "editor backup",
		"site/tiny.txt":         "x",
		"site/.git/config":      "not part of the site",
		"site/figures/logo.png": "\x89PNG not compressible",
	}
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestAssemble(t *testing.T) {
	root := fakeModule(t)
	out := filepath.Join(root, "dist")
	cache := t.TempDir()
	var log bytes.Buffer
	generated := []byte("<!doctype html><title>made from a template</title>" + strings.Repeat(" padding", 100))
	rep, err := Assemble(Options{Root: root, Out: out, Brotli: 5, CacheDir: cache, Log: &log,
		Generate: map[string]func() ([]byte, error){"figures/made.html": func() ([]byte, error) { return generated, nil }}})
	if err != nil {
		t.Fatalf("Assemble: %v\nlog:\n%s", err, log.String())
	}
	if got, err := os.ReadFile(filepath.Join(out, "figures", "made.html")); err != nil || !bytes.Equal(got, generated) {
		t.Errorf("generated figures/made.html not written (err %v)", err)
	}
	if f, ok := rep.Lookup("figures/made.html"); !ok || f.Gzip == 0 {
		t.Errorf("generated file missing from the report or not compressed: %+v", f)
	}

	wasm, err := os.ReadFile(filepath.Join(out, WasmName))
	if err != nil || !bytes.HasPrefix(wasm, []byte("\x00asm")) {
		t.Fatalf("flatland.wasm missing or not a wasm module (err %v)", err)
	}
	goroot, err := goEnv(Options{Go: GoCommand(), Root: root}, "GOROOT")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(filepath.Join(goroot, "lib", "wasm", WasmExecName))
	got, _ := os.ReadFile(filepath.Join(out, WasmExecName))
	if len(want) == 0 || !bytes.Equal(got, want) {
		t.Errorf("wasm_exec.js is not the GOROOT copy (%d vs %d bytes)", len(got), len(want))
	}
	if !strings.HasPrefix(rep.GoVersion, "go1.") {
		t.Errorf("GoVersion %q", rep.GoVersion)
	}

	for _, name := range []string{"index.html", "embed.html", "style.css", "img/bg.svg", "flatland.js", "figures/diagram.html", "figures/logo.png", "tiny.txt"} {
		src, _ := os.ReadFile(filepath.Join(root, "site", filepath.FromSlash(name)))
		dst, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil || !bytes.Equal(src, dst) {
			t.Errorf("%s not copied verbatim (err %v)", name, err)
		}
	}
	for _, name := range []string{".DS_Store", "notes.txt~", ".git/config", ".git"} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(name))); err == nil {
			t.Errorf("%s was copied; dot files and backups must be skipped", name)
		}
	}

	// Every compressible file got variants that decompress to the original; others got none.
	for _, f := range rep.Files {
		orig, _ := os.ReadFile(filepath.Join(out, filepath.FromSlash(f.Name)))
		gz, gzErr := os.ReadFile(filepath.Join(out, filepath.FromSlash(f.Name)) + ".gz")
		br, brErr := os.ReadFile(filepath.Join(out, filepath.FromSlash(f.Name)) + ".br")
		switch {
		case f.Name == "tiny.txt" || f.Name == "figures/logo.png":
			if gzErr == nil || brErr == nil || f.Gzip != 0 || f.Brotli != 0 {
				t.Errorf("%s: got a variant; want none (too small or not compressible)", f.Name)
			}
			continue
		case (gzErr == nil) != (f.Gzip > 0) || (brErr == nil) != (f.Brotli > 0):
			t.Errorf("%s: report says gz %d br %d bytes, files: gz err %v, br err %v", f.Name, f.Gzip, f.Brotli, gzErr, brErr)
			continue
		case f.Gzip == 0 || f.Brotli == 0:
			if len(orig) > 2000 {
				t.Errorf("%s: %d bytes of text left uncompressed", f.Name, len(orig))
			}
			continue
		}
		if int64(len(gz)) != f.Gzip || int64(len(br)) != f.Brotli {
			t.Errorf("%s: report sizes %d/%d, files %d/%d", f.Name, f.Gzip, f.Brotli, len(gz), len(br))
		}
		if len(gz) >= len(orig) || len(br) >= len(orig) {
			t.Errorf("%s: variants not smaller (%d raw, %d gz, %d br)", f.Name, len(orig), len(gz), len(br))
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatalf("%s.gz: %v", f.Name, err)
		}
		plain, err := io.ReadAll(zr) // err includes the gzip checksum
		if err != nil || !bytes.Equal(plain, orig) {
			t.Errorf("%s.gz does not decompress to the original (err %v)", f.Name, err)
		}
		plain, err = io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
		if err != nil || !bytes.Equal(plain, orig) {
			t.Errorf("%s.br does not decompress to the original (err %v)", f.Name, err)
		}
	}
	if _, ok := rep.Lookup(WasmName); !ok {
		t.Errorf("report lacks %s", WasmName)
	}

	files, err := FigureFiles(out, "figures/diagram.html")
	if err != nil {
		t.Fatal(err)
	}
	wantFiles := []string{"figures/diagram.html", "style.css", "img/bg.svg", "flatland.js", WasmExecName, WasmName}
	slices.Sort(files)
	slices.Sort(wantFiles)
	if !slices.Equal(files, wantFiles) {
		t.Errorf("FigureFiles = %v, want %v", files, wantFiles)
	}

	// The module is cached by content: a second build reuses the compressed bytes.
	cached, _ := filepath.Glob(filepath.Join(cache, "*"))
	if len(cached) == 0 {
		t.Errorf("nothing cached in %s", cache)
	}

	// A rebuild empties the old output (stale files must not survive) but keeps the directory.
	stale := filepath.Join(out, "stale.html")
	os.WriteFile(stale, []byte("old"), 0o644)
	if _, err := Assemble(Options{Root: root, Out: out, Brotli: -1, CacheDir: cache}); err != nil {
		t.Fatalf("second Assemble: %v", err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Errorf("stale file survived a rebuild")
	}
	if _, err := os.Stat(filepath.Join(out, WasmName+".br")); err == nil {
		t.Errorf("Brotli -1 still wrote .br files")
	}
}

// A generated file may not replace a site file, nor leave the output directory.
func TestAssembleGenerateRefusesCollisions(t *testing.T) {
	root := fakeModule(t)
	page := func() ([]byte, error) { return []byte("x"), nil }
	for _, name := range []string{"figures/diagram.html", "../escape.html"} {
		_, err := Assemble(Options{Root: root, Out: filepath.Join(root, "dist"), Brotli: -1,
			Generate: map[string]func() ([]byte, error){name: page}})
		if err == nil || !strings.Contains(err.Error(), "generate "+name) {
			t.Errorf("generate %s: err %v, want a refusal naming it", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "escape.html")); err == nil {
		t.Error("a generated file was written outside the output")
	}
}

func TestAssembleRefusesForeignDirectory(t *testing.T) {
	root := fakeModule(t)
	out := filepath.Join(root, "important")
	os.MkdirAll(out, 0o755)
	keep := filepath.Join(out, "thesis.tex")
	os.WriteFile(keep, []byte("years of work"), 0o644)
	_, err := Assemble(Options{Root: root, Out: out, Brotli: -1})
	if err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Fatalf("Assemble into a foreign non-empty dir: err %v, want a refusal", err)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Fatalf("the foreign file was deleted")
	}
	for _, bad := range []string{root, filepath.Join(root, "site")} {
		if _, err := Assemble(Options{Root: root, Out: bad, Brotli: -1}); err == nil {
			t.Errorf("Assemble into source dir %s succeeded", bad)
		}
	}
}

func TestAssembleReportsBuildErrors(t *testing.T) {
	root := fakeModule(t)
	os.WriteFile(filepath.Join(root, "wasm", "main.go"), []byte("package main\n\nfunc main() { undefinedThing() }\n"), 0o644)
	_, err := Assemble(Options{Root: root, Out: filepath.Join(root, "dist"), Brotli: -1})
	if err == nil || !strings.Contains(err.Error(), "undefinedThing") {
		t.Fatalf("err = %v, want the compiler's message naming undefinedThing", err)
	}
}

func TestCompressRoundTrip(t *testing.T) {
	data := bytes.Repeat([]byte("flat minima generalize better. "), 1000)
	tests := []struct {
		codec string
		level int
	}{{"gzip", gzip.BestCompression}, {"gzip", 1}, {"gzip", GzipToolLevel}, {"br", 11}, {"br", 0}}
	for _, tc := range tests {
		if tc.level == GzipToolLevel && BestGzipLevel() != GzipToolLevel {
			t.Logf("skipping gzip level %d: %s is not installed (make installs it)", tc.level, GzipTool)
			continue
		}
		packed, err := Compress(data, tc.codec, tc.level)
		if err != nil {
			t.Fatalf("%s/%d: %v", tc.codec, tc.level, err)
		}
		var r io.Reader = brotli.NewReader(bytes.NewReader(packed))
		if tc.codec == "gzip" {
			if r, err = gzip.NewReader(bytes.NewReader(packed)); err != nil {
				t.Fatalf("%s/%d: %v", tc.codec, tc.level, err)
			}
		}
		plain, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(plain, data) {
			t.Errorf("%s/%d: round trip differs (err %v)", tc.codec, tc.level, err)
		}
		if len(packed) > len(data)/10 {
			t.Errorf("%s/%d: %d bytes from %d: repetitive text should shrink over 10x", tc.codec, tc.level, len(packed), len(data))
		}
	}
	if _, err := Compress(data, "zstd", 1); err == nil {
		t.Errorf("unknown codec accepted")
	}
}

// The single files' room comes from GzipTool: on machine code (this test binary) it must stay well
// ahead of compress/gzip's best.
func TestGzipToolBeatsCompressGzip(t *testing.T) {
	if BestGzipLevel() != GzipToolLevel {
		t.Skipf("%s is not installed (make installs it)", GzipTool)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	code, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	code = code[:min(len(code), 2<<20)]
	std, err := Compress(code, "gzip", gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	best, err := Compress(code, "gzip", GzipToolLevel)
	if err != nil {
		t.Fatal(err)
	}
	const minGain = 0.02 // measured: 4.8% on the module
	t.Logf("%d bytes of machine code: compress/gzip -9 %d, %s -%d %d", len(code), len(std), GzipTool, GzipToolLevel, len(best))
	if float64(len(best)) > (1-minGain)*float64(len(std)) {
		t.Errorf("%s -%d wrote %d bytes, not %.0f%% under compress/gzip's %d", GzipTool, GzipToolLevel, len(best), 100*minGain, len(std))
	}
}

// A missing or broken GzipTool gives an error naming it, never a bad .gz file.
func TestGzipToolFailures(t *testing.T) {
	defer func(tool string) { GzipTool = tool }(GzipTool)
	dir := t.TempDir()
	script := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("#!/bin/sh\ncat >/dev/null\n"+body+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	data := []byte(strings.Repeat("flat minima ", 100))
	other, err := Compress([]byte("sharp minima"), "gzip", gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	otherFile := filepath.Join(dir, "other.gz")
	if err := os.WriteFile(otherFile, other, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, tool, want string
	}{
		{"missing", filepath.Join(dir, "no-such-gzip"), "no-such-gzip"},
		{"fails", script("fails", "echo broken >&2; exit 3"), "broken"},
		{"not gzip", script("garbage", "printf 'not gzip at all'"), "bad gzip stream"},
		{"other bytes", script("other", "cat "+otherFile), "other bytes"},
	}
	for _, tc := range tests {
		GzipTool = tc.tool
		packed, err := Compress(data, "gzip", GzipToolLevel)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Compress = %d bytes, err %v; want an error containing %q", tc.name, len(packed), err, tc.want)
		}
	}
	GzipTool = filepath.Join(dir, "no-such-gzip")
	if got := BestGzipLevel(); got != gzip.BestCompression {
		t.Errorf("BestGzipLevel without %s = %d, want compress/gzip's %d", GzipTool, got, gzip.BestCompression)
	}
	if !strings.Contains(GzipNote(), "not installed") {
		t.Errorf("GzipNote() = %q does not say the tool is missing", GzipNote())
	}
}

func TestLocalRefs(t *testing.T) {
	doc := `<link href="style.css"><script src="../flatland.js?v=2"></script><a href="#top">
<a href="https://example.org/x.js"><img src="data:,"><a href="/abs.css">` + "<style>b{background:url('img/a.svg')}</style>"
	got := localRefs(doc)
	want := []string{"../flatland.js", "style.css", "img/a.svg"}
	if !slices.Equal(got, want) {
		t.Errorf("localRefs = %v, want %v", got, want)
	}
}

func TestPruneCache(t *testing.T) {
	dir := t.TempDir()
	base := time.Now().Add(-time.Hour)
	for i := 0; i < 5; i++ {
		p := filepath.Join(dir, fmt.Sprintf("entry%d", i))
		os.WriteFile(p, []byte("x"), 0o644)
		ts := base.Add(time.Duration(i) * time.Minute)
		os.Chtimes(p, ts, ts)
	}
	pruneCache(dir, 2)
	left, _ := filepath.Glob(filepath.Join(dir, "*"))
	slices.Sort(left)
	want := []string{filepath.Join(dir, "entry3"), filepath.Join(dir, "entry4")}
	if !slices.Equal(left, want) {
		t.Errorf("after pruning to 2: %v, want the two newest %v", left, want)
	}
}
