package wire

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"flatland/sim/deep"
	"flatland/wasm/workjob"
)

func validDeep() *workjob.DeepRunJob {
	return &workjob.DeepRunJob{Width: 8, Layers: 1, Algo: "sgd", Seed: 1, Epochs: 3, Replicas: 3, Train: 100, Test: 50,
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
		{"sim run", `{"id":2,"kind":"sim-run","sim":{"model":"rf","labels":"teacher","inputs":"pm1","act":"sign","algo":"fbp","n":201,"k":3,"maxEpochs":0,"testExamples":0,"alpha":0.846,"alphaD":1,"kappa":0,"fully":false,"seed":3}}`, ""},
		{"sim run, bad algo", `{"id":2,"kind":"sim-run","sim":{"model":"rf","labels":"teacher","inputs":"pm1","act":"sign","algo":"adam","n":201,"k":3,"alpha":0.8,"alphaD":1,"seed":3}}`, "simulation run"},
		{"sim run, bad model", `{"id":2,"kind":"sim-run","sim":{"model":"brain","labels":"teacher","inputs":"pm1","act":"sign","algo":"cpr","n":201,"k":3,"alpha":0.8,"alphaD":1,"seed":3}}`, "simulation run"},
		{"sim run, too large", `{"id":2,"kind":"sim-run","sim":{"model":"rf","labels":"teacher","inputs":"pm1","act":"sign","algo":"cpr","n":100001,"k":3,"alpha":3,"alphaD":1,"seed":3}}`, "simulation run"},
		{"sim run with a deep block", `{"id":2,"kind":"sim-run","sim":{"model":"rf"},"deep":{}}`, "needs the simulation parameters"},
		{"too long", `{"id":1,"kind":"` + strings.Repeat("x", workjob.MaxJobBytes) + `"}`, "too long"},
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
	for _, j := range []workjob.Job{
		{ID: 7, Kind: workjob.KindDiagramPoint, Diagram: &workjob.DiagramPointJob{Act: "sign", Labels: "teacher", AlphaD: 0.05 * math.Pow(200, 3.0/23), Guess: 0.8123456789012345}},
		{ID: 8, Kind: workjob.KindDeepRun, Deep: d},
		{ID: 9, Kind: workjob.KindSimRun, Sim: &workjob.SimRunJob{Model: "committee", Labels: "random", Inputs: "gauss", Act: "sign",
			N: 45, K: 5, Fully: true, Alpha: 0.3, AlphaD: 0.5, Kappa: 0, Seed: math.MaxUint64, Algo: "rsgd", MaxEpochs: 7, TestExamples: 10}},
		{ID: 10, Kind: workjob.KindSimRun, Sim: &workjob.SimRunJob{Model: "rf", Labels: "teacher", Inputs: "pm1", Act: "relu",
			N: 201, K: 3, Alpha: 0.8456, AlphaD: 1.0 / 3, Kappa: 0.25, Seed: 4, Algo: "fbp"}},
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
	if _, err := (workjob.Job{Kind: workjob.KindDeepRun}).Encode(); err == nil {
		t.Fatal("Encode accepted a job without parameters")
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"id":3,"kind":"diagram-point","diagram":{"act":"sign","labels":"teacher","alphaD":1,"guess":0.8}}`))
	f.Add([]byte(`{"id":1,"kind":"deep-run","deep":{"width":64,"layers":1,"algo":"rsgd","epochs":30,"train":4000,"test":1000,"sigmas":[0.05],"draws":4}}`))
	f.Add([]byte(`{"kind":"deep-run","deep":{"sigmas":[1e999]}}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"id":2,"kind":"sim-run","sim":{"model":"rf","labels":"teacher","inputs":"pm1","act":"sign","algo":"fbp","n":201,"k":3,"alpha":0.846,"alphaD":1,"seed":3}}`))
	f.Add([]byte(`{"id":1,"kind":"deep-run","deep":{"width":4,"layers":1,"algo":"sgd","epochs":1,"train":1,"test":1,"draws":1,"sigmas":[]}}`))
	f.Add([]byte(`{"id":1,"kind":"deep-run","deep":{"width":4,"layers":1,"algo":"sgd","epochs":1,"train":1,"test":1,"draws":1}}`))
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
		text, err := j.Encode()
		if err != nil {
			t.Fatalf("decoded job does not encode: %v", err)
		}
		// the page's hand-written encoding reads back as the same job
		back, err := Decode(text)
		if err != nil || !reflect.DeepEqual(back, j) {
			t.Fatalf("%s reads back as %+v (%v), want %+v", text, back, err, j)
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
		{"sim result", `{"id":1,"type":"result","sim":{"seed":3,"solved":true,"trainError":0,"iterations":12,"work":99,"testError":null,"testedExamples":0}}`, true},
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
	res := workjob.NewDeepRunResult(r)
	b := EncodeReply(workjob.Reply{ID: 2, Type: workjob.ReplyResult, Deep: &res})
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

// A simulation result comes back as the same sample.
func TestSimResultRoundTrip(t *testing.T) {
	want := workjob.SimRunResult{Seed: math.MaxUint64, Solved: true, TrainError: 0.125, Iterations: 321, Work: 1 << 40, TestError: 0.0625, TestedExamples: 1000}
	back, err := DecodeReply(EncodeReply(workjob.Reply{ID: 4, Type: workjob.ReplyResult, Sim: &want}))
	if err != nil {
		t.Fatal(err)
	}
	if back.Sim == nil || *back.Sim != want {
		t.Fatalf("round trip changed the result: got %+v, want %+v", back.Sim, want)
	}
}

func ptr[T any](v T) *T { return &v }
