package sitegen

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"flatland/build/assemble"
	"flatland/sim/mnist"
	"flatland/wasm/state"
)

// Single-file builds: the explorer (flatland.html) and each figure (flatland-NAME.html) as one HTML
// file with the module, the glue, the page script, the stylesheet and the icon inside, so that they
// open from the disk (file://), where browsers refuse fetch(), with no server and no network.
//
// The module is stored gzip-compressed (the page decompresses it with DecompressionStream) and written
// as base128 text (below): 8 characters per 7 bytes instead of base64's 4 per 3 keeps each file well
// under 4 MB.
// The explorer's figures run in srcdoc frames, which share the host page's origin (opaque "null" on
// file://) and take its decoded module (explorer, frameDocument and embeddedModule in site/flatland.js).
//
// Content-Security-Policy: the inline scripts and the stylesheet are allowed by their SHA-256 hashes,
// not by 'unsafe-inline', so any other inline script (an injection) is still refused; the figure frames
// inherit the policy and hold the same texts, hence the same hashes.

// ExplorerFile is the single-file explorer.
const ExplorerFile = "flatland.html"

// SingleFigureFile is the single file of one figure.
func SingleFigureFile(name string) string { return "flatland-" + name + ".html" }

// SingleFileGoal is the size each single file should stay under: 4 MB (decimal, as the goal is stated).
const SingleFileGoal = 4_000_000

// The module text is "base128": the packed bytes as a stream of 7-bit values, most significant bit
// first, each written as the ASCII character of that code. Three codes cannot stand in the raw text
// of an HTML <script> element: NUL (the parser replaces it), CR (the parser turns CR and CR LF into
// LF) and "<" (it could start "</script" or "<!--"). Such a value is written together with the value
// that follows it as one two-byte UTF-8 character, U+0100 + 128*index + next (U+0100..U+027F,
// Latin letters), where index is its place in base128Escaped. That is 8 bits per 7 characters
// (8/7 bytes of file per packed byte, base85's 5/4 and base64's 4/3) and needs no alphabet table.
// The decoder keeps the first length bytes. site/flatland.js holds the same list for decoding.
const base128Escaped = "\x00\r<"

// base128EscapeStart is the first code point of the two-character escapes.
const base128EscapeStart = 0x100

// encodeBase128 writes data as base128 text (see base128Escaped).
func encodeBase128(data []byte) string {
	var b strings.Builder
	b.Grow(len(data)*8/7 + 2)
	var values []byte
	acc, bits := uint32(0), 0
	for _, x := range data {
		acc = acc<<8 | uint32(x)
		bits += 8
		for bits >= 7 {
			bits -= 7
			values = append(values, byte(acc>>bits)&127)
		}
		acc &= 1<<bits - 1
	}
	if bits > 0 {
		values = append(values, byte(acc<<(7-bits))&127)
	}
	for i := 0; i < len(values); i++ {
		v := values[i]
		k := strings.IndexByte(base128Escaped, v)
		if k < 0 {
			b.WriteByte(v)
			continue
		}
		next := byte(0) // a trailing escaped value is followed by a padding value the decoder drops
		if i+1 < len(values) {
			i++
			next = values[i]
		}
		b.WriteRune(rune(base128EscapeStart + 128*k + int(next)))
	}
	return b.String()
}

// decodeBase128 is the inverse of encodeBase128 (for tests; the page decodes in JavaScript).
func decodeBase128(text string, length int) ([]byte, error) {
	out := make([]byte, 0, length)
	acc, bits := uint32(0), 0
	push := func(v byte) {
		acc = acc<<7 | uint32(v)
		bits += 7
		if bits >= 8 {
			bits -= 8
			if len(out) < length {
				out = append(out, byte(acc>>bits))
			}
			acc &= 1<<bits - 1
		}
	}
	for i, c := range text {
		switch {
		case c < 128 && strings.IndexByte(base128Escaped, byte(c)) < 0:
			push(byte(c))
		case c >= base128EscapeStart && c < base128EscapeStart+128*rune(len(base128Escaped)):
			k := int(c-base128EscapeStart) / 128
			push(base128Escaped[k])
			push(byte(c-base128EscapeStart) & 127)
		default:
			return nil, fmt.Errorf("character %q at byte %d is not base128", c, i)
		}
	}
	if len(out) < length {
		return nil, fmt.Errorf("stated length %d exceeds the %d decoded bytes", length, len(out))
	}
	return out, nil
}

// singleParts are the texts every single file inlines.
type singleParts struct {
	module    string // <script type="text/plain" id="flatland-module" ...>...</script>
	digits    []byte // the deep figure's digit asset (nil when the site has none)
	runtime   string // wasm_exec.js and flatland.js, run as one inline script
	css       string
	favicon   string // data: URL
	lesson    string // lesson.js (the guided lesson), in the explorer only
	lessonCSS string // lesson.css, in the explorer's stylesheet only
}

// stylesheet is the inline stylesheet of a page: the explorer's has the lesson's styles too (its
// figure frames copy it, so they carry the same hash).
func (p singleParts) stylesheet(explorer bool) string {
	if explorer {
		return p.css + p.lessonCSS
	}
	return p.css
}

func hashSource(text string) string {
	sum := sha256.Sum256([]byte(text))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// csp is the policy of a single file: only its own inline texts by hash, no network at all.
func (p singleParts) csp(explorer bool) string {
	scripts := hashSource(p.runtime)
	frames := ""
	if explorer {
		scripts += " " + hashSource(p.lesson)
		frames = " frame-src 'self';"
	}
	return "default-src 'none'; script-src " + scripts + " 'wasm-unsafe-eval'; style-src " + hashSource(p.stylesheet(explorer)) +
		"; img-src data: blob:; connect-src 'none';" + frames + " object-src 'none'; base-uri 'none'; form-action 'none'"
}

// noCR makes the texts byte-identical to what the HTML parser hands to the hash check (it turns CR
// LF into LF).
func noCR(b []byte) string { return strings.ReplaceAll(string(b), "\r\n", "\n") }

func loadSingleParts(out string) (singleParts, error) {
	read := func(name string) ([]byte, error) {
		return os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
	}
	var p singleParts
	packed, err := read(assemble.WasmName + ".gz")
	if err != nil {
		wasm, err := read(assemble.WasmName)
		if err != nil {
			return p, err
		}
		if packed, err = assemble.Compress(wasm, "gzip", assemble.BestGzipLevel()); err != nil {
			return p, err
		}
	}
	p.module = `<script type="text/plain" id="flatland-module" data-encoding="gzip+base128" data-length="` +
		strconv.Itoa(len(packed)) + `">` + encodeBase128(packed) + `</script>`
	// The deep figure's digits (inlined by digitsTag, as large as each file's room allows).
	if asset, err := read(DigitsFile); err == nil {
		p.digits = asset
	}
	glue, err := read(assemble.WasmExecName)
	if err != nil {
		return p, err
	}
	script, err := read("flatland.js")
	if err != nil {
		return p, err
	}
	p.runtime = "\n" + stripJSKeepHeader(noCR(glue)) + "\n;\n" + stripJS(noCR(script)) + "\n"
	css, err := read("style.css")
	if err != nil {
		return p, err
	}
	p.css = "\n" + minifyCSS(noCR(css)) + "\n"
	icon, err := read("favicon.svg")
	if err != nil {
		return p, err
	}
	p.favicon = "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(icon)
	lesson, err := read("lesson.js")
	if err != nil {
		return p, err
	}
	lessonCSS, err := read("lesson.css")
	if err != nil {
		return p, err
	}
	p.lessonCSS = minifyCSS(noCR(lessonCSS)) + "\n"
	p.lesson = "\n" + stripJS(noCR(lesson)) + "\n"
	for name, text := range map[string]string{"the runtime (wasm_exec.js, flatland.js)": p.runtime, "lesson.js": p.lesson} {
		if strings.Contains(strings.ToLower(text), "</script") || strings.Contains(text, "<!--") {
			return p, fmt.Errorf("%s contains </script or <!--, which would end the inline script early", name)
		}
	}
	if strings.Contains(strings.ToLower(p.css+p.lessonCSS), "</style") {
		return p, errors.New("style.css or lesson.css contains </style, which would end the inline stylesheet early")
	}
	return p, nil
}

var (
	cspMeta        = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="[^"]*">`)
	iconLink       = regexp.MustCompile(`<link rel="icon" href="[^"]*favicon\.svg" type="image/svg\+xml">`)
	stylesheetLink = regexp.MustCompile(`<link rel="stylesheet" href="[^"]*style\.css">`)
	preloadLink    = regexp.MustCompile(`<link rel="preload"[^>]*>\n?`)
	pageScript     = regexp.MustCompile(`<script src="[^"]*flatland\.js"((?: data-[a-z-]+="[^"]*")*)></script>`)
	figureLink     = regexp.MustCompile(`href="figures/([a-z0-9-]+)\.html"`)
	inlineTexts    = regexp.MustCompile(`(?s)<(script|style)\b[^>]*>.*?</(script|style)>`)
)

// inlinePage turns a page of the assembled site into a single file.
func inlinePage(page string, p singleParts, explorer bool, digits string) (string, error) {
	replaceOnce := func(re *regexp.Regexp, with func(m []string) string, what string) error {
		if n := len(re.FindAllStringIndex(page, -1)); n != 1 {
			return fmt.Errorf("want exactly one %s, found %d", what, n)
		}
		m := re.FindStringSubmatch(page)
		page = strings.Replace(page, m[0], with(m), 1)
		return nil
	}
	steps := []struct {
		re   *regexp.Regexp
		with func(m []string) string
		what string
	}{
		{cspMeta, func([]string) string {
			return `<meta http-equiv="Content-Security-Policy" content="` + p.csp(explorer) + `">`
		}, "Content-Security-Policy meta tag"},
		{iconLink, func([]string) string { return `<link rel="icon" href="` + p.favicon + `" type="image/svg+xml">` }, "favicon link"},
		{stylesheetLink, func([]string) string {
			return `<style id="flatland-style">` + p.stylesheet(explorer) + `</style>`
		}, "stylesheet link"},
		{pageScript, func(m []string) string {
			s := p.module
			if digits != "" {
				s += "\n" + digits
			}
			s += "\n<script id=\"flatland-runtime\"" + m[1] + ">" + p.runtime + "</script>"
			if explorer {
				s += "\n<script id=\"flatland-lesson\">" + p.lesson + "</script>"
			}
			return s
		}, "flatland.js script tag"},
	}
	for _, s := range steps {
		if err := replaceOnce(s.re, s.with, s.what); err != nil {
			return "", err
		}
	}
	page = preloadLink.ReplaceAllString(page, "")
	if explorer {
		// Links to a figure open it alone in this same file; the brand link reopens the explorer.
		page = figureLink.ReplaceAllString(page, `href="?figure=$1"`)
		page = strings.ReplaceAll(page, `href="./"`, `href="?"`)
	}
	// Whatever the page would still load by address fails from the disk: refuse it here (the texts
	// of scripts and styles are not markup and are skipped).
	for _, ref := range assemble.LocalRefs(inlineTexts.ReplaceAllString(page, "")) {
		if ref != "" && path.Ext(ref) != ".html" {
			return "", fmt.Errorf("the single file would still load %s by address", ref)
		}
	}
	return page, nil
}

// WriteSingleFiles writes flatland.html and flatland-NAME.html for every figure of the catalog into
// out, an assembled site, and returns their sizes.
func WriteSingleFiles(out string, catalog []state.FigureInfo) ([]assemble.File, error) {
	p, err := loadSingleParts(out)
	if err != nil {
		return nil, fmt.Errorf("single files: %w", err)
	}
	pages := map[string]struct {
		src      string
		explorer bool
	}{ExplorerFile: {"index.html", true}}
	for _, f := range catalog {
		pages[SingleFigureFile(f.Name)] = struct {
			src      string
			explorer bool
		}{"figures/" + f.Name + ".html", false}
	}
	var files []assemble.File
	for name, pg := range pages {
		src, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(pg.src)))
		if err != nil {
			return nil, fmt.Errorf("single files: %w", err)
		}
		single, err := inlinePage(string(src), p, pg.explorer, "")
		if err != nil {
			return nil, fmt.Errorf("single file %s from %s: %w", name, pg.src, err)
		}
		// The deep figure's file and the explorer hold the digits, as many as fit in the size goal.
		if p.digits != nil && (pg.explorer || name == SingleFigureFile(DigitsFigure)) {
			tag, err := digitsTag(p.digits, SingleFileGoal-len(single)-1)
			if err != nil {
				return nil, fmt.Errorf("single file %s: %w", name, err)
			}
			if tag != "" {
				if single, err = inlinePage(string(src), p, pg.explorer, tag); err != nil {
					return nil, fmt.Errorf("single file %s from %s: %w", name, pg.src, err)
				}
			}
		}
		target := filepath.Join(out, name)
		if _, err := os.Stat(target); !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("single file %s: the site already has this file", name)
		}
		if err := os.WriteFile(target, []byte(single), 0o644); err != nil {
			return nil, err
		}
		files = append(files, assemble.File{Name: name, Size: int64(len(single))})
	}
	return files, nil
}

// IsSingleFile reports whether name is one of the single files WriteSingleFiles writes.
func IsSingleFile(name string) bool {
	if name == ExplorerFile {
		return true
	}
	for _, f := range state.Catalog {
		if name == SingleFigureFile(f.Name) {
			return true
		}
	}
	return false
}

// stripJS drops whole-line comments and indentation from a page script, to keep the single files
// under their size goal; every other line stays as it is, on its own line (so automatic semicolon
// insertion is unchanged). A script with a template literal that may span lines (a line with an odd
// number of backticks) or a line continuation, whose text the stripping would change, is returned
// unchanged.
func stripJS(src string) string {
	var out []string
	inBlock := false
	for _, line := range strings.Split(src, "\n") {
		t := strings.TrimLeft(line, " \t")
		if inBlock {
			end := strings.Index(t, "*/")
			if end < 0 {
				continue
			}
			inBlock = false
			t = strings.TrimLeft(t[end+2:], " \t")
		} else if strings.HasPrefix(t, "/*") {
			end := strings.Index(t[2:], "*/")
			if end < 0 {
				inBlock = true
				continue
			}
			t = strings.TrimLeft(t[2+end+2:], " \t")
		}
		if t == "" || strings.HasPrefix(t, "//") {
			continue
		}
		if strings.Count(t, "`")%2 != 0 || strings.HasSuffix(t, "\\") {
			return src
		}
		out = append(out, t)
	}
	return strings.Join(out, "\n")
}

// minifyCSS drops the comments of a stylesheet and the whitespace it does not need, to keep the
// single files under their size goal: a run of whitespace (or a comment) becomes one space, and
// none is kept next to "{", "}", ";" or "," or after ":" (one before ":" stays: "a :hover" is a
// descendant selector). Strings are copied unchanged.
func minifyCSS(src string) string {
	var b strings.Builder
	b.Grow(len(src))
	space := false  // whitespace or a comment since the last byte written
	last := byte(0) // the last byte written
	write := func(text string) {
		if space && b.Len() > 0 && strings.IndexByte("{};,:", last) < 0 && strings.IndexByte("{};,", text[0]) < 0 {
			b.WriteByte(' ')
		}
		b.WriteString(text)
		space, last = false, text[len(text)-1]
	}
	for i := 0; i < len(src); {
		switch c := src[i]; {
		case c == '/' && strings.HasPrefix(src[i:], "/*"):
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return strings.TrimSpace(b.String())
			}
			i += 2 + end + 2
			space = true
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(src) && src[j] != c {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(src))
			write(src[i:j])
			i = j
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			space = true
			i++
		default:
			write(src[i : i+1])
			i++
		}
	}
	return b.String()
}

// stripJSKeepHeader is stripJS for a script whose leading comment lines (the Go glue's copyright and
// license notice) must stay.
func stripJSKeepHeader(src string) string {
	lines := strings.Split(src, "\n")
	n := 0
	for n < len(lines) && (strings.HasPrefix(strings.TrimSpace(lines[n]), "//") || strings.TrimSpace(lines[n]) == "") {
		n++
	}
	if n == len(lines) {
		return src
	}
	rest := strings.Join(lines[n:], "\n")
	stripped := stripJS(rest)
	if stripped == rest || n == 0 {
		return strings.Join(lines[:n], "\n") + stripped
	}
	return strings.Join(lines[:n], "\n") + "\n" + stripped
}

// digitSizes are the training and test images a single file may hold, largest first: all of the
// asset, else stratified parts of it (drawn as the deep figure draws its smaller sets). The
// smallest ones keep a few hundred digits in the explorer's file (about 60 bytes an image) when
// the module leaves it less than 90 kB: narrower networks interpolate them, but the trend with
// width still shows.
var digitSizes = [][2]int{{4000, 1000}, {3000, 1000}, {2500, 1000}, {2000, 1000}, {2000, 500}, {1500, 500}, {1000, 500},
	{500, 250}, {400, 200}, {300, 150}}

// digitsTag is the <script type="text/plain" id="flatland-digits"> element (gzip+base128, as the
// module) holding the largest part of the asset of at most room bytes, or "" if none fits.
func digitsTag(asset []byte, room int) (string, error) {
	train, test, err := mnist.Decode(asset)
	if err != nil {
		return "", fmt.Errorf("the digit asset: %w", err)
	}
	for _, size := range digitSizes {
		if size[0] > train.Len() || size[1] > test.Len() {
			continue
		}
		tr, te := train, test
		if size[0] < train.Len() {
			ids, err := mnist.Stratified(append([]uint8(nil), train.Labels...), size[0], 1, DigitsStreamTrain)
			if err != nil {
				return "", err
			}
			tr = train.Subset(ids)
		}
		if size[1] < test.Len() {
			ids, err := mnist.Stratified(append([]uint8(nil), test.Labels...), size[1], 1, DigitsStreamTest)
			if err != nil {
				return "", err
			}
			te = test.Subset(ids)
		}
		b, err := mnist.Encode(tr, te)
		if err != nil {
			return "", err
		}
		gz, err := assemble.Compress(b, "gzip", 9)
		if err != nil {
			return "", err
		}
		tag := `<script type="text/plain" id="flatland-digits" data-encoding="gzip+base128" data-length="` +
			strconv.Itoa(len(gz)) + `" data-train="` + strconv.Itoa(tr.Len()) + `" data-test="` + strconv.Itoa(te.Len()) + `">` +
			encodeBase128(gz) + `</script>`
		if len(tag) <= room {
			return tag, nil
		}
	}
	return "", nil
}
