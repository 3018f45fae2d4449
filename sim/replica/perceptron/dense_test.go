package perceptron

import (
	"math"
	"strings"
	"testing"
	"time"

	"flatland/sim/gauss"
)

// S_I(d) <= H2(d) (the entropy of all configurations at distance d), and
// S_I -> H2(d) as alpha -> 0; at the small distances the dense region fills
// the ball (S_I = H2 to 1e-6).
func TestDenseBoundsAndSmallAlpha(t *testing.T) {
	ds := []float64{0.15, 0.1, 0.05, 0.02, 0.005}
	cases := []struct {
		alpha   float64
		maxGap  float64 // max_d H2(d) - S_I(d) allowed (small-alpha limit), 0: no check
		filledD float64 // at and below this d, S_I = H2 to 1e-6
	}{
		{0.02, 1e-5, 0.2}, // measured: 0 (saturated) at every d
		{0.3, 0, 0.01},
		{0.6, 0, 0}, // H2 - S_I = 5e-5 at d = 0.005
	}
	for _, c := range cases {
		pts, err := DenseLocalEntropy(c.alpha, 0, ds)
		if err != nil {
			t.Fatalf("alpha=%g: %v", c.alpha, err)
		}
		for _, p := range pts {
			h := gauss.H2(p.D)
			t.Logf("alpha=%g d=%g: S_I=%.8f H2-S_I=%.3g slope=%.4f", c.alpha, p.D, p.S, h-p.S, p.Slope)
			if p.S > h+1e-12 || math.IsNaN(p.S) {
				t.Errorf("alpha=%g d=%g: S_I=%.10g above H2=%.10g", c.alpha, p.D, p.S, h)
			}
			if c.maxGap > 0 && h-p.S > c.maxGap {
				t.Errorf("alpha=%g d=%g: H2-S_I=%.3g, want <= %g (small-alpha limit)", c.alpha, p.D, h-p.S, c.maxGap)
			}
			if p.D <= c.filledD && h-p.S > 1e-6 {
				t.Errorf("alpha=%g d=%g: H2-S_I=%.3g, want the ball filled (<= 1e-6)", c.alpha, p.D, h-p.S)
			}
			if !(p.Slope > 0) {
				t.Errorf("alpha=%g d=%g: slope %g, want > 0 below the threshold", c.alpha, p.D, p.Slope)
			}
		}
	}
}

// The dense-region curve is the largest local entropy over all references,
// so it lies above the Franz-Parisi curve of any reference ensemble at the
// same alpha and d: typical solutions and the maximal-margin ones.
func TestDenseAboveFranzParisi(t *testing.T) {
	const alpha = 0.6
	ds := []float64{0.1, 0.05, 0.02}
	dense, err := DenseLocalEntropy(alpha, 0, ds)
	if err != nil {
		t.Fatal(err)
	}
	kr, err := MaxMarginReference(alpha)
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range []float64{0, kr} {
		fp, err := LocalEntropy(alpha, ref, 0, ds)
		if err != nil {
			t.Fatal(err)
		}
		for i := range ds {
			// measured margins: >= 0.016 (maximal margin), >= 0.059 (typical)
			t.Logf("d=%g kappa_ref=%.4f: S_I=%.6f S_FP=%.6f", ds[i], ref, dense[i].S, fp[i].S)
			if !(dense[i].S > fp[i].S+1e-3) {
				t.Errorf("d=%g kappa_ref=%.4f: S_I=%.6f not above the Franz-Parisi S=%.6f", ds[i], ref, dense[i].S, fp[i].S)
			}
		}
	}
}

// Eq. (33): the curve starts at d* with P = 0 at the storage entropy phi
// (summing over d counts every solution), and the slope 2P, eq. (32), matches
// a central difference of S_I.
func TestDenseMaximumAndSlope(t *testing.T) {
	cases := []struct{ alpha, d float64 }{{0.3, 0.1}, {0.6, 0.05}, {0.75, 0.02}}
	for _, c := range cases {
		dStar, ref, err := DenseMaxDistance(c.alpha, 0)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := NewDense(c.alpha, 0)
		top, err := f.At(dStar - 1e-4)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(top.S-ref.Phi) > 1e-6 || math.Abs(top.P) > 0.02 {
			t.Errorf("alpha=%g d*=%.5f: S_I=%.8f P=%.4g, want phi=%.8f and P ~ 0", c.alpha, dStar, top.S, top.P, ref.Phi)
		}
		const h = 1e-4
		pts, err := DenseLocalEntropy(c.alpha, 0, []float64{c.d + h, c.d, c.d - h})
		if err != nil {
			t.Fatal(err)
		}
		num := (pts[0].S - pts[2].S) / (2 * h)
		if math.Abs(num-pts[1].Slope) > 1e-5*math.Max(1, math.Abs(num)) {
			t.Errorf("alpha=%g d=%g: slope %.8g, central difference %.8g", c.alpha, c.d, pts[1].Slope, num)
		}
		if _, err := f.At(dStar + 0.01); err == nil || !strings.Contains(err.Error(), "d* =") {
			t.Errorf("alpha=%g: d beyond d* gave %v, want an error naming d*", c.alpha, err)
		}
	}
}

// The conjugates (30) and residuals (31) are the partial derivatives of the
// functional (29): checked against central differences with every order
// parameter free.
func TestDenseStationarityEquations(t *testing.T) {
	f, _ := NewDense(0.5, 0)
	const p = 0.8
	// chi1, q1, P, q0h, dh
	v := []float64{0.7, 0.72, 0.9, 0.5, 0.4}
	full := func(v []float64) float64 {
		ge, _ := f.energetic(v[0], v[1])
		es := f.entropic(math.Sqrt(v[3]), v[4], v[2])
		return -v[2]*p - v[3]*v[0]/2 - v[4]*v[1]/2 - v[3]*(1-v[1])/2 + es.GS + f.Alpha*ge.GE
	}
	ge, _ := f.energetic(v[0], v[1])
	es := f.entropic(math.Sqrt(v[3]), v[4], v[2])
	al := f.Alpha
	want := []float64{
		-v[3]/2 + al*ge.DChi1,
		-v[4]/2 + v[3]/2 + al*ge.DQ1,
		-p + es.T,
		-v[0]/2 - (1-v[1])/2 + es.TZ/(2*math.Sqrt(v[3])),
		-v[1]/2 + es.T2/2,
	}
	for i := range v {
		const h = 1e-5
		up := append([]float64(nil), v...)
		dn := append([]float64(nil), v...)
		up[i] += h
		dn[i] -= h
		num := (full(up) - full(dn)) / (2 * h)
		if math.Abs(num-want[i]) > 1e-7 {
			t.Errorf("d/dv[%d]: analytic %.10g, central difference %.10g", i, want[i], num)
		}
	}
}

// Eq. (34): the dense-region curve is monotone at alpha = 0.75 and has a dip
// at 0.765 (alpha_LD = 0.7553 by `flatland perceptron le-threshold -ref dense`).
func TestDenseThreshold(t *testing.T) {
	cases := []struct {
		alpha    float64
		positive bool
	}{{0.75, true}, {0.765, false}}
	for _, c := range cases {
		s, at, err := MinDenseSlope(c.alpha)
		if err != nil {
			t.Fatal(err)
		}
		if (s > 0) != c.positive {
			t.Errorf("alpha=%g: min slope %.4g at d=%.4f, want positive=%v", c.alpha, s, at, c.positive)
		}
	}
}

// The stepper gives the same points as the plain function, whatever the
// slicing.
func TestDenseCurveSlicing(t *testing.T) {
	ds := []float64{0.1, 0.05, 0.02}
	want, err := DenseLocalEntropy(0.6, 0, ds)
	if err != nil {
		t.Fatal(err)
	}
	for _, budget := range []time.Duration{0, time.Millisecond, time.Hour} {
		c, err := NewDenseLocalEntropyCurve(0.6, 0, ds)
		if err != nil {
			t.Fatal(err)
		}
		for steps := 0; ; steps++ {
			done, err := c.Step(budget)
			if err != nil {
				t.Fatal(err)
			}
			if done {
				break
			}
			if steps > 1e6 {
				t.Fatal("curve does not finish")
			}
		}
		got := c.Points()
		if c.Progress() != 1 || len(got) != len(want) {
			t.Fatalf("budget %v: progress %g, %d points", budget, c.Progress(), len(got))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("budget %v: point %d = %+v, want %+v", budget, i, got[i], want[i])
			}
		}
	}
	for _, bad := range [][]float64{nil, {0}, {0.5}, {math.NaN()}} {
		if _, err := NewDenseLocalEntropyCurve(0.6, 0, bad); err == nil {
			t.Errorf("grid %v accepted", bad)
		}
	}
	if _, err := NewDense(math.NaN(), 0); err == nil {
		t.Error("alpha NaN accepted")
	}
}
