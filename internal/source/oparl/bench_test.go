package oparl

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

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
