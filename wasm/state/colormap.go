package state

import "math"

// RGB is an 8-bit colour.
type RGB struct{ R, G, B uint8 }

// viridisAnchors are 9 evenly spaced samples of matplotlib's viridis map
// (perceptually uniform, readable in grey and by colour-blind readers).
var viridisAnchors = [...]RGB{
	{68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142}, {33, 144, 141},
	{39, 173, 129}, {92, 200, 99}, {170, 220, 50}, {253, 231, 37},
}

// Viridis maps t in [0, 1] (clamped; NaN gives mid-grey) to a colour.
func Viridis(t float64) RGB {
	if math.IsNaN(t) {
		return RGB{128, 128, 128}
	}
	t = math.Max(0, math.Min(1, t))
	x := t * float64(len(viridisAnchors)-1)
	i := int(math.Floor(x))
	if i >= len(viridisAnchors)-1 {
		return viridisAnchors[len(viridisAnchors)-1]
	}
	f := x - float64(i)
	a, b := viridisAnchors[i], viridisAnchors[i+1]
	mix := func(p, q uint8) uint8 { return uint8(math.Round(float64(p) + f*(float64(q)-float64(p)))) }
	return RGB{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B)}
}
