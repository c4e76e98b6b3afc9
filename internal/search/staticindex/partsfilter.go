package staticindex

import "math/bits"

// The parts filter (Entry.PartsFilter, format 21) lets a client guess a
// compound's parts from the word itself: a query of a compound needs its
// parts' entries, which only its own entry names, a round trip after
// it. A compound's first part is a beginning of it and its last part an
// end, with a linking element between them (on Karlsruhe 48,697 of
// 49,463 splits), so the client looks up, beside the word, its two
// longest beginnings that are parts, each followed by a linking element
// and an end that is a part — for a word alone only when it has no
// summary, which answers a query of it alone (docs/index-format.md,
// "Parts filter").
// Both sets are Bloom filters.
const (
	partsFilterBits   = 10 // bits per term: about 1 % false positives with 7 hashes
	partsFilterHashes = 7
)

// partsFilter is the filter's payload: uvarint the number of hashes, then
// two Bloom filters as bytes — the parts of the compounds, and the terms
// with a summary (bit i of a filter: byte i/8, bit i%8 from the least
// significant).
func partsFilter(parts, summarized map[string]bool) []byte {
	var w writer
	w.int(partsFilterHashes)
	w.bytes(bloom(parts))
	w.bytes(bloom(summarized))
	return w.b
}

// bloom is a Bloom filter of terms: partsFilterBits bits per term (64 at
// least), partsFilterHashes of them set per term.
func bloom(terms map[string]bool) []byte {
	m := max(64, (len(terms)*partsFilterBits+7)/8*8)
	set := make([]byte, m/8)
	for t := range terms {
		for _, i := range bloomPlaces(t, m) {
			set[i/8] |= 1 << (i % 8)
		}
	}
	return set
}

// bloomPlaces are the bits of term in a filter of m bits: double hashing
// on the 32-bit FNV-1a of its UTF-8 bytes, h1 + i·h2 with h2 its halves
// swapped (odd), in 32-bit arithmetic, modulo m.
func bloomPlaces(term string, m int) []uint32 {
	h1 := fnv1a(term)
	h2 := bits.RotateLeft32(h1, 16) | 1
	out := make([]uint32, partsFilterHashes)
	for i := range out {
		out[i] = (h1 + uint32(i)*h2) % uint32(m)
	}
	return out
}
