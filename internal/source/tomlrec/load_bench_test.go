package tomlrec_test

import (
	"io/fs"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/gen"
)

// BenchmarkLoad reads a generated archive of 2,000 agenda items (about 1,100
// files, 7.7 MB of records). Besides time and allocations it reports the
// live heap the loaded archive keeps per byte of TOML (live-B/src-B): the
// archive is held for the whole build, so this is the floor of a build's
// memory.
func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	if err := gen.WriteRecords(dir, gen.Options{Items: 2000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	src := dirBytes(b, dir)
	var live float64
	b.ResetTimer()
	for b.Loop() {
		before := heapAfterGC()
		a, diags, err := tomlrec.Load(dir, tomlrec.Options{})
		if err != nil || len(diags) > 0 {
			b.Fatal(err, diags)
		}
		b.StopTimer()
		live = float64(heapAfterGC()-before) / float64(src)
		runtime.KeepAlive(a)
		b.StartTimer()
	}
	b.ReportMetric(live, "live-B/src-B")
}

func heapAfterGC() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

func dirBytes(b *testing.B, dir string) int64 {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		n += fi.Size()
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}
