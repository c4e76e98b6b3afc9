package serve

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

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
