package tomlrec

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// writeTree writes files (name → content) under a new temp dir.
func writeTree(tb testing.TB, files map[string]string) string {
	tb.Helper()
	dir := tb.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

const bodyTOML = `[body]
name = "Stadt Beispiel"
`

const orgsTOML = `[[organization]]
id = "rat"
name = "Rat der Stadt"

[[organization]]
id = "soz"
name = "Ausschuss für Soziales"
shortName = "Sozialausschuss"
`

const meetingTOML = `# A committee meeting.
[meeting]
id = "soz-2024-03"
name = "5. Sitzung"
organization = "soz"
start = 2024-03-12T17:00:00
end = 2024-03-12T19:30:00+01:00
location = "Rathaus"

[[meeting.file]]
name = "Einladung"
accessUrl = "https://example.org/e.pdf"

[[agendaItem]]
id = "soz-2024-03-1"
number = "1"
name = "Eröffnung"

[[agendaItem]]
id = "soz-2024-03-2"
number = "2"
name = "Kita-Gebühren"
result = "einstimmig beschlossen"
votes = { yes = 9, no = 0, abstain = 1 }
paper = "v-1"
minutes = """
Frau Gehrke berichtet.

Herr Niemann fragt nach."""
`

const paperTOML = `[[paper]]
id = "v-1"
reference = "V 1/24"
name = "Kita-Gebühren"
date = 2024-02-01

[[paper.consultation]]
organization = "soz"
meeting = "soz-2024-03"
agendaItem = "soz-2024-03-2"
role = "Vorberatung"
`

func MustLoad(tb testing.TB, dir string) (*record.Archive, record.Diagnostics) {
	tb.Helper()
	a, diags, err := Load(dir, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return a, diags
}

func TestLoad(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		dir := writeTree(t, map[string]string{
			"body.toml": bodyTOML, "organizations.toml": orgsTOML,
			"meetings/2024/soz.toml": meetingTOML, "papers/v-1.toml": paperTOML,
		})
		a, diags := MustLoad(t, dir)
		if len(diags) > 0 {
			t.Fatalf("unexpected diagnostics:\n%v", diags)
		}
		if a.Body.Name != "Stadt Beispiel" || len(a.Organizations) != 2 || len(a.Meetings) != 1 || len(a.Papers) != 1 {
			t.Fatalf("archive = %+v", a)
		}
		m := a.Meetings[0]
		berlin, _ := time.LoadLocation("Europe/Berlin")
		if want := time.Date(2024, 3, 12, 17, 0, 0, 0, berlin); !m.Start.Equal(want) {
			t.Errorf("start = %v, want %v (local times are in Europe/Berlin)", m.Start, want)
		}
		if len(m.Files) != 1 || m.Files[0].AccessURL != "https://example.org/e.pdf" {
			t.Errorf("files = %+v", m.Files)
		}
		it := m.AgendaItems[1]
		if it.Order != 2 || it.ResultCategory != record.ResultApproved || it.Votes == nil || it.Votes.Yes != 9 || it.Votes.Abstain != 1 {
			t.Errorf("item = %+v votes %+v", it, it.Votes)
		}
		if it.Minutes != "Frau Gehrke berichtet.\n\nHerr Niemann fragt nach." {
			t.Errorf("minutes = %q", it.Minutes)
		}
		if !it.Public || !m.Public || !a.Papers[0].Public {
			t.Error("public must default to true")
		}
		if got := it.Origin.At("paper"); got.Line != 25 {
			t.Errorf("paper line = %v, want 25", got)
		}
	})
}

// TestDiagnostics checks each class of problem with its exact message. Every
// case is loaded together with a valid archive, so that one problem shows up
// as exactly the expected lines.
func TestDiagnostics(t *testing.T) {
	base := map[string]string{"body.toml": bodyTOML, "organizations.toml": orgsTOML, "papers/v-1.toml": paperTOML, "meetings/soz.toml": meetingTOML}
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{
			name:  "ErrSyntax",
			files: map[string]string{"bad.toml": "[meeting]\nid = \"x\nname = \"y\"\n"},
			want:  []string{"bad.toml:2:8: TOML syntax: strings cannot contain newlines"},
		},
		{
			name: "ErrMissingRequired",
			files: map[string]string{"m.toml": `[meeting]
id = "m2"
organization = "rat"

[[agendaItem]]
number = "1"
`},
			want: []string{
				"m.toml:1: meeting.name: missing required field",
				"m.toml:1: meeting.start: missing required field",
				"m.toml:5: agendaItem.id: missing required field",
				"m.toml:5: agendaItem.name: missing required field",
			},
		},
		{
			// A heading is no item: what only items have is an error,
			// not silently dropped.
			name: "ErrHeadingWithResult",
			files: map[string]string{"m.toml": `[meeting]
id = "m2"
name = "x"
organization = "rat"
start = 2024-03-12

[[agendaItem]]
name = "Öffentliche Sitzung"
heading = true
result = "beschlossen"
closedSesion = true
`},
			want: []string{
				`m.toml:10: agendaItem.result: a heading (heading = true) has no result: it heads a part of the agenda; make it an agenda item, or drop the field`,
				`m.toml:11: agendaItem.closedSesion: unknown field (did you mean "closedSession"?)`,
			},
		},
		{
			name: "ErrBadDate",
			files: map[string]string{"m.toml": `[meeting]
id = "m2"
name = "x"
organization = "rat"
start = "12.03.2024"
end = 2024-03-12T10:00:00
`},
			want: []string{
				`m.toml:5: meeting.start: bad date "12.03.2024": want YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][±HH:MM]`,
			},
		},
		{
			// A time without a date is no date. BurntSushi dates it
			// 0000-01-01, so a real date in year 0 must still load
			// (the OParl fuzzer wrote one: TestDateInYearZero).
			name: "ErrTimeOfDay",
			files: map[string]string{"m.toml": `[meeting]
id = "m2"
name = "x"
organization = "rat"
start = 10:00:00
`},
			want: []string{"m.toml:5: meeting.start: want a date or date and time, found only a time of day"},
		},
		{
			name: "ErrEndBeforeStart",
			files: map[string]string{"m.toml": `[meeting]
id = "m2"
name = "x"
organization = "rat"
start = 2024-03-12T10:00:00
end = 2024-03-12T09:00:00
`},
			want: []string{"m.toml:6: meeting.end: end 2024-03-12T09:00:00+01:00 is before start 2024-03-12T10:00:00+01:00"},
		},
		{
			name: "ErrUnknownField",
			files: map[string]string{"m.toml": `[meeting]
id = "m2"
name = "x"
organization = "rat"
start = 2024-03-12T10:00:00

[[agendaItem]]
id = "i"
name = "y"
resolutiontext = "Beschluss"
votes = { yes = 1, nein = 2 }
`},
			want: []string{
				`m.toml:10: agendaItem.resolutiontext: unknown field (did you mean "resolutionText"?)`,
				`m.toml:11: agendaItem.votes.nein: unknown field`,
			},
		},
		{
			name: "ErrWrongType",
			files: map[string]string{"m.toml": `[meeting]
id = "m2"
name = "x"
organization = "rat"
start = 2024-03-12T10:00:00
public = "nein"
`},
			want: []string{`m.toml:6: meeting.public: want true or false, found a string`},
		},
		{
			name: "ErrDuplicateID",
			files: map[string]string{"z.toml": `[[paper]]
id = "v-1"
name = "again"
`},
			want: []string{`z.toml:2: paper.id: duplicate id "v-1", first defined at papers/v-1.toml:2`},
		},
		{
			name: "ErrUnknownReference",
			files: map[string]string{"m.toml": `[meeting]
id = "m2"
name = "x"
organization = ["rat", "sozz"]
start = 2024-03-12T10:00:00

[[agendaItem]]
id = "i"
name = "y"
paper = "v-2"
persons = ["nobody"]
`},
			want: []string{
				`m.toml:4: meeting.organization: unknown organization "sozz" (did you mean "soz"?)`,
				`m.toml:10: agendaItem.paper: unknown paper "v-2" (did you mean "v-1"?)`,
				`m.toml:11: agendaItem.persons: unknown person "nobody"`,
			},
		},
		{
			name:  "ErrInvalidUTF8",
			files: map[string]string{"latin1.toml": "[[organization]]\nid = \"a\"\nname = \"Ausschu\xdf\"\n"},
			want:  []string{"latin1.toml:3:16: invalid UTF-8: record files must be UTF-8 (convert with: iconv -f WINDOWS-1252 -t UTF-8)"},
		},
		{
			name:  "ErrItemsWithoutMeeting",
			files: map[string]string{"i.toml": "[[agendaItem]]\nid = \"a\"\nname = \"b\"\n"},
			want:  []string{"i.toml:1: agendaItem: agenda items need the [meeting] they belong to in the same file"},
		},
		{
			name:  "ErrBadResultCategory",
			files: map[string]string{"m.toml": "[meeting]\nid = \"m2\"\nname = \"x\"\norganization = \"rat\"\nstart = 2024-01-01\n[[agendaItem]]\nid = \"i\"\nname = \"n\"\nresultCategory = \"accepted\"\n"},
			want:  []string{`m.toml:9: agendaItem.resultCategory: unknown result category "accepted" (want one of approved, approved-amended, rejected, noted, postponed, withdrawn, other)`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range base {
				files[k] = v
			}
			for k, v := range tt.files {
				files[k] = v
			}
			dir := writeTree(t, files)
			_, diags := MustLoad(t, dir)
			var got []string
			for _, d := range diags {
				got = append(got, strings.ReplaceAll(d.String(), dir+string(filepath.Separator), ""))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestLoadReportsEveryFile(t *testing.T) {
	// Problems in several files come back together, not one per run.
	dir := writeTree(t, map[string]string{
		"body.toml": bodyTOML,
		"a.toml":    "[[organization]]\nid = \"a\"\n",
		"b.toml":    "[[organization]]\nid = \"b\"\n",
		"c.toml":    "this is not toml",
	})
	_, diags := MustLoad(t, dir)
	if len(diags) != 3 {
		t.Fatalf("got %d diagnostics, want 3:\n%v", len(diags), diags)
	}
}

func TestLoadNoBody(t *testing.T) {
	dir := writeTree(t, map[string]string{"organizations.toml": orgsTOML})
	_, diags := MustLoad(t, dir)
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "no file has a [body] table") {
		t.Fatalf("diagnostics = %v", diags)
	}
}

// TestDateOutsideTheYears: check reports a date that the site's time zone
// moves out of the years 1 to 9999, which Hugo cannot render, with its
// file, line and field; a date in the year 0 is reported so, not taken for
// a time of day.
func TestDateOutsideTheYears(t *testing.T) {
	dir := writeTree(t, map[string]string{"body.toml": bodyTOML, "organizations.toml": orgsTOML, "meetings/m.toml": `[meeting]
id = "m0"
name = "x"
organization = "rat"
start = 9999-12-31T23:59:59-12:00

[[agendaItem]]
id = "i"
name = "y"
paper = "p"

[[paper]]
id = "p"
name = "z"
date = 0000-01-01

[[paper]]
id = "q"
name = "z"
date = "0001-01-01T00:30:00+02:00"
`})
	_, diags := MustLoad(t, dir)
	file := filepath.Join(dir, "meetings", "m.toml")
	want := []string{
		file + ":5: meeting.start: date 9999-12-31T23:59:59-12:00 lies in the year 10000 in the time zone Europe/Berlin: dates must lie in the years 1 to 9999",
		file + ":15: paper.date: date 0000-01-01 lies in the year 0 in the time zone Europe/Berlin",
		file + `:20: paper.date: date "0001-01-01T00:30:00+02:00" lies in the year 0 in the time zone Europe/Berlin`,
	}
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	if len(got) != len(want) {
		t.Fatalf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("diagnostic %d = %s\nwant %s", i, got[i], want[i])
		}
	}

	// The last day of the year 9999 and the first of the year 1, in the
	// site's zone, are fine.
	dir = writeTree(t, map[string]string{"body.toml": bodyTOML, "organizations.toml": orgsTOML, "papers.toml": `[[paper]]
id = "p"
name = "z"
date = 9999-12-31T23:59:59

[[paper]]
id = "q"
name = "z"
date = 0001-01-01
`})
	if _, diags := MustLoad(t, dir); len(diags) > 0 {
		t.Errorf("diagnostics = %v", diags)
	}
}
