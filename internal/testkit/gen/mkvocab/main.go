// Command mkvocab derives the generator's vocabulary (internal/testkit/gen/vocab) from
// the shared corpus of real council records: the most frequent word forms with
// their frequencies and, for nouns, a grammatical gender guessed from the
// articles in front of them, and the most frequent noun compounds split into
// their parts. Only these derived lists are committed, never corpus text.
//
// Run it from internal/testkit/gen with `go generate` (it needs ../shared/corpus
// beside the repository or $RATSARCHIV_CORPUS).
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"log"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ratsarchiv/ratsarchiv/internal/testkit/testcorpus"
)

func main() {
	words := flag.Int("words", 5000, "number of word forms to keep")
	compounds := flag.Int("compounds", 600, "number of compounds to keep")
	out := flag.String("out", "vocab", "output `dir`")
	flag.Parse()
	root := testcorpus.Root()
	if root == "" {
		log.Fatal("mkvocab: corpus not found (../shared/corpus beside the repository or $RATSARCHIV_CORPUS)")
	}
	if err := derive(root, *out, *words, *compounds); err != nil {
		log.Fatal(err)
	}
}

// derive counts the corpus under root and writes words.tsv and
// compounds.tsv into out.
func derive(root, out string, words, compounds int) error {
	// Two kinds of text: minutes (nordstemmen) and papers (karlsruhe). Each
	// counts half, so the larger paper corpus does not drown the minutes.
	sources := []struct {
		dir   string
		match func(name string) bool
	}{
		{filepath.Join(root, "nordstemmen"), func(n string) bool {
			return strings.HasPrefix(n, "Oeffentliche_Niederschrift_") && strings.HasSuffix(n, ".txt")
		}},
		{filepath.Join(root, "karlsruhe-oparl", "file-texts-2025-2026"), func(n string) bool {
			return strings.HasSuffix(n, ".txt")
		}},
	}
	var counts []*counter
	for _, s := range sources {
		c := newCounter()
		if err := c.walk(s.dir, s.match); err != nil {
			return fmt.Errorf("mkvocab: %w", err)
		}
		if c.total == 0 {
			return fmt.Errorf("mkvocab: no text in %s", s.dir)
		}
		counts = append(counts, c)
	}
	v := merge(counts)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if err := writeWords(filepath.Join(out, "words.tsv"), v, words); err != nil {
		return err
	}
	return writeCompounds(filepath.Join(out, "compounds.tsv"), v, compounds)
}

// counter counts word forms in one corpus.
type counter struct {
	total   int
	forms   map[string]*form // by lowercase form
	afterTo map[string]int   // lowercase word → times right after Herr/Frau/Dr.
}

type form struct {
	count    int
	surfaces map[string]int // spelling → count, sentence starts left out
	articles map[string]int // preceding article → count
}

func newCounter() *counter {
	return &counter{forms: map[string]*form{}, afterTo: map[string]int{}}
}

func (c *counter) walk(dir string, match func(string) bool) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !match(d.Name()) {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		c.text(string(b))
		return nil
	})
}

var articles = map[string]bool{
	"der": true, "die": true, "das": true, "den": true, "dem": true, "des": true,
	"ein": true, "eine": true, "einen": true, "einem": true, "einer": true, "eines": true,
}

// titles are words that come before a person's name.
var titles = map[string]bool{
	"herr": true, "herrn": true, "frau": true, "dr": true, "prof": true,
	"oberbürgermeister": true, "oberbürgermeisterin": true, "bürgermeister": true,
	"bürgermeisterin": true, "ratsherr": true, "ratsfrau": true, "stadtrat": true,
	"stadträtin": true, "bürgermeisters": true, "ortsbürgermeister": true, "ortsbürgermeisterin": true,
}

// text counts the words of one document. Hyphens at line ends join the
// halves of a word; hyphens inside words split it, as Bleve's tokenizer does.
func (c *counter) text(s string) {
	s = strings.ReplaceAll(s, "\r", "")
	var prev string       // lowercase previous word
	sentenceStart := true // the next word starts a sentence
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			if r == '.' || r == '!' || r == '?' || r == ':' || r == '\n' && strings.HasPrefix(s[i+size:], "\n") {
				sentenceStart = true
			}
			if unicode.IsDigit(r) {
				prev = ""
			}
			i += size
			continue
		}
		j := i
		var w strings.Builder
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if unicode.IsLetter(r) {
				w.WriteRune(r)
				j += size
				continue
			}
			// "Bau-\nleitplanung": a hyphen at the line end, a lowercase letter next.
			if r == '-' && j+size < len(s) && s[j+size] == '\n' {
				r2, _ := utf8.DecodeRuneInString(s[j+size+1:])
				if unicode.IsLower(r2) {
					j += size + 1
					continue
				}
			}
			break
		}
		word := w.String()
		i = j
		if j < len(s) {
			if r, _ := utf8.DecodeRuneInString(s[j:]); unicode.IsDigit(r) {
				prev = "" // parts of "A5" or "2b" are not words
				continue
			}
		}
		c.add(word, prev, sentenceStart)
		prev = strings.ToLower(word)
		sentenceStart = false
	}
}

func (c *counter) add(word, prev string, sentenceStart bool) {
	if utf8.RuneCountInString(word) < 2 {
		return
	}
	c.total++
	low := strings.ToLower(word)
	f := c.forms[low]
	if f == nil {
		f = &form{surfaces: map[string]int{}, articles: map[string]int{}}
		c.forms[low] = f
	}
	f.count++
	if !sentenceStart {
		f.surfaces[word]++
	}
	if articles[prev] {
		f.articles[prev]++
	}
	if titles[prev] {
		c.afterTo[low]++
	}
}

// vocab is the merged, weighted vocabulary.
type vocab struct {
	words  []*word          // by weight, descending
	byLow  map[string]*word // lowercase → word
	tail   float64          // share of tokens outside the kept list, set by writeWords
	tokens float64
}

type word struct {
	surface string
	low     string
	weight  float64 // tokens per 10 million
	gender  string  // m, f, n for nouns; "" otherwise
	name    bool    // mostly seen after Herr/Frau: a person's name
}

func merge(cs []*counter) *vocab {
	v := &vocab{byLow: map[string]*word{}}
	lows := map[string]bool{}
	for _, c := range cs {
		for low := range c.forms {
			lows[low] = true
		}
	}
	for low := range lows {
		w := &word{low: low}
		surfaces := map[string]float64{}
		arts := map[string]float64{}
		after := 0.0
		for _, c := range cs {
			f := c.forms[low]
			if f == nil {
				continue
			}
			scale := 1e7 / float64(len(cs)) / float64(c.total)
			w.weight += float64(f.count) * scale
			for s, n := range f.surfaces {
				surfaces[s] += float64(n) * scale
			}
			for a, n := range f.articles {
				arts[a] += float64(n) * scale
			}
			after += float64(c.afterTo[low]) * scale
		}
		w.surface = mostFrequent(surfaces, low)
		w.name = isCapitalized(w.surface) && after >= 0.15*w.weight
		if isCapitalized(w.surface) && !isAllCaps(w.surface) {
			w.gender = gender(arts)
		}
		v.words = append(v.words, w)
		v.byLow[low] = w
		v.tokens += w.weight
	}
	sort.Slice(v.words, func(i, j int) bool {
		a, b := v.words[i], v.words[j]
		if a.weight != b.weight {
			return a.weight > b.weight
		}
		return a.low < b.low
	})
	// Inflected forms have few articles of their own ("des Rates"): take
	// the gender of the base form when it is the more frequent.
	for _, w := range v.words {
		if w.gender == "" {
			continue
		}
		for _, suffix := range []string{"es", "s", "en", "n", "e", "er", "ern"} {
			base := v.byLow[strings.TrimSuffix(w.low, suffix)]
			if strings.HasSuffix(w.low, suffix) && base != nil && base.gender != "" && base.weight > w.weight {
				w.gender = base.gender
				break
			}
		}
	}
	return v
}

func mostFrequent(m map[string]float64, fallback string) string {
	best, bestN := fallback, -1.0
	for s, n := range m {
		if n > bestN || n == bestN && s < best {
			best, bestN = s, n
		}
	}
	return best
}

// gender guesses a noun's gender from the articles seen before it: "eine"
// and a dominant "die" say feminine, "das" neuter, the rest masculine.
func gender(a map[string]float64) string {
	fem := a["eine"] + a["einer"]*0.5
	masc := a["einen"] + a["ein"]*0.5 + a["den"]*0.5
	neut := a["das"] + a["ein"]*0.3
	if a["die"]+a["der"] > 2*(a["das"]+a["dem"]+a["des"]+a["den"]) {
		fem += a["die"]
	}
	switch {
	case fem >= masc && fem >= neut:
		return "f"
	case neut > masc:
		return "n"
	default:
		return "m"
	}
}

func isCapitalized(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func isAllCaps(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// excluded are place names of the corpus towns and words that would tie the
// generated text to them; person names are found by isName.
var excluded = map[string]bool{
	"karlsruhe": true, "karlsruher": true, "karlsruhes": true, "durlach": true, "durlacher": true,
	"nordstemmen": true, "nordstemmer": true, "adensen": true, "barnten": true, "burgstemmen": true,
	"heyersum": true, "rössing": true, "mahlerten": true, "hallerburg": true, "groß": true,
	"escherde": true, "hildesheim": true, "hildesheimer": true, "neureut": true, "grötzingen": true,
	"wolfartsweier": true, "wettersbach": true, "stupferich": true, "hohenwettersbach": true,
	"mühlburg": true, "daxlanden": true, "knielingen": true, "rintheim": true, "hagsfeld": true,
	"oststadt": true, "weststadt": true, "südstadt": true, "nordstadt": true, "südweststadt": true,
	"innenstadt": false, "rüppurr": true, "beiertheim": true, "bulach": true, "grünwinkel": true,
	"oberreut": true, "waldstadt": true, "neureuter": true, "kek": true, "kvvh": true, "kasig": true,
	"avg": true, "vbk": true, "kvv": true, "rheinhafen": true, "rhein": false, "baden": false,
	"württemberg": false, "hannover": true, "sarstedt": true, "gronau": true, "elze": true,
	"calenberg": true, "leine": true, "marienburg": true, "rheinstetten": true, "ettlingen": true,
	"pfinztal": true, "eggenstein": true, "leopoldshafen": true, "stutensee": true,
	"rastatt": true, "grünwettersbach": true, "palmbach": true, "bruchsal": true, "betheln": true,
	"bühl": true, "springe": true, "rappenwört": true, "burgst": true, "nordst": true, "wanne": true,
	"winnyzja": true, "weiherfeld": true, "schlingen": true, "markfelde": true, "marktfeld": true,
	"mühlenfeld": true, "kastenborn": true, "escherberg": true, "wörth": true, "sackstraße": true,
	"spinozastraße": true, "wildpark": true, "böllersen": true, "nantes": true, "mannheim": true,
	"hallerbrücke": true, "salzbach": true, "nordzucker": true, "marienbergschule": true,
	// Names of people that the Herr/Frau rule misses.
	"gesemann": true, "mentrup": true, "romanovski": true, "appel": true, "könneke": true,
	"wagner": true, "haferkamp": true, "rebmann": true, "krieger": true, "klöpper": true,
	"klose": true, "solms": true, "zacharias": true, "edgar": true, "bollmann": true,
	"fiolka": true, "stolz": true, "aubin": true, "giesen": true, "lenz": true, "serdar": true,
	"lindeiner": true, "lagg": true, "luther": true, "hardenberg": true, "bauer": true,
	"esch": true, "radebrecher": true, "jorinda": true, "aljoscha": true, "meyer": true,
	"hameke": true, "reinhardt": true, "jahns": true, "klein": true, "kamp": true,
}

func keep(w *word) bool {
	if w.name || excluded[w.low] {
		return false
	}
	// Leftovers of PDF extraction: "ee", "ii"; keep real two-letter words.
	if utf8.RuneCountInString(w.low) == 2 && !twoLetter[w.low] && !isAllCaps(w.surface) {
		return false
	}
	return true
}

var twoLetter = map[string]bool{
	"am": true, "an": true, "da": true, "du": true, "er": true, "es": true, "im": true, "in": true,
	"ja": true, "je": true, "ob": true, "so": true, "um": true, "wo": true, "zu": true, "ab": true,
	"eu": true, "ca": true,
}

func writeWords(path string, v *vocab, n int) error {
	var kept []*word
	var keptWeight float64
	for _, w := range v.words {
		if len(kept) == n {
			break
		}
		if keep(w) {
			kept = append(kept, w)
			keptWeight += w.weight
		}
	}
	v.tail = 1 - keptWeight/v.tokens
	var b strings.Builder
	fmt.Fprintf(&b, "# The %d most frequent word forms of German council minutes and papers,\n", len(kept))
	b.WriteString("# derived by internal/testkit/gen/mkvocab from the shared corpus (no corpus text).\n")
	b.WriteString("# Columns: word form, tokens per 10 million, gender (nouns: m, f, n; guessed from articles).\n")
	b.WriteString("# Person and town names are left out.\n")
	fmt.Fprintf(&b, "# tail %.4f\n", v.tail)
	for _, w := range kept {
		fmt.Fprintf(&b, "%s\t%d\t%s\n", w.surface, int(math.Round(w.weight)), w.gender)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// links are the linking elements (Fugenelemente) between a compound's parts.
var links = []string{"", "s", "es", "n", "en", "er", "e"}

type compound struct {
	w           *word
	first, link string // first part as written in the compound, linking element
	head        *word
	score       float64
}

// writeCompounds finds nouns that split into a known first part, a linking
// element and a known noun as head, and keeps the most frequent.
func writeCompounds(path string, v *vocab, n int) error {
	var found []compound
	for _, w := range v.words {
		if w.gender == "" || !keep(w) || w.weight < 2 || utf8.RuneCountInString(w.low) < 8 {
			continue
		}
		if c, ok := split(v, w); ok {
			found = append(found, c)
		}
	}
	sort.Slice(found, func(i, j int) bool {
		a, b := found[i], found[j]
		if a.w.weight != b.w.weight {
			return a.w.weight > b.w.weight
		}
		return a.w.low < b.w.low
	})
	if len(found) > n {
		found = found[:n]
	}
	sort.Slice(found, func(i, j int) bool { return found[i].w.low < found[j].w.low })
	var b strings.Builder
	fmt.Fprintf(&b, "# %d frequent noun compounds of German council records and their parts,\n", len(found))
	b.WriteString("# derived by internal/testkit/gen/mkvocab from the shared corpus (no corpus text).\n")
	b.WriteString("# Columns: compound, first part as written in it, linking element, head noun,\n")
	b.WriteString("# gender, tokens per 10 million. first+link+lower(head) spells the compound.\n")
	for _, c := range found {
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%d\n", c.w.surface, c.first, c.link, c.head.surface, c.head.gender, int(math.Max(1, math.Round(c.w.weight))))
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// split finds the best split of w: head a frequent noun of at least 4
// letters, first part a known noun, or the stem of a known word ("Schul" of
// "Schule", "Förder" of "fördern", "Sozial" of "soziale"). The score prefers
// frequent parts, and a first part that is a word as written.
func split(v *vocab, w *word) (compound, bool) {
	rs := []rune(w.low)
	var best compound
	for i := 3; i <= len(rs)-4; i++ {
		firstLow := string(rs[:i])
		if notFirst[firstLow] {
			continue
		}
		rest := string(rs[i:])
		for _, l := range links {
			if !strings.HasPrefix(rest, l) {
				continue
			}
			head := v.byLow[rest[len(l):]]
			if head == nil || head.gender == "" || !keep(head) || notHead[head.low] ||
				head.weight < 5 || utf8.RuneCountInString(head.low) < 4 {
				continue
			}
			fw, exact := firstWeight(v, firstLow)
			if fw < 5 {
				continue
			}
			score := math.Log(fw) + math.Log(head.weight)
			if exact {
				score += 1
			}
			if score > best.score {
				first := capitalize(string([]rune(w.surface)[:i]))
				best = compound{w: w, first: first, link: l, head: head, score: score}
			}
		}
	}
	// "Haushalts|plan" is "Haushalt" with the linking s.
	for _, l := range []string{"es", "s"} {
		if best.link == "" && strings.HasSuffix(best.first, l) {
			stem := v.byLow[strings.ToLower(strings.TrimSuffix(best.first, l))]
			if stem != nil && stem.gender != "" && stem.weight > v.byLow[strings.ToLower(best.first)].weight {
				best.first, best.link = strings.TrimSuffix(best.first, l), l
			}
		}
	}
	return best, best.head != nil
}

// notFirst are beginnings that are prefixes or particles ("Aus|schuss",
// "Ein|richtung") or fragments, not the first part of a compound.
var notFirst = setOf("aus", "ein", "ver", "vor", "dar", "über", "unter", "mit", "nach", "durch",
	"auf", "bei", "her", "hin", "heraus", "fort", "rück", "ent", "zusamm", "voraus", "hinter",
	"inter", "pro", "trans", "kont", "soft", "work", "car", "betr", "unt", "sich", "geg", "die",
	"ges", "folg", "auszubild", "mitarbeit", "vorsitz", "nieder", "bereit", "instand", "inn",
	"auß", "ker", "tur", "bah", "pla", "feri", "reg", "akazi", "sophi", "kais", "hall", "fer",
	"marienberg", "nord", "zucker", "deutsch", "fest", "fertig", "viel", "halt", "lad", "werb", "gewerb",
	"gemeind", "gebäud", "industri", "bioenergi", "windenergi", "barrier", "aufgab", "maßnahm",
	"kost", "stell", "kron", "rahm", "straß", "gart", "kleingart", "kindertagesstätt", "elter",
	"jugendhilf", "hund", "pfleg", "frag", "anlag", "ehrenbeamt", "geburt", "gebühr", "gege",
	"hint", "auße", "inne", "trau", "inv", "sicher")

// notHead are words that end compounds only by accident ("Vorsitz|ende").
var notHead = setOf("ende", "endes", "eiche", "eichen", "zeuge", "zeugen", "essen", "teller",
	"achsen", "auen", "hang", "rauch", "gramm", "worten", "port", "amtes", "rolle", "stag",
	"ware", "shop", "sharing", "orte", "orten", "schuss", "erstellung", "erbringung", "aussetzung",
	"achtung", "blick", "bindung", "handlungen", "richtung", "richtungen", "haltung", "haltungen",
	"eile")

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// firstWeight is the frequency of the word a first part stands for: a noun
// as written or shortened ("Schul" of "Schule"), or a verb or adjective
// stem. exact says that the part is a noun as written.
func firstWeight(v *vocab, low string) (weight float64, exact bool) {
	if w := v.byLow[low]; w != nil && keep(w) && w.gender != "" {
		return w.weight, true
	}
	for _, suffix := range []string{"e", "en", "n", "isch", "ische", "ie"} {
		w := v.byLow[low+suffix]
		if w != nil && keep(w) && w.weight > weight {
			weight = w.weight
		}
	}
	return weight, false
}

func capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}
