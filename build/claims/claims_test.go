package claims

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"flatland/wasm/state"
)

// A claim is a passage of the explorer or the lesson, the flatland command behind it, and the check of
// what that command prints (one JSON object per line).
type claim struct {
	name    string
	file    string   // site/index.html or site/lesson.js
	text    []string // passages that must appear in the file (whitespace-insensitive)
	command string   // without the leading "flatland" and without -json
	check   func(t *testing.T, rows []row)
}

type row map[string]any

func (r row) num(t *testing.T, key string) float64 {
	t.Helper()
	v, ok := r[key].(float64)
	if !ok {
		t.Fatalf("no number %q in %v", key, r)
	}
	return v
}

func (r row) nums(t *testing.T, key string) []float64 {
	t.Helper()
	vs, ok := r[key].([]any)
	if !ok {
		t.Fatalf("no list %q in %v", key, r)
	}
	out := make([]float64, len(vs))
	for i, v := range vs {
		out[i] = v.(float64)
	}
	return out
}

// near fails unless got is within tol of want.
func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s = %.6g, the text says %.6g (tolerance %g)", what, got, want, tol)
	}
}

// byAlpha returns the row with the given alpha.
func byAlpha(t *testing.T, rows []row, alpha float64) row {
	t.Helper()
	for _, r := range rows {
		if math.Abs(r.num(t, "alpha")-alpha) < 1e-9 {
			return r
		}
	}
	t.Fatalf("no row at alpha %v", alpha)
	return nil
}

// entropyAt returns the local entropy of reference ref ("typical" or "flat") at its smallest d, and the
// curve sorted by d.
func entropyCurve(t *testing.T, rows []row, ref string) (d, s, h2 []float64) {
	t.Helper()
	for _, p := range byDistance(t, rows, ref) {
		d, s, h2 = append(d, p.num(t, "d")), append(s, p.num(t, "s_fp")), append(h2, p.num(t, "h2"))
	}
	if len(d) == 0 {
		t.Fatalf("no %s curve", ref)
	}
	return d, s, h2
}

// entropySlopes is the slope column of the ref curve, in the order of entropyCurve (d ascending).
func entropySlopes(t *testing.T, rows []row, ref string) []float64 {
	t.Helper()
	var slope []float64
	for _, p := range byDistance(t, rows, ref) {
		slope = append(slope, p.num(t, "slope"))
	}
	return slope
}

// ofReference returns the rows of one curve ("typical", "flat", "dense") in the order printed.
func ofReference(rows []row, ref string) []row {
	var pts []row
	for _, r := range rows {
		if r["reference"] == ref {
			pts = append(pts, r)
		}
	}
	return pts
}

// byDistance returns the rows of one curve sorted by d.
func byDistance(t *testing.T, rows []row, ref string) []row {
	t.Helper()
	pts := ofReference(rows, ref)
	sort.Slice(pts, func(i, j int) bool { return pts[i].num(t, "d") < pts[j].num(t, "d") })
	return pts
}

// The gap points of the diagram's simulation column at alpha_D = 1: the page places them with
// state.SimulationAlphas between the stored alpha_LE and alpha_c.
func gapAlphas() []float64 {
	const alphaLE, alphaC = 0.802, 0.9347978202969247 // `flatland rf le-threshold -alpha-d 1`
	var gap []float64
	for _, a := range state.SimulationAlphas([]float64{0.2, 0.4, 0.6, 0.8, 1, 1.2, 1.4, 1.6}, alphaLE, alphaC) {
		if a > alphaLE && a < alphaC {
			gap = append(gap, a)
		}
	}
	return gap
}

var claims = []claim{
	{
		name: "lesson 1: the two thresholds at alpha_D = 1", file: "site/lesson.js",
		text:    []string{"At α_D = 1 they sit at α_c ≈ 0.935 and α_LE ≈ 0.802."},
		command: "rf le-threshold -alpha-d 1",
		check: func(t *testing.T, rows []row) {
			near(t, "alpha_c", rows[0].num(t, "alpha_c"), 0.935, 0.0005)
			near(t, "alpha_LE", rows[0].num(t, "alpha_le"), 0.802, rows[0].num(t, "alpha_le_width")/2+1e-9)
		},
	},
	{
		name: "lesson 2 and 3, explorer: CP+R below alpha_LE and inside the gap", file: "site/lesson.js",
		text: []string{"N = 201, three instances per α): at α = 0.2, 0.4, 0.6 and 0.8 it solves all three.",
			"The column has two extra points inside this gap. At the upper one CP+R solves none",
			"of its three instances; at the lower one, close to α_LE, it still solves all three"},
		command: "sweep -model rf -labels teacher -act sign -n 201 -alpha-d 1 -seed 1 -algo cpr -samples 3 -alphas 0.2,0.4,0.6,0.8,GAP",
		check: func(t *testing.T, rows []row) {
			for _, a := range []float64{0.2, 0.4, 0.6, 0.8} {
				if r := byAlpha(t, rows, a); r.num(t, "solved") != 3 {
					t.Errorf("alpha %v: CP+R solved %v of 3, the text says all three", a, r["solved"])
				}
			}
			gap := gapAlphas()
			if len(gap) != 2 {
				t.Fatalf("the column has %d points inside the gap, the texts say two", len(gap))
			}
			if r := byAlpha(t, rows, gap[0]); r.num(t, "solved") != 3 {
				t.Errorf("lower gap point %v: solved %v of 3, the lesson says all three", gap[0], r["solved"])
			}
			if r := byAlpha(t, rows, gap[1]); r.num(t, "solved") != 0 {
				t.Errorf("upper gap point %v: solved %v of 3, the lesson says none", gap[1], r["solved"])
			}
		},
	},
	{
		name: "explorer: the diagram's gap points", file: "site/index.html",
		text:    []string{"with two points inside the gap, where solutions exist: at the upper one the algorithm fails, while at the lower one, close to α<sub>LE</sub>, a network this small still succeeds (the transition is sharp only for very large networks)"},
		command: "rf interpolation -alpha-d 1",
		check: func(t *testing.T, rows []row) {
			if gap := gapAlphas(); len(gap) != 2 || gap[1] >= rows[0].num(t, "alpha_c") {
				t.Errorf("gap points %v: want two, below alpha_c %v (where solutions exist)", gap, rows[0]["alpha_c"])
			}
		},
	},
	{
		name: "lesson 4, explorer: rSGD stalls inside the gap", file: "site/lesson.js",
		text: []string{"with N = 301 weights and 265 examples",
			"stops after 463 epochs, its weights frozen, with 3 of the 265 examples still wrong"},
		command: "train -model rf -labels teacher -act sign -n 301 -alpha 0.88 -alpha-d 1 -seed 1 -algo rsgd -test 1000",
		check: func(t *testing.T, rows []row) {
			r := rows[len(rows)-1]
			if r["solved"] != false || r.num(t, "p") != 265 || r.num(t, "iterations") != 463 {
				t.Errorf("rSGD at alpha 0.88: %v; the text says unsolved, stopped after 463 epochs on 265 examples", r)
			}
			near(t, "wrong examples", math.Round(r.num(t, "train_error")*265), 3, 0)
		},
	},
	{
		name: "lesson 4, explorer: rSGD succeeds below alpha_LE", file: "site/lesson.js",
		text:    []string{"(At α = 0.4 it reaches zero errors in 28 epochs.)"},
		command: "train -model rf -labels teacher -act sign -n 301 -alpha 0.4 -alpha-d 1 -seed 1 -algo rsgd -test 1000",
		check: func(t *testing.T, rows []row) {
			r := rows[len(rows)-1]
			if r["solved"] != true || r.num(t, "iterations") != 28 {
				t.Errorf("rSGD at alpha 0.4: %v; the text says solved in 28 epochs", r)
			}
		},
	},
	{
		name: "lesson 5: typical solutions are isolated at alpha = 0.6", file: "site/lesson.js",
		text: []string{"At α = 0.6, around a typical solution it is −0.010 at d = 0.005",
			"Around the flat reference it is 0.031, 98% of the upper bound H₂(d), and it rises monotonically with d."},
		command: "rf local-entropy -alpha 0.6 -alpha-d 1",
		check: func(t *testing.T, rows []row) {
			d, s, _ := entropyCurve(t, rows, "typical")
			near(t, "d", d[0], 0.005, 1e-9)
			near(t, "typical S(0.005)", s[0], -0.010, 0.0005)
			_, s, h2 := entropyCurve(t, rows, "flat")
			near(t, "flat S(0.005)", s[0], 0.031, 0.0005)
			near(t, "flat S/H2 at 0.005", s[0]/h2[0], 0.98, 0.005)
			for i := 1; i < len(s); i++ {
				if s[i] < s[i-1] {
					t.Errorf("the flat curve falls at point %d; the text says it rises monotonically", i)
					break
				}
			}
		},
	},
	{
		name: "lesson 6: the flat curve bends down at alpha = 0.88", file: "site/lesson.js",
		text:    []string{"is −0.020 at d = 0.005, falls to about −0.029 near d = 0.02 and only then rises."},
		command: "rf local-entropy -alpha 0.88 -alpha-d 1",
		check: func(t *testing.T, rows []row) {
			d, s, _ := entropyCurve(t, rows, "flat")
			near(t, "flat S(0.005)", s[0], -0.020, 0.0005)
			lo := 0
			for i := range s {
				if s[i] < s[lo] {
					lo = i
				}
			}
			near(t, "flat curve minimum", s[lo], -0.029, 0.0007)
			// where the minimum is: the slope dS/dd (a column of the output) turns from
			// negative to positive; linear in d between the two points around it (the
			// walk's points are a few 1e-3 apart there, and where they fall is the walk's choice)
			slope := entropySlopes(t, rows, "flat")
			dMin := math.NaN()
			for i := 1; i < len(slope); i++ {
				if slope[i-1] < 0 && slope[i] >= 0 {
					dMin = d[i-1] + (d[i]-d[i-1])*(-slope[i-1])/(slope[i]-slope[i-1])
					break
				}
			}
			near(t, "d where the slope changes sign", dMin, 0.02, 0.004)
			if lo == len(s)-1 || s[len(s)-1] <= s[lo] {
				t.Error("the flat curve does not rise after its minimum")
			}
		},
	},
	{
		name: "lesson 7, explorer: sharp and flat minima", file: "site/lesson.js",
		text: []string{"Flip a random 1% of the weights (3 of 301) and SA's solution misclassifies about 8% of the " +
			"training examples, the replicated one about 2%."},
		command: "flatness -model rf -labels teacher -act sign -n 301 -alpha 0.4 -alpha-d 1 -seed 1 -algos sa,rsa -d 0.005,0.01,0.02,0.03,0.05,0.07,0.1,0.13,0.16,0.2 -flips 100",
		check: func(t *testing.T, rows []row) {
			sa, rsa := rows[0].nums(t, "local_energy"), rows[1].nums(t, "local_energy")
			near(t, "SA local energy at 3 flips", sa[1], 0.08, 0.005)
			near(t, "replicated SA local energy at 3 flips", rsa[1], 0.02, 0.005)
			// the explorer: the error climbs faster around the SA solution at every flip fraction
			for i := range sa {
				if sa[i] <= rsa[i] {
					t.Errorf("d = %v: SA %.3f <= replicated SA %.3f; the explorer says SA's minimum is the sharper", rows[0].nums(t, "d")[i], sa[i], rsa[i])
				}
			}
		},
	},
	{
		name: "lesson 8: generalization at P/D = 0.4", file: "site/lesson.js",
		text: []string{"at N/P = 10 weights per example, 45.4% test errors for typical solutions, 39.2% for flat minima " +
			"and 37.6% for the Bayes-optimal prediction. Flat minima do better than typical solutions at every " +
			"width where solutions exist."},
		command: "rf generalization -alpha-t 0.4 -points 16 -n-over-p-min 0.35 -n-over-p-max 10",
		check: func(t *testing.T, rows []row) {
			last := rows[len(rows)-1]
			near(t, "N/P", last.num(t, "n_over_p"), 10, 1e-9)
			near(t, "typical", last.num(t, "eps_typical"), 0.454, 0.0005)
			near(t, "flat", last.num(t, "eps_flat"), 0.392, 0.0005)
			near(t, "Bayes", last.num(t, "eps_bayes"), 0.376, 0.0005)
			for _, r := range rows {
				if r["interpolating"] == true && !(r.num(t, "eps_flat") < r.num(t, "eps_typical")) {
					t.Errorf("N/P = %.3g: flat %.4f not below typical %.4f", r.num(t, "n_over_p"), r.num(t, "eps_flat"), r.num(t, "eps_typical"))
				}
			}
		},
	},
	{
		name: "explorer: the densest region outlasts the flat minimum at alpha = 0.83", file: "site/index.html",
		text:    []string{"at α<sub>D</sub> = 1 it still rises all the way at α = 0.83, where the flat curve already dips"},
		command: "rf local-entropy -alpha 0.83 -alpha-d 1 -d-min 0.004 -dense-points 30",
		check: func(t *testing.T, rows []row) {
			dense := ofReference(rows, "dense") // printed from the top (d*) down
			if len(dense) != 31 {
				t.Fatalf("the dense-region curve has %d points, want its top and 30 steps down to d = 0.004", len(dense))
			}
			for _, r := range dense[1:] {
				if r.num(t, "slope") <= 0 || r["end"] != nil {
					t.Errorf("the dense-region curve does not rise at d = %v (slope %v, end %v)", r["d"], r["slope"], r["end"])
				}
			}
			slope := entropySlopes(t, rows, "flat")
			dips := false
			for _, v := range slope {
				dips = dips || v < 0
			}
			if !dips {
				t.Error("the flat-minimum curve does not dip at alpha = 0.83")
			}
		},
	},
	{
		name: "explorer: the densest region dips from about alpha = 0.85", file: "site/index.html",
		text:    []string{"and dips from about α = 0.85."},
		command: "rf local-entropy -alpha 0.85 -alpha-d 1 -d-min 0.004 -dense-points 30",
		check: func(t *testing.T, rows []row) {
			dips := false
			for _, r := range ofReference(rows, "dense") {
				dips = dips || r.num(t, "slope") < 0 || r["end"] != nil
			}
			if !dips {
				t.Error("the dense-region curve neither dips nor ends at alpha = 0.85")
			}
		},
	},
	{
		name: "explorer: minima found by algorithms generalize better than typical solutions", file: "site/index.html",
		text:    []string{"the flat minima found by algorithms do better than typical solutions"},
		command: "train -model rf -labels teacher -act sign -n 301 -alpha 0.4 -alpha-d 1 -seed 1 -algo rsgd -test 1000",
		check: func(t *testing.T, rows []row) {
			// typical solutions at this point (N/P = 2.5, P/D = 0.4): `flatland rf interpolation`'s
			// generalization at alpha 0.4 gives eps_typical 0.4569
			const typical = 0.4569
			if got := rows[len(rows)-1].num(t, "test_error"); !(got < typical-0.02) {
				t.Errorf("rSGD's test error %.4f is not clearly below the typical solutions' %.4f", got, typical)
			}
		},
	},
}

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// flatland builds the command line once per test run.
func flatland(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "flatland-claims")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "flatland")
		out, err := exec.Command("go", "build", "-o", binary, "flatland/sim/cmd/flatland").CombinedOutput()
		if err != nil {
			buildErr = err
			t.Logf("%s", out)
		}
	})
	if buildErr != nil {
		t.Fatalf("building flatland: %v", buildErr)
	}
	return binary
}

func run(t *testing.T, command string) []row {
	t.Helper()
	args := append(strings.Fields(command), "-json")
	out, err := exec.Command(flatland(t), args...).Output()
	if err != nil {
		t.Fatalf("flatland %s: %v", command, err)
	}
	var rows []row
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r row
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("flatland %s: %v in %q", command, err, sc.Text())
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		t.Fatalf("flatland %s printed nothing", command)
	}
	return rows
}

// squash collapses runs of white space (and joins the JavaScript string pieces of a caption), so a
// passage matches however the source is wrapped.
func squash(s string) string {
	s = jsPieces.ReplaceAllString(s, "")
	return strings.Join(strings.Fields(s), " ")
}

// jsPieces is the seam between two pieces of a JavaScript string: "... " + "...".
var jsPieces = regexp.MustCompile(`"\s*\+\s*"`)

func TestClaims(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the claims run the flatland commands behind them (about 30 s of CPU)")
	}
	files := map[string]string{}
	for _, c := range claims {
		if _, ok := files[c.file]; !ok {
			b, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(c.file)))
			if err != nil {
				t.Fatal(err)
			}
			files[c.file] = squash(string(b))
		}
	}
	for _, c := range claims {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			for _, passage := range c.text {
				if !strings.Contains(files[c.file], squash(passage)) {
					t.Errorf("%s no longer says %q: update this claim with the text", c.file, passage)
				}
			}
			command := c.command
			if strings.Contains(command, "GAP") {
				var gap []string
				for _, a := range gapAlphas() {
					gap = append(gap, strconv.FormatFloat(a, 'g', -1, 64))
				}
				command = strings.Replace(command, "GAP", strings.Join(gap, ","), 1)
			}
			c.check(t, run(t, command))
		})
	}
}
