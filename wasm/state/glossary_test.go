package state

import (
	"strings"
	"testing"

	"flatland/sim/train"
)

// Every word or symbol the figures show a reader without explaining it on the canvas has an entry.
func TestGlossaryCoversTheFigures(t *testing.T) {
	terms := Glossary()
	text := map[string]string{}
	ids := map[string]bool{}
	for _, g := range terms {
		if g.ID == "" || g.Term == "" || len(g.Means) < 20 {
			t.Errorf("entry %+v is incomplete", g)
		}
		if ids[g.ID] {
			t.Errorf("anchor %q twice", g.ID)
		}
		ids[g.ID] = true
		text[g.ID] = g.Term + " " + g.Means
	}
	onScreen := []string{"α_c", "α_{LE}", "α_D", "κ_{max}", "H_2(d)", "local entropy", "local energy", "Franz-Parisi",
		"typical", "flat", "Bayes", "replica distance", "binary weights", "orange", "teacher", "random", "success rate",
		"filled", "open", "progress bar", "N/P", "P/D", "sweep", "relu", "σ", "δE_{train}", "width", "interpolation point",
		"densest region", "α_{LD}"}
	all := strings.ToLower(fmtAll(text))
	for _, w := range onScreen {
		if !strings.Contains(all, strings.ToLower(w)) {
			t.Errorf("the glossary does not explain %q", w)
		}
	}
	for _, a := range train.Algorithms {
		if !strings.Contains(text["algo-"+a.Name], a.Title) {
			t.Errorf("the glossary has no entry for the algorithm %q", a.Title)
		}
	}
}

func fmtAll(m map[string]string) string {
	var b strings.Builder
	for _, v := range m {
		b.WriteString(v)
		b.WriteString("\n")
	}
	return b.String()
}
