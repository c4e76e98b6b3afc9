package oparltest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// EndlessOptions shape an Endless server.
type EndlessOptions struct {
	// PageBytes is the size of a meeting list page; 0 means 2 MB.
	PageBytes int
	// Pages is the number of meeting list pages; 0 means they never end.
	Pages int
	// Fresh sends new meetings on every page; otherwise every page holds
	// the same meetings again, under a new `next` link.
	Fresh bool
}

// Endless is a hostile OParl endpoint for tests of a crawl's bounds: a
// System, one Body with one organization, and a meeting list whose pages
// go on, each PageBytes of JSON that a crawler keeps (meeting names).
type Endless struct {
	*httptest.Server
	opts EndlessOptions

	pages, bytes atomic.Int64
}

// maxMeetingsPerPage bounds the meetings on a list page: one per 2 KB of
// the page, whose names fill it to its size.
const maxMeetingsPerPage = 1000

// NewEndless starts the server; it is closed when the test ends.
func NewEndless(t testing.TB, opts EndlessOptions) *Endless {
	if opts.PageBytes <= 0 {
		opts.PageBytes = 2 << 20
	}
	e := &Endless{opts: opts}
	e.Server = httptest.NewServer(http.HandlerFunc(e.serve))
	t.Cleanup(e.Close)
	return e
}

// Pages returns the number of meeting list pages served.
func (e *Endless) Pages() int { return int(e.pages.Load()) }

// Bytes returns the bytes of meeting list pages served.
func (e *Endless) Bytes() int64 { return e.bytes.Load() }

func (e *Endless) serve(w http.ResponseWriter, r *http.Request) {
	u := e.URL
	var doc any
	switch r.URL.Path {
	case "/system":
		doc = map[string]any{"id": u + "/system", "type": "https://schema.oparl.org/1.1/System",
			"oparlVersion": "https://schema.oparl.org/1.1/", "name": "Endlos", "body": u + "/bodies"}
	case "/bodies":
		doc = listPage([]any{map[string]any{
			"id": u + "/body/1", "type": "https://schema.oparl.org/1.1/Body", "name": "Gemeinde Endlos",
			"organization": u + "/body/1/organization", "person": u + "/body/1/person",
			"meeting": u + "/body/1/meeting", "paper": u + "/body/1/paper",
		}})
	case "/body/1/organization":
		doc = listPage([]any{map[string]any{"id": u + "/body/1/organization/1", "type": "https://schema.oparl.org/1.1/Organization", "name": "Rat"}})
	case "/body/1/person", "/body/1/paper":
		doc = listPage([]any{})
	case "/body/1/meeting":
		e.meetingPage(w, r)
		return
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(doc)
}

// meetingPage writes page ?page=N of the meeting list, built as it is sent.
func (e *Endless) meetingPage(w http.ResponseWriter, r *http.Request) {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	next := ""
	if e.opts.Pages == 0 || page < e.opts.Pages {
		next = fmt.Sprintf("%s/body/1/meeting?page=%d", e.URL, page+1)
	}
	perPage := min(max(e.opts.PageBytes/2048, 1), maxMeetingsPerPage)
	pad := strings.Repeat("Tagesordnung ", max(e.opts.PageBytes/perPage-250, 0)/13)
	var b strings.Builder
	b.WriteString(`{"data": [`)
	for i := range perPage {
		id := i
		if e.opts.Fresh {
			id = (page-1)*perPage + i
		}
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id": "%s/body/1/meeting/%d", "type": "https://schema.oparl.org/1.1/Meeting", "name": "Sitzung %d %s", "start": "2024-01-01T18:00:00+01:00", "organization": ["%s/body/1/organization/1"]}`,
			e.URL, id, id, pad, e.URL)
	}
	b.WriteString(`], "pagination": {}, "links": {`)
	if next != "" {
		fmt.Fprintf(&b, `"next": %q`, next)
	}
	b.WriteString("}}")
	e.pages.Add(1)
	e.bytes.Add(int64(b.Len()))
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(b.String()))
}

// listPage is the last page of a list.
func listPage(data []any) map[string]any {
	return map[string]any{"data": data, "pagination": map[string]any{}, "links": map[string]any{}}
}
