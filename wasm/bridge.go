//go:build js && wasm

package main

import (
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"syscall/js"

	"flatland/wasm/state"
)

// The JS bridge: page defaults and the URL query in; window.flatland, the
// address (history.replaceState, top-level pages only) and postMessage to the
// parent out; pause, resume, params and export messages from the embedding parent or
// the page's own scripts in.

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

// systemDark is the reader's prefers-color-scheme, which theme=auto follows;
// a listener keeps it current while the page is open.
var systemDark atomic.Bool

// watchColorScheme reads prefers-color-scheme through matchMedia and listens
// for changes. Without matchMedia (very old browsers) the theme is light.
func watchColorScheme() {
	defer func() { _ = recover() }()
	w := js.Global()
	if w.Get("matchMedia").Type() != js.TypeFunction {
		return
	}
	q := w.Call("matchMedia", "(prefers-color-scheme: dark)")
	systemDark.Store(q.Get("matches").Truthy())
	changed := js.FuncOf(func(this js.Value, args []js.Value) any {
		systemDark.Store(q.Get("matches").Truthy())
		return nil
	})
	if q.Get("addEventListener").Type() == js.TypeFunction {
		q.Call("addEventListener", "change", changed)
	} else if q.Get("addListener").Type() == js.TypeFunction { // Safari before 14
		q.Call("addListener", changed)
	}
}

// setPageBackground gives the page behind the canvas the theme's background,
// so that no light or dark band shows around it while the page resizes.
func setPageBackground(c state.RGB) {
	defer func() { _ = recover() }()
	doc := js.Global().Get("document")
	css := fmt.Sprintf("rgb(%d, %d, %d)", c.R, c.G, c.B)
	for _, el := range []js.Value{doc.Get("documentElement"), doc.Get("body")} {
		if el.Truthy() {
			el.Get("style").Set("backgroundColor", css)
		}
	}
}

// locationQuery returns location.search without origin=, which the bridge
// reads itself (see listenMessages).
func locationQuery() string {
	rest, rule, problems := state.TakeOrigin(js.Global().Get("location").Get("search").String())
	declared, originProblems = rule, problems
	return rest
}

// framed reports whether the page sits in a frame (window.parent is another window).
func framed() bool {
	w := js.Global()
	p := w.Get("parent")
	return p.Type() == js.TypeObject && !p.Equal(w)
}

// replaceQuery writes the query into the address without reloading, only when
// the figure is the top-level page: there the reader sees the address and
// copies it. Inside a frame nobody sees it, the embedder owns it (its src may
// carry origin=, which the query written here would drop), and every rewrite
// would touch the host's session history.
func replaceQuery(q string) {
	if framed() {
		return
	}
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

// Messages from a host page. Who may send, what is read and the limits are
// decided in package state (DecodeMessage, OriginRule.Accept, MessageQueue);
// here JavaScript values are only adapted, never converted before their type
// is known.
var (
	declared       state.OriginRule // origin= from the address
	originProblems []string         // a bad origin=, reported with the other address problems
	inbox          state.MessageQueue

	// counters published as window.flatland.messages
	msgMu                              sync.Mutex
	msgReceived, msgRefused, msgFailed int
	msgRead, msgDropped                int
)

// jsValue adapts js.Value to state.JSValue.
type jsValue struct{ v js.Value }

var (
	jsObjectCtor = js.Global().Get("Object")
	jsObjectKeys = jsObjectCtor.Get("keys")
)

// Type never panics: syscall/js panics on types it does not know (BigInt).
func (j jsValue) Type() (t state.JSType) {
	defer func() {
		if recover() != nil {
			t = state.JSUnsupported
		}
	}()
	switch j.v.Type() {
	case js.TypeUndefined:
		return state.JSUndefined
	case js.TypeNull:
		return state.JSNull
	case js.TypeBoolean:
		return state.JSBoolean
	case js.TypeNumber:
		return state.JSNumber
	case js.TypeString:
		return state.JSString
	case js.TypeSymbol:
		return state.JSSymbol
	case js.TypeObject:
		return state.JSObject
	case js.TypeFunction:
		return state.JSFunction
	}
	return state.JSUnsupported
}

func (j jsValue) Get(key string) state.JSValue { return jsValue{j.v.Get(key)} }
func (j jsValue) OwnKeys() state.JSValue       { return jsValue{jsObjectKeys.Invoke(j.v)} }
func (j jsValue) Index(i int) state.JSValue    { return jsValue{j.v.Index(i)} }
func (j jsValue) Text() string                 { return j.v.String() }
func (j jsValue) Number() float64              { return j.v.Float() }
func (j jsValue) Truth() bool                  { return j.v.Bool() }

// Len reads .length; a string primitive is wrapped with Object() first
// (syscall/js reads properties of objects only), which does not copy it.
func (j jsValue) Len() int {
	if j.Type() == state.JSString {
		return jsObjectCtor.Invoke(j.v).Get("length").Int()
	}
	return j.v.Length()
}

// listenMessages starts reading messages and returns the problems with origin=.
func listenMessages() []string {
	js.Global().Call("addEventListener", "message", js.FuncOf(func(this js.Value, args []js.Value) any {
		// Last line of defence: a message must never stop the program.
		defer func() {
			if r := recover(); r != nil {
				msgMu.Lock()
				msgFailed++
				n := msgFailed
				msgMu.Unlock()
				if n <= 3 {
					js.Global().Get("console").Call("warn", fmt.Sprintf("flatland: a message could not be read and was ignored: %v", r))
				}
			}
		}()
		msgMu.Lock()
		msgReceived++
		msgMu.Unlock()
		if len(args) == 0 || args[0].Type() != js.TypeObject {
			return nil
		}
		ev := args[0]
		w := js.Global()
		src := ev.Get("source")
		sender := state.MessageSender{
			Self:   src.Equal(w),
			Parent: framed() && src.Equal(w.Get("parent")),
		}
		if o := ev.Get("origin"); o.Type() == js.TypeString && (jsValue{o}).Len() <= 300 {
			sender.Origin = o.String()
		}
		if !declared.Accept(sender) {
			msgMu.Lock()
			msgRefused++
			msgMu.Unlock()
			return nil
		}
		m, ok := state.DecodeMessage(jsValue{ev.Get("data")})
		if ok {
			inbox.Push(m)
		}
		return nil
	}))
	return originProblems
}

// applyMessages runs the messages that arrived since the last frame: pause,
// resume, parameters (validated like the address's) and exports. A params message
// replaces the problems shown (none if all was well), as a user change would.
func (g *Game) applyMessages() {
	batch, dropped := inbox.Take()
	msgMu.Lock()
	msgRead += len(batch)
	msgDropped += dropped
	msgMu.Unlock()
	if len(batch) == 0 && dropped == 0 {
		return
	}
	next, paused, sawParams, problems := state.ApplyMessages(g.settings, g.paused, batch, dropped)
	g.paused = paused
	if sawParams || len(problems) > 0 {
		g.msgs = problems
	}
	if next != g.settings {
		g.settings = next
		g.changed(false)
	}
	for _, format := range state.ExportRequests(batch) {
		g.answerExport(format) // after the batch's params: the export names the settings it answers for
	}
}

// messageCounts is published as window.flatland.messages.
func messageCounts() map[string]any {
	msgMu.Lock()
	defer msgMu.Unlock()
	return map[string]any{"received": msgReceived, "refused": msgRefused, "read": msgRead, "dropped": msgDropped, "failed": msgFailed}
}

// postState tells the parent window (explorer page) that the user changed state.
func postState(figure string, params map[string]string) {
	postToParent(map[string]any{"flatland": "state", "figure": figure, "params": toJSMap(params)})
}

// postSize tells the parent window the height the figure wants at its width (CSS px).
func postSize(figure string, width float64, height int) {
	postToParent(map[string]any{"flatland": "size", "figure": figure, "width": math.Round(width), "height": height})
}

// postToParent sends msg to the window that frames the figure, if any: to the origin declared with
// origin=, else to "*" (the messages carry nothing but what is in the figure's own address and its
// size); nothing when origin= was given but is no origin.
func postToParent(msg map[string]any) {
	w := js.Global()
	parent := w.Get("parent")
	if parent.IsUndefined() || parent.IsNull() || parent.Equal(w) {
		return
	}
	target := "*"
	if declared.Declared {
		if declared.Origin == "" {
			return
		}
		target = declared.Origin
	}
	defer func() { _ = recover() }()
	parent.Call("postMessage", msg, target)
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
	published.Set("messages", messageCounts())
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
