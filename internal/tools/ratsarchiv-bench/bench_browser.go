package main

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// browserRun is one measurement of one query by one engine on one
// network, as bench.mjs reports it.
type browserRun struct {
	Engine  string  `json:"engine"`
	Name    string  `json:"name"`    // the query's name
	Network string  `json:"network"` // a network's name; "local" is not emulated
	Run     int     `json:"run"`
	StartMs float64 `json:"startMs"`
	Startup fetched `json:"startup"`
	Fetched fetched `json:"fetched"`
	// StartupRequests and Requests are the requests of start-up and of the
	// query, as [start, end] in ms from the phase's start.
	StartupRequests []timedRequest `json:"startupRequests"`
	Requests        []timedRequest `json:"requests"`
	// ColdMs is the time to the ranked top 10 shown; CountsMs to the total
	// (and facets) too, which ours tells after the hits (onHits) and
	// Pagefind with them. HitsAt is when the hits were shown, in ms from
	// the phase's start (as Requests); 0 in earlier benches.
	ColdMs   float64  `json:"coldMs"`
	CountsMs float64  `json:"countsMs"`
	HitsAt   float64  `json:"hitsAt"`
	WarmMs   float64  `json:"warmMs"` // measured on the local network only
	Total    int      `json:"total"`
	Top      []string `json:"top"`
	Errors   []string `json:"errors"`
}

// timedRequest is when a request started (the client asked for it) and
// ended (its body had arrived), in ms.
type timedRequest [2]float64

// roundTrips counts the sequential round trips of a phase's requests: the
// longest chain of requests each of which started after the one before it
// in the chain had ended. Requests in flight at the same time count once;
// a request the client could only make with another's answer counts again.
func roundTrips(reqs []timedRequest) int {
	byStart := slices.Clone(reqs)
	slices.SortFunc(byStart, func(a, b timedRequest) int { return cmp.Compare(a[0], b[0]) })
	depth := make([]int, len(byStart))
	most := 0
	for i, r := range byStart {
		d := 0
		for j := range i {
			if byStart[j][1] <= r[0] {
				d = max(d, depth[j])
			}
		}
		depth[i] = d + 1
		most = max(most, d+1)
	}
	return most
}

// network is a connection the browser emulates (Chrome DevTools
// Protocol, Network.emulateNetworkConditions). Latency is added to every
// request, from its start to its response headers: on a connection that
// is open already (HTTP/2 to a static host, after start-up) a request
// costs one round trip, so it is the round-trip time; the handshakes of a
// new connection are not emulated. Throughput is in bytes per second,
// shared by the requests in flight.
type network struct {
	Name     string  `json:"name"`
	Latency  float64 `json:"latency"` // ms; 0: not emulated
	Download float64 `json:"download"`
	Upload   float64 `json:"upload"`
}

// networks are the connections the bench knows. Slow 4G and Fast 4G are
// Chrome DevTools' presets of those names as issue 14 gives them: round
// trip 150 ms and 1.6 Mbit/s down, 40 ms and 9 Mbit/s; upload as DevTools
// has it, 750 kbit/s and 1.5 Mbit/s. DevTools scales its presets (latency
// ×3.75 and ×2.75, throughput ×0.9) to stand for new connections; the
// bench does not, since every request after start-up goes over an open one.
var networks = []network{
	{Name: "local"},
	{Name: "Fast 4G", Latency: 40, Download: 9e6 / 8, Upload: 1.5e6 / 8},
	{Name: "Slow 4G", Latency: 150, Download: 1.6e6 / 8, Upload: 750e3 / 8},
}

// networkNamed finds a network by its name, ignoring case and spaces
// ("slow4g").
func networkNamed(name string) (network, bool) {
	key := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, " ", "")) }
	for _, n := range networks {
		if key(n.Name) == key(name) {
			return n, true
		}
	}
	return network{}, false
}

// fetched is what the page downloaded during one phase: the bytes sent,
// and what they would be on the wire from a server that gzips text (as
// static hosts and CDNs do); both engines' binary index files are
// compressed already and count the same either way.
type fetched struct {
	Bytes    int64 `json:"bytes"`
	Gzip     int64 `json:"gzip"`
	Requests int64 `json:"requests"`
}

// Harness pages: each exposes window.bench = {start, query} so bench.mjs
// drives both engines alike. Loading the client is part of start-up; ours
// asks for the client and the entry file together, as the search page's
// preload links do (layouts/search.html), so that start-up is what a
// reader's visit costs. A query reports when its ranked top 10 was there
// to show (ms, and hitsAt on the epoch's clock) and when its total was
// (countsMs): ours tells the hits first (onHits), as the search page
// shows them.
const oursHarness = `<!DOCTYPE html><meta charset="utf-8"><title>ratsarchiv</title>
<script type="module">
window.bench = {
  async start() {
    const t0 = performance.now();
    for (const [rel, href] of [["modulepreload", "/search/ratsarchiv-search.js"], ["preload", "/search/index.json"]]) {
      const l = document.createElement("link");
      l.rel = rel;
      l.href = href;
      if (rel === "preload") { l.as = "fetch"; l.crossOrigin = "anonymous"; }
      document.head.append(l);
    }
    const { openIndex } = await import("/search/ratsarchiv-search.js");
    window.idx = await openIndex(new URL("/search/", location.href));
    await window.idx.ready; // what it prefetches for every query
    return performance.now() - t0;
  },
  async query(q, committee) {
    const t0 = performance.now();
    let ms = 0, hitsAt = 0;
    const onHits = () => {
      ms = performance.now() - t0;
      hitsAt = Date.now();
    };
    const r = await window.idx.search(q, { limit: 10, filters: committee ? { committee: [committee] } : {}, onHits });
    const countsMs = performance.now() - t0;
    // a client before onHits never calls it: its hits came with the counts
    if (hitsAt === 0) [ms, hitsAt] = [countsMs, Date.now()];
    return { ms, hitsAt, countsMs, total: r.total, top: r.hits.map((h) => h.url) };
  },
};
</script>`

// Pagefind's results carry no titles or URLs until data() loads each
// one's fragment, so its ranked top 10 includes those fetches.
const pagefindHarness = `<!DOCTYPE html><meta charset="utf-8"><title>Pagefind</title>
<script type="module">
window.bench = {
  async start() {
    const t0 = performance.now();
    window.pf = await import("/pagefind/pagefind.js");
    await window.pf.init();
    return performance.now() - t0;
  },
  async query(q, committee) {
    const t0 = performance.now();
    const s = await window.pf.search(q, committee ? { filters: { committee } } : {});
    const top = await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
    const ms = performance.now() - t0;
    return { ms, hitsAt: Date.now(), countsMs: ms, total: s.results.length, top: top.map((d) => d.url) };
  },
};
</script>`

// benchServer serves the site and Pagefind's bundle as plain files, and
// counts the bytes it sends: the files' bytes, and what goes on the wire
// when text is gzipped (see fetched). With Gzip it gzips text to a client
// that accepts it, as static hosts and CDNs do, so that an emulated
// network carries the bytes a visitor's would; without, it only counts
// what gzip would send. Its own /__bench/ paths are not counted.
type benchServer struct {
	Gzip bool

	bytes, gzip, requests, inflight atomic.Int64
	mu                              sync.Mutex
	paths                           []string // every counted request, for debugging
}

func (s *benchServer) handler(site, pagefind string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/__bench/bytes", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"bytes":%d,"gzip":%d,"requests":%d,"inflight":%d}`, s.bytes.Load(), s.gzip.Load(), s.requests.Load(), s.inflight.Load())
	})
	mux.HandleFunc("/__bench/ours.html", harness(oursHarness))
	mux.HandleFunc("/__bench/pagefind.html", harness(pagefindHarness))
	files := http.FileServer(http.Dir(site))
	if pagefind != "" {
		mux.Handle("/pagefind/", http.StripPrefix("/pagefind/", http.FileServer(http.Dir(pagefind))))
	}
	mux.Handle("/", files)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/__bench/") {
			mux.ServeHTTP(w, r)
			return
		}
		s.inflight.Add(1)
		defer s.inflight.Add(-1)
		s.requests.Add(1)
		s.mu.Lock()
		s.paths = append(s.paths, r.URL.Path)
		s.mu.Unlock()
		cw := &countingWriter{ResponseWriter: w, n: &s.bytes,
			encode: s.Gzip && r.Header.Get("Range") == "" && acceptsGzip(r.Header.Get("Accept-Encoding"))}
		mux.ServeHTTP(cw, r)
		s.gzip.Add(cw.wire())
	})
}

// acceptsGzip reports whether an Accept-Encoding header lists gzip without
// refusing it (q=0).
func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			q, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q=")
			v, err := strconv.ParseFloat(q, 64)
			return !ok || err != nil || v > 0
		}
	}
	return false
}

func harness(page string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprint(w, page)
	}
}

// countingWriter counts the body bytes written and what gzip makes of
// text bodies: sent gzipped when encode is set (the response is a whole
// file of a compressible type), else only measured.
type countingWriter struct {
	http.ResponseWriter
	n      *atomic.Int64
	encode bool

	started bool
	encoded bool // the body goes to the client through gz
	raw     int64
	gz      *gzip.Writer
	gzBytes byteCounter
}

func (c *countingWriter) WriteHeader(code int) {
	c.start(code)
	c.ResponseWriter.WriteHeader(code)
}

// start decides, before the header goes out, whether the body is gzipped.
func (c *countingWriter) start(code int) {
	if c.started {
		return
	}
	c.started = true
	h := c.Header()
	if !compressible(h.Get("Content-Type")) {
		return
	}
	c.gz = gzipWriters.Get().(*gzip.Writer)
	if c.encode && code == http.StatusOK {
		c.encoded = true
		h.Set("Content-Encoding", "gzip")
		h.Add("Vary", "Accept-Encoding")
		h.Del("Content-Length")
		c.gz.Reset(io.MultiWriter(c.ResponseWriter, &c.gzBytes))
		return
	}
	c.gz.Reset(&c.gzBytes)
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.start(http.StatusOK)
	if c.encoded {
		n, err := c.gz.Write(p)
		c.n.Add(int64(n))
		c.raw += int64(n)
		return n, err
	}
	n, err := c.ResponseWriter.Write(p)
	c.n.Add(int64(n))
	c.raw += int64(n)
	if c.gz != nil {
		c.gz.Write(p[:n])
	}
	return n, err
}

// wire is the response body's size as a gzipping server sends it. It
// ends a gzipped body, so it is called once the handler has written it.
func (c *countingWriter) wire() int64 {
	if c.gz == nil {
		return c.raw
	}
	c.gz.Close()
	gzipWriters.Put(c.gz)
	c.gz = nil
	return int64(c.gzBytes)
}

// compressible are the types static hosts gzip (nginx's gzip_types, Netlify,
// GitHub Pages): text, scripts, JSON, SVG.
func compressible(contentType string) bool {
	t, _, _ := strings.Cut(contentType, ";")
	return strings.HasPrefix(t, "text/") || t == "application/javascript" || t == "text/javascript" ||
		t == "application/json" || t == "image/svg+xml"
}

var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression)
	return w
}}

type byteCounter int64

func (b *byteCounter) Write(p []byte) (int, error) { *b += byteCounter(len(p)); return len(p), nil }

// runBrowser serves the site and measures the query set in Chromium, for
// our client and, when it was built, for Pagefind.
func (b *bench) runBrowser(ctx context.Context, site string, r *result) ([]browserRun, error) {
	if _, err := os.Stat(b.opts.Chromium); err != nil {
		return nil, fmt.Errorf("browser: %w (install Debian's chromium, or pass --chromium, or --browser=false)", err)
	}
	pf := ""
	if r.Pagefind != nil {
		pf = r.Pagefind.OutDir
	}
	handler := (&benchServer{Gzip: b.opts.Gzip}).handler(site, pf)
	// The browser gets the site over HTTPS, hence HTTP/2 as static hosts
	// serve it: its requests in flight are not held to HTTP/1.1's six
	// connections, which would add round trips no visitor has. bench.mjs
	// reads the byte counter over plain HTTP.
	base := serve(handler, true)
	defer base.Close()
	control := serve(handler, false)
	defer control.Close()

	type engine struct {
		Name string `json:"name"`
		Page string `json:"page"`
	}
	var engines []engine
	if _, err := os.Stat(filepath.Join(site, "search", "ratsarchiv-search.js")); err == nil {
		engines = append(engines, engine{"ours", "/__bench/ours.html"})
	} else {
		b.logf("%s: no search/ratsarchiv-search.js in the site; measuring Pagefind only", r.Dataset.Name)
	}
	if pf != "" {
		engines = append(engines, engine{"pagefind", "/__bench/pagefind.html"})
	}
	if len(engines) == 0 {
		return nil, nil
	}
	cfg := map[string]any{
		"base": base.URL + "/", "control": control.URL + "/", "chromium": b.opts.Chromium, "runs": b.opts.BrowserRuns,
		"engines": engines, "queries": r.Queries, "networks": b.networks,
	}
	cfgPath := filepath.Join(b.opts.Work, r.Dataset.Name, "browser.json")
	if err := writeJSON(cfgPath, cfg); err != nil {
		return nil, err
	}
	b.logf("%s: browser: %d network(s) × %d engine(s) × %d queries × %d runs", r.Dataset.Name, len(b.networks), len(engines), len(r.Queries), b.opts.BrowserRuns)
	cmd := exec.CommandContext(ctx, "node", filepath.Join(b.npmDir, "bench.mjs"), cfgPath)
	cmd.Dir = b.npmDir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("browser: %v\n%s", err, stderr.String())
	}
	var runs []browserRun
	if err := json.Unmarshal(stdout.Bytes(), &runs); err != nil {
		return nil, fmt.Errorf("browser: %w", err)
	}
	for _, run := range runs {
		for _, e := range run.Errors {
			b.logf("%s: %s %q: page error: %s", r.Dataset.Name, run.Engine, run.Name, e)
		}
	}
	return runs, nil
}

// serve starts a server of h on a free local port: with tls, HTTPS and
// HTTP/2, with a made-up certificate that bench.mjs tells the browser to
// accept.
func serve(h http.Handler, tls bool) *httptest.Server {
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ReadHeaderTimeout = 10 * time.Second
	// The browser's first handshakes fail until it is told to accept the
	// certificate; they are no news.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	if tls {
		srv.EnableHTTP2 = true
		srv.StartTLS()
	} else {
		srv.Start()
	}
	return srv
}
