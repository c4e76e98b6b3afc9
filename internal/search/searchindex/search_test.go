package searchindex_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/search/query"
	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
)

// testArchive is a small archive whose texts the tests below query.
func testArchive() *record.Archive {
	day := func(d int) time.Time { return time.Date(2024, 3, d, 17, 0, 0, 0, time.UTC) }
	// The categories an importer would have stored with these results.
	categories := map[string]record.ResultCategory{
		"Kenntnis genommen": record.ResultNoted, "einstimmig beschlossen": record.ResultApproved,
		"abgelehnt": record.ResultRejected, "vertagt": record.ResultPostponed,
	}
	item := func(id, name, minutes, result string) *record.AgendaItem {
		return &record.AgendaItem{ID: id, Name: name, Public: true, Minutes: minutes, Result: result, ResultCategory: categories[result]}
	}
	return &record.Archive{
		Organizations: []*record.Organization{
			{ID: "soz", Name: "Ausschuss für Soziales", ShortName: "Sozialausschuss"},
			{ID: "bau", Name: "Bauausschuss"},
		},
		Meetings: []*record.Meeting{
			{ID: "soz-1", Name: "1. Sitzung", Organizations: []string{"soz"}, Start: day(5), Public: true, AgendaItems: []*record.AgendaItem{
				item("soz-1-1", "Kitagebühren", "Der Sozialausschuss berät die Kitagebühren. Die Gebühren steigen.", "Kenntnis genommen"),
				item("soz-1-2", "Bericht", "Die Kita am Park wird saniert. <script>alert(1)</script> & mehr.", "einstimmig beschlossen"),
				item("soz-1-3", "Gleichstand A", "Zwillingswort steht hier.", ""),
				item("soz-1-4", "Gleichstand B", "Zwillingswort steht hier.", ""),
			}},
			{ID: "bau-1", Name: "1. Sitzung", Organizations: []string{"bau"}, Start: day(12), Public: true, AgendaItems: []*record.AgendaItem{
				item("bau-1-1", "Windkraft", "Der Ausschuss lehnt die Windkraftanlagen ab. Soziale Fragen bleiben offen.", "abgelehnt"),
				item("bau-1-2", "Gleichstand C", "Zwillingswort steht hier.", ""),
				item("bau-1-3", "Schulbau", "Die Schule wird erweitert; die Schulen der Stadt sind voll. Eine Photovoltaikanlage kommt aufs Dach.", "vertagt"),
				// The dictionary is the archive: parts must be more frequent
				// than their compound, as in any real archive.
				item("bau-1-4", "Allgemeines", "Kita, Kita, Kita. Gebühren, Gebühren. Ausschuss, Ausschuss. Sozial, sozial.", ""),
			}},
		},
	}
}

func openTestIndex(t *testing.T) *searchindex.Index {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	st, err := searchindex.Build(context.Background(), dir, testArchive(), searchindex.Options{BasePath: "/rat"})
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 10 || st.Items != 8 || st.Meetings != 2 {
		t.Fatalf("stats %+v", st)
	}
	ix, err := searchindex.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func ids(r *searchindex.Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	return out
}

func TestSearch(t *testing.T) {
	ix := openTestIndex(t)
	search := func(q string, o searchindex.SearchOptions) *searchindex.Result {
		t.Helper()
		r, err := ix.Search(context.Background(), q, o)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		return r
	}
	has := func(r *searchindex.Result, id string) bool { return slices.Contains(ids(r), id) }

	t.Run("CompoundPartsFindCompounds", func(t *testing.T) {
		// "Kita" is a part of "Kitagebühren"; the dictionary is the archive.
		if r := search("Kita", searchindex.SearchOptions{}); !has(r, "soz-1-1") || !has(r, "soz-1-2") {
			t.Errorf("Kita: %v", ids(r))
		}
		if r := search("Ausschuss", searchindex.SearchOptions{}); !has(r, "soz-1-1") {
			t.Errorf("Ausschuss does not find Sozialausschuss: %v", ids(r))
		}
	})
	t.Run("CompoundQueryFindsItsPartsAfterIt", func(t *testing.T) {
		// bau-1-1 has "Ausschuss" and "Soziale" but not the compound:
		// found, after the compound; soz-1-2 has "Kita" but no "Gebühren":
		// every part must match.
		// (the meeting soz-1 has the compound too, in its committee's name)
		exactFirst := func(q string, exact, parts []string) {
			t.Helper()
			got := ids(search(q, searchindex.SearchOptions{}))
			if len(got) != len(exact)+len(parts) || !sameSet(got[:len(exact)], exact) || !sameSet(got[len(exact):], parts) {
				t.Errorf("%s: %v, want %v, then %v", q, got, exact, parts)
			}
		}
		exactFirst("Sozialausschuss", []string{"soz-1", "soz-1-1"}, []string{"bau-1-1", "bau-1-4"})
		exactFirst("Kitagebühren", []string{"soz-1", "soz-1-1"}, []string{"bau-1-4"})
		// A word the archive lacks is searched as the beginning of words:
		// Photovoltaik in Photovoltaikanlage.
		if r := search("Photovoltaik", searchindex.SearchOptions{}); !has(r, "bau-1-3") {
			t.Errorf("Photovoltaik: %v, want bau-1-3 (Photovoltaikanlage)", ids(r))
		}
		// An exclusion leaves out the compound only.
		if r := search("Ausschuss -Sozialausschuss", searchindex.SearchOptions{}); has(r, "soz-1-1") || !has(r, "bau-1-1") {
			t.Errorf("Ausschuss -Sozialausschuss: %v", ids(r))
		}
	})
	t.Run("InflectionsMeet", func(t *testing.T) {
		a, b := search("Schule", searchindex.SearchOptions{}), search("Schulen", searchindex.SearchOptions{})
		if a.Total == 0 || !slices.Equal(ids(a), ids(b)) {
			t.Errorf("Schule %v, Schulen %v", ids(a), ids(b))
		}
	})
	t.Run("Phrase", func(t *testing.T) {
		if r := search(`"Gebühren steigen"`, searchindex.SearchOptions{}); r.Total != 1 || r.Hits[0].ID != "soz-1-1" {
			t.Errorf("phrase: %v", ids(r))
		}
		if r := search(`"steigen Gebühren"`, searchindex.SearchOptions{}); r.Total != 0 {
			t.Errorf("reversed phrase: %v", ids(r))
		}
	})
	t.Run("Exclusion", func(t *testing.T) {
		r := search("Ausschuss -Windkraft", searchindex.SearchOptions{})
		if has(r, "bau-1-1") || r.Total == 0 {
			t.Errorf("exclusion: %v", ids(r))
		}
	})
	t.Run("Prefix", func(t *testing.T) {
		if r := search("Zwilling*", searchindex.SearchOptions{}); r.Total != 3 {
			t.Errorf("prefix: %v", ids(r))
		}
	})
	t.Run("TiesByDateThenKey", func(t *testing.T) {
		// three equal documents: newest first, then by key ascending
		r := search("Zwillingswort", searchindex.SearchOptions{})
		if want := []string{"bau-1-2", "soz-1-3", "soz-1-4"}; !slices.Equal(ids(r), want) {
			t.Errorf("ties: %v, want %v", ids(r), want)
		}
		if r.Hits[0].Score != r.Hits[1].Score || r.Hits[1].Score != r.Hits[2].Score || r.Hits[0].Score <= 0 {
			t.Errorf("scores %v %v %v", r.Hits[0].Score, r.Hits[1].Score, r.Hits[2].Score)
		}
	})
	t.Run("Sorts", func(t *testing.T) {
		newest := search("Sitzung", searchindex.SearchOptions{Sort: searchindex.SortNewest})
		oldest := search("Sitzung", searchindex.SearchOptions{Sort: searchindex.SortOldest})
		if !slices.Equal(ids(newest), []string{"bau-1", "soz-1"}) || !slices.Equal(ids(oldest), []string{"soz-1", "bau-1"}) {
			t.Errorf("newest %v, oldest %v", ids(newest), ids(oldest))
		}
		if newest.Hits[0].Score != 0 {
			t.Errorf("date orders do not score, got %v", newest.Hits[0].Score)
		}
	})
	t.Run("FiltersAndFacets", func(t *testing.T) {
		all := search("Zwillingswort", searchindex.SearchOptions{})
		if all.Facets.Committee["Ausschuss für Soziales"] != 2 || all.Facets.Committee["Bauausschuss"] != 1 || all.Facets.Year["2024"] != 3 {
			t.Errorf("facets %+v", all.Facets)
		}
		// the kind facet counts what the hits are: three agenda items
		if !maps.Equal(all.Facets.Kind, map[string]int{query.KindItem: 3}) {
			t.Errorf("kind facet %v, want 3 items", all.Facets.Kind)
		}
		if m := search("Sitzung", searchindex.SearchOptions{}); m.Facets.Kind[query.KindMeeting] != 2 {
			t.Errorf("kind facet of meetings: %v", m.Facets.Kind)
		}
		r := search("Zwillingswort gremium:sozial", searchindex.SearchOptions{})
		if r.Total != 2 || r.Facets.Committee["Bauausschuss"] != 0 {
			t.Errorf("committee filter: %v %+v", ids(r), r.Facets)
		}
		r = search("", searchindex.SearchOptions{Filters: query.Filters{ResultCategory: []string{"abgelehnt"}}})
		if !slices.Equal(ids(r), []string{"bau-1-1"}) {
			t.Errorf("filter only: %v", ids(r))
		}
		r = search("Zwillingswort", searchindex.SearchOptions{From: "2024-03-10"})
		if !slices.Equal(ids(r), []string{"bau-1-2"}) {
			t.Errorf("from: %v", ids(r))
		}
		r = search("Zwillingswort", searchindex.SearchOptions{To: "2024-03"})
		if r.Total != 3 {
			t.Errorf("to: %v", ids(r))
		}
	})
	t.Run("Pages", func(t *testing.T) {
		a := search("Zwillingswort", searchindex.SearchOptions{Limit: new(2)})
		b := search("Zwillingswort", searchindex.SearchOptions{Limit: new(2), Offset: 2})
		if len(a.Hits) != 2 || len(b.Hits) != 1 || a.Total != 3 || b.Hits[0].ID != "soz-1-4" {
			t.Errorf("pages %v %v", ids(a), ids(b))
		}
	})
	t.Run("LimitZeroCountsOnly", func(t *testing.T) {
		// The one rule of docs/search.md, as the client has it: no limit
		// gives DefaultLimit hits, 0 none but the same total and facets.
		all := search("Zwillingswort", searchindex.SearchOptions{})
		none := search("Zwillingswort", searchindex.SearchOptions{Limit: new(0)})
		if len(all.Hits) != min(all.Total, searchindex.DefaultLimit) || all.Total != 3 {
			t.Errorf("no limit: %d hits of %d", len(all.Hits), all.Total)
		}
		if len(none.Hits) != 0 || none.Hits == nil || none.Total != all.Total || !reflect.DeepEqual(none.Facets, all.Facets) {
			t.Errorf("limit 0: %+v, want no hits, total %d and facets %v", none, all.Total, all.Facets)
		}
		if _, err := ix.Search(context.Background(), "Zwillingswort", searchindex.SearchOptions{Limit: new(-1)}); err == nil {
			t.Error("limit -1 accepted")
		}
	})
	t.Run("HitFields", func(t *testing.T) {
		r := search("Kita saniert", searchindex.SearchOptions{})
		h := r.Hits[0]
		if h.ID != "soz-1-2" || h.URL != "/rat/items/soz-1-2/" || h.Kind != "item" || h.Date != "2024-03-05" ||
			h.Committee != "Ausschuss für Soziales" || h.ResultCategory != "approved" || h.Result != "einstimmig beschlossen" {
			t.Errorf("hit %+v", h)
		}
		// record text is escaped; only <mark> is markup
		if strings.Contains(h.Excerpt, "<script>") || !strings.Contains(h.Excerpt, "&lt;script&gt;") || !strings.Contains(h.Excerpt, "<mark>Kita</mark>") || !strings.Contains(h.Excerpt, "&amp;") {
			t.Errorf("excerpt %q", h.Excerpt)
		}
		b, _ := json.Marshal(r)
		for _, k := range []string{`"total":`, `"hits":[`, `"facets":{"committee":`, `"resultCategory":`, `"excerpt":`} {
			if !strings.Contains(string(b), k) {
				t.Errorf("JSON has no %s: %s", k, b)
			}
		}
	})
	t.Run("Empty", func(t *testing.T) {
		if r := search("", searchindex.SearchOptions{}); r.Total != 0 || r.Hits == nil {
			t.Errorf("empty query: %+v", r)
		}
		if r := search("die der das", searchindex.SearchOptions{}); r.Total != 0 {
			t.Errorf("stop words: %v", ids(r))
		}
	})
	t.Run("ErrMalformed", func(t *testing.T) {
		for _, q := range []string{`"offen`, "-", "x*", "gremium:Nirgendwo"} {
			_, err := ix.Search(context.Background(), q, searchindex.SearchOptions{})
			var qe *query.Error
			if !errors.As(err, &qe) {
				t.Errorf("%q: %v is no query.Error", q, err)
			}
		}
		if _, err := ix.Search(context.Background(), "Kita", searchindex.SearchOptions{From: "März"}); err == nil {
			t.Error("bad date accepted")
		}
	})
}

func TestBuildReplacesOnlyOnSuccess(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	if _, err := searchindex.Build(context.Background(), dir, testArchive(), searchindex.Options{}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := searchindex.Build(ctx, dir, testArchive(), searchindex.Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled build: %v", err)
	}
	ix, err := searchindex.Open(dir)
	if err != nil {
		t.Fatalf("the old index is gone after a failed build: %v", err)
	}
	defer ix.Close()
	if r, _ := ix.Search(context.Background(), "Kita", searchindex.SearchOptions{}); r.Total == 0 {
		t.Error("old index empty")
	}
}

func TestEmptyArchive(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	if _, err := searchindex.Build(context.Background(), dir, &record.Archive{}, searchindex.Options{}); err != nil {
		t.Fatal(err)
	}
	ix, err := searchindex.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if r, err := ix.Search(context.Background(), "Kita", searchindex.SearchOptions{}); err != nil || r.Total != 0 {
		t.Errorf("%+v %v", r, err)
	}
}

// counted is a searcher's count with its place in the query.
type counted struct{ count, place int }

type byCount []counted

func (b byCount) Len() int           { return len(b) }
func (b byCount) Less(i, j int) bool { return b[i].count < b[j].count }
func (b byCount) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

// TestSortKeepsSortedInput checks what the query builder relies on: Bleve
// sorts the children of conjunctions and disjunctions with sort.Sort by
// count (not stable above 12 children), and the builder hands them over
// already sorted, stably; sort.Sort must then leave them as they are, so
// that scores are added in the order the browser client adds them.
func TestSortKeepsSortedInput(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for n := 2; n <= query.MaxPrefixTerms; n += 1 + n/4 {
		for range 20 {
			in := make(byCount, n)
			for i := range in {
				in[i] = counted{r.IntN(1 + n/3), i}
			}
			slices.SortStableFunc(in, func(a, b counted) int { return a.count - b.count })
			want := slices.Clone(in)
			sort.Sort(in)
			if !slices.Equal(in, want) {
				t.Fatalf("sort.Sort reordered %d sorted children", n)
			}
		}
	}
}

// TestWordRanksAboveCompoundPart: a document where the query word stands
// as a word ranks above one where it is only part of a compound, all else
// equal, and short modifiers (Bau-) split where they are nouns.
func TestWordRanksAboveCompoundPart(t *testing.T) {
	day := time.Date(2024, 3, 5, 17, 0, 0, 0, time.UTC)
	item := func(id, minutes string) *record.AgendaItem {
		return &record.AgendaItem{ID: id, Name: "Bericht", Public: true, Minutes: minutes}
	}
	a := &record.Archive{Meetings: []*record.Meeting{{ID: "m", Name: "Sitzung", Start: day, Public: true, AgendaItems: []*record.AgendaItem{
		// older documents first: on equal scores the newer would win
		item("word", "Der Ausschuss tagt heute im Rathaus."),
		item("compound", "Der Sozialausschuss tagt heute im Rathaus."),
		item("short", "Der Bauausschuss tagt heute im Rathaus."),
		item("words", strings.Repeat("Sozial und gerecht. Der Bau beginnt. Ein Ausschuss. ", 4)),
	}}}}
	ix := mustBuild(t, a)
	r, err := ix.Search(context.Background(), "Ausschuss", searchindex.SearchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	score := map[string]float64{}
	for _, h := range r.Hits {
		score[h.ID] = h.Score
	}
	if len(score) != 4 {
		t.Fatalf("Ausschuss finds %v, want all four", ids(r))
	}
	if !(score["word"] > 2*score["compound"]) || score["compound"] != score["short"] {
		t.Errorf("scores %v: want the word above both compounds by more than twice (PartsWeight ½), the compounds equal", score)
	}
	for _, q := range []string{"Bau", "Sozial"} {
		r, err := ix.Search(context.Background(), q, searchindex.SearchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Hits) != 2 {
			t.Errorf("%s finds %v, want its compound and the word", q, ids(r))
		}
	}
}

// TestExcerptFromThePassageWithTheMatch: a rare word deep in a long text
// gets its excerpt from the passage holding it.
func TestExcerptFromThePassageWithTheMatch(t *testing.T) {
	long := strings.Repeat("Die Verwaltung berichtet über den Stand der Arbeiten im Quartier. ", 60) +
		"Der Zauberwürfel wird erwähnt. " + strings.Repeat("Die Verwaltung berichtet weiter. ", 40)
	a := &record.Archive{Meetings: []*record.Meeting{{ID: "m", Name: "Sitzung", Start: time.Date(2024, 3, 5, 17, 0, 0, 0, time.UTC), Public: true,
		AgendaItems: []*record.AgendaItem{{ID: "long", Name: "Bericht", Public: true, Minutes: long}}}}}
	ix := mustBuild(t, a)
	for _, tc := range []struct{ q, want string }{
		{"Zauberwürfel", "… "},                        // a later passage
		{"Verwaltung Zauberwürfel", "… "},             // the rare word decides
		{"Verwaltung", "Die <mark>Verwaltung</mark>"}, // the first passage
	} {
		r, err := ix.Search(context.Background(), tc.q, searchindex.SearchOptions{})
		if err != nil || len(r.Hits) != 1 {
			t.Fatalf("%s: %v %v", tc.q, r, err)
		}
		ex := r.Hits[0].Excerpt
		if !strings.HasPrefix(ex, tc.want) || strings.Contains(tc.q, "Zauber") && !strings.Contains(ex, "<mark>Zauberwürfel</mark>") {
			t.Errorf("%s: excerpt %q", tc.q, ex)
		}
	}
}

// mustBuild indexes a and opens the index.
func mustBuild(t *testing.T, a *record.Archive) *searchindex.Index {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	if _, err := searchindex.Build(context.Background(), dir, a, searchindex.Options{}); err != nil {
		t.Fatal(err)
	}
	ix, err := searchindex.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// TestTitleRanksAboveBody: a document with the query's words in its title
// ranks above one that has them only in its text, however often.
func TestTitleRanksAboveBody(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 3, d, 17, 0, 0, 0, time.UTC) }
	body := strings.Repeat("Haushalt ", 8)
	long := "Haushalt " + strings.Repeat("und weitere Punkte der Verwaltung zur Beratung ", 60)
	a := &record.Archive{Meetings: []*record.Meeting{{ID: "m", Name: "Sitzung", Start: day(1), Public: true, AgendaItems: []*record.AgendaItem{
		{ID: "body", Name: "Bericht", Public: true, Minutes: body},
		{ID: "title", Name: long, Public: true, Minutes: "Ohne das Wort."},
		{ID: "other", Name: "Verschiedenes", Public: true, Minutes: "Nichts."},
		// the word as a part of a title word counts as in the title
		{ID: "titlepart", Name: "Haushaltsplanung", Public: true, Minutes: "Die Planung."},
		{ID: "plan", Name: "Planung", Public: true, Minutes: "Planung, Planung."},
	}}}}
	ix := mustBuild(t, a)
	items := searchindex.SearchOptions{Filters: query.Filters{Kind: []string{query.KindItem}}}
	r, err := ix.Search(context.Background(), "Haushalt", items)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) != 3 || !sameSet([]string{r.Hits[0].ID, r.Hits[1].ID}, []string{"title", "titlepart"}) || r.Hits[2].ID != "body" {
		var got []string
		for _, h := range r.Hits {
			got = append(got, fmt.Sprintf("%s %.4f", h.ID, h.Score))
		}
		t.Errorf("Haushalt: %v, want the titles (title, titlepart) first", got)
	}
	// Pages run on across tiers.
	two := 2
	for off, want := range [][]string{{"title", "titlepart"}, {"body"}} {
		r, err := ix.Search(context.Background(), "Haushalt", searchindex.SearchOptions{Limit: &two, Offset: 2 * off, Filters: items.Filters})
		if err != nil || !sameSet(ids(r), want) || r.Total != 3 {
			t.Errorf("Haushalt, page %d: %v of %d, %v; want %v of 3", off+1, ids(r), r.Total, err, want)
		}
	}
}

func sameSet(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

// TestFingerprint: the documents' fingerprint is the same for the same
// archive and options, and another when a document's text, a record that
// has no document but shows in one (a committee's name), or the base path
// changes.
func TestFingerprint(t *testing.T) {
	fp := func(a *record.Archive, base string) [32]byte {
		t.Helper()
		return searchindex.Fingerprint(a, searchindex.Options{BasePath: base})
	}
	base := fp(testArchive(), "/")
	if fp(testArchive(), "/") != base {
		t.Fatal("two fingerprints of the same archive differ")
	}
	for name, change := range map[string]func(a *record.Archive){
		"minutes":   func(a *record.Archive) { a.Meetings[0].AgendaItems[1].Minutes += " Nachtrag." },
		"committee": func(a *record.Archive) { a.Organizations[0].ShortName = "Sozialausschuss (neu)" },
		"withheld":  func(a *record.Archive) { a.Meetings[0].AgendaItems = a.Meetings[0].AgendaItems[1:] },
	} {
		a := testArchive()
		change(a)
		if fp(a, "/") == base {
			t.Errorf("%s changed, the fingerprint did not", name)
		}
	}
	if fp(testArchive(), "/rat/") == base {
		t.Error("another base path, the same fingerprint")
	}
	// A hit in a file links to the site's copy where there is one: a copy
	// published since changes the documents.
	a := testArchive()
	a.Meetings[0].AgendaItems[1].Files = []record.File{{Name: "Anlage 1", AccessURL: "https://ris.example.org/1.pdf", Text: "Seite eins", Copy: "records/files/1.pdf"}}
	without := searchindex.Fingerprint(a, searchindex.Options{BasePath: "/"})
	with := searchindex.Fingerprint(a, searchindex.Options{BasePath: "/", Copies: map[string]string{"records/files/1.pdf": "files/1.pdf"}})
	if with == without {
		t.Error("a copy published, the same fingerprint")
	}
}
