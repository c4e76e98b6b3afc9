package gen

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// fill sets the agenda of one meeting: the formal items every meeting has,
// the papers waiting for this committee, new papers, motions, reports and
// inquiries, and sometimes a non-public part at the end.
func (p *plan) fill(m *meetingPlan) {
	if m.rec.Cancelled {
		return
	}
	o, r := m.org, p.r
	front := []itemKind{kindOpening}
	if o.last != nil && r.chance(75) {
		front = append(front, kindMinutes)
	}
	local := o.spec.classification == "Rat" || o.spec.classification == "Ortsrat"
	if local && m.rec.Public && r.chance(40) {
		front = append(front, kindQuestions)
	}
	var back []itemKind
	if r.chance(75) {
		back = append(back, kindAnnouncement)
	}
	if r.chance(55) {
		back = append(back, kindQuestions)
	}
	closed := 0
	if m.rec.Public && r.chance(30) {
		closed = r.between(1, 3)
	}
	// Small meetings drop formal items first.
	for m.size-len(front)-len(back)-closed < 1 {
		switch {
		case len(back) > 0:
			back = back[:len(back)-1]
		case closed > 0:
			closed--
		case len(front) > 1:
			front = front[:len(front)-1]
		default:
			front = nil
		}
	}
	content := m.size - len(front) - len(back) - closed

	var items []*itemPlan
	for _, k := range front {
		items = append(items, p.formalItem(m, k, true))
	}
	if !m.rec.Public {
		for range content {
			items = append(items, p.closedItem(m))
		}
	} else {
		// Papers waiting for this committee, oldest first.
		var waiting []*step
		for _, s := range o.queue {
			if len(waiting) < content && !s.notBefore.After(m.rec.Start) {
				waiting = append(waiting, s)
			}
		}
		o.queue = slices.DeleteFunc(o.queue, func(s *step) bool { return slices.Contains(waiting, s) })
		for _, s := range waiting {
			items = append(items, p.stepItem(m, s))
		}
		for range content - len(waiting) {
			items = append(items, p.newContent(m))
		}
	}
	for _, k := range back {
		items = append(items, p.formalItem(m, k, false))
	}
	for range closed {
		items = append(items, p.closedItem(m))
	}
	p.number(m, items)
	m.items = items
	o.last = m
}

// number gives the items their order, number and ID. A fifth of the
// meetings write "Ö 1"; closed-session items are numbered "N 1", "N 2".
// A meeting with a closed part divides its agenda by headings, as
// Hürtgenwald's does: "A Öffentliche Sitzung", "B Nichtöffentliche
// Sitzung"; items and headings share the orders.
func (p *plan) number(m *meetingPlan, items []*itemPlan) {
	prefix := ""
	if p.r.chance(20) {
		prefix = "Ö "
	}
	parts := m.rec.Public && slices.ContainsFunc(items, func(it *itemPlan) bool { return it.rec.ClosedSession })
	order := 0
	heading := func(number, name string, closed bool) {
		order++
		m.rec.Headings = append(m.rec.Headings, &record.Heading{
			ID: m.rec.ID + "-" + strings.ToLower(number), Number: number, Order: order, Name: name, ClosedSession: closed,
		})
	}
	if parts {
		heading("A", "Öffentliche Sitzung", false)
	}
	pub, closed := 0, 0
	for i, it := range items {
		rec := it.rec
		if parts && rec.ClosedSession && closed == 0 {
			heading("B", "Nichtöffentliche Sitzung", true)
		}
		order++
		rec.Order = order
		rec.ID = m.rec.ID + "-" + strconv.Itoa(i+1)
		if !rec.ClosedSession || !m.rec.Public {
			pub++
			rec.Number = prefix + strconv.Itoa(pub)
		} else {
			closed++
			rec.Number = "N " + strconv.Itoa(closed)
		}
		if !m.rec.Public { // a committee that meets in closed session: withheld
			rec.Public, rec.ClosedSession = false, false
		}
		m.rec.AgendaItems = append(m.rec.AgendaItems, rec)
	}
}

func (p *plan) newItem(m *meetingPlan, k itemKind) *itemPlan {
	it := &itemPlan{index: p.items, kind: k, meeting: m, chair: m.org.members[m.period][0]}
	p.items++
	it.rec = &record.AgendaItem{Public: true}
	return it
}

func (p *plan) formalItem(m *meetingPlan, k itemKind, front bool) *itemPlan {
	it := p.newItem(m, k)
	r := p.r
	it.topic = p.topic(m.org)
	switch k {
	case kindOpening:
		it.rec.Name = pick(r, []string{
			"Eröffnung der Sitzung", "Eröffnung und Begrüßung",
			"Eröffnung, Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit",
			"Eröffnung der Sitzung und Feststellung der Tagesordnung",
		})
	case kindMinutes:
		it.prev = m.org.last.rec.Start
		it.rec.Name = "Genehmigung der Niederschrift über die Sitzung vom " + it.prev.Format("02.01.2006")
	case kindAnnouncement:
		it.rec.Name = pick(r, []string{"Mitteilungen der Verwaltung", "Mitteilungen des Bürgermeisters", "Bericht der Verwaltung", "Mitteilungen"})
	case kindQuestions:
		if front {
			it.rec.Name = "Einwohnerfragestunde"
		} else {
			it.rec.Name = pick(r, []string{"Anfragen und Anregungen", "Anfragen der Mitglieder", "Verschiedenes"})
		}
	}
	p.decide(it)
	return it
}

func (p *plan) closedItem(m *meetingPlan) *itemPlan {
	it := p.newItem(m, kindClosed)
	it.rec.ClosedSession = true
	it.topic = p.topic(m.org)
	it.rec.Name = pick(p.r, closedSubjects)
	if p.r.chance(50) {
		it.rec.Name += ": " + p.street()
	}
	p.decide(it)
	return it
}

// newContent starts something new at this meeting: mostly a paper, which
// then goes its way through the committees.
func (p *plan) newContent(m *meetingPlan) *itemPlan {
	var k itemKind
	switch m.org.spec.classification {
	case "Rat":
		k = choose(p.r, []choice[itemKind]{{30, kindMotion}, {25, kindDecision}, {15, kindReport}, {15, kindInquiry}, {8, kindElection}})
	case "Ortsrat", "Beirat":
		k = choose(p.r, []choice[itemKind]{{35, kindPreConsult}, {25, kindMotion}, {25, kindReport}, {15, kindInquiry}})
	default:
		k = choose(p.r, []choice[itemKind]{{55, kindDecision}, {15, kindMotion}, {15, kindReport}, {10, kindInquiry}, {3, kindElection}})
	}
	if k == kindElection {
		it := p.newItem(m, k)
		it.topic = p.topic(m.org)
		it.rec.Name = p.electionName(m.org)
		p.decide(it)
		return it
	}
	pp := p.newPaper(k, m)
	return p.stepItem(m, pp.steps[0])
}

// newPaper creates a paper with its planned path: a committee decides
// itself or advises the council; local councils and advisory boards are
// heard first; reports and inquiries are taken note of.
func (p *plan) newPaper(k itemKind, m *meetingPlan) *paperPlan {
	o, r := m.org, p.r
	pp := &paperPlan{index: p.papers, kind: k, topic: p.topic(o)}
	p.papers++
	p.open = append(p.open, pp)
	// The faction of a member (the mayor chairing the council has none).
	members := o.members[m.period]
	pp.faction = &factions[0]
	for range 5 {
		if f := members[r.intn(len(members))].faction; f != nil {
			pp.faction = f
			break
		}
	}
	pp.office = pick(r, offices)
	council := p.orgs[0]
	add := func(at *org, role string, authoritative bool) {
		pp.steps = append(pp.steps, &step{paper: pp, org: at, role: role, authoritative: authoritative})
	}
	// Papers go on to the council only while it keeps up: a council
	// meeting deals with about a dozen of them.
	toCouncil := o != council && len(council.queue) < councilBacklog
	switch k {
	case kindDecision:
		if !toCouncil || r.chance(55) {
			add(o, "Entscheidung", true)
			break
		}
		add(o, "Vorberatung", false)
		if main := p.orgs[min(1, len(p.orgs)-1)]; main != o && main != council && r.chance(35) {
			add(main, "Vorberatung", false)
		}
		add(council, "Entscheidung", true)
	case kindPreConsult: // heard locally, decided in a committee or the council
		add(o, "Anhörung", false)
		if c := p.committee(); c != nil && (!toCouncil || r.chance(60)) {
			add(c, "Entscheidung", true)
		} else {
			add(council, "Entscheidung", true)
		}
	case kindMotion:
		if toCouncil && (o.spec.classification != "Ausschuss" || r.chance(30)) {
			add(o, "Vorberatung", false)
			add(council, "Entscheidung", true)
			break
		}
		add(o, "Entscheidung", true)
	case kindReport:
		add(o, "Kenntnisnahme", false)
		if toCouncil && r.chance(25) {
			add(council, "Kenntnisnahme", false)
		}
	case kindInquiry:
		add(o, "Kenntnisnahme", false)
	}
	date := m.rec.Start.AddDate(0, 0, -r.between(7, 28))
	pp.rec = &record.Paper{
		Name:      p.paperName(pp, date),
		PaperType: paperTypes[k],
		Date:      time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, p.loc),
		Public:    true,
	}
	prefix := paperPrefixes[k]
	key := prefix + strconv.Itoa(date.Year())
	p.refs[key]++
	yy := fmt.Sprintf("%02d", date.Year()%100)
	pp.rec.Reference = fmt.Sprintf("%s %d/%s", prefix, p.refs[key], yy)
	pp.rec.ID = fmt.Sprintf("%s-%d-%s", strings.ToLower(prefix), p.refs[key], yy)
	if k == kindMotion || k == kindInquiry {
		pp.rec.Originators = []string{pp.faction.id}
	} else {
		pp.rec.Originators = []string{pp.office}
	}
	if k == kindDecision || k == kindPreConsult {
		if r.chance(50) {
			pp.amount = r.between(5, 400) * 1000 * r.between(1, 5)
		}
		for i := range r.between(0, 2) {
			pp.rec.Files = append(pp.rec.Files, record.File{
				Name:      fmt.Sprintf("Anlage %d: %s", i+1, pick(r, attachmentNames)),
				MimeType:  "application/pdf",
				AccessURL: fmt.Sprintf("%s/papers/%s/anlage-%d.pdf", p.body.Website, pp.rec.ID, i+1),
			})
		}
	}
	return pp
}

// councilBacklog is how many papers may wait for the council before the
// committees decide more themselves.
const councilBacklog = 12

var (
	paperTypes = map[itemKind]string{
		kindDecision: "Beschlussvorlage", kindPreConsult: "Beschlussvorlage", kindMotion: "Antrag",
		kindReport: "Mitteilungsvorlage", kindInquiry: "Anfrage",
	}
	paperPrefixes = map[itemKind]string{
		kindDecision: "V", kindPreConsult: "V", kindMotion: "A", kindReport: "M", kindInquiry: "F",
	}
	attachmentNames = []string{
		"Lageplan", "Kostenschätzung", "Satzungsentwurf", "Stellungnahme", "Gebührenkalkulation",
		"Übersicht", "Präsentation", "Begründung", "Entwurf", "Vertragsentwurf",
	}
)

// committee returns a random committee that is not the council, nor a
// local council or board, or nil when there is none.
func (p *plan) committee() *org {
	var cs []*org
	for _, o := range p.orgs[1:] {
		if o.spec.classification == "Ausschuss" && !o.spec.closed {
			cs = append(cs, o)
		}
	}
	if len(cs) == 0 {
		return nil
	}
	return pick(p.r, cs)
}

// stepItem puts a consultation on this meeting's agenda and decides it; the
// paper then goes on to its next step, or comes back when postponed.
func (p *plan) stepItem(m *meetingPlan, s *step) *itemPlan {
	pp := s.paper
	k := pp.kind
	switch s.role {
	case "Vorberatung", "Anhörung":
		k = kindPreConsult
	case "Entscheidung":
		if k != kindMotion {
			k = kindDecision
		}
	}
	it := p.newItem(m, k)
	it.paper, it.topic = s.paper, pp.topic
	it.faction = pp.faction
	it.rec.Name = pp.rec.Name
	it.rec.Paper = pp.rec.ID
	s.item = it
	p.decide(it)

	i := slices.Index(pp.steps, s)
	next := m.rec.Start.AddDate(0, 0, 7)
	switch it.outcome.category {
	case record.ResultPostponed:
		if s.retries >= 2 {
			pp.steps = pp.steps[:i+1]
			return it
		}
		if strings.Contains(it.outcome.result, "verwiesen") {
			if c := p.committee(); c != nil {
				again := &step{paper: pp, org: s.org, role: s.role, authoritative: s.authoritative, retries: s.retries + 1}
				pp.steps = slices.Insert(pp.steps, i+1, &step{paper: pp, org: c, role: "Vorberatung"}, again)
				break
			}
		}
		again := &step{paper: pp, org: s.org, role: s.role, authoritative: s.authoritative, retries: s.retries + 1}
		pp.steps = slices.Insert(pp.steps, i+1, again)
		next = m.rec.Start.AddDate(0, 0, 1)
	case record.ResultWithdrawn:
		pp.steps = pp.steps[:i+1]
	case record.ResultRejected:
		if s.authoritative {
			pp.steps = pp.steps[:i+1]
		}
	}
	if i+1 < len(pp.steps) {
		n := pp.steps[i+1]
		n.notBefore = next
		n.org.queue = append(n.org.queue, n)
	} else {
		pp.done = true
		p.ready = append(p.ready, pp)
	}
	// Texts must not depend on what is planned later: keep what they need.
	it.next = pp.steps[len(pp.steps)-1].org
	return it
}

// decide draws the item's result, votes and speakers.
func (p *plan) decide(it *itemPlan) {
	r := p.r
	m := it.meeting
	it.outcome = choose(r, outcomes[it.kind])
	rec := it.rec
	rec.Result = it.outcome.result
	rec.ResultCategory = it.outcome.category
	members := m.org.members[m.period]
	present := max(len(members)-r.between(0, 3), 1)
	switch it.outcome.votes {
	case unanimous:
		rec.Votes = &record.Votes{Unanimous: true}
		if r.chance(60) {
			rec.Votes.Yes = present
		}
	case majority, minority:
		if r.chance(25) {
			break
		}
		win := r.between(present/2+1, present)
		rest := present - win
		other := r.between(0, rest)
		v := &record.Votes{Yes: win, No: other, Abstain: rest - other}
		if it.outcome.votes == minority {
			v.Yes, v.No = v.No, v.Yes
		}
		rec.Votes = v
	}
	// Who speaks: the chair opens, the administration reports, members ask.
	var n int
	switch it.kind {
	case kindOpening:
		n = 1
	case kindMinutes:
		n = r.between(0, 1)
	case kindAnnouncement, kindQuestions, kindClosed, kindElection:
		n = r.between(1, 3)
	default:
		n = r.between(2, 5)
	}
	// The administration speaks first, the members after.
	admin := m.org.admin[m.period]
	switch {
	case it.kind == kindOpening:
		it.speakers = []*person{it.chair}
	case n > 0:
		it.speakers = append(it.speakers, admin[r.intn(len(admin))])
		for _, i := range p.sample(len(members), n-1) {
			it.speakers = append(it.speakers, members[i])
		}
	}
	for _, who := range it.speakers {
		if !slices.Contains(rec.Speakers, who.address) {
			rec.Speakers = append(rec.Speakers, who.address)
		}
		if !slices.Contains(rec.Persons, who.rec.ID) {
			rec.Persons = append(rec.Persons, who.rec.ID)
		}
	}
}

// topic is a subject of the committee, or now and then any long noun of
// the vocabulary, drawn by frequency.
func (p *plan) topic(o *org) topic {
	if p.r.chance(70) {
		return pick(p.r, o.spec.topics)
	}
	for range 20 {
		i := p.v.nounFreq.draw(p.r)
		n := p.v.nouns[i]
		if i < p.v.knownNouns && utf8.RuneCountInString(n.word) >= 9 && !isUpperWord(n.word) {
			return topic{n.word, n.gender}
		}
	}
	return pick(p.r, o.spec.topics)
}

func isUpperWord(s string) bool { return strings.ToUpper(s) == s }

func (p *plan) street() string {
	return pick(p.r, streetFirsts) + pick(p.r, streetKinds)
}

func (p *plan) paperName(pp *paperPlan, date time.Time) string {
	r, t := p.r, pp.topic
	year := strconv.Itoa(date.Year() + r.between(0, 1))
	switch pp.kind {
	case kindMotion:
		return "Antrag der " + pp.faction.name + ": " + pick(r, []string{
			t.noun + " in " + pick(r, districts),
			"Prüfauftrag " + zu(t),
			t.noun + " – Maßnahmenpaket",
			"Weiterentwicklung " + def(t, genitive),
			t.noun + ": Bericht und Handlungskonzept",
		})
	case kindInquiry:
		return pick(r, []string{
			"Anfrage der " + pp.faction.name + " " + zu(t),
			"Anfrage der " + pp.faction.name + ": " + t.noun + " in " + pick(r, districts),
		})
	case kindReport:
		return pick(r, []string{
			"Sachstandsbericht " + zu(t),
			t.noun + ": Bericht der Verwaltung " + year,
			"Jahresbericht " + year + " " + zu(t),
			"Information " + zu(t),
		})
	}
	if strings.HasSuffix(t.noun, "satzung") && r.chance(60) {
		return pick(r, []string{
			strconv.Itoa(r.between(1, 9)) + ". Änderung der " + t.noun,
			"Neufassung der " + t.noun,
			t.noun + " " + year,
		})
	}
	if t.noun == "Bebauungsplan" {
		return fmt.Sprintf("Bebauungsplan Nr. %d „%s“ – %s", r.between(1, 250), p.street(), pick(r, []string{
			"Aufstellungsbeschluss", "Satzungsbeschluss", "frühzeitige Beteiligung der Öffentlichkeit",
			"Beschluss über die Abwägung", "Offenlagebeschluss",
		}))
	}
	return pick(r, []string{
		t.noun + ": " + pick(r, decisionActions) + " " + year,
		t.noun + " " + pick(r, districts) + ": " + pick(r, decisionActions),
		t.noun + " " + p.street() + " – " + pick(r, decisionActions),
		t.noun + ": " + pick(r, decisionActions),
		"Fördermittelbescheid " + zu(t),
	})
}

var decisionActions = []string{
	"Grundsatzbeschluss", "Maßnahmenbeschluss", "Fortschreibung", "Vergabe der Planungsleistungen",
	"Bereitstellung überplanmäßiger Mittel", "Beschluss über die Umsetzung", "Kostenfeststellung",
	"Zuschussantrag", "Änderung", "Konzept und Zeitplan", "Beauftragung der Verwaltung",
}

func (p *plan) electionName(o *org) string {
	r := p.r
	return pick(r, []string{
		"Wahl eines stellvertretenden Mitglieds " + o.spec.genitive,
		"Benennung von Vertreterinnen und Vertretern für den Aufsichtsrat der Stadtwerke",
		"Bestellung der Schiedsperson für den Bezirk " + pick(r, districts),
		"Wahl der Schöffinnen und Schöffen",
		"Umbesetzung in den Ausschüssen",
		"Wahl der stellvertretenden Vorsitzenden " + o.spec.genitive,
	})
}

// consultations writes the paper's path, including the steps still waiting
// for a meeting when the archive ends.
func (p *plan) consultations(pp *paperPlan) {
	for _, s := range pp.steps {
		c := record.Consultation{Organization: s.org.rec.ID, Role: s.role, Authoritative: s.authoritative}
		if s.item != nil {
			c.Meeting = s.item.meeting.rec.ID
			c.AgendaItem = s.item.rec.ID
		}
		pp.rec.Consultations = append(pp.rec.Consultations, c)
	}
}
