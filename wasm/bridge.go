//go:build js && wasm

package main

import (
	"sync"
	"syscall/js"
)

// The JS bridge: page defaults and the URL query in; window.flatland, the
// address (history.replaceState) and postMessage to the parent out; pause,
// resume and params messages from a host page in.

// pageDefaults reads window.flatlandDefaults (values stringified).
func pageDefaults() map[string]string {
	out := map[string]string{}
	d := js.Global().Get("flatlandDefaults")
	if d.Type() != js.TypeObject {
		return out
	}
	keys := js.Global().Get("Object").Call("keys", d)
	for i := 0; i < keys.Length(); i++ {
		k := keys.Index(i).String()
		out[k] = js.Global().Call("String", d.Get(k)).String()
	}
	return out
}

// locationQuery returns location.search.
func locationQuery() string {
	return js.Global().Get("location").Get("search").String()
}

// replaceQuery writes the query into the address without reloading.
func replaceQuery(q string) {
	loc := js.Global().Get("location")
	url := loc.Get("pathname").String() + "?" + q + loc.Get("hash").String()
	if loc.Get("search").String() == "?"+q {
		return
	}
	h := js.Global().Get("history")
	// sandboxed frames may refuse; never let that break the program
	defer func() { _ = recover() }()
	h.Call("replaceState", js.Null(), "", url)
}

// hostMessage is a message from the host page.
type hostMessage struct {
	kind   string            // "pause", "resume", "params"
	params map[string]string // for "params"
}

var (
	inboxMu sync.Mutex
	inbox   []hostMessage
)

func listenMessages() {
	js.Global().Call("addEventListener", "message", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) == 0 {
			return nil
		}
		data := args[0].Get("data")
		if data.Type() != js.TypeObject {
			return nil
		}
		k := data.Get("flatland")
		if k.Type() != js.TypeString {
			return nil
		}
		m := hostMessage{kind: k.String()}
		if m.kind == "params" {
			m.params = map[string]string{}
			p := data.Get("params")
			if p.Type() == js.TypeObject {
				keys := js.Global().Get("Object").Call("keys", p)
				for i := 0; i < keys.Length() && i < 64; i++ {
					key := keys.Index(i).String()
					m.params[key] = js.Global().Call("String", p.Get(key)).String()
				}
			}
		}
		if m.kind == "pause" || m.kind == "resume" || m.kind == "params" {
			inboxMu.Lock()
			inbox = append(inbox, m)
			inboxMu.Unlock()
		}
		return nil
	}))
}

func takeMessages() []hostMessage {
	inboxMu.Lock()
	defer inboxMu.Unlock()
	out := inbox
	inbox = nil
	return out
}

// postState tells the parent window (explorer page) that the user changed state.
func postState(figure string, params map[string]string) {
	w := js.Global()
	parent := w.Get("parent")
	if parent.IsUndefined() || parent.IsNull() || parent.Equal(w) {
		return
	}
	defer func() { _ = recover() }()
	parent.Call("postMessage", map[string]any{"flatland": "state", "figure": figure, "params": toJSMap(params)}, "*")
}

func toJSMap(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// published is window.flatland; fields are set on one object every frame.
var published js.Value

func publish(fields map[string]any) {
	if published.IsUndefined() || published.Type() != js.TypeObject {
		published = js.Global().Get("Object").New()
		js.Global().Set("flatland", published)
	}
	for k, v := range fields {
		published.Set(k, v)
	}
}

// uiEvent is a pointer or key event captured from the page. Ebiten samples
// input once per frame, so a click or key press that starts and ends between
// two frames (likely on slow machines) would be lost; queuing the DOM events
// keeps every one.
type uiEvent struct {
	kind  string // "key", "down", "up"
	key   string // KeyboardEvent.key
	shift bool
	x, y  float64 // CSS px (= logical px)
}

var (
	evMu   sync.Mutex
	events []uiEvent
)

func listenInput() {
	push := func(e uiEvent) {
		evMu.Lock()
		if len(events) < 256 {
			events = append(events, e)
		}
		evMu.Unlock()
	}
	w := js.Global()
	// pointer positions relative to Ebiten's canvas (it may not sit at 0,0)
	rel := func(e js.Value) (float64, float64) {
		x, y := e.Get("clientX").Float(), e.Get("clientY").Float()
		c := w.Get("document").Call("querySelector", "canvas")
		if c.Truthy() {
			r := c.Call("getBoundingClientRect")
			x -= r.Get("left").Float()
			y -= r.Get("top").Float()
		}
		return x, y
	}
	w.Call("addEventListener", "keydown", js.FuncOf(func(this js.Value, args []js.Value) any {
		e := args[0]
		push(uiEvent{kind: "key", key: e.Get("key").String(), shift: e.Get("shiftKey").Bool()})
		return nil
	}))
	w.Call("addEventListener", "pointerdown", js.FuncOf(func(this js.Value, args []js.Value) any {
		e := args[0]
		if e.Get("button").Int() == 0 {
			x, y := rel(e)
			push(uiEvent{kind: "down", x: x, y: y})
		}
		return nil
	}))
	w.Call("addEventListener", "pointerup", js.FuncOf(func(this js.Value, args []js.Value) any {
		e := args[0]
		x, y := rel(e)
		push(uiEvent{kind: "up", x: x, y: y})
		return nil
	}))
}

func takeEvents() []uiEvent {
	evMu.Lock()
	defer evMu.Unlock()
	out := events
	events = nil
	return out
}
