package oparl

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// maxPages bounds one list, in case a server invents ever new page URLs.
const maxPages = 100000

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
	c := &crawler{opts: opts, rep: rep, progress: progress, docs: map[string]*Document{}, objects: map[Kind]int{}, hosts: hosts}
	c.f = newFetcher(opts, hosts, c.problem)
	if opts.Cache != "" {
		cache, err := openCache(opts.Cache)
		if err != nil {
			return nil, err
		}
		defer cache.close()
		c.f.cache = cache
	}
	if err := c.run(ctx, start); err != nil {
		return nil, err
	}
	s := NewStore()
	for _, u := range sortedKeys(c.docs) {
		s.Add(c.docs[u])
	}
	rep.Documents += len(c.docs)
	if n := c.f.fromCache.Load(); n > 0 {
		rep.add(Warning, "from-cache", "", "", opts.Cache, "%d of %d documents came from the cache (delete it for a fresh crawl)", n, len(c.docs))
	}
	return s, nil
}

type crawler struct {
	opts     CrawlOptions
	f        *fetcher
	hosts    *hostPolicy
	progress func(Progress)

	mu       sync.Mutex
	rep      *Report
	docs     map[string]*Document // by URL
	objects  map[Kind]int
	expected int // pages known to come
	errors   int
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

// got records a fetched document.
func (c *crawler) got(u string, doc *Document) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.docs[u] = doc
	countObjects(doc, c.objects)
	for _, s := range doc.Skipped {
		c.rep.add(Error, "skipped-entry", "", "", u, "%s", s)
		c.errors++
	}
	if c.progress != nil {
		c.progress(Progress{Phase: "crawl", Done: len(c.docs), Total: max(c.expected, len(c.docs)), Objects: c.objects, Errors: c.errors})
	}
}

func (c *crawler) fetch(ctx context.Context, u string, hint Kind) (*Document, error) {
	c.mu.Lock()
	doc, ok := c.docs[u]
	c.mu.Unlock()
	if ok {
		return doc, nil
	}
	doc, err := c.f.document(ctx, u, hint)
	if err != nil {
		return nil, err
	}
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
		return err
	}
	if c.opts.Since.IsZero() {
		// An update leaves references to objects it did not fetch; they are
		// in the records already.
		c.resolve(ctx)
	}
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
		if !c.hosts.check(u) {
			if prev == "" {
				c.errorf("off-host", "", "the %s list %s is off the endpoint's host: not followed, the list is missing", kind, u)
			} else {
				c.errorf("off-host", prev, "the next page %s is off the endpoint's host: not followed, the list ends here", u)
			}
			return
		}
		if seen[u] {
			c.errorf("link-cycle", prev, "the next page links back to %s, a page of this list seen before: the list ends here", u)
			return
		}
		if len(seen) >= maxPages {
			c.errorf("too-many-pages", first, "more than %d pages: the list ends here", maxPages)
			return
		}
		seen[u] = true
		doc, err := c.fetch(ctx, u, kind)
		if err != nil {
			if ctx.Err() == nil {
				c.errorf("fetch", u, "%v: the rest of this list is missing", err)
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
		work := make(chan string)
		for range c.opts.Concurrency {
			wg.Go(func() {
				for u := range work {
					if _, err := c.fetch(ctx, u, KindFromURL(u)); err != nil && ctx.Err() == nil {
						sev := Error
						if !isTransient(err) {
							sev = Warning // the server does not have it: a dangling reference
						}
						c.problem(Problem{Severity: sev, Code: "fetch", Source: u, Message: fmt.Sprintf("%v: a referenced object is missing", err)})
					}
				}
			})
		}
		for _, u := range missing {
			tried[u] = true
		}
		for _, u := range missing {
			if ctx.Err() != nil {
				break
			}
			work <- u
		}
		close(work)
		wg.Wait()
	}
}

// missing lists the URLs, on the hosts the crawl may request, of objects
// that the records need (organizations that meet, papers, meetings and
// agenda items that consultations name, …) but that no fetched document
// holds.
func (c *crawler) missing(tried map[string]bool) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := NewStore()
	for _, u := range sortedKeys(c.docs) {
		s.Add(c.docs[u])
	}
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
