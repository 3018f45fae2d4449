package main

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"flatland/build/assemble"
	"flatland/build/sitegen"
)

// The release holds the site and the single files under one folder, with the teachers' guide, and
// leaves out the precompressed copies and the output marker.
func TestWriteRelease(t *testing.T) {
	dist := t.TempDir()
	for name, body := range map[string]string{
		"index.html": "<p>site</p>", "index.html.gz": "gz", "flatland.wasm.br": "br", assemble.Marker: "m",
		"figures/train.html": "<p>train</p>", "flatland.html": "<p>single</p>", "flatland.wasm": "wasm",
	} {
		p := filepath.Join(dist, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	v := sitegen.Version{Version: "v1.0-dirty", Commit: "abcdef0123456789"}
	zipPath := filepath.Join(t.TempDir(), "flatland-v1.0-dirty.zip")
	n, size, err := writeRelease(zipPath, "flatland-v1.0-dirty", dist, v)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(zipPath)
	if err != nil || fi.Size() != size {
		t.Fatalf("zip: %v, size %d vs reported %d", err, fi.Size(), size)
	}
	if fi.Mode().Perm()&0o044 != 0o044 {
		t.Errorf("zip mode %v: others cannot read it", fi.Mode())
	}
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.Name == "flatland-v1.0-dirty/TEACHERS.md" {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			r.Close()
			if !strings.Contains(string(b), v.Text()) {
				t.Errorf("TEACHERS.md does not name the version %q", v.Text())
			}
		}
	}
	sort.Strings(names)
	want := []string{"flatland-v1.0-dirty/TEACHERS.md", "flatland-v1.0-dirty/figures/train.html", "flatland-v1.0-dirty/flatland.html",
		"flatland-v1.0-dirty/flatland.wasm", "flatland-v1.0-dirty/index.html"}
	if strings.Join(names, " ") != strings.Join(want, " ") || n != len(want) {
		t.Errorf("zip holds %v (n=%d), want %v", names, n, want)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(zipPath), ".flatland-release-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
