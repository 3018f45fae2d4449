// Package e2e holds the browser end-to-end tests of the Flatland site (build tag e2e):
//
//	go test -tags e2e ./build/e2e/      (make test-e2e builds dist/ and installs chromium first)
//
// TestMain serves the assembled site (dist/, or $FLATLAND_DIST) on a free 127.0.0.1 port with the
// project's own server and starts one headless chromium for the whole package. Every test page is
// checked for console errors and for requests that leave 127.0.0.1. Screenshots go to build/out/e2e/
// (git-ignored) for a person to look at.
package e2e
