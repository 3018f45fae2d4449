//go:build js && wasm

package main

import (
	"embed"
	"encoding/json"
	"math"
)

// Precomputed transition diagrams (wasm/tables/*.json), written by
// `go run ./wasm/tables/gen` with sim/replica/rf — the same code the page runs.
// The alpha_LE search costs seconds per point natively (minutes for the whole
// diagram in a browser frame budget), so the figure draws these points at once
// and recomputes them live; live points replace the table's as they arrive.
//
//go:embed tables/*.json
var tableFS embed.FS

type diagramTable struct {
	ad, ac, ale []float64 // NaN where the precomputation failed
	command     string
}

type tableFile struct {
	Act     string `json:"act"`
	Labels  string `json:"labels"`
	Command string `json:"command"`
	Points  []struct {
		AlphaD  float64  `json:"alpha_d"`
		AlphaC  *float64 `json:"alpha_c"`
		AlphaLE *float64 `json:"alpha_le"`
	} `json:"points"`
}

func loadDiagramTable(act, labels string) *diagramTable {
	b, err := tableFS.ReadFile("tables/" + act + "-" + labels + ".json")
	if err != nil {
		return nil
	}
	var tf tableFile
	if json.Unmarshal(b, &tf) != nil || len(tf.Points) == 0 {
		return nil
	}
	t := &diagramTable{command: tf.Command}
	for _, p := range tf.Points {
		c, l := math.NaN(), math.NaN()
		if p.AlphaC != nil {
			c = *p.AlphaC
		}
		if p.AlphaLE != nil {
			l = *p.AlphaLE
		}
		t.ad, t.ac, t.ale = append(t.ad, p.AlphaD), append(t.ac, c), append(t.ale, l)
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
