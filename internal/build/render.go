package build

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/pages"
	"github.com/ratsarchiv/ratsarchiv/internal/procstat"
	"github.com/ratsarchiv/ratsarchiv/internal/progress"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/site"
)

// DefaultPartitionPages is how many pages Hugo renders at a time. Hugo
// keeps every page of a build in memory (about 25 KB each with its parsed
// front matter and content, measured at 100,000 agenda items), so a large
// archive is rendered in partitions: each one a Hugo build of its own over
// the same output folder. A partition costs about half a second of setup.
const DefaultPartitionPages = 10000

// renderPages generates the pages of pub and renders them into publishDir.
// Pages are generated and rendered in partitions, so only one partition's
// content and Hugo pages are in memory at a time. The two take turns in one
// stage, render; when measured, Hugo's share is timed around its builds,
// and generation, reported as the stage pages, is the rest.
func (r *run) renderPages(ctx context.Context, res *Result, pub *record.Archive, copies map[string]string, publishDir string) (*renderer, error) {
	st := r.stage("render")
	partition := r.opts.PartitionPages
	if partition <= 0 {
		partition = DefaultPartitionPages
	}
	rend := &renderer{ctx: ctx, partition: partition, opts: site.Options{
		ConfigFile: r.opts.Config.Path, PublishDir: publishDir, BaseURL: r.opts.BaseURL, Log: r.opts.HugoLog,
	}}
	pagesPeak := int64(-1) // until the first render
	err := pages.Stream(pub, pages.Options{Now: r.opts.Now, FeedLimit: r.opts.Config.Archive.FeedLimit, Copies: copies}, func(p pages.Page) error {
		res.Pages++
		if r.opts.EmitContent != "" {
			if err := emit(r.opts.EmitContent, p); err != nil {
				return err
			}
		}
		if !r.inc.page(p) {
			return nil // the live site has it
		}
		if pagesPeak < 0 && len(rend.chunk)+1 >= partition {
			pagesPeak = st.peak()
		}
		return rend.add(p)
	})
	if err == nil {
		if pagesPeak < 0 {
			pagesPeak = st.peak()
		}
		err = rend.flush()
	}
	if err != nil {
		return nil, err
	}
	st.interleave("pages", rend.wall, rend.cpu, pagesPeak)
	st.Done("%s content pages in %d partition(s)", progress.Count(res.Pages), rend.builds)
	return rend, nil
}

// renderer renders generated pages with Hugo, partition by partition, as
// pages.Stream hands them over. The templates never look up other pages
// (pages carry everything they show), except the home page's parameters:
// so the home and section index pages go into every partition, and render
// the same each time.
type renderer struct {
	ctx       context.Context
	opts      site.Options // without Content
	partition int

	shared []site.File // home and section index pages
	chunk  []site.File

	pages     map[string]site.PageInfo // every page rendered, by URL
	wall, cpu time.Duration            // spent in Hugo
	builds    int
}

// add takes a generated page and renders a partition when one is full.
func (r *renderer) add(p pages.Page) error {
	f := site.File{Path: p.Path, Data: p.Data}
	if strings.HasSuffix(p.Path, "_index.md") {
		r.shared = append(r.shared, f)
		return nil
	}
	r.chunk = append(r.chunk, f)
	if len(r.chunk) >= r.partition {
		return r.flush()
	}
	return nil
}

// flush renders the pages added since the last flush, and always at least
// once, so that a site without regular pages has its home page.
func (r *renderer) flush() error {
	if len(r.chunk) == 0 && r.builds > 0 {
		return nil
	}
	start, cpu := time.Now(), procstat.CPUTime()
	opts := r.opts
	opts.Content = append(slices.Clone(r.shared), r.chunk...)
	r.chunk = nil // the data goes with Hugo's build
	stats, err := site.Build(r.ctx, opts)
	if err != nil {
		return err
	}
	if r.pages == nil {
		r.pages = map[string]site.PageInfo{}
	}
	for _, p := range stats.Pages {
		// A list page (home, section) is dated by its newest page; each
		// partition sees some of them, so the newest over all partitions is
		// the one a single build would give.
		if prev, ok := r.pages[p.URL]; !ok || p.LastMod.After(prev.LastMod) {
			r.pages[p.URL] = p
		}
	}
	r.builds++
	r.wall += time.Since(start)
	r.cpu += procstat.CPUTime() - cpu
	return nil
}

// rendered lists every page rendered, sorted by URL.
func (r *renderer) rendered() []site.PageInfo {
	out := make([]site.PageInfo, 0, len(r.pages))
	for _, p := range r.pages {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b site.PageInfo) int { return strings.Compare(a.URL, b.URL) })
	return out
}
