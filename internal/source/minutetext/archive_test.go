package minutetext

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// mustParseText parses text with the given metadata, or fails.
func mustParseText(tb testing.TB, path, text string, meta Meta) Text {
	tb.Helper()
	t, err := ParseText(path, text, meta)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func mustBerlin(tb testing.TB) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

const (
	itemText = "Beratungsergebnis: Kenntnis genommen\n\nFrau Gehrke berichtet.\n\nBeschluss:\n\nDer Sozialausschuss nimmt den Bericht zur Kenntnis.\n"
	fullText = `Protokoll
der 4. Sitzung des Umweltausschusses der Stadt Lindenfeld am Dienstag, dem 14. März 2023, im Rathaus
Beginn der Sitzung: 18:00 Uhr
Tagesordnung:
1. Eröffnung der Sitzung
2. Straßenbeleuchtung
Zu Punkt 1: Eröffnung der Sitzung
Herr Müller eröffnet die Sitzung.
Zu Punkt 2: Straßenbeleuchtung
Der Ausschuss nimmt den Bericht zur Kenntnis.
Ende der Sitzung: 19:10 Uhr
`
)

func TestParseText(t *testing.T) {
	for _, tc := range []struct {
		name, text, kind string
		minutes          bool // else an item
	}{
		{"AutoFullMinutes", fullText, "", true},
		{"AutoItem", itemText, "auto", false},
		{"ItemForced", fullText, "item", false},
		{"MinutesForced", itemText, "minutes", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := mustParseText(t, "x.txt", tc.text, Meta{Kind: tc.kind})
			if (got.Minutes != nil) != tc.minutes || (got.Item != nil) == tc.minutes {
				t.Errorf("minutes %v, item %v; want minutes: %v", got.Minutes != nil, got.Item != nil, tc.minutes)
			}
		})
	}
	t.Run("ErrKind", func(t *testing.T) {
		_, err := ParseText("x.txt", itemText, Meta{Kind: "protocol"})
		if err == nil || !strings.Contains(err.Error(), `x.txt: kind "protocol"`) {
			t.Errorf("error %v", err)
		}
	})
	t.Run("ErrNotText", func(t *testing.T) {
		_, err := ParseText("x.txt", "a\x00b", Meta{})
		if !errors.Is(err, ErrNotText) || !strings.HasPrefix(err.Error(), "x.txt: ") {
			t.Errorf("error %v", err)
		}
	})
}

func TestArchive(t *testing.T) {
	berlin := mustBerlin(t)
	t.Run("ItemsShareAMeeting", func(t *testing.T) {
		meta := Meta{Body: "Stadt Rheine", Organization: "Sozialausschuss", Date: "2022-09-13T17:00"}
		a, warnings, err := Archive([]Text{
			mustParseText(t, "dir/top5.txt", itemText, meta),
			mustParseText(t, "dir/top9.txt", itemText, withItem(meta, "9", "Integration")),
		}, berlin)
		if err != nil || len(warnings) > 0 {
			t.Fatal(err, warnings)
		}
		if !reflect.DeepEqual(a.Body, record.Body{ID: "stadt-rheine", Name: "Stadt Rheine", Language: "de"}) {
			t.Errorf("body %+v", a.Body)
		}
		if len(a.Organizations) != 1 || !reflect.DeepEqual(*a.Organizations[0], record.Organization{ID: "sozialausschuss", Name: "Sozialausschuss"}) {
			t.Errorf("organizations %+v", a.Organizations)
		}
		if len(a.Meetings) != 1 {
			t.Fatalf("%d meetings, want 1", len(a.Meetings))
		}
		m := a.Meetings[0]
		if m.ID != "sozialausschuss-2022-09-13" || !m.Start.Equal(time.Date(2022, 9, 13, 17, 0, 0, 0, berlin)) ||
			m.Name != "Sitzung Sozialausschuss am 13.09.2022" {
			t.Errorf("meeting %q %q at %v", m.ID, m.Name, m.Start)
		}
		got := itemSummaries(m.AgendaItems)
		want := []string{
			// Without number and name: numbered by position, named by its first sentence.
			"sozialausschuss-2022-09-13-1 #1 () Der Sozialausschuss nimmt den Bericht zur Kenntnis. [noted]",
			"sozialausschuss-2022-09-13-9 #2 (9) Integration [noted]",
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("items\n%q\nwant\n%q", got, want)
		}
	})
	t.Run("FullMinutesNameTheirMeeting", func(t *testing.T) {
		a, _, err := Archive([]Text{mustParseText(t, "n.txt", fullText, Meta{})}, berlin)
		if err != nil {
			t.Fatal(err)
		}
		m := a.Meetings[0]
		if a.Body.Name != "Stadt Lindenfeld" || m.ID != "umweltausschuss-2023-03-14" ||
			!m.Start.Equal(time.Date(2023, 3, 14, 18, 0, 0, 0, berlin)) || !m.End.Equal(time.Date(2023, 3, 14, 19, 10, 0, 0, berlin)) {
			t.Errorf("body %q, meeting %q from %v to %v", a.Body.Name, m.ID, m.Start, m.End)
		}
		if len(m.Files) != 1 || !strings.HasPrefix(m.Files[0].Text, "Ende der Sitzung") {
			t.Errorf("files %+v, want the closing", m.Files)
		}
		want := []string{
			"umweltausschuss-2023-03-14-1 #1 (1) Eröffnung der Sitzung []",
			"umweltausschuss-2023-03-14-2 #2 (2) Straßenbeleuchtung [noted]",
		}
		if got := itemSummaries(m.AgendaItems); !reflect.DeepEqual(got, want) {
			t.Errorf("items\n%q\nwant\n%q", got, want)
		}
	})
	t.Run("ClosedPartIsClosedSession", func(t *testing.T) {
		raw, err := os.ReadFile(filepath.Join("testdata", "minutes_closed.txt"))
		if err != nil {
			t.Fatal(err)
		}
		a, _, err := Archive([]Text{mustParseText(t, "c.txt", string(raw), Meta{})}, berlin)
		if err != nil {
			t.Fatal(err)
		}
		m := a.Meetings[0]
		var closed []string
		for _, it := range m.AgendaItems {
			closed = append(closed, it.Number+":"+strconv.FormatBool(it.ClosedSession))
			if !it.Public {
				t.Errorf("item %s is withheld: the minutes publish that it exists", it.Number)
			}
		}
		if want := "1:false 2:false 3:true 4:true 5:false"; strings.Join(closed, " ") != want {
			t.Errorf("closed session %s, want %s", strings.Join(closed, " "), want)
		}
		for _, f := range m.Files {
			if strings.Contains(f.Text, "Geheimbau") || strings.Contains(f.Text, "nichtöffentlich") {
				t.Errorf("meeting file %q carries the closed part: %q", f.Name, f.Text)
			}
		}
	})
	t.Run("SecondMinutesOfADayGetAnIDOfTheirOwn", func(t *testing.T) {
		a, warnings, err := Archive([]Text{
			mustParseText(t, "a.txt", fullText, Meta{}),
			mustParseText(t, "b.txt", fullText, Meta{}),
		}, berlin)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Meetings) != 2 || a.Meetings[1].ID != "umweltausschuss-2023-03-14-2" {
			t.Errorf("meetings %d, second %q", len(a.Meetings), a.Meetings[len(a.Meetings)-1].ID)
		}
		if len(warnings) != 1 || !strings.HasPrefix(warnings[0], "b.txt: a meeting of Umweltausschuss on 2023-03-14 is imported from a.txt already") {
			t.Errorf("warnings %q", warnings)
		}
	})
	for _, tc := range []struct {
		name  string
		texts []Text
		want  string // in the error
	}{
		{"ErrNoOrganization", []Text{{Path: "t.txt", Meta: Meta{Body: "B", Date: "2022-09-13"}, Item: &Item{}}},
			"t.txt: no committee or council"},
		{"ErrNoDate", []Text{{Path: "t.txt", Meta: Meta{Body: "B", Organization: "Rat"}, Item: &Item{}}},
			"t.txt: no meeting date"},
		{"ErrBadDate", []Text{{Path: "t.txt", Meta: Meta{Body: "B", Organization: "Rat", Date: "13.09.2022"}, Item: &Item{}}},
			`t.txt: date: bad date "13.09.2022"`},
		{"ErrBadEnd", []Text{{Path: "t.txt", Meta: Meta{Body: "B", Organization: "Rat", Date: "2022-09-13", End: "late"}, Item: &Item{}}},
			`t.txt: end: bad date "late"`},
		{"ErrItemJoinsMinutes", []Text{
			{Path: "n.txt", Meta: Meta{Body: "B", Organization: "Rat", Date: "2022-09-13"}, Minutes: &Minutes{}},
			{Path: "t.txt", Meta: Meta{Organization: "Rat", Date: "2022-09-13"}, Item: &Item{}},
		}, `t.txt: meeting "rat-2022-09-13" is also the meeting of n.txt`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Archive(tc.texts, berlin)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q in it", err, tc.want)
			}
		})
	}
	t.Run("ErrNoBody", func(t *testing.T) {
		_, _, err := Archive([]Text{mustParseText(t, "t.txt", itemText, Meta{Organization: "Rat", Date: "2022-09-13"})}, berlin)
		if !errors.Is(err, ErrNoBody) {
			t.Errorf("error %v, want ErrNoBody", err)
		}
	})
}

func withItem(m Meta, number, name string) Meta {
	m.ItemNumber, m.ItemName = number, name
	return m
}

// itemSummaries reads "id #order (number) name [category]" per item.
func itemSummaries(items []*record.AgendaItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID+" #"+strconv.Itoa(it.Order)+" ("+it.Number+") "+it.Name+" ["+string(it.ResultCategory)+"]")
	}
	return out
}

func TestMinutesItems(t *testing.T) {
	m := &Minutes{
		Agenda: []AgendaEntry{{Number: "1", Title: "Eröffnung"}, {Number: "2", Title: "Kita"}, {Number: "3", Title: "Anfragen"}},
		Sections: []Section{
			{Number: "2", Title: "Kita"},
			{Number: "2a", Title: "Nachtrag"}, // not on the agenda: follows the section before it
			{Number: "1", Title: "Eröffnung"},
			{Number: "1", Title: "Eröffnung"}, // a repeated heading gets an ID of its own
		},
	}
	want := []string{
		"m-1 #1 (1) Eröffnung []",
		"m-1-2 #2 (1) Eröffnung []",
		"m-2 #3 (2) Kita []",
		"m-2a #4 (2a) Nachtrag []",
		"m-3 #5 (3) Anfragen []", // on the agenda, not minuted
	}
	if got := itemSummaries(minutesItems("m", m)); !reflect.DeepEqual(got, want) {
		t.Errorf("items\n%q\nwant\n%q", got, want)
	}
}

// TestMinutesItemsAnnexes: an item's minutes carry its annexes; the
// meeting's closing file keeps only what no item refers to.
func TestMinutesItemsAnnexes(t *testing.T) {
	m, err := ParseMinutes(annexMinutes)
	if err != nil {
		t.Fatal(err)
	}
	items := minutesItems("m", m)
	if got := items[1].Minutes; !strings.Contains(got, "Anlage 2\nIch komme nun zu meinen Mitteilungen:") || !strings.Contains(got, "Anlage 4 – TOP 2\nKosten der Spielgeräte") {
		t.Errorf("item 2 minutes %q", got)
	}
	var closing string
	for _, f := range minutesFiles(m) {
		if f.Name == "Schluss und Anlagen der Niederschrift" {
			closing = f.Text
		}
	}
	if !strings.Contains(closing, "Ein Schreiben, auf das kein Punkt verweist.") || strings.Contains(closing, "Dorffest") {
		t.Errorf("closing file %q", closing)
	}
}

func TestMeta(t *testing.T) {
	t.Run("OverFillsEmptyFields", func(t *testing.T) {
		got := Meta{Body: "A", ItemNumber: "5"}.Over(Meta{Body: "B", Organization: "Rat", Kind: "item"})
		if want := (Meta{Body: "A", Organization: "Rat", ItemNumber: "5", Kind: "item"}); got != want {
			t.Errorf("got %+v, want %+v", got, want)
		}
	})
	t.Run("ReadMeta", func(t *testing.T) {
		path := writeFile(t, "organization = \"Rat\"\ndate = \"2022-09-13T17:00\"\nend = 2022-09-13T19:00:00+02:00\nitemNumber = 6\n")
		got, err := ReadMeta(path)
		if err != nil {
			t.Fatal(err)
		}
		want := Meta{Organization: "Rat", Date: "2022-09-13T17:00", End: "2022-09-13T19:00:00+02:00", ItemNumber: "6"}
		if got != want {
			t.Errorf("got %+v, want %+v", got, want)
		}
	})
	// TOML dates and datetimes without an offset stay without one, so that
	// Archive reads them in the archive's zone and not in the host's.
	t.Run("LocalDatesStayLocal", func(t *testing.T) {
		path := writeFile(t, "date = 2022-09-13T17:00:00\nend = 2022-09-14\n")
		got, err := ReadMeta(path)
		if err != nil {
			t.Fatal(err)
		}
		if want := (Meta{Date: "2022-09-13T17:00:00", End: "2022-09-14"}); got != want {
			t.Errorf("got %+v, want %+v", got, want)
		}
	})
	t.Run("ErrUnknownKey", func(t *testing.T) {
		path := writeFile(t, "itemNmae = \"x\"\n")
		if _, err := ReadMeta(path); err == nil || !strings.Contains(err.Error(), `unknown key "itemNmae" (known: body, date, end,`) {
			t.Errorf("error %v", err)
		}
	})
	t.Run("ErrNotAString", func(t *testing.T) {
		path := writeFile(t, "body = [\"x\"]\n")
		if _, err := ReadMeta(path); err == nil || !strings.Contains(err.Error(), "body: want a string") {
			t.Errorf("error %v", err)
		}
	})
}

func writeFile(tb testing.TB, content string) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "x.meta.toml")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// TestIDPart checks what idPart adds to permalink.Words.
func TestIDPart(t *testing.T) {
	long := strings.Repeat("Ausschuss ", 10)
	for in, want := range map[string]string{
		"Ortsrat Groß Escherde": "ortsrat-gross-escherde",
		"—":                     "x",
		long:                    strings.Repeat("ausschuss-", 5) + "ausschuss", // cut at 60 bytes, no hyphen at the end
	} {
		if got := idPart(in); got != want {
			t.Errorf("idPart(%q) = %q, want %q", in, got, want)
		}
	}
}
