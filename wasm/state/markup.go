package state

// Labels use a small markup for sub- and superscripts: "α_c" and "α_{LE}" are subscripts, "x^2" and
// "e^{-t}" superscripts (one character, or a braced group). The canvas (wasm/text.go) and the SVG
// export both draw from the runs MarkupRuns returns.

// Script is the vertical placement of a run of label text.
type Script int

// The placements of a run.
const (
	Baseline Script = iota
	Subscript
	Superscript
)

// MarkupRun is a piece of a label at one placement.
type MarkupRun struct {
	Text   string
	Script Script
}

// MarkupRuns splits a label into runs: "α_{LE}(α_D)" gives "α", "LE" (sub), "(α", "D" (sub), ")".
// A trailing "_" or "^" is plain text; an unclosed brace runs to the end.
func MarkupRuns(s string) []MarkupRun {
	var out []MarkupRun
	r := []rune(s)
	start := 0
	for i := 0; i < len(r); i++ {
		if (r[i] != '_' && r[i] != '^') || i+1 == len(r) {
			continue
		}
		if start < i {
			out = append(out, MarkupRun{Text: string(r[start:i])})
		}
		script := Subscript
		if r[i] == '^' {
			script = Superscript
		}
		var part []rune
		if r[i+1] == '{' {
			j := i + 2
			for j < len(r) && r[j] != '}' {
				j++
			}
			part = r[i+2 : j]
			i = j
		} else {
			part = r[i+1 : i+2]
			i++
		}
		out = append(out, MarkupRun{Text: string(part), Script: script})
		start = i + 1
	}
	if start < len(r) {
		out = append(out, MarkupRun{Text: string(r[start:])})
	}
	return out
}
