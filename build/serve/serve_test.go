package serve

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// site writes a small site: pages, a fake wasm module (the magic header is enough for MIME tests),
// precompressed variants for some files, and a secret next to the site root that must never leak.
func site(t testing.TB) string {
	t.Helper()
	parent := t.TempDir()
	dir := filepath.Join(parent, "dist")
	files := map[string]string{
		"index.html":           "<!doctype html><title>explorer</title>",
		"embed.html":           "<!doctype html><title>embed</title>",
		"figures/diagram.html": "<!doctype html><title>diagram</title>",
		"guide/index.html":     "<!doctype html><title>guide</title>",
		"flatland.js":          "console.log('loader')",
		"style.css":            "body{margin:0}",
		"flatland.wasm":        "\x00asm\x01\x00\x00\x00" + strings.Repeat("wasm", 1000),
		"notes.unknownext":     "opaque",
		".hidden":              "dot file",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"flatland.wasm", "flatland.js"} {
		writeGzip(t, filepath.Join(dir, name+".gz"), files[name])
	}
	if err := os.WriteFile(filepath.Join(dir, "flatland.wasm.br"), []byte("pretend-brotli"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(parent, "secret.txt"), []byte("TOP SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(parent, "secret.txt"), filepath.Join(dir, "escape.txt")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func writeGzip(t testing.TB, path, body string) {
	t.Helper()
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write([]byte(body))
	zw.Close()
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func get(t *testing.T, h http.Handler, target, acceptEncoding string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func TestContentTypes(t *testing.T) {
	h := Handler(site(t))
	tests := []struct {
		path, want string
	}{
		{"/", "text/html; charset=utf-8"},
		{"/index.html", "text/html; charset=utf-8"},
		{"/figures/diagram.html", "text/html; charset=utf-8"},
		{"/flatland.js", "text/javascript; charset=utf-8"},
		{"/style.css", "text/css; charset=utf-8"},
		{"/flatland.wasm", "application/wasm"},
		{"/notes.unknownext", "application/octet-stream"},
	}
	for _, tc := range tests {
		res := get(t, h, tc.path, "")
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d, want 200", tc.path, res.StatusCode)
			continue
		}
		if got := res.Header.Get("Content-Type"); got != tc.want {
			t.Errorf("%s: Content-Type %q, want %q", tc.path, got, tc.want)
		}
		if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q, want nosniff", tc.path, got)
		}
		if got := res.Header.Get("Cache-Control"); got != "no-cache" {
			t.Errorf("%s: Cache-Control %q, want no-cache", tc.path, got)
		}
	}
}

func TestEncodingNegotiation(t *testing.T) {
	dir := site(t)
	h := Handler(dir)
	raw, _ := os.ReadFile(filepath.Join(dir, "flatland.wasm"))
	tests := []struct {
		path, accept, wantEncoding string
	}{
		{"/flatland.wasm", "", ""},
		{"/flatland.wasm", "gzip", "gzip"},
		{"/flatland.wasm", "gzip, deflate", "gzip"},
		{"/flatland.wasm", "gzip, deflate, br, zstd", "br"},
		{"/flatland.wasm", "br;q=0, gzip", "gzip"},
		{"/flatland.wasm", "gzip;q=0", ""},
		{"/flatland.wasm", "identity", ""},
		{"/flatland.wasm", "*", "br"},
		{"/flatland.js", "br, gzip", "gzip"}, // only a .gz variant exists
		{"/style.css", "br, gzip", ""},       // no variant at all
	}
	for _, tc := range tests {
		res := get(t, h, tc.path, tc.accept)
		body, _ := io.ReadAll(res.Body)
		if got := res.Header.Get("Content-Encoding"); got != tc.wantEncoding {
			t.Errorf("%s with Accept-Encoding %q: Content-Encoding %q, want %q", tc.path, tc.accept, got, tc.wantEncoding)
		}
		if got := res.Header.Get("Content-Type"); got != ContentType(tc.path) {
			t.Errorf("%s with %q: Content-Type %q, want the original's %q", tc.path, tc.accept, got, ContentType(tc.path))
		}
		wantVary := tc.path != "/style.css"
		if gotVary := res.Header.Get("Vary") == "Accept-Encoding"; gotVary != wantVary {
			t.Errorf("%s with %q: Vary %q, want Accept-Encoding: %v", tc.path, tc.accept, res.Header.Get("Vary"), wantVary)
		}
		if tc.path == "/flatland.wasm" && tc.wantEncoding == "gzip" {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("gzip body: %v", err)
			}
			plain, _ := io.ReadAll(zr)
			if !bytes.Equal(plain, raw) {
				t.Errorf("gzip body does not decompress to the original (%d vs %d bytes)", len(plain), len(raw))
			}
			if res.Header.Get("Content-Length") != "" && res.Header.Get("Content-Length") != strconv.Itoa(len(body)) {
				t.Errorf("Content-Length %s, body %d", res.Header.Get("Content-Length"), len(body))
			}
		}
		if tc.path == "/flatland.wasm" && tc.wantEncoding == "" && !bytes.Equal(body, raw) {
			t.Errorf("identity body differs from the file")
		}
	}
}

func TestStaleVariantIgnored(t *testing.T) {
	dir := site(t)
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "flatland.js.gz"), old, old); err != nil {
		t.Fatal(err)
	}
	res := get(t, Handler(dir), "/flatland.js", "gzip")
	if got := res.Header.Get("Content-Encoding"); got != "" {
		t.Errorf("a .gz older than its original was served (Content-Encoding %q)", got)
	}
}

func TestNotFoundAndRejected(t *testing.T) {
	h := Handler(site(t))
	tests := []struct {
		target string
		want   int
	}{
		{"/missing.html", http.StatusNotFound},
		{"/figures/nope.html", http.StatusNotFound},
		{"/figures/", http.StatusNotFound}, // no index.html there and no listings
		{"/figures", http.StatusMovedPermanently},
		{"/.hidden", http.StatusBadRequest},
		{"/escape.txt", http.StatusNotFound}, // symlink out of the root
		{"/a/../index.html", http.StatusBadRequest},
		{"/..%2fsecret.txt", http.StatusBadRequest},
		{"/figures/..%2f..%2fsecret.txt", http.StatusBadRequest},
		{"/figures%2f..%2f..%2fsecret.txt", http.StatusBadRequest},
		{"/..\\secret.txt", http.StatusBadRequest},
	}
	for _, tc := range tests {
		res := get(t, h, tc.target, "gzip")
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != tc.want {
			t.Errorf("%s: status %d, want %d", tc.target, res.StatusCode, tc.want)
		}
		if bytes.Contains(body, []byte("TOP SECRET")) {
			t.Errorf("%s leaked a file outside the site root", tc.target)
		}
	}
	// Raw request lines with .. that a client did not clean must not escape either.
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, raw := range []string{"/../secret.txt", "/figures/../../secret.txt", "/%2e%2e/secret.txt"} {
		conn, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(conn, "GET "+raw+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
		reply, _ := io.ReadAll(conn)
		conn.Close()
		if bytes.Contains(reply, []byte("TOP SECRET")) {
			t.Errorf("raw %s leaked a file outside the site root", raw)
		}
		if bytes.HasPrefix(reply, []byte("HTTP/1.1 200")) {
			t.Errorf("raw %s: got 200, want an error", raw)
		}
	}
}

func TestMethodsAndConditional(t *testing.T) {
	h := Handler(site(t))
	req := httptest.NewRequest(http.MethodPost, "/index.html", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", rec.Code)
	}

	res := get(t, h, "/flatland.wasm", "gzip")
	etag := res.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	req = httptest.NewRequest(http.MethodGet, "/flatland.wasm", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	req.Header.Set("If-None-Match", etag)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match with the current ETag: status %d, want 304", rec.Code)
	}
	// The identity representation has a different ETag: a cache must not mix them up.
	if plain := get(t, h, "/flatland.wasm", "").Header.Get("ETag"); plain == etag {
		t.Errorf("gzip and identity share ETag %s", etag)
	}

	head := httptest.NewRequest(http.MethodHead, "/embed.html", nil)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, head)
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Errorf("HEAD: status %d, body %d bytes; want 200 and no body", rec.Code, rec.Body.Len())
	}
}

func TestRedirectKeepsQuery(t *testing.T) {
	h := Handler(site(t))
	res := get(t, h, "/figures?alpha=0.5", "")
	if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/figures/?alpha=0.5" {
		t.Errorf("got %d to %q, want 301 to /figures/?alpha=0.5", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestRebuildWhileServing(t *testing.T) {
	dir := site(t)
	h := Handler(dir)
	if res := get(t, h, "/index.html", ""); res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	// A rebuild replaces the directory; the handler must see the new one, not the deleted one.
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if res := get(t, h, "/index.html", ""); res.StatusCode != http.StatusInternalServerError {
		t.Errorf("missing site dir: status %d, want 500", res.StatusCode)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("rebuilt"), 0o644)
	res := get(t, h, "/", "")
	body, _ := io.ReadAll(res.Body)
	if string(body) != "rebuilt" {
		t.Errorf("after rebuild got %q, want the new file", body)
	}
}

func TestListenAddrInUse(t *testing.T) {
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, err = Listen(ln.Addr().String())
	if !errors.Is(err, ErrAddrInUse) {
		t.Fatalf("second Listen on %s: err %v, want ErrAddrInUse", ln.Addr(), err)
	}
	if !strings.Contains(err.Error(), "-addr") {
		t.Errorf("message %q does not tell how to pick another port", err)
	}
}

func TestServeShutsDown(t *testing.T) {
	dir := site(t)
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, dir, nil) }()
	res, err := http.Get("http://" + ln.Addr().String() + "/flatland.wasm")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Header.Get("Content-Type") != "application/wasm" {
		t.Errorf("over TCP: Content-Type %q", res.Header.Get("Content-Type"))
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve returned %v after cancel", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not stop after cancel")
	}
}

func TestEncodingQValues(t *testing.T) {
	h := Handler(site(t))
	tests := []struct {
		path, accept, wantEncoding string
	}{
		{"/flatland.wasm", "br;q=0.5, gzip", "gzip"},
		{"/flatland.wasm", "gzip;q=1.0, br;q=0.9", "gzip"},
		{"/flatland.wasm", "gzip, br;q=0.999", "gzip"},
		{"/flatland.wasm", "br;q=0.8, gzip;q=0.8", "br"}, // a tie goes to br
		{"/flatland.wasm", "gzip;q=0.8, br;q=0.8", "br"},
		{"/flatland.wasm", "BR;Q=0.9, GZIP;q=0.1", "br"},
		{"/flatland.wasm", "br;q=0.001", "br"},
		{"/flatland.wasm", "br;q=0, gzip;q=0", ""},
		{"/flatland.wasm", "br;q=0.000, gzip;q=0.", ""},
		{"/flatland.wasm", "gzip;q=0.5", "gzip"},                 // identity not named: compression wanted
		{"/flatland.wasm", "gzip;q=0.5, identity", ""},           // identity named and preferred
		{"/flatland.wasm", "gzip;q=0.5, identity;q=0.5", "gzip"}, // a tie goes to compression
		{"/flatland.wasm", "*;q=0.5, gzip", "gzip"},              // br only through *, at 0.5
		{"/flatland.wasm", "*, br;q=0", "gzip"},
		{"/flatland.wasm", "*;q=0", ""},
		{"/flatland.wasm", "*;q=0, identity;q=0", ""}, // nothing acceptable: send the file as is
		{"/flatland.wasm", "x-gzip", "gzip"},
		{"/flatland.wasm", " br ; q=0.3 ,\tgzip\t;\tq=0.4", "gzip"},
		{"/flatland.wasm", "gzip;level=9;q=0.6, br;q=0.5", "gzip"},
		{"/flatland.wasm", "br;q=abc, gzip;q=0.2", "gzip"},    // malformed member skipped
		{"/flatland.wasm", "br;q=1.5, gzip;q=0.1", "gzip"},    // q above 1
		{"/flatland.wasm", "br;q=0.5000, gzip;q=0.1", "gzip"}, // four decimals
		{"/flatland.wasm", "br;q=NaN, gzip;q=0.1", "gzip"},
		{"/flatland.wasm", "br;q=-1, gzip;q=0.1", "gzip"},
		{"/flatland.wasm", "br;q=0.5;q=1, gzip;q=0.7", "gzip"},     // two weights: malformed
		{"/flatland.wasm", "gzip;q=0.2, gzip;q=1, br;q=0.5", "br"}, // the first mention counts
		{"/flatland.wasm", ",,, ;q=1, gzip", "gzip"},
		{"/flatland.wasm", "br\u00a0, gzip;q=0.1", "gzip"}, // not a token
		{"/flatland.js", "br;q=1, gzip;q=0.1", "gzip"},     // only a .gz variant exists
		{"/flatland.js", "br, gzip;q=0", ""},
	}
	for _, tc := range tests {
		res := get(t, h, tc.path, tc.accept)
		if got := res.Header.Get("Content-Encoding"); got != tc.wantEncoding {
			t.Errorf("%s with Accept-Encoding %q: Content-Encoding %q, want %q", tc.path, tc.accept, got, tc.wantEncoding)
		}
		if got := res.Header.Get("Vary"); got != "Accept-Encoding" {
			t.Errorf("%s with Accept-Encoding %q: Vary %q, want Accept-Encoding", tc.path, tc.accept, got)
		}
	}
}

// FuzzAcceptEncoding checks that any header yields a valid choice: nothing outside the available
// variants, never a coding the header does not accept, and always one the client weights highest
// (br before gzip before identity on ties), whatever the letter case; and the handler serves it.
func FuzzAcceptEncoding(f *testing.F) {
	for _, seed := range []string{
		"", "gzip", "br", "*", "identity", "gzip, deflate, br, zstd", "br;q=0.5, gzip",
		"br;q=0, gzip;q=0", "*;q=0", "gzip;q=0.5, identity", "x-gzip;q=1, br;q=0.999",
		"BR;Q=1.000", "br;q=0.5;q=1, gzip;q=0.7", ";;;,,,==", "gzip;q=", "br;q=1.", "\x00br",
	} {
		f.Add(seed)
	}
	dir := site(f)
	h := Handler(dir)
	subsets := [][]string{nil, {"br"}, {"gzip"}, {"br", "gzip"}}
	f.Fuzz(func(t *testing.T, header string) {
		ae := parseAcceptEncoding(header)
		for _, available := range subsets {
			got := chooseEncoding(header, available)
			if got != "" && !slices.Contains(available, got) {
				t.Fatalf("Accept-Encoding %q, available %v: chose %q, not available", header, available, got)
			}
			if upper := chooseEncoding(asciiUpperForTest(header), available); upper != got {
				t.Fatalf("Accept-Encoding %q, available %v: chose %q, but %q in upper case", header, available, got, upper)
			}
			if got != "" && weightOf(ae, got) == 0 {
				t.Fatalf("Accept-Encoding %q: chose %q, which it does not accept", header, got)
			}
			for _, alt := range append([]string{""}, available...) {
				if alt != got && weightOf(ae, alt) > 0 && better(ae, alt, got) {
					t.Fatalf("Accept-Encoding %q, available %v: chose %q (q=%d/1000) over %q (q=%d/1000)",
						header, available, got, weightOf(ae, got), alt, weightOf(ae, alt))
				}
			}
		}
		req := httptest.NewRequest(http.MethodGet, "/flatland.wasm", nil)
		req.Header["Accept-Encoding"] = []string{header}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if want := chooseEncoding(header, []string{"br", "gzip"}); rec.Code != http.StatusOK || rec.Header().Get("Content-Encoding") != want {
			t.Fatalf("Accept-Encoding %q: status %d, Content-Encoding %q, want 200 and %q", header, rec.Code, rec.Header().Get("Content-Encoding"), want)
		}
		if rec.Header().Get("Vary") != "Accept-Encoding" {
			t.Fatalf("Accept-Encoding %q: Vary %q, want Accept-Encoding", header, rec.Header().Get("Vary"))
		}
	})
}

// weightOf is the q-value (thousandths) of a choice: 0 for a coding the header does not list,
// and for identity ("") 0 unless listed, since identity wins only when weighted strictly higher.
func weightOf(ae acceptEncoding, coding string) int {
	if coding == "" {
		coding = "identity"
	}
	q, listed := ae.weight(coding)
	if !listed {
		return 0
	}
	return q
}

// better reports whether choice a ranks above choice b: higher q, then br, gzip, identity.
func better(ae acceptEncoding, a, b string) bool {
	if qa, qb := weightOf(ae, a), weightOf(ae, b); qa != qb {
		return qa > qb
	}
	return preference(a) < preference(b)
}

func preference(coding string) int {
	for i, e := range encodings {
		if e.token == coding {
			return i
		}
	}
	return len(encodings) // identity
}

func asciiUpperForTest(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

func TestNoTrailingSlashAlias(t *testing.T) {
	h := Handler(site(t))
	tests := []struct {
		target string
		want   int
		body   string // a substring of the body when want is 200
	}{
		{"/index.html/", http.StatusNotFound, ""},
		{"/index.html/?alpha=0.5", http.StatusNotFound, ""},
		{"/figures/diagram.html/", http.StatusNotFound, ""},
		{"/flatland.wasm/", http.StatusNotFound, ""},
		{"/guide/index.html/", http.StatusNotFound, ""},
		{"/", http.StatusOK, "explorer"},
		{"/index.html", http.StatusOK, "explorer"},
		{"/guide/", http.StatusOK, "guide"},
		{"/guide", http.StatusMovedPermanently, ""},
		{"/figures/", http.StatusNotFound, ""}, // a directory without index.html, and no listing
		{"/figures/diagram.html", http.StatusOK, "diagram"},
	}
	for _, tc := range tests {
		res := get(t, h, tc.target, "gzip, br")
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != tc.want {
			t.Errorf("%s: status %d, want %d", tc.target, res.StatusCode, tc.want)
			continue
		}
		if tc.want == http.StatusOK && !strings.Contains(string(body), tc.body) {
			t.Errorf("%s: body %q, want it to contain %q", tc.target, body, tc.body)
		}
		if tc.want == http.StatusNotFound && res.Header.Get("Content-Encoding") != "" {
			t.Errorf("%s: 404 with Content-Encoding %q", tc.target, res.Header.Get("Content-Encoding"))
		}
	}
}

// shortTimeouts make the timeout tests fast; each test waits up to closeWait, many times longer,
// before it calls a connection stuck open.
var shortTimeouts = Timeouts{
	ReadHeader: 200 * time.Millisecond,
	Read:       200 * time.Millisecond,
	Write:      300 * time.Millisecond,
	Idle:       200 * time.Millisecond,
}

const closeWait = 5 * time.Second

// smallBuffers shrinks each accepted connection's send buffer, so a client that stops reading
// stalls the server after kilobytes instead of the megabytes the kernel would otherwise queue.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(16 << 10)
	}
	return c, err
}

// startServer runs NewServer with the given timeouts on a loopback port and returns its address.
func startServer(t *testing.T, dir string, timeouts Timeouts) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(dir, Options{Timeouts: timeouts})
	go srv.Serve(smallBuffers{ln})
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

func dial(t *testing.T, addr string) *net.TCPConn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	tc := c.(*net.TCPConn)
	tc.SetReadBuffer(16 << 10)
	return tc
}

// closedByServer reads until the server closes the connection or closeWait passes, and reports
// whether the server closed it.
func closedByServer(c net.Conn, r io.Reader) (bool, error) {
	c.SetReadDeadline(time.Now().Add(closeWait))
	_, err := io.Copy(io.Discard, r)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return false, err
	}
	return true, err // io.Copy's nil is EOF; a reset also means closed
}

// bigSite is a site holding one 16 MB file, more than loopback sockets buffer even with
// autotuning, so a client that does not read keeps the server writing.
func bigSite(t *testing.T) (dir string, size int) {
	t.Helper()
	dir = t.TempDir()
	size = 16 << 20
	if err := os.WriteFile(filepath.Join(dir, "big.wasm"), bytes.Repeat([]byte("flatland"), size/8), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, size
}

func TestServerClosesIdleKeepAlive(t *testing.T) {
	addr := startServer(t, site(t), shortTimeouts)
	c := dial(t, addr)
	io.WriteString(c, "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n")
	br := bufio.NewReader(c)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Close {
		t.Fatalf("first response: status %d, close %v; want 200 on a kept-alive connection", res.StatusCode, res.Close)
	}
	if closed, err := closedByServer(c, br); !closed {
		t.Errorf("idle keep-alive connection still open %v after the response (idle timeout %v): %v", closeWait, shortTimeouts.Idle, err)
	}
}

func TestServerClosesSlowHeaders(t *testing.T) {
	addr := startServer(t, site(t), shortTimeouts)
	c := dial(t, addr)
	io.WriteString(c, "GET /index.html HTTP/1.1\r\nHost: x\r\n")
	stop := make(chan struct{})
	defer close(stop)
	go func() { // one more header line every 50 ms, never the blank line that ends them
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-tick.C:
				if _, err := io.WriteString(c, "X-Slow-"+strconv.Itoa(i)+": 1\r\n"); err != nil {
					return
				}
			}
		}
	}()
	var reply bytes.Buffer
	closed, err := closedByServer(c, io.TeeReader(c, &reply))
	if !closed {
		t.Errorf("a client still sending headers after %v was not cut off (header timeout %v): %v", closeWait, shortTimeouts.ReadHeader, err)
	}
	if bytes.Contains(reply.Bytes(), []byte(" 200 ")) {
		t.Errorf("unfinished request was answered: %q", reply.Bytes())
	}
}

func TestServerClosesSlowReader(t *testing.T) {
	dir, size := bigSite(t)
	addr := startServer(t, dir, shortTimeouts)
	c := dial(t, addr)
	io.WriteString(c, "GET /big.wasm HTTP/1.1\r\nHost: x\r\n\r\n")
	time.Sleep(4 * shortTimeouts.Write) // read nothing, well past the write timeout
	br := bufio.NewReader(c)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("reading the response head: %v", err)
	}
	c.SetReadDeadline(time.Now().Add(closeWait))
	n, err := io.Copy(io.Discard, res.Body)
	var ne net.Error
	switch {
	case err == nil:
		t.Errorf("a reader that paused for %v still got all %d bytes (write timeout %v)", 4*shortTimeouts.Write, n, shortTimeouts.Write)
	case errors.As(err, &ne) && ne.Timeout():
		t.Errorf("after %d of %d bytes the connection hung open instead of closing: %v", n, size, err)
	default:
		t.Logf("server closed the connection after %d of %d bytes: %v", n, size, err)
	}
}

// TestSlowDownloadCompletes reads a file more slowly than the read timeout but within the write
// timeout: the read timeout must not cut a download short.
func TestSlowDownloadCompletes(t *testing.T) {
	dir := t.TempDir()
	const size = 1 << 20
	want := bytes.Repeat([]byte("0123456789abcdef"), size/16)
	if err := os.WriteFile(filepath.Join(dir, "module.wasm"), want, 0o644); err != nil {
		t.Fatal(err)
	}
	timeouts := Timeouts{ReadHeader: 200 * time.Millisecond, Read: 200 * time.Millisecond, Write: 20 * time.Second, Idle: 200 * time.Millisecond}
	addr := startServer(t, dir, timeouts)
	c := dial(t, addr)
	io.WriteString(c, "GET /module.wasm HTTP/1.1\r\nHost: x\r\n\r\n")
	br := bufio.NewReader(c)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	buf := make([]byte, 32<<10)
	start := time.Now()
	for {
		n, err := res.Body.Read(buf)
		got.Write(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("after %d of %d bytes in %v: %v", got.Len(), size, time.Since(start), err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("got %d bytes, want the %d-byte file", got.Len(), size)
	}
	if elapsed := time.Since(start); elapsed < timeouts.Read {
		t.Skipf("download took %v, not longer than the read timeout %v: nothing shown", elapsed, timeouts.Read)
	}
}
