//go:build js && wasm

// Command worker is the page's compute module for Web Workers: the
// simulation core without the Ebiten front end (so it is small). It runs
// one job at a time to completion (blocking is fine in a worker) and
// answers in workjob's JSON (package wire). The worker script (site/flatland-worker.js)
// calls the functions this program leaves on globalThis.flatlandWorker:
//
//	digits(bytes)              the site's digit asset, once, before deep runs; returns "" or an error
//	run(id, job, onProgress)   the reply's JSON text; onProgress(text) gets progress replies
package main

import (
	"errors"
	"fmt"
	"syscall/js"
	"time"

	"flatland/sim/mnist"
	"flatland/wasm/workjob"
	"flatland/wasm/workjob/wire"
)

// progressInterval throttles progress messages.
const progressInterval = 100 * time.Millisecond

var digits struct {
	train, test mnist.Set
	ok          bool
	key         [4]uint64 // the prepared subsets' sizes and streams
	subsets     workjob.DeepSubsets
}

func main() {
	w := js.Global().Get("Object").New()
	w.Set("digits", js.FuncOf(setDigits))
	w.Set("run", js.FuncOf(run))
	js.Global().Set("flatlandWorker", w)
	if ready := js.Global().Get("flatlandWorkerReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}

func setDigits(_ js.Value, args []js.Value) any {
	if len(args) == 0 || args[0].Type() != js.TypeObject || args[0].Get("byteLength").Type() != js.TypeNumber {
		return "the worker was given no digit bytes"
	}
	b := make([]byte, args[0].Get("byteLength").Int())
	if js.CopyBytesToGo(b, args[0]) != len(b) {
		return "the digits could not be copied into the worker"
	}
	train, test, err := mnist.Decode(b)
	if err != nil {
		return "the digit file is damaged: " + err.Error()
	}
	digits.train, digits.test, digits.ok, digits.key = train, test, true, [4]uint64{}
	return ""
}

// run answers one job; a panic becomes an error reply.
func run(_ js.Value, args []js.Value) (out any) {
	id := 0
	if len(args) > 0 && args[0].Type() == js.TypeNumber {
		id = args[0].Int()
	}
	defer func() {
		if r := recover(); r != nil {
			out = string(wire.EncodeReply(workjob.Reply{ID: id, Type: workjob.ReplyError, Error: fmt.Sprintf("the worker failed: %v", r)}))
		}
	}()
	if len(args) < 2 || args[1].Type() != js.TypeString {
		return string(wire.EncodeReply(workjob.Reply{ID: id, Type: workjob.ReplyError, Error: "the worker was given no job text"}))
	}
	var progress func(float64)
	if len(args) > 2 && args[2].Type() == js.TypeFunction {
		cb := args[2]
		progress = func(p float64) {
			cb.Invoke(string(wire.EncodeReply(workjob.Reply{ID: id, Type: workjob.ReplyProgress, Progress: p})))
		}
	}
	reply, err := answer(id, []byte(args[1].String()), progress)
	if err != nil {
		reply = workjob.Reply{ID: id, Type: workjob.ReplyError, Error: err.Error()}
	}
	return string(wire.EncodeReply(reply))
}

func answer(id int, text []byte, progress func(float64)) (workjob.Reply, error) {
	job, err := wire.Decode(text)
	if err != nil {
		return workjob.Reply{}, err
	}
	switch job.Kind {
	case workjob.KindDiagramPoint:
		r, err := workjob.RunDiagramPoint(*job.Diagram)
		if err != nil {
			return workjob.Reply{}, err
		}
		return workjob.Reply{ID: id, Type: workjob.ReplyResult, Diagram: &r}, nil
	case workjob.KindDeepRun:
		p := *job.Deep
		if !digits.ok {
			return workjob.Reply{}, errors.New("the worker has no digits (the page sends them before the first deep run)")
		}
		key := [4]uint64{uint64(p.Train), uint64(p.Test), p.TrainStream, p.TestStream}
		if digits.subsets.Train == nil || digits.key != key {
			s, err := workjob.PrepareDeep(digits.train, digits.test, p.Train, p.Test, p.TrainStream, p.TestStream)
			if err != nil {
				return workjob.Reply{}, fmt.Errorf("the digits could not be prepared: %v", err)
			}
			digits.subsets, digits.key = s, key
		}
		r, err := workjob.RunDeep(p, digits.subsets, progressInterval, progress)
		if err != nil {
			return workjob.Reply{}, err
		}
		return workjob.Reply{ID: id, Type: workjob.ReplyResult, Deep: &r}, nil
	case workjob.KindSimRun:
		r, err := workjob.RunSim(*job.Sim, progressInterval, progress)
		if err != nil {
			return workjob.Reply{}, err
		}
		return workjob.Reply{ID: id, Type: workjob.ReplyResult, Sim: &r}, nil
	}
	return workjob.Reply{}, fmt.Errorf("unknown job kind %q", job.Kind)
}
