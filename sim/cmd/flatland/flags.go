package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// parseFloatList parses a comma-separated list of finite numbers such as
// "0.005,0.01,0.02". It is fuzzed: any input gives a list or an error.
func parseFloatList(s string) ([]float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fmt.Errorf("empty list")
	}
	parts := strings.Split(s, ",")
	if len(parts) > 10000 {
		return nil, fmt.Errorf("list too long (%d items, at most 10000)", len(parts))
	}
	out := make([]float64, 0, len(parts))
	for _, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%q is not a finite number", strings.TrimSpace(p))
		}
		out = append(out, v)
	}
	return out, nil
}

// checkRange returns a usage error unless lo <= v <= hi and v is finite.
func checkRange(name string, v, lo, hi float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < lo || v > hi {
		return usagef("-%s %v out of range [%g, %g]", name, v, lo, hi)
	}
	return nil
}
