// Package calendar writes the archive's meetings as iCalendar files (RFC
// 5545) that calendar apps subscribe to: one of all meetings
// (/meetings/calendar.ics) and one per committee, beside its page
// (/committees/<slug>/calendar.ics). A calendar holds the meetings of the
// year before the build's reference day and every meeting after it.
//
// The files are the same for the same records and reference day: events
// are in the archive's order, UIDs are made of record IDs, and DTSTAMP is
// derived from the meeting, not from the clock. Writing (escaping, line
// folding) is github.com/arran4/golang-ical's; the time zone is described
// in a VTIMEZONE made from the site's zone (tz.go).
package calendar

import (
	"cmp"
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/ratsarchiv/ratsarchiv/internal/export"
	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// Options configure the calendars.
type Options struct {
	// BaseURL is the site's public URL; events link to meeting pages below it.
	BaseURL string
	// Now is the build's reference day: calendars hold the meetings from a
	// year before it on.
	Now time.Time
	// Location is the site's time zone; times are written in it, with its
	// VTIMEZONE. Nil means UTC.
	Location *time.Location
	// Title names the calendar of all meetings (the site's title); a
	// committee's calendar is named after the committee.
	Title string
}

// AllPath is the site path of the calendar of all meetings.
const AllPath = "/" + permalink.MeetingsSection + "/calendar.ics"

// CommitteePath is the site path of an organization's calendar: beside its
// page, so that the page links to it as "calendar.ics".
func CommitteePath(orgID string) string { return permalink.Organization(orgID) + "calendar.ics" }

// Write writes the calendar of all meetings and one for every organization
// that has meetings, also when none falls in the window: a subscription
// keeps working when a committee pauses.
func Write(d *export.Dir, a *record.Archive, opts Options) error {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	from := opts.Now.AddDate(-1, 0, 0)
	var all []*record.Meeting
	byOrg := map[string][]*record.Meeting{}
	hasMeetings := map[string]bool{}
	for _, m := range a.Meetings { // in start order
		for _, o := range m.Organizations {
			hasMeetings[o] = true
		}
		if m.Start.Before(from) {
			continue
		}
		all = append(all, m)
		for _, o := range m.Organizations {
			byOrg[o] = append(byOrg[o], m)
		}
	}
	w := &writer{a: a, opts: opts, names: map[string]string{}}
	for _, o := range a.Organizations {
		w.names[o.ID] = o.DisplayName()
	}
	if err := w.write(d, AllPath, cmp.Or(opts.Title, a.Body.Name), all); err != nil {
		return err
	}
	for _, o := range a.Organizations {
		if hasMeetings[o.ID] {
			if err := w.write(d, CommitteePath(o.ID), o.Name, byOrg[o.ID]); err != nil {
				return err
			}
		}
	}
	return nil
}

type writer struct {
	a     *record.Archive
	opts  Options
	names map[string]string // organization ID → display name
}

func (w *writer) write(d *export.Dir, path, name string, ms []*record.Meeting) error {
	cal := w.calendar(name, ms)
	return d.Write(path, func(out io.Writer) error { return cal.SerializeTo(out, ics.WithNewLine("\r\n")) })
}

// calendar builds one VCALENDAR of ms.
func (w *writer) calendar(name string, ms []*record.Meeting) *ics.Calendar {
	loc := w.opts.Location
	cal := ics.NewCalendarFor("ratsarchiv")
	cal.SetProductId("-//ratsarchiv//ratsarchiv//DE")
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.MethodPublish)
	name = text(name)
	cal.CalendarProperties = append(cal.CalendarProperties, ics.CalendarProperty{BaseProperty: ics.BaseProperty{
		IANAToken: "NAME", Value: name, ICalParameters: map[string][]string{},
	}}) // RFC 7986; the library's SetName writes X-WR-CALNAME
	cal.SetXWRCalName(name)
	cal.SetXWRTimezone(loc.String())
	cal.SetRefreshInterval("P1D") // with VALUE=DURATION
	cal.SetXPublishedTTL("P1D")

	// The zone is described for the span of the events, and around the
	// reference day when there are none (a calendar needs a component).
	first, last := w.opts.Now, w.opts.Now
	if len(ms) > 0 {
		first, last = ms[0].Start, ms[0].Start
	}
	for _, m := range ms {
		first, last = minTime(first, m.Start), maxTime(last, m.Start, m.End)
	}
	cal.AddVTimezone(vtimezone(loc, first, last))
	for _, m := range ms {
		cal.AddVEvent(w.event(m))
	}
	return cal
}

// event is one meeting.
func (w *writer) event(m *record.Meeting) *ics.VEvent {
	loc := w.opts.Location
	e := ics.NewEvent(UID(w.a.Body.ID, m.ID))
	e.SetProperty(ics.ComponentPropertyDtstamp, stamp(m).UTC().Format(utcFormat))
	start, end := m.Start.In(loc), m.End.In(loc)
	if allDay(start, m.End) {
		e.SetProperty(ics.ComponentPropertyDtStart, start.Format(dateFormat), ics.WithValue(string(ics.ValueDataTypeDate)))
	} else {
		tz := ics.WithTZID(loc.String())
		e.SetProperty(ics.ComponentPropertyDtStart, start.Format(localFormat), tz)
		if !m.End.IsZero() {
			e.SetProperty(ics.ComponentPropertyDtEnd, end.Format(localFormat), tz)
		}
	}
	e.SetSummary(text(m.Name))
	if l := text(m.Location); l != "" {
		e.SetLocation(l)
	}
	url := export.URL(w.opts.BaseURL, permalink.Meeting(m.ID))
	e.SetDescription(text(w.description(m, url)))
	e.SetURL(url)
	if m.Cancelled {
		e.SetStatus(ics.ObjectStatusCancelled)
	}
	return e
}

// description lists the committees and the agenda, and ends with the
// meeting's page, since many apps show no URL property.
func (w *writer) description(m *record.Meeting, url string) string {
	var b strings.Builder
	for i, o := range m.Organizations {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(cmp.Or(w.names[o], o))
	}
	b.WriteString("\n\n")
	for _, it := range m.AgendaItems {
		if it.Number != "" {
			b.WriteString(it.Number)
			b.WriteByte(' ')
		}
		b.WriteString(it.Name)
		b.WriteByte('\n')
	}
	if len(m.AgendaItems) > 0 {
		b.WriteByte('\n')
	}
	b.WriteString(url)
	return b.String()
}

// UID is the stable identifier of a meeting's event: its permalink slug at
// its body's, both made of record IDs only, so that an event keeps its
// identity when the site moves to another address.
func UID(bodyID, meetingID string) string {
	return permalink.Slug(meetingID) + "@" + permalink.Slug(bodyID)
}

// stamp is the event's DTSTAMP: RFC 5545 wants the time the information
// was last revised, which records do not have. The newest date the meeting
// carries (its start, its files' dates) stands in: it changes when the
// meeting is moved or its minutes are published, and never between two
// builds of the same records.
func stamp(m *record.Meeting) time.Time {
	t := m.Start
	for _, f := range m.Files {
		t = maxTime(t, f.Date)
	}
	return t
}

// allDay is true for meetings published with a date only, which records
// keep as midnight without an end (tomlrec writes such a start as a date).
func allDay(start, end time.Time) bool {
	return end.IsZero() && start.Hour() == 0 && start.Minute() == 0 && start.Second() == 0 && start.Nanosecond() == 0
}

const (
	utcFormat   = "20060102T150405Z"
	localFormat = "20060102T150405"
	dateFormat  = "20060102"
)

// text makes record text fit an iCalendar TEXT value: line breaks become
// LF (the library escapes them as \n), other control characters, which
// TEXT does not allow, are dropped, and invalid UTF-8 is replaced, so that
// folding (which counts runes) never splits a character.
func text(s string) string {
	s = strings.ToValidUTF8(strings.ReplaceAll(s, "\r\n", "\n"), "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case r < 0x20 || r == 0x7f:
			return -1
		}
		return r
	}, s)
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(t time.Time, more ...time.Time) time.Time {
	for _, u := range more {
		if u.After(t) {
			t = u
		}
	}
	return t
}
