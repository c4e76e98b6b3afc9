package record

import (
	"cmp"
	"slices"
)

// Index gives lookups by ID into an Archive. It is built once and read
// concurrently; it does not follow later changes to the Archive.
type Index struct {
	Organizations map[string]*Organization
	Persons       map[string]*Person
	Meetings      map[string]*Meeting
	Papers        map[string]*Paper
	AgendaItems   map[string]*AgendaItem
	// MeetingOf maps an AgendaItem.ID to the meeting it belongs to.
	MeetingOf map[string]*Meeting
	// ItemsOfPaper maps a Paper.ID to the agenda items that deliberate it,
	// in meeting order.
	ItemsOfPaper map[string][]*AgendaItem
}

// NewIndex indexes a. When IDs repeat (Validate reports that), the first
// record wins.
func NewIndex(a *Archive) *Index {
	ix := &Index{
		Organizations: make(map[string]*Organization, len(a.Organizations)),
		Persons:       make(map[string]*Person, len(a.Persons)),
		Meetings:      make(map[string]*Meeting, len(a.Meetings)),
		Papers:        make(map[string]*Paper, len(a.Papers)),
		AgendaItems:   make(map[string]*AgendaItem),
		MeetingOf:     make(map[string]*Meeting),
		ItemsOfPaper:  make(map[string][]*AgendaItem),
	}
	for _, o := range a.Organizations {
		putFirst(ix.Organizations, o.ID, o)
	}
	for _, p := range a.Persons {
		putFirst(ix.Persons, p.ID, p)
	}
	for _, p := range a.Papers {
		putFirst(ix.Papers, p.ID, p)
	}
	for _, m := range a.Meetings {
		putFirst(ix.Meetings, m.ID, m)
		for _, it := range m.AgendaItems {
			if putFirst(ix.AgendaItems, it.ID, it) {
				ix.MeetingOf[it.ID] = m
				if it.Paper != "" {
					ix.ItemsOfPaper[it.Paper] = append(ix.ItemsOfPaper[it.Paper], it)
				}
			}
		}
	}
	return ix
}

func putFirst[T any](m map[string]T, id string, v T) bool {
	if _, ok := m[id]; ok {
		return false
	}
	m[id] = v
	return true
}

// Sort puts every slice of a into its canonical order: organizations and
// persons by name, meetings by start, agenda items and headings by order, papers by date,
// with the ID as the final tie-breaker. Outputs rely on this order for
// deterministic bytes.
func (a *Archive) Sort() {
	slices.SortStableFunc(a.Organizations, func(x, y *Organization) int {
		return cmp.Or(cmp.Compare(x.Name, y.Name), cmp.Compare(x.ID, y.ID))
	})
	slices.SortStableFunc(a.Persons, func(x, y *Person) int {
		return cmp.Or(cmp.Compare(x.FamilyName, y.FamilyName), cmp.Compare(x.Name, y.Name), cmp.Compare(x.ID, y.ID))
	})
	slices.SortStableFunc(a.Meetings, func(x, y *Meeting) int {
		return cmp.Or(x.Start.Compare(y.Start), cmp.Compare(x.ID, y.ID))
	})
	for _, m := range a.Meetings {
		slices.SortStableFunc(m.AgendaItems, func(x, y *AgendaItem) int {
			return cmp.Or(cmp.Compare(x.Order, y.Order), cmp.Compare(x.ID, y.ID))
		})
		slices.SortStableFunc(m.Headings, func(x, y *Heading) int {
			return cmp.Or(cmp.Compare(x.Order, y.Order), cmp.Compare(x.ID, y.ID))
		})
	}
	slices.SortStableFunc(a.Papers, func(x, y *Paper) int {
		return cmp.Or(x.Date.Compare(y.Date), cmp.Compare(x.Reference, y.Reference), cmp.Compare(x.ID, y.ID))
	})
}

// Outcome is the agenda item whose result is p's overall outcome: the item
// of its deciding (authoritative) consultation when that item has a result
// (the last one, should several consultations decide; a consultation that
// names only the meeting decides by the paper's item in that meeting), else
// the last item in meeting order that deliberated p and has a result. It is
// nil when no item has a result; decided tells which of the two it is. The
// search index's result of a paper follows the same rule.
func (ix *Index) Outcome(p *Paper) (it *AgendaItem, decided bool) {
	for _, c := range p.Consultations {
		if !c.Authoritative {
			continue
		}
		x := ix.AgendaItems[c.AgendaItem]
		if x == nil && c.Meeting != "" {
			// Scheduled by meeting only: the paper's item in that meeting.
			for _, y := range ix.ItemsOfPaper[p.ID] {
				if ix.MeetingOf[y.ID].ID == c.Meeting {
					x = y
				}
			}
		}
		if x != nil && x.Result != "" {
			it = x
		}
	}
	if it != nil {
		return it, true
	}
	for _, x := range ix.ItemsOfPaper[p.ID] {
		if x.Result != "" {
			it = x
		}
	}
	return it, false
}
