package perceptron

import (
	"testing"
	"time"
)

// A panic inside the computation surfaces in the goroutine that called step,
// where the caller can recover it, and the stepper then reports an error.
func TestCoroutinePanicReachesCaller(t *testing.T) {
	c := newCoroutine(func(yield func()) error {
		yield()
		panic("boom")
	})
	got := func() (r any) {
		defer func() { r = recover() }()
		c.step(time.Second)
		return nil
	}()
	if got != "boom" {
		t.Fatalf("recovered %v, want the computation's panic", got)
	}
	if done, err := c.step(time.Second); !done || err == nil {
		t.Errorf("after the panic: done %v, error %v; want done with an error", done, err)
	}
}
