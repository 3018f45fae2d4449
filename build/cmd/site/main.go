// Command site assembles and serves the Flatland static site.
//
//	go run ./build/cmd/site build -out dist                      # compile ./wasm, copy site/, precompress
//	go run ./build/cmd/site serve -dir dist -addr 127.0.0.1:8080 # serve it locally
//	go run ./build/cmd/site release -out dist -zip-dir .        # build, then flatland-VERSION.zip
//
// Bad flags print one line and exit 2; a failed build or a taken port exits 1.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"flatland/build/assemble"
	"flatland/build/cmdline"
	"flatland/build/serve"
	"flatland/build/sitegen"
)

const usage = `usage:
  site build [-out dist] [-root .] [-brotli 11] [-go path] [-no-cache]
  site serve [-dir dist] [-addr 127.0.0.1:8080] [-quiet]
  site release [-out dist] [-root .] [-zip-dir .] [-brotli 11] [-go path] [-no-cache]`

// defaultAddr is loopback only: the site is for this machine unless asked otherwise.
const defaultAddr = "127.0.0.1:8080"

func main() {
	cmdline.Exit("site", run(os.Args[1:], os.Stdout, os.Stderr), " (run `site help` for usage)")
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return cmdline.UsageError{Msg: "missing command: build or serve"}
	}
	switch args[0] {
	case "build":
		return runBuild(args[1:], stdout)
	case "serve":
		return runServe(args[1:], stdout, stderr)
	case "release":
		return runRelease(args[1:], stdout)
	case "help", "-h", "-help", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return cmdline.Usagef("unknown command %q: want build, serve or release", args[0])
}

// parse parses flags quietly (cmdline.Parse); -h is answered with the usage.
func parse(fs *flag.FlagSet, args []string) error { return cmdline.Parse(fs, args, usage) }

// buildFlags are the flags of build and release.
type buildFlags struct {
	out, root, goCmd *string
	quality          *int
	noCache          *bool
}

func addBuildFlags(fs *flag.FlagSet) buildFlags {
	return buildFlags{
		out:     fs.String("out", "dist", "output directory"),
		root:    fs.String("root", ".", "module root (holds go.mod, wasm/ and site/)"),
		quality: fs.Int("brotli", 11, "brotli quality 0..11, or -1 for no .br files"),
		goCmd:   fs.String("go", "", "go command (default: the Go running this tool)"),
		noCache: fs.Bool("no-cache", false, "do not reuse compressed files from the user cache"),
	}
}

func (f buildFlags) check() error {
	if *f.quality < -1 || *f.quality > 11 {
		return cmdline.Usagef("-brotli %d out of range [-1, 11]", *f.quality)
	}
	if strings.TrimSpace(*f.out) == "" {
		return cmdline.UsageError{Msg: "-out must not be empty"}
	}
	return nil
}

// build assembles the site with the given version.
func (f buildFlags) build(v sitegen.Version, stdout io.Writer) error {
	cache := ""
	if !*f.noCache {
		if dir, err := os.UserCacheDir(); err == nil {
			cache = filepath.Join(dir, "flatland-site")
		}
	}
	fmt.Fprintf(stdout, "version %s\n", v.Text())
	rep, err := assemble.Assemble(sitegen.OptionsFor(assemble.Options{
		Root: *f.root, Out: *f.out, Go: *f.goCmd, Brotli: *f.quality, CacheDir: cache, Log: stdout,
	}, v))
	if err != nil {
		return err
	}
	printSizes(stdout, *f.out, rep)
	return nil
}

func runBuild(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	f := addBuildFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := f.check(); err != nil {
		return err
	}
	return f.build(sitegen.GitVersion(*f.root), stdout)
}

// runRelease builds the site and packs it with the single files and the teachers' guide into
// flatland-VERSION.zip.
func runRelease(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("release", flag.ContinueOnError)
	f := addBuildFlags(fs)
	zipDir := fs.String("zip-dir", ".", "directory for flatland-VERSION.zip")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := f.check(); err != nil {
		return err
	}
	if fi, err := os.Stat(*zipDir); err != nil || !fi.IsDir() {
		return cmdline.Usagef("-zip-dir %q is not a directory", *zipDir)
	}
	v := sitegen.GitVersion(*f.root)
	if err := f.build(v, stdout); err != nil {
		return err
	}
	name := "flatland-" + v.FileSafe()
	zipPath := filepath.Join(*zipDir, name+".zip")
	n, size, err := writeRelease(zipPath, name, *f.out, v)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nwrote %s: %d files, %s (open %s/%s, or read %s/TEACHERS.md)\n", zipPath, n, human(size), name, sitegen.ExplorerFile, name)
	return nil
}

func printSizes(w io.Writer, out string, rep *assemble.Report) {
	fmt.Fprintf(w, "\nassembled %s (module built by %s)\n", out, rep.GoVersion)
	fmt.Fprintf(w, "%-28s %12s %12s %12s\n", "file", "raw", "gzip", "brotli")
	var raw, gz, br int64
	var singles []assemble.File
	for _, f := range rep.Files {
		if sitegen.IsSingleFile(f.Name) {
			singles = append(singles, f)
			continue
		}
		fmt.Fprintf(w, "%-28s %12s %12s %12s\n", f.Name, human(f.Size), human(f.Gzip), human(f.Brotli))
		raw += f.Size
		gz += pick(f.Gzip, f.Size)
		br += pick(f.Brotli, f.Size)
	}
	if br == raw {
		br = 0 // no brotli variants written
	}
	fmt.Fprintf(w, "%-28s %12s %12s %12s\n", "total", human(raw), human(gz), human(br))
	if files, err := assemble.FigureFiles(out, "figures/diagram.html"); err == nil {
		var fr, fg, fb int64
		for _, n := range files {
			if f, ok := rep.Lookup(n); ok {
				fr += f.Size
				fg += pick(f.Gzip, f.Size)
				fb += pick(f.Brotli, f.Size)
			}
		}
		if fb == fr {
			fb = 0
		}
		fmt.Fprintf(w, "%-28s %12s %12s %12s   (%d files; goal: under 3.5 MB gzip)\n", "one figure page downloads", human(fr), human(fg), human(fb), len(files))
	}
	if len(singles) > 0 {
		fmt.Fprintf(w, "\nsingle files (open from the disk, no server; goal: under %s each)\n", human(sitegen.SingleFileGoal))
		for _, f := range singles {
			note := ""
			if f.Size > sitegen.SingleFileGoal {
				note = "   over the goal"
			}
			fmt.Fprintf(w, "%-28s %12s%s\n", f.Name, human(f.Size), note)
		}
	}
}

// pick is the size a client downloads: the variant when there is one, else the file.
func pick(variant, size int64) int64 {
	if variant > 0 {
		return variant
	}
	return size
}

func human(n int64) string {
	switch {
	case n == 0:
		return "-"
	case n >= 1e6: // decimal units, as the size goals are stated
		return fmt.Sprintf("%.2f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}

func runServe(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	dir := fs.String("dir", "dist", "directory to serve")
	addr := fs.String("addr", defaultAddr, "listen address (host:port)")
	quiet := fs.Bool("quiet", false, "do not log requests")
	if err := parse(fs, args); err != nil {
		return err
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		return cmdline.Usagef("-addr %q: %v", *addr, err)
	}
	if fi, err := os.Stat(filepath.Join(*dir, "index.html")); err != nil || fi.IsDir() {
		return fmt.Errorf("%s has no index.html: run `make dist` (or `go run ./build/cmd/site build -out %s`) first", *dir, *dir)
	}
	ln, err := serve.Listen(*addr)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "site: warning: listening on %s, reachable from other machines\n", *addr)
	}
	fmt.Fprintf(stdout, "serving %s on http://%s/  (Ctrl-C to stop)\n", *dir, ln.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var logger *log.Logger
	if !*quiet {
		logger = log.New(stderr, "", log.Ltime)
	}
	return serve.Serve(ctx, ln, *dir, logger)
}
