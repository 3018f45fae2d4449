package state

import (
	"fmt"
	"strconv"
	"strings"
)

// DiagramTable is a precomputed transition diagram (wasm/tables/*.tsv, written
// by `go run ./wasm/tables/gen` with sim/replica/rf): per alpha_D the
// interpolation threshold alpha_c and the local-entropy threshold alpha_LE,
// NaN where the computation did not converge.
type DiagramTable struct {
	AlphaD, AlphaC, AlphaLE []float64
}

// ParseDiagramTable reads the table format: '#' starts a comment; every other
// non-empty line holds three numbers "alpha_d alpha_c alpha_le" (NaN allowed
// for the thresholds), alpha_d positive and increasing.
func ParseDiagramTable(text string) (DiagramTable, error) {
	var t DiagramTable
	for i, ln := range strings.Split(text, "\n") {
		if k := strings.IndexByte(ln, '#'); k >= 0 {
			ln = ln[:k]
		}
		f := strings.Fields(ln)
		if len(f) == 0 {
			continue
		}
		if len(f) != 3 {
			return DiagramTable{}, fmt.Errorf("line %d: want 3 numbers, got %d fields", i+1, len(f))
		}
		var v [3]float64
		for k := range v {
			x, err := strconv.ParseFloat(f[k], 64)
			if err != nil {
				return DiagramTable{}, fmt.Errorf("line %d: %q is not a number", i+1, f[k])
			}
			v[k] = x
		}
		if !(v[0] > 0) || (len(t.AlphaD) > 0 && v[0] <= t.AlphaD[len(t.AlphaD)-1]) {
			return DiagramTable{}, fmt.Errorf("line %d: alpha_d %v must be positive and increasing", i+1, v[0])
		}
		t.AlphaD = append(t.AlphaD, v[0])
		t.AlphaC = append(t.AlphaC, v[1])
		t.AlphaLE = append(t.AlphaLE, v[2])
	}
	if len(t.AlphaD) == 0 {
		return DiagramTable{}, fmt.Errorf("empty table")
	}
	return t, nil
}
