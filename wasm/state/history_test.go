package state

import (
	"fmt"
	"testing"
)

func TestHistoryBounded(t *testing.T) {
	cases := []struct {
		cap, rows int
		wantLen   int
		wantFirst string // first values of column 0
	}{
		{8, 5, 5, "[0 1 2 3 4]"},
		{8, 8, 8, "[0 1 2 3 4 5 6 7]"},
		{8, 9, 5, "[0 2 4 6 8]"},    // halved at the 9th row; the 9th is kept (stride 2)
		{8, 10, 6, "[0 2 4 6 8 9]"}, // row 9 not recorded but shown as the newest
		{8, 1000, 0, ""},            // length checked below
		{512, 1_000_000, 0, ""},     // a very long run
	}
	for _, c := range cases {
		h := History{Cap: c.cap}
		for i := 0; i < c.rows; i++ {
			h.Add(float64(i), float64(i)*2)
		}
		x, y := h.Column(0), h.Column(1)
		if len(x) > c.cap+1 || len(x) != h.Len() || len(y) != len(x) {
			t.Fatalf("cap %d, %d rows: %d points kept (Len %d, column 1 %d)", c.cap, c.rows, len(x), h.Len(), len(y))
		}
		if x[len(x)-1] != float64(c.rows-1) {
			t.Errorf("cap %d, %d rows: newest point %v, want %d", c.cap, c.rows, x[len(x)-1], c.rows-1)
		}
		for i := range x {
			if y[i] != 2*x[i] {
				t.Fatalf("columns out of step at %d: %v, %v", i, x[i], y[i])
			}
		}
		// kept rows are evenly spaced (all but the newest)
		for i := 2; i < len(x)-1; i++ {
			if x[i]-x[i-1] != x[1]-x[0] {
				t.Fatalf("cap %d, %d rows: uneven spacing %v", c.cap, c.rows, x[:i+1])
			}
		}
		if len(x) < c.cap/2 && c.rows >= c.cap {
			t.Errorf("cap %d, %d rows: only %d points kept", c.cap, c.rows, len(x))
		}
		if c.wantLen > 0 && (len(x) != c.wantLen || fmt.Sprint(x) != c.wantFirst) {
			t.Errorf("cap %d, %d rows: %v, want %s", c.cap, c.rows, x, c.wantFirst)
		}
	}
}

func TestHistoryReshape(t *testing.T) {
	var h History
	h.Add(1, 2)
	h.Add(2, 3)
	h.Add(7, 8, 9) // another row length: afresh
	if h.Len() != 1 || h.Columns() != 3 || h.Column(2)[0] != 9 || h.Column(3) != nil {
		t.Fatalf("after reshape: len %d, columns %d", h.Len(), h.Columns())
	}
	h.Reset()
	if h.Len() != 0 || h.Column(0) != nil {
		t.Fatal("reset kept rows")
	}
}
