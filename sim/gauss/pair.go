package gauss

import "math"

// Average2 returns E f(x, y) over two standard Gaussians with correlation rho
// (|rho| <= 1), written as x = z1, y = rho z1 + sqrt(1-rho^2) z2 with z1, z2
// independent. The outer integral over z1 uses outer; the inner one over z2
// uses n-point panels with the kinks returned by innerKinks(z1) (nil: no
// kinks). Because the inner variable enters scaled by sqrt(1-rho^2), the
// result stays accurate as rho -> 1, where the pair degenerates to y = x.
// scratch may be nil; pass a reused *Rule to avoid allocation in hot loops.
func Average2(rho float64, outer *Rule, n int, innerKinks func(z1 float64) []Kink, scratch *Rule, f func(x, y float64) float64) float64 {
	s := math.Sqrt(math.Max(0, 1-rho*rho))
	if scratch == nil {
		scratch = &Rule{}
	}
	var breaks []float64
	total := 0.0
	for i, z1 := range outer.Z {
		var kinks []Kink
		if innerKinks != nil {
			kinks = innerKinks(z1)
		}
		breaks = append(breaks[:0], Breaks(kinks...)...)
		scratch.Fill(breaks, n)
		inner := 0.0
		for j, z2 := range scratch.Z {
			inner += scratch.W[j] * f(z1, rho*z1+s*z2)
		}
		total += outer.W[i] * inner
	}
	return total
}
