package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/minutetext"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/testcorpus"
)

// mustLoad loads a records folder and fails on any diagnostic.
func mustLoad(tb testing.TB, dir string) *record.Archive {
	tb.Helper()
	a, diags, err := tomlrec.Load(dir, tomlrec.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	for _, d := range diags {
		tb.Errorf("%s", d)
	}
	if tb.Failed() {
		tb.FailNow()
	}
	return a
}

// TestImportTextSeed imports the per-item text the project was created
// from and reads the records back.
func TestImportTextSeed(t *testing.T) {
	seed := testcorpus.Seed(t, "000_8b4e18a2aef432da.txt")
	out := filepath.Join(t.TempDir(), "records")
	code, _, stderr := run(t, "import", "text", seed, "--out", out, "--body", "Stadt Rheine",
		"--organization", "Sozialausschuss", "--date", "2022-09-13T17:00", "--item-number", "6")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, `agenda item: result "Kenntnis genommen" (noted)`) {
		t.Errorf("report: %s", stderr)
	}
	a := mustLoad(t, out)
	if len(a.Meetings) != 1 || len(a.Meetings[0].AgendaItems) != 1 {
		t.Fatalf("want one meeting with one item, got %d meetings", len(a.Meetings))
	}
	m := a.Meetings[0]
	berlin, _ := time.LoadLocation("Europe/Berlin")
	if m.ID != "sozialausschuss-2022-09-13" || !m.Start.Equal(time.Date(2022, 9, 13, 17, 0, 0, 0, berlin)) || m.Organizations[0] != "sozialausschuss" {
		t.Errorf("meeting %q at %v of %q", m.ID, m.Start, m.Organizations)
	}
	it := m.AgendaItems[0]
	if it.ID != "sozialausschuss-2022-09-13-6" || it.Number != "6" || it.Result != "Kenntnis genommen" || it.ResultCategory != record.ResultNoted {
		t.Errorf("item %q %q: result %q (%s)", it.ID, it.Number, it.Result, it.ResultCategory)
	}
	if !strings.HasPrefix(it.ResolutionText, "Der Sozialausschuss nimmt") || !strings.HasPrefix(it.Name, "Der Sozialausschuss nimmt den Abschlussbericht") {
		t.Errorf("resolution %q, name %q", it.ResolutionText, it.Name)
	}
	if len(it.Speakers) != 1 || it.Speakers[0] != "Frau Gehrke" || !strings.HasPrefix(it.Minutes, "Frau Gehrke informiert") {
		t.Errorf("speakers %q, minutes %.40q", it.Speakers, it.Minutes)
	}
	if a.Body.Name != "Stadt Rheine" {
		t.Errorf("body %q", a.Body.Name)
	}
}

// TestImportTextNordstemmen imports all public minutes of the corpus as
// one records folder, loads it back without a single diagnostic, and
// imports again to check the output is byte for byte the same.
func TestImportTextNordstemmen(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 630 minutes texts")
	}
	dir := filepath.Join(testcorpus.Dir(t, "nordstemmen"), "documents", "meetings")
	files, err := filepath.Glob(filepath.Join(dir, "*", "Oeffentliche_Niederschrift_*.txt"))
	if err != nil || len(files) < 600 {
		t.Fatalf("%d minutes (%v)", len(files), err)
	}
	sort.Strings(files)
	// A text whose preamble lost the meeting line names no committee or
	// date; the import would ask for them. Leave those out.
	var args []string
	sections := 0
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		text, err := minutetext.Decode(raw)
		if err != nil {
			t.Fatal(err)
		}
		m, err := minutetext.ParseMinutes(text)
		if err != nil {
			t.Fatal(err)
		}
		if m.Organization == "" || m.Date.IsZero() {
			t.Logf("left out (no committee or date in the text): %s", filepath.Base(f))
			continue
		}
		args = append(args, f)
		sections += len(m.Sections)
	}
	if len(args) < len(files)-3 {
		t.Fatalf("only %d of %d minutes name committee and date", len(args), len(files))
	}

	out := filepath.Join(t.TempDir(), "records")
	start := time.Now()
	code, _, stderr := run(t, append([]string{"import", "text", "-q", "--body", "Gemeinde Nordstemmen", "--out", out}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	took := time.Since(start)
	a := mustLoad(t, out)
	items := 0
	for _, m := range a.Meetings {
		items += len(m.AgendaItems)
	}
	t.Logf("imported %d minutes in %v: %d meetings, %d agenda items (%d sections), %d organizations",
		len(args), took.Round(time.Millisecond), len(a.Meetings), items, sections, len(a.Organizations))
	if len(a.Meetings) != len(args) {
		t.Errorf("%d meetings from %d minutes", len(a.Meetings), len(args))
	}
	if items < sections {
		t.Errorf("%d agenda items from %d sections", items, sections)
	}

	// One item as a person reads it in the text.
	var item *record.AgendaItem
	for _, m := range a.Meetings {
		if m.ID == "rat-2022-03-29" {
			for _, it := range m.AgendaItems {
				if it.Number == "10" {
					item = it
				}
			}
		}
	}
	if item == nil {
		t.Fatal("no item 10 of rat-2022-03-29")
	}
	if item.Name != "Angebot zum Erwerb einer Grünanlage" || item.Votes == nil || *item.Votes != (record.Votes{Yes: 17, No: 1, Abstain: 9}) ||
		!strings.HasPrefix(item.Result, "zu b) = 17 Ja-Stimmen") || len(item.Speakers) != 4 {
		t.Errorf("item 10: %q votes %+v result %q speakers %q", item.Name, item.Votes, item.Result, item.Speakers)
	}

	again := filepath.Join(t.TempDir(), "records")
	if code, _, stderr := run(t, append([]string{"import", "text", "-q", "--body", "Gemeinde Nordstemmen", "--out", again}, args...)...); code != 0 {
		t.Fatalf("second import: exit %d\n%s", code, stderr)
	}
	if diff := diffTrees(t, out, again); diff != "" {
		t.Errorf("two imports differ: %s", diff)
	}
}

// diffTrees names the first file that differs between two folders.
func diffTrees(tb testing.TB, a, b string) string {
	tb.Helper()
	read := func(root string) map[string][]byte {
		files := map[string][]byte{}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			files[rel], err = os.ReadFile(p)
			return err
		})
		if err != nil {
			tb.Fatal(err)
		}
		return files
	}
	fa, fb := read(a), read(b)
	if len(fa) != len(fb) {
		return "file counts differ"
	}
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			return name
		}
	}
	return ""
}
