package build

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/atomicdir"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
)

// TestRunRefusesOutputOverSources: an output folder that is, contains or
// lies in what the build reads is refused before anything is written, and
// the sources stay as they were.
func TestRunRefusesOutputOverSources(t *testing.T) {
	cfg := testSite(t)
	site := cfg.SiteDir
	records := filepath.Join(site, "records")
	testkit.CopyTree(t, testkit.RepoFile("example/records"), records)
	work := filepath.Join(site, ".ratsarchiv")
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(records, link); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, site)
	t.Chdir(site)
	for _, tt := range []struct {
		name, out, want string
	}{
		{"Records", records, "is the records folder"},
		{"RecordsViaSymlink", link, "is the records folder"},
		{"InsideRecords", filepath.Join(records, "public"), "lies inside the records folder"},
		{"SiteFolder", site, "is the site folder"},
		{"Dot", ".", "is the site folder"},
		{"AboveSite", filepath.Dir(site), "contains the records folder"},
		{"Layouts", filepath.Join(site, "layouts"), "is the site's layouts/ folder"},
		{"InsideContent", filepath.Join(site, "content", "out"), "lies inside the site's content/ folder"},
		{"WorkDir", work, "is the work directory"},
		{"SearchIndex", filepath.Join(work, "index"), "is the search index"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(t.Context(), Options{Config: cfg, RecordsDir: records, OutDir: tt.out, WorkDir: work})
			if !errors.Is(err, atomicdir.ErrOverlap) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
	after := readTree(t, site)
	if len(after) != len(before) {
		t.Errorf("the site folder had %d files, now %d", len(before), len(after))
	}
	for name, data := range before {
		if string(after[name]) != string(data) {
			t.Errorf("%s changed or vanished", name)
		}
	}

	// The site folder may hold the output, and the work directory serve's.
	for _, out := range []string{filepath.Join(site, "public"), filepath.Join(work, "serve")} {
		if err := CheckOutDir(Options{Config: cfg, RecordsDir: records, OutDir: out, WorkDir: work}); err != nil {
			t.Errorf("%s: %v", out, err)
		}
	}
}

// TestRunReplacesOnlyItsOwnOutput: a build replaces its earlier output (it
// marks it), but not a folder without the marker, such as one an earlier
// version of ratsarchiv wrote; the message says what to do.
func TestRunReplacesOnlyItsOwnOutput(t *testing.T) {
	cfg := testSite(t)
	records := writeRecords(t, archiveWithIDs("v-1"))
	out := filepath.Join(t.TempDir(), "public")
	build := func() error {
		_, err := Run(t.Context(), Options{Config: cfg, RecordsDir: records, OutDir: out, WorkDir: t.TempDir()})
		return err
	}
	if err := build(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, OutputMarker)); err != nil {
		t.Fatalf("the output is not marked: %v", err)
	}
	if err := build(); err != nil {
		t.Fatalf("rebuilding over the marked output: %v", err)
	}

	// An output from before the marker existed.
	if err := os.Remove(filepath.Join(out, OutputMarker)); err != nil {
		t.Fatal(err)
	}
	err := build()
	if !errors.Is(err, atomicdir.ErrNotMarked) {
		t.Fatalf("err = %v, want ErrNotMarked", err)
	}
	for _, want := range []string{out, "create the file " + filepath.Join(out, OutputMarker)} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Errorf("the unmarked folder was touched: %v", err)
	}
	if err := os.WriteFile(filepath.Join(out, OutputMarker), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := build(); err != nil {
		t.Fatalf("after marking as the message says: %v", err)
	}
}
