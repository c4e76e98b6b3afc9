package oparl

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/filetext"
	"github.com/ratsarchiv/ratsarchiv/internal/procstat"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/docgen"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/oparltest"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/testcorpus"
)

var benchFiles = flag.Int("files", 200, "BenchmarkImportFiles: files of the Hürtgenwald records to serve as generated documents (0: all)")

// BenchmarkImportFiles crawls the Hürtgenwald corpus from a local server
// that serves the first -files of its public records' files as generated
// documents (PDF in the rotation of styles, up to 10 pages, every fifth a
// DOCX or ODT; made from Karlsruhe texts) and answers 404 for the rest,
// and reports the files phase: files, MB and pages per second fetched and
// read, its CPU time, and the peak memory of the whole import.
func BenchmarkImportFiles(b *testing.B) {
	dir := testcorpus.Dir(b, "huertgenwald-oparl")
	srv := oparltest.New(b, dir, huertgenwaldOrigin)
	urls := publicFileURLs(b, srv)
	n := *benchFiles
	if n <= 0 || n > len(urls) {
		n = len(urls)
	}
	srcs, err := docgen.KarlsruheTexts(filepath.Join(testcorpus.Dir(b, "karlsruhe-oparl"), "file-texts-2025-2026"), n, 50)
	if err != nil {
		b.Fatal(err)
	}
	var bytes int64
	for i := range n {
		d, err := benchDoc(srcs[i%len(srcs)], i)
		if err != nil {
			b.Fatal(err)
		}
		srv.ServeDocument(strings.TrimPrefix(urls[i], srv.URL), oparltest.Document{Data: d.Data, ETag: fmt.Sprintf(`"%d"`, i)})
		bytes += int64(len(d.Data))
	}
	x := filetext.New(filetext.Options{Workers: runtime.GOMAXPROCS(0), CacheDir: filepath.Join(os.TempDir(), "ratsarchiv-pdfium-cache")})
	defer x.Close()
	b.Logf("%d of %d files served, %.1f MB", n, len(urls), float64(bytes)/1e6)
	var rep *Report
	var phase, cpu time.Duration
	var peak int64
	for b.Loop() {
		procstat.ResetPeak()
		var start time.Time
		var startCPU time.Duration
		progress := func(p Progress) {
			switch {
			case p.Phase == "files" && start.IsZero():
				start, startCPU = time.Now(), procstat.CPUTime()
			case p.Phase == "write" && !start.IsZero():
				phase, cpu = time.Since(start), procstat.CPUTime()-startCPU
			}
		}
		var err error
		rep, err = Import(context.Background(), Options{
			Source: srv.At("/system"), Out: filepath.Join(b.TempDir(), "records"), KeepGoing: true,
			Crawl: fastCrawl(), Files: FileOptions{Fetch: true, Cache: b.TempDir(), Extractor: x, Timeout: time.Minute},
			Progress: progress,
		})
		if err != nil {
			b.Fatal(err)
		}
		peak = procstat.Peak()
	}
	st := rep.Files
	sec := phase.Seconds()
	b.ReportMetric(float64(st.Extracted)/sec, "files/s")
	b.ReportMetric(float64(st.Bytes)/1e6/sec, "MB/s")
	b.ReportMetric(float64(st.Pages)/sec, "pages/s")
	b.ReportMetric(cpu.Seconds(), "files-CPU-s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
	b.Logf("files phase %.1fs (CPU %.1fs): %d read, %d with text, %d pages, %.1f MB; peak %d MiB",
		sec, cpu.Seconds(), st.Extracted, st.Texts, st.Pages, float64(st.Bytes)/1e6, peak>>20)
}

// publicFileURLs crawls the server without files and returns the
// addresses of the public records' files, in the archive's order.
func publicFileURLs(b *testing.B, srv *oparltest.Server) []string {
	out := filepath.Join(b.TempDir(), "records")
	if _, err := Import(context.Background(), Options{Source: srv.At("/system"), Out: out, KeepGoing: true, Crawl: fastCrawl()}); err != nil {
		b.Fatal(err)
	}
	a, _, err := tomlrec.Load(out, tomlrec.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var urls []string
	seen := map[string]bool{}
	publicFiles(a, func(f *record.File) {
		if f.AccessURL != "" && !seen[f.AccessURL] {
			seen[f.AccessURL] = true
			urls = append(urls, f.AccessURL)
		}
	})
	return urls
}

// benchDoc is the i-th generated document: a PDF in style i, every fifth a
// DOCX or an ODT.
func benchDoc(src docgen.Source, i int) (docgen.Doc, error) {
	switch i % 10 {
	case 4:
		return docgen.DOCX(src.Name+".docx", src.Text)
	case 9:
		return docgen.ODT(src.Name+".odt", src.Text)
	}
	o := docgen.Style(i)
	o.MaxPages = 10
	return docgen.PDF(src.Name+".pdf", src.Text, o)
}
