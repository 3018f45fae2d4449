package landscape

import (
	"fmt"
	"math"
	"time"

	"flatland/sim/data"
	"flatland/sim/nets"
)

// MapConfig parameterizes a 2-D slice of the landscape.
type MapConfig struct {
	Radius int // flips at the edge of the map in each direction (4 Radius <= N)
	Grid   int // cells per side, odd (the centre cell is the configuration itself); default 21
	Seed   uint64
}

// Map is the training error on the slice spanned by two random flip
// directions; cell (row r, column c) of the Grid x Grid map flips the first
// |a| sites of A+ (a > 0) or A- (a < 0) and the first |b| of B+ or B-, with
// a = (r - h) Radius / h, b = (c - h) Radius / h rounded, h = (Grid-1)/2.
type Map struct {
	cfg        MapConfig
	m          nets.Model
	sets       [4][]int // A+, A-, B+, B-
	base       nets.State
	row        nets.State // base + row flips
	cur        nets.State
	values     []float64
	r, c, dirB int // next cell: row r, column walk position c in direction dirB
	lastB      int
	cells      int
	done       bool
}

// MapRadius is the largest usable radius for a map whose edge sits at the
// flip fraction extent (0 < extent <= 1/4) of N weights: round(extent N),
// capped at floor(N/4) because the four directions are disjoint flip sets,
// and at least 1. It returns 0 when N < 4 (no map fits).
func MapRadius(n int, extent float64) int {
	if n < 4 || !(extent > 0) {
		return 0
	}
	r := int(math.Round(min(extent, 0.25) * float64(n)))
	return max(1, min(r, n/4))
}

// check validates the configuration for a model of n weights.
func (cfg MapConfig) check(n int) error {
	if cfg.Grid < 3 || cfg.Grid%2 == 0 || cfg.Radius < 1 || 4*cfg.Radius > n {
		return fmt.Errorf("landscape: map needs an odd Grid >= 3 and 1 <= Radius <= N/4 (got Grid %d, Radius %d, N %d)", cfg.Grid, cfg.Radius, n)
	}
	return nil
}

// NewMap prepares the map around configuration w.
func NewMap(m nets.Model, w []int8, cfg MapConfig) (*Map, error) {
	if cfg.Grid == 0 {
		cfg.Grid = 21
	}
	n := m.NumWeights()
	if err := cfg.check(n); err != nil {
		return nil, err
	}
	if len(w) != n {
		return nil, fmt.Errorf("landscape: map around %d weights of a model with N = %d", len(w), n)
	}
	mp := &Map{cfg: cfg, m: m, base: m.NewState(w)}
	rng := data.NewRand(cfg.Seed, streamFlips+2)
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	randomSubset(rng, perm, 4*cfg.Radius)
	for s := 0; s < 4; s++ {
		mp.sets[s] = append([]int(nil), perm[s*cfg.Radius:(s+1)*cfg.Radius]...)
	}
	mp.row = mp.base.Clone()
	mp.cur = mp.base.Clone()
	mp.values = make([]float64, cfg.Grid*cfg.Grid)
	for i := range mp.values {
		mp.values[i] = -1
	}
	mp.startRow()
	return mp, nil
}

func (mp *Map) half() int { return (mp.cfg.Grid - 1) / 2 }

// flipsAt returns the number of flips for offset a in -h..h.
func (mp *Map) flipsAt(a int) int {
	if a < 0 {
		a = -a
	}
	h := mp.half()
	return (a*mp.cfg.Radius + h/2) / h
}

// startRow builds the row state for row mp.r and resets the column walk.
func (mp *Map) startRow() {
	a := mp.r - mp.half()
	mp.row.CopyFrom(mp.base)
	set := mp.sets[0]
	if a < 0 {
		set = mp.sets[1]
	}
	for _, j := range set[:mp.flipsAt(a)] {
		mp.row.Flip(j)
	}
	mp.cur.CopyFrom(mp.row)
	mp.c, mp.dirB, mp.lastB = 0, 1, 0
}

// unit fills one cell: first b = 0..h walking along B+, then b = -1..-h along B-.
func (mp *Map) unit() bool {
	h := mp.half()
	b := mp.c * mp.dirB
	set := mp.sets[2]
	if mp.dirB < 0 {
		set = mp.sets[3]
	}
	k := mp.flipsAt(b)
	for _, j := range set[mp.lastB:k] {
		mp.cur.Flip(j)
	}
	mp.lastB = k
	mp.values[mp.r*mp.cfg.Grid+b+h] = float64(mp.cur.Errors()) / float64(mp.m.NumPatterns())
	mp.cells++
	mp.c++
	if mp.dirB > 0 && mp.c > h {
		mp.cur.CopyFrom(mp.row)
		mp.c, mp.dirB, mp.lastB = 1, -1, 0
	} else if mp.dirB < 0 && mp.c > h {
		mp.r++
		if mp.r == mp.cfg.Grid {
			return true
		}
		mp.startRow()
	}
	return false
}

// Step fills cells for about budget.
func (mp *Map) Step(budget time.Duration) (bool, error) {
	if mp.done {
		return true, nil
	}
	mp.done = runUnits(budget, 1, mp.unit)
	return mp.done, nil
}

// Progress is the fraction of cells filled.
func (mp *Map) Progress() float64 { return float64(mp.cells) / float64(len(mp.values)) }

// Values returns a copy of the Grid x Grid map, row-major (row = direction A
// from -Radius to +Radius, column = direction B), training error fractions;
// cells not yet computed are -1.
func (mp *Map) Values() []float64 { return append([]float64(nil), mp.values...) }

// Grid returns the number of cells per side.
func (mp *Map) Grid() int { return mp.cfg.Grid }

// Flips returns the number of flips at offset a (in cells from the centre).
func (mp *Map) Flips(a int) int { return mp.flipsAt(a) }
