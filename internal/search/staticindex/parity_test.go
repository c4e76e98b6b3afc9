package staticindex_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/ratsarchiv/ratsarchiv/internal/search/analysis"
	"github.com/ratsarchiv/ratsarchiv/internal/search/query"

	"github.com/ratsarchiv/ratsarchiv/internal/gate"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
	"github.com/ratsarchiv/ratsarchiv/internal/search/staticindex"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/gen"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/searchtest"
)

// fixture is an archive indexed and exported.
type fixture struct {
	archive *record.Archive
	ix      *searchindex.Index
	dir     string // the export
	stats   *staticindex.Stats
}

func newFixture(t testing.TB, a *record.Archive) *fixture {
	t.Helper()
	ctx := context.Background()
	root := t.TempDir()
	if _, err := searchindex.Build(ctx, filepath.Join(root, "index"), a, searchindex.Options{BasePath: "/"}); err != nil {
		t.Fatal(err)
	}
	ix, err := searchindex.Open(filepath.Join(root, "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	dir := filepath.Join(root, "search")
	st, err := staticindex.Export(ctx, ix, dir, staticindex.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{archive: a, ix: ix, dir: dir, stats: st}
}

// jsQuery is one query for the harness.
type jsQuery struct {
	Q       string    `json:"q"`
	Options jsOptions `json:"options"`
}

type jsOptions struct {
	Filters *query.Filters `json:"filters,omitempty"`
	From    string         `json:"from,omitempty"`
	To      string         `json:"to,omitempty"`
	Sort    string         `json:"sort,omitempty"`
	Limit   int            `json:"limit"`
	Offset  int            `json:"offset,omitempty"`
}

func (o jsOptions) search() searchindex.SearchOptions {
	so := searchindex.SearchOptions{From: o.From, To: o.To, Sort: o.Sort, Limit: o.Limit, Offset: o.Offset}
	if o.Filters != nil {
		so.Filters = *o.Filters
	}
	return so
}

// jsResult is a line of the harness's output.
type jsResult struct {
	searchindex.Result
	Requests int          `json:"requests"`
	Bytes    int          `json:"bytes"`
	Error    *query.Error `json:"error"`
}

// runJS runs the queries through the JavaScript client.
func runJS(t testing.TB, node, dir string, qs []jsQuery, cold bool) []jsResult {
	t.Helper()
	qf := filepath.Join(t.TempDir(), "queries.json")
	b, err := json.Marshal(qs)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(qf, b, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{testkit.RepoFile("web/search/testdata/harness.mjs"), dir, qf}
	if cold {
		args = append(args, "--cold")
	}
	cmd := exec.Command(node, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node harness: %v\n%s", err, stderr.String())
	}
	var rs []jsResult
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var r jsResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("harness output: %v: %s", err, sc.Text())
		}
		rs = append(rs, r)
	}
	if len(rs) != len(qs) {
		t.Fatalf("harness gave %d results for %d queries", len(rs), len(qs))
	}
	return rs
}

// genQueries makes queries from the archive's own words: frequent and rare
// words, two and three words from one document, phrases, exclusions and
// prefixes, each alone and with filters, sorts and pages.
func genQueries(f *fixture, seed uint64) []jsQuery {
	r := rand.New(rand.NewPCG(seed, 1))
	docs := searchindex.Documents(f.archive, "/", searchindex.DefaultExcerptLen)
	type word struct {
		w  string
		df int
	}
	df := map[string]int{}
	var docWords [][]string
	for _, d := range docs {
		ws := strings.FieldsFunc(d.Text, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) })
		docWords = append(docWords, ws)
		seen := map[string]bool{}
		for _, w := range ws {
			for _, tk := range analysis.Analyze(w) {
				if !seen[tk.Term] {
					seen[tk.Term] = true
					df[tk.Term]++
				}
			}
		}
	}
	var all []word
	seenWord := map[string]bool{}
	for _, ws := range docWords {
		for _, w := range ws {
			ts := analysis.Analyze(w)
			if len(ts) != 1 || seenWord[w] {
				continue
			}
			seenWord[w] = true
			all = append(all, word{w, df[ts[0].Term]})
		}
	}
	slices.SortFunc(all, func(a, b word) int { return b.df - a.df })
	pick := func(ws []word) string { return ws[r.IntN(len(ws))].w }
	common := all[:max(1, len(all)/20)]
	var rare []word
	for _, w := range all {
		if w.df <= 3 {
			rare = append(rare, w)
		}
	}
	if len(rare) == 0 {
		rare = all[len(all)-1:]
	}
	docWordsOf := func() []string {
		for {
			ws := docWords[r.IntN(len(docWords))]
			if len(ws) >= 4 {
				return ws
			}
		}
	}
	var base []string
	for range 25 {
		base = append(base, pick(common))
	}
	for range 25 {
		base = append(base, pick(rare))
	}
	for range 20 {
		ws := docWordsOf()
		base = append(base, ws[r.IntN(len(ws))]+" "+ws[r.IntN(len(ws))])
	}
	for range 15 {
		ws := docWordsOf()
		base = append(base, ws[r.IntN(len(ws))]+" "+ws[r.IntN(len(ws))]+" "+ws[r.IntN(len(ws))])
	}
	for range 20 {
		ws := docWordsOf()
		i := r.IntN(len(ws) - 3)
		n := 2 + r.IntN(2)
		base = append(base, `"`+strings.Join(ws[i:i+n], " ")+`"`)
	}
	for range 15 {
		base = append(base, pick(common)+" -"+pick(common))
	}
	for range 15 {
		w := []rune(pick(all))
		if len(w) < 3 {
			continue
		}
		n := min(len(w), 2+r.IntN(4))
		q := string(w[:n]) + "*"
		if r.IntN(3) == 0 {
			q = pick(common) + " " + q
		}
		base = append(base, q)
	}
	base = append(base,
		"Kita", "Ausschuss", "Sozialausschuss", "Kitagebühren", "Kita-Gebühren", `"Kenntnis genommen"`,
		"Teilnehmer", "Teilnehmer:innen", "Bürger*innen", "Straße", "STRASSE", "Straẞe", "Fördermittel",
		"Foerdermittel", "fordermittel", "Integrationsmanagements", "§ 6", "1.000", "Windkraft -Flächennutzungsplan",
		"Schul*", "Sozial*", "gremium:Bauausschuss Kita", "jahr:2020 Haushalt", "ergebnis:abgelehnt", "art:vorlage Windkraft",
		`gremium:"Ausschuss für Soziales und Integration"`, "-Windkraft", "die der das", `"die Verwaltung wird"`,
		"https://www.beispielstadt.de/beteiligung", "Mühlenbach", "Öztürk", "Yılmaz",
		// malformed
		`"Kenntnis genommen`, "- Kita", "*", "x*", "gremium:Nirgendwo", "jahr:20x2", "ergebnis:vielleicht", "art:", "-gremium:Rat",
	)
	committees := f.ix.Vocabulary().Committees
	var qs []jsQuery
	for i, q := range base {
		qs = append(qs, jsQuery{Q: q, Options: jsOptions{Limit: 10}})
		// the same query with options
		o := jsOptions{Limit: 10}
		switch i % 8 {
		case 0:
			o.Filters = &query.Filters{Committee: []string{committees[r.IntN(len(committees))]}}
		case 1:
			o.Filters = &query.Filters{Year: []string{fmt.Sprint(2019 + r.IntN(4))}}
		case 2:
			o.Filters = &query.Filters{ResultCategory: []string{string(record.ResultCategories[r.IntN(4)])}}
		case 3:
			o.Filters = &query.Filters{Kind: []string{[]string{"item", "paper", "meeting"}[r.IntN(3)]}}
		case 4:
			o.From, o.To = "2019-06", "2020-06-30"
		case 5:
			o.Sort = "newest"
		case 6:
			o.Sort = "oldest"
			o.Offset = 5
		case 7:
			o.Offset = 10
		}
		qs = append(qs, jsQuery{Q: q, Options: o})
	}
	// The most frequent words at the edge of their summaries' best
	// documents (50): pages inside come from the summary, pages beyond
	// from the posting lists.
	seenTerm := map[string]bool{}
	for _, w := range all {
		t := analysis.Analyze(w.w)[0].Term
		if seenTerm[t] || len(seenTerm) == 3 {
			continue
		}
		seenTerm[t] = true
		for _, o := range []jsOptions{{Limit: 1}, {Limit: 50}, {Limit: 10, Offset: 40}, {Limit: 10, Offset: 45}, {Limit: 10, Offset: 60}} {
			qs = append(qs, jsQuery{Q: w.w, Options: o})
		}
	}
	return qs
}

// parity compares the two implementations on the queries.
type parity struct {
	queries, errors, totalSame, topSame, scoresSame, facetsSame, excerptsSame int
	diffs                                                                     []string
}

func compare(t testing.TB, f *fixture, qs []jsQuery, js []jsResult) parity {
	t.Helper()
	var p parity
	for i, q := range qs {
		p.queries++
		gr, gerr := f.ix.Search(context.Background(), q.Q, q.Options.search())
		jr := js[i]
		if gerr != nil || jr.Error != nil {
			qe, ok := gerr.(*query.Error)
			if !ok || jr.Error == nil || qe.Code != jr.Error.Code {
				p.diffs = append(p.diffs, fmt.Sprintf("%q %+v: Go error %v, JS error %+v", q.Q, q.Options, gerr, jr.Error))
			} else {
				p.errors++
				p.totalSame++
				p.topSame++
				p.scoresSame++
				p.facetsSame++
				p.excerptsSame++
			}
			continue
		}
		if gr.Total == jr.Total {
			p.totalSame++
		} else {
			p.diffs = append(p.diffs, fmt.Sprintf("%q %+v: total Go %d JS %d", q.Q, q.Options, gr.Total, jr.Total))
		}
		ids := func(hs []searchindex.Hit) (out []string) {
			for _, h := range hs {
				out = append(out, h.Kind+":"+h.ID)
			}
			return out
		}
		if slices.Equal(ids(gr.Hits), ids(jr.Hits)) {
			p.topSame++
		} else {
			p.diffs = append(p.diffs, fmt.Sprintf("%q %+v: top Go %v JS %v", q.Q, q.Options, ids(gr.Hits), ids(jr.Hits)))
		}
		sameScores, sameExcerpts := len(gr.Hits) == len(jr.Hits), len(gr.Hits) == len(jr.Hits)
		for k := range min(len(gr.Hits), len(jr.Hits)) {
			if gr.Hits[k].Score != jr.Hits[k].Score {
				sameScores = false
			}
			if gr.Hits[k].Excerpt != jr.Hits[k].Excerpt {
				sameExcerpts = false
			}
		}
		if sameScores {
			p.scoresSame++
		} else {
			p.diffs = append(p.diffs, fmt.Sprintf("%q %+v: scores differ", q.Q, q.Options))
		}
		if sameExcerpts {
			p.excerptsSame++
		}
		if reflect.DeepEqual(gr.Facets, jr.Facets) {
			p.facetsSame++
		} else {
			p.diffs = append(p.diffs, fmt.Sprintf("%q %+v: facets Go %v JS %v", q.Q, q.Options, gr.Facets, jr.Facets))
		}
	}
	return p
}

// exampleArchive is the repository's example archive, through the gate.
func exampleArchive(t testing.TB) *record.Archive {
	t.Helper()
	a, diags, err := tomlrec.Load(testkit.RepoFile("example/records"), tomlrec.Options{})
	if err != nil || len(diags) > 0 {
		t.Fatalf("example records: %v %v", err, diags)
	}
	pub, _ := gate.Public(a, nil)
	return pub
}

// TestParityQueries is the oracle: hundreds of queries from each archive's
// own words, through Bleve and through the JavaScript client on the static
// export, must give the same totals, facets and (at least 99 %) the same
// top ten.
func TestParityQueries(t *testing.T) {
	node := testkit.Node(t)
	for _, tc := range []struct {
		name    string
		archive func(testing.TB) *record.Archive
	}{
		{"example", exampleArchive},
		// edge cases of German text: gender forms, ẞ, hyphenated compounds
		{"edgecases", func(testing.TB) *record.Archive { return searchtest.Archive(7, 300) }},
		{"generated", func(tb testing.TB) *record.Archive {
			items := 6000
			if testing.Short() {
				items = 1500
			}
			return gen.Generate(gen.Options{Items: items, Seed: 7})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, tc.archive(t))
			qs := genQueries(f, 7)
			js := runJS(t, node, f.dir, qs, false)
			p := compare(t, f, qs, js)
			if os.Getenv("PARITY_DEBUG") != "" {
				nz := 0
				for i, r := range js {
					if r.Total > 0 {
						nz++
					}
					if i < 40 {
						t.Logf("%q %+v → %d hits=%d req=%d bytes=%d", qs[i].Q, qs[i].Options, r.Total, len(r.Hits), r.Requests, r.Bytes)
					}
				}
				t.Logf("non-empty: %d", nz)
			}
			for _, d := range p.diffs[:min(len(p.diffs), 20)] {
				t.Log(d)
			}
			t.Logf("%d queries (%d malformed): total same %d, top-10 same %d, scores bit-identical %d, facets same %d, excerpts same %d",
				p.queries, p.errors, p.totalSame, p.topSame, p.scoresSame, p.facetsSame, p.excerptsSame)
			if p.queries < 300 {
				t.Errorf("only %d queries; the suite needs at least 300", p.queries)
			}
			if p.totalSame != p.queries {
				t.Errorf("total differs for %d of %d queries", p.queries-p.totalSame, p.queries)
			}
			if float64(p.topSame) < 0.99*float64(p.queries) {
				t.Errorf("top-10 ids same for only %d of %d queries (want ≥ 99%%)", p.topSame, p.queries)
			}
			if float64(p.scoresSame) < 0.99*float64(p.queries) {
				t.Errorf("scores bit-identical for only %d of %d queries", p.scoresSame, p.queries)
			}
			if p.facetsSame != p.queries {
				t.Errorf("facets differ for %d of %d queries", p.queries-p.facetsSame, p.queries)
			}
		})
	}
}

// TestExampleSecretsAreNotSearchable: the example's closed-session phrases
// (see example/example_test.go) are in neither index, whatever the query.
func TestExampleSecretsAreNotSearchable(t *testing.T) {
	node := testkit.Node(t)
	f := newFixture(t, exampleArchive(t))
	qs := []jsQuery{
		{Q: `"Geheimsache Lindenfelder Mühlenweg 7"`, Options: jsOptions{Limit: 10}},
		{Q: "Geheimsache", Options: jsOptions{Limit: 10}},
		{Q: "Mühlenweg", Options: jsOptions{Limit: 10}},
		{Q: "Geheim*", Options: jsOptions{Limit: 10}},
		{Q: "Personalangelegenheit Kämmerei", Options: jsOptions{Limit: 10}},
		{Q: "Vertraulich*", Options: jsOptions{Limit: 10}},
	}
	js := runJS(t, node, f.dir, qs, false)
	for i, q := range qs {
		g, err := f.ix.Search(context.Background(), q.Q, q.Options.search())
		if err != nil {
			t.Fatal(err)
		}
		if g.Total != 0 || js[i].Total != 0 {
			t.Errorf("%q finds %d documents in Bleve, %d in the static index", q.Q, g.Total, js[i].Total)
		}
	}
}

// TestEmptyArchive: an archive without records exports an index that the
// client opens and searches.
func TestEmptyArchive(t *testing.T) {
	node := testkit.Node(t)
	f := newFixture(t, &record.Archive{})
	js := runJS(t, node, f.dir, []jsQuery{{Q: "Kita", Options: jsOptions{Limit: 10}}, {Q: "Ki*", Options: jsOptions{Limit: 10}}, {Q: "jahr:2024", Options: jsOptions{Limit: 10}}}, false)
	for _, r := range js {
		if r.Error != nil || r.Total != 0 {
			t.Errorf("%+v", r)
		}
	}
}
