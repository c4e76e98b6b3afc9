package staticindex

import (
	"cmp"
	"encoding/binary"
	"math"
	"slices"

	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
)

// summarizer writes the summaries of frequent terms: what a query of that
// one word needs without its posting lists — its total, its facet counts
// and its best documents with their postings — so that the most common
// query, one frequent word, fetches no docset and no facet block.
type summarizer struct {
	opts  Options
	entry *Entry
	fv    *facetValues

	// What summary counted of a term so far, kept for the next term:
	// by matter, the (facet, value) pairs counted for it, a list in seen
	// from head, when stamp is the term's number gen.
	gen   int32
	stamp []int32
	head  []int32
	seen  []seenValue

	// byCommittee ranks each committee's documents of the term (by
	// committee value), kept for the next term.
	byCommittee []*topK[scored]
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

// summary returns the summary blob of a query of term — its postings in
// each field (fields order), and when it has a split, its parts' (read
// reads a term's postings in each field) — or nil when the term is in
// fewer than TermFacetsMin documents:
//
//	uvarint total (matters)
//	4 × (uvarint n, n × (uvarint value, uvarint count))  committees,
//	    result categories, years, kinds (1-based values; none left out),
//	    each counting matters
//	uvarint t, t × best document in rank order: uvarint document,
//	    uvarint its matter, 8 bytes its score (float64, little-endian)
//	uvarint c, c × a committee's next documents (committeePages)
//	per committee with documents (in the order of its counts above):
//	    3 × (uvarint n, n × (uvarint value, uvarint count))  the result
//	    categories, years and kinds of the matters in that committee
func (s *summarizer) summary(lists [][]posting, split []string, read func(string) ([][]posting, error)) ([]byte, error) {
	exact := docsOf(lists)
	if len(exact) < s.opts.TermFacetsMin {
		return nil, nil
	}
	q := &summaryQuery{word: newWordClause(s.entry, lists, 1)}
	docs := exact
	if len(split) >= 2 {
		var both []int
		for i, p := range split {
			pl, err := read(p)
			if err != nil {
				return nil, err
			}
			q.parts = append(q.parts, newWordClause(s.entry, pl, searchindex.SplitWeight))
			if i == 0 {
				both = docsOf(pl)
			} else {
				both = intersect(both, docsOf(pl))
			}
		}
		docs = union(exact, both)
	}
	q.prepare()
	return s.write(docs, q.score), nil
}

// write returns the summary blob (see summary) of a query that finds
// docs (ascending), each with its score and rank tier by score.
func (s *summarizer) write(docs []int, score func(doc int) (float64, int)) []byte {
	// A facet counts matters: first notes the (facet, value, matter)
	// seen.
	if s.stamp == nil {
		s.stamp = make([]int32, len(s.fv.matter))
		s.head = make([]int32, len(s.fv.matter))
	}
	s.gen++
	s.seen = s.seen[:0]
	if s.byCommittee == nil {
		s.byCommittee = make([]*topK[scored], len(s.fv.committeeNames)+1)
		for c := range s.byCommittee {
			s.byCommittee[c] = newTopK(s.opts.SummaryTop+4*s.entry.DefaultLimit, scored.above)
		}
	}
	for _, t := range s.byCommittee {
		t.h, t.added = t.h[:0], 0
	}
	var (
		total      int
		committees = make([]int, len(s.fv.committeeNames)+1)
		categories = make([]int, len(s.entry.ResultCategories)+1)
		years      = make([]int, len(s.entry.Years)+1)
		kinds      = make([]int, len(s.entry.Kinds)+1)
		best       = newTopK(s.opts.SummaryTop, scored.above)
		// per committee: its matters' result categories, years, kinds
		inCommittee = make([][3][]int, len(committees))
	)
	for _, doc := range docs {
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
		score, tier := score(doc)
		sd := scored{doc: doc, score: score, tier: tier}
		best.add(sd)
		if c := s.fv.committee[doc]; c > 0 {
			s.byCommittee[c].add(sd)
			in := &inCommittee[c]
			if in[0] == nil {
				*in = [3][]int{make([]int, len(categories)), make([]int, len(years)), make([]int, len(kinds))}
			}
			// Facets 4 + 3c… count the committee's own.
			count(in[0], 4+3*c, s.fv.category[doc])
			count(in[1], 5+3*c, s.fv.year[doc])
			count(in[2], 6+3*c, s.fv.kind[m]+1)
		}
	}
	var w writer
	w.int(total)
	for _, counts := range [][]int{committees, categories, years, kinds} {
		writeCounts(&w, counts)
	}
	top := best.sorted()
	w.int(len(top))
	for _, d := range top {
		w.int(d.doc)
		w.int(s.fv.matter[d.doc])
		w.b = binary.LittleEndian.AppendUint64(w.b, math.Float64bits(d.score))
	}
	s.committeePages(&w, top)
	// The facets of a query in one committee, so that it needs no lists
	// to count.
	for c, n := range committees {
		if c > 0 && n > 0 {
			for _, counts := range inCommittee[c] {
				writeCounts(&w, counts)
			}
		}
	}
	return w.b
}

// writeCounts writes the values with counts (1-based, value 0 left out):
// uvarint n, n × (uvarint value, uvarint count).
func writeCounts(w *writer, counts []int) {
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

// committeePages writes, after the best documents top, the next
// documents of each committee whose page they do not hold, so that a
// query of the word in one committee takes its page from the summary
// too: at 100,000 generated items the word's 50 best hits held 5 of the
// biggest committee's matters, and its page took 6 round trips of block
// files on the lists instead of 2.
//
// A committee's documents among top, then its next ones, are the first
// of its documents in rank order; they hold its first page (DefaultLimit
// matters) or all its documents but when the flag more says it has
// others. A committee not written has its first page among top, or all
// its documents there (a page with other filters too needs them all:
// a matter's document in top may fail them where a later one passes).
//
//	uvarint c, c × (uvarint committee (1-based), uvarint n<<1 | more,
//	    n × (uvarint document, uvarint zigzag(document − matter),
//	    8 bytes score))
//
// Unlike top's, these documents name no chunks: the directories find
// them (8 bytes each would add about 1 % to the index: on Karlsruhe
// 42,132 documents, 0.34 MB).
func (s *summarizer) committeePages(w *writer, top []scored) {
	page := s.entry.DefaultLimit
	inTop := make(map[int]bool, len(top))
	matters := make([][]int, len(s.byCommittee)) // by committee, its matters in top
	docs := make([]int, len(s.byCommittee))      // and its documents there
	for _, d := range top {
		inTop[d.doc] = true
		if c := s.fv.committee[d.doc]; c > 0 {
			docs[c]++
			if m := s.fv.matter[d.doc]; !slices.Contains(matters[c], m) {
				matters[c] = append(matters[c], m)
			}
		}
	}
	var pages writer
	n := 0
	for c, ranked := range s.byCommittee {
		if c == 0 || len(matters[c]) >= page || docs[c] == ranked.added {
			continue
		}
		next := ranked.sorted()
		seen := slices.Clone(matters[c])
		var take []scored
		last := -1
		for i, d := range next {
			if len(seen) >= page {
				break
			}
			last = i
			if inTop[d.doc] {
				continue
			}
			take = append(take, d)
			if m := s.fv.matter[d.doc]; !slices.Contains(seen, m) {
				seen = append(seen, m)
			}
		}
		// More documents than ranked, or ranked ones not taken.
		more := ranked.added > len(next) || last+1 < len(next)
		pages.int(c)
		flag := len(take) << 1
		if more {
			flag |= 1
		}
		pages.int(flag)
		for _, d := range take {
			pages.int(d.doc)
			pages.int(zigzag(d.doc - s.fv.matter[d.doc]))
			pages.b = binary.LittleEndian.AppendUint64(pages.b, math.Float64bits(d.score))
		}
		n++
	}
	w.int(n)
	w.raw(pages.b)
}

// docsOf returns the documents of lists in any field, ascending.
// Each list is in document order (sortByDoc), so they merge: sorting
// their concatenation was 0.8 of the 30,000-item export's 22 CPU s.
func docsOf(lists [][]posting) []int {
	var out []int
	for _, ps := range lists {
		merged := make([]int, 0, len(out)+len(ps))
		i := 0
		for _, p := range ps {
			for i < len(out) && out[i] < p.doc {
				merged = append(merged, out[i])
				i++
			}
			if i < len(out) && out[i] == p.doc {
				i++
			}
			merged = append(merged, p.doc)
		}
		out = append(merged, out[i:]...)
	}
	return out
}

// intersect and union combine ascending document lists.
func intersect(a, b []int) []int {
	var out []int
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

func union(a, b []int) []int {
	out := make([]int, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] > b[j]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// wordClause is the clause of a word in a query, as Bleve scores it (and
// the browser client, web/search/ranking.js termClause, whose operations
// it repeats in the same order): a disjunction over its lists in title,
// text and parts, children by document count, the parts list boosted by
// searchindex.PartsBoost and every list by weight.
type wordClause struct {
	lists [3][]posting
	order []int // fields in the disjunction's order
	idf   [3]float64
	avgdl [3]float64
	boost [3]float64
	qw    [3]float64 // boost · idf · query norm
	count int
	// at is where seek last left each list.
	at [3]int
}

func newWordClause(entry *Entry, lists [][]posting, weight float64) *wordClause {
	c := &wordClause{order: []int{0, 1, 2}}
	for fi, f := range fields {
		c.lists[fi] = lists[fi]
		c.idf[fi] = idf(entry.Documents, len(lists[fi]))
		c.avgdl[fi] = entry.Fields[f].AvgDL
		c.count += len(lists[fi])
	}
	c.boost = [3]float64{weight, weight, weight}
	c.boost[2] *= searchindex.PartsBoost(uint64(entry.Documents), uint64(len(lists[1])), uint64(len(lists[2])))
	slices.SortStableFunc(c.order, func(a, b int) int { return cmp.Compare(len(c.lists[a]), len(c.lists[b])) })
	return c
}

// weight is the sum of the clause's leaves' (boost·idf)², in its order.
func (c *wordClause) weight() float64 {
	w := 0.0
	for _, fi := range c.order {
		x := c.boost[fi] * c.idf[fi]
		w += x * x
	}
	return w
}

func (c *wordClause) setNorm(qn float64) {
	for fi := range fields {
		c.qw[fi] = c.boost[fi] * c.idf[fi] * qn
	}
}

// group returns the sum of the leaves doc is in, in the clause's order,
// and how many they are.
func (c *wordClause) group(doc int) (float64, int) {
	s, matched := 0.0, 0
	for _, fi := range c.order {
		ps := c.lists[fi]
		i, ok := c.seek(fi, doc)
		if !ok {
			continue
		}
		matched++
		x := docScore(c.idf[fi], c.avgdl[fi], uint64(ps[i].freq), norm(ps[i].length))
		if c.qw[fi] != 1 {
			x *= c.qw[fi]
		}
		s += x
	}
	return s, matched
}

func (c *wordClause) in(doc int, fi int) bool {
	_, ok := c.seek(fi, doc)
	return ok
}

// seek returns the place of doc in list fi, or where it would go, and
// whether it is there. A summary asks for its documents in ascending
// order, so the search starts where the last one ended and gallops: a
// binary search over the whole list for every document was 1.7 of the
// 30,000-item export's 25 CPU s (round 20). An earlier document than the
// last starts from the list's beginning.
func (c *wordClause) seek(fi, doc int) (int, bool) {
	ps := c.lists[fi]
	lo := min(c.at[fi], len(ps))
	if lo > 0 && ps[lo-1].doc >= doc {
		lo = 0
	}
	// ps[lo-1].doc < doc; find hi with ps[hi].doc >= doc, or the end.
	hi, step := lo, 1
	for hi < len(ps) && ps[hi].doc < doc {
		lo = hi + 1
		hi += step
		step <<= 1
	}
	hi = min(hi+1, len(ps))
	i, ok := slices.BinarySearchFunc(ps[lo:hi], doc, func(p posting, d int) int { return cmp.Compare(p.doc, d) })
	i += lo
	c.at[fi] = i
	return i, ok
}

// summaryQuery is the query of one word, with its split (searchindex,
// queryBuilder.clause): the word's clause, or the disjunction of it and
// the conjunction of its parts' clauses (web/search/ranking.js
// splitClause and Scorer).
type summaryQuery struct {
	word       *wordClause
	parts      []*wordClause // sorted by count once prepared
	exactFirst bool
}

// prepare orders the clauses as Bleve sorts the searchers and computes
// the query norm.
func (q *summaryQuery) prepare() {
	if len(q.parts) == 0 {
		q.word.setNorm(1 / math.Sqrt(0+q.word.weight()))
		return
	}
	partsCount := 0
	for _, p := range q.parts {
		partsCount += p.count
	}
	slices.SortStableFunc(q.parts, func(a, b *wordClause) int { return cmp.Compare(a.count, b.count) })
	q.exactFirst = q.word.count <= partsCount
	conj := 0.0
	for _, p := range q.parts {
		conj += p.weight()
	}
	exact := q.word.weight()
	w := 0 + conj + exact
	if q.exactFirst {
		w = 0 + exact + conj
	}
	qn := 1 / math.Sqrt(0+w)
	q.word.setNorm(qn)
	for _, p := range q.parts {
		p.setNorm(qn)
	}
}

// score returns a matching document's score and rank tier
// (searchindex rankTiers): 0 the exact word with the word in the title
// (or all its parts there), 1 the exact word, 2 the parts in the title, 3
// the parts.
func (q *summaryQuery) score(doc int) (float64, int) {
	s, matched := q.word.group(doc)
	if len(q.parts) == 0 {
		tier := 1
		if q.word.in(doc, 0) {
			tier = 0
		}
		return 0 + s*(float64(matched)/float64(len(fields))), tier
	}
	exact, hasExact := 0.0, matched > 0
	if hasExact {
		exact = s * (float64(matched) / float64(len(fields)))
	}
	conj, hasConj := 0.0, true
	title := true
	for _, p := range q.parts {
		ps, pm := p.group(doc)
		if pm == 0 {
			hasConj = false
			break
		}
		conj += ps * (float64(pm) / float64(len(fields)))
	}
	for _, p := range q.parts {
		title = title && p.in(doc, 0)
	}
	title = title || q.word.in(doc, 0)
	sum, n := 0.0, 0
	add := func(x float64, ok bool) {
		if ok {
			sum += x
			n++
		}
	}
	if q.exactFirst {
		add(exact, hasExact)
		add(conj, hasConj)
	} else {
		add(conj, hasConj)
		add(exact, hasExact)
	}
	tier := 0
	if !hasExact {
		tier = 2
	}
	if !title {
		tier++
	}
	return 0 + sum*(float64(n)/2), tier
}

type scored struct {
	doc   int
	score float64
	tier  int
}

// above reports whether a ranks above b: the better rank tier first
// (searchindex rankTiers), then the higher score, then the higher
// document number (newer, then key).
func (a scored) above(b scored) bool {
	if a.tier != b.tier {
		return a.tier < b.tier
	}
	return a.score > b.score || a.score == b.score && a.doc > b.doc
}

// topK keeps the k best values added, by above (a min-heap by rank).
type topK[T any] struct {
	k     int
	h     []T
	above func(a, b T) bool
	added int // values added since h was emptied
}

func newTopK[T any](k int, above func(a, b T) bool) *topK[T] {
	return &topK[T]{k: k, h: make([]T, 0, k), above: above}
}

func (t *topK[T]) add(v T) {
	t.added++
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
