//go:build js && wasm

package main

import (
	"embed"
	"math"

	"flatland/wasm/state"
)

// Precomputed transition diagrams (wasm/tables/*.tsv), written by
// `go run ./wasm/tables/gen` with sim/replica/rf — the same code the page runs.
// The alpha_LE search costs seconds per point natively (minutes for the whole
// diagram in a browser frame budget), so the figure draws these points at once
// and recomputes them live; live points replace the table's as they arrive.
// (A plain text format keeps encoding/json out of the download.)
//
//go:embed tables/*.tsv
var tableFS embed.FS

type diagramTable struct {
	ad, ac, ale []float64 // NaN where the precomputation failed
}

func loadDiagramTable(act, labels string) *diagramTable {
	b, err := tableFS.ReadFile("tables/" + act + "-" + labels + ".tsv")
	if err != nil {
		return nil
	}
	st, err := state.ParseDiagramTable(string(b))
	if err != nil {
		return nil
	}
	return &diagramTable{ad: st.AlphaD, ac: st.AlphaC, ale: st.AlphaLE}
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
