package staticindex

import (
	"cmp"
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strings"

	index "github.com/blevesearch/bleve_index_api"
)

// phraseSummaries writes the summaries of frequent word pairs: what a
// query of the phrase of the two words alone needs — its total, facet
// counts and best documents — in the pair's entry, as a frequent word's
// is in its own (summary). At 100,000 generated items the phrase
// "darauf hingewiesen" (36,000 matters) took three round trips to its
// hits and fetched 193 KB for them, the pair's list of 108 KB among
// them, and 244 KB of facet blocks to count them.
type phraseSummaries struct {
	ctx   context.Context
	r     index.IndexReader
	num   *docNums
	entry *Entry
	sum   *summarizer
	opts  Options
	// df caches the words' document counts by field and word: the
	// pairs of a frequent word share it.
	df [pairFields]map[string]int
	// most caches Bleve's count of a word's documents by field and word,
	// which may count deleted ones: a bound, to skip pairs cheaply.
	most [pairFields]map[string]int
}

// atMost returns at least the number of documents with word in field fi.
func (ps *phraseSummaries) atMost(fi int, word string) (int, error) {
	if ps.most[fi] == nil {
		ps.most[fi] = map[string]int{}
	}
	if n, ok := ps.most[fi][word]; ok {
		return n, nil
	}
	tfr, err := ps.r.TermFieldReader(ps.ctx, []byte(word), fields[fi], false, false, false)
	if err != nil {
		return 0, fmt.Errorf("staticindex: %s:%s: %w", fields[fi], word, err)
	}
	n := int(tfr.Count())
	if err := tfr.Close(); err != nil {
		return 0, fmt.Errorf("staticindex: %w", err)
	}
	ps.most[fi][word] = n
	return n, nil
}

// summary returns the summary blob of the phrase of wp's two words, or
// nil when the phrase is in fewer than PairSummaryMin documents, and the
// words' document counts in the text (whether their positions choose the
// passage of an excerpt: ExcerptTermsMaxDF). Where
// the pair has no list in a field (it is rarer there than PairMinDocs,
// or a word's list is not larger than a block), the phrase's documents
// there come from the words' positions.
func (ps *phraseSummaries) summary(wp *wordPair) ([]byte, [2]int, error) {
	words := strings.SplitN(strings.TrimPrefix(wp.key, " "), " ", 2)
	// Without a field's list the phrase is there in fewer than
	// PairMinDocs documents when both words' lists are large, else in
	// at most as many as the rarer word's: bound the documents first,
	// as most pairs are far from a summary (on Karlsruhe all but 243 of
	// 20,442 from one of 256 documents).
	most := 0
	for fi, l := range wp.lists {
		switch {
		case l != nil:
			most += len(l)
		case wp.large[fi]:
			most += ps.opts.PairMinDocs - 1
		default:
			a, err := ps.atMost(fi, words[0])
			if err != nil {
				return nil, [2]int{}, err
			}
			b, err := ps.atMost(fi, words[1])
			if err != nil {
				return nil, [2]int{}, err
			}
			most += min(a, b)
		}
	}
	if most < ps.opts.PairSummaryMin {
		return nil, [2]int{}, nil
	}
	q := phraseQuery{}
	var docs []int
	for fi := range pairFields {
		f := &q.fields[fi]
		f.list = wp.lists[fi]
		f.avgdl = ps.entry.Fields[fields[fi]].AvgDL
		var lists [2][]posting
		for k, w := range words {
			if ps.df[fi] == nil {
				ps.df[fi] = map[string]int{}
			}
			df, ok := ps.df[fi][w]
			if !ok || f.list == nil {
				l, err := readPostings(ps.ctx, ps.r, w, fields[fi], ps.num, f.list == nil)
				if err != nil {
					return nil, [2]int{}, err
				}
				df, lists[k] = len(l), l
				ps.df[fi][w] = df
			}
			f.df[k] = df
			f.idf[k] = idf(ps.entry.Documents, df)
		}
		if f.list == nil {
			f.list = adjacentIn(lists[0], lists[1])
		}
		var in []int
		for _, p := range f.list {
			in = append(in, int(p.doc))
		}
		docs = union(docs, in)
	}
	if len(docs) < ps.opts.PairSummaryMin {
		return nil, [2]int{}, nil
	}
	q.prepare()
	return ps.sum.write(docs, q.score), q.fields[1].df, nil
}

// keyHash is the low 16 bits of the 32-bit FNV-1a hash of a word pair's
// key (its UTF-8 bytes), by which a dictionary page lists the pairs with
// a summary: 2 bytes instead of the key (at 100,000 generated items 1,750
// pairs). A phrase whose key's hash another's of its shard has costs a
// round trip (its words' entries load after its pair's), not a wrong
// answer: the pair's entry says whether it has a summary.
func keyHash(key string) uint16 {
	return uint16(fnv1a(key))
}

// fnv1a is the 32-bit FNV-1a hash of s's UTF-8 bytes, as the client's
// (format.js) computes it: for the pairs' keys and the parts filter.
func fnv1a(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

// adjacentIn returns the documents where a word of list a (postings with
// positions, by document) directly precedes one of list b, with both
// words' frequencies and the field's length: a pair's list, as pairs
// reads it from every large list's positions.
func adjacentIn(a, b []posting) []pairPosting {
	var out []pairPosting
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].doc < b[j].doc:
			i++
		case a[i].doc > b[j].doc:
			j++
		default:
			for _, x := range a[i].pos {
				if _, ok := slices.BinarySearch(b[j].pos, x+1); ok {
					out = append(out, pairPosting{int32(a[i].doc), int32(a[i].freq), int32(b[j].freq), int32(a[i].length)})
					break
				}
			}
			i++
			j++
		}
	}
	return out
}

// phraseQuery is the query of a phrase of two words, as Bleve scores it
// (and web/search/ranking.js Scorer, whose operations for a phrase
// clause it repeats in the same order): per field where the phrase is,
// the sum of both words' field scores, weighted by the fields it is in.
type phraseQuery struct {
	fields [pairFields]phraseField
	order  []int // fields by the words' documents there, as the client sorts them
	qn     float64
}

// phraseField is the phrase in a field: its documents there with the
// words' postings, and each word's document count in the field.
type phraseField struct {
	list  []pairPosting
	df    [2]int
	idf   [2]float64
	avgdl float64
	words []int // the words by document count
	at    int   // where seek last left list
}

// prepare orders the fields and words as the client sorts them and
// computes the query norm.
func (q *phraseQuery) prepare() {
	q.order = []int{0, 1}
	slices.SortStableFunc(q.order, func(a, b int) int {
		return cmp.Compare(q.fields[a].df[0]+q.fields[a].df[1], q.fields[b].df[0]+q.fields[b].df[1])
	})
	w := 0.0
	for _, fi := range q.order {
		f := &q.fields[fi]
		f.words = []int{0, 1}
		slices.SortStableFunc(f.words, func(a, b int) int { return cmp.Compare(f.df[a], f.df[b]) })
		fw := 0.0
		for _, k := range f.words {
			fw += f.idf[k] * f.idf[k]
		}
		w += fw
	}
	q.qn = 1 / math.Sqrt(0+w)
}

// score returns a document's score and rank tier (searchindex
// rankTiers): 0 with the phrase in the title, 1 without.
func (q *phraseQuery) score(doc int) (float64, int) {
	s, matched := 0.0, 0
	tier := 1
	for _, fi := range q.order {
		f := &q.fields[fi]
		p, ok := f.seek(doc)
		if !ok {
			continue
		}
		if fi == 0 {
			tier = 0
		}
		matched++
		ps := 0.0
		for _, k := range f.words {
			freq := p.freqA
			if k == 1 {
				freq = p.freqB
			}
			x := docScore(f.idf[k], f.avgdl, uint64(freq), norm(int(p.length)))
			if w := f.idf[k] * q.qn; w != 1 {
				x *= w
			}
			ps += x
		}
		s += ps
	}
	return 0 + s*(float64(matched)/float64(pairFields)), tier
}

// seek returns doc's posting in the field's list; documents come in
// ascending order, so the search starts where the last one ended.
func (f *phraseField) seek(doc int) (pairPosting, bool) {
	if f.at > 0 && int(f.list[f.at-1].doc) >= doc {
		f.at = 0
	}
	i, ok := slices.BinarySearchFunc(f.list[f.at:], doc, func(p pairPosting, d int) int { return cmp.Compare(int(p.doc), d) })
	f.at += i
	if !ok {
		return pairPosting{}, false
	}
	return f.list[f.at], true
}
