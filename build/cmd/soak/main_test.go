package main

import (
	"errors"
	"testing"
	"time"

	"flatland/build/cmdline"
)

func TestParseFlags(t *testing.T) {
	c, err := parseFlags(nil)
	if err != nil || c.duration != 30*time.Minute || c.sample != 10*time.Second || c.dist != "dist" || c.query != trainQuery {
		t.Fatalf("defaults: %+v, %v", c, err)
	}
	bad := [][]string{
		{"-duration", "1s"},
		{"-duration", "48h"},
		{"-sample", "100ms"},
		{"-duration", "1m", "-sample", "30s"},
		{"-reset", "5s"},
		{"-nope"},
		{"extra"},
	}
	for _, args := range bad {
		_, err := parseFlags(args)
		var ue cmdline.UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%q: want a usage error, got %v", args, err)
		}
	}
}
