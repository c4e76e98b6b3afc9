package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ratsarchiv/ratsarchiv/internal/atomicdir"
	"github.com/ratsarchiv/ratsarchiv/internal/cli"
	"github.com/ratsarchiv/ratsarchiv/internal/progress"
	"github.com/ratsarchiv/ratsarchiv/internal/source/oparl"
)

// importOParlOptions are the flags of `import oparl`.
type importOParlOptions struct {
	Out         string
	Cache       string
	Since       string
	Concurrency int
	Rate        float64
	Timeout     time.Duration
	KeepGoing   bool
	Minutes     string
	Body        string
	BodyName    string
	AllowHosts  []string
	MaxBytes    byteSize
	MaxPages    int
	MaxTime     time.Duration
	Quiet       bool

	Files        bool
	FilesHosts   []string
	MaxFileSize  byteSize
	FilesTimeout time.Duration
	FilesCache   string
	Mirror       bool
	MirrorBudget byteSize
}

// AddFlags registers the flags.
func (o *importOParlOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.Out, "out", "", "records `dir` to write (replaced as a whole when the import succeeds)")
	fs.StringVar(&o.Cache, "cache", "", "keep raw responses in `dir`, so an interrupted crawl resumes")
	fs.StringVar(&o.Since, "since", "", "update the records in --out with objects modified since `DATE` (2024-01-31 or RFC 3339)")
	fs.IntVar(&o.Concurrency, "concurrency", 2, "requests at a time")
	fs.Float64Var(&o.Rate, "rate", 5, "requests per second at most")
	fs.DurationVar(&o.Timeout, "timeout", 60*time.Second, "timeout of one request, body included")
	fs.BoolVar(&o.KeepGoing, "keep-going", false, "write the records even when objects failed (exit 0)")
	fs.StringVar(&o.Minutes, "minutes", "", "`dir` of minutes texts (named like the protocol file, or the meeting's slug) to attach to agenda items")
	fs.StringVar(&o.Body, "body", "", "`ID` of the body to import when the source has several")
	fs.StringVar(&o.BodyName, "body-name", "", "`name` of the body, for sources without a Body object")
	fs.StringArrayVar(&o.AllowHosts, "allow-host", nil, "also request `HOST` or HOST:PORT, besides the endpoint's host (repeat for several)")
	o.MaxBytes = 2 << 30
	fs.Var(&o.MaxBytes, "max-bytes", "stop the crawl after reading this much in all (network and cache)")
	fs.IntVar(&o.MaxPages, "max-pages", 20000, "pages of one list at most")
	fs.DurationVar(&o.MaxTime, "max-time", 12*time.Hour, "stop the crawl after this long")
	fs.BoolVarP(&o.Quiet, "quiet", "q", false, "no progress bar and no summary unless something failed")

	fs.BoolVar(&o.Files, "files", true, "fetch the files of the public records and extract their text (--files=false to skip)")
	fs.StringArrayVar(&o.FilesHosts, "files-host", nil, "also fetch files from `HOST` or HOST:PORT (repeat for several)")
	o.MaxFileSize = 50 << 20
	fs.Var(&o.MaxFileSize, "max-file-size", "largest file fetched")
	fs.DurationVar(&o.FilesTimeout, "files-timeout", 5*time.Minute, "timeout of one file's download, body included")
	fs.StringVar(&o.FilesCache, "files-cache", "", "keep the files' texts in `dir`, so a re-import reads only what changed (default: ratsarchiv/files in the user's cache folder)")
	fs.BoolVar(&o.Mirror, "mirror-files", false, "keep a copy of each file with the records, for the site to publish")
	o.MirrorBudget = 1 << 30
	fs.Var(&o.MirrorBudget, "mirror-budget", "copies kept in all at most (with --mirror-files)")
}

// filesCache returns the files cache folder: the flag's, or ratsarchiv/files
// in the user's cache folder.
func (o *importOParlOptions) filesCache() (string, error) {
	if o.FilesCache != "" {
		return o.FilesCache, nil
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("--files-cache: no user cache folder (%v): name one", err)
	}
	return filepath.Join(dir, "ratsarchiv", "files"), nil
}

func (m *Main) importOParlCommand() *cobra.Command {
	var opts importOParlOptions
	cmd := &cobra.Command{
		Use:   "oparl SOURCE --out DIR",
		Short: "Import an OParl endpoint or a folder of OParl JSON",
		Long: `import oparl converts OParl 1.0/1.1 objects into TOML records.

SOURCE is the http(s) URL of an OParl System or Body, which is crawled
politely (bounded concurrency, rate limit, retries with backoff, Retry-After),
only on its own host (see --allow-host) and within --max-bytes, --max-pages
and --max-time, or a folder of OParl JSON in any layout (single objects, list pages, nested
folders, file names like "meeting?page=3.json"). Text files beside the JSON
supply file texts and meeting minutes.

From an endpoint, the files of the public records (PDF, DOCX, ODT, HTML,
text) are fetched by the same rules, only from the endpoint's host (see
--files-host) and up to --max-file-size each, and their text is extracted
into text files beside the records; a files cache (--files-cache) makes a
re-import fetch and read only what changed. --mirror-files keeps copies of
the files with the records, which build publishes with the site.

The records are written to a staging folder that replaces --out only when the
import succeeded. A summary per object type and every error go to stderr; the
exit status is 1 when objects failed, unless --keep-going.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return fmt.Errorf("%w: want one SOURCE, got %d (see %s --help)", cli.ErrUsage, len(args), cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return m.runImportOParl(cmd.Context(), opts, args[0])
		},
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func (m *Main) runImportOParl(ctx context.Context, opts importOParlOptions, source string) error {
	if opts.Out == "" {
		return fmt.Errorf("%w: --out DIR is required", cli.ErrUsage)
	}
	var since time.Time
	if opts.Since != "" {
		t, err := parseSince(opts.Since)
		if err != nil {
			return fmt.Errorf("%w: --since: %v", cli.ErrUsage, err)
		}
		since = t
	}
	if opts.Concurrency < 1 || opts.Rate <= 0 || opts.Timeout <= 0 || opts.MaxPages < 1 || opts.MaxTime <= 0 {
		return fmt.Errorf("%w: --concurrency, --rate, --timeout, --max-pages and --max-time must be positive", cli.ErrUsage)
	}
	u, err := url.Parse(source)
	web := err == nil && (u.Scheme == "http" || u.Scheme == "https")
	if web && u.Host == "" {
		return fmt.Errorf("%w: %s is not a valid URL", cli.ErrUsage, source)
	}
	if opts.Files && web && (opts.FilesTimeout <= 0) {
		return fmt.Errorf("%w: --files-timeout must be positive", cli.ErrUsage)
	}
	files := oparl.FileOptions{
		Fetch: opts.Files && web, Hosts: opts.FilesHosts, MaxSize: int64(opts.MaxFileSize), Timeout: opts.FilesTimeout,
		Mirror: opts.Mirror, MirrorBudget: int64(opts.MirrorBudget),
	}
	if files.Fetch {
		if files.Cache, err = opts.filesCache(); err != nil {
			return fmt.Errorf("%w: %v", cli.ErrUsage, err)
		}
	} else if opts.Mirror {
		return fmt.Errorf("%w: --mirror-files needs the files: an http(s) SOURCE, without --files=false", cli.ErrUsage)
	}
	keep := []atomicdir.Keep{
		{Path: opts.Minutes, What: "the --minutes folder"},
		{Path: opts.Cache, What: "the --cache folder"},
		{Path: files.Cache, What: "the --files-cache folder"},
	}
	if !web {
		keep = append(keep, atomicdir.Keep{Path: source, What: "the OParl folder to import"})
	}
	if err := checkImportOut(opts.Out, keep...); err != nil {
		return err
	}

	bar := newImportBar(m.Stderr, opts.Quiet)
	rep, err := oparl.Import(ctx, oparl.Options{
		Source: source, Out: opts.Out, Minutes: opts.Minutes, KeepGoing: opts.KeepGoing,
		Crawl: oparl.CrawlOptions{
			Concurrency: opts.Concurrency, Rate: opts.Rate, Timeout: opts.Timeout,
			Cache: opts.Cache, Since: since, Body: opts.Body, AllowHosts: opts.AllowHosts,
			MaxBytes: int64(opts.MaxBytes), MaxPages: opts.MaxPages, MaxTime: opts.MaxTime,
		},
		Files:    files,
		Map:      oparl.MapOptions{BodyID: opts.Body, BodyName: opts.BodyName},
		Progress: bar.update,
	})
	bar.finish()
	failed := errors.Is(err, oparl.ErrFailed)
	if rep != nil && (!opts.Quiet || failed || err != nil) {
		rep.WriteSummary(m.Stderr)
	}
	switch {
	case failed:
		fmt.Fprintf(m.Stderr, "%d error(s): %s left unchanged (use --keep-going to write what was imported)\n", rep.Errors(), opts.Out)
		return cli.ExitError{Code: 1}
	case err != nil:
		return err
	}
	if !opts.Quiet {
		fmt.Fprintf(m.Stderr, "wrote records to %s\n", opts.Out)
	}
	return nil
}

// parseSince reads a date or an RFC 3339 date-time; dates are midnight in
// Berlin, the zone of German councils.
func parseSince(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.Time{}, err
	}
	t, err := time.ParseInLocation("2006-01-02", s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date (2024-01-31) or an RFC 3339 date-time", s)
	}
	return t, nil
}

// importBar shows an import's progress on stderr: a bar of the documents
// read or fetched with the objects found so far, and a line per finished
// stage.
type importBar struct {
	r     *progress.Reporter
	stage *progress.Stage
	phase string
	last  oparl.Progress
}

func newImportBar(w io.Writer, quiet bool) *importBar {
	if quiet {
		return &importBar{}
	}
	return &importBar{r: progress.New(w)}
}

func (b *importBar) update(p oparl.Progress) {
	if b.r == nil {
		return
	}
	if p.Phase != b.phase {
		b.end()
		b.phase, b.stage = p.Phase, b.r.Stage(p.Phase)
	}
	b.last = p
	b.stage.Progress(p.Done, p.Total)
	b.stage.Describe(objectCounts(p))
}

// end closes the running stage with its counts.
func (b *importBar) end() {
	if b.stage == nil {
		return
	}
	switch b.phase {
	case "read", "crawl":
		b.stage.Done("%s docs: %s", progress.Count(b.last.Done), objectCounts(b.last))
	case "map":
		b.stage.Done("objects to records")
	case "files":
		b.stage.Done("%s files", progress.Count(b.last.Done))
	default:
		b.stage.Done("records")
	}
	b.stage, b.last = nil, oparl.Progress{}
}

func (b *importBar) finish() {
	if b.r != nil {
		b.end()
	}
}

// objectCounts reads "346 meetings, 5,106 agenda items, 2,097 papers".
func objectCounts(p oparl.Progress) string {
	var parts []string
	for _, k := range []struct {
		kind oparl.Kind
		name string
	}{{oparl.KindMeeting, "meetings"}, {oparl.KindAgendaItem, "agenda items"}, {oparl.KindPaper, "papers"}} {
		if n := p.Objects[k.kind]; n > 0 {
			parts = append(parts, progress.Count(n)+" "+k.name)
		}
	}
	if p.Errors > 0 {
		parts = append(parts, progress.Count(p.Errors)+" errors")
	}
	return strings.Join(parts, ", ")
}
