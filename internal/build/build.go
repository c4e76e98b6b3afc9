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
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/atomicdir"
	"github.com/ratsarchiv/ratsarchiv/internal/config"
	"github.com/ratsarchiv/ratsarchiv/internal/gate"
	"github.com/ratsarchiv/ratsarchiv/internal/pages"
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
}

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

	st = rep.Stage("pages")
	ps, err := pages.Generate(pub, pages.Options{Now: opts.Now})
	if err != nil {
		return nil, err
	}
	res.Pages = len(ps)
	if opts.EmitContent != "" {
		if err := emit(opts.EmitContent, ps); err != nil {
			return nil, err
		}
	}
	st.Done("%s content pages", progress.Count(len(ps)))

	stage, err := atomicdir.Stage(opts.OutDir)
	if err != nil {
		return nil, fmt.Errorf("build: %w", err)
	}
	defer stage.Abort()

	st = rep.Stage("render")
	files := make([]site.File, len(ps))
	for i, p := range ps {
		files[i] = site.File{Path: p.Path, Data: p.Data}
	}
	ps = nil // let the page data go once Hugo has it
	stats, err := site.Build(ctx, site.Options{
		ConfigFile: cfg.Path, PublishDir: stage.Dir(), BaseURL: opts.BaseURL, Content: files, Log: opts.HugoLog,
	})
	if err != nil {
		return nil, err
	}
	files = nil
	res.Rendered = len(stats.Pages)
	entries := make([]sitemap.Entry, len(stats.Pages))
	for i, p := range stats.Pages {
		entries[i] = sitemap.Entry{URL: p.URL, LastMod: p.LastMod}
	}
	if err := sitemap.Write(stage.Dir(), siteBaseURL(opts), entries, 0); err != nil {
		return nil, fmt.Errorf("build: sitemap: %w", err)
	}
	st.Done("%s pages, %d static files", progress.Count(len(stats.Pages)), stats.StaticFiles)

	if err := searchIndex(ctx, rep, opts, pub, stage.Dir()); err != nil {
		return nil, err
	}

	if err := ctx.Err(); err != nil {
		return nil, err
	}
	st = rep.Stage("publish")
	if err := stage.Commit(); err != nil {
		return nil, err
	}
	st.Done("%s", opts.OutDir)

	res.Duration = rep.Elapsed()
	res.MaxRSS = maxRSS()
	rep.Printf("built in %.2fs, peak memory %s MiB\n", res.Duration.Seconds(), progress.Count(int(res.MaxRSS>>20)))
	return res, nil
}

// searchIndex builds the Bleve index in the work directory (for `ratsarchiv
// search` and serve) and exports its static index into the site's search/.
func searchIndex(ctx context.Context, rep *progress.Reporter, opts Options, pub *record.Archive, siteDir string) error {
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
	st := rep.Stage("index")
	ist, err := searchindex.Build(ctx, dir, pub, searchindex.Options{BasePath: basePath, Progress: st.Progress})
	if err != nil {
		return err
	}
	st.Done("%s documents, %s MiB", progress.Count(ist.Documents), progress.Count(int(ist.Bytes>>20)))

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

func emit(dir string, ps []pages.Page) error {
	for _, p := range ps {
		path := filepath.Join(dir, "content", filepath.FromSlash(p.Path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, p.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func maxRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Maxrss * 1024 // kilobytes on Linux
}
