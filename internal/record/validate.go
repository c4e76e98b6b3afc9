package record

import (
	"fmt"
	"strings"
	"time"
)

// Validate checks the archive as a whole: required fields, duplicate IDs and
// references between records. It reports every problem it finds, sorted by
// position, and never stops at the first. Checks that need the source text
// (syntax, unknown fields, encodings) belong to the source that read it.
func Validate(a *Archive) Diagnostics {
	v := &validator{seen: map[string]Origin{}}
	v.body(&a.Body)
	for _, o := range a.Organizations {
		v.required(o.Origin, "organization", map[string]string{"id": o.ID, "name": o.Name})
		v.unique("organization", o.ID, o.Origin)
		v.span(o.Origin, "organization", o.Start, o.End)
	}
	for _, p := range a.Persons {
		v.required(p.Origin, "person", map[string]string{"id": p.ID, "name": p.Name})
		v.unique("person", p.ID, p.Origin)
	}
	for _, p := range a.Papers {
		v.required(p.Origin, "paper", map[string]string{"id": p.ID, "name": p.Name})
		v.unique("paper", p.ID, p.Origin)
	}
	for _, m := range a.Meetings {
		v.required(m.Origin, "meeting", map[string]string{"id": m.ID, "name": m.Name})
		v.unique("meeting", m.ID, m.Origin)
		if _, written := m.Origin.Fields["start"]; m.Start.IsZero() && !written {
			// A start that is written but unreadable was reported by the source.
			v.add(m.Origin.At("start"), "meeting.start", "missing required field")
		}
		v.span(m.Origin, "meeting", m.Start, m.End)
		if len(m.Organizations) == 0 {
			v.add(m.Origin.At("organization"), "meeting.organization", "missing required field: the committee or council that met")
		}
		for _, it := range m.AgendaItems {
			v.required(it.Origin, "agendaItem", map[string]string{"id": it.ID, "name": it.Name})
			v.unique("agendaItem", it.ID, it.Origin)
			if vt := it.Votes; vt != nil && (vt.Yes < 0 || vt.No < 0 || vt.Abstain < 0) {
				v.add(it.Origin.At("votes"), "agendaItem.votes", "vote counts must not be negative")
			}
		}
		for _, h := range m.Headings { // written as agenda entries
			v.required(h.Origin, "agendaItem", map[string]string{"name": h.Name})
			v.unique("agendaItem", h.ID, h.Origin)
		}
	}

	// References are checked once every ID is known.
	ix := NewIndex(a)
	for _, p := range a.Persons {
		for _, ms := range p.Memberships {
			ref(v, p.Origin, "person.membership.organization", "organization", ms.Organization, ix.Organizations)
		}
	}
	for _, m := range a.Meetings {
		for _, org := range m.Organizations {
			ref(v, m.Origin, "meeting.organization", "organization", org, ix.Organizations)
		}
		for _, it := range m.AgendaItems {
			if it.Paper != "" {
				ref(v, it.Origin, "agendaItem.paper", "paper", it.Paper, ix.Papers)
			}
			for _, pid := range it.Persons {
				ref(v, it.Origin, "agendaItem.persons", "person", pid, ix.Persons)
			}
		}
	}
	for _, p := range a.Papers {
		for _, c := range p.Consultations {
			if c.Organization != "" {
				ref(v, p.Origin, "paper.consultation.organization", "organization", c.Organization, ix.Organizations)
			}
			if c.Meeting != "" {
				ref(v, p.Origin, "paper.consultation.meeting", "meeting", c.Meeting, ix.Meetings)
			}
			if c.AgendaItem != "" {
				ref(v, p.Origin, "paper.consultation.agendaItem", "agenda item", c.AgendaItem, ix.AgendaItems)
			}
		}
	}
	v.diags.Sort()
	return v.diags
}

type validator struct {
	diags Diagnostics
	seen  map[string]Origin // kind + "\x00" + id → first occurrence
}

func (v *validator) add(p Pos, field, msg string) {
	v.diags = append(v.diags, Diagnostic{Pos: p, Field: field, Message: msg})
}

// body checks the body's fields. A body with no origin was never read (the
// source reports that itself), so only a body that exists is checked.
func (v *validator) body(b *Body) {
	if b.Origin.File != "" && b.Name == "" {
		v.add(b.Origin.At("name"), "body.name", "missing required field: the name of the council's body, e.g. \"Stadt Beispielstadt\"")
	}
}

func (v *validator) required(o Origin, kind string, fields map[string]string) {
	// Report in a fixed order: id first, then name.
	for _, f := range []string{"id", "name"} {
		if val, ok := fields[f]; ok && strings.TrimSpace(val) == "" {
			v.add(o.At(f), kind+"."+f, "missing required field")
		}
	}
}

func (v *validator) unique(kind, id string, o Origin) {
	if id == "" {
		return
	}
	key := kind + "\x00" + id
	if first, ok := v.seen[key]; ok {
		v.add(o.At("id"), kind+".id", fmt.Sprintf("duplicate id %q, first defined at %s", id, first.At("id")))
		return
	}
	v.seen[key] = o
}

func (v *validator) span(o Origin, kind string, start, end time.Time) {
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		v.add(o.At("end"), kind+".end", fmt.Sprintf("end %s is before start %s", end.Format(time.RFC3339), start.Format(time.RFC3339)))
	}
}

// ref reports id when it names no record in known.
func ref[T any](v *validator, o Origin, field, kind, id string, known map[string]T) {
	if _, ok := known[id]; !ok {
		v.add(o.At(lastPart(field)), field, fmt.Sprintf("unknown %s %q", kind, id)+suggest(id, known))
	}
}

func lastPart(field string) string {
	if i := strings.LastIndexByte(field, '.'); i >= 0 {
		return field[i+1:]
	}
	return field
}
