// Package gate is the privacy gate: the one place where records that must not
// be published are removed, before pages, feeds or the search index see the
// archive. Nothing downstream has to remember to filter.
package gate

import (
	"slices"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// Report counts what the gate withheld, for the build summary.
type Report struct {
	Meetings, AgendaItems, Papers, Redacted int
}

// Public returns a copy of a holding only what may be published:
//   - meetings, agenda items and papers with Public == false are removed,
//     and with a meeting all of its agenda items;
//   - records whose ID is in redact are removed as if they were non-public
//     (a city's way to take down a record without editing its source);
//   - references to removed records (an item's paper, a paper's
//     consultations in a closed session) are dropped, so that not even the
//     existence of a closed-session item leaks.
//
// The input is not modified; records that pass unchanged are shared.
func Public(a *record.Archive, redact []string) (*record.Archive, Report) {
	var rep Report
	gone := make(map[string]bool, len(redact))
	for _, id := range redact {
		gone[id] = true
	}
	hidden := func(id string, public bool) bool {
		if gone[id] {
			rep.Redacted++
			return true
		}
		return !public
	}

	out := &record.Archive{
		Body:          a.Body,
		Organizations: slices.Clone(a.Organizations),
		Persons:       slices.Clone(a.Persons),
	}

	removedPapers := map[string]bool{}
	for _, p := range a.Papers {
		if hidden(p.ID, p.Public) {
			rep.Papers++
			removedPapers[p.ID] = true
			continue
		}
		out.Papers = append(out.Papers, p)
	}

	removedItems := map[string]bool{}
	removedMeetings := map[string]bool{}
	for _, m := range a.Meetings {
		if hidden(m.ID, m.Public) {
			rep.Meetings++
			removedMeetings[m.ID] = true
			for _, it := range m.AgendaItems {
				removedItems[it.ID] = true
			}
			continue
		}
		var items []*record.AgendaItem
		changed := false
		for _, it := range m.AgendaItems {
			if hidden(it.ID, it.Public) {
				rep.AgendaItems++
				removedItems[it.ID] = true
				changed = true
				continue
			}
			if it.Paper != "" && removedPapers[it.Paper] {
				c := *it
				c.Paper = ""
				it = &c
				changed = true
			}
			items = append(items, it)
		}
		if changed {
			c := *m
			c.AgendaItems = items
			m = &c
		}
		out.Meetings = append(out.Meetings, m)
	}

	for i, p := range out.Papers {
		keep := slices.DeleteFunc(slices.Clone(p.Consultations), func(c record.Consultation) bool {
			return removedMeetings[c.Meeting] || removedItems[c.AgendaItem]
		})
		if len(keep) != len(p.Consultations) {
			c := *p
			c.Consultations = keep
			out.Papers[i] = &c
		}
	}
	return out, rep
}
