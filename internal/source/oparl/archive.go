package oparl

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
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

// mapper holds the state of one mapping of a store onto records.
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

// validate reports what record.Validate finds: the mapping should never
// produce it, so it is an error that keeps the records from being written.
func validate(a *record.Archive, rep *Report) {
	for _, d := range record.Validate(a) {
		rep.add(Error, "invalid-record", "", "", "", "%s", d.String())
	}
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
		return time.Time{}
	}
	// Records hold what a site can show (tomlrec.CheckYear).
	if err := tomlrec.CheckYear(t, m.loc); err != nil {
		m.rep.warnf("bad-date", obj, "%s %q %v: left out", field, s, err)
		return time.Time{}
	}
	return t
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
