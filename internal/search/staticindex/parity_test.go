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
	"sync"
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

	// root, for a fixture shared by tests, holds its exports with other
	// options (exportWith), by the options.
	root    string
	mu      sync.Mutex
	exports map[string]string
}

func newFixture(t testing.TB, a *record.Archive) *fixture {
	t.Helper()
	f, err := buildFixture(t.TempDir(), a)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.ix.Close() })
	return f
}

// buildFixture indexes a in root and exports the index.
func buildFixture(root string, a *record.Archive) (*fixture, error) {
	ctx := context.Background()
	if _, err := searchindex.Build(ctx, filepath.Join(root, "index"), a, searchindex.Options{BasePath: "/"}); err != nil {
		return nil, err
	}
	ix, err := searchindex.Open(filepath.Join(root, "index"))
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(root, "search")
	st, err := staticindex.Export(ctx, ix, dir, staticindex.Options{})
	if err != nil {
		ix.Close()
		return nil, err
	}
	return &fixture{archive: a, ix: ix, dir: dir, stats: st}, nil
}

// generated is the archive of 2,000 generated items that the measuring
// tests read, indexed and exported once for them all: the tests only
// read it, and building it is most of each test's time. TestMain
// removes it.
var generated struct {
	once sync.Once
	root string
	f    *fixture
	err  error
}

func generatedFixture(t testing.TB) *fixture {
	t.Helper()
	generated.once.Do(func() {
		generated.root, generated.err = os.MkdirTemp("", "staticindex-generated-")
		if generated.err == nil {
			generated.f, generated.err = buildFixture(generated.root, gen.Generate(gen.Options{Items: 2000, Seed: 1}))
		}
		if generated.err == nil {
			generated.f.root = generated.root
		}
	})
	if generated.err != nil {
		t.Fatalf("the generated archive: %v", generated.err)
	}
	return generated.f
}

func TestMain(m *testing.M) {
	code := m.Run()
	if generated.f != nil {
		generated.f.ix.Close()
	}
	if generated.root != "" {
		os.RemoveAll(generated.root)
	}
	os.Exit(code)
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
	Limit   *int           `json:"limit,omitempty"` // nil: the default
	Offset  int            `json:"offset,omitempty"`
}

// String shows the options as the client gets them.
func (o jsOptions) String() string {
	b, _ := json.Marshal(o)
	return string(b)
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
	Requests int `json:"requests"`
	Waves    int `json:"waves"` // with --waves: sequential round trips
	// HitsWaves, HitsRequests and HitsBytes are the round trips, requests
	// and bytes until the hits were told (--hits-first), else all.
	HitsWaves    int `json:"hitsWaves"`
	HitsRequests int `json:"hitsRequests"`
	HitsBytes    int `json:"hitsBytes"`
	// StartupWaves are the sequential round trips of opening the index
	// (--waves), its entry file's included.
	StartupWaves int          `json:"startupWaves"`
	Bytes        int          `json:"bytes"`
	Error        *query.Error `json:"error"`
}

// runJS runs the queries through the JavaScript client, with the
// harness's flags (--cold, --waves).
func runJS(t testing.TB, node, dir string, qs []jsQuery, flags ...string) []jsResult {
	t.Helper()
	qf := filepath.Join(t.TempDir(), "queries.json")
	b, err := json.Marshal(qs)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(qf, b, 0o644); err != nil {
		t.Fatal(err)
	}
	args := append([]string{testkit.RepoFile("web/search/testdata/harness.mjs"), dir, qf}, flags...)
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
	// Compounds, which also find their parts as words of their own, alone,
	// with another word, and excluded.
	var compounds []word
	for _, w := range all {
		if ts := analysis.Analyze(w.w); len(ts) == 1 && f.ix.Splits(ts[0].Term) != nil {
			compounds = append(compounds, w)
		}
	}
	if len(compounds) > 0 {
		for range 25 {
			base = append(base, pick(compounds))
		}
		for range 10 {
			base = append(base, pick(compounds)+" "+pick(common))
		}
		for range 5 {
			base = append(base, pick(common)+" -"+pick(compounds))
		}
	}
	// The beginnings of long words, which the archive lacks as words:
	// searched as the beginning of words (a modifier: Windkraft).
	for range 10 {
		w := []rune(pick(all))
		if len(w) >= 10 {
			base = append(base, string(w[:len(w)-4]))
		}
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
	// Filter values fold white space by query.IsSpace, in the query and in
	// the options: U+0085 is white space, U+FEFF is not; İ lower-cases to i.
	for _, c := range committees {
		if strings.Contains(c, " ") {
			for _, sp := range []string{"\u0085", "\ufeff", " \u2003 "} {
				v := strings.Replace(c, " ", sp, 1)
				base = append(base, `gremium:"`+v+`"`)
				base = append(base, pick(common)+` gremium:"`+sp+strings.ToUpper(v)+sp+`"`)
			}
			break
		}
	}
	base = append(base, `gremium:"\u0085"`, `gremium:"\ufeff"`, "GREMİUM:"+strings.ToLower(string([]rune(committees[0])[:min(3, len([]rune(committees[0])))])), `ergebnis:"\u0085abgelehnt\u0085"`)
	var qs []jsQuery
	for i, q := range base {
		qs = append(qs, jsQuery{Q: q, Options: jsOptions{Limit: new(10)}})
		// the same query with options
		o := jsOptions{Limit: new(10)}
		switch i % 8 {
		case 0:
			o.Filters = &query.Filters{Committee: []string{committees[r.IntN(len(committees))]}}
		case 1:
			o.Filters = &query.Filters{Year: []string{fmt.Sprint(2019 + r.IntN(4))}}
			o.Limit = nil // the default
		case 2:
			o.Filters = &query.Filters{ResultCategory: []string{string(record.ResultCategories[r.IntN(4)])}}
		case 3:
			o.Filters = &query.Filters{Kind: []string{[]string{"item", "paper", "meeting"}[r.IntN(3)]}}
			o.Limit = new(0) // the total and facets only
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
	for _, c := range committees {
		if strings.Contains(c, " ") {
			for _, sp := range []string{"\u0085", "\ufeff"} {
				qs = append(qs, jsQuery{Q: pick(common), Options: jsOptions{Limit: new(10), Filters: &query.Filters{Committee: []string{strings.ReplaceAll(c, " ", sp)}}}})
			}
			break
		}
	}
	// edges adds queries of q (the k-th) at the edge of its summary's best
	// documents (50): pages inside come from the summary, pages beyond
	// from the posting lists; no limit is the default, 0 none.
	edges := func(q string, k int) {
		for _, o := range []jsOptions{{Limit: new(1)}, {Limit: new(50)}, {Limit: new(10), Offset: 40}, {Limit: new(10), Offset: 45}, {Limit: new(10), Offset: 60}, {}, {Limit: new(0)}, {Limit: new(0), Offset: 60}} {
			qs = append(qs, jsQuery{Q: q, Options: o})
		}
		// A filter: a compound's query on its parts' lists, which its
		// entry carries.
		qs = append(qs, jsQuery{Q: q, Options: jsOptions{Limit: new(10), Filters: &query.Filters{Committee: []string{committees[k%len(committees)]}}}})
		// Every committee: its page from the best documents, from the
		// committee's next ones in the summary (all of its documents or
		// more), or from the lists; with a kind or year as well, a later
		// page, two committees.
		for i, c := range committees {
			o := jsOptions{Limit: new(10), Filters: &query.Filters{Committee: []string{c}}}
			switch i % 4 {
			case 1:
				o.Filters.Kind = []string{"item"}
			case 2:
				o.Filters.Year = []string{"2020"}
			case 3:
				o.Limit, o.Offset = new(5), 5
			}
			qs = append(qs, jsQuery{Q: q, Options: o})
			if i == 0 {
				qs = append(qs, jsQuery{Q: q, Options: jsOptions{Filters: &query.Filters{Committee: []string{c}, ResultCategory: []string{string(record.ResultCategories[0])}}}})
			}
		}
		qs = append(qs, jsQuery{Q: q, Options: jsOptions{Limit: new(10), Filters: &query.Filters{Committee: committees[:min(2, len(committees))]}}})
		// Filters whose documents among the best fill the page: the page
		// from the summary, the total and facets from the lists.
		for _, o := range []jsOptions{
			{Limit: new(10), Filters: &query.Filters{Committee: []string{biggestCommittee(f)}}},
			{Limit: new(5), Offset: 5, Filters: &query.Filters{Kind: []string{"item"}}},
			{Limit: new(0), Filters: &query.Filters{Year: []string{"2020"}}},
			{Limit: new(3), From: "2019", To: "2021-06"},
			{Limit: new(2), Filters: &query.Filters{ResultCategory: []string{string(record.ResultCategories[0])}, Kind: []string{"paper"}}},
		} {
			qs = append(qs, jsQuery{Q: q, Options: o})
		}
	}
	// The most frequent words at the edge of their summaries' best
	// documents, and the most frequent compounds (whose summaries rank
	// their parts too).
	seenTerm := map[string]bool{}
	for i, w := range append(slices.Clone(all), compounds[:min(2, len(compounds))]...) {
		t := analysis.Analyze(w.w)[0].Term
		if seenTerm[t] || i < len(all) && len(seenTerm) == 3 {
			continue
		}
		seenTerm[t] = true
		edges(w.w, len(seenTerm))
	}
	// The most frequent phrases of two words, in the text and in the
	// titles: their pairs' summaries rank them.
	for i, q := range frequentPhrases(docs) {
		edges(q, i)
	}
	return qs
}

// frequentPhrases returns the most frequent phrase of two words (each
// one term, one directly after the other) in the documents' texts and
// the one in their titles, quoted.
func frequentPhrases(docs []*searchindex.Doc) []string {
	var out []string
	for _, text := range []func(*searchindex.Doc) string{
		func(d *searchindex.Doc) string { return d.Text },
		func(d *searchindex.Doc) string { return d.Title },
	} {
		count := map[[2]string]int{}
		for _, d := range docs {
			ws := strings.FieldsFunc(text(d), func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) })
			for i := 1; i < len(ws); i++ {
				if len(analysis.Analyze(ws[i-1])) == 1 && len(analysis.Analyze(ws[i])) == 1 {
					count[[2]string{ws[i-1], ws[i]}]++
				}
			}
		}
		var best [2]string
		for p, n := range count {
			if n > count[best] || n == count[best] && p[0]+" "+p[1] < best[0]+" "+best[1] {
				best = p
			}
		}
		if count[best] > 0 {
			out = append(out, `"`+best[0]+" "+best[1]+`"`)
		}
	}
	return out
}

// biggestCommittee is the committee of the most documents (the first by
// name on ties).
func biggestCommittee(f *fixture) string {
	best, most := "", -1
	for _, c := range f.ix.Vocabulary().Committees {
		res, err := f.ix.Search(context.Background(), "", searchindex.SearchOptions{Filters: query.Filters{Committee: []string{c}}, Limit: new(0)})
		if err == nil && res.Total > most {
			best, most = c, res.Total
		}
	}
	return best
}

// aspects are what parity compares, in the order reported.
var aspects = []string{"total", "top ten", "scores", "excerpts", "hits", "facets"}

// parity is how many queries agree on each aspect, and the differences.
type parity struct {
	queries, errors int
	same            map[string]int
	diffs           []string
	// pageHits counts Bleve's hits that name a file's page: the hits
	// whole must agree on those too.
	pageHits int
	// pathHits counts Bleve's hits of a paper with its path (the hit of
	// a matter of several documents): the hits whole must agree on those.
	pathHits int
}

// compare runs the queries through Bleve and compares each aspect of the
// answers with the client's js: the error (code, message, position), or
// total, the hits' ids in order, their scores bit for bit, their excerpts,
// the hits whole, and the facets.
func compare(t testing.TB, f *fixture, qs []jsQuery, js []jsResult) parity {
	t.Helper()
	p := parity{same: map[string]int{}}
	for i, q := range qs {
		p.queries++
		gr, gerr := f.ix.Search(context.Background(), q.Q, q.Options.search())
		jr := js[i]
		agree := func(aspect string, same bool, format string, args ...any) {
			if same {
				p.same[aspect]++
			} else {
				p.diffs = append(p.diffs, fmt.Sprintf("%q %+v: %s: ", q.Q, q.Options, aspect)+fmt.Sprintf(format, args...))
			}
		}
		if gerr != nil || jr.Error != nil {
			qe, ok := gerr.(*query.Error)
			same := ok && jr.Error != nil && *qe == *jr.Error
			if same {
				p.errors++
			}
			for _, a := range aspects {
				agree(a, same, "Go error %v, JS error %+v", gerr, jr.Error)
			}
			continue
		}
		agree("total", gr.Total == jr.Total, "Go %d JS %d", gr.Total, jr.Total)
		for _, h := range gr.Hits {
			if h.Page > 0 {
				p.pageHits++
			}
			if len(h.Path) > 0 {
				p.pathHits++
			}
		}

		ids := func(hs []searchindex.Hit) (out []string) {
			for _, h := range hs {
				out = append(out, h.Kind+":"+h.ID)
			}
			return out
		}
		agree("top ten", slices.Equal(ids(gr.Hits), ids(jr.Hits)), "Go %v JS %v", ids(gr.Hits), ids(jr.Hits))
		field := func(h []searchindex.Hit, get func(searchindex.Hit) any) (out []any) {
			for _, x := range h {
				out = append(out, get(x))
			}
			return out
		}
		score := func(h searchindex.Hit) any { return h.Score }
		excerpt := func(h searchindex.Hit) any { return h.Excerpt }
		agree("scores", slices.Equal(field(gr.Hits, score), field(jr.Hits, score)), "Go %v JS %v", field(gr.Hits, score), field(jr.Hits, score))
		agree("excerpts", slices.Equal(field(gr.Hits, excerpt), field(jr.Hits, excerpt)), "Go %q JS %q", field(gr.Hits, excerpt), field(jr.Hits, excerpt))
		agree("hits", reflect.DeepEqual(gr.Hits, jr.Hits), "Go %+v JS %+v", gr.Hits, jr.Hits)
		agree("facets", reflect.DeepEqual(gr.Facets, jr.Facets), "Go %v JS %v", gr.Facets, jr.Facets)
	}
	return p
}

// check fails t unless every query agrees on every aspect.
func (p parity) check(t testing.TB) {
	t.Helper()
	for _, d := range p.diffs[:min(len(p.diffs), 20)] {
		t.Log(d)
	}
	var counts []string
	for _, a := range aspects {
		counts = append(counts, fmt.Sprintf("%s %d", a, p.same[a]))
		if p.same[a] != p.queries {
			t.Errorf("%s differ for %d of %d queries", a, p.queries-p.same[a], p.queries)
		}
	}
	t.Logf("%d queries (%d malformed), the same: %s", p.queries, p.errors, strings.Join(counts, ", "))
}

// exampleArchive is the repository's example archive, through the gate.
func exampleArchive(t testing.TB) *record.Archive {
	t.Helper()
	a, diags, err := tomlrec.Load(testkit.RepoFile("example/records"), tomlrec.Options{})
	if err != nil || len(diags) > 0 {
		t.Fatalf("example records: %v %v", err, diags)
	}
	pub, _ := gate.Public(a, gate.Options{})
	return pub
}

// TestParityQueries is the oracle: hundreds of queries from each archive's
// own words, through Bleve and through the JavaScript client on the static
// export, must give the same answers, every one: the same errors, totals,
// hits (ids in order, bit-identical scores, excerpts) and facets. Each
// archive's queries run as the search page asks them (--hits-first: the
// hits told before the counts, which then load after them); the smaller
// archives' also without, the counts loading beside the ranking.
func TestParityQueries(t *testing.T) {
	node := testkit.Node(t)
	for _, tc := range []struct {
		name    string
		archive func(testing.TB) *record.Archive
		pages   bool // some hits name a file's page
		modes   [][]string
	}{
		{"example", exampleArchive, false, [][]string{{"--hits-first"}, nil}},
		// edge cases of German text: gender forms, ẞ, hyphenated compounds;
		// papers with files of several pages
		{"edgecases", func(testing.TB) *record.Archive { return searchtest.Archive(7, 300) }, true, [][]string{{"--hits-first"}, nil}},
		{"generated", func(tb testing.TB) *record.Archive {
			items := 6000
			if testing.Short() {
				items = 1500
			}
			return gen.Generate(gen.Options{Items: items, Seed: 7})
		}, false, [][]string{{"--hits-first"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, tc.archive(t))
			qs := genQueries(f, 7)
			for _, flags := range tc.modes[1:] {
				compare(t, f, qs, runJS(t, node, f.dir, qs, flags...)).check(t)
			}
			js := runJS(t, node, f.dir, qs, tc.modes[0]...)
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
			if p.queries < 300 {
				t.Errorf("only %d queries; the suite needs at least 300", p.queries)
			}
			if tc.pages && p.pageHits == 0 {
				t.Error("no hit names a file's page: the archive's files are not searched to the page")
			}
			if tc.pages && p.pathHits == 0 {
				t.Error("no hit is a paper with its path: the grouping into matters is not tested")
			}
			t.Logf("%d hits name a file's page, %d show a paper's path", p.pageHits, p.pathHits)
			p.check(t)
		})
	}
}

// TestExampleSecretsAreNotSearchable: the example's closed-session phrases
// (see example/example_test.go) are in neither index, whatever the query.
func TestExampleSecretsAreNotSearchable(t *testing.T) {
	node := testkit.Node(t)
	f := newFixture(t, exampleArchive(t))
	qs := []jsQuery{
		{Q: `"Geheimsache Lindenfelder Mühlenweg 7"`, Options: jsOptions{Limit: new(10)}},
		{Q: "Geheimsache", Options: jsOptions{Limit: new(10)}},
		{Q: "Mühlenweg", Options: jsOptions{Limit: new(10)}},
		{Q: "Geheim*", Options: jsOptions{Limit: new(10)}},
		{Q: "Personalangelegenheit Kämmerei", Options: jsOptions{Limit: new(10)}},
		{Q: "Vertraulich*", Options: jsOptions{Limit: new(10)}},
	}
	js := runJS(t, node, f.dir, qs)
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

// TestClosedSessionHits: the example's closed-session item is found by its
// title, in both indexes alike, with the kind filter, and its hit says
// "nicht öffentlich"; what was decided in the closed session (its
// resolution, minutes and file in the records) is found by nothing.
func TestClosedSessionHits(t *testing.T) {
	node := testkit.Node(t)
	f := newFixture(t, exampleArchive(t))
	item, paper := &query.Filters{Kind: []string{query.KindItem}}, &query.Filters{Kind: []string{query.KindPaper}}
	qs := []jsQuery{
		{Q: "Gebäudereinigung", Options: jsOptions{Limit: new(10)}},
		{Q: "Gebäudereinigung städtischen Schulen", Options: jsOptions{Limit: new(10), Filters: item}},
		{Q: "Gebäudereinigung", Options: jsOptions{Limit: new(10), Filters: paper}},
		{Q: "Glanzwerk", Options: jsOptions{Limit: new(10)}},
		{Q: `"318.400"`, Options: jsOptions{Limit: new(10)}},
		{Q: "Angebote Wertung", Options: jsOptions{Limit: new(10)}},
	}
	want := []int{2, 1, 0, 0, 0, 0} // the item, and its meeting, whose agenda lists it
	js := runJS(t, node, f.dir, qs)
	compare(t, f, qs, js).check(t)
	for i, q := range qs {
		if js[i].Total != want[i] {
			t.Errorf("%q %v: %d hits, want %d", q.Q, q.Options, js[i].Total, want[i])
		}
		for _, h := range js[i].Hits {
			if h.Kind == query.KindMeeting && h.ID == "rat-2024-06" && !h.ClosedSession {
				continue
			}
			if h.ID != "rat-2024-06-9" || !h.ClosedSession || h.Kind != query.KindItem || h.Result != "" || h.Excerpt != "" {
				t.Errorf("%q: hit %+v, want the closed-session item marked, without result or excerpt", q.Q, h)
			}
		}
	}
	// The other hits are not marked.
	g, err := f.ix.Search(context.Background(), "Schulen", searchindex.SearchOptions{Limit: new(50)})
	if err != nil {
		t.Fatal(err)
	}
	marked := 0
	for _, h := range g.Hits {
		if h.ClosedSession {
			marked++
		}
	}
	if g.Total < 2 || marked != 1 {
		t.Errorf("%q: %d hits, %d marked closed-session; want several, one marked", "Schulen", g.Total, marked)
	}
}

// TestEmptyArchive: an archive without records exports an index that the
// client opens and searches.
func TestEmptyArchive(t *testing.T) {
	node := testkit.Node(t)
	f := newFixture(t, &record.Archive{})
	qs := []jsQuery{{Q: "Kita", Options: jsOptions{Limit: new(10)}}, {Q: "Ki*", Options: jsOptions{Limit: new(10)}}, {Q: "jahr:2024", Options: jsOptions{Limit: new(10)}}}
	js := runJS(t, node, f.dir, qs)
	for _, r := range js {
		if r.Error != nil || r.Total != 0 {
			t.Errorf("%+v", r)
		}
	}
	compare(t, f, qs, js).check(t)
}
