// Package build is the pipeline behind `ratsarchiv build`: load and validate
// the records, pass them through the privacy gate, generate the pages,
// render them with Hugo, index them (Bleve in the work directory, the
// static index in the site's search/), and swap the finished site into place.
// Each stage is a package of its own; this one only orders them.
package build

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/atomicdir"
	"github.com/ratsarchiv/ratsarchiv/internal/config"
	"github.com/ratsarchiv/ratsarchiv/internal/gate"
	"github.com/ratsarchiv/ratsarchiv/internal/pages"
	"github.com/ratsarchiv/ratsarchiv/internal/procstat"
	"github.com/ratsarchiv/ratsarchiv/internal/progress"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/searchindex"
	"github.com/ratsarchiv/ratsarchiv/internal/site"
	"github.com/ratsarchiv/ratsarchiv/internal/sitemap"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/staticindex"
)

// Options configure one build.
type Options struct {
	Config     *config.Config
	RecordsDir string // defaults to the config's records folder
	OutDir     string // the published site; replaced only when the build succeeds
	WorkDir    string // the search index and build state
	// BaseURL overrides the config's baseURL, e.g. for a sub-path deploy.
	BaseURL string
	// EmitContent, when set, also writes the generated content files there
	// (for debugging templates); the build itself never reads them.
	EmitContent string
	// Now is the reference day for "upcoming meetings"; zero means today,
	// or SOURCE_DATE_EPOCH when set.
	Now time.Time
	// Progress receives stage lines; nil is quiet.
	Progress io.Writer
	// HugoLog receives Hugo's warnings; nil discards them.
	HugoLog io.Writer
	// PartitionPages is how many pages Hugo renders at a time; 0 means
	// DefaultPartitionPages. The output does not depend on it.
	PartitionPages int
	// MemoryLimit is the Go runtime's soft memory limit during the build,
	// in bytes: 0 means DefaultMemoryLimit unless GOMEMLIMIT is set, and a
	// negative value leaves the runtime's setting alone.
	MemoryLimit int64
}

// DefaultMemoryLimit keeps a large build's peak memory under 3 GB: with the
// Go default (the heap may grow to twice what is live), a 100,000-item
// archive peaked at twice its live heap. The peak also holds the index
// files Bleve maps while it merges segments (~0.5 GiB at 100,000 items),
// which the limit does not cover. Smaller builds never reach it; larger
// ones spend more CPU time collecting garbage instead of failing.
const DefaultMemoryLimit = 9 << 28 // 2.25 GiB

// ErrInvalidRecords is returned when validation found problems; the
// diagnostics are in the Result.
var ErrInvalidRecords = errors.New("invalid records")

// Result describes a build.
type Result struct {
	Diagnostics record.Diagnostics
	Withheld    gate.Report
	Archive     *record.Archive // the public archive that was published
	Pages       int             // content pages generated
	Rendered    int             // pages Hugo rendered
	Duration    time.Duration
	MaxRSS      int64 // peak resident memory in bytes, when the OS tells
	// Stages are the costs of the stages that ran, in order.
	Stages []StageStats
}

// StageStats is what one stage of a build cost.
type StageStats struct {
	Name    string        // load (with validation and the gate), pages, render, sitemap, index, export, publish
	Wall    time.Duration // elapsed time
	CPU     time.Duration // user and system CPU time of the process during the stage
	PeakRSS int64         // peak resident memory during the stage, in bytes
}

// stageClock measures one stage. Starting one resets the process's peak
// memory mark, so each stage reports its own peak.
type stageClock struct {
	name  string
	start time.Time
	cpu   time.Duration
}

func startStage(name string) stageClock {
	procstat.ResetPeak()
	return stageClock{name: name, start: time.Now(), cpu: procstat.CPUTime()}
}

// stop records the stage in res and raises res.MaxRSS to its peak (the
// resets make the OS's own whole-process peak unreliable).
func (c stageClock) stop(res *Result) {
	s := StageStats{Name: c.name, Wall: time.Since(c.start), CPU: procstat.CPUTime() - c.cpu, PeakRSS: procstat.Peak()}
	res.Stages = append(res.Stages, s)
	res.MaxRSS = max(res.MaxRSS, s.PeakRSS)
}

// Run builds the site. On any error the previous output stays untouched.
func Run(ctx context.Context, opts Options) (*Result, error) {
	cfg := opts.Config
	if opts.RecordsDir == "" {
		opts.RecordsDir = cfg.RecordsDir()
	}
	if opts.Now.IsZero() {
		opts.Now = Today(cfg.Archive.Location)
	}
	rep := progress.New(opts.Progress)
	res := &Result{}
	if limit := memoryLimit(opts.MemoryLimit); limit > 0 {
		prev := debug.SetMemoryLimit(limit)
		defer debug.SetMemoryLimit(prev)
	}

	clk := startStage("load")
	st := rep.Stage("load")
	a, diags, err := tomlrec.Load(opts.RecordsDir, tomlrec.Options{Location: cfg.Archive.Location, Progress: st.Progress})
	if err != nil {
		return nil, err
	}
	res.Diagnostics = diags
	if len(diags) > 0 {
		st.Done("%d problem(s)", len(diags))
		return res, ErrInvalidRecords
	}
	st.Done("%s meetings, %s agenda items, %s papers", progress.Count(len(a.Meetings)), progress.Count(countItems(a)), progress.Count(len(a.Papers)))

	st = rep.Stage("gate")
	pub, withheld := gate.Public(a, cfg.Archive.Redact)
	res.Withheld, res.Archive = withheld, pub
	st.Done("withheld %d meetings, %d items, %d papers", withheld.Meetings, withheld.AgendaItems, withheld.Papers)
	clk.stop(res)

	stage, err := atomicdir.Stage(opts.OutDir)
	if err != nil {
		return nil, fmt.Errorf("build: %w", err)
	}
	defer stage.Abort()

	r, err := renderPages(ctx, rep, res, opts, pub, stage.Dir())
	if err != nil {
		return nil, err
	}

	clk = startStage("sitemap")
	st = rep.Stage("sitemap")
	rendered := r.rendered()
	res.Rendered = len(rendered)
	entries := make([]sitemap.Entry, len(rendered))
	for i, p := range rendered {
		entries[i] = sitemap.Entry{URL: p.URL, LastMod: p.LastMod}
	}
	if err := sitemap.Write(stage.Dir(), siteBaseURL(opts), entries, 0); err != nil {
		return nil, fmt.Errorf("build: sitemap: %w", err)
	}
	// The search client's source in static/search is not copied: the
	// static index export writes the bundled client it was built with.
	nstatic, err := site.CopyStatic(cfg.Path, stage.Dir(), "search")
	if err != nil {
		return nil, err
	}
	st.Done("%s pages, %d static files", progress.Count(len(rendered)), nstatic)
	clk.stop(res)

	if err := searchIndex(ctx, rep, res, opts, pub, stage.Dir()); err != nil {
		return nil, err
	}

	if err := ctx.Err(); err != nil {
		return nil, err
	}
	clk = startStage("publish")
	st = rep.Stage("publish")
	if err := stage.Commit(); err != nil {
		return nil, err
	}
	st.Done("%s", opts.OutDir)
	clk.stop(res)

	res.Duration = rep.Elapsed()
	rep.Printf("built in %.2fs, peak memory %s MiB\n", res.Duration.Seconds(), progress.Count(int(res.MaxRSS>>20)))
	return res, nil
}

// memoryLimit is the soft memory limit to set, or 0 for none.
func memoryLimit(opt int64) int64 {
	switch {
	case opt < 0:
		return 0
	case opt > 0:
		return opt
	case os.Getenv("GOMEMLIMIT") != "":
		return 0
	}
	return DefaultMemoryLimit
}

// searchIndex builds the Bleve index in the work directory (for `ratsarchiv
// search` and serve) and exports its static index into the site's search/.
func searchIndex(ctx context.Context, rep *progress.Reporter, res *Result, opts Options, pub *record.Archive, siteDir string) error {
	workDir := opts.WorkDir
	if workDir == "" {
		tmp, err := os.MkdirTemp("", "ratsarchiv-index-")
		if err != nil {
			return fmt.Errorf("build: %w", err)
		}
		defer os.RemoveAll(tmp)
		workDir = tmp
	}
	basePath := "/"
	if u, err := url.Parse(siteBaseURL(opts)); err == nil && u.Path != "" {
		basePath = u.Path
	}
	dir := filepath.Join(workDir, searchindex.WorkDirName)
	clk := startStage("index")
	st := rep.Stage("index")
	ist, err := searchindex.Build(ctx, dir, pub, searchindex.Options{BasePath: basePath, Progress: st.Progress})
	if err != nil {
		return err
	}
	st.Done("%s documents, %s MiB", progress.Count(ist.Documents), progress.Count(int(ist.Bytes>>20)))
	clk.stop(res)

	clk = startStage("export")
	st = rep.Stage("search")
	ix, err := searchindex.Open(dir)
	if err != nil {
		return err
	}
	defer ix.Close()
	xst, err := staticindex.Export(ctx, ix, filepath.Join(siteDir, "search"), staticindex.Options{})
	if err != nil {
		return err
	}
	st.Done("%s files, %s KiB", progress.Count(xst.Files), progress.Count(int(xst.Bytes()>>10)))
	clk.stop(res)
	return nil
}

// siteBaseURL is the public URL the site is built for, ending in "/".
func siteBaseURL(opts Options) string {
	u := opts.BaseURL
	if u == "" {
		u = opts.Config.BaseURL
	}
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

func countItems(a *record.Archive) int {
	n := 0
	for _, m := range a.Meetings {
		n += len(m.AgendaItems)
	}
	return n
}

// Today is the start of the current day in loc, or of the day given by
// SOURCE_DATE_EPOCH (reproducible-builds.org), which makes the "upcoming
// meetings" of the home page reproducible.
func Today(loc *time.Location) time.Time {
	now := time.Now()
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if sec, err := strconv.ParseInt(s, 10, 64); err == nil {
			now = time.Unix(sec, 0)
		}
	}
	now = now.In(loc)
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
}

func emit(dir string, p pages.Page) error {
	path := filepath.Join(dir, "content", filepath.FromSlash(p.Path))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, p.Data, 0o644)
}
