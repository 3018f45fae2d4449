package detmath

import (
	"fmt"
	"math"
	"testing"
)

func TestAgainstStdlib(t *testing.T) {
	xs := []float64{-30, -7.5, -3.2, -1, -0.3, -1e-3, 0, 1e-4, 0.05, 0.2, 0.7, 1, 2.9, 3, 3.1, 5, 8, 20, 37.5}
	for _, x := range xs {
		cases := []struct {
			name     string
			got, ref float64
			tol      float64 // relative
		}{
			{"Exp", Exp(x), math.Exp(x), 4e-16},
			{"Tanh", Tanh(x), math.Tanh(x), 1e-15},
			{"H", H(x), 0.5 * math.Erfc(x/math.Sqrt2), 1e-13},
			{"LogCosh", LogCosh(x), math.Log1p(2 * math.Sinh(x/2) * math.Sinh(x/2)), 1e-14},
		}
		if x > 0 {
			cases = append(cases, struct {
				name     string
				got, ref float64
				tol      float64
			}{"Log", Log(x), math.Log(x), 4e-16})
		}
		if x < 8 {
			cases = append(cases, struct {
				name     string
				got, ref float64
				tol      float64
			}{"LogH", LogH(x), math.Log(0.5 * math.Erfc(x/math.Sqrt2)), 1e-13})
		}
		for _, c := range cases {
			d := math.Abs(c.got - c.ref)
			if d > c.tol*math.Max(math.Abs(c.ref), 1e-300) && d > 1e-300 {
				t.Errorf("%s(%g) = %.17g, want %.17g (rel err %.2g > %.2g)", c.name, x, c.got, c.ref, d/math.Abs(c.ref), c.tol)
			}
		}
	}
	// LogH far in the tail: ln H(x) ~ -x^2/2 - ln(x sqrt(2pi)) - 1/x^2.
	for _, x := range []float64{40, 100, 1e3} {
		asym := -x*x/2 - math.Log(x*math.Sqrt(2*math.Pi)) - 1/(x*x) + 2.5/(x*x*x*x)
		if d := math.Abs(LogH(x) - asym); d > 1e-9*math.Abs(asym) {
			t.Errorf("LogH(%g) = %.15g, asymptotic %.15g", x, LogH(x), asym)
		}
	}
	if Atanh(Tanh(0.37))-0.37 > 1e-15 {
		t.Errorf("Atanh(Tanh(0.37)) = %v", Atanh(Tanh(0.37)))
	}
}

func ExampleLogH() {
	fmt.Printf("%.6f %.6f\n", H(0), LogH(50))
	// Output: 0.500000 -1254.831361
}

func BenchmarkExp(b *testing.B) {
	s := 0.0
	for i := 0; i < b.N; i++ {
		s += Exp(float64(i&1023) * 0.01)
	}
	sink = s
}

func BenchmarkTanh(b *testing.B) {
	s := 0.0
	for i := 0; i < b.N; i++ {
		s += Tanh(float64(i&1023)*0.01 - 5)
	}
	sink = s
}

var sink float64
