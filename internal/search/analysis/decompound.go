package analysis

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// Decompounding splits German compounds into the archive's own words, so
// that "Ausschuss" finds "Sozialausschuss" and "Kita" finds "Kitagebühren".
// It is made for retrieval: the parts go into a field of their own, weighed
// below the word, so a missed split loses a document while a split costs
// little. The algorithm (documented for users in docs/search.md):
//
//  1. The dictionary is the archive itself: every normalized word of a–z
//     letters, stop words included, counted as written, by its stem (light
//     stemmer) and how often it is written as a noun (capitalized, or in
//     camel case: "KarlsruheAlte"). Halves of words broken at a line end
//     ("unge-⏎deckt", frequent in PDF text) are not words and are not
//     counted.
//  2. A modifier (any part but the last) is a word of the archive as
//     written, or a productive modifier: one that begins at least
//     minProductive words of the archive whose remainders, after a linking
//     element, are distinct known last parts (Breitband-ausbau,
//     Breitband-versorgung, Breitband-initiative), although it never
//     stands alone, and that is no word followed by a verb prefix
//     ("wiederein"-ordnung). A stop word may be a productive modifier of
//     a noun (Zwischen-bericht) but for the prefixes of inseparable verbs
//     (Über-flutung), and a stop word written as a noun a short last part
//     (Haupt-weg); stop words are never added as parts.
//  3. A word of a–z letters with at least ShortPart+MinPart letters is
//     segmented into parts of at least MinPart letters, each with a vowel
//     — the first or the last part may have ShortPart letters when it is a
//     noun of the archive (Bau-ausschuss, Ehren-amt; a first part also
//     without its final e: End-fassung) — with an optional linking
//     element between parts ("", s, es, n, en, e: Integration-s-management).
//     The last part may be inflected (its stem must be known: Kita-gebühren);
//     the modifiers must be words as written or productive (so that
//     "anwohnende" is no "anwohn-ende": "anwohn" is neither). A last part
//     that is a derivational ending ("ende", "schaften", "lichen") is no
//     part: participles and derivations are not compounds; nor are the
//     remains of verb prefixes ("unbe", "aufge"), and no first part ends
//     inside a stop word the word begins with ("wiede|rein…" in
//     "wiedereintritt"). fits has the rules of word classes.
//  4. Every word with such a segmentation is split. Of its segmentations
//     the one with the fewest parts wins; among those, the highest product
//     of part frequencies; among those, the one found first (longest first
//     part, linking elements in the order above). Frequency only breaks
//     ties: a word more frequent than its parts ("Gebührenkalkulation") is
//     split all the same.
//  5. Parts are split again by the same rules, so "Sozialausschusssitzung"
//     yields sozialausschuss, sozial, ausschuss, sitzung.
//  6. Gender forms joined by a colon ("Teilnehmer:innen") add their pieces
//     of at least MinPart letters, split again like words.
//
// The parts are added after the word, at its position and offsets; the
// stemmer then stems them like any word. Products are float64 and computed
// in a fixed order so that the JavaScript port decides identically.
const (
	// MinPart is the shortest part a compound is split into, but for a
	// short modifier.
	MinPart = 4
	// ShortPart is the length of a short part: a first or last part of
	// three letters (Bau-ausschuss, Ehren-amt) that occurs on its own,
	// written capitalized, at least minShortFreq times in the archive.
	ShortPart = 3
	// minShortFreq is how often a short part must occur as a noun.
	minShortFreq = 3
	// minProductive is the number of distinct last parts a productive
	// modifier must begin words with (Breitband-ausbau, -versorgung,
	// -initiative).
	minProductive = 2
	// minFrequent is how often a word must occur to be a modifier of
	// adjectives and participles although it is no noun nor inflected
	// like an adjective (hoch-effizienter, zurück-geblieben), or a first
	// part although it looks like a verb prefix with letters added (erst).
	minFrequent = 100
	// minShortModifier is how often the noun before a short last part
	// must occur: "Diens-tag" of a broken line is none.
	minShortModifier = 10
	// maxWeak is how often a word may occur for its capitals to be weak
	// evidence of its class.
	maxWeak = 3
	// minWeakHead is the length of such a last part.
	minWeakHead = 8
	// maxCompound bounds the words considered (longer tokens are codes).
	maxCompound = 64
)

// suffixHeads are endings that look like words of their own but make
// participles and derivations, never a part of a compound.
var suffixHeads = wordSet("ende enden endem ender endes schaft schaften lichen liche licher liches lichem " +
	"heit heiten keit keiten igkeit igkeiten ungen ungs isch ische ischen ischer isches tung tungen " +
	"lich tlich innen erin erinnen endung endungen ige igen igem iger iges " +
	"tliche tlichen tlicher tliches tlichem bare baren barer bares barem " +
	// -haft inflected (schad-haften, mangel-hafte): an adjective suffix,
	// not the verb; Untersuchungs-haft keeps its noun
	"hafte haften hafter haftes haftem " +
	// -tät (Mobili-tät, Quali-tät): a suffix, not "Tat"
	"tat taten " +
	// -ation, -abel (Organis-ation, profit-abel): Latin suffixes
	"ation ationen ations able ablen abler ables ablem " +
	// "sämtliche": a determiner, not the head of Standes-amtliche
	"samtliche samtlichen samtlicher samtliches")

// suffixRests are derivational suffixes with their inflections: after one
// to three consonants they are what is left of a derived word (Stel-lung,
// Grün-dung, Stat-ionen, pflege-rischer, Hand-lungs), never a part.
var suffixRests = wordSet("ung ungen ungs isch ische ischen ischer isches ischem ig ige igen iger iges igem igt igte igten " +
	"ion ionen ions ichen ing ingen aften")

// suffixFragment reports whether p is consonants and a suffix rest.
func suffixFragment(p string) bool {
	i := 0
	for i < len(p) && i < 3 && !strings.ContainsRune("aeiou", rune(p[i])) {
		i++
	}
	// "aften" is what is left of -schaften (Gesellsch-aften), but after
	// other consonants a word of its own (Kr-äften).
	return suffixRests[p[i:]] && (p[i:] != "aften" || i == 0 || p[:i] == "sch")
}

// nonParts are never parts: verb prefixes with the ge-/be- of participles
// (what is left of "unbe-stimmt" or "aufge-druckt"), "samt", and verb
// prefixes and abbreviations of three letters.
var nonParts = wordSet("unbe unge umbe aufge vorbe vorge abge ausge einge zuge ange mitge nachge samt " +
	// three letters: verb prefixes and abbreviations (Geb., Sch.) that
	// are written capitalized often enough to look like nouns
	"ver ent zer emp ges geb sch ung unb gen tel " +
	// a verb prefix that is also a word (wider Erwarten): Wider-spruch
	// is no compound of "Spruch"
	"wider")

// stopModifier reports whether a stop word may be a modifier of a noun
// when it is productive (Zwischen-bericht, Weiter-bau, Wieder-eintritt):
// a stop word of at least MinPart letters but the prefixes that also make
// inseparable verbs, and their nouns (Über-flutung, Unter-lagen,
// Durch-führung). Such a part is never added to the index: stop words
// are not terms.
func stopModifier(p string) bool {
	return len(p) >= MinPart && !inseparablePrefixes[p]
}

// inseparablePrefixes are the stop words that are verb prefixes both
// separable and inseparable (übersetzen, übersetzen).
var inseparablePrefixes = wordSet("durch uber unter hinter")

// wordSet is the set of the space-separated words of s.
func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// linkers are the German linking elements (Fugenelemente), in the order
// ties are broken.
var linkers = []string{"", "s", "es", "n", "en", "e"}

// Dictionary is the vocabulary compounds are split into: the archive's
// words and their stems, and how often they occur. It is safe for
// concurrent use.
type Dictionary struct {
	freq  map[string]int // by stem
	words map[string]int // as written (normalized)
	nouns map[string]int // as written: how often capitalized
	caps  map[string]int // by stem: how often capitalized
	mods  map[string]int // productive modifiers that are no words: their distinct last parts
	all   map[string]int // what NewDictionary was given
	id    string
	stops map[string]bool

	// pre4 has a bit for the first four letters of every word: a part
	// (but the last) must start with one.
	pre4 []uint64

	// Prepare numbers the words in byte order (prepared, sorted) and
	// computes the split of every one (splits, by number); they are not
	// changed afterwards, so reading them needs no lock.
	prepared map[string]int32
	sorted   []string
	splits   [][]string
	// partStems are the splits' parts as the stemmer leaves them, shared
	// by the tokens of the index's analysis (which never change a term).
	partStems [][][]byte

	mu    sync.RWMutex
	cache map[string][]string // words outside splits
	segs  map[string][]string // segmentations found so far (segmentOf)
}

// DictionaryBuilder counts the words of texts for a Dictionary. It is not
// safe for concurrent use; use one per goroutine and Merge them.
type DictionaryBuilder struct {
	// ids numbers the words counted, in the order they came: a word
	// seen before is counted without a string of its own.
	ids   map[string]int32
	words []string // by number
	// counts are by number how often the word occurred, and how often
	// of those capitalized.
	counts [][2]int
	buf    []byte
}

// NewDictionaryBuilder returns an empty builder.
func NewDictionaryBuilder() *DictionaryBuilder {
	return &DictionaryBuilder{ids: map[string]int32{}}
}

// id returns the number of the word w.
func (b *DictionaryBuilder) id(w []byte) int32 {
	if i, ok := b.ids[string(w)]; ok {
		return i
	}
	s := string(w)
	i := int32(len(b.words))
	b.ids[s] = i
	b.words = append(b.words, s)
	b.counts = append(b.counts, [2]int{})
	return i
}

// surface returns the counts by word as Dictionary.Words has them: a word
// counted capitalized also with its first letter in capitals.
func (b *DictionaryBuilder) surface() map[string]int {
	m := make(map[string]int, len(b.words))
	for i, w := range b.words {
		if b.counts[i][0] == 0 {
			continue // counted no more (SubtractCounts)
		}
		m[w] = b.counts[i][0]
		if c := b.counts[i][1]; c > 0 {
			m[strings.ToUpper(w[:1])+w[1:]] = c // w is of a–z letters
		}
	}
	return m
}

// Add counts the words of text: the words of a–z letters after lower
// case and normalize_de, as the analysis sees them, and the stop words
// the analysis drops (they may be parts: Zwischen-bericht, Haupt-weg,
// though never terms). It scans
// for them directly rather than through the UAX#29 tokenizer, which takes
// most of the time: a word of letters only is a run of letters joined by
// nothing but the characters UAX#29 joins letters with (see wordEnd), and
// a run that contains anything else (digits, marks, the joiners) is no
// word of a–z letters for either (TestDictionaryBuilderMatchesAnalysis).
func (b *DictionaryBuilder) Add(text string) {
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) || unicode.IsMark(r) || unicode.Is(unicode.Cf, r) {
			// marks and format characters belong to what precedes them
			i += size
			continue
		}
		end, letters := wordEnd(text, i)
		if letters && !brokenAtLineEnd(text, i, end) {
			b.count(text[i:end])
		}
		i = end
	}
}

// count counts a word of letters if it is a–z after lower case and
// normalization.
func (b *DictionaryBuilder) count(w string) {
	b.buf = b.buf[:0]
	for _, r := range w {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.buf = append(b.buf, byte(r))
			continue
		}
		b.buf = utf8.AppendRune(b.buf, unicode.ToLower(r))
	}
	n := normalizeInPlace(b.buf)
	if !isLowerASCII(n) {
		return
	}
	c := &b.counts[b.id(n)]
	c[0]++
	if capitalized(w) {
		c[1]++
	}
}

// capitalized reports whether w is written as a German noun: a capital
// letter, then small ones — or capitals that begin words within it
// ("KarlsruheAlte", "CashPool": compounds written in camel case, whose
// first part is a noun). A word in capitals only is no evidence.
func capitalized(w string) bool {
	prevUpper := false
	for i, r := range w {
		upper := unicode.IsUpper(r)
		if i == 0 && !upper || upper && prevUpper {
			return false
		}
		prevUpper = upper
	}
	return !prevUpper
}

// isWordRune reports whether r can be part of a UAX#29 word that holds
// Latin letters: letters, digits, marks, format characters, the
// underscore. Han, kana and the scripts of South-East Asia form words of
// their own, never with Latin letters, and count as separators here.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_'
	}
	if r == '\u200B' || unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Myanmar, unicode.Khmer) {
		return false // a zero width space separates words
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) ||
		unicode.In(r, unicode.Nl, unicode.Cf, unicode.Pc)
}

// wordEnd returns the end of the word starting at i — a run of word runes,
// with a joiner between two letters or two digits belonging to it — and
// whether it is of letters only.
func wordEnd(text string, i int) (end int, letters bool) {
	letters = true
	var last rune // the last word rune but marks and format characters
	for i < len(text) {
		if c := text[i]; 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			last = rune(c) // the common case: an ASCII letter
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) {
			if !unicode.IsLetter(r) {
				letters = false
			}
			if !unicode.IsMark(r) && !unicode.Is(unicode.Cf, r) {
				last = r // marks and format characters are transparent
			}
			i += size
			continue
		}
		if i+size < len(text) && last != 0 {
			next, _ := utf8.DecodeRuneInString(text[i+size:])
			if unicode.IsLetter(last) && unicode.IsLetter(next) && joinsLetters(r) ||
				unicode.IsDigit(last) && unicode.IsDigit(next) && joinsDigits(r) {
				letters = false
				i += size
				continue
			}
		}
		break
	}
	return i, letters
}

// joinsLetters reports whether r between two letters makes one UAX#29
// word of them (MidLetter, MidNumLet, Single_Quote).
func joinsLetters(r rune) bool {
	switch r {
	case ':', '·', '\u0387', '\u05F4', '\u2027', '\uFE13', '\uFE55', '\uFF1A', // MidLetter
		'.', '\u2018', '\u2019', '\u2024', '\uFE52', '\uFF07', '\uFF0E', // MidNumLet
		'\'':
		return true
	}
	return false
}

// joinsDigits reports whether r between two digits makes one UAX#29 word
// of them (MidNum, MidNumLet, Single_Quote).
func joinsDigits(r rune) bool {
	switch r {
	case ',', ';', '\u037E', '\u0589', '\u060C', '\u060D', '\u066C', '\u07F8', '\u2044', '\uFE10', '\uFE14', '\uFE50', '\uFE54', '\uFF0C', '\uFF1B', // MidNum
		'.', '\u2018', '\u2019', '\u2024', '\uFE52', '\uFF07', '\uFF0E', // MidNumLet
		'\'':
		return true
	}
	return false
}

// normalizeInPlace is normalize_de on valid UTF-8, rewriting b.
func normalizeInPlace(b []byte) []byte {
	out, _ := normalizeDE(b)
	return out
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
	for i, w := range o.words {
		c := &b.counts[b.id([]byte(w))]
		c[0] += o.counts[i][0]
		c[1] += o.counts[i][1]
	}
}

// Dictionary returns the words and stems counted.
func (b *DictionaryBuilder) Dictionary() *Dictionary {
	return NewDictionary(b.surface())
}

// NewDictionary returns the dictionary of the given word frequencies, as
// Dictionary.Words returns them: normalized words of a–z letters, and for
// words of ShortPart letters also their capitalized form ("Bau"), counting
// how often they were written so.
func NewDictionary(words map[string]int) *Dictionary {
	freq := make(map[string]int, len(words))
	lower := make(map[string]int, len(words))
	nouns := map[string]int{}
	capFreq := map[string]int{}
	for w, n := range words {
		if w != "" && 'A' <= w[0] && w[0] <= 'Z' {
			l := strings.ToLower(w)
			nouns[l] = n
			capFreq[stemASCII(l)] += n
			continue
		}
		lower[w] = n
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
	pre4 := make([]uint64, (26*26*26*26+63)/64)
	for w := range lower {
		if i, ok := prefix4(w); ok {
			pre4[i/64] |= 1 << (i % 64)
		}
	}
	d := &Dictionary{
		freq:  freq,
		caps:  capFreq,
		words: lower,
		all:   words,
		nouns: nouns,
		id:    hex.EncodeToString(h.Sum(nil)[:8]),
		stops: stops,
		pre4:  pre4,
		cache: map[string][]string{},
		segs:  map[string][]string{},
	}
	d.mods = d.productiveModifiers()
	return d
}

// productiveModifiers finds the modifiers that are no words of their own
// but begin nouns of the archive with at least minProductive distinct
// nouns as last parts (by stem) that start with as many distinct letters: many letters
// follow a morpheme boundary (Breitband-ausbau, -versorgung, -initiative),
// few follow a fragment ("stel-lung", "stel-lage"). A modifier that is a
// word when its linking element is added ("krei-s-gebiet": "kreis") is no
// evidence. The value of a productive modifier, its frequency when
// segmentations are compared, is its number of distinct last parts.
func (d *Dictionary) productiveModifiers() map[string]int {
	heads := map[string]map[string]bool{} // modifier → stems of last parts
	for w := range d.words {
		if d.class(w) != classNoun {
			continue // evidence is noun compounds: Breitbandausbau
		}
		for i := MinPart; i+MinPart <= len(w); i++ {
			p := w[:i]
			if d.stops[p] && !stopModifier(p) || !d.stops[p] && d.words[p] > 0 || nonParts[p] {
				continue
			}
			for _, l := range linkers {
				k := i + len(l)
				if k+MinPart > len(w) || w[i:k] != l || (l != "" && d.words[p+l] > 0) {
					continue
				}
				if r := w[k:]; d.partFreq(r, true) > 0 && d.class(r) == classNoun {
					if heads[p] == nil {
						heads[p] = map[string]bool{}
					}
					heads[p][stemASCII(r)] = true
				}
			}
		}
	}
	mods := map[string]int{}
	for p, hs := range heads {
		if len(hs) < minProductive || d.endsInPrefix(p) {
			continue
		}
		var initials [26]bool
		n := 0
		for h := range hs {
			if c := h[0] - 'a'; !initials[c] {
				initials[c] = true
				n++
			}
		}
		if n >= minProductive {
			mods[p] = len(hs)
		}
	}
	return mods
}

// endsInPrefix reports whether a modifier is a word or a stop word
// followed by a verb prefix ("wiederein"-ordnung, "weiterver"-äußerung,
// "endbe"-stände): the prefix begins the next part.
func (d *Dictionary) endsInPrefix(p string) bool {
	for _, v := range verbPrefixes {
		// (not "er", an ending of its own: weit-er)
		if x, ok := strings.CutSuffix(p, v); ok && v != "er" && len(x) >= ShortPart && (d.words[x] > 0 || d.stops[x]) {
			return true
		}
	}
	return false
}

// prefix4 numbers the first four letters of a word of a–z letters.
func prefix4(w string) (int, bool) {
	if len(w) < 4 {
		return 0, false
	}
	n := 0
	for _, c := range []byte(w[:4]) {
		if c < 'a' || c > 'z' {
			return 0, false
		}
		n = n*26 + int(c-'a')
	}
	return n, true
}

// mayStartPart reports whether some word starts with the first four
// letters of w.
func (d *Dictionary) mayStartPart(w string) bool {
	i, ok := prefix4(w)
	return ok && d.pre4[i/64]&(1<<(i%64)) != 0
}

// Prepare splits every word of the dictionary, on all cores, so that
// the index's analysis finds each split without a lock.
func (d *Dictionary) Prepare() {
	d.prepare(slices.Sorted(maps.Keys(d.words)), nil)
}

// prepare is Prepare of the dictionary's words, sorted, of which those
// with known[i] have their split and segmentation in d.cache and d.segs
// already (PrepareFrom).
func (d *Dictionary) prepare(words []string, known []bool) {
	workers := max(1, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(words); i += workers {
				if known == nil || !known[i] {
					d.Split(words[i])
				}
			}
		}()
	}
	wg.Wait()
	prepared := make(map[string]int32, len(words))
	splits := make([][]string, len(words))
	stems := make([][][]byte, len(words))
	d.mu.RLock()
	for i, w := range words {
		prepared[w] = int32(i)
		splits[i] = d.cache[w]
		for _, p := range splits[i] {
			stems[i] = append(stems[i], stemmedPart(p))
		}
	}
	d.mu.RUnlock()
	d.prepared, d.sorted, d.splits, d.partStems = prepared, words, splits, stems
}

// QuerySplits returns, for the stem of every word of the archive that is a
// compound, the stems of its parts at the first level (Kitagebühren: kita,
// gebuhr; Sozialausschusssitzung: sozialausschuss, sitzung): what a query
// of the compound requires when it finds the parts as words of their own.
// Words of one stem with different splits give the split of the most
// frequent (then the first in byte order). The search index keeps them,
// and the static index ships them, so that queries are split alike in Go
// and in the browser without the dictionary.
func (d *Dictionary) QuerySplits() map[string][]string {
	type best struct {
		word  string
		parts []string
	}
	found := map[string]best{}
	for _, w := range slices.Sorted(maps.Keys(d.words)) {
		var parts []string
		for _, p := range d.segmentOf(w) {
			if !d.stops[p] { // a stop word is no term
				parts = append(parts, stemASCII(p))
			}
		}
		if len(parts) < 2 {
			continue // a query of Zwischenbericht finds no mere "Bericht"
		}
		t := stemASCII(w)
		if b, ok := found[t]; ok && d.words[b.word] >= d.words[w] {
			continue
		}
		found[t] = best{w, parts}
	}
	out := make(map[string][]string, len(found))
	for t, b := range found {
		out[t] = b.parts
	}
	return out
}

// SplitWords is the number of the dictionary's words that Prepare split:
// every word of the archive that is a compound.
func (d *Dictionary) SplitWords() int {
	n := 0
	for _, parts := range d.splits {
		if parts != nil {
			n++
		}
	}
	return n
}

// partStemsOf returns the stems of the parts of a term in a byte slice (as
// stemmedPart gives them: shared, not to be changed); id is the word's
// number when Prepare numbered it, else -1.
func (d *Dictionary) partStemsOf(b []byte) (stems [][]byte, id int32) {
	if i, ok := d.prepared[string(b)]; ok {
		return d.partStems[i], i
	}
	if !splittable(b) {
		return nil, -1
	}
	for _, p := range d.Split(string(b)) {
		stems = append(stems, stemmedPart(p))
	}
	return stems, -1
}

// splittable reports whether a term may be split by some dictionary:
// words of a–z letters and words joined by colons; nothing else is.
func splittable(b []byte) bool {
	return isLowerASCII(b) || bytes.Contains(b, []byte(":"))
}

// ID names the dictionary by its content.
func (d *Dictionary) ID() string { return d.id }

// Len is the number of distinct words.
func (d *Dictionary) Len() int { return len(d.words) }

// Words returns a copy of the word frequencies, from which NewDictionary
// makes the same dictionary.
func (d *Dictionary) Words() map[string]int { return maps.Clone(d.all) }

// Split returns the parts a normalized, unstemmed word is split into, in
// order and without repeats (by stem); nil when the word stays whole.
func (d *Dictionary) Split(word string) []string {
	if i, ok := d.prepared[word]; ok {
		return d.splits[i] // no lock: Prepare's
	}
	return d.remember(d.cache, word, d.split)
}

// remember returns memo's entry for word, made with f when it has none;
// d.mu guards memo.
func (d *Dictionary) remember(memo map[string][]string, word string, f func(string) []string) []string {
	d.mu.RLock()
	parts, ok := memo[word]
	d.mu.RUnlock()
	if ok {
		return parts
	}
	parts = f(word)
	d.mu.Lock()
	memo[word] = parts
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
		pieces = d.segmentOf(word)
		// A feminine plural of a compound splits as the compound
		// (Handwerker-innen: hand, werker), not inside the suffix
		// (handwerk-rinnen).
		if base, ok := strings.CutSuffix(word, "innen"); ok && d.writtenNoun(base) && d.segment(base) != nil {
			pieces = []string{base}
		}
	}
	if len(pieces) == 0 {
		return nil // most words
	}
	var out []string
	seen := map[string]bool{stemASCII(word): true}
	var add func(p string)
	add = func(p string) {
		if s := stemASCII(p); !seen[s] && !d.stops[p] {
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

// segmentOf is segment, remembered: Prepare segments every word, and
// QuerySplits needs them all again.
func (d *Dictionary) segmentOf(word string) []string {
	return d.remember(d.segs, word, d.segment)
}

// segmentation is a candidate split of a word's suffix.
type segmentation struct {
	parts int
	prod  float64 // product of part frequencies, right to left
	end   int     // end of the first part
	next  int     // start of the rest (after the linking element); 0 if none
}

// segment returns the best split of word into at least two parts, or nil
// when there is none.
func (d *Dictionary) segment(word string) []string {
	n := len(word)
	if n < ShortPart+MinPart || n > maxCompound || !isLowerASCII([]byte(word)) || d.stops[word] {
		return nil
	}
	// No first part ends inside a stop word the word begins with
	// ("wiede|rein|tritt").
	stopEnd := 0
	for k := MinPart; k < n; k++ {
		if d.stops[word[:k]] {
			stopEnd = k
		}
	}
	cls := d.class(word)
	// A word written capitalized once or twice may be an adjective at
	// the start of a sentence or title ("Modellgestützte Verfahren"): it
	// may end in an adjective or participle, when that is long enough to
	// be no fragment (stemmen, kation, elles are).
	weakNoun := cls == classNoun && d.words[word] <= maxWeak
	// best[i] is the best segmentation of word[i:] into one or more parts.
	best := make([]*segmentation, n+1)
	for i := n - ShortPart; i >= 0; i-- {
		var b *segmentation
		consider := func(c *segmentation) {
			if b == nil || c.parts < b.parts || c.parts == b.parts && c.prod > b.prod {
				b = c
			}
		}
		// A part but the last starts with the first four letters of a word
		// (a short modifier is checked below).
		inner := d.mayStartPart(word[i:])
		minEnd := i + MinPart
		if i == 0 {
			minEnd = ShortPart
		}
		if i > n-MinPart {
			minEnd = n // only a short last part
		}
		for j := n; j >= minEnd; j-- {
			if i == 0 && (j == n || j < stopEnd) {
				continue // the whole word is not a split of itself
			}
			if i == 0 && prefixFragment(word[:j]) && d.words[word[:j]] < minFrequent {
				continue // but a frequent word is one: Erst-beratung
			}
			var f int
			switch {
			case j-i < MinPart && j < n:
				f = d.shortFreq(word[i:j], false)
				if f == 0 {
					f = d.elidedFreq(word[i:j])
				}
			case j-i < MinPart:
				f = d.shortFreq(word[i:j], true)
			case j == n:
				f = d.partFreq(word[i:j], true)
			case inner:
				f = d.partFreq(word[i:j], false)
			}
			if f == 0 {
				continue
			}
			fits := d.fits(cls, word[i:j], j == n) ||
				weakNoun && j == n && j-i >= minWeakHead && d.fits(classOther, word[i:j], true)
			if j == n {
				if fits {
					consider(&segmentation{parts: 1, prod: float64(f), end: j})
				}
				continue
			}
			for _, l := range linkers {
				k := j + len(l)
				if k >= n || word[j:k] != l || best[k] == nil {
					continue
				}
				if !fits && !(cls == classOther && (l == "s" || l == "es")) {
					continue // but the linking s follows nouns only: lebens-rettende
				}
				if i == 0 && j == ShortPart && l != "" && d.words[word[:k]] > 0 {
					continue // a short modifier with its linker is a word: Mais-labyrinth, not Mai-s-labyrinth
				}
				if best[k].parts == 1 && n-k == ShortPart && !(d.writtenNoun(word[i:j]) && d.words[word[i:j]] >= minShortModifier) && !d.stops[word[i:j]] {
					continue // a short last part follows a noun or a stop word: Ehren-amt, Weiter-bau, not Frei-tag
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
// the word as written or as a productive modifier for the others — or 0
// when it may not be a part (unknown, or a stop word).
func (d *Dictionary) partFreq(p string, last bool) int {
	// Most candidates are no word at all: that is found first.
	var f int
	if last {
		f = d.freq[stemASCII(p)]
	} else if f = d.words[p]; f == 0 {
		f = d.mods[p]
	}
	if f == 0 {
		return 0 // whatever the rules below say
	}
	if d.stops[p] {
		if last || !stopModifier(p) {
			return 0
		}
		return d.mods[p]
	}
	if nonParts[p] || suffixHeads[p] || suffixFragment(p) || !hasVowel(p) {
		return 0
	}
	if last || !codaFragment(p) {
		return f // d.freq of the stem; d.words, else d.mods
	}
	return 0
}

// Word classes, as far as capitals tell them.
const (
	classUnknown = iota // not in the archive
	classNoun           // written capitalized in most of its occurrences
	classOther          // adjectives, participles, verbs, fragments
)

// class is the word class of a word: as written when the archive has it so,
// else of its stem (the light stemmer conflates nouns with verbs and
// adjectives: Runden, rund). Ties count as nouns.
func (d *Dictionary) class(w string) int {
	if d.words[w] > 0 {
		return classOf(d.words[w], d.nouns[w])
	}
	return d.stemClass(w)
}

// stemClass is the word class of a word's stem: a plural that is also a
// verb form (Planen, Angeboten, Wegen: capitalized in a quarter of its
// occurrences or more) is a noun by its stem.
func (d *Dictionary) stemClass(w string) int {
	s := stemASCII(w)
	return classOf(d.freq[s], d.caps[s])
}

// classOf is the class of a word that occurs f times, c of them
// capitalized.
func classOf(f, c int) int {
	switch {
	case f == 0:
		return classUnknown
	case 2*c >= f:
		return classNoun
	}
	return classOther
}

// fits reports whether part may be a part of a word of class cls. A
// compound is of its head's class, so a noun ends in a noun (as written,
// or by its stem when a quarter of its occurrences are capitalized:
// Medikations-planen) — which keeps out the fragments of PDF text, written
// small ("Stel- lung", "einh eiten"): Stellung is no Stel-lung — and its
// modifiers written small are adjectives or frequent words (no "trans"-
// port). Any other word (kosten-günstig, lebens-rettende) ends in a word
// of at least 5 letters that is no noun, as written or by its stem
// (standes-amtliche: "Amtliche" begins titles), and its modifiers are nouns as written,
// adjectives or frequent words (hoch-effizienter): fragments of
// adjectives ("effizi|enter", "rechtl|iches") are not. A word the archive
// lacks (a part being split again) may be either.
func (d *Dictionary) fits(cls int, part string, last bool) bool {
	switch {
	case d.stops[part]:
		return cls == classNoun // Zwischen-bericht, not gegen-seitigen
	case cls == classUnknown:
		return true
	case last && cls == classNoun:
		return d.class(part) == classNoun || 4*d.nouns[part] >= d.words[part] && d.words[part] > 0 && d.stemClass(part) == classNoun ||
			d.genitive(part)
	case last:
		return len(part) >= 5 && (d.class(part) == classOther || d.stemClass(part) == classOther) || adverbHeads[part] ||
			participle(part)
	case cls == classNoun:
		return !prefixAtEnd(d, part) && (d.words[part] == 0 || d.class(part) == classNoun || d.adjective(part) || d.words[part] >= minFrequent)
	}
	return d.writtenNoun(part) || d.adjective(part) || d.words[part] >= minFrequent
}

// adverbHeads are nouns that head adjectives and adverbs (prüfens-wert,
// ersatz-weise): the head of a word that is no noun although they are.
var adverbHeads = wordSet("wert werte werten werter wertes weise")

// participle reports whether a last part is a present participle of at
// least 7 letters (allgemein-bildende): an adjective, although titles
// capitalize it ("Bildende Kunst") as often as to make it look like a noun.
func participle(part string) bool {
	for _, e := range participleEndings {
		if strings.HasSuffix(part, e) && len(part) >= 7 {
			return true
		}
	}
	return false
}

var participleEndings = []string{"ende", "enden", "ender", "endes", "endem"}

// genitive reports whether a last part is the genitive of a noun that is
// written small in other uses (Städte-tags: "tags darauf").
func (d *Dictionary) genitive(part string) bool {
	base, ok := strings.CutSuffix(part, "s")
	return ok && d.writtenNoun(base) && d.nouns[base] >= minShortFreq
}

// adjective reports whether a word is inflected like an adjective (schwer,
// schwere, schweren): a modifier of adjectives (schwer-fällt, allgemein-
// bildende) that fragments (effizi-enter) are not.
func (d *Dictionary) adjective(w string) bool {
	return d.words[w] > 0 && d.words[w+"e"] > 0 && d.words[w+"en"] > 0
}

// writtenNoun reports whether a word is written capitalized in most of its
// occurrences.
func (d *Dictionary) writtenNoun(w string) bool {
	return d.words[w] > 0 && 2*d.nouns[w] > d.words[w]
}

// prefixAtEnd reports whether a modifier is a word of at least 4 letters
// followed by a verb prefix ("personal|aus|weis", "wieder|ein|ordnung"):
// the prefix belongs to the next part.
func prefixAtEnd(d *Dictionary, part string) bool {
	for _, v := range verbPrefixes {
		if len(v) >= 3 && len(part) >= len(v)+4 && strings.HasSuffix(part, v) && d.words[part[:len(part)-len(v)]] > 0 {
			return true
		}
	}
	return false
}

// verbPrefixes are the prefixes and particles of German verbs (and their
// nouns: Ver-kehr, Aus-bildung, Ein-heit).
var verbPrefixes = strings.Fields("ab an auf aus be bei durch ein ent er ge her hin mit nach uber um unter ver vor wieder zer zu zuruck")

// prefixFragment reports whether a first part is a verb prefix with one or
// two letters more, or with consonants only ("verk|ehrte", "ausb|ildung",
// "abzu|arbeiten", "besch|einigung"): what is left of a derived word, not a
// modifier.
func prefixFragment(p string) bool {
	for _, v := range verbPrefixes {
		if len(p) > len(v) && strings.HasPrefix(p, v) &&
			(len(p) <= len(v)+2 || !strings.ContainsAny(p[len(v):], "aeiouy")) {
			return true
		}
	}
	return false
}

// codaFragment reports whether a modifier ends in consonants that begin
// syllables but never end one ("kongr|essen", "mindestg|rosse",
// "durchschnittl|ichen"): a fragment of a word, not a word.
func codaFragment(p string) bool {
	if len(p) < 2 {
		return false
	}
	a, b := p[len(p)-2], p[len(p)-1]
	if strings.IndexByte("aeiouylrh", a) >= 0 {
		return false
	}
	return b == 'r' || b == 'l' || strings.IndexByte("stkp", a) >= 0 && strings.IndexByte("gbd", b) >= 0
}

// elidedFreq is the frequency of a short modifier that is a noun of the
// archive without its final e (Ende: End-fassung), or 0.
func (d *Dictionary) elidedFreq(p string) int {
	e := p + "e"
	if d.nouns[e] < minShortFreq {
		return 0 // most candidates: no noun
	}
	if d.stops[p] || nonParts[p] || suffixFragment(p) || !hasVowel(p) {
		return 0
	}
	if d.writtenNoun(e) {
		return d.words[e]
	}
	return 0
}

// shortFreq is the frequency of a short part, or 0 when it may not be one:
// it must occur as a noun of its own often enough. A stop word written as
// a noun (Weg) may be a short last part (Haupt-weg), never a first one
// (the formal "Sie").
func (d *Dictionary) shortFreq(p string, last bool) int {
	c := d.nouns[p]
	if c < minShortFreq {
		return 0 // most candidates: no noun
	}
	if d.stops[p] && !last || nonParts[p] || suffixFragment(p) || !hasVowel(p) {
		return 0
	}
	// Written capitalized, mostly: a noun (Bau, Amt, Weg), not a prefix
	// or an abbreviation (ver-, geb.).
	if 2*c > d.words[p] {
		return d.words[p]
	}
	return 0
}

// hasVowel reports whether a part has a vowel: "schl"-ecker and
// "pfl"-egerischer are fragments.
func hasVowel(p string) bool { return strings.ContainsAny(p, "aeiouy") }

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
func stemASCII(w string) string { return w[:stemLen(w)] }

// stemLen is the length of the stem of a word of a–z letters: the light
// stemmer only cuts endings off.
func stemLen[S ~string | ~[]byte](w S) int {
	l := len(w)
	// step 1
	switch {
	case l > 5 && w[l-3] == 'e' && w[l-2] == 'r' && w[l-1] == 'n':
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
	case l > 5 && w[l-3] == 'e' && w[l-2] == 's' && w[l-1] == 't':
		l -= 3
	case l > 4 && w[l-2] == 'e' && (w[l-1] == 'r' || w[l-1] == 'n'):
		l -= 2
	case l > 4 && w[l-2] == 's' && w[l-1] == 't' && stEnding(w[l-3]):
		l -= 2
	}
	return l
}

func stEnding(c byte) bool {
	switch c {
	case 'b', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 't':
		return true
	}
	return false
}

// decompoundFilter adds the parts of compounds to a token stream: the
// reference form of the decompounding step, as a Bleve token filter in the
// chain of analysis.go. The index uses indexAnalyzer, which does the same in
// one pass (TestIndexAnalyzerIsTheChain).
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
