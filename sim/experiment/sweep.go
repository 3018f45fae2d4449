package experiment

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SampleSeed is the seed of sample s (0, 1, ...) at a sweep point whose
// problem has seed base: base + s. Sample s at that point is the run of
// `flatland train -seed <base+s>` with the point's other flags.
func SampleSeed(base uint64, sample int) uint64 { return base + uint64(sample) }

// Order is the order in which a Sweep runs its samples.
type Order int

const (
	// PointByPoint runs every sample of the first point, then of the
	// second, ...: a point's line is final early (the CLI prints it).
	PointByPoint Order = iota
	// Interleaved runs sample 0 at every point, then sample 1, ...: every
	// point has a first estimate early (the browser draws them).
	Interleaved
)

// Sample is the outcome of one finished run of a sweep.
type Sample struct {
	Seed           uint64
	Solved         bool
	TrainError     float64
	Iterations     int
	Work           int64
	TestError      float64 // over TestedExamples (0: no test)
	TestedExamples int
}

// PointResult aggregates the finished runs at one point. It is computed
// from the samples in sample order, so it does not depend on the Order.
type PointResult struct {
	Problem        Problem // the point (base seed)
	Samples        int     // samples wanted
	Finished       int     // runs finished
	Solved         int     // of them, runs with zero training errors
	MeanTrainError float64 // over the finished runs (0 when none)
	// TestErrors are the test errors of the solved runs that were tested,
	// in sample order.
	TestErrors []float64
	// Skipped says why the point was not run (the caller's check refused
	// it); nil if it was.
	Skipped error
}

// Sweep runs Samples training runs at each of several points (problems that
// differ, for example, in Alpha) as one resumable stepper; the run of sample
// s at point i is that of SampleProblem(i, s). A Sweep that is abandoned
// before it finishes must be Closed.
type Sweep struct {
	points  []Problem
	samples int
	order   Order
	skip    func(Problem) error

	next     int // index, in the order, of the next run to start
	cur      *Run
	curPoint int
	runs     [][]Sample // finished runs per point, in sample order
	checked  []bool     // skip was asked about the point
	skipped  []error
	err      error

	claimed  int      // runs handed out by Claim and not yet delivered or returned
	returned []runRef // claimed runs handed back: Step runs them first
}

// runRef names one run of a sweep: sample Sample at point Point.
type runRef struct{ Point, Sample int }

// NewSweep prepares a sweep over points with samples runs each, run in
// order. skip (may be nil) is asked once per point, before its first run:
// a non-nil error skips the point (a browser refuses problems over its
// memory budget) and is reported as its reason.
func NewSweep(points []Problem, samples int, order Order, skip func(Problem) error) (*Sweep, error) {
	if samples < 1 {
		return nil, fmt.Errorf("experiment: a sweep needs at least one sample per point (got %d)", samples)
	}
	for i, p := range points {
		if err := p.Validate(); err != nil {
			return nil, fmt.Errorf("point %d (alpha=%g): %w", i+1, p.Alpha, err)
		}
	}
	n := len(points)
	return &Sweep{points: append([]Problem(nil), points...), samples: samples, order: order, skip: skip,
		runs: make([][]Sample, n), checked: make([]bool, n), skipped: make([]error, n)}, nil
}

// SampleProblem is the problem of sample s at point i: the point with the
// seed SampleSeed(point seed, s).
func (s *Sweep) SampleProblem(i, sample int) Problem {
	p := s.points[i]
	p.Seed = SampleSeed(p.Seed, sample)
	return p
}

func (s *Sweep) total() int { return len(s.points) * s.samples }

// Total is the number of runs: points times samples.
func (s *Sweep) Total() int { return s.total() }

// Finished counts the runs finished, and those of skipped points.
func (s *Sweep) Finished() int {
	n := 0
	for i, runs := range s.runs {
		if s.skipped[i] != nil {
			n += s.samples
		} else {
			n += len(runs)
		}
	}
	return n
}

// Started counts the runs started (or skipped with their point) so far.
func (s *Sweep) Started() int { return s.next }

// at maps the k-th run of the order to its point and sample.
func (s *Sweep) at(k int) (point, sample int) {
	if s.order == Interleaved {
		return k % len(s.points), k / len(s.points)
	}
	return k / s.samples, k % s.samples
}

// Step advances the sweep by about budget; a run's error ends the sweep.
func (s *Sweep) Step(budget time.Duration) (bool, error) {
	if s.err != nil {
		return true, s.err
	}
	start := time.Now()
	for !s.Done() {
		if s.cur == nil {
			var i, k int
			if n := len(s.returned); n > 0 {
				i, k = s.returned[0].Point, s.returned[0].Sample
				s.returned = s.returned[1:]
			} else if s.next < s.total() {
				var ok bool
				if i, k, ok = s.take(); !ok {
					continue
				}
			} else {
				break // the rest is claimed by someone else
			}
			r, err := NewRun(s.SampleProblem(i, k))
			if err != nil {
				s.err = err
				return true, err
			}
			s.cur, s.curPoint = r, i
		}
		done, err := s.cur.Step(max(0, budget-time.Since(start)))
		if err != nil {
			s.err = err
			s.cur.Close()
			return true, err
		}
		if done {
			s.record(s.curPoint, s.cur.Sample())
			s.cur = nil
		}
		if time.Since(start) >= budget {
			break
		}
	}
	return s.Done(), nil
}

// Sample is the finished run's outcome as a sweep records it.
func (r *Run) Sample() Sample {
	res := r.Result()
	return Sample{Seed: r.problem.Seed, Solved: res.Solved, TrainError: res.TrainError, Iterations: res.Iterations,
		Work: res.Work, TestError: res.TestError, TestedExamples: res.TestedExamples}
}

// take starts the next run of the order: its point and sample, or false
// when its point is skipped (asking skip at the point's first run).
func (s *Sweep) take() (point, sample int, ok bool) {
	i, k := s.at(s.next)
	s.next++
	if !s.checked[i] {
		s.checked[i] = true
		if s.skip != nil {
			s.skipped[i] = s.skip(s.points[i])
		}
	}
	return i, k, s.skipped[i] == nil
}

// record adds a finished run to its point, keeping the point's runs in
// sample order whatever order they finish in.
func (s *Sweep) record(point int, smp Sample) {
	runs := s.runs[point]
	at := len(runs)
	for at > 0 && runs[at-1].Seed > smp.Seed {
		at--
	}
	s.runs[point] = append(runs[:at], append([]Sample{smp}, runs[at:]...)...)
}

// Claim hands the next run of the order to a caller that runs it
// elsewhere (a Web Worker): its point, sample and problem. The caller
// must Deliver its outcome or Return it. ok is false when no run is left
// to start. Claimed and stepped runs mix freely: Step starts only the runs
// nobody claimed.
func (s *Sweep) Claim() (point, sample int, p Problem, ok bool) {
	if s.err != nil {
		return 0, 0, Problem{}, false
	}
	for s.next < s.total() {
		if i, k, ok := s.take(); ok {
			s.claimed++
			return i, k, s.SampleProblem(i, k), true
		}
	}
	return 0, 0, Problem{}, false
}

// Deliver records the outcome of a claimed run of point. The sample must
// be the run of SampleProblem(point, sample) (its Seed says which).
func (s *Sweep) Deliver(point int, smp Sample) {
	if point < 0 || point >= len(s.points) || s.claimed == 0 {
		return
	}
	s.claimed--
	s.record(point, smp)
}

// Return hands a claimed run back: Step runs it.
func (s *Sweep) Return(point, sample int) {
	if point < 0 || point >= len(s.points) || sample < 0 || sample >= s.samples || s.claimed == 0 {
		return
	}
	s.claimed--
	s.returned = append(s.returned, runRef{point, sample})
}

// Claimed is the number of runs claimed and not yet delivered or returned.
func (s *Sweep) Claimed() int { return s.claimed }

// Done reports whether every run has finished or been skipped, or the sweep failed.
func (s *Sweep) Done() bool {
	return s.err != nil || s.cur == nil && s.next >= s.total() && s.claimed == 0 && len(s.returned) == 0
}

// Progress counts finished or skipped runs plus the share of the running one.
func (s *Sweep) Progress() float64 {
	if s.Done() || s.total() == 0 {
		return 1
	}
	f := float64(s.Finished())
	if s.cur != nil {
		f += s.cur.Progress()
	}
	return f / float64(s.total())
}

// Err is the error that ended the sweep (nil if none).
func (s *Sweep) Err() error { return s.err }

// Close releases the running run of an unfinished sweep.
func (s *Sweep) Close() {
	if s.cur != nil {
		s.cur.Close()
		s.cur = nil
	}
}

// Points is the number of points.
func (s *Sweep) Points() int { return len(s.points) }

// Samples is the number of samples wanted per point.
func (s *Sweep) Samples() int { return s.samples }

// Current is the running run (nil between runs and at the end) and its point.
func (s *Sweep) Current() (*Run, int) { return s.cur, s.curPoint }

// PointDone reports whether every sample of point i has finished, or the point was skipped.
func (s *Sweep) PointDone(i int) bool { return s.skipped[i] != nil || len(s.runs[i]) == s.samples }

// Runs returns the finished runs at point i, in sample order.
func (s *Sweep) Runs(i int) []Sample { return append([]Sample(nil), s.runs[i]...) }

// Point aggregates the finished runs at point i.
func (s *Sweep) Point(i int) PointResult {
	r := PointResult{Problem: s.points[i], Samples: s.samples, Finished: len(s.runs[i]), Skipped: s.skipped[i]}
	sum := 0.0
	for _, smp := range s.runs[i] {
		sum += smp.TrainError
		if smp.Solved {
			r.Solved++
			if smp.TestedExamples > 0 {
				r.TestErrors = append(r.TestErrors, smp.TestError)
			}
		}
	}
	if r.Finished > 0 {
		r.MeanTrainError = sum / float64(r.Finished)
	}
	return r
}

// SkippedNote says how many points were not run and why the first of them
// was refused ("" if none was).
func (s *Sweep) SkippedNote() string {
	n, first := 0, error(nil)
	for _, err := range s.skipped {
		if err != nil {
			n++
			if first == nil {
				first = err
			}
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%d of %d simulation points not run: %v", n, len(s.points), first)
}

// SweepArgs returns the flags of `flatland sweep` that run exactly these
// points and samples: the points must differ in Alpha only (the sweep's
// -alphas list); sample s of point i then has the seed SampleSeed(seed, s),
// as in NewSweep.
func SweepArgs(points []Problem, samples int) ([]string, error) {
	if len(points) == 0 {
		return nil, fmt.Errorf("experiment: a sweep needs at least one point")
	}
	alphas := make([]string, len(points))
	for i, p := range points {
		q := p
		q.Alpha = points[0].Alpha
		if q != points[0] {
			return nil, fmt.Errorf("experiment: sweep points differ in more than alpha (point %d)", i)
		}
		alphas[i] = strconv.FormatFloat(p.Alpha, 'g', -1, 64)
	}
	var args []string
	all := points[0].Args()
	for i := 0; i < len(all); i++ {
		if all[i] == "-alpha" {
			i++ // the sweep's -alphas replaces it
			continue
		}
		args = append(args, all[i])
	}
	return append(args, "-alphas", strings.Join(alphas, ","), "-samples", strconv.Itoa(samples)), nil
}

// SweepCommand is the shell command for SweepArgs.
func SweepCommand(points []Problem, samples int) (string, error) {
	args, err := SweepArgs(points, samples)
	if err != nil {
		return "", err
	}
	for i, a := range args {
		args[i] = shellQuote(a)
	}
	return "flatland sweep " + strings.Join(args, " "), nil
}

// Shard is the share Index (1..Count) of a sweep split into Count shares:
// a contiguous block of its points (see Range). The zero Shard is the
// whole sweep.
type Shard struct{ Index, Count int }

// ParseShard reads "i/n" with whole numbers 1 <= i <= n.
func ParseShard(s string) (Shard, error) {
	bad := fmt.Errorf("%q: want i/n, share i of n with whole numbers 1 <= i <= n (for example 2/8)", s)
	is, ns, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return Shard{}, bad
	}
	i, err1 := strconv.Atoi(strings.TrimSpace(is))
	n, err2 := strconv.Atoi(strings.TrimSpace(ns))
	if err1 != nil || err2 != nil || n < 1 || i < 1 || i > n || n > 1_000_000 {
		return Shard{}, bad
	}
	return Shard{Index: i, Count: n}, nil
}

// Range is the block of points [lo, hi) of this share among points points:
// share i of n holds the points from ceil((i-1) points/n) to ceil(i points/n),
// so the shares 1..n cover the points in order, each once, and their sizes
// differ by at most one. The first share is never empty (when there are
// points); with fewer points than shares, some others are.
func (sh Shard) Range(points int) (lo, hi int) {
	if sh.Count < 1 {
		return 0, points
	}
	ceilDiv := func(a, b int) int { return (a + b - 1) / b }
	return ceilDiv((sh.Index-1)*points, sh.Count), ceilDiv(sh.Index*points, sh.Count)
}

// String is "i/n" ("1/1" for the zero Shard).
func (sh Shard) String() string {
	if sh.Count < 1 {
		return "1/1"
	}
	return fmt.Sprintf("%d/%d", sh.Index, sh.Count)
}
