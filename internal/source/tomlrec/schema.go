package tomlrec

import (
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/outcome"
)

// The readers below are the record format: each reads every field its table
// may have (see docs/records.md), and obj.done reports the rest as unknown.

func (f *fileDecoder) readBody(o *obj) record.Body {
	b := record.Body{
		ID:        o.str("id"),
		Name:      o.str("name"),
		ShortName: o.str("shortName"),
		Website:   o.str("website"),
		Web:       o.str("web"),
		Language:  o.str("language"),
	}
	b.Origin = o.origin()
	o.done()
	return b
}

func (f *fileDecoder) readOrganization(o *obj) *record.Organization {
	org := &record.Organization{
		ID:               o.str("id"),
		Name:             o.str("name"),
		ShortName:        o.str("shortName"),
		OrganizationType: o.str("organizationType"),
		Classification:   o.str("classification"),
		Start:            o.time("start"),
		End:              o.time("end"),
		Website:          o.str("website"),
		Web:              o.str("web"),
		Origin:           o.origin(),
	}
	o.done()
	return org
}

func (f *fileDecoder) readPerson(o *obj) *record.Person {
	p := &record.Person{
		ID:            o.str("id"),
		Name:          o.str("name"),
		FormOfAddress: o.str("formOfAddress"),
		Title:         o.str("title"),
		GivenName:     o.str("givenName"),
		FamilyName:    o.str("familyName"),
		Web:           o.str("web"),
		Origin:        o.origin(),
	}
	for _, mo := range o.tables("membership") {
		p.Memberships = append(p.Memberships, record.Membership{
			Organization: mo.str("organization"),
			Role:         mo.str("role"),
			VotingRight:  mo.boolean("votingRight", true),
			Start:        mo.time("start"),
			End:          mo.time("end"),
		})
		mo.done()
	}
	o.done()
	return p
}

func (f *fileDecoder) readPaper(o *obj) *record.Paper {
	p := &record.Paper{
		ID:          o.str("id"),
		Reference:   o.str("reference"),
		Name:        o.str("name"),
		PaperType:   o.str("paperType"),
		Date:        o.time("date"),
		Public:      o.boolean("public", true),
		Originators: o.strs("originator"),
		Text:        o.str("text"),
		Files:       f.readFiles(o),
		Web:         o.str("web"),
		Origin:      o.origin(),
	}
	for _, co := range o.tables("consultation") {
		p.Consultations = append(p.Consultations, record.Consultation{
			Organization:  co.str("organization"),
			Meeting:       co.str("meeting"),
			AgendaItem:    co.str("agendaItem"),
			Role:          co.str("role"),
			Authoritative: co.boolean("authoritative", false),
		})
		co.done()
	}
	o.done()
	return p
}

func (f *fileDecoder) readMeeting(o *obj) *record.Meeting {
	m := &record.Meeting{
		ID:            o.str("id"),
		Name:          o.str("name"),
		Organizations: o.strs("organization"),
		Start:         o.time("start"),
		End:           o.time("end"),
		Location:      o.str("location"),
		MeetingState:  o.str("meetingState"),
		Cancelled:     o.boolean("cancelled", false),
		Public:        o.boolean("public", true),
		ClosedSession: o.boolean("closedSession", false),
		Files:         f.readFiles(o),
		Web:           o.str("web"),
		Origin:        o.origin(),
	}
	o.done()
	return m
}

func (f *fileDecoder) readAgendaItem(o *obj, position int) *record.AgendaItem {
	it := &record.AgendaItem{
		ID:             o.str("id"),
		Number:         o.str("number"),
		Name:           o.str("name"),
		Public:         o.boolean("public", true),
		ClosedSession:  o.boolean("closedSession", false),
		Result:         o.str("result"),
		ResolutionText: o.str("resolutionText"),
		Minutes:        o.str("minutes"),
		Speakers:       o.strs("speakers"),
		Persons:        o.strs("persons"),
		Paper:          o.str("paper"),
		Files:          f.readFiles(o),
		Web:            o.str("web"),
		Origin:         o.origin(),
	}
	it.Order = position
	if n, ok := o.integer("order"); ok {
		it.Order = n
	}
	// The category a record leaves out, and the motions no record holds,
	// are read from the result.
	read := outcome.Read(it.Result)
	it.ResultCategory, it.Motions = read.Category, read.Motions
	if c := o.str("resultCategory"); c != "" {
		rc, err := record.ParseResultCategory(c)
		if err != nil {
			o.errorf("resultCategory", "%v", err)
		} else {
			it.ResultCategory = rc
		}
	}
	if vo := o.table("votes"); vo != nil {
		v := &record.Votes{Unanimous: vo.boolean("unanimous", false)}
		v.Yes, _ = vo.integer("yes")
		v.No, _ = vo.integer("no")
		v.Abstain, _ = vo.integer("abstain")
		vo.done()
		it.Votes = v
	}
	o.done()
	return it
}

// readHeading reads an agenda entry with `heading = true`: a heading of
// the agenda's parts, which has none of an item's deliberation.
func (f *fileDecoder) readHeading(o *obj, position int) *record.Heading {
	h := &record.Heading{
		ID:            o.str("id"),
		Number:        o.str("number"),
		Name:          o.str("name"),
		ClosedSession: o.boolean("closedSession", false),
		Files:         f.readFiles(o),
		Origin:        o.origin(),
	}
	h.Order = position
	if n, ok := o.integer("order"); ok {
		h.Order = n
	}
	for _, k := range itemOnlyFields {
		if _, ok := o.m[k]; ok {
			o.used[k] = true
			o.errorf(k, "a heading (heading = true) has no %s: it heads a part of the agenda; make it an agenda item, or drop the field", k)
		}
	}
	o.done()
	return h
}

// itemOnlyFields are the fields of an agenda item that a heading lacks.
var itemOnlyFields = []string{"public", "result", "resultCategory", "votes", "paper", "speakers", "persons", "resolutionText", "minutes"}
