package state

// History records rows of numbers (for example epoch, training error and one
// column per replica) for time-series plots, in bounded memory however long
// a run lasts: once more than Cap rows are kept, every other row is dropped
// and from then on only every second row is recorded (then every fourth, and
// so on), so the kept rows stay evenly spaced. The newest row is always
// available, so a curve reaches the present.
type History struct {
	Cap    int // rows kept at most (default 512)
	stride int // record every stride-th row
	seen   int // rows offered
	rows   [][]float64
	last   []float64
}

// Add offers one row; rows must have the same length throughout (a row of
// another length starts the history afresh).
func (h *History) Add(row ...float64) {
	if h.stride == 0 {
		h.stride = 1
	}
	if h.last != nil && len(row) != len(h.last) {
		*h = History{Cap: h.Cap, stride: 1}
	}
	h.last = append(h.last[:0], row...)
	if h.seen%h.stride == 0 {
		h.rows = append(h.rows, append([]float64(nil), row...))
		if capRows := h.capacity(); len(h.rows) > capRows {
			kept := h.rows[:0]
			for i := 0; i < len(h.rows); i += 2 {
				kept = append(kept, h.rows[i])
			}
			clear(h.rows[len(kept):])
			h.rows = kept
			h.stride *= 2
		}
	}
	h.seen++
}

func (h *History) capacity() int {
	if h.Cap < 2 {
		return 512
	}
	return h.Cap
}

// Len is the number of rows Column returns.
func (h *History) Len() int {
	n := len(h.rows)
	if h.newestDropped() {
		n++
	}
	return n
}

// newestDropped reports whether the newest row was not recorded.
func (h *History) newestDropped() bool { return h.seen > 0 && (h.seen-1)%h.stride != 0 }

// Column returns column j of the kept rows followed by the newest row, in a
// new slice (nil when there is no such column).
func (h *History) Column(j int) []float64 {
	if len(h.last) <= j || j < 0 {
		return nil
	}
	out := make([]float64, 0, h.Len())
	for _, r := range h.rows {
		out = append(out, r[j])
	}
	if h.newestDropped() {
		out = append(out, h.last[j])
	}
	return out
}

// Columns is the row length (0 before the first row).
func (h *History) Columns() int { return len(h.last) }

// Reset empties the history.
func (h *History) Reset() { *h = History{Cap: h.Cap} }
