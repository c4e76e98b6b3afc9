package build

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/atomicdir"
	"github.com/ratsarchiv/ratsarchiv/internal/config"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
)

func TestRunReportsEachStage(t *testing.T) {
	cfg, err := config.Load(filepath.Join("..", "..", "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, sequential := range []bool{false, true} {
		t.Run(map[bool]string{false: "Overlapped", true: "Sequential"}[sequential], func(t *testing.T) {
			res, err := Run(context.Background(), Options{
				Config: cfg, OutDir: filepath.Join(t.TempDir(), "public"), WorkDir: t.TempDir(),
				Now:        time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
				Sequential: sequential, MeasureStages: true,
			})
			if err != nil {
				t.Fatal(err)
			}
			at := map[string]StageStats{}
			var names []string
			var prev time.Duration
			for _, s := range res.Stages {
				names = append(names, s.Name)
				at[s.Name] = s
				if s.Wall <= 0 || s.PeakRSS <= 0 || s.CPU < 0 {
					t.Errorf("stage %s: wall %v, peak %d, cpu %v; want positive", s.Name, s.Wall, s.PeakRSS, s.CPU)
				}
				if s.Start < prev {
					t.Errorf("stage %s starts at %v, before the stage listed ahead of it (%v)", s.Name, s.Start, prev)
				}
				prev = s.Start
				if end := s.Start + s.Wall; end > res.Duration {
					t.Errorf("stage %s ends at %v, after the build's %v", s.Name, end, res.Duration)
				}
				if s.PeakRSS > res.MaxRSS {
					t.Errorf("stage %s peaked at %d, above the build's MaxRSS %d", s.Name, s.PeakRSS, res.MaxRSS)
				}
			}
			for _, n := range []string{"record", "load", "gate", "files", "pages", "render", "sitemap", "index", "search", "data", "publish"} {
				if _, ok := at[n]; !ok {
					t.Errorf("no stage %q in %v", n, names)
				}
			}
			if names[0] != "record" || names[len(names)-1] != "publish" {
				t.Errorf("stages = %v, want the last build's record first and publish last", names)
			}
			// Each path's stages follow one another. The exports follow the
			// render; they wait for the search stages only when nothing
			// overlaps, and run beside them otherwise.
			pairs := [][2]string{{"record", "load"}, {"load", "gate"}, {"gate", "files"}, {"files", "render"}, {"render", "sitemap"}, {"index", "search"}, {"sitemap", "data"}, {"search", "publish"}, {"data", "publish"}}
			if sequential {
				pairs = append(pairs, [2]string{"search", "data"})
			}
			for _, pair := range pairs {
				a, b := at[pair[0]], at[pair[1]]
				if b.Start < a.Start+a.Wall {
					t.Errorf("%s starts at %v, before %s ends at %v", pair[1], b.Start, pair[0], a.Start+a.Wall)
				}
			}
			if sequential {
				if idx, sm := at["index"], at["sitemap"]; idx.Start < sm.Start+sm.Wall {
					t.Errorf("sequential build indexed at %v, before the sitemap was done at %v", idx.Start, sm.Start+sm.Wall)
				}
			} else if idx, re := at["index"], at["render"]; idx.Start > re.Start+re.Wall {
				t.Errorf("the index started at %v, after the render ended at %v: the stages did not overlap", idx.Start, re.Start+re.Wall)
			}
			if res.CPU <= 0 {
				t.Errorf("build CPU = %v", res.CPU)
			}
		})
	}
}

// TestRunMeasuresStagesOnlyWhenAsked: a build measures its totals, but
// samples its stages only for the bench.
func TestRunMeasuresStagesOnlyWhenAsked(t *testing.T) {
	cfg := testSite(t)
	_, res, err := buildSite(t, cfg, writeRecords(t, archiveWithIDs("v-1")))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stages) != 0 {
		t.Errorf("stages measured without MeasureStages: %v", res.Stages)
	}
	if res.Duration <= 0 || res.CPU <= 0 || res.MaxRSS <= 0 {
		t.Errorf("duration %v, CPU %v, peak %d; want the totals all the same", res.Duration, res.CPU, res.MaxRSS)
	}
}

// TestRunPublishesTheIndexAfterTheSite: the work index that `ratsarchiv
// search` reads is replaced only after the site, so a build that fails to
// publish leaves both as they were: search never runs ahead of the site.
func TestRunPublishesTheIndexAfterTheSite(t *testing.T) {
	cfg := testSite(t)
	out, work := filepath.Join(t.TempDir(), "public"), t.TempDir()
	build := func(a *record.Archive, progress io.Writer) error {
		_, err := Run(t.Context(), Options{Config: cfg, RecordsDir: writeRecords(t, a), OutDir: out, WorkDir: work,
			Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Progress: progress})
		return err
	}
	documents := func() int {
		t.Helper()
		ix, err := searchindex.Open(filepath.Join(work, searchindex.WorkDirName))
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		n, err := ix.Bleve().DocCount()
		if err != nil {
			t.Fatal(err)
		}
		return int(n)
	}
	if err := build(archiveWithIDs("v-1"), nil); err != nil {
		t.Fatal(err)
	}
	before := documents()

	// Someone puts a file of their own into the output while the second
	// build renders: the build must not replace the folder, nor the index.
	intruder := writerFunc(func(p []byte) {
		if strings.HasPrefix(string(p), "sitemap") {
			if err := os.WriteFile(filepath.Join(out, "notes.txt"), nil, 0o644); err != nil {
				t.Error(err)
			}
			if err := os.Remove(filepath.Join(out, OutputMarker)); err != nil {
				t.Error(err)
			}
		}
	})
	if err := build(archiveWithIDs("v-1", "v-2", "v-3"), intruder); !errors.Is(err, atomicdir.ErrNotMarked) {
		t.Fatalf("err = %v, want the publish refused", err)
	}
	if got := documents(); got != before {
		t.Errorf("the index has %d documents after a build that published nothing, want the %d of the published site", got, before)
	}
	if err := os.WriteFile(filepath.Join(out, OutputMarker), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := build(archiveWithIDs("v-1", "v-2", "v-3"), nil); err != nil {
		t.Fatal(err)
	}
	if got := documents(); got <= before {
		t.Errorf("the index has %d documents after the site grew, want more than %d", got, before)
	}
}

// writerFunc is an io.Writer calling a function with each write.
type writerFunc func(p []byte)

func (f writerFunc) Write(p []byte) (int, error) {
	f(p)
	return len(p), nil
}

func TestRunPartitionsGiveTheSameSite(t *testing.T) {
	cfg, err := config.Load(filepath.Join("..", "..", "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	build := func(partition int) (string, *Result) {
		out := filepath.Join(t.TempDir(), "public")
		res, err := Run(context.Background(), Options{
			Config: cfg, OutDir: out, WorkDir: t.TempDir(), PartitionPages: partition,
			Now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		})
		if err != nil {
			t.Fatal(err)
		}
		return out, res
	}
	whole, res := build(0)
	parts, resParts := build(2)
	if res.Rendered != resParts.Rendered || res.Pages != resParts.Pages {
		t.Errorf("rendered %d of %d pages in one partition, %d of %d in partitions of 2", res.Rendered, res.Pages, resParts.Rendered, resParts.Pages)
	}
	a, b := readTree(t, whole), readTree(t, parts)
	if len(a) < 10 {
		t.Fatalf("only %d files built", len(a))
	}
	for name, data := range a {
		if other, ok := b[name]; !ok {
			t.Errorf("%s missing when rendered in partitions", name)
		} else if !bytes.Equal(data, other) {
			t.Errorf("%s differs when rendered in partitions", name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			t.Errorf("%s only when rendered in partitions", name)
		}
	}
}

// readTree maps every file below dir to its contents.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[rel] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestMemoryLimit(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	defer func(f func() int64) { systemMemory = f }(systemMemory)
	for mem, want := range map[int64]int64{0: DefaultMemoryLimit, 16 << 30: DefaultMemoryLimit, 2 << 30: 3 << 29} {
		systemMemory = func() int64 { return mem }
		if got := memoryLimit(0); got != want {
			t.Errorf("default on a machine of %d bytes = %d, want %d", mem, got, want)
		}
	}
	if got := memoryLimit(1 << 30); got != 1<<30 {
		t.Errorf("given = %d, want %d", got, 1<<30)
	}
	if got := memoryLimit(-1); got != 0 {
		t.Errorf("negative = %d, want none", got)
	}
	t.Setenv("GOMEMLIMIT", "4GiB")
	if got := memoryLimit(0); got != 0 {
		t.Errorf("with GOMEMLIMIT set = %d, want none (the user's)", got)
	}
}

// TestRunTakesRelativeFolders: a caller of Run may name its output and
// work folders relative to the working directory, as the command line
// does, twice in a row (the second build incremental).
func TestRunTakesRelativeFolders(t *testing.T) {
	cfg := testSite(t)
	records := writeRecords(t, archiveWithIDs("v-1"))
	t.Chdir(t.TempDir())
	for i := range 2 {
		res, err := Run(t.Context(), Options{Config: cfg, RecordsDir: records, OutDir: "public", WorkDir: "work",
			Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatalf("build %d: %v", i+1, err)
		}
		if i == 1 && !res.Incremental {
			t.Error("the second build is not incremental")
		}
		if _, err := os.Stat(filepath.Join("public", OutputMarker)); err != nil {
			t.Errorf("build %d: %v", i+1, err)
		}
	}
}

// TestMappedLimitFollowsMappedFiles: the memory limit leaves room for the
// files mapped since the build began, down to half of the build's limit,
// and is not set again for a change of a few pages.
func TestMappedLimitFollowsMappedFiles(t *testing.T) {
	prev := debug.SetMemoryLimit(1 << 30)
	defer debug.SetMemoryLimit(prev)
	m := &mappedLimit{limit: 1 << 30, base: 100 << 20, set: 1 << 30}
	for _, step := range []struct {
		mapped, want int64
	}{
		{100<<20 + 1<<20, 1 << 30},           // a MiB more: not worth a new limit
		{100<<20 + 256<<20, 1<<30 - 256<<20}, // the merge's segments
		{100 << 20, 1 << 30},                 // unmapped again
		{50 << 20, 1 << 30},                  // fewer than at the start
		{100<<20 + 900<<20, 1 << 29},         // more than half: half
	} {
		m.follow(step.mapped)
		if got := debug.SetMemoryLimit(-1); got != step.want {
			t.Errorf("mapped %d MiB: limit %d MiB, want %d MiB", step.mapped>>20, got>>20, step.want>>20)
		}
	}
}

// TestLimitMemoryRestoresTheRuntimesLimit: after the build the runtime
// has its own limit again.
func TestLimitMemoryRestoresTheRuntimesLimit(t *testing.T) {
	prev := debug.SetMemoryLimit(3 << 30)
	defer debug.SetMemoryLimit(prev)
	m := limitMemory(1 << 30)
	if got := debug.SetMemoryLimit(-1); got > 1<<30 {
		t.Errorf("during the build: limit %d MiB, want at most 1024", got>>20)
	}
	m.Stop()
	if got := debug.SetMemoryLimit(-1); got != 3<<30 {
		t.Errorf("after the build: limit %d MiB, want 3072", got>>20)
	}
}
