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
	"strconv"
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

// encodings are the precompressed variants the server looks for, best first.
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
	}
	if err != nil || !info.Mode().IsRegular() {
		notFound(w)
		return
	}

	hdr := w.Header()
	hdr.Set("Content-Type", ContentType(name))
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Cache-Control", "no-cache")

	served, servedInfo, encoding := name, info, ""
	hasVariant := false
	for _, e := range encodings {
		vi, err := root.Stat(name + e.suffix)
		if err != nil || !vi.Mode().IsRegular() || !vi.ModTime().After(info.ModTime().Add(-time.Second)) {
			continue // no variant, or an old variant left next to a newer original
		}
		hasVariant = true
		if encoding == "" && accepts(r.Header.Get("Accept-Encoding"), e.token) {
			served, servedInfo, encoding = name+e.suffix, vi, e.token
		}
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

// accepts reports whether an Accept-Encoding header allows the coding token (RFC 9110 §12.5.3):
// the token or "*" listed with a q-value above zero.
func accepts(header, token string) bool {
	star := false
	for _, part := range strings.Split(header, ",") {
		fields := strings.Split(part, ";")
		name := strings.ToLower(strings.TrimSpace(fields[0]))
		q := 1.0
		for _, p := range fields[1:] {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		switch name {
		case token:
			return q > 0
		case "*":
			star = q > 0
		}
	}
	return star
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

// Serve serves dir on ln until ctx ends, then shuts down gracefully. Each request is logged to
// logger when it is not nil.
func Serve(ctx context.Context, ln net.Listener, dir string, logger *log.Logger) error {
	var h http.Handler = Handler(dir)
	if logger != nil {
		h = logRequests(h, logger)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
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
