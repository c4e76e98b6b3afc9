package staticindex

import (
	"context"
	"fmt"
	"slices"
	"strings"

	index "github.com/blevesearch/bleve_index_api"
)

// maskPair is the bit of an entry's mask that makes it a word pair's:
// its fields (bits 0 and 1, title and text) carry pair lists instead of
// posting lists.
const maskPair = 1 << 7

// pairFields are the fields of a phrase (the title and the text), in the
// order of their mask bits.
const pairFields = 2

// PairKey is the key of the word pair a b in the pairs' dictionary: a
// space, a, a space, b (no term holds a space, so no key is a term).
func PairKey(a, b string) string { return " " + a + " " + b }

// pairPosting is a document where one word of a pair directly follows
// the other in a field, with both words' frequencies and the field's
// length there: what a phrase of the two needs to match and rank it.
type pairPosting struct{ doc, freqA, freqB, length int32 }

// wordPair is a pair's entry: its key and its lists by field, and by
// field whether both its words' lists are large there (then a field
// without its list has the pair in fewer than PairMinDocs documents).
type wordPair struct {
	key   string
	lists [pairFields][]pairPosting
	large [pairFields]bool
}

// pairs reads the documents where one large list's word directly
// follows another's, in the title and the text, for every such pair of
// words in at least PairMinDocs documents of a field. A phrase of two
// frequent words reads its documents from their pair's list instead of
// both words' positions: on Karlsruhe "antrag grüne" fetched 26.8 KB of
// positions in 5 files and 16.4 KB of block files for the documents with
// both words, 976 of them with the phrase. Pairs of words whose lists are
// small are left out: their positions are in the dictionary or a pack
// beside it. A client uses a pair's list where both words' lists are
// large; where it finds none, the pair is rarer than PairMinDocs there
// (or absent), and it reads positions.
func (e *exporter) pairs(ctx context.Context, r index.IndexReader, num *docNums, ndocs int) ([]wordPair, error) {
	// An occurrence of a large list's word is its place and the word's
	// number in one uint64, place first, so that a document's sort as
	// numbers is by place, then word: 8 bytes, as a field holds millions
	// of them (1.9 million in Karlsruhe's text). A pair of words is
	// their numbers so too.
	byKey := map[string]*wordPair{}
	var large [pairFields]map[string]bool // the words of large lists, by field
	for fi := range pairFields {
		field := fields[fi]
		d, err := r.FieldDict(field)
		if err != nil {
			return nil, fmt.Errorf("staticindex: %w", err)
		}
		var words []string
		large[fi] = map[string]bool{}
		occs := make([][]uint64, ndocs)
		lengths := make([]int32, ndocs)
		for {
			if err := ctx.Err(); err != nil {
				d.Close()
				return nil, err
			}
			de, err := d.Next()
			if err != nil {
				d.Close()
				return nil, fmt.Errorf("staticindex: %w", err)
			}
			if de == nil {
				break
			}
			if de.Count <= uint64(e.opts.BlockSize) {
				continue // a count above the documents' (deleted ones) only lets more through
			}
			if strings.Contains(de.Term, " ") {
				d.Close()
				return nil, fmt.Errorf("staticindex: %s:%q holds a space, which separates a pair's words", field, de.Term)
			}
			ps, err := readPostings(ctx, r, de.Term, field, num, true)
			if err != nil {
				d.Close()
				return nil, err
			}
			if len(ps) <= e.opts.BlockSize {
				continue
			}
			w := int32(len(words))
			words = append(words, de.Term)
			large[fi][de.Term] = true
			for _, p := range ps {
				// The pairs count a word's frequency from its places.
				if len(p.pos) != p.freq {
					d.Close()
					return nil, fmt.Errorf("staticindex: %s:%s: document %d has %d places for a frequency of %d", field, de.Term, p.doc, len(p.pos), p.freq)
				}
				lengths[p.doc] = int32(p.length)
				for _, x := range p.pos {
					occs[p.doc] = append(occs[p.doc], uint64(x)<<32|uint64(w))
				}
			}
		}
		if err := d.Close(); err != nil {
			return nil, fmt.Errorf("staticindex: %w", err)
		}
		// adjacent calls f for each pair of words in document doc's
		// occurrences os (sorted), once per pair: each occurrence with
		// every one a place after it (words may share a place).
		var found []uint64
		adjacent := func(os []uint64, f func(k uint64)) {
			found = found[:0]
			next := 0
			for _, a := range os {
				for next < len(os) && os[next]>>32 <= a>>32 {
					next++
				}
				for j := next; j < len(os) && os[j]>>32 == a>>32+1; j++ {
					// a<<32 drops a's place and leaves its word in the
					// high half; the next word's number goes below it.
					found = append(found, a<<32|os[j]&(1<<32-1))
				}
			}
			slices.Sort(found)
			for _, k := range slices.Compact(found) {
				f(k)
			}
		}
		// The documents of each pair first, so that only the lists of
		// pairs in PairMinDocs documents are kept (at Karlsruhe 20,453
		// of 130,087 in the text, of which 78,527 are in one document).
		count := map[uint64]int{}
		for _, os := range occs {
			slices.Sort(os)
			adjacent(os, func(k uint64) { count[k]++ })
		}
		// Then their lists, document by document, in order.
		lists := map[uint64][]pairPosting{}
		freq := map[uint32]int32{} // a word's occurrences in the document: its frequency
		for doc, os := range occs {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			clear(freq)
			for _, o := range os {
				freq[uint32(o)]++
			}
			adjacent(os, func(k uint64) {
				if count[k] >= e.opts.PairMinDocs {
					lists[k] = append(lists[k], pairPosting{int32(doc), freq[uint32(k>>32)], freq[uint32(k)], lengths[doc]})
				}
			})
			occs[doc] = nil
		}
		for k, ps := range lists {
			key := PairKey(words[k>>32], words[uint32(k)])
			wp := byKey[key]
			if wp == nil {
				wp = &wordPair{key: key}
				byKey[key] = wp
			}
			wp.lists[fi] = ps
		}
	}
	out := make([]wordPair, 0, len(byKey))
	for _, wp := range byKey {
		ws := strings.SplitN(wp.key[1:], " ", 2)
		for fi := range pairFields {
			wp.large[fi] = large[fi][ws[0]] && large[fi][ws[1]]
		}
		out = append(out, *wp)
	}
	slices.SortFunc(out, func(a, b wordPair) int { return strings.Compare(a.key, b.key) })
	return out, nil
}

// encodePairPostings writes a pair list in columns: document gaps, the
// first word's frequencies, the second's, the field's lengths.
func encodePairPostings(ps []pairPosting) []byte {
	var w writer
	prev := int32(0)
	for _, p := range ps {
		w.int(int(p.doc - prev))
		prev = p.doc
	}
	for _, p := range ps {
		w.int(int(p.freqA))
	}
	for _, p := range ps {
		w.int(int(p.freqB))
	}
	for _, p := range ps {
		w.int(int(p.length))
	}
	return w.b
}

// pairEntry appends a pair's entry after its key: the mask, then per
// field a pair list descriptor — df, mode 0 and the postings inline, or
// mode 1 and a reference to them in the shard's own blobs (a file of
// their own when big, named by the dictionary page) — then its summary,
// when it has one (phraseSummaries), and its words' document counts in
// the text, so that the hits of a query its summary answers need neither
// word's entry to choose their excerpts' passages. A pair with a summary keeps a big
// list in a file its page does not name: a query of the phrase alone
// takes its page from the summary, so the list does not load beside
// the shard (at 100,000 generated items "darauf hingewiesen"'s 108 KB).
func (e *exporter) pairEntry(sh *dictShard, ent *writer, wp *wordPair, summary []byte, textDF [2]int) error {
	var mask byte = maskPair
	for fi, ps := range wp.lists {
		if len(ps) > 0 {
			mask |= 1 << fi
		}
	}
	if summary != nil {
		mask |= maskSummary
	}
	ent.byte(mask)
	for _, ps := range wp.lists {
		if len(ps) == 0 {
			continue
		}
		ent.int(len(ps))
		post := encodePairPostings(ps)
		if len(post) <= e.opts.InlineBytes {
			ent.byte(plInline)
			ent.bytes(post)
			continue
		}
		ent.byte(plPacked)
		if err := e.blob(sh, ent, post, summary == nil || len(post) <= e.opts.ShardBlobBytes); err != nil {
			return err
		}
	}
	if summary != nil {
		ent.bytes(summary)
		ent.int(textDF[0])
		ent.int(textDF[1])
	}
	return nil
}
