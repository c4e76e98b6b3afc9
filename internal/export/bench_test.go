package export_test

import (
	"os"
	"testing"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/export"
	"github.com/ratsarchiv/ratsarchiv/internal/export/archivejson"
	"github.com/ratsarchiv/ratsarchiv/internal/export/calendar"
	"github.com/ratsarchiv/ratsarchiv/internal/export/itemcsv"
	"github.com/ratsarchiv/ratsarchiv/internal/export/oparlapi"
	"github.com/ratsarchiv/ratsarchiv/internal/gate"
	"github.com/ratsarchiv/ratsarchiv/internal/procstat"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/gen"
)

// BenchmarkExports writes each export of a generated archive of 10,000
// agenda items (after the gate, as a build does) and reports its files,
// bytes and CPU time; wall time on a shared machine varies more than CPU.
//
//	go test ./internal/export/ -run '^$' -bench Exports -benchtime 3x
func BenchmarkExports(b *testing.B) {
	a, _ := gate.Public(gen.Generate(gen.Options{Items: 10000, Seed: 1}), gate.Options{})
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		b.Fatal(err)
	}
	const base = "https://example.org/rat/"
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, loc)
	for _, c := range []struct {
		name  string
		write func(*export.Dir, *record.Archive) error
	}{
		{"calendar", func(d *export.Dir, a *record.Archive) error {
			return calendar.Write(d, a, calendar.Options{BaseURL: base, Now: now, Location: loc, Title: "Ratsarchiv"})
		}},
		{"itemcsv", func(d *export.Dir, a *record.Archive) error {
			return itemcsv.Write(d, a, itemcsv.Options{BaseURL: base, Location: loc})
		}},
		{"archivejson", func(d *export.Dir, a *record.Archive) error {
			return archivejson.Write(d, a, archivejson.Options{BaseURL: base})
		}},
		{"oparlapi", func(d *export.Dir, a *record.Archive) error {
			_, err := oparlapi.Write(d, a, oparlapi.Options{BaseURL: base, Title: "Ratsarchiv"})
			return err
		}},
	} {
		b.Run(c.name+"/items=10k", func(b *testing.B) {
			var d *export.Dir
			var cpu time.Duration
			for b.Loop() {
				dir, err := os.MkdirTemp(b.TempDir(), "site")
				if err != nil {
					b.Fatal(err)
				}
				d = export.NewDir(dir)
				start := procstat.CPUTime()
				if err := c.write(d, a); err != nil {
					b.Fatal(err)
				}
				cpu += procstat.CPUTime() - start
				b.StopTimer()
				os.RemoveAll(dir)
				b.StartTimer()
			}
			b.ReportMetric(float64(d.Files()), "files")
			b.ReportMetric(float64(d.Bytes())/(1<<20), "MiB")
			b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
		})
	}
}
