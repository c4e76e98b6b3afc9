package main

import (
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis/lang/de"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"

	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
)

// evalQuery is one query of the quality evaluation: typed text and the
// URLs of the documents that answer it (the target and every document of
// the same title: an agenda item and its paper share one).
type evalQuery struct {
	Kind     string   `json:"kind"` // "part" or "known"
	Q        string   `json:"q"`
	Target   string   `json:"target"` // the target's title
	Relevant []string `json:"relevant"`
}

// evalWords counts the corpus's words as they are written: lower-cased
// runs of letters, how often each occurs and how often capitalized.
type evalWords struct {
	count, caps map[string]int
	tokens      int
	stop        bleveanalysis.TokenMap
}

func newEvalWords(docs []*searchindex.Doc) *evalWords {
	w := &evalWords{count: map[string]int{}, caps: map[string]int{}, stop: bleveanalysis.NewTokenMap()}
	if err := w.stop.LoadBytes(de.GermanStopWords); err != nil {
		panic(err) // compiled into Bleve
	}
	for _, d := range docs {
		for _, orig := range words(d.Text) {
			l := strings.ToLower(orig)
			w.count[l]++
			w.tokens++
			if r, _ := utf8.DecodeRuneInString(orig); unicode.IsUpper(r) {
				w.caps[l]++
			}
		}
	}
	return w
}

// content reports whether a lower-case word is a content word worth typing.
func (w *evalWords) content(l string) bool {
	return utf8.RuneCountInString(l) >= 4 && !w.stop[l]
}

// written is a word as the corpus mostly writes it (capitalized nouns).
func (w *evalWords) written(l string) string {
	if 2*w.caps[l] > w.count[l] {
		r, size := utf8.DecodeRuneInString(l)
		return string(unicode.ToUpper(r)) + l[size:]
	}
	return l
}

// standalone is a noun of at least 4 letters that the corpus uses on its
// own often enough for its size (3 times, once in 200,000 words in a large
// one, where text extracted from PDFs has fragments of words: "Sozialge
// setzbuch"): a part a reader would type.
func (w *evalWords) standalone(l string) bool {
	return w.content(l) && w.count[l] >= max(3, w.tokens/200000) && 2*w.caps[l] > w.count[l]
}

// compoundPart splits a title word into modifier and head, both nouns the
// corpus uses on their own (linking elements s, es, n, en, e between
// them), preferring the longest modifier. This is the
// evaluation's own splitter, independent of the one under test.
func (w *evalWords) compoundPart(l string) (mod, head string, ok bool) {
	r := []rune(l)
	for i := len(r) - 4; i >= 4; i-- {
		mod = string(r[:i])
		for _, link := range []string{"", "s", "es", "n", "en", "e"} {
			rest := string(r[i:])
			if !strings.HasPrefix(rest, link) {
				continue
			}
			head = rest[len(link):]
			if w.standalone(mod) && w.standalone(head) {
				// A reader types the modifier without its linking
				// element: Verkehr, not Verkehrs (Verkehrssituation).
				for _, l := range []string{"es", "s", "en", "n", "e"} {
					if m := strings.TrimSuffix(mod, l); m != mod && w.standalone(m) {
						return m, head, true
					}
				}
				return mod, head, true
			}
		}
	}
	return "", "", false
}

// pickEvalQueries builds n compound-part and n known-item queries from the
// documents, deterministically for a seed:
//
//   - compound part: a part of a compound in a title (by compoundPart)
//     that never stands alone in the target document, plus one other
//     content word of its title; one per title, more when that gives too
//     few;
//   - known item: three content words of a title (two when it has two),
//     of a title that at most three documents share.
//
// A query must be distinctive: no document of another title has both its
// words in its title (for a part, in a word of the title), so that a known
// item is one (the 36th "Gemeinderat (36. Sitzung)" is not known by
// "Sitzung Gemeinderat").
func pickEvalQueries(docs []*searchindex.Doc, n int, seed uint64) []evalQuery {
	w := newEvalWords(docs)
	urlOf := make(map[string]string, len(docs))
	for _, d := range docs {
		if d.Key != "" {
			urlOf[d.Key] = d.URL
		}
	}
	// Relevant are the documents of a title and the hits that stand for
	// their matters: a search shows an item as its paper, whatever the
	// paper's title.
	byTitle := map[string][]string{}
	titleWords := make([][]string, len(docs))
	for i, d := range docs {
		k := normTitle(d.Title)
		for _, u := range []string{d.URL, urlOf[d.Matter]} {
			if u != "" && !slices.Contains(byTitle[k], u) {
				byTitle[k] = append(byTitle[k], u)
			}
		}
		for _, t := range words(d.Title) {
			titleWords[i] = append(titleWords[i], strings.ToLower(t))
		}
	}
	// distinctive reports whether only documents of title key have, for
	// every word of want, a title word that contains it (whole when exact).
	distinctive := func(key string, want []string, exact bool) bool {
		for i, tw := range titleWords {
			all := true
			for _, x := range want {
				all = all && slices.ContainsFunc(tw, func(t string) bool { return t == x || !exact && strings.Contains(t, x) })
			}
			if all && normTitle(docs[i].Title) != key {
				return false
			}
		}
		return true
	}
	order := rand.New(rand.NewPCG(seed, 10)).Perm(len(docs))
	var parts, known []evalQuery
	seenPart, seenKnown := map[string]bool{}, map[string]bool{}
	var more []evalQuery // further part queries of titles, when one each is too few
	for _, i := range order {
		d := docs[i]
		key := normTitle(d.Title)
		rel := byTitle[key]
		var title []string // content words of the title, in order, once
		for _, t := range words(d.Title) {
			if l := strings.ToLower(t); w.content(l) && !slices.Contains(title, l) {
				title = append(title, l)
			}
		}
		alone := map[string]bool{}
		for _, t := range words(d.Text) {
			alone[strings.ToLower(t)] = true
		}
		if !seenPart[key] {
			seenPart[key] = true
			var cands []evalQuery
			for _, c := range title {
				mod, head, ok := w.compoundPart(c)
				if !ok {
					continue
				}
				for _, part := range []string{mod, head} {
					if alone[part] {
						continue
					}
					other := ""
					for _, o := range title {
						if o != c && !strings.Contains(o, part) {
							other = o
							break
						}
					}
					if other == "" || !distinctive(key, []string{part, other}, false) {
						continue
					}
					cands = append(cands, evalQuery{Kind: "part", Q: w.written(part) + " " + w.written(other), Target: d.Title, Relevant: rel})
				}
			}
			if len(cands) > 0 && len(parts) < n {
				parts = append(parts, cands[0])
				cands = cands[1:]
			}
			more = append(more, cands...)
		}
		if len(known) < n && !seenKnown[key] && len(rel) <= 3 && len(title) >= 2 {
			r := rand.New(rand.NewPCG(seed, uint64(i)))
			pick := slices.Clone(title)
			r.Shuffle(len(pick), func(a, b int) { pick[a], pick[b] = pick[b], pick[a] })
			pick = pick[:min(3, len(pick))]
			if !distinctive(key, pick, true) {
				continue
			}
			seenKnown[key] = true
			for k := range pick {
				pick[k] = w.written(pick[k])
			}
			known = append(known, evalQuery{Kind: "known", Q: strings.Join(pick, " "), Target: d.Title, Relevant: rel})
		}
		if len(parts) >= n && len(known) >= n {
			break
		}
	}
	for _, q := range more {
		if len(parts) >= n {
			break
		}
		if !slices.ContainsFunc(parts, func(p evalQuery) bool { return p.Q == q.Q }) {
			parts = append(parts, q)
		}
	}
	return append(parts, known...)
}

// normTitle is a title compared loosely: lower case, single spaces.
func normTitle(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// evalScore is success@10 and the mean reciprocal rank of one engine on
// one kind of query.
type evalScore struct {
	Queries  int
	Success  float64 // found in the top 10
	MRR      float64 // of the first relevant hit in the top 10, 0 when none
	Failures []string
}

// scoreRuns scores the top-10 URLs of each query against its relevant URLs.
func scoreRuns(qs []evalQuery, tops [][]string, kind string) evalScore {
	var s evalScore
	for i, q := range qs {
		if q.Kind != kind {
			continue
		}
		s.Queries++
		rank := 0
		for r, u := range tops[i] {
			if r < 10 && slices.Contains(q.Relevant, strings.TrimSuffix(u, "index.html")) {
				rank = r + 1
				break
			}
		}
		if rank > 0 {
			s.Success++
			s.MRR += 1 / float64(rank)
		} else {
			s.Failures = append(s.Failures, q.Q+" → "+q.Target)
		}
	}
	if s.Queries > 0 {
		s.Success /= float64(s.Queries)
		s.MRR /= float64(s.Queries)
	}
	return s
}
