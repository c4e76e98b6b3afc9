package oparl

import (
	"cmp"
	"slices"
	"strings"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/outcome"
	"github.com/ratsarchiv/ratsarchiv/internal/source/sessionpart"
)

func (m *mapper) meetingsAndItems() {
	// Agenda items may be embedded in their meeting or listed on their own
	// (OParl 1.1); either way they point to the meeting.
	byMeeting := map[string][]*AgendaItem{}
	for _, obj := range m.s.All(KindAgendaItem) {
		it := obj.(*AgendaItem)
		byMeeting[it.Meeting] = append(byMeeting[it.Meeting], it)
	}
	for _, obj := range m.s.All(KindMeeting) {
		mt := obj.(*Meeting)
		rec := m.meeting(mt)
		if rec == nil {
			m.rep.Counts[KindMeeting].Failed++
			m.rep.Counts[KindAgendaItem].Failed += len(byMeeting[mt.ID])
			delete(byMeeting, mt.ID)
			continue
		}
		m.meetings[mt.ID] = rec
		m.a.Meetings = append(m.a.Meetings, rec)
		m.rep.Counts[KindMeeting].Imported++
		m.agendaItems(mt, rec, byMeeting[mt.ID])
		delete(byMeeting, mt.ID)
	}
	for _, meetingID := range sortedKeys(byMeeting) {
		for _, it := range byMeeting[meetingID] {
			switch {
			case meetingID == "":
				m.rep.warnf("orphan", it, "names no meeting: left out")
			case m.s.IsDeleted(meetingID):
				m.rep.Counts[KindAgendaItem].Deleted++
				continue
			default:
				m.rep.warnf("orphan", it, "its meeting %s is not in the source: left out", meetingID)
			}
			m.rep.Counts[KindAgendaItem].Skipped++
		}
	}
}

func (m *mapper) meeting(mt *Meeting) *record.Meeting {
	if clean(mt.Name) == "" {
		m.rep.errorf("no-name", mt, "no name: meetings need one")
		return nil
	}
	if strings.TrimSpace(mt.Start) == "" {
		m.rep.errorf("no-start", mt, "no start date: records need one to place a meeting in time (%q)", clean(mt.Name))
		return nil
	}
	start, end := m.span(mt, mt.Start, mt.End)
	if start.IsZero() {
		m.rep.errorf("no-start", mt, "start %q cannot be read", mt.Start)
		return nil
	}
	rec := &record.Meeting{
		ID: mt.ID, Name: clean(mt.Name), Start: start, End: end,
		MeetingState: clean(mt.MeetingState), Cancelled: mt.Cancelled, Public: true, Web: clean(mt.Web),
	}
	for _, id := range mt.Organization.IDs() {
		switch {
		case m.hasOrg(id):
		case m.s.IsDeleted(id):
			m.rep.warnf("deleted-ref", mt, "organization %s is deleted: reference left out", id)
			continue
		default:
			m.hostedBy[id] = append(m.hostedBy[id], rec)
		}
		if !slices.Contains(rec.Organizations, id) {
			rec.Organizations = append(rec.Organizations, id)
		}
	}
	if len(rec.Organizations) == 0 {
		m.rep.errorf("no-organization", mt, "names no organization: records need the committee or council that met")
		return nil
	}
	if l := m.location(mt.Location); l != nil {
		rec.Location = locationText(l)
		if !m.locations[l.ID] {
			m.locations[l.ID] = true
			m.rep.Counts[KindLocation].Imported++
		}
	}
	for _, r := range []Ref[File]{mt.Invitation, mt.ResultsProtocol, mt.VerbatimProtocol} {
		rec.Files = m.appendFile(rec.Files, r)
	}
	for _, r := range mt.AuxiliaryFile {
		rec.Files = m.appendFile(rec.Files, r)
	}
	return rec
}

func (m *mapper) location(r Ref[Location]) *Location {
	if r.ID != "" {
		if obj := m.s.Get(KindLocation, r.ID); obj != nil {
			return obj.(*Location)
		}
	}
	return r.Obj
}

// locationText is how a meeting place reads: the description when there is
// one, else the address parts.
func locationText(l *Location) string {
	if d := clean(l.Description); d != "" {
		return d
	}
	var parts []string
	for _, p := range []string{l.Room, l.StreetAddress, strings.TrimSpace(clean(l.PostalCode) + " " + clean(l.Locality)), l.SubLocality} {
		if p = clean(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

func (m *mapper) agendaItems(mt *Meeting, rec *record.Meeting, items []*AgendaItem) {
	// Embedded items keep the meeting's order; items listed on their own
	// follow by their `order`.
	sortEmbeddedFirst(items, mt.AgendaItem.IDs(), func(it *AgendaItem) string { return it.ID },
		func(a, b *AgendaItem) int { return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.ID, b.ID)) })
	allOrdered := true
	for _, it := range items {
		if it.Order <= 0 {
			allOrdered = false
		}
	}
	// Servers that leave out `public` (Hürtgenwald, Nordstemmen) mark the
	// closed part by a heading entry ("B Nichtöffentliche Sitzung", "<
	// Sitzungsteil nichtöffentlich >") up to a heading of a public part.
	explicit := slices.ContainsFunc(items, func(it *AgendaItem) bool { return it.Public != nil })
	closedPart, marked, marker := false, 0, ""
	for i, it := range items {
		name := clean(it.Name)
		if name == "" {
			m.rep.errorf("no-name", it, "no name: agenda items need one")
			m.rep.Counts[KindAgendaItem].Failed++
			continue
		}
		order := i + 1
		if allOrdered {
			order = it.Order
		}
		part := sessionpart.Heading(name)
		switch part {
		case sessionpart.Closed:
			closedPart = true
			if marker == "" {
				marker = name
			}
		case sessionpart.Open:
			closedPart = false
		}
		closed := closedPart && !explicit
		if it.Public != nil {
			closed = !*it.Public
		}
		if part != sessionpart.None && !deliberated(it) {
			h := &record.Heading{ID: it.ID, Number: clean(it.Number), Order: order, Name: name, ClosedSession: closed}
			h.Files = m.appendFile(h.Files, it.ResolutionFile)
			for _, f := range it.AuxiliaryFile {
				h.Files = m.appendFile(h.Files, f)
			}
			rec.Headings = append(rec.Headings, h)
			m.rep.Agenda.Headings++
			m.rep.Counts[KindAgendaItem].Imported++
			continue
		}
		r := &record.AgendaItem{
			ID: it.ID, Number: clean(it.Number), Order: order, Name: name, Public: true, ClosedSession: closed,
			Result: clean(it.Result), ResolutionText: strings.TrimSpace(it.ResolutionText), Web: clean(it.Web),
		}
		if closed {
			m.rep.Agenda.ClosedSession++
			if closedPart && !explicit {
				marked++
			}
		}
		read := outcome.Read(r.Result)
		r.ResultCategory, r.Votes, r.Motions = read.Category, read.Votes, read.Motions
		r.Files = m.appendFile(r.Files, it.ResolutionFile)
		for _, f := range it.AuxiliaryFile {
			r.Files = m.appendFile(r.Files, f)
		}
		rec.AgendaItems = append(rec.AgendaItems, r)
		m.items[it.ID] = r
		m.itemMeeting[it.ID] = mt.ID
		m.rep.Counts[KindAgendaItem].Imported++
	}
	if marked > 0 {
		m.rep.warnf("closed-part", mt, "%d agenda items after %q marked closedSession: the source does not say whether items are public, but its agenda does", marked, marker)
	}
}

// deliberated tells whether an agenda entry has more than a heading has: a
// result, a resolution or a paper's consultation. Such an entry stays an item whatever its name.
func deliberated(it *AgendaItem) bool {
	return clean(it.Result) != "" || strings.TrimSpace(it.ResolutionText) != "" || it.Consultation.ID != "" || it.Consultation.Obj != nil
}
