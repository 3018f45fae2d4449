package state

import (
	"fmt"
	"regexp"
	"testing"
)

// Every catalog row is complete, names are unique URL-safe words, and the
// parameter table's figure choices are exactly the catalog.
func TestCatalog(t *testing.T) {
	word := regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	seen := map[string]bool{}
	for _, f := range Catalog {
		if !word.MatchString(f.Name) || seen[f.Name] {
			t.Errorf("figure name %q: want a unique lower-case word", f.Name)
		}
		seen[f.Name] = true
		if f.Title == "" || f.Phrase == "" || f.Shows == "" {
			t.Errorf("%s: title, phrase and shows must be filled", f.Name)
		}
		if f.MinWidth <= 0 || f.MinHeight <= 0 || f.Width < f.MinWidth || f.Height < f.MinHeight {
			t.Errorf("%s: size %dx%d (min %dx%d) is not a valid recommendation", f.Name, f.Width, f.Height, f.MinWidth, f.MinHeight)
		}
		for _, k := range f.Uses {
			if spec, ok := SpecFor(k); !ok || !spec.Optional {
				t.Errorf("%s uses %q: not an optional setting", f.Name, k)
			}
		}
		if got, ok := FigureByName(f.Name); !ok || got.Title != f.Title {
			t.Errorf("FigureByName(%q) = %v, %v", f.Name, got, ok)
		}
	}
	if _, ok := FigureByName("nope"); ok {
		t.Error(`FigureByName("nope") found a figure`)
	}
	spec, _ := SpecFor("figure")
	names := FigureNames()
	if len(spec.Choices) != len(names) {
		t.Fatalf("figure= choices %v, catalog %v", spec.Choices, names)
	}
	for i := range names {
		if spec.Choices[i] != names[i] {
			t.Errorf("figure= choice %d is %q, catalog has %q", i, spec.Choices[i], names[i])
		}
	}
	if n, _ := SpecFor(KeyN); !n.UsedBy("train") || n.UsedBy("entropy") || UsedByNames(n) == nil {
		t.Errorf("n: used by %v; want the simulating figures only", UsedByNames(n))
	}
	if spec.Def != Catalog[0].Name {
		t.Errorf("figure= default %q, want the first figure %q", spec.Def, Catalog[0].Name)
	}
}

func ExampleFigureInfo_PageTitle() {
	f, _ := FigureByName("train")
	fmt.Println(f.PageTitle())
	// Output: Flatland · Live training
}

func TestPreferredHeight(t *testing.T) {
	train, _ := FigureByName("train") // 800x520 recommended, at least 400 tall
	for _, c := range []struct {
		w, controls float64
		want        int
	}{
		{800, 0, 520},     // the recommended size
		{1200, 0, 780},    // the same aspect ratio
		{390, 0, 400},     // a phone: the minimum height
		{4000, 0, 900},    // a very wide column: capped
		{800, 610.4, 611}, // a tall controls column wins
		{4000, 950, 950},  // ... even over the cap, or the controls would be cut off
		{0, 0, 400},       // no width yet
	} {
		if got := train.PreferredHeight(c.w, c.controls); got != c.want {
			t.Errorf("PreferredHeight(%v, %v) = %d, want %d", c.w, c.controls, got, c.want)
		}
	}
}
