package oparl

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// merge applies an update to the records written before: records of the
// update replace those with the same ID (a meeting with all its agenda
// items, a paper with its consultations); records the source deleted, or no
// longer publishes (asked for them, it answered 401, 403, 404 or 410), go,
// each with a line in the report; references to what went are left out with
// a warning.
func merge(base, upd *record.Archive, s *Store, rep *Report) *record.Archive {
	gone := map[string]string{} // ID → why it went
	for _, id := range s.Deleted() {
		gone[id] = "deleted at the source"
	}
	ids, status := s.Unpublished()
	for _, id := range ids {
		gone[id] = fmt.Sprintf("the source answers %d %s", status[id], http.StatusText(status[id]))
	}
	removed := func(kind Kind) func(id string) {
		return func(id string) { rep.Removed = append(rep.Removed, Removal{Kind: kind, ID: id, Reason: gone[id]}) }
	}
	out := &record.Archive{Body: base.Body}
	if upd.Body.Name != "" && len(s.All(KindBody)) > 0 {
		out.Body = upd.Body
	}
	out.Organizations = mergeByID(base.Organizations, upd.Organizations, gone, func(o *record.Organization) string { return o.ID }, removed(KindOrganization))
	out.Persons = mergeByID(base.Persons, upd.Persons, gone, func(p *record.Person) string { return p.ID }, removed(KindPerson))
	out.Meetings = mergeByID(base.Meetings, upd.Meetings, gone, func(m *record.Meeting) string { return m.ID }, removed(KindMeeting))
	out.Papers = mergeByID(base.Papers, upd.Papers, gone, func(p *record.Paper) string { return p.ID }, removed(KindPaper))
	for _, m := range out.Meetings {
		m.AgendaItems = slices.DeleteFunc(m.AgendaItems, func(it *record.AgendaItem) bool {
			_, ok := gone[it.ID]
			if ok {
				removed(KindAgendaItem)(it.ID)
			}
			return ok
		})
	}
	prune(out, rep)
	out.Sort()
	validate(out, rep)
	return out
}

// mergeByID keeps the base records that the update neither replaces nor
// removes (telling removed of each removed), then adds the update's.
func mergeByID[T any](base, upd []*T, gone map[string]string, id func(*T) string, removed func(id string)) []*T {
	replaced := map[string]bool{}
	for _, r := range upd {
		replaced[id(r)] = true
	}
	var out []*T
	for _, r := range base {
		_, isGone := gone[id(r)]
		switch {
		case replaced[id(r)]:
		case isGone:
			removed(id(r))
		default:
			out = append(out, r)
		}
	}
	return append(out, upd...)
}

// prune leaves out references to records that are no longer there, and
// links agenda items to the papers whose consultations name them.
func prune(a *record.Archive, rep *Report) {
	ix := record.NewIndex(a)
	drop := func(kind Kind, id, what, ref string) {
		rep.add(Warning, "deleted-ref", kind, id, "", "%s %s is gone: reference left out", what, ref)
	}
	for _, p := range a.Persons {
		p.Memberships = slices.DeleteFunc(p.Memberships, func(ms record.Membership) bool {
			if ix.Organizations[ms.Organization] == nil {
				drop(KindPerson, p.ID, "organization", ms.Organization)
				return true
			}
			return false
		})
	}
	for _, m := range a.Meetings {
		m.Organizations = slices.DeleteFunc(m.Organizations, func(id string) bool {
			if ix.Organizations[id] == nil && len(m.Organizations) > 1 {
				drop(KindMeeting, m.ID, "organization", id)
				return true
			}
			return false
		})
		for _, it := range m.AgendaItems {
			if it.Paper != "" && ix.Papers[it.Paper] == nil {
				drop(KindAgendaItem, it.ID, "paper", it.Paper)
				it.Paper = ""
			}
		}
	}
	for _, p := range a.Papers {
		for i := range p.Consultations {
			c := &p.Consultations[i]
			if c.Organization != "" && ix.Organizations[c.Organization] == nil {
				drop(KindPaper, p.ID, "organization", c.Organization)
				c.Organization = ""
			}
			if c.Meeting != "" && ix.Meetings[c.Meeting] == nil {
				drop(KindPaper, p.ID, "meeting", c.Meeting)
				c.Meeting = ""
			}
			if c.AgendaItem != "" && ix.AgendaItems[c.AgendaItem] == nil {
				drop(KindPaper, p.ID, "agenda item", c.AgendaItem)
				c.AgendaItem = ""
			}
			if it := ix.AgendaItems[c.AgendaItem]; it != nil && it.Paper == "" {
				it.Paper = p.ID
			}
		}
	}
}
