// Package oparltest serves a folder of OParl JSON over HTTP for tests: a
// crawl cache such as the corpus's huertgenwald-oparl (files named like the
// URLs, `meeting?page=3.json`), with the URLs inside rewritten from the
// original endpoint to the test server. Each object in the files is also
// served at its own URL, as OParl requires. Faults — errors, slow and
// cut-off responses, redirect loops, `next` links that point back — are
// injected per URL. Endless is a hostile server whose list never ends.
package oparltest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Fault is what the server does wrong for one URL.
type Fault struct {
	// Times is how many requests the fault hits; 0 means all of them.
	Times int
	// Status, when set, is sent instead of the document.
	Status int
	// RetryAfter is sent with Status as the Retry-After header.
	RetryAfter string
	// Delay holds the response back (until the client gives up, if sooner).
	Delay time.Duration
	// Truncate sends only the first half of the document.
	Truncate bool
	// Stall sends the headers and the first half of the document, and
	// then nothing until the client gives up: a download that never
	// finishes.
	Stall bool
	// RedirectTo redirects to another path?query of the server, or to an
	// absolute URL elsewhere.
	RedirectTo string
	// Next replaces the list page's links.next with this path?query.
	Next string
	// Edit changes the document (after URLs are rewritten).
	Edit func([]byte) []byte
}

// Server is the test server.
type Server struct {
	*httptest.Server
	dir, origin string

	objectsOnce sync.Once
	objects     map[string][]byte // path → an object of the files, for its own URL

	mu       sync.Mutex
	docs     map[string]Document // path → a file served beside the JSON
	faults   map[string]*Fault
	hits     map[string]int // requests per path?query
	faulted  map[string]int
	requests int
}

// New serves dir, whose documents name URLs under origin (e.g.
// "https://sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0"). The
// server is closed when the test ends.
func New(t testing.TB, dir, origin string) *Server {
	s := &Server{dir: dir, origin: strings.TrimRight(origin, "/"), faults: map[string]*Fault{}, hits: map[string]int{}, faulted: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// At returns the server's URL of path?query ("/system").
func (s *Server) At(pathQuery string) string { return s.URL + pathQuery }

// Fault makes requests of path?query fail as f says.
func (s *Server) Fault(pathQuery string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[pathQuery] = &f
	s.faulted[pathQuery] = 0
}

// Document is a file the server serves beside the OParl JSON: the
// original behind a File's accessUrl.
type Document struct {
	Data []byte
	// ContentType is sent as the Content-Type; "" lets net/http sniff.
	ContentType string
	// ETag and LastModified are sent when set, and a conditional request
	// (If-None-Match, If-Modified-Since) that they satisfy is answered 304
	// Not Modified.
	ETag         string
	LastModified time.Time
}

// ServeDocument serves d at path (no query), or, with a zero Document,
// stops serving it.
func (s *Server) ServeDocument(path string, d Document) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.docs == nil {
		s.docs = map[string]Document{}
	}
	if d.Data == nil {
		delete(s.docs, path)
		return
	}
	s.docs[path] = d
}

// ClearFaults removes all faults.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = map[string]*Fault{}
}

// Hits returns how many requests path?query got.
func (s *Server) Hits(pathQuery string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[pathQuery]
}

// Requested returns the requests per path?query so far.
func (s *Server) Requested() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.hits)
}

// Requests returns how many requests the server got.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Path
	since := r.URL.Query().Get("modified_since")
	q := r.URL.Query()
	q.Del("modified_since")
	if len(q) > 0 {
		key += "?" + q.Encode()
	}
	s.mu.Lock()
	s.requests++
	s.hits[key]++
	var f *Fault
	if ft := s.faults[key]; ft != nil && (ft.Times == 0 || s.faulted[key] < ft.Times) {
		s.faulted[key]++
		f = ft
	}
	doc, isDoc := s.docs[r.URL.Path]
	s.mu.Unlock()

	if f != nil && f.Delay > 0 {
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
			return
		}
	}
	if f != nil && f.RedirectTo != "" {
		http.Redirect(w, r, f.RedirectTo, http.StatusFound)
		return
	}
	if f != nil && f.Status != 0 {
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		http.Error(w, http.StatusText(f.Status), f.Status)
		return
	}
	if isDoc {
		serveDocument(w, r, doc, f)
		return
	}
	data, err := s.document(key)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if since != "" {
		data = filterModified(data, since)
	}
	if f != nil && f.Next != "" {
		data = setNext(data, s.URL+f.Next)
	}
	if f != nil && f.Edit != nil {
		data = f.Edit(data)
	}
	w.Header().Set("Content-Type", "application/json")
	if f != nil && f.Truncate {
		data = data[:len(data)/2]
	}
	w.Write(data)
}

// serveDocument answers a request for a Document, conditional ones
// included, with a fault's Truncate or Stall.
func serveDocument(w http.ResponseWriter, r *http.Request, d Document, f *Fault) {
	if d.ContentType != "" {
		w.Header().Set("Content-Type", d.ContentType)
	}
	if d.ETag != "" {
		w.Header().Set("ETag", d.ETag)
	}
	if f != nil && (f.Truncate || f.Stall) {
		w.Header().Set("Content-Length", strconv.Itoa(len(d.Data)))
		w.Write(d.Data[:len(d.Data)/2])
		if f.Stall {
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		}
		return
	}
	http.ServeContent(w, r, "", d.LastModified, bytes.NewReader(d.Data))
}

// document reads the file for path?query and points its URLs at the
// server. The first page of a list is stored without ?page=1.
func (s *Server) document(key string) ([]byte, error) {
	name := filepath.Join(s.dir, filepath.FromSlash(strings.TrimPrefix(key, "/"))+".json")
	data, err := os.ReadFile(name)
	if err != nil && strings.HasSuffix(key, "?page=1") {
		data, err = os.ReadFile(strings.TrimSuffix(name, "?page=1.json") + ".json")
	}
	if errors.Is(err, fs.ErrNotExist) {
		s.objectsOnce.Do(s.indexObjects)
		if obj, ok := s.objects[key]; ok {
			data, err = obj, nil
		}
	}
	if err != nil {
		return nil, err
	}
	data = bytes.ReplaceAll(data, []byte(s.origin), []byte(s.URL))
	escaped := strings.ReplaceAll(s.origin, "/", `\/`)
	return bytes.ReplaceAll(data, []byte(escaped), []byte(strings.ReplaceAll(s.URL, "/", `\/`))), nil
}

// indexObjects finds every object in the files, embedded ones included,
// by the path of its URL. Files are read in name order and the first copy
// of an object is served.
func (s *Server) indexObjects() {
	s.objects = map[string][]byte{}
	var add func(v any)
	add = func(v any) {
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				add(e)
			}
		case map[string]any:
			setBackRefs(v)
			if id, ok := v["id"].(string); ok {
				if path, ok := strings.CutPrefix(id, s.origin); ok && path != "" {
					if _, seen := s.objects[path]; !seen {
						if data, err := json.Marshal(v); err == nil {
							s.objects[path] = data
						}
					}
				}
			}
			for _, k := range slices.Sorted(maps.Keys(v)) {
				add(v[k])
			}
		}
	}
	walkJSON(s.dir, func(_ string, v any, err error) {
		if err == nil {
			add(v)
		}
	})
}

// backRefs name, per list attribute of an object type, the attribute
// that points an embedded object back to its parent: OParl leaves it out
// of embedded objects, but serves it with the object at its own URL.
var backRefs = map[string]map[string]string{
	"Paper":        {"consultation": "paper"},
	"Meeting":      {"agendaItem": "meeting"},
	"Person":       {"membership": "person"},
	"Organization": {"membership": "organization"},
}

// setBackRefs points the objects embedded in o back to it.
func setBackRefs(o map[string]any) {
	typ, _ := o["type"].(string)
	id, _ := o["id"].(string)
	for attr, back := range backRefs[typ[strings.LastIndex(typ, "/")+1:]] {
		list, _ := o[attr].([]any)
		for _, e := range list {
			if c, ok := e.(map[string]any); ok && c[back] == nil {
				c[back] = id
			}
		}
	}
}

// filterModified keeps the list entries modified at or after since, as an
// OParl server answers modified_since, and keeps the filter in `next`.
func filterModified(data []byte, since string) []byte {
	t, err := time.Parse(time.RFC3339, since)
	if err != nil {
		return data
	}
	var page map[string]any
	if json.Unmarshal(data, &page) != nil {
		return data
	}
	list, ok := page["data"].([]any)
	if !ok {
		return data
	}
	kept := []any{}
	for _, e := range list {
		o, _ := e.(map[string]any)
		m, _ := o["modified"].(string)
		if mt, err := time.Parse(time.RFC3339, m); err == nil && !mt.Before(t) {
			kept = append(kept, e)
		}
	}
	page["data"] = kept
	if links, ok := page["links"].(map[string]any); ok {
		if next, ok := links["next"].(string); ok {
			if u, err := url.Parse(next); err == nil {
				q := u.Query()
				q.Set("modified_since", since)
				u.RawQuery = q.Encode()
				links["next"] = u.String()
			}
		}
	}
	out, err := json.Marshal(page)
	if err != nil {
		return data
	}
	return out
}

// setNext replaces a list page's links.next.
func setNext(data []byte, next string) []byte {
	var page map[string]any
	if json.Unmarshal(data, &page) != nil {
		return data
	}
	links, _ := page["links"].(map[string]any)
	if links == nil {
		links = map[string]any{}
		page["links"] = links
	}
	links["next"] = next
	out, err := json.Marshal(page)
	if err != nil {
		return data
	}
	return out
}
