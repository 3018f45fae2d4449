package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"slices"
	"strings"
	"syscall"
	"time"
)

// contentTypes lists the MIME types of everything the site ships. Anything else falls back to
// mime.TypeByExtension and then application/octet-stream; nothing is sniffed.
var contentTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".wasm":  "application/wasm",
	".json":  "application/json",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".ico":   "image/x-icon",
	".txt":   "text/plain; charset=utf-8",
	".md":    "text/markdown; charset=utf-8",
	".woff2": "font/woff2",
	".gz":    "application/gzip",
	".br":    "application/octet-stream",
}

// ContentType returns the Content-Type the server sends for a file name.
func ContentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// encodings are the precompressed variants the server looks for; on equal q-values the earlier wins.
var encodings = []struct{ token, suffix string }{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// Handler serves the files under dir. It opens dir afresh for every request, so rebuilding the
// directory while the server runs is safe.
func Handler(dir string) http.Handler {
	return &handler{dir: dir}
}

type handler struct{ dir string }

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := cleanName(r.URL.Path)
	if !ok {
		http.Error(w, "400 bad path", http.StatusBadRequest)
		return
	}
	root, err := os.OpenRoot(h.dir)
	if err != nil {
		http.Error(w, "500 site directory missing: run make dist", http.StatusInternalServerError)
		return
	}
	defer root.Close()

	info, err := root.Stat(name)
	if err == nil && info.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			target := r.URL.Path + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		name = path.Join(name, "index.html")
		info, err = root.Stat(name)
	} else if err == nil && strings.HasSuffix(r.URL.Path, "/") {
		// A file asked for as a directory (/index.html/) would load with the wrong base URL and
		// every relative asset would 404. A 404 rather than a redirect: the link is wrong and
		// should look wrong here, before it ships, instead of being healed by a 301 that the
		// browser caches and a static host may not repeat.
		notFound(w)
		return
	}
	if err != nil || !info.Mode().IsRegular() {
		notFound(w)
		return
	}

	hdr := w.Header()
	hdr.Set("Content-Type", ContentType(name))
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Cache-Control", "no-cache")

	type variant struct {
		name string
		info fs.FileInfo
	}
	variants := map[string]variant{}
	var available []string
	for _, e := range encodings {
		vi, err := root.Stat(name + e.suffix)
		if err != nil || !vi.Mode().IsRegular() || !vi.ModTime().After(info.ModTime().Add(-time.Second)) {
			continue // no variant, or an old variant left next to a newer original
		}
		variants[e.token] = variant{name + e.suffix, vi}
		available = append(available, e.token)
	}
	hasVariant := len(available) > 0
	encoding := chooseEncoding(r.Header.Get("Accept-Encoding"), available)
	served, servedInfo := name, info
	if v, ok := variants[encoding]; ok {
		served, servedInfo = v.name, v.info
	}
	if hasVariant {
		hdr.Add("Vary", "Accept-Encoding")
	}
	if encoding != "" {
		hdr.Set("Content-Encoding", encoding)
	}
	hdr.Set("ETag", fmt.Sprintf(`"%x-%x%s"`, servedInfo.ModTime().UnixNano(), servedInfo.Size(), encoding))

	f, err := root.Open(served)
	if err != nil {
		notFound(w)
		return
	}
	defer f.Close()
	http.ServeContent(w, r, path.Base(name), servedInfo.ModTime(), f)
}

// cleanName turns a URL path into a slash-separated name relative to the site root. It refuses
// anything that is not already clean: .. segments, backslashes, NUL bytes and dot files (.git, .env).
func cleanName(urlPath string) (string, bool) {
	if !strings.HasPrefix(urlPath, "/") || strings.ContainsAny(urlPath, "\\\x00") {
		return "", false
	}
	rel := strings.TrimPrefix(urlPath, "/")
	if rel == "" {
		return ".", true
	}
	for _, seg := range strings.Split(strings.TrimSuffix(rel, "/"), "/") {
		if seg == "" || seg == "." || seg == ".." || strings.HasPrefix(seg, ".") {
			return "", false
		}
	}
	rel = strings.TrimSuffix(rel, "/")
	if !fs.ValidPath(rel) {
		return "", false
	}
	return rel, true
}

// qMax is q=1 in thousandths: q-values have at most three decimals (RFC 9110 §12.4.2), so
// integers compare them exactly.
const qMax = 1000

// acceptEncoding is a parsed Accept-Encoding header (RFC 9110 §12.5.3).
type acceptEncoding struct {
	weights map[string]int // lower-case coding -> q in thousandths; the first mention counts
	star    int            // q of "*", or -1 when "*" is not listed
}

// parseAcceptEncoding reads a comma-separated list of codings, each with an optional ";q=" weight.
// Codings are matched case-insensitively. A member whose coding is not a token, or whose q-value
// is malformed or given twice, is skipped: the safe reading of a member nobody can interpret is
// "not listed".
func parseAcceptEncoding(header string) acceptEncoding {
	ae := acceptEncoding{weights: map[string]int{}, star: -1}
	for _, member := range strings.Split(header, ",") {
		params := strings.Split(member, ";")
		coding := asciiLower(trimOWS(params[0]))
		if !isToken(coding) {
			continue
		}
		q, ok, weighted := qMax, true, false
		for _, p := range params[1:] {
			k, v, found := strings.Cut(trimOWS(p), "=")
			if found && asciiLower(trimOWS(k)) == "q" {
				q, ok = parseQValue(trimOWS(v))
				ok = ok && !weighted // two weights for one coding: malformed
				weighted = true
			}
		}
		if !ok {
			continue
		}
		if coding == "x-gzip" {
			coding = "gzip" // RFC 9110 §8.4.1.3
		}
		if coding == "*" {
			if ae.star < 0 {
				ae.star = q
			}
			continue
		}
		if _, seen := ae.weights[coding]; !seen {
			ae.weights[coding] = q
		}
	}
	return ae
}

// weight returns the q-value (thousandths) the client gives a coding, and whether the header says
// anything about it: an explicit entry, else "*".
func (ae acceptEncoding) weight(coding string) (int, bool) {
	if q, ok := ae.weights[coding]; ok {
		return q, true
	}
	if ae.star >= 0 {
		return ae.star, true
	}
	return 0, false
}

// chooseEncoding picks among the available precompressed codings (tokens of encodings) the one
// the client weights highest, or "" for the file as is. A coding with q=0, or one the header does
// not cover, is never chosen: without an Accept-Encoding header, or with an empty one, nothing is
// compressed. Ties go to the earlier entry of encodings, and a coding beats identity unless the
// header weights identity (by name or through "*") strictly higher.
func chooseEncoding(header string, available []string) string {
	ae := parseAcceptEncoding(header)
	best, bestQ := "", 0
	for _, e := range encodings {
		if !slices.Contains(available, e.token) {
			continue
		}
		if q, listed := ae.weight(e.token); listed && q > bestQ {
			best, bestQ = e.token, q
		}
	}
	if best == "" {
		return "" // identity, even if refused: a response the client may reject beats none
	}
	if q, listed := ae.weight("identity"); listed && q > bestQ {
		return ""
	}
	return best
}

// parseQValue parses qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ) into thousandths.
func parseQValue(s string) (int, bool) {
	if s == "" || len(s) > 5 || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	q := int(s[0]-'0') * qMax
	if len(s) == 1 {
		return q, true
	}
	if s[1] != '.' {
		return 0, false
	}
	scale := qMax / 10
	for _, c := range s[2:] {
		if c < '0' || c > '9' {
			return 0, false
		}
		q += int(c-'0') * scale
		scale /= 10
	}
	if q > qMax {
		return 0, false
	}
	return q, true
}

// trimOWS strips optional whitespace (spaces and tabs, RFC 9110 §5.6.3).
func trimOWS(s string) string { return strings.Trim(s, " \t") }

// isToken reports whether s is an RFC 9110 token (one or more tchar).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// asciiLower lower-cases ASCII letters only: tokens are ASCII, and Unicode case folding would let
// a non-ASCII letter pose as one (U+212A KELVIN SIGN folds to k).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func notFound(w http.ResponseWriter) {
	h := w.Header()
	h.Del("Content-Encoding")
	h.Del("ETag")
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusNotFound)
	io.WriteString(w, `<!doctype html><meta charset="utf-8"><title>Not found</title>`+
		`<p>404: no such page. <a href="/">Back to the Flatland explorer</a>.</p>`+"\n")
}

// ErrAddrInUse is returned by Listen when the address is taken.
var ErrAddrInUse = errors.New("address already in use")

// Listen opens a TCP listener on addr and turns "address already in use" into a message a person
// can act on.
func Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil, fmt.Errorf("%s: %w (is another `make serve` running? choose another port with -addr 127.0.0.1:PORT)", addr, ErrAddrInUse)
		}
		return nil, err
	}
	return ln, nil
}

// Timeouts bound how long one connection may hold the server, so that idle keep-alive
// connections and clients that send or read slowly cannot pile up. A zero field takes its value
// from DefaultTimeouts.
type Timeouts struct {
	// ReadHeader limits reading a request line and its headers (a client that never finishes
	// them is cut off).
	ReadHeader time.Duration
	// Read limits reading a whole request, body included. The site only answers GET and HEAD,
	// so this only matters for clients that send a body anyway.
	Read time.Duration
	// Write limits the time from the end of the request headers to the end of the response:
	// it must cover the largest file (the WebAssembly module) at the slowest rate worth serving.
	Write time.Duration
	// Idle limits how long a keep-alive connection may wait for its next request.
	Idle time.Duration
}

// DefaultTimeouts suit a laptop or a classroom network. Write lets the uncompressed module
// (about 12 MB; 3 MB gzip) arrive at 100 kB/s, far below any local network. Read is shorter than
// Write on purpose: it never cuts a download short, it only stops that connection being reused.
// Idle is longer than a browser's pause between a page and its assets, shorter than the minutes
// a tab may sit unused.
var DefaultTimeouts = Timeouts{
	ReadHeader: 10 * time.Second,
	Read:       30 * time.Second,
	Write:      2 * time.Minute,
	Idle:       30 * time.Second,
}

// withDefaults fills zero fields from DefaultTimeouts.
func (t Timeouts) withDefaults() Timeouts {
	pick := func(d, def time.Duration) time.Duration {
		if d <= 0 {
			return def
		}
		return d
	}
	return Timeouts{
		ReadHeader: pick(t.ReadHeader, DefaultTimeouts.ReadHeader),
		Read:       pick(t.Read, DefaultTimeouts.Read),
		Write:      pick(t.Write, DefaultTimeouts.Write),
		Idle:       pick(t.Idle, DefaultTimeouts.Idle),
	}
}

// Options configure a server.
type Options struct {
	Logger   *log.Logger // each request is logged here when not nil
	Timeouts Timeouts    // zero fields take DefaultTimeouts
}

// NewServer returns an http.Server for dir with the options' timeouts; call its Serve method.
func NewServer(dir string, opts Options) *http.Server {
	var h http.Handler = Handler(dir)
	if opts.Logger != nil {
		h = logRequests(h, opts.Logger)
	}
	t := opts.Timeouts.withDefaults()
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: t.ReadHeader,
		ReadTimeout:       t.Read,
		WriteTimeout:      t.Write,
		IdleTimeout:       t.Idle,
	}
}

// Serve serves dir on ln with DefaultTimeouts until ctx ends, then shuts down gracefully. Each
// request is logged to logger when it is not nil.
func Serve(ctx context.Context, ln net.Listener, dir string, logger *log.Logger) error {
	return ServeOptions(ctx, ln, dir, Options{Logger: logger})
}

// ServeOptions is Serve with explicit options.
func ServeOptions(ctx context.Context, ln net.Listener, dir string, opts Options) error {
	srv := NewServer(dir, opts)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		return srv.Shutdown(sctx)
	}
}

type statusWriter struct {
	http.ResponseWriter
	status int
	n      int64
}

func (s *statusWriter) WriteHeader(code int) { s.status = code; s.ResponseWriter.WriteHeader(code) }
func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.n += int64(n)
	return n, err
}

func logRequests(h http.Handler, logger *log.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		logger.Printf("%s %s %d %d bytes %s", r.Method, r.URL.RequestURI(), sw.status, sw.n, w.Header().Get("Content-Encoding"))
	})
}
