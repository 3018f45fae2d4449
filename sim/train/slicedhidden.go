package train

// slicedHidden holds the integer hidden states of clipped-perceptron
// learning on ±1 patterns, bit-sliced 64 weights per word.
//
// Starting from h_i = ±1 and moving by ±2, every h_i is odd, so it is the
// sign w_i = sign(h_i) and the magnitude m_i = (|h_i| - 1)/2 >= 0. The
// magnitude is stored in bit planes: bit i of plane[k][word] is bit k of
// m_i. An update h += 2 x (x = ±1) then becomes, word by word:
//   - x_i = w_i: m_i + 1;
//   - x_i = -w_i and m_i > 0: m_i - 1;
//   - x_i = -w_i and m_i = 0 (h_i = ±1): the sign flips, m_i stays 0.
//
// and the reinforcement h += 2 sign(h) is m + 1 everywhere. Carries and
// borrows stop after a couple of planes on average, so an update costs a few
// word operations per 64 weights instead of 64 scalar adds and sign tests.
// The arithmetic is exact: the states equal the scalar ones bit for bit.
type slicedHidden struct {
	n     int
	valid []uint64   // bits of real weights (the last word is partial)
	sign  []uint64   // bit set: w_i = -1 (the PackSigns convention)
	plane [][]uint64 // plane[k][word]: bit k of m_i; grows as magnitudes do
	flips []uint64   // the signs the last update flipped
}

// newSlicedHidden starts from h_i = w_i (all magnitudes 0); signs are
// packed by nets.PackSigns.
func newSlicedHidden(n int, signs []uint64) *slicedHidden {
	s := &slicedHidden{n: n, valid: make([]uint64, len(signs)), sign: append([]uint64(nil), signs...), flips: make([]uint64, len(signs))}
	for i := 0; i < n; i++ {
		s.valid[i>>6] |= 1 << (uint(i) & 63)
	}
	return s
}

// add adds one to the magnitudes on mask's bits of word k.
func (s *slicedHidden) add(k int, mask uint64) {
	for p := range s.plane {
		if mask == 0 {
			return
		}
		pl := s.plane[p]
		carry := pl[k] & mask
		pl[k] ^= mask
		mask = carry
	}
	if mask != 0 {
		s.grow(k, mask)
	}
}

// update applies h += 2 x for the packed ±1 pattern x; it reports whether
// a sign changed, and s.flips holds which (a mask per word).
//
// One pass over the planes adds one where x agrees with the sign and
// subtracts one where it does not; a borrow that runs out of the planes
// marks a magnitude that was 0: there the planes are restored (m stays 0)
// and the sign flips instead.
func (s *slicedHidden) update(x []uint64) (flipped bool) {
	for k, xk := range x {
		valid := s.valid[k]
		dec := (xk ^ s.sign[k]) & valid
		inc := valid &^ dec
		for _, pl := range s.plane {
			if inc|dec == 0 {
				break
			}
			b := pl[k]
			pl[k] = b ^ inc ^ dec
			inc &= b
			dec &^= b
		}
		if dec != 0 {
			for _, pl := range s.plane {
				pl[k] ^= dec
			}
			s.sign[k] ^= dec
			flipped = true
		}
		s.flips[k] = dec
		if inc != 0 { // after the restore, which must not touch the new plane
			s.grow(k, inc)
		}
	}
	return flipped
}

// grow adds a plane holding the carry out of the top plane for word k.
func (s *slicedHidden) grow(k int, carry uint64) {
	s.plane = append(s.plane, make([]uint64, len(s.sign)))
	s.plane[len(s.plane)-1][k] = carry
}

// reinforce applies h += 2 sign(h) to every weight.
func (s *slicedHidden) reinforce() {
	for k, v := range s.valid {
		s.add(k, v)
	}
}

// hidden returns h_i = w_i (2 m_i + 1) as float64s.
func (s *slicedHidden) hidden() []float64 {
	h := make([]float64, s.n)
	for i := range h {
		k, b := i>>6, uint(i)&63
		var m uint64
		for p, pl := range s.plane {
			m |= (pl[k] >> b & 1) << uint(p)
		}
		v := float64(2*m + 1)
		if s.sign[k]>>b&1 == 1 {
			v = -v
		}
		h[i] = v
	}
	return h
}
