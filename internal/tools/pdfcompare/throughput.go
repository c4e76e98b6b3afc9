package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/filetext"
	"github.com/ratsarchiv/ratsarchiv/internal/procstat"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/docgen"
)

// throughput runs filetext.Extractor over the documents with workers
// files at once and reports the rate, the peak memory and the accuracy.
func throughput(ctx context.Context, out io.Writer, docs []testDoc, workers int, cacheDir string) error {
	runtime.GC()
	debug.FreeOSMemory()
	procstat.ResetPeak()
	x := filetext.New(filetext.Options{Workers: workers, CacheDir: cacheDir})
	defer x.Close()
	// start PDFium (compiling or loading it from the cache) before the clock
	t0 := time.Now()
	if _, err := x.Extract(ctx, docs[0].doc.Name, docs[0].doc.Data); err != nil && docs[0].damage == "" {
		return err
	}
	start := time.Since(t0)

	type outcome struct {
		m, w, g int
		err     error
	}
	outcomes := make([]outcome, len(docs))
	next := make(chan int)
	var wg sync.WaitGroup
	t0 = time.Now()
	cpu0 := procstat.CPUTime()
	for range workers {
		wg.Go(func() {
			for i := range next {
				d := docs[i]
				res, err := x.Extract(ctx, d.doc.Name, d.doc.Data)
				o := outcome{err: err}
				if d.damage != "truncated" {
					for p, want := range d.doc.Pages {
						got := ""
						if p < len(res.Pages) {
							got = res.Pages[p]
						}
						m, w, g := docgen.Score(want, got)
						o.m, o.w, o.g = o.m+m, o.w+w, o.g+g
					}
				}
				outcomes[i] = o
			}
		})
	}
	for i := range docs {
		next <- i
	}
	close(next)
	wg.Wait()
	elapsed := time.Since(t0)
	cpu := procstat.CPUTime() - cpu0
	var m, w, g, failed int
	var bytes int64
	failures := map[string]int{}
	for i, o := range outcomes {
		m, w, g = m+o.m, w+o.w, g+o.g
		bytes += int64(len(docs[i].doc.Data))
		if o.err != nil {
			failed++
			failures[docs[i].damage]++
		}
	}
	fmt.Fprintln(out, "| Workers | Files | MB | Pages | Files/s | MB/s | Pages/s | CPU s | Files/CPU-s | Start | Peak RSS | Word accuracy | Failed |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	fmt.Fprintf(out, "| %d | %d | %.1f | %d | %.1f | %.2f | %.1f | %.1f | %.1f | %s | %d MiB | %.2f %% | %d (%s) |\n",
		workers, len(docs), float64(bytes)/1e6, totalPages(docs), float64(len(docs))/elapsed.Seconds(),
		float64(bytes)/1e6/elapsed.Seconds(), float64(totalPages(docs))/elapsed.Seconds(), cpu.Seconds(),
		float64(len(docs))/cpu.Seconds(),
		start.Round(10*time.Millisecond), procstat.Peak()>>20, 100*float64(m)/float64(max(w, 1)),
		failed, result{byDamage: failures}.failures())
	return nil
}
