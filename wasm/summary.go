//go:build js && wasm

package main

import (
	"time"

	"flatland/wasm/state"
)

// summarizer is a figure that describes its key numbers in a sentence
// (see state.DiagramSummary and the others).
type summarizer interface{ summary() string }

// summaryInterval: the text summary changes at most this often, so that a
// screen reader is not interrupted by every streamed result.
const summaryInterval = time.Second

// publishSummary adds window.flatland.summary, through the gate; the page
// script copies it into the figure's ARIA live region.
func (g *Game) publishSummary(f map[string]any) {
	s, ok := g.fig.(summarizer)
	if !ok {
		return
	}
	now := time.Now()
	if !summaryGate.Due(now) {
		return
	}
	if text, changed := summaryGate.Offer(s.summary(), now); changed {
		f["summary"] = text
	}
}

// summaryGate holds back summaries between publications (one game per page).
var summaryGate = state.SummaryGate{Interval: summaryInterval}
