package sitegen

import (
	_ "embed"
	"html"
	"regexp"
	"strings"
)

// The teachers' guide: one page on opening Flatland without a server. The release carries it as
// TEACHERS.md; the site as teachers.html, rendered from the same text.

//go:embed teachers.md
var teachersSource string

// TeachersPage is the guide's page in the site.
const TeachersPage = "teachers.html"

// TeachersMarkdown is the guide with the version filled in.
func TeachersMarkdown(v Version) []byte {
	return []byte(strings.ReplaceAll(teachersSource, "{{version}}", v.Text()))
}

var (
	mdCode = regexp.MustCompile("`([^`]+)`")
	mdURL  = regexp.MustCompile(`\bhttps?://[^\s<]+[^\s<.,;:)]`)
)

// inlineMarkdown renders `code` and bare http(s) addresses (as links) of escaped text.
func inlineMarkdown(s string) string {
	parts := strings.Split(s, "`")
	var b strings.Builder
	for i, p := range parts {
		p = html.EscapeString(p)
		if i%2 == 1 && i < len(parts)-1 {
			b.WriteString("<code>" + p + "</code>")
			continue
		}
		if i%2 == 1 {
			b.WriteString("`") // an unpaired backtick is text
		}
		b.WriteString(mdURL.ReplaceAllString(p, `<a href="$0">$0</a>`))
	}
	return b.String()
}

// renderMarkdown renders the subset the guide uses: # and ## headings, paragraphs, "- " and "1. "
// lists (continuation lines indented), `code` and bare addresses.
func renderMarkdown(src string) string {
	var b strings.Builder
	var para []string
	list := "" // "ul", "ol" or ""
	var item []string
	flushItem := func() {
		if len(item) > 0 {
			b.WriteString("<li>" + inlineMarkdown(strings.Join(item, " ")) + "</li>\n")
			item = nil
		}
	}
	closeList := func() {
		flushItem()
		if list != "" {
			b.WriteString("</" + list + ">\n")
			list = ""
		}
	}
	flushPara := func() {
		if len(para) > 0 {
			b.WriteString("<p>" + inlineMarkdown(strings.Join(para, " ")) + "</p>\n")
			para = nil
		}
	}
	olItem := regexp.MustCompile(`^\d+\. `)
	for _, line := range strings.Split(src, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			flushPara()
			closeList()
		case strings.HasPrefix(line, "# "), strings.HasPrefix(line, "## "):
			flushPara()
			closeList()
			level, text, _ := strings.Cut(line, " ")
			tag := "h" + string(rune('0'+len(level)))
			b.WriteString("<" + tag + ">" + inlineMarkdown(text) + "</" + tag + ">\n")
		case strings.HasPrefix(line, "- "), olItem.MatchString(line):
			flushPara()
			kind, text := "ul", strings.TrimPrefix(line, "- ")
			if olItem.MatchString(line) {
				kind, text = "ol", olItem.ReplaceAllString(line, "")
			}
			if list != kind {
				closeList()
				b.WriteString("<" + kind + ">\n")
				list = kind
			}
			flushItem()
			item = []string{text}
		case list != "" && strings.HasPrefix(line, " "):
			item = append(item, trimmed)
		default:
			closeList()
			para = append(para, trimmed)
		}
	}
	flushPara()
	closeList()
	return b.String()
}

// TeachersHTML is the guide as a page of the site.
func TeachersHTML(v Version) ([]byte, error) {
	body := renderMarkdown(string(TeachersMarkdown(v)))
	page := `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'">
<title>Flatland · for teachers</title>
<link rel="icon" href="favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="style.css">
</head>
<body>
<nav class="site-nav" aria-label="site">
  <a class="brand" href="index.html">Flatland</a>
  <a href="flatland.html">Single-file explorer</a>
</nav>
<main class="page">
` + body + `<footer>` + v.versionLine() + `</footer>
</main>
</body>
</html>
`
	return []byte(page), nil
}
