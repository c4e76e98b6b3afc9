package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/testkit/sitecheck"
)

// exportFile tells the files of the exports (docs/exports.md) from the
// pages and the search index.
func exportFile(rel string) bool {
	return strings.HasSuffix(rel, ".ics") || strings.HasPrefix(rel, "data/") && !strings.HasSuffix(rel, ".html") ||
		strings.HasPrefix(rel, "oparl/")
}

// icsText undoes what iCalendar does to text (RFC 5545 3.1, 3.3.11): line
// folding and escapes, which could hide a phrase from a plain search.
var icsText = strings.NewReplacer("\r\n ", "", "\r\n\t", "", `\,`, ",", `\;`, ";", `\n`, "\n", `\N`, "\n", `\\`, `\`)

// TestBuildExports builds the example with a reference day in 2024, so
// that the calendars hold both the public Rat meeting with a withheld item
// and the closed session, and searches every export file for the withheld
// records' text and IDs. The positive control: a public item of that same
// Rat meeting is found in each file that would hold the withheld one. It
// then checks that the pages link the exports.
func TestBuildExports(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1717200000") // 2024-06-01
	const baseURL = "https://example.org/rat/"
	out := MustBuild(t, filepath.Join(repoRoot(t), "config.toml"), "--base-url", baseURL)
	// Ö 6 of rat-2024-03, the meeting whose N 1 is withheld.
	const public = "Benennung eines Mitglieds für die Verbandsversammlung"
	withheldIDs := regexp.MustCompile(`hfa-2024-11-n|rat-2024-03-8[^0-9]`)

	var files, found []string
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		if !exportFile(rel) {
			return nil
		}
		files = append(files, rel)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		text := string(data)
		if strings.HasSuffix(rel, ".ics") {
			text = icsText.Replace(text)
		}
		lower := strings.ToLower(text)
		for _, phrase := range privatePhrases {
			if strings.Contains(lower, strings.ToLower(phrase)) {
				t.Errorf("%s holds withheld text %q", rel, phrase)
			}
		}
		if m := withheldIDs.FindString(rel + " " + text); m != "" {
			t.Errorf("%s names a withheld record (%q)", rel, m)
		}
		if strings.Contains(text, public) {
			found = append(found, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 100 {
		t.Fatalf("only %d export files: %v", len(files), files)
	}
	for _, want := range []string{
		"meetings/calendar.ics", "committees/rat/calendar.ics",
		"data/agenda-items.csv", "data/agenda-items-2024.csv", "data/archive.json",
		"oparl/meeting/rat-2024-03.json", "oparl/agendaitem/rat-2024-03-6.json",
	} {
		if !slices.Contains(found, want) {
			t.Errorf("positive control: %q not found in %s (found in %v)", public, want, found)
		}
	}
	if !slices.ContainsFunc(found, func(f string) bool { return strings.HasPrefix(f, "oparl/meetings/page-") }) ||
		!slices.ContainsFunc(found, func(f string) bool { return strings.HasPrefix(f, "oparl/agendaitems/page-") }) {
		t.Errorf("positive control: %q not in the OParl lists (found in %v)", public, found)
	}
	t.Run("Linked", func(t *testing.T) { checkExportLinks(t, out, baseURL) })

	// The closed session is in the window: the calendar has the public
	// meeting before it and the one after.
	cal, err := os.ReadFile(filepath.Join(out, "committees", "hfa", "calendar.ics"))
	if err != nil {
		t.Fatal(err)
	}
	for _, uid := range []string{"UID:hfa-2024-06@lindenfeld", "UID:hfa-2024-11@lindenfeld"} {
		if !bytes.Contains(cal, []byte(uid)) {
			t.Errorf("the HFA calendar lacks %s", uid)
		}
	}
}

// checkExportLinks checks that the pages link the exports: the Daten page
// all of them, each committee page with meetings its calendar, the home
// page the calendar of all meetings, every page the Daten page.
func checkExportLinks(t *testing.T, out, baseURL string) {
	pages, err := sitecheck.Pages(out)
	if err != nil {
		t.Fatal(err)
	}
	byFile := map[string]*sitecheck.Page{}
	for _, p := range pages {
		byFile[p.File] = p
	}
	links := func(file string, want ...string) {
		t.Helper()
		p := byFile[file]
		if p == nil {
			t.Fatalf("no page %s", file)
		}
		for _, w := range want {
			if !slices.Contains(p.Links, w) {
				t.Errorf("%s does not link %s", file, w)
			}
		}
	}
	const sub = "/rat/"
	webcal := "webcal://" + strings.TrimPrefix(baseURL, "https://")
	links("data/index.html",
		sub+"meetings/calendar.ics", webcal+"meetings/calendar.ics", sub+"committees/rat/calendar.ics",
		sub+"data/agenda-items.csv", sub+"data/agenda-items-2024.csv", sub+"data/agenda-items-2025.csv", sub+"data/archive.json")
	links("committees/rat/index.html", sub+"committees/rat/calendar.ics", webcal+"committees/rat/calendar.ics", sub+"data/")
	links("index.html", sub+"meetings/calendar.ics", webcal+"meetings/calendar.ics", sub+"data/")
	if p := byFile["data/index.html"]; p != nil && !strings.Contains(pageText(p), baseURL+"oparl/system.json") {
		t.Error("the Daten page does not give the OParl API's address")
	}
	// A faction without meetings has no calendar to link.
	if p := byFile["committees/fraktion-bbl/index.html"]; p == nil || slices.ContainsFunc(p.Links, func(l string) bool { return strings.HasSuffix(l, ".ics") }) {
		t.Error("committees/fraktion-bbl: missing, or links a calendar it does not have")
	}
}
