//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"

	"flatland/sim/mnist"
)

// The site's digit asset (sim/mnist's format: 4,000 training and 1,000 test
// images, 14x14, 16 grey levels) reaches the module through the page
// script's window.flatlandDigits(), a promise of its bytes: fetched from the
// site (mnist.bin next to flatland.wasm), or unpacked from a single file.
// It is asked for once per page, when a figure first needs it.

type digitsState int

const (
	digitsNotAsked digitsState = iota
	digitsLoading
	digitsArrived // bytes here, not decoded yet
	digitsReady
	digitsFailed
)

var digits struct {
	state       digitsState
	raw         []byte
	train, test mnist.Set
	err         string
}

// askDigits starts loading the digits (once).
func askDigits() {
	if digits.state != digitsNotAsked {
		return
	}
	digits.state = digitsLoading
	fail := func(msg string) {
		digits.state, digits.err = digitsFailed, msg
	}
	loader := js.Global().Get("flatlandDigits")
	if loader.Type() != js.TypeFunction {
		fail("this page's script has no loader for the digits (window.flatlandDigits)")
		return
	}
	defer func() {
		if r := recover(); r != nil {
			fail("asking the page for the digits failed")
		}
	}()
	promise := loader.Invoke()
	if promise.Type() != js.TypeObject || promise.Get("then").Type() != js.TypeFunction {
		fail("the page's digit loader returned no promise")
		return
	}
	var ok, bad js.Func
	ok = js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer ok.Release()
		defer bad.Release()
		if len(args) == 0 || args[0].Type() != js.TypeObject || args[0].Get("byteLength").Type() != js.TypeNumber {
			fail("the page's digit loader gave no bytes")
			return nil
		}
		b := make([]byte, args[0].Get("byteLength").Int())
		if js.CopyBytesToGo(b, args[0]) != len(b) {
			fail("the digits could not be copied into the module")
			return nil
		}
		digits.raw, digits.state = b, digitsArrived
		return nil
	})
	bad = js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer ok.Release()
		defer bad.Release()
		msg := "unknown error"
		if len(args) > 0 {
			v := args[0]
			if v.Type() == js.TypeObject && v.Get("message").Type() == js.TypeString {
				msg = v.Get("message").String()
			} else {
				msg = js.Global().Call("String", v).String()
			}
		}
		fail(msg)
		return nil
	})
	promise.Call("then", ok, bad)
}

// digitsReadyNow decodes arrived bytes (in a frame, not in the callback) and
// reports whether the sets are ready; err says why not when they never will be.
func digitsReadyNow() (ready bool, err error) {
	switch digits.state {
	case digitsArrived:
		train, test, e := mnist.Decode(digits.raw)
		digits.raw = nil
		if e != nil {
			digits.state, digits.err = digitsFailed, "the digit file is damaged: "+e.Error()
			return false, errors.New(digits.err)
		}
		digits.train, digits.test, digits.state = train, test, digitsReady
		return true, nil
	case digitsReady:
		return true, nil
	case digitsFailed:
		return false, errors.New(digits.err)
	}
	return false, nil
}
