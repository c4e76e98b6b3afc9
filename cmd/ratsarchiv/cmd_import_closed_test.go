package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/sitecheck"
)

// TestClosedPartInNoOutput imports minutes whose meetings have a closed
// part, from beside an OParl dump and as texts, builds the site, and looks
// for the closed part's phrases in every file of it and in the search index
// (none), and for phrases of the public part (each found, so the scan can
// see). The titles of the closed-session items are published: each is
// found, on its page with the "nicht öffentlich" badge, and by a search
// whose hit is marked.
func TestClosedPartInNoOutput(t *testing.T) {
	for _, tc := range []struct {
		name           string
		fixture        string // a txtar under the repository
		importArgs     []string
		closed, public []string
		// indexed are public phrases only the search index holds (the
		// meeting's files are searchable, not shown).
		indexed []string
		// titles of closed-session items, and the ID of one of them.
		titles  []string
		titleID string
	}{
		{
			name:       "OParlDumpWithMinutes",
			fixture:    "internal/source/oparl/testdata/closed.txtar",
			importArgs: []string{"oparl", "dump", "--body-name", "Gemeinde Beispiel"},
			closed:     []string{"Geheimbau Quaderstein", "Kaufpreis Birkenallee", "Personalsache Tannenhof"},
			public:     []string{"Radweg am Mühlbach", "Spielplatz Ulmenhof", "Feuerwehrhaus Eschenweg"},
			titles:     []string{"Grundstücksangelegenheit", "Grundstücksverkauf"},
			titleID:    "https://ris.example.org/oparl/v1.1/body/1/agendaitem/12",
		},
		{
			name:       "Text",
			fixture:    "internal/source/minutetext/testdata/minutes_closed.txt",
			importArgs: []string{"text", "minutes_closed.txt", "--body", "Gemeinde Beispieldorf"},
			closed:     []string{"Geheimbau", "412.000", "Kaufpreis", "gestundete Forderung"},
			public:     []string{"Haushaltsplan", "Radweg am Mühlbach"},
			indexed:    []string{"Bericht zum Radweg"},
			titles:     []string{"Stundung von Forderungen", "Verkauf des Grundstücks Lindenweg 7"},
			titleID:    "fachausschuss-finanzen-2019-11-19-3",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			extract(t, testkit.RepoFile(tc.fixture), dir)
			records := filepath.Join(dir, "records")
			args := append([]string{"import"}, tc.importArgs...)
			for i, a := range args {
				if i > 1 && (a == "dump" || a == "minutes_closed.txt") {
					args[i] = filepath.Join(dir, a)
				}
			}
			if code, _, stderr := run(t, append(args, "--out", records)...); code != 0 {
				t.Fatalf("import: exit %d\n%s", code, stderr)
			}
			out, work := filepath.Join(dir, "public"), filepath.Join(dir, "work")
			if code, _, stderr := run(t, "build", "-q", "--config", filepath.Join(repoRoot(t), "config.toml"),
				"--records", records, "--out", out, "--workdir", work); code != 0 {
				t.Fatalf("build: exit %d\n%s", code, stderr)
			}

			hits, err := sitecheck.Find(out, tc.closed...)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range hits {
				t.Errorf("closed-part text in %s", h)
			}
			for _, p := range tc.public {
				if hits, err := sitecheck.Find(out, p); err != nil || len(hits) == 0 {
					t.Errorf("public %q found in no output file (%v): the scan proves nothing", p, err)
				}
			}
			// The search index, as the search command reads it: the static
			// index is exported from it.
			total := func(q string) int {
				code, stdout, stderr := run(t, "search", "--workdir", work, "--json", q)
				if code != 0 {
					t.Fatalf("search %q: exit %d\n%s", q, code, stderr)
				}
				var r searchindex.Result
				if err := json.Unmarshal([]byte(stdout), &r); err != nil {
					t.Fatal(err)
				}
				return r.Total
			}
			for _, p := range tc.closed {
				if n := total(`"` + p + `"`); n != 0 {
					t.Errorf("search %q: %d hits, want none", p, n)
				}
			}
			for _, p := range append(tc.public, tc.indexed...) {
				if n := total(`"` + p + `"`); n == 0 {
					t.Errorf("search %q: no hit", p)
				}
			}
			for _, p := range tc.titles {
				if hits, err := sitecheck.Find(out, p); err != nil || !slices.ContainsFunc(hits, func(h string) bool { return strings.HasPrefix(h, "items/") }) {
					t.Errorf("closed-session title %q on no item page (%v): %v", p, err, hits)
				}
				code, stdout, stderr := run(t, "search", "--workdir", work, "--json", "--kind", "item", `"`+p+`"`)
				var r searchindex.Result
				if err := json.Unmarshal([]byte(stdout), &r); code != 0 || err != nil || len(r.Hits) != 1 || !r.Hits[0].ClosedSession || r.Hits[0].Result != "" {
					t.Errorf("search %q: exit %d %v, hits %+v, want the closed-session item, marked\n%s", p, code, err, r.Hits, stderr)
				}
			}
			pages, err := sitecheck.Pages(out)
			if err != nil {
				t.Fatal(err)
			}
			badge, page := false, strings.TrimPrefix(permalink.AgendaItem(tc.titleID), "/")+"index.html"
			for _, pg := range pages {
				if pg.File == page {
					pg.Walk(func(n *html.Node) {
						badge = badge || n.Type == html.ElementNode && n.Data == "span" && slices.ContainsFunc(n.Attr, func(a html.Attribute) bool {
							return a.Key == "class" && strings.Contains(a.Val, "badge--closed")
						})
					})
				}
			}
			if !badge {
				t.Errorf("no page %s with a \"nicht öffentlich\" badge", page)
			}
		})
	}
}

// extract writes a txtar's files into dir; any other file is copied there.
func extract(t *testing.T, file, dir string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Ext(file) != ".txtar" {
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(file)), data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, f := range txtar.Parse(data).Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
