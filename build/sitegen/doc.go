// Package sitegen makes the parts of the static site that come from the program's own tables:
// one page per figure (wasm/state.Catalog), the page script's figure lists, and the embed guide's
// figure table, snippet choices and URL parameter table (wasm/state.Specs). Options hands them to
// build/assemble, so every way of assembling the site (the site command, the browser tests) gives
// the same pages.
package sitegen

import (
	"flatland/build/assemble"
	"flatland/wasm/state"
)

// Options adds the generated pages and rewrites to o.
func Options(o assemble.Options) assemble.Options {
	o.Rewrite = map[string]func([]byte) ([]byte, error){"embed.html": RewriteEmbed, "flatland.js": rewriteScript(state.Catalog)}
	o.Generate = figurePages(state.Catalog)
	return o
}
