package analysis

import (
	"bytes"
	"maps"
	mbits "math/bits"
	"slices"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// PartType marks the compound parts in a token stream of IndexAnalyzer.
const PartType analysis.TokenType = 1 << 10

// IndexAnalyzer is the index-time analysis of the text field: the chain of
// analysis.go (tokenizer, lower case, stop words, normalize_de, decompound,
// stemmer_de_light) in one pass, with the filters' work done in place for
// the common case — words of a–z letters and German umlauts — and Bleve's
// own filters for any other word. One per goroutine; it is not safe for
// concurrent use. TestIndexAnalyzerIsTheChain holds it to the chain.
type IndexAnalyzer struct {
	tok   analysis.Tokenizer
	stops analysis.TokenMap
	norm  analysis.TokenFilter
	stem  analysis.TokenFilter
	dict  *Dictionary
	one   analysis.TokenStream // a stream of one token for Bleve's filters
	// recording tells whether the analyzer notes the terms it looks up in
	// dict (RecordLookups): the words Prepare numbered as bits of looked
	// (by number, so in byte order), any other term in lookedOther.
	recording   bool
	looked      []uint64
	lookedOther map[string]struct{}
}

// NewIndexAnalyzer returns an analyzer that splits compounds with d (nil
// splits none).
func NewIndexAnalyzer(d *Dictionary) *IndexAnalyzer {
	sw, err := stopWords()
	if err != nil {
		panic(err) // the list is compiled into Bleve
	}
	return &IndexAnalyzer{
		tok:   unicodetok.NewUnicodeTokenizer(),
		stops: sw,
		norm:  de.NewGermanNormalizeFilter(),
		stem:  de.NewGermanLightStemmerFilter(),
		dict:  d,
		one:   make(analysis.TokenStream, 1),
	}
}

// Analyze returns the words of text and, marked PartType, the parts of its
// compounds after each compound, at its position. text is changed (terms
// are lower-cased and normalized in place).
func (a *IndexAnalyzer) Analyze(text []byte) analysis.TokenStream {
	in := a.tok.Tokenize(text)
	out := make(analysis.TokenStream, 0, len(in)+len(in)/8)
	for _, t := range in {
		t.Term = a.lower(t.Term)
		if _, stop := a.stops[string(t.Term)]; stop {
			continue
		}
		t.Term = a.normalize(t)
		var parts [][]byte
		if a.dict != nil && mayHaveParts(t.Term) {
			var id int32
			parts, id = a.dict.partStemsOf(t.Term)
			if a.recording {
				a.noteLookup(t.Term, id)
			}
		}
		t.Term = a.stemTerm(t)
		out = append(out, t)
		for _, p := range parts {
			out = append(out, &analysis.Token{Term: p, Start: t.Start, End: t.End, Position: t.Position, Type: PartType})
		}
	}
	return out
}

// mayHaveParts reports whether some dictionary may split a term: none
// splits a word shorter than ShortPart+MinPart but at a colon (segment,
// split), so the index's analysis neither looks such a word up nor notes
// it among the lookups its segment depends on.
func mayHaveParts(term []byte) bool {
	return len(term) >= ShortPart+MinPart || bytes.IndexByte(term, ':') >= 0
}

// RecordLookups makes the analyzer note the terms whose split it looks up
// in the dictionary from now on: the terms its output depends on the
// dictionary for. Lookups returns them.
func (a *IndexAnalyzer) RecordLookups() {
	a.recording = true
	a.looked = nil
	a.lookedOther = map[string]struct{}{}
}

// noteLookup notes that the split of term, numbered id by the dictionary
// (-1: not numbered), was looked up.
func (a *IndexAnalyzer) noteLookup(term []byte, id int32) {
	switch {
	case !splittable(term):
	case id >= 0:
		if int(id/64) >= len(a.looked) { // the first since RecordLookups
			a.looked = append(a.looked, make([]uint64, (len(a.dict.sorted)+63)/64-len(a.looked))...)
		}
		a.looked[id/64] |= 1 << (id % 64)
	default:
		a.lookedOther[string(term)] = struct{}{}
	}
}

// Lookups returns the terms looked up since RecordLookups, sorted, and
// starts a new record.
func (a *IndexAnalyzer) Lookups() []string {
	other := slices.Sorted(maps.Keys(a.lookedOther))
	out := make([]string, 0, len(other))
	for i, bits := range a.looked {
		for ; bits != 0; bits &= bits - 1 {
			w := a.dict.sorted[i*64+mbits.TrailingZeros64(bits)]
			// the numbered words are sorted, and none is in other
			for len(other) > 0 && other[0] < w {
				out = append(out, other[0])
				other = other[1:]
			}
			out = append(out, w)
		}
		a.looked[i] = 0
	}
	out = append(out, other...)
	clear(a.lookedOther)
	return out
}

// stemmedPart is a part (a–z letters) as the stemmer leaves it, in a
// slice of its own.
func stemmedPart(p string) []byte {
	return []byte(p[:stemLen(p)])
}

// lower lower-cases a term: ASCII in place, anything else as
// lowercaseFilter does.
func (a *IndexAnalyzer) lower(b []byte) []byte {
	for i, c := range b {
		if c >= utf8.RuneSelf {
			return lowerTerm(b)
		}
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return b
}

// normalize is normalize_de, in place for valid UTF-8; invalid UTF-8 goes
// to Bleve's filter, which replaces bad bytes.
func (a *IndexAnalyzer) normalize(t *analysis.Token) []byte {
	if out, ok := normalizeDE(t.Term); ok {
		return out
	}
	a.one[0] = t
	return a.norm.Filter(a.one)[0].Term
}

// normalizeDE rewrites b as normalize_de does (its output is never
// longer: ä→a, ß→ss); ok is false, and b unchanged, when b is not valid
// UTF-8.
func normalizeDE(b []byte) (out []byte, ok bool) {
	ascii := true
	for _, c := range b {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii && !utf8.Valid(b) {
		return b, false
	}
	const (
		stN = iota // ordinary
		stV        // stops 'u' from entering the umlaut state
		stU        // umlaut state: a following 'e' is deleted
	)
	state := stN
	w := 0
	for r := 0; r < len(b); {
		c := rune(b[r])
		size := 1
		if c >= utf8.RuneSelf {
			c, size = utf8.DecodeRune(b[r:])
		}
		var sub byte // the replacement of an umlaut
		switch c {
		case 'a', 'o':
			state = stU
		case 'u':
			if state == stN {
				state = stU
			} else {
				state = stV
			}
		case 'e':
			if state == stU {
				r += size
				state = stV
				continue
			}
			state = stV
		case 'i', 'q', 'y':
			state = stV
		case 'ä':
			sub = 'a'
		case 'ö':
			sub = 'o'
		case 'ü':
			sub = 'u'
		case 'ß':
			b[w], b[w+1] = 's', 's'
			w += 2
			r += size
			state = stN
			continue
		default:
			state = stN
		}
		if sub != 0 {
			b[w] = sub
			w++
			r += size
			state = stV
			continue
		}
		copy(b[w:], b[r:r+size])
		w += size
		r += size
	}
	return b[:w], true
}

// stemTerm is stemmer_de_light: for a–z words a cut (stemASCII), for
// others Bleve's filter.
func (a *IndexAnalyzer) stemTerm(t *analysis.Token) []byte {
	if isLowerASCII(t.Term) {
		return t.Term[:stemLen(t.Term)]
	}
	a.one[0] = t
	return a.stem.Filter(a.one)[0].Term
}
