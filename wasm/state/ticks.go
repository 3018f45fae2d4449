package state

import (
	"math"
	"strconv"
	"strings"
)

// Scale maps data values in [Lo, Hi] to pixels in [P0, P1] (P1 < P0 is fine,
// as for a y axis pointing up), linearly or logarithmically.
type Scale struct {
	Lo, Hi float64
	P0, P1 float64
	Log    bool
}

func (s Scale) t(v float64) float64 {
	if s.Log {
		return (math.Log(v) - math.Log(s.Lo)) / (math.Log(s.Hi) - math.Log(s.Lo))
	}
	return (v - s.Lo) / (s.Hi - s.Lo)
}

// Px maps a data value to a pixel coordinate.
func (s Scale) Px(v float64) float64 { return s.P0 + s.t(v)*(s.P1-s.P0) }

// Value maps a pixel coordinate back to a data value.
func (s Scale) Value(px float64) float64 {
	t := (px - s.P0) / (s.P1 - s.P0)
	if s.Log {
		return math.Exp(math.Log(s.Lo) + t*(math.Log(s.Hi)-math.Log(s.Lo)))
	}
	return s.Lo + t*(s.Hi-s.Lo)
}

// Contains reports whether v lies in the data range (inclusive).
func (s Scale) Contains(v float64) bool {
	lo, hi := math.Min(s.Lo, s.Hi), math.Max(s.Lo, s.Hi)
	return v >= lo-1e-12*math.Abs(hi-lo) && v <= hi+1e-12*math.Abs(hi-lo)
}

// Tick is one labelled axis position.
type Tick struct {
	V     float64
	Label string
	Minor bool // unlabelled minor tick
}

// NiceStep returns a step of the form {1, 2, 2.5, 5} x 10^k such that [lo, hi]
// holds at most maxTicks steps, as small as possible.
func NiceStep(lo, hi float64, maxTicks int) float64 {
	if maxTicks < 1 {
		maxTicks = 1
	}
	span := math.Abs(hi - lo)
	if span == 0 || math.IsNaN(span) || math.IsInf(span, 0) {
		return 1
	}
	raw := span / float64(maxTicks)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw*(1-1e-9) {
			return m * mag
		}
	}
	return 10 * mag
}

// LinearTicks returns labelled ticks at multiples of a nice step inside [lo, hi].
func LinearTicks(lo, hi float64, maxTicks int) []Tick {
	if lo > hi {
		lo, hi = hi, lo
	}
	step := NiceStep(lo, hi, maxTicks)
	first := math.Ceil(lo/step-1e-9) * step
	var out []Tick
	for i := 0; i < 1000; i++ {
		v := first + float64(i)*step
		if v > hi+step*1e-9 {
			break
		}
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		out = append(out, Tick{V: v, Label: FormatTick(v, step)})
	}
	return out
}

// LogTicks returns ticks for a logarithmic axis on [lo, hi] (lo > 0): labelled
// 1-2-5 values when the range spans less than ~3 decades, decades with
// unlabelled minor ticks otherwise.
func LogTicks(lo, hi float64) []Tick {
	if lo > hi {
		lo, hi = hi, lo
	}
	if lo <= 0 || math.IsNaN(lo) || math.IsInf(hi, 0) {
		return nil
	}
	decades := math.Log10(hi / lo)
	var mults []float64
	switch {
	case decades < 1.2:
		mults = []float64{1, 1.5, 2, 3, 4, 5, 6, 8}
	case decades <= 3.2:
		mults = []float64{1, 2, 5}
	default:
		mults = []float64{1}
	}
	var out []Tick
	for e := math.Floor(math.Log10(lo)) - 1; e <= math.Ceil(math.Log10(hi)); e++ {
		base := math.Pow(10, e)
		for m := 1; m <= 9; m++ {
			v := float64(m) * base
			// round away representation noise such as 0.30000000000000004
			v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			labelled := false
			for _, mm := range mults {
				if float64(m) == mm {
					labelled = true
				}
			}
			if labelled {
				out = append(out, Tick{V: v, Label: FormatNumber(v)})
			} else {
				out = append(out, Tick{V: v, Minor: true})
			}
		}
		if decades < 1.2 {
			for _, mm := range mults {
				if mm != math.Trunc(mm) {
					v := mm * base
					if v >= lo && v <= hi {
						out = append(out, Tick{V: v, Label: FormatNumber(v)})
					}
				}
			}
		}
	}
	sortTicks(out)
	return out
}

func sortTicks(t []Tick) {
	for i := 1; i < len(t); i++ {
		for j := i; j > 0 && t[j].V < t[j-1].V; j-- {
			t[j], t[j-1] = t[j-1], t[j]
		}
	}
}

// FormatTick formats v with just enough decimals for the tick step: every
// multiple of the step is then shown exactly ("7.5" for step 2.5, not "8").
func FormatTick(v, step float64) string {
	s := strconv.FormatFloat(v, 'f', StepDecimals(step), 64)
	if s == "-0" || strings.TrimLeft(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	return s
}

// StepDecimals is the number of decimals that represent every multiple of
// step exactly: 0 for 5 or 10, 1 for 2.5 or 0.5, 2 for 0.25, up to 12.
func StepDecimals(step float64) int {
	step = math.Abs(step)
	if step == 0 || math.IsNaN(step) || math.IsInf(step, 0) {
		return 0
	}
	for dec := 0; dec < 12; dec++ {
		scaled := step * math.Pow(10, float64(dec))
		if math.Abs(scaled-math.Round(scaled)) <= 1e-6*scaled {
			return dec
		}
	}
	return 12
}

// FormatNumber formats v compactly with up to 3 significant digits, without
// exponent for 1e-4 <= |v| < 1e6 ("0.05", "1", "2.5", "1000", "1.2e-05").
func FormatNumber(v float64) string {
	if v == 0 {
		return "0"
	}
	a := math.Abs(v)
	if a < 1e-4 || a >= 1e6 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	s := strconv.FormatFloat(v, 'g', 3, 64)
	if strings.ContainsRune(s, 'e') {
		f, _ := strconv.ParseFloat(s, 64)
		s = strconv.FormatFloat(f, 'f', -1, 64)
	}
	return s
}

// FormatValue formats a read-out value with sig significant digits.
func FormatValue(v float64, sig int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	if v == 0 {
		return "0"
	}
	a := math.Abs(v)
	if a < 1e-3 || a >= 1e6 {
		return strconv.FormatFloat(v, 'e', sig-1, 64)
	}
	dec := sig - 1 - int(math.Floor(math.Log10(a)))
	if dec < 0 {
		dec = 0
	}
	return strconv.FormatFloat(v, 'f', dec, 64)
}
