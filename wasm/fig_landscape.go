//go:build js && wasm

package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"flatland/sim/data"
	"flatland/sim/nets"
	"flatland/wasm/state"

	"github.com/hajimehoshi/ebiten/v2"
)

// landscapeFig trains a sharp-minimum finder (simulated annealing) and a
// flat-minimum finder (replicated simulated annealing) on the same instance,
// then measures around each solution the local energy (training error after
// flipping a random fraction d of the weights, averaged over flip sets) and a
// 2-D error map over two random disjoint flip sets.
type landscapeFig struct {
	p      state.Params
	key    string
	algos  [2]string
	runs   [2]*run
	probe  [2]*probe
	stage  int // 0 training, 1 probing, 2 done
	err    string
	imgs   [2]*ebiten.Image
	pix    []byte
	frames int
}

// flip fractions of the local-energy curve and the map's extent
var landscapeD = []float64{0, 0.005, 0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.13, 0.16, 0.2}

const (
	landscapeFlips = 60   // flip sets per d
	mapSize        = 41   // grid points per side
	mapExtent      = 0.25 // largest fraction of weights flipped along each direction
)

func newLandscape() figure { return &landscapeFig{algos: [2]string{"sa", "rsa"}} }

func (f *landscapeFig) SetParams(p state.Params) {
	f.p = p
	key := fmt.Sprint(p.Text("alpha"), p.Text("alpha-d"), p.String("act"), p.String("labels"), p.Text("n"), p.Text("seed"))
	if key == f.key {
		return
	}
	f.key = key
	f.stage, f.err = 0, ""
	f.probe = [2]*probe{}
	for i, a := range f.algos {
		r, err := newRun(instance{n: p.Int("n"), alpha: p.Float("alpha"), alphaD: p.Float("alpha-d"), act: p.String("act"),
			labels: p.String("labels"), algo: a, seed: uint64(p.Int("seed"))})
		if err != nil {
			f.err = err.Error()
			return
		}
		f.runs[i] = r
	}
}

func (f *landscapeFig) Step(budget time.Duration) {
	if f.err != "" || f.runs[0] == nil {
		return
	}
	start := time.Now()
	for f.stage < 2 && time.Since(start) < budget {
		left := budget - time.Since(start)
		switch f.stage {
		case 0:
			i := 0
			if f.runs[0].stage == 3 {
				i = 1
			}
			done, err := f.runs[i].Step(left)
			if err != nil {
				f.err = err.Error()
				return
			}
			if done && i == 1 {
				for k := range f.runs {
					f.probe[k] = newProbe(f.runs[k].model, f.runs[k].w, uint64(f.p.Int("seed"))*7919+uint64(k))
				}
				f.stage = 1
			}
		case 1:
			i := 0
			if f.probe[0].done() {
				i = 1
			}
			f.probe[i].step(left)
			if f.probe[1].done() {
				f.stage = 2
			}
		}
	}
}

func (f *landscapeFig) Progress() float64 {
	if f.runs[0] == nil {
		return 0
	}
	switch f.stage {
	case 0:
		return 0.35*f.runs[0].Progress() + 0.35*f.runs[1].Progress()
	case 1:
		return 0.7 + 0.15*f.probe[0].progress() + 0.15*f.probe[1].progress()
	}
	return 1
}
func (f *landscapeFig) Busy() bool  { return f.err == "" && f.runs[0] != nil && f.stage < 2 }
func (f *landscapeFig) Ready() bool { return f.frames > 0 && f.runs[0] != nil && f.runs[0].mu > 0 }
func (f *landscapeFig) Err() string { return f.err }
func (f *landscapeFig) Controls() []*control {
	return nil
}
func (f *landscapeFig) Status() map[string]any {
	m := map[string]any{"stage": f.stage}
	for k, a := range f.algos {
		if f.runs[k] != nil && f.runs[k].stage == 3 {
			m[a+"Solved"] = f.runs[k].solved()
		}
	}
	return m
}

// probe measures the landscape around one configuration in budgeted steps.
type probe struct {
	st     nets.State
	p      float64
	rng    *rand.Rand
	n      int
	di, fi int       // local energy: current d index and flip set
	sum    []float64 // summed error fractions per d
	le     []float64 // local energy per d (NaN until measured)
	// map
	setA, setB []int
	row, col   int
	grid       []float64 // mapSize*mapSize, row-major, row = set A
	perm       []int
}

func newProbe(m *nets.Linear, w []int8, seed uint64) *probe {
	n := len(w)
	pr := &probe{st: m.NewState(w), p: float64(m.NumPatterns()), rng: data.NewRand(seed, 77), n: n,
		sum: make([]float64, len(landscapeD)), le: make([]float64, len(landscapeD)), grid: make([]float64, mapSize*mapSize)}
	for i := range pr.le {
		pr.le[i] = math.NaN()
	}
	for i := range pr.grid {
		pr.grid[i] = math.NaN()
	}
	perm := pr.rng.Perm(n)
	k := int(math.Round(mapExtent * float64(n)))
	pr.setA, pr.setB = perm[:k], perm[k:2*k]
	pr.perm = make([]int, n)
	return pr
}

func (pr *probe) done() bool { return pr.row >= mapSize }

func (pr *probe) progress() float64 {
	le := float64(pr.di*landscapeFlips+pr.fi) / float64(len(landscapeD)*landscapeFlips)
	mp := float64(pr.row*mapSize+pr.col) / float64(mapSize*mapSize)
	return 0.5*math.Min(1, le) + 0.5*mp
}

// flipsAt is the number of weights of a set flipped at grid index i.
func flipsAt(i, k int) int { return int(math.Round(float64(i) * float64(k) / float64(mapSize-1))) }

func (pr *probe) step(budget time.Duration) {
	start := time.Now()
	for !pr.done() && time.Since(start) < budget {
		if pr.di < len(landscapeD) {
			k := int(math.Round(landscapeD[pr.di] * float64(pr.n)))
			// partial Fisher-Yates: k distinct random weights
			for i := range pr.perm {
				pr.perm[i] = i
			}
			for i := 0; i < k; i++ {
				j := i + pr.rng.IntN(pr.n-i)
				pr.perm[i], pr.perm[j] = pr.perm[j], pr.perm[i]
				pr.st.Flip(pr.perm[i])
			}
			pr.sum[pr.di] += float64(pr.st.Errors()) / pr.p
			for i := 0; i < k; i++ {
				pr.st.Flip(pr.perm[i])
			}
			pr.fi++
			if pr.fi == landscapeFlips || k == 0 {
				pr.le[pr.di] = pr.sum[pr.di] / float64(pr.fi)
				pr.di++
				pr.fi = 0
			}
			continue
		}
		// map: row i flips setA[:a(i)], then walk the columns flipping setB
		k := len(pr.setA)
		if pr.col == 0 {
			// enter row: flip the additional A weights
			from := 0
			if pr.row > 0 {
				from = flipsAt(pr.row-1, k)
			}
			for _, j := range pr.setA[from:flipsAt(pr.row, k)] {
				pr.st.Flip(j)
			}
		} else {
			for _, j := range pr.setB[flipsAt(pr.col-1, k):flipsAt(pr.col, k)] {
				pr.st.Flip(j)
			}
		}
		pr.grid[pr.row*mapSize+pr.col] = float64(pr.st.Errors()) / pr.p
		pr.col++
		if pr.col == mapSize {
			// undo set B for the next row
			for _, j := range pr.setB[:flipsAt(mapSize-1, k)] {
				pr.st.Flip(j)
			}
			pr.col = 0
			pr.row++
		}
	}
}

var landscapeNames = map[string]string{"sa": "simulated annealing (sharp)", "rsa": "replicated SA (flat)"}

func (f *landscapeFig) Draw(dst *ebiten.Image, area state.Rect, in *input) {
	f.frames++
	if f.runs[0] == nil {
		message(dst, area, "cannot start:", f.err)
		return
	}
	d, p := f.runs[0].in.dims()
	head, body := area.SplitTop(40)
	drawText(dst, fmt.Sprintf("Landscape around solutions of one instance: N=%d weights, D=%d, P=%d (α = %s, α_D = %s)",
		f.p.Int("n"), d, p, f.p.Text("alpha"), f.p.Text("alpha-d")), head.X+4, head.Y+10, titleSize, colText, alignLeft)
	status := ""
	switch f.stage {
	case 0:
		status = "training both algorithms on the same data…"
	case 1:
		status = "probing the landscape around each solution…"
	default:
		status = fmt.Sprintf("local energy: %d random flip sets per d · maps: %d×%d grid over two disjoint random flip sets", landscapeFlips, mapSize, mapSize)
	}
	for k, a := range f.algos {
		if r := f.runs[k]; r != nil && r.stage == 3 {
			s := r.trainer.Snapshot()
			if s.Solved {
				status += fmt.Sprintf(" · %s solved", a)
			} else {
				status += fmt.Sprintf(" · %s NOT solved (%d errors)", a, s.Errors)
			}
		}
	}
	drawText(dst, status, head.X+4, head.Y+28, 12, colMuted, alignLeft)
	if f.err != "" {
		drawText(dst, f.err, head.X+4, head.Y+28, 12, colError, alignLeft)
	}
	if f.Busy() {
		progressBar(dst, state.Rect{X: head.X + head.W - 160, Y: head.Y + 24, W: 156, H: 5}, f.Progress(), "")
	}
	left, right := body.SplitLeft(body.W * 0.44)
	// local energy
	ymax := 0.02
	for _, pr := range f.probe {
		if pr != nil {
			for _, v := range pr.le {
				if !bad(v) {
					ymax = math.Max(ymax, v)
				}
			}
		}
	}
	pl := plot{title: "local energy", xlabel: "d   (fraction of weights flipped at random)", ylabel: "training error after the flips",
		xlo: 0, xhi: landscapeD[len(landscapeD)-1], ylo: 0, yhi: ymax * 1.1}
	pl.place(left)
	pl.drawFrame(dst)
	var leg []legendEntry
	for k, a := range f.algos {
		c := pal(4)
		if k == 1 {
			c = pal(2)
		}
		if pr := f.probe[k]; pr != nil {
			pl.curve(dst, landscapeD, pr.le, 2.5, c, 0)
			pl.markers(dst, landscapeD, pr.le, 3, c)
		}
		leg = append(leg, legendEntry{label: landscapeNames[a], c: c})
	}
	pl.legend(dst, leg, 0)
	if x, _, ok := pl.hover(dst, in); ok {
		lines := []string{fmt.Sprintf("d = %s (%d flips)", state.FormatValue(x, 3), int(math.Round(x*float64(f.p.Int("n")))))}
		for k, a := range f.algos {
			if pr := f.probe[k]; pr != nil {
				if v := interpAt(landscapeD, pr.le, x); !math.IsNaN(v) {
					lines = append(lines, fmt.Sprintf("%s: %s", a, state.FormatValue(v, 3)))
				}
			}
		}
		panelBox(dst, lines, in.mx, in.my, pl.inner)
	}
	// maps, with a shared colour scale
	vmax := 0.0
	for _, pr := range f.probe {
		if pr != nil {
			for _, v := range pr.grid {
				if !bad(v) {
					vmax = math.Max(vmax, v)
				}
			}
		}
	}
	vmax = math.Max(vmax, 0.01)
	cols := right.Inset(16, 0, 0, 0)
	side := math.Min((cols.W-18)/2-52, cols.H-130)
	maps := state.Rect{X: cols.X, Y: cols.Y + math.Max(0, (cols.H-side-130)/2), W: cols.W, H: side + 84}
	cbar := state.Rect{X: cols.X, Y: maps.Y + maps.H, W: cols.W, H: 46}
	mrs := maps.Columns(2, 18)
	for k, a := range f.algos {
		f.drawMap(dst, k, mrs[k], landscapeNames[a], vmax, in)
	}
	// colour bar
	bar := state.Rect{X: cbar.X + 40, Y: cbar.Y + 14, W: cbar.W - 80, H: 10}
	n := 64
	for i := 0; i < n; i++ {
		c := state.Viridis(float64(i) / float64(n-1))
		fillRect(dst, state.Rect{X: bar.X + bar.W*float64(i)/float64(n), Y: bar.Y, W: bar.W/float64(n) + 0.5, H: bar.H}, rgb(c.R, c.G, c.B))
	}
	strokeRect(dst, bar, 1, colAxis)
	drawText(dst, "0", bar.X, bar.Y+bar.H+10, tickSize, colMuted, alignCenter)
	drawText(dst, state.FormatValue(vmax, 2), bar.X+bar.W, bar.Y+bar.H+10, tickSize, colMuted, alignCenter)
	drawText(dst, "training error (fraction of examples)", bar.X+bar.W/2, bar.Y+bar.H+10, tickSize, colMuted, alignCenter)
}

func (f *landscapeFig) drawMap(dst *ebiten.Image, k int, r state.Rect, name string, vmax float64, in *input) {
	side := math.Min(r.W-52, r.H-84)
	if side < 20 {
		return
	}
	box := state.Rect{X: r.X + 46, Y: r.Y + 28, W: side, H: side}
	drawText(dst, name, box.X, r.Y+12, 13, colText, alignLeft)
	pr := f.probe[k]
	if pr == nil {
		fillRect(dst, box, colWhite)
		strokeRect(dst, box, 1, colAxis)
		message(dst, box, "waiting…")
		return
	}
	need := mapSize * mapSize * 4
	if len(f.pix) < need {
		f.pix = make([]byte, need)
	}
	for row := 0; row < mapSize; row++ {
		for col := 0; col < mapSize; col++ {
			v := pr.grid[row*mapSize+col]
			// image row 0 is the top: put set A (rows) increasing upward
			o := ((mapSize-1-row)*mapSize + col) * 4
			if bad(v) {
				f.pix[o], f.pix[o+1], f.pix[o+2], f.pix[o+3] = 235, 233, 228, 255
				continue
			}
			c := state.Viridis(v / vmax)
			f.pix[o], f.pix[o+1], f.pix[o+2], f.pix[o+3] = c.R, c.G, c.B, 255
		}
	}
	drawPixels(dst, &f.imgs[k], f.pix[:need], mapSize, mapSize, box)
	strokeRect(dst, box, 1, colAxis)
	sc := state.Scale{Lo: 0, Hi: mapExtent, P0: box.X, P1: box.X + box.W}
	for _, t := range state.LinearTicks(0, mapExtent, 5) {
		x := sc.Px(t.V)
		crispLine(dst, x, box.Y+box.H, x, box.Y+box.H+4, 1, colAxis)
		drawText(dst, t.Label, x, box.Y+box.H+13, tickSize, colMuted, alignCenter)
		y := box.Y + box.H - (x - box.X)
		crispLine(dst, box.X-4, y, box.X, y, 1, colAxis)
		drawText(dst, t.Label, box.X-6, y, tickSize, colMuted, alignRight)
	}
	drawText(dst, "flipped in set B", box.X+box.W/2, box.Y+box.H+27, 11.5, colText, alignCenter)
	drawTextRotated(dst, "flipped in set A", box.X-40, box.Y+box.H/2, 11.5, colText)
	// solution marker at the origin
	circle(dst, box.X+box.W/(2*mapSize), box.Y+box.H-box.H/(2*mapSize), 3, colWhite)
	if in.hasMouse && box.Contains(in.mx, in.my) {
		col := int((in.mx - box.X) / box.W * mapSize)
		row := mapSize - 1 - int((in.my-box.Y)/box.H*mapSize)
		if col >= 0 && col < mapSize && row >= 0 && row < mapSize {
			v := pr.grid[row*mapSize+col]
			kk := len(pr.setA)
			panelBox(dst, []string{fmt.Sprintf("set A: %d flips, set B: %d flips", flipsAt(row, kk), flipsAt(col, kk)),
				fmt.Sprintf("training error %s", state.FormatValue(v, 3))}, in.mx, in.my, r)
		}
	}
}
