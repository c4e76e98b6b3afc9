package analysis

import (
	"bufio"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"

	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/testcorpus"
)

// dictOf builds a dictionary from texts.
func dictOf(texts ...string) *Dictionary {
	b := NewDictionaryBuilder()
	for _, t := range texts {
		b.Add(t)
	}
	return b.Dictionary()
}

func TestSplit(t *testing.T) {
	d := dictOf(strings.Repeat("Der Ausschuss tagt. Die Kita schließt. Gebühren steigen. Soziale Arbeit ist sozial, die sozialen Dienste. ", 5),
		strings.Repeat("Integration gelingt. Das Management plant. Die Sitzung beginnt. Kinder spielen. Betreuung fehlt. ", 5),
		"Der Sozialausschuss berät die Kitagebühren im Sozialausschuss. Integrationsmanagements und Kinderbetreuung.",
		"Sozialausschusssitzung am Montag.",
		strings.Repeat("Der Haushalt wird beraten. ", 20)+"Das Haus hält. Haus und Halt.",
		strings.Repeat("Die Gebührenkalkulation. ", 50)+"Die Kalkulation.",
		"Die beratende Stimme. Berat ende.",
		"Teilnehmer:innen kommen.",
		strings.Repeat("Der Bau beginnt. ", 4)+"Der Bauausschuss tagt. Die Baugebühren.",
		strings.Repeat("Es ver geht. Ver ", 4)+"Die Verkehrung. Die Kehrung.",
		strings.Repeat("der tee ist kalt. ", 4)+"Die Teeausgabe. Ausgabe.",
		// a productive modifier: Breitband never stands alone
		"Der Breitbandausbau, die Breitbandversorgung, die Breitbandinitiative. Ausbau, Versorgung, Initiative.",
		// a fragment is no modifier: "stel" begins words with one letter only
		"Die Stel lung, die Stel lage. Die Stellung, die Stellage. Lage, Lung.",
		// a short last part that is a noun, after a noun
		strings.Repeat("Das Amt. Die Ehren. ", minShortModifier)+"Das Ehrenamt. Der Freitag. "+strings.Repeat("Der Tag. ", 3)+"frei",
		// a noun ends in a noun: diskutiert is no disku|tiert, Stellung no stel|lung
		"Das Tier. Tiere. diskutiert. disku. Wiedereintritt. Wiede. Rein. Tritt.",
		// an adjective ends in no noun, and its modifiers are nouns or adjectives
		"kostengünstig. Kosten. günstig. schwerfällt. schwer, schwere, schweren. fällt.",
	)
	tests := []struct {
		word string
		want []string
	}{
		{"sozialausschuss", []string{"sozial", "ausschuss"}},
		{"kitagebuhren", []string{"kita", "gebuhren"}},
		// the linking s: Integration-s-management
		{"integrationsmanagements", []string{"integration", "managements"}},
		{"kinderbetreuung", []string{"kinder", "betreuung"}},
		// the fewest parts first, then the parts split again
		{"sozialausschusssitzung", []string{"sozialausschuss", "sozial", "ausschuss", "sitzung"}},
		// frequency does not veto a split: a word more frequent than its
		// parts is split all the same
		{"haushalt", []string{"haus", "halt"}},
		{"gebuhrenkalkulation", []string{"gebuhren", "kalkulation"}},
		// a participle is no compound: "ende" is never the last part
		{"beratende", nil},
		// parts have at least MinPart letters
		{"kitaabc", nil},
		// but a first part of three letters that is a noun (written
		// capitalized, mostly) may be a modifier
		{"bauausschuss", []string{"bau", "ausschuss"}},
		{"baugebuhren", []string{"bau", "gebuhren"}},
		// a verb prefix is not, capitalized or not, nor a word written small
		{"verkehrung", nil},
		{"teeausgabe", nil},
		// a productive modifier is known though it never stands alone
		{"breitbandausbau", []string{"breitband", "ausbau"}},
		{"breitbandversorgung", []string{"breitband", "versorgung"}},
		// a fragment is not
		{"stellung", nil},
		// a short last part: a noun after a noun
		{"ehrenamt", []string{"ehren", "amt"}},
		{"freitag", nil},
		// no "tier" in "diskutiert", no first part inside "wieder"
		{"diskutiert", nil},
		{"wiedereintritt", nil},
		// adjectives: a noun or an adjective before an adjective
		{"kostengunstig", []string{"kosten", "gunstig"}},
		{"schwerfallt", []string{"schwer", "fallt"}},
		// gender colon forms add their pieces
		{"teilnehmer:innen", []string{"teilnehmer", "innen"}},
		{"ausschuss", nil},
		{"sozialxyz", nil},
		{"straße", nil},
	}
	for _, tt := range tests {
		if got := d.Split(tt.word); !slices.Equal(got, tt.want) {
			t.Errorf("Split(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

// TestSplitEvidence pins the rules that read more of the archive's
// evidence: camel case, stop words as modifiers, the class of a stem, and
// frequent words.
func TestSplitEvidence(t *testing.T) {
	d := dictOf(
		// camel case is written as nouns are
		"Die ErstberatungFolgeberatung. Die Erstberatung, die Folgeberatung. Beratung. Folge.",
		// stop words that begin several nouns; verb prefixes do not
		"Der Zwischenbericht, der Zwischenstand, der Bericht, der Stand. Der Weiterbau, die Weiterführung, der Bau, der Bau, der Bau, die Führung. Die Weiterbildung, die Bildung.",
		"Die Überflutung, die Überprüfung, die Flutung, die Prüfung.",
		"Die Wiedereinordnung, die Wiedereinsetzung, die Ordnung, die Setzung, die Einordnung.",
		"Der Wiedereintritt, die Wiederwahl, der Eintritt, die Wahl.",
		// a plural that is a verb form too is a noun by its stem
		"Die Medikationsplanen. Die Medikation. Wir planen, planen, planen. Die Planen, die Planen. Der Plan, der Plan, der Plan.",
		// frequent words may be modifiers of adjectives and first parts
		strings.Repeat("hoch erst ", minFrequent)+"hocheffizienter, effizienter. Der Erstbezieher, der Bezieher.",
		// a part has a vowel
		"Der Schlecker, der Schlammer, der Ecker, die Ammer.",
		// a feminine plural splits as its compound
		"Die Handwerkerinnen, der Handwerker, das Handwerk, die Hand, die Werker, die Rinnen.",
		// wider- is a verb prefix
		"Der Widerspruch. Wider Erwarten. Der Spruch.",
		// a word capitalized once at the start of a title may be an adjective
		"Modellgestützte Verfahren. Das Modell. gestützte",
		// a short last part follows a noun that is no fragment
		"Der Dienstag. Die Diens. Die Diens. Die Diens. Der Tag, der Tag, der Tag.",
		// a modifier of a noun written small is an adjective or frequent
		"Der Transport. trans trans Trans. Der Port, der Port.",
		// a stop word written as a noun is a short last part, never a term
		strings.Repeat("Das Haupt. ", minShortModifier)+"Der Hauptweg. Der Weg, der Weg, der Weg.",
		// a short modifier may be a noun without its final e
		"Die Endfassung. Die Fassung. Das Ende, das Ende, das Ende.",
		// a short modifier with its linker that is a word keeps it
		"Das Maislabyrinth. Das Labyrinth. Der Mais. Der Mai, der Mai, der Mai, der Mai.",
		// -ation is a suffix
		"Die Organisations. Die Organi. Die Ations.",
		// an adjective ends in an adjective by its stem, though written
		// capitalized at the start of titles
		"Die standesamtliche Trauung. Das Standes. Amtliche. Amtliche. amtliche amtlich amtlicher amtlichen amtlichen",
	)
	tests := []struct {
		word string
		want []string
	}{
		{"erstberatungfolgeberatung", []string{"erstberatung", "erst", "beratung", "folgeberatung", "folge"}},
		{"zwischenbericht", []string{"bericht"}},
		{"weiterbau", []string{"bau"}},
		{"weiterfuhrung", []string{"fuhrung"}},
		{"uberflutung", nil},
		{"wiedereintritt", []string{"eintritt"}},
		{"wiedereinordnung", []string{"einordnung"}}, // not wiederein-ordnung
		{"medikationsplanen", []string{"medikation", "planen"}},
		{"hocheffizienter", []string{"hoch", "effizienter"}},
		{"erstbezieher", []string{"erst", "bezieher"}},
		{"schlecker", nil},
		{"handwerkerinnen", []string{"handwerker", "hand", "werker"}},
		{"widerspruch", nil},
		{"modellgestutzte", []string{"modell", "gestutzte"}},
		{"dienstag", nil},
		{"transport", nil},
		{"hauptweg", []string{"haupt"}},
		{"endfassung", []string{"end", "fassung"}},
		{"maislabyrinth", []string{"mais", "labyrinth"}},
		{"organisations", nil},
		{"standesamtliche", []string{"standes", "amtliche"}},
	}
	for _, tt := range tests {
		if got := d.Split(tt.word); !slices.Equal(got, tt.want) {
			t.Errorf("Split(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
	// A stop word is no part of a query's split: one part left is none.
	qs := d.QuerySplits()
	if got, ok := qs[stemASCII("zwischenbericht")]; ok {
		t.Errorf("QuerySplits[zwischenbericht] = %q, want none", got)
	}
	if got := qs[stemASCII("medikationsplanen")]; !slices.Equal(got, []string{"medikation", "plan"}) {
		t.Errorf("QuerySplits[medikationsplanen] = %q", got)
	}
}

func TestAnalyzeIndexAddsPartsAtThePosition(t *testing.T) {
	d := dictOf(strings.Repeat("Sozial Ausschuss. ", 3), "Sozialausschuss")
	got := AnalyzeIndex("Der Sozialausschuss tagt", d)
	want := []Token{
		{Term: "sozialausschuss", Position: 2, Start: 4, End: 19},
		{Term: "sozial", Position: 2, Start: 4, End: 19},
		{Term: "ausschuss", Position: 2, Start: 4, End: 19},
		{Term: "tagt", Position: 3, Start: 20, End: 24},
	}
	if !slices.Equal(got, want) {
		t.Errorf("AnalyzeIndex = %+v\nwant %+v", got, want)
	}
	// Queries are not decompounded.
	if q := Analyze("Sozialausschuss"); len(q) != 1 || q[0].Term != "sozialausschuss" {
		t.Errorf("Analyze = %+v", q)
	}
}

func TestBrokenAtLineEnd(t *testing.T) {
	text := "die unge-\ndeckten Kosten, Kita-Gebühren, Ende -\nneu, x-\n  yz"
	d := NewDictionaryBuilder()
	d.Add(text)
	got := slices.Sorted(func(yield func(string) bool) {
		for w := range d.surface() {
			if !yield(w) {
				return
			}
		}
	})
	// "unge"/"deckten" and "x"/"yz" are halves of broken words; "ende -⏎
	// neu" is no broken word (a space before the hyphen).
	for _, w := range []string{"unge", "deckten", "yz"} {
		if slices.Contains(got, w) {
			t.Errorf("counted %q, half of a word broken at a line end (%q)", w, got)
		}
	}
	for _, w := range []string{"kosten", "kita", "gebuhren", "ende", "neu"} {
		if !slices.Contains(got, w) {
			t.Errorf("did not count %q (%q)", w, got)
		}
	}
}

// TestStemASCII checks the decompounder's stemmer against Bleve's.
func TestStemASCII(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	bleve := de.NewGermanLightStemmerFilter()
	words := []string{"a", "er", "ern", "stern", "lichtern", "rates", "tests", "bests", "fest", "est", "gebuhren", "kinder", "ausschusses"}
	for range 20000 {
		n := 1 + r.IntN(10)
		b := make([]byte, n)
		for i := range b {
			b[i] = "aeinrstmdlbfghkou"[r.IntN(17)]
		}
		words = append(words, string(b))
	}
	for _, w := range words {
		want := string(bleve.Filter(analysis.TokenStream{{Term: []byte(w)}})[0].Term)
		if got := stemASCII(w); got != want {
			t.Fatalf("stemASCII(%q) = %q, Bleve %q", w, got, want)
		}
	}
}

// TestDecompoundPrecision measures the splitter on the hand-checked sample
// of the three corpora's vocabularies (testdata/decompound-words.tsv) and
// holds precision and recall to the targets of docs/search.md, with the
// dictionary of all three corpora. It also reports each word split with
// the dictionary of its own corpus alone, as a build of that archive
// splits it (Hürtgenwald has titles only, and fewer parts stand alone).
func TestDecompoundPrecision(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the dictionaries of three corpora (190 MB)")
	}
	f, err := os.Open("testdata/decompound-words.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type entry struct{ word, parts, corpus string }
	var list []entry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			t.Fatalf("decompound-words.tsv: %q: want word, parts, corpus", line)
		}
		list = append(list, entry{cols[0], cols[1], cols[2]})
	}
	if len(list) < 500 {
		t.Errorf("%d hand-checked words, want at least 500", len(list))
	}
	all := corpusDictionary(t, corpora...)
	score := func(name string, dict func(corpus string) *Dictionary, verbose bool) (precision, recall float64) {
		var compounds, split, correct int
		for _, e := range list {
			ok := map[string]bool{}
			if e.parts != "-" {
				compounds++
				for _, p := range strings.Fields(e.parts) {
					ok[stemASCII(p)] = true
				}
			}
			got := dict(e.corpus).Split(e.word)
			if got == nil {
				if e.parts != "-" && verbose {
					t.Logf("missed: %s (%s)", e.word, e.parts)
				}
				continue
			}
			split++
			good := e.parts != "-"
			for _, p := range got {
				good = good && ok[stemASCII(p)]
			}
			if good {
				correct++
			} else if verbose {
				t.Logf("wrong split: %s → %q (%s)", e.word, got, e.parts)
			}
		}
		precision = float64(correct) / float64(split)
		recall = float64(correct) / float64(compounds)
		t.Logf("%s: %d words (%d compounds): %d split, %d correctly: precision %.1f %%, recall %.1f %%",
			name, len(list), compounds, split, correct, 100*precision, 100*recall)
		return precision, recall
	}
	score("each corpus's own dictionary", func(c string) *Dictionary { return corpusDictionary(t, c) }, false)
	precision, recall := score("the three corpora's dictionary", func(string) *Dictionary { return all }, true)
	// The targets are 95 % each; measured 95.8 % and 95.0 %
	// (docs/search.md says what is still missed and why: mostly parts the
	// archive lacks). The floors are the measured values and catch
	// regressions.
	if precision < 0.958 {
		t.Errorf("precision %.3f, want at least 0.958", precision)
	}
	if recall < 0.95 {
		t.Errorf("recall %.3f, want at least 0.95", recall)
	}
}

// corpusTexts returns the edge cases and, when the shared corpus is there,
// a sample of its texts.
func corpusTexts(t *testing.T, n int) []string {
	paths := []string{testkit.RepoFile("web/search/testdata/edgecases.txt")}
	if !testing.Short() {
		k, _ := filepath.Glob(filepath.Join(testcorpus.Dir(t, "karlsruhe-oparl"), "file-texts-2025-2026", "*.txt"))
		paths = append(paths, k[:min(n, len(k))]...)
		filepath.WalkDir(filepath.Join(testcorpus.Dir(t, "nordstemmen"), "documents", "meetings"), func(p string, e os.DirEntry, err error) error {
			if err == nil && !e.IsDir() && strings.HasSuffix(p, ".txt") && len(paths) < 2*n {
				paths = append(paths, p)
			}
			return nil
		})
	}
	var texts []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	return texts
}

// TestLookups: the analyzer records the terms it looked up — the words
// Prepare numbered and any other a–z or colon term that a dictionary may
// split (not words too short to split: kita, abend) — in byte order, and
// starts afresh after each Lookups.
func TestLookups(t *testing.T) {
	d := dictOf(strings.Repeat("Kita Gebühren Abend Abendessen. ", 3), "Kitagebühren")
	d.Prepare()
	a := NewIndexAnalyzer(d)
	a.RecordLookups()
	a.Analyze([]byte("Zebrastreifen Kitagebühren Teilnehmer:innen 2024 Bahnhofs kita Abend Kita Abendessen"))
	want := []string{"abendessen", "bahnhofs", "kitagebuhren", "teilnehmer:innen", "zebrastreifen"}
	if got := a.Lookups(); !slices.Equal(got, want) {
		t.Errorf("Lookups = %q, want %q", got, want)
	}
	a.Analyze([]byte("Gebühren 12"))
	if got, want := a.Lookups(), []string{"gebuhren"}; !slices.Equal(got, want) {
		t.Errorf("Lookups after Lookups = %q, want %q", got, want)
	}
	if got := a.Lookups(); len(got) != 0 {
		t.Errorf("Lookups of nothing = %q", got)
	}
}

// TestIndexAnalyzerIsTheChain: the one-pass index analysis gives exactly
// the tokens of Bleve's chain with the decompounding filter.
func TestIndexAnalyzerIsTheChain(t *testing.T) {
	texts := corpusTexts(t, 600)
	texts = append(texts, "Straẞe STRASSE Größe Bäume Mäuse queue Quelle Übersee Teilnehmer:innen Bürger*innen \xff\xfe ungültig", "ÄÖÜ äöü ß ẞ Ǆ İstanbul ΣΑΣ")
	d := dictOf(texts...)
	d.Prepare()
	ref := newChain(decompoundFilter{dict: d})
	for i, text := range texts {
		want := toTokens(ref.analyze([]byte(text)))
		got := AnalyzeIndex(text, d)
		if !slices.Equal(got, want) {
			for k := range min(len(got), len(want)) {
				if got[k] != want[k] {
					t.Fatalf("text %d: token %d: got %+v, the chain %+v", i, k, got[k], want[k])
				}
			}
			t.Fatalf("text %d: %d tokens, the chain %d", i, len(got), len(want))
		}
	}
}

// TestDictionaryBuilderMatchesAnalysis: the builder's own scan counts
// exactly the a–z words the analysis chain sees (up to normalize_de),
// but for halves of words broken at a line end, and the stop words the
// chain drops.
func TestDictionaryBuilderMatchesAnalysis(t *testing.T) {
	texts := corpusTexts(t, 600)
	texts = append(texts, "a.b a,b 1,5 1.5 12,abc abc12 ab_cd e.g. z. B. don't l'amour Teilnehmer:innen x·y abc漢字 Straße", "Soft\u00adhyphen caf\u00e9 cafe\u0301 \u2019quote\u2019 naïve")
	b := NewDictionaryBuilder()
	want := map[string]int{}
	c := newChain(nil)
	for _, text := range texts {
		b.Add(text)
		for _, tk := range c.surface([]byte(text)) {
			if isLowerASCII(tk.Term) && !brokenAtLineEnd(text, tk.Start, tk.End) {
				want[string(tk.Term)]++
			}
		}
	}
	d := b.Dictionary()
	got := d.words
	for w, n := range want {
		if got[w] != n && !d.stops[w] { // "würden" is one, "wurden" none
			t.Errorf("%q: counted %d, the analysis %d", w, got[w], n)
		}
	}
	stops := 0
	for w, n := range got {
		if _, ok := want[w]; !ok && !d.stops[w] {
			t.Errorf("%q: counted %d, not in the analysis", w, n)
		}
		if d.stops[w] {
			stops++
		}
	}
	if stops == 0 {
		t.Error("counted no stop words")
	}
}
