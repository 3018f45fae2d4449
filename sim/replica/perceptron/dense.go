package perceptron

import (
	"fmt"
	"math"

	"flatland/sim/gauss"
	"flatland/sim/saddle"
)

// Large-deviation ("dense region") local entropy, DERIVATION.md eqs. (23)-(34)
// (Baldassi, Ingrosso, Lucibello, Saglietti, Zecchina 2015-2016,
// arXiv:1509.05753, 1511.05634).
//
// The reference W~ is drawn with weight N(W~, d)^y, N the number of solutions
// of margin kappa at distance d from it, and y -> infinity: the reference
// maximizes its local entropy, S_I(d) = max_W~ (1/N) ln N(W~, d). With n -> 0
// groups of one reference and y replicas each (RS), the overlaps between
// groups tend to those within a group (q0 = q1 - chi1/y, the references
// coincide to leading order), the integrals over the group-level fields become
// maxima, and the reference's own constraint drops out of the leading order
// (it costs O(1), not O(y)). What is left, eqs. (26)-(28):
//
//	S_I = extr_{chi1, q1, P, q0h, dh} [ -P p - q0h chi1/2 - dh q1/2 - q0h (1-q1)/2 + G_S + alpha G_E ]
//	G_S = int Dz phi(sqrt(q0h) |z| + P),  phi(a) = max_w [ln 2cosh(a + sqrt(dh) w) - w^2/2]
//	G_E = int Dz max_v [ -v^2/(2 chi1) + ln H((kappa - sqrt(q1) z - v)/sqrt(1-q1)) ]
//
// The reference is W~_i = sign of the group's field (the clipped centre of the
// dense region); |z| is the field in its gauge. Given (chi1, q1) the
// conjugates are explicit (eq. (29)); the unknowns are (chi1, q1, P) with the
// residuals of eq. (30).

// DensePoint is one large-deviation saddle point at distance D.
type DensePoint struct {
	D     float64 // normalized Hamming distance to the reference, (1-p)/2
	S     float64 // S_I(d): the maximal local entropy (nats per weight)
	Slope float64 // dS_I/dd = 2 P by the envelope theorem, eq. (31)
	Q1    float64 // overlap of two solutions near the same reference
	Chi1  float64 // y (q1 - q0): the spread of the dense region's centre, eq. (25)
	P     float64 // field conjugate to p (the pull towards the reference)
	Q0Hat float64 // conjugate of q0
	DHat  float64 // y (q1h - q0h)
	// Saturated marks the limit chi1 -> infinity (Chi1 = +Inf, Q0Hat = DHat
	// = 0): S_I = H2(d) to better than 1e-10, the ball is all solutions.
	Saturated bool
}

// Dense computes large-deviation local entropies at load Alpha, counting
// solutions of margin Kappa. It carries the last solution along a curve (call
// At in order of d, from large to small d is best); not safe for concurrent use.
type Dense struct {
	Alpha, Kappa float64

	ent, en   gauss.Rule
	breaks    []float64
	x         []float64 // last solution (ln chi1, q1, P)
	cur       float64   // its distance
	dStar     float64   // where the curve reaches its maximum (0: not yet known)
	saturated bool      // the last point had S_I = H2(d) to 1e-6 (chi1 > 1e3)
	phi       float64   // the storage entropy there
	yield     func()
}

// NewDense validates the parameters; no work is done until At.
func NewDense(alpha, kappa float64) (*Dense, error) {
	if !(alpha > 0) || alpha > 2 || !(math.Abs(kappa) <= 3) {
		return nil, fmt.Errorf("perceptron: dense local entropy needs 0 < alpha <= 2 and |kappa| <= 3 (alpha=%v kappa=%v)", alpha, kappa)
	}
	return &Dense{Alpha: alpha, Kappa: kappa}, nil
}

const (
	ldRange = 8.0
	ldPanel = 1.0
)

// ldEnergetic holds G_E and its partial derivatives.
type ldEnergetic struct {
	GE, DChi1, DQ1 float64
}

// energetic computes G_E, eq. (28), and its derivatives in chi1 and q1
// (envelope theorem: only the explicit dependence at the maximizer counts).
func (f *Dense) energetic(chi1, q1 float64) (ldEnergetic, bool) {
	// chi1 > 1e8 is deep in the saturated regime (handled by At), where the
	// inner maximization gets slow
	if !(chi1 > 0 && chi1 < 1e8) || !(q1 > 0 && q1 < 1) {
		return ldEnergetic{}, false
	}
	sq := math.Sqrt(1 - q1)
	s1 := math.Sqrt(q1)
	f.breaks = gauss.BreaksOn(f.breaks[:0], ldRange, ldPanel, gauss.Kink{At: f.Kappa / s1, Width: sq / s1})
	f.en.Fill(f.breaks, panelPoints)
	var out ldEnergetic
	v := 0.0
	for i, z := range f.en.Z {
		if f.yield != nil && i%16 == 0 {
			f.yield()
		}
		e0 := f.Kappa - s1*z
		v, _, _ = gauss.MaxPenalizedLogH(v, e0, chi1, sq)
		e := (e0 - v) / sq
		L, gh := gauss.LogHG(e)
		w := f.en.W[i]
		out.GE += w * (L - v*v/(2*chi1))
		out.DChi1 += w * v * v / (2 * chi1 * chi1)
		// d/dq1 of ln H(e), e = (kappa - sqrt(q1) z - v)/sqrt(1-q1); d ln H/de = -gh
		out.DQ1 += w * (-gh) * (-z/(2*s1*sq) + e/(2*(1-q1)))
	}
	return out, true
}

// ldEntropic holds G_S and the averages of T, T^2 and T |z|.
type ldEntropic struct {
	GS, T, T2, TZ float64
}

// entropic computes G_S, eq. (27), at s = sqrt(q0h), dh and P. The integrand
// depends on |z|: the panel edge at z = 0 takes the kink.
func (f *Dense) entropic(s, dh, P float64) ldEntropic {
	if f.ent.Len() == 0 {
		f.breaks = gauss.BreaksOn(f.breaks[:0], ldRange, ldPanel)
		f.ent.Fill(f.breaks, panelPoints)
	}
	k := math.Sqrt(dh)
	var out ldEntropic
	for i, z := range f.ent.Z {
		az := math.Abs(z)
		ph, t := gauss.MaxLog2Cosh(s*az+P, k)
		w := f.ent.W[i]
		out.GS += w * ph
		out.T += w * t
		out.T2 += w * t * t
		out.TZ += w * t * az
	}
	return out
}

// residual evaluates the conjugates (29) and the residuals of (30) at
// x = (chi1, q1, P) and overlap p; it also returns the point.
func (f *Dense) residual(x []float64, p float64, r []float64) (DensePoint, bool) {
	chi1, q1, P := x[0], x[1], x[2]
	ge, ok := f.energetic(chi1, q1)
	if !ok {
		return DensePoint{}, false
	}
	al := f.Alpha
	q0h := 2 * al * ge.DChi1
	dh := q0h + 2*al*ge.DQ1
	if !(q0h > 0) || !(dh >= 0) {
		return DensePoint{}, false
	}
	s := math.Sqrt(q0h)
	es := f.entropic(s, dh, P)
	r[0] = es.TZ/s - (1 - q1) - chi1
	r[1] = es.T2 - q1
	r[2] = es.T - p
	S := -P*p - q0h*chi1/2 - dh*q1/2 - q0h*(1-q1)/2 + es.GS + al*ge.GE
	return DensePoint{D: (1 - p) / 2, S: S, Slope: 2 * P, Q1: q1, Chi1: chi1, P: P, Q0Hat: q0h, DHat: dh}, true
}

// DenseMaxDistance returns d* = (1 - int Dz |tanh(sqrt(qh) z)|)/2 at the
// storage saddle point (q, qh) of (alpha, kappa): the distance from the
// clipped centre of the solutions at which the dense-region curve reaches its
// maximum phi(alpha, kappa) with P = 0 and chi1 = 0, eq. (32). The curve is
// computed for 0 < d < d*.
func DenseMaxDistance(alpha, kappa float64) (dStar float64, ref StoragePoint, err error) {
	ref, err = Storage(alpha, kappa)
	if err != nil {
		return 0, ref, err
	}
	r := gauss.KinkRule(panelPoints, gauss.Kink{At: 0, Width: 1 / math.Sqrt(ref.QHat)})
	s := math.Sqrt(ref.QHat)
	m := r.Average(func(z float64) float64 { t, _ := gauss.TanhLog2CoshFast(s * z); return math.Abs(t) })
	return (1 - m) / 2, ref, nil
}

// denseStart is the point just below d* where the continuation starts: from
// eq. (32), chi1 ~ 2 G(0) tanh(P)/sqrt(qh) for small P.
const denseStartP = 1e-3

// At returns S_I at distance d (0 < d < d*), continuing from the previous
// solution (or from d*) in steps of at most 15% in d (smaller near d*),
// halving a step whose Newton iteration fails. The path depends only on the
// sequence of calls, so results do not depend on time slicing.
func (f *Dense) At(d float64) (DensePoint, error) {
	if !(d > 0 && d < 0.5) {
		return DensePoint{}, fmt.Errorf("perceptron: dense local entropy needs 0 < d < 0.5 (got %v)", d)
	}
	if f.dStar == 0 {
		ds, ref, err := DenseMaxDistance(f.Alpha, f.Kappa)
		if err != nil {
			return DensePoint{}, err
		}
		f.dStar, f.phi = ds, ref.Phi
		s := math.Sqrt(ref.QHat)
		f.x = []float64{math.Log(2 * gauss.G(0) * math.Tanh(denseStartP) / s), ref.Q, denseStartP}
		f.cur = ds * (1 - 1e-3)
	}
	if d >= f.dStar {
		return DensePoint{}, fmt.Errorf("perceptron: the dense-region curve at alpha=%g is computed for d < d* = %.6g, where it reaches its maximum phi = %.6g (got d = %v)", f.Alpha, f.dStar, f.phi, d)
	}
	// continuation: steps of at most 15% of d (and 2% of d* - d near d*),
	// halved after a failure and regrown after a success
	frac := 1.0
	for step := 0; ; step++ {
		if step > 2000 {
			return DensePoint{}, &saddle.NotConvergedError{What: "perceptron dense local entropy (continuation)", Point: pointName("alpha", f.Alpha, "kappa", f.Kappa, "d", d)}
		}
		next := d
		if d < f.cur {
			h := frac * math.Min(0.15*f.cur, 0.02*(f.dStar-f.cur)+1e-4)
			next = math.Max(d, f.cur-h)
		} else if d > f.cur {
			h := frac * math.Min(0.15*f.cur, 0.02*(f.dStar-f.cur)+1e-4)
			next = math.Min(d, f.cur+h)
		}
		if f.saturated && next < f.cur {
			// the dense region fills the ball: S_I = H2(d) to better than the
			// last point's 1e-6, and chi1 runs off to infinity
			return f.saturatedPoint(d), nil
		}
		pt, err := f.solve(next)
		if err != nil {
			frac /= 2
			if frac < 1e-4 {
				return DensePoint{}, err
			}
			continue
		}
		f.cur = next
		f.saturated = pt.Chi1 > 1e3 && gauss.H2(next)-pt.S < 1e-6
		frac = math.Min(1, 2*frac)
		if next == d {
			return pt, nil
		}
	}
}

// saturatedPoint is the limit chi1 -> infinity, q0h, dh -> 0 of eq. (33):
// every configuration at distance d from the reference is a solution, so
// S_I = H2(d) and P = atanh(1-2d).
func (f *Dense) saturatedPoint(d float64) DensePoint {
	p := 1 - 2*d
	return DensePoint{D: d, S: gauss.H2(d), Slope: 2 * math.Atanh(p), Q1: p * p, Chi1: math.Inf(1), P: math.Atanh(p), Saturated: true}
}

// solve runs Newton's method at distance d from the current solution f.x
// (unknowns ln chi1, q1, P) and stores the result.
func (f *Dense) solve(d float64) (DensePoint, error) {
	p := 1 - 2*d
	opt := saddle.Options{Tol: 1e-11, ResidualTol: 1e-12, MaxIter: 30, What: "perceptron dense local entropy", Point: pointName("alpha", f.Alpha, "kappa", f.Kappa, "d", d)}
	r := make([]float64, 3)
	res := func(x, out []float64) bool {
		_, ok := f.residual([]float64{math.Exp(x[0]), x[1], x[2]}, p, out)
		return ok
	}
	x := append([]float64(nil), f.x...)
	if _, err := saddle.Newton(res, x, opt); err != nil {
		return DensePoint{}, err
	}
	pt, ok := f.residual([]float64{math.Exp(x[0]), x[1], x[2]}, p, r)
	if !ok {
		return DensePoint{}, &saddle.NotConvergedError{What: opt.What, Point: opt.Point}
	}
	f.x = x
	return pt, nil
}

// DenseLocalEntropy computes S_I(d) on the grid ds (each 0 < d < d*), in the
// given order, by continuation (CLI and tests).
func DenseLocalEntropy(alpha, kappa float64, ds []float64) ([]DensePoint, error) {
	f, err := NewDense(alpha, kappa)
	if err != nil {
		return nil, err
	}
	out := make([]DensePoint, 0, len(ds))
	for _, d := range ds {
		pt, err := f.At(d)
		if err != nil {
			return out, err
		}
		out = append(out, pt)
	}
	return out, nil
}

// DenseLocalEntropyCurve is a stepper computing S_I(d) on a grid of distances
// (in the given order, by continuation). One point costs a few milliseconds
// to tens of milliseconds; the point solver checkpoints every 16 quadrature
// nodes (see distanceCurve).
type DenseLocalEntropyCurve struct {
	Alpha, Kappa float64
	*distanceCurve[DensePoint]
}

// NewDenseLocalEntropyCurve validates the grid (0 < d < 0.5; d >= d* fails
// in Step with a message naming d*) and prepares the curve; no work is done
// until Step.
func NewDenseLocalEntropyCurve(alpha, kappa float64, ds []float64) (*DenseLocalEntropyCurve, error) {
	f, err := NewDense(alpha, kappa)
	if err != nil {
		return nil, err
	}
	dc, err := newDistanceCurve("dense local entropy", ds, func(yield func()) (func(float64) (DensePoint, error), error) {
		f.yield = yield
		return f.At, nil
	})
	if err != nil {
		return nil, err
	}
	return &DenseLocalEntropyCurve{Alpha: alpha, Kappa: kappa, distanceCurve: dc}, nil
}

// denseThresholdGrid is where the slope of S_I is inspected for the
// threshold: d = 0.06 * 0.97^k down to 0.008 (the dip opens near d = 0.02
// at kappa = 0).
var denseThresholdGrid = func() []float64 {
	var g []float64
	for d := 0.06; d > 0.008; d *= 0.97 {
		g = append(g, d)
	}
	return g
}()

// MinDenseSlope returns the smallest slope dS_I/dd = 2P on the threshold grid
// at alpha (kappa = 0) and where. Past the threshold the branch continued from
// d* ends (a fold) a little after P turns negative; the negative slopes seen
// before the end are returned (an error only if the branch ends with all
// slopes positive).
func MinDenseSlope(alpha float64) (slope, at float64, err error) {
	f, err := NewDense(alpha, 0)
	if err != nil {
		return 0, 0, err
	}
	slope = math.Inf(1)
	for _, d := range denseThresholdGrid {
		pt, err := f.At(d)
		if err != nil {
			if slope < 0 {
				return slope, at, nil
			}
			return 0, 0, err
		}
		if pt.Slope < slope {
			slope, at = pt.Slope, d
		}
	}
	return slope, at, nil
}

// DenseThreshold returns alpha_LD for kappa = 0, eq. (34): the largest alpha
// at which the dense-region curve S_I(d) is monotone in d below d* (its
// smallest slope on the grid crosses zero), by Brent's method on [lo, hi].
func DenseThreshold(lo, hi, tol float64) (float64, error) {
	f := func(a float64) (float64, error) {
		s, _, err := MinDenseSlope(a)
		return s, err
	}
	return saddle.Brent(f, lo, hi, tol, saddle.Options{What: "dense-region threshold alpha_LD", Point: pointName("lo", lo, "hi", hi)})
}
