package main

import (
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// jsonPointRows expands JSON lines the way tables and CSV print them: a line
// whose lists all have one length n gives n rows; notes (string fields that
// CSV prints as comments) are left out by the caller's keys.
func jsonPointRows(t *testing.T, out string) []map[string]any {
	t.Helper()
	var rows []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		dec := json.NewDecoder(strings.NewReader(l))
		dec.UseNumber()
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("bad JSON line %q", l)
		}
		n := -1
		for _, v := range m {
			if a, ok := v.([]any); ok {
				if n < 0 || n == len(a) {
					n = len(a)
				} else {
					n = 0
				}
			}
		}
		if n <= 0 {
			rows = append(rows, m)
			continue
		}
		for j := 0; j < n; j++ {
			r := map[string]any{}
			for k, v := range m {
				if a, ok := v.([]any); ok {
					r[k] = a[j]
				} else {
					r[k] = v
				}
			}
			rows = append(rows, r)
		}
	}
	return rows
}

// -csv prints a header row and one row per point with the numbers of -json,
// digit for digit; notes are "#" comment lines.
func TestCSVMatchesJSON(t *testing.T) {
	cases := []struct {
		args []string
		rows int
	}{
		{[]string{"rf", "diagram", "-stored"}, 24},
		{[]string{"rf", "interpolation", "-alpha-d", "1"}, 1},
		{[]string{"rf", "local-entropy", "-alpha", "0.5", "-alpha-d", "1"}, -1},
		{[]string{"perceptron", "local-entropy", "-alpha", "0.5"}, -1},
		{[]string{"sweep", "-n", "61", "-alphas", "0.2,0.5", "-samples", "2"}, 2},
		{[]string{"flatness", "-n", "101", "-alpha", "0.2", "-algos", "cpr,sa", "-d", "0.01,0.05,0.1", "-flips", "5", "-test", "10"}, 6},
		{[]string{"rf", "generalization", "-alpha-t", "2", "-points", "2", "-n-over-p-min", "0.3", "-n-over-p-max", "3"}, 2},
	}
	for _, c := range cases {
		name := strings.Join(c.args, " ")
		jout, jerr, jcode := runTrainCLI(append(c.args, "-json")...)
		cout, cerr, ccode := runTrainCLI(append(c.args, "-csv")...)
		if jcode != ccode || jcode != 0 {
			t.Fatalf("%s: exit %d with -json (%s), %d with -csv (%s)", name, jcode, jerr, ccode, cerr)
		}
		r := csv.NewReader(strings.NewReader(cout))
		r.Comment = '#'
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil || len(recs) < 2 {
			t.Fatalf("%s: CSV %q: %v", name, cout, err)
		}
		header, body := recs[0], recs[1:]
		want := jsonPointRows(t, jout)
		if len(body) != len(want) || (c.rows > 0 && len(body) != c.rows) {
			t.Fatalf("%s: %d CSV rows, %d points in JSON, want %d", name, len(body), len(want), c.rows)
		}
		for j, row := range body {
			if len(row) != len(header) {
				t.Fatalf("%s: row %d has %d cells for %d columns", name, j, len(row), len(header))
			}
			for i, k := range header {
				if k == "seconds" {
					continue // wall-clock time differs between the two runs
				}
				jv, ok := want[j][k]
				if !ok {
					t.Errorf("%s: CSV column %q not in the JSON line", name, k)
					continue
				}
				if got, w := row[i], cellText(jv); got != w {
					t.Errorf("%s: row %d %s: CSV %q, JSON %q", name, j, k, got, w)
				}
			}
		}
	}
	if _, errs, code := runTrainCLI("rf", "interpolation", "-json", "-csv"); code != 2 || !oneLine(errs) || !strings.Contains(errs, "-csv") {
		t.Errorf("-json -csv: exit %d, %q; want 2 and one line", code, errs)
	}
}

// cellText is a JSON value as the CSV cell that must carry it.
func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case string:
		return x
	}
	return "?"
}

// Tables print one row per point: `rf diagram` a row per alpha_D under one
// header, and a note stays under its row.
func TestTableOneRowPerPoint(t *testing.T) {
	out, errs, code := runTrainCLI("rf", "diagram", "-stored")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 25 || !strings.HasPrefix(lines[0], "alpha_d ") || strings.Contains(out, ",") {
		t.Fatalf("rf diagram table: %d lines, want a header and 24 rows without lists:\n%s", len(lines), out)
	}
	for i, l := range lines[1:] {
		f := strings.Fields(l)
		if len(f) != 11 {
			t.Errorf("row %d: %d cells: %q", i, len(f), l)
		}
	}
	if f := strings.Fields(lines[1]); f[0] != "0.05" || f[2] != "2.378" {
		t.Errorf("first row %q: want alpha_d 0.05, alpha_le 2.378", lines[1])
	}
	if f := strings.Fields(lines[24]); f[0] != "10" {
		t.Errorf("last row %q: want alpha_d 10", lines[24])
	}
}
