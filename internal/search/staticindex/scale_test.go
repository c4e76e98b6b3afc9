package staticindex_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/gate"
	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
	"github.com/ratsarchiv/ratsarchiv/internal/search/staticindex"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/gen"
)

var (
	scaleItems = flag.Int("scale-items", 10000, "agenda items of BenchmarkScale's generated archive")
	scaleKeep  = flag.String("scale-keep", "", "folder to keep BenchmarkScale's index and export in (replaced)")
)

// BenchmarkScale times the two search stages of a build — the Bleve index
// and the static export — on a generated archive, with the peak RSS of the
// process after each (the archive itself included, as in a build):
//
//	go test -run '^$' -bench Scale -benchtime 1x ./internal/search/staticindex/ -args -scale-items 100000
//
// Add -cpuprofile or -memprofile to profile.
func BenchmarkScale(b *testing.B) {
	ctx := context.Background()
	a, _ := gate.Public(gen.Generate(gen.Options{Items: *scaleItems, Seed: 1}), gate.Options{})
	runtime.GC()
	genRSS := maxRSS()
	for b.Loop() {
		b.ReportMetric(float64(genRSS)/(1<<20), "gen-rss-MiB")
		root := b.TempDir()
		if *scaleKeep != "" {
			root = *scaleKeep
			os.RemoveAll(root)
		}
		start := time.Now()
		ist, err := searchindex.Build(ctx, filepath.Join(root, "index"), a, searchindex.Options{BasePath: "/"})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "index-s")
		b.ReportMetric(float64(maxRSS())/(1<<20), "index-rss-MiB")
		b.ReportMetric(float64(ist.Documents), "docs")
		ix, err := searchindex.Open(filepath.Join(root, "index"))
		if err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		st, err := staticindex.Export(ctx, ix, filepath.Join(root, "search"), staticindex.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "export-s")
		b.ReportMetric(float64(maxRSS())/(1<<20), "export-rss-MiB")
		b.ReportMetric(float64(st.Bytes())/(1<<20), "static-MiB")
		b.ReportMetric(float64(st.Files), "files")
		ix.Close()
	}
}

// maxRSS is the peak resident set size of the process, in bytes.
func maxRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Maxrss << 10
}
