//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"flatland/build/browser"
	"flatland/build/sitegen"
)

// lessonStep is what one step of ?lesson=transitions must set: the figure it shows and the
// parameters that figure must hold (read from its window.flatland).
type lessonStep struct {
	figure   string
	params   map[string]string
	autoplay bool
}

// Every step also sets the shared base: alpha-d 1, sign features, teacher labels, rsgd, N = 301, seed 1.
var lessonBase = map[string]string{"alpha-d": "1", "act": "sign", "labels": "teacher", "algo": "rsgd", "n": "301", "seed": "1"}

var lessonSteps = []lessonStep{
	{figure: "diagram", params: map[string]string{"alpha": "0.4", "simalgo": "cpr"}},
	{figure: "diagram", params: map[string]string{"alpha": "0.4", "simalgo": "cpr"}},
	{figure: "diagram", params: map[string]string{"alpha": "0.88", "simalgo": "cpr"}},
	{figure: "train", params: map[string]string{"alpha": "0.88"}, autoplay: true},
	{figure: "entropy", params: map[string]string{"alpha": "0.6"}},
	{figure: "entropy", params: map[string]string{"alpha": "0.88"}},
	{figure: "landscape", params: map[string]string{"alpha": "0.4"}},
	{figure: "generalization", params: map[string]string{"alpha": "0.4"}},
}

// The guided lesson steps through the two transitions: buttons and arrow keys move between steps,
// each step's parameters reach its figure, the address names the step, a step= link opens that
// step, arrow keys typed into a form field are left alone, and the reader can leave the lesson.
func TestLesson(t *testing.T) {
	tab := open(t, 1280, 900)
	navigate(t, tab, "/?lesson=transitions")
	for i := range lessonSteps {
		step := i + 1
		if i > 0 {
			// Next alternates between the button and the right arrow key.
			if i%2 == 1 {
				lessonClick(t, tab, `#lesson [data-lesson="next"]`)
			} else {
				lessonKey(t, tab, kb.ArrowRight)
			}
		}
		checkLessonStep(t, tab, step)
		waitLessonFigure(t, tab, step)
		png, err := tab.ScreenshotPage()
		if err != nil {
			t.Errorf("step %d screenshot: %v", step, err)
		} else {
			save(t, fmt.Sprintf("lesson-step-%d", step), png)
		}
	}
	// Past the last step nothing happens; Back (key, then button) goes back.
	lessonKey(t, tab, kb.ArrowRight)
	waitLessonStep(t, tab, len(lessonSteps))
	lessonKey(t, tab, kb.ArrowLeft)
	waitLessonStep(t, tab, len(lessonSteps)-1)
	lessonClick(t, tab, `#lesson [data-lesson="back"]`)
	checkLessonStep(t, tab, len(lessonSteps)-2)

	// Arrow keys in a form field edit the field, not the lesson.
	if _, err := browser.Eval[bool](tab, `(function(){var i=document.createElement("input"); i.id="lesson-test-field"; i.value="ab";
		document.querySelector("main").prepend(i); i.focus(); return document.activeElement === i})()`); err != nil {
		t.Fatal(err)
	}
	lessonKey(t, tab, kb.ArrowLeft)
	time.Sleep(300 * time.Millisecond)
	if got, _ := browser.Eval[string](tab, `document.getElementById("lesson").dataset.step`); got != fmt.Sprint(len(lessonSteps)-2) {
		t.Errorf("an arrow key typed in a form field moved the lesson to step %s", got)
	}
	browser.Eval[bool](tab, `document.getElementById("lesson-test-field").remove(), true`)

	// Leaving removes the panel and lesson=/step= from the address; the figures keep their state.
	lessonClick(t, tab, `#lesson [data-lesson="leave"]`)
	if err := tab.WaitTrue(`!document.getElementById("lesson")`, 5*time.Second, ""); err != nil {
		t.Errorf("leave: %v", err)
	}
	search, _ := browser.Eval[string](tab, `location.search`)
	last := lessonSteps[len(lessonSteps)-3].params["alpha"]
	if q, _ := url.ParseQuery(strings.TrimPrefix(search, "?")); q.Has("lesson") || q.Has("step") || q.Get("alpha") != last {
		t.Errorf("after leaving the address is %q, want no lesson= or step= and the last step's alpha=%s", search, last)
	}

	// The navigation offers the lesson.
	if href, _ := browser.Eval[string](tab, `(document.querySelector("nav a[data-lesson-link]")||{getAttribute:function(){return ""}}).getAttribute("href")`); href != "?lesson=transitions" {
		t.Errorf("the explorer's navigation links the lesson as %q, want ?lesson=transitions", href)
	}

	// A link to a step opens that step; a bad step= opens the first.
	for _, c := range []struct {
		query string
		step  int
	}{
		{"step=4", 4},
		{"step=6", 6},
		{"step=99", 1},
		{"step=x", 1},
	} {
		navigate(t, tab, "/?lesson=transitions&"+c.query)
		checkLessonStep(t, tab, c.step)
	}

	// An unknown lesson says which ones exist instead of failing silently.
	navigate(t, tab, "/?lesson=nope")
	if err := tab.WaitTrue(`(function(){var a=document.querySelector('[role="alert"]'); return a && a.textContent.indexOf("?lesson=transitions") >= 0})()`,
		10*time.Second, `document.querySelector("main").firstElementChild.outerHTML`); err != nil {
		t.Errorf("unknown lesson: %v", err)
	}
}

func lessonClick(t *testing.T, tab *browser.Tab, sel string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab.Ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
}

// lessonKey types a key into the top-level page (as a reader would, with the page focused).
func lessonKey(t *testing.T, tab *browser.Tab, key string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab.Ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.KeyEvent(key)); err != nil {
		t.Fatalf("key %q: %v", key, err)
	}
}

func waitLessonStep(t *testing.T, tab *browser.Tab, step int) {
	t.Helper()
	if err := tab.WaitTrue(fmt.Sprintf(`(function(){var p=document.getElementById("lesson"); return p && p.dataset.step === "%d"})()`, step),
		20*time.Second, `(document.getElementById("lesson")||{dataset:{}}).dataset.step`); err != nil {
		t.Fatalf("lesson step: %v", err)
	}
}

// checkLessonStep checks the panel, the address, the scrolled figure and that the step's
// parameters reached that figure's program.
func checkLessonStep(t *testing.T, tab *browser.Tab, step int) {
	t.Helper()
	waitLessonStep(t, tab, step)
	want := lessonSteps[step-1]
	progress(t, "lesson step %d: %s", step, want.figure)
	counter, _ := browser.Eval[string](tab, `document.querySelector("#lesson .lesson-count").textContent`)
	if counter != fmt.Sprintf("step %d of %d", step, len(lessonSteps)) {
		t.Errorf("step %d: counter %q", step, counter)
	}
	texts, _ := browser.Eval[[]string](tab, `["lesson-title","lesson-caption","lesson-question"].map(function(c){return document.querySelector("#lesson ."+c).textContent})`)
	for i, s := range texts {
		if len(strings.TrimSpace(s)) < 10 {
			t.Errorf("step %d: text %d is %q", step, i, s)
		}
	}
	search, _ := browser.Eval[string](tab, `location.search`)
	q, _ := url.ParseQuery(strings.TrimPrefix(search, "?"))
	if q.Get("lesson") != "transitions" || q.Get("step") != fmt.Sprint(step) {
		t.Errorf("step %d: address %q, want lesson=transitions&step=%d", step, search, step)
	}
	frame := fmt.Sprintf(`iframe[data-figure=%q]`, want.figure)
	// The figure is scrolled into view (its top inside the window).
	if err := tab.WaitTrue(fmt.Sprintf(`(function(){var r=document.querySelector(%q).getBoundingClientRect(); return r.top >= -2 && r.top < innerHeight/2})()`, frame),
		10*time.Second, fmt.Sprintf(`document.querySelector(%q).getBoundingClientRect().top`, frame)); err != nil {
		t.Errorf("step %d: %s not scrolled into view: %v", step, want.figure, err)
	}
	params := map[string]string{}
	for k, v := range lessonBase {
		params[k] = v
	}
	for k, v := range want.params {
		params[k] = v
	}
	wantJSON, _ := json.Marshal(params)
	match := fmt.Sprintf(`(function(){var w=%s; var f=document.querySelector(%q).contentWindow.flatland; if(!f||!f.ready||f.frames<1) return false;
		return Object.keys(w).every(function(k){var g=f.params[k]; return String(g)===w[k] || (isFinite(Number(g)) && Number(g)===Number(w[k]))})})()`, wantJSON, frame)
	if err := tab.WaitTrue(match, readyTimeout(), fmt.Sprintf(`JSON.stringify((document.querySelector(%q).contentWindow.flatland||{}).params)`, frame)); err != nil {
		t.Errorf("step %d: the %s figure did not take the step's parameters %s: %v", step, want.figure, wantJSON, err)
		return
	}
	st, err := browser.ReadState(tab, frame)
	if err != nil {
		t.Fatal(err)
	}
	if st.Error != "" {
		t.Errorf("step %d: the %s figure reports %q", step, want.figure, st.Error)
	}
	commands, _ := browser.Eval[[]string](tab, fmt.Sprintf(`document.querySelector(%q).contentWindow.flatland.commands || []`, frame))
	t.Logf("step %d: %s reproduces with: %s", step, want.figure, strings.Join(commands, " ; "))
	if want.autoplay {
		if !sameValue(st.Params["autoplay"], "1") {
			t.Errorf("step %d: %s autoplay = %v, want 1", step, want.figure, st.Params["autoplay"])
		}
		// Playing: training computes without anyone pressing play (a state, not a speed: busy
		// machines draw few frames a second).
		playing := fmt.Sprintf(`(function(){var f=document.querySelector(%q).contentWindow.flatland; return f.playing === true || f.done === true})()`, frame)
		describe := fmt.Sprintf(`(function(){var fr=document.querySelector(%q), f=fr.contentWindow.flatland;
			return JSON.stringify({epoch: f.epoch, playing: f.playing, done: f.done, paused: f.paused, fps: f.fps, progress: f.progress, data: fr.dataset})})()`, frame)
		if err := tab.WaitTrue(playing, readyTimeout(), describe); err != nil {
			t.Errorf("step %d: training does not play by itself: %v", step, err)
		}
	}
}

// waitLessonFigure lets the step's figure finish before its screenshot (the diagram's simulations may
// take longer: then the screenshot shows them as they come in); a training that plays gets a few epochs.
func waitLessonFigure(t *testing.T, tab *browser.Tab, step int) {
	t.Helper()
	want := lessonSteps[step-1]
	if want.autoplay {
		time.Sleep(1500 * time.Millisecond)
		return
	}
	frame := fmt.Sprintf(`iframe[data-figure=%q]`, want.figure)
	done := fmt.Sprintf(`document.querySelector(%q).contentWindow.flatland.progress >= 1`, frame)
	if err := tab.WaitTrue(done, 60*time.Second, fmt.Sprintf(`document.querySelector(%q).contentWindow.flatland.progress`, frame)); err != nil {
		t.Logf("step %d: screenshot before the %s figure finished: %v", step, want.figure, err)
	}
	time.Sleep(500 * time.Millisecond)
}

// The single file (flatland.html, opened from the disk) runs the same lesson: a step= link opens
// that step, the arrow key and the Back button move, and the parameters reach the figure frames.
func TestLessonSingleFile(t *testing.T) {
	page := singleFile(t, sitegen.ExplorerFile)
	tab := openOffline(t, page, 1280, 900, true)
	if err := tab.Navigate((&url.URL{Scheme: "file", Path: page, RawQuery: "lesson=transitions&step=3"}).String(), 60*time.Second); err != nil {
		t.Fatal(err)
	}
	checkLessonStep(t, tab, 3)
	lessonKey(t, tab, kb.ArrowRight)
	checkLessonStep(t, tab, 4)
	if png, err := tab.ScreenshotPage(); err == nil {
		save(t, "lesson-single-step-4", png)
	}
	lessonClick(t, tab, `#lesson [data-lesson="back"]`)
	checkLessonStep(t, tab, 3)
}
