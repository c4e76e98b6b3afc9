package oparl

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/procstat"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/oparltest"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/testcorpus"
)

var benchCorpora = []string{"huertgenwald-oparl", "nordstemmen/documents", "karlsruhe-oparl"}

func benchDir(b *testing.B, name string) string {
	parts := strings.Split(name, "/")
	return filepath.Join(testcorpus.Dir(b, parts[0]), filepath.Join(parts[1:]...))
}

// BenchmarkImportDir measures a whole directory import: decode, map, link
// minutes, write the records and swap them in.
func BenchmarkImportDir(b *testing.B) {
	for _, name := range benchCorpora {
		b.Run(parts0(name), func(b *testing.B) {
			dir := benchDir(b, name)
			out := filepath.Join(b.TempDir(), "records")
			var rep *Report
			for b.Loop() {
				var err error
				rep, err = Import(context.Background(), Options{Source: dir, Out: out, KeepGoing: true, Map: MapOptions{BodyName: "Bench"}})
				if err != nil {
					b.Fatal(err)
				}
			}
			perOp := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(rep.Counts[KindAgendaItem].Imported)/perOp, "items/s")
			b.ReportMetric(float64(rep.Documents)/perOp, "docs/s")
		})
	}
}

// BenchmarkReadDir measures decoding a directory into a store, the part a
// crawl shares with it.
func BenchmarkReadDir(b *testing.B) {
	for _, name := range benchCorpora {
		b.Run(parts0(name), func(b *testing.B) {
			dir := benchDir(b, name)
			for b.Loop() {
				if _, _, err := ReadDir(context.Background(), dir, newReport(), nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func parts0(name string) string { return strings.Split(name, "/")[0] }

// endlessPages is how many 2 MB meeting list pages BenchmarkCrawlEndless
// serves: enough to see memory grow with the pages, few enough that a
// crawl holding them all still ends.
const endlessPages = 200

// BenchmarkCrawlEndless crawls a hostile server whose meeting list sends
// 2 MB pages (400 MB in all), the same meetings on every page ("same") or
// new ones ("fresh", which the store must keep; "fresh-max-bytes" stops
// at 100 MiB), and reports the peak resident memory during the crawl. The
// kernel's figure is per process: run one sub-benchmark per process for a
// clean one,
//
//	go test ./internal/source/oparl -run '^$' -bench 'CrawlEndless/same$' -benchtime 1x
func BenchmarkCrawlEndless(b *testing.B) {
	for _, bc := range []struct {
		name     string
		fresh    bool
		maxBytes int64
	}{{"same", false, 0}, {"fresh", true, 0}, {"fresh-max-bytes", true, 100 << 20}} {
		b.Run(bc.name, func(b *testing.B) {
			srv := oparltest.NewEndless(b, oparltest.EndlessOptions{Pages: endlessPages, Fresh: bc.fresh})
			mon := procstat.StartMonitor(5 * time.Millisecond)
			defer mon.Stop()
			for b.Loop() {
				w := mon.Open()
				opts := CrawlOptions{Rate: 1e6, MaxBytes: bc.maxBytes}
				if _, err := Crawl(context.Background(), srv.URL+"/system", opts, newReport(), nil); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(w.Close())/(1<<20), "peak-RSS-MiB")
			}
			b.ReportMetric(float64(srv.Bytes())/float64(b.N)/(1<<20), "MiB-served")
		})
	}
}
