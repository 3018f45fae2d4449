package train

import (
	"fmt"
	"testing"
	"time"

	"flatland/sim/data"
	"flatland/sim/nets"
	"flatland/sim/stepper"
	"flatland/sim/stepper/steppertest"
)

func committeeStorage(t testing.TB, n, k int, tree bool, alpha float64, seed uint64) *nets.Committee {
	rule, err := data.NewCommitteeRule(n, k, tree, data.PlusMinusOne, data.RandomLabels, seed)
	if err != nil {
		t.Fatal(err)
	}
	nw := n
	if !tree {
		nw = n * k
	}
	return nets.NewCommittee(rule.Sample(data.PatternCount(alpha, nw), seed, data.StreamTrain), k, tree)
}

// fBP runs on committee machines: slicing independent, deterministic (the
// golden fingerprints hold natively and under WebAssembly), and it solves
// storage instances of tree and fully connected committees.
func TestCommitteeFBP(t *testing.T) {
	golden := map[bool]uint64{true: 0xf5f462e208320f5b, false: 0x12fec09bec2fe13d}
	for _, tree := range []bool{true, false} {
		t.Run(fmt.Sprintf("tree=%v", tree), func(t *testing.T) {
			m := committeeStorage(t, 51, 3, tree, 0.4, 3)
			ref := steppertest.CheckSlicing(t, func() stepper.Stepper { return newSmall(t, "fbp", m, 4) }, fingerprintText).(Trainer)
			if s := ref.Snapshot(); s.Errors != m.Errors(ref.Weights()) || s.Solved != (s.Errors == 0) {
				t.Errorf("snapshot %+v inconsistent with weights (errors %d)", s, m.Errors(ref.Weights()))
			}
			if got := fingerprint(ref); got != golden[tree] {
				t.Errorf("fingerprint %#x, golden %#x", got, golden[tree])
			}
		})
	}
	cases := []struct {
		n, k  int
		tree  bool
		alpha float64
		seeds int
	}{{201, 3, true, 0.5, 2}, {101, 3, false, 0.35, 1}}
	for _, c := range cases {
		for seed := uint64(1); seed <= uint64(c.seeds); seed++ {
			m := committeeStorage(t, c.n, c.k, c.tree, c.alpha, seed)
			tr, err := New("fbp", m, seed, 0)
			if err != nil {
				t.Fatal(err)
			}
			runAll(tr, time.Hour)
			if s := tr.Snapshot(); !s.Solved || m.Errors(tr.Weights()) != 0 {
				t.Errorf("committee K=%d tree=%v N=%d alpha=%g seed %d: fBP left %d errors after %d sweeps",
					c.k, c.tree, c.n, c.alpha, seed, m.Errors(tr.Weights()), s.Epoch)
			}
		}
	}
}
