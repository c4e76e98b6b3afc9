package oparl

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// hitCounter serves fixed answers per path and counts the requests.
type hitCounter struct {
	mu   sync.Mutex
	hits map[string]int
}

func (h *hitCounter) count(path string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.hits[path]
}

func newAnswerServer(t *testing.T, answers map[string]func(http.ResponseWriter)) (*httptest.Server, *hitCounter) {
	t.Helper()
	h := &hitCounter{hits: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		h.hits[r.URL.Path]++
		h.mu.Unlock()
		if a := answers[r.URL.Path]; a != nil {
			a(w)
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, h
}

func status(code int) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) { http.Error(w, http.StatusText(code), code) }
}

func body(s string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(s))
	}
}

// TestFetchFailsAtOnce: errors that a retry cannot change end the request
// after the first attempt; those that may pass are retried (the positive
// control that the retry counting works).
func TestFetchFailsAtOnce(t *testing.T) {
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	srv, hits := newAnswerServer(t, map[string]func(http.ResponseWriter){
		"/deep":      body(`{"id": "x", "data": ` + deep + `}`),
		"/html":      body(`<html><body>Wartungsarbeiten</body></html>`),
		"/garbled":   body(`{"id": "https://h/meeting/1", "name": x}`),
		"/truncated": body(`{"id": "https://h/meeting/1", "name": "Rat`),
		"/400":       status(http.StatusBadRequest),
		"/401":       status(http.StatusUnauthorized),
		"/403":       status(http.StatusForbidden),
		"/404":       status(http.StatusNotFound),
		"/410":       status(http.StatusGone),
		"/408":       status(http.StatusRequestTimeout),
		"/429":       status(http.StatusTooManyRequests),
		"/503":       status(http.StatusServiceUnavailable),
	})
	for _, tc := range []struct {
		url      string
		attempts int    // requests the server sees
		want     string // in the error
	}{
		{"file:///etc/passwd", 0, "scheme"},
		{"ftp://" + strings.TrimPrefix(srv.URL, "http://") + "/x", 0, "scheme"},
		{"http://[::1", 0, "missing ']'"},
		{"http:///nohost", 0, "no host"},
		{"https://", 0, "no host"},
		{srv.URL + "/deep", 1, "exceeded max depth"},
		{srv.URL + "/html", 1, "invalid character '<'"},
		{srv.URL + "/garbled", 1, "invalid character 'x'"},
		{srv.URL + "/400", 1, "400"},
		{srv.URL + "/401", 1, "401"},
		{srv.URL + "/403", 1, "403"},
		{srv.URL + "/404", 1, "404"},
		{srv.URL + "/410", 1, "410"},
		// May pass: retried.
		{srv.URL + "/truncated", 3, "unexpected end of JSON input"},
		{srv.URL + "/408", 3, "408"},
		{srv.URL + "/429", 3, "429"},
		{srv.URL + "/503", 3, "503"},
	} {
		t.Run(strings.TrimPrefix(tc.url, srv.URL), func(t *testing.T) {
			var retried []Problem
			opts := CrawlOptions{Rate: 10000, Backoff: time.Millisecond, Retries: 2}
			opts.defaults()
			hosts, err := newHostPolicy(srv.URL, nil)
			if err != nil {
				t.Fatal(err)
			}
			f := newFetcher(opts, hosts, func(p Problem) {
				if p.Code == "retried" {
					retried = append(retried, p)
				}
			})
			_, err = f.document(context.Background(), tc.url, "")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one saying %q", err, tc.want)
			}
			if want := max(tc.attempts-1, 0); len(retried) != want {
				t.Errorf("%d retries, want %d: %v", len(retried), want, retried)
			}
			if path, ok := strings.CutPrefix(tc.url, srv.URL); ok {
				if n := hits.count(path); n != tc.attempts {
					t.Errorf("%d requests, want %d", n, tc.attempts)
				}
			}
		})
	}
}
