package activation

import (
	"math"
	"strings"
	"testing"
)

// Every row is consistent: indexed by its own constant, a unique name that
// Parse finds, a formula, and a Mean equal to the quadrature K0.
func TestTable(t *testing.T) {
	seen := map[string]bool{}
	for i, d := range table {
		if int(d.Act) != i {
			t.Errorf("row %d holds %d", i, int(d.Act))
		}
		if d.Name == "" || seen[d.Name] || d.Formula == "" || d.Eval == nil {
			t.Errorf("row %d: name %q (seen %v), formula %q, eval set %v", i, d.Name, seen[d.Name], d.Formula, d.Eval != nil)
		}
		seen[d.Name] = true
		if a, err := Parse(d.Name); err != nil || a != d.Act {
			t.Errorf("Parse(%q) = %v, %v", d.Name, a, err)
		}
		if got, ok := d.Act.Lookup(); !ok || got.Name != d.Name {
			t.Errorf("%v.Lookup() = %q, %v", d.Act, got.Name, ok)
		}
		if k0 := d.Act.GaussianEquivalence().K0; math.Abs(k0-d.Mean) > 1e-12 {
			t.Errorf("%v: Mean %.15g, quadrature K0 %.15g", d.Act, d.Mean, k0)
		}
	}
	if got := strings.Join(Names(), ","); got != "sign,relu,tanh,erf" {
		t.Errorf("Names() = %s", got)
	}
	if len(All()) != len(table) {
		t.Errorf("All() has %d of %d rows", len(All()), len(table))
	}
}

// Values outside the table: an error from Parse and NaN from every number,
// never another activation's values.
func TestUnknown(t *testing.T) {
	for _, s := range []string{"", "softplus", "Sign", "erf "} {
		if _, err := Parse(s); err == nil || !strings.Contains(err.Error(), "sign, relu, tanh or erf") {
			t.Errorf("Parse(%q): error %v", s, err)
		}
	}
	for _, a := range []Activation{-1, 4, 99} {
		c := a.GaussianEquivalence()
		if a.Valid() || !math.IsNaN(a.Eval(0.3)) || !math.IsNaN(a.Mean()) || !math.IsNaN(c.K0) || !math.IsNaN(c.K1) || !math.IsNaN(c.KStar) {
			t.Errorf("%d: valid %v, Eval %v, Mean %v, coefficients %+v", int(a), a.Valid(), a.Eval(0.3), a.Mean(), c)
		}
		if !strings.HasPrefix(a.String(), "Activation(") || a.Formula() != "" {
			t.Errorf("%d prints %q, formula %q", int(a), a.String(), a.Formula())
		}
		if _, ok := a.Lookup(); ok {
			t.Errorf("%d found by Lookup", int(a))
		}
	}
}

// Eval against the math package (which may differ in the last bits between
// GOARCHes, hence the tolerances) on both sides of every internal switch.
func TestEval(t *testing.T) {
	xs := []float64{-30, -3, -0.84375, -0.7, -0.3, -0.0625, -1e-9, 0, 1e-9, 0.0625, 0.3, 0.6249, 0.625, 0.84375, 1, 2, 5, 21, 23}
	ref := map[Activation]func(float64) float64{
		Sign: func(z float64) float64 { return math.Copysign(1, z) },
		ReLU: func(z float64) float64 { return math.Max(0, z) },
		Tanh: math.Tanh,
		Erf:  math.Erf,
	}
	tol := map[Activation]float64{Sign: 0, ReLU: 0, Tanh: 4e-16, Erf: 1e-15}
	for _, a := range All() {
		for _, x := range xs {
			got, want := a.Eval(x), ref[a](x)
			if math.Abs(got-want) > tol[a]*math.Max(1, math.Abs(want)) {
				t.Errorf("%v(%g) = %.17g, math %.17g", a, x, got, want)
			}
		}
	}
	if Sign.Eval(0) != 1 {
		t.Errorf("sign(0) = %v, want +1 (features stay ±1)", Sign.Eval(0))
	}
}

// Gaussian-equivalence coefficients by quadrature against closed forms:
// sign: k1 = sqrt(2/pi), k*^2 = 1 - 2/pi; ReLU: k0 = 1/sqrt(2 pi), k1 = 1/2,
// k*^2 = 1/2 - 1/(2 pi) - 1/4; erf: k1 = 2/sqrt(3 pi), E erf^2 = (2/pi) asin(2/3).
func TestGaussianEquivalence(t *testing.T) {
	cases := []struct {
		act            Activation
		k0, k1, kstar2 float64
	}{
		{Sign, 0, math.Sqrt(2 / math.Pi), 1 - 2/math.Pi},
		{ReLU, 1 / math.Sqrt(2*math.Pi), 0.5, 0.5 - 1/(2*math.Pi) - 0.25},
		{Erf, 0, 2 / math.Sqrt(3*math.Pi), 2/math.Pi*math.Asin(2.0/3) - 4/(3*math.Pi)},
	}
	for _, c := range cases {
		got := c.act.GaussianEquivalence()
		if math.Abs(got.K0-c.k0) > 1e-12 || math.Abs(got.K1-c.k1) > 1e-12 || math.Abs(got.KStar*got.KStar-c.kstar2) > 1e-12 {
			t.Errorf("%v: got k0=%.15f k1=%.15f k*^2=%.15f, want %.15f %.15f %.15f", c.act, got.K0, got.K1, got.KStar*got.KStar, c.k0, c.k1, c.kstar2)
		}
	}
}
