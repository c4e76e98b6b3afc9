package searchindex

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Decompounding splits German compounds into the archive's own words, so
// that "Ausschuss" finds "Sozialausschuss" and "Kita" finds "Kitagebühren".
// The algorithm (documented for users in docs/search.md):
//
//  1. The dictionary is the archive itself: every normalized word of a–z
//     letters, counted as written and by its stem (light stemmer). Halves
//     of words broken at a line end ("unge-⏎deckt", frequent in PDF
//     text) are not words and are not counted.
//  2. A word of a–z letters with at least 2·MinPart letters is segmented
//     into parts of at least MinPart letters, with an optional linking
//     element between parts ("", s, es, n, en, e: Integration-s-management).
//     The last part may be inflected (its stem must be known: Kita-gebühren);
//     the parts before it must occur as words themselves, as written (so
//     that "anwohnende" is no "anwohn-ende": "anwohn" is no word). A last
//     part that is a derivational ending ("ende", "schaften", "lichen")
//     is no part: participles and derivations are not compounds; nor are
//     the remains of verb prefixes ("unbe", "aufge").
//  3. Of all segmentations, the one with the fewest parts wins; among
//     those, the highest product of part frequencies; among those, the one
//     found first (longest first part, linking elements in the order above).
//  4. The word is split only when the geometric mean of its parts'
//     frequencies exceeds the word's own frequency (Koehn & Knight 2003):
//     a word used more often than its parts — "Haushalt", "Feuerwehr" — is
//     a word of its own and stays whole.
//  5. Parts are split again by the same rules, so "Sozialausschusssitzung"
//     yields sozialausschuss, sozial, ausschuss, sitzung.
//  6. Gender forms joined by a colon ("Teilnehmer:innen") add their pieces
//     of at least MinPart letters, split again like words.
//
// The parts are added after the word, at its position and offsets; the
// stemmer then stems them like any word. Products are float64 and computed
// in a fixed order so that the JavaScript port decides identically.
const (
	// MinPart is the shortest part a compound is split into.
	MinPart = 4
	// maxCompound bounds the words considered (longer tokens are codes).
	maxCompound = 64
)

// suffixHeads are endings that look like words of their own but make
// participles and derivations, never the head of a compound.
var suffixHeads = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("ende enden endem ender endes schaft schaften lichen liche licher liches lichem " +
		"heit heiten keit keiten igkeit igkeiten ungen ungs isch ische ischen ischer isches tung tungen " +
		"lich tlich innen erin erinnen") {
		m[w] = true
	}
	return m
}()

// nonParts are never parts: verb prefixes with the ge-/be- of participles
// (what is left of "unbe-stimmt" or "aufge-druckt"), and "samt".
var nonParts = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("unbe unge umbe aufge vorbe vorge abge ausge einge zuge ange mitge nachge samt") {
		m[w] = true
	}
	return m
}()

// linkers are the German linking elements (Fugenelemente), in the order
// ties are broken.
var linkers = []string{"", "s", "es", "n", "en", "e"}

// Dictionary is the vocabulary compounds are split into: the archive's
// words and their stems, and how often they occur. It is safe for
// concurrent use.
type Dictionary struct {
	freq  map[string]int // by stem
	words map[string]int // as written (normalized)
	id    string
	stops map[string]bool

	mu    sync.RWMutex
	cache map[string][]string
}

// DictionaryBuilder counts the words of texts for a Dictionary. It is not
// safe for concurrent use; use one per goroutine and Merge them.
type DictionaryBuilder struct {
	surface map[string]int
	c       *chain
}

// NewDictionaryBuilder returns an empty builder.
func NewDictionaryBuilder() *DictionaryBuilder {
	return &DictionaryBuilder{surface: map[string]int{}, c: newChain(nil)}
}

// Add counts the words of text.
func (b *DictionaryBuilder) Add(text string) {
	for _, t := range b.c.surface([]byte(text)) {
		if isLowerASCII(t.Term) && !brokenAtLineEnd(text, t.Start, t.End) {
			b.surface[string(t.Term)]++
		}
	}
}

// brokenAtLineEnd reports whether the word text[start:end] is half of a
// word hyphenated at a line end: followed by "-⏎", or preceded by a
// letter and "-⏎".
func brokenAtLineEnd(text string, start, end int) bool {
	i := end
	if i < len(text) && text[i] == '-' {
		for i++; i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r'); i++ {
		}
		if i < len(text) && text[i] == '\n' {
			return true
		}
	}
	j := start - 1
	for j >= 0 && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
		j--
	}
	if j < 0 || text[j] != '\n' {
		return false
	}
	for j--; j >= 0 && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r'); j-- {
	}
	if j < 1 || text[j] != '-' {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(text[:j])
	return unicode.IsLetter(r)
}

// Merge adds the counts of o.
func (b *DictionaryBuilder) Merge(o *DictionaryBuilder) {
	for w, n := range o.surface {
		b.surface[w] += n
	}
}

// Dictionary returns the words and stems counted.
func (b *DictionaryBuilder) Dictionary() *Dictionary {
	return NewDictionary(maps.Clone(b.surface))
}

// NewDictionary returns the dictionary of the given word frequencies
// (normalized words of a–z letters, as Dictionary.Words returns them).
func NewDictionary(words map[string]int) *Dictionary {
	freq := make(map[string]int, len(words))
	for w, n := range words {
		freq[stemASCII(w)] += n
	}
	h := sha256.New()
	var buf [binary.MaxVarintLen64]byte
	for _, w := range slices.Sorted(maps.Keys(words)) {
		h.Write([]byte(w))
		h.Write(buf[:binary.PutUvarint(buf[:], uint64(words[w]))])
	}
	sw, err := stopWords()
	if err != nil {
		panic(err)
	}
	stops := map[string]bool{}
	norm := newChain(nil).normalize
	for w := range sw {
		ts := norm.Filter(analysis.TokenStream{{Term: []byte(w)}})
		stops[string(ts[0].Term)] = true
	}
	return &Dictionary{
		freq:  freq,
		words: words,
		id:    hex.EncodeToString(h.Sum(nil)[:8]),
		stops: stops,
		cache: map[string][]string{},
	}
}

// ID names the dictionary by its content.
func (d *Dictionary) ID() string { return d.id }

// Len is the number of distinct words.
func (d *Dictionary) Len() int { return len(d.words) }

// Words returns a copy of the word frequencies, from which NewDictionary
// makes the same dictionary.
func (d *Dictionary) Words() map[string]int { return maps.Clone(d.words) }

// Split returns the parts a normalized, unstemmed word is split into, in
// order and without repeats (by stem); nil when the word stays whole.
func (d *Dictionary) Split(word string) []string {
	d.mu.RLock()
	parts, ok := d.cache[word]
	d.mu.RUnlock()
	if ok {
		return parts
	}
	parts = d.split(word)
	d.mu.Lock()
	d.cache[word] = parts
	d.mu.Unlock()
	return parts
}

func (d *Dictionary) split(word string) []string {
	var pieces []string
	if strings.Contains(word, ":") {
		for _, p := range strings.Split(word, ":") {
			if len(p) >= MinPart && isLowerASCII([]byte(p)) && !d.stops[p] {
				pieces = append(pieces, p)
			}
		}
		if len(pieces) == 0 {
			return nil
		}
	} else {
		pieces = d.segment(word)
	}
	var out []string
	seen := map[string]bool{stemASCII(word): true}
	var add func(p string)
	add = func(p string) {
		if s := stemASCII(p); !seen[s] {
			seen[s] = true
			out = append(out, p)
		}
		for _, q := range d.Split(p) {
			add(q)
		}
	}
	for _, p := range pieces {
		add(p)
	}
	return out
}

// segmentation is a candidate split of a word's suffix.
type segmentation struct {
	parts int
	prod  float64 // product of part frequencies, right to left
	end   int     // end of the first part
	next  int     // start of the rest (after the linking element); 0 if none
}

// segment returns the best split of word into at least two parts, or nil
// when there is none or it loses against the whole word (step 4).
func (d *Dictionary) segment(word string) []string {
	n := len(word)
	if n < 2*MinPart || n > maxCompound || !isLowerASCII([]byte(word)) {
		return nil
	}
	// best[i] is the best segmentation of word[i:] into one or more parts.
	best := make([]*segmentation, n+1)
	for i := n - MinPart; i >= 0; i-- {
		var b *segmentation
		consider := func(c *segmentation) {
			if b == nil || c.parts < b.parts || c.parts == b.parts && c.prod > b.prod {
				b = c
			}
		}
		for j := n; j >= i+MinPart; j-- {
			if i == 0 && j == n {
				continue // the whole word is not a split of itself
			}
			f := d.partFreq(word[i:j], j == n)
			if f == 0 {
				continue
			}
			if j == n {
				consider(&segmentation{parts: 1, prod: float64(f), end: j})
				continue
			}
			for _, l := range linkers {
				k := j + len(l)
				if k >= n || word[j:k] != l || best[k] == nil {
					continue
				}
				consider(&segmentation{parts: 1 + best[k].parts, prod: float64(f) * best[k].prod, end: j, next: k})
			}
		}
		best[i] = b
	}
	s := best[0]
	if s == nil {
		return nil
	}
	whole := float64(d.freq[stemASCII(word)])
	pw := 1.0
	for range s.parts {
		pw *= whole
	}
	if !(s.prod > pw) {
		return nil
	}
	var parts []string
	for i := 0; ; {
		c := best[i]
		if i == 0 {
			c = s
		}
		parts = append(parts, word[i:c.end])
		if c.next == 0 {
			return parts
		}
		i = c.next
	}
}

// partFreq is the frequency of a part — of its stem for the last part, of
// the word as written for the others — or 0 when it may not be a part
// (unknown, or a stop word).
func (d *Dictionary) partFreq(p string, last bool) int {
	if d.stops[p] || nonParts[p] {
		return 0
	}
	if last {
		if suffixHeads[p] {
			return 0
		}
		return d.freq[stemASCII(p)]
	}
	return d.words[p]
}

func isLowerASCII(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// stemASCII is Bleve's stemmer_de_light for words of a–z letters, where
// its vowel mapping does nothing (the equivalence is tested).
func stemASCII(w string) string {
	l := len(w)
	// step 1
	switch {
	case l > 5 && w[l-3:] == "ern":
		l -= 3
	case l > 4 && w[l-2] == 'e' && (w[l-1] == 'm' || w[l-1] == 'n' || w[l-1] == 'r' || w[l-1] == 's'):
		l -= 2
	case l > 3 && w[l-1] == 'e':
		l--
	case l > 3 && w[l-1] == 's' && stEnding(w[l-2]):
		l--
	}
	// step 2
	switch {
	case l > 5 && w[l-3:l] == "est":
		l -= 3
	case l > 4 && w[l-2] == 'e' && (w[l-1] == 'r' || w[l-1] == 'n'):
		l -= 2
	case l > 4 && w[l-2] == 's' && w[l-1] == 't' && stEnding(w[l-3]):
		l -= 2
	}
	return w[:l]
}

func stEnding(c byte) bool {
	switch c {
	case 'b', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 't':
		return true
	}
	return false
}

// decompoundFilter is the Bleve token filter; dict is nil when the index
// was opened for searching only (the filter then never runs: queries are
// not decompounded and the index is never written after Build).
type decompoundFilter struct{ dict *Dictionary }

func (f decompoundFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	if f.dict == nil {
		return input
	}
	var out analysis.TokenStream
	for i, t := range input {
		parts := f.dict.Split(string(t.Term))
		if parts == nil {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = make(analysis.TokenStream, i, len(input)+8)
			copy(out, input[:i])
		}
		out = append(out, t)
		for _, p := range parts {
			out = append(out, &analysis.Token{Term: []byte(p), Start: t.Start, End: t.End, Position: t.Position, Type: t.Type})
		}
	}
	if out == nil {
		return input
	}
	return out
}

// dictionaries holds the dictionaries of builds in progress, by ID, for
// the filter constructor (Bleve builds analyzers from the mapping's JSON
// config, which names the dictionary).
var dictionaries = struct {
	sync.Mutex
	m map[string]*dictRef
}{m: map[string]*dictRef{}}

type dictRef struct {
	d    *Dictionary
	refs int
}

func registerDictionary(d *Dictionary) (release func()) {
	dictionaries.Lock()
	defer dictionaries.Unlock()
	r := dictionaries.m[d.id]
	if r == nil {
		r = &dictRef{d: d}
		dictionaries.m[d.id] = r
	}
	r.refs++
	return func() {
		dictionaries.Lock()
		defer dictionaries.Unlock()
		if r.refs--; r.refs == 0 {
			delete(dictionaries.m, d.id)
		}
	}
}

func decompoundFilterConstructor(config map[string]interface{}, _ *registry.Cache) (analysis.TokenFilter, error) {
	id, ok := config["dictionary"].(string)
	if !ok {
		return nil, fmt.Errorf("%s: config needs a dictionary id", decompoundFilterType)
	}
	dictionaries.Lock()
	defer dictionaries.Unlock()
	if r := dictionaries.m[id]; r != nil {
		return decompoundFilter{dict: r.d}, nil
	}
	return decompoundFilter{}, nil
}
