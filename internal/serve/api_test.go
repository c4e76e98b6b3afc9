package serve

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/search/query"
	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/searchtest"
)

// TestSearchAPILimit: /api/search answers as the search with the same
// options, and keeps the one rule of limit (docs/search.md): none gives
// searchindex.DefaultLimit hits, 0 gives none but the total and facets.
func TestSearchAPILimit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	if _, err := searchindex.Build(context.Background(), dir, searchtest.Archive(5, 60), searchindex.Options{BasePath: "/"}); err != nil {
		t.Fatal(err)
	}
	ix, err := searchindex.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	api := NewSearchAPI(dir)
	defer api.Close()
	ts := httptest.NewServer(api)
	defer ts.Close()
	get := func(query string) (int, []byte) {
		t.Helper()
		resp, err := http.Get(ts.URL + APIPath + "?" + query)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, b
	}
	for _, tc := range []struct {
		query string
		limit *int
	}{
		{"kind=item", nil},
		{"kind=item&limit=0", new(0)},
		{"kind=item&limit=3", new(3)},
	} {
		want, err := ix.Search(context.Background(), "", searchindex.SearchOptions{Filters: query.Filters{Kind: []string{query.KindItem}}, Limit: tc.limit})
		if err != nil {
			t.Fatal(err)
		}
		code, body := get(tc.query)
		var got searchindex.Result
		if err := json.Unmarshal(body, &got); code != 200 || err != nil {
			t.Fatalf("%s: %d %s", tc.query, code, body)
		}
		wb, _ := json.Marshal(want)
		gb, _ := json.Marshal(got)
		if string(wb) != string(gb) {
			t.Errorf("%s: the API answers\n%s\nthe search\n%s", tc.query, gb, wb)
		}
		wantHits := searchindex.DefaultLimit
		if tc.limit != nil {
			wantHits = *tc.limit
		}
		if got.Total <= searchindex.DefaultLimit || len(got.Hits) != wantHits || len(got.Facets.Year) == 0 {
			t.Errorf("%s: %d hits of %d, facets %v; want %d hits of more than %d, with facets", tc.query, len(got.Hits), got.Total, got.Facets, wantHits, searchindex.DefaultLimit)
		}
	}
	for _, q := range []string{"kind=item&limit=-1", "kind=item&limit=x", "kind=item&limit=101"} {
		if code, body := get(q); code != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", q, code, body)
		}
	}
}

// TestSearchAPIOneHitPerMatter: /api/search answers one hit per matter: a
// paper and the agenda items that deliberate it are the paper's hit, with
// its path through the committees in its JSON, and the total counts it once.
func TestSearchAPIOneHitPerMatter(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 6, d, 17, 0, 0, 0, time.UTC) }
	item := func(id, result string) *record.AgendaItem {
		return &record.AgendaItem{ID: id, Name: "Spielplatz", Public: true, Paper: "v-1", Result: result,
			Minutes: "Der Kletterturm wird beraten."}
	}
	a := &record.Archive{
		Organizations: []*record.Organization{{ID: "jug", Name: "Jugendausschuss"}, {ID: "rat", Name: "Gemeinderat"}},
		Meetings: []*record.Meeting{
			{ID: "rat-1", Name: "Ratssitzung", Organizations: []string{"rat"}, Start: day(20), Public: true, AgendaItems: []*record.AgendaItem{item("r-1", "beschlossen")}},
			{ID: "jug-1", Name: "Jugendsitzung", Organizations: []string{"jug"}, Start: day(3), Public: true, AgendaItems: []*record.AgendaItem{item("j-1", "empfohlen")}},
		},
		Papers: []*record.Paper{{ID: "v-1", Name: "Neuer Kletterturm", Public: true, Date: day(1), Text: "Ein Kletterturm für den Spielplatz."}},
	}
	dir := filepath.Join(t.TempDir(), "index")
	if _, err := searchindex.Build(context.Background(), dir, a, searchindex.Options{BasePath: "/"}); err != nil {
		t.Fatal(err)
	}
	api := NewSearchAPI(dir)
	defer api.Close()
	ts := httptest.NewServer(api)
	defer ts.Close()
	resp, err := http.Get(ts.URL + APIPath + "?q=Kletterturm")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct {
		Total int `json:"total"`
		Hits  []struct {
			ID, Kind string
			Path     []struct{ Meeting, Date, Committee, Result, URL string }
		} `json:"hits"`
		Facets struct{ Kind map[string]int } `json:"facets"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%d, %v", resp.StatusCode, err)
	}
	if got.Total != 1 || len(got.Hits) != 1 || got.Hits[0].ID != "v-1" || got.Hits[0].Kind != query.KindPaper || got.Facets.Kind[query.KindPaper] != 1 || len(got.Facets.Kind) != 1 {
		t.Fatalf("answer %+v, want the paper alone", got)
	}
	var path []string
	for _, s := range got.Hits[0].Path {
		path = append(path, s.Date+" "+s.Meeting+" "+s.Committee+" "+s.Result+" "+s.URL)
	}
	want := []string{"2024-06-03 Jugendsitzung Jugendausschuss empfohlen /items/j-1/", "2024-06-20 Ratssitzung Gemeinderat beschlossen /items/r-1/"}
	if !slices.Equal(path, want) {
		t.Errorf("path %q, want %q", path, want)
	}
}
