package calendar

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	goical "github.com/emersion/go-ical"

	"github.com/ratsarchiv/ratsarchiv/internal/export"
	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const baseURL = "https://example.org/rat/"

func berlin(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// testArchive has meetings before and inside the window, in summer and
// winter time, one cancelled, one of two committees, one with a date only,
// and text that needs escaping and folding.
func testArchive(loc *time.Location) *record.Archive {
	at := func(y int, mo time.Month, d, h, mi int) time.Time { return time.Date(y, mo, d, h, mi, 0, 0, loc) }
	a := &record.Archive{
		Body: record.Body{ID: "lindenfeld", Name: "Stadt Lindenfeld"},
		Organizations: []*record.Organization{
			{ID: "fraktion-x", Name: "Fraktion X"},
			{ID: "rat", Name: "Rat der Stadt Lindenfeld", ShortName: "Rat"},
			{ID: "soz", Name: "Ausschuss für Soziales, Integration und Senioren", ShortName: "Sozialausschuss"},
		},
		Meetings: []*record.Meeting{
			{ID: "rat-2023-11", Name: "Rat, zu alt für den Kalender", Organizations: []string{"rat"}, Start: at(2023, 11, 7, 17, 0), Public: true},
			{ID: "soz-2024-09", Name: "Sozialausschuss, abgesagt", Organizations: []string{"soz"}, Start: at(2024, 9, 17, 17, 0), Cancelled: true, Public: true,
				Location: "Rathaus, Sitzungssaal 1"},
			{ID: "rat-2024-12", Name: "21. Sitzung des Rates der Stadt Lindenfeld (Haushalt 2025; Stellenplan)", Organizations: []string{"rat"},
				Start: at(2024, 12, 10, 17, 0), End: at(2024, 12, 10, 21, 30), Location: "Rathaus Lindenfeld, Ratssaal, Marktplatz 1", Public: true,
				Files: []record.File{{Name: "Niederschrift", Date: at(2025, 1, 7, 0, 0)}},
				AgendaItems: []*record.AgendaItem{
					{ID: "rat-2024-12-1", Number: "Ö 1", Name: "Eröffnung der Sitzung", Public: true},
					{ID: "rat-2024-12-2", Number: "Ö 2", Name: `Haushaltssatzung 2025: Beratung, Beschluss; Anlage "A\B"` + "\r\nzweite Zeile\x07", Public: true},
					{ID: "rat-2024-12-3", Name: "Straßenausbauprogramm für die Jahre 2026 bis 2028 – Birkenweg, Lindenallee und Mühlenstraße, Ausbau mit Fördermitteln des Landes", Public: true},
				}},
			{ID: "gemeinsam-2025-07", Name: "Gemeinsame Sitzung", Organizations: []string{"soz", "rat"},
				Start: at(2025, 7, 1, 18, 0), End: at(2025, 7, 1, 20, 0), Public: true},
			{ID: "rat-2026-01", Name: "Klausurtagung", Organizations: []string{"rat"}, Start: at(2026, 1, 24, 0, 0), Public: true},
		},
	}
	return a
}

var testNow = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

func writeTest(t *testing.T, a *record.Archive, opts Options) (string, *export.Dir) {
	t.Helper()
	dir := t.TempDir()
	d := export.NewDir(dir)
	if err := Write(d, a, opts); err != nil {
		t.Fatal(err)
	}
	return dir, d
}

func TestWriteGolden(t *testing.T) {
	loc := berlin(t)
	dir, d := writeTest(t, testArchive(loc), Options{BaseURL: baseURL, Now: testNow, Location: loc, Title: "Ratsarchiv Lindenfeld"})
	// The faction without meetings has no calendar.
	if d.Files() != 3 {
		t.Errorf("wrote %d files, want 3 (all meetings, rat, soz)", d.Files())
	}
	for _, golden := range []struct{ path, file string }{
		{AllPath, "all.ics"},
		{CommitteePath("soz"), "soz.ics"},
	} {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(golden.path)))
		if err != nil {
			t.Fatal(err)
		}
		testkit.Golden(t, filepath.Join("testdata", golden.file), got, *update)
	}
}

// TestCalendarsParse reads every calendar back with another library,
// github.com/emersion/go-ical, and checks each event against its record.
func TestCalendarsParse(t *testing.T) {
	loc := berlin(t)
	a := testArchive(loc)
	dir, _ := writeTest(t, a, Options{BaseURL: baseURL, Now: testNow, Location: loc})
	ix := record.NewIndex(a)
	want := map[string][]string{ // calendar → meeting IDs, in order
		AllPath:              {"soz-2024-09", "rat-2024-12", "gemeinsam-2025-07", "rat-2026-01"},
		CommitteePath("rat"): {"rat-2024-12", "gemeinsam-2025-07", "rat-2026-01"},
		CommitteePath("soz"): {"soz-2024-09", "gemeinsam-2025-07"},
	}
	for path, ids := range want {
		t.Run(strings.Trim(path, "/"), func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
			if err != nil {
				t.Fatal(err)
			}
			checkLines(t, raw)
			cal, err := goical.NewDecoder(bytes.NewReader(raw)).Decode()
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if v := cal.Props.Get(goical.PropVersion); v == nil || v.Value != "2.0" {
				t.Errorf("VERSION = %v", v)
			}
			zone := parseZone(t, cal)
			var got []string
			for _, ev := range cal.Events() {
				uid, _ := ev.Props.Text(goical.PropUID)
				id, _, _ := strings.Cut(uid, "@")
				got = append(got, id)
				m := ix.Meetings[id]
				if m == nil {
					t.Errorf("event %q names no meeting", uid)
					continue
				}
				checkEvent(t, ev, m, loc, zone)
			}
			if !slices.Equal(got, ids) {
				t.Errorf("events %v, want %v", got, ids)
			}
		})
	}
}

// checkLines checks the content lines: CRLF endings and at most 75 octets
// (RFC 5545 3.1), folded without splitting a UTF-8 sequence.
func checkLines(t *testing.T, raw []byte) {
	t.Helper()
	if !bytes.HasSuffix(raw, []byte("\r\n")) {
		t.Error("does not end in CRLF")
	}
	folded := 0
	for i, line := range bytes.Split(bytes.TrimSuffix(raw, []byte("\r\n")), []byte("\r\n")) {
		if bytes.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, line)
		}
		if len(line) > 75 {
			t.Errorf("line %d has %d octets: %q", i+1, len(line), line)
		}
		if len(line) > 0 && line[0] == ' ' {
			folded++
			if len(line) > 1 && line[1]&0xc0 == 0x80 {
				t.Errorf("line %d continues in the middle of a UTF-8 sequence", i+1)
			}
		}
	}
	if folded == 0 && bytes.Contains(raw, []byte("Straßenausbauprogramm")) {
		t.Error("long lines were not folded")
	}
}

func checkEvent(t *testing.T, ev goical.Event, m *record.Meeting, loc *time.Location, zone []observance) {
	t.Helper()
	summary, _ := ev.Props.Text(goical.PropSummary)
	if summary != m.Name {
		t.Errorf("%s: SUMMARY %q, want %q", m.ID, summary, m.Name)
	}
	if l, _ := ev.Props.Text(goical.PropLocation); l != m.Location {
		t.Errorf("%s: LOCATION %q, want %q", m.ID, l, m.Location)
	}
	wantURL := baseURL + strings.TrimPrefix(permalink.Meeting(m.ID), "/")
	if u := ev.Props.Get(goical.PropURL); u == nil || u.Value != wantURL {
		t.Errorf("%s: URL %v, want %s", m.ID, u, wantURL)
	}
	desc, _ := ev.Props.Text(goical.PropDescription)
	if !strings.HasSuffix(desc, wantURL) {
		t.Errorf("%s: DESCRIPTION does not end with the page: %q", m.ID, desc)
	}
	for _, it := range m.AgendaItems {
		if !strings.Contains(desc, text(it.Name)) {
			t.Errorf("%s: DESCRIPTION lacks item %q: %q", m.ID, it.Name, desc)
		}
	}
	status, _ := ev.Props.Text(goical.PropStatus)
	if (status == "CANCELLED") != m.Cancelled {
		t.Errorf("%s: STATUS %q, cancelled %v", m.ID, status, m.Cancelled)
	}
	if ts := ev.Props.Get(goical.PropDateTimeStamp); ts == nil || !strings.HasSuffix(ts.Value, "Z") {
		t.Errorf("%s: DTSTAMP %v, want a UTC date-time", m.ID, ts)
	}
	dt := ev.Props.Get(goical.PropDateTimeStart)
	start, err := ev.DateTimeStart(nil)
	if err != nil {
		t.Fatalf("%s: DTSTART: %v", m.ID, err)
	}
	if dt.ValueType() == goical.ValueDate {
		if y, mo, d := m.Start.In(loc).Date(); start.Year() != y || start.Month() != mo || start.Day() != d {
			t.Errorf("%s: all-day DTSTART %v, want %v", m.ID, start, m.Start)
		}
		return
	}
	if tzid := dt.Params.Get(goical.PropTimezoneID); tzid != loc.String() {
		t.Errorf("%s: DTSTART TZID %q, want %q", m.ID, tzid, loc)
	}
	if !start.Equal(m.Start) {
		t.Errorf("%s: DTSTART %v, want %v", m.ID, start, m.Start)
	}
	// The VTIMEZONE alone gives the same instant as Go's zone database.
	local, _ := time.Parse(localFormat, dt.Value)
	if off := offsetAt(zone, local); !local.Add(-time.Duration(off) * time.Second).Equal(m.Start) {
		t.Errorf("%s: by the VTIMEZONE, %s is %v, want %v", m.ID, dt.Value, local.Add(-time.Duration(off)*time.Second), m.Start)
	}
	end, err := ev.DateTimeEnd(nil)
	if m.End.IsZero() {
		if ev.Props.Get(goical.PropDateTimeEnd) != nil {
			t.Errorf("%s: DTEND without an end in the record", m.ID)
		}
	} else if err != nil || !end.Equal(m.End) {
		t.Errorf("%s: DTEND %v (%v), want %v", m.ID, end, err, m.End)
	}
}

// observance is one onset of a VTIMEZONE.
type observance struct {
	onset  time.Time // UTC
	offset int       // TZOFFSETTO in seconds
}

// parseZone reads the calendar's one VTIMEZONE.
func parseZone(t *testing.T, cal *goical.Calendar) []observance {
	t.Helper()
	var zone []observance
	tzs := 0
	for _, c := range cal.Children {
		if c.Name != goical.CompTimezone {
			continue
		}
		tzs++
		for _, o := range c.Children {
			from, to := parseOffset(t, o.Props.Get(goical.PropTimezoneOffsetFrom).Value), parseOffset(t, o.Props.Get(goical.PropTimezoneOffsetTo).Value)
			local, err := time.Parse(localFormat, o.Props.Get(goical.PropDateTimeStart).Value)
			if err != nil {
				t.Fatal(err)
			}
			zone = append(zone, observance{onset: local.Add(-time.Duration(from) * time.Second), offset: to})
		}
	}
	if tzs != 1 || len(zone) == 0 {
		t.Fatalf("%d VTIMEZONEs with %d observances, want one with some", tzs, len(zone))
	}
	return zone
}

func parseOffset(t *testing.T, s string) int {
	t.Helper()
	if len(s) != 5 && len(s) != 7 {
		t.Fatalf("bad UTC offset %q", s)
	}
	d := func(i int) int { return int(s[i]-'0')*10 + int(s[i+1]-'0') }
	sec := d(1)*3600 + d(3)*60
	if len(s) == 7 {
		sec += d(5)
	}
	if s[0] == '-' {
		sec = -sec
	}
	return sec
}

// offsetAt is the zone's offset at a local time (read as if UTC): that of
// the latest onset before it.
func offsetAt(zone []observance, local time.Time) int {
	best := -1
	for i, o := range zone {
		if !local.Add(-time.Duration(o.offset)*time.Second).Before(o.onset) && (best < 0 || o.onset.After(zone[best].onset)) {
			best = i
		}
	}
	if best < 0 {
		return zone[0].offset
	}
	return zone[best].offset
}

// TestVTimezoneMatchesGo checks the observances against Go's zone database
// at every hour of two years, for zones with and without summer time, with
// half-hour offsets and south of the equator.
func TestVTimezoneMatchesGo(t *testing.T) {
	for _, name := range []string{"Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "America/Sao_Paulo", "UTC"} {
		t.Run(name, func(t *testing.T) {
			loc, err := time.LoadLocation(name)
			if err != nil {
				t.Fatal(err)
			}
			from, to := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			var buf bytes.Buffer
			c := ics.NewCalendar()
			c.AddVTimezone(vtimezone(loc, from, to))
			if err := c.SerializeTo(&buf, ics.WithNewLine("\r\n")); err != nil {
				t.Fatal(err)
			}
			parsed, err := goical.NewDecoder(&buf).Decode()
			if err != nil {
				t.Fatal(err)
			}
			zone := parseZone(t, parsed)
			for u := from; u.Before(to); u = u.Add(time.Hour) {
				_, want := u.In(loc).Zone()
				// Find the observance in force at the instant u.
				best := -1
				for i, o := range zone {
					if !u.Before(o.onset) && (best < 0 || o.onset.After(zone[best].onset)) {
						best = i
					}
				}
				if best < 0 {
					t.Fatalf("no observance in force at %v", u)
				}
				if zone[best].offset != want {
					t.Fatalf("at %v the VTIMEZONE says %d, Go %d", u, zone[best].offset, want)
				}
			}
		})
	}
}

// TestStampIsNotTheClock: moving the reference day without moving the
// window's edge over a meeting gives the same bytes.
func TestStampIsNotTheClock(t *testing.T) {
	loc := berlin(t)
	a := testArchive(loc)
	read := func(now time.Time) []byte {
		dir, _ := writeTest(t, a, Options{BaseURL: baseURL, Now: now, Location: loc})
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(AllPath)))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if !bytes.Equal(read(testNow), read(testNow.AddDate(0, 0, 3))) {
		t.Error("the calendar changed with the reference day alone")
	}
}

func TestUTCOffset(t *testing.T) {
	for sec, want := range map[int]string{3600: "+0100", 7200: "+0200", -18000: "-0500", 19800: "+0530", 0: "+0000", -(3*3600 + 30*60 + 7): "-033007"} {
		if got := utcOffset(sec); got != want {
			t.Errorf("utcOffset(%d) = %q, want %q", sec, got, want)
		}
	}
}

// FuzzCalendarText writes a meeting with untrusted text in every text
// property and reads the calendar back: it must parse, keep its lines
// within 75 octets, and give back the text.
func FuzzCalendarText(f *testing.F) {
	f.Add("Sitzung, \"Haushalt\"; Teil 1", `Rathaus\Saal`, "Ö 1", "Eröffnung\r\nund Begrüßung")
	f.Add(strings.Repeat("Straßenausbauprogramm ", 20), "\x00\x7f\ttab", "", strings.Repeat("ü", 100))
	f.Add("\xff\xfe invalid", "a\rb", "\\n", "END:VEVENT\r\nBEGIN:VEVENT")
	loc := berlin(f)
	f.Fuzz(func(t *testing.T, name, location, number, item string) {
		a := &record.Archive{
			Body:          record.Body{ID: "b", Name: "B"},
			Organizations: []*record.Organization{{ID: "rat", Name: name}},
			Meetings: []*record.Meeting{{ID: "m", Name: name, Location: location, Organizations: []string{"rat"}, Public: true,
				Start:       time.Date(2025, 3, 4, 17, 0, 0, 0, loc),
				AgendaItems: []*record.AgendaItem{{ID: "i", Number: number, Name: item, Public: true}}}},
		}
		dir := t.TempDir()
		if err := Write(export.NewDir(dir), a, Options{BaseURL: baseURL, Now: testNow, Location: loc}); err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(CommitteePath("rat"))))
		if err != nil {
			t.Fatal(err)
		}
		checkLines(t, raw)
		cal, err := goical.NewDecoder(bytes.NewReader(raw)).Decode()
		if err != nil {
			t.Fatalf("parse: %v\n%s", err, raw)
		}
		evs := cal.Events()
		if len(evs) != 1 {
			t.Fatalf("%d events", len(evs))
		}
		if got, _ := evs[0].Props.Text(goical.PropSummary); got != text(name) {
			t.Errorf("SUMMARY %q, want %q", got, text(name))
		}
		if got, _ := evs[0].Props.Text(goical.PropLocation); got != text(location) {
			t.Errorf("LOCATION %q, want %q", got, text(location))
		}
		if desc, _ := evs[0].Props.Text(goical.PropDescription); !strings.Contains(desc, text(item)) {
			t.Errorf("DESCRIPTION %q lacks %q", desc, text(item))
		}
	})
}
