package minutetext

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkParseMinutes parses the 654 Nordstemmen minutes texts (8.4 MB)
// per iteration; MB/s is parsing throughput.
func BenchmarkParseMinutes(b *testing.B) {
	var texts []string
	var size int64
	for _, f := range nordstemmenMinutes(b) {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		s, err := Decode(raw)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, s)
		size += int64(len(s))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, s := range texts {
			if _, err := ParseMinutes(s); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(texts)), "µs/doc")
}

// BenchmarkParseItem parses a hand-made per-item text.
func BenchmarkParseItem(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join("testdata", "item_votes.txt"))
	if err != nil {
		b.Fatal(err)
	}
	s := string(raw)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseItem(s); err != nil {
			b.Fatal(err)
		}
	}
}
