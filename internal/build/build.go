// Package build is the pipeline behind `ratsarchiv build`: load and validate
// the records, pass them through the privacy gate, generate the pages,
// render them with Hugo, index them (Bleve in the work directory, the
// static index in the site's search/), swap the finished site into place,
// and then the work index, so that `ratsarchiv search` never answers from
// records the published site does not show yet. Each stage is a package of
// its own; this one only orders them.
package build

import (
	"context"
	"encoding/hex"
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

	"golang.org/x/sync/errgroup"

	"github.com/ratsarchiv/ratsarchiv/internal/config"
	"github.com/ratsarchiv/ratsarchiv/internal/gate"
	"github.com/ratsarchiv/ratsarchiv/internal/mirror"
	"github.com/ratsarchiv/ratsarchiv/internal/pages"
	"github.com/ratsarchiv/ratsarchiv/internal/procstat"
	"github.com/ratsarchiv/ratsarchiv/internal/progress"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
	"github.com/ratsarchiv/ratsarchiv/internal/search/staticindex"
	"github.com/ratsarchiv/ratsarchiv/internal/site"
	"github.com/ratsarchiv/ratsarchiv/internal/sitemap"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
)

// Options configure one build.
type Options struct {
	Config     *config.Config
	RecordsDir string // defaults to the config's records folder
	OutDir     string // the published site; replaced only when the build succeeds
	// WorkDir holds the search index that `ratsarchiv search` and serve
	// read; "" builds it in a temporary folder, removed afterwards.
	WorkDir string
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
	// in bytes, less the files mapped since it began (down to half of it):
	// 0 means DefaultMemoryLimit unless GOMEMLIMIT is set, and a negative
	// value leaves the runtime's setting alone.
	MemoryLimit int64
	// Sequential runs the search stages after the render instead of beside
	// it: slower on more than one core, but with a lower peak memory and
	// each stage's CPU time its own. Archives of more than
	// OverlapMaxDocuments are always built so.
	Sequential bool
	// MeasureStages samples each stage's cost into Result.Stages (the
	// bench's measure); without it no sampler runs.
	MeasureStages bool
}

// OverlapMaxDocuments bounds the archives (agenda items, papers and
// meetings) whose search stages run beside the Hugo render. Beside it, the
// index adds its memory to Hugo's. Measured on generated archives,
// alternating the two ways: 10,000 agenda items built in 15.9 s instead of
// 18.6 s at 1.43 instead of 0.88 GB, and 30,000 (about 44,000 documents)
// in 43 s instead of 48 s at 2.0 instead of 1.3 GB; at 100,000 the two
// together pressed against the memory limit, and the garbage collector's
// extra work cost more than the overlap gained (198 s at 3.1 GB against
// 154 s at 2.5 GB).
const OverlapMaxDocuments = 50000

// DefaultMemoryLimit keeps a large build's peak memory under 3 GB: with the
// Go default (the heap may grow to twice what is live), a 100,000-item
// archive peaked at twice its live heap. The peak also holds the index
// files Bleve maps while it merges segments (~0.9 GiB at 100,000 items)
// and exports them (~0.5 GiB), which the runtime does not count: the
// build lowers the limit by what is mapped (mappedLimit). Smaller builds
// never reach it; larger ones spend more CPU time collecting garbage
// instead of failing.
const DefaultMemoryLimit = 9 << 28 // 2.25 GiB

// IncrementalGCPercent is the garbage collector's GOGC during an
// incremental build (unless GOGC is set, or the memory limit is off): off,
// so that the collector runs only as the heap nears the memory limit. An
// incremental build holds less than a full one and trades the memory for
// CPU time: rebuilding Karlsruhe after one added meeting took 7.3 instead
// of 8.1 s with 200 (medians, in turns), at a peak of 2.3 instead of
// 1.4–1.6 GiB, under the limit (docs/benchmarks.md, round 18). A full
// build keeps the default: at 10,000 items 200 saved 1.7 s of user CPU
// but cost 4 s more of system CPU (round 6).
const IncrementalGCPercent = -1

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
	// Reused are the pages of Rendered an incremental build took over
	// from the last one without rendering them again.
	Reused int
	// Incremental reports whether the build took over what had not
	// changed from the last one; Files and Changed are then the site's
	// files and those of them written anew (the others are the last
	// site's, hard links).
	Incremental    bool
	Files, Changed int
	// Records tell how many record files the load took from the records
	// cache of the work directory, not parsing them again.
	Records  tomlrec.CacheStats
	Duration time.Duration
	CPU      time.Duration // user and system CPU time of the build
	MaxRSS   int64         // peak resident memory in bytes, when the OS tells
	// Stages are the costs of the stages that ran, by their start, when
	// Options.MeasureStages.
	Stages []StageStats
}

// Run builds the site. On any error the previous output and search index
// stay untouched, but for one: publishing the index after the site failed.
// With a work directory, a build after another renders and writes only
// what changed (see incremental).
func Run(ctx context.Context, opts Options) (*Result, error) {
	cfg := opts.Config
	if opts.RecordsDir == "" {
		opts.RecordsDir = cfg.RecordsDir()
	}
	if opts.Now.IsZero() {
		opts.Now = today(cfg.Archive.Location)
	}
	// Hugo and the file tree are handed absolute paths: a relative one
	// would be taken from Hugo's working directory, not the caller's.
	for _, dir := range []*string{&opts.OutDir, &opts.WorkDir} {
		if *dir == "" {
			continue
		}
		abs, err := filepath.Abs(*dir)
		if err != nil {
			return nil, fmt.Errorf("build: %w", err)
		}
		*dir = abs
	}
	if err := CheckOutDir(opts); err != nil {
		return nil, err
	}
	res, err := runBuild(ctx, opts, false)
	if errors.Is(err, errStale) {
		progress.New(opts.Progress).Printf("%v: building everything\n", err)
		res, err = runBuild(ctx, opts, true)
	}
	return res, err
}

// runBuild is one build, incremental when the last build's record holds,
// unless full.
func runBuild(ctx context.Context, opts Options, full bool) (*Result, error) {
	cfg := opts.Config
	r := newRun(opts)
	defer r.stop()
	st := r.stage("record")
	inc := openIncremental(opts)
	if full {
		inc.prev = nil
	}
	r.inc = inc
	if inc.prev != nil {
		st.Done("incremental: %s files of the last build", progress.Count(len(inc.prev.Output.Files)))
	} else {
		st.Done("full build")
	}
	out, err := inc.stage()
	if err != nil {
		return nil, fmt.Errorf("build: output folder: %w", err)
	}
	defer out.Abort()
	defer inc.close()
	// The records are cached only in a work directory the next build
	// finds again.
	lo := tomlrec.Options{Location: cfg.Archive.Location}
	if opts.WorkDir != "" {
		if exe, err := executableSum(); err == nil {
			lo.CacheDir, lo.CacheKey = filepath.Join(opts.WorkDir, RecordsCacheDir), hex.EncodeToString(exe[:])
		}
	}
	if opts.WorkDir == "" {
		tmp, err := os.MkdirTemp("", "ratsarchiv-work-")
		if err != nil {
			return nil, fmt.Errorf("build: %w", err)
		}
		defer os.RemoveAll(tmp)
		opts.WorkDir = tmp
	}
	index, err := searchindex.Stage(filepath.Join(opts.WorkDir, searchindex.WorkDirName))
	if err != nil {
		return nil, fmt.Errorf("build: %w", err)
	}
	defer index.Abort()
	if limit := memoryLimit(opts.MemoryLimit); limit > 0 {
		ml := limitMemory(limit)
		defer ml.Stop()
		if inc.prev != nil && os.Getenv("GOGC") == "" {
			// An incremental build holds less than a full one (no
			// render of every page): it lets its heap grow further
			// between collections, under the same limit.
			prev := debug.SetGCPercent(IncrementalGCPercent)
			defer debug.SetGCPercent(prev)
		}
	}
	res := &Result{Incremental: inc.prev != nil}

	st = r.stage("load")
	cs := &res.Records
	lo.Progress, lo.Cache = st.Progress, cs
	a, diags, err := tomlrec.Load(opts.RecordsDir, lo)
	if err != nil {
		return nil, err
	}
	res.Diagnostics = diags
	if len(diags) > 0 {
		st.Done("%d problem(s)", len(diags))
		return res, ErrInvalidRecords
	}
	cached := ""
	if cs.Cached > 0 {
		cached = fmt.Sprintf("; %s of %s files decoded before", progress.Count(cs.Cached), progress.Count(cs.Files))
	}
	st.Done("%s meetings, %s agenda items, %s papers%s", progress.Count(len(a.Meetings)), progress.Count(countItems(a)), progress.Count(len(a.Papers)), cached)

	st = r.stage("gate")
	pub, withheld := gate.Public(a, cfg.Archive.Gate())
	if diags := withheld.Problems(cfg.RedactPos); len(diags) > 0 {
		res.Diagnostics = diags
		st.Done("%d problem(s)", len(diags))
		return res, ErrInvalidRecords
	}
	res.Withheld, res.Archive = withheld, pub
	st.Done("%s", &withheld)

	// The site is written into siteDir: the staging folder, or for an
	// incremental build a folder of the new files only.
	siteDir := inc.siteDir(out.Dir())
	copies, err := r.mirror(pub, siteDir)
	if err != nil {
		return nil, err
	}

	// The pages and the search index are built from the same archive into
	// different parts of the site (search/ belongs to the export), so they
	// can run at the same time: Hugo keeps about 1.7 cores busy, Bleve's
	// builder one.
	overlap := !opts.Sequential && documents(pub) <= OverlapMaxDocuments
	g, gctx := errgroup.WithContext(ctx)
	indexed := false
	search := func() (err error) {
		indexed, err = r.searchIndex(gctx, pub, copies, index.Dir(), siteDir)
		return err
	}
	if overlap {
		g.Go(search)
	}
	g.Go(func() error {
		if err := r.sitePages(gctx, res, pub, copies, siteDir); err != nil {
			return err
		}
		if !overlap {
			return search()
		}
		// The exports follow the render (nothing Hugo writes may replace
		// them) and need nothing of the search stages, which they run
		// beside when the render is done first.
		if err := r.exports(pub, siteDir); err != nil {
			return err
		}
		if inc.prev == nil {
			return nil
		}
		// The pages and exports go in place beside the search stages.
		st := r.stage("site")
		ss, err := inc.publishSite(out.Dir())
		if err != nil {
			return fmt.Errorf("build: %w", err)
		}
		st.Done("%s files in place, %s changed, but for the search index's", progress.Count(ss.Files), progress.Count(ss.Changed()))
		return nil
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if !overlap {
		if err := r.exports(pub, siteDir); err != nil {
			return nil, err
		}
	}

	if err := ctx.Err(); err != nil {
		return nil, err
	}
	st = r.stage("publish")
	if err := inc.publish(out); err != nil {
		return nil, fmt.Errorf("build: %w", err)
	}
	commit := out.Commit
	if inc.prev != nil {
		// The old site shares its unchanged files with the new one: kept,
		// it is the next build's staging folder.
		commit = out.CommitKeep
	}
	if err := commit(); err != nil {
		return nil, err
	}
	// The site is live; the index that `search` and serve read follows it.
	if indexed {
		if err := index.Commit(); err != nil {
			return nil, fmt.Errorf("build: the site is published, but its search index in %s is not: %w", opts.WorkDir, err)
		}
	}
	if err := inc.save(); err != nil {
		r.rep.Printf("warning: the next build builds everything: recording this one in %s: %v\n", opts.WorkDir, err)
	}
	if s := inc.stats; s != nil {
		res.Files, res.Changed = s.Files, s.Changed()
		st.Done("%s: %s files, %s changed", opts.OutDir, progress.Count(s.Files), progress.Count(s.Changed()))
	} else {
		st.Done("%s", opts.OutDir)
	}

	r.finish(res)
	r.rep.Printf("built in %.2fs, peak memory %s MiB\n", res.Duration.Seconds(), progress.Count(int(res.MaxRSS>>20)))
	return res, nil
}

// sitePages renders the pages into siteDir and writes the sitemap and the
// static files beside them.
func (r *run) sitePages(ctx context.Context, res *Result, pub *record.Archive, copies map[string]string, siteDir string) error {
	rend, err := r.renderPages(ctx, res, pub, copies, siteDir)
	if err != nil {
		return err
	}
	st := r.stage("sitemap")
	rendered := r.inc.rendered(rend.rendered())
	if err := r.inc.hugoWrote(siteDir); err != nil {
		return err
	}
	res.Rendered, res.Reused = len(rendered), len(r.inc.kept)
	if err := checkPageCounts(pub, rendered); err != nil {
		return err
	}
	entries := make([]sitemap.Entry, len(rendered))
	for i, p := range rendered {
		entries[i] = sitemap.Entry{URL: p.URL, LastMod: p.LastMod}
	}
	if err := sitemap.Write(siteDir, siteBaseURL(r.opts), entries, 0); err != nil {
		return fmt.Errorf("build: sitemap: %w", err)
	}
	nstatic, err := site.CopyStatic(r.opts.Config.Path, siteDir)
	if err != nil {
		return err
	}
	st.Done("%s pages, %d static files", progress.Count(len(rendered)), nstatic)
	return nil
}

// mirror publishes the copies of files the public records keep into the
// site's files/ (see internal/mirror) and returns their paths there, for
// the pages to link to.
func (r *run) mirror(pub *record.Archive, siteDir string) (map[string]string, error) {
	st := r.stage("files")
	res, err := mirror.Publish(pub, siteDir)
	if err != nil {
		return nil, err
	}
	for _, why := range res.Refused {
		r.rep.Printf("files: %s\n", why)
	}
	st.Done("%s copies, %s MiB", progress.Count(res.Files), progress.Count(int(res.Bytes>>20)))
	return res.Paths, nil
}

// memoryLimit is the soft memory limit to set, or 0 for none. The default
// is DefaultMemoryLimit, or three quarters of the memory of a machine (or
// container) with less than 3 GiB, as an incremental build's heap grows
// up to the limit (IncrementalGCPercent).
func memoryLimit(opt int64) int64 {
	switch {
	case opt < 0:
		return 0
	case opt > 0:
		return opt
	case os.Getenv("GOMEMLIMIT") != "":
		return 0
	}
	if m := systemMemory(); m > 0 {
		return min(DefaultMemoryLimit, m/4*3)
	}
	return DefaultMemoryLimit
}

// systemMemory is the memory the process may use (procstat.Memory).
var systemMemory = procstat.Memory

// searchIndex writes the Bleve index into indexDir, the staging folder of
// the work directory's index (for `ratsarchiv search` and serve), and
// exports its static index into the site's search/. It reports whether it
// did: an incremental build whose search documents did not change keeps
// the index it has, and the static index of the live site. Hits in a file
// with a copy in the site link to the copy.
func (r *run) searchIndex(ctx context.Context, pub *record.Archive, copies map[string]string, indexDir, siteDir string) (bool, error) {
	basePath := "/"
	if u, err := url.Parse(siteBaseURL(r.opts)); err == nil && u.Path != "" {
		basePath = u.Path
	}
	st := r.stage("index")
	// The documents are made once, for the fingerprint and the index.
	docs := searchindex.NewDocSet(pub, searchindex.Options{BasePath: basePath, Copies: copies})
	if r.inc.path != "" {
		fp := docs.Fingerprint()
		r.inc.next.Search = fp
		if r.inc.prev != nil && r.inc.searchIntact && r.inc.prev.Search == fp && workIndexReady(r.opts.WorkDir) {
			r.inc.keepSearch()
			st.Done("unchanged")
			r.stage("search").Done("unchanged")
			return false, nil
		}
	}
	// The writers' garbage goes back to the system before the merge maps
	// the segments beside the heap (~0.9 GiB at 100,000 agenda items):
	// the collector would return it only as the limit falls with them.
	// A rebuild's few writers leave too little to be worth it (searchindex
	// calls it only after many).
	xo := searchindex.Options{BasePath: basePath, Progress: st.Progress, Copies: copies, BeforeMerge: debug.FreeOSMemory}
	if r.inc.key != "" {
		// The segments of the last build's index that still hold are
		// taken over; the key is the build record's, which falls back
		// to a full build on another program, config or site files.
		xo.CacheDir, xo.CacheKey = filepath.Join(r.opts.WorkDir, IndexCacheDir), r.inc.key
	}
	ist, err := searchindex.WriteDocSet(ctx, indexDir, docs, xo)
	if err != nil {
		return false, err
	}
	sg := ist.Segments
	dict := ""
	if dc := ist.Dictionary; dc.Chunks > 0 {
		dict = fmt.Sprintf("; words of %d counted, %s of %s split", dc.Counted, progress.Count(dc.Split), progress.Count(dc.Words))
	}
	base := ""
	if sg.Base > 0 {
		base = fmt.Sprintf(", merged onto a new base of %d", sg.Base)
		if sg.BaseReused {
			base = fmt.Sprintf(", merged onto the base of %d", sg.Base)
		}
	}
	st.Done("%s documents, %s MiB, %d of %d segments written%s%s", progress.Count(ist.Documents), progress.Count(int(ist.Bytes>>20)), sg.Written, sg.Chunks, base, dict)

	st = r.stage("search")
	ix, err := searchindex.Open(indexDir)
	if err != nil {
		return false, err
	}
	defer ix.Close()
	so := staticindex.Options{}
	if r.inc.prev != nil {
		so.Keep = r.inc.keepShard
	}
	xst, err := staticindex.Export(ctx, ix, filepath.Join(siteDir, "search"), so)
	if err != nil {
		return false, err
	}
	if r.inc.path != "" {
		r.inc.recordContents(xst.Contents)
	}
	// The parts' sizes say where an index's bytes go (documents are most).
	st.Done("%s files, %s: documents %s, dictionary %s, postings %s, facets %s", progress.Count(xst.Files),
		progress.Bytes(xst.Bytes()), progress.Bytes(xst.DocBytes), progress.Bytes(xst.DictBytes+xst.EntryBytes),
		progress.Bytes(xst.PostingBytes), progress.Bytes(xst.FacetBytes))
	return true, nil
}

// RecordsCacheDir is the folder of the work directory that keeps the
// decoded records for the next build (tomlrec.Options.CacheDir).
const RecordsCacheDir = "records-cache"

// IndexCacheDir is the folder of the work directory that keeps the
// segments of the search index for the next build.
const IndexCacheDir = "index-cache"

// workIndexReady reports whether the work directory holds a search index
// that opens.
func workIndexReady(workDir string) bool {
	ix, err := searchindex.Open(filepath.Join(workDir, searchindex.WorkDirName))
	if err != nil {
		return false
	}
	ix.Close()
	return true
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

// documents is the number of search documents of a: its meetings, agenda
// items and papers.
func documents(a *record.Archive) int {
	return len(a.Meetings) + countItems(a) + len(a.Papers)
}

// countItems is the number of agenda items of a.
func countItems(a *record.Archive) int {
	n := 0
	for _, m := range a.Meetings {
		n += len(m.AgendaItems)
	}
	return n
}

// today is the start of the current day in loc, or of the day given by
// SOURCE_DATE_EPOCH (reproducible-builds.org), which makes the "upcoming
// meetings" of the home page reproducible.
func today(loc *time.Location) time.Time {
	now := time.Now()
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if sec, err := strconv.ParseInt(s, 10, 64); err == nil {
			now = time.Unix(sec, 0)
		}
	}
	now = now.In(loc)
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
}

// emit writes a generated content file below dir, for --emit-content.
func emit(dir string, p pages.Page) error {
	path := filepath.Join(dir, "content", filepath.FromSlash(p.Path))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, p.Data, 0o644)
}
