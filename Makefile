# Flatland: two commands do everything on a fresh machine.
#   make serve   build the site (WebAssembly + pages) and serve it on http://127.0.0.1:8080
#   make test    every test: gofmt, go vet, native tests, sim/ under WebAssembly (Node), browser end-to-end
# Also: make bench (native vs WebAssembly benchmarks, page budgets), make fuzz, make dist,
# make release (flatland-VERSION.zip: site, single files, teachers' guide),
# make soak (30 minutes in headless Chromium: memory and frame rate over time).

SHELL := /bin/bash
GO ?= go
GOROOT := $(shell $(GO) env GOROOT)
WASM_EXEC := $(GOROOT)/lib/wasm/go_js_wasm_exec
WASMENV := GOOS=js GOARCH=wasm
FUZZTIME ?= 10s

.PHONY: all test serve dist release bench bench-pages soak fuzz fmt-check vet test-native test-wasm test-e2e deps-node deps-browser deps-deflate clean

all: dist

## ---- test ---------------------------------------------------------------
test: fmt-check vet test-native test-wasm test-e2e

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi; echo "gofmt: clean"

vet:
	$(GO) vet ./...
	$(WASMENV) $(GO) vet ./sim/... ./wasm/...

# The benchmarks run once each too (no timing is judged: a benchmark that
# no longer runs must not wait for `make bench` to be noticed).
test-native:
	$(GO) test -count=1 ./...
	$(GO) test -count=1 -run '^$$' -bench . -benchtime 1x ./sim/...

# sim/ must behave identically under WebAssembly: run its tests in Node.
test-wasm: deps-node
	$(WASMENV) $(GO) test -count=1 -exec="$(WASM_EXEC)" ./sim/...

# Browser end-to-end tests (build tag e2e) against the assembled dist/.
test-e2e: deps-browser dist
	$(GO) test -count=1 -v -tags e2e -timeout 25m ./build/e2e/...

deps-node:
	@command -v node >/dev/null || { apt-get update && apt-get install -y nodejs; }

deps-browser:
	@command -v chromium >/dev/null || { apt-get update && apt-get install -y chromium; }

# libdeflate's gzip packs the module about 5% smaller than Go's: the single files need that room.
deps-deflate:
	@command -v libdeflate-gzip >/dev/null || { apt-get update && apt-get install -y libdeflate-tools; }

## ---- build and serve ------------------------------------------------------
dist: deps-deflate
	$(GO) run ./build/cmd/site build -out dist

serve: dist
	$(GO) run ./build/cmd/site serve -dir dist -addr 127.0.0.1:8080

# The site, the single files (flatland.html, flatland-<figure>.html) and TEACHERS.md in
# flatland-$(git describe --tags --always --dirty).zip, here.
release: deps-deflate
	$(GO) run ./build/cmd/site release -out dist -zip-dir .

## ---- benchmarks -------------------------------------------------------------
bench: deps-node
	bash build/bench.sh
	@$(MAKE) --no-print-directory bench-pages

# Page budgets in headless Chromium: download size, time to first frame, train fps idle vs training.
bench-pages: deps-browser dist
	$(GO) run ./build/cmd/pagebench -dist dist

# Long run in headless Chromium (opt-in, 30 minutes): memory and frame rate sampled while the train
# figure trains at max speed with resets, then every figure in turn. SOAK=10m shortens it.
SOAK ?= 30m
soak: deps-browser dist
	$(GO) run ./build/cmd/soak -dist dist -duration $(SOAK)

fuzz:
	@for p in ./sim/cmd/flatland ./wasm/state ./wasm/workjob/wire ./build/serve; do \
	  for t in $$($(GO) test -list '^Fuzz' $$p | grep ^Fuzz); do \
	    $(GO) test -run=^$$ -fuzz="^$$t$$" -fuzztime=$(FUZZTIME) $$p || exit 1; done; done

clean:
	rm -rf dist flatland-*.zip
