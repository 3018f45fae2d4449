// Package sitegen makes the parts of the static site that come from the program's own tables:
// one page per figure (wasm/state.Catalog), the page script's figure lists, and the embed guide's
// figure table, snippet choices and URL parameter table (wasm/state.Specs), and the explorer's glossary
// (wasm/state.Glossary). It also writes the
// build's version into every page, the teachers' guide, and the single-file pages (flatland.html,
// flatland-NAME.html) that open from the disk with no server. Options hands them to build/assemble,
// so every way of assembling the site (the site command, the browser tests) gives the same pages.
package sitegen

import (
	"flatland/build/assemble"
	"flatland/sim/mnist/idx"
	"flatland/wasm/state"
)

// Options adds the generated pages and rewrites to o, with the version of the git checkout at o.Root.
// DigitsFile is the deep figure's digit asset (idx.Asset: written at build
// time from the GoMNIST module's files, never kept in the repository), and
// DigitsFigure the figure that reads it.
const (
	DigitsFile   = "mnist.bin"
	DigitsFigure = "deep"
	// The streams of the figure's stratified parts of the asset (wasm/fig_deep.go).
	DigitsStreamTrain = 11
	DigitsStreamTest  = 12
)

func Options(o assemble.Options) assemble.Options {
	root := o.Root
	if root == "" {
		root = "."
	}
	return OptionsFor(o, GitVersion(root))
}

// OptionsFor is Options with a given version.
func OptionsFor(o assemble.Options, v Version) assemble.Options {
	embed := rewriteFooter(v)
	o.Rewrite = map[string]func([]byte) ([]byte, error){
		"embed.html": func(b []byte) ([]byte, error) {
			b, err := RewriteEmbed(b)
			if err != nil {
				return nil, err
			}
			return embed(b)
		},
		"index.html": func(b []byte) ([]byte, error) {
			b, err := RewriteIndex(b)
			if err != nil {
				return nil, err
			}
			return rewriteFooter(v)(b)
		},
		"flatland.js": rewriteScript(state.Catalog, v),
	}
	o.Generate = figurePages(state.Catalog, v)
	o.Generate[TeachersPage] = func() ([]byte, error) { return TeachersHTML(v) }
	o.Generate[DigitsFile] = func() ([]byte, error) { return idx.Asset("") }
	o.After = func(out string) ([]assemble.File, error) { return WriteSingleFiles(out, state.Catalog) }
	return o
}
