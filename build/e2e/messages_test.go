//go:build e2e

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"flatland/build/browser"
	"flatland/wasm/state"
)

// The message API under attack. A same-origin host page (the embed guide, emptied) frames the entropy
// figure (declaring the host's origin with origin=) next to a sibling frame, and opens a popup. The parent
// sends hostile payloads one by one, then a burst of 10,000 messages; the sibling and the popup send
// messages that would change parameters or pause. The figure must keep drawing, never fail, keep its
// parameters, report the refused values, and still obey a legitimate message from its parent. A second
// figure declares another origin and must refuse its parent.
func TestHostileMessages(t *testing.T) {
	tab := open(t, 1000, 720)
	navigate(t, tab, "/embed.html")
	const fig = "#fig"
	setup := fmt.Sprintf(`(function(){
		document.body.textContent = "";
		var f = document.createElement("iframe");
		f.id = "fig"; f.src = "figures/entropy.html?origin=" + encodeURIComponent(%q);
		f.style.cssText = "position:fixed; left:0; top:0; width:900px; height:560px; border:0";
		var s = document.createElement("iframe");
		s.id = "sibling"; s.src = "embed.html?sibling";
		s.style.cssText = "position:fixed; left:0; top:600px; width:300px; height:80px; border:0";
		document.body.appendChild(f); document.body.appendChild(s);
		return true})()`, site.URL)
	if _, err := browser.Eval[bool](tab, setup); err != nil {
		t.Fatal(err)
	}
	figWin := `document.getElementById("fig").contentWindow`
	if err := tab.WaitTrue(figWin+`.flatland && `+figWin+`.flatland.ready && `+figWin+`.flatland.frames >= 1`, readyTimeout(),
		`JSON.stringify(`+figWin+`.flatland)`); err != nil {
		t.Fatal(err)
	}
	progress(t, "figure running in the host page")
	before, err := browser.ReadState(tab, fig)
	if err != nil {
		t.Fatal(err)
	}
	if before.Error != "" {
		t.Errorf("figure starts with error %q; origin= must be read, not reported as unknown", before.Error)
	}
	search0, err := browser.Eval[string](tab, figWin+`.location.search`)
	if err != nil {
		t.Fatal(err)
	}

	// counts reads window.flatland.messages of the figure.
	type counts struct{ Received, Refused, Read, Dropped, Failed int }
	readCounts := func() counts {
		t.Helper()
		c, err := browser.Eval[counts](tab, `JSON.parse(JSON.stringify(`+figWin+`.flatland.messages || {}))`)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// settle waits until the figure has received n more messages and drawn 3 more frames (every
	// frame first reads the queue), then checks it is alive and did not fail.
	settle := func(what string, c0 counts, n int) browser.State {
		t.Helper()
		st0, err := browser.ReadState(tab, fig)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		expr := fmt.Sprintf(`(function(){var f=%s.flatland; return f.messages && f.messages.received >= %d && f.frames >= %d})()`,
			figWin, c0.Received+n, st0.Frames+3)
		if err := tab.WaitTrue(expr, 30*time.Second, `JSON.stringify(`+figWin+`.flatland)`); err != nil {
			t.Fatalf("%s: the figure stopped: %v", what, err)
		}
		st, err := browser.ReadState(tab, fig)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if c := readCounts(); c.Failed != 0 {
			t.Errorf("%s: %d messages failed inside the program", what, c.Failed)
		}
		return st
	}
	// unchanged checks that no parameter moved away from want.
	unchanged := func(what string, st browser.State, want browser.State) {
		t.Helper()
		for _, s := range state.Specs {
			if fmt.Sprint(st.Params[s.Key]) != fmt.Sprint(want.Params[s.Key]) {
				t.Errorf("%s: %s changed from %v to %v", what, s.Key, want.Params[s.Key], st.Params[s.Key])
			}
		}
		if st.Paused != nil && *st.Paused {
			t.Errorf("%s: the figure is paused", what)
		}
	}
	post := func(payload string) string {
		t.Helper()
		res, err := browser.Eval[string](tab, fmt.Sprintf(`(function(){try{%s.postMessage(%s, "*"); return "sent"}catch(e){return e.name}})()`, figWin, payload))
		if err != nil {
			t.Fatal(err)
		}
		return res
	}

	hostile := []struct {
		name    string
		payload string // JS expression of the message
		problem string // expected in flatland.error; "" when the message is not a Flatland message
		unsent  bool   // the browser refuses to send it (DataCloneError)
	}{
		{"toString object", `{flatland: "params", params: {alpha: {toString: 1}}}`, "alpha: an object is not a parameter value", false},
		{"toString and valueOf", `{flatland: "params", params: {alpha: {toString: 1, valueOf: 1}, "alpha-d": [1, 2]}}`, "alpha-d: an object", false},
		{"BigInt value", `{flatland: "params", params: {alpha: 10n}}`, "alpha: a value of an unsupported type", false},
		{"BigInt kind", `{flatland: 1n}`, "", false},
		{"BigInt data", `1n`, "", false},
		{"object kind", `{flatland: {toString: 1}}`, "", false},
		{"Date, Map, null", `{flatland: "params", params: {alpha: new Date(), n: new Map(), seed: null}}`, "seed: null is not a parameter value", false},
		{"NaN and Infinity", `{flatland: "params", params: {alpha: NaN, n: Infinity}}`, "n=+Inf is not a finite number", false},
		{"boolean for a number", `{flatland: "params", params: {alpha: true}}`, "alpha: a boolean", false},
		{"huge string", `{flatland: "params", params: {alpha: "9".repeat(1000000)}}`, "alpha: a text of 1000000 characters was ignored", false},
		{"huge name", `{flatland: "params", params: {["k".repeat(100000)]: "1"}}`, "a parameter name of 100000 characters", false},
		{"10,000 keys", `{flatland: "params", params: Object.fromEntries(Array.from({length: 10000}, function(_, i){return ["k"+i, i]}))}`, "with 10000 parameters was ignored", false},
		{"huge kind", `{flatland: "x".repeat(1000000)}`, "was ignored; the types are", false},
		{"params not an object", `{flatland: "params", params: "alpha=2"}`, "params is a string", false},
		{"page-only keys", `{flatland: "params", params: {controls: "0", figure: "train", autoplay: 1}}`, "controls is set by the page address only", false},
		{"out of range", `{flatland: "params", params: {alpha: "7", n: "many"}}`, "alpha=7 is outside the valid range", false},
		{"unknown key", `{flatland: "params", params: {zoom: "3"}}`, `unknown parameter "zoom"`, false},
		{"function", `{flatland: "params", params: {alpha: function(){ return 1 }}}`, "", true},
		{"symbol", `{flatland: "params", params: {alpha: Symbol("x")}}`, "", true},
	}
	for _, h := range hostile {
		c0 := readCounts()
		res := post(h.payload)
		if h.unsent {
			if res != "DataCloneError" {
				t.Errorf("%s: postMessage gave %q, want the browser's DataCloneError", h.name, res)
			}
			continue
		}
		if res != "sent" {
			t.Fatalf("%s: postMessage threw %s", h.name, res)
		}
		st := settle(h.name, c0, 1)
		unchanged(h.name, st, before)
		if h.problem != "" && !strings.Contains(st.Error, h.problem) {
			t.Errorf("%s: flatland.error = %q, want it to say %q", h.name, st.Error, h.problem)
		}
		for _, word := range []string{"panic", "goroutine", "syscall/js", "TypeError"} {
			if strings.Contains(st.Error, word) {
				t.Errorf("%s: flatland.error %q is not plain language (%q)", h.name, st.Error, word)
			}
		}
	}
	progress(t, "%d hostile messages survived", len(hostile))

	// A burst of 10,000 messages from the parent, half hostile, half valid seeds: the queue keeps the
	// newest, so the last seed wins, and no frame reads more than the queue's capacity.
	const burst = 10000
	c0 := readCounts()
	f0, err := browser.ReadState(tab, fig)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := browser.Eval[bool](tab, fmt.Sprintf(`(function(){var w=%s; for (var i = 0; i < %d; i++) {
		w.postMessage(i %% 2 ? {flatland: "params", params: {seed: String(i %% 997 + 1)}} : {flatland: "params", params: {alpha: {toString: 1}}}, "*")
	} return true})()`, figWin, burst)); err != nil {
		t.Fatal(err)
	}
	st := settle("burst", c0, burst)
	c1 := readCounts()
	wantSeed := fmt.Sprint((burst-1)%997 + 1)
	if !sameValue(st.Params["seed"], wantSeed) {
		t.Errorf("after the burst seed = %v, want the last message's %s", st.Params["seed"], wantSeed)
	}
	before.Params["seed"] = st.Params["seed"]
	unchanged("burst", st, before)
	read := (c1.Read - c0.Read) + (c1.Dropped - c0.Dropped)
	if read != burst {
		t.Errorf("burst: %d read + %d dropped = %d, want every one of the %d messages accounted for", c1.Read-c0.Read, c1.Dropped-c0.Dropped, read, burst)
	}
	if frames := int(st.Frames - f0.Frames); c1.Read-c0.Read > state.MaxMessageQueue*frames {
		t.Errorf("burst: %d messages read in %d frames, more than %d per frame", c1.Read-c0.Read, frames, state.MaxMessageQueue)
	}
	progress(t, "burst of %d: %d read, %d dropped over %d frames", burst, c1.Read-c0.Read, c1.Dropped-c0.Dropped, st.Frames-f0.Frames)
	waitFramesAdvance(t, tab, fig)

	// Windows other than the parent: a sibling frame and a popup (same origin, so only the source check
	// can refuse them).
	c0 = readCounts()
	err = tab.PostFromFrame("embed.html?sibling", `parent.frames[0].postMessage({flatland: "params", params: {alpha: "0.77"}}, "*");
		parent.frames[0].postMessage({flatland: "pause"}, "*")`)
	if err != nil {
		t.Fatal(err)
	}
	st = settle("sibling", c0, 2)
	unchanged("sibling", st, before)
	if c := readCounts(); c.Refused-c0.Refused != 2 {
		t.Errorf("sibling: %d messages refused, want 2", c.Refused-c0.Refused)
	}
	c0 = readCounts()
	postFromPopup(t, tab, `opener.frames[0].postMessage({flatland: "params", params: {alpha: "0.77", n: "2001"}}, "*");
		opener.frames[0].postMessage({flatland: "pause"}, "*"); true`)
	st = settle("popup", c0, 2)
	unchanged("popup", st, before)
	if c := readCounts(); c.Refused-c0.Refused != 2 {
		t.Errorf("popup: %d messages refused, want 2", c.Refused-c0.Refused)
	}
	progress(t, "sibling and popup refused")
	if png, err := chromedp.Run(tab.Ctx, chromedp.Screenshot(chromedp.CSS(fig))); err != nil {
		t.Errorf("screenshot: %v", err)
	} else {
		save(t, "messages-after-hostile", png)
		ink, err := browser.MeasureInk(png)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("after the hostile messages: %s", ink)
		if ink.Fraction < 0.02 || ink.Colors < 8 || ink.Luminance < 0.1 {
			t.Errorf("the figure looks blank after the hostile messages: %s", ink)
		}
	}

	// The parent's legitimate messages still work: parameters, pause, resume; the frame's address is left alone.
	c0 = readCounts()
	post(`{flatland: "params", params: {alpha: 0.61, "alpha-d": "2"}}`)
	if err := tab.WaitTrue(fmt.Sprintf(`(function(){var p=%s.flatland.params; return Math.abs(Number(p.alpha)-0.61) < 1e-9 && Math.abs(Number(p["alpha-d"])-2) < 1e-9})()`, figWin),
		20*time.Second, `JSON.stringify(`+figWin+`.flatland.params)`); err != nil {
		t.Errorf("a valid message from the parent was not applied: %v", err)
	}
	st = settle("valid", c0, 1)
	if st.Error != "" {
		t.Errorf("after a valid message flatland.error = %q, want it cleared", st.Error)
	}
	post(`{flatland: "pause"}`)
	if err := tab.WaitTrue(figWin+`.flatland.paused === true`, 10*time.Second, ""); err != nil {
		t.Errorf("pause from the parent: %v", err)
	}
	post(`{flatland: "resume"}`)
	if err := tab.WaitTrue(figWin+`.flatland.paused === false`, 10*time.Second, ""); err != nil {
		t.Errorf("resume from the parent: %v", err)
	}
	time.Sleep(400 * time.Millisecond) // past the program's address-rewrite interval
	if search, err := browser.Eval[string](tab, figWin+`.location.search`); err != nil || search != search0 {
		t.Errorf("the framed figure rewrote its address from %q to %q (err %v)", search0, search, err)
	}
	waitFramesAdvance(t, tab, fig)

	// A figure that declares another origin refuses even its parent.
	if _, err := browser.Eval[bool](tab, `(function(){
		document.getElementById("fig").remove();
		var f = document.createElement("iframe");
		f.id = "fig2"; f.src = "figures/entropy.html?origin=https%3A%2F%2Fhost.example";
		f.style.cssText = "position:fixed; left:0; top:0; width:600px; height:400px; border:0";
		document.body.insertBefore(f, document.body.firstChild);
		return true})()`); err != nil {
		t.Fatal(err)
	}
	fig2 := `document.getElementById("fig2").contentWindow`
	if err := tab.WaitTrue(fig2+`.flatland && `+fig2+`.flatland.ready && `+fig2+`.flatland.frames >= 1`, readyTimeout(), ""); err != nil {
		t.Fatal(err)
	}
	b2, err := browser.ReadState(tab, "#fig2")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := browser.Eval[bool](tab, fig2+`.postMessage({flatland: "params", params: {alpha: "0.77"}}, "*"), true`); err != nil {
		t.Fatal(err)
	}
	if err := tab.WaitTrue(fmt.Sprintf(`%s.flatland.messages.refused >= 1 && %s.flatland.frames >= %d`, fig2, fig2, b2.Frames+3), 20*time.Second,
		`JSON.stringify(`+fig2+`.flatland.messages)`); err != nil {
		t.Errorf("origin=https://host.example: the parent's message from %s was not refused: %v", site.URL, err)
	}
	if st2, err := browser.ReadState(tab, "#fig2"); err != nil || fmt.Sprint(st2.Params["alpha"]) != fmt.Sprint(b2.Params["alpha"]) {
		t.Errorf("origin=https://host.example: alpha changed to %v by a parent of another origin (err %v)", st2.Params["alpha"], err)
	}
}

// postFromPopup opens a same-origin popup from the tab and runs script in it, so that a message it
// posts has the popup as its source.
func postFromPopup(t *testing.T, tab *browser.Tab, script string) {
	t.Helper()
	ch := chromedp.WaitNewTarget(tab.Ctx, func(info *target.Info) bool { return strings.Contains(info.URL, "popup") })
	gesture := func(p *runtime.EvaluateParams) { yes := true; p.UserGesture = &yes }
	if _, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[bool](`window.open("embed.html?popup", "popup", "width=300,height=200"), true`, gesture)); err != nil {
		t.Fatal(err)
	}
	var id target.ID
	select {
	case id = <-ch:
	case <-time.After(20 * time.Second):
		t.Fatal("the popup did not open")
	}
	ctx, cancel := chromedp.NewContext(tab.Ctx, chromedp.WithTargetID(id))
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		ready, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.readyState === "complete" && !!window.opener`))
		if err == nil && ready {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("popup not ready: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](script)); err != nil {
		t.Fatalf("script in the popup: %v", err)
	}
	if err := chromedp.Cancel(ctx); err != nil {
		t.Logf("closing the popup: %v", err)
	}
}
