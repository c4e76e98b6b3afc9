package searchindex

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/ratsarchiv/ratsarchiv/internal/search/analysis"
	"github.com/ratsarchiv/ratsarchiv/internal/search/query"
)

// Excerpts are cut from the stored start of a document's text; the browser
// client cuts them identically (web/search/excerpt.js).
const (
	// excerptTokens is the length of an excerpt in words.
	excerptTokens = 30
	// excerptLead is how many words before the first match an excerpt shows.
	excerptLead = 4
)

// Marks are what an excerpt highlights: the query's terms and prefixes.
type Marks struct {
	Terms    []string
	Prefixes []string
}

// highlightTerms collects the positive terms and prefixes of a query.
func highlightTerms(pq *query.ParsedQuery) Marks {
	var m Marks
	for _, c := range pq.Clauses {
		switch c.Kind {
		case query.ClauseTerm:
			m.Terms = appendUnique(m.Terms, c.Term)
		case query.ClausePhrase:
			for _, t := range c.Terms {
				if t != "" {
					m.Terms = appendUnique(m.Terms, t)
				}
			}
		case query.ClausePrefix:
			m.Prefixes = appendUnique(m.Prefixes, c.Prefix)
		}
	}
	return m
}

// matches reports whether an analysed word of the text is a hit: one of
// the terms, a word with one of the prefixes, or a compound containing a
// term of at least analysis.MinPart letters (the decompounder's parts).
func (m Marks) matches(term string) bool {
	for _, t := range m.Terms {
		if term == t || utf8.RuneCountInString(t) >= analysis.MinPart && strings.Contains(term, t) {
			return true
		}
	}
	for _, p := range m.Prefixes {
		if strings.HasPrefix(term, p) {
			return true
		}
	}
	return false
}

// ExcerptTermsMaxDF bounds the words whose positions choose the passage of
// an excerpt: the query's words (and phrase words) found in at most this
// many documents' text — whose positions the browser client has at hand
// (the static index keeps them with the postings).
const ExcerptTermsMaxDF = 128

// ChoosePassage returns the passage of a document an excerpt comes from:
// the one holding the most of the words (each given by its positions in
// the text), the first on ties, the first when none holds any. starts are
// the first positions of the passages after the first, ascending.
func ChoosePassage(positions [][]int, starts []int) int {
	counts := make([]int, len(starts)+1)
	for _, ps := range positions {
		seen := -1
		for _, p := range ps {
			k := sort.SearchInts(starts, p+1) // passages starting at or before p
			if k != seen {
				counts[k]++
				seen = k
			}
		}
	}
	best := 0
	for k, c := range counts {
		if c > counts[best] {
			best = k
		}
	}
	return best
}

// Excerpt returns about excerptTokens words of src around the best group
// of matches, as HTML: matched words in <mark>, everything else escaped,
// runs of white space collapsed, "…" where text was cut.
func Excerpt(src string, m Marks) string { return ExcerptPassage(src, m, false) }

// ExcerptPassage is Excerpt of a passage, which after the first passage
// begins with "…".
func ExcerptPassage(src string, m Marks, later bool) string {
	toks := analysis.Analyze(src)
	hit := make([]bool, len(toks))
	first := -1
	for i, t := range toks {
		if m.matches(t.Term) {
			hit[i] = true
		}
	}
	// The window starting at a match with the most distinct matched terms
	// wins; the earliest on ties.
	best := 0
	for i := range toks {
		if !hit[i] {
			continue
		}
		seen := map[string]bool{}
		for j := i; j < len(toks) && j < i+excerptTokens; j++ {
			if hit[j] {
				seen[toks[j].Term] = true
			}
		}
		if first < 0 || len(seen) > best {
			first, best = i, len(seen)
		}
	}
	s := 0
	if first > 0 {
		s = max(0, first-excerptLead)
	}
	e := min(len(toks), s+excerptTokens) // exclusive
	from, to := 0, len(src)
	if s > 0 || later && len(toks) > 0 {
		from = toks[s].Start
	}
	if e < len(toks) {
		to = toks[e-1].End
	}

	var b strings.Builder
	if from > 0 || later {
		b.WriteString("… ")
	}
	at := from
	for i := s; i < e; i++ {
		if !hit[i] {
			continue
		}
		writeText(&b, src[at:toks[i].Start])
		b.WriteString("<mark>")
		writeText(&b, src[toks[i].Start:toks[i].End])
		b.WriteString("</mark>")
		at = toks[i].End
	}
	writeText(&b, src[at:to])
	out := strings.TrimRight(b.String(), " ")
	if strings.HasPrefix(out, " ") {
		out = strings.TrimLeft(out, " ")
	}
	if to < len(src) {
		out += " …"
	}
	return out
}

// writeText writes s escaped for HTML, runs of white space as one space.
func writeText(b *strings.Builder, s string) {
	space := false
	for _, r := range s {
		if query.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&#39;")
		default:
			b.WriteRune(r)
		}
	}
}

// appendUnique appends v to list unless it is there.
func appendUnique(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}
