package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/site"
)

// TestRunGivesEveryRecordItsPage builds records whose IDs are names Hugo's
// content layout reserves: each record, of every kind, keeps its own page
// beside the others.
func TestRunGivesEveryRecordItsPage(t *testing.T) {
	ids := []string{"v-1", "index", "_index", "v-2", "_content"}
	a := archiveWithIDs(ids...)
	out, res, err := buildSite(t, testSite(t), writeRecords(t, a))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		for _, path := range []string{permalink.Meeting(id), permalink.AgendaItem(id), permalink.Paper(id), permalink.Organization(id), permalink.Person(id)} {
			data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(path), "index.html"))
			if err != nil {
				t.Errorf("record %q: no page at %s: %v", id, path, err)
				continue
			}
			if !strings.Contains(string(data), id) {
				t.Errorf("record %q: the page at %s does not show it", id, path)
			}
		}
	}
	// Each section keeps its own list page too, not a record's.
	for _, s := range []string{permalink.MeetingsSection, permalink.ItemsSection, permalink.PapersSection, permalink.OrganizationsSection, permalink.PersonsSection} {
		data, err := os.ReadFile(filepath.Join(out, s, "index.html"))
		if err != nil {
			t.Errorf("section %s: %v", s, err)
		} else if s == permalink.PapersSection && !strings.Contains(string(data), permalink.Year(2024)) {
			t.Errorf("the papers section's page does not list the years of papers")
		}
	}
	if want := 5 * len(ids); res.Rendered < want {
		t.Errorf("rendered %d pages, want at least %d", res.Rendered, want)
	}
}

// TestRunRefusesASiteThatLostPages gives the site folder a content file
// that Hugo takes for the papers section's own page: the build fails instead
// of publishing a site without its paper pages.
func TestRunRefusesASiteThatLostPages(t *testing.T) {
	cfg := testSite(t)
	swallow := filepath.Join(cfg.SiteDir, "content", "papers", "index.md")
	if err := os.MkdirAll(filepath.Dir(swallow), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(swallow, []byte("---\ntitle: Papers\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := buildSite(t, cfg, writeRecords(t, archiveWithIDs("v-1", "v-2", "v-3")))
	if err == nil || !strings.Contains(err.Error(), "paper pages in papers/ for 3 paper records") {
		t.Fatalf("err = %v, want the page count of papers/", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the output was published: %v", err)
	}
}

func TestCheckPageCounts(t *testing.T) {
	a := archiveWithIDs("a", "b")
	var pages []site.PageInfo
	add := func(kind, section string, n int) {
		for range n {
			pages = append(pages, site.PageInfo{Kind: kind, Section: section})
		}
	}
	add("home", "", 1)
	for _, s := range []string{"meetings", "items", "papers", "committees", "persons"} {
		add("section", s, 1)
		add("page", s, 2)
	}
	add("page", "years", 1)
	if err := checkPageCounts(a, pages); err != nil {
		t.Errorf("matching counts: %v", err)
	}
	pages = append(pages, site.PageInfo{Kind: "page", Section: "persons"})
	err := checkPageCounts(a, pages)
	if err == nil || !strings.Contains(err.Error(), "3 person pages in persons/ for 2 person records") {
		t.Errorf("one page too many: err = %v", err)
	}
}
