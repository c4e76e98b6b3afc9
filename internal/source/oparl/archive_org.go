package oparl

import (
	"cmp"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

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
		m.a.Body = record.Body{ID: b.ID, Name: clean(b.Name), ShortName: clean(b.ShortName), Website: b.Website, Web: clean(b.Web)}
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
			Start: start, End: end, Website: o.Website, Web: clean(o.Web),
		}
		m.orgs[o.ID] = rec
		m.a.Organizations = append(m.a.Organizations, rec)
		m.rep.Counts[KindOrganization].Imported++
	}
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
			GivenName: clean(p.GivenName), FamilyName: clean(p.FamilyName), Web: clean(p.Web),
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
