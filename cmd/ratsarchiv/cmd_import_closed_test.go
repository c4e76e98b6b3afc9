package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/sitecheck"
)

// TestClosedPartInNoOutput imports minutes whose meetings have a closed
// part, from beside an OParl dump and as texts, builds the site, and looks
// for the closed part's phrases in every file of it and in the search index
// (none), and for phrases of the public part (each found, so the scan can
// see).
func TestClosedPartInNoOutput(t *testing.T) {
	for _, tc := range []struct {
		name           string
		fixture        string // a txtar under the repository
		importArgs     []string
		closed, public []string
		// indexed are public phrases only the search index holds (the
		// meeting's files are searchable, not shown).
		indexed []string
	}{
		{
			name:       "OParlDumpWithMinutes",
			fixture:    "internal/source/oparl/testdata/closed.txtar",
			importArgs: []string{"oparl", "dump", "--body-name", "Gemeinde Beispiel"},
			closed:     []string{"Geheimbau Quaderstein", "Kaufpreis Birkenallee", "Personalsache Tannenhof"},
			public:     []string{"Radweg am Mühlbach", "Spielplatz Ulmenhof", "Feuerwehrhaus Eschenweg"},
		},
		{
			name:       "Text",
			fixture:    "internal/source/minutetext/testdata/minutes_closed.txt",
			importArgs: []string{"text", "minutes_closed.txt", "--body", "Gemeinde Beispieldorf"},
			closed:     []string{"Geheimbau", "Lindenweg", "412.000", "Stundung"},
			public:     []string{"Haushaltsplan", "Radweg am Mühlbach"},
			indexed:    []string{"Bericht zum Radweg"},
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
