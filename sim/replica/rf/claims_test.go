package rf

import (
	"context"
	"testing"
	"time"

	"flatland/sim/stepper"
)

// The explorer (site/index.html, "Typical solutions are isolated; rare ones
// are not") says, at its default view (sign features, teacher labels,
// alpha_D = 1): around a typical solution the local entropy at small d is far
// below the bound H2(d) (at alpha = 0.4 about a fifth of it at d = 0.005) and
// negative from about alpha = 0.5 on; around the flat reference it hugs the
// bound. This test recomputes each of those claims.
func TestExplorerEntropyClaims(t *testing.T) {
	m := Model{Act: Sign, Labels: Teacher}
	curves := func(alpha float64) *EntropyCurves {
		t.Helper()
		e, err := NewEntropyCurves(m, alpha, 1, 0.005)
		if err != nil {
			t.Fatal(err)
		}
		if err := stepper.Run(context.Background(), e, 50*time.Millisecond); err != nil {
			t.Fatal(err)
		}
		return e
	}
	smallest := func(c []LocalEntropyPoint) LocalEntropyPoint {
		t.Helper()
		if len(c) == 0 {
			t.Fatal("empty curve")
		}
		p := c[0]
		for _, q := range c {
			if q.D < p.D {
				p = q
			}
		}
		return p
	}
	at04 := curves(0.4)
	typ := smallest(at04.Typical())
	if !(typ.Entropy > 0 && typ.Entropy < 0.25*typ.Bound) || typ.D > 0.0051 {
		t.Errorf("alpha=0.4: typical S(%.4f) = %.4f, bound %.4f; the text says positive and about a fifth of the bound", typ.D, typ.Entropy, typ.Bound)
	}
	flat, _, _ := at04.Flat()
	fp := smallest(flat)
	if !(fp.Entropy >= 0.95*fp.Bound) {
		t.Errorf("alpha=0.4: flat S(%.4f) = %.4f, bound %.4f; the text says it hugs the bound", fp.D, fp.Entropy, fp.Bound)
	}
	typ = smallest(curves(0.55).Typical())
	if !(typ.Entropy < 0) {
		t.Errorf("alpha=0.55: typical S(%.4f) = %.4f; the text says negative from about alpha = 0.5", typ.D, typ.Entropy)
	}
}
