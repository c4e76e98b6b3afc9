// Package pages turns an archive into the content pages of the site: one
// page per meeting, agenda item, paper, committee, person and year, plus the
// home page's data. It is pure: the same archive gives the same bytes, and it
// knows nothing of Hugo beyond the shape of a content file.
//
// Every page is a content file whose JSON front matter carries everything
// its template shows (names, links, rows of tables), computed here once. The
// templates in layouts/ only format; they never search the site, so
// rendering stays linear in the number of pages. Record text is data, never
// markup: it reaches the page through Hugo's contextual escaping.
package pages

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// Page is one generated content file.
type Page struct {
	Path string // relative to content/, e.g. "meetings/soz-2024-03.md"
	Data []byte
}

// Options tune generation.
type Options struct {
	// Now separates upcoming from past meetings on the home page. Builds
	// pass the day of the build (or SOURCE_DATE_EPOCH), so output is
	// reproducible for a given day.
	Now time.Time
	// Latest is the number of recent meetings and decisions on the home
	// page; 0 means 10.
	Latest int
	// FeedLimit is the number of entries of each Atom feed (the site's and
	// each committee's); 0 means 50. The config's feedLimit.
	FeedLimit int
	// Copies maps the copies of files published with the site
	// (record.File.Copy) to their path in it, relative to its root
	// ("files/vorlage.pdf"); a file with one links to it.
	Copies map[string]string
}

// Generate returns the pages of a, which must have passed the privacy gate.
// Pages come in a fixed order. It fails when two records would share a URL.
func Generate(a *record.Archive, opts Options) ([]Page, error) {
	var ps []Page
	err := Stream(a, opts, func(p Page) error {
		ps = append(ps, p)
		return nil
	})
	return ps, err
}

// Stream generates the pages of a in Generate's order and hands each to
// emit as soon as it is encoded, so that a large archive's pages need not
// all be in memory at once. The home page and the sections' index pages
// (paths ending in "_index.md") come first. An error from emit stops the
// generation and is returned.
func Stream(a *record.Archive, opts Options, emit func(Page) error) error {
	if opts.Latest == 0 {
		opts.Latest = 10
	}
	if opts.FeedLimit == 0 {
		opts.FeedLimit = defaultFeedLimit
	}
	g := &generator{a: a, ix: record.NewIndex(a), opts: opts, urls: map[string]string{}, emit: emit}
	g.prepare()
	g.home()
	g.sections()
	for _, o := range a.Organizations {
		g.organization(o)
	}
	for _, p := range a.Persons {
		g.person(p)
	}
	for _, m := range a.Meetings {
		if g.err != nil {
			break
		}
		g.meeting(m)
		for i, it := range m.AgendaItems {
			g.agendaItem(m, i, it)
		}
	}
	for _, p := range a.Papers {
		if g.err != nil {
			break
		}
		g.paper(p)
	}
	for _, y := range g.years {
		g.year(y)
	}
	return g.err
}

type generator struct {
	a    *record.Archive
	ix   *record.Index
	opts Options
	emit func(Page) error
	err  error
	urls map[string]string // content path → record ID, to catch slug collisions

	years          []int
	meetingsByYear map[int][]*record.Meeting
	papersByYear   map[int][]*record.Paper
	meetingsByOrg  map[string][]*record.Meeting
	hostPos        map[*record.Meeting]int // position in meetingsByOrg of its host (first) organization
	itemsByPerson  map[string][]*record.AgendaItem
	membersByOrg   map[string][]memberRow
}

// prepare builds the reverse indexes the pages need.
func (g *generator) prepare() {
	g.meetingsByYear = map[int][]*record.Meeting{}
	g.papersByYear = map[int][]*record.Paper{}
	g.meetingsByOrg = map[string][]*record.Meeting{}
	g.hostPos = make(map[*record.Meeting]int, len(g.a.Meetings))
	g.itemsByPerson = map[string][]*record.AgendaItem{}
	g.membersByOrg = map[string][]memberRow{}
	yearSet := map[int]bool{}
	for _, m := range g.a.Meetings { // in start order
		y := m.Start.Year()
		yearSet[y] = true
		g.meetingsByYear[y] = append(g.meetingsByYear[y], m)
		for i, o := range m.Organizations {
			if i == 0 {
				g.hostPos[m] = len(g.meetingsByOrg[o])
			}
			g.meetingsByOrg[o] = append(g.meetingsByOrg[o], m)
		}
		for _, it := range m.AgendaItems {
			for _, p := range uniq(it.Persons) {
				g.itemsByPerson[p] = append(g.itemsByPerson[p], it)
			}
		}
	}
	for _, p := range g.a.Papers {
		if p.Date.IsZero() {
			continue
		}
		yearSet[p.Date.Year()] = true
		g.papersByYear[p.Date.Year()] = append(g.papersByYear[p.Date.Year()], p)
	}
	for y := range yearSet {
		g.years = append(g.years, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(g.years)))
	for _, p := range g.a.Persons {
		for _, ms := range p.Memberships {
			g.membersByOrg[ms.Organization] = append(g.membersByOrg[ms.Organization], memberRow{
				Person: g.personLink(p.ID), Role: ms.Role, Start: date(ms.Start), End: date(ms.End),
			})
		}
	}
}

// add encodes a page. path is the content path; id the record it shows.
func (g *generator) add(path, id string, fm frontMatter) {
	if g.err != nil {
		return
	}
	if prev, dup := g.urls[path]; dup {
		g.err = fmt.Errorf("pages: records %q and %q map to the same page %s; change one ID", prev, id, path)
		return
	}
	g.urls[path] = id
	var b bytes.Buffer
	enc := json.NewEncoder(&b) // escapes <, > and & too: the data is untrusted
	if err := enc.Encode(fm); err != nil {
		g.err = fmt.Errorf("pages: %s: %w", path, err)
		return
	}
	if err := g.emit(Page{Path: path, Data: b.Bytes()}); err != nil {
		g.err = err
	}
}

// contentPath turns a permalink ("/meetings/x/") into its content file
// ("meetings/x.md"); Hugo maps the file back to the same URL.
func contentPath(permalink string) string {
	return strings.Trim(permalink, "/") + ".md"
}

// rel drops the leading slash: templates pass URLs through relURL, which
// keeps the base URL's path (/rat/) only for relative input.
func rel(permalink string) string { return strings.TrimPrefix(permalink, "/") }

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

func uniq(ss []string) []string {
	seen := make(map[string]bool, len(ss))
	out := ss[:0:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
