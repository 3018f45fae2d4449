// Package serve is the local static file server behind `make serve` and the browser tests.
//
// It serves an assembled site directory (see package flatland/build/assemble) with:
//   - explicit MIME types, application/wasm included (instantiateStreaming needs it);
//   - precompressed variants: for a request of /x.wasm it sends x.wasm.br or x.wasm.gz, whichever
//     the client's Accept-Encoding weights highest (q-values honoured, q=0 refused, br on a tie),
//     with Content-Encoding and Vary: Accept-Encoding;
//   - Cache-Control: no-cache plus ETag/Last-Modified, so a rebuilt site is never served stale and an
//     unchanged file costs a 304;
//   - no directory listings, no dot files, and no path that leaves the directory (every file is opened
//     through os.Root, which refuses .. and symbolic links pointing outside);
//   - one URL per file: a file asked for with a trailing slash (/index.html/) is a 404 rather
//     than a page whose relative links all break;
//   - timeouts for reading a request, writing a response and idling between requests (Timeouts,
//     DefaultTimeouts), so idle keep-alive connections and slow clients do not pile up.
//
// It binds to 127.0.0.1 by default: the site is for a laptop or a classroom, not for the internet.
package serve
