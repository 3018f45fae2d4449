package cmdline

import (
	"errors"
	"flag"
	"testing"
)

func TestParse(t *testing.T) {
	cases := []struct {
		args  []string
		usage string
		want  string // "" = no error
	}{
		{[]string{"-n", "3"}, "", ""},
		{[]string{"-n", "x"}, "", `invalid value "x" for flag -n: parse error`},
		{[]string{"-nope"}, "", "flag provided but not defined: -nope"},
		{[]string{"stray"}, "", `unexpected argument "stray"`},
		{[]string{"-h"}, "tool [-n N]\n", "usage: tool [-n N]"},
		{[]string{"-h"}, "", "flag: help requested"},
	}
	for _, c := range cases {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.Int("n", 1, "")
		err := Parse(fs, c.args, c.usage)
		if c.want == "" {
			if err != nil {
				t.Errorf("%q: %v", c.args, err)
			}
			continue
		}
		var ue UsageError
		if !errors.As(err, &ue) || ue.Msg != c.want {
			t.Errorf("%q: got %v, want the usage error %q", c.args, err, c.want)
		}
	}
	if err := Usagef("-x %d out of range", 5); err.Error() != "-x 5 out of range" {
		t.Errorf("Usagef: %v", err)
	}
}
