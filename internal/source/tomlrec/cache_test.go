package tomlrec_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/gen"
)

// agendaTOML interleaves headings and items, in an order of their own,
// each with a file whose text is in a text file; one item has a vote of
// zeros and an empty list, the meeting a copy and dates with and without
// an offset: what the cache must give back as Load decoded it.
const agendaTOML = `format = 1

[meeting]
id = "m-cache"
name = "Sitzung mit Gliederung"
organization = "rat"
start = 2025-03-30T01:30:00
end = 2025-03-30T04:00:00+02:00

[[meeting.file]]
name = "Einladung"
textFile = "files/einladung.txt"
copy = "files/einladung.pdf"
date = 2025-03-01

[[agendaItem]]
heading = true
number = "A"
name = "Öffentliche Sitzung"
order = 3

[[agendaItem.file]]
name = "Anwesenheit"
textFile = "files/anwesenheit.txt"

[[agendaItem]]
id = "m-cache-1"
number = "1"
name = "Haushalt"
order = 1
result = "abgelehnt"
votes = { yes = 0, no = 0, abstain = 0 }
speakers = []

[[agendaItem.file]]
name = "Anlage"
textFile = "files/anlage.txt"

[[agendaItem]]
id = "m-cache-2"
number = "2"
name = "Leerer Text"

[[agendaItem.file]]
name = "Leer"
textFile = "files/leer.txt"
`

// cacheArchive writes a generated archive and agendaTOML into a new
// folder and returns it.
func cacheArchive(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "records")
	if err := gen.WriteRecords(dir, gen.Options{Items: 400, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{
		"meetings/2025/m-cache.toml": agendaTOML,
		"files/einladung.txt":        "Einladung\fSeite 2",
		"files/einladung.pdf":        "%PDF-1.7",
		"files/anwesenheit.txt":      "Anwesend: alle",
		"files/anlage.txt":           "Der Haushalt 2025",
		"files/leer.txt":             "",
	} {
		write(t, filepath.Join(dir, name), text)
	}
	return dir
}

func write(t testing.TB, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// loads loads dir without a cache and with the cache in cacheDir, and
// fails unless both give the same archive and diagnostics. It returns
// the archive and what the cache held.
func loads(t *testing.T, dir, cacheDir, key string) (*record.Archive, record.Diagnostics, tomlrec.CacheStats) {
	t.Helper()
	want, wantDiags, err := tomlrec.Load(dir, tomlrec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var cs tomlrec.CacheStats
	got, diags, err := tomlrec.Load(dir, tomlrec.Options{CacheDir: cacheDir, CacheKey: key, Cache: &cs})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(diags, wantDiags) {
		t.Fatalf("diagnostics with the cache:\n%v\nwithout:\n%v", diags, wantDiags)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("the archive loaded with the cache (%+v) is not the one loaded without", cs)
	}
	return got, diags, cs
}

func packs(t *testing.T, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.recpack"))
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// TestLoadCache: a load with the cache gives the archive a load without
// it gives — records, texts, time zones and all — and takes a file from
// the cache only while the file, its text files and its copies are as
// they were.
func TestLoadCache(t *testing.T) {
	dir := cacheArchive(t)
	cacheDir := filepath.Join(t.TempDir(), "cache")

	a, diags, cs := loads(t, dir, cacheDir, "k")
	if len(diags) > 0 || cs.Cached != 0 || cs.Files < 100 {
		t.Fatalf("first load: %v, %+v", diags, cs)
	}
	before := packs(t, cacheDir)
	if len(before) < 2 {
		t.Fatalf("%d packs for %d files", len(before), cs.Files)
	}
	_, _, cs = loads(t, dir, cacheDir, "k")
	if cs.Cached != cs.Files {
		t.Fatalf("unchanged records: %+v", cs)
	}
	if m := meeting(t, a); m.Start.Location().String() != "Europe/Berlin" {
		t.Fatalf("start %v in %v", m.Start, m.Start.Location())
	}

	t.Run("TextFileChanged", func(t *testing.T) {
		write(t, filepath.Join(dir, "files/anlage.txt"), "Der Haushalt 2026")
		a, _, cs := loads(t, dir, cacheDir, "k")
		if cs.Cached == 0 || cs.Cached == cs.Files {
			t.Errorf("one text file changed: %+v", cs)
		}
		if got := meeting(t, a).AgendaItems[0].Files[0].Text; got != "Der Haushalt 2026" {
			t.Errorf("text %q", got)
		}
		write(t, filepath.Join(dir, "files/leer.txt"), "nicht mehr leer")
		a, _, _ = loads(t, dir, cacheDir, "k")
		if got := meeting(t, a).AgendaItems[1].Files[0].Text; got != "nicht mehr leer" {
			t.Errorf("text %q", got)
		}
	})
	t.Run("CopyRemoved", func(t *testing.T) {
		if err := os.Remove(filepath.Join(dir, "files/einladung.pdf")); err != nil {
			t.Fatal(err)
		}
		_, diags, _ := loads(t, dir, cacheDir, "k")
		if !strings.Contains(diags.Error(), `"files/einladung.pdf": no such file`) {
			t.Errorf("diagnostics:\n%v", diags)
		}
		// A file with problems is not kept: once they are gone, it is
		// decoded again, then taken from the cache.
		write(t, filepath.Join(dir, "files/einladung.pdf"), "%PDF-1.7")
		if _, _, cs := loads(t, dir, cacheDir, "k"); cs.Cached == cs.Files {
			t.Errorf("the copy back: %+v", cs)
		}
		if _, _, cs := loads(t, dir, cacheDir, "k"); cs.Cached != cs.Files {
			t.Errorf("again: %+v", cs)
		}
	})
	t.Run("RecordChanged", func(t *testing.T) {
		before := packs(t, cacheDir)
		write(t, filepath.Join(dir, "meetings/2025/m-cache.toml"), strings.Replace(agendaTOML, "Haushalt", "Haushaltsplan", 1))
		a, _, cs := loads(t, dir, cacheDir, "k")
		if cs.Cached == 0 || cs.Cached == cs.Files {
			t.Errorf("one record file changed: %+v", cs)
		}
		if got := meeting(t, a).AgendaItems[0].Name; got != "Haushaltsplan" {
			t.Errorf("name %q", got)
		}
		// The changed file's pack replaces its old one.
		after := packs(t, cacheDir)
		if len(after) != len(before) || slices.Equal(after, before) {
			t.Errorf("packs before %d, after %d, the same: %v", len(before), len(after), slices.Equal(after, before))
		}
	})
	t.Run("OtherKey", func(t *testing.T) {
		if _, _, cs := loads(t, dir, cacheDir, "another program"); cs.Cached != 0 {
			t.Errorf("%+v", cs)
		}
		if n := len(packs(t, cacheDir)); n != len(before) {
			t.Errorf("%d packs, %d before: the other key's are left", n, len(before))
		}
	})
	t.Run("Damaged", func(t *testing.T) {
		loads(t, dir, cacheDir, "k") // the packs of OtherKey are gone
		if _, _, cs := loads(t, dir, cacheDir, "k"); cs.Cached != cs.Files {
			t.Fatalf("before: %+v", cs)
		}
		// One pack changed where it still decodes (a letter of a name),
		// the others cut short.
		changed := false
		for _, p := range packs(t, cacheDir) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if i := bytes.Index(data, []byte("Sitzung mit Gliederung")); i >= 0 {
				data[i] = 's'
				changed = true
			} else {
				data = data[:len(data)/2]
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if !changed {
			t.Fatal("no pack holds the meeting's name")
		}
		// Every damaged pack is decoded again, none taken as it is.
		if _, _, cs := loads(t, dir, cacheDir, "k"); cs.Cached != 0 {
			t.Errorf("%+v", cs)
		}
	})
}

func meeting(t *testing.T, a *record.Archive) *record.Meeting {
	t.Helper()
	for _, m := range a.Meetings {
		if m.ID == "m-cache" {
			return m
		}
	}
	t.Fatal("no meeting m-cache")
	return nil
}

// FuzzRecordsCache: whatever a pack of the records cache holds, Load
// gives the archive a load without the cache gives.
func FuzzRecordsCache(f *testing.F) {
	dir := filepath.Join(f.TempDir(), "records")
	for name, text := range map[string]string{
		"body.toml":                  "[body]\nname = \"Stadt Beispiel\"\n",
		"organizations.toml":         "[[organization]]\nid = \"rat\"\nname = \"Rat\"\n",
		"meetings/2025/m-cache.toml": agendaTOML,
		"files/einladung.txt":        "Einladung", "files/einladung.pdf": "%PDF-1.7",
		"files/anwesenheit.txt": "alle", "files/anlage.txt": "Anlage", "files/leer.txt": "",
	} {
		write(f, filepath.Join(dir, name), text)
	}
	want, wantDiags, err := tomlrec.Load(dir, tomlrec.Options{})
	if err != nil || len(wantDiags) > 0 {
		f.Fatal(err, wantDiags)
	}
	cacheDir := filepath.Join(f.TempDir(), "cache")
	opts := tomlrec.Options{CacheDir: cacheDir, CacheKey: "fuzz"}
	if _, _, err := tomlrec.Load(dir, opts); err != nil {
		f.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(cacheDir, "*.recpack"))
	if len(names) == 0 {
		f.Fatal("no pack written")
	}
	seed, err := os.ReadFile(names[0])
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add(seed[:len(seed)/2])
	f.Add([]byte("not a pack"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range names { // every pack the bytes
			if err := os.WriteFile(name, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, diags, err := tomlrec.Load(dir, opts)
		if err != nil || len(diags) > 0 || !reflect.DeepEqual(got, want) {
			t.Fatalf("with the pack %q: %v %v, or another archive", data[:min(len(data), 64)], err, diags)
		}
	})
}
