// Command site assembles and serves the Flatland static site.
//
//	go run ./build/cmd/site build -out dist                      # compile ./wasm, copy site/, precompress
//	go run ./build/cmd/site serve -dir dist -addr 127.0.0.1:8080 # serve it locally
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
  site serve [-dir dist] [-addr 127.0.0.1:8080] [-quiet]`

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
	case "help", "-h", "-help", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return cmdline.Usagef("unknown command %q: want build or serve", args[0])
}

// parse parses flags quietly (cmdline.Parse); -h is answered with the usage.
func parse(fs *flag.FlagSet, args []string) error { return cmdline.Parse(fs, args, usage) }

func runBuild(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	out := fs.String("out", "dist", "output directory")
	root := fs.String("root", ".", "module root (holds go.mod, wasm/ and site/)")
	quality := fs.Int("brotli", 11, "brotli quality 0..11, or -1 for no .br files")
	goCmd := fs.String("go", "", "go command (default: the Go running this tool)")
	noCache := fs.Bool("no-cache", false, "do not reuse compressed files from the user cache")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *quality < -1 || *quality > 11 {
		return cmdline.Usagef("-brotli %d out of range [-1, 11]", *quality)
	}
	if strings.TrimSpace(*out) == "" {
		return cmdline.UsageError{Msg: "-out must not be empty"}
	}
	cache := ""
	if !*noCache {
		if dir, err := os.UserCacheDir(); err == nil {
			cache = filepath.Join(dir, "flatland-site")
		}
	}
	rep, err := assemble.Assemble(sitegen.Options(assemble.Options{
		Root: *root, Out: *out, Go: *goCmd, Brotli: *quality, CacheDir: cache, Log: stdout,
	}))
	if err != nil {
		return err
	}
	printSizes(stdout, *out, rep)
	return nil
}

func printSizes(w io.Writer, out string, rep *assemble.Report) {
	fmt.Fprintf(w, "\nassembled %s (module built by %s)\n", out, rep.GoVersion)
	fmt.Fprintf(w, "%-28s %12s %12s %12s\n", "file", "raw", "gzip -9", "brotli")
	var raw, gz, br int64
	for _, f := range rep.Files {
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
	case n >= 1<<20:
		return fmt.Sprintf("%.2f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
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
