//go:build e2e

package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"flatland/build/assemble"
	"flatland/build/browser"
)

// The export message API on the landscape figure: the CSV's local-energy
// numbers are those `flatland flatness -csv` prints for the command the
// figure publishes, digit for digit; the JSON holds the same points; the
// SVG is well-formed with a line per curve; the PNG is the figure at twice
// its size and not blank. The files are written to build/out/e2e. The E
// key then 3 downloads the CSV.
func TestExportMatchesCommandLine(t *testing.T) {
	tab := open(t, 1000, 640)
	navigate(t, tab, "/figures/landscape.html?n=101&alpha=0.3&alpha-d=1.2&act=tanh&labels=random&seed=9")
	waitRunning(t, tab)
	if err := tab.WaitTrue(`flatland.localEnergy !== undefined`, 3*time.Minute, describeState); err != nil {
		t.Fatal(err)
	}
	cmds := pageJSON[[]string](t, tab, `flatland.commands`)
	if len(cmds) != 1 || !strings.HasPrefix(cmds[0], "flatland flatness ") {
		t.Fatalf("commands %q: want one flatness line", cmds)
	}
	if _, err := browser.Eval[bool](tab, `window.__exports = [], addEventListener("message", e => {
		if (e.data && e.data.flatland === "exported") __exports.push(e.data)
	}), ["csv", "json", "svg", "png", "pdf"].forEach(f => postMessage({flatland: "export", format: f}, "*")), true`); err != nil {
		t.Fatal(err)
	}
	if err := tab.WaitTrue(`__exports.length >= 4`, 60*time.Second, `JSON.stringify(__exports.map(x => x.format)) + " " + flatland.error`); err != nil {
		t.Fatal(err)
	}
	type exported struct{ Format, Name, Mime, Data, Error string }
	got := map[string]exported{}
	for _, e := range pageJSON[[]exported](t, tab, `__exports`) {
		if e.Error != "" || e.Data == "" {
			t.Errorf("%s export: error %q, %d bytes", e.Format, e.Error, len(e.Data))
		}
		got[e.Format] = e
		t.Logf("%s export %s: %d bytes (%s)", e.Format, e.Name, len(e.Data), e.Mime)
	}
	// the unknown format is refused with a message, nothing is posted for it
	if err := tab.WaitTrue(`flatland.error.includes('format "pdf" was ignored')`, 10*time.Second, `flatland.error`); err != nil {
		t.Error(err)
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(outDir, name), data, 0o644); err != nil {
			t.Error(err)
		}
	}

	// CSV: the header names the command; each curve's points at d > 0 are the command line's
	text := got["csv"].Data
	write("export-landscape.csv", []byte(text))
	if !strings.Contains(text, "# command: "+cmds[0]+"\n") || !strings.Contains(text, "# parameters: ") || !strings.Contains(text, "# version: ") {
		t.Errorf("CSV header lacks the command, parameters or version:\n%.600s", text)
	}
	page := readCSV(t, text)
	cli := readCSV(t, commandCSV(t, cmds[0]))
	algos := strings.Split(flagValue(cmds[0], "-algos"), ",")
	compared := 0
	for _, algo := range algos {
		var pageRows, cliRows []map[string]string
		for _, r := range page {
			if strings.HasPrefix(r["series"], algo+":") && r["x"] != "0" {
				pageRows = append(pageRows, r)
			}
		}
		for _, r := range cli {
			if r["algo"] == algo {
				cliRows = append(cliRows, r)
			}
		}
		if len(pageRows) == 0 || len(pageRows) != len(cliRows) {
			t.Fatalf("%s: %d points in the export, %d rows from the command line", algo, len(pageRows), len(cliRows))
		}
		for i := range pageRows {
			p, c := pageRows[i], cliRows[i]
			if p["x"] != c["d"] || p["y"] != c["local_energy"] || p["stderr"] != c["local_energy_stderr"] {
				t.Errorf("%s point %d: export d=%s e=%s se=%s, command line d=%s e=%s se=%s", algo, i,
					p["x"], p["y"], p["stderr"], c["d"], c["local_energy"], c["local_energy_stderr"])
			}
			compared++
		}
	}
	t.Logf("the exported CSV's %d local-energy points equal `%s -csv`", compared, cmds[0])

	// JSON: the same points
	write("export-landscape.json", []byte(got["json"].Data))
	var js struct {
		Commands []string
		Panels   []struct {
			Series []struct {
				Name   string
				Points []map[string]float64
			}
		}
	}
	if err := json.Unmarshal([]byte(got["json"].Data), &js); err != nil {
		t.Fatalf("JSON export: %v", err)
	}
	if len(js.Commands) != 1 || js.Commands[0] != cmds[0] || len(js.Panels) != 1 || len(js.Panels[0].Series) != len(algos) {
		t.Errorf("JSON export: commands %q, %d panels", js.Commands, len(js.Panels))
	} else if n := len(js.Panels[0].Series[0].Points); n != compared/len(algos)+1 {
		t.Errorf("JSON export: %d points in the first curve, want %d (with d = 0)", n, compared/len(algos)+1)
	}

	// SVG: well-formed, a path per curve
	svg := got["svg"].Data
	write("export-landscape.svg", []byte(svg))
	paths := 0
	dec := xml.NewDecoder(strings.NewReader(svg))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG export is not well-formed: %v", err)
		}
		if s, ok := tok.(xml.StartElement); ok && s.Name.Local == "path" {
			paths++
		}
	}
	if paths != len(algos) || got["svg"].Mime != "image/svg+xml" {
		t.Errorf("SVG export: %d paths, want %d; mime %q", paths, len(algos), got["svg"].Mime)
	}

	// PNG: twice the figure's size, drawn
	b64, ok := strings.CutPrefix(got["png"].Data, "data:image/png;base64,")
	pngData, err := base64.StdEncoding.DecodeString(b64)
	if !ok || err != nil {
		t.Fatalf("PNG export is not a base64 data: URL (%v)", err)
	}
	write("export-landscape.png", pngData)
	ink, err := browser.MeasureInk(pngData)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("PNG export: %s, %d bytes", ink, len(pngData))
	if ink.Fraction < 0.02 || ink.Colors < 8 || ink.Luminance < 0.1 {
		t.Errorf("PNG export looks blank: %s", ink)
	}
	// the figure is the canvas less the controls column and margins: at 2x, wider than the canvas
	if ink.Width < 1400 || ink.Height < 1100 {
		t.Errorf("PNG export is %dx%d, want the 1000x640 page's figure at 2x", ink.Width, ink.Height)
	}

	// keyboard: E opens the choice, 3 downloads the CSV
	if _, err := browser.Eval[bool](tab, `["e", "3"].forEach(k => dispatchEvent(new KeyboardEvent("keydown", {key: k}))), true`); err != nil {
		t.Fatal(err)
	}
	if err := tab.WaitTrue(`flatland.lastExport && flatland.lastExport.format === "csv" && flatland.lastExport.bytes > 0 && !flatland.lastExport.error`,
		10*time.Second, `JSON.stringify(flatland.lastExport)`); err != nil {
		t.Error(err)
	}
	screenshotCanvas(t, tab, "export-landscape-page")
}

// The train and diagram figures export their series too: the train
// figure's last training error is the one `flatland train` reports for its
// published command; the diagram's CSV has the thresholds at every alpha_D
// of the stored table. Their PNG and SVG go to build/out/e2e for a look.
func TestExportTrainAndDiagram(t *testing.T) {
	t.Run("train", func(t *testing.T) {
		tab := open(t, 1000, 640)
		navigate(t, tab, "/figures/train.html?autoplay=1&speed=max&n=201&alpha=0.4&alpha-d=0.8&act=relu&labels=teacher&algo=rsgd&seed=5")
		waitRunning(t, tab)
		if err := tab.WaitTrue(`flatland.done === true && flatland.result`, 3*time.Minute, describeState); err != nil {
			t.Fatal(err)
		}
		got := exportAll(t, tab, "train")
		cmds := pageJSON[[]string](t, tab, `flatland.commands`)
		cli := runCommand(t, cmds[0])[0]
		var last map[string]string
		for _, r := range readCSV(t, got["csv"]) {
			if r["panel"] == "training error" && r["series"] == "centre / reported weights" {
				last = r
			}
		}
		if last == nil {
			t.Fatalf("no training-error series in the CSV:\n%.800s", got["csv"])
		}
		if want := strconv.FormatFloat(cli["train_error"].(float64), 'g', -1, 64); last["y"] != want {
			t.Errorf("last exported training error %s, `%s` reports %s", last["y"], cmds[0], want)
		}
		t.Logf("the exported training error ends at %s (epoch %s), as `%s` reports", last["y"], last["x"], cmds[0])
	})
	t.Run("diagram", func(t *testing.T) {
		tab := open(t, 1000, 640)
		navigate(t, tab, "/figures/diagram.html?n=101&alpha-d=0.6&act=sign&labels=teacher&seed=3")
		waitRunning(t, tab)
		got := exportAll(t, tab, "diagram")
		n := map[string]int{}
		for _, r := range readCSV(t, got["csv"]) {
			n[r["series"]]++
		}
		if n["α_c: interpolation threshold"] < 24 || n["α_LE: local-entropy threshold"] < 24 {
			t.Errorf("diagram CSV points per series: %v, want the 24 stored alpha_D at least", n)
		}
	})
}

// exportAll asks the page for every format through the message API, writes
// the files to build/out/e2e/export-NAME.* and checks the PNG is drawn.
func exportAll(t *testing.T, tab *browser.Tab, name string) map[string]string {
	t.Helper()
	if _, err := browser.Eval[bool](tab, `window.__exports = [], addEventListener("message", e => {
		if (e.data && e.data.flatland === "exported") __exports.push(e.data)
	}), ["csv", "json", "svg", "png"].forEach(f => postMessage({flatland: "export", format: f}, "*")), true`); err != nil {
		t.Fatal(err)
	}
	if err := tab.WaitTrue(`__exports.length >= 4`, 60*time.Second, `JSON.stringify(__exports.map(x => x.format)) + " " + flatland.error`); err != nil {
		t.Fatal(err)
	}
	type exported struct{ Format, Data, Error string }
	out := map[string]string{}
	for _, e := range pageJSON[[]exported](t, tab, `__exports`) {
		data := []byte(e.Data)
		if e.Format == "png" {
			b64, _ := strings.CutPrefix(e.Data, "data:image/png;base64,")
			var err error
			if data, err = base64.StdEncoding.DecodeString(b64); err != nil {
				t.Fatalf("PNG: %v", err)
			}
			ink, err := browser.MeasureInk(data)
			if err != nil || ink.Fraction < 0.02 || ink.Colors < 8 {
				t.Errorf("%s PNG export looks blank: %s (%v)", name, ink, err)
			}
			t.Logf("%s PNG: %s, %d bytes", name, ink, len(data))
		}
		if e.Error != "" || len(data) == 0 {
			t.Errorf("%s %s export: error %q, %d bytes", name, e.Format, e.Error, len(data))
		}
		t.Logf("%s %s export: %d bytes", name, e.Format, len(data))
		if err := os.WriteFile(filepath.Join(outDir, "export-"+name+"."+e.Format), data, 0o644); err != nil {
			t.Error(err)
		}
		out[e.Format] = string(data)
	}
	return out
}

// readCSV reads CSV with "#" comments into rows keyed by the header.
func readCSV(t *testing.T, text string) []map[string]string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(text))
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("CSV %.300q: %v", text, err)
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, k := range recs[0] {
			m[k] = rec[i]
		}
		rows = append(rows, m)
	}
	return rows
}

// flagValue returns the word after flag in a command line.
func flagValue(line, flag string) string {
	w := strings.Fields(line)
	for i := 0; i+1 < len(w); i++ {
		if w[i] == flag {
			return w[i+1]
		}
	}
	return ""
}

// commandCSV runs a published `flatland ...` line natively with -csv.
func commandCSV(t *testing.T, line string) string {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "flatland")
	build := exec.Command(assemble.GoCommand(), "build", "-o", bin, "./sim/cmd/flatland")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the command line: %v\n%s", err, out)
	}
	words := strings.Fields(line)
	if len(words) < 2 || words[0] != "flatland" || strings.ContainsAny(line, `'"\$`) {
		t.Fatalf("not a plain flatland command: %q", line)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(bin, append(words[1:], "-csv")...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s -csv: %v: %s", line, err, stderr.String())
	}
	return string(out)
}
