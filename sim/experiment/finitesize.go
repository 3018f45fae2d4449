package experiment

import (
	_ "embed"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The stored finite-size study: focusing BP on the random-features model
// (sign features, teacher labels, alpha_D = 1, kappa = 0, seeds 1-10) at each
// stored size. fBP takes minutes per point from N = 501, so the front end
// draws these lines instead of computing them.
const (
	StoredFiniteSizeAlgo    = "fbp"
	StoredFiniteSizeModel   = RandomFeatures
	StoredFiniteSizeAct     = "sign"
	StoredFiniteSizeLabels  = "teacher"
	StoredFiniteSizeAlphaD  = 1.0
	StoredFiniteSizeAlphas  = "0.6,0.7,0.75,0.8,0.85,0.9,0.95"
	StoredFiniteSizeSamples = 10
)

// StoredFiniteSizeAlphaLD is alpha_LD of the stored study's model, where its
// dense-region local entropy stops being monotone: rf.DenseThreshold at
// alpha_D = 1, tolerance 1e-4. It takes about 3 s of CPU (natively and under
// WebAssembly), too long for a page; TestStoredFiniteSizeAlphaLD re-derives it.
const StoredFiniteSizeAlphaLD = 0.8375

// StoredFiniteSizeCommand is the command whose JSON lines are stored, at the
// sizes ns (comma-separated); each size was run on its own (a size's lines
// do not depend on the others).
func StoredFiniteSizeCommand(ns string) string {
	return FiniteSizeCommand(StoredFiniteSizeAct, StoredFiniteSizeLabels, StoredFiniteSizeAlphaD, ns)
}

// FiniteSizeCommand is the stored study's command for another RF model:
// feature activation act, labels and alpha_D.
func FiniteSizeCommand(act, labels string, alphaD float64, ns string) string {
	return fmt.Sprintf("flatland finite-size -model %s -act %s -alpha-d %s -labels %s -algo %s -ns %s -alphas %s -samples %d -json",
		StoredFiniteSizeModel, act, strconv.FormatFloat(alphaD, 'g', -1, 64), labels, StoredFiniteSizeAlgo, ns, StoredFiniteSizeAlphas, StoredFiniteSizeSamples)
}

// storedFiniteSize holds the lines of StoredFiniteSizeCommand, sizes
// ascending (each size's lines as the command prints them), made by
//
//	go run ./sim/cmd/flatland finite-size -model rf -act sign -alpha-d 1 -labels teacher -algo fbp -ns N -alphas 0.6,0.7,0.75,0.8,0.85,0.9,0.95 -samples 10 -json
//
// for each stored N (or by several runs over parts of the alphas: a point's
// line does not depend on the others). Complete points only, sorted: sizes
// ascending, alphas ascending within a size (ParseFiniteSize rejects the
// rest). TestFiniteSizeStoredStudy (sim/cmd/flatland) re-runs part of it and
// requires the same lines byte for byte.
//
//go:embed stored/finite-size-rf.jsonl
var storedFiniteSize string

// StoredFiniteSizeJSON is the stored study's JSON lines.
func StoredFiniteSizeJSON() string { return storedFiniteSize }

// FiniteSizeRow is one (N, alpha) point of a finite-size study.
type FiniteSizeRow struct {
	N       int
	Alpha   float64
	Solved  int     // instances trained to zero errors
	Samples int     // instances run
	Lo, Hi  float64 // 68% Wilson interval of Solved/Samples
}

// StoredFiniteSize parses the stored study.
func StoredFiniteSize() ([]FiniteSizeRow, error) {
	return ParseFiniteSize(storedFiniteSize, StoredFiniteSizeAlgo, StoredFiniteSizeModel)
}

// ParseFiniteSize reads `flatland finite-size -json` lines of algorithm algo
// on model: complete points only (no cut-short line), sizes ascending and
// alphas ascending within a size, each interval the Wilson interval of its
// counts. An error names the line and what is wrong with it.
func ParseFiniteSize(text, algo, model string) ([]FiniteSizeRow, error) {
	var rows []FiniteSizeRow
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		r, err := finiteSizeRow(line, algo, model)
		if err == nil && len(rows) > 0 {
			prev := rows[len(rows)-1]
			if r.N < prev.N || r.N == prev.N && !(r.Alpha > prev.Alpha) {
				err = fmt.Errorf("N=%d alpha=%v after N=%d alpha=%v: want sizes ascending, alphas ascending within a size", r.N, r.Alpha, prev.N, prev.Alpha)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("finite-size line %d: %v", i+1, err)
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		return nil, errors.New("finite-size study: no lines")
	}
	return rows, nil
}

// finiteSizeRow reads and checks one line.
func finiteSizeRow(line, algo, model string) (FiniteSizeRow, error) {
	obj, err := flatJSONObject(line)
	if err != nil {
		return FiniteSizeRow{}, err
	}
	for _, kv := range [...][2]string{{"algo", algo}, {"model", model}, {"cut_short", "false"}} {
		if v := member(obj, kv[0]); v.quoted != (kv[0] != "cut_short") || v.text != kv[1] {
			return FiniteSizeRow{}, fmt.Errorf("%s is %q, want %q (a complete point of the study)", kv[0], v.text, kv[1])
		}
	}
	var x [7]float64
	for i, key := range [...]string{"n", "alpha", "solved", "samples", "samples_done", "success_lo", "success_hi"} {
		v := member(obj, key)
		x[i], err = strconv.ParseFloat(v.text, 64)
		if v.quoted || err != nil || math.IsInf(x[i], 0) || math.IsNaN(x[i]) || i != 1 && i < 5 && (x[i] != math.Trunc(x[i]) || x[i] < 0 || x[i] > 1e9) {
			return FiniteSizeRow{}, fmt.Errorf("%s is %q, want a finite number (a whole, non-negative one for n and the counts)", key, v.text)
		}
	}
	r := FiniteSizeRow{N: int(x[0]), Alpha: x[1], Solved: int(x[2]), Samples: int(x[3]), Lo: x[5], Hi: x[6]}
	if err := CheckAlpha(r.Alpha); err != nil {
		return r, err
	}
	if r.N < 3 || r.Samples < 1 || x[4] != x[3] || r.Solved > r.Samples {
		return r, fmt.Errorf("n %d, %v of %d samples done, %d solved: want n >= 3, every sample done and at most all solved", r.N, x[4], r.Samples, r.Solved)
	}
	if lo, hi := WilsonInterval(r.Solved, r.Samples, 1); math.Abs(r.Lo-lo) > 1e-12 || math.Abs(r.Hi-hi) > 1e-12 {
		return r, fmt.Errorf("interval [%v, %v] is not the Wilson interval [%v, %v] of %d solved of %d", r.Lo, r.Hi, lo, hi, r.Solved, r.Samples)
	}
	return r, nil
}

// jsonMember is one member of a flat JSON object: its key, its value's
// text, and whether the value was a string (text without the quotes).
type jsonMember struct {
	key, text string
	quoted    bool
}

// member is obj's member key (the zero member if there is none).
func member(obj []jsonMember, key string) jsonMember {
	m, _ := memberOK(obj, key)
	return m
}

// memberOK is obj's member key and whether there is one.
func memberOK(obj []jsonMember, key string) (jsonMember, bool) {
	for _, m := range obj {
		if m.key == key {
			return m, true
		}
	}
	return jsonMember{}, false
}

// flatJSONObject reads a JSON object whose values are numbers, literals or
// strings without escapes, all a finite-size line holds (the browser's
// module carries no encoding/json).
func flatJSONObject(s string) ([]jsonMember, error) {
	s = strings.TrimSpace(s)
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return nil, errors.New("not a JSON object")
	}
	var obj []jsonMember
	rest := strings.TrimSpace(s[1 : len(s)-1])
	for rest != "" {
		var m jsonMember
		var ok bool
		m.key, rest, ok = jsonString(rest)
		rest = strings.TrimSpace(rest)
		if ok = ok && strings.HasPrefix(rest, ":"); ok {
			rest = strings.TrimSpace(rest[1:])
			if m.quoted = strings.HasPrefix(rest, `"`); m.quoted {
				m.text, rest, ok = jsonString(rest)
			} else {
				end := strings.IndexByte(rest, ',')
				if end < 0 {
					end = len(rest)
				}
				m.text, rest = strings.TrimSpace(rest[:end]), rest[end:]
				ok = m.text != "" && !strings.ContainsAny(m.text, `[]{}"`)
			}
		}
		rest = strings.TrimSpace(rest)
		if after, comma := strings.CutPrefix(rest, ","); comma {
			rest = strings.TrimSpace(after)
			ok = ok && rest != ""
		}
		if _, dup := memberOK(obj, m.key); !ok || dup {
			return nil, fmt.Errorf("member %d (key %q): want \"key\": number, literal or string without escapes, each key once, separated by commas", len(obj)+1, m.key)
		}
		obj = append(obj, m)
	}
	return obj, nil
}

// jsonString reads the string at the start of s (without escapes) and
// returns it and what follows; ok is false if there is no such string.
func jsonString(s string) (str, rest string, ok bool) {
	end := strings.IndexByte(s[min(1, len(s)):], '"')
	if !strings.HasPrefix(s, `"`) || end < 0 || strings.Contains(s[1:1+end], `\`) {
		return "", s, false
	}
	return s[1 : 1+end], s[2+end:], true
}

// FiniteSizeSizes are the sizes of rows, in order.
func FiniteSizeSizes(rows []FiniteSizeRow) []int {
	var ns []int
	for _, r := range rows {
		if len(ns) == 0 || ns[len(ns)-1] != r.N {
			ns = append(ns, r.N)
		}
	}
	return ns
}

// FiniteSizeCrossing is where the success curve of size large crosses that
// of size small from above (large solves more below, less above): linear
// between the last alpha both share where large is ahead and the next where
// it is behind (at the first tie between them, if any). ok is false when
// the curves do not cross so.
func FiniteSizeCrossing(rows []FiniteSizeRow, small, large int) (alpha float64, ok bool) {
	lastAhead, lead := math.NaN(), 0.0
	tie := math.NaN()
	for _, r := range rows {
		if r.N != large {
			continue
		}
		for _, q := range rows {
			if q.N != small || q.Alpha != r.Alpha {
				continue
			}
			d := float64(r.Solved)/float64(r.Samples) - float64(q.Solved)/float64(q.Samples)
			switch {
			case d > 0:
				lastAhead, lead, tie = r.Alpha, d, math.NaN()
			case d == 0 && !math.IsNaN(lastAhead) && math.IsNaN(tie):
				tie = r.Alpha
			case d < 0 && !math.IsNaN(lastAhead):
				if !math.IsNaN(tie) {
					return tie, true
				}
				return lastAhead + (r.Alpha-lastAhead)*lead/(lead-d), true
			}
		}
	}
	return math.NaN(), false
}
