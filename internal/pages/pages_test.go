package pages

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current output")

var berlin, _ = time.LoadLocation("Europe/Berlin")

func day(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, berlin) }

// fixture is a small archive with the relations the pages show: a paper
// deliberated in two committees, a planned consultation, persons, files.
func fixture() *record.Archive {
	a := &record.Archive{
		Body: record.Body{Name: "Stadt Beispiel", Website: "https://beispiel.example"},
		Organizations: []*record.Organization{
			{ID: "rat", Name: "Rat der Stadt", ShortName: "Rat", Classification: "Rat"},
			{ID: "soz", Name: "Ausschuss für Soziales", ShortName: "Sozialausschuss", Classification: "Ausschuss"},
			{ID: "fr-a", Name: "Fraktion A", OrganizationType: "Fraktion"},
			{ID: "fr-b", Name: "Fraktion B", Classification: "fraktion"},
		},
		Persons: []*record.Person{
			{ID: "gehrke", Name: "Anna Gehrke", Title: "Dr.", FormOfAddress: "Frau", Memberships: []record.Membership{{Organization: "soz", Role: "Vorsitzende", Start: day(2020, 11, 1, 0)},
				{Organization: "fr-a", Start: day(2016, 11, 1, 0), End: day(2021, 3, 1, 0)}, {Organization: "fr-b", Start: day(2021, 3, 2, 0)}}},
		},
		Papers: []*record.Paper{{
			ID: "v-1", Reference: "V 1/24", Name: "Kita-Gebühren", PaperType: "Beschlussvorlage", Date: day(2024, 2, 1, 0), Public: true, Web: "javascript:alert(1)",
			Text: "Erster Absatz.\nZweite Zeile.\n\n\nZweiter Absatz.", Originators: []string{"Fachbereich Jugend"},
			Files: []record.File{{Name: "Anlage", AccessURL: "https://x.example/a.pdf", Text: "Anlagentext"}, {Name: "Lokal", AccessURL: "javascript:alert(1)"}},
			Consultations: []record.Consultation{
				{Organization: "soz", AgendaItem: "soz-1-2", Role: "Vorberatung"},
				{Organization: "rat", Meeting: "rat-1", Role: "Entscheidung", Authoritative: true},
				{Organization: "rat", Role: "Kenntnisnahme"},
			},
		}},
		Meetings: []*record.Meeting{
			{ID: "soz-1", Name: "1. Sitzung Soziales", Organizations: []string{"soz"}, Start: day(2024, 3, 12, 17), End: day(2024, 3, 12, 19), Location: "Rathaus", Public: true,
				Web:   "https://ris.example/si0057.php?__ksinr=1",
				Files: []record.File{{Name: "Einladung", AccessURL: "https://x.example/e.pdf", MimeType: "application/pdf"}},
				AgendaItems: []*record.AgendaItem{
					{ID: "soz-1-1", Number: "1", Order: 1, Name: "Eröffnung", Public: true},
					{ID: "soz-1-2", Number: "2", Order: 2, Name: "Kita-Gebühren", Public: true, Result: "einstimmig beschlossen", ResultCategory: record.ResultApproved,
						Votes: &record.Votes{Yes: 9, Unanimous: true}, Paper: "v-1", Persons: []string{"gehrke"}, Speakers: []string{"Frau Gehrke"},
						ResolutionText: "Der Ausschuss empfiehlt …", Minutes: "Frau Gehrke berichtet.\r\n\r\nAussprache."},
				}},
			// An agenda in parts, with an item treated in closed session
			// (as the gate passes it: a title) and a heading's file.
			{ID: "rat-1", Name: "1. Ratssitzung", Organizations: []string{"rat"}, Start: day(2024, 4, 9, 18), Public: true,
				Headings: []*record.Heading{
					{Number: "A", Order: 1, Name: "Öffentliche Sitzung", Files: []record.File{{Name: "Anwesenheitsliste", AccessURL: "https://x.example/anw.pdf"}}},
					{Number: "B", Order: 3, Name: "Nichtöffentliche Sitzung", ClosedSession: true},
				},
				AgendaItems: []*record.AgendaItem{
					{ID: "rat-1-1", Number: "1", Order: 2, Name: "Kita-Gebühren", Public: true, Result: "mehrheitlich beschlossen", ResultCategory: record.ResultApproved, Paper: "v-1", Votes: &record.Votes{Yes: 20, No: 10, Abstain: 2}},
					{ID: "rat-1-2", Number: "2", Order: 4, Name: "Grundstücksangelegenheit", Public: true, ClosedSession: true},
				}},
			{ID: "soz-2", Name: "2. Sitzung Soziales", Organizations: []string{"soz"}, Start: day(2025, 1, 14, 17), Public: true, Cancelled: true},
		},
	}
	a.Sort()
	return a
}

func TestGenerateGolden(t *testing.T) {
	ps, err := Generate(fixture(), Options{Now: day(2025, 1, 1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("testdata", "golden")
	if *update {
		os.RemoveAll(dir)
	}
	seen := map[string]bool{}
	for _, p := range ps {
		// Golden files are indented for review; the pages are compact.
		var indented bytes.Buffer
		if err := json.Indent(&indented, p.Data, "", " "); err != nil {
			t.Errorf("%s: front matter is not valid JSON: %v", p.Path, err)
		}
		golden := filepath.Join(dir, filepath.FromSlash(p.Path)+".json")
		seen[golden] = true
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, indented.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Errorf("%s: no golden file (run go test -update): %v", p.Path, err)
			continue
		}
		if !bytes.Equal(indented.Bytes(), want) {
			t.Errorf("%s differs from %s (review, then go test -update):\n%s", p.Path, golden, indented.Bytes())
		}
	}
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !seen[path] {
			t.Errorf("golden file %s has no page any more", path)
		}
		return nil
	})
}

func TestGenerate(t *testing.T) {
	ps, err := Generate(fixture(), Options{Now: day(2025, 1, 1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]map[string]any{}
	for _, p := range ps {
		var fm map[string]any
		if err := json.Unmarshal(p.Data, &fm); err != nil {
			t.Fatal(err)
		}
		byPath[p.Path] = fm["params"].(map[string]any)
	}
	t.Run("PaperPath", func(t *testing.T) {
		cs := byPath["papers/v-1.md"]["consultations"].([]any)
		var roles []string
		for _, c := range cs {
			roles = append(roles, c.(map[string]any)["role"].(string))
		}
		// Two deliberations in date order with their roles, then the
		// consultation not on any agenda yet.
		if got := strings.Join(roles, ","); got != "Vorberatung,Entscheidung,Kenntnisnahme" {
			t.Errorf("roles = %s", got)
		}
	})
	t.Run("UpcomingAndRecent", func(t *testing.T) {
		home := byPath["_index.md"]
		if up := home["upcoming"].([]any); len(up) != 1 || up[0].(map[string]any)["title"] != "2. Sitzung Soziales" {
			t.Errorf("upcoming = %v", up)
		}
		if rec := home["recent"].([]any); len(rec) != 2 || rec[0].(map[string]any)["title"] != "1. Ratssitzung" {
			t.Errorf("recent = %v", rec)
		}
	})
	t.Run("PaperOutcome", func(t *testing.T) {
		// Decided by the Rat, whose consultation names only the meeting.
		o := byPath["papers/v-1.md"]["outcome"].(map[string]any)
		if o["result"] != "mehrheitlich beschlossen" || o["decided"] != true || o["number"] != "1" || o["meeting"].(map[string]any)["title"] != "1. Ratssitzung" {
			t.Errorf("outcome = %v", o)
		}
		row := byPath["papers/_index.md"]["papers"].([]any)[0].(map[string]any)
		if row["result"] != "mehrheitlich beschlossen" || row["category"] != "approved" {
			t.Errorf("papers list row = %v", row)
		}
	})
	t.Run("Faction", func(t *testing.T) {
		// The open membership wins over the one that ended.
		p := byPath["persons/_index.md"]["persons"].([]any)[0].(map[string]any)
		if f, _ := p["faction"].(map[string]any); f["title"] != "Fraktion B" {
			t.Errorf("persons list: %v", p)
		}
		if f, _ := byPath["persons/gehrke.md"]["faction"].(map[string]any); f["url"] != "committees/fr-b/" {
			t.Errorf("person page faction = %v", f)
		}
	})
	t.Run("MeetingsSection", func(t *testing.T) {
		s := byPath["meetings/_index.md"]
		up, recent := s["upcoming"].([]any), s["recent"].([]any)
		if len(up) != 1 || len(recent) != 2 || recent[0].(map[string]any)["title"] != "1. Ratssitzung" {
			t.Errorf("upcoming %v, recent %v", up, recent)
		}
		if hosts := s["hosts"].([]any); len(hosts) != 2 || hosts[0].(map[string]any)["title"] != "Ausschuss für Soziales" {
			t.Errorf("hosts = %v", hosts)
		}
	})
	t.Run("OnlyWebLinks", func(t *testing.T) {
		if web := byPath["meetings/soz-1.md"]["web"]; web != "https://ris.example/si0057.php?__ksinr=1" {
			t.Errorf("meeting web = %v", web)
		}
		if web, ok := byPath["papers/v-1.md"]["web"]; ok {
			t.Errorf("javascript: web link kept as %v", web)
		}
		files := byPath["papers/v-1.md"]["files"].([]any)
		if url, ok := files[1].(map[string]any)["url"]; ok {
			t.Errorf("javascript: file link kept as %v", url)
		}
	})
	t.Run("ErrSlugCollision", func(t *testing.T) {
		a := fixture()
		a.Persons = append(a.Persons, &record.Person{ID: "gehrke", Name: "Doppelt"})
		if _, err := Generate(a, Options{}); err == nil || !strings.Contains(err.Error(), "map to the same page") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestSplitText(t *testing.T) {
	got := splitText("a\r\nb  \n\n \n\nc\n")
	want := text{{"a", "b"}, {"c"}}
	if len(got) != 2 || strings.Join(got[0], "|") != "a|b" || strings.Join(got[1], "|") != "c" {
		t.Errorf("splitText = %q, want %q", got, want)
	}
	if splitText("") != nil {
		t.Error("empty text should give no paragraphs")
	}
	// A file's pages (record.PageBreak) end paragraphs; no form feed
	// reaches the page.
	if got := splitText("Seite 1\n\fSeite 2\fSeite 3"); len(got) != 3 || got[1][0] != "Seite 2" {
		t.Errorf("splitText of pages = %q", got)
	}
}

func TestTruncate(t *testing.T) {
	s := strings.Repeat("Wört ", 100)
	got := truncate(s, 50)
	if len(got) > 55 || !strings.HasSuffix(got, " …") {
		t.Errorf("truncate = %q", got)
	}
	if truncate("kurz", 50) != "kurz" {
		t.Error("short text must stay")
	}
	// truncate joins only the words it may keep: the same as cutting the
	// text of all words joined, at every length around the cut.
	whole := func(s string, n int) string { return cut(strings.Join(strings.Fields(s), " "), n) }
	texts := []string{"  Über  die\n\nSitzung\t des Rates ", "ä ö ü ß Straße Größe", strings.Repeat("x", 30) + " y", "a  b", ""}
	for _, text := range texts {
		for n := 1; n <= len(text)+2; n++ {
			if got, want := truncate(text, n), whole(text, n); got != want {
				t.Errorf("truncate(%q, %d) = %q, want %q", text, n, got, want)
			}
		}
	}
}

func TestStream(t *testing.T) {
	all, err := Generate(fixture(), Options{Now: day(2024, 3, 1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("SamePagesAsGenerate", func(t *testing.T) {
		var got []Page
		err := Stream(fixture(), Options{Now: day(2024, 3, 1, 0)}, func(p Page) error {
			got = append(got, p)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(all) {
			t.Fatalf("%d pages, Generate made %d", len(got), len(all))
		}
		for i := range got {
			if got[i].Path != all[i].Path || !bytes.Equal(got[i].Data, all[i].Data) {
				t.Errorf("page %d = %s, Generate made %s", i, got[i].Path, all[i].Path)
			}
		}
	})
	t.Run("IndexPagesFirst", func(t *testing.T) {
		seenOther := false
		for _, p := range all {
			isIndex := strings.HasSuffix(p.Path, "_index.md")
			if isIndex && seenOther {
				t.Errorf("%s comes after a regular page", p.Path)
			}
			seenOther = seenOther || !isIndex
		}
	})
	t.Run("ErrFromEmitStops", func(t *testing.T) {
		stop := errors.New("stop")
		n := 0
		err := Stream(fixture(), Options{Now: day(2024, 3, 1, 0)}, func(p Page) error {
			n++
			if n == 3 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || n != 3 {
			t.Errorf("Stream = %v after %d pages, want stop after 3", err, n)
		}
	})
}

// TestMotions: a result of several motions is listed line by line on the
// item's page, and rows show its first line, not the run-on text.
func TestMotions(t *testing.T) {
	a := fixture()
	it := record.NewIndex(a).AgendaItems["soz-1-2"]
	it.Result = "1. Antrag FDP-Fraktiona) einstimmig, 0 Enthaltungenb) 1 Ja-Stimme, 13 Nein-Stimmen"
	it.ResultCategory, it.Votes = record.ResultOther, nil
	it.Motions = []record.Motion{
		{Text: "1. Antrag FDP-Fraktion"},
		{Text: "a) einstimmig, 0 Enthaltungen", Level: 1, Category: record.ResultApproved, Votes: &record.Votes{Unanimous: true}},
		{Text: "b) 1 Ja-Stimme, 13 Nein-Stimmen", Level: 1, Category: record.ResultRejected, Votes: &record.Votes{Yes: 1, No: 13}},
	}
	ps, err := Generate(a, Options{Now: day(2025, 1, 1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		data := string(p.Data)
		switch p.Path {
		case "items/soz-1-2.md":
			if !strings.Contains(data, `"motions":[{"text":"1. Antrag FDP-Fraktion"},{"text":"a) einstimmig, 0 Enthaltungen","level":1,"category":"approved","votes":{"yes":0,"no":0,"abstain":0,"unanimous":true}}`) {
				t.Errorf("item page: %s", data)
			}
		case "meetings/soz-1.md":
			if !strings.Contains(data, `"result":"1. Antrag FDP-Fraktion …"`) || strings.Contains(data, "Enthaltungenb)") {
				t.Errorf("meeting page row: %s", data)
			}
		}
	}
}
