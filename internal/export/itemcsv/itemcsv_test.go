package itemcsv

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/export"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func testArchive(t *testing.T) *record.Archive {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return &record.Archive{
		Body: record.Body{ID: "b", Name: "Stadt"},
		Organizations: []*record.Organization{
			{ID: "hfa", Name: "Haupt- und Finanzausschuss"},
			{ID: "rat", Name: "Rat der Stadt", ShortName: "Rat"},
		},
		Meetings: []*record.Meeting{
			// 23:30 UTC is the next day in Berlin: the date is the local one.
			{ID: "hfa-2024-12", Name: "Sitzung, \"Haushalt\"", Organizations: []string{"hfa", "rat"}, Start: time.Date(2024, 12, 31, 23, 30, 0, 0, time.UTC).In(loc), Public: true,
				AgendaItems: []*record.AgendaItem{
					{ID: "hfa-2024-12-1", Number: "Ö 1", Order: 1, Name: "=HYPERLINK(\"https://evil.example\",\"klick\")", Result: "einstimmig beschlossen",
						ResultCategory: record.ResultApproved, Votes: &record.Votes{Unanimous: true}, Paper: "v1", Public: true},
					{ID: "hfa-2024-12-2", Number: "-", Order: 2, Name: "Zeile eins\nZeile zwei, mit Komma", Result: "abgelehnt",
						ResultCategory: record.ResultRejected, Votes: &record.Votes{Yes: 6, No: 7, Abstain: 0}, Public: true},
					{ID: "hfa-2024-12-3", Order: 3, Name: "@SUM(A1:A9)", Result: "+1 Stimme", Public: true},
				}},
			{ID: "rat-2025-02", Name: "Rat", Organizations: []string{"rat"}, Start: time.Date(2025, 2, 4, 17, 0, 0, 0, loc), Public: true,
				AgendaItems: []*record.AgendaItem{
					{ID: "rat-2025-02-1", Number: "1", Order: 1, Name: "\tTabulator", Paper: "v1", Public: true,
						Votes: &record.Votes{Yes: 30, Abstain: 1, Unanimous: true}},
					{ID: "rat-2025-02-2", Number: "N 1", Order: 2, Name: "Grundstücksangelegenheit", Public: true, ClosedSession: true},
				}},
		},
		Papers: []*record.Paper{{ID: "v1", Reference: "V 1/2024", Name: "Vorlage", Public: true}},
	}
}

func write(t *testing.T, a *record.Archive) string {
	t.Helper()
	dir := t.TempDir()
	d := export.NewDir(dir)
	loc, _ := time.LoadLocation("Europe/Berlin")
	if err := Write(d, a, Options{BaseURL: "https://example.org/rat/", Location: loc}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func read(t *testing.T, dir, sitePath string) (raw []byte, rows [][]string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(sitePath)))
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(raw))
	r.FieldsPerRecord = len(Header)
	rows, err = r.ReadAll() // strict: no lazy quotes
	if err != nil {
		t.Fatalf("%s: %v", sitePath, err)
	}
	return raw, rows
}

func TestWrite(t *testing.T) {
	a := testArchive(t)
	dir := write(t, a)
	raw, rows := read(t, dir, AllPath)
	t.Run("Golden", func(t *testing.T) {
		testkit.Golden(t, filepath.Join("testdata", "agenda-items.csv"), raw, *update)
	})
	t.Run("RFC4180", func(t *testing.T) {
		// Every line break is CRLF, the one inside a quoted field too
		// (encoding/csv writes them so with UseCRLF).
		if !bytes.HasSuffix(raw, []byte("\r\n")) || bytes.Count(raw, []byte("\r\n")) != 1+5+1 || bytes.Count(raw, []byte("\n")) != 7 {
			t.Errorf("want 6 CRLF-terminated records and one CRLF in a field:\n%q", raw)
		}
		if !slices.Equal(rows[0], Header) {
			t.Errorf("header %v", rows[0])
		}
	})
	t.Run("Cells", func(t *testing.T) {
		col := func(row []string, name string) string { return row[slices.Index(Header, name)] }
		r1, r2, r3, r4, r5 := rows[1], rows[2], rows[3], rows[4], rows[5]
		for _, c := range []struct{ got, want string }{
			{col(r1, "date"), "2025-01-01"},
			{col(r1, "committee"), "Haupt- und Finanzausschuss; Rat der Stadt"},
			{col(r1, "meeting"), `Sitzung, "Haushalt"`},
			{col(r1, "title"), `'=HYPERLINK("https://evil.example","klick")`},
			{col(r1, "votes_yes") + col(r1, "votes_no") + col(r1, "votes_abstain"), ""}, // unanimous without counts
			{col(r1, "unanimous"), "true"},
			{col(r1, "paper_reference"), "V 1/2024"},
			{col(r1, "result_category"), "approved"},
			{col(r1, "url"), "https://example.org/rat/items/hfa-2024-12-1/"},
			{col(r1, "id"), "hfa-2024-12-1"},
			{col(r2, "number"), "'-"},
			{col(r2, "title"), "Zeile eins\nZeile zwei, mit Komma"},
			{col(r2, "votes_yes") + "/" + col(r2, "votes_no") + "/" + col(r2, "votes_abstain"), "6/7/0"},
			{col(r2, "unanimous"), ""},
			{col(r3, "title"), "'@SUM(A1:A9)"},
			{col(r3, "result"), "'+1 Stimme"},
			{col(r3, "votes_yes") + col(r3, "unanimous") + col(r3, "result_category"), ""},
			{col(r4, "title"), "'\tTabulator"},
			{col(r4, "votes_yes") + "/" + col(r4, "votes_no") + "/" + col(r4, "votes_abstain") + "/" + col(r4, "unanimous"), "30/0/1/true"},
			{col(r4, "closed_session"), ""},
			{col(r5, "title") + "/" + col(r5, "closed_session"), "Grundstücksangelegenheit/true"},
		} {
			if c.got != c.want {
				t.Errorf("cell %q, want %q", c.got, c.want)
			}
		}
	})
	t.Run("PerYear", func(t *testing.T) {
		// Years as recorded (the site's year pages): the meeting at 23:30
		// UTC on New Year's Eve was recorded in Berlin, on 1 January 2025.
		_, y2025 := read(t, dir, YearPath(2025))
		if len(y2025) != 1+5 {
			t.Errorf("2025 has %d rows, want header and 5 items", len(y2025))
		}
		if _, err := os.Stat(filepath.Join(dir, "data", "agenda-items-2024.csv")); err == nil {
			t.Error("a file for 2024, which has no meeting")
		}
	})
}

func TestCell(t *testing.T) {
	for in, want := range map[string]string{
		"":                "",
		"=1+1":            "'=1+1",
		"+49 170":         "'+49 170",
		"-":               "'-",
		"@SUM(A1)":        "'@SUM(A1)",
		"\tx":             "'\tx",
		"\rx":             "'\rx",
		"Haushalt = Plan": "Haushalt = Plan",
		"'zitiert'":       "'zitiert'",
		"Ö 1":             "Ö 1",
	} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
	if strings.HasPrefix(Cell("2024-01-01"), "'") {
		t.Error("a date got an apostrophe")
	}
}
