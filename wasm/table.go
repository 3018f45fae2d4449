//go:build js && wasm

package main

import (
	"math"

	"flatland/sim/replica/rf"
)

// The stored transition diagrams of sim/replica/rf (rf.StoredDiagram: every
// activation and label rule, made and re-derived in its tests by the same code
// the page runs). The alpha_LE search costs seconds per point (minutes for the
// whole diagram in a browser frame budget), so the figure draws the stored
// points at once, marked as stored, and recomputes them live; live points
// replace the stored ones as they arrive.
type diagramTable struct {
	ad, ac, ale []float64 // NaN where the stored computation failed
}

func loadDiagramTable(m rf.Model) *diagramTable {
	pts, ok := rf.StoredDiagram(m)
	if !ok {
		return nil
	}
	t := &diagramTable{}
	for _, p := range pts {
		c, le := p.AlphaC, p.AlphaLE
		if p.Err != nil {
			c, le = math.NaN(), math.NaN()
		}
		t.ad, t.ac, t.ale = append(t.ad, p.AlphaD), append(t.ac, c), append(t.ale, le)
	}
	return t
}

// merge returns live points where they exist (same grid, in order) and table
// points beyond.
func (t *diagramTable) merge(ad, ac, ale []float64) ([]float64, []float64, []float64) {
	oad := append([]float64(nil), ad...)
	oac := append([]float64(nil), ac...)
	oale := append([]float64(nil), ale...)
	for i := len(ad); i < len(t.ad); i++ {
		oad, oac, oale = append(oad, t.ad[i]), append(oac, t.ac[i]), append(oale, t.ale[i])
	}
	return oad, oac, oale
}

// deviation compares live points with the table: the largest relative
// difference of alpha_c or alpha_LE and the number of points compared.
func (t *diagramTable) deviation(ad, ac, ale []float64) (float64, int) {
	dev, n := 0.0, 0
	for i := 0; i < len(ad) && i < len(t.ad); i++ {
		if math.Abs(ad[i]-t.ad[i]) > 1e-9*t.ad[i] {
			continue
		}
		for _, pair := range [][2]float64{{ac[i], t.ac[i]}, {ale[i], t.ale[i]}} {
			if !bad(pair[0]) && !bad(pair[1]) {
				dev = math.Max(dev, math.Abs(pair[0]-pair[1])/pair[1])
			}
		}
		n++
	}
	return dev, n
}
