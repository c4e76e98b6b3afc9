package main

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"

	"github.com/ratsarchiv/ratsarchiv/internal/config"
	"github.com/ratsarchiv/ratsarchiv/internal/gate"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
)

// query is one search of the fixed query set.
type query struct {
	Name      string `json:"name"`      // what kind of query: "very common word", …
	Q         string `json:"q"`         // the query text, typed the same into both engines
	Committee string `json:"committee"` // committee filter, or ""
	DF        int    `json:"df"`        // agenda items and papers containing the word, where known
}

// pickQueries chooses the query set from the archive itself, so it fits
// generated and real archives alike: the word in most documents, a word in
// two, two frequent words, the most frequent two-word phrase, and the very
// common word within the committee with the most agenda items.
func pickQueries(recordsDir, configFile string) ([]query, error) {
	cfg, err := config.Load(configFile)
	if err != nil {
		return nil, err
	}
	a, diags, err := tomlrec.Load(recordsDir, tomlrec.Options{Location: cfg.Archive.Location})
	if err != nil {
		return nil, err
	}
	if len(diags) > 0 {
		return nil, fmt.Errorf("records: %v", diags[0])
	}
	pub, _ := gate.Public(a, cfg.Archive.Gate())
	return chooseQueries(pub)
}

// phraseDocs bounds the documents scanned for phrases: bigram counts over a
// whole large archive would take more memory than the choice is worth.
const phraseDocs = 3000

func chooseQueries(a *record.Archive) ([]query, error) {
	stop := analysis.NewTokenMap()
	if err := stop.LoadBytes(de.GermanStopWords); err != nil {
		return nil, err
	}
	df := map[string]int{}
	capital := map[string]int{} // occurrences written with a capital: German nouns
	count := map[string]int{}
	bigrams := map[[2]string]int{}
	itemsByOrg := map[string]int{}
	docs := 0
	seen := map[string]bool{}
	addDoc := func(texts ...string) {
		clear(seen)
		var prev string
		for _, t := range texts {
			prev = ""
			for _, orig := range words(t) {
				w := strings.ToLower(orig)
				count[w]++
				if r, _ := utf8.DecodeRuneInString(orig); unicode.IsUpper(r) {
					capital[w]++
				}
				// Short words are mostly function words, stop list or not.
				if stop[w] || utf8.RuneCountInString(w) < 5 {
					prev = ""
					continue
				}
				if !seen[w] {
					seen[w] = true
					df[w]++
				}
				if prev != "" && docs < phraseDocs {
					bigrams[[2]string{prev, w}]++
				}
				prev = w
			}
		}
		docs++
	}
	for _, m := range a.Meetings {
		for _, it := range m.AgendaItems {
			addDoc(it.Name, it.ResolutionText, it.Minutes)
			if len(m.Organizations) > 0 {
				itemsByOrg[m.Organizations[0]]++
			}
		}
	}
	for _, p := range a.Papers {
		addDoc(p.Name, p.Text)
	}
	if len(df) < 13 {
		return nil, fmt.Errorf("queries: the archive has too few words (%d)", len(df))
	}
	type wdf struct {
		w  string
		df int
	}
	ranked := make([]wdf, 0, len(df))
	for w, n := range df {
		ranked = append(ranked, wdf{w, n})
	}
	sort.Slice(ranked, func(i, j int) bool {
		if ranked[i].df != ranked[j].df {
			return ranked[i].df > ranked[j].df
		}
		return ranked[i].w < ranked[j].w
	})
	// Queries people type are mostly nouns, which German capitalizes.
	var nouns []wdf
	for _, r := range ranked {
		if 2*capital[r.w] > count[r.w] && utf8.RuneCountInString(r.w) >= 5 {
			nouns = append(nouns, r)
		}
	}
	if len(nouns) < 13 {
		nouns = ranked
	}
	common := nouns[0]
	// rare: a noun of ordinary length in the fewest documents above one.
	rare := wdf{}
	for i := len(nouns) - 1; i >= 0; i-- {
		r := nouns[i]
		if n := utf8.RuneCountInString(r.w); r.df < 2 || n < 8 || n > 16 {
			continue
		}
		if rare.w != "" && r.df > rare.df {
			break
		}
		rare = r // walking up: the alphabetically first of the rarest
	}
	if rare.w == "" {
		rare = ranked[len(ranked)-1]
	}
	var phrase [2]string
	best := 0
	for bg, n := range bigrams {
		if n > best || (n == best && strings.Join(bg[:], " ") < strings.Join(phrase[:], " ")) {
			phrase, best = bg, n
		}
	}
	qs := []query{
		{Name: "very common word", Q: common.w, DF: common.df},
		{Name: "rare word", Q: rare.w, DF: rare.df},
		{Name: "two words", Q: nouns[3].w + " " + nouns[12].w},
	}
	if best > 0 {
		qs = append(qs, query{Name: "phrase", Q: `"` + phrase[0] + " " + phrase[1] + `"`})
	}
	var org string
	for id, n := range itemsByOrg {
		if org == "" || n > itemsByOrg[org] || (n == itemsByOrg[org] && id < org) {
			org = id
		}
	}
	for _, o := range a.Organizations {
		if o.ID == org {
			qs = append(qs, query{Name: "word + committee", Q: common.w, Committee: o.DisplayName()})
		}
	}
	return qs, nil
}

// words splits text into runs of letters.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
}
