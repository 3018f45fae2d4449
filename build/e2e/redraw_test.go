//go:build e2e

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"flatland/wasm/state"
)

// TestRedrawOnlyWhenNeeded: while a figure computes and nobody touches it, frames that change nothing
// keep the last picture (the computation, and the Web Workers on the same processors, get the time
// drawing took); input redraws at once; the finished view is drawn.
func TestRedrawOnlyWhenNeeded(t *testing.T) {
	tab := open(t, 1000, 640)
	// two wide networks: tens of seconds of training, in the workers or the page
	navigate(t, tab, "/figures/deep.html?widths=256,512&epochs=10")
	if err := tab.WaitTrue(`window.flatland && flatland.ready && flatland.computing === true && flatland.frames >= 5`, readyTimeout(), describeState); err != nil {
		t.Fatal(err)
	}
	type counts struct {
		Frames, Drawn int
		Computing     bool
		DrawMs        float64
	}
	read := func() counts {
		return pageJSON[counts](t, tab, `({Frames: flatland.frames, Drawn: flatland.drawnFrames, Computing: flatland.computing === true, DrawMs: flatland.drawMs})`)
	}
	const window = 3 * time.Second
	c0 := read()
	time.Sleep(window)
	c1 := read()
	frames, drawn := c1.Frames-c0.Frames, c1.Drawn-c0.Drawn
	progress(t, "computing for %v: %d frames, %d drawn anew (a drawn frame costs %.0f ms)", window, frames, drawn, c1.DrawMs)
	if !c1.Computing {
		t.Fatalf("the sweep finished within %v of the check; the test needs a longer computation", window)
	}
	// at most one redraw per state.RedrawBusyEvery (plus the frame in flight), never every frame
	if most := int(window/state.RedrawBusyEvery) + 2; drawn > most {
		t.Errorf("%d redraws in %v while computing untouched, want at most %d", drawn, window, most)
	}
	if frames < 4 || drawn >= frames {
		t.Errorf("%d frames, %d drawn anew: want frames that keep the picture", frames, drawn)
	}
	if drawn < 1 {
		t.Errorf("no redraw in %v while computing: the progress never shows", window)
	}

	// the pointer moving over the plot redraws at once, frame after frame; counted from the first
	// redraw after the moves began, so that the frames run before the first move reached the page
	// (the counters are published up to 100 ms late) do not count as frames the pointer left alone
	i := 0
	move := func() {
		p := input.DispatchMouseEventParams{Type: input.DispatchMouseEventTypeMouseMoved, X: 500 + float64(i%40)*5, Y: 300}
		if _, err := chromedp.Call(tab.Ctx, input.DispatchMouseEvent, p); err != nil {
			t.Fatal(err)
		}
		i++
		time.Sleep(50 * time.Millisecond)
	}
	first := read()
	for wait := time.Now().Add(5 * time.Second); time.Now().Before(wait) && read().Drawn == first.Drawn; {
		move()
	}
	before := read()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		move()
		if now := read(); now.Drawn-before.Drawn >= 3 && now.Frames-before.Frames >= 3 {
			if ratio := float64(now.Drawn-before.Drawn) / float64(now.Frames-before.Frames); ratio < 0.5 {
				t.Errorf("while the pointer moves %d of %d frames were drawn, want nearly all", now.Drawn-before.Drawn, now.Frames-before.Frames)
			}
			break
		}
	}
	if now := read(); now.Drawn-before.Drawn < 3 {
		t.Errorf("moving the pointer for 20 s drew %d frames", now.Drawn-before.Drawn)
	}

	// the finished sweep is on the canvas (its title says how long it took)
	if err := tab.WaitTrue(`flatland.deepTotal > 0 && flatland.deepDone === flatland.deepTotal && flatland.computing !== true`, 10*time.Minute, describeState); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("%d networks in", 4)
	if err := tab.WaitTrue(fmt.Sprintf(`(flatland.textBoxes || "").includes(%q)`, want), 10*time.Second, `flatland.textBoxes`); err != nil {
		boxes := pageJSON[string](t, tab, `flatland.textBoxes`)
		t.Errorf("the finished view was not drawn: no %q in the canvas text (%.200s): %v", want, strings.TrimSpace(boxes), err)
	}
	screenshotCanvas(t, tab, "redraw-deep-finished")
}
