package detmath

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func TestExpMatchesMath(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	worst := 0.0
	for i := 0; i < 200000; i++ {
		x := (rng.Float64()*2 - 1) * 745
		if i%2 == 0 {
			x = (rng.Float64()*2 - 1) * 20
		}
		got, want := Exp(x), math.Exp(x)
		if want == 0 {
			if got != 0 {
				t.Fatalf("Exp(%g) = %g, want 0", x, got)
			}
			continue
		}
		if want < 2.3e-308 { // subnormal results: absolute check
			if math.Abs(got-want) > 2*5e-324 {
				t.Fatalf("Exp(%g) = %g, want %g", x, got, want)
			}
			continue
		}
		worst = math.Max(worst, math.Abs(got-want)/want)
	}
	if worst > 4.5e-16 {
		t.Errorf("Exp: worst relative error %.3g (want <= 2 ulp)", worst)
	}
	for _, x := range []float64{0, -0.0, 1e-10, -1e-10, 709.7, -745.2, 800, math.Inf(-1)} {
		if got, want := Exp(x), math.Exp(x); got != want && math.Abs(got-want) > 4.5e-16*want {
			t.Errorf("Exp(%g) = %g, want %g", x, got, want)
		}
	}
	if !math.IsNaN(Exp(math.NaN())) || !math.IsInf(Exp(math.Inf(1)), 1) {
		t.Error("Exp of NaN or +Inf")
	}
}

func TestLogAndLog1p(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	worst, worst1 := 0.0, 0.0
	for i := 0; i < 200000; i++ {
		x := math.Exp((rng.Float64()*2 - 1) * 700)
		if i%2 == 0 {
			x = rng.Float64() * 4
		}
		if x == 0 {
			continue
		}
		got, want := Log(x), math.Log(x)
		worst = math.Max(worst, math.Abs(got-want)/math.Max(math.Abs(want), 1e-300))
		u := (rng.Float64()*2 - 1) * math.Pow(10, -rng.Float64()*12)
		g1, w1 := Log1p(u), math.Log1p(u)
		worst1 = math.Max(worst1, math.Abs(g1-w1)/math.Abs(w1))
	}
	t.Logf("Log worst rel err %.3g, Log1p %.3g", worst, worst1)
	if worst > 3e-16 || worst1 > 5e-16 {
		t.Errorf("Log worst %.3g, Log1p worst %.3g: want ~1 ulp", worst, worst1)
	}
	if Log(1) != 0 || !math.IsInf(Log(0), -1) || !math.IsNaN(Log(-1)) {
		t.Error("Log special values")
	}
}

func TestTanhAtanhLogCosh(t *testing.T) {
	for _, x := range []float64{-30, -7.5, -1, -0.3, -0.05, -1e-3, 0, 1e-4, 0.05, 0.2, 0.7, 1, 3, 8, 20} {
		for _, c := range []struct {
			name     string
			got, ref float64
			tol      float64 // relative
		}{
			{"Tanh", Tanh(x), math.Tanh(x), 1e-15},
			{"LogCosh", LogCosh(x), math.Log1p(2 * math.Sinh(x/2) * math.Sinh(x/2)), 1e-14},
			{"Log1pExp", Log1pExp(x), math.Log1p(math.Exp(x)), 1e-14},
		} {
			d := math.Abs(c.got - c.ref)
			if d > c.tol*math.Abs(c.ref) && d > 1e-300 {
				t.Errorf("%s(%g) = %.17g, want %.17g", c.name, x, c.got, c.ref)
			}
		}
	}
	if d := Atanh(Tanh(0.37)) - 0.37; math.Abs(d) > 1e-15 {
		t.Errorf("Atanh(Tanh(0.37)) - 0.37 = %g", d)
	}
	if !math.IsInf(Atanh(1), 1) || !math.IsInf(Atanh(-1), -1) {
		t.Error("Atanh(+-1) not infinite")
	}
}

func ExampleExp() {
	fmt.Printf("%.17g %.17g\n", Exp(1), Log(10))
	// Output: 2.7182818284590451 2.3025850929940459
}
