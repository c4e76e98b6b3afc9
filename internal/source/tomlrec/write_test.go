package tomlrec

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

func sampleArchive() *record.Archive {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	return &record.Archive{
		Body: record.Body{ID: "stadt", Name: "Stadt \"Beispiel\"", Language: "de"},
		Organizations: []*record.Organization{
			{ID: "soz", Name: "Ausschuss für Soziales", ShortName: "Sozialausschuss", Start: time.Date(2020, 11, 1, 0, 0, 0, 0, berlin)},
		},
		Persons: []*record.Person{
			{ID: "gehrke", Name: "Anna Gehrke", FormOfAddress: "Frau", Memberships: []record.Membership{{Organization: "soz", Role: "Vorsitzende", VotingRight: true}}},
		},
		Papers: []*record.Paper{
			{ID: "https://oparl.example.org/paper/7", Reference: "V 7/24", Name: "Kita", Date: time.Date(2024, 2, 1, 0, 0, 0, 0, berlin), Public: false,
				Text:          "Zeile 1\n\n\"Zitat\"\nC:\\Pfad\\ und \"\"\" drei\r\nTab\there\x01",
				Consultations: []record.Consultation{{Organization: "soz", Meeting: "m1", AgendaItem: "m1-2", Role: "Vorberatung", Authoritative: true}},
				Files:         []record.File{{ID: "f1", Name: "Anlage", AccessURL: "https://x/y.pdf", Text: "Text der Anlage"}}},
		},
		Meetings: []*record.Meeting{{
			ID: "m1", Name: "1. Sitzung", Organizations: []string{"soz"}, Public: true,
			Start: time.Date(2024, 3, 12, 17, 0, 0, 0, berlin), End: time.Date(2024, 3, 12, 19, 30, 0, 0, berlin),
			Headings: []*record.Heading{
				{ID: "m1-a", Number: "A", Order: 1, Name: "Öffentliche Sitzung", Files: []record.File{{Name: "Anwesenheitsliste", AccessURL: "https://x/a.pdf"}}},
				{Order: 7, Name: "Nichtöffentliche Sitzung", ClosedSession: true},
			},
			AgendaItems: []*record.AgendaItem{
				{ID: "m1-1", Number: "1", Order: 2, Name: "Eröffnung", Public: true},
				{ID: "m1-2", Number: "2", Order: 5, Name: "Kita", Public: false, Result: "einstimmig beschlossen", ResultCategory: record.ResultApproved,
					Votes: &record.Votes{Yes: 9, Unanimous: true}, Paper: "https://oparl.example.org/paper/7",
					Speakers: []string{"Frau Gehrke"}, Persons: []string{"gehrke"}, Minutes: "a\n\nb\"", ResolutionText: "\"Beschluss\""},
				{ID: "m1-3", Number: "3", Order: 6, Name: "Sonstiges", Public: true, Result: "vertagt", ResultCategory: record.ResultOther},
				{ID: "m1-4", Number: "4", Order: 8, Name: "Grundstück", Public: true, ClosedSession: true, Result: "beschlossen", ResultCategory: record.ResultApproved},
			},
		}},
	}
}

// clearOrigins removes what only a loaded archive has, for comparison.
func clearOrigins(a *record.Archive) {
	a.Body.Origin = record.Origin{}
	for _, o := range a.Organizations {
		o.Origin = record.Origin{}
	}
	for _, p := range a.Persons {
		p.Origin = record.Origin{}
	}
	for _, p := range a.Papers {
		p.Origin = record.Origin{}
	}
	for _, m := range a.Meetings {
		m.Origin = record.Origin{}
		for _, it := range m.AgendaItems {
			it.Origin = record.Origin{}
		}
		for _, h := range m.Headings {
			h.Origin = record.Origin{}
		}
	}
}

func TestWriteRoundTrip(t *testing.T) {
	dir := t.TempDir()
	want := sampleArchive()
	if err := Write(dir, want); err != nil {
		t.Fatal(err)
	}
	got, diags := MustLoad(t, dir)
	if len(diags) > 0 {
		t.Fatalf("written records do not load cleanly:\n%v", diags)
	}
	clearOrigins(got)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip changed the archive:\ngot  %+v\nwant %+v", got.Papers[0], want.Papers[0])
		for i := range got.Meetings[0].AgendaItems {
			if g, w := got.Meetings[0].AgendaItems[i], want.Meetings[0].AgendaItems[i]; !reflect.DeepEqual(g, w) {
				t.Errorf("item %d:\ngot  %+v\nwant %+v", i, g, w)
			}
		}
	}

	// Writing again gives the same bytes.
	dir2 := t.TempDir()
	if err := Write(dir2, got); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"body.toml", "meetings/2024/m1.toml"} {
		a, _ := os.ReadFile(filepath.Join(dir, name))
		b, _ := os.ReadFile(filepath.Join(dir2, name))
		if string(a) != string(b) {
			t.Errorf("%s differs between writes:\n%s\n---\n%s", name, a, b)
		}
	}
}

// FuzzQuote checks that any text survives writing and reading: record text
// comes from outside (OParl, minutes) and must never be lost or mangled.
func FuzzQuote(f *testing.F) {
	for _, s := range []string{"", "a", "\"", "\"\"\"", "a\nb", "a\n\"", "\\", "\\\n", "x\r\ny", "\t", "\x00", "'''", "ä\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		src := "[body]\nname = " + quote(s) + "\n"
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "body.toml"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		a, diags, err := Load(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if s == "" || strings.TrimSpace(s) == "" {
			return // an empty name is (rightly) a diagnostic
		}
		if len(diags) > 0 {
			t.Fatalf("quote(%q) = %s: %v", s, quote(s), diags)
		}
		if a.Body.Name != s {
			t.Fatalf("quote(%q) read back as %q", s, a.Body.Name)
		}
	})
}

func TestSave(t *testing.T) {
	out := filepath.Join(t.TempDir(), "records")
	t.Run("OK", func(t *testing.T) {
		if err := Save(out, sampleArchive(), Options{}); err != nil {
			t.Fatal(err)
		}
		got, diags := MustLoad(t, out)
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		if len(got.Meetings) != 1 || len(got.Meetings[0].AgendaItems) != 4 || len(got.Meetings[0].Headings) != 2 {
			t.Errorf("saved %d meetings", len(got.Meetings))
		}
	})
	t.Run("ErrLoadBack", func(t *testing.T) {
		before := snapshot(t, out)
		// Records that do not load: an agenda item without a name and a
		// paper that names a meeting the archive lacks.
		bad := sampleArchive()
		bad.Meetings[0].AgendaItems[0].Name = ""
		bad.Papers[0].Consultations[0].Meeting = "m9"
		err := Save(out, bad, Options{})
		var lb *LoadBackError
		if !errors.As(err, &lb) {
			t.Fatalf("Save: %v, want a *LoadBackError", err)
		}
		msg := err.Error()
		for _, want := range []string{
			"is left unchanged", "a bug in ratsarchiv",
			filepath.Join(out, "meetings", "2024", "m1.toml") + ":", "agendaItem.name: missing required field",
			"paper.consultation.meeting: unknown meeting \"m9\"",
		} {
			if !strings.Contains(msg, want) {
				t.Errorf("error lacks %q:\n%s", want, msg)
			}
		}
		if after := snapshot(t, out); after != before {
			t.Error("the records folder changed")
		}
		if ms, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".records.staging-*")); len(ms) > 0 {
			t.Errorf("staging folders left: %v", ms)
		}
	})
}

// snapshot is the content of every file under dir, for comparison.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		b.WriteString(p + "\n" + string(data))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
