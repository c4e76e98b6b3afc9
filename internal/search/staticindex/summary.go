package staticindex

import (
	"cmp"
	"math"
	"slices"

	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
)

// summarizer writes the summaries of frequent terms: what a query of that
// one word needs without its posting lists — its total, its facet counts
// and its best documents with their postings — so that the most common
// query, one frequent word, fetches no docset and no facet block.
type summarizer struct {
	opts   Options
	entry  *Entry
	fv     *facetValues
	chunks []hash // document chunks, by chunk number

	// What summary counted of a term so far, kept for the next term:
	// by matter, the (facet, value) pairs counted for it, a list in seen
	// from head, when stamp is the term's number gen.
	gen   int32
	stamp []int32
	head  []int32
	seen  []seenValue
}

// seenValue is a facet's value counted for a matter; next is the matter's
// next in summarizer.seen, -1 none.
type seenValue struct{ facet, value, next int32 }

// first reports whether the value v of facet is m's first for the term,
// and notes it.
func (s *summarizer) first(m, facet, v int) bool {
	if s.stamp[m] != s.gen {
		s.stamp[m], s.head[m] = s.gen, -1
	}
	for i := s.head[m]; i >= 0; i = s.seen[i].next {
		if sv := s.seen[i]; sv.facet == int32(facet) && sv.value == int32(v) {
			return false
		}
	}
	s.seen = append(s.seen, seenValue{int32(facet), int32(v), s.head[m]})
	s.head[m] = int32(len(s.seen) - 1)
	return true
}

// summary returns the summary blob of a term given its postings in each
// field (fields order), or nil when it is in fewer than TermFacetsMin
// documents:
//
//	uvarint total (matters)
//	4 × (uvarint n, n × (uvarint value, uvarint count))  committees,
//	    result categories, years, kinds (1-based values; none left out),
//	    each counting matters
//	uvarint t, t × best document in rank order: uvarint document,
//	    uvarint its matter, hash its chunk, byte field mask, per field in it uvarint freq,
//	    uvarint length
func (s *summarizer) summary(lists [][]posting) []byte {
	n := 0
	for _, ps := range lists {
		n += len(ps)
	}
	if n < s.opts.TermFacetsMin {
		return nil
	}
	scorer := newTermScorer(s.entry, lists)
	n = 0
	// A facet counts matters: first notes the (facet, value, matter)
	// seen.
	if s.stamp == nil {
		s.stamp = make([]int32, len(s.fv.matter))
		s.head = make([]int32, len(s.fv.matter))
	}
	s.gen++
	s.seen = s.seen[:0]
	var (
		cursors    = make([]int, len(lists))
		total      int
		committees = make([]int, len(s.fv.committeeNames)+1)
		categories = make([]int, len(s.entry.ResultCategories)+1)
		years      = make([]int, len(s.entry.Years)+1)
		kinds      = make([]int, len(s.entry.Kinds)+1)
		best       = newTopK(s.opts.SummaryTop, scored.above)
	)
	for {
		// the next document of any list
		doc := math.MaxInt
		for fi, ps := range lists {
			if cursors[fi] < len(ps) {
				doc = min(doc, ps[cursors[fi]].doc)
			}
		}
		if doc == math.MaxInt {
			break
		}
		var at [3]*posting
		for fi, ps := range lists {
			if c := cursors[fi]; c < len(ps) && ps[c].doc == doc {
				at[fi] = &ps[c]
				cursors[fi]++
			}
		}
		n++
		m := s.fv.matter[doc]
		count := func(counts []int, facet, v int) {
			if s.first(m, facet, v) {
				counts[v]++
			}
		}
		if s.first(m, -1, 0) {
			total++
		}
		count(committees, 0, s.fv.committee[doc])
		count(categories, 1, s.fv.category[doc])
		count(years, 2, s.fv.year[doc])
		count(kinds, 3, s.fv.kind[m]+1)
		best.add(scored{doc: doc, score: scorer.score(at), at: at})
	}
	if n < s.opts.TermFacetsMin {
		return nil
	}
	var w writer
	w.int(total)
	for _, counts := range [][]int{committees, categories, years, kinds} {
		k := 0
		for v, c := range counts {
			if v > 0 && c > 0 {
				k++
			}
		}
		w.int(k)
		for v, c := range counts {
			if v > 0 && c > 0 {
				w.int(v)
				w.int(c)
			}
		}
	}
	top := best.sorted()
	w.int(len(top))
	for _, d := range top {
		w.int(d.doc)
		w.int(s.fv.matter[d.doc])
		h := s.chunks[d.doc/s.opts.DocChunk]
		w.raw(h[:])
		var mask byte
		for fi, p := range d.at {
			if p != nil {
				mask |= 1 << fi
			}
		}
		w.byte(mask)
		for _, p := range d.at {
			if p != nil {
				w.int(p.freq)
				w.int(p.length)
			}
		}
	}
	return w.b
}

// termScorer computes the score of a query of one word as Bleve does (and
// the browser client, web/search/ranking.js, whose operations it repeats
// in the same order): a disjunction over the fields,
// children by document count, the parts clause boosted, query
// normalization over the disjunction's weight.
type termScorer struct {
	order []int // fields in the disjunction's order
	idf   [3]float64
	avgdl [3]float64
	qw    [3]float64
}

func newTermScorer(entry *Entry, lists [][]posting) *termScorer {
	t := &termScorer{order: []int{0, 1, 2}}
	df := func(fi int) int { return len(lists[fi]) }
	for fi, f := range fields {
		t.idf[fi] = idf(entry.Documents, df(fi))
		t.avgdl[fi] = entry.Fields[f].AvgDL
	}
	boost := [3]float64{1, 1, 1}
	boost[2] = searchindex.PartsBoost(uint64(entry.Documents), uint64(df(1)), uint64(df(2)))
	slices.SortStableFunc(t.order, func(a, b int) int { return cmp.Compare(df(a), df(b)) })
	sumW := 0.0
	for _, fi := range t.order {
		x := boost[fi] * t.idf[fi]
		sumW += x * x
	}
	qn := 1 / math.Sqrt(sumW)
	for fi := range fields {
		t.qw[fi] = boost[fi] * t.idf[fi] * qn
	}
	return t
}

func (t *termScorer) score(at [3]*posting) float64 {
	s, matched := 0.0, 0
	for _, fi := range t.order {
		p := at[fi]
		if p == nil {
			continue
		}
		matched++
		x := docScore(t.idf[fi], t.avgdl[fi], uint64(p.freq), norm(p.length))
		if t.qw[fi] != 1 {
			x *= t.qw[fi]
		}
		s += x
	}
	sum := 0.0
	sum += s * (float64(matched) / float64(len(fields)))
	return sum
}

type scored struct {
	doc   int
	score float64
	at    [3]*posting
}

// above reports whether a ranks above b: the word in the title first (the
// rank tiers of searchindex), then the higher score, then the higher
// document number (newer, then key).
func (a scored) above(b scored) bool {
	if at, bt := a.at[0] != nil, b.at[0] != nil; at != bt {
		return at
	}
	return a.score > b.score || a.score == b.score && a.doc > b.doc
}

// topK keeps the k best values added, by above (a min-heap by rank).
type topK[T any] struct {
	k     int
	h     []T
	above func(a, b T) bool
}

func newTopK[T any](k int, above func(a, b T) bool) *topK[T] {
	return &topK[T]{k: k, h: make([]T, 0, k), above: above}
}

func (t *topK[T]) add(v T) {
	if len(t.h) < t.k {
		t.h = append(t.h, v)
		for i := len(t.h) - 1; i > 0; {
			p := (i - 1) / 2
			if !t.above(t.h[p], t.h[i]) {
				break
			}
			t.h[p], t.h[i] = t.h[i], t.h[p]
			i = p
		}
		return
	}
	if t.k == 0 || !t.above(v, t.h[0]) {
		return
	}
	t.h[0] = v
	for i := 0; ; {
		l := 2*i + 1
		if l >= len(t.h) {
			return
		}
		m := l
		if r := l + 1; r < len(t.h) && t.above(t.h[l], t.h[r]) {
			m = r
		}
		if !t.above(t.h[i], t.h[m]) {
			return
		}
		t.h[i], t.h[m] = t.h[m], t.h[i]
		i = m
	}
}

// sorted returns the kept values, best first.
func (t *topK[T]) sorted() []T {
	out := slices.Clone(t.h)
	slices.SortFunc(out, func(a, b T) int {
		if t.above(a, b) {
			return -1
		}
		if t.above(b, a) {
			return 1
		}
		return 0
	})
	return out
}
