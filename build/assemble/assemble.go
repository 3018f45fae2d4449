package assemble

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
)

// Marker is the file that marks a directory as made by Assemble. Assemble empties an existing
// output directory only when it carries this marker (or is empty), so a mistyped -out can never
// wipe a source tree.
const Marker = ".flatland-dist"

// WasmName and WasmExecName are the names of the module and its JavaScript glue in the output.
// WorkerWasmName is the worker pool's module (site/workers.js loads it).
const (
	WasmName       = "flatland.wasm"
	WasmExecName   = "wasm_exec.js"
	WorkerWasmName = "flatland-worker.wasm"
)

// Options configure Assemble.
type Options struct {
	Root    string // module root (holds go.mod); the wasm package and site dir are relative to it
	SiteDir string // static pages, default Root/site
	WasmPkg string // package to build, default ./wasm
	// WorkerPkg is the Web Workers' sim-only module, built like WasmPkg into WorkerWasmName;
	// default ./wasm/worker when that directory exists, none otherwise.
	WorkerPkg string
	Out       string    // output directory, e.g. Root/dist
	Go        string    // go command; default: the Go that built this tool (see GoCommand)
	Brotli    int       // brotli quality 0..11; negative disables .br files
	CacheDir  string    // cache of compressed outputs keyed by content hash; "" disables caching
	Log       io.Writer // progress messages; nil discards them

	// Rewrite maps a site file name (slash-separated, relative to SiteDir) to a function applied to
	// its content after copying, e.g. to render generated documentation into a page.
	Rewrite map[string]func([]byte) ([]byte, error)

	// Generate maps a file name (slash-separated, relative to Out) that is not in SiteDir to a
	// function returning its content, e.g. one page per figure made from a template.
	Generate map[string]func() ([]byte, error)

	// After runs once the site is written and compressed, to derive files from the finished site
	// (e.g. pages with everything inlined); the files it returns are added to the report. They get
	// no compressed variants.
	After func(out string) ([]File, error)
}

// File is one file of the assembled site with its compressed sizes (0 when no variant was written).
type File struct {
	Name   string // slash-separated, relative to Out
	Size   int64
	Gzip   int64
	Brotli int64
}

// Report lists every file of the assembled site, sorted by name.
type Report struct {
	Files     []File
	GoVersion string // output of `go env GOVERSION` of the Go that built the module
}

// Lookup returns the entry for a name.
func (r *Report) Lookup(name string) (File, bool) {
	for _, f := range r.Files {
		if f.Name == name {
			return f, true
		}
	}
	return File{}, false
}

// GoCommand returns the go command of the toolchain running this program: $GOROOT/bin/go, else
// the GOROOT this binary was built with, else "go" from PATH. `go run ./build/cmd/site` thus builds
// the module with the same Go that runs the tool.
func GoCommand() string {
	exe := "go"
	if runtime.GOOS == "windows" {
		exe = "go.exe"
	}
	for _, root := range []string{os.Getenv("GOROOT"), runtime.GOROOT()} {
		if root == "" {
			continue
		}
		p := filepath.Join(root, "bin", exe)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	return "go"
}

func (o *Options) defaults() {
	if o.Root == "" {
		o.Root = "."
	}
	if o.SiteDir == "" {
		o.SiteDir = filepath.Join(o.Root, "site")
	}
	if o.WasmPkg == "" {
		o.WasmPkg = "./wasm"
	}
	if o.WorkerPkg == "" {
		if fi, err := os.Stat(filepath.Join(o.Root, "wasm", "worker")); err == nil && fi.IsDir() {
			o.WorkerPkg = "./wasm/worker"
		}
	}
	if o.Go == "" {
		o.Go = GoCommand()
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
}

// Assemble builds the site into o.Out and returns what it wrote.
func Assemble(o Options) (*Report, error) {
	o.defaults()
	if o.Out == "" {
		return nil, errors.New("no output directory given")
	}
	if _, err := os.Stat(filepath.Join(o.SiteDir, "index.html")); err != nil {
		return nil, fmt.Errorf("site directory %s has no index.html: %w", o.SiteDir, err)
	}
	if err := prepareOut(o.Out, o.SiteDir, o.Root); err != nil {
		return nil, err
	}
	rep := &Report{}

	fmt.Fprintf(o.Log, "building %s with %s (GOOS=js GOARCH=wasm)\n", o.WasmPkg, o.Go)
	if err := buildWasm(o, o.WasmPkg, WasmName); err != nil {
		return nil, err
	}
	if o.WorkerPkg != "" {
		fmt.Fprintf(o.Log, "building %s with %s (GOOS=js GOARCH=wasm)\n", o.WorkerPkg, o.Go)
		if err := buildWasm(o, o.WorkerPkg, WorkerWasmName); err != nil {
			return nil, err
		}
	}
	goroot, err := goEnv(o, "GOROOT")
	if err != nil {
		return nil, err
	}
	rep.GoVersion, _ = goEnv(o, "GOVERSION")
	if err := copyWasmExec(goroot, o.Out); err != nil {
		return nil, err
	}
	if err := copyTree(o.SiteDir, o.Out); err != nil {
		return nil, err
	}
	if err := generate(o); err != nil {
		return nil, err
	}
	for name, fn := range o.Rewrite {
		p := filepath.Join(o.Out, filepath.FromSlash(name))
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("rewrite %s: %w", name, err)
		}
		if b, err = fn(b); err != nil {
			return nil, fmt.Errorf("rewrite %s: %w", name, err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return nil, err
		}
	}
	files, err := listFiles(o.Out)
	if err != nil {
		return nil, err
	}
	brotliNote := fmt.Sprintf("brotli q%d", o.Brotli)
	if o.Brotli < 0 {
		brotliNote = "no brotli"
	}
	fmt.Fprintf(o.Log, "compressing %d files (%s, %s)\n", len(files), GzipNote(), brotliNote)
	rep.Files, err = compressAll(o, files)
	if err != nil {
		return nil, err
	}
	if o.CacheDir != "" {
		pruneCache(o.CacheDir, CacheKeep)
	}
	if o.After != nil {
		more, err := o.After(o.Out)
		if err != nil {
			return nil, err
		}
		rep.Files = append(rep.Files, more...)
		sort.Slice(rep.Files, func(i, j int) bool { return rep.Files[i].Name < rep.Files[j].Name })
	}
	return rep, nil
}

// CacheKeep is how many compressed files the cache keeps (the most recently used); each module
// version costs two entries (gzip and brotli).
const CacheKeep = 16

// pruneCache deletes all but the keep most recently used files of the cache directory.
func pruneCache(dir string, keep int) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type aged struct {
		name string
		mod  int64
	}
	var files []aged
	for _, e := range entries {
		if fi, err := e.Info(); err == nil && fi.Mode().IsRegular() {
			files = append(files, aged{e.Name(), fi.ModTime().UnixNano()})
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].mod > files[j].mod })
	for i := keep; i < len(files); i++ {
		os.Remove(filepath.Join(dir, files[i].name))
	}
}

// prepareOut creates out, or empties it when it is a directory made by an earlier run. The directory
// itself is kept so that a server holding it keeps working.
func prepareOut(out, siteDir, root string) error {
	absOut, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	for _, forbidden := range []string{siteDir, root} {
		if abs, err := filepath.Abs(forbidden); err == nil && abs == absOut {
			return fmt.Errorf("refusing to write the site into %s (a source directory)", out)
		}
	}
	entries, err := os.ReadDir(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(out, 0o755); err != nil {
			return err
		}
	case err != nil:
		return err
	case len(entries) > 0:
		if _, err := os.Stat(filepath.Join(out, Marker)); err != nil {
			return fmt.Errorf("refusing to empty %s: it is not empty and has no %s marker (not made by this tool)", out, Marker)
		}
		for _, e := range entries {
			if err := os.RemoveAll(filepath.Join(out, e.Name())); err != nil {
				return err
			}
		}
	}
	return os.WriteFile(filepath.Join(out, Marker), []byte("made by go run ./build/cmd/site build; emptied on every build\n"), 0o644)
}

func buildWasm(o Options, pkg, name string) error {
	absOut, err := filepath.Abs(filepath.Join(o.Out, name))
	if err != nil {
		return err
	}
	cmd := exec.Command(o.Go, "build", "-trimpath", "-ldflags=-s -w", "-o", absOut, pkg)
	cmd.Dir = o.Root
	cmd.Env = append(withoutVars(os.Environ(), "GOOS", "GOARCH"), "GOOS=js", "GOARCH=wasm")
	var stderr bytes.Buffer
	cmd.Stdout = o.Log
	cmd.Stderr = io.MultiWriter(o.Log, &stderr)
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return fmt.Errorf("building %s for GOOS=js GOARCH=wasm failed:\n%s", pkg, msg)
	}
	return nil
}

func goEnv(o Options, name string) (string, error) {
	cmd := exec.Command(o.Go, "env", name)
	cmd.Dir = o.Root
	b, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s env %s: %w", o.Go, name, err)
	}
	return strings.TrimSpace(string(b)), nil
}

func withoutVars(env []string, names ...string) []string {
	out := env[:0:0]
	for _, kv := range env {
		keep := true
		for _, n := range names {
			if strings.HasPrefix(kv, n+"=") {
				keep = false
			}
		}
		if keep {
			out = append(out, kv)
		}
	}
	return out
}

// copyWasmExec copies wasm_exec.js of the Go installation at goroot (lib/wasm since Go 1.24,
// misc/wasm before).
func copyWasmExec(goroot, out string) error {
	for _, dir := range []string{"lib/wasm", "misc/wasm"} {
		src := filepath.Join(goroot, filepath.FromSlash(dir), WasmExecName)
		if _, err := os.Stat(src); err == nil {
			return copyFile(src, filepath.Join(out, WasmExecName))
		}
	}
	return fmt.Errorf("no %s under %s/lib/wasm", WasmExecName, goroot)
}

// skipSource reports files of the site tree that are not part of the site: dot files and editor
// leftovers.
func skipSource(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp")
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if rel == "." {
			return nil
		}
		if skipSource(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s: only regular files belong in the site (found %s)", p, d.Type())
		}
		if _, err := os.Stat(target); err == nil {
			return fmt.Errorf("%s would overwrite the generated %s", p, target)
		}
		return copyFile(p, target)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func listFiles(dir string) ([]string, error) {
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || d.Name() == Marker {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		names = append(names, filepath.ToSlash(rel))
		return nil
	})
	sort.Strings(names)
	return names, err
}

// Compressible reports whether a file gets precompressed variants.
func Compressible(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".js", ".mjs", ".css", ".wasm", ".json", ".svg", ".txt", ".md", ".xml", ".bin":
		return true
	}
	return false
}

type job struct {
	index int
	name  string
	codec string // "gzip" or "br"
}

// compressAll writes name.gz and name.br next to every compressible file (only when smaller than
// the original), using all CPUs.
func compressAll(o Options, names []string) ([]File, error) {
	files := make([]File, len(names))
	var jobs []job
	for i, n := range names {
		fi, err := os.Stat(filepath.Join(o.Out, filepath.FromSlash(n)))
		if err != nil {
			return nil, err
		}
		files[i] = File{Name: n, Size: fi.Size()}
		if !Compressible(n) {
			continue
		}
		// Biggest first: the module dominates, start it at once.
		if o.Brotli >= 0 {
			jobs = append(jobs, job{i, n, "br"})
		}
		jobs = append(jobs, job{i, n, "gzip"})
	}
	sort.SliceStable(jobs, func(a, b int) bool { return files[jobs[a].index].Size > files[jobs[b].index].Size })

	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
	)
	queue := make(chan job)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Go(func() {
			for j := range queue {
				n, err := compressFile(o, j.name, j.codec)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				if j.codec == "gzip" {
					files[j.index].Gzip = n
				} else {
					files[j.index].Brotli = n
				}
				mu.Unlock()
			}
		})
	}
	for _, j := range jobs {
		queue <- j
	}
	close(queue)
	wg.Wait()
	return files, firstErr
}

// compressFile writes the variant of one file and returns its size, or 0 when the variant would not
// be smaller than the original (then none is written).
func compressFile(o Options, name, codec string) (int64, error) {
	src := filepath.Join(o.Out, filepath.FromSlash(name))
	data, err := os.ReadFile(src)
	if err != nil {
		return 0, err
	}
	suffix := ".gz"
	level := BestGzipLevel()
	if codec == "br" {
		suffix = ".br"
		level = o.Brotli
	}
	sum := sha256.Sum256(data)
	key := fmt.Sprintf("%s-%s-%d%s", hex.EncodeToString(sum[:]), codec, level, suffix)

	var packed []byte
	if o.CacheDir != "" {
		cached := filepath.Join(o.CacheDir, key)
		if packed, _ = os.ReadFile(cached); packed != nil {
			now := time.Now()
			os.Chtimes(cached, now, now) // most recently used: survives pruning
		}
	}
	if packed == nil {
		packed, err = Compress(data, codec, level)
		if err != nil {
			return 0, fmt.Errorf("%s %s: %w", codec, name, err)
		}
		if o.CacheDir != "" && len(data) > 64<<10 {
			if err := os.MkdirAll(o.CacheDir, 0o755); err == nil {
				tmp := filepath.Join(o.CacheDir, key+".tmp")
				if os.WriteFile(tmp, packed, 0o644) == nil {
					os.Rename(tmp, filepath.Join(o.CacheDir, key))
				}
			}
		}
	}
	if len(packed) >= len(data) {
		return 0, nil
	}
	if err := os.WriteFile(src+suffix, packed, 0o644); err != nil {
		return 0, err
	}
	return int64(len(packed)), nil
}

// GzipTool is the command behind gzip level GzipToolLevel: libdeflate's gzip (Debian's
// libdeflate-tools, which make installs). Its level 12 parses exhaustively and packs the module about
// 5% smaller than compress/gzip's best, in about 10 seconds; the single files hold the module gzipped.
var GzipTool = "libdeflate-gzip"

// GzipToolLevel is the gzip level that runs GzipTool instead of compress/gzip.
const GzipToolLevel = 12

// BestGzipLevel is GzipToolLevel when GzipTool is installed, else compress/gzip's best, 9.
func BestGzipLevel() int {
	if _, err := exec.LookPath(GzipTool); err != nil {
		return gzip.BestCompression
	}
	return GzipToolLevel
}

// GzipNote names the gzip that BestGzipLevel picks, for build logs.
func GzipNote() string {
	if BestGzipLevel() == GzipToolLevel {
		return fmt.Sprintf("gzip -%d (%s)", GzipToolLevel, GzipTool)
	}
	return fmt.Sprintf("gzip -9 (compress/gzip: %s is not installed, so the .gz files and the single files' module are about 5%% larger; make installs it)", GzipTool)
}

// gzipWithTool runs GzipTool at GzipToolLevel on data (read from standard input, so the header
// holds no name and no time: the output depends on the data alone) and checks that the result
// decompresses to data.
func gzipWithTool(data []byte) ([]byte, error) {
	var out, stderr bytes.Buffer
	cmd := exec.Command(GzipTool, fmt.Sprintf("-%d", GzipToolLevel), "-c")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(data), &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s -%d: %v %s", GzipTool, GzipToolLevel, err, strings.TrimSpace(stderr.String()))
	}
	zr, err := gzip.NewReader(bytes.NewReader(out.Bytes()))
	if err == nil {
		var plain []byte
		if plain, err = io.ReadAll(zr); err == nil && !bytes.Equal(plain, data) {
			err = errors.New("it decompresses to other bytes")
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%s -%d wrote a bad gzip stream: %v", GzipTool, GzipToolLevel, err)
	}
	return out.Bytes(), nil
}

// Compress returns data compressed with codec "gzip" (level as in compress/gzip, or GzipToolLevel
// for GzipTool) or "br" (brotli quality 0..11, 16 MiB window).
func Compress(data []byte, codec string, level int) ([]byte, error) {
	var b bytes.Buffer
	var w io.WriteCloser
	switch codec {
	case "gzip":
		if level == GzipToolLevel {
			return gzipWithTool(data)
		}
		zw, err := gzip.NewWriterLevel(&b, level)
		if err != nil {
			return nil, err
		}
		w = zw
	case "br":
		w = brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: level, LGWin: 24})
	default:
		return nil, fmt.Errorf("unknown codec %q", codec)
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// FigureFiles returns the files a browser downloads to show one figure page: the page, everything
// it references from the site (stylesheet and loader), the glue and the module. The pages are
// scanned for src="..." and href="..." references to local files so the list follows the pages.
func FigureFiles(out, page string) ([]string, error) {
	seen := map[string]bool{}
	var list []string
	var add func(name string) error
	add = func(name string) error {
		if seen[name] {
			return nil
		}
		seen[name] = true
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			return err
		}
		list = append(list, name)
		ext := path.Ext(name)
		if ext != ".html" && ext != ".css" {
			return nil
		}
		for _, ref := range localRefs(string(b)) {
			target := path.Clean(path.Join(path.Dir(name), ref))
			if strings.HasPrefix(target, "../") {
				continue
			}
			if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(target))); err != nil {
				continue // a link to a page that is not downloaded, or an anchor
			}
			if path.Ext(target) == ".html" {
				continue // links to other pages are not downloaded by this page
			}
			if err := add(target); err != nil {
				return err
			}
		}
		return nil
	}
	if err := add(page); err != nil {
		return nil, err
	}
	for _, n := range []string{WasmExecName, WasmName} {
		if err := add(n); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// LocalRefs returns the relative references of a page or stylesheet to files (see localRefs).
func LocalRefs(doc string) []string { return localRefs(doc) }

// localRefs returns the values of src="..." and href="..." attributes (and url(...) in CSS) that
// are relative references to files of the site.
func localRefs(doc string) []string {
	var refs []string
	for _, attr := range []string{`src="`, `href="`, `url(`} {
		rest := doc
		for {
			i := strings.Index(rest, attr)
			if i < 0 {
				break
			}
			rest = rest[i+len(attr):]
			end := strings.IndexAny(rest, `")`)
			if end < 0 {
				break
			}
			ref := strings.Trim(rest[:end], `'`)
			rest = rest[end:]
			if ref == "" || strings.Contains(ref, ":") || strings.HasPrefix(ref, "#") || strings.HasPrefix(ref, "/") {
				continue
			}
			if j := strings.IndexAny(ref, "?#"); j >= 0 {
				ref = ref[:j]
			}
			refs = append(refs, ref)
		}
	}
	return refs
}

// generate writes the o.Generate files; a name that a site file already has is an error, so a
// generated page can never silently replace a hand-written one.
func generate(o Options) error {
	names := make([]string, 0, len(o.Generate))
	for name := range o.Generate {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := filepath.Join(o.Out, filepath.FromSlash(name))
		if !filepath.IsLocal(filepath.FromSlash(name)) {
			return fmt.Errorf("generate %s: not a relative path inside the output", name)
		}
		if _, err := os.Stat(p); err == nil {
			return fmt.Errorf("generate %s: the site already has this file", name)
		}
		b, err := o.Generate[name]()
		if err != nil {
			return fmt.Errorf("generate %s: %w", name, err)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
