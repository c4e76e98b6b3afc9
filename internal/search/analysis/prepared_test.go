package analysis

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestPrepareFromSplitsAsPrepare: a dictionary prepared from the splits of
// another (a corpus's, its counts changed as a new meeting changes them, and
// more) splits and segments every word as one prepared from nothing, and
// takes over the splits of the words its changes cannot reach.
func TestPrepareFromSplitsAsPrepare(t *testing.T) {
	base := corpusDictionary(t, "nordstemmen")
	old := base.Prepared()
	byFreq := slices.SortedFunc(maps.Keys(old.Words), func(a, b string) int { return old.Words[b] - old.Words[a] })
	sorted := slices.Sorted(maps.Keys(old.Words))
	for name, c := range map[string]struct {
		change func(w map[string]int, rng *rand.Rand)
		// most: at most this share of the words is split anew
		most float64
		// resplit: some word's split changes
		resplit bool
	}{
		"Unchanged": {change: func(map[string]int, *rand.Rand) {}, most: 0},
		// a meeting's words: the common ones (stop words, "Der" at the
		// start of a sentence) more often, and a few new compounds
		"Meeting": {change: func(w map[string]int, rng *rand.Rand) {
			for _, x := range byFreq[:60] {
				w[x] += 1 + rng.IntN(20)
			}
			for range 10 {
				a, b := sorted[rng.IntN(len(sorted))], sorted[rng.IntN(len(sorted))]
				if a[0] >= 'a' && b[0] >= 'a' {
					w[a+b]++
					w[strings.ToUpper(a[:1])+a[1:]+b]++
				}
			}
		}, most: 0.5},
		// a new word that splits old compounds anew (Ufer: Baggerseeufer)
		"NewParts": {change: func(w map[string]int, rng *rand.Rand) {
			for range 30 {
				x := sorted[rng.IntN(len(sorted))]
				if len(x) >= 10 && x[0] >= 'a' {
					p := x[len(x)-5:]
					w[p] += 5
					w[strings.ToUpper(p[:1])+p[1:]] += 5
				}
			}
		}, most: 1, resplit: true},
		// inflected forms of compounds' last parts more frequent: the
		// stems' counts change, which rank the segmentations
		"Inflections": {change: func(w map[string]int, rng *rand.Rand) {
			for range 400 {
				seg := old.Segs[sorted[rng.IntN(len(sorted))]]
				if len(seg) == 0 {
					continue
				}
				p := seg[len(seg)-1]
				for _, e := range []string{"en", "n", "s", "e", "es"} {
					if stemASCII(p+e) == stemASCII(p) {
						w[p+e] += 1 + rng.IntN(200)
						break
					}
				}
			}
		}, most: 1, resplit: true},
		// counts crossing every threshold, words gone, modifiers changed
		"Random": {change: func(w map[string]int, rng *rand.Rand) {
			for _, x := range sorted {
				switch r := rng.IntN(1000); {
				case r < 10:
					delete(w, x)
				case r < 30:
					w[x] = []int{1, 2, 3, 4, 9, 10, 11, 99, 100, 101}[rng.IntN(10)]
				case r < 40 && x[0] >= 'a':
					w[strings.ToUpper(x[:1])+x[1:]] = 1 + rng.IntN(2*old.Words[x]+1)
				}
			}
		}, most: 1, resplit: true},
	} {
		t.Run(name, func(t *testing.T) {
			for seed := range uint64(3) {
				rng := rand.New(rand.NewPCG(seed, 14))
				words := maps.Clone(old.Words)
				c.change(words, rng)
				fresh := NewDictionary(words)
				fresh.Prepare()
				d := NewDictionary(words)
				n := d.PrepareFrom(old)
				if max := c.most * float64(len(d.sorted)); float64(n) > max {
					t.Errorf("seed %d: %d of %d words split anew, want at most %.0f", seed, n, len(d.sorted), max)
				}
				resplit := 0
				for i, w := range fresh.sorted {
					if !slices.Equal(d.splits[i], fresh.splits[i]) || !slices.Equal(d.segmentOf(w), fresh.segmentOf(w)) {
						t.Fatalf("seed %d: %q splits %v (segments %v), prepared from nothing %v (%v)", seed, w,
							d.splits[i], d.segmentOf(w), fresh.splits[i], fresh.segmentOf(w))
					}
					if !slices.Equal(fresh.splits[i], base.Split(w)) {
						resplit++
					}
				}
				if c.resplit && resplit == 0 {
					t.Errorf("seed %d: no word splits otherwise than before: the case tests nothing", seed)
				}
				if !maps.EqualFunc(d.QuerySplits(), fresh.QuerySplits(), slices.Equal) {
					t.Errorf("seed %d: query splits differ", seed)
				}
				t.Logf("seed %d: %d of %d words split anew, %d split otherwise than before", seed, n, len(d.sorted), resplit)
			}
		})
	}
}
