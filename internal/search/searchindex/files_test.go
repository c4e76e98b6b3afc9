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
