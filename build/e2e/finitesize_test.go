//go:build e2e

package e2e

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"flatland/sim/experiment"
)

// The finite-size figure draws the stored study whole at once: the points it
// publishes are the stored file's lines, number for number; its commands
// reproduce them; its summary and export carry no NaN; on a page whose model
// is not the study's it still draws the study and gives the command for the
// page's model; its texts do not collide from a phone's width to a desktop's.
func TestFiniteSizeFigure(t *testing.T) {
	rows, err := experiment.StoredFiniteSize()
	if err != nil {
		t.Fatal(err)
	}
	sizes := experiment.FiniteSizeSizes(rows)
	tab := open(t, 1000, 640)
	navigate(t, tab, "/figures/finitesize.html")
	if st := waitRunning(t, tab); st.Error != "" || st.Figure != "finitesize" {
		t.Fatalf("figure %q, error %q", st.Figure, st.Error)
	}
	type published struct {
		Lines  int
		Sizes  []int
		Points [][]float64
	}
	got := pageJSON[published](t, tab, `flatland.finiteSize`)
	progress(t, "finite-size figure: %d stored lines drawn, sizes %v", got.Lines, got.Sizes)
	if got.Lines != len(rows) || len(got.Points) != len(rows) || !slices.Equal(got.Sizes, sizes) {
		t.Fatalf("published %d lines (%d points), sizes %v; the stored file has %d lines, sizes %v", got.Lines, len(got.Points), got.Sizes, len(rows), sizes)
	}
	for i, r := range rows {
		want := []float64{float64(r.N), r.Alpha, float64(r.Solved), float64(r.Samples), r.Lo, r.Hi}
		if !slices.Equal(got.Points[i], want) {
			t.Errorf("point %d: page %v, stored %v", i, got.Points[i], want)
		}
	}
	ns := make([]string, len(sizes))
	for i, n := range sizes {
		ns[i] = strconv.Itoa(n)
	}
	cmds := pageJSON[[]string](t, tab, `flatland.commands`)
	if len(cmds) == 0 || cmds[0] != experiment.StoredFiniteSizeCommand(strings.Join(ns, ",")) {
		t.Errorf("commands %q; want first the stored study's", cmds)
	}
	if err := tab.WaitTrue(`typeof flatland.summary === "string" && flatland.summary.length > 0`, readyTimeout(), `flatland.summary`); err != nil {
		t.Fatal(err)
	}
	summary := pageJSON[string](t, tab, `flatland.summary`)
	t.Logf("summary: %s", summary)
	if strings.Contains(summary, "NaN") || !strings.Contains(summary, "N = "+strings.Join(ns, ", ")) {
		t.Errorf("summary shows NaN or not the sizes %v: %s", ns, summary)
	}
	if len(sizes) > 1 && !strings.Contains(summary, "cross") {
		t.Errorf("summary does not say where the curves cross: %s", summary)
	}
	exports := exportAll(t, tab, "finitesize")
	for _, n := range ns {
		if !strings.Contains(exports["csv"], "N = "+n) {
			t.Errorf("the CSV export has no series N = %s", n)
		}
	}
	if strings.Contains(exports["json"], "NaN") || strings.Contains(exports["csv"], "NaN") {
		t.Error("the export holds NaN")
	}
	screenshotCanvas(t, tab, "finitesize")

	// another model on the page: the study is still drawn, named, with the page's command
	navigate(t, tab, "/figures/finitesize.html?act=relu&labels=random&alpha-d=2")
	if st := waitRunning(t, tab); st.Error != "" {
		t.Errorf("other model: error %q", st.Error)
	}
	if n := pageJSON[int](t, tab, `flatland.finiteSize.lines`); n != len(rows) {
		t.Errorf("other model: %d lines drawn, want the %d stored", n, len(rows))
	}
	cmds = pageJSON[[]string](t, tab, `flatland.commands`)
	if !slices.ContainsFunc(cmds, func(c string) bool {
		return strings.Contains(c, "finite-size") && strings.Contains(c, "-act relu") && strings.Contains(c, "-labels random") && strings.Contains(c, "-alpha-d 2")
	}) {
		t.Errorf("other model: no command for the page's model in %q", cmds)
	}
	screenshotCanvas(t, tab, "finitesize-other-model")
	navigate(t, tab, "/figures/finitesize.html?theme=dark")
	waitRunning(t, tab)
	screenshotCanvas(t, tab, "finitesize-dark")

	for _, size := range []struct{ w, h int64 }{{320, 480}, {720, 520}, {1200, 700}} {
		tab := open(t, size.w, size.h)
		navigate(t, tab, "/figures/finitesize.html")
		waitRunning(t, tab)
		for _, p := range textProblems(readTextBoxes(t, tab), float64(size.w), float64(size.h)) {
			t.Errorf("%dx%d: %s", size.w, size.h, p)
		}
		screenshotCanvas(t, tab, fmt.Sprintf("finitesize-%d", size.w))
	}
}
