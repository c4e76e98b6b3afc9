package oparl

import (
	"cmp"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/minutetext"
)

// MapOptions configure how objects become records.
type MapOptions struct {
	// Location is the zone of dates without an offset; nil means
	// Europe/Berlin.
	Location *time.Location
	// BodyID picks the body when the source holds several.
	BodyID string
	// BodyName names the body when the source has no Body object (dumps of
	// meetings and papers only); it also overrides the published name.
	BodyName string
}

// Archive maps the store's live objects onto the record model. Objects that
// cannot be expressed as records are left out with an error in the report;
// adjustments (a dropped end before the start, a reference to an object the
// source does not have) are warnings. The archive is sorted and passes
// record.Validate; anything it would not pass is reported as an error.
func (s *Store) Archive(opts MapOptions) (*record.Archive, *Report) {
	rep := newReport()
	return s.archive(opts, nil, rep), rep
}

// archive maps the store. base, when not nil, holds the records an update
// starts from: references to them are kept, and Validate runs on the merge.
func (s *Store) archive(opts MapOptions, base *record.Archive, rep *Report) *record.Archive {
	loc := opts.Location
	if loc == nil {
		loc = berlin()
	}
	m := &mapper{
		s: s, opts: opts, loc: loc, rep: rep, a: &record.Archive{},
		orgs:          map[string]*record.Organization{},
		meetings:      map[string]*record.Meeting{},
		items:         map[string]*record.AgendaItem{},
		itemMeeting:   map[string]string{},
		papers:        map[string]*record.Paper{},
		hostedBy:      map[string][]*record.Meeting{},
		locations:     map[string]bool{},
		files:         map[string]bool{},
		consultations: map[string]bool{},
		known:         record.NewIndex(&record.Archive{}),
	}
	if base != nil {
		m.known = record.NewIndex(base)
	}
	m.count()
	m.typeProblems()
	m.body()
	m.organizations()
	m.meetingsAndItems()
	m.missingOrganizations()
	m.persons()
	m.papersAndConsultations()
	m.linkItemsToPapers()
	m.notKept()
	m.a.Sort()
	if base == nil {
		validate(m.a, rep)
	}
	return m.a
}

// notKept reports, once per attribute, what the source has and the record
// model has no place for, so that nothing is left out silently.
func (m *mapper) notKept() {
	type gap struct {
		kind    Kind
		what    string
		objects int
	}
	gaps := []*gap{
		{KindPaper, "underDirectionOf (the office in charge)", 0},
		{KindPaper, "relatedPaper, superordinatedPaper, subordinatedPaper (links between papers)", 0},
		{KindMeeting, "participant", 0},
		{KindAgendaItem, "start and end times", 0},
		{KindOrganization, "subOrganizationOf", 0},
	}
	for _, obj := range m.s.All(KindPaper) {
		p := obj.(*Paper)
		if len(p.UnderDirectionOf) > 0 {
			gaps[0].objects++
		}
		if len(p.RelatedPaper)+len(p.SuperordinatedPaper)+len(p.SubordinatedPaper) > 0 {
			gaps[1].objects++
		}
	}
	for _, obj := range m.s.All(KindMeeting) {
		if len(obj.(*Meeting).Participant) > 0 {
			gaps[2].objects++
		}
	}
	for _, obj := range m.s.All(KindAgendaItem) {
		if it := obj.(*AgendaItem); it.Start != "" || it.End != "" {
			gaps[3].objects++
		}
	}
	for _, obj := range m.s.All(KindOrganization) {
		if obj.(*Organization).SubOrganizationOf != "" {
			gaps[4].objects++
		}
	}
	for _, g := range gaps {
		if g.objects > 0 {
			m.rep.add(Warning, "not-kept", g.kind, "", "", "%s of %d objects not kept: the record model has no place for it", g.what, g.objects)
		}
	}
}

// validate reports what record.Validate finds: the mapping should never
// produce it, so it is an error that keeps the records from being written.
func validate(a *record.Archive, rep *Report) {
	for _, d := range record.Validate(a) {
		rep.add(Error, "invalid-record", "", "", "", "%s", d.String())
	}
}

type mapper struct {
	s    *Store
	opts MapOptions
	loc  *time.Location
	rep  *Report
	a    *record.Archive

	orgs        map[string]*record.Organization
	meetings    map[string]*record.Meeting
	items       map[string]*record.AgendaItem
	itemMeeting map[string]string // agenda item ID → meeting ID
	papers      map[string]*record.Paper
	// hostedBy lists the meetings of organizations the source does not have,
	// to name them.
	hostedBy map[string][]*record.Meeting
	// itemPaperVia remembers which consultation linked an item to its paper.
	itemPaperVia map[string]string
	// consAt locates a consultation's step in its paper's record.
	consAt map[string]int
	// locations, files and consultations are the IDs of those used, to
	// count them once.
	locations, files, consultations map[string]bool
	// known indexes the records an update starts from.
	known *record.Index
}

func (m *mapper) hasOrg(id string) bool {
	return m.orgs[id] != nil || m.known.Organizations[id] != nil
}

// meetingRec returns the meeting record with the ID, mapped now or known.
func (m *mapper) meetingRec(id string) *record.Meeting {
	if r := m.meetings[id]; r != nil {
		return r
	}
	return m.known.Meetings[id]
}

// meetingOf returns the ID of the meeting an agenda item belongs to, or "".
func (m *mapper) meetingOf(itemID string) string {
	if id, ok := m.itemMeeting[itemID]; ok {
		return id
	}
	if mt := m.known.MeetingOf[itemID]; mt != nil {
		return mt.ID
	}
	return ""
}

// count fills in Read and Deleted.
func (m *mapper) count() {
	for _, k := range Kinds {
		m.rep.Counts[k].Read = len(m.s.All(k))
	}
	for _, id := range m.s.Deleted() {
		if c := m.rep.Counts[m.s.DeletedKind(id)]; c != nil {
			c.Deleted++
		}
	}
}

// typeProblems reports fields that were skipped for having the wrong type.
func (m *mapper) typeProblems() {
	for _, k := range Kinds {
		for _, obj := range m.s.All(k) {
			for _, p := range obj.Base().problems {
				m.rep.warnf("wrong-type", obj, "%s: skipped", p)
			}
		}
	}
}

func (m *mapper) body() {
	bodies := m.s.All(KindBody)
	var b *Body
	switch {
	case m.opts.BodyID != "":
		if obj := m.s.Get(KindBody, m.opts.BodyID); obj != nil {
			b = obj.(*Body)
		} else {
			m.rep.add(Error, "no-body", KindBody, m.opts.BodyID, "", "the source has no such body")
		}
	case len(bodies) == 1:
		b = bodies[0].(*Body)
	case len(bodies) > 1:
		ids := make([]string, len(bodies))
		for i, o := range bodies {
			ids[i] = o.Base().ID
		}
		m.rep.add(Error, "several-bodies", KindBody, "", "", "the source holds %d bodies (%s): choose one", len(bodies), strings.Join(ids, ", "))
	}
	if b != nil {
		m.a.Body = record.Body{ID: b.ID, Name: clean(b.Name), ShortName: clean(b.ShortName), Website: b.Website}
		m.rep.Counts[KindBody].Imported = 1
		if n := len(b.LegislativeTerm); n > 0 {
			m.rep.add(Warning, "legislative-terms", KindBody, b.ID, b.src, "%d legislative terms not kept: the record model has no place for them", n)
		}
	} else {
		m.a.Body.ID = m.guessBodyID()
	}
	if m.opts.BodyName != "" {
		m.a.Body.Name = m.opts.BodyName
	}
	if m.a.Body.Name == "" {
		name := m.a.Body.ID
		if u, err := url.Parse(name); err == nil && u.Host != "" {
			name = u.Host
		}
		if name == "" {
			name = "OParl"
		}
		m.a.Body.Name = name
		m.rep.add(Warning, "body-name", KindBody, m.a.Body.ID, "", "the source has no Body object with a name; named it %q (set a name with --body-name)", name)
	}
}

// guessBodyID finds the body that the source's objects point to.
func (m *mapper) guessBodyID() string {
	counts := map[string]int{}
	for _, k := range []Kind{KindOrganization, KindPerson, KindPaper, KindFile} {
		for _, obj := range m.s.All(k) {
			var body string
			switch o := obj.(type) {
			case *Organization:
				body = o.Body
			case *Person:
				body = o.Body
			case *Paper:
				body = o.Body
			}
			if body != "" {
				counts[body]++
			}
		}
	}
	best := ""
	for id, n := range counts {
		if best == "" || n > counts[best] || n == counts[best] && id < best {
			best = id
		}
	}
	return best
}

func (m *mapper) organizations() {
	for _, obj := range m.s.All(KindOrganization) {
		o := obj.(*Organization)
		if clean(o.Name) == "" {
			m.rep.errorf("no-name", o, "no name: organizations need one")
			m.rep.Counts[KindOrganization].Failed++
			continue
		}
		start, end := m.span(o, o.StartDate, o.EndDate)
		rec := &record.Organization{
			ID: o.ID, Name: clean(o.Name), ShortName: clean(o.ShortName),
			OrganizationType: clean(o.OrganizationType), Classification: clean(o.Classification),
			Start: start, End: end, Website: o.Website,
		}
		m.orgs[o.ID] = rec
		m.a.Organizations = append(m.a.Organizations, rec)
		m.rep.Counts[KindOrganization].Imported++
	}
}

// span parses a start and end; an end before the start is dropped with a
// warning, since records cannot hold it.
func (m *mapper) span(obj Object, startS, endS string) (start, end time.Time) {
	start = m.time(obj, "start", startS)
	end = m.time(obj, "end", endS)
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		m.rep.warnf("end-before-start", obj, "end %s is before start %s: end left out", endS, startS)
		end = time.Time{}
	}
	return start, end
}

func (m *mapper) time(obj Object, field, s string) time.Time {
	if strings.TrimSpace(s) == "" {
		return time.Time{}
	}
	t, err := parseTime(s, m.loc)
	if err != nil {
		m.rep.warnf("bad-date", obj, "%s %q is not an OParl date or date-time: left out", field, s)
	}
	return t
}

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
		MeetingState: clean(mt.MeetingState), Cancelled: mt.Cancelled, Public: true,
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

// appendFile adds the file r names, when the source has it and it is not
// deleted.
func (m *mapper) appendFile(files []record.File, r Ref[File]) []record.File {
	f := m.file(r)
	if f == nil {
		return files
	}
	for _, have := range files {
		if have.ID == f.ID {
			return files
		}
	}
	if !m.files[f.ID] {
		m.files[f.ID] = true
		m.rep.Counts[KindFile].Imported++
	}
	return append(files, record.File{
		ID: f.ID, Name: or(clean(f.Name), clean(f.FileName)), MimeType: f.MimeType,
		AccessURL: or(f.AccessURL, f.DownloadURL), Text: f.Text, Date: m.time(f, "date", f.Date),
	})
}

func (m *mapper) file(r Ref[File]) *File {
	if r.ID == "" {
		return r.Obj
	}
	if obj := m.s.Get(KindFile, r.ID); obj != nil {
		return obj.(*File)
	}
	if m.s.IsDeleted(r.ID) {
		return nil
	}
	return r.Obj
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
	for i, it := range items {
		name := clean(it.Name)
		if name == "" {
			m.rep.errorf("no-name", it, "no name: agenda items need one")
			m.rep.Counts[KindAgendaItem].Failed++
			continue
		}
		r := &record.AgendaItem{
			ID: it.ID, Number: clean(it.Number), Order: i + 1, Name: name, Public: true,
			Result: clean(it.Result), ResolutionText: strings.TrimSpace(it.ResolutionText),
		}
		if allOrdered {
			r.Order = it.Order
		}
		if it.Public != nil {
			r.Public = *it.Public
		}
		r.ResultCategory = record.ClassifyResult(r.Result)
		r.Votes = votesOf(r.Result)
		r.Files = m.appendFile(r.Files, it.ResolutionFile)
		for _, f := range it.AuxiliaryFile {
			r.Files = m.appendFile(r.Files, f)
		}
		rec.AgendaItems = append(rec.AgendaItems, r)
		m.items[it.ID] = r
		m.itemMeeting[it.ID] = mt.ID
		m.rep.Counts[KindAgendaItem].Imported++
	}
	explicit := slices.ContainsFunc(items, func(it *AgendaItem) bool { return it.Public != nil })
	if !explicit {
		if n, marker := markClosedPart(rec.AgendaItems); n > 0 {
			m.rep.warnf("closed-part", mt, "%d agenda items from %q on marked public = false: the source does not say whether items are public, but its agenda does", n, marker)
		}
	}
}

// markClosedPart marks the agenda items of a meeting's closed part as not
// public: those from a heading item such as "B Nichtöffentliche Sitzung" or
// "- nicht öffentlicher Teil -" up to a heading of a public part. Servers
// that leave out `public` (Hürtgenwald, Nordstemmen) still publish these
// items' titles, and ratsarchiv must not. It returns how many items it
// marked and the first heading.
func markClosedPart(items []*record.AgendaItem) (n int, marker string) {
	closed := false
	for _, it := range items {
		switch partHeading(it.Name) {
		case "closed":
			closed = true
			if marker == "" {
				marker = it.Name
			}
		case "open":
			closed = false
		}
		if closed {
			it.Public = false
			n++
		}
	}
	return n, marker
}

// partHeading tells agenda items that head the public ("open") or the
// closed part of a meeting from ordinary items ("").
func partHeading(name string) string {
	s := strings.ToLower(strings.Trim(clean(name), "-–: "))
	s = strings.Join(strings.Fields(s), " ")
	for _, closed := range []string{"nichtöffentliche sitzung", "nicht öffentliche sitzung", "nichtöffentlicher teil", "nicht öffentlicher teil", "nichtöffentlicher sitzungsteil", "nicht öffentlicher sitzungsteil"} {
		if s == closed {
			return "closed"
		}
	}
	for _, open := range []string{"öffentliche sitzung", "öffentlicher teil", "öffentlicher sitzungsteil"} {
		if s == open {
			return "open"
		}
	}
	return ""
}

// votesOf reads the vote from a published result, which servers often
// give as "13 Ja-Stimmen, 0 Enthaltungen, 0 Nein-Stimmen" or "einstimmig";
// nil when it names none.
func votesOf(result string) *record.Votes {
	if result == "" {
		return nil
	}
	it, err := minutetext.ParseItem(result)
	if err != nil {
		return nil
	}
	return it.Votes
}

// missingOrganizations makes records for organizations that meetings name
// but the source lacks (dumps of meetings and papers only), named after
// their most recent meeting.
func (m *mapper) missingOrganizations() {
	for _, id := range sortedKeys(m.hostedBy) {
		ms := m.hostedBy[id]
		latest := slices.MaxFunc(ms, func(a, b *record.Meeting) int {
			return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID))
		})
		name := organizationName(latest.Name)
		m.rep.add(Warning, "organization-from-meetings", KindOrganization, id, "",
			"not in the source, named %q after its meeting %q", name, latest.Name)
		rec := &record.Organization{ID: id, Name: name}
		m.orgs[id] = rec
		m.a.Organizations = append(m.a.Organizations, rec)
	}
}

var trailingParens = regexp.MustCompile(`\s*\([^()]*\)\s*$`)

// organizationName strips what a meeting's name adds to its committee's:
// "Ortsrat Adensen (7. Sitzung)" → "Ortsrat Adensen".
func organizationName(meeting string) string {
	name := meeting
	for {
		stripped := trailingParens.ReplaceAllString(name, "")
		if stripped == name || strings.TrimSpace(stripped) == "" {
			break
		}
		name = stripped
	}
	return strings.TrimSpace(name)
}

func (m *mapper) persons() {
	byPerson := map[string][]*Membership{}
	for _, obj := range m.s.All(KindMembership) {
		ms := obj.(*Membership)
		byPerson[ms.Person] = append(byPerson[ms.Person], ms)
	}
	for _, obj := range m.s.All(KindPerson) {
		p := obj.(*Person)
		name := clean(p.Name)
		if name == "" {
			name = strings.Join(nonEmpty(clean(strings.Join(p.Title, " ")), clean(p.GivenName), clean(p.FamilyName)), " ")
		}
		if name == "" {
			m.rep.errorf("no-name", p, "no name: persons need one")
			m.rep.Counts[KindPerson].Failed++
			continue
		}
		rec := &record.Person{
			ID: p.ID, Name: name, FormOfAddress: clean(p.FormOfAddress), Title: clean(strings.Join(p.Title, " ")),
			GivenName: clean(p.GivenName), FamilyName: clean(p.FamilyName),
		}
		memberships := byPerson[p.ID]
		sortEmbeddedFirst(memberships, p.Membership.IDs(), func(ms *Membership) string { return ms.ID },
			func(a, b *Membership) int { return cmp.Compare(a.ID, b.ID) })
		for _, ms := range memberships {
			if !m.hasOrg(ms.Organization) {
				m.rep.warnf("unknown-ref", ms, "organization %q is not in the source: membership left out", ms.Organization)
				m.rep.Counts[KindMembership].Skipped++
				continue
			}
			start, end := m.span(ms, ms.StartDate, ms.EndDate)
			voting := true
			if ms.VotingRight != nil {
				voting = *ms.VotingRight
			}
			rec.Memberships = append(rec.Memberships, record.Membership{
				Organization: ms.Organization, Role: clean(ms.Role), VotingRight: voting, Start: start, End: end,
			})
			m.rep.Counts[KindMembership].Imported++
		}
		delete(byPerson, p.ID)
		m.a.Persons = append(m.a.Persons, rec)
		m.rep.Counts[KindPerson].Imported++
	}
	for _, pid := range sortedKeys(byPerson) {
		for _, ms := range byPerson[pid] {
			if m.s.IsDeleted(pid) {
				continue
			}
			m.rep.warnf("orphan", ms, "its person %q is not in the source: left out", pid)
			m.rep.Counts[KindMembership].Skipped++
		}
	}
}

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
			Date: m.time(p, "date", p.Date), Public: true,
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

// sortEmbeddedFirst orders objects as the list that embeds them (the
// meeting's agendaItem, the paper's consultation), followed by those that
// came on their own, in the order rest gives.
func sortEmbeddedFirst[T any](xs []T, embedded []string, id func(T) string, rest func(a, b T) int) {
	pos := make(map[string]int, len(embedded))
	for i, e := range embedded {
		if _, ok := pos[e]; !ok {
			pos[e] = i
		}
	}
	slices.SortStableFunc(xs, func(a, b T) int {
		pa, oka := pos[id(a)]
		pb, okb := pos[id(b)]
		switch {
		case oka && okb:
			return cmp.Compare(pa, pb)
		case oka:
			return -1
		case okb:
			return 1
		}
		return rest(a, b)
	})
}

// clean trims a one-line value and collapses the non-breaking spaces some
// servers pad fields with.
func clean(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " "))
}

func nonEmpty(ss ...string) []string {
	out := ss[:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// parseTime reads an OParl date ("2024-03-12") or date-time
// ("2024-03-12T17:00:00+01:00"). Date-times keep their offset; values
// without one are in loc.
func parseTime(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05.999999999"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	// A date-time with a zone that RFC 3339 refuses (+0100).
	if t, err := time.Parse("2006-01-02T15:04:05-0700", s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("bad date %q", s)
}

func berlin() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.UTC
	}
	return loc
}
