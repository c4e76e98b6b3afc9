package searchindex_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
)

// TestFileTextIsIndexed: the text of a paper's files, as the import
// extracts it (pages split by form feeds), is searchable with the paper,
// and its excerpt shows no page break.
func TestFileTextIsIndexed(t *testing.T) {
	text := strings.Repeat("Die Verwaltung berichtet über den Stand der Arbeiten.\n", 30) +
		record.PageBreak + "Zauberwürfel am Anfang der zweiten Seite.\n" + record.PageBreak + "Seite drei.\n"
	a := &record.Archive{Papers: []*record.Paper{{ID: "v-1", Name: "Vorlage", Public: true, Date: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC),
		Files: []record.File{{Name: "Anlage 2", Text: text}}}}}
	ix := mustBuild(t, a)
	r, err := ix.Search(context.Background(), "Zauberwürfel", searchindex.SearchOptions{})
	if err != nil || len(r.Hits) != 1 || r.Hits[0].ID != "v-1" {
		t.Fatalf("hits %v, %v; want the paper", r, err)
	}
	if ex := r.Hits[0].Excerpt; !strings.Contains(ex, "<mark>Zauberwürfel</mark>") || strings.Contains(ex, record.PageBreak) {
		t.Errorf("excerpt %q", ex)
	}
}

// TestHitNamesFileAndPage: a hit in a file's text names the file and the
// page its excerpt comes from, cut from that page alone, and links the
// file at that page: the site's copy when it has one, else the source's
// address, never an address a browser should not follow. A hit in the
// record's own text names no file.
func TestHitNamesFileAndPage(t *testing.T) {
	var text strings.Builder
	for p := 1; p <= 20; p++ {
		if p > 1 {
			text.WriteString("\n" + record.PageBreak)
		}
		text.WriteString(strings.Repeat("Die Verwaltung berichtet über den Stand der Arbeiten. ", 3))
		switch p {
		case 14:
			text.WriteString("Die Brückensanierung kostet mehr als geplant.")
		case 15:
			text.WriteString("Nachtragshaushalt für die Feuerwache.")
		}
	}
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	paper := func(id, name string, f record.File) *record.Paper {
		return &record.Paper{ID: id, Name: name, Public: true, Date: day, Text: "Die Verwaltung legt einen Zwischenbericht vor.",
			Files: []record.File{{Name: "Anlage 1", Text: "Lageplan Stadtmitte"}, f}}
	}
	a := &record.Archive{Papers: []*record.Paper{
		paper("v-1", "Brücken", record.File{Name: "Anlage 2", AccessURL: "https://ris.example.org/files/anlage2.pdf", Text: text.String()}),
		paper("v-2", "Kopie", record.File{Name: "Anlage 2", AccessURL: "https://ris.example.org/files/kopie.pdf", Copy: "records/files/kopie.pdf",
			Text: "Erste Seite\n" + record.PageBreak + "Die Turnhallenkopie liegt bei uns."}),
		paper("v-3", "Schadlink", record.File{Name: "Anlage 2", AccessURL: "javascript:alert(1)",
			Text: "Erste Seite\n" + record.PageBreak + "Ein Schwimmbadgutachten."}),
	}}
	dir := t.TempDir()
	if _, err := searchindex.Build(context.Background(), dir, a, searchindex.Options{BasePath: "/rat/",
		Copies: map[string]string{"records/files/kopie.pdf": "files/kopie.pdf"}}); err != nil {
		t.Fatal(err)
	}
	ix, err := searchindex.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, tc := range []struct {
		q, id, file string
		page        int
		url         string
		excerpt     string // in the excerpt
		notExcerpt  string // a word of another page or of the record
	}{
		{"Brückensanierung", "v-1", "Anlage 2", 14, "https://ris.example.org/files/anlage2.pdf#page=14", "<mark>Brückensanierung</mark> kostet", "Feuerwache"},
		{"Feuerwache", "v-1", "Anlage 2", 15, "https://ris.example.org/files/anlage2.pdf#page=15", "<mark>Feuerwache</mark>", "Brückensanierung"},
		{"Turnhallenkopie", "v-2", "Anlage 2", 2, "/rat/files/kopie.pdf#page=2", "<mark>Turnhallenkopie</mark>", "Erste"},
		{"Schwimmbadgutachten", "v-3", "Anlage 2", 2, "", "<mark>Schwimmbadgutachten</mark>", "Erste"},
		{"Lageplan", "", "Anlage 1", 0, "", "<mark>Lageplan</mark>", "Verwaltung"},
		{"Zwischenbericht", "", "", 0, "", "<mark>Zwischenbericht</mark>", "Lageplan"},
	} {
		t.Run(tc.q, func(t *testing.T) {
			r, err := ix.Search(context.Background(), tc.q, searchindex.SearchOptions{})
			if err != nil || len(r.Hits) == 0 {
				t.Fatalf("hits %v, %v", r, err)
			}
			h := r.Hits[0]
			if tc.id != "" && h.ID != tc.id {
				t.Errorf("first hit %s, want %s", h.ID, tc.id)
			}
			if h.File != tc.file || h.Page != tc.page || h.FileURL != tc.url {
				t.Errorf("hit in file %q page %d at %q, want %q page %d at %q", h.File, h.Page, h.FileURL, tc.file, tc.page, tc.url)
			}
			if !strings.Contains(h.Excerpt, tc.excerpt) || strings.Contains(h.Excerpt, tc.notExcerpt) {
				t.Errorf("excerpt %q: want %q in it and not %q", h.Excerpt, tc.excerpt, tc.notExcerpt)
			}
		})
	}
}

// TestHeadingFileIsIndexed: a file attached to a heading of the agenda
// (an attendance list under "Öffentliche Sitzung") is shown on the
// meeting's page, so its text finds the meeting and the hit names it.
func TestHeadingFileIsIndexed(t *testing.T) {
	a := &record.Archive{Meetings: []*record.Meeting{{ID: "s-1", Name: "Ratssitzung", Public: true,
		Start: time.Date(2024, 3, 5, 17, 0, 0, 0, time.UTC),
		Headings: []*record.Heading{{Number: "A", Order: 1, Name: "Öffentliche Sitzung",
			Files: []record.File{{Name: "Anwesenheitsliste", Text: "Anwesend: Ratsfrau Quastenflosser"}}}}}}}
	ix := mustBuild(t, a)
	r, err := ix.Search(context.Background(), "Quastenflosser", searchindex.SearchOptions{})
	if err != nil || len(r.Hits) != 1 || r.Hits[0].ID != "s-1" {
		t.Fatalf("hits %v, %v; want the meeting", r, err)
	}
	if h := r.Hits[0]; h.File != "Anwesenheitsliste" || !strings.Contains(h.Excerpt, "<mark>Quastenflosser</mark>") {
		t.Errorf("hit names file %q, excerpt %q", h.File, h.Excerpt)
	}
}
