//go:build e2e

package e2e

import (
	"strings"
	"testing"
	"time"

	"flatland/build/browser"
)

// Sizes and points that used to break figures now draw, or say why not on a drawn canvas.
func TestHardenedFigures(t *testing.T) {
	cases := []struct {
		name, path string
		// wantErr: a substring of flatland.error; "" = the figure must finish without error
		wantErr string
		finish  bool // wait for progress 1 (the figure computes to the end)
	}{
		// fBP at N = 2001, alpha = 3 held 386 MB: refused before allocating, with the budget named
		{"over-budget", "/figures/train.html?n=2001&algo=fbp&alpha=3&alpha-d=0.05", "256 MB budget", false},
		// N = 2001 at the default alpha_D = 1 was refused for N*D = 4e6
		{"n-2001", "/figures/train.html?n=2001", "", false},
		// the gap point between alpha_LE and alpha_c: both curves used to fail to start
		{"entropy-gap", "/figures/entropy.html?alpha=1.3&alpha-d=0.2", "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tab := open(t, 1000, 640)
			navigate(t, tab, c.path)
			if err := tab.WaitTrue(`window.flatland && flatland.frames >= 3`, readyTimeout(), describeState); err != nil {
				t.Fatal(err)
			}
			if c.finish {
				if err := tab.WaitTrue(`flatland.ready && flatland.progress >= 1 && flatland.computing !== true`, 5*time.Minute, describeState); err != nil {
					t.Fatal(err)
				}
				n, err := browser.Eval[float64](tab, `flatland.points || 0`)
				if err != nil || n < 10 {
					t.Errorf("%s finished with %v curve points (err %v)", c.path, n, err)
				}
			} else if c.wantErr == "" {
				waitRunning(t, tab)
			}
			st, err := browser.ReadState(tab, "")
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case c.wantErr == "" && st.Error != "":
				t.Errorf("%s: error %q, want none", c.path, st.Error)
			case c.wantErr != "" && !strings.Contains(st.Error, c.wantErr):
				t.Errorf("%s: error %q, want it to contain %q", c.path, st.Error, c.wantErr)
			}
			waitFramesAdvance(t, tab, "")
			screenshotCanvas(t, tab, "hardened-"+c.name)
		})
	}
}
