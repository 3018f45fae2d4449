package state

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"
)

// fakeJS stands in for a JavaScript value. Its methods panic when called on a
// value of the wrong type, or when Text is called on a string longer than the
// limit, so a test passes only if the decoder checks the type and size before
// it reads a value (JavaScript's String() throws on {toString: 1}).
type fakeJS struct{ v any }

type (
	jsUndefined struct{}
	jsFunction  struct{}
	jsSymbol    struct{}
	jsBigInt    struct{}
	// jsObject keeps its keys in order, as Object.keys does.
	jsObject struct {
		keys []string
		vals map[string]any
	}
)

func obj(kv ...any) jsObject {
	o := jsObject{vals: map[string]any{}}
	for i := 0; i+1 < len(kv); i += 2 {
		k := kv[i].(string)
		o.keys = append(o.keys, k)
		o.vals[k] = kv[i+1]
	}
	return o
}

func (f fakeJS) Type() JSType {
	switch f.v.(type) {
	case jsUndefined:
		return JSUndefined
	case nil:
		return JSNull
	case bool:
		return JSBoolean
	case float64:
		return JSNumber
	case string:
		return JSString
	case jsSymbol:
		return JSSymbol
	case jsObject, []any:
		return JSObject
	case jsFunction:
		return JSFunction
	}
	return JSUnsupported
}

func (f fakeJS) Get(key string) JSValue {
	switch o := f.v.(type) {
	case jsObject:
		if v, ok := o.vals[key]; ok {
			return fakeJS{v}
		}
		return fakeJS{jsUndefined{}}
	case []any:
		return fakeJS{jsUndefined{}}
	}
	panic(fmt.Sprintf("Get(%q) on %T", key, f.v))
}

func (f fakeJS) OwnKeys() JSValue {
	switch o := f.v.(type) {
	case jsObject:
		out := make([]any, len(o.keys))
		for i, k := range o.keys {
			out[i] = k
		}
		return fakeJS{out}
	case []any:
		out := make([]any, len(o))
		for i := range o {
			out[i] = fmt.Sprint(i)
		}
		return fakeJS{out}
	}
	panic(fmt.Sprintf("OwnKeys on %T", f.v))
}

func (f fakeJS) Len() int {
	switch o := f.v.(type) {
	case string:
		return len([]rune(o))
	case []any:
		return len(o)
	}
	panic(fmt.Sprintf("Len on %T", f.v))
}

func (f fakeJS) Index(i int) JSValue { return fakeJS{f.v.([]any)[i]} }

func (f fakeJS) Text() string {
	s := f.v.(string)
	if len([]rune(s)) > MaxMessageText {
		panic(fmt.Sprintf("Text read a string of %d characters", len([]rune(s))))
	}
	return s
}

func (f fakeJS) Number() float64 { return f.v.(float64) }
func (f fakeJS) Truth() bool     { return f.v.(bool) }

func TestDecodeMessage(t *testing.T) {
	huge := strings.Repeat("9", 1_000_000)
	many := obj()
	for i := 0; i < 10_000; i++ {
		many.keys = append(many.keys, fmt.Sprint("k", i))
		many.vals[fmt.Sprint("k", i)] = "1"
	}
	cases := []struct {
		name       string
		data       any
		wantOK     bool
		wantKind   string
		wantParams []MessageParam
		problems   []string // each must appear in some problem, in this order
	}{
		{"not an object", "pause", false, "", nil, nil},
		{"null", nil, false, "", nil, nil},
		{"bigint data", jsBigInt{}, false, "", nil, nil},
		{"no flatland field", obj("type", "pause"), false, "", nil, nil},
		{"flatland not a string", obj("flatland", obj("toString", 1.0)), false, "", nil, nil},
		{"flatland bigint", obj("flatland", jsBigInt{}), false, "", nil, nil},
		{"pause", obj("flatland", "pause"), true, "pause", nil, nil},
		{"resume", obj("flatland", "resume"), true, "resume", nil, nil},
		{"unknown kind", obj("flatland", "reload"), true, "", nil, []string{`"reload" was ignored`}},
		{"huge kind", obj("flatland", huge), true, "", nil, []string{"was ignored"}},
		{"params not an object", obj("flatland", "params", "params", "alpha=0.5"), true, "", nil, []string{"params is a string"}},
		{"params missing", obj("flatland", "params"), true, "", nil, []string{"params is undefined"}},
		{"valid string and number", obj("flatland", "params", "params", obj("alpha", "0.5", "n", 401.0)), true, "params",
			[]MessageParam{{"alpha", "0.5"}, {"n", "401"}}, nil},
		{"toString object", obj("flatland", "params", "params", obj("alpha", obj("toString", 1.0))), true, "params", nil,
			[]string{"alpha: an object is not a parameter value"}},
		{"function, symbol, bigint, null, undefined, array", obj("flatland", "params", "params",
			obj("alpha", jsFunction{}, "n", jsSymbol{}, "seed", jsBigInt{}, "act", nil, "labels", jsUndefined{}, "algo", []any{"sa"})), true, "params", nil,
			[]string{"alpha: a function", "n: a symbol", "seed: a value of an unsupported type", "act: null", "labels: undefined", "algo: an object"}},
		{"NaN and Infinity", obj("flatland", "params", "params", obj("alpha", math.NaN(), "n", math.Inf(1))), true, "params", nil,
			[]string{"alpha=NaN is not a finite number", "n=+Inf is not a finite number"}},
		{"boolean for a number", obj("flatland", "params", "params", obj("alpha", true)), true, "params", nil,
			[]string{"alpha: a boolean is not a value for it"}},
		{"huge string value", obj("flatland", "params", "params", obj("alpha", huge)), true, "params", nil,
			[]string{"alpha: a text of 1000000 characters was ignored; the limit is 100"}},
		{"huge key", obj("flatland", "params", "params", obj(huge, "1")), true, "params", nil,
			[]string{"a parameter name of 1000000 characters was ignored"}},
		{"too many keys", obj("flatland", "params", "params", many), true, "", nil,
			[]string{"a params message with 10000 parameters was ignored; the limit is 32"}},
		{"page-only keys refused, others kept", obj("flatland", "params", "params", obj("controls", "0", "figure", "train", "autoplay", "1", "seed", "7")), true, "params",
			[]MessageParam{{"seed", "7"}}, []string{"controls is set by the page address only", "figure is set by", "autoplay is set by"}},
		{"unknown key passes to validation", obj("flatland", "params", "params", obj("zoom", "3")), true, "params", []MessageParam{{"zoom", "3"}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, ok := DecodeMessage(fakeJS{c.data})
			if ok != c.wantOK || m.Kind != c.wantKind {
				t.Fatalf("ok %v kind %q, want %v %q (problems %q)", ok, m.Kind, c.wantOK, c.wantKind, m.Problems)
			}
			if fmt.Sprint(m.Params) != fmt.Sprint(c.wantParams) {
				t.Errorf("params %v, want %v", m.Params, c.wantParams)
			}
			if len(m.Problems) != len(c.problems) {
				t.Fatalf("problems %q, want %d like %q", m.Problems, len(c.problems), c.problems)
			}
			for i, want := range c.problems {
				if !strings.Contains(m.Problems[i], want) {
					t.Errorf("problem %d = %q, want it to contain %q", i, m.Problems[i], want)
				}
				if len(m.Problems[i]) > 200 {
					t.Errorf("problem %d is %d bytes long; messages must stay short", i, len(m.Problems[i]))
				}
			}
		})
	}
}

func TestMessageApply(t *testing.T) {
	cases := []struct {
		name     string
		params   []MessageParam
		want     map[string]string // Text after Apply
		problems []string
	}{
		{"valid values applied", []MessageParam{{"alpha", "0.5"}, {"act", "relu"}, {"n", "2001"}, {"algo", "fbp"}},
			map[string]string{"alpha": "0.5", "act": "relu", "n": "2001", "algo": "fbp"}, nil},
		{"out of range and bad text refused, valid kept", []MessageParam{{"alpha", "7"}, {"n", "many"}, {"seed", "9"}},
			map[string]string{"alpha": "0.4", "n": "301", "seed": "9"}, []string{"alpha=7 is outside", `n="many" is not a whole number`}},
		{"unknown key reported", []MessageParam{{"zoom", "3"}}, nil, []string{`unknown parameter "zoom"`}},
		{"page-only key refused even if built by hand", []MessageParam{{"controls", "0"}, {"figure", "train"}},
			map[string]string{"controls": "1", "figure": "diagram"}, []string{"controls is set by the page address only", "figure is set by"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := Defaults()
			problems := Message{Kind: "params", Params: c.params}.Apply(&p)
			for k, v := range c.want {
				if got := p.Text(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if len(problems) != len(c.problems) {
				t.Fatalf("problems %q, want %q", problems, c.problems)
			}
			for i, want := range c.problems {
				if !strings.Contains(problems[i], want) {
					t.Errorf("problem %q, want it to contain %q", problems[i], want)
				}
			}
		})
	}
}

func TestOriginRuleAccept(t *testing.T) {
	none := OriginRule{}
	declared := OriginRule{Declared: true, Origin: "https://host.example"}
	invalid := OriginRule{Declared: true}
	cases := []struct {
		name   string
		rule   OriginRule
		sender MessageSender
		want   bool
	}{
		{"own scripts", none, MessageSender{Self: true, Origin: "https://figures.example"}, true},
		{"own scripts, origin declared", declared, MessageSender{Self: true, Origin: "https://figures.example"}, true},
		{"own scripts, invalid declaration", invalid, MessageSender{Self: true}, true},
		{"parent, nothing declared", none, MessageSender{Parent: true, Origin: "https://any.example"}, true},
		{"parent from the declared origin", declared, MessageSender{Parent: true, Origin: "https://host.example"}, true},
		{"parent from another origin", declared, MessageSender{Parent: true, Origin: "https://evil.example"}, false},
		{"parent with an opaque origin", declared, MessageSender{Parent: true, Origin: "null"}, false},
		{"parent, invalid declaration", invalid, MessageSender{Parent: true, Origin: ""}, false},
		{"another window (sibling, opener, popup)", none, MessageSender{Origin: "https://host.example"}, false},
		{"another window from the declared origin", declared, MessageSender{Origin: "https://host.example"}, false},
	}
	for _, c := range cases {
		if got := c.rule.Accept(c.sender); got != c.want {
			t.Errorf("%s: Accept = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestTakeOrigin(t *testing.T) {
	cases := []struct {
		query    string
		rest     string
		rule     OriginRule
		problems int
	}{
		{"", "", OriginRule{}, 0},
		{"?alpha=0.5&n=401", "alpha=0.5&n=401", OriginRule{}, 0},
		{"?alpha=0.5&origin=https%3A%2F%2FHost.Example%3A443&n=401", "alpha=0.5&n=401", OriginRule{true, "https://host.example"}, 0},
		{"origin=http://127.0.0.1:8080", "", OriginRule{true, "http://127.0.0.1:8080"}, 0},
		{"origin=http://127.0.0.1:80/", "", OriginRule{true, "http://127.0.0.1"}, 0},
		{"origin=http://[::1]:9000", "", OriginRule{true, "http://[::1]:9000"}, 0},
		{"origin=https://host.example/path&seed=2", "seed=2", OriginRule{true, ""}, 1},
		{"origin=*", "", OriginRule{true, ""}, 1},
		{"origin=null", "", OriginRule{true, ""}, 1},
		{"origin=javascript:alert(1)", "", OriginRule{true, ""}, 1},
		{"origin=https://user@host.example", "", OriginRule{true, ""}, 1},
		{"origin=https://host.example?x", "", OriginRule{true, ""}, 1},
		{"origin=https://host.example:99999", "", OriginRule{true, ""}, 1},
		{"origin=%zz", "", OriginRule{true, ""}, 1},
		{"origin=https://a.example&origin=https://b.example", "", OriginRule{true, ""}, 1},
		{"origin=https://a.example&origin=https://a.example", "", OriginRule{true, "https://a.example"}, 0},
		{"alpha=%zz&origin=https://a.example", "alpha=%zz", OriginRule{true, "https://a.example"}, 0},
	}
	for _, c := range cases {
		rest, rule, problems := TakeOrigin(c.query)
		if rest != c.rest || rule != c.rule || len(problems) != c.problems {
			t.Errorf("TakeOrigin(%q) = %q, %+v, %q; want %q, %+v, %d problems", c.query, rest, rule, problems, c.rest, c.rule, c.problems)
		}
		for _, p := range problems {
			if !strings.Contains(p, "messages from the host page are ignored") {
				t.Errorf("TakeOrigin(%q): problem %q does not say what happens", c.query, p)
			}
		}
	}
	// The rest parses without an "unknown parameter origin" message.
	rest, _, _ := TakeOrigin("?origin=https://a.example&alpha=0.5")
	if _, msgs := Parse(nil, rest); len(msgs) != 0 {
		t.Errorf("Parse of the rest: %q", msgs)
	}
}

func TestMessageQueueKeepsNewest(t *testing.T) {
	var q MessageQueue
	for _, n := range []int{1, MaxMessageQueue, 10_000} {
		for i := 0; i < n; i++ {
			q.Push(Message{Kind: "params", Params: []MessageParam{{"seed", fmt.Sprint(i)}}})
		}
		got, dropped := q.Take()
		kept := min(n, MaxMessageQueue)
		if len(got) != kept || dropped != n-kept {
			t.Fatalf("pushed %d: kept %d, dropped %d; want %d and %d", n, len(got), dropped, kept, n-kept)
		}
		if last := got[len(got)-1].Params[0].Value; last != fmt.Sprint(n-1) {
			t.Errorf("pushed %d: newest kept is seed %s, want %d", n, last, n-1)
		}
		if first := got[0].Params[0].Value; first != fmt.Sprint(n-kept) {
			t.Errorf("pushed %d: oldest kept is seed %s, want %d", n, first, n-kept)
		}
		if again, d := q.Take(); len(again) != 0 || d != 0 {
			t.Errorf("second Take: %d messages, %d dropped; want an empty queue", len(again), d)
		}
	}
}

func TestApplyMessages(t *testing.T) {
	base := Defaults()
	bad := Message{Kind: "params", Problems: []string{"alpha: an object is not a parameter value"}}
	batch := []Message{
		{Kind: "pause"},
		{Kind: "params", Params: []MessageParam{{"alpha", "0.7"}}},
		bad, bad,
		{Kind: "params", Params: []MessageParam{{"n", "5"}}},
		{Kind: "resume"}, {Kind: "pause"},
	}
	next, paused, sawParams, problems := ApplyMessages(base, false, batch, 3)
	if !paused || !sawParams {
		t.Errorf("paused %v sawParams %v, want true true (the last of pause/resume wins)", paused, sawParams)
	}
	if next.Text("alpha") != "0.7" || next.Text("n") != "301" {
		t.Errorf("alpha %s n %s, want 0.7 and the unchanged 301", next.Text("alpha"), next.Text("n"))
	}
	if base.Text("alpha") != "0.4" {
		t.Errorf("ApplyMessages modified its input: alpha %s", base.Text("alpha"))
	}
	want := []string{"alpha: an object", "n=5 is outside", "3 messages from the host page came faster"}
	if len(problems) != len(want) {
		t.Fatalf("problems %q, want %d (duplicates merged)", problems, len(want))
	}
	for i, w := range want {
		if !strings.Contains(problems[i], w) {
			t.Errorf("problem %q, want it to contain %q", problems[i], w)
		}
	}
	_, _, sawParams, problems = ApplyMessages(base, true, []Message{{Kind: "resume"}}, 0)
	if sawParams || len(problems) != 0 {
		t.Errorf("resume alone: sawParams %v problems %q, want false and none", sawParams, problems)
	}
}

// Any JSON-shaped message decodes and applies without a panic; only well-typed,
// short values of settable parameters get through.
func FuzzDecodeMessage(f *testing.F) {
	for _, s := range []string{
		`{"flatland":"params","params":{"alpha":{"toString":1}}}`,
		`{"flatland":"params","params":{"alpha":0.5,"n":"401","controls":"0"}}`,
		`{"flatland":"pause"}`, `[1,2]`, `{"flatland":"params","params":[1,{"a":null}]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var v any
		if json.Unmarshal([]byte(s), &v) != nil {
			return
		}
		m, _ := DecodeMessage(fakeJS{fromJSON(v)})
		for _, kv := range m.Params {
			if !MessageSettable(kv.Key) {
				if _, known := SpecFor(kv.Key); known {
					t.Fatalf("page-only %q got through", kv.Key)
				}
			}
			if len([]rune(kv.Value)) > MaxMessageText {
				t.Fatalf("value of %d characters got through", len(kv.Value))
			}
		}
		p := Defaults()
		m.Apply(&p)
		if p.Figure != "diagram" || p.Text("controls") != "1" || p.Text("autoplay") != "0" {
			t.Fatalf("page-only parameters changed: %v", p.Map())
		}
	})
}

// fromJSON turns decoded JSON into fake JS values (objects with sorted keys).
func fromJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		o := jsObject{keys: keys, vals: map[string]any{}}
		for _, k := range keys {
			o.vals[k] = fromJSON(x[k])
		}
		return o
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = fromJSON(x[i])
		}
		return out
	}
	return v
}
