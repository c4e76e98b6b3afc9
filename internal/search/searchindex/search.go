package searchindex

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ratsarchiv/ratsarchiv/internal/search/query"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bquery "github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Sort orders of results.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortOldest    = "oldest"
)

// DefaultLimit is the number of hits of a search that names no limit.
const DefaultLimit = 10

// SearchOptions are the structured options of a search, as in the browser
// client's search(q, options).
type SearchOptions struct {
	Filters  query.Filters
	From, To string // dates YYYY, YYYY-MM or YYYY-MM-DD, inclusive
	Sort     string // SortRelevance (default), SortNewest, SortOldest
	// Limit is the number of hits: nil for DefaultLimit, 0 for none (the
	// total and facets only), as the client's limit option (docs/search.md).
	Limit  *int
	Offset int
}

// Result is the answer to a search; its JSON is the contract shared with
// the browser client (DESIGN §5).
type Result struct {
	Total  int    `json:"total"`
	Hits   []Hit  `json:"hits"`
	Facets Facets `json:"facets"`
}

// Hit is one found matter: a paper with its agenda items, or a document
// that has no paper (a meeting, an item without a paper). Excerpt is
// HTML: matches in <mark>, everything else escaped.
type Hit struct {
	ID             string `json:"id"`
	URL            string `json:"url"`
	Kind           string `json:"kind"`
	Title          string `json:"title"`
	Date           string `json:"date"`
	Committee      string `json:"committee"`
	Result         string `json:"result"`
	ResultCategory string `json:"resultCategory"`
	// ClosedSession marks an agenda item treated in closed session
	// ("nicht öffentlich"): only its title is published.
	ClosedSession bool    `json:"closedSession"`
	Score         float64 `json:"score"`
	// Excerpt is cut from the best-ranked document of the hit's matter: a
	// paper's hit may show the text of one of its agenda items (or their
	// files).
	Excerpt string `json:"excerpt"`
	// File names the file of the record the excerpt comes from ("Anlage
	// 2"), Page its page (0 for a file without pages), and FileURL opens
	// it there ("…/anlage.pdf#page=14"; "" without a link); all empty when
	// the excerpt is the record's own text.
	File    string `json:"file,omitempty"`
	Page    int    `json:"page,omitempty"`
	FileURL string `json:"fileUrl,omitempty"`
	// Path is a paper's way through the committees (Step), in date order.
	Path []Step `json:"path,omitempty"`
}

// Facets count the matters with a matching document per committee, year, result
// category and kind (item, paper, meeting).
type Facets struct {
	Committee      map[string]int `json:"committee"`
	Year           map[string]int `json:"year"`
	ResultCategory map[string]int `json:"resultCategory"`
	Kind           map[string]int `json:"kind"`
}

// Index is an open search index, safe for concurrent searches.
type Index struct {
	bleve  bleve.Index
	meta   meta
	voc    query.Vocabulary
	splits map[string][]string // query splits: term → parts (Dictionary.QuerySplits)
}

// Open opens the index Build wrote at path, read-only.
func Open(path string) (*Index, error) {
	if err := registerBleve(); err != nil {
		return nil, err
	}
	mj, err := os.ReadFile(filepath.Join(path, metaFile))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("searchindex: no index at %s (run ratsarchiv build)", path)
		}
		return nil, fmt.Errorf("searchindex: %w", err)
	}
	var m meta
	if err := json.Unmarshal(mj, &m); err != nil {
		return nil, fmt.Errorf("searchindex: %s: %w", metaFile, err)
	}
	if m.Format != FormatVersion {
		return nil, fmt.Errorf("searchindex: index at %s has format %d, this program reads %d (rebuild it)", path, m.Format, FormatVersion)
	}
	sj, err := os.ReadFile(filepath.Join(path, splitsFile))
	if err != nil {
		return nil, fmt.Errorf("searchindex: %w", err)
	}
	splits, err := decodeSplits(sj)
	if err != nil {
		return nil, err
	}
	b, err := bleve.OpenUsing(filepath.Join(path, bleveDir), map[string]interface{}{"read_only": true})
	if err != nil {
		return nil, fmt.Errorf("searchindex: %w", err)
	}
	ix := &Index{bleve: b, meta: m, splits: splits}
	ix.voc.Committees, err = ix.terms(FieldCommittee)
	if err != nil {
		b.Close()
		return nil, err
	}
	return ix, nil
}

// Close closes the index.
func (ix *Index) Close() error { return ix.bleve.Close() }

// Splits returns the parts a query of a term requires when it finds them as
// words of their own (a compound's parts, stemmed), or nil.
func (ix *Index) Splits(term string) []string { return ix.splits[term] }

// BasePath is the URL path prefix of the hits' URLs, as Build was given it.
func (ix *Index) BasePath() string { return ix.meta.BasePath }

// Bleve returns the underlying Bleve index (for the static export).
func (ix *Index) Bleve() bleve.Index { return ix.bleve }

// Vocabulary returns what query filters are checked against.
func (ix *Index) Vocabulary() query.Vocabulary { return ix.voc }

func (ix *Index) terms(field string) ([]string, error) {
	d, err := ix.bleve.FieldDict(field)
	if err != nil {
		return nil, fmt.Errorf("searchindex: %w", err)
	}
	defer d.Close()
	var out []string
	for {
		e, err := d.Next()
		if err != nil {
			return nil, fmt.Errorf("searchindex: %w", err)
		}
		if e == nil {
			return out, nil
		}
		out = append(out, e.Term)
	}
}

// Search runs q with opts.
func (ix *Index) Search(ctx context.Context, q string, opts SearchOptions) (*Result, error) {
	pq, err := query.Parse(q, ix.voc)
	if err != nil {
		return nil, err
	}
	return ix.SearchParsed(ctx, pq, opts)
}

// SearchParsed runs a parsed query.
func (ix *Index) SearchParsed(ctx context.Context, pq *query.ParsedQuery, opts SearchOptions) (*Result, error) {
	filters, err := query.MergeFilters(pq.Filters, opts.Filters, ix.voc)
	if err != nil {
		return nil, err
	}
	from, to, err := query.DateRange(opts.From, opts.To)
	if err != nil {
		return nil, err
	}
	sortBy := cmp.Or(opts.Sort, SortRelevance)
	var order []string
	switch sortBy {
	case SortRelevance:
		order = []string{"-_score", "-" + FieldSortDate, "_id"}
	case SortNewest:
		order = []string{"-" + FieldSortDate, "_id"}
	case SortOldest:
		order = []string{FieldSortDate, "-_id"}
	default:
		return nil, fmt.Errorf("searchindex: unknown sort %q (want relevance, newest or oldest)", opts.Sort)
	}
	limit := DefaultLimit
	if opts.Limit != nil {
		limit = *opts.Limit
	}
	if limit < 0 {
		return nil, fmt.Errorf("searchindex: limit %d: want 0 or more", limit)
	}

	reader, err := ix.Reader()
	if err != nil {
		return nil, err
	}
	defer reader.Close()
	docs, err := reader.DocCount()
	if err != nil {
		return nil, fmt.Errorf("searchindex: %w", err)
	}
	b := &queryBuilder{ctx: ctx, r: reader, docs: docs, splits: ix.splits}
	cs, err := b.builtClauses(pq.Clauses, true)
	if err != nil {
		return nil, err
	}
	var must bquery.Query
	if len(cs) > 0 {
		must = bquery.NewConjunctionQuery(sortedQueries(cs))
	}
	var mustNot []bquery.Query
	for _, g := range pq.Exclude {
		qs, err := b.clauses(g)
		if err != nil {
			return nil, err
		}
		if len(qs) == 1 {
			mustNot = append(mustNot, qs[0])
		} else {
			mustNot = append(mustNot, bquery.NewConjunctionQuery(qs))
		}
	}
	filter := filterQuery(filters, from, to)
	if must == nil && len(mustNot) == 0 && filter == nil {
		return emptyResult(), nil // nothing asked
	}
	request := func(t tier, size, from int) *bleve.SearchRequest {
		bq := bquery.NewBooleanQuery(nil, nil, append(slices.Clone(mustNot), t.not...))
		if must != nil {
			bq.Must = must
		}
		if f := conjunctionOf(append([]bquery.Query{filter}, t.and...)); f != nil {
			bq.AddFilter(f)
		}
		req := bleve.NewSearchRequestOptions(bq, size, from, false)
		req.SortBy(order)
		if sortBy != SortRelevance {
			req.Score = "none"
		}
		return req
	}
	// The total and the facets count every matter with a match; the hits
	// come from the tiers in turn (without tiers, from the one request),
	// one per matter, where its best document ranks.
	tiers := []tier{{}}
	if sortBy == SortRelevance {
		tiers = rankTiers(cs)
	}
	req := request(tier{}, 0, 0)
	req.AddFacet(FieldGroups, bleve.NewFacetRequest(FieldGroups, math.MaxInt32))
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("searchindex: %w", err)
	}
	total, fs := groupFacets(res.Facets[FieldGroups])
	hits, byID, err := ix.bestOfMatters(ctx, tiers, request, max(0, opts.Offset), limit)
	if err != nil {
		return nil, err
	}

	out := &Result{Total: total, Hits: []Hit{}, Facets: fs}
	marks := highlightTerms(pq)
	var chooseBy []string // the words whose positions choose a passage
	for _, t := range marks.Terms {
		if n, err := b.df(t, FieldText); err != nil {
			return nil, err
		} else if n > 0 && n <= ExcerptTermsMaxDF {
			chooseBy = append(chooseBy, t)
		}
	}
	for _, h := range hits {
		str := func(f string) string { s, _ := h.Fields[f].(string); return s }
		excerpt, k, err := b.excerpt(h.IndexInternalID, str(FieldBody), str(FieldPassages), chooseBy, marks)
		if err != nil {
			return nil, err
		}
		src, err := ParseSources(str(FieldSources))
		if err != nil {
			return nil, err
		}
		hit := Hit{
			ID: str(FieldID), URL: str(FieldURL), Kind: str(FieldKind), Title: str(FieldTitle),
			Date: str(FieldDate), Committee: str(FieldCommittee), Result: str(FieldResult),
			ResultCategory: str(FieldResultCategory), ClosedSession: str(FieldClosedSession) == "true", Score: h.Score,
			Excerpt: excerpt,
		}
		hit.File, hit.FileURL, hit.Page = src.Of(k)
		if m := str(FieldMatter); m != h.ID {
			md := byID[m]
			if md == nil {
				return nil, fmt.Errorf("searchindex: matter %s not in the index", m)
			}
			if err := hit.asMatter(md); err != nil {
				return nil, err
			}
		} else if err := hit.setPath(str(FieldPath)); err != nil {
			return nil, err
		}
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

// hitFields are the stored fields a hit shows.
var hitFields = []string{FieldID, FieldKind, FieldURL, FieldTitle, FieldDate, FieldCommittee, FieldResult, FieldResultCategory, FieldClosedSession, FieldBody, FieldPassages, FieldSources, FieldMatter, FieldPath}

// bestOfMatters returns the best document of each matter with a match, in
// rank order over the tiers (a matter ranks where its best document does),
// the page of limit after skipping offset, and by ID those documents and
// the documents of their matters, with the fields a hit shows (one
// request for the page).
func (ix *Index) bestOfMatters(ctx context.Context, tiers []tier, request func(tier, int, int) *bleve.SearchRequest, offset, limit int) ([]*search.DocumentMatch, map[string]*search.DocumentMatch, error) {
	if limit == 0 {
		return nil, nil, nil
	}
	want := offset + limit
	seen := map[string]bool{}
	var best []*search.DocumentMatch
	for _, t := range tiers {
		// Documents of the tier in rank order, more at a time until the
		// page is full of matters or the tier is exhausted.
		size := want
		for from := 0; len(best) < want; {
			r := request(t, size, from)
			r.Fields = []string{FieldMatter}
			res, err := ix.bleve.SearchInContext(ctx, r)
			if err != nil {
				return nil, nil, fmt.Errorf("searchindex: %w", err)
			}
			for _, h := range res.Hits {
				m, _ := h.Fields[FieldMatter].(string)
				if !seen[m] && len(best) < want {
					seen[m] = true
					best = append(best, h)
				}
			}
			from += len(res.Hits)
			if len(res.Hits) < size || uint64(from) >= res.Total {
				break
			}
			size *= 2
		}
		if len(best) >= want {
			break
		}
	}
	if offset >= len(best) {
		return nil, nil, nil
	}
	best = best[offset:]
	// The page's documents and their matters' with the fields a hit shows.
	var ids []string
	for _, h := range best {
		ids = append(ids, h.ID)
		if m, _ := h.Fields[FieldMatter].(string); m != h.ID {
			ids = append(ids, m)
		}
	}
	r := bleve.NewSearchRequestOptions(bquery.NewDocIDQuery(ids), len(ids), 0, false)
	r.Fields = hitFields
	res, err := ix.bleve.SearchInContext(ctx, r)
	if err != nil {
		return nil, nil, fmt.Errorf("searchindex: %w", err)
	}
	byID := map[string]*search.DocumentMatch{}
	for _, h := range res.Hits {
		byID[h.ID] = h
	}
	for i, h := range best {
		full := byID[h.ID]
		if full == nil {
			return nil, nil, fmt.Errorf("searchindex: document %s vanished", h.ID)
		}
		full.Score = h.Score
		best[i] = full
	}
	return best, byID, nil
}

// asMatter makes hit the hit of the matter whose document is md: its
// identity, committee, result and path are the matter's; the score,
// excerpt and date stay those of the document that ranked (so that the
// newest order and saved searches see the date they sort by).
func (h *Hit) asMatter(md *search.DocumentMatch) error {
	str := func(f string) string { s, _ := md.Fields[f].(string); return s }
	h.ID, h.URL, h.Kind, h.Title = str(FieldID), str(FieldURL), str(FieldKind), str(FieldTitle)
	h.Committee, h.Result, h.ResultCategory = str(FieldCommittee), str(FieldResult), str(FieldResultCategory)
	h.ClosedSession = false
	return h.setPath(str(FieldPath))
}

// setPath sets the hit's path from FieldPath's JSON ("" for none).
func (h *Hit) setPath(js string) error {
	if js == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(js), &h.Path); err != nil {
		return fmt.Errorf("searchindex: path of %s: %w", h.ID, err)
	}
	return nil
}

// groupFacets reads the facet of FieldGroups: the number of matters, and
// per facet value the number of matters with a matching document of that
// value (of that matter kind, for kinds).
func groupFacets(fr *search.FacetResult) (int, Facets) {
	out := emptyResult().Facets
	total := 0
	if fr == nil {
		return 0, out
	}
	for _, t := range fr.Terms.Terms() {
		v, _, ok := strings.Cut(t.Term[1:], "\x00")
		if !ok {
			continue
		}
		switch t.Term[0] {
		case groupMatter:
			total++
		case groupKind:
			out.Kind[v]++
		case groupCommittee:
			out.Committee[v]++
		case groupYear:
			out.Year[v]++
		case groupCategory:
			out.ResultCategory[v]++
		}
	}
	return total, out
}

// tier is a rank tier: the documents that match every query of and and
// none of not.
type tier struct{ and, not []bquery.Query }

// rankTiers orders the matches of a query's clauses in tiers, ranked by
// score within each (docs/search.md, "Ranking"): documents with the exact
// words before those that have a compound of the query only as its parts
// (Kitagebühren before "Gebühren der Kita"), and within those, documents
// with every word and phrase in the title before the others. A query with
// neither kind of clause has one tier.
func rankTiers(cs []built) []tier {
	var titles, exacts []bquery.Query
	for _, c := range cs {
		if c.title != nil {
			titles = append(titles, c.title)
		}
		if c.exact != nil {
			exacts = append(exacts, c.exact)
		}
	}
	split := func(qs []bquery.Query) []tier {
		if len(qs) == 0 {
			return []tier{{}}
		}
		q := conjunctionOf(qs)
		return []tier{{and: []bquery.Query{q}}, {not: []bquery.Query{q}}}
	}
	var out []tier
	for _, e := range split(exacts) {
		for _, t := range split(titles) {
			out = append(out, tier{and: append(slices.Clone(e.and), t.and...), not: append(slices.Clone(e.not), t.not...)})
		}
	}
	return out
}

// conjunctionOf is the conjunction of the queries that are not nil, nil
// for none and the query itself for one.
func conjunctionOf(qs []bquery.Query) bquery.Query {
	var out []bquery.Query
	for _, q := range qs {
		if q != nil {
			out = append(out, q)
		}
	}
	switch len(out) {
	case 0:
		return nil
	case 1:
		return out[0]
	}
	return bquery.NewConjunctionQuery(out)
}

func emptyResult() *Result {
	return &Result{Hits: []Hit{}, Facets: Facets{Committee: map[string]int{}, Year: map[string]int{}, ResultCategory: map[string]int{}, Kind: map[string]int{}}}
}

func filterQuery(f query.Filters, from, to string) bquery.Query {
	var parts []bquery.Query
	for _, kv := range []struct {
		field  string
		values []string
	}{{FieldCommittee, f.Committee}, {FieldYear, f.Year}, {FieldResultCategory, f.ResultCategory}, {FieldMatterKind, f.Kind}} {
		if len(kv.values) == 0 {
			continue
		}
		var alts []bquery.Query
		for _, v := range kv.values {
			t := bquery.NewTermQuery(v)
			t.SetField(kv.field)
			alts = append(alts, t)
		}
		parts = append(parts, bquery.NewDisjunctionQuery(alts))
	}
	if from != "" || to != "" {
		incl := true
		r := bquery.NewTermRangeInclusiveQuery(from, to, &incl, &incl)
		r.SetField(FieldSortDate)
		parts = append(parts, r)
	}
	if len(parts) == 0 {
		return nil
	}
	return bquery.NewConjunctionQuery(parts)
}

// Reader opens a reader of the index: a snapshot, which goroutines may
// share; the caller closes it.
func (ix *Index) Reader() (index.IndexReader, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, fmt.Errorf("searchindex: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("searchindex: %w", err)
	}
	return r, nil
}

// queryBuilder turns clauses into Bleve queries. Bleve sorts the children
// of conjunctions and disjunctions by their posting counts, and adds
// scores in that order; the builder hands them over already in that order
// (stable: ties keep query order), which Bleve's sort keeps, so that the
// browser client can add in the same order and get the same bits.
type queryBuilder struct {
	ctx    context.Context
	r      index.IndexReader
	docs   uint64
	splits map[string][]string
}

// built is a query with Bleve's Count() of its searcher, and for the rank
// tiers the query of its match in the title (nil: no tier) and, for a
// compound whose parts may match instead, the query of the exact word.
type built struct {
	q     bquery.Query
	count uint64
	title bquery.Query
	exact bquery.Query
}

func (b *queryBuilder) clauses(cs []query.Clause) ([]bquery.Query, error) {
	bs, err := b.builtClauses(cs, false)
	if err != nil {
		return nil, err
	}
	return sortedQueries(bs), nil
}

// builtClauses builds the clauses; with split, a compound also matches its
// parts (not in exclusions: "-Kitagebühren" leaves out the compound).
func (b *queryBuilder) builtClauses(cs []query.Clause, split bool) ([]built, error) {
	var bs []built
	for _, c := range cs {
		x, err := b.clause(c, split)
		if err != nil {
			return nil, err
		}
		bs = append(bs, x)
	}
	return bs, nil
}

func sortedQueries(bs []built) []bquery.Query {
	bs = slices.Clone(bs)
	slices.SortStableFunc(bs, func(x, y built) int { return cmp.Compare(x.count, y.count) })
	qs := make([]bquery.Query, len(bs))
	for i, x := range bs {
		qs[i] = x.q
	}
	return qs
}

// minModifier is the length of the shortest word the archive lacks that a
// query searches as the beginning of words (see queryBuilder.clause).
const minModifier = 5

// SplitWeight is how much a compound's parts found as words of their own
// count against the compound itself: their clauses' boosts are multiplied
// by it.
const SplitWeight = 0.5

// word is the clause of a word: a disjunction over title, text and parts,
// the parts weighed by PartsBoost, every leaf by weight.
func (b *queryBuilder) word(term string, weight float64) (built, error) {
	var bs []built
	var n uint64
	for _, f := range []string{FieldTitle, FieldText, FieldParts} {
		k, err := b.df(term, f)
		if err != nil {
			return built{}, err
		}
		t := bquery.NewTermQuery(term)
		t.SetField(f)
		bs = append(bs, built{q: t, count: k})
		n += k
	}
	for i, x := range bs {
		boost := weight
		if i == 2 {
			boost *= PartsBoost(b.docs, bs[1].count, bs[2].count)
		}
		if boost != 1 {
			x.q.(*bquery.TermQuery).SetBoost(boost)
		}
	}
	title := bquery.NewTermQuery(term)
	title.SetField(FieldTitle)
	return built{q: bquery.NewDisjunctionQuery(sortedQueries(bs)), count: n, title: title}, nil
}

func (b *queryBuilder) clause(c query.Clause, split bool) (built, error) {
	switch c.Kind {
	case query.ClauseTerm:
		exact, err := b.word(c.Term, 1)
		if err != nil {
			return built{}, err
		}
		parts := b.splits[c.Term]
		if split && exact.count == 0 && len(parts) < 2 && len(c.Term) >= minModifier {
			// A word the archive never has on its own may be the modifier
			// of its compounds (Windkraft in Windkraftanlagen): it is
			// searched as the beginning of words.
			if p, err := b.clause(query.Clause{Kind: query.ClausePrefix, Prefix: c.Term}, false); err == nil {
				return p, nil
			} else if qe := (*query.Error)(nil); !errors.As(err, &qe) {
				return built{}, err
			}
			return exact, nil // too many words begin with it
		}
		if !split || len(parts) < 2 {
			return exact, nil
		}
		// A compound also finds its parts as words of their own, all of
		// them, weighed by SplitWeight and ranked after the exact word.
		var ps []built
		var n uint64
		titles := make([]bquery.Query, len(parts))
		for i, p := range parts {
			x, err := b.word(p, SplitWeight)
			if err != nil {
				return built{}, err
			}
			ps = append(ps, x)
			n += x.count
			titles[i] = x.title
		}
		alt := built{q: bquery.NewConjunctionQuery(sortedQueries(ps)), count: n}
		return built{
			q:     bquery.NewDisjunctionQuery(sortedQueries([]built{exact, alt})),
			count: exact.count + n,
			title: bquery.NewDisjunctionQuery([]bquery.Query{exact.title, bquery.NewConjunctionQuery(titles)}),
			exact: exact.q,
		}, nil
	case query.ClausePhrase:
		terms := make([][]string, len(c.Terms))
		for i, t := range c.Terms {
			if t != "" {
				terms[i] = []string{t}
			}
		}
		var bs []built
		for _, f := range []string{FieldTitle, FieldText} {
			var n uint64
			for _, t := range c.Terms {
				if t != "" {
					k, err := b.df(t, f)
					if err != nil {
						return built{}, err
					}
					n += k
				}
			}
			bs = append(bs, built{q: bquery.NewMultiPhraseQuery(terms, f), count: n})
		}
		return built{q: bquery.NewDisjunctionQuery(sortedQueries(bs)), count: bs[0].count + bs[1].count,
			title: bquery.NewMultiPhraseQuery(terms, FieldTitle)}, nil
	case query.ClausePrefix:
		exp, err := b.expand(c.Prefix)
		if err != nil {
			return built{}, err
		}
		if len(exp) == 0 {
			return built{q: bquery.NewMatchNoneQuery()}, nil
		}
		var n uint64
		qs := make([]bquery.Query, len(exp))
		for i, e := range exp {
			t := bquery.NewTermQuery(e.term)
			t.SetField(FieldText)
			qs[i] = t
			n += e.count
		}
		return built{q: bquery.NewDisjunctionQuery(qs), count: n}, nil
	}
	return built{}, fmt.Errorf("searchindex: unknown clause kind %q", c.Kind)
}

// excerpt cuts the excerpt of a hit from the passage of its body that
// holds the most of the words chooseBy (see ChoosePassage), and returns
// it with the passage's number.
func (b *queryBuilder) excerpt(doc index.IndexInternalID, body, passages string, chooseBy []string, marks Marks) (string, int, error) {
	offsets, starts, err := ParsePassages(passages)
	if err != nil {
		return "", 0, err
	}
	k := 0
	if len(offsets) > 0 && len(chooseBy) > 0 {
		var positions [][]int
		for _, t := range chooseBy {
			ps, err := b.positions(t, doc)
			if err != nil {
				return "", 0, err
			}
			positions = append(positions, ps)
		}
		k = ChoosePassage(positions, starts)
	}
	from, to := 0, len(body)
	if k > 0 {
		from = offsets[k-1]
	}
	if k < len(offsets) {
		to = offsets[k]
	}
	return ExcerptPassage(body[from:to], marks, k > 0), k, nil
}

// positions returns the positions of term in doc's text, ascending.
func (b *queryBuilder) positions(term string, doc index.IndexInternalID) ([]int, error) {
	tfr, err := b.r.TermFieldReader(b.ctx, []byte(term), FieldText, true, false, true)
	if err != nil {
		return nil, fmt.Errorf("searchindex: %w", err)
	}
	defer tfr.Close()
	var tfd index.TermFieldDoc
	d, err := tfr.Advance(doc, &tfd)
	if err != nil {
		return nil, fmt.Errorf("searchindex: %w", err)
	}
	if d == nil || !bytes.Equal(d.ID, doc) {
		return nil, nil
	}
	ps := make([]int, len(d.Vectors))
	for i, v := range d.Vectors {
		ps[i] = int(v.Pos)
	}
	slices.Sort(ps)
	return ps, nil
}

// PartsWeight is how much a compound part counts against the word itself
// (see PartsBoost).
const PartsWeight = 0.5

// PartsBoost is the boost of a word's clause on FieldParts, given its
// document frequencies in the text and among the parts of the docs
// documents. Bleve weighs a term's score by boost·idf² (once in the term
// score, once in the query weight), so the boost PartsWeight·(idf text /
// idf parts)² weighs parts as PartsWeight·idf²(text). A part's field length
// is its text's and its field's avgdl is smaller than the text's, so a
// document where the word is only part of a compound scores at most
// PartsWeight times one where it stands as a word, all else equal. The
// browser client computes it the same way.
func PartsBoost(docs, dfText, dfParts uint64) float64 {
	r := bm25IDF(docs, dfText) / bm25IDF(docs, dfParts)
	return PartsWeight * r * r
}

// bm25IDF is Bleve's BM25 idf (search/scorer/scorer_term.go).
func bm25IDF(docs, df uint64) float64 {
	return math.Log(1 + (float64(docs)-float64(df)+0.5)/(float64(df)+0.5))
}

func (b *queryBuilder) df(term, field string) (uint64, error) {
	tfr, err := b.r.TermFieldReader(b.ctx, []byte(term), field, false, false, false)
	if err != nil {
		return 0, fmt.Errorf("searchindex: %w", err)
	}
	defer tfr.Close()
	return tfr.Count(), nil
}

type expansion struct {
	term  string
	count uint64
}

// expand lists the text terms starting with prefix, by count then term.
func (b *queryBuilder) expand(prefix string) ([]expansion, error) {
	d, err := b.r.FieldDictPrefix(FieldText, []byte(prefix))
	if err != nil {
		return nil, fmt.Errorf("searchindex: %w", err)
	}
	defer d.Close()
	var out []expansion
	for {
		e, err := d.Next()
		if err != nil {
			return nil, fmt.Errorf("searchindex: %w", err)
		}
		if e == nil {
			break
		}
		out = append(out, expansion{e.Term, e.Count})
		if len(out) > query.MaxPrefixTerms {
			return nil, &query.Error{Code: "too-many-prefix-terms", Message: fmt.Sprintf("%s*: more than %d words start with it; make the prefix longer", prefix, query.MaxPrefixTerms), Pos: -1}
		}
	}
	slices.SortStableFunc(out, func(x, y expansion) int { return cmp.Compare(x.count, y.count) })
	return out, nil
}
