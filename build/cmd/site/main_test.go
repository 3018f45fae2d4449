package main

import (
	"bytes"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"flatland/build/cmdline"
)

func TestBadFlagsAreUsageErrors(t *testing.T) {
	dist := t.TempDir()
	os.WriteFile(filepath.Join(dist, "index.html"), []byte("x"), 0o644)
	tests := []struct {
		args []string
		want string
	}{
		{nil, "missing command"},
		{[]string{"deploy"}, `unknown command "deploy"`},
		{[]string{"build", "-brotli", "12"}, "-brotli 12 out of range"},
		{[]string{"build", "-brotli", "x"}, "invalid value"},
		{[]string{"build", "-nope"}, "flag provided but not defined: -nope"},
		{[]string{"build", "stray"}, `unexpected argument "stray"`},
		{[]string{"build", "-out", " "}, "-out must not be empty"},
		{[]string{"serve", "-dir", dist, "-addr", "8080"}, `-addr "8080"`},
		{[]string{"serve", "-port", "1"}, "flag provided but not defined"},
		{[]string{"release", "-zip-dir", filepath.Join(dist, "missing")}, "is not a directory"},
		{[]string{"release", "-brotli", "-2"}, "-brotli -2 out of range"},
	}
	for _, tc := range tests {
		err := run(tc.args, &bytes.Buffer{}, &bytes.Buffer{})
		var ue cmdline.UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%v: err %v, want a usage error", tc.args, err)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: message %q, want one line containing %q", tc.args, err, tc.want)
		}
	}
}

func TestServeErrors(t *testing.T) {
	// No site: a plain error (exit 1) that says what to run.
	err := run([]string{"serve", "-dir", t.TempDir()}, &bytes.Buffer{}, &bytes.Buffer{})
	var ue cmdline.UsageError
	if err == nil || errors.As(err, &ue) || !strings.Contains(err.Error(), "make dist") {
		t.Errorf("serving an empty dir: err %v, want a plain error mentioning make dist", err)
	}

	// A taken port: a plain error naming the address.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	dist := t.TempDir()
	os.WriteFile(filepath.Join(dist, "index.html"), []byte("x"), 0o644)
	err = run([]string{"serve", "-dir", dist, "-addr", ln.Addr().String(), "-quiet"}, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "already in use") || !strings.Contains(err.Error(), ln.Addr().String()) {
		t.Errorf("taken port: err %v, want 'already in use' naming %s", err, ln.Addr())
	}
}

func TestHuman(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{{0, "-"}, {512, "512 B"}, {2048, "2.0 kB"}, {3_500_000, "3.50 MB"}, {3 << 20, "3.15 MB"}}
	for _, tc := range tests {
		if got := human(tc.n); got != tc.want {
			t.Errorf("human(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestDefaultAddrIsLoopback(t *testing.T) {
	host, port, err := net.SplitHostPort(defaultAddr)
	if err != nil || port != "8080" {
		t.Fatalf("defaultAddr %q: port %q err %v", defaultAddr, port, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		t.Errorf("default listen host %q is not a loopback address", host)
	}
}
