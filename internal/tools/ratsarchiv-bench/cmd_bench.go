package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ratsarchiv/ratsarchiv/internal/cli"
)

// benchOptions are the flags of `ratsarchiv-bench bench`.
type benchOptions struct {
	Sizes       []int
	Seed        uint64
	Records     []string // NAME=DIR: prepared records (e.g. an imported corpus)
	Karlsruhe   string
	Config      string
	Work        string
	Cache       string
	Runs        int
	BrowserRuns int
	Pagefind    bool
	PagefindMax int
	Browser     bool
	Chromium    string
	Networks    []string
	Now         string
	Report      string
	JSON        string
	CPUProfile  string
	Sequential  bool
	Builds      bool
	Gzip        bool
}

// AddFlags registers the flags.
func (o *benchOptions) AddFlags(fs *pflag.FlagSet) {
	fs.IntSliceVar(&o.Sizes, "sizes", []int{10000, 100000}, "agenda items of the generated archives to build (0: none)")
	fs.Uint64Var(&o.Seed, "seed", 1, "seed of the generated archives")
	fs.StringArrayVar(&o.Records, "records", nil, "also build prepared records, as `NAME=DIR` (repeatable)")
	fs.StringVar(&o.Karlsruhe, "karlsruhe", "", "OParl `dir` of the Karlsruhe corpus to import and build (default: ../shared/corpus/karlsruhe-oparl when present; \"none\" skips it)")
	fs.StringVar(&o.Config, "config", "config.toml", "site configuration `file`: its layouts render the archives")
	fs.StringVar(&o.Work, "work", "", "work `dir` for records, sites and indexes (default: a folder in the system's temp dir, kept for reuse)")
	fs.StringVar(&o.Cache, "cache", "", "`dir` for the npm packages (Pagefind, playwright-core) (default: the user's cache dir)")
	fs.IntVar(&o.Runs, "runs", 3, "builds and Pagefind runs per archive; the table shows medians")
	fs.IntVar(&o.BrowserRuns, "browser-runs", 5, "browser measurements per query and engine; the table shows medians")
	fs.BoolVar(&o.Pagefind, "pagefind", true, "index each built site with Pagefind too")
	fs.IntVar(&o.PagefindMax, "pagefind-max-pages", 50000, "skip Pagefind on sites with more HTML pages (its memory grows ~160 MB per 1,000 pages)")
	fs.BoolVar(&o.Browser, "browser", true, "measure search in headless Chromium (needs --pagefind for the comparison)")
	fs.StringVar(&o.Chromium, "chromium", "/usr/bin/chromium", "Chromium `binary` for the browser measurements")
	fs.StringSliceVar(&o.Networks, "networks", []string{"local", "fast4g", "slow4g"}, "networks the browser measurements emulate: local (none), fast4g, slow4g")
	fs.StringVar(&o.Now, "now", "2026-01-01", "build day `YYYY-MM-DD`, the same for every run")
	fs.StringVar(&o.Report, "report", "", "also write the Markdown report to `file`")
	fs.StringVar(&o.JSON, "json", "", "write every measurement as JSON to `file`")
	fs.BoolVar(&o.Builds, "builds", true, "build each archive (and index it with Pagefind); with --builds=false, measure the search of the site (and Pagefind bundle) an earlier bench left in --work")
	fs.BoolVar(&o.Sequential, "sequential", false, "build with the search stages after the render, not beside it (each stage's CPU time its own)")
	fs.BoolVar(&o.Gzip, "gzip", true, "serve text (scripts, JSON, HTML) gzipped to the browser, as static hosts do; with --gzip=false the emulated networks carry it uncompressed")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile of every build into `dir`")
}

func (m *Main) benchCommand() *cobra.Command {
	var opts benchOptions
	cmd := &cobra.Command{
		Use:   "bench [--sizes 10000,100000] [--runs 3]",
		Short: "Build generated and real archives, index them with Pagefind too, and compare",
		Long: `bench measures ratsarchiv side by side with Pagefind.

For every archive — generated ones of --sizes agenda items, the Karlsruhe
corpus after import, and any --records NAME=DIR — it runs --runs builds, each
in a fresh child process, and records wall time, CPU time and peak resident
memory per stage (load and validation, pages, Hugo render, Bleve index,
static export). It then indexes the same built site with Pagefind (time,
peak memory, index size), and in headless Chromium measures, for a fixed
set of queries, the bytes each search client fetches at start-up and per
query and the time to a ranked top 10.

The site is served by a local static server without compression. Pagefind
and playwright-core are installed with npm into --cache on first use.
The report is Markdown on stdout: medians of the runs, ratios within the run.`,
		Example: `  ratsarchiv-bench bench --sizes 10000 --runs 3 --report docs/benchmarks-run.md
  ratsarchiv-bench bench --sizes 10000,30000,100000 --karlsruhe none --browser=false`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return m.runBench(cmd.Context(), opts)
		},
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

// dataset is one archive the bench builds.
type dataset struct {
	Name    string
	Records string
	Items   int // generated agenda items; 0 for real records
}

func (m *Main) runBench(ctx context.Context, opts benchOptions) error {
	if opts.Runs < 1 || opts.BrowserRuns < 1 {
		return fmt.Errorf("%w: --runs and --browser-runs must be at least 1", cli.ErrUsage)
	}
	if _, err := time.Parse(time.DateOnly, opts.Now); err != nil {
		return fmt.Errorf("%w: --now: %v", cli.ErrUsage, err)
	}
	cfg, err := filepath.Abs(opts.Config)
	if err != nil {
		return err
	}
	if _, err := os.Stat(cfg); err != nil {
		return fmt.Errorf("%w: --config: %v (run bench from the repository, or pass the site's config.toml)", cli.ErrUsage, err)
	}
	opts.Config = cfg
	if opts.Work == "" {
		opts.Work = filepath.Join(os.TempDir(), "ratsarchiv-bench")
	}
	if opts.Cache == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			return err
		}
		opts.Cache = filepath.Join(dir, "ratsarchiv-bench")
	}
	for _, d := range []string{opts.Work, opts.Cache, opts.CPUProfile} {
		if d != "" {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
		}
	}

	b := &bench{m: m, opts: opts, started: time.Now()}
	for _, name := range opts.Networks {
		n, ok := networkNamed(name)
		if !ok {
			return fmt.Errorf("%w: --networks: unknown network %q (want local, fast4g or slow4g)", cli.ErrUsage, name)
		}
		b.networks = append(b.networks, n)
	}
	defer b.cleanup()
	b.machine = readMachine()
	if err := b.prepareDatasets(ctx); err != nil {
		return err
	}
	if opts.Pagefind || opts.Browser {
		if err := b.installNPM(ctx); err != nil {
			return err
		}
	}
	for _, ds := range b.datasets {
		r, err := b.measure(ctx, ds)
		if err != nil {
			return fmt.Errorf("%s: %w", ds.Name, err)
		}
		b.results = append(b.results, r)
	}
	b.machine.LoadEnd = loadAverage()
	b.elapsed = time.Since(b.started)
	report := b.report()
	fmt.Fprint(m.Stdout, report)
	if opts.Report != "" {
		if err := os.WriteFile(opts.Report, []byte(report), 0o644); err != nil {
			return err
		}
	}
	if opts.JSON != "" {
		if err := writeJSON(opts.JSON, b.jsonDump()); err != nil {
			return err
		}
	}
	return nil
}

// prepareDatasets generates or imports the records of every archive, or
// reuses them from an earlier bench in the same work dir.
func (b *bench) prepareDatasets(ctx context.Context) error {
	for _, n := range b.opts.Sizes {
		if n == 0 {
			continue
		}
		if n < 1 {
			return fmt.Errorf("%w: --sizes: %d agenda items", cli.ErrUsage, n)
		}
		dir, err := b.generate(n)
		if err != nil {
			return err
		}
		b.datasets = append(b.datasets, dataset{Name: "gen-" + sizeName(n), Records: dir, Items: n})
	}
	for _, spec := range b.opts.Records {
		name, dir, ok := strings.Cut(spec, "=")
		if !ok || name == "" || dir == "" {
			return fmt.Errorf("%w: --records %q: want NAME=DIR", cli.ErrUsage, spec)
		}
		abs, err := filepath.Abs(dir)
		if err != nil {
			return err
		}
		b.datasets = append(b.datasets, dataset{Name: name, Records: abs})
	}
	ds, err := b.karlsruhe(ctx)
	if err != nil {
		return err
	}
	if ds != nil {
		b.datasets = append(b.datasets, *ds)
	}
	if len(b.datasets) == 0 {
		return fmt.Errorf("%w: nothing to build (no --sizes, --records or corpus)", cli.ErrUsage)
	}
	return nil
}

// sizeName writes 10000 as 10k.
func sizeName(n int) string {
	if n >= 1000 && n%1000 == 0 {
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}

var errSkipped = errors.New("skipped")
