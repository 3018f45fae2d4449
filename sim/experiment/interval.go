package experiment

import "math"

// WilsonInterval is the Wilson score interval of a success rate: solved successes in n trials, at z
// standard errors (z = 1: the 68% interval drawn as error bars; z = 1.96: 95%). Unlike p ± z
// sqrt(p(1-p)/n) it stays inside [0, 1] and is not empty at 0 or n successes, where a finite-size
// study's points pile up. With n = 0 it is the whole [0, 1].
func WilsonInterval(solved, n int, z float64) (lo, hi float64) {
	if n <= 0 {
		return 0, 1
	}
	nf := float64(n)
	p := float64(solved) / nf
	z2 := z * z
	centre := (p + z2/(2*nf)) / (1 + z2/nf)
	half := z / (1 + z2/nf) * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	lo, hi = max(0, centre-half), min(1, centre+half)
	if solved == 0 {
		lo = 0 // exactly, not a rounding error away
	}
	if solved == n {
		hi = 1
	}
	return lo, hi
}
