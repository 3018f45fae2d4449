package state

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseDiagramTable(t *testing.T) {
	cases := []struct {
		text string
		n    int
		err  string
	}{
		{"# head\n0.05 3.0 NaN  # not converged\n1 0.93 0.79\n", 2, ""},
		{"", 0, "empty"},
		{"1 2\n", 0, "3 numbers"},
		{"1 x 2\n", 0, "not a number"},
		{"1 2 3\n0.5 2 1\n", 0, "increasing"},
		{"-1 2 1\n", 0, "positive"},
	}
	for _, c := range cases {
		tab, err := ParseDiagramTable(c.text)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: error %v, want %q", c.text, err, c.err)
			}
			continue
		}
		if err != nil || len(tab.AlphaD) != c.n {
			t.Errorf("%q: %v, %d points, want %d", c.text, err, len(tab.AlphaD), c.n)
		}
	}
}

// The committed tables parse, cover alpha_D in [0.05, 10], and every converged
// point has 0 < alpha_LE < alpha_c (the seed paper's gap).
func TestCommittedTables(t *testing.T) {
	files, err := filepath.Glob("../tables/*.tsv")
	if err != nil || len(files) == 0 {
		t.Fatalf("no tables found: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tab, err := ParseDiagramTable(string(b))
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if math.Abs(tab.AlphaD[0]-0.05) > 1e-12 || math.Abs(tab.AlphaD[len(tab.AlphaD)-1]-10) > 1e-9 {
			t.Errorf("%s: alpha_D range [%v, %v], want [0.05, 10]", f, tab.AlphaD[0], tab.AlphaD[len(tab.AlphaD)-1])
		}
		converged := 0
		for i := range tab.AlphaD {
			c, le := tab.AlphaC[i], tab.AlphaLE[i]
			if math.IsNaN(c) || math.IsNaN(le) {
				continue
			}
			converged++
			if !(le > 0 && le < c) {
				t.Errorf("%s: alpha_D=%v: alpha_LE=%v not in (0, alpha_c=%v)", f, tab.AlphaD[i], le, c)
			}
		}
		if converged < len(tab.AlphaD)/2 {
			t.Errorf("%s: only %d of %d points converged", f, converged, len(tab.AlphaD))
		}
		t.Logf("%s: %d/%d points converged", filepath.Base(f), converged, len(tab.AlphaD))
	}
}
