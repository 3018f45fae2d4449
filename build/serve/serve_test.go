package serve

import (
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
	"strconv"
	"strings"
	"testing"
	"time"
)

// site writes a small site: pages, a fake wasm module (the magic header is enough for MIME tests),
// precompressed variants for some files, and a secret next to the site root that must never leak.
func site(t *testing.T) string {
	t.Helper()
	parent := t.TempDir()
	dir := filepath.Join(parent, "dist")
	files := map[string]string{
		"index.html":           "<!doctype html><title>explorer</title>",
		"embed.html":           "<!doctype html><title>embed</title>",
		"figures/diagram.html": "<!doctype html><title>diagram</title>",
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

func writeGzip(t *testing.T, path, body string) {
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
