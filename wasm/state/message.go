package state

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// The message API: a host page may send a figure {flatland: "pause"},
// {flatland: "resume"}, {flatland: "params", params: {key: value, ...}} and
// {flatland: "export", format: "csv"} (the figure answers {flatland:
// "exported", format, name, data}) with postMessage. The bridge (wasm/bridge.go) only adapts JavaScript values
// to JSValue; every decision (who may send, which types and sizes are read,
// which parameters a message may change) is made here so it can be tested
// natively.

// Limits of the message API.
const (
	MaxMessageKeys  = 32  // parameters in one params message; a larger message is refused whole
	MaxMessageText  = 100 // characters (UTF-16 units) in a parameter name or a string value
	MaxMessageQueue = 32  // messages waiting for the next frame; beyond it the oldest are dropped
)

// MessageKinds are the values of the flatland field a figure acts on.
var MessageKinds = []string{"pause", "resume", "params", "export"}

// ExportedKind is the figure's answer to an export message. The figure reads
// its own window's messages, so it meets its answers there when it is the
// top-level page: they are not for it and are left alone.
const ExportedKind = "exported"

// pageOnlyKeys are parameters that describe the page rather than the science:
// the embedder sets them in the address, a message may not change them.
var pageOnlyKeys = map[string]bool{KeyFigure: true, KeyControls: true, KeyHide: true, KeyAutoplay: true}

// MessageSettable reports whether a params message may change key.
func MessageSettable(key string) bool {
	_, known := SpecFor(key)
	return known && !pageOnlyKeys[key]
}

func pageOnlyProblem(key string) string {
	return key + " is set by the page address only; a message cannot change it"
}

// JSType is the JavaScript type of a value, read before any conversion.
type JSType int

const (
	JSUnsupported JSType = iota // bigint or anything the bridge cannot classify
	JSUndefined
	JSNull
	JSBoolean
	JSNumber
	JSString
	JSSymbol
	JSObject // includes arrays
	JSFunction
)

func (t JSType) describe() string {
	switch t {
	case JSUndefined:
		return "undefined"
	case JSNull:
		return "null"
	case JSBoolean:
		return "a boolean"
	case JSNumber:
		return "a number"
	case JSString:
		return "a string"
	case JSSymbol:
		return "a symbol"
	case JSObject:
		return "an object"
	case JSFunction:
		return "a function"
	}
	return "a value of an unsupported type"
}

// JSValue is the part of a JavaScript value the message decoder uses. The
// decoder calls each method only on values of the matching Type, so an
// implementation never has to convert an object, a function or a symbol.
type JSValue interface {
	Type() JSType           // never fails; JSUnsupported when unsure
	Get(key string) JSValue // objects: a property
	OwnKeys() JSValue       // objects: Object.keys as an array value
	Len() int               // strings and arrays: length, without reading the content
	Index(i int) JSValue    // arrays: element i
	Text() string           // strings: the content
	Number() float64        // numbers
	Truth() bool            // booleans
}

// Message is one decoded message.
type Message struct {
	Kind     string         // "pause", "resume", "params", "export", or "" when only Problems remain
	Params   []MessageParam // params: the well-typed values, as text, in arrival order
	Format   string         // export: one of ExportFormats
	Problems []string       // what was refused, in plain words
}

// MessageParam is one parameter of a params message.
type MessageParam struct{ Key, Value string }

// DecodeMessage reads a message's data. ok is false when data is not a
// Flatland message at all (not an object with a string field flatland): those
// are left alone silently, since other scripts use the same channel. Otherwise
// every value is type-checked before it is read, sizes are capped, and what is
// refused is listed in m.Problems.
func DecodeMessage(data JSValue) (m Message, ok bool) {
	if data.Type() != JSObject {
		return Message{}, false
	}
	k := data.Get("flatland")
	if k.Type() != JSString {
		return Message{}, false
	}
	kind := ""
	if k.Len() <= MaxMessageText {
		kind = k.Text()
	}
	if kind == ExportedKind {
		return Message{}, false
	}
	known := false
	for _, x := range MessageKinds {
		known = known || x == kind
	}
	if !known {
		m.Problems = append(m.Problems, fmt.Sprintf("a message of type %q was ignored; the types are %s", clip(kind), strings.Join(MessageKinds, ", ")))
		return m, true
	}
	if kind == "export" {
		return decodeExport(data.Get("format")), true
	}
	if kind != "params" {
		return Message{Kind: kind}, true
	}
	p := data.Get("params")
	if p.Type() != JSObject {
		m.Problems = append(m.Problems, fmt.Sprintf("a params message whose params is %s was ignored; send an object such as {alpha: 0.5}", p.Type().describe()))
		return m, true
	}
	keys := p.OwnKeys()
	if keys.Type() != JSObject {
		m.Problems = append(m.Problems, "a params message whose parameters could not be listed was ignored")
		return m, true
	}
	if n := keys.Len(); n > MaxMessageKeys {
		m.Problems = append(m.Problems, fmt.Sprintf("a params message with %d parameters was ignored; the limit is %d", n, MaxMessageKeys))
		return m, true
	}
	m.Kind = kind
	for i := 0; i < keys.Len(); i++ {
		kv := keys.Index(i)
		if kv.Type() != JSString {
			continue // Object.keys gives strings only
		}
		if n := kv.Len(); n > MaxMessageText {
			m.Problems = append(m.Problems, fmt.Sprintf("a parameter name of %d characters was ignored; the limit is %d", n, MaxMessageText))
			continue
		}
		key := kv.Text()
		spec, known := SpecFor(key)
		if known && !MessageSettable(key) {
			m.Problems = append(m.Problems, pageOnlyProblem(key))
			continue
		}
		v := p.Get(key)
		switch t := v.Type(); t {
		case JSString:
			if n := v.Len(); n > MaxMessageText {
				m.Problems = append(m.Problems, fmt.Sprintf("%s: a text of %d characters was ignored; the limit is %d", clip(key), n, MaxMessageText))
				continue
			}
			m.Params = append(m.Params, MessageParam{key, v.Text()})
		case JSNumber:
			f := v.Number()
			if math.IsNaN(f) || math.IsInf(f, 0) {
				m.Problems = append(m.Problems, fmt.Sprintf("%s=%v is not a finite number; it was ignored", clip(key), f))
				continue
			}
			m.Params = append(m.Params, MessageParam{key, strconv.FormatFloat(f, 'g', -1, 64)})
		case JSBoolean:
			if !known || spec.Kind != Bool {
				m.Problems = append(m.Problems, fmt.Sprintf("%s: a boolean is not a value for it; it was ignored", clip(key)))
				continue
			}
			m.Params = append(m.Params, MessageParam{key, map[bool]string{true: "1", false: "0"}[v.Truth()]})
		default:
			m.Problems = append(m.Problems, fmt.Sprintf("%s: %s is not a parameter value (send a string or a number); it was ignored", clip(key), t.describe()))
		}
	}
	return m, true
}

// decodeExport reads an export message's format.
func decodeExport(f JSValue) Message {
	want := strings.Join(ExportFormats, ", ")
	if f.Type() != JSString {
		return Message{Problems: []string{fmt.Sprintf("an export message whose format is %s was ignored; send one of %s", f.Type().describe(), want)}}
	}
	format := ""
	if f.Len() <= MaxMessageText {
		format = strings.ToLower(f.Text())
	}
	for _, x := range ExportFormats {
		if x == format {
			return Message{Kind: "export", Format: format}
		}
	}
	return Message{Problems: []string{fmt.Sprintf("an export message with format %q was ignored; the formats are %s", clip(format), want)}}
}

// ExportRequests are the formats the batch's export messages ask for, in
// order (ApplyMessages leaves them to the caller: exporting changes no
// settings).
func ExportRequests(batch []Message) []string {
	var out []string
	for _, m := range batch {
		if m.Kind == "export" {
			out = append(out, m.Format)
		}
	}
	return out
}

// Apply sets the message's parameters on st with the same validation as the
// address. A bad value leaves that parameter unchanged and is returned as a
// problem, like an unknown name.
func (m Message) Apply(st *Settings) (problems []string) {
	for _, kv := range m.Params {
		if _, known := SpecFor(kv.Key); known && !MessageSettable(kv.Key) {
			problems = append(problems, pageOnlyProblem(kv.Key))
			continue
		}
		if err := st.Set(kv.Key, kv.Value); err != nil {
			problems = append(problems, err.Error())
		}
	}
	return problems
}

// MessageSender says where a message came from, as the bridge sees it.
type MessageSender struct {
	Self   bool   // event.source is the figure's own window (its own scripts)
	Parent bool   // event.source is window.parent and the figure is framed
	Origin string // event.origin
}

// OriginRule is the origin an embedder declared with origin= in the figure's
// address; the zero value declares none.
type OriginRule struct {
	Declared bool
	Origin   string // serialized like event.origin, e.g. "https://example.org"; "" if the value was invalid
}

// Accept reports whether a message from s is read at all. The figure's own
// scripts are trusted; the embedding parent is trusted when its origin is the
// declared one (if any; an invalid declaration refuses every parent message);
// every other window (siblings, openers, popups, frames inside the figure) is
// refused, and so is everything when the figure is the top-level page, apart
// from its own scripts.
func (r OriginRule) Accept(s MessageSender) bool {
	if s.Self {
		return true
	}
	if !s.Parent {
		return false
	}
	return !r.Declared || (r.Origin != "" && s.Origin == r.Origin)
}

// TakeOrigin removes origin= from a URL query (with or without "?") and returns
// the rest for Parse, the rule it declares, and problems in plain words. A
// declared but invalid origin refuses every message from the parent: the
// embedder asked for a check that cannot be made.
func TakeOrigin(query string) (rest string, rule OriginRule, problems []string) {
	query = strings.TrimPrefix(query, "?")
	var kept []string
	for _, part := range strings.Split(query, "&") {
		k, v, _ := strings.Cut(part, "=")
		key, err := url.QueryUnescape(k)
		if err != nil || key != "origin" {
			if part != "" {
				kept = append(kept, part)
			}
			continue
		}
		val, err := url.QueryUnescape(v)
		o, oerr := ParseOrigin(val)
		switch {
		case err != nil || oerr != nil:
			problems = append(problems, fmt.Sprintf("origin=%q is not an origin such as https://example.org; messages from the host page are ignored", clip(v)))
			o = ""
		case rule.Declared && rule.Origin != o:
			problems = append(problems, "origin= is given twice with different values; messages from the host page are ignored")
			o = ""
		}
		rule = OriginRule{Declared: true, Origin: o}
	}
	return strings.Join(kept, "&"), rule, problems
}

// ParseOrigin checks that raw is an http(s) origin (scheme, host and optional
// port; no path, query, fragment or user) and returns it serialized the way
// browsers write event.origin: lower case, without the scheme's default port.
func ParseOrigin(raw string) (string, error) {
	bad := fmt.Errorf("%q is not an origin such as https://example.org", clip(raw))
	u, err := url.Parse(raw)
	if err != nil || u.Opaque != "" || u.User != nil || u.Host == "" || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || (u.Path != "" && u.Path != "/") {
		return "", bad
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return "", bad
	}
	host := strings.ToLower(u.Hostname())
	if host == "" || strings.ContainsAny(host, " %") {
		return "", bad
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	port := u.Port()
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return "", bad
		}
		port = strconv.Itoa(n)
	}
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}
	if port != "" {
		host += ":" + port
	}
	return scheme + "://" + host, nil
}

// MessageQueue holds decoded messages between the JavaScript event that
// delivers them and the next frame. It keeps at most MaxMessageQueue; when
// full it drops the oldest, so the newest pause/resume and parameters win.
// Safe for concurrent use.
type MessageQueue struct {
	mu      sync.Mutex
	items   []Message
	dropped int
}

// Push adds m, dropping the oldest message if the queue is full.
func (q *MessageQueue) Push(m Message) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) >= MaxMessageQueue {
		n := len(q.items) - MaxMessageQueue + 1
		q.items = append(q.items[:0], q.items[n:]...)
		q.dropped += n
	}
	q.items = append(q.items, m)
}

// Take returns the queued messages, oldest first, and how many were dropped
// since the last Take, and empties the queue.
func (q *MessageQueue) Take() ([]Message, int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	out, dropped := q.items, q.dropped
	q.items, q.dropped = nil, 0
	return out, dropped
}

// ApplyMessages runs one frame's messages against the current settings and
// pause state. It returns the new settings (st itself is a copy), the
// pause state, whether any params message came (the caller then replaces the
// problems it shows), and the problems, deduplicated, in order.
func ApplyMessages(st Settings, paused bool, batch []Message, dropped int) (next Settings, nowPaused, sawParams bool, problems []string) {
	next = st
	nowPaused = paused
	seen := map[string]bool{}
	add := func(ps []string) {
		for _, s := range ps {
			if !seen[s] {
				seen[s] = true
				problems = append(problems, s)
			}
		}
	}
	for _, m := range batch {
		add(m.Problems)
		switch m.Kind {
		case "pause":
			nowPaused = true
		case "resume":
			nowPaused = false
		case "params":
			sawParams = true
			add(m.Apply(&next))
		}
	}
	if dropped > 0 {
		add([]string{fmt.Sprintf("%d messages from the host page came faster than the figure draws and were dropped; the newest %d were read", dropped, MaxMessageQueue)})
	}
	return next, nowPaused, sawParams, problems
}
