package build

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/atomicdir"
	"github.com/ratsarchiv/ratsarchiv/internal/config"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/search/staticindex"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/gen"
)

// incrementalSite is a site folder (the repository's), a work directory
// and an output that builds of one archive after another share.
type incrementalSite struct {
	t            *testing.T
	cfg          *config.Config
	out, workDir string
	records      string // one folder, as a city keeps its records
	sequential   bool   // Options.Sequential
}

// newIncrementalSite makes a site of the repository's config.toml alone:
// its templates are the theme in the binary.
func newIncrementalSite(t *testing.T) *incrementalSite {
	site := t.TempDir()
	testkit.CopyTree(t, testkit.RepoFile("config.toml"), filepath.Join(site, "config.toml"))
	cfg, err := config.Load(filepath.Join(site, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return &incrementalSite{t: t, cfg: cfg, out: filepath.Join(t.TempDir(), "public"), workDir: t.TempDir(), records: filepath.Join(t.TempDir(), "records")}
}

var incrementalNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// build writes a into the records folder and builds it into the shared
// output.
func (s *incrementalSite) build(a *record.Archive) *Result {
	s.t.Helper()
	if err := os.RemoveAll(s.records); err != nil {
		s.t.Fatal(err)
	}
	if err := os.Rename(writeRecords(s.t, a), s.records); err != nil {
		s.t.Fatal(err)
	}
	res, err := Run(context.Background(), Options{Config: s.cfg, RecordsDir: s.records, OutDir: s.out, WorkDir: s.workDir, Now: incrementalNow, Sequential: s.sequential})
	if err != nil {
		s.t.Fatal(err)
	}
	return res
}

// fullBuild builds a into a new output with a new work directory.
func (s *incrementalSite) fullBuild(a *record.Archive) string {
	s.t.Helper()
	out := filepath.Join(s.t.TempDir(), "public")
	res, err := Run(context.Background(), Options{Config: s.cfg, RecordsDir: writeRecords(s.t, a), OutDir: out, WorkDir: s.t.TempDir(), Now: incrementalNow})
	if err != nil {
		s.t.Fatal(err)
	}
	if res.Incremental {
		s.t.Fatal("a build in a new work directory was incremental")
	}
	return out
}

// fileID is a file's identity: a file not written again keeps it.
type fileID struct {
	ino   uint64
	mtime int64
}

func fileIDs(t *testing.T, dir string) map[string]fileID {
	t.Helper()
	ids := map[string]fileID{}
	for rel := range readTree(t, dir) {
		fi, err := os.Stat(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		ids[rel] = fileID{uint64(fi.Sys().(*syscall.Stat_t).Ino), fi.ModTime().UnixNano()}
	}
	return ids
}

// sameSite fails unless the two folders hold the same files, byte for byte.
func sameSite(t *testing.T, got, want string) {
	t.Helper()
	a, b := readTree(t, got), readTree(t, want)
	n := 0
	for name, data := range b {
		if other, ok := a[name]; !ok {
			t.Errorf("%s missing from the incremental build", name)
			n++
		} else if !bytes.Equal(data, other) {
			t.Errorf("%s differs from the full build's", name)
			n++
		}
		if n > 20 {
			t.Fatal("too many differences")
		}
	}
	for name := range a {
		if _, ok := b[name]; !ok {
			t.Errorf("%s only in the incremental build", name)
		}
	}
}

// addMeeting adds a meeting of ten agenda items to a generated archive,
// after its last one, as a city adds a meeting a week: three items
// deliberate existing papers (whose consultations now name them), all
// name people, and the minutes use words the archive has not seen.
func addMeeting(a *record.Archive) {
	last := a.Meetings[len(a.Meetings)-1]
	m := &record.Meeting{
		ID: "added-meeting", Name: "Sondersitzung des Rates", Organizations: last.Organizations, Public: true,
		Start: last.Start.AddDate(0, 0, 7), Location: "Rathaus",
	}
	for i := range 10 {
		it := &record.AgendaItem{
			ID: fmt.Sprintf("added-item-%d", i+1), Number: fmt.Sprint(i + 1), Order: i + 1, Public: true,
			Name:           fmt.Sprintf("Zusatzpunkt %d: Quartiersentwicklung Nordwestviertel", i+1),
			Minutes:        fmt.Sprintf("Die Verwaltung berichtet über das Wasserstoffpilotprojekt %d und die Quartiersgarage.", i+1),
			Result:         "einstimmig beschlossen",
			ResultCategory: record.ResultApproved,
			Persons:        []string{a.Persons[i%len(a.Persons)].ID},
		}
		if i < 3 {
			p := a.Papers[len(a.Papers)-1-i]
			it.Paper = p.ID
			p.Consultations = append(p.Consultations, record.Consultation{
				Organization: m.Organizations[0], Meeting: m.ID, AgendaItem: it.ID, Role: "Entscheidung", Authoritative: true,
			})
		}
		m.AgendaItems = append(m.AgendaItems, it)
	}
	a.Meetings = append(a.Meetings, m)
}

// TestIncrementalBuildMatchesFullBuild adds a meeting with ten agenda
// items to an archive built before: the build renders and writes only what
// changed, and its output is byte for byte a full build's of the same
// records; the files it did not change are the old site's files (inode and
// modification time), so a deploy sends only the others.
func TestIncrementalBuildMatchesFullBuild(t *testing.T) {
	s := newIncrementalSite(t)
	a := gen.Generate(gen.Options{Items: 300, Seed: 3})
	if res := s.build(a); res.Incremental {
		t.Fatal("the first build was incremental")
	}
	before := fileIDs(t, s.out)
	oldFiles := readTree(t, s.out)

	addMeeting(a)
	res := s.build(a)
	if !res.Incremental {
		t.Fatal("the build after the first was not incremental")
	}
	// The record files written as before were not parsed again.
	if r := res.Records; r.Cached == 0 || r.Cached == r.Files {
		t.Errorf("records: %+v", r)
	}
	sameSite(t, s.out, s.fullBuild(a))
	// Hugo rendered the pages the meeting changed, and the first of each
	// section, not the others.
	if again := res.Rendered - res.Reused; again > res.Rendered/10 {
		t.Errorf("%d of %d pages rendered again", again, res.Rendered)
	}
	t.Logf("%d of %d pages rendered again", res.Rendered-res.Reused, res.Rendered)

	after := fileIDs(t, s.out)
	newFiles := readTree(t, s.out)
	var changed, kept int
	for rel, id := range after {
		old, ok := before[rel]
		switch {
		case ok && bytes.Equal(oldFiles[rel], newFiles[rel]):
			if old != id {
				t.Errorf("%s: same content, but written again", rel)
			}
			kept++
		case ok && old == id:
			t.Errorf("%s: new content in the old file", rel)
		default:
			changed++
		}
	}
	if res.Changed != changed || res.Files != len(after) {
		t.Errorf("result: %d files, %d changed; the site has %d files, %d of them changed", res.Files, res.Changed, len(after), changed)
	}
	// The meeting, its items, papers and people, lists, the search index's
	// changed shards and the exports that list meetings — not the rest.
	if changed < 11 || changed > len(after)/4 {
		t.Errorf("%d of %d files changed", changed, len(after))
	}
	t.Logf("%d files, %d changed, %d kept", len(after), changed, kept)
	byDir := map[string]int{}
	for rel, id := range after {
		if before[rel] != id {
			byDir[strings.SplitN(rel, "/", 2)[0]]++
		}
	}
	t.Logf("changed by folder: %v", byDir)

	// A dictionary shard renamed with its page, its content the same, is
	// the old site's file of that content: a link, not compressed and
	// written again.
	oldByContent := map[string]fileID{}
	for rel, data := range oldFiles {
		if strings.HasPrefix(rel, "search/s/") {
			oldByContent[string(data)] = before[rel]
		}
	}
	dict, err := staticindex.DictionaryTerms(os.DirFS(filepath.Join(s.out, "search")))
	if err != nil {
		t.Fatal(err)
	}
	renamed := 0
	for name := range dict {
		rel := "search/" + name
		if _, was := before[rel]; was {
			continue
		}
		if old, ok := oldByContent[string(newFiles[rel])]; ok {
			renamed++
			if after[rel] != old {
				t.Errorf("%s: the content of an old shard, written again", rel)
			}
		}
	}
	if renamed == 0 {
		t.Error("no dictionary shard was renamed with its content; the test needs one")
	}
	t.Logf("%d of %d dictionary shards renamed with their content", renamed, len(dict))

	// Nothing changed: nothing is written.
	res = s.build(a)
	if !res.Incremental || res.Changed != 0 || res.Records.Cached != res.Records.Files {
		t.Errorf("a build of the same records: incremental %v, %d files changed, records %+v", res.Incremental, res.Changed, res.Records)
	}
	for rel, id := range fileIDs(t, s.out) {
		if after[rel] != id {
			t.Errorf("%s written again by a build of the same records", rel)
		}
	}
}

// TestIncrementalSequentialBuild: an incremental build whose search
// stages follow the render, instead of running beside it, puts the site's
// files in place after them, and writes what a full build writes.
func TestIncrementalSequentialBuild(t *testing.T) {
	s := newIncrementalSite(t)
	s.sequential = true
	a := gen.Generate(gen.Options{Items: 150, Seed: 5})
	s.build(a)
	addMeeting(a)
	if res := s.build(a); !res.Incremental || res.Changed == 0 {
		t.Fatalf("incremental %v, %d files changed", res.Incremental, res.Changed)
	}
	sameSite(t, s.out, s.fullBuild(a))
}

// TestRebuildChecksTheKeptFolder: a rebuild keeps the site it replaced
// beside the new one, and the next rebuild brings that folder up to date
// instead of linking every file anew; a file of it replaced since, or one
// added to it, does not reach the next site.
func TestRebuildChecksTheKeptFolder(t *testing.T) {
	s := newIncrementalSite(t)
	a := gen.Generate(gen.Options{Items: 100, Seed: 4})
	s.build(a)
	addMeeting(a)
	if res := s.build(a); !res.Incremental {
		t.Fatal("the first rebuild is not incremental")
	}
	prev := atomicdir.PreviousDir(s.out)
	kept := fileIDs(t, prev)
	if len(kept) == 0 {
		t.Fatalf("no folder kept at %s", prev)
	}
	// Every 20th file of the kept folder replaced by another, and a file
	// added.
	tampered := 0
	for i, rel := range slices.Sorted(maps.Keys(kept)) {
		if i%20 != 0 || rel == OutputMarker {
			continue
		}
		p := filepath.Join(prev, rel)
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("tampered"), 0o644); err != nil {
			t.Fatal(err)
		}
		tampered++
	}
	if err := os.WriteFile(filepath.Join(prev, "stray.html"), []byte("stray"), 0o644); err != nil {
		t.Fatal(err)
	}

	a.Meetings[0].Name += " (verlegt)"
	res := s.build(a)
	if !res.Incremental {
		t.Fatal("the second rebuild is not incremental")
	}
	sameSite(t, s.out, s.fullBuild(a))
	t.Logf("%d files of the kept folder replaced; %d files, %d changed", tampered, res.Files, res.Changed)
}

// TestIncrementalBuildWithholds: a record made non-public disappears from
// an incremental build as from a full one — its pages, its search
// documents, its rows in the exports.
func TestIncrementalBuildWithholds(t *testing.T) {
	s := newIncrementalSite(t)
	a := gen.Generate(gen.Options{Items: 200, Seed: 5})
	m := a.Meetings[len(a.Meetings)/2]
	it := m.AgendaItems[0]
	const secret = "Geheimhaltungsbedürftiger Grundstückstausch Ostfeld"
	it.Name = secret
	s.build(a)
	if !treeContains(t, s.out, secret) {
		t.Fatal("the item's title is nowhere in the first build: the test proves nothing")
	}

	it.Public = false
	res := s.build(a)
	if !res.Incremental {
		t.Fatal("not incremental")
	}
	if treeContains(t, s.out, secret) {
		t.Error("the withheld item's title is still in the site")
	}
	sameSite(t, s.out, s.fullBuild(a))
}

// treeContains reports whether a file below dir contains s (the static
// index's shards are compressed: their words are checked through
// the search instead, by sameSite against a full build).
func treeContains(t *testing.T, dir, s string) bool {
	t.Helper()
	for _, data := range readTree(t, dir) {
		if bytes.Contains(data, []byte(s)) {
			return true
		}
	}
	return false
}

// TestIncrementalBuildFallsBack: a build whose record does not hold — the
// config changed, the site's layouts changed, the live site is another
// folder — builds everything.
func TestIncrementalBuildFallsBack(t *testing.T) {
	s := newIncrementalSite(t)
	a := gen.Generate(gen.Options{Items: 50, Seed: 7})
	s.build(a)
	if !s.build(a).Incremental {
		t.Fatal("an unchanged build was not incremental")
	}
	for _, tc := range []struct {
		name   string
		change func()
	}{
		{"Config", func() {
			cfg := s.cfg.Path
			data, _ := os.ReadFile(cfg)
			os.WriteFile(cfg, append(data, []byte("\n# changed\n")...), 0o644)
		}},
		{"Layouts", func() {
			dir := filepath.Join(s.cfg.SiteDir, "layouts", "_partials")
			os.MkdirAll(dir, 0o755)
			os.WriteFile(filepath.Join(dir, "footer.html"), []byte("<footer>new</footer>"), 0o644)
		}},
		{"OutputReplaced", func() {
			os.RemoveAll(s.out)
			os.MkdirAll(s.out, 0o755)
		}},
		{"RecordLost", func() {
			os.Remove(filepath.Join(s.workDir, stateFile))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.change()
			if s.build(a).Incremental {
				t.Error("incremental after the change")
			}
			if !s.build(a).Incremental {
				t.Error("the build after it was not incremental")
			}
		})
	}
	// A file of the live site changed by hand is written again.
	index := filepath.Join(s.out, "index.html")
	want, _ := os.ReadFile(index)
	os.WriteFile(index, []byte("changed by hand"), 0o644)
	if res := s.build(a); !res.Incremental || res.Changed != 1 {
		t.Errorf("after a change by hand: incremental %v, %d files changed, want 1", res.Incremental, res.Changed)
	}
	if got, _ := os.ReadFile(index); !bytes.Equal(got, want) {
		t.Errorf("index.html = %.40q…", got)
	}
	if _, err := os.Stat(atomicdir.PreviousDir(s.out)); err != nil {
		t.Errorf("no earlier site kept beside the output: %v", err)
	}

	// A file of the static index lost from the live site: the index is
	// exported again, though its documents did not change.
	shards, err := filepath.Glob(filepath.Join(s.out, "search", staticindex.ShardDir, "*"))
	if err != nil || len(shards) == 0 {
		t.Fatalf("no shards in the site: %v", err)
	}
	if err := os.Remove(shards[len(shards)/2]); err != nil {
		t.Fatal(err)
	}
	if res := s.build(a); !res.Incremental {
		t.Error("after a shard was lost: not incremental")
	}
	sameSite(t, s.out, s.fullBuild(a))
}

// TestIncrementalBuildKeepsCopies: the copies of files the site publishes
// (files/) survive an incremental build unchanged, as the same files, and
// a copy added since is published, as a full build would.
func TestIncrementalBuildKeepsCopies(t *testing.T) {
	s := newIncrementalSite(t)
	src := t.TempDir()
	copyOf := func(name, data string) string { return writeFile(t, src, name, data) }
	a := gen.Generate(gen.Options{Items: 100, Seed: 5})
	a.Papers[0].Files = append(a.Papers[0].Files, record.File{ID: "https://ris.example.org/file/1", Name: "Anlage 1",
		AccessURL: "https://ris.example.org/files/1.pdf", Copy: copyOf("1.pdf", "%PDF-1.7\neins")})
	s.build(a)
	first, _ := filepath.Glob(filepath.Join(s.out, "files", "*"))
	if len(first) != 1 {
		t.Fatalf("published %q, want one copy", first)
	}
	before := fileIDs(t, s.out)

	addMeeting(a)
	a.Papers[1].Files = append(a.Papers[1].Files, record.File{ID: "https://ris.example.org/file/2", Name: "Anlage 2",
		AccessURL: "https://ris.example.org/files/2.pdf", Copy: copyOf("2.pdf", "%PDF-1.7\nzwei")})
	if res := s.build(a); !res.Incremental {
		t.Fatal("the second build was not incremental")
	}
	sameSite(t, s.out, s.fullBuild(a))
	rel, _ := filepath.Rel(s.out, first[0])
	if id := fileIDs(t, s.out)[filepath.ToSlash(rel)]; id != before[filepath.ToSlash(rel)] {
		t.Errorf("%s: the unchanged copy was written again", rel)
	}
	if now, _ := filepath.Glob(filepath.Join(s.out, "files", "*")); len(now) != 2 {
		t.Errorf("published %q, want both copies", now)
	}
}
