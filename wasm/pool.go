//go:build js && wasm

package main

import (
	"fmt"
	"math"
	"syscall/js"

	"flatland/wasm/workjob"
)

// The page's worker pool (site/workers.js, window.flatlandPool): Web
// Workers running the sim-only module (wasm/worker) on jobs of workjob's
// JSON. Figures submit jobs with a handler; pollPool, called from their
// Step, hands each reply to its job's handler. A pool that cannot start
// answers "unavailable", and the figure computes on the page instead.

var poolJobs = struct {
	next     int
	handlers map[int]func(workjob.Reply)
}{handlers: map[int]func(workjob.Reply){}}

// workerPool is window.flatlandPool when it can take jobs.
func workerPool() (js.Value, bool) {
	p := js.Global().Get("flatlandPool")
	if p.Type() != js.TypeObject || p.Get("size").Type() != js.TypeNumber || p.Get("size").Int() < 1 ||
		p.Get("submit").Type() != js.TypeFunction || p.Get("state").String() == "failed" {
		return js.Value{}, false
	}
	return p, true
}

// poolSize is the number of workers (0 without a usable pool).
func poolSize() int {
	if p, ok := workerPool(); ok {
		return p.Get("size").Int()
	}
	return 0
}

// poolSaturated reports whether the pool's jobs keep every processor busy:
// at least one outstanding job per worker, and at least one worker per
// processor (navigator.hardwareConcurrency; unknown counts as covered).
// The page's own computation then competes with the workers for the cores
// (main.go gives it a small budget until a processor is free again).
func poolSaturated() bool {
	if len(poolJobs.handlers) == 0 {
		return false
	}
	p, ok := workerPool()
	if !ok {
		return false
	}
	size, hardware := p.Get("size").Int(), 0
	if h := p.Get("hardware"); h.Type() == js.TypeNumber {
		hardware = h.Int()
	}
	return len(poolJobs.handlers) >= size && size >= hardware
}

// poolResults is the number of results the pool has delivered.
func poolResults() int {
	p := js.Global().Get("flatlandPool")
	if p.Type() != js.TypeObject || p.Get("results").Type() != js.TypeNumber {
		return 0
	}
	return p.Get("results").Int()
}

// poolSubmit queues job; handle gets its replies (progress, then one
// result, error or unavailable). It returns the job's id.
func poolSubmit(job workjob.Job, handle func(workjob.Reply)) (id int, err error) {
	p, ok := workerPool()
	if !ok {
		return 0, fmt.Errorf("no worker pool")
	}
	poolJobs.next++
	job.ID = poolJobs.next
	text, err := job.Encode()
	if err != nil {
		return 0, err
	}
	defer func() {
		if r := recover(); r != nil {
			delete(poolJobs.handlers, job.ID)
			id, err = 0, fmt.Errorf("the worker pool refused the job: %v", r)
		}
	}()
	poolJobs.handlers[job.ID] = handle
	p.Call("submit", job.ID, string(text))
	return job.ID, nil
}

// poolWarm starts the pool's workers ahead of the first job.
func poolWarm() {
	defer func() { recover() }()
	if p, ok := workerPool(); ok && p.Get("warm").Type() == js.TypeFunction {
		p.Call("warm")
	}
}

// poolCancel drops a job; its replies, if any, are ignored.
func poolCancel(id int) {
	if _, ok := poolJobs.handlers[id]; !ok {
		return
	}
	delete(poolJobs.handlers, id)
	defer func() { recover() }()
	if p := js.Global().Get("flatlandPool"); p.Type() == js.TypeObject && p.Get("cancel").Type() == js.TypeFunction {
		p.Call("cancel", id)
	}
}

// pollPool hands the replies that arrived to their handlers.
func pollPool() {
	if len(poolJobs.handlers) == 0 {
		return
	}
	p := js.Global().Get("flatlandPool")
	if p.Type() != js.TypeObject || p.Get("take").Type() != js.TypeFunction {
		return
	}
	texts := p.Call("take")
	parse := js.Global().Get("JSON").Get("parse")
	for i := range texts.Length() {
		r, ok := readReply(parse, texts.Index(i))
		if !ok {
			continue
		}
		h, ok := poolJobs.handlers[r.ID]
		if !ok {
			continue
		}
		if r.Type != workjob.ReplyProgress {
			delete(poolJobs.handlers, r.ID)
		}
		h(r)
	}
}

// readReply reads a worker's reply text (package wire's JSON) with the
// browser's JSON.parse; a damaged reply that names its job ends the job
// with the reason, any other is dropped (false).
func readReply(parse, text js.Value) (r workjob.Reply, ok bool) {
	defer func() {
		if e := recover(); e != nil {
			ok = false
		}
	}()
	if text.Type() != js.TypeString {
		return r, false
	}
	v := parse.Invoke(text)
	if v.Type() != js.TypeObject || v.Get("id").Type() != js.TypeNumber {
		return r, false
	}
	r = workjob.Reply{ID: v.Get("id").Int(), Type: jsText(v.Get("type")), Error: jsText(v.Get("error"))}
	if p := jsNumber(v.Get("progress")); p >= 0 && p <= 1 {
		r.Progress = p
	}
	if d := v.Get("diagram"); d.Type() == js.TypeObject {
		r.Diagram = &workjob.DiagramPointResult{AlphaD: jsNumber(d.Get("alphaD")), AlphaC: jsNumber(d.Get("alphaC")),
			AlphaLE: jsNumber(d.Get("alphaLE")), AlphaLEWidth: jsNumber(d.Get("alphaLEWidth")),
			EpsTypicalAtC: jsNumber(d.Get("epsTypicalAtC")), Err: jsText(d.Get("err"))}
	}
	if d := v.Get("deep"); d.Type() == js.TypeObject {
		r.Deep = &workjob.DeepRunResult{Epochs: int(jsNumber(d.Get("epochs"))), Steps: int64(jsNumber(d.Get("steps"))),
			Interpolated: d.Get("interpolated").Truthy(),
			TrainErrors:  int(jsNumber(d.Get("trainErrors"))), TrainError: jsNumber(d.Get("trainError")), TrainLoss: jsNumber(d.Get("trainLoss")),
			TestErrors: int(jsNumber(d.Get("testErrors"))), TestError: jsNumber(d.Get("testError")), TestLoss: jsNumber(d.Get("testLoss")),
			Sigmas: jsNumbers(d.Get("sigmas")), NoisyError: jsNumbers(d.Get("noisyError")), NoisyErrorSE: jsNumbers(d.Get("noisyErrorSE")),
			DeltaE: jsNumbers(d.Get("deltaE")), Done: d.Get("done").Truthy(), Err: jsText(d.Get("err")), Seconds: jsNumber(d.Get("seconds"))}
		for _, x := range jsNumbers(d.Get("misclassified")) {
			if x >= 0 && x == math.Trunc(x) {
				r.Deep.Misclassified = append(r.Deep.Misclassified, int(x))
			}
		}
	}
	if d := v.Get("sim"); d.Type() == js.TypeObject {
		r.Sim = &workjob.SimRunResult{Solved: d.Get("solved").Truthy(), TrainError: jsNumber(d.Get("trainError")),
			Iterations: int(jsNumber(d.Get("iterations"))), Work: int64(jsNumber(d.Get("work"))),
			TestError: jsNumber(d.Get("testError")), TestedExamples: int(jsNumber(d.Get("testedExamples")))}
	}
	if err := r.Check(); err != nil {
		return workjob.Reply{ID: r.ID, Type: workjob.ReplyError, Error: err.Error()}, true
	}
	return r, true
}

// jsNumber is v as a number, NaN for null or anything else.
func jsNumber(v js.Value) float64 {
	if v.Type() != js.TypeNumber {
		return math.NaN()
	}
	return v.Float()
}

func jsText(v js.Value) string {
	if v.Type() != js.TypeString {
		return ""
	}
	return v.String()
}

func jsNumbers(v js.Value) []float64 {
	if v.Type() != js.TypeObject || v.Get("length").Type() != js.TypeNumber {
		return nil
	}
	out := make([]float64, v.Length())
	for i := range out {
		out[i] = jsNumber(v.Index(i))
	}
	return out
}
