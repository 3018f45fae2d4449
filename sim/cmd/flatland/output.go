package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// Field is one named value of an output record; records keep field order.
type Field struct {
	Key   string
	Value any
}

// Record is one output line: a JSON object with ordered keys, or a table row.
type Record []Field

// note is a remark on a record (a warning, or why a value is missing): a
// string field in JSON, a line of its own under the row in a table.
type note string

// rounded is a number known only to Decimals decimal places: it is printed
// with exactly those digits, in JSON and in tables.
type rounded struct {
	V        float64
	Decimals int
}

func (r rounded) String() string { return strconv.FormatFloat(r.V, 'f', r.Decimals, 64) }

// MarshalJSON prints the digits known (a valid JSON number).
func (r rounded) MarshalJSON() ([]byte, error) { return []byte(r.String()), nil }

// roundToWidth returns v rounded to the decimal place of the first
// significant digit of halfWidth, the uncertainty of v.
func roundToWidth(v, halfWidth float64) rounded {
	if !(halfWidth > 0) || math.IsInf(halfWidth, 0) {
		return rounded{V: v, Decimals: 6}
	}
	dec := int(math.Ceil(-math.Log10(halfWidth)))
	dec = max(0, min(dec, 15))
	return rounded{V: v, Decimals: dec}
}

// Output prints records as JSON lines (JSON true), comma-separated values
// (CSV true) or an aligned table; nil values are JSON null, empty in CSV and
// "-" in tables. In tables and CSV a record whose lists all have the same
// length prints one row per list element (one row per point), its other
// values repeated on every row; JSON keeps the lists.
type Output struct {
	w      io.Writer
	JSON   bool
	CSV    bool
	header []string
	// continued marks output that continues another's (a sweep share after
	// the first): a table or CSV prints no header before its first row.
	continued bool
	widths    []int // the table's column widths under the current header
}

// Emit prints one record. It refuses non-finite numbers: a NaN is never a result.
func (o *Output) Emit(r Record) error {
	for _, f := range r {
		if err := checkFinite(f.Key, f.Value); err != nil {
			return err
		}
	}
	if o.JSON {
		return o.emitJSON(r)
	}
	var keys, notes []string
	var values []any
	for _, f := range r {
		if n, ok := f.Value.(note); ok {
			notes = append(notes, fmt.Sprintf("%s: %s", f.Key, n))
			continue
		}
		keys = append(keys, f.Key)
		values = append(values, f.Value)
	}
	rows := pointRows(values)
	if o.CSV {
		return o.emitCSV(keys, rows, notes)
	}
	cells := make([][]string, len(rows))
	width := make([]int, len(keys))
	sameHeader := strings.Join(keys, "\x00") == strings.Join(o.header, "\x00")
	for i := range keys {
		// a column is at least 6 wide and never narrower than in the rows above it under the
		// same header, so streamed rows stay aligned (n = 51 then 101, alpha 0.8 then 0.85)
		width[i] = max(len(keys[i]), 6)
		if sameHeader && i < len(o.widths) {
			width[i] = max(width[i], o.widths[i])
		}
	}
	for j, row := range rows {
		cells[j] = make([]string, len(row))
		for i, v := range row {
			cells[j][i] = formatValue(v)
			width[i] = max(width[i], len(cells[j][i]))
		}
	}
	if o.newHeader(keys) {
		fmt.Fprintln(o.w, pad(keys, width))
	}
	o.widths = width
	for _, c := range cells {
		if _, err := fmt.Fprintln(o.w, pad(c, width)); err != nil {
			return err
		}
	}
	for _, n := range notes {
		if _, err := fmt.Fprintln(o.w, "  "+n); err != nil {
			return err
		}
	}
	return nil
}

// newHeader reports whether keys differ from the header printed last (and
// remembers them): a header row is printed at the start and whenever the
// columns change.
func (o *Output) newHeader(keys []string) bool {
	if o.continued && o.header == nil {
		o.header = keys
	}
	if strings.Join(keys, "\x00") == strings.Join(o.header, "\x00") {
		return false
	}
	o.header = keys
	return true
}

func (o *Output) emitJSON(r Record) error {
	var b strings.Builder
	b.WriteByte('{')
	for i, f := range r {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(f.Key)
		v, err := json.Marshal(f.Value)
		if err != nil {
			return fmt.Errorf("encoding %s: %w", f.Key, err)
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteString("}\n")
	_, err := io.WriteString(o.w, b.String())
	return err
}

// emitCSV writes rows under a header row (RFC 4180 quoting); numbers have
// all their digits, as in JSON. A note is a comment line after the rows,
// "# key: text".
func (o *Output) emitCSV(keys []string, rows [][]any, notes []string) error {
	w := csv.NewWriter(o.w)
	if o.newHeader(keys) {
		if err := w.Write(keys); err != nil {
			return err
		}
	}
	for _, row := range rows {
		cells := make([]string, len(row))
		for i, v := range row {
			cells[i] = csvValue(v)
		}
		if err := w.Write(cells); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	for _, n := range notes {
		if _, err := fmt.Fprintln(o.w, "# "+strings.ReplaceAll(n, "\n", " ")); err != nil {
			return err
		}
	}
	return nil
}

// pointRows turns a record's values into rows: one per element when every
// list (slice) value has the same length n >= 1, scalars repeated; otherwise
// the values as they are, in one row.
func pointRows(values []any) [][]any {
	n := -1
	for _, v := range values {
		rv := reflect.ValueOf(v)
		if !rv.IsValid() || rv.Kind() != reflect.Slice {
			continue
		}
		switch {
		case n < 0:
			n = rv.Len()
		case n != rv.Len():
			n = 0
		}
	}
	if n <= 0 {
		return [][]any{values}
	}
	rows := make([][]any, n)
	for j := range rows {
		rows[j] = make([]any, len(values))
		for i, v := range values {
			if rv := reflect.ValueOf(v); rv.IsValid() && rv.Kind() == reflect.Slice {
				rows[j][i] = rv.Index(j).Interface()
			} else {
				rows[j][i] = v
			}
		}
	}
	return rows
}

// csvValue prints v for CSV: numbers exactly as JSON prints them (all
// their digits), nil empty, lists joined with ";".
func csvValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		b, _ := json.Marshal(x) // finite: checked by Emit
		return string(b)
	case rounded:
		return x.String()
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice {
		s := make([]string, rv.Len())
		for i := range s {
			s[i] = csvValue(rv.Index(i).Interface())
		}
		return strings.Join(s, ";")
	}
	return fmt.Sprint(v)
}

func pad(cells []string, width []int) string {
	var b strings.Builder
	for i, c := range cells {
		if i > 0 {
			b.WriteString("  ")
		}
		fmt.Fprintf(&b, "%-*s", width[i], c)
	}
	return strings.TrimRight(b.String(), " ")
}

func formatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "-"
	case []any:
		s := make([]string, len(x))
		for i, e := range x {
			if f, ok := e.(float64); ok {
				s[i] = fmt.Sprintf("%.5g", f)
			} else {
				s[i] = formatValue(e)
			}
		}
		return strings.Join(s, ",")
	case []int:
		s := make([]string, len(x))
		for i, e := range x {
			s[i] = strconv.Itoa(e)
		}
		return strings.Join(s, ",")
	case []rounded:
		s := make([]string, len(x))
		for i, e := range x {
			s[i] = e.String()
		}
		return strings.Join(s, ",")
	case float64:
		return fmt.Sprintf("%.6g", x)
	case []float64:
		s := make([]string, len(x))
		for i, e := range x {
			s[i] = fmt.Sprintf("%.5g", e)
		}
		return strings.Join(s, ",")
	default:
		return fmt.Sprint(v)
	}
}

func checkFinite(key string, v any) error {
	bad := func(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }
	switch x := v.(type) {
	case float64:
		if bad(x) {
			return fmt.Errorf("%s is not a finite number (%v); refusing to print it", key, x)
		}
	case []float64:
		for i, e := range x {
			if bad(e) {
				return fmt.Errorf("%s[%d] is not a finite number (%v); refusing to print it", key, i, e)
			}
		}
	case rounded:
		return checkFinite(key, x.V)
	case []rounded:
		for i, e := range x {
			if bad(e.V) {
				return fmt.Errorf("%s[%d] is not a finite number (%v); refusing to print it", key, i, e.V)
			}
		}
	case []any:
		for i, e := range x {
			if err := checkFinite(fmt.Sprintf("%s[%d]", key, i), e); err != nil {
				return err
			}
		}
	}
	return nil
}
