package minutetext

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// Text is one minutes text, parsed, with its metadata: the full minutes
// of a meeting or the minutes of a single agenda item.
type Text struct {
	// Path names the text in messages; its base name is the item's name
	// of last resort.
	Path string
	// Meta is what the text does not say about itself.
	Meta Meta
	// Minutes holds full minutes; nil for a per-item text.
	Minutes *Minutes
	// Item holds a per-item text; nil for full minutes.
	Item *Item
}

// ParseText parses text, read from path, as meta.Kind says: "item",
// "minutes", or "" and "auto" to tell by its structure.
func ParseText(path, text string, meta Meta) (Text, error) {
	t := Text{Path: path, Meta: meta}
	var err error
	switch meta.Kind {
	case "item":
		t.Item, err = ParseItem(text)
	case "minutes":
		t.Minutes, err = ParseMinutes(text)
	case "", "auto":
		var m *Minutes
		if m, err = ParseMinutes(text); err == nil {
			if m.isFull() {
				t.Minutes = m
			} else {
				t.Item, err = ParseItem(text)
			}
		}
	default:
		return t, fmt.Errorf("%s: kind %q: want item, minutes or auto", path, meta.Kind)
	}
	if err != nil {
		return t, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// isFull tells full minutes from a per-item text: they have headings, an
// attendance list or an agenda.
func (m *Minutes) isFull() bool {
	if m.Attendance.Text != "" || m.AgendaText != "" {
		return true
	}
	for _, s := range m.Sections {
		if s.Heading != "" {
			return true
		}
	}
	return false
}

// ErrNoBody is returned by Archive when neither the metadata nor the
// minutes name the council's body.
var ErrNoBody = errors.New(`the council's body is not in the texts: give --body (e.g. --body "Stadt Rheine")`)

// Archive turns parsed texts into an archive: one meeting per full
// minutes; per-item texts join the meeting their metadata names. Dates and
// clock times are in loc. The warnings name meetings that had to get IDs
// of their own.
func Archive(texts []Text, loc *time.Location) (a *record.Archive, warnings []string, err error) {
	body := ""
	for _, t := range texts {
		if t.Meta.Body != "" {
			body = t.Meta.Body
			break
		}
		if t.Minutes != nil && body == "" {
			body = t.Minutes.BodyName()
		}
	}
	if body == "" {
		return nil, nil, ErrNoBody
	}
	b := &archiver{
		loc:       loc,
		orgs:      map[string]*record.Organization{},
		meetings:  map[string]*record.Meeting{},
		minutesOf: map[string]string{},
	}
	var errs []error
	for _, t := range texts {
		mtg, err := b.meeting(t)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if t.Minutes != nil {
			mtg.Files = minutesFiles(t.Minutes)
			mtg.AgendaItems = minutesItems(mtg.ID, t.Minutes)
		} else {
			mtg.AgendaItems = append(mtg.AgendaItems, itemOf(t, mtg))
		}
	}
	if len(errs) > 0 {
		return nil, nil, errors.Join(errs...)
	}
	a = &record.Archive{Body: record.Body{ID: idPart(body), Name: body, Language: "de"}}
	for _, o := range b.orgs {
		a.Organizations = append(a.Organizations, o)
	}
	for _, mtg := range b.meetings {
		a.Meetings = append(a.Meetings, mtg)
	}
	a.Sort()
	return a, b.warnings, nil
}

// archiver collects the organizations and meetings of Archive.
type archiver struct {
	loc       *time.Location
	orgs      map[string]*record.Organization // by ID
	meetings  map[string]*record.Meeting      // by ID
	minutesOf map[string]string               // meeting ID → path of the full minutes it came from
	warnings  []string
}

// meeting returns the meeting of t, and creates it and its organization
// when they are new.
func (b *archiver) meeting(t Text) (*record.Meeting, error) {
	mt, mins := t.Meta, t.Minutes
	org := mt.Organization
	if org == "" && mins != nil {
		org = mins.Organization
	}
	if org == "" {
		return nil, fmt.Errorf("%s: no committee or council: give --organization or organization in %s.meta.toml", t.Path, t.Path)
	}
	orgID := mt.OrganizationID
	if orgID == "" {
		orgID = idPart(org)
	}
	if b.orgs[orgID] == nil {
		b.orgs[orgID] = &record.Organization{ID: orgID, Name: org}
	}
	var start, end time.Time
	if mt.Date != "" {
		d, err := parseMetaTime(mt.Date, b.loc)
		if err != nil {
			return nil, fmt.Errorf("%s: date: %v", t.Path, err)
		}
		start = d
	} else if mins != nil {
		start, end = mins.Start(b.loc), mins.Stop(b.loc)
	}
	if start.IsZero() {
		return nil, fmt.Errorf("%s: no meeting date: give --date or date in %s.meta.toml", t.Path, t.Path)
	}
	if mt.End != "" {
		d, err := parseMetaTime(mt.End, b.loc)
		if err != nil {
			return nil, fmt.Errorf("%s: end: %v", t.Path, err)
		}
		end = d
	}
	id := mt.MeetingID
	if id == "" {
		id = orgID + "-" + start.Format("2006-01-02")
	}
	if mtg := b.meetings[id]; mtg != nil {
		// Per-item texts share a meeting; full minutes are a meeting of
		// their own. Two minutes of one committee on one day (a joint
		// session filed under both committees) get IDs of their own, with
		// a warning.
		other := b.minutesOf[id]
		if mins == nil && other == "" {
			return mtg, nil
		}
		if other == "" {
			other = "per-item files"
		}
		if mins == nil || mt.MeetingID != "" {
			return nil, fmt.Errorf("%s: meeting %q is also the meeting of %s: give it its own --meeting-id or date", t.Path, id, other)
		}
		base := id
		for n := 2; b.meetings[id] != nil; n++ {
			id = base + "-" + strconv.Itoa(n)
		}
		b.warnings = append(b.warnings, fmt.Sprintf("%s: a meeting of %s on %s is imported from %s already; this one is %q",
			t.Path, org, start.Format("2006-01-02"), other, id))
	}
	name := mt.MeetingName
	if name == "" && mins != nil {
		name = mins.MeetingName
	}
	if name == "" {
		name = "Sitzung " + org + " am " + start.Format("02.01.2006")
	}
	location := mt.Location
	if location == "" && mins != nil {
		location = mins.Location
	}
	mtg := &record.Meeting{ID: id, Name: name, Organizations: []string{orgID}, Start: start, End: end, Location: location, Public: true}
	b.meetings[id] = mtg
	if mins != nil {
		b.minutesOf[id] = t.Path
	}
	return mtg, nil
}

// itemOf returns the agenda item of a per-item text, as the next item of
// mtg. Without a number or name in the metadata it is numbered by its
// position and named by its first sentence, or else by its file.
func itemOf(t Text, mtg *record.Meeting) *record.AgendaItem {
	order := len(mtg.AgendaItems) + 1
	number := t.Meta.ItemNumber
	id := t.Meta.ItemID
	if id == "" {
		key := number
		if key == "" {
			key = strconv.Itoa(order)
		}
		id = mtg.ID + "-" + idPart(key)
	}
	name := t.Meta.ItemName
	if name == "" {
		name = t.Item.Summary(100)
	}
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(t.Path), filepath.Ext(t.Path))
	}
	ai := &record.AgendaItem{ID: id, Number: number, Order: order, Name: name, Public: true}
	t.Item.ApplyTo(ai)
	return ai
}

// minutesItems returns the agenda items of full minutes: one per section,
// and one per agenda entry that has no section (items not minuted, as in a
// meeting that was not quorate, or of the closed part), in the order of the
// agenda. Items of the closed part are closed-session items. Sections the
// agenda does not list follow the section before them.
func minutesItems(meetingID string, m *Minutes) []*record.AgendaItem {
	type placed struct {
		key float64
		ai  *record.AgendaItem
	}
	agendaAt := map[string]int{}
	for i, e := range m.Agenda {
		if _, dup := agendaAt[e.Number]; !dup {
			agendaAt[e.Number] = i
		}
	}
	var items []placed
	seen := map[string]bool{}
	ids := map[string]bool{}
	newID := func(key string) string {
		id := meetingID + "-" + idPart(key)
		for n := 2; ids[id]; n++ {
			id = meetingID + "-" + idPart(key) + "-" + strconv.Itoa(n)
		}
		ids[id] = true
		return id
	}
	last := -1.0
	for i := range m.Sections {
		s := &m.Sections[i]
		key := last + 0.001
		if at, ok := agendaAt[s.Number]; ok && !seen[s.Number] {
			key = float64(at)
		}
		seen[s.Number] = true
		last = key
		num := s.Number
		if num == "" {
			num = strconv.Itoa(i + 1)
		}
		items = append(items, placed{key, s.AgendaItem(newID(num), 0)})
	}
	for i, e := range m.Agenda {
		if seen[e.Number] {
			continue
		}
		seen[e.Number] = true
		items = append(items, placed{float64(i), &record.AgendaItem{ID: newID(e.Number), Number: e.Number, Name: e.Title, Public: true, ClosedSession: e.Closed}})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].key < items[j].key })
	out := make([]*record.AgendaItem, len(items))
	for i, p := range items {
		p.ai.Order = i + 1
		out[i] = p.ai
	}
	return out
}

// minutesFiles keeps the parts of full minutes that belong to no agenda
// item as text files of the meeting, so that nothing of the text is lost:
// the attendance list, and the closing with signatures and attachments.
// The closed part's text (Minutes.ClosedText) is not kept: it belongs to
// closed-session items, whose deliberation is not published.
func minutesFiles(m *Minutes) []record.File {
	var fs []record.File
	if m.Attendance.Text != "" {
		fs = append(fs, record.File{Name: "Anwesenheit", MimeType: "text/plain", Text: m.Attendance.Text})
	}
	if m.Closing != "" {
		fs = append(fs, record.File{Name: "Schluss und Anlagen der Niederschrift", MimeType: "text/plain", Text: m.Closing})
	}
	return fs
}

// idPart turns a name into an ID part (see permalink.Words) of at most 60
// bytes, never empty.
func idPart(s string) string {
	id := permalink.Words(s)
	if len(id) > 60 {
		id = strings.TrimSuffix(id[:60], "-")
	}
	if id == "" {
		id = "x"
	}
	return id
}
