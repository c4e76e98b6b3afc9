// Package query is the query language of ratsarchiv's search, shared by
// Bleve (internal/search/searchindex) and, re-implemented exactly, the
// browser client (web/search/query.js): words, phrases, exclusions,
// prefixes and filters, analysed as the index analyses text.
package query

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/search/analysis"
)

// The query language (DESIGN §4), implemented identically by the browser
// client (web/search/query.js; testdata/queries.json holds both sides'
// expectations):
//
//	Kita Gebühren          words, ANDed, after analysis
//	"Kenntnis genommen"    phrase: its terms adjacent (stop words leave gaps)
//	-Windkraft  -"a b"     exclusion
//	Schul*                 prefix (of the normalized, unstemmed word)
//	gremium:Bauausschuss   filters: committee:/gremium:, year:/jahr:,
//	jahr:2022  jahr:2020-2022   result:/ergebnis:, kind:/art:
//	gremium:"Ausschuss für Soziales"
//
// A word that analyses to several terms ("Kita-Gebühren") adds each term;
// a word of stop words only adds nothing.

// The kinds of documents, as the kind: filter names them.
const (
	KindItem    = "item"
	KindPaper   = "paper"
	KindMeeting = "meeting"
)

// Clause kinds.
const (
	ClauseTerm   = "term"
	ClausePhrase = "phrase"
	ClausePrefix = "prefix"
)

// Limits of a query; the browser client reads them from the static
// index's entry file (Spec).
const (
	// MaxClauses bounds the words, phrases and prefixes of a query.
	MaxClauses = 32
	// MinPrefix is the shortest prefix, in characters.
	MinPrefix = 2
	// MaxPrefixTerms bounds the words a prefix may expand to.
	MaxPrefixTerms = 1024
)

// The kinds of filters, as filterKeys names them.
const (
	FilterCommittee = "committee"
	FilterYear      = "year"
	FilterResult    = "result"
	FilterKind      = "kind"
)

// Clause is one positive or excluded part of a query.
type Clause struct {
	Kind   string   `json:"kind"`
	Term   string   `json:"term,omitempty"`   // ClauseTerm
	Terms  []string `json:"terms,omitempty"`  // ClausePhrase; "" where a stop word was
	Prefix string   `json:"prefix,omitempty"` // ClausePrefix
}

// Filters restrict results to documents with one of the listed values, per
// kind of filter; kinds combine with AND.
type Filters struct {
	Committee      []string `json:"committee"`
	Year           []string `json:"year"`
	ResultCategory []string `json:"resultCategory"`
	Kind           []string `json:"kind"`
}

// ParsedQuery is a query after parsing and analysis.
type ParsedQuery struct {
	Clauses []Clause `json:"clauses"`
	// Exclude lists excluded groups; a document is excluded when it
	// matches all clauses of a group ("-Kita-Gebühren" is one group).
	Exclude [][]Clause `json:"exclude"`
	Filters Filters    `json:"filters"`
}

// Error is a malformed query. Code is stable (the page translates it);
// Pos is the 0-based character offset of the problem, -1 when none.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Pos     int    `json:"pos"`
}

func (e *Error) Error() string { return "query: " + e.Message }

func qerr(code string, pos int, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Pos: pos}
}

// Vocabulary is what the parser checks filter values against.
type Vocabulary struct {
	Committees []string // display names, sorted
}

// filterKeys maps the filter names of the query language to their kind.
var filterKeys = map[string]string{
	FilterCommittee: FilterCommittee, "gremium": FilterCommittee,
	FilterYear: FilterYear, "jahr": FilterYear,
	FilterResult: FilterResult, "ergebnis": FilterResult,
	FilterKind: FilterKind, "art": FilterKind,
}

// Parse parses and analyses q.
func Parse(q string, voc Vocabulary) (*ParsedQuery, error) {
	p := &parser{voc: voc, r: []rune(q)}
	if err := p.parse(); err != nil {
		return nil, err
	}
	return &p.out, nil
}

type parser struct {
	voc Vocabulary
	r   []rune
	i   int
	out ParsedQuery
}

func (p *parser) parse() error {
	p.out = ParsedQuery{Clauses: []Clause{}, Exclude: [][]Clause{}, Filters: emptyFilters()}
	for {
		for p.i < len(p.r) && IsSpace(p.r[p.i]) {
			p.i++
		}
		if p.i >= len(p.r) {
			break
		}
		start := p.i
		neg := false
		if p.r[p.i] == '-' {
			neg = true
			p.i++
			if p.i >= len(p.r) || IsSpace(p.r[p.i]) {
				return qerr("lone-minus", start, "a minus must be followed by the word to exclude")
			}
		}
		if p.r[p.i] == '"' {
			content, err := p.quoted()
			if err != nil {
				return err
			}
			p.add(neg, phraseClauses(content))
			continue
		}
		tokStart := p.i
		for p.i < len(p.r) && !IsSpace(p.r[p.i]) && p.r[p.i] != '"' {
			p.i++
		}
		tok := string(p.r[tokStart:p.i])
		if key, rest, ok := strings.Cut(tok, ":"); ok {
			if kind, isFilter := filterKeys[strings.ToLower(key)]; isFilter {
				if neg {
					return qerr("exclude-filter", start, "filters cannot be excluded: %s", tok)
				}
				value := rest
				if value == "" {
					if p.i < len(p.r) && p.r[p.i] == '"' {
						v, err := p.quoted()
						if err != nil {
							return err
						}
						value = v
					}
				}
				if strings.TrimFunc(value, IsSpace) == "" {
					return qerr("empty-filter", tokStart, "%s: needs a value", key)
				}
				if err := p.filter(kind, value, tokStart); err != nil {
					return err
				}
				continue
			}
		}
		clauses, err := wordClauses(tok, tokStart)
		if err != nil {
			return err
		}
		p.add(neg, clauses)
	}
	if len(p.out.Clauses) > MaxClauses {
		return qerr("too-many-words", -1, "too many words (%d, at most %d)", len(p.out.Clauses), MaxClauses)
	}
	return nil
}

// quoted reads a quoted string at p.i.
func (p *parser) quoted() (string, error) {
	open := p.i
	for j := open + 1; j < len(p.r); j++ {
		if p.r[j] == '"' {
			p.i = j + 1
			return string(p.r[open+1 : j]), nil
		}
	}
	return "", qerr("unbalanced-quote", open, "quote at character %d is not closed", open+1)
}

func (p *parser) add(neg bool, clauses []Clause) {
	if len(clauses) == 0 {
		return
	}
	if neg {
		p.out.Exclude = append(p.out.Exclude, clauses)
	} else {
		p.out.Clauses = append(p.out.Clauses, clauses...)
	}
}

// wordClauses analyses a bare word: terms, or a prefix when it ends in *.
func wordClauses(tok string, pos int) ([]Clause, error) {
	base := strings.TrimRight(tok, "*")
	if base == tok {
		return termClauses(analysis.Analyze(tok)), nil
	}
	words := unicode.NewUnicodeTokenizer().Tokenize([]byte(base))
	if len(words) == 0 {
		return nil, qerr("lone-star", pos, "* must end a word: %s", tok)
	}
	last := words[len(words)-1]
	var out []Clause
	for _, w := range words[:len(words)-1] {
		out = append(out, termClauses(analysis.Analyze(string(w.Term)))...)
	}
	prefix, _ := analysis.Normalize(string(last.Term))
	if utf8.RuneCountInString(prefix) < MinPrefix {
		return nil, qerr("prefix-too-short", pos, "%s: a prefix needs at least %d letters", tok, MinPrefix)
	}
	return append(out, Clause{Kind: ClausePrefix, Prefix: prefix}), nil
}

func termClauses(ts []analysis.Token) []Clause {
	var out []Clause
	for _, t := range ts {
		out = append(out, Clause{Kind: ClauseTerm, Term: t.Term})
	}
	return out
}

// phraseClauses analyses a quoted phrase; a phrase of one term is a term.
func phraseClauses(content string) []Clause {
	ts := analysis.Analyze(content)
	switch len(ts) {
	case 0:
		return nil
	case 1:
		return termClauses(ts)
	}
	terms := make([]string, ts[len(ts)-1].Position-ts[0].Position+1)
	for _, t := range ts {
		terms[t.Position-ts[0].Position] = t.Term
	}
	return []Clause{{Kind: ClausePhrase, Terms: terms}}
}

func (p *parser) filter(kind, value string, pos int) error {
	f := &p.out.Filters
	switch kind {
	case FilterCommittee:
		names, err := ResolveCommittee(value, p.voc.Committees)
		if err != nil {
			err.Pos = pos
			return err
		}
		f.Committee = appendNew(f.Committee, names...)
	case FilterYear:
		years, err := parseYears(value)
		if err != nil {
			err.Pos = pos
			return err
		}
		f.Year = appendNew(f.Year, years...)
	case FilterResult:
		c, err := ResolveResultCategory(value)
		if err != nil {
			err.Pos = pos
			return err
		}
		f.ResultCategory = appendNew(f.ResultCategory, c)
	case FilterKind:
		k, err := ResolveKind(value)
		if err != nil {
			err.Pos = pos
			return err
		}
		f.Kind = appendNew(f.Kind, k)
	}
	return nil
}

func emptyFilters() Filters {
	return Filters{Committee: []string{}, Year: []string{}, ResultCategory: []string{}, Kind: []string{}}
}

func appendNew(list []string, vs ...string) []string {
	for _, v := range vs {
		if !slices.Contains(list, v) {
			list = append(list, v)
		}
	}
	return list
}

// IsSpace is Unicode White_Space (unicode.IsSpace), spelled out so that the
// browser's parser uses the same set.
func IsSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// fold is the loose form filter values are compared in: words split at
// IsSpace and joined by one space, lower-cased rune by rune (Go's simple
// mapping: İ is i, a final Σ is σ), umlauts without dots, ß as ss. The
// client's fold (web/search/query.js) is the same rule.
func fold(s string) string {
	s = strings.ToLower(strings.Join(strings.FieldsFunc(s, IsSpace), " "))
	return strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ß", "ss").Replace(s)
}

// ResolveCommittee finds the committees a filter value means: the one with
// that name (ignoring case and umlauts), else all whose name contains it.
func ResolveCommittee(value string, names []string) ([]string, *Error) {
	v := fold(value)
	var exact, partial []string
	for _, n := range names {
		switch fn := fold(n); {
		case fn == v:
			exact = append(exact, n)
		case strings.Contains(fn, v):
			partial = append(partial, n)
		}
	}
	if len(exact) > 0 {
		return exact, nil
	}
	if len(partial) > 0 {
		return partial, nil
	}
	msg := fmt.Sprintf("no committee %q", value)
	if c := record.Closest(value, names); c != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", c)
	}
	return nil, &Error{Code: "unknown-committee", Message: msg, Pos: -1}
}

func parseYears(v string) ([]string, *Error) {
	lo, hi, isRange := strings.Cut(v, "-")
	if !isRange {
		lo, hi, isRange = strings.Cut(v, "..")
	}
	if !isRange {
		hi = lo
	}
	a, errA := year(lo)
	b, errB := year(hi)
	if errA != nil || errB != nil || b < a || b-a > 200 {
		return nil, &Error{Code: "bad-year", Message: fmt.Sprintf("year %q: want a year like 2022 or a range like 2020-2022", v), Pos: -1}
	}
	var out []string
	for y := a; y <= b; y++ {
		out = append(out, fmt.Sprintf("%04d", y))
	}
	return out, nil
}

func year(s string) (int, error) {
	if len(s) != 4 {
		return 0, strconv.ErrSyntax
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, strconv.ErrSyntax
		}
	}
	return strconv.Atoi(s)
}

// resultAliases are the German words for the result categories.
var resultAliases = map[string]record.ResultCategory{
	"beschlossen": record.ResultApproved, "angenommen": record.ResultApproved, "zugestimmt": record.ResultApproved,
	"geandert": record.ResultApprovedAmended, "geaendert": record.ResultApprovedAmended, "modifiziert": record.ResultApprovedAmended,
	"abgelehnt": record.ResultRejected,
	"kenntnis":  record.ResultNoted, "kenntnisnahme": record.ResultNoted, "zur-kenntnis": record.ResultNoted, "informiert": record.ResultNoted,
	"vertagt": record.ResultPostponed, "zuruckgestellt": record.ResultPostponed, "verschoben": record.ResultPostponed,
	"zuruckgezogen": record.ResultWithdrawn, "zurueckgezogen": record.ResultWithdrawn,
	"sonstige": record.ResultOther, "sonstiges": record.ResultOther, "andere": record.ResultOther,
}

// ResolveResultCategory accepts a category name or its German word.
func ResolveResultCategory(v string) (string, *Error) {
	f := fold(v)
	for _, c := range record.ResultCategories {
		if string(c) == f {
			return f, nil
		}
	}
	if c, ok := resultAliases[f]; ok {
		return string(c), nil
	}
	names := make([]string, len(record.ResultCategories))
	for i, c := range record.ResultCategories {
		names[i] = string(c)
	}
	return "", &Error{Code: "unknown-result", Message: fmt.Sprintf("result %q: want one of %s (or beschlossen, abgelehnt, kenntnis, vertagt …)", v, strings.Join(names, ", ")), Pos: -1}
}

var kindAliases = map[string]string{
	KindItem: KindItem, "top": KindItem, "tagesordnungspunkt": KindItem,
	KindPaper: KindPaper, "vorlage": KindPaper, "drucksache": KindPaper,
	KindMeeting: KindMeeting, "sitzung": KindMeeting,
}

// ResolveKind accepts a document kind or its German word.
func ResolveKind(v string) (string, *Error) {
	if k, ok := kindAliases[fold(v)]; ok {
		return k, nil
	}
	return "", &Error{Code: "unknown-kind", Message: fmt.Sprintf("kind %q: want item (top), paper (vorlage) or meeting (sitzung)", v), Pos: -1}
}

// MergeFilters adds the structured filters o (a search's options) to the
// query's own q, resolving committee names and category words as the query
// language does.
func MergeFilters(q, o Filters, voc Vocabulary) (Filters, error) {
	f := Filters{
		Committee:      slices.Clone(q.Committee),
		Year:           slices.Clone(q.Year),
		ResultCategory: slices.Clone(q.ResultCategory),
		Kind:           slices.Clone(q.Kind),
	}
	for _, c := range o.Committee {
		names, err := ResolveCommittee(c, voc.Committees)
		if err != nil {
			return f, err
		}
		f.Committee = appendNew(f.Committee, names...)
	}
	for _, y := range o.Year {
		ys, err := parseYears(y)
		if err != nil {
			return f, err
		}
		f.Year = appendNew(f.Year, ys...)
	}
	for _, r := range o.ResultCategory {
		c, err := ResolveResultCategory(r)
		if err != nil {
			return f, err
		}
		f.ResultCategory = appendNew(f.ResultCategory, c)
	}
	for _, k := range o.Kind {
		c, err := ResolveKind(k)
		if err != nil {
			return f, err
		}
		f.Kind = appendNew(f.Kind, c)
	}
	return f, nil
}

// DateRange checks and completes the bounds: "2022" from is 2022-01-01, to
// is 2022-12-31. Any bound excludes documents without a date.
func DateRange(from, to string) (string, string, error) {
	lo, err := completeDate(from, false)
	if err != nil {
		return "", "", err
	}
	hi, err := completeDate(to, true)
	if err != nil {
		return "", "", err
	}
	if lo == "" && hi != "" {
		lo = "0001-01-01"
	}
	return lo, hi, nil
}

// completeDate completes a bound: YYYY and YYYY-MM to a day, the first
// of the period for a start, the last for an end.
func completeDate(s string, end bool) (string, error) {
	if s == "" {
		return "", nil
	}
	ok := func(part string, lo, hi int) bool {
		n := 0
		for _, c := range []byte(part) {
			if c < '0' || c > '9' {
				return false
			}
			n = n*10 + int(c-'0')
		}
		return n >= lo && n <= hi
	}
	p := strings.Split(s, "-")
	switch {
	case len(p) == 1 && len(p[0]) == 4 && ok(p[0], 1, 9999):
		if end {
			return s + "-12-31", nil
		}
		return s + "-01-01", nil
	case len(p) == 2 && len(p[0]) == 4 && len(p[1]) == 2 && ok(p[0], 1, 9999) && ok(p[1], 1, 12):
		if end {
			return s + "-31", nil // compared as text: the end of any month
		}
		return s + "-01", nil
	case len(p) == 3 && len(p[0]) == 4 && len(p[1]) == 2 && len(p[2]) == 2 && ok(p[0], 1, 9999) && ok(p[1], 1, 12) && ok(p[2], 1, 31):
		return s, nil
	}
	return "", &Error{Code: "bad-date", Message: fmt.Sprintf("date %q: want YYYY-MM-DD, YYYY-MM or YYYY", s), Pos: -1}
}
