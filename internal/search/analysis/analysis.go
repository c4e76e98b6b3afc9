// Package analysis is ratsarchiv's German text analysis on Bleve's parts:
// the analyzer that index and queries share, and the decompounder that adds
// the parts of compounds at index time. The browser client
// (web/search/analysis.js) re-implements the analyzer exactly; the
// decompounder has a port for the parity tests only
// (web/search/testdata/decompound.mjs).
package analysis

import (
	"fmt"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// The analysis of ratsarchiv is Bleve's "de" analyzer — unicode tokenizer
// (UAX#29 words), lower case, German stop words, normalize_de (ä→a, ß→ss …),
// stemmer_de_light — with two changes, both registered here in one place:
//
//   - LowercaseFilterName replaces Bleve's to_lower, which corrupts a term
//     when a character whose lower case is shorter in UTF-8 (ẞ, the Kelvin
//     sign) is followed by an already lower-case one ("Straẞe" became
//     "strass\uFFFD"). Ours lower-cases rune by rune, keeping Bleve's rule
//     for a final sigma.
//   - at index time only, the parts of German compounds are added at the
//     compound's position (see decompound.go), between normalize_de and
//     the stemmer, so parts are stemmed like words; they go to a field of
//     their own, FieldParts (indexanalysis.go, build.go).
//
// Queries are analysed without decompounding: "Ausschuss" matches the part
// of "Sozialausschuss", while "Sozialausschuss" only matches the compound.
// The browser client (web/search) re-implements this analysis exactly.
//
// LowercaseFilterName is the name of our lower-case filter in Bleve's
// registry (see Register).
const LowercaseFilterName = "ratsarchiv_lowercase"

// Register adds our token filters to Bleve's registry, so that an index
// mapping can name LowercaseFilterName. Bleve's registry is global and
// refuses a name twice: a sync.Once makes Register safe to call from every
// user, instead of an init() that panics.
var Register = sync.OnceValue(func() error {
	return registry.RegisterTokenFilter(LowercaseFilterName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return lowercaseFilter{}, nil
	})
})

// lowercaseFilter lower-cases terms rune by rune (unicode.ToLower), with
// Bleve's rule that a capital sigma ending the term becomes a final sigma.
type lowercaseFilter struct{}

func (lowercaseFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		t.Term = lowerTerm(t.Term)
	}
	return input
}

func lowerTerm(s []byte) []byte {
	changed := false
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRune(s[i:])
		if unicode.ToLower(r) != r {
			changed = true
			break
		}
		i += w
	}
	if !changed {
		return s
	}
	out := make([]byte, 0, len(s)+4)
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRune(s[i:])
		l := unicode.ToLower(r)
		if l == 'σ' && r != l && i+w == len(s) {
			l = 'ς'
		}
		out = utf8.AppendRune(out, l)
		i += w
	}
	return out
}

// stopWords is Bleve's German stop word list (231 Snowball words).
var stopWords = sync.OnceValues(func() (analysis.TokenMap, error) {
	m := analysis.NewTokenMap()
	if err := m.LoadBytes(de.GermanStopWords); err != nil {
		return nil, fmt.Errorf("searchindex: German stop words: %w", err)
	}
	return m, nil
})

// chain is the analysis pipeline; decompound is nil for query analysis.
type chain struct {
	tokenizer  analysis.Tokenizer
	stop       analysis.TokenFilter
	normalize  analysis.TokenFilter
	decompound analysis.TokenFilter
	stem       analysis.TokenFilter
}

func newChain(decompound analysis.TokenFilter) *chain {
	sw, err := stopWords()
	if err != nil {
		// The list is compiled into Bleve; failing to parse it is a bug.
		panic(err)
	}
	return &chain{
		tokenizer:  unicodetok.NewUnicodeTokenizer(),
		stop:       stop.NewStopTokensFilter(sw),
		normalize:  de.NewGermanNormalizeFilter(),
		decompound: decompound,
		stem:       de.NewGermanLightStemmerFilter(),
	}
}

// surface runs the chain up to normalize_de: the normalized, unstemmed
// words that the decompounder splits.
func (c *chain) surface(text []byte) analysis.TokenStream {
	ts := c.tokenizer.Tokenize(text)
	ts = lowercaseFilter{}.Filter(ts)
	ts = c.stop.Filter(ts)
	return c.normalize.Filter(ts)
}

func (c *chain) analyze(text []byte) analysis.TokenStream {
	ts := c.surface(text)
	if c.decompound != nil {
		ts = c.decompound.Filter(ts)
	}
	return c.stem.Filter(ts)
}

// Token is one analysed term with its 1-based position and its UTF-8 byte
// offsets in the analysed text.
type Token struct {
	Term       string `json:"term"`
	Position   int    `json:"pos"`
	Start, End int    `json:"-"`
}

var queryChain = sync.OnceValue(func() *chain { return newChain(nil) })

// Analyze returns the terms of text as queries see them: Bleve's German
// analysis without decompounding.
func Analyze(text string) []Token {
	return toTokens(queryChain().analyze([]byte(text)))
}

// Normalize returns text lower-cased and normalized like a term but not
// stemmed: the form prefix queries match against the index terms. ok is
// false when text is not exactly one word.
func Normalize(text string) (term string, ok bool) {
	c := queryChain()
	ts := c.tokenizer.Tokenize([]byte(text))
	if len(ts) != 1 {
		return "", false
	}
	ts = lowercaseFilter{}.Filter(ts)
	ts = c.normalize.Filter(ts)
	return string(ts[0].Term), true
}

func toTokens(ts analysis.TokenStream) []Token {
	out := make([]Token, len(ts))
	for i, t := range ts {
		out[i] = Token{Term: string(t.Term), Position: t.Position, Start: t.Start, End: t.End}
	}
	return out
}

// AnalyzeIndex returns the terms of text as the index stores them: with the
// parts of compounds d splits after each compound, at its position (the
// index keeps them in FieldParts).
func AnalyzeIndex(text string, d *Dictionary) []Token {
	return toTokens(NewIndexAnalyzer(d).Analyze([]byte(text)))
}
