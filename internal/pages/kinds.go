package pages

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// Kinds of pages, as templates see them in .Params.kind.
const (
	kindHome      = "home"
	kindSection   = "section"
	kindMeeting   = "meeting"
	kindItem      = "agendaItem"
	kindPaper     = "paper"
	kindCommittee = "committee"
	kindPerson    = "person"
	kindYear      = "year"
)

func (g *generator) home() {
	p := homeParams{Kind: kindHome, Body: g.a.Body.Name, Website: record.WebURL(g.a.Body.Website), Web: record.WebURL(g.a.Body.Web)}
	ms := g.a.Meetings // by start
	for _, m := range ms {
		if !m.Start.Before(g.opts.Now) && len(p.Upcoming) < g.opts.Latest {
			p.Upcoming = append(p.Upcoming, g.meetingRow(m))
		}
	}
	for i := len(ms) - 1; i >= 0; i-- {
		m := ms[i]
		if m.Start.Before(g.opts.Now) {
			if len(p.Recent) < g.opts.Latest {
				p.Recent = append(p.Recent, g.meetingRow(m))
			}
			for _, it := range m.AgendaItems {
				if it.ResultCategory != record.ResultNone && len(p.Decisions) < g.opts.Latest {
					p.Decisions = append(p.Decisions, decisionRow{itemRow: g.itemRow(it), Date: date(m.Start), Meeting: g.meetingLink(m)})
				}
			}
		}
		for _, it := range m.AgendaItems {
			p.Stats.AgendaItems++
			if it.ResultCategory != record.ResultNone {
				p.Stats.Decisions++
			}
		}
	}
	p.Stats.Meetings = len(ms)
	p.Stats.Papers = len(g.a.Papers)
	p.Committees = g.committeeRows()
	p.Stats.Committees = len(p.Committees)
	p.Years = g.yearRows()
	p.Feed = g.feedOf(g.entryID("feed", ""), g.a.Meetings)
	g.add("_index.md", "", frontMatter{Title: g.a.Body.Name, Params: p})
}

// committeeRows lists every organization in the archive's order (by name)
// with its number of meetings and the day of its last one.
func (g *generator) committeeRows() []committeeRow {
	var rows []committeeRow
	for _, o := range g.a.Organizations {
		ms := g.meetingsByOrg[o.ID]
		row := committeeRow{link: g.orgLink(o.ID), Classification: o.Classification, Meetings: len(ms)}
		if len(ms) > 0 {
			row.Last = date(ms[len(ms)-1].Start)
		}
		rows = append(rows, row)
	}
	return rows
}

func (g *generator) yearRows() []yearRow {
	rows := make([]yearRow, 0, len(g.years))
	for _, y := range g.years {
		rows = append(rows, yearRow{Year: y, URL: rel(permalink.Year(y)), Meetings: len(g.meetingsByYear[y]), Papers: len(g.papersByYear[y])})
	}
	return rows
}

// listLatest bounds the meetings and papers listed on the index pages of
// their sections; the year pages list all.
const listLatest = 100

// sections writes the index page of every section, so that no URL a reader
// can reach by shortening another one is a 404.
func (g *generator) sections() {
	years := g.yearRows()
	var persons []personRow
	for _, p := range g.a.Persons {
		persons = append(persons, personRow{link: g.personLink(p.ID), Faction: g.faction(p)})
	}
	meetings := sectionParams{Section: permalink.MeetingsSection, Years: years, Total: len(g.a.Meetings)}
	hosts := map[string]bool{}
	addHosts := func(m *record.Meeting) {
		for _, o := range m.Organizations {
			hosts[o] = true
		}
	}
	for _, m := range g.a.Meetings { // by start
		if !m.Start.Before(g.opts.Now) && len(meetings.Upcoming) < listLatest {
			meetings.Upcoming = append(meetings.Upcoming, g.meetingRow(m))
			addHosts(m)
		}
	}
	for i := len(g.a.Meetings) - 1; i >= 0 && len(meetings.Recent) < listLatest; i-- {
		if m := g.a.Meetings[i]; m.Start.Before(g.opts.Now) {
			meetings.Recent = append(meetings.Recent, g.meetingRow(m))
			addHosts(m)
		}
	}
	for _, o := range g.a.Organizations { // by name
		if hosts[o.ID] {
			meetings.Hosts = append(meetings.Hosts, g.orgLink(o.ID))
		}
	}
	papers := sectionParams{Section: permalink.PapersSection, Years: years, Total: len(g.a.Papers)}
	for i := len(g.a.Papers) - 1; i >= 0 && len(papers.Papers) < listLatest; i-- {
		papers.Papers = append(papers.Papers, g.paperRow(g.a.Papers[i]))
	}
	for _, s := range []sectionParams{
		meetings,
		{Section: permalink.ItemsSection, Years: years},
		papers,
		{Section: permalink.YearsSection, Years: years},
		{Section: permalink.OrganizationsSection, Committees: g.committeeRows()},
		{Section: permalink.PersonsSection, Persons: persons},
	} {
		s.Kind = kindSection
		g.add(s.Section+"/_index.md", "", frontMatter{Title: s.Section, Params: s})
	}
}

func (g *generator) organization(o *record.Organization) {
	p := committeeParams{
		Kind: kindCommittee, ID: o.ID, ShortName: o.ShortName, Classification: o.Classification,
		OrganizationType: o.OrganizationType, Start: date(o.Start), End: date(o.End),
		Website: record.WebURL(o.Website), Web: record.WebURL(o.Web), Members: g.membersByOrg[o.ID],
	}
	ms := g.meetingsByOrg[o.ID]
	p.Meetings = len(ms)
	for i := len(ms) - 1; i >= 0; i-- { // newest first
		y := ms[i].Start.Year()
		if n := len(p.Years); n == 0 || p.Years[n-1].Year != y {
			p.Years = append(p.Years, meetingYear{Year: y})
		}
		last := &p.Years[len(p.Years)-1]
		last.Meetings = append(last.Meetings, g.meetingRow(ms[i]))
	}
	fm := frontMatter{Title: o.Name, Params: &p}
	if len(ms) > 0 {
		p.Feed = g.feedOf(g.entryID("committeeFeed", o.ID), ms)
		fm.Outputs = feedOutputs
	}
	g.add(contentPath(permalink.Organization(o.ID)), o.ID, fm)
}

func (g *generator) person(pr *record.Person) {
	p := personParams{Kind: kindPerson, ID: pr.ID, FormOfAddress: pr.FormOfAddress, Faction: g.faction(pr), Web: record.WebURL(pr.Web)}
	for _, ms := range pr.Memberships {
		p.Memberships = append(p.Memberships, membershipRow{Committee: g.orgLink(ms.Organization), Role: ms.Role, Start: date(ms.Start), End: date(ms.End)})
	}
	items := g.itemsByPerson[pr.ID]
	for i := len(items) - 1; i >= 0; i-- { // newest first
		m := g.ix.MeetingOf[items[i].ID]
		p.Items = append(p.Items, decisionRow{itemRow: g.itemRow(items[i]), Date: date(m.Start), Meeting: g.meetingLink(m)})
	}
	g.add(contentPath(permalink.Person(pr.ID)), pr.ID, frontMatter{Title: pr.DisplayName(), Params: p})
}

func (g *generator) meeting(m *record.Meeting) {
	p := meetingParams{
		Kind: kindMeeting, ID: m.ID, Start: date(m.Start), End: date(m.End), Location: m.Location,
		State: m.MeetingState, Cancelled: m.Cancelled, Closed: m.ClosedSession, Committees: g.orgLinks(m.Organizations),
		Files: g.files(m.Files), Web: record.WebURL(m.Web), Year: link{Title: strconv.Itoa(m.Start.Year()), URL: rel(permalink.Year(m.Start.Year()))},
	}
	p.Agenda = g.agenda(m)
	for _, h := range m.Headings { // attendance lists and the like: the meeting's
		p.Files = append(p.Files, g.files(h.Files)...)
	}
	// Previous and next meeting of the hosting committee.
	if len(m.Organizations) > 0 {
		ms, i := g.meetingsByOrg[m.Organizations[0]], g.hostPos[m]
		if i > 0 {
			l := g.meetingLink(ms[i-1])
			p.Prev = &l
		}
		if i+1 < len(ms) {
			l := g.meetingLink(ms[i+1])
			p.Next = &l
		}
	}
	g.add(contentPath(permalink.Meeting(m.ID)), m.ID, frontMatter{
		Title: m.Name, Date: date(m.Start), Description: g.describeMeeting(m), Params: p,
	})
}

// agenda is the meeting's items in parts: the items before the first
// heading (without a heading), then each heading with the items of greater
// order up to the next. A heading stands before an item of the same order.
func (g *generator) agenda(m *record.Meeting) []agendaPart {
	parts := []agendaPart{{}}
	heads := m.Headings
	for _, it := range m.AgendaItems {
		for len(heads) > 0 && heads[0].Order <= it.Order {
			parts = append(parts, agendaPart{Heading: headingRowOf(heads[0])})
			heads = heads[1:]
		}
		last := &parts[len(parts)-1]
		last.Items = append(last.Items, g.itemRow(it))
	}
	for _, h := range heads {
		parts = append(parts, agendaPart{Heading: headingRowOf(h)})
	}
	if len(parts[0].Items) == 0 {
		parts = parts[1:]
	}
	if len(parts) == 0 {
		return nil
	}
	return parts
}

func headingRowOf(h *record.Heading) *headingRow {
	return &headingRow{Number: h.Number, Title: h.Name, Closed: h.ClosedSession}
}

// describeMeeting is a meeting's plain-text description: name, committees
// and day.
func (g *generator) describeMeeting(m *record.Meeting) string {
	var names []string
	for _, l := range g.orgLinks(m.Organizations) {
		names = append(names, l.Title)
	}
	return strings.TrimSpace(m.Name + " – " + strings.Join(names, ", ") + " – " + m.Start.Format("02.01.2006"))
}

func (g *generator) agendaItem(m *record.Meeting, i int, it *record.AgendaItem) {
	p := itemParams{
		Kind: kindItem, ID: it.ID, Number: it.Number, Closed: it.ClosedSession, Result: it.Result, Category: string(it.ResultCategory),
		Resolution: splitText(it.ResolutionText), Minutes: splitText(it.Minutes), Speakers: it.Speakers,
		Files: g.files(it.Files), Web: record.WebURL(it.Web), Meeting: g.meetingLink(m), Start: date(m.Start), Committees: g.orgLinks(m.Organizations),
	}
	p.Votes = votesOf(it.Votes)
	for _, m := range it.Motions {
		p.Motions = append(p.Motions, motionRow{Text: m.Text, Level: m.Level, Category: string(m.Category), Votes: votesOf(m.Votes)})
	}
	for _, pid := range uniq(it.Persons) {
		p.Persons = append(p.Persons, g.personLink(pid))
	}
	p.Paper = g.paperRef(it.Paper)
	if i > 0 {
		r := g.itemRow(m.AgendaItems[i-1])
		p.Prev = &r
	}
	if i+1 < len(m.AgendaItems) {
		r := g.itemRow(m.AgendaItems[i+1])
		p.Next = &r
	}
	desc := it.ResolutionText
	if desc == "" {
		desc = it.Minutes
	}
	g.add(contentPath(permalink.AgendaItem(it.ID)), it.ID, frontMatter{
		Title: it.Name, Date: date(m.Start), Description: truncate(desc, 200), Params: p,
	})
}

func (g *generator) paper(pp *record.Paper) {
	p := paperParams{
		Kind: kindPaper, ID: pp.ID, Reference: pp.Reference, PaperType: pp.PaperType, Date: date(pp.Date),
		Originators: pp.Originators, Text: splitText(pp.Text), Consultations: g.consultations(pp), Web: record.WebURL(pp.Web),
	}
	if it, decided := g.ix.Outcome(pp); it != nil {
		m := g.ix.MeetingOf[it.ID]
		p.Outcome = &outcome{Result: rowResult(it), Category: string(it.ResultCategory), Decided: decided,
			Item: link{Title: it.Name, URL: rel(permalink.AgendaItem(it.ID))}, Number: it.Number,
			Meeting: g.meetingLink(m), Date: date(m.Start), Committees: g.orgLinks(m.Organizations)}
	}
	for _, f := range pp.Files {
		p.Files = append(p.Files, paperFile{fileRow: g.fileRow(f), Text: splitText(f.Text)})
	}
	g.add(contentPath(permalink.Paper(pp.ID)), pp.ID, frontMatter{
		Title: pp.Name, Date: date(pp.Date), Description: truncate(pp.Text, 200), Params: p,
	})
}

// consultations is the paper's path through the committees: every agenda
// item that deliberated it, with the role its consultation gives, then the
// consultations not (yet) on any agenda. Ordered by date.
func (g *generator) consultations(pp *record.Paper) []consultationRow {
	var rows []consultationRow
	used := make([]bool, len(pp.Consultations))
	match := func(it *record.AgendaItem, m *record.Meeting) (string, bool) {
		for i, c := range pp.Consultations {
			if !used[i] && (c.AgendaItem == it.ID || (c.AgendaItem == "" && c.Meeting == m.ID)) {
				used[i] = true
				return c.Role, c.Authoritative
			}
		}
		return "", false
	}
	for _, it := range g.ix.ItemsOfPaper[pp.ID] { // in meeting order
		m := g.ix.MeetingOf[it.ID]
		role, auth := match(it, m)
		ml := g.meetingLink(m)
		row := g.itemRow(it)
		rows = append(rows, consultationRow{Date: date(m.Start), Committees: g.orgLinks(m.Organizations), Meeting: &ml, Item: &row, Role: role, Authoritative: auth})
	}
	for i, c := range pp.Consultations {
		if used[i] {
			continue
		}
		row := consultationRow{Role: c.Role, Authoritative: c.Authoritative}
		if c.Organization != "" {
			row.Committees = g.orgLinks([]string{c.Organization})
		}
		if m, ok := g.ix.Meetings[c.Meeting]; ok {
			ml := g.meetingLink(m)
			row.Meeting, row.Date = &ml, date(m.Start)
			if len(row.Committees) == 0 {
				row.Committees = g.orgLinks(m.Organizations)
			}
		}
		if it, ok := g.ix.AgendaItems[c.AgendaItem]; ok {
			r := g.itemRow(it)
			row.Item = &r
		}
		rows = append(rows, row)
	}
	// By date; undated (planned) steps keep their order at the end.
	slices.SortStableFunc(rows, func(a, b consultationRow) int {
		switch {
		case a.Date == b.Date:
			return 0
		case a.Date == "":
			return 1
		case b.Date == "":
			return -1
		}
		return strings.Compare(a.Date, b.Date)
	})
	return rows
}

func (g *generator) year(y int) {
	p := yearParams{Kind: kindYear, Year: y}
	for _, m := range g.meetingsByYear[y] {
		p.Meetings = append(p.Meetings, g.meetingRow(m))
	}
	for _, pp := range g.papersByYear[y] {
		p.Papers = append(p.Papers, g.paperRow(pp))
	}
	// g.years is newest first.
	for i, other := range g.years {
		if other == y {
			if i+1 < len(g.years) {
				p.Prev = &link{Title: strconv.Itoa(g.years[i+1]), URL: rel(permalink.Year(g.years[i+1]))}
			}
			if i > 0 {
				p.Next = &link{Title: strconv.Itoa(g.years[i-1]), URL: rel(permalink.Year(g.years[i-1]))}
			}
		}
	}
	g.add(contentPath(permalink.Year(y)), strconv.Itoa(y), frontMatter{Title: strconv.Itoa(y), Params: p})
}

// Rows and links shared by several pages.

func (g *generator) meetingRow(m *record.Meeting) meetingRow {
	return meetingRow{Title: m.Name, URL: rel(permalink.Meeting(m.ID)), Start: date(m.Start), Committees: g.orgLinks(m.Organizations), Cancelled: m.Cancelled, Items: len(m.AgendaItems)}
}

func (g *generator) paperRow(pp *record.Paper) paperRow {
	row := paperRow{Reference: pp.Reference, Title: pp.Name, URL: rel(permalink.Paper(pp.ID)), PaperType: pp.PaperType, Date: date(pp.Date)}
	if it, _ := g.ix.Outcome(pp); it != nil {
		row.Result, row.Category = rowResult(it), string(it.ResultCategory)
	}
	return row
}

// faction is the Fraktion a person belongs to: a membership in an
// organization whose type or classification is "Fraktion" (any case), the
// one still open on the build day (the latest begun of them), else the one
// that ended last. Nil when the records name none.
func (g *generator) faction(p *record.Person) *link {
	var best *record.Membership
	open := func(ms *record.Membership) bool { return ms.End.IsZero() || !ms.End.Before(g.opts.Now) }
	for i := range p.Memberships {
		ms := &p.Memberships[i]
		o, ok := g.ix.Organizations[ms.Organization]
		if !ok || (!strings.EqualFold(o.OrganizationType, "Fraktion") && !strings.EqualFold(o.Classification, "Fraktion")) {
			continue
		}
		switch {
		case best == nil:
			best = ms
		case open(ms) != open(best):
			if open(ms) {
				best = ms
			}
		case open(ms):
			if ms.Start.After(best.Start) {
				best = ms
			}
		case ms.End.After(best.End):
			best = ms
		}
	}
	if best == nil {
		return nil
	}
	l := g.orgLink(best.Organization)
	return &l
}

func (g *generator) meetingLink(m *record.Meeting) link {
	return link{Title: m.Name, URL: rel(permalink.Meeting(m.ID))}
}

func (g *generator) itemRow(it *record.AgendaItem) itemRow {
	return itemRow{Number: it.Number, Title: it.Name, URL: rel(permalink.AgendaItem(it.ID)), Result: rowResult(it), Category: string(it.ResultCategory), Paper: g.paperRef(it.Paper), Closed: it.ClosedSession}
}

// rowResult is an item's result where a row has room for one line: a
// result of several motions is its first line, continued on the item's
// page.
func rowResult(it *record.AgendaItem) string {
	if len(it.Motions) > 0 {
		return it.Motions[0].Text + " …"
	}
	return it.Result
}

func (g *generator) paperRef(id string) *paperRef {
	pp, ok := g.ix.Papers[id]
	if !ok {
		return nil
	}
	return &paperRef{Reference: pp.Reference, Title: pp.Name, URL: rel(permalink.Paper(pp.ID))}
}

func (g *generator) orgLink(id string) link {
	if o, ok := g.ix.Organizations[id]; ok {
		return link{Title: o.DisplayName(), URL: rel(permalink.Organization(id))}
	}
	return link{Title: id}
}

func (g *generator) orgLinks(ids []string) []link {
	out := make([]link, 0, len(ids))
	for _, id := range ids {
		out = append(out, g.orgLink(id))
	}
	return out
}

func (g *generator) personLink(id string) link {
	if p, ok := g.ix.Persons[id]; ok {
		return link{Title: p.DisplayName(), URL: rel(permalink.Person(id))}
	}
	return link{Title: id}
}

func votesOf(v *record.Votes) *votes {
	if v == nil {
		return nil
	}
	return &votes{Yes: v.Yes, No: v.No, Abstain: v.Abstain, Unanimous: v.Unanimous}
}

func (g *generator) files(fs []record.File) []fileRow {
	var out []fileRow
	for _, f := range fs {
		out = append(out, g.fileRow(f))
	}
	return out
}

// fileRow links a file to the site's copy when it has one, naming the
// source's link beside it, else to the source.
func (g *generator) fileRow(f record.File) fileRow {
	name := f.Name
	if name == "" {
		name = f.ID
	}
	row := fileRow{Name: name, URL: record.WebURL(f.AccessURL), MimeType: f.MimeType}
	if c, ok := g.opts.Copies[f.Copy]; ok && f.Copy != "" {
		row.URL, row.Source = c, row.URL
	}
	return row
}

// splitText splits plain text into paragraphs (at blank lines and page
// breaks) of lines.
func splitText(s string) text {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, record.PageBreak, "\n\n")
	var out text
	var para []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimRight(line, " \t\r")
		if strings.TrimSpace(line) == "" {
			if len(para) > 0 {
				out = append(out, para)
				para = nil
			}
			continue
		}
		para = append(para, line)
	}
	if len(para) > 0 {
		out = append(out, para)
	}
	return out
}

// truncate shortens s to about n bytes at a word boundary, for descriptions.
func truncate(s string, n int) string {
	return cut(joinWords(s, n), n)
}

// joinWords joins the words of s by single spaces, as far as truncate to
// n bytes may keep them: a record's text can be long.
func joinWords(s string, n int) string {
	var b strings.Builder
	for f := range strings.FieldsSeq(s) {
		if b.Len() > n {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	return b.String()
}

// cut shortens s, words joined by single spaces, to about n bytes.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	end := n
	for end > 0 && !utf8.RuneStart(s[end]) {
		end--
	}
	if i := strings.LastIndexByte(s[:end], ' '); i > n/2 {
		end = i
	}
	return s[:end] + " …"
}
