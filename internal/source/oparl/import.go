package oparl

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
)

// Options configure Import.
type Options struct {
	// Source is an http(s) URL of an OParl System or Body, or a directory
	// of OParl JSON.
	Source string
	// Out is the records folder to write; it is replaced as a whole, and
	// only when the import succeeds.
	Out string
	// Minutes is a folder of minutes texts to attach to agenda items (see
	// LinkMinutes); minutes beside a dump's meetings are found without it.
	Minutes string
	// KeepGoing writes the records even when objects failed.
	KeepGoing bool

	// Crawl configures fetching when Source is a URL.
	Crawl CrawlOptions
	// Files configures fetching the records' files when Source is a URL.
	Files FileOptions
	// Map configures how objects become records.
	Map MapOptions

	// Progress, when set, receives progress snapshots. The Objects map is
	// reused between calls: copy what you keep.
	Progress func(Progress)
}

// ErrFailed is returned by Import when objects failed and KeepGoing is not
// set; the report lists them, and the output folder is left as it was.
var ErrFailed = errors.New("objects failed to import")

// Import reads an OParl source and writes it as records into opts.Out. The
// report is returned even when the import fails.
func Import(ctx context.Context, opts Options) (*Report, error) {
	rep := newReport()
	if opts.Out == "" {
		return rep, errors.New("oparl: no output folder")
	}
	var (
		s     *Store
		texts *Texts
		err   error
	)
	isURL := strings.HasPrefix(opts.Source, "http://") || strings.HasPrefix(opts.Source, "https://")
	if !isURL && !opts.Crawl.Since.IsZero() {
		return rep, errors.New("oparl: --since needs an http(s) source: a directory has no modified_since filter")
	}
	if isURL && opts.Files.Fetch {
		// Refuse a bad --files-host before the crawl, not after it.
		if _, err := filesHostPolicy(opts); err != nil {
			return rep, fmt.Errorf("oparl: %w", err)
		}
	}
	if isURL {
		s, err = Crawl(ctx, opts.Source, opts.Crawl, rep, opts.Progress)
		texts = &Texts{Minutes: map[string][]TextFile{}}
	} else {
		var fi os.FileInfo
		if fi, err = os.Stat(opts.Source); err == nil && !fi.IsDir() {
			err = fmt.Errorf("%s is not a folder or an http(s) URL", opts.Source)
		}
		if err == nil {
			s, texts, err = ReadDir(ctx, opts.Source, rep, opts.Progress)
		}
	}
	if err != nil {
		return rep, fmt.Errorf("oparl: %w", err)
	}

	if opts.Progress != nil {
		opts.Progress(Progress{Phase: "map"})
	}
	var base *record.Archive
	if !opts.Crawl.Since.IsZero() {
		// An update: start from the records written before.
		b, diags, err := tomlrec.Load(opts.Out, tomlrec.Options{Location: opts.Map.Location})
		if err != nil {
			return rep, err
		}
		if len(diags) > 0 {
			return rep, fmt.Errorf("oparl: --since updates the records in %s, but they have problems (run ratsarchiv check):\n%w", opts.Out, diags)
		}
		base = b
	}

	a := s.archive(opts.Map, base, rep)
	if base != nil {
		a = merge(base, a, s, rep)
	}
	if opts.Minutes != "" {
		if err := minutesFromDir(opts.Minutes, s, texts, rep); err != nil {
			return rep, err
		}
	}
	if isURL && opts.Files.Fetch {
		if opts.Progress != nil {
			opts.Progress(Progress{Phase: "files"})
		}
		if err := fetchFiles(ctx, a, opts, rep); err != nil {
			return rep, err
		}
		protocolMinutes(a, s, texts)
	}
	if err := LinkMinutes(a, texts, rep); err != nil {
		return rep, err
	}
	if rep.Errors() > 0 && !opts.KeepGoing {
		rep.sortProblems()
		return rep, ErrFailed
	}
	if opts.Progress != nil {
		opts.Progress(Progress{Phase: "write"})
	}
	if err := tomlrec.Save(opts.Out, a, tomlrec.Options{Location: opts.Map.Location}); err != nil {
		return rep, fmt.Errorf("oparl: %w", err)
	}
	rep.sortProblems()
	return rep, nil
}

// CrawlOptions configure a crawl of an OParl endpoint.
type CrawlOptions struct {
	Concurrency int           // requests at a time; default 2
	Rate        float64       // requests per second; default 5
	Timeout     time.Duration // per request, body included; default 60s
	Retries     int           // retries of a failing request; 0 means 4, negative none
	Backoff     time.Duration // first wait before a retry, doubling; default 1s
	MaxBackoff  time.Duration // longest wait before a retry, Retry-After included; default 2m
	MaxResponse int64         // largest response accepted; default 64 MiB
	MaxBytes    int64         // bytes a crawl reads in all, from the network or the cache; default 2 GiB
	MaxPages    int           // pages of one list; default 20,000
	MaxTime     time.Duration // duration of the whole crawl; default 12h
	Cache       string        // folder for raw responses; "" for none
	Since       time.Time     // fetch only objects modified since (modified_since)
	Body        string        // the body to crawl when the System has several
	// AllowHosts are hosts (host or host:port) besides the endpoint's that
	// the crawl may request.
	AllowHosts []string
	// Client is the HTTP client; nil means a new one. Its CheckRedirect is
	// replaced to detect redirect loops.
	Client *http.Client
}

func (o *CrawlOptions) defaults() {
	if o.Concurrency <= 0 {
		o.Concurrency = 2
	}
	if o.Rate <= 0 {
		o.Rate = 5
	}
	if o.Timeout <= 0 {
		o.Timeout = 60 * time.Second
	}
	if o.Retries < 0 {
		o.Retries = 0
	} else if o.Retries == 0 {
		o.Retries = 4
	}
	if o.Backoff <= 0 {
		o.Backoff = time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 2 * time.Minute
	}
	if o.MaxResponse <= 0 {
		o.MaxResponse = 64 << 20
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 2 << 30
	}
	if o.MaxPages <= 0 {
		o.MaxPages = 20000
	}
	if o.MaxTime <= 0 {
		o.MaxTime = 12 * time.Hour
	}
}
