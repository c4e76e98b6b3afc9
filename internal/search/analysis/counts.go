package analysis

import (
	"errors"
	"fmt"
)

// WordCounts are the counts of a DictionaryBuilder (Counts). An
// incremental build keeps them for each chunk of documents and for the
// whole archive, so that it counts only the chunks whose documents
// changed: the archive's counts less those chunks' old counts
// (SubtractCounts) plus their new ones (AddCounts) are what counting
// every document gives.
type WordCounts struct {
	// Words are normalized words of a–z letters, each once; Counts how
	// often each occurred and how often of those capitalized.
	Words  []string
	Counts [][2]int
}

// errCounts is the error of counts that no builder made, or that were
// not added before they are taken away.
var errCounts = errors.New("analysis: word counts do not fit")

// Counts returns a copy of the counts so far, in the order the words
// came, without the words counted no more (SubtractCounts).
func (b *DictionaryBuilder) Counts() WordCounts {
	c := WordCounts{Words: make([]string, 0, len(b.words)), Counts: make([][2]int, 0, len(b.words))}
	for i, w := range b.words {
		if b.counts[i][0] > 0 {
			c.Words = append(c.Words, w)
			c.Counts = append(c.Counts, b.counts[i])
		}
	}
	return c
}

// AddCounts adds c, counts a builder made. It fails on counts no builder
// makes (a word of other letters, or capitalized more often than it
// occurred), leaving b with part of them added.
func (b *DictionaryBuilder) AddCounts(c WordCounts) error {
	if len(c.Words) != len(c.Counts) {
		return errCounts
	}
	for i, w := range c.Words {
		n := c.Counts[i]
		if n[0] <= 0 || n[1] < 0 || n[1] > n[0] || !isLowerASCII([]byte(w)) {
			return fmt.Errorf("%w: %q %v", errCounts, w, n)
		}
		x := &b.counts[b.id([]byte(w))]
		x[0] += n[0]
		x[1] += n[1]
	}
	return nil
}

// SubtractCounts takes c, counts added before, away again; a word then
// counted no more is no word of the dictionary. It fails when c holds a
// word more often than b (c was not added), leaving b with part of c
// taken away.
func (b *DictionaryBuilder) SubtractCounts(c WordCounts) error {
	if len(c.Words) != len(c.Counts) {
		return errCounts
	}
	for i, w := range c.Words {
		id, ok := b.ids[w]
		n := c.Counts[i]
		if !ok || n[0] <= 0 || n[1] < 0 {
			return fmt.Errorf("%w: %q %v", errCounts, w, n)
		}
		x := &b.counts[id]
		x[0] -= n[0]
		x[1] -= n[1]
		if x[0] < 0 || x[1] < 0 || x[1] > x[0] {
			return fmt.Errorf("%w: %q %v", errCounts, w, n)
		}
	}
	return nil
}
