package labels

import "testing"

func TestParseString(t *testing.T) {
	cases := []struct {
		in   string
		want Labels
		ok   bool
	}{
		{"teacher", Teacher, true},
		{"random", Random, true},
		{"storage", Random, true},
		{"", 0, false},
		{"Teacher", 0, false},
		{"noise", 0, false},
	}
	for _, c := range cases {
		got, err := Parse(c.in)
		if (err == nil) != c.ok || c.ok && got != c.want {
			t.Errorf("Parse(%q) = %v, %v; want %v (ok %v)", c.in, got, err, c.want, c.ok)
		}
	}
	for i, l := range All() {
		if !l.Valid() || l.String() != Names()[i] {
			t.Errorf("row %d: %v valid %v, name %q", i, l, l.Valid(), Names()[i])
		}
		if back, err := Parse(l.String()); err != nil || back != l {
			t.Errorf("Parse(%v.String()) = %v, %v", l, back, err)
		}
	}
	for _, bad := range []Labels{-1, 2, 99} {
		if bad.Valid() {
			t.Errorf("%d valid", int(bad))
		}
		if got, want := bad.String(), "Labels("; len(got) < len(want) || got[:len(want)] != want {
			t.Errorf("%d prints %q", int(bad), got)
		}
	}
}

// The zero value is the teacher-student rule in every package that uses it.
func TestZeroIsTeacher(t *testing.T) {
	var l Labels
	if l != Teacher || l.String() != "teacher" {
		t.Errorf("zero value %v, want teacher", l)
	}
}
