package gen

import (
	"math/bits"
	"math/rand/v2"
)

// rng is the generator's source of randomness. Only PCG's Uint64 is used
// (its algorithm is specified), and every derived draw is computed here, so
// the same seed gives the same records whatever the Go release.
type rng struct{ src *rand.PCG }

// newRNG returns the stream of one part of the archive: the plan, an agenda
// item's texts, a paper's texts. Streams are independent, so the text of an
// item does not change when another item's text is generated differently.
func newRNG(seed uint64, stream ...uint64) *rng {
	s2 := uint64(0x9e3779b97f4a7c15)
	for _, x := range stream {
		s2 = mix(s2 ^ x)
	}
	return &rng{src: rand.NewPCG(seed, s2)}
}

// mix is SplitMix64's finalizer: it spreads nearby stream numbers apart.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// below returns a uniform number in [0, n) (Lemire's method); n > 0.
func (r *rng) below(n uint64) uint64 {
	hi, lo := bits.Mul64(r.src.Uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(r.src.Uint64(), n)
		}
	}
	return hi
}

// intn returns a uniform int in [0, n); n > 0.
func (r *rng) intn(n int) int { return int(r.below(uint64(n))) }

// between returns a uniform int in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// chance is true with probability percent/100.
func (r *rng) chance(percent int) bool { return r.intn(100) < percent }

// pick returns a uniform element of xs.
func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// weighted is a distribution over n outcomes with integer weights, sampled
// by binary search over the running sums.
type weighted struct {
	cum []uint64 // cum[i] = sum of weights 0..i
}

func newWeighted(weights []uint64) weighted {
	cum := make([]uint64, len(weights))
	var sum uint64
	for i, w := range weights {
		sum += w
		cum[i] = sum
	}
	return weighted{cum: cum}
}

// draw returns an outcome index.
func (w weighted) draw(r *rng) int {
	x := r.below(w.cum[len(w.cum)-1])
	lo, hi := 0, len(w.cum)-1
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if w.cum[mid] > x {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// choice is an outcome with a weight, for small hand-written tables.
type choice[T any] struct {
	w int
	v T
}

// choose draws from a small weighted table.
func choose[T any](r *rng, cs []choice[T]) T {
	total := 0
	for _, c := range cs {
		total += c.w
	}
	x := r.intn(total)
	for _, c := range cs {
		if x < c.w {
			return c.v
		}
		x -= c.w
	}
	panic("unreachable")
}
