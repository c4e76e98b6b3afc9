package oparl

import (
	"cmp"
	"slices"
	"strings"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

func (m *mapper) papersAndConsultations() {
	byPaper := map[string][]*Consultation{}
	for _, obj := range m.s.All(KindConsultation) {
		c := obj.(*Consultation)
		byPaper[c.Paper] = append(byPaper[c.Paper], c)
	}
	m.itemPaperVia, m.consAt = map[string]string{}, map[string]int{}
	for _, obj := range m.s.All(KindPaper) {
		p := obj.(*Paper)
		name := clean(p.Name)
		if name == "" {
			m.rep.errorf("no-name", p, "no name: papers need one")
			m.rep.Counts[KindPaper].Failed++
			delete(byPaper, p.ID)
			continue
		}
		rec := &record.Paper{
			ID: p.ID, Reference: clean(p.Reference), Name: name, PaperType: clean(p.PaperType),
			Date: m.time(p, "date", p.Date), Public: true, Web: clean(p.Web),
		}
		rec.Originators = append(rec.Originators, p.OriginatorOrganization...)
		rec.Originators = append(rec.Originators, p.OriginatorPerson...)
		if main := m.file(p.MainFile); main != nil {
			rec.Text = strings.TrimSpace(main.Text)
			rec.Files = m.appendFile(rec.Files, p.MainFile)
			rec.Files[len(rec.Files)-1].Text = "" // it is the paper's text
		}
		for _, f := range p.AuxiliaryFile {
			rec.Files = m.appendFile(rec.Files, f)
		}
		m.papers[p.ID] = rec
		m.a.Papers = append(m.a.Papers, rec)
		m.rep.Counts[KindPaper].Imported++

		for _, c := range m.steps(p, byPaper[p.ID]) {
			if _, ok := m.consAt[c.ID]; !ok && c.AgendaItem == "" {
				m.consAt[c.ID] = len(rec.Consultations)
			}
			rec.Consultations = append(rec.Consultations, m.consultation(c, p))
			if !m.consultations[c.ID] {
				m.consultations[c.ID] = true
				m.rep.Counts[KindConsultation].Imported++
			}
		}
		delete(byPaper, p.ID)
	}
	for _, pid := range sortedKeys(byPaper) {
		for _, c := range byPaper[pid] {
			if pid != "" && m.s.IsDeleted(pid) {
				continue
			}
			if pid == "" {
				m.rep.warnf("orphan", c, "names no paper: left out")
			} else {
				m.rep.warnf("orphan", c, "its paper %s is not in the source: left out", pid)
			}
			m.rep.Counts[KindConsultation].Skipped++
		}
	}
}

// steps returns a paper's consultations: those embedded in the paper as
// published there, then those listed on their own that name the paper.
// Embedded copies are taken as they are because servers reuse one
// consultation ID for several steps of a paper (Karlsruhe: a paper on two
// agendas after it was postponed); merging them by ID would lose steps.
func (m *mapper) steps(p *Paper, listed []*Consultation) []*Consultation {
	var out []*Consultation
	seen := map[string]bool{}
	ids := map[string]int{}
	for _, r := range p.Consultation {
		c := r.Obj
		if c == nil {
			if o := m.s.Get(KindConsultation, r.ID); o != nil {
				c = o.(*Consultation)
			} else {
				if !m.s.IsDeleted(r.ID) {
					m.rep.warnf("unknown-ref", p, "consultation %s is not in the source: left out", r.ID)
				}
				continue
			}
		}
		key := c.ID + "\x00" + c.AgendaItem + "\x00" + c.Meeting
		if c.Deleted || seen[key] {
			continue
		}
		seen[key] = true
		ids[c.ID]++
		out = append(out, c)
	}
	for _, id := range sortedKeys(ids) {
		if n := ids[id]; n > 1 {
			m.rep.warnf("duplicate-id", p, "consultation %s stands for %d different steps of the paper: each kept", id, n)
		}
	}
	slices.SortFunc(listed, func(a, b *Consultation) int { return cmp.Compare(a.ID, b.ID) })
	for _, c := range listed {
		if ids[c.ID] == 0 {
			out = append(out, c)
		}
	}
	return out
}

// consultation maps one step of a paper's path and completes it from the
// agenda: the meeting of its agenda item, the agenda item that names it,
// the organization of its meeting.
func (m *mapper) consultation(c *Consultation, p *Paper) record.Consultation {
	rc := record.Consultation{Role: clean(c.Role)}
	if c.Authoritative != nil {
		rc.Authoritative = *c.Authoritative
	}
	if c.AgendaItem != "" {
		if m.meetingOf(c.AgendaItem) != "" {
			rc.AgendaItem = c.AgendaItem
		} else if !m.s.IsDeleted(c.AgendaItem) {
			m.rep.warnf("unknown-ref", c, "agenda item %s is not in the source: reference left out", c.AgendaItem)
		}
	}
	if c.Meeting != "" {
		if m.meetingRec(c.Meeting) != nil {
			rc.Meeting = c.Meeting
		} else if !m.s.IsDeleted(c.Meeting) {
			m.rep.warnf("unknown-ref", c, "meeting %s is not in the source: reference left out", c.Meeting)
		}
	}
	if rc.AgendaItem != "" {
		itemMeeting := m.meetingOf(rc.AgendaItem)
		if rc.Meeting != "" && rc.Meeting != itemMeeting {
			m.rep.warnf("inconsistent", c, "agenda item %s belongs to meeting %s, not %s: took the item's meeting", rc.AgendaItem, itemMeeting, rc.Meeting)
		}
		rc.Meeting = itemMeeting
	}
	for _, id := range c.Organization {
		if !m.hasOrg(id) {
			if !m.s.IsDeleted(id) {
				m.rep.warnf("unknown-ref", c, "organization %s is not in the source: reference left out", id)
			}
			continue
		}
		if rc.Organization == "" {
			rc.Organization = id
		} else if id != rc.Organization {
			m.rep.warnf("several-organizations", c, "names %d organizations; the record keeps the first, %s", len(c.Organization), rc.Organization)
			break
		}
	}
	if rc.Organization == "" && rc.Meeting != "" {
		rc.Organization = m.meetingRec(rc.Meeting).Organizations[0]
	}
	if rc.AgendaItem != "" && m.items[rc.AgendaItem] != nil {
		m.linkItem(rc.AgendaItem, p.ID, c)
	}
	return rc
}

// linkItem records that an agenda item deliberates a paper. The record
// model has one paper per item; a second one is reported.
func (m *mapper) linkItem(itemID, paperID string, via Object) {
	it := m.items[itemID]
	switch it.Paper {
	case "":
		it.Paper = paperID
		m.itemPaperVia[itemID] = via.Base().ID
	case paperID:
	default:
		m.rep.warnf("several-papers", via, "agenda item %s deliberates papers %s and %s; the record keeps %s", itemID, it.Paper, paperID, it.Paper)
	}
}

// linkItemsToPapers follows agenda items' own `consultation` references,
// for consultations that do not name their agenda item, and fills in the
// paper's consultation list from them.
func (m *mapper) linkItemsToPapers() {
	for _, obj := range m.s.All(KindAgendaItem) {
		it := obj.(*AgendaItem)
		rec := m.items[it.ID]
		if rec == nil || it.Consultation.ID == "" || m.itemPaperVia[it.ID] == it.Consultation.ID {
			continue
		}
		var c *Consultation
		if o := m.s.Get(KindConsultation, it.Consultation.ID); o != nil {
			c = o.(*Consultation)
		} else {
			c = it.Consultation.Obj
		}
		if c == nil {
			if !m.s.IsDeleted(it.Consultation.ID) {
				m.rep.warnf("unknown-ref", it, "consultation %s is not in the source: its paper is unknown", it.Consultation.ID)
			}
			continue
		}
		paper := m.papers[c.Paper]
		if paper == nil {
			continue // reported with the consultation
		}
		m.linkItem(it.ID, c.Paper, c)
		// Complete the paper's path with the step the item names.
		if i, ok := m.consAt[c.ID]; ok && paper.Consultations[i].AgendaItem == "" {
			pc := &paper.Consultations[i]
			meetingID := m.itemMeeting[it.ID]
			if pc.Meeting != "" && pc.Meeting != meetingID {
				m.rep.warnf("inconsistent", c, "agenda item %s names it, but it names meeting %s: took the item's meeting %s", it.ID, pc.Meeting, meetingID)
			}
			pc.AgendaItem, pc.Meeting = it.ID, meetingID
			if pc.Organization == "" {
				pc.Organization = m.meetings[meetingID].Organizations[0]
			}
		}
	}
}
