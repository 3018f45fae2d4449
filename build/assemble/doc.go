// Package assemble builds the static site directory (dist/) that `make serve` serves and that any
// static host can serve:
//
//	flatland.wasm      the Ebiten program ./wasm, built with GOOS=js GOARCH=wasm -trimpath -ldflags=-s -w
//	flatland-worker.wasm  the Web Workers' module ./wasm/worker (simulation core only), built the same way
//	wasm_exec.js       copied from $(go env GOROOT)/lib/wasm of the same Go that built flatland.wasm
//	                   (the two must match; it is never committed)
//	index.html ...     everything under site/, copied as is
//	*.gz, *.br         precompressed copies (gzip -12 with libdeflate-gzip, or -9 with compress/gzip
//	                   where that is not installed (see GzipTool); brotli with the pure-Go
//	                   github.com/andybalholm/brotli) for servers that send them with Content-Encoding
//
// Compressing the ~10-20 MB module with brotli at quality 11 takes tens of seconds, so compressed
// outputs are cached by content hash (see Options.CacheDir): rebuilding an unchanged module is instant.
package assemble
