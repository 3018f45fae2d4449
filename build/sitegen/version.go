package sitegen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"os/exec"
	"strings"
)

// Version identifies a build of the site; every page shows it (footers, window.flatlandSite).
type Version struct {
	Version string // git describe --tags --always --dirty, e.g. v1.2-3-gabcdef0-dirty
	Commit  string // the full commit hash
}

// unknownVersion is used outside a git checkout (e.g. a source tarball).
const unknownVersion = "unknown"

// GitVersion describes the checkout at root with git; without git or outside a repository it
// returns "unknown" (never an error: a build must not fail for want of a version).
func GitVersion(root string) Version {
	run := func(args ...string) string {
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		b, err := cmd.Output()
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(b))
	}
	v := Version{Version: run("describe", "--tags", "--always", "--dirty"), Commit: run("rev-parse", "HEAD")}
	if v.Version == "" {
		v.Version = unknownVersion
	}
	if v.Commit == "" {
		v.Commit = unknownVersion
	}
	return v
}

// ShortCommit is the first 12 characters of the commit.
func (v Version) ShortCommit() string {
	if len(v.Commit) > 12 {
		return v.Commit[:12]
	}
	return v.Commit
}

// Text is the version line shown to readers.
func (v Version) Text() string {
	return fmt.Sprintf("Flatland %s · commit %s", v.Version, v.ShortCommit())
}

// FileSafe is the version as it may appear in a file name: anything but letters, digits, dot, dash
// and underscore becomes a dash.
func (v Version) FileSafe() string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, v.Version)
}

// versionLine is the footer paragraph that carries the version.
func (v Version) versionLine() string {
	return `<p class="build-version">` + html.EscapeString(v.Text()) + `</p>`
}

// rewriteFooter puts the version line at the end of the page's last footer, or at the end of the body
// of a page without one.
func rewriteFooter(v Version) func([]byte) ([]byte, error) {
	return func(page []byte) ([]byte, error) {
		for _, end := range []string{"</footer>", "</body>"} {
			if i := bytes.LastIndex(page, []byte(end)); i >= 0 {
				out := append([]byte{}, page[:i]...)
				out = append(out, v.versionLine()...)
				out = append(out, '\n')
				return append(out, page[i:]...), nil
			}
		}
		return nil, fmt.Errorf("the page has neither </footer> nor </body> to show the version in")
	}
}

// buildJS is the BUILD object of flatland.js.
func (v Version) buildJS() string {
	b, _ := json.Marshal(map[string]string{"version": v.Version, "commit": v.Commit})
	return string(b)
}
