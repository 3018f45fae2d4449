package state

import (
	"reflect"
	"testing"
)

func TestMarkupRuns(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []MarkupRun
	}{
		{"", nil},
		{"plain", []MarkupRun{{"plain", Baseline}}},
		{"α_c", []MarkupRun{{"α", Baseline}, {"c", Subscript}}},
		{"α_{LE}(α_D)", []MarkupRun{{"α", Baseline}, {"LE", Subscript}, {"(α", Baseline}, {"D", Subscript}, {")", Baseline}}},
		{"e^{-t} x^2", []MarkupRun{{"e", Baseline}, {"-t", Superscript}, {" x", Baseline}, {"2", Superscript}}},
		{"H_2(d)", []MarkupRun{{"H", Baseline}, {"2", Subscript}, {"(d)", Baseline}}},
		{"trailing_", []MarkupRun{{"trailing_", Baseline}}},
		{"open_{abc", []MarkupRun{{"open", Baseline}, {"abc", Subscript}}},
	} {
		if got := MarkupRuns(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("MarkupRuns(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}
