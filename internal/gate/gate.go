// Package gate is the privacy gate: the one place where records that must not
// be published are removed, before pages, feeds or the search index see the
// archive. Nothing downstream has to remember to filter.
//
// A withheld record is gone from every output, and so is every reference to
// it: the gate removes the record and rewrites the records that point at it,
// so that pages never render a withheld record's name (or its ID, which is
// what they show for a reference they cannot resolve). Withheld is not the
// same as treated in closed session: a record the source published as
// closed-session keeps its number, title, meeting and date, and loses
// everything that was said and decided (result, votes, resolution, minutes,
// speakers, persons, files); a withheld one keeps nothing.
package gate

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// Kinds of records, as the record files name their tables.
const (
	KindOrganization = "organization"
	KindPerson       = "person"
	KindMeeting      = "meeting"
	KindAgendaItem   = "agendaItem"
	KindPaper        = "paper"
)

// Options say what the gate lets through.
type Options struct {
	// Redact lists IDs of records of any kind to withhold (the config's
	// params.ratsarchiv.redact).
	Redact []string
	// OmitClosedSessions withholds closed-session meetings and agenda
	// items like withheld ones, instead of publishing their titles (the
	// config's params.ratsarchiv.closedSessions = "omit").
	OmitClosedSessions bool
}

// Report says what the gate withheld, for the build's summary.
type Report struct {
	// Records withheld, each counted once: the agenda items of a withheld
	// meeting count with the meeting only.
	Organizations, Persons, Meetings, AgendaItems, Papers int
	// Redacted are the records the redact list named, by kind
	// (organizations, persons, meetings, agenda items, papers), each kind
	// in the archive's order.
	Redacted []Ref
	// Unmatched are the redact entries that name no record, in the list's
	// order: a mistyped ID would publish the record it meant.
	Unmatched []Unmatched
	// Closed counts the closed-session records that were not withheld:
	// published as titles, or omitted when Omitted.
	Closed ClosedReport
}

// ClosedReport counts closed-session records: meetings held in closed
// session as a whole, and agenda items treated in closed session (the
// items of such a meeting included).
type ClosedReport struct {
	Meetings, AgendaItems int
	Omitted               bool // Options.OmitClosedSessions: they were withheld
}

// Ref names a record.
type Ref struct {
	Kind string // KindOrganization, …
	ID   string
}

// Unmatched is a redact entry that names no record.
type Unmatched struct {
	ID      string
	Closest string // the record ID nearest to ID, when one is near enough to be meant; else ""
}

// Public returns a copy of a holding only what may be published:
//   - meetings, agenda items and papers with Public == false are withheld,
//     and with a meeting all of its agenda items;
//   - records of any kind whose ID is in opts.Redact are withheld likewise
//     (a city's way to take down a record without editing its source);
//   - a meeting whose organizations are all withheld is withheld with its
//     agenda items: it would show the organization as its host, and its
//     name usually names it;
//   - closed-session agenda items (and all items of a closed-session
//     meeting) keep only their ID, number, order, title and paper: their
//     result, votes, resolution, minutes, speakers, persons and files are
//     removed, and so are the files of closed-session meetings and of the
//     headings of closed parts. With opts.OmitClosedSessions they are
//     withheld instead, headings of closed parts with them;
//   - references to withheld records are removed: an agenda item's paper,
//     persons and speakers, a paper's consultations and originators, a
//     person's memberships, a meeting's other organizations;
//   - a paper's consultation that names a meeting but no agenda item is
//     removed when every agenda item of that meeting deliberating the paper
//     is withheld, so that not even the existence of a withheld item leaks;
//   - a heading whose items are all withheld is removed with them.
//
// Entries of redact that match no record are listed in the report (see
// Report.Problems). The input is not modified; records that pass unchanged
// are shared.
func Public(a *record.Archive, opts Options) (*record.Archive, Report) {
	g := &gate{redact: make(map[string]bool, len(opts.Redact)), matched: map[string]bool{}, names: map[string]bool{}, omitClosed: opts.OmitClosedSessions}
	w := &g.withheld
	w.orgs, w.persons, w.meetings, w.items, w.papers = map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, id := range opts.Redact {
		g.redact[id] = true
	}
	g.rep.Closed.Omitted = opts.OmitClosedSessions
	out := &record.Archive{Body: a.Body}
	out.Organizations = g.organizations(a.Organizations)
	out.Persons = g.persons(a.Persons)
	kept := g.withholdPapers(a.Papers)
	out.Meetings = g.meetings(a.Meetings)
	out.Papers = g.papersRefs(kept)
	g.unmatched(a, opts.Redact)
	slices.SortStableFunc(g.rep.Redacted, func(x, y Ref) int { return cmp.Compare(kindRank(x.Kind), kindRank(y.Kind)) })
	return out, g.rep
}

func kindRank(kind string) int {
	return slices.IndexFunc(kinds, func(k struct{ kind, noun string }) bool { return k.kind == kind })
}

// gate is one pass of Public: what it withheld so far.
type gate struct {
	redact     map[string]bool
	matched    map[string]bool
	omitClosed bool
	rep        Report

	// withheld holds the IDs of the withheld records, by kind.
	withheld struct{ orgs, persons, meetings, items, papers map[string]bool }
	// names are the folded names of withheld organizations and persons:
	// originators and speakers are free text and may name them so.
	names map[string]bool
	// familyNames of withheld persons, folded: minutes name speakers by
	// form of address and family name ("Herr Harbusch").
	familyNames []string
	// onlyWithheld holds the pairs (paper, meeting) where every agenda
	// item of the published meeting that deliberates the paper is withheld.
	onlyWithheld map[[2]string]bool
}

// redacted tells whether the redact list names id, noting the match.
func (g *gate) redacted(kind, id string) bool {
	if !g.redact[id] {
		return false
	}
	g.matched[id] = true
	g.rep.Redacted = append(g.rep.Redacted, Ref{kind, id})
	return true
}

func (g *gate) organizations(in []*record.Organization) []*record.Organization {
	var out []*record.Organization
	for _, o := range in {
		if g.redacted(KindOrganization, o.ID) {
			g.rep.Organizations++
			g.withheld.orgs[o.ID] = true
			g.addNames(o.Name, o.ShortName, o.DisplayName())
			continue
		}
		out = append(out, o)
	}
	return out
}

// persons withholds the redacted persons and the memberships of the others
// in withheld organizations (so organizations come first).
func (g *gate) persons(in []*record.Person) []*record.Person {
	var out []*record.Person
	for _, p := range in {
		if g.redacted(KindPerson, p.ID) {
			g.rep.Persons++
			g.withheld.persons[p.ID] = true
			g.addNames(p.Name, personTitleName(p), p.GivenName+" "+p.FamilyName)
			if family := cmp.Or(p.FamilyName, lastWord(p.Name)); family != "" {
				g.familyNames = append(g.familyNames, fold(family))
			}
			continue
		}
		if ms, ok := without(p.Memberships, func(m record.Membership) bool { return g.withheld.orgs[m.Organization] }); ok {
			c := *p
			c.Memberships = ms
			p = &c
		}
		out = append(out, p)
	}
	return out
}

// withholdPapers notes the papers to withhold and returns the others, whose
// references are fixed by papersRefs once the meetings are through.
func (g *gate) withholdPapers(in []*record.Paper) []*record.Paper {
	var out []*record.Paper
	for _, p := range in {
		if g.redacted(KindPaper, p.ID) || !p.Public {
			g.rep.Papers++
			g.withheld.papers[p.ID] = true
			continue
		}
		out = append(out, p)
	}
	return out
}

func (g *gate) meetings(in []*record.Meeting) []*record.Meeting {
	g.onlyWithheld = map[[2]string]bool{}
	var out []*record.Meeting
	for _, m := range in {
		orgs, changed := without(m.Organizations, func(id string) bool { return g.withheld.orgs[id] })
		hostless := len(orgs) == 0 && len(m.Organizations) > 0
		omitted := m.ClosedSession && g.omitClosed && m.Public && !hostless
		if g.redacted(KindMeeting, m.ID) || !m.Public || hostless || omitted {
			if omitted && !g.redact[m.ID] {
				g.rep.Closed.Meetings++
				g.rep.Closed.AgendaItems += len(m.AgendaItems)
			} else {
				g.rep.Meetings++
			}
			g.withheld.meetings[m.ID] = true
			for _, it := range m.AgendaItems {
				g.redacted(KindAgendaItem, it.ID) // a redact entry that names it is not a typo
				g.withheld.items[it.ID] = true
			}
			continue
		}
		var items []*record.AgendaItem
		var withheldPapers []string
		for _, it := range m.AgendaItems {
			closed := it.ClosedSession || m.ClosedSession
			if g.redacted(KindAgendaItem, it.ID) || !it.Public || closed && g.omitClosed {
				if it.Public && closed && !g.redact[it.ID] {
					g.rep.Closed.AgendaItems++
				} else {
					g.rep.AgendaItems++
				}
				g.withheld.items[it.ID] = true
				if it.Paper != "" {
					withheldPapers = append(withheldPapers, it.Paper)
				}
				changed = true
				continue
			}
			c := g.itemRefs(it)
			if closed {
				g.rep.Closed.AgendaItems++
				c = closedItem(c)
			}
			if c != it {
				it, changed = c, true
			}
			items = append(items, it)
		}
		for _, p := range withheldPapers {
			if !slices.ContainsFunc(items, func(it *record.AgendaItem) bool { return it.Paper == p }) {
				g.onlyWithheld[[2]string{p, m.ID}] = true
			}
		}
		if m.ClosedSession {
			g.rep.Closed.Meetings++
		}
		heads, hchanged := g.headings(m, items)
		if changed || hchanged || m.ClosedSession && len(m.Files) > 0 {
			c := *m
			c.Organizations, c.AgendaItems, c.Headings = orgs, items, heads
			if m.ClosedSession {
				c.Files = nil
			}
			m = &c
		}
		out = append(out, m)
	}
	return out
}

// closedItem is what a closed-session agenda item publishes: its place in
// the agenda, its title and the paper it deliberates (both published by
// the source) and its page at the source, nothing that was said or decided.
func closedItem(it *record.AgendaItem) *record.AgendaItem {
	return &record.AgendaItem{
		ID: it.ID, Number: it.Number, Order: it.Order, Name: it.Name, Public: true, ClosedSession: true,
		Paper: it.Paper, Web: it.Web, Origin: it.Origin,
	}
}

// headings returns the headings of m that are published beside its
// published items, and whether they differ from m's: a heading of a
// closed part loses its files, or goes with its items when they are
// omitted; a heading whose items were all withheld goes with them.
func (g *gate) headings(m *record.Meeting, items []*record.AgendaItem) ([]*record.Heading, bool) {
	if len(m.Headings) == 0 {
		return m.Headings, false
	}
	out := make([]*record.Heading, 0, len(m.Headings))
	changed := false
	for i, h := range m.Headings {
		next := math.MaxInt
		if i+1 < len(m.Headings) {
			next = m.Headings[i+1].Order
		}
		under := func(it *record.AgendaItem) bool { return it.Order > h.Order && it.Order < next }
		closed := h.ClosedSession || m.ClosedSession
		emptied := !slices.ContainsFunc(items, under) && slices.ContainsFunc(m.AgendaItems, under)
		if closed && g.omitClosed || emptied {
			changed = true
			continue
		}
		if closed && len(h.Files) > 0 {
			c := *h
			c.Files = nil
			h, changed = &c, true
		}
		out = append(out, h)
	}
	return out, changed
}

// itemRefs returns it without its references to withheld records: a copy
// when there were any.
func (g *gate) itemRefs(it *record.AgendaItem) *record.AgendaItem {
	paper := it.Paper
	if g.withheld.papers[paper] {
		paper = ""
	}
	persons, p := without(it.Persons, func(id string) bool { return g.withheld.persons[id] })
	speakers, s := without(it.Speakers, g.namesWithheldPerson)
	if paper == it.Paper && !p && !s {
		return it
	}
	c := *it
	c.Paper, c.Persons, c.Speakers = paper, persons, speakers
	return &c
}

// papersRefs removes the papers' references to withheld records.
func (g *gate) papersRefs(in []*record.Paper) []*record.Paper {
	out := make([]*record.Paper, 0, len(in))
	for _, p := range in {
		cons, cok := without(p.Consultations, func(c record.Consultation) bool {
			return g.withheld.meetings[c.Meeting] || g.withheld.items[c.AgendaItem] || g.withheld.orgs[c.Organization] ||
				c.AgendaItem == "" && g.onlyWithheld[[2]string{p.ID, c.Meeting}]
		})
		origs, ook := without(p.Originators, func(o string) bool {
			return g.withheld.orgs[o] || g.withheld.persons[o] || len(g.names) > 0 && g.names[fold(o)]
		})
		if cok || ook {
			c := *p
			c.Consultations, c.Originators = cons, origs
			p = &c
		}
		out = append(out, p)
	}
	return out
}

// without returns s without the elements drop reports, and whether there
// were any; s itself when there were none, a copy otherwise.
func without[T any](s []T, drop func(T) bool) ([]T, bool) {
	if !slices.ContainsFunc(s, drop) {
		return s, false
	}
	return slices.DeleteFunc(slices.Clone(s), drop), true
}

func (g *gate) addNames(names ...string) {
	for _, n := range names {
		if n := fold(n); n != "" {
			g.names[n] = true
		}
	}
}

// namesWithheldPerson tells whether a speaker, as minutes write one
// ("Herr Harbusch", "Bürgermeisterin Dr. Wellmann"), names a withheld
// person: by a full name, or by the family name as its last word. A public
// person of the same family name is then dropped too; privacy comes first.
func (g *gate) namesWithheldPerson(speaker string) bool {
	if len(g.names) == 0 {
		return false
	}
	s := fold(speaker)
	if g.names[s] {
		return true
	}
	for _, f := range g.familyNames {
		if s == f || strings.HasSuffix(s, " "+f) {
			return true
		}
	}
	return false
}

// unmatched lists the redact entries that matched no record, each once,
// with the nearest ID of any kind.
func (g *gate) unmatched(a *record.Archive, redact []string) {
	var ids []string
	for _, id := range redact {
		if g.matched[id] {
			continue
		}
		g.matched[id] = true // report a repeated entry once
		if ids == nil {
			ids = allIDs(a)
		}
		g.rep.Unmatched = append(g.rep.Unmatched, Unmatched{ID: id, Closest: record.Closest(id, ids)})
	}
}

func allIDs(a *record.Archive) []string {
	ids := make([]string, 0, len(a.Organizations)+len(a.Persons)+len(a.Meetings)+len(a.Papers))
	for _, o := range a.Organizations {
		ids = append(ids, o.ID)
	}
	for _, p := range a.Persons {
		ids = append(ids, p.ID)
	}
	for _, m := range a.Meetings {
		ids = append(ids, m.ID)
		for _, it := range m.AgendaItems {
			ids = append(ids, it.ID)
		}
	}
	for _, p := range a.Papers {
		ids = append(ids, p.ID)
	}
	return ids
}

// Problems returns a diagnostic for every redact entry that matches no
// record, at the position at gives for the entry (the config file and
// line), with a did-you-mean. Builds and checks stop on them.
func (r *Report) Problems(at func(id string) record.Pos) record.Diagnostics {
	var ds record.Diagnostics
	for _, u := range r.Unmatched {
		msg := fmt.Sprintf("no record has the ID %q", u.ID)
		if u.Closest != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", u.Closest)
		}
		ds = append(ds, record.Diagnostic{Pos: at(u.ID), Field: "params.ratsarchiv.redact", Message: msg})
	}
	return ds
}

// Total is the number of records withheld.
func (r *Report) Total() int {
	return r.Organizations + r.Persons + r.Meetings + r.AgendaItems + r.Papers
}

// maxListed bounds the IDs String lists per kind.
const maxListed = 5

// String sums the report up in one line for the build's progress:
// "withheld 1 meeting, 2 agenda items; redacted 1 person (harbusch);
// closed session 3 agenda items (titles only)".
func (r *Report) String() string {
	var counts, redacted []string
	for _, k := range kinds {
		if n := r.withheld(k.kind); n > 0 {
			counts = append(counts, plural(n, k.noun))
		}
		var ids []string
		for _, ref := range r.Redacted {
			if ref.Kind == k.kind {
				ids = append(ids, ref.ID)
			}
		}
		if n := len(ids); n > 0 {
			if n > maxListed {
				ids = append(ids[:maxListed], "…")
			}
			redacted = append(redacted, fmt.Sprintf("%s (%s)", plural(n, k.noun), strings.Join(ids, ", ")))
		}
	}
	s := "withheld nothing"
	if len(counts) > 0 {
		s = "withheld " + strings.Join(counts, ", ")
	}
	if len(redacted) > 0 {
		s += "; redacted " + strings.Join(redacted, ", ")
	}
	if c := r.Closed; c.Meetings+c.AgendaItems > 0 {
		var closed []string
		if c.Meetings > 0 {
			closed = append(closed, plural(c.Meetings, "meeting"))
		}
		if c.AgendaItems > 0 {
			closed = append(closed, plural(c.AgendaItems, "agenda item"))
		}
		how := "titles only"
		if c.Omitted {
			how = "omitted"
		}
		s += fmt.Sprintf("; closed session %s (%s)", strings.Join(closed, ", "), how)
	}
	return s
}

// kinds are the kinds of records in the order reports list them.
var kinds = []struct{ kind, noun string }{
	{KindOrganization, "organization"}, {KindPerson, "person"}, {KindMeeting, "meeting"},
	{KindAgendaItem, "agenda item"}, {KindPaper, "paper"},
}

func (r *Report) withheld(kind string) int {
	switch kind {
	case KindOrganization:
		return r.Organizations
	case KindPerson:
		return r.Persons
	case KindMeeting:
		return r.Meetings
	case KindAgendaItem:
		return r.AgendaItems
	}
	return r.Papers
}

func plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %ss", n, one)
}

// fold is the form in which names are compared: NFC, lower case, single
// spaces.
func fold(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(norm.NFC.String(s)), " "))
}

func personTitleName(p *record.Person) string {
	if p.Title == "" {
		return ""
	}
	return p.Title + " " + p.Name
}

func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}
