package archivejson

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/export"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
)

func testArchive(t *testing.T) *record.Archive {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, loc) }
	return &record.Archive{
		Body:          record.Body{ID: "b", Name: "Stadt", Website: "javascript:alert(1)", Language: "de"},
		Organizations: []*record.Organization{{ID: "rat", Name: "Rat", Start: day(2021, 11, 1), Website: "https://rat.example.org"}},
		Persons: []*record.Person{{ID: "p", Name: "Anna Gehrke", FamilyName: "Gehrke",
			Memberships: []record.Membership{{Organization: "rat", Role: "Mitglied", VotingRight: true, Start: day(2021, 11, 1)}}}},
		Meetings: []*record.Meeting{{ID: "m", Name: "Sitzung </script><script>alert(1)</script>", Organizations: []string{"rat"},
			Start: time.Date(2025, 3, 4, 17, 0, 0, 0, loc), Location: "Rathaus", Cancelled: true, Public: true,
			Files: []record.File{{Name: "Einladung", AccessURL: "javascript:alert(1)", Date: day(2025, 2, 20)}},
			AgendaItems: []*record.AgendaItem{{ID: "m-1", Number: "Ö 1", Order: 1, Name: "Haushalt", Result: "einstimmig beschlossen",
				ResultCategory: record.ResultApproved, Votes: &record.Votes{Unanimous: true}, Minutes: "Text\nzweite Zeile", Speakers: []string{"Frau Gehrke"},
				Persons: []string{"p"}, Paper: "v", Public: true, Web: "https://ris.example.org/to/1"},
				{ID: "m-2", Number: "Ö 2", Order: 2, Name: "Anträge", Result: "a) einstimmig\nb) abgelehnt", Public: true,
					Motions: []record.Motion{
						{Text: "a) einstimmig", Category: record.ResultApproved, Votes: &record.Votes{Unanimous: true}},
						{Text: "b) abgelehnt", Level: 1, Category: record.ResultRejected}},
					Web: "javascript:alert(1)"}}}},
		Papers: []*record.Paper{{ID: "v", Reference: "V 1/2025", Name: "Haushalt", Date: day(2025, 2, 1), Public: true, Text: "Vorlagentext", Web: "https://ris.example.org/vo/1",
			Consultations: []record.Consultation{{Organization: "rat", Meeting: "m", AgendaItem: "m-1", Role: "Entscheidung", Authoritative: true}}}},
	}
}

func write(t *testing.T, a *record.Archive) []byte {
	t.Helper()
	dir := t.TempDir()
	if err := Write(export.NewDir(dir), a, Options{BaseURL: "https://example.org/rat/"}); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(Path)))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestWrite(t *testing.T) {
	raw := write(t, testArchive(t))
	if !json.Valid(raw) {
		t.Fatalf("not JSON:\n%s", raw)
	}
	var doc struct {
		Format   string
		Version  int
		BaseURL  string
		Body     body
		Persons  []person
		Meetings []meeting
		Papers   []paper
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Format != Format || doc.Version != Version || doc.BaseURL != "https://example.org/rat/" {
		t.Errorf("header %q %d %q", doc.Format, doc.Version, doc.BaseURL)
	}
	m := doc.Meetings[0]
	it := m.AgendaItems[0]
	for _, c := range []struct{ got, want any }{
		{doc.Body.Website, ""}, // not a web link
		{doc.Body.Language, "de"},
		{doc.Persons[0].Memberships[0], membership{Organization: "rat", Role: "Mitglied", VotingRight: true, Start: "2021-11-01"}},
		{m.Start, "2025-03-04T17:00:00+01:00"},
		{m.URL, "https://example.org/rat/meetings/m/"},
		{m.Cancelled, true},
		{m.Files[0], file{Name: "Einladung", Date: "2025-02-20"}},
		{it.Votes, &votes{Unanimous: true}},
		{it.Minutes, "Text\nzweite Zeile"},
		{it.ResultCategory, "approved"},
		{it.Persons, []string{"p"}},
		{it.Web, "https://ris.example.org/to/1"},
		{it.Motions, []motion(nil)}, // one line: no motions
		{m.AgendaItems[1].Motions, []motion{
			{Text: "a) einstimmig", ResultCategory: "approved", Votes: &votes{Unanimous: true}},
			{Text: "b) abgelehnt", Level: 1, ResultCategory: "rejected"}}},
		{m.AgendaItems[1].Web, ""}, // not a web link
		{doc.Papers[0].Web, "https://ris.example.org/vo/1"},
		{doc.Papers[0].Consultations[0], consultation{Organization: "rat", Meeting: "m", AgendaItem: "m-1", Role: "Entscheidung", Authoritative: true}},
		{doc.Papers[0].Files, []file{}},
		{doc.Papers[0].Originators, []string{}},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("got %#v, want %#v", c.got, c.want)
		}
	}
	// Untrusted text cannot close a <script> it is embedded in.
	if bytes.Contains(raw, []byte("</script>")) {
		t.Error("</script> written unescaped")
	}
	// One record per line: a line-oriented tool sees each one whole.
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	if n := len(lines); n != 1+4*3 { // the header, and for each list its opening, one record and its closing
		t.Errorf("%d lines:\n%s", n, raw)
	}
	if !bytes.Equal(raw, write(t, testArchive(t))) {
		t.Error("two writes differ")
	}
}

// TestDocumented checks that docs/exports.md names every field the
// document can hold.
func TestDocumented(t *testing.T) {
	docs, err := os.ReadFile(testkit.RepoFile("docs/exports.md"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type)
	walk = func(ty reflect.Type) {
		for ty.Kind() == reflect.Pointer || ty.Kind() == reflect.Slice {
			ty = ty.Elem()
		}
		if ty.Kind() != reflect.Struct || seen[ty] {
			return
		}
		seen[ty] = true
		for f := range ty.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !bytes.Contains(docs, []byte("`"+name+"`")) {
				t.Errorf("docs/exports.md does not document %s.%s", ty.Name(), name)
			}
			walk(f.Type)
		}
	}
	for _, v := range []any{header{}, organization{}, person{}, meeting{}, paper{}} {
		walk(reflect.TypeOf(v))
	}
	for _, name := range []string{"organizations", "persons", "meetings", "papers"} {
		if !bytes.Contains(docs, []byte("`"+name+"`")) {
			t.Errorf("docs/exports.md does not document %s", name)
		}
	}
	if len(seen) < 10 {
		t.Errorf("walked only %d types", len(seen))
	}
}
