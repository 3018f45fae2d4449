package state

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// (Built by concatenation rather than fmt: this code ships in the browser
// module, whose size is budgeted.)

// Text summaries of the figures' key numbers, for readers who cannot see the
// canvas (a screen reader reads them from an ARIA live region) and for
// scripts (window.flatland.summary). They are plain sentences: no NaN, no
// subscript markup, a number that is not known yet says so.

// NotComputed stands for a number that is not (or not yet) known.
const NotComputed = "not computed"

// SummaryNumber formats v with at most sig significant digits (no trailing
// zeros), or says NotComputed for NaN and infinities.
func SummaryNumber(v float64, sig int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return NotComputed
	}
	s := FormatValue(v, sig)
	if strings.Contains(s, ".") && !strings.Contains(s, "e") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// PlainText turns the figures' label markup into readable text: "α_{LE}"
// becomes "α_LE", and NaN is never passed on.
func PlainText(s string) string {
	s = strings.ReplaceAll(s, "{", "")
	s = strings.ReplaceAll(s, "}", "")
	s = strings.ReplaceAll(s, "NaN", NotComputed)
	return strings.Join(strings.Fields(s), " ")
}

// SimRate is one simulated point of a success-rate column.
type SimRate struct {
	Alpha    float64
	Solved   int // runs that reached zero training error
	Finished int // runs finished
	Samples  int // runs planned
}

// DiagramSummary holds the diagram's key numbers in the picked column.
type DiagramSummary struct {
	AlphaD, Alpha   float64 // the picked point
	AlphaC, AlphaLE float64 // thresholds at AlphaD (NaN when not known)
	Algo            string  // the simulated algorithm, e.g. "CP+R"
	N               int     // weights of the simulated networks
	Sims            []SimRate
	Err             string
}

// Text: "At α_D = 1: interpolation threshold α_c = 0.935, local-entropy
// threshold α_LE = 0.8. ..."
func (d DiagramSummary) Text() string {
	text := "At α_D = " + SummaryNumber(d.AlphaD, 3) + ": interpolation threshold α_c = " + SummaryNumber(d.AlphaC, 3) +
		", local-entropy threshold α_LE = " + SummaryNumber(d.AlphaLE, 3) + ". Picked point α = " + SummaryNumber(d.Alpha, 3) +
		": " + PhaseWords(d.Alpha, d.AlphaLE, d.AlphaC) + "."
	var done, waiting []string
	for _, s := range d.Sims {
		if s.Finished == 0 {
			waiting = append(waiting, SummaryNumber(s.Alpha, 3))
			continue
		}
		part := strconv.Itoa(s.Solved) + " of " + strconv.Itoa(s.Finished) + " at α = " + SummaryNumber(s.Alpha, 3)
		if s.Finished < s.Samples {
			part += " (so far)"
		}
		done = append(done, part)
	}
	if len(d.Sims) > 0 {
		text += " " + d.Algo + " with N = " + strconv.Itoa(d.N)
		if len(done) > 0 {
			text += " solved " + strings.Join(done, ", ")
		}
		if len(waiting) > 0 {
			if len(done) > 0 {
				text += ";"
			}
			text += " still running at α = " + strings.Join(waiting, ", ")
		}
		text += "."
	}
	return withProblem(text, d.Err)
}

// PhaseWords names the phase of alpha given the thresholds at its alpha_D.
func PhaseWords(alpha, alphaLE, alphaC float64) string {
	switch {
	case bad(alpha) || bad(alphaC):
		return "phase " + NotComputed
	case alpha > alphaC:
		return "no solutions (above the interpolation threshold)"
	case bad(alphaLE):
		return "solutions exist; the local-entropy threshold is " + NotComputed
	case alpha > alphaLE:
		return "only isolated, sharp solutions (between the two thresholds: training is hard)"
	}
	return "dense flat regions (below the local-entropy threshold: training is easy)"
}

func bad(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }

// withProblem appends a computation problem to a summary.
func withProblem(text, problem string) string {
	if problem == "" {
		return text
	}
	return text + " Problem: " + PlainText(problem)
}

// TrainSummary is the training figure's status line in a sentence.
func TrainSummary(title, status, problem string) string {
	text := PlainText(title) + ": " + PlainText(status) + "."
	return withProblem(text, problem)
}

// LandscapeSummary holds the local energy of the two solutions at one flip
// fraction.
type LandscapeSummary struct {
	D      float64    // the flip fraction measured
	Names  [2]string  // sharp-minimum finder, flat-minimum finder
	Energy [2]float64 // training error after flipping D of the weights (NaN when not measured)
	Stage  string     // what the figure is doing, when not done ("" when done)
	Err    string
}

// Text: "Local energy (training error after flipping 5% of the weights): ..."
func (l LandscapeSummary) Text() string {
	text := "Local energy (training error after flipping a fraction d = " + SummaryNumber(l.D, 2) + " of the weights): " +
		l.Names[0] + " " + SummaryNumber(l.Energy[0], 3) + ", " + l.Names[1] + " " + SummaryNumber(l.Energy[1], 3) + "."
	if !bad(l.Energy[0]) && !bad(l.Energy[1]) {
		switch {
		case l.Energy[1] < l.Energy[0]:
			text += " The flat solution's error grows less: it sits in a wider minimum."
		case l.Energy[1] > l.Energy[0]:
			text += " The sharp solution's error grows less here."
		}
	}
	if l.Stage != "" {
		text += " " + PlainText(l.Stage)
	}
	return withProblem(text, l.Err)
}

// EntropySummary: the verdict of the flat-minima curve at the picked point.
func EntropySummary(alpha, alphaD float64, verdict string, done bool, problem string) string {
	text := "Local entropy at α = " + SummaryNumber(alpha, 3) + ", α_D = " + SummaryNumber(alphaD, 3) + ": "
	switch {
	case verdict != "":
		text += PlainText(verdict) + "."
	case done:
		text += "the flat-minima curve is " + NotComputed + "."
	default:
		text += "computing the curves."
	}
	return withProblem(text, problem)
}

// GeneralizationSummary holds the errors at the picked point.
type GeneralizationSummary struct {
	Alpha                  float64 // the picked point's alpha = P/N (N/P = 1/alpha)
	Typical, Bayes, Flat   float64 // theory, NaN when not known
	SimAlgo                string
	SimAlpha, SimError     float64 // the simulated point nearest the pick and its mean test error
	SimSolved, SimFinished int
	Note                   string // a sentence on what the figure cannot show
	Err                    string
}

// Text: "At N/P = 2.5: generalization error typical 0.31, Bayes 0.2, flat 0.25. ..."
func (g GeneralizationSummary) Text() string {
	np := math.NaN()
	if g.Alpha > 0 {
		np = 1 / g.Alpha
	}
	text := "At the picked point N/P = " + SummaryNumber(np, 3) + ": generalization error of typical solutions " +
		SummaryNumber(g.Typical, 3) + ", Bayes-optimal " + SummaryNumber(g.Bayes, 3) + ", flat minima " + SummaryNumber(g.Flat, 3) + "."
	if g.SimAlgo != "" && !bad(g.SimAlpha) {
		text += " " + g.SimAlgo + " at α = " + SummaryNumber(g.SimAlpha, 3) + ": "
		if g.SimFinished > 0 && !bad(g.SimError) {
			text += "mean test error " + SummaryNumber(g.SimError, 3) + " (" + strconv.Itoa(g.SimSolved) + " of " +
				strconv.Itoa(g.SimFinished) + " runs solved)."
		} else {
			text += "test error " + NotComputed + " yet."
		}
	}
	if g.Note != "" {
		text += " " + PlainText(g.Note)
	}
	return withProblem(text, g.Err)
}

// SummaryGate passes a summary on at most once per Interval and only when
// it changed, so a live region is not flooded while results stream in; the
// latest text is held back and passed on when the interval has passed.
type SummaryGate struct {
	Interval  time.Duration
	last      string
	lastAt    time.Time
	sent      bool
	checkedAt time.Time
}

// Due reports whether a summary should be made at now: at once the first
// time, then once per Interval (making one every frame would be wasted).
func (g *SummaryGate) Due(now time.Time) bool {
	if g.sent && now.Sub(g.checkedAt) < g.Interval {
		return false
	}
	g.checkedAt = now
	return true
}

// Offer returns the text to publish at now and true, or "" and false when
// nothing is to be published.
func (g *SummaryGate) Offer(text string, now time.Time) (string, bool) {
	if g.sent && text == g.last {
		return "", false
	}
	if g.sent && now.Sub(g.lastAt) < g.Interval {
		return "", false
	}
	g.last, g.lastAt, g.sent = text, now, true
	return text, true
}
