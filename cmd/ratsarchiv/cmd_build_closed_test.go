package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/config"
	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
)

// TestBuildOmitsClosedSessions: with closedSessions = "omit" the example's
// closed-session item is in no output file, title and all, and neither is
// the heading of its meeting's closed part; the rest of the meeting stays.
// (With the default, the build integration test finds the title published.)
func TestBuildOmitsClosedSessions(t *testing.T) {
	cfg, err := config.Load(filepath.Join(repoRoot(t), "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	a, diags, err := tomlrec.Load(cfg.RecordsDir(), tomlrec.Options{Location: cfg.Archive.Location})
	if err != nil || len(diags) > 0 {
		t.Fatalf("example records: %v\n%v", err, diags)
	}
	site := redactSite(t, a, nil)
	path := filepath.Join(site, "config.toml")
	c, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	omit := strings.Replace(string(c), `closedSessions = "titles"`, `closedSessions = "omit"`, 1)
	if omit == string(c) {
		t.Fatal(`config.toml has no closedSessions = "titles" line to change`)
	}
	if err := os.WriteFile(path, []byte(omit), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	code, _, stderr := run(t, "build", "--config", path, "--out", out, "--workdir", t.TempDir())
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "closed session 1 agenda item (omitted)") {
		t.Errorf("the build does not say it omitted the closed-session item:\n%s", stderr)
	}
	mustNotFind(t, out, "Gebäudereinigung für die städtischen Schulen", "Glanzwerk", permalink.AgendaItem("rat-2024-06-9"))
	mustFindPublished(t, out, "Resolution des Rates zum Erhalt der Geburtshilfe") // an item of the same meeting
	meeting, err := os.ReadFile(filepath.Join(out, "meetings", "rat-2024-06", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(meeting), "Nichtöffentliche Sitzung") || !strings.Contains(string(meeting), "Öffentliche Sitzung") {
		t.Error("the meeting page keeps the closed part's heading, or lost the public part's")
	}
}
