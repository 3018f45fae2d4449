package data

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"testing"
)

// The random-features data streams, every activation and label rule, hashed
// bit for bit: the hashes were recorded before the activations moved to
// sim/activation and must not change (natively or under WebAssembly).
func TestRandomFeaturesGolden(t *testing.T) {
	cases := []struct {
		act  Activation
		lab  Labels
		want uint64
	}{
		{Sign, TeacherLabels, 0xea6fab4af22b7b1},
		{Sign, RandomLabels, 0x265ff4011cf27425},
		{ReLU, TeacherLabels, 0x4ec30a813b526240},
		{ReLU, RandomLabels, 0x7fbcb9781abece08},
		{Tanh, TeacherLabels, 0x833a8775cee62a9},
		{Tanh, RandomLabels, 0x7eee598fbc2f793},
		{Erf, TeacherLabels, 0x15f9dbc69fa3ef19},
		{Erf, RandomLabels, 0x43e310357c9ca00b},
	}
	for _, c := range cases {
		rule, err := NewRandomFeaturesRule(37, 23, c.act, c.lab, 12)
		if err != nil {
			t.Fatal(err)
		}
		set := rule.Sample(41, 5, StreamTrain)
		h := fnv.New64a()
		var b [8]byte
		for _, v := range set.X {
			binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
			h.Write(b[:])
		}
		for _, y := range set.Y {
			h.Write([]byte{byte(y)})
		}
		if got := h.Sum64(); got != c.want {
			t.Errorf("%v/%v: hash %#x, want %#x", c.act, c.lab, got, c.want)
		}
	}
}
