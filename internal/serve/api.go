package serve

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"sync"

	"github.com/ratsarchiv/ratsarchiv/internal/search/query"

	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
)

// APIPath is where the preview server answers searches on the Bleve index.
const APIPath = "/api/search"

// maxAPILimit bounds the hits of one request.
const maxAPILimit = 100

// SearchAPI answers
//
//	GET /api/search?q=…&committee=…&year=…&result=…&kind=…&from=…&to=…&sort=…&limit=…&offset=…
//
// with the JSON the browser client returns for the same search (DESIGN §5):
// the same query language, filters and ranking, computed by Bleve. A
// malformed query is a 400 with {"error": "…"}.
type SearchAPI struct {
	path string

	mu sync.RWMutex
	ix *searchindex.Index
}

// NewSearchAPI serves the index at path, opened on first use.
func NewSearchAPI(path string) *SearchAPI { return &SearchAPI{path: path} }

// Reset closes the index; the next request opens the one a rebuild wrote.
func (a *SearchAPI) Reset() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.ix != nil {
		a.ix.Close()
		a.ix = nil
	}
}

// Close releases the index.
func (a *SearchAPI) Close() error {
	a.Reset()
	return nil
}

// acquire returns the open index, opening it when needed; searches share
// it until release, and Reset waits for them.
func (a *SearchAPI) acquire() (*searchindex.Index, func(), error) {
	for {
		a.mu.RLock()
		if a.ix != nil {
			return a.ix, a.mu.RUnlock, nil
		}
		a.mu.RUnlock()
		a.mu.Lock()
		if a.ix == nil {
			ix, err := searchindex.Open(a.path)
			if err != nil {
				a.mu.Unlock()
				return nil, nil, err
			}
			a.ix = ix
		}
		a.mu.Unlock()
	}
}

// ServeHTTP implements http.Handler.
func (a *SearchAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "use GET"})
		return
	}
	q := r.URL.Query()
	opts := searchindex.SearchOptions{
		Filters: query.Filters{
			Committee:      q["committee"],
			Year:           q["year"],
			ResultCategory: q["result"],
			Kind:           q["kind"],
		},
		From: q.Get("from"), To: q.Get("to"), Sort: q.Get("sort"),
	}
	// Without limit= the search's default; limit=0 gives the total and
	// facets only, as the client's limit option.
	if q.Has("limit") {
		n, err := intParam(q.Get("limit"), 0)
		if err != nil || n > maxAPILimit {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "limit: a number from 0 to " + strconv.Itoa(maxAPILimit)})
			return
		}
		opts.Limit = &n
	}
	var err error
	if opts.Offset, err = intParam(q.Get("offset"), 0); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "offset: a number from 0"})
		return
	}

	ix, release, err := a.acquire()
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "no search index yet: " + err.Error()})
		return
	}
	defer release()
	res, err := ix.Search(r.Context(), q.Get("q"), opts)
	var qe *query.Error
	switch {
	case errors.As(err, &qe):
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
	case err != nil:
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
	default:
		writeJSON(w, http.StatusOK, res)
	}
}

func intParam(s string, def int) (int, error) {
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, errors.New("bad number")
	}
	return n, nil
}

// writeJSON answers with v. HTML characters stay escaped (\u003c): record
// text must not become markup even if a browser sniffs the response.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
