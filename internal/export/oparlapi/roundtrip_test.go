package oparlapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ratsarchiv/ratsarchiv/internal/config"
	"github.com/ratsarchiv/ratsarchiv/internal/export"
	"github.com/ratsarchiv/ratsarchiv/internal/export/oparlapi"
	"github.com/ratsarchiv/ratsarchiv/internal/gate"
	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/oparl"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/gen"
)

// loadExample returns the example archive as the build publishes it: after
// the privacy gate.
func loadExample(t testing.TB) *record.Archive {
	t.Helper()
	cfg, err := config.Load(testkit.RepoFile("config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	a, diags, err := tomlrec.Load(cfg.RecordsDir(), tomlrec.Options{Location: cfg.Archive.Location})
	if err != nil || len(diags) > 0 {
		t.Fatalf("example records: %v %v", err, diags)
	}
	pub, _ := gate.Public(a, cfg.Archive.Gate())
	return pub
}

// generated returns a generated archive as the build publishes it.
func generated(items int, seed uint64) *record.Archive {
	pub, _ := gate.Public(gen.Generate(gen.Options{Items: items, Seed: seed}), gate.Options{})
	return pub
}

func berlin(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// importAPI runs the OParl importer on source (the API's folder or the
// URL of its System) and loads the records it wrote.
func importAPI(t *testing.T, source string, crawl oparl.CrawlOptions) *record.Archive {
	t.Helper()
	loc := berlin(t)
	out := filepath.Join(t.TempDir(), "records")
	rep, err := oparl.Import(context.Background(), oparl.Options{Source: source, Out: out, Crawl: crawl, Map: oparl.MapOptions{Location: loc}})
	if err != nil {
		for _, p := range rep.Problems {
			t.Log(p)
		}
		t.Fatalf("import %s: %v", source, err)
	}
	for _, p := range rep.Problems {
		t.Errorf("import reports: %s %s", p.Severity, p)
	}
	got, diags, err := tomlrec.Load(out, tomlrec.Options{Location: loc})
	if err != nil || len(diags) > 0 {
		t.Fatalf("imported records: %v %v", err, diags)
	}
	return got
}

// TestRoundTrip writes the API and reads it back with `ratsarchiv import
// oparl`'s importer: the records come back as they were, but for what
// docs/exports.md lists as not carried by OParl (expected).
func TestRoundTrip(t *testing.T) {
	for _, c := range []struct {
		name string
		a    *record.Archive
	}{
		{"Example", loadExample(t)},
		{"Generated", generated(300, 5)},
		{"EdgeCases", edgeArchive(t)},
	} {
		t.Run(c.name, func(t *testing.T) {
			site := writeAPI(t, c.a, oparlapi.Options{BaseURL: baseURL, PageSize: 25})
			got := importAPI(t, filepath.Join(site, oparlapi.Folder), oparl.CrawlOptions{})
			compareArchives(t, expected(c.a, baseURL), got)
		})
	}
}

// edgeArchive holds what the example and the generator do not: an item
// that deliberates a paper whose path does not name it, files without a
// download address or with an ID two records share, a free-text
// originator, a joint meeting and a meeting with a date only, agenda
// headings without IDs and a closed-session item.
func edgeArchive(t testing.TB) *record.Archive {
	loc := berlin(t)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, loc) }
	shared := record.File{ID: "https://ris.example.org/file/9", Name: "Lageplan", AccessURL: "https://ris.example.org/file/9.pdf", Text: "Lageplan Birkenweg"}
	a := &record.Archive{
		Body: record.Body{ID: "https://ris.example.org/oparl/body/1", Name: "Gemeinde Beispiel", Website: "https://www.beispiel.example.org"},
		Organizations: []*record.Organization{
			{ID: "bau", Name: "Bauausschuss", Start: day(2021, 11, 1)},
			{ID: "rat", Name: "Gemeinderat", ShortName: "Rat", Classification: "Rat"},
		},
		Persons: []*record.Person{{ID: "p1", Name: "Dr. Anna Gehrke", Title: "Dr.", FamilyName: "Gehrke", GivenName: "Anna", FormOfAddress: "Frau",
			Memberships: []record.Membership{{Organization: "rat", Role: "Vorsitzende", VotingRight: true, Start: day(2021, 11, 1)}, {Organization: "bau", VotingRight: false}}}},
		Meetings: []*record.Meeting{
			{ID: "m1", Name: "Gemeinsame Sitzung", Organizations: []string{"bau", "rat"}, Start: time.Date(2025, 3, 4, 18, 0, 0, 0, loc),
				End: time.Date(2025, 3, 4, 20, 0, 0, 0, loc), Location: "Rathaus, Saal", MeetingState: "durchgeführt", Public: true,
				Files: []record.File{{Name: "Einladung", AccessURL: "https://ris.example.org/m1.pdf", Date: day(2025, 2, 20)}, {Name: "ohne Adresse"}, shared},
				// Headings without an ID, one with a file; a closed-session item.
				Headings: []*record.Heading{
					{Number: "A", Order: 1, Name: "Öffentliche Sitzung", Files: []record.File{{Name: "Anwesenheitsliste", AccessURL: "https://ris.example.org/anw.pdf"}}},
					{Number: "B", Order: 4, Name: "Nichtöffentliche Sitzung", ClosedSession: true},
				},
				AgendaItems: []*record.AgendaItem{
					{ID: "m1-1", Number: "Ö 1", Order: 2, Name: "Ausbau Birkenweg", Public: true, Result: "einstimmig beschlossen", Paper: "v1",
						Files: []record.File{shared, {Name: "javascript", AccessURL: "javascript:alert(1)"}}},
					{ID: "m1-2", Order: 3, Name: "Mitteilungen", Public: true, Paper: "v2"},
					{ID: "m1-3", Number: "N 1", Order: 5, Name: "Grundstücksangelegenheit", Public: true, ClosedSession: true},
				}},
			{ID: "m2", Name: "Ortsbegehung", Organizations: []string{"bau"}, Start: day(2025, 5, 6), Cancelled: true, Public: true},
		},
		Papers: []*record.Paper{
			{ID: "v1", Reference: "V 1/2025", Name: "Ausbau Birkenweg", Date: day(2025, 2, 1), Public: true, Text: "Der Birkenweg wird ausgebaut.\n",
				Originators: []string{"Fachbereich Bauen", "bau", "p1"}, Files: []record.File{shared},
				Consultations: []record.Consultation{{Organization: "bau", Meeting: "m1", AgendaItem: "m1-1", Role: "Entscheidung", Authoritative: true}, {Organization: "rat", Role: "Kenntnisnahme"}}},
			{ID: "v2", Name: "Mitteilung ohne Weg", Public: true},
		},
	}
	a.Sort()
	if diags := record.Validate(a); len(diags) > 0 {
		t.Fatal(diags)
	}
	return a
}

// TestCrawlStaticHost serves the API's files as a plain static host does
// and crawls it from the System's URL, following the lists' next links.
func TestCrawlStaticHost(t *testing.T) {
	a := loadExample(t)
	site := t.TempDir()
	srv := httptest.NewServer(http.FileServer(http.Dir(site)))
	defer srv.Close()
	base := srv.URL + "/"
	writeInto(t, site, a, oparlapi.Options{BaseURL: base, PageSize: 10})
	got := importAPI(t, base+"oparl/system.json", oparl.CrawlOptions{Rate: 1000, Concurrency: 4, Retries: -1})
	compareArchives(t, expected(a, base), got)
}

// expected is what the importer should make of the API written for a:
// the records with OParl URLs as IDs, and without what OParl cannot carry
// (docs/exports.md, "What OParl does not carry").
func expected(a *record.Archive, base string) *record.Archive {
	u := func(kind, slug string) string { return base + "oparl/" + kind + "/" + slug + ".json" }
	id := func(kind, id string) string { return u(kind, permalink.Slug(id)) }
	ix := record.NewIndex(a)
	files := func(kind byte, owner string, fs []record.File) []record.File {
		var out []record.File
		for i, f := range fs {
			if !export.WebURL(f.AccessURL) {
				continue // no accessUrl, no OParl File
			}
			if f.ID == "" {
				f.ID = u("file", permalink.Slug(owner)+"-"+string(kind)+strconv.Itoa(i+1))
			} else {
				f.ID = id("file", f.ID)
			}
			out = append(out, f)
		}
		return out
	}
	// web is the object's page: the archive's, not the source's.
	page := func(path string) string { return base + strings.TrimPrefix(path, "/") }
	out := &record.Archive{Body: record.Body{ID: id("body", a.Body.ID), Name: a.Body.Name, ShortName: a.Body.ShortName, Website: a.Body.Website, Web: base}}
	for _, o := range a.Organizations {
		c := *o
		c.ID = id("organization", o.ID)
		c.Web = page(permalink.Organization(o.ID))
		out.Organizations = append(out.Organizations, &c)
	}
	for _, p := range a.Persons {
		c := *p
		c.Web = page(permalink.Person(p.ID))
		c.ID = id("person", p.ID)
		c.Memberships = nil
		for _, ms := range p.Memberships {
			ms.Organization = id("organization", ms.Organization)
			c.Memberships = append(c.Memberships, ms)
		}
		out.Persons = append(out.Persons, &c)
	}
	itemsWithStep := map[string]bool{}
	for _, p := range a.Papers {
		for _, cs := range p.Consultations {
			itemsWithStep[cs.AgendaItem] = true
		}
	}
	added := map[string][]record.Consultation{}
	for _, m := range a.Meetings {
		c := *m
		c.ID = id("meeting", m.ID)
		c.Web = page(permalink.Meeting(m.ID))
		c.Organizations = nil
		for _, o := range m.Organizations {
			c.Organizations = append(c.Organizations, id("organization", o))
		}
		c.Files = files('m', m.ID, m.Files)
		c.Headings = nil
		for _, h := range m.Headings { // agenda items in OParl, headings again
			ch := *h
			if h.ID == "" {
				ch.ID = m.ID + "-h" + strconv.Itoa(h.Order)
			}
			ch.Files = files('h', ch.ID, h.Files)
			ch.ID = id("agendaitem", ch.ID)
			c.Headings = append(c.Headings, &ch)
		}
		c.AgendaItems = nil
		for _, it := range m.AgendaItems {
			ci := *it
			ci.ID = id("agendaitem", it.ID)
			ci.Web = page(permalink.AgendaItem(it.ID))
			if it.Paper != "" {
				ci.Paper = id("paper", it.Paper)
				if !itemsWithStep[it.ID] {
					added[it.Paper] = append(added[it.Paper], record.Consultation{
						Organization: id("organization", m.Organizations[0]), Meeting: c.ID, AgendaItem: ci.ID,
					})
				}
			}
			// Not in OParl: the minutes and who spoke; the category
			// and votes are derived again from the result.
			ci.Minutes, ci.Speakers, ci.Persons = "", nil, nil
			ci.ResolutionText = strings.TrimSpace(it.ResolutionText)
			ci.ResultCategory, ci.Votes = "", nil
			ci.Files = files('i', it.ID, it.Files)
			c.AgendaItems = append(c.AgendaItems, &ci)
		}
		out.Meetings = append(out.Meetings, &c)
	}
	for _, p := range a.Papers {
		c := *p
		c.ID = id("paper", p.ID)
		c.Web = page(permalink.Paper(p.ID))
		c.Files = nil
		c.Text = strings.TrimSpace(p.Text)
		if c.Text != "" {
			slug := permalink.Slug(p.ID) + "-text"
			c.Files = append(c.Files, record.File{ID: u("file", slug), Name: p.Name, MimeType: "text/plain", AccessURL: base + "oparl/file/" + slug + ".txt"})
		}
		c.Files = append(c.Files, files('p', p.ID, p.Files)...)
		c.Originators = nil
		for _, o := range p.Originators { // organizations first, free text dropped
			if ix.Organizations[o] != nil {
				c.Originators = append(c.Originators, id("organization", o))
			}
		}
		for _, o := range p.Originators {
			if ix.Persons[o] != nil {
				c.Originators = append(c.Originators, id("person", o))
			}
		}
		c.Consultations = nil
		for _, cs := range p.Consultations {
			if cs.Organization != "" {
				cs.Organization = id("organization", cs.Organization)
			}
			if cs.Meeting != "" {
				cs.Meeting = id("meeting", cs.Meeting)
			}
			if cs.AgendaItem != "" {
				cs.AgendaItem = id("agendaitem", cs.AgendaItem)
			}
			c.Consultations = append(c.Consultations, cs)
		}
		c.Consultations = append(c.Consultations, added[p.ID]...)
		out.Papers = append(out.Papers, &c)
	}
	return out
}

// compareArchives compares records by ID, ignoring where they were read
// and how a time's zone is named (the importer keeps offsets).
func compareArchives(t *testing.T, want, got *record.Archive) {
	t.Helper()
	opts := cmp.Options{
		cmpopts.IgnoreTypes(record.Origin{}),
		cmpopts.EquateEmpty(),
		cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
	}
	for _, a := range []*record.Archive{want, got} {
		for _, m := range a.Meetings {
			for _, it := range m.AgendaItems {
				it.ResultCategory, it.Votes = "", nil // derived again: not compared
			}
		}
	}
	if d := cmp.Diff(want.Body, got.Body, opts); d != "" {
		t.Errorf("body (-want +got):\n%s", d)
	}
	byID(t, "organization", want.Organizations, got.Organizations, func(o *record.Organization) string { return o.ID }, opts)
	byID(t, "person", want.Persons, got.Persons, func(p *record.Person) string { return p.ID }, opts)
	byID(t, "meeting", want.Meetings, got.Meetings, func(m *record.Meeting) string { return m.ID }, opts)
	byID(t, "paper", want.Papers, got.Papers, func(p *record.Paper) string { return p.ID }, opts)
}

func byID[T any](t *testing.T, kind string, want, got []T, id func(T) string, opts cmp.Options) {
	t.Helper()
	g := map[string]T{}
	for _, x := range got {
		g[id(x)] = x
	}
	if len(want) != len(got) {
		t.Errorf("%d %ss, want %d", len(got), kind, len(want))
	}
	diffs := 0
	for _, w := range want {
		x, ok := g[id(w)]
		if !ok {
			t.Errorf("%s %s did not come back", kind, id(w))
			continue
		}
		if d := cmp.Diff(w, x, opts); d != "" {
			if diffs++; diffs <= 5 {
				t.Errorf("%s %s (-want +got):\n%s", kind, id(w), d)
			}
		}
	}
	if diffs > 5 {
		t.Errorf("%d %ss differ in all", diffs, kind)
	}
}

// writeInto writes a's API into an existing site folder.
func writeInto(t testing.TB, site string, a *record.Archive, opts oparlapi.Options) {
	t.Helper()
	if _, err := oparlapi.Write(export.NewDir(site), a, opts); err != nil {
		t.Fatal(err)
	}
}
