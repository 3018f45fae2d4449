package gauss

import (
	"flatland/sim/detmath"
	"math"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
)

// Reference values from mpmath at 30 digits: erfc(x/sqrt 2)/2, its log, and G/H.
var tailTable = []struct{ x, h, logH, goh float64 }{
	{-5, 0.99999971334842812, -2.8665161296376359e-7, 1.4867199409049057e-6},
	{-1, 0.84134474606854295, -0.17275377902344989, 0.28759997093917836},
	{0, 0.5, -0.69314718055994531, 0.79788456080286536},
	{0.5, 0.3085375387259869, -1.1759117615936186, 1.1410777703680645},
	{1, 0.15865525393145705, -1.8410216450092635, 1.5251352761609812},
	{2, 0.022750131948179207, -3.7831843336820319, 2.3732155328228409},
	{5, 2.8665157187919391e-7, -15.064998393988726, 5.1865039671258421},
	{10, 7.6198530241605261e-24, -53.231285150512471, 10.098093233962512},
	{20, 2.7536241186062337e-89, -203.91715537109726, 20.049753068527851},
	{29.9, 9.8389683323905585e-197, -451.32291245852863, 29.933370411296166},
	{30.1, 2.4226672179857588e-199, -457.32956441638226, 30.133149654578453},
	{37, 5.7255712225245768e-300, -689.03058557689059, 37.02698768612699},
	{40, 0, -804.60844201375379, 40.024968847207264},
	{60, 0, -1805.0135606805671, 60.016657420241125},
	{100, 0, -5005.5242086942051, 100.00999800099926},
	{1000, 0, -500007.82669481218, 1000.000999998},
}

func relErr(got, want float64) float64 {
	if want == 0 {
		return math.Abs(got)
	}
	return math.Abs(got-want) / math.Abs(want)
}

func TestTail(t *testing.T) {
	const tol = 1e-13 // relative
	for _, c := range tailTable {
		if c.h != 0 {
			if e := relErr(H(c.x), c.h); e > tol {
				t.Errorf("H(%g) = %.17g, want %.17g (rel err %.2g)", c.x, H(c.x), c.h, e)
			}
		}
		if e := relErr(LogH(c.x), c.logH); e > tol {
			t.Errorf("LogH(%g) = %.17g, want %.17g (rel err %.2g)", c.x, LogH(c.x), c.logH, e)
		}
		if e := relErr(GOverH(c.x), c.goh); e > tol {
			t.Errorf("GOverH(%g) = %.17g, want %.17g (rel err %.2g)", c.x, GOverH(c.x), c.goh, e)
		}
	}
}

// LogH and GOverH must be continuous across the switch to the asymptotic series
// and GOverH must be -d/dx LogH.
func TestTailContinuityAndDerivative(t *testing.T) {
	lo, hi := LogH(asymptoticFrom-1e-9), LogH(asymptoticFrom)
	if math.Abs(lo-hi) > 1e-6 {
		t.Errorf("LogH jumps at %g: %.15g vs %.15g", asymptoticFrom, lo, hi)
	}
	for _, x := range []float64{-30, -3, -0.2, 0.7, 4, 12, 29.5, 31, 45, 300} {
		h := 1e-5 * math.Max(1, math.Abs(x))
		fd := -(LogH(x+h) - LogH(x-h)) / (2 * h)
		if e := relErr(GOverH(x), fd); e > 1e-7 && math.Abs(GOverH(x)-fd) > 1e-12 {
			t.Errorf("GOverH(%g) = %.12g, finite difference of -LogH %.12g", x, GOverH(x), fd)
		}
	}
}

func TestGaussLegendreExactForPolynomials(t *testing.T) {
	for _, n := range []int{1, 2, 5, 8, 16, 33} {
		x, w := GaussLegendre(n)
		for deg := 0; deg <= 2*n-1; deg++ {
			s := 0.0
			for i := range x {
				s += w[i] * math.Pow(x[i], float64(deg))
			}
			want := 0.0
			if deg%2 == 0 {
				want = 2 / float64(deg+1)
			}
			if math.Abs(s-want) > 1e-13 {
				t.Errorf("n=%d: int x^%d = %.16g, want %.16g", n, deg, s, want)
			}
		}
	}
}

// E H(a z + b) = H(b / sqrt(1 + a^2)), including very steep a (a kink).
func TestAverageClosedForm(t *testing.T) {
	cases := []struct{ a, b, tol float64 }{
		{0, 0.3, 1e-13},
		{1, 0.5, 1e-12},
		{-2, 1.5, 1e-12},
		{30, 2, 1e-10},
		{1000, -3, 1e-10},
	}
	for _, c := range cases {
		kink := Kink{At: -c.b / c.a, Width: 1 / math.Abs(c.a)}
		if c.a == 0 {
			kink = Kink{}
		}
		r := KinkRule(8, kink)
		got := r.Average(func(z float64) float64 { return H(c.a*z + c.b) })
		want := H(c.b / math.Sqrt(1+c.a*c.a))
		if math.Abs(got-want) > c.tol {
			t.Errorf("E H(%g z + %g) = %.15g, want %.15g (err %.2g)", c.a, c.b, got, want, got-want)
		}
	}
	// moments
	r := KinkRule(8)
	for k, want := range map[int]float64{0: 1, 2: 1, 4: 3, 6: 15} {
		got := r.Average(func(z float64) float64 { return math.Pow(z, float64(k)) })
		if math.Abs(got-want) > 1e-12*want {
			t.Errorf("E z^%d = %.15g, want %g", k, got, want)
		}
	}
}

// The q -> 1 kink: E ln H(-sqrt(q/(1-q)) z) (mpmath references), where
// Gauss-Hermite loses two to eight digits.
func TestAverageKinkNearOne(t *testing.T) {
	cases := []struct{ q, lnH, hlnH float64 }{
		{0.9, -3.2020494301143213, -0.11352180819804305},
		{0.999, -251.64712684112387, -0.011394011119363859},
		{0.9999, -2502.2035707998791, -0.0036032225314431138},
	}
	for _, c := range cases {
		k := math.Sqrt(c.q / (1 - c.q))
		r := KinkRule(8, Kink{At: 0, Width: 1 / k})
		got := r.Average(func(z float64) float64 { return LogH(-k * z) })
		if e := relErr(got, c.lnH); e > 1e-10 {
			t.Errorf("q=%g: E ln H = %.15g, want %.15g (rel %.2g)", c.q, got, c.lnH, e)
		}
		got = r.Average(func(z float64) float64 { return H(-k*z) * LogH(-k*z) })
		if e := relErr(got, c.hlnH); e > 1e-9 {
			t.Errorf("q=%g: E H ln H = %.15g, want %.15g (rel %.2g)", c.q, got, c.hlnH, e)
		}
	}
}

// E H((c + x - y)/eps) for x, y with correlation rho equals
// H(c / sqrt(eps^2 + 2(1-rho))): a steep kink in a nearly degenerate pair.
func TestAverage2ClosedForm(t *testing.T) {
	outer := KinkRule(8)
	cases := []struct{ rho, c, eps float64 }{
		{0, 0.5, 1},
		{0.5, -0.3, 0.2},
		{0.99, 0.05, 0.05},
		{0.9999, 0.01, 0.01},
		{-0.7, 1, 0.5},
	}
	for _, cs := range cases {
		s := math.Sqrt(1 - cs.rho*cs.rho)
		kinks := func(z1 float64) []Kink {
			// c + z1(1-rho) - s z2 = 0
			return []Kink{{At: (cs.c + z1*(1-cs.rho)) / s, Width: cs.eps / s}}
		}
		got := Average2(cs.rho, outer, 8, kinks, nil, func(x, y float64) float64 { return H((cs.c + x - y) / cs.eps) })
		want := H(cs.c / math.Sqrt(cs.eps*cs.eps+2*(1-cs.rho)))
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("rho=%g c=%g eps=%g: got %.15g want %.15g (err %.2g)", cs.rho, cs.c, cs.eps, got, want, got-want)
		}
	}
}

func TestH2AndLogCosh(t *testing.T) {
	if math.Abs(H2(0.5)-math.Ln2) > 1e-15 || H2(0) != 0 || H2(1) != 0 {
		t.Errorf("H2: %v %v %v", H2(0.5), H2(0), H2(1))
	}
	if got, want := H2(0.1), 0.32508297339144826; math.Abs(got-want) > 1e-15 {
		t.Errorf("H2(0.1) = %.17g, want %.17g", got, want)
	}
	for _, x := range []float64{0, 0.3, -2, 10, 800, -1000} {
		want := math.Log(math.Cosh(x))
		if math.IsInf(want, 1) {
			want = math.Abs(x) - math.Ln2
		}
		if math.Abs(detmath.LogCosh(x)-want) > 1e-13*math.Max(1, want) {
			t.Errorf("detmath.LogCosh(%g) = %.17g, want %.17g", x, detmath.LogCosh(x), want)
		}
	}
}

func BenchmarkKinkRuleAverageLogH(b *testing.B) {
	k := math.Sqrt(0.999 / 0.001)
	r := KinkRule(8, Kink{At: 0, Width: 1 / k})
	b.ReportMetric(float64(r.Len()), "nodes")
	for b.Loop() {
		s := 0.0
		for i, z := range r.Z {
			l, _ := LogHG(-k * z)
			s += r.W[i] * l
		}
		if s > 0 {
			b.Fatal(s)
		}
	}
}

// A coarse rule (panels of width 2 on [-8, 8], 8 points) keeps 1e-9 accuracy
// on the kinked integrals used in the local-entropy inner loops.
func TestCoarseBreaks(t *testing.T) {
	q := 0.999
	k := math.Sqrt(q / (1 - q))
	var r Rule
	r.Fill(BreaksOn(nil, 8, 2, Kink{At: 0, Width: 1 / k}), 8)
	got := r.Average(func(z float64) float64 { return LogH(-k * z) })
	if e := relErr(got, -251.64712684112387); e > 1e-9 {
		t.Errorf("coarse rule: %.15g (rel err %.2g, %d nodes)", got, e, r.Len())
	}
	got = r.Average(func(z float64) float64 { return H(3*z + 0.2) })
	if want := H(0.2 / math.Sqrt(10)); math.Abs(got-want) > 1e-9 {
		t.Errorf("coarse rule E H(3z+0.2) = %.15g want %.15g", got, want)
	}
}

func TestFusedHelpers(t *testing.T) {
	for _, x := range []float64{-40, -8, -1.5, -1e-3, 0, 0.4, 3, 12, 29.99, 30, 55} {
		l, g := LogHAndGOverH(x)
		if relErr(l, LogH(x)) > 1e-15 || relErr(g, GOverH(x)) > 1e-15 {
			t.Errorf("LogHAndGOverH(%g) = %v %v, want %v %v", x, l, g, LogH(x), GOverH(x))
		}
		th, lc := TanhLogCosh(x)
		if math.Abs(th-math.Tanh(x)) > 1e-15 || relErr(lc, detmath.LogCosh(x)+math.Ln2) > 1e-15 {
			t.Errorf("TanhLogCosh(%g) = %v %v, want %v %v", x, th, lc, math.Tanh(x), detmath.LogCosh(x)+math.Ln2)
		}
	}
}

// The Gauss-Legendre rule agrees with gonum's (Bogaert's iteration-free
// algorithm) to rounding, integrates polynomials of degree 2n-1 exactly, and
// is symmetric.
func TestLegendreRuleMatchesGonum(t *testing.T) {
	for _, n := range []int{1, 2, 3, 4, 5, 8, 12, 16, 20, 24, 32, 40, 64, 100} {
		x, w := legendreRule(n)
		gx, gw := make([]float64, n), make([]float64, n)
		quad.Legendre{}.FixedLocations(gx, gw, -1, 1)
		for i := range x {
			if math.Abs(x[i]-gx[i]) > 4e-16 || math.Abs(w[i]-gw[i]) > 3e-13*gw[i] {
				t.Errorf("n=%d node %d: (%v, %v), gonum (%v, %v)", n, i, x[i], w[i], gx[i], gw[i])
			}
			if x[i] != -x[n-1-i] || w[i] != w[n-1-i] {
				t.Errorf("n=%d: node %d not symmetric", n, i)
			}
		}
		for deg := 0; deg <= 2*n-1 && deg <= 40; deg++ {
			sum := 0.0
			for i := range x {
				sum += w[i] * math.Pow(x[i], float64(deg))
			}
			want := 0.0
			if deg%2 == 0 {
				want = 2 / float64(deg+1)
			}
			if math.Abs(sum-want) > 1e-13 {
				t.Errorf("n=%d: integral of x^%d = %v, want %v", n, deg, sum, want)
			}
		}
	}
}
