package gen

import (
	"path/filepath"
	"strconv"
	"testing"
)

// BenchmarkGenerate measures planning and writing texts in memory.
func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(itemsName(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Generate(Options{Items: n, Seed: 1})
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n)/1e3, "µs/item")
		})
	}
}

// BenchmarkWriteRecords measures generating and writing the TOML records.
func BenchmarkWriteRecords(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(itemsName(n), func(b *testing.B) {
			dir := filepath.Join(b.TempDir(), "records")
			for b.Loop() {
				if err := WriteRecords(dir, Options{Items: n, Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n)/1e3, "µs/item")
		})
	}
}

func itemsName(n int) string {
	if n >= 1000 && n%1000 == 0 {
		return "items=" + strconv.Itoa(n/1000) + "k"
	}
	return "items=" + strconv.Itoa(n)
}
