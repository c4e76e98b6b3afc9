package oparl

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// resolveRounds bounds how often the crawl goes back for objects that the
// objects fetched last named (an agenda item names its meeting, …).
const resolveRounds = 3

// Crawl fetches an OParl endpoint. start is the URL of the System, of a
// Body, or of a body list. For the body it fetches the lists of
// organizations, persons, meetings and papers, page by page along their
// `next` links (a link back to a page seen before ends the list with an
// error), and then the objects that these name but the lists did not hold.
// Objects embedded in others (agenda items in meetings, consultations and
// files in papers) come with them. With opts.Since, lists are asked only for
// objects modified since then (modified_since), deleted ones included.
//
// Each page's objects go into the store as soon as it is decoded; the crawl
// keeps no page. It requests only URLs on the endpoint's host (and the
// hosts opts.AllowHosts names), and stops at opts.MaxPages pages of one
// list, opts.MaxBytes read in all or opts.MaxTime, keeping what it has; the
// report says what was cut.
//
// Failed requests are reported as errors and leave out what they would have
// brought; with a cache, running the crawl again fetches only what is
// missing.
func Crawl(ctx context.Context, start string, opts CrawlOptions, rep *Report, progress func(Progress)) (*Store, error) {
	opts.defaults()
	hosts, err := newHostPolicy(start, opts.AllowHosts)
	if err != nil {
		return nil, err
	}
	defer func() { rep.Crawl.Refused = hosts.refusedCounts() }()
	// A limit reached cancels the crawl's own context with the limit as
	// cause; ctx stays the caller's.
	cctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	cctx, cancel := context.WithTimeoutCause(cctx, opts.MaxTime, &limitError{flag: "--max-time", limit: opts.MaxTime.String()})
	defer cancel()
	c := &crawler{opts: opts, rep: rep, progress: progress, hosts: hosts, stop: stop,
		store: NewStore(), pages: map[string]*page{}, objects: map[Kind]int{}}
	c.f = newFetcher(opts, hosts, c.problem)
	c.f.read = c.read
	if opts.Cache != "" {
		cache, err := openCache(opts.Cache)
		if err != nil {
			return nil, err
		}
		defer cache.close()
		c.f.cache = cache
	}
	err = c.run(cctx, start)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	limit, cut := context.Cause(cctx).(*limitError)
	if cut {
		c.cutShort(limit)
	}
	if err != nil && !(cut && errors.Is(err, cctx.Err())) {
		return nil, err
	}
	rep.Documents += c.documents
	if n := c.f.fromCache.Load(); n > 0 {
		rep.add(Warning, "from-cache", "", "", opts.Cache, "%d of %d documents came from the cache (delete it for a fresh crawl)", n, c.documents)
	}
	return c.store, nil
}

type crawler struct {
	opts     CrawlOptions
	f        *fetcher
	hosts    *hostPolicy
	progress func(Progress)
	stop     context.CancelCauseFunc // ends the crawl when a limit is reached

	bytes atomic.Int64 // read, from the network or the cache

	mu        sync.Mutex
	rep       *Report
	store     *Store
	pages     map[string]*page // by URL: every document requested
	documents int              // documents fetched
	objects   map[Kind]int
	expected  int // pages known to come
	errors    int
	// incomplete names what a limit left unfetched: "the rest of the
	// meeting list (from …)".
	incomplete []string
}

// page is what the crawl keeps of a document once its objects are in the
// store: enough to follow a list again.
type page struct {
	done  chan struct{} // closed when the request is over
	err   error
	list  bool
	next  string
	total int
}

func (c *crawler) problem(p Problem) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rep.Problems = append(c.rep.Problems, p)
	if p.Severity == Error {
		c.errors++
	}
}

func (c *crawler) errorf(code, u, format string, args ...any) {
	c.problem(Problem{Severity: Error, Code: code, Source: u, Message: fmt.Sprintf(format, args...)})
}

// got puts a fetched document's objects into the store.
func (c *crawler) got(u string, doc *Document) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.store.Add(doc)
	c.documents++
	countObjects(doc, c.objects)
	for _, s := range doc.Skipped {
		c.rep.add(Error, "skipped-entry", "", "", u, "%s", s)
		c.errors++
	}
	if c.progress != nil {
		c.progress(Progress{Phase: "crawl", Done: c.documents, Total: max(c.expected, c.documents), Objects: c.objects, Errors: c.errors})
	}
}

// fetch returns the document at u. A URL is requested once: asked again,
// fetch returns the document without its objects, which are in the store.
func (c *crawler) fetch(ctx context.Context, u string, hint Kind) (*Document, error) {
	c.mu.Lock()
	if p, ok := c.pages[u]; ok {
		c.mu.Unlock()
		select {
		case <-p.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if p.err != nil {
			return nil, p.err
		}
		return &Document{Source: u, List: p.list, Next: p.next, Total: p.total}, nil
	}
	p := &page{done: make(chan struct{})}
	c.pages[u] = p
	c.mu.Unlock()
	defer close(p.done)
	doc, err := c.f.document(ctx, u, hint)
	if err != nil {
		p.err = err
		return nil, err
	}
	p.list, p.next, p.total = doc.List, doc.Next, doc.Total
	c.got(u, doc)
	return doc, nil
}

func (c *crawler) run(ctx context.Context, start string) error {
	doc, err := c.fetch(ctx, start, KindFromURL(start))
	if err != nil {
		return fmt.Errorf("%s: %w", start, err)
	}
	var bodies []*Body
	collect := func(doc *Document) {
		for _, obj := range doc.Objects {
			if b, ok := obj.(*Body); ok && !b.Deleted {
				bodies = append(bodies, b)
			}
		}
	}
	if !doc.List && len(doc.Objects) == 1 {
		if sys, ok := doc.Objects[0].(*System); ok {
			if sys.Body == "" {
				return fmt.Errorf("%s: the System names no body list", start)
			}
			if !c.hosts.check(sys.Body) {
				c.errorf("off-host", start, "the body list %s is off the endpoint's host: not followed", sys.Body)
				return fmt.Errorf("%s: the System's body list %s is off the endpoint's host: not followed (allow its host with --allow-host)", start, sys.Body)
			}
			c.list(ctx, sys.Body, KindBody, collect)
		}
	}
	collect(doc)
	if doc.List && doc.Next != "" {
		c.list(ctx, doc.Next, KindBody, collect)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	body, err := c.choose(bodies)
	if err != nil {
		return err
	}

	var wg sync.WaitGroup
	for _, l := range []struct {
		url  string
		kind Kind
	}{{body.Organization, KindOrganization}, {body.Person, KindPerson}, {body.Meeting, KindMeeting}, {body.Paper, KindPaper}} {
		if l.url == "" {
			continue
		}
		wg.Go(func() { c.list(ctx, c.since(l.url), l.kind, nil) })
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		if n := len(c.missing(map[string]bool{})); n > 0 {
			c.unfetched("%d objects that others name", n)
		}
		return err
	}
	// An update, too, asks for the objects that its objects name but it did
	// not bring: those in the records already come fresh, and those the
	// source no longer publishes are found and leave the records.
	c.resolve(ctx)
	return ctx.Err()
}

// choose picks the body to crawl.
func (c *crawler) choose(bodies []*Body) (*Body, error) {
	if c.opts.Body != "" {
		for _, b := range bodies {
			if b.ID == c.opts.Body {
				return b, nil
			}
		}
		return nil, fmt.Errorf("the endpoint has no body %s", c.opts.Body)
	}
	switch len(bodies) {
	case 0:
		return nil, fmt.Errorf("the endpoint lists no body")
	case 1:
		return bodies[0], nil
	}
	ids := make([]string, len(bodies))
	for i, b := range bodies {
		ids[i] = b.ID + " (" + b.Name + ")"
	}
	return nil, fmt.Errorf("the endpoint has %d bodies; choose one:\n  %s", len(bodies), strings.Join(ids, "\n  "))
}

// since adds the modified_since filter to a list URL.
func (c *crawler) since(list string) string {
	if c.opts.Since.IsZero() {
		return list
	}
	u, err := url.Parse(list)
	if err != nil {
		return list
	}
	q := u.Query()
	q.Set("modified_since", c.opts.Since.Format(time.RFC3339))
	u.RawQuery = q.Encode()
	return u.String()
}

// list follows a list from its first page along the `next` links.
func (c *crawler) list(ctx context.Context, first string, kind Kind, each func(*Document)) {
	seen := map[string]bool{}
	prev := ""
	for u := first; u != ""; {
		if ctx.Err() != nil {
			c.unfetched("the rest of the %s list (from %s)", strings.ToLower(string(kind)), u)
			return
		}
		if !c.hosts.check(u) {
			if prev == "" {
				c.errorf("off-host", "", "the %s list %s is off the endpoint's host: not followed, the list is missing", strings.ToLower(string(kind)), u)
			} else {
				c.errorf("off-host", prev, "the next page %s is off the endpoint's host: not followed, the list ends here", u)
			}
			return
		}
		if seen[u] {
			c.errorf("link-cycle", prev, "the next page links back to %s, a page of this list seen before: the list ends here", u)
			return
		}
		if len(seen) >= c.opts.MaxPages {
			c.listCut(kind, first, u)
			return
		}
		seen[u] = true
		doc, err := c.fetch(ctx, u, kind)
		if err != nil {
			if ctx.Err() == nil {
				c.errorf("fetch", u, "%v: the rest of this list is missing", err)
			} else {
				c.unfetched("the rest of the %s list (from %s)", strings.ToLower(string(kind)), u)
			}
			return
		}
		if len(seen) == 1 && doc.Total > 0 && len(doc.Objects) > 0 {
			c.mu.Lock()
			c.expected += (doc.Total + len(doc.Objects) - 1) / len(doc.Objects)
			c.mu.Unlock()
		}
		if each != nil {
			each(doc)
		}
		prev, u = u, doc.Next
	}
}

// resolve fetches objects that the crawled ones name but no list held.
func (c *crawler) resolve(ctx context.Context) {
	tried := map[string]bool{}
	for round := 0; round < resolveRounds; round++ {
		missing := c.missing(tried)
		if len(missing) == 0 {
			return
		}
		var wg sync.WaitGroup
		var cut atomic.Int64 // not fetched for a limit
		work := make(chan string)
		for range c.opts.Concurrency {
			wg.Go(func() {
				for u := range work {
					_, err := c.fetch(ctx, u, KindFromURL(u))
					switch {
					case err == nil:
					case ctx.Err() != nil:
						cut.Add(1)
					default:
						sev := Error
						if !isTransient(err) {
							sev = Warning // the server does not have it: a dangling reference
						}
						if status, gone := isGone(err); gone {
							c.mu.Lock()
							c.store.markUnpublished(u, status)
							c.mu.Unlock()
						}
						c.problem(Problem{Severity: sev, Code: "fetch", Source: u, Message: fmt.Sprintf("%v: a referenced object is missing", err)})
					}
				}
			})
		}
		for _, u := range missing {
			tried[u] = true
		}
		for i, u := range missing {
			if ctx.Err() != nil {
				cut.Add(int64(len(missing) - i))
				break
			}
			work <- u
		}
		close(work)
		wg.Wait()
		if n := cut.Load(); n > 0 {
			c.unfetched("%d objects that others name (and those they name)", n)
			return
		}
	}
}

// missing lists the URLs, on the hosts the crawl may request, of objects
// that the records need (organizations that meet, papers, meetings and
// agenda items that consultations name, …) but that no fetched document
// holds.
func (c *crawler) missing(tried map[string]bool) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.store
	want := map[string]bool{}
	need := func(id string) {
		if id == "" || tried[id] || s.Has(id) {
			return
		}
		if !c.hosts.check(id) {
			return
		}
		want[id] = true
	}
	for _, obj := range s.All(KindMeeting) {
		for _, id := range obj.(*Meeting).Organization.IDs() {
			need(id)
		}
	}
	for _, obj := range s.All(KindAgendaItem) {
		it := obj.(*AgendaItem)
		need(it.Meeting)
		need(it.Consultation.ID)
	}
	for _, obj := range s.All(KindConsultation) {
		cs := obj.(*Consultation)
		need(cs.Paper)
		need(cs.Meeting)
		need(cs.AgendaItem)
		for _, id := range cs.Organization {
			need(id)
		}
	}
	for _, obj := range s.All(KindMembership) {
		need(obj.(*Membership).Organization)
	}
	out := sortedKeys(want)
	slices.Sort(out)
	return out
}
