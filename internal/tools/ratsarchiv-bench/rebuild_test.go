package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/oparl"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/testcorpus"
)

// TestRebuildMeetingsFitKarlsruhe: the meetings of the rebuild benchmark
// (rebuild/, docs/benchmarks.md) load and validate with the imported
// Karlsruhe records, and are what the benchmark says: Gemeinderat
// meetings of 10 public agenda items, each with a result and minutes
// holding a compound the archive has not seen, 3 of them deliberating
// its newest papers.
func TestRebuildMeetingsFitKarlsruhe(t *testing.T) {
	src := testcorpus.Dir(t, "karlsruhe-oparl")
	dir := filepath.Join(t.TempDir(), "records")
	if _, err := oparl.Import(context.Background(), oparl.Options{Source: src, Out: dir}); err != nil {
		t.Fatal(err)
	}
	// The archive's text, to look the new compounds up in.
	var seen bytes.Buffer
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		seen.Write(bytes.ToLower(data))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	base, diags, err := tomlrec.Load(dir, tomlrec.Options{})
	if err != nil || len(diags) > 0 {
		t.Fatalf("the imported records: %v %v", err, diags)
	}
	// The newest papers: of the last two weeks before the newest one.
	var newest []string
	last := slices.MaxFunc(base.Papers, func(a, b *record.Paper) int { return a.Date.Compare(b.Date) }).Date
	for _, p := range base.Papers {
		if !p.Date.Before(last.AddDate(0, 0, -14)) {
			newest = append(newest, p.ID)
		}
	}

	meetings := filepath.Join(dir, "meetings", "2026")
	for _, name := range []string{"meeting-a.toml", "meeting-b.toml"} {
		data, err := os.ReadFile(filepath.Join("rebuild", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(meetings, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	a, diags, err := tomlrec.Load(dir, tomlrec.Options{})
	if err != nil || len(diags) > 0 {
		t.Fatalf("with the meetings: %v %v", err, diags)
	}
	if got, want := len(a.Meetings), len(base.Meetings)+2; got != want {
		t.Fatalf("%d meetings, want %d", got, want)
	}
	for _, id := range []string{"gr-2026-12-09", "gr-2026-12-16"} {
		i := slices.IndexFunc(a.Meetings, func(m *record.Meeting) bool { return m.ID == id })
		if i < 0 {
			t.Fatalf("meeting %s not loaded", id)
		}
		m := a.Meetings[i]
		org := slices.IndexFunc(a.Organizations, func(o *record.Organization) bool { return o.ID == m.Organizations[0] })
		if org < 0 || a.Organizations[org].Name != "Gemeinderat" || m.Start.Year() != 2026 || m.Start.Month() != 12 || len(m.AgendaItems) != 10 {
			t.Errorf("%s: %v, %s, %d items; want the Gemeinderat, December 2026, 10 items", id, m.Organizations, m.Start, len(m.AgendaItems))
		}
		deliberating := 0
		for _, it := range m.AgendaItems {
			if !it.Public || it.ClosedSession || it.Result == "" || it.ResultCategory == "" || it.Minutes == "" {
				t.Errorf("%s: want public, with a result and minutes", it.ID)
			}
			compound := slices.MaxFunc(strings.Fields(strings.Trim(it.Minutes, ".")), func(a, b string) int { return len(a) - len(b) })
			if bytes.Contains(seen.Bytes(), []byte(strings.ToLower(compound))) {
				t.Errorf("%s: %q is in the archive already", it.ID, compound)
			}
			if it.Paper != "" {
				deliberating++
				if !slices.Contains(newest, it.Paper) {
					t.Errorf("%s: paper %s is not among the newest %v", it.ID, it.Paper, newest)
				}
			}
		}
		if deliberating != 3 {
			t.Errorf("%s: %d items deliberate papers, want 3", id, deliberating)
		}
	}
}
