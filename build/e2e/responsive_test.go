//go:build e2e

package e2e

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"flatland/build/browser"
	"flatland/wasm/state"
)

// responsiveSizes are the canvas sizes swept: phones (320, 390), the embed guide's snippet and
// table sizes (720x480, 800x520), a narrow column with the controls beside the figure (600),
// and desktop screens.
var responsiveSizes = []struct{ w, h int64 }{
	{320, 480}, {390, 520}, {600, 480}, {720, 480}, {800, 520}, {1200, 700}, {1920, 1080},
}

// drawnBox is one text box the program drew, as published in flatland.textBoxes.
type drawnBox struct {
	x, y, w, h float64
	text       string
}

// overlapTolerance: two boxes overlapping by at most this much (px) in either direction touch
// rather than collide (antialiasing, rounding to device pixels).
const overlapTolerance = 1.0

// readTextBoxes waits for a fresh list of text boxes (drawn after the figure is ready) and parses it.
func readTextBoxes(t *testing.T, tab *browser.Tab) []drawnBox {
	t.Helper()
	frames, err := browser.Eval[int](tab, `flatland.frames`)
	if err != nil {
		t.Fatal(err)
	}
	// the list is refreshed every 15 frames; a large canvas on a busy machine draws few frames a second
	if err := tab.WaitTrue(fmt.Sprintf(`flatland.frames >= %d`, frames+16), 90*time.Second, `flatland.frames`); err != nil {
		t.Fatal(err)
	}
	text, err := browser.Eval[string](tab, `flatland.textBoxes`)
	if err != nil {
		t.Fatal(err)
	}
	var out []drawnBox
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		geom, label, ok := strings.Cut(line, "\t")
		f := strings.Fields(geom)
		if !ok || len(f) != 4 {
			t.Fatalf("bad text box line %q", line)
		}
		var v [4]float64
		for i := range v {
			if v[i], err = strconv.ParseFloat(f[i], 64); err != nil {
				t.Fatalf("bad text box line %q: %v", line, err)
			}
		}
		out = append(out, drawnBox{v[0], v[1], v[2], v[3], label})
	}
	return out
}

// textProblems lists pairs of text boxes that overlap and boxes that leave the canvas.
func textProblems(bs []drawnBox, w, h float64) []string {
	var out []string
	for i, a := range bs {
		if a.x < -overlapTolerance || a.y < -overlapTolerance || a.x+a.w > w+overlapTolerance || a.y+a.h > h+overlapTolerance {
			out = append(out, fmt.Sprintf("%q at (%.1f, %.1f) %.1fx%.1f leaves the %gx%g canvas", a.text, a.x, a.y, a.w, a.h, w, h))
		}
		for _, b := range bs[i+1:] {
			ox := min(a.x+a.w, b.x+b.w) - max(a.x, b.x)
			oy := min(a.y+a.h, b.y+b.h) - max(a.y, b.y)
			if ox > overlapTolerance && oy > overlapTolerance {
				out = append(out, fmt.Sprintf("%q at (%.1f, %.1f) overlaps %q at (%.1f, %.1f) by %.1fx%.1f", a.text, a.x, a.y, b.text, b.x, b.y, ox, oy))
			}
		}
	}
	return out
}

func TestTextBoxOverlap(t *testing.T) {
	a := []drawnBox{{0, 0, 10, 10, "a"}, {9.5, 0, 10, 10, "touches a"}, {5, 5, 10, 10, "overlaps both"}, {-5, 30, 10, 10, "off the left"}}
	got := textProblems(a, 100, 100)
	if len(got) != 3 {
		t.Errorf("textProblems found %d problems, want 3 (two overlaps, one off the canvas):\n  %s", len(got), strings.Join(got, "\n  "))
	}
}

// TestResponsiveText opens every figure at widths from 320 to 1920 px and checks, with the text
// boxes the program records as it draws, that no two texts overlap and none leaves the canvas.
func TestResponsiveText(t *testing.T) {
	for _, size := range responsiveSizes {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			tab := open(t, size.w, size.h)
			for _, fig := range state.Figures {
				navigate(t, tab, "/figures/"+fig+".html")
				if st := waitRunning(t, tab); st.Error != "" {
					t.Errorf("%s: error %q", fig, st.Error)
				}
				bs := readTextBoxes(t, tab)
				if len(bs) < 5 {
					t.Errorf("%s at %dx%d: only %d text boxes recorded", fig, size.w, size.h, len(bs))
				}
				for _, p := range textProblems(bs, float64(size.w), float64(size.h)) {
					t.Errorf("%s at %dx%d: %s", fig, size.w, size.h, p)
				}
				if size.w <= 390 {
					screenshotCanvas(t, tab, fmt.Sprintf("responsive-%s-%d", fig, size.w))
				}
			}
		})
	}
}

// TestResponsiveMenu: on a phone-wide canvas the controls fold into a settings menu that a tap
// opens; the train figure can then be started from it, and a tap outside or Esc closes it.
func TestResponsiveMenu(t *testing.T) {
	for _, w := range []int64{320, 390} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			tab := open(t, w, 560)
			navigate(t, tab, "/figures/train.html")
			waitRunning(t, tab)
			if shown := shownControls(t, tab); len(shown) != 0 {
				t.Errorf("controls drawn over the figure before the menu is opened: %v", shown)
			}
			click := func(x, y float64) {
				t.Helper()
				if err := tab.ClickAt(x, y, 120*time.Millisecond); err != nil {
					t.Fatal(err)
				}
			}
			click(40, 17) // the settings button, top-left
			if err := tab.WaitTrue(`flatland.menuOpen === true && flatland.shownControls.indexOf("act:play") >= 0`, 10*time.Second, `JSON.stringify([flatland.menuOpen, flatland.shownControls])`); err != nil {
				t.Fatalf("menu did not open with the play button: %v", err)
			}
			screenshotCanvas(t, tab, fmt.Sprintf("responsive-menu-train-%d", w))
			// press play inside the menu
			rect, err := browser.Eval[[]float64](tab, `(() => { const r = flatland.controlRects && flatland.controlRects["act:play"]; return r || [] })()`)
			if err != nil || len(rect) != 4 {
				t.Fatalf("no rectangle published for the play button: %v %v", rect, err)
			}
			// play is disabled while the data set is drawn: press until training plays
			started := false
			for try := 0; try < 10 && !started; try++ {
				click(rect[0]+rect[2]/2, rect[1]+rect[3]/2)
				started = tab.WaitTrue(`flatland.playing === true`, 3*time.Second, `flatland.playing`) == nil
			}
			if !started {
				t.Errorf("play in the menu did not start training")
			}
			// a tap outside the menu closes it (and does not reach the figure)
			click(float64(w)-5, 500)
			if err := tab.WaitTrue(`flatland.menuOpen === false && flatland.shownControls.length === 0`, 10*time.Second, `flatland.menuOpen`); err != nil {
				t.Errorf("tap outside did not close the menu: %v", err)
			}
			// Esc closes it too
			click(40, 17)
			if err := tab.WaitTrue(`flatland.menuOpen === true`, 10*time.Second, `flatland.menuOpen`); err != nil {
				t.Fatal(err)
			}
			if _, err := browser.Eval[bool](tab, `window.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape"}))`); err != nil {
				t.Fatal(err)
			}
			if err := tab.WaitTrue(`flatland.menuOpen === false`, 10*time.Second, `flatland.menuOpen`); err != nil {
				t.Errorf("Esc did not close the menu: %v", err)
			}
		})
	}
}
