package oparl

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/testkit/oparltest"
)

// TestCrawlBounds: a list that never ends is cut by the limits on pages
// per list, total bytes and time; the crawl keeps what it got, and the
// report ends with a line saying what was cut (issue 15, item 5).
func TestCrawlBounds(t *testing.T) {
	const pageBytes = 20 << 10
	for _, tc := range []struct {
		name string
		set  func(*CrawlOptions)
		flag string
		// maxPages bounds the pages served; 0 when only time bounds them.
		maxPages int
	}{
		{"MaxPages", func(o *CrawlOptions) { o.MaxPages = 30 }, "--max-pages 30", 30},
		{"MaxBytes", func(o *CrawlOptions) { o.MaxBytes = 50 * pageBytes }, "--max-bytes", 50 + 2},
		{"MaxTime", func(o *CrawlOptions) { o.MaxTime = 300 * time.Millisecond }, "--max-time 300ms", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := oparltest.NewEndless(t, oparltest.EndlessOptions{PageBytes: pageBytes})
			opts := fastCrawl()
			tc.set(&opts)
			rep := newReport()
			s, err := Crawl(context.Background(), srv.URL+"/system", opts, rep, nil)
			if err != nil {
				t.Fatalf("%v\n%s", err, summary(rep))
			}
			if tc.maxPages > 0 && srv.Pages() > tc.maxPages {
				t.Errorf("%d pages fetched, want at most %d", srv.Pages(), tc.maxPages)
			}
			if n := len(s.All(KindMeeting)); n == 0 || n > 1000 {
				t.Errorf("%d meetings kept, want the 1000 of the pages fetched", n)
			}
			if len(rep.Crawl.Cut) != 1 || !strings.Contains(rep.Crawl.Cut[0], tc.flag) || !strings.Contains(rep.Crawl.Cut[0], "meeting list") {
				t.Errorf("cut = %q, want one line naming %s and the meeting list", rep.Crawl.Cut, tc.flag)
			}
			if len(problems(rep, Error, "limit")) != 1 {
				t.Errorf("want one limit error:\n%s", summary(rep))
			}
			lines := strings.Split(strings.TrimSpace(summary(rep)), "\n")
			if last := lines[len(lines)-1]; !strings.HasPrefix(last, "crawl cut short: ") || !strings.Contains(last, tc.flag) {
				t.Errorf("the summary ends %q, want the cut", last)
			}
		})
	}
	t.Run("NoLimitReached", func(t *testing.T) {
		srv := oparltest.NewEndless(t, oparltest.EndlessOptions{PageBytes: pageBytes, Pages: 5})
		rep := newReport()
		if _, err := Crawl(context.Background(), srv.URL+"/system", fastCrawl(), rep, nil); err != nil {
			t.Fatal(err)
		}
		if srv.Pages() != 5 || len(rep.Crawl.Cut) > 0 || rep.Errors() > 0 {
			t.Errorf("%d pages, cut %q, %d errors: want all 5 pages and nothing cut", srv.Pages(), rep.Crawl.Cut, rep.Errors())
		}
	})
}

// TestCrawlStreamsPages: the crawl does not hold the pages it fetched. The
// server sends the same meetings on every page; between page 10 and page
// 90 the live heap grows by far less than the 80 pages it received.
func TestCrawlStreamsPages(t *testing.T) {
	const pageBytes = 256 << 10
	srv := oparltest.NewEndless(t, oparltest.EndlessOptions{PageBytes: pageBytes, Pages: 100})
	var at10, at90 uint64
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	progress := func(p Progress) {
		switch srv.Pages() {
		case 10:
			if at10 == 0 {
				at10 = heap()
			}
		case 90:
			if at90 == 0 {
				at90 = heap()
			}
		}
	}
	if _, err := Crawl(context.Background(), srv.URL+"/system", fastCrawl(), newReport(), progress); err != nil {
		t.Fatal(err)
	}
	if at10 == 0 || at90 == 0 {
		t.Fatal("no heap measured at pages 10 and 90")
	}
	if grew, received := int64(at90)-int64(at10), int64(80*pageBytes); grew > received/4 {
		t.Errorf("the heap grew by %d KiB over 80 pages of %d KiB: the crawl holds the pages", grew>>10, received>>10)
	}
}
