package analysis

import (
	"cmp"
	"maps"
	mbits "math/bits"
	"slices"
	"strings"
)

// A word's split is a function of the dictionary, but it reads little of
// it: segment, split and the rules they call observe the dictionary only
// through the values observe lists, each of a string that is a part of
// the word (a substring: a candidate part, a part split again, a stem,
// the word less "innen"), and through the first four letters of its
// substrings (mayStartPart). So when a dictionary changes, a word none of
// whose substrings observes a different value, and none of whose
// four-letter substrings begins a word in one dictionary but not in the
// other, splits and segments as before. PrepareFrom takes those splits
// over from the last build's dictionary and splits only the other words;
// a meeting of common words (der, und, Verwaltung) changes the counts of
// many words, but the observations of few: "der" is a stop word, whose
// splits read no count beyond thresholds it stays on the same side of.

// Prepared is what Prepare found for a dictionary, for PrepareFrom the
// next time: the words the dictionary was made of (Dictionary.Words), its
// productive modifiers, and the split and segmentation of each of its
// words that has one.
type Prepared struct {
	Words  map[string]int
	Mods   map[string]int
	Splits map[string][]string
	Segs   map[string][]string
}

// Prepared returns what Prepare found; d must be prepared.
func (d *Dictionary) Prepared() *Prepared {
	p := &Prepared{Words: d.all, Mods: d.mods, Splits: map[string][]string{}, Segs: map[string][]string{}}
	d.mu.RLock()
	defer d.mu.RUnlock()
	for i, w := range d.sorted {
		if d.splits[i] != nil {
			p.Splits[w] = d.splits[i]
		}
		if s := d.segs[w]; s != nil {
			p.Segs[w] = s
		}
	}
	return p
}

// PrepareFrom is Prepare, taking over from old, what Prepare found for
// another dictionary (of the same program), the splits and segmentations
// that are the same for d; nil takes over nothing. It returns how many
// words it split anew.
func (d *Dictionary) PrepareFrom(old *Prepared) int {
	words := slices.Sorted(maps.Keys(d.words))
	if old == nil || old.Words == nil {
		d.Prepare()
		return len(words)
	}
	changed := d.changedWords(old)
	prev := d.previous(old, changed)
	hot := d.changedObservations(prev, changed)
	known := make([]bool, len(words))
	n := len(words)
	d.mu.Lock()
	for i, w := range words {
		if prev.words[w] == 0 || hot.in(w) {
			continue
		}
		known[i] = true
		n--
		d.cache[w] = old.Splits[w]
		d.segs[w] = old.Segs[w]
	}
	d.mu.Unlock()
	d.prepare(words, known)
	return n
}

// previous returns the dictionary old was made of, as far as observe and
// the words' first letters read it: d's maps with the counts that differ
// set back.
func (d *Dictionary) previous(old *Prepared, changed []string) *Dictionary {
	p := &Dictionary{words: maps.Clone(d.words), nouns: maps.Clone(d.nouns), freq: maps.Clone(d.freq),
		caps: maps.Clone(d.caps), mods: old.Mods, stops: d.stops}
	set := func(m map[string]int, k string, v int) {
		if v == 0 {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	for _, w := range changed {
		was, is := old.Words[w], d.all[w]
		if w != "" && 'A' <= w[0] && w[0] <= 'Z' {
			l := strings.ToLower(w)
			set(p.nouns, l, was)
			s := stemASCII(l)
			set(p.caps, s, p.caps[s]+was-is)
			continue
		}
		set(p.words, w, was)
		s := stemASCII(w)
		set(p.freq, s, p.freq[s]+was-is)
	}
	p.pre4 = make([]uint64, len(d.pre4))
	for w := range p.words {
		if i, ok := prefix4(w); ok {
			p.pre4[i/64] |= 1 << (i % 64)
		}
	}
	return p
}

// changedWords returns the words (as Words has them) whose counts differ
// between d and old.
func (d *Dictionary) changedWords(old *Prepared) []string {
	var out []string
	for w, n := range d.all {
		if old.Words[w] != n {
			out = append(out, w)
		}
	}
	for w := range old.Words {
		if _, ok := d.all[w]; !ok {
			out = append(out, w)
		}
	}
	return out
}

// observation is what the splitting of a word observes of the dictionary
// about one of its substrings s: every function of the dictionary that
// segment and split, and the rules they call, apply to a single string
// (TestPrepareFromSplitsAsPrepare holds it to them).
type observation [21]int

// observe returns the observation of s.
func (d *Dictionary) observe(s string) observation {
	b := func(x bool) int {
		if x {
			return 1
		}
		return 0
	}
	w := d.words[s]
	return observation{
		d.class(s), d.stemClass(s),
		b(w > 0), b(w <= maxWeak), b(w < minFrequent), b(w >= minShortModifier),
		d.shortFreq(s, false), d.shortFreq(s, true), d.elidedFreq(s),
		d.partFreq(s, false), d.partFreq(s, true),
		b(d.fits(classUnknown, s, false)), b(d.fits(classUnknown, s, true)),
		b(d.fits(classNoun, s, false)), b(d.fits(classNoun, s, true)),
		b(d.fits(classOther, s, false)), b(d.fits(classOther, s, true)),
		b(d.writtenNoun(s)), b(d.adjective(s)), b(d.genitive(s)), b(prefixAtEnd(d, s)),
	}
}

// changedObservations returns the strings whose observation differs
// between d and prev, the dictionary made of words of which those changed
// have other counts, and the four-letter strings that begin a word in
// one and not in the other. A key of the maps observe reads (a word, a
// stem, a productive modifier) is read in the observation of the key
// itself, of the strings with the key as their stem, of the key less a
// final e or en (adjective, elidedFreq), of the key with an s (genitive)
// and of the key with a verb prefix (prefixAtEnd); those are compared.
func (d *Dictionary) changedObservations(prev *Dictionary, changed []string) *substrings {
	keys := map[string]bool{}
	for _, w := range changed {
		l := strings.ToLower(w)
		keys[l] = true
		keys[stemASCII(l)] = true
	}
	for k, v := range prev.mods {
		if d.mods[k] != v {
			keys[k] = true
		}
	}
	for k, v := range d.mods {
		if prev.mods[k] != v {
			keys[k] = true
		}
	}
	cand := map[string]bool{}
	for k := range keys {
		cand[k] = true
		cand[k+"s"] = true
		if s, ok := strings.CutSuffix(k, "e"); ok {
			cand[s] = true
		}
		if s, ok := strings.CutSuffix(k, "en"); ok {
			cand[s] = true
		}
		for _, v := range verbPrefixes {
			cand[k+v] = true
		}
		for _, e2 := range stemEndings2 {
			for _, e1 := range stemEndings1 {
				if s := k + e2 + e1; stemASCII(s) == k {
					cand[s] = true
				}
			}
		}
	}
	var found []string
	for s := range cand {
		if s != "" && d.observe(s) != prev.observe(s) {
			found = append(found, s)
		}
	}
	for i := range d.pre4 {
		for bits := d.pre4[i] ^ prev.pre4[i]; bits != 0; bits &= bits - 1 {
			n := i*64 + mbits.TrailingZeros64(bits)
			g := make([]byte, 4)
			for k := 3; k >= 0; k-- {
				g[k] = byte('a' + n%26)
				n /= 26
			}
			found = append(found, string(g))
		}
	}
	// A string that holds another is in the words that hold that one:
	// the shortest are enough.
	slices.SortFunc(found, func(a, b string) int { return cmp.Or(len(a)-len(b), strings.Compare(a, b)) })
	hot := newSubstrings()
	for _, s := range found {
		if !hot.in(s) {
			hot.add(s)
		}
	}
	return hot
}

// The endings the light stemmer cuts (stemLen): one of step 1's after
// one of step 2's.
var (
	stemEndings1 = []string{"", "ern", "em", "en", "er", "es", "e", "s"}
	stemEndings2 = []string{"", "est", "er", "en", "st"}
)

// substrings is a set of strings, asked whether a word contains one.
type substrings struct {
	one [256]bool // the strings of one byte
	// byTwo are the longer ones by their first two bytes: 1 + the index
	// of their list in lists, 0 for none.
	byTwo []int32
	lists [][]string
}

func newSubstrings() *substrings {
	return &substrings{byTwo: make([]int32, 1<<16)}
}

func (h *substrings) add(s string) {
	if len(s) == 1 {
		h.one[s[0]] = true
		return
	}
	k := int(s[0])<<8 | int(s[1])
	if h.byTwo[k] == 0 {
		h.lists = append(h.lists, nil)
		h.byTwo[k] = int32(len(h.lists))
	}
	h.lists[h.byTwo[k]-1] = append(h.lists[h.byTwo[k]-1], s)
}

// in reports whether w contains one of the strings.
func (h *substrings) in(w string) bool {
	for i := range len(w) {
		if h.one[w[i]] {
			return true
		}
		if i+1 == len(w) {
			break
		}
		if l := h.byTwo[int(w[i])<<8|int(w[i+1])]; l != 0 {
			for _, s := range h.lists[l-1] {
				if strings.HasPrefix(w[i:], s) {
					return true
				}
			}
		}
	}
	return false
}
