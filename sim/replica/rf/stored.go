package rf

import (
	"embed"
	"fmt"
	"strconv"
	"strings"
)

// The transition diagrams of every activation and label rule on the default
// grid (24 log-spaced alpha_D in [0.05, 10]), as computed by this package:
//
//	go run ./sim/replica/rf/stored/gen -act sign -labels teacher > sim/replica/rf/stored/sign-teacher.tsv
//
// A live diagram takes seconds of CPU (about 1.2 s natively for
// sign/teacher, more in a browser), so the front end draws these at once,
// marked as stored, and recomputes them live; `flatland rf diagram
// -stored` prints them.
// TestStoredDiagrams re-derives points of every table from scratch, so a
// table cannot drift from the code that made it.
//
//go:embed stored/*.tsv
var storedFS embed.FS

// Stored diagram grid.
const (
	StoredPoints    = 24
	StoredAlphaDMin = 0.05
	StoredAlphaDMax = 10.0
)

// StoredDiagram returns the stored diagram of m on the stored grid, if one
// exists (binary weights, kappa = 0). AlphaLEWidth is the bisection bracket;
// EpsTypicalAtC is not stored (0). A point that did not converge when the
// table was made carries an Err.
func StoredDiagram(m Model) ([]DiagramPoint, bool) {
	if m.Kappa != 0 || m.Spherical {
		return nil, false
	}
	b, err := storedFS.ReadFile("stored/" + m.Act.String() + "-" + m.Labels.String() + ".tsv")
	if err != nil {
		return nil, false
	}
	pts, err := parseStoredDiagram(string(b))
	if err != nil {
		return nil, false
	}
	return pts, true
}

// parseStoredDiagram reads the table format written by stored/gen: '#' starts
// a comment (after a NaN it carries the solver's error); every other non-empty
// line holds "alpha_d alpha_c alpha_le", alpha_d positive and increasing.
func parseStoredDiagram(text string) ([]DiagramPoint, error) {
	var pts []DiagramPoint
	for i, ln := range strings.Split(text, "\n") {
		comment := ""
		if k := strings.IndexByte(ln, '#'); k >= 0 {
			ln, comment = ln[:k], strings.TrimSpace(ln[k+1:])
		}
		f := strings.Fields(ln)
		if len(f) == 0 {
			continue
		}
		if len(f) != 3 {
			return nil, fmt.Errorf("line %d: want 3 numbers, got %d fields", i+1, len(f))
		}
		var v [3]float64
		for k := range v {
			x, err := strconv.ParseFloat(f[k], 64)
			if err != nil {
				return nil, fmt.Errorf("line %d: %q is not a number", i+1, f[k])
			}
			v[k] = x
		}
		if !(v[0] > 0) || (len(pts) > 0 && v[0] <= pts[len(pts)-1].AlphaD) {
			return nil, fmt.Errorf("line %d: alpha_d %v must be positive and increasing", i+1, v[0])
		}
		p := DiagramPoint{AlphaD: v[0], AlphaC: v[1], AlphaLE: v[2], AlphaLEWidth: alphaLETol}
		if !(v[1] > 0) || !(v[2] > 0) {
			p.AlphaC, p.AlphaLE = max(v[1], 0), max(v[2], 0) // NaN -> 0
			p.Err = fmt.Errorf("stored diagram: alpha_D=%g did not converge when stored: %s", v[0], comment)
		}
		pts = append(pts, p)
	}
	if len(pts) == 0 {
		return nil, fmt.Errorf("empty table")
	}
	return pts, nil
}
