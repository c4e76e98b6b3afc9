package gen

import (
	"bufio"
	"cmp"
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The vocabulary is derived from real council records by mkvocab (see
// //go:generate in gen.go); only these lists are committed.
var (
	//go:embed vocab/words.tsv
	wordsTSV string
	//go:embed vocab/compounds.tsv
	compoundsTSV string
)

// Compound is a German noun compound with its parts, as the generator uses
// it. First+Link+lower(Head) spells Word: "Integration"+"s"+"management".
// Tests of decompounding can use them as ground truth.
type Compound struct {
	Word  string // "Integrationsmanagement"
	First string // "Integration": the first part as written in the compound
	Link  string // "s": the linking element (Fugenelement), often empty
	Head  string // "Management": the noun that ends the compound
}

// Compounds returns the compounds of the vocabulary that the generated
// records draw on: frequent ones of real records, a few hand-picked ones,
// and the combinations of their parts that make up the rare tail.
func Compounds() []Compound {
	v := vocabulary()
	out := make([]Compound, len(v.compounds))
	copy(out, v.compounds)
	return out
}

// noun is a noun with its grammatical gender: 'm', 'f', 'n', or 'p' for
// words used in the plural.
type noun struct {
	word   string
	gender byte
}

// vocab is the generator's word distribution: word forms ranked by
// frequency, a Zipf-shaped tail of rare compounds, and the nouns among them.
type vocab struct {
	words     []string // all forms: corpus words, then compounds, then the tail
	all       weighted // frequency of every form, for free text
	nouns     []noun
	nounFreq  weighted
	compounds []Compound
	tailShare float64 // share of tokens the tail should get, from words.tsv
	// knownNouns is how many of nouns are real words (corpus or
	// hand-picked); the rest are tail combinations.
	knownNouns int
}

var (
	vocabOnce sync.Once
	vocabData *vocab
)

// vocabulary parses the embedded lists once. They are part of the binary,
// so a parse error is a bug in mkvocab and panics.
func vocabulary() *vocab {
	vocabOnce.Do(func() {
		v, err := parseVocab(wordsTSV, compoundsTSV)
		if err != nil {
			panic("gen: embedded vocabulary: " + err.Error())
		}
		vocabData = v
	})
	return vocabData
}

// extraCompounds are compounds of council life that every archive should
// have, frequent in real records but not always among the corpus' top ones.
var extraCompounds = []struct {
	first, link, head string
	gender            byte
}{
	{"Kita", "", "Gebühren", 'p'},
	{"Sozial", "", "Ausschuss", 'm'},
	{"Integration", "s", "Management", 'n'},
	{"Fördermittel", "", "Bescheid", 'm'},
	{"Integration", "s", "Rat", 'm'},
	{"Jugend", "", "Beirat", 'm'},
	{"Senior", "en", "Beirat", 'm'},
	{"Kita", "", "Platz", 'm'},
	{"Kita", "", "Ausbau", 'm'},
	{"Schul", "", "Entwicklungsplan", 'm'},
	{"Gebühr", "en", "Satzung", 'f'},
	{"Wohnung", "s", "Bau", 'm'},
	{"Rad", "", "Weg", 'm'},
	{"Sport", "", "Stätte", 'f'},
	{"Obdachlos", "en", "Unterkunft", 'f'},
	{"Bürger", "", "Haushalt", 'm'},
	{"Straße", "n", "Sanierung", 'f'},
	{"Verkehr", "s", "Wende", 'f'},
	{"Fernwärme", "", "Netz", 'n'},
	{"Klimaschutz", "", "Manager", 'm'},
}

func parseVocab(wordsText, compoundsText string) (*vocab, error) {
	v := &vocab{}
	seen := make(map[string]bool, 1<<17)
	genderOf := map[string]byte{}
	var weights []uint64
	var nounWeights []uint64
	add := func(word string, weight uint64, gender byte) {
		if seen[word] {
			return
		}
		seen[word] = true
		v.words = append(v.words, word)
		weights = append(weights, weight)
		if gender != 0 && !notNoun[word] {
			v.nouns = append(v.nouns, noun{word, gender})
			nounWeights = append(nounWeights, weight)
		}
	}

	// Corpus words, most frequent first.
	var last uint64
	err := eachLine(wordsText, func(fields []string, comment string) error {
		if comment != "" {
			if rest, ok := strings.CutPrefix(comment, "tail "); ok {
				share, err := strconv.ParseFloat(rest, 64)
				if err != nil || share < 0 || share >= 1 {
					return fmt.Errorf("bad tail share %q", rest)
				}
				v.tailShare = share
			}
			return nil
		}
		if len(fields) != 3 {
			return fmt.Errorf("want 3 columns, got %d", len(fields))
		}
		w, err := strconv.ParseUint(fields[1], 10, 64)
		if err != nil || w == 0 {
			return fmt.Errorf("bad count %q", fields[1])
		}
		g, err := parseGender(fields[2])
		if err != nil {
			return err
		}
		add(fields[0], w, g)
		last = w
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("words.tsv: %w", err)
	}
	if len(v.words) == 0 {
		return nil, fmt.Errorf("words.tsv: no words")
	}

	// Frequent compounds; those rarer than the corpus list get their counts.
	err = eachLine(compoundsText, func(fields []string, comment string) error {
		if comment != "" {
			return nil
		}
		if len(fields) != 6 {
			return fmt.Errorf("want 6 columns, got %d", len(fields))
		}
		c := Compound{Word: fields[0], First: fields[1], Link: fields[2], Head: fields[3]}
		if !spells(c) {
			return fmt.Errorf("%s: parts %s+%s+%s do not spell it", c.Word, c.First, c.Link, c.Head)
		}
		g, err := parseGender(fields[4])
		if err != nil || g == 0 {
			return fmt.Errorf("%s: bad gender %q", c.Word, fields[4])
		}
		w, err := strconv.ParseUint(fields[5], 10, 64)
		if err != nil || w == 0 {
			return fmt.Errorf("%s: bad count %q", c.Word, fields[5])
		}
		v.compounds = append(v.compounds, c)
		genderOf[c.Head], genderOf[c.Word] = g, g
		add(c.Word, w, g)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("compounds.tsv: %w", err)
	}
	for _, e := range extraCompounds {
		c := Compound{Word: e.first + e.link + strings.ToLower(e.head), First: e.first, Link: e.link, Head: e.head}
		v.compounds = append(v.compounds, c)
		genderOf[c.Head], genderOf[c.Word] = e.gender, e.gender
		add(c.Word, max(last/2, 1), e.gender)
	}
	headTotal := uint64(0)
	for _, w := range weights {
		headTotal += w
	}

	// The tail: new combinations of the compounds' parts ("Kita" +
	// "Satzung"), in a fixed pseudo-random order, with Zipf-Mandelbrot
	// weights that continue the corpus list and carry its tail share.
	v.knownNouns = len(v.nouns)
	tail := tailCompounds(v.compounds, genderOf, seen)
	target := uint64(float64(headTotal) * v.tailShare / (1 - v.tailShare))
	tw := tailWeights(len(tail), max(last/2, 1), target)
	v.compounds = slices.Grow(v.compounds, len(tail))
	v.words = slices.Grow(v.words, len(tail))
	weights = slices.Grow(weights, len(tail))
	v.nouns = slices.Grow(v.nouns, len(tail))
	nounWeights = slices.Grow(nounWeights, len(tail))
	for i, t := range tail {
		v.compounds = append(v.compounds, t.Compound)
		add(t.Word, tw[i], t.gender)
	}
	v.all = newWeighted(weights)
	v.nounFreq = newWeighted(nounWeights)
	return v, nil
}

// notNoun are capitalized words that make poor subjects of a sentence:
// forms of address, answers, abbreviations, months and weekdays.
var notNoun = map[string]bool{
	"Herr": true, "Herrn": true, "Frau": true, "Ja": true, "Nein": true, "Abs": true, "DS": true,
	"Uhr": true, "Januar": true, "Februar": true, "März": true, "April": true, "Mai": true,
	"Juni": true, "Juli": true, "August": true, "September": true, "Oktober": true,
	"November": true, "Dezember": true, "Montag": true, "Dienstag": true, "Mittwoch": true,
	"Donnerstag": true, "Freitag": true, "Samstag": true, "Sonntag": true, "Mio": true,
	"Whs": true, "WGhs": true, "Ghs": true, "Dez": true, "Okt": true, "Nov": true, "Feb": true,
	"Apr": true, "Aug": true, "Tel": true, "Fax": true, "Std": true, "Tab": true, "Abb": true,
	"Geb": true, "Ziff": true, "Gesemann": true, "Gar": true, "Sonstige": true, "Gedruckt": true,
}

func spells(c Compound) bool {
	return c.Word == c.First+c.Link+lowerFirst(c.Head) || strings.EqualFold(c.Word, c.First+c.Link+c.Head)
}

func parseGender(s string) (byte, error) {
	switch s {
	case "":
		return 0, nil
	case "m", "f", "n", "p":
		return s[0], nil
	}
	return 0, fmt.Errorf("bad gender %q", s)
}

// eachLine calls fn with the tab-separated fields of each line, or with the
// text of a comment line (after "# ").
func eachLine(text string, fn func(fields []string, comment string) error) error {
	sc := bufio.NewScanner(strings.NewReader(text))
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if line == "" {
			continue
		}
		var err error
		if c, ok := strings.CutPrefix(line, "#"); ok {
			err = fn(nil, strings.TrimSpace(c))
		} else {
			err = fn(strings.Split(line, "\t"), "")
		}
		if err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
	}
	return sc.Err()
}

type tailCompound struct {
	Compound
	gender byte
	order  uint64 // hash of the word: the tail's fixed pseudo-random order
}

// tailCompounds makes the rare words of the vocabulary the way German
// makes them: new compounds of known parts. A productive first part (one
// that starts at least two known compounds, "Verkehrs-") joins any head; any
// first part joins a productive head ("-plan"); and productive first parts
// join known compounds into words of three parts ("Haushaltsbebauungsplan").
// A new compound takes the gender of its head; words that exist already
// are left out.
func tailCompounds(known []Compound, gender map[string]byte, seen map[string]bool) []tailCompound {
	type first struct{ first, link string }
	firstUses := map[first]int{}
	headUses := map[string]int{}
	for _, c := range known {
		firstUses[first{c.First, c.Link}]++
		headUses[c.Head]++
	}
	var firsts []first
	for f := range firstUses {
		firsts = append(firsts, f)
	}
	slices.SortFunc(firsts, func(a, b first) int {
		return cmp.Or(strings.Compare(a.first, b.first), strings.Compare(a.link, b.link))
	})
	var heads []string
	for h := range headUses {
		heads = append(heads, h)
	}
	slices.Sort(heads)
	dup := make(map[string]struct{}, 1<<17)
	list := make([]tailCompound, 0, 1<<17)
	add := func(f first, head string, g byte) {
		word := f.first + f.link + lowerFirst(head)
		if _, ok := dup[word]; ok || seen[word] || strings.EqualFold(f.first, head) {
			return
		}
		dup[word] = struct{}{}
		list = append(list, tailCompound{Compound{Word: word, First: f.first, Link: f.link, Head: head}, g, hashString(word)})
	}
	for _, f := range firsts {
		productive := firstUses[f] >= 2
		for _, h := range heads {
			if productive || headUses[h] >= 2 {
				add(f, h, gender[h])
			}
		}
		if productive {
			for _, c := range known {
				add(f, c.Word, gender[c.Word])
			}
		}
	}
	slices.SortFunc(list, func(a, b tailCompound) int {
		return cmp.Or(cmp.Compare(a.order, b.order), strings.Compare(a.Word, b.Word))
	})
	return list
}

// hashString is FNV-1a, mixed.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return mix(h)
}

// tailWeights gives ranks 1..n the weights first·(q+1)/(r+q), choosing q so
// that they add up to about target: a Zipf-Mandelbrot tail whose first word
// is as frequent as the last corpus word. Integers keep it exact everywhere.
func tailWeights(n int, first, target uint64) []uint64 {
	sum := func(q uint64) uint64 {
		var s uint64
		for r := uint64(1); r <= uint64(n); r++ {
			s += max(first*(q+1)/(r+q), 1)
		}
		return s
	}
	lo, hi := uint64(0), uint64(1<<32)
	for lo < hi {
		mid := lo + (hi-lo)/2
		if sum(mid) < target {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	w := make([]uint64, n)
	for r := range w {
		w[r] = max(first*(lo+1)/(uint64(r)+1+lo), 1)
	}
	return w
}

func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[size:]
}
