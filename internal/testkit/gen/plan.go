package gen

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// The plan is the archive without its long texts: organizations, persons,
// meetings, agenda items with results and votes, papers with their path
// through the committees. It is small (a few hundred bytes per item), so
// even 100,000 items plan in memory; the texts are written per meeting from
// streams of their own (text.go).

// periodYears is the length of an electoral term (Wahlperiode).
const periodYears = 5

type plan struct {
	opts     Options
	loc      *time.Location
	r        *rng
	v        *vocab
	body     record.Body
	orgs     []*org // council and committees, in spec order
	factions []*record.Organization
	persons  []*person
	ids      map[string]int // person ID → uses, for unique IDs
	meetings []*meetingPlan // in order of their start; nil once planned and handed on
	papers   int            // papers created so far
	open     []*paperPlan   // papers whose path is not yet complete
	ready    []*paperPlan   // papers completed in the current meeting
	items    int            // agenda items planned so far
	refs     map[string]int
	// firstYear is the year of the first meetings.
	firstYear int
	first     time.Time // start of the first year
	end       time.Time // start of the year after the last
}

type org struct {
	spec    *committeeSpec
	rec     *record.Organization
	members [][]*person // per period: voting members, chair first
	admin   [][]*person // per period: administration staff who attend
	queue   []*step     // consultations waiting for a meeting
	perYear map[int]int // meetings so far per year, for IDs
	inTerm  map[int]int // meetings so far per period, for names
	last    *meetingPlan
}

type person struct {
	rec     *record.Person
	female  bool
	address string // "Frau Gehrke"
	faction *faction
	role    string // for the administration: "Kämmerer"
}

type meetingPlan struct {
	rec    *record.Meeting
	org    *org
	period int
	size   int
	items  []*itemPlan
}

type itemPlan struct {
	rec      *record.AgendaItem
	index    int // the item's text stream
	kind     itemKind
	meeting  *meetingPlan
	topic    topic
	paper    *paperPlan
	outcome  outcome
	speakers []*person
	chair    *person
	faction  *faction
	prev     time.Time // kindMinutes: the meeting whose minutes are approved
	next     *org      // kindPreConsult: who decides, as planned at the time
}

type paperPlan struct {
	rec     *record.Paper
	index   int // the paper's text stream
	kind    itemKind
	topic   topic
	faction *faction
	office  string
	amount  int // euros, 0 when the paper costs nothing
	steps   []*step
	done    bool // every step has been on an agenda
}

// step is one consultation of a paper (Beratungsfolge).
type step struct {
	paper         *paperPlan
	org           *org
	role          string
	authoritative bool
	notBefore     time.Time
	item          *itemPlan
	retries       int
}

func newPlan(opts Options) (*plan, error) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	firstYear := opts.LastYear - opts.Years + 1
	p := &plan{
		opts:      opts,
		firstYear: firstYear,
		loc:       loc,
		r:         newRNG(opts.Seed, 0),
		v:         vocabulary(),
		ids:       map[string]int{},
		refs:      map[string]int{},
		first:     time.Date(firstYear, 1, 1, 0, 0, 0, 0, loc),
		end:       time.Date(firstYear+opts.Years, 1, 1, 0, 0, 0, 0, loc),
	}
	p.body = record.Body{
		ID:        slug(opts.Body),
		Name:      opts.Body,
		ShortName: strings.TrimPrefix(strings.TrimPrefix(opts.Body, "Stadt "), "Gemeinde "),
		Website:   "https://www." + slug(strings.TrimPrefix(strings.TrimPrefix(opts.Body, "Stadt "), "Gemeinde ")) + ".de",
		Language:  "de",
	}
	p.organizations()
	p.people()
	p.schedule()
	return p, nil
}

// run plans the agendas meeting by meeting and hands on each meeting once
// planned, and each paper once its path is complete (or, for papers still
// under way, at the end). The plan keeps no reference to what it handed on,
// so a caller that writes and forgets keeps memory small.
func (p *plan) run(meeting func(*meetingPlan) error, paper func(*paperPlan) error) error {
	emit := func(pp *paperPlan) error {
		p.consultations(pp)
		return paper(pp)
	}
	for i, m := range p.meetings {
		p.fill(m)
		p.meetings[i] = nil
		if err := meeting(m); err != nil {
			return err
		}
		// Papers still under way keep their items; let those not keep
		// the rest of the meeting's plan.
		m.items = nil
		for _, pp := range p.ready {
			if err := emit(pp); err != nil {
				return err
			}
		}
		clear(p.ready)
		p.ready = p.ready[:0]
		if i%batchSize == 0 {
			p.open = slices.DeleteFunc(p.open, func(pp *paperPlan) bool { return pp.done })
		}
	}
	for _, pp := range p.open {
		if !pp.done {
			if err := emit(pp); err != nil {
				return err
			}
		}
	}
	p.open = nil
	return nil
}

func (p *plan) periods() int { return (p.opts.Years + periodYears - 1) / periodYears }

func (p *plan) periodStart(k int) time.Time {
	return time.Date(p.firstYear+k*periodYears, 1, 1, 0, 0, 0, 0, p.loc)
}

func (p *plan) periodOf(t time.Time) int { return (t.Year() - p.firstYear) / periodYears }

func (p *plan) organizations() {
	for i := 0; i <= p.opts.Committees && i < len(committeeSpecs); i++ {
		s := &committeeSpecs[i]
		name := s.name
		if s.id == "rat" {
			name = "Rat der " + p.opts.Body
		}
		o := &org{spec: s, perYear: map[int]int{}, inTerm: map[int]int{}}
		o.rec = &record.Organization{
			ID: s.id, Name: name, OrganizationType: "Gremium", Classification: s.classification,
			Start: p.first,
		}
		if s.short != name {
			o.rec.ShortName = s.short
		}
		p.orgs = append(p.orgs, o)
	}
	for _, f := range factions {
		p.factions = append(p.factions, &record.Organization{
			ID: f.id, Name: f.name, ShortName: f.short, OrganizationType: "Fraktion",
			Classification: "Fraktion", Start: p.first,
		})
	}
}

// people elects a council per electoral term (about two thirds stay), seats
// its members in the committees, and staffs the administration.
func (p *plan) people() {
	council := p.orgs[0]
	seats := min(max(20, 16+3*len(p.orgs)), 60)
	var prevCouncil, prevAdmin []*person
	for k := range p.periods() {
		start, end := p.periodStart(k), p.periodStart(k+1).AddDate(0, 0, -1)
		if end.After(p.end) {
			end = p.end.AddDate(0, 0, -1)
		}
		ms := func(who *person, o string, role string, voting bool) {
			who.rec.Memberships = append(who.rec.Memberships, record.Membership{
				Organization: o, Role: role, VotingRight: voting, Start: start, End: end,
			})
		}
		// The council, by faction shares.
		var members []*person
		for _, who := range prevCouncil {
			if p.r.chance(65) {
				members = append(members, who)
			}
		}
		for len(members) < seats {
			members = append(members, p.newPerson(""))
		}
		p.assignFactions(members)
		for _, who := range members {
			ms(who, council.rec.ID, memberRole(who, "Ratsmitglied"), true)
			ms(who, who.faction.id, "Mitglied", true)
		}
		// The administration: the mayor chairs the council.
		var admin []*person
		for _, who := range prevAdmin {
			if p.r.chance(80) {
				admin = append(admin, who)
			}
		}
		for len(admin) < len(adminRoles) {
			admin = append(admin, p.newPerson(adminRoles[len(admin)]))
		}
		mayor := admin[0]
		ms(mayor, council.rec.ID, memberRole(mayor, "Vorsitzender"), true)
		council.members = append(council.members, append([]*person{mayor}, members...))
		council.admin = append(council.admin, admin[1:])

		for _, o := range p.orgs[1:] {
			var cm []*person
			switch o.spec.classification {
			case "Ausschuss":
				for _, i := range p.sample(len(members), min(o.spec.seats, len(members))) {
					cm = append(cm, members[i])
				}
			default: // Ortsrat, Beirat: their own members
				for range o.spec.seats {
					cm = append(cm, p.newPerson(""))
				}
				p.assignFactions(cm)
			}
			for i, who := range cm {
				role := "Mitglied"
				switch i {
				case 0:
					role = memberRole(who, "Vorsitzender")
				case 1:
					role = memberRole(who, "stellvertretender Vorsitzender")
				}
				ms(who, o.rec.ID, role, true)
			}
			// Citizens with expertise, without a vote.
			if o.spec.classification == "Ausschuss" && !o.spec.closed {
				for range p.r.between(0, 3) {
					who := p.newPerson("")
					ms(who, o.rec.ID, memberRole(who, "sachkundiger Bürger"), false)
				}
			}
			o.members = append(o.members, cm)
			o.admin = append(o.admin, p.adminFor(admin))
		}
		prevCouncil, prevAdmin = members, admin
	}
}

// adminFor picks the staff that attends a committee: the mayor or a deputy
// and two or three heads of department.
func (p *plan) adminFor(admin []*person) []*person {
	out := []*person{admin[p.r.intn(3)]}
	for _, i := range p.sample(len(admin)-3, p.r.between(2, 3)) {
		out = append(out, admin[3+i])
	}
	return out
}

// memberRole gives a role its feminine form for women.
func memberRole(who *person, role string) string {
	if !who.female {
		return role
	}
	switch role {
	case "Ratsmitglied", "Mitglied":
		return role
	case "sachkundiger Bürger":
		return "sachkundige Bürgerin"
	case "stellvertretender Vorsitzender":
		return "stellvertretende Vorsitzende"
	case "Vorsitzender":
		return "Vorsitzende"
	case "Erster Beigeordneter":
		return "Erste Beigeordnete"
	}
	return role + "in"
}

// assignFactions gives seats to factions by their shares, in order.
func (p *plan) assignFactions(ps []*person) {
	for i, who := range ps {
		x := (i*100 + 50) / len(ps)
		who.faction = &factions[len(factions)-1]
		acc := 0
		for j := range factions {
			acc += factions[j].share
			if x < acc {
				who.faction = &factions[j]
				break
			}
		}
	}
}

func (p *plan) newPerson(role string) *person {
	female := p.r.chance(45)
	given := pick(p.r, maleNames)
	if female {
		given = pick(p.r, femaleNames)
	}
	family := pick(p.r, familyNames)
	who := &person{female: female, role: role}
	rec := &record.Person{GivenName: given, FamilyName: family, FormOfAddress: "Herr"}
	if female {
		rec.FormOfAddress = "Frau"
	}
	if p.r.chance(6) {
		rec.Title = "Dr."
	}
	rec.Name = strings.TrimSpace(rec.Title + " " + given + " " + family)
	id := slug(given + " " + family)
	p.ids[id]++
	if n := p.ids[id]; n > 1 {
		id += "-" + strconv.Itoa(n)
	}
	rec.ID = id
	who.rec = rec
	who.address = rec.FormOfAddress + " " + strings.TrimSpace(rec.Title+" "+family)
	if role != "" {
		who.role = memberRole(who, role)
	}
	p.persons = append(p.persons, who)
	return who
}

// slug makes an ID of a name: "Jörg Weiß" → "joerg-weiss". Names that
// leave nothing readable fall back to permalink.Slug's hash.
func slug(name string) string {
	return permalink.Slug(permalink.Words(name))
}

// sample returns k distinct indexes below n, in the order drawn.
func (p *plan) sample(n, k int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	for i := 0; i < k && i < n; i++ {
		j := i + p.r.intn(n-i)
		idx[i], idx[j] = idx[j], idx[i]
	}
	return idx[:min(k, n)]
}

// sizeRange is the number of agenda items of one committee's meetings.
func sizeRange(s *committeeSpec) (lo, hi int) {
	switch s.classification {
	case "Rat":
		return 12, 22
	case "Beirat", "Ortsrat":
		return 6, 12
	}
	return 8, 15
}

// schedule lays the meetings out over the years: each committee meets in
// proportion to its usual rhythm, on weekday evenings, and the sizes add up
// to exactly opts.Items.
func (p *plan) schedule() {
	totalWeight, meanSize := 0, 0.0
	for _, o := range p.orgs {
		lo, hi := sizeRange(o.spec)
		totalWeight += o.spec.perYear
		meanSize += float64(o.spec.perYear) * float64(lo+hi) / 2
	}
	meanSize /= float64(totalWeight)
	count := max(1, int(float64(p.opts.Items)/meanSize+0.5))
	span := p.end.Sub(p.first)
	for _, o := range p.orgs {
		n := count * o.spec.perYear / totalWeight
		if o == p.orgs[0] {
			n = max(n, 1)
		}
		for i := range n {
			// Evenly spaced with a week of jitter, on a Monday–Thursday.
			at := p.first.Add(time.Duration((float64(i) + 0.5) / float64(n) * float64(span)))
			day := time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, p.loc).AddDate(0, 0, p.r.between(-3, 3))
			for day.Weekday() == time.Friday || day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
				day = day.AddDate(0, 0, 1)
			}
			if !day.Before(p.end) {
				day = p.end.AddDate(0, 0, -4)
			}
			if day.Before(p.first) {
				day = p.first.AddDate(0, 0, 3)
			}
			hour := pick(p.r, []int{15, 16, 17, 17, 18, 18, 19})
			lo, hi := sizeRange(o.spec)
			m := &meetingPlan{org: o, size: p.r.between(lo, hi)}
			m.rec = &record.Meeting{
				Organizations: []string{o.rec.ID},
				Start:         time.Date(day.Year(), day.Month(), day.Day(), hour, pick(p.r, []int{0, 0, 0, 30}), 0, 0, p.loc),
				Location:      pick(p.r, locations),
				MeetingState:  "durchgeführt",
				Public:        !o.spec.closed && !p.r.chance(2),
			}
			p.meetings = append(p.meetings, m)
		}
	}
	if len(p.meetings) == 0 { // no committee met: the council does
		p.meetings = append(p.meetings, &meetingPlan{org: p.orgs[0], size: p.opts.Items, rec: &record.Meeting{
			Organizations: []string{p.orgs[0].rec.ID}, Start: p.first.AddDate(0, 1, 0).Add(17 * time.Hour),
			MeetingState: "durchgeführt", Public: true, Location: locations[0],
		}})
	}
	slices.SortStableFunc(p.meetings, func(a, b *meetingPlan) int {
		return cmp.Or(a.rec.Start.Compare(b.rec.Start), cmp.Compare(a.org.rec.ID, b.org.rec.ID))
	})
	p.fitSizes()
	// A few meetings are called off; they keep no items.
	var cancelled []*meetingPlan
	for range len(p.meetings) / 100 {
		m := p.meetings[p.r.intn(len(p.meetings))]
		c := &meetingPlan{org: m.org, rec: &record.Meeting{
			Organizations: m.rec.Organizations, Start: m.rec.Start.AddDate(0, 0, 7),
			Location: m.rec.Location, MeetingState: "abgesagt", Cancelled: true, Public: true,
		}}
		if c.rec.Start.Before(p.end) {
			cancelled = append(cancelled, c)
		}
	}
	p.meetings = append(p.meetings, cancelled...)
	slices.SortStableFunc(p.meetings, func(a, b *meetingPlan) int {
		return cmp.Or(a.rec.Start.Compare(b.rec.Start), cmp.Compare(a.org.rec.ID, b.org.rec.ID))
	})
	for _, m := range p.meetings {
		p.name(m)
	}
}

// fitSizes changes meeting sizes one item at a time until they add up to
// opts.Items.
func (p *plan) fitSizes() {
	sum := 0
	for _, m := range p.meetings {
		sum += m.size
	}
	for sum != p.opts.Items {
		m := p.meetings[p.r.intn(len(p.meetings))]
		switch {
		case sum < p.opts.Items && (m.size < 25 || len(p.meetings) == 1):
			m.size++
			sum++
		case sum > p.opts.Items && m.size > 1:
			m.size--
			sum--
		}
	}
}

// name gives a meeting its ID ("sozialausschuss-2022-03") and name
// ("12. Sitzung des Sozialausschusses"), counting per year and term.
func (p *plan) name(m *meetingPlan) {
	o, start := m.org, m.rec.Start
	year := start.Year()
	o.perYear[year]++
	m.period = p.periodOf(start)
	m.rec.ID = fmt.Sprintf("%s-%d-%02d", o.rec.ID, year, o.perYear[year])
	if m.rec.Cancelled {
		m.rec.Name = "Sitzung " + o.spec.genitive + " (abgesagt)"
		return
	}
	o.inTerm[m.period]++
	m.rec.Name = fmt.Sprintf("%d. Sitzung %s", o.inTerm[m.period], o.spec.genitive)
	if !m.rec.Public {
		m.rec.Name += " (nicht öffentlich)"
	}
	m.rec.End = start.Add(time.Duration(60+m.size*p.r.between(8, 15)) * time.Minute)
	p.meetingFiles(m)
}
