package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
)

// Field is one named value of an output record; records keep field order.
type Field struct {
	Key   string
	Value any
}

// Record is one output line: a JSON object with ordered keys, or a table row.
type Record []Field

// Output prints records as JSON lines (JSON true) or as an aligned table.
type Output struct {
	w      io.Writer
	JSON   bool
	header []string
}

// Emit prints one record. It refuses non-finite numbers: a NaN is never a result.
func (o *Output) Emit(r Record) error {
	for _, f := range r {
		if err := checkFinite(f.Key, f.Value); err != nil {
			return err
		}
	}
	if o.JSON {
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
	keys := make([]string, len(r))
	vals := make([]string, len(r))
	for i, f := range r {
		keys[i] = f.Key
		vals[i] = formatValue(f.Value)
	}
	width := make([]int, len(r))
	for i := range r {
		width[i] = max(len(keys[i]), len(vals[i]))
	}
	if strings.Join(keys, "\x00") != strings.Join(o.header, "\x00") {
		o.header = keys
		fmt.Fprintln(o.w, pad(keys, width))
	}
	_, err := fmt.Fprintln(o.w, pad(vals, width))
	return err
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
	}
	return nil
}
