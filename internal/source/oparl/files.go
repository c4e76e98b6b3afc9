package oparl

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/filetext"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// FileOptions configure fetching the files of a crawl's records (see
// fetchFiles). The crawl's politeness applies to them too: requests at a
// time, rate, retries and backoff come from CrawlOptions.
type FileOptions struct {
	// Fetch downloads the files of the public records and extracts their
	// text.
	Fetch bool
	// Hosts are hosts (host or host:port) besides the endpoint's and
	// CrawlOptions.AllowHosts that files may come from.
	Hosts []string
	// MaxSize is the largest file fetched; default 50 MB.
	MaxSize int64
	// Timeout bounds one download, body included; default 5 minutes.
	Timeout time.Duration
	// Cache is the folder that keeps each file's text and validators, so
	// that an import run again fetches and extracts only what changed
	// (and, when mirroring, the original); PDFium's compiled code goes
	// into its .pdfium/ folder. "" for none: every file is fetched again.
	Cache string
	// Mirror keeps a copy of each file whose type may be published as it
	// is (filetext.InertExtension) with the records, up to MirrorBudget
	// bytes in all. It needs Cache.
	Mirror bool
	// MirrorBudget bounds the copies kept; default 1 GiB.
	MirrorBudget int64
	// Workers is how many files are extracted at a time; default
	// GOMAXPROCS.
	Workers int
	// Extractor reads the files; nil means one made for the import, with
	// MaxSize and Workers.
	Extractor *filetext.Extractor
}

func (o *FileOptions) defaults() {
	if o.MaxSize <= 0 {
		o.MaxSize = 50 << 20
	}
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Minute
	}
	if o.MirrorBudget <= 0 {
		o.MirrorBudget = 1 << 30
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
}

// fileJob is one file to fetch, by its address, and the records' files
// that name it.
type fileJob struct {
	url   string
	claim string // the type the records say it has (OParl's mimeType)
	refs  []*record.File

	entry *fileEntry // what became of it; nil when it could not be fetched
	text  string
}

// fetchFiles fetches the files of the public records of a — public
// meetings, their public agenda items, public papers; a withheld record's
// files are never requested — and gives each its text, pages separated by
// record.PageBreak. Only addresses on the endpoint's host (and the hosts
// opts allow) are requested, redirects included. A file that fails costs a
// warning naming it; the import goes on. With a cache, a file fetched
// before is asked for with its validators (If-None-Match,
// If-Modified-Since), and one that did not change is not extracted again.
//
// A file that has text already (OParl's `text`, or a record an update
// keeps) is not fetched, unless its copy is wanted.
func fetchFiles(ctx context.Context, a *record.Archive, opts Options, rep *Report) error {
	fo := opts.Files
	fo.defaults()
	if fo.Mirror && fo.Cache == "" {
		return fmt.Errorf("oparl: keeping copies of the files needs a cache folder for them")
	}
	hosts, err := filesHostPolicy(opts)
	if err != nil {
		return err
	}
	ff := &fileFetcher{opts: fo, rep: rep, progress: opts.Progress}
	rep.Files.Unsupported = map[string][]string{}
	jobs := ff.plan(a, hosts)
	rep.Files.Refused = hosts.refusedCounts()
	if len(jobs) == 0 {
		return nil
	}
	crawl := opts.Crawl
	crawl.Timeout, crawl.MaxResponse = fo.Timeout, fo.MaxSize
	crawl.defaults()
	ff.f = newFetcher(crawl, hosts, ff.problem)
	if fo.Cache != "" {
		if ff.cache, err = openCache(fo.Cache); err != nil {
			return fmt.Errorf("oparl: files: %w", err)
		}
		defer ff.cache.close()
	}
	if ff.x = fo.Extractor; ff.x == nil {
		x := filetext.New(filetext.Options{
			Limits:   filetext.Limits{MaxBytes: fo.MaxSize},
			Workers:  fo.Workers,
			CacheDir: pdfiumCache(fo.Cache),
		})
		defer x.Close()
		ff.x = x
	}
	ff.run(ctx, jobs, crawl.Concurrency+fo.Workers)
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, j := range jobs {
		ff.apply(j)
	}
	ff.keepCopies(a, jobs)
	return nil
}

// filesHostPolicy allows files from the endpoint's host, the hosts the
// crawl may request and those allowed for files.
func filesHostPolicy(opts Options) (*hostPolicy, error) {
	return newHostPolicy(opts.Source, append(append([]string(nil), opts.Crawl.AllowHosts...), opts.Files.Hosts...))
}

// pdfiumCache is the folder for PDFium's compiled code in a files cache:
// hidden, so that no host's folder is named so.
func pdfiumCache(cache string) string {
	if cache == "" {
		return ""
	}
	return filepath.Join(cache, ".pdfium")
}

// fileFetcher is one run of fetchFiles.
type fileFetcher struct {
	opts     FileOptions
	f        *fetcher
	cache    *cache
	x        *filetext.Extractor
	progress func(Progress)

	mu   sync.Mutex
	rep  *Report
	done int
}

func (ff *fileFetcher) problem(p Problem) {
	ff.mu.Lock()
	defer ff.mu.Unlock()
	ff.rep.Problems = append(ff.rep.Problems, p)
}

func (ff *fileFetcher) warn(code, u, format string, args ...any) {
	ff.problem(Problem{Severity: Warning, Code: code, Source: u, Message: fmt.Sprintf(format, args...)})
}

// publicFiles calls fn for every file of a's public records, in the
// archive's order.
func publicFiles(a *record.Archive, fn func(f *record.File)) {
	a.EachFile(func(f *record.File, public bool) {
		if public {
			fn(f)
		}
	})
}

// plan lists the files to fetch, one job per address in the order the
// archive names them.
func (ff *fileFetcher) plan(a *record.Archive, hosts *hostPolicy) []*fileJob {
	var jobs []*fileJob
	byURL := map[string]*fileJob{}
	publicFiles(a, func(f *record.File) {
		if f.AccessURL == "" || (f.Text != "" && (!ff.opts.Mirror || f.Copy != "")) {
			return
		}
		key, err := canonicalURL(f.AccessURL)
		if err != nil {
			key = f.AccessURL
		}
		if j := byURL[key]; j != nil {
			j.refs = append(j.refs, f)
			return
		}
		j := &fileJob{url: f.AccessURL, claim: f.MimeType, refs: []*record.File{f}}
		byURL[key] = j
		if err := checkURL(f.AccessURL); err != nil {
			ff.warn("file-fetch", f.AccessURL, "not fetched: %v", err)
			ff.rep.Files.Failed++
			return
		}
		if !hosts.check(f.AccessURL) {
			return // counted by the policy
		}
		jobs = append(jobs, j)
	})
	ff.rep.Files.Files = len(byURL)
	return jobs
}

// run fetches and reads the jobs on n goroutines; the fetcher bounds the
// requests at a time and the extractor the PDFs read at a time.
func (ff *fileFetcher) run(ctx context.Context, jobs []*fileJob, n int) {
	next := make(chan *fileJob)
	var wg sync.WaitGroup
	for range min(n, len(jobs)) {
		wg.Go(func() {
			for j := range next {
				ff.one(ctx, j)
				ff.mu.Lock()
				ff.done++
				if ff.progress != nil {
					ff.progress(Progress{Phase: "files", Done: ff.done, Total: len(jobs)})
				}
				ff.mu.Unlock()
			}
		})
	}
	for _, j := range jobs {
		if ctx.Err() != nil {
			break
		}
		next <- j
	}
	close(next)
	wg.Wait()
}

// apply gives the job's text, type and copy to the records' files, and
// counts it.
func (ff *fileFetcher) apply(j *fileJob) {
	st := &ff.rep.Files
	e := j.entry
	if e == nil {
		st.Failed++
		return
	}
	switch {
	case e.Unsupported:
		st.Unsupported[e.MimeType] = append(st.Unsupported[e.MimeType], j.url)
	case e.Error != "":
		st.Failed++
	case j.text != "":
		st.Texts++
		st.Pages += e.Pages
	}
	if e.Scanned {
		st.Scanned++
	}
	for _, f := range j.refs {
		if e.Error == "" || e.Unsupported {
			f.MimeType = e.MimeType
		}
		if f.Text == "" {
			f.Text = j.text
		}
		if e.Original != "" && ff.cache != nil {
			f.Copy = filepath.Join(ff.cache.dir, filepath.FromSlash(e.Original))
		}
	}
}

// keepCopies keeps the copies of the files, in the archive's order, as
// long as they fit into the budget; the rest lose theirs.
func (ff *fileFetcher) keepCopies(a *record.Archive, jobs []*fileJob) {
	if !ff.opts.Mirror {
		return
	}
	st := &ff.rep.Files
	sizes := map[string]int64{}
	for _, j := range jobs {
		if j.entry != nil && j.entry.Original != "" {
			sizes[j.refs[0].Copy] = j.entry.Size
		}
	}
	kept, over := map[string]bool{}, map[string]bool{}
	publicFiles(a, func(f *record.File) {
		if f.Copy == "" || kept[f.Copy] || over[f.Copy] {
			return
		}
		size, ok := sizes[f.Copy]
		if !ok { // a copy the records kept before
			fi, err := os.Stat(f.Copy)
			if err != nil {
				return
			}
			size = fi.Size()
		}
		if st.KeptBytes+size > ff.opts.MirrorBudget {
			st.OverBudget++
			over[f.Copy] = true
			return
		}
		kept[f.Copy] = true
		st.Kept++
		st.KeptBytes += size
	})
	// Every other record naming a copy over the budget loses it too.
	publicFiles(a, func(f *record.File) {
		if f.Copy != "" && !kept[f.Copy] {
			f.Copy = ""
		}
	})
}

// protocolMinutes gives the text of each fetched meeting's results or
// verbatim protocol to LinkMinutes as its minutes, as a text file beside
// the protocol in a folder is: unless minutes for the meeting were given
// (--minutes).
func protocolMinutes(a *record.Archive, s *Store, texts *Texts) {
	ix := record.NewIndex(a)
	for _, obj := range s.All(KindMeeting) {
		mt := obj.(*Meeting)
		rec := ix.Meetings[mt.ID]
		if rec == nil || len(texts.Minutes[mt.ID]) > 0 {
			continue
		}
		for _, r := range []Ref[File]{mt.ResultsProtocol, mt.VerbatimProtocol} {
			id := r.ID
			if id == "" && r.Obj != nil {
				id = r.Obj.ID
			}
			for _, f := range rec.Files {
				if id != "" && f.ID == id && f.Text != "" {
					texts.Minutes[mt.ID] = append(texts.Minutes[mt.ID], TextFile{Path: f.AccessURL, Text: f.Text})
					break
				}
			}
		}
	}
}
