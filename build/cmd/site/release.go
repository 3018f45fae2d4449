package main

import (
	"archive/zip"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"flatland/build/assemble"
	"flatland/build/sitegen"
)

// releaseSkips reports files of the assembled site that stay out of the release: the precompressed
// copies (only a server that sends them with Content-Encoding gains from them, and they double the
// size) and the output marker.
func releaseSkips(name string) bool {
	return strings.HasSuffix(name, ".gz") || strings.HasSuffix(name, ".br") || path.Base(name) == assemble.Marker
}

// writeRelease packs the assembled site in dist and TEACHERS.md under the folder top/ into a zip at
// zipPath (written beside it first, then renamed, so a failed run leaves no half archive). It returns
// the number of files and the archive's size.
func writeRelease(zipPath, top, dist string, v sitegen.Version) (files int, size int64, err error) {
	tmp, err := os.CreateTemp(filepath.Dir(zipPath), ".flatland-release-*.zip")
	if err != nil {
		return 0, 0, err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	zw := zip.NewWriter(tmp)
	// One timestamp for every entry: the time of the release.
	stamp := time.Now().UTC().Truncate(time.Second)
	add := func(name string, r io.Reader) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: top + "/" + name, Method: zip.Deflate, Modified: stamp})
		if err != nil {
			return err
		}
		_, err = io.Copy(w, r)
		files++
		return err
	}
	if err := add("TEACHERS.md", strings.NewReader(string(sitegen.TeachersMarkdown(v)))); err != nil {
		return 0, 0, err
	}
	err = filepath.WalkDir(dist, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dist, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if releaseSkips(rel) {
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		return add(rel, f)
	})
	if err != nil {
		return 0, 0, err
	}
	if err := zw.Close(); err != nil {
		return 0, 0, err
	}
	if size, err = tmp.Seek(0, io.SeekEnd); err != nil {
		return 0, 0, err
	}
	if err := tmp.Close(); err != nil {
		return 0, 0, err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil { // CreateTemp makes it private
		return 0, 0, err
	}
	return files, size, os.Rename(tmp.Name(), zipPath)
}
