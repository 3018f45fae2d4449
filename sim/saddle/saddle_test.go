package saddle

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestIterateCos(t *testing.T) {
	x := []float64{1}
	it, err := Iterate(func(x, out []float64) { out[0] = math.Cos(x[0]) }, x, Options{Damping: 0.6, Tol: 1e-14})
	if err != nil {
		t.Fatal(err)
	}
	if want := 0.7390851332151607; math.Abs(x[0]-want) > 1e-12 {
		t.Errorf("fixed point of cos = %.16g, want %.16g (%d iterations)", x[0], want, it)
	}
}

func TestIterateReportsFailure(t *testing.T) {
	x := []float64{1}
	_, err := Iterate(func(x, out []float64) { out[0] = 3 * x[0] }, x, Options{Damping: 1, MaxIter: 50, What: "tripling", Point: "p=1"})
	var nc *NotConvergedError
	if !errors.As(err, &nc) {
		t.Fatalf("want *NotConvergedError, got %v", err)
	}
	if nc.Iterations == 0 || !strings.Contains(err.Error(), "tripling") || !strings.Contains(err.Error(), "p=1") {
		t.Errorf("error does not name the point: %v", err)
	}
}

func TestNewton2D(t *testing.T) {
	// x^2 + y^2 = 4, x y = 1, from (2, 0.3): x = sqrt(2+sqrt 3), y = 1/x
	x := []float64{2, 0.3}
	_, err := Newton(func(x, r []float64) bool {
		r[0] = x[0]*x[0] + x[1]*x[1] - 4
		r[1] = x[0]*x[1] - 1
		return true
	}, x, Options{Tol: 1e-13})
	if err != nil {
		t.Fatal(err)
	}
	wx := math.Sqrt(2 + math.Sqrt(3))
	if math.Abs(x[0]-wx) > 1e-10 || math.Abs(x[1]-1/wx) > 1e-10 {
		t.Errorf("Newton: got %v, want (%g, %g)", x, wx, 1/wx)
	}
}

func TestNewtonDomain(t *testing.T) {
	// ln x = -3 with x > 0; a full step from x = 1 lands at x = -2, outside the domain
	x := []float64{1}
	_, err := Newton(func(x, r []float64) bool {
		if x[0] <= 0 {
			return false
		}
		r[0] = math.Log(x[0]) + 3
		return true
	}, x, Options{Tol: 1e-14, Valid: func(v []float64) bool { return v[0] > 0 }})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(x[0]-math.Exp(-3)) > 1e-12 {
		t.Errorf("got %.15g want %.15g", x[0], math.Exp(-3))
	}
	// no solution: x^2 + 1 = 0
	x = []float64{0.5}
	_, err = Newton(func(x, r []float64) bool { r[0] = x[0]*x[0] + 1; return true }, x, Options{What: "x^2+1", Point: "nowhere"})
	var nc *NotConvergedError
	if !errors.As(err, &nc) {
		t.Errorf("x^2+1=0 must fail with *NotConvergedError, got %v (x=%v)", err, x)
	}
}

func TestSolveLinear(t *testing.T) {
	a := []float64{0, 2, 1, 1, 1, 1, 2, 1, 3} // needs pivoting
	b := []float64{5, 6, 13}                  // solution (1, 1, 3)? check: 0+2+3=5, 1+1+3=5... computed below
	want := []float64{2, 1, 3}                // 0*2+2*1+1*3=5, 2+1+3=6, 4+1+9=14 -> adjust b
	b[2] = 14
	x, ok := SolveLinear(a, b)
	if !ok {
		t.Fatal("singular")
	}
	for i := range want {
		if math.Abs(x[i]-want[i]) > 1e-13 {
			t.Errorf("x = %v, want %v", x, want)
		}
	}
	if _, ok := SolveLinear([]float64{1, 2, 2, 4}, []float64{1, 2}); ok {
		t.Error("singular matrix not detected")
	}
}

func TestBrent(t *testing.T) {
	cases := []struct {
		f    func(float64) float64
		a, b float64
		want float64
	}{
		{func(x float64) float64 { return math.Cos(x) - x }, 0, 1, 0.7390851332151607},
		{func(x float64) float64 { return x*x*x - 2 }, 0, 3, math.Cbrt(2)},
		{func(x float64) float64 { return math.Exp(x) - 1e-3 }, -20, 5, math.Log(1e-3)},
	}
	for _, c := range cases {
		n := 0
		x, err := Brent(func(x float64) (float64, error) { n++; return c.f(x), nil }, c.a, c.b, 1e-14, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(x-c.want) > 1e-12 {
			t.Errorf("Brent: %.16g want %.16g", x, c.want)
		}
		if n > 60 {
			t.Errorf("Brent used %d evaluations", n)
		}
	}
	_, err := Brent(func(x float64) (float64, error) { return x*x + 1, nil }, -1, 1, 1e-12, Options{What: "x^2+1", Point: "[-1,1]"})
	var nc *NotConvergedError
	if !errors.As(err, &nc) {
		t.Errorf("unbracketed root must fail, got %v", err)
	}
}

func TestMaximizeGolden(t *testing.T) {
	x, fx, err := MaximizeGolden(func(x float64) (float64, error) { return -(x-1.3)*(x-1.3) + 2, nil }, 0, 4, 1e-9)
	if err != nil || math.Abs(x-1.3) > 1e-7 || math.Abs(fx-2) > 1e-15 {
		t.Errorf("max at %g (%g), err %v", x, fx, err)
	}
}

// Follow x^3 + x = p from p = 0 to p = 10; a failing solver is reported.
func TestContinuation(t *testing.T) {
	solves := 0
	c := Continuation{Solve: func(p float64, x []float64) error {
		solves++
		_, err := Newton(func(x, r []float64) bool { r[0] = x[0]*x[0]*x[0] + x[0] - p; return true }, x, Options{MaxIter: 8, Tol: 1e-13})
		return err
	}}
	if err := c.Start(0, []float64{0.3}); err != nil {
		t.Fatal(err)
	}
	for p := 0.5; p <= 10; p += 0.5 {
		x, err := c.Next(p)
		if err != nil {
			t.Fatal(err)
		}
		if r := x[0]*x[0]*x[0] + x[0] - p; math.Abs(r) > 1e-10 {
			t.Errorf("p=%g: residual %g", p, r)
		}
	}
	// jump far: needs the step-halving retry with only 6 Newton steps per solve
	c2 := Continuation{Solve: func(p float64, x []float64) error {
		_, err := Newton(func(x, r []float64) bool { r[0] = x[0]*x[0]*x[0] + x[0] - p; return true }, x, Options{MaxIter: 6, Tol: 1e-13})
		return err
	}}
	if err := c2.Start(0, []float64{0}); err != nil {
		t.Fatal(err)
	}
	x, err := c2.Next(100)
	if err != nil {
		t.Fatalf("halving did not rescue the big step: %v", err)
	}
	if r := x[0]*x[0]*x[0] + x[0] - 100; math.Abs(r) > 1e-8 {
		t.Errorf("residual %g at p=100", r)
	}
}

func TestNewtonJacobian(t *testing.T) {
	x := []float64{2, 0.3}
	it, err := NewtonJacobian(func(x, r, j []float64) bool {
		r[0] = x[0]*x[0] + x[1]*x[1] - 4
		r[1] = x[0]*x[1] - 1
		if j != nil {
			j[0], j[1], j[2], j[3] = 2*x[0], 2*x[1], x[1], x[0]
		}
		return true
	}, x, Options{Tol: 1e-13})
	if err != nil {
		t.Fatal(err)
	}
	wx := math.Sqrt(2 + math.Sqrt(3))
	if math.Abs(x[0]-wx) > 1e-12 || math.Abs(x[1]-1/wx) > 1e-12 || it > 10 {
		t.Errorf("NewtonJacobian: got %v in %d iterations, want (%g, %g)", x, it, wx, 1/wx)
	}
}

func TestBroyden(t *testing.T) {
	res := func(x, r []float64) bool {
		r[0] = x[0]*x[0] + x[1]*x[1] - 4
		r[1] = x[0]*x[1] - 1
		return true
	}
	x := []float64{2, 0.3}
	_, jac, err := Broyden(res, x, nil, Options{Tol: 1e-13})
	if err != nil {
		t.Fatal(err)
	}
	wx := math.Sqrt(2 + math.Sqrt(3))
	if math.Abs(x[0]-wx) > 1e-10 || math.Abs(x[1]-1/wx) > 1e-10 {
		t.Errorf("Broyden: got %v, want (%g, %g)", x, wx, 1/wx)
	}
	// reuse the Jacobian from a nearby start: few residual evaluations
	calls := 0
	x = []float64{wx + 0.05, 1/wx - 0.03}
	_, _, err = Broyden(func(x, r []float64) bool { calls++; return res(x, r) }, x, jac, Options{Tol: 1e-12})
	if err != nil || math.Abs(x[0]-wx) > 1e-10 {
		t.Fatalf("warm Broyden: %v %v", x, err)
	}
	if calls > 12 {
		t.Errorf("warm Broyden used %d residual evaluations", calls)
	}
	// no root: an error, not a number
	_, _, err = Broyden(func(x, r []float64) bool { r[0] = x[0]*x[0] + 1; return true }, []float64{0.5}, nil, Options{MaxIter: 40})
	var nc *NotConvergedError
	if !errors.As(err, &nc) {
		t.Errorf("x^2+1=0 must fail, got %v", err)
	}
}

func TestNotConvergedErrorMessageAndIs(t *testing.T) {
	for _, c := range []struct {
		err  *NotConvergedError
		want string
	}{
		{&NotConvergedError{What: "storage saddle", Point: "alpha=0.9", Iterations: 12, Residual: 0.5}, "storage saddle did not converge at alpha=0.9 (after 12 iterations, residual 0.5)"},
		{&NotConvergedError{What: "rf: typical saddle", Point: "alpha=2", Residual: 1e-3}, "rf: typical saddle did not converge at alpha=2 (residual 0.001)"},
		{&NotConvergedError{What: "bracket", Point: "q=0.5"}, "bracket did not converge at q=0.5"},
	} {
		if got := c.err.Error(); got != c.want {
			t.Errorf("Error() = %q, want %q", got, c.want)
		}
		if !errors.Is(fmt.Errorf("wrapped: %w", c.err), ErrNotConverged) {
			t.Errorf("%q does not match ErrNotConverged", c.want)
		}
	}
}
