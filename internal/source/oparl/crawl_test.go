package oparl

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/oparltest"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/testcorpus"
)

// huertgenwaldOrigin is the endpoint the Hürtgenwald crawl was made from.
const huertgenwaldOrigin = "https://sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0"

// fastCrawl is a crawl for tests: no waiting between requests, short
// backoff.
func fastCrawl() CrawlOptions {
	return CrawlOptions{Rate: 10000, Backoff: time.Millisecond, Timeout: 5 * time.Second}
}

func huertgenwald(t *testing.T) (*oparltest.Server, string) {
	t.Helper()
	dir := testcorpus.Dir(t, "huertgenwald-oparl")
	return oparltest.New(t, dir, huertgenwaldOrigin), dir
}

// crawlImport imports from the server into a fresh folder.
func crawlImport(t *testing.T, srv *oparltest.Server, opts Options) (string, *Report, error) {
	t.Helper()
	opts.Source = srv.At("/system")
	if opts.Out == "" {
		opts.Out = filepath.Join(t.TempDir(), "records")
	}
	rep, err := Import(context.Background(), opts)
	return opts.Out, rep, err
}

func loadClean(t *testing.T, dir string) oparltest.Counts {
	t.Helper()
	return oparltest.CountRecords(loadRecords(t, dir))
}

func problems(rep *Report, sev Severity, code string) []Problem {
	var out []Problem
	for _, p := range rep.Problems {
		if p.Severity == sev && p.Code == code {
			out = append(out, p)
		}
	}
	return out
}

func summary(rep *Report) string {
	var b strings.Builder
	rep.WriteSummary(&b)
	return b.String()
}

func TestCrawlCorpus(t *testing.T) {
	srv, dir := huertgenwald(t)
	out, rep, err := crawlImport(t, srv, Options{Crawl: fastCrawl()})
	if err != nil {
		t.Fatalf("%v\n%s", err, summary(rep))
	}
	if got, want := loadClean(t, out), oparltest.CountSource(t, dir); got != want {
		t.Errorf("records %+v\nsource  %+v", got, want)
	}
	if n := rep.Errors(); n > 0 {
		t.Errorf("%d errors:\n%s", n, summary(rep))
	}

	t.Run("SameBytesWithMoreConcurrency", func(t *testing.T) {
		opts := fastCrawl()
		opts.Concurrency = 4
		out2, _, err := crawlImport(t, srv, Options{Crawl: opts})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(txtar.Format(txtarOf(t, out2)), txtar.Format(txtarOf(t, out))) {
			t.Error("a crawl with 4 requests at a time wrote different records")
		}
	})
	t.Run("SameRecordsAsTheDirectory", func(t *testing.T) {
		fromDir, _ := importCorpus(t, dir, Options{})
		if got, want := loadClean(t, out), oparltest.CountRecords(fromDir); got != want {
			t.Errorf("crawl %+v\ndir   %+v", got, want)
		}
	})
}

func TestCrawlRetriesTransientFaults(t *testing.T) {
	srv, dir := huertgenwald(t)
	srv.Fault("/body/1/meeting?page=3", oparltest.Fault{Times: 2, Status: http.StatusInternalServerError})
	srv.Fault("/body/1/paper?page=2", oparltest.Fault{Times: 1, Status: http.StatusServiceUnavailable, RetryAfter: "1"})
	srv.Fault("/body/1/person?page=2", oparltest.Fault{Times: 1, Delay: 10 * time.Second})
	srv.Fault("/body/1/paper?page=5", oparltest.Fault{Times: 1, Truncate: true})
	opts := fastCrawl()
	opts.Timeout = 500 * time.Millisecond
	out, rep, err := crawlImport(t, srv, Options{Crawl: opts})
	if err != nil {
		t.Fatalf("%v\n%s", err, summary(rep))
	}
	if got, want := loadClean(t, out), oparltest.CountSource(t, dir); got != want {
		t.Errorf("records %+v\nsource  %+v", got, want)
	}
	for page, want := range map[string]int{
		"/body/1/meeting?page=3": 3, "/body/1/paper?page=2": 2, "/body/1/person?page=2": 2, "/body/1/paper?page=5": 2,
	} {
		if got := srv.Hits(page); got != want {
			t.Errorf("%s: %d requests, want %d", page, got, want)
		}
	}
	retried := map[string][]string{}
	for _, p := range problems(rep, Warning, "retried") {
		retried[strings.TrimPrefix(p.Source, srv.URL)] = append(retried[strings.TrimPrefix(p.Source, srv.URL)], p.Message)
	}
	for page, want := range map[string]string{
		"/body/1/meeting?page=3": "HTTP 500", "/body/1/paper?page=2": "retried after 1s",
		"/body/1/person?page=2": "deadline exceeded", "/body/1/paper?page=5": "invalid JSON",
	} {
		if msgs := retried[page]; len(msgs) == 0 || !strings.Contains(strings.Join(msgs, "\n"), want) {
			t.Errorf("%s: retries reported %q, want one saying %q", page, msgs, want)
		}
	}
}

func TestCrawlReportsWhatIsMissing(t *testing.T) {
	t.Run("RedirectLoop", func(t *testing.T) {
		srv, _ := huertgenwald(t)
		srv.Fault("/body/1/organization", oparltest.Fault{RedirectTo: "/body/1/organization"})
		_, rep, err := crawlImport(t, srv, Options{Crawl: fastCrawl()})
		if !errors.Is(err, ErrFailed) {
			t.Fatalf("err = %v, want ErrFailed", err)
		}
		ps := problems(rep, Error, "fetch")
		if len(ps) == 0 || !strings.Contains(ps[0].Message, "redirect loop") {
			t.Errorf("errors = %v, want a redirect loop", ps)
		}
		if n := srv.Hits("/body/1/organization"); n != 1 {
			t.Errorf("%d requests, want 1: a redirect loop is not retried", n)
		}
	})
	t.Run("NextLinkPointsBack", func(t *testing.T) {
		srv, dir := huertgenwald(t)
		srv.Fault("/body/1/meeting?page=5", oparltest.Fault{Next: "/body/1/meeting?page=2"})
		out, rep, err := crawlImport(t, srv, Options{Crawl: fastCrawl(), KeepGoing: true})
		if err != nil {
			t.Fatal(err)
		}
		ps := problems(rep, Error, "link-cycle")
		if len(ps) != 1 || !strings.HasSuffix(ps[0].Source, "/body/1/meeting?page=5") || !strings.Contains(ps[0].Message, "page=2") {
			t.Errorf("link-cycle errors = %v", ps)
		}
		got, want := loadClean(t, out), oparltest.CountSource(t, dir)
		if got.Meetings >= want.Meetings || got.Papers != want.Papers {
			t.Errorf("records %+v, source %+v: want meetings after page 5 missing, papers complete", got, want)
		}
	})
	t.Run("NextLinkToAnotherHost", func(t *testing.T) {
		srv, _ := huertgenwald(t)
		srv.Fault("/body/1/person", oparltest.Fault{Edit: func(data []byte) []byte {
			return bytes.Replace(data, []byte(srv.URL+"/body/1/person?page=2"), []byte("https://elsewhere.example/person?page=2"), -1)
		}})
		_, rep, err := crawlImport(t, srv, Options{Crawl: fastCrawl()})
		if !errors.Is(err, ErrFailed) || len(problems(rep, Error, "off-host")) != 1 {
			t.Errorf("err = %v, want ErrFailed with an off-host error:\n%s", err, summary(rep))
		}
	})
	t.Run("TruncatedAlwaysFails", func(t *testing.T) {
		srv, _ := huertgenwald(t)
		srv.Fault("/body/1/paper?page=7", oparltest.Fault{Truncate: true})
		opts := fastCrawl()
		opts.Retries = 2
		_, rep, err := crawlImport(t, srv, Options{Crawl: opts})
		if !errors.Is(err, ErrFailed) {
			t.Fatalf("err = %v, want ErrFailed", err)
		}
		if n := srv.Hits("/body/1/paper?page=7"); n != 3 {
			t.Errorf("%d requests, want 3 (2 retries)", n)
		}
		ps := problems(rep, Error, "fetch")
		if len(ps) != 1 || !strings.Contains(ps[0].Message, "the rest of this list is missing") {
			t.Errorf("errors = %v", ps)
		}
	})
	t.Run("ResponseTooLarge", func(t *testing.T) {
		srv, _ := huertgenwald(t)
		opts := fastCrawl()
		opts.MaxResponse = 100 << 10 // the paper pages are larger
		_, rep, err := crawlImport(t, srv, Options{Crawl: opts})
		if !errors.Is(err, ErrFailed) {
			t.Fatalf("err = %v, want ErrFailed", err)
		}
		ps := problems(rep, Error, "fetch")
		if len(ps) == 0 || !strings.Contains(ps[0].Message, "response too large") {
			t.Errorf("errors = %v", ps)
		}
	})
}

func TestCrawlResumesFromCache(t *testing.T) {
	srv, dir := huertgenwald(t)
	cache := filepath.Join(t.TempDir(), "cache")
	out := filepath.Join(t.TempDir(), "records")
	srv.Fault("/body/1/paper?page=7", oparltest.Fault{Status: http.StatusBadGateway})
	opts := fastCrawl()
	opts.Cache, opts.Retries = cache, -1
	if _, rep, err := crawlImport(t, srv, Options{Out: out, Crawl: opts}); !errors.Is(err, ErrFailed) {
		t.Fatalf("first crawl: err = %v, want ErrFailed\n%s", err, summary(rep))
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a failed crawl wrote records: %v", err)
	}
	first := srv.Requests()

	srv.ClearFaults()
	_, rep, err := crawlImport(t, srv, Options{Out: out, Crawl: opts})
	if err != nil {
		t.Fatalf("second crawl: %v\n%s", err, summary(rep))
	}
	if got, want := loadClean(t, out), oparltest.CountSource(t, dir); got != want {
		t.Errorf("records %+v\nsource  %+v", got, want)
	}
	// The second crawl fetched only the paper pages from 7 on.
	if n := srv.Hits("/body/1/paper?page=6"); n != 1 {
		t.Errorf("paper page 6 requested %d times, want once (then from the cache)", n)
	}
	if again := srv.Requests() - first; again != 85-6 {
		t.Errorf("second crawl made %d requests, want %d (paper pages 7–85)", again, 85-6)
	}

	t.Run("CacheIsADump", func(t *testing.T) {
		fromCache, _ := importCorpus(t, cache, Options{})
		if got, want := oparltest.CountRecords(fromCache), oparltest.CountSource(t, dir); got != want {
			t.Errorf("records from the cache %+v\nsource %+v", got, want)
		}
	})
}

func TestCrawlSinceUpdatesRecords(t *testing.T) {
	srv, _ := huertgenwald(t)
	out, rep, err := crawlImport(t, srv, Options{Crawl: fastCrawl()})
	if err != nil {
		t.Fatalf("%v\n%s", err, summary(rep))
	}
	full := txtar.Format(txtarOf(t, out))
	before := srv.Requests()

	// The source deletes a meeting; papers that name it lose the reference.
	const gone = "/body/1/meeting/333"
	srv.Fault("/body/1/meeting", oparltest.Fault{Edit: func(data []byte) []byte {
		var page map[string]any
		if err := json.Unmarshal(data, &page); err != nil {
			t.Error(err)
			return data
		}
		stub := map[string]any{"id": srv.URL + gone, "created": "2007-01-01T00:00:00+01:00", "modified": "2030-01-01T00:00:00+01:00", "deleted": true}
		page["data"] = append([]any{stub}, page["data"].([]any)...)
		out, _ := json.Marshal(page)
		return out
	}})
	opts := fastCrawl()
	opts.Since = time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC)
	_, rep, err = crawlImport(t, srv, Options{Out: out, Crawl: opts})
	if err != nil {
		t.Fatalf("%v\n%s", err, summary(rep))
	}
	// The list pages (the test server keeps them all, emptied of what did
	// not change) and the few dozen objects that the changed ones name.
	if n := srv.Requests() - before; n >= 106+50 {
		t.Errorf("the update made %d requests: it should fetch only what changed and what that names", n)
	}
	loadClean(t, out)
	got := txtarOf(t, out)
	if bytes.Equal(txtar.Format(got), full) {
		t.Fatal("the deletion did not change the records")
	}
	for _, f := range got.Files {
		if bytes.Contains(f.Data, []byte(`"`+srv.URL+gone+`"`)) {
			t.Errorf("%s still names the deleted meeting", f.Name)
		}
	}

	t.Run("UpdateWithoutChangesKeepsTheRecords", func(t *testing.T) {
		srv.ClearFaults()
		out2, _, err := crawlImport(t, srv, Options{Crawl: fastCrawl()})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := crawlImport(t, srv, Options{Out: out2, Crawl: opts}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(txtar.Format(txtarOf(t, out2)), full) {
			t.Error("an update that changes nothing changed the records")
		}
	})
}

// TestCrawlFetchesReferencedObjects serves the hand-made dump, whose lists
// lack two organizations that a meeting and a membership name: the crawl
// fetches them one by one.
func TestCrawlFetchesReferencedObjects(t *testing.T) {
	dir := writeTxtar(t, "dump.txtar")
	bau := `{"id": "https://oparl.example.org/body/1/organization/bau", "type": "https://schema.oparl.org/1.1/Organization", "name": "Ausschuss für Bauen und Planen"}`
	if err := os.MkdirAll(filepath.Join(dir, "body", "1", "organization"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "body", "1", "organization", "bau.json"), []byte(bau), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := oparltest.New(t, dir, "https://oparl.example.org")
	out, rep, err := crawlImport(t, srv, Options{Crawl: fastCrawl(), KeepGoing: true})
	if err != nil {
		t.Fatal(err)
	}
	if srv.Hits("/body/1/organization/bau") != 1 || srv.Hits("/body/1/organization/unbekannt") != 1 {
		t.Errorf("referenced organizations fetched %d and %d times, want once each",
			srv.Hits("/body/1/organization/bau"), srv.Hits("/body/1/organization/unbekannt"))
	}
	a, _, err := tomlrec.Load(out, tomlrec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var name string
	for _, o := range a.Organizations {
		if strings.HasSuffix(o.ID, "/organization/bau") {
			name = o.Name
		}
	}
	if name != "Ausschuss für Bauen und Planen" {
		t.Errorf("organization bau named %q, want the fetched object's name", name)
	}
	// The server does not have "unbekannt": a dangling reference, reported.
	var missing bool
	for _, p := range problems(rep, Warning, "fetch") {
		missing = missing || strings.HasSuffix(p.Source, "/organization/unbekannt") && strings.Contains(p.Message, "404")
	}
	if !missing {
		t.Errorf("the missing organization is not reported:\n%s", summary(rep))
	}
}

// TestCrawlCacheStaysInside: a `next` link whose query climbs out of the
// cache (issue 15, item 1) is cached inside the cache folder like any
// other page, and a second crawl reads it from there.
func TestCrawlCacheStaysInside(t *testing.T) {
	srv, _ := huertgenwald(t)
	base := t.TempDir()
	cache := filepath.Join(base, "a", "cache")
	target := filepath.Join(base, "x", "ESCAPED")
	climb := "/" + strings.Repeat("../", 40) + strings.TrimPrefix(filepath.ToSlash(target), "/")
	// The last meeting page links to the climbing URL, which the server
	// answers with a page that has no next.
	srv.Fault("/body/1/meeting?page=14", oparltest.Fault{Next: "/body/1/meeting?page=" + climb})
	key := "/body/1/meeting?" + url.Values{"page": {climb}}.Encode()
	srv.Fault(key, oparltest.Fault{RedirectTo: "/body/1/meeting?page=14"})
	opts := fastCrawl()
	opts.Cache = cache
	crawl := func() {
		t.Helper()
		_, rep, err := crawlImport(t, srv, Options{Crawl: opts, KeepGoing: true})
		if err != nil {
			t.Fatalf("%v\n%s", err, summary(rep))
		}
	}
	crawl()
	if n := srv.Hits(key); n != 1 {
		t.Fatalf("the climbing URL was requested %d times, want once", n)
	}
	var inside int
	err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if rel, err := filepath.Rel(cache, p); err != nil || !filepath.IsLocal(rel) {
			t.Errorf("the crawl wrote %s, outside the cache %s", p, cache)
		} else {
			inside++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if inside < 100 {
		t.Errorf("%d files in the cache, want one per page (over 100)", inside)
	}
	crawl()
	if n := srv.Hits(key); n != 1 {
		t.Errorf("the second crawl requested the climbing URL again (%d requests): its page is not in the cache", n)
	}
}

// TestCrawlStaysOnHost: links and redirects to another host (here a second
// server on another port) or scheme are not followed unless the host is
// allowed, and the report counts them (issue 15, item 4).
func TestCrawlStaysOnHost(t *testing.T) {
	replace := func(old, new string) func([]byte) []byte {
		return func(data []byte) []byte { return bytes.ReplaceAll(data, []byte(old), []byte(new)) }
	}
	for _, tc := range []struct {
		name  string
		fault func(srv, other *oparltest.Server) (string, oparltest.Fault)
		// link is the refused link's origin; "" for the other server's
		link string
	}{
		{"SystemBody", func(srv, other *oparltest.Server) (string, oparltest.Fault) {
			return "/system", oparltest.Fault{Edit: replace(`"`+srv.URL+`/body"`, `"`+other.URL+`/body"`)}
		}, ""},
		{"SystemBodyFile", func(srv, other *oparltest.Server) (string, oparltest.Fault) {
			return "/system", oparltest.Fault{Edit: replace(`"`+srv.URL+`/body"`, `"file:///etc/passwd"`)}
		}, "file://"},
		{"BodyList", func(srv, other *oparltest.Server) (string, oparltest.Fault) {
			return "/body", oparltest.Fault{Edit: replace(`"`+srv.URL+`/body/1/meeting"`, `"`+other.URL+`/body/1/meeting"`)}
		}, ""},
		{"Next", func(srv, other *oparltest.Server) (string, oparltest.Fault) {
			return "/body/1/person", oparltest.Fault{Edit: replace(srv.URL+"/body/1/person?page=2", other.URL+"/body/1/person?page=2")}
		}, ""},
		{"Redirect", func(srv, other *oparltest.Server) (string, oparltest.Fault) {
			return "/body/1/paper?page=2", oparltest.Fault{RedirectTo: other.URL + "/body/1/paper?page=2"}
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, dir := huertgenwald(t)
			other := oparltest.New(t, dir, huertgenwaldOrigin)
			srv.Fault(tc.fault(srv, other))
			_, rep, err := crawlImport(t, srv, Options{Crawl: fastCrawl(), KeepGoing: true})
			if tc.name == "SystemBody" || tc.name == "SystemBodyFile" {
				if err == nil || !strings.Contains(err.Error(), "not followed") {
					t.Errorf("err = %v, want one saying the body list is not followed", err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if n := other.Requests(); n > 0 {
				t.Errorf("the other host got %d requests", n)
			}
			origin := tc.link
			if origin == "" {
				origin = other.URL
			}
			if n := rep.Crawl.Refused[origin]; n != 1 {
				t.Errorf("refused links to %s: %d, want 1 (%v)", origin, n, rep.Crawl.Refused)
			}
			if s := summary(rep); !strings.Contains(s, "refused 1 link") || !strings.Contains(s, "--allow-host") {
				t.Errorf("the summary does not tell of the refused link:\n%s", s)
			}
			if tc.name != "Redirect" && len(problems(rep, Error, "off-host")) != 1 {
				t.Errorf("want one off-host error:\n%s", summary(rep))
			}
		})
	}
	t.Run("AllowHost", func(t *testing.T) {
		srv, dir := huertgenwald(t)
		other := oparltest.New(t, dir, huertgenwaldOrigin)
		srv.Fault("/body", oparltest.Fault{Edit: replace(`"`+srv.URL+`/body/1/meeting"`, `"`+other.URL+`/body/1/meeting"`)})
		opts := fastCrawl()
		u, _ := url.Parse(other.URL)
		opts.AllowHosts = []string{u.Host}
		out, rep, err := crawlImport(t, srv, Options{Crawl: opts})
		if err != nil {
			t.Fatalf("%v\n%s", err, summary(rep))
		}
		if other.Hits("/body/1/meeting") != 1 || len(rep.Crawl.Refused) > 0 {
			t.Errorf("the allowed host got %d requests for the meeting list; refused %v", other.Hits("/body/1/meeting"), rep.Crawl.Refused)
		}
		a, _, err := tomlrec.Load(out, tomlrec.Options{})
		if err != nil {
			t.Fatal(err)
		}
		fromOther := 0
		for _, m := range a.Meetings {
			if strings.HasPrefix(m.ID, other.URL+"/") {
				fromOther++
			}
		}
		if want := oparltest.CountSource(t, dir).Meetings; fromOther != want {
			t.Errorf("%d meetings from the allowed host, want %d", fromOther, want)
		}
	})
}

// TestCrawlSinceRemovesDepublished: an update removes the records of
// objects the source deleted (a `deleted: true` stub in a list) and of
// objects that, asked for again, now answer 401 or 410 (here papers that
// consultations of updated meetings name), with a line per record in the
// report (issue 11).
func TestCrawlSinceRemovesDepublished(t *testing.T) {
	srv, _ := huertgenwald(t)
	out, rep, err := crawlImport(t, srv, Options{Crawl: fastCrawl()})
	if err != nil {
		t.Fatalf("%v\n%s", err, summary(rep))
	}
	deleted, unauthorized, gone := srv.URL+"/body/1/paper/60", srv.URL+"/body/1/paper/3705", srv.URL+"/body/1/paper/3704"
	a, _, err := tomlrec.Load(out, tomlrec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	papers := map[string]bool{}
	for _, p := range a.Papers {
		papers[p.ID] = true
	}
	for _, id := range []string{deleted, unauthorized, gone} {
		if !papers[id] {
			t.Fatalf("the full crawl has no paper %s", id)
		}
	}

	srv.Fault("/body/1/paper", oparltest.Fault{Edit: func(data []byte) []byte {
		var page map[string]any
		if err := json.Unmarshal(data, &page); err != nil {
			t.Error(err)
			return data
		}
		stub := map[string]any{"id": deleted, "type": "https://schema.oparl.org/1.0/Paper", "modified": "2030-01-01T00:00:00+01:00", "deleted": true}
		page["data"] = append([]any{stub}, page["data"].([]any)...)
		out, _ := json.Marshal(page)
		return out
	}})
	srv.Fault("/body/1/paper/3705", oparltest.Fault{Status: http.StatusUnauthorized})
	srv.Fault("/body/1/paper/3704", oparltest.Fault{Status: http.StatusGone})
	opts := fastCrawl()
	opts.Since = time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC)
	before := srv.Requested()
	_, rep, err = crawlImport(t, srv, Options{Out: out, Crawl: opts})
	if err != nil {
		t.Fatalf("%v\n%s", err, summary(rep))
	}
	loadClean(t, out)
	a, _, err = tomlrec.Load(out, tomlrec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	kept := len(a.Papers)
	for _, p := range a.Papers {
		if p.ID == deleted || p.ID == unauthorized || p.ID == gone {
			t.Errorf("paper %s is still in the records", p.ID)
		}
	}
	if kept != len(papers)-3 {
		t.Errorf("%d papers after the update, want the %d before less the 3 removed", kept, len(papers))
	}
	want := map[string]string{deleted: "deleted at the source", unauthorized: "401 Unauthorized", gone: "410 Gone"}
	for _, r := range rep.Removed {
		if w, ok := want[r.ID]; !ok || r.Kind != KindPaper || !strings.Contains(r.Reason, w) {
			t.Errorf("removed %s %s: %s; want only the 3 papers", r.Kind, r.ID, r.Reason)
		}
		delete(want, r.ID)
	}
	if len(want) > 0 {
		t.Errorf("removals not reported: %v", want)
	}
	s := summary(rep)
	if !strings.Contains(s, "removed 3 records the source no longer publishes:\n") || !strings.Contains(s, "\n  paper "+deleted+": deleted at the source\n") ||
		!strings.Contains(s, "\n  paper "+gone+": the source answers 410 Gone\n") {
		t.Errorf("the summary does not list the removed records:\n%s", s)
	}

	// The update asks again only for objects its own name: no more single
	// objects than a few dozen, not the thousands of records.
	single := 0
	for key, n := range srv.Requested() {
		if n > before[key] && !strings.Contains(key, "?") && strings.Count(key, "/") == 4 {
			single++
		}
	}
	if single == 0 || single > 50 {
		t.Errorf("the update requested %d single objects, want the few its objects name", single)
	}
}
