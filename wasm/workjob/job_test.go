package workjob

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"flatland/sim/deep"
	"flatland/sim/mnist"
	"flatland/sim/replica/rf"
)

func validDeep() *DeepRunJob {
	return &DeepRunJob{Width: 8, Layers: 1, Algo: "sgd", Seed: 1, Epochs: 3, Replicas: 3, Train: 100, Test: 50,
		TrainStream: 11, TestStream: 12, Sigmas: []float64{0.1, 0.5}, Draws: 2, KeepWrong: 4}
}

func TestDecode(t *testing.T) {
	cases := []struct {
		name, text string
		wantErr    string // "" for a valid job; else a piece of the message
	}{
		{"diagram point", `{"id":3,"kind":"diagram-point","diagram":{"act":"sign","labels":"teacher","alphaD":1,"guess":0.8}}`, ""},
		{"diagram point, no guess", `{"id":3,"kind":"diagram-point","diagram":{"act":"relu","labels":"random","alphaD":0.05}}`, ""},
		{"deep run", `{"id":1,"kind":"deep-run","deep":{"width":64,"layers":1,"algo":"rsgd","seed":18446744073709551615,"epochs":30,"replicas":3,"train":4000,"test":1000,"trainStream":11,"testStream":12,"sigmas":[0.05,1],"draws":4,"keepWrong":16}}`, ""},
		{"not JSON", `{"id":`, "not a valid job"},
		{"empty", ``, "not a valid job"},
		{"array", `[]`, "not a valid job"},
		{"no kind", `{"id":1}`, "no kind"},
		{"unknown kind", `{"id":1,"kind":"mine-bitcoin"}`, "unknown job kind"},
		{"unknown field", `{"id":1,"kind":"diagram-point","diagram":{"act":"sign","labels":"teacher","alphaD":1,"x":2}}`, "unknown field"},
		{"trailing text", `{"id":1,"kind":"diagram-point","diagram":{"act":"sign","labels":"teacher","alphaD":1}} {}`, "text after"},
		{"missing block", `{"id":1,"kind":"diagram-point"}`, "needs the diagram parameters"},
		{"both blocks", `{"id":1,"kind":"deep-run","diagram":{"act":"sign","labels":"teacher","alphaD":1},"deep":{}}`, "needs the deep parameters"},
		{"bad activation", `{"id":1,"kind":"diagram-point","diagram":{"act":"cosh","labels":"teacher","alphaD":1}}`, "diagram point"},
		{"bad labels", `{"id":1,"kind":"diagram-point","diagram":{"act":"sign","labels":"nope","alphaD":1}}`, "diagram point"},
		{"alpha_D zero", `{"id":1,"kind":"diagram-point","diagram":{"act":"sign","labels":"teacher","alphaD":0}}`, "alpha_D = 0 out of range"},
		{"alpha_D huge", `{"id":1,"kind":"diagram-point","diagram":{"act":"sign","labels":"teacher","alphaD":1e300}}`, "out of range"},
		{"alpha_D overflow", `{"id":1,"kind":"diagram-point","diagram":{"act":"sign","labels":"teacher","alphaD":1e999}}`, "not a valid job"},
		{"guess one", `{"id":1,"kind":"diagram-point","diagram":{"act":"sign","labels":"teacher","alphaD":1,"guess":1}}`, "guess"},
		{"width zero", `{"id":1,"kind":"deep-run","deep":{"width":0,"layers":1,"algo":"sgd","epochs":1,"train":1,"test":1,"draws":1}}`, "width 0"},
		{"three layers", `{"id":1,"kind":"deep-run","deep":{"width":4,"layers":3,"algo":"sgd","epochs":1,"train":1,"test":1,"draws":1}}`, "hidden layers"},
		{"unknown algo", `{"id":1,"kind":"deep-run","deep":{"width":4,"layers":1,"algo":"adam","epochs":1,"train":1,"test":1,"draws":1}}`, "unknown algorithm"},
		{"no epochs", `{"id":1,"kind":"deep-run","deep":{"width":4,"layers":1,"algo":"sgd","epochs":0,"train":1,"test":1,"draws":1}}`, "epochs"},
		{"no draws", `{"id":1,"kind":"deep-run","deep":{"width":4,"layers":1,"algo":"sgd","epochs":1,"train":1,"test":1,"draws":0}}`, "noise draws"},
		{"negative sigma", `{"id":1,"kind":"deep-run","deep":{"width":4,"layers":1,"algo":"sgd","epochs":1,"train":1,"test":1,"draws":1,"sigmas":[-1]}}`, "sigma"},
		{"negative seed", `{"id":1,"kind":"deep-run","deep":{"width":4,"layers":1,"algo":"sgd","seed":-1,"epochs":1,"train":1,"test":1,"draws":1}}`, "not a valid job"},
		{"too long", `{"id":1,"kind":"` + strings.Repeat("x", maxJobBytes) + `"}`, "too long"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			j, err := Decode([]byte(c.text))
			switch {
			case c.wantErr == "" && err != nil:
				t.Fatalf("Decode: %v", err)
			case c.wantErr != "" && err == nil:
				t.Fatalf("Decode accepted %s as %+v", c.text, j)
			case c.wantErr != "" && !strings.Contains(err.Error(), c.wantErr):
				t.Fatalf("Decode error %q does not say %q", err, c.wantErr)
			}
		})
	}
}

// A job survives encoding and decoding unchanged (the seed too: it is
// carried as a JSON integer, never as a JS number).
func TestEncodeDecodeRoundTrip(t *testing.T) {
	d := validDeep()
	d.Seed = math.MaxUint64
	for _, j := range []Job{
		{ID: 7, Kind: KindDiagramPoint, Diagram: &DiagramPointJob{Act: "sign", Labels: "teacher", AlphaD: 0.05 * math.Pow(200, 3.0/23), Guess: 0.8123456789012345}},
		{ID: 8, Kind: KindDeepRun, Deep: d},
	} {
		b, err := j.Encode()
		if err != nil {
			t.Fatal(err)
		}
		back, err := Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back, j) {
			t.Fatalf("round trip changed the job:\n got %+v\nwant %+v", back, j)
		}
	}
	if _, err := (Job{Kind: KindDeepRun}).Encode(); err == nil {
		t.Fatal("Encode accepted a job without parameters")
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"id":3,"kind":"diagram-point","diagram":{"act":"sign","labels":"teacher","alphaD":1,"guess":0.8}}`))
	f.Add([]byte(`{"id":1,"kind":"deep-run","deep":{"width":64,"layers":1,"algo":"rsgd","epochs":30,"train":4000,"test":1000,"sigmas":[0.05],"draws":4}}`))
	f.Add([]byte(`{"kind":"deep-run","deep":{"sigmas":[1e999]}}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		j, err := Decode(b) // must not panic
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if err := j.Validate(); err != nil {
			t.Fatalf("decoded job is invalid: %v", err)
		}
		if _, err := j.Encode(); err != nil {
			t.Fatalf("decoded job does not encode: %v", err)
		}
	})
}

func TestDecodeReply(t *testing.T) {
	cases := []struct {
		name, text string
		ok         bool
	}{
		{"progress", `{"id":1,"type":"progress","progress":0.5}`, true},
		{"unavailable", `{"id":1,"type":"unavailable","error":"no workers"}`, true},
		{"diagram result", `{"id":1,"type":"result","diagram":{"alphaD":1,"alphaC":null,"alphaLE":0,"alphaLEWidth":0,"epsTypicalAtC":0}}`, true},
		{"empty result", `{"id":1,"type":"result"}`, false},
		{"unknown type", `{"id":1,"type":"hello"}`, false},
		{"not JSON", `{`, false},
	}
	for _, c := range cases {
		_, err := DecodeReply([]byte(c.text))
		if (err == nil) != c.ok {
			t.Errorf("%s: DecodeReply error %v, want ok=%v", c.name, err, c.ok)
		}
	}
}

// NaN and infinities travel as null and come back as NaN; finite numbers
// come back bit for bit.
func TestDeepResultRoundTrip(t *testing.T) {
	r := deep.Result{Config: deep.DefaultConfig(), Epochs: 3, Steps: 99, Interpolated: true,
		Train: deep.Eval{Errors: 0, Error: 0, Loss: math.NaN()}, Test: deep.Eval{Errors: 7, Error: 0.07, Loss: 0.1234567890123},
		Sigmas: []float64{0.05, 0.5}, NoisyError: []float64{0.1, math.Inf(1)}, NoisyErrorSE: []float64{1e-17, 0.3},
		DeltaE: []float64{0.1, math.NaN()}, Misclassified: []int{3, 9}, Done: true}
	b := Reply{ID: 2, Type: ReplyResult, Deep: ptr(NewDeepRunResult(r))}.Encode()
	back, err := DecodeReply(b)
	if err != nil {
		t.Fatal(err)
	}
	got := back.Deep.Result()
	if !math.IsNaN(got.Train.Loss) || !math.IsNaN(got.NoisyError[1]) || !math.IsNaN(got.DeltaE[1]) {
		t.Fatalf("non-finite values did not come back as NaN: %+v", got)
	}
	r.Train.Loss, r.NoisyError[1], r.DeltaE[1] = 0, 0, 0
	got.Train.Loss, got.NoisyError[1], got.DeltaE[1] = 0, 0, 0
	if !reflect.DeepEqual(got, r) {
		t.Fatalf("round trip changed the result:\n got %+v\nwant %+v", got, r)
	}
}

func ptr[T any](v T) *T { return &v }

// A diagram point computed on its own lies within the stored diagram's
// alpha_LE bracket (plus its own), and its alpha_c agrees to 1e-6.
func TestRunDiagramPointMatchesStoredTable(t *testing.T) {
	if testing.Short() {
		t.Skip("computes two diagram points (about a second); skipped in -short mode")
	}
	m := rf.Model{Act: 0, Labels: 0}
	stored, ok := rf.StoredDiagram(rf.Model{Act: m.Act, Labels: m.Labels})
	if !ok {
		t.Fatal("no stored diagram for the default model")
	}
	for _, i := range []int{0, 15} {
		sp := stored[i]
		job := DiagramPointJob{Act: m.Act.String(), Labels: m.Labels.String(), AlphaD: sp.AlphaD, Guess: sp.AlphaLE / sp.AlphaC}
		r, err := RunDiagramPoint(job)
		if err != nil || r.Err != "" {
			t.Fatalf("point %d: %v %s", i, err, r.Err)
		}
		if d := math.Abs(float64(r.AlphaC) - sp.AlphaC); d > 1e-6 {
			t.Errorf("point %d: alpha_c %v, stored %v", i, r.AlphaC, sp.AlphaC)
		}
		tol := 0.5*(float64(r.AlphaLEWidth)+sp.AlphaLEWidth) + 1e-12
		if d := math.Abs(float64(r.AlphaLE) - sp.AlphaLE); d > tol {
			t.Errorf("point %d: alpha_LE %v, stored %v (brackets allow %g)", i, r.AlphaLE, sp.AlphaLE, tol)
		}
		// the same job gives the same numbers (the worker runs this very function)
		again, _ := RunDiagramPoint(job)
		if again != r {
			t.Errorf("point %d: a second run differs: %+v vs %+v", i, again, r)
		}
	}
}

// digitSet is a small random digit set (2x3 images, 4 grey levels).
func digitSet(n int, seed uint64) mnist.Set {
	r := rand.New(rand.NewPCG(seed, 3))
	s := mnist.Set{Rows: 2, Cols: 3, Levels: 4}
	for i := range n {
		s.Labels = append(s.Labels, uint8(i%mnist.Classes))
		for range s.Rows * s.Cols {
			s.Pixels = append(s.Pixels, uint8(r.IntN(s.Levels)))
		}
	}
	return s
}

// RunDeep in small slices gives the result of deep.Run stepped in one go.
func TestRunDeepMatchesOneRun(t *testing.T) {
	train, test := digitSet(200, 1), digitSet(60, 2)
	for _, algo := range []string{"sgd", "rsgd"} {
		p := validDeep()
		p.Algo, p.Train, p.Test = algo, 120, 1000 // the whole test set
		d, err := PrepareDeep(train, test, p.Train, p.Test, p.TrainStream, p.TestStream)
		if err != nil {
			t.Fatal(err)
		}
		if d.Train.N != 120 || d.Test.N != 60 {
			t.Fatalf("subsets of %d and %d images, want 120 and 60", d.Train.N, d.Test.N)
		}
		calls := 0
		got, err := RunDeep(*p, d, time.Microsecond, func(x float64) {
			if x < 0 || x > 1 {
				t.Errorf("progress %v outside [0, 1]", x)
			}
			calls++
		})
		if err != nil || got.Err != "" {
			t.Fatalf("%s: %v %s", algo, err, got.Err)
		}
		if calls == 0 {
			t.Errorf("%s: no progress reported", algo)
		}
		run, err := deep.NewRun(p.Config(), p.measure(), d.Train, d.Test)
		if err != nil {
			t.Fatal(err)
		}
		if done, err := run.Step(time.Hour); !done || err != nil {
			t.Fatalf("%s: one-go run: done %v, %v", algo, done, err)
		}
		want := run.Result()
		gotR := got.Result()
		wb, _ := json.Marshal(NewDeepRunResult(want))
		gb, _ := json.Marshal(NewDeepRunResult(gotR))
		if string(wb) != string(gb) {
			t.Fatalf("%s: sliced run differs:\n got %s\nwant %s", algo, gb, wb)
		}
	}
}

func TestRunDeepRejectsBadJob(t *testing.T) {
	p := validDeep()
	p.Draws = 0
	if _, err := RunDeep(*p, DeepSubsets{}, time.Millisecond, nil); err == nil || !strings.Contains(err.Error(), "draws") {
		t.Fatalf("RunDeep with no draws: error %v", err)
	}
	if _, err := PrepareDeep(digitSet(10, 1), digitSet(10, 2), 5, 5, 1, 2); err != nil {
		t.Fatalf("PrepareDeep of 5 of 10: %v", err)
	}
}
