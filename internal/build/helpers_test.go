package build

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/config"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
)

// testSite copies the repository's site (config, templates, content) into a
// temporary folder, so that a test may change it, and returns the loaded
// config. Hugo does not follow symlinked folders, hence the copy.
func testSite(t *testing.T) *config.Config {
	t.Helper()
	site := t.TempDir()
	for _, d := range []string{"layouts", "i18n", "assets", "content", "static", "config.toml"} {
		testkit.CopyTree(t, testkit.RepoFile(d), filepath.Join(site, d))
	}
	cfg, err := config.Load(filepath.Join(site, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// writeRecords writes a as TOML records into a new folder.
func writeRecords(t *testing.T, a *record.Archive) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "records")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := tomlrec.Write(dir, a); err != nil {
		t.Fatal(err)
	}
	return dir
}

// buildSite builds records with cfg's site into a new output folder.
func buildSite(t *testing.T, cfg *config.Config, records string) (string, *Result, error) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	res, err := Run(context.Background(), Options{
		Config: cfg, RecordsDir: records, OutDir: out, WorkDir: t.TempDir(),
		Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), // after archiveWithIDs' meetings
	})
	return out, res, err
}

// archiveWithIDs is a small archive whose records of every kind have the
// given IDs, all linked to each other.
func archiveWithIDs(ids ...string) *record.Archive {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	a := &record.Archive{Body: record.Body{ID: "b", Name: "Gemeinde Test"}}
	for i, id := range ids {
		a.Organizations = append(a.Organizations, &record.Organization{ID: id, Name: "Ausschuss " + id})
		a.Persons = append(a.Persons, &record.Person{ID: id, Name: "Person " + id,
			Memberships: []record.Membership{{Organization: id, Role: "Mitglied"}}})
		a.Papers = append(a.Papers, &record.Paper{ID: id, Name: "Vorlage " + id, Reference: id, Public: true,
			Date: time.Date(2024, 1, 1+i, 0, 0, 0, 0, berlin)})
		a.Meetings = append(a.Meetings, &record.Meeting{
			ID: id, Name: "Sitzung " + id, Organizations: []string{id}, Public: true,
			Start: time.Date(2024, 2, 1+i, 17, 0, 0, 0, berlin),
			AgendaItems: []*record.AgendaItem{{ID: id, Number: "1", Order: 1, Name: "Punkt " + id, Public: true,
				Paper: id, Persons: []string{id}, Result: "beschlossen", ResultCategory: record.ResultApproved}},
		})
	}
	return a
}

// writeFile writes data to dir/name (a file the records keep a copy in)
// and returns its path.
func writeFile(t *testing.T, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
