//go:build e2e

package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"flatland/build/assemble"
	"flatland/build/browser"
)

// The numbers a figure shows are those of the command line it publishes
// (window.flatland.commands, the "copy CLI command" button): the train
// figure's finished run and the diagram's simulation column, run in the
// browser, equal what the native `flatland` binary prints for those commands.
func TestPageMatchesCommandLine(t *testing.T) {
	t.Run("train", func(t *testing.T) {
		tab := open(t, 1000, 640)
		navigate(t, tab, "/figures/train.html?autoplay=1&speed=max&n=201&alpha=0.4&alpha-d=0.8&act=relu&labels=teacher&algo=rsgd&seed=5")
		waitRunning(t, tab)
		if err := tab.WaitTrue(`flatland.done === true && flatland.result`, 3*time.Minute, describeState); err != nil {
			t.Fatal(err)
		}
		page := pageJSON[map[string]any](t, tab, `flatland.result`)
		cmds := pageJSON[[]string](t, tab, `flatland.commands`)
		if len(cmds) != 1 {
			t.Fatalf("train publishes %d commands, want 1: %v", len(cmds), cmds)
		}
		lines := runCommand(t, cmds[0])
		if len(lines) != 1 {
			t.Fatalf("%s printed %d lines", cmds[0], len(lines))
		}
		cli := lines[0]
		for k, v := range page {
			if !reflect.DeepEqual(cli[k], v) {
				t.Errorf("%s: page %v, command line %v (%s)", k, v, cli[k], cmds[0])
			}
		}
		if page["test_examples"] != float64(1000) {
			t.Errorf("the page tested %v examples, want 1000", page["test_examples"])
		}
		t.Logf("page and `%s` agree: %v", cmds[0], page)
		// C shows the command under the figure (and asks the clipboard to take it)
		if _, err := browser.Eval[bool](tab, `window.dispatchEvent(new KeyboardEvent("keydown", {key: "c"})), true`); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond)
		screenshotCanvas(t, tab, "train-command")
	})
	t.Run("entropy dense-region curve", func(t *testing.T) {
		tab := open(t, 1000, 640)
		navigate(t, tab, "/figures/entropy.html?alpha=0.5&alpha-d=0.8&act=relu&labels=teacher")
		waitRunning(t, tab)
		if err := tab.WaitTrue(`flatland.progress >= 1 && flatland.computing !== true`, 3*time.Minute, describeState); err != nil {
			t.Fatal(err)
		}
		page := pageJSON[struct{ D, S []float64 }](t, tab, `({D: flatland.denseCurve.d, S: flatland.denseCurve.s})`)
		cmds := pageJSON[[]string](t, tab, `flatland.commands`)
		if len(cmds) != 1 || !strings.Contains(cmds[0], "-dense-points") {
			t.Fatalf("commands %q: want one rf local-entropy line with -dense-points", cmds)
		}
		var cliD, cliS []float64
		for _, l := range runCommand(t, cmds[0]) {
			if l["reference"] == "dense" {
				cliD, cliS = append(cliD, l["d"].(float64)), append(cliS, l["s_i"].(float64))
			}
		}
		if len(cliD) < 10 || !reflect.DeepEqual(cliD, page.D) || !reflect.DeepEqual(cliS, page.S) {
			t.Errorf("dense-region curve: page d %v S %v, command line d %v S %v (%s)", page.D, page.S, cliD, cliS, cmds[0])
		}
		t.Logf("page and `%s` agree on %d dense-region points", cmds[0], len(cliD))
		screenshotCanvas(t, tab, "entropy-dense")
	})
	t.Run("landscape", func(t *testing.T) {
		tab := open(t, 1000, 640)
		navigate(t, tab, "/figures/landscape.html?n=101&alpha=0.3&alpha-d=1.2&act=tanh&labels=random&seed=9")
		waitRunning(t, tab)
		if err := tab.WaitTrue(`flatland.localEnergy !== undefined`, 3*time.Minute, describeState); err != nil {
			t.Fatal(err)
		}
		page := pageJSON[map[string][]float64](t, tab, `flatland.localEnergy`)
		cmds := pageJSON[[]string](t, tab, `flatland.commands`)
		if len(cmds) != 1 || !strings.HasPrefix(cmds[0], "flatland flatness ") {
			t.Fatalf("commands %q: want one flatness line", cmds)
		}
		lines := runCommand(t, cmds[0])
		if len(lines) != len(page) {
			t.Fatalf("%s printed %d lines for %d curves", cmds[0], len(lines), len(page))
		}
		for _, l := range lines {
			algo, _ := l["algo"].(string)
			var cli []float64
			for _, v := range l["local_energy"].([]any) {
				cli = append(cli, v.(float64))
			}
			if !reflect.DeepEqual(cli, page[algo]) {
				t.Errorf("%s local energy: page %v, command line %v", algo, page[algo], cli)
			}
		}
		t.Logf("the landscape's local-energy curves equal `%s`", cmds[0])
	})
	t.Run("diagram", func(t *testing.T) {
		tab := open(t, 1000, 640)
		navigate(t, tab, "/figures/diagram.html?n=101&alpha-d=0.6&act=sign&labels=teacher&seed=3")
		waitRunning(t, tab)
		if err := tab.WaitTrue(`flatland.simTotal > 0 && flatland.simRuns === flatland.simTotal && flatland.simPoints.every(p => p.samples_done === 3)`, 3*time.Minute, describeState); err != nil {
			t.Fatal(err)
		}
		points := pageJSON[[]map[string]any](t, tab, `flatland.simPoints`)
		cmds := pageJSON[[]string](t, tab, `flatland.commands`)
		var sweep string
		for _, c := range cmds {
			if strings.HasPrefix(c, "flatland sweep ") {
				sweep = c
			}
		}
		if sweep == "" || !strings.HasPrefix(cmds[0], "flatland rf diagram ") {
			t.Fatalf("commands %q: want the rf diagram and one sweep", cmds)
		}
		lines := runCommand(t, sweep)
		if len(lines) != len(points) {
			t.Fatalf("%s printed %d lines for %d points", sweep, len(lines), len(points))
		}
		for i, p := range points {
			for _, k := range []string{"alpha", "samples_done", "solved"} {
				if !reflect.DeepEqual(lines[i][k], p[k]) {
					t.Errorf("point %d %s: page %v, command line %v", i, k, p[k], lines[i][k])
				}
			}
		}
		t.Logf("the diagram's %d simulated points equal `%s`", len(points), sweep)
	})
}

// pageJSON reads a value published by the page.
func pageJSON[T any](t *testing.T, tab *browser.Tab, expr string) T {
	t.Helper()
	text, err := browser.Eval[string](tab, "JSON.stringify("+expr+")")
	if err != nil {
		t.Fatal(err)
	}
	var v T
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		t.Fatalf("%s = %s: %v", expr, text, err)
	}
	return v
}

var (
	cliOnce sync.Once
	cliPath string
	cliErr  error
)

// runCommand runs a published `flatland ...` line with the natively built
// command line (its words are plain: no shell is involved) and returns its
// JSON lines.
func runCommand(t *testing.T, line string) []map[string]any {
	t.Helper()
	cliOnce.Do(func() {
		dir, err := os.MkdirTemp("", "flatland-cli-")
		if err != nil {
			cliErr = err
			return
		}
		cliPath = filepath.Join(dir, "flatland")
		cmd := exec.Command(assemble.GoCommand(), "build", "-o", cliPath, "./sim/cmd/flatland")
		cmd.Dir = filepath.Join("..", "..")
		if out, err := cmd.CombinedOutput(); err != nil {
			cliErr = err
			t.Logf("%s", out)
		}
	})
	if cliErr != nil {
		t.Fatalf("building the command line: %v", cliErr)
	}
	words := strings.Fields(line)
	if len(words) < 2 || words[0] != "flatland" || strings.ContainsAny(line, `'"\$`) {
		t.Fatalf("not a plain flatland command: %q", line)
	}
	out, err := exec.Command(cliPath, append(words[1:], "-json")...).Output()
	if err != nil {
		t.Fatalf("%s -json: %v", line, err)
	}
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%s: line %q is not JSON", line, l)
		}
		lines = append(lines, m)
	}
	return lines
}
