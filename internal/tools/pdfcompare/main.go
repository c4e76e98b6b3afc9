// Command pdfcompare measures PDF text extractors on documents generated
// from the Karlsruhe text extractions (internal/testkit/docgen), so that
// the library ratsarchiv reads PDFs with is chosen by measurement: word
// accuracy against the source text, speed, peak memory and failures, for
// each library with ratsarchiv's reading of positioned characters
// (filetext/layout) and with the library's own plain text. Every tenth
// document is damaged the way real attachments are: encrypted with an owner
// password only, a broken cross-reference table, a download cut short.
//
// With -extract it measures ratsarchiv's extractor (filetext) alone, as a
// crawler runs it: files and megabytes per second and peak memory, with
// -workers files at once.
//
// It is a tool, not shipped: the candidates that lost are imported here
// only. docs/attachments.md has the tables and how to run it:
//
//	go run ./internal/tools/pdfcompare -n 300 -pages 10
//	go run ./internal/tools/pdfcompare -extract -n 1000 -workers 2
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/filetext/layout"
	"github.com/ratsarchiv/ratsarchiv/internal/filetext/pagetext"
	"github.com/ratsarchiv/ratsarchiv/internal/procstat"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/docgen"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/testcorpus"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "pdfcompare:", err)
		os.Exit(1)
	}
}

// run parses the flags, generates the documents and measures each
// candidate in turn.
func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("pdfcompare", flag.ContinueOnError)
	dir := fs.String("corpus", "", "folder of Karlsruhe text extractions (default: the shared corpus's)")
	n := fs.Int("n", 300, "documents to generate")
	pages := fs.Int("pages", 10, "pages per document at most")
	only := fs.String("only", "", "comma-separated candidates to run (default all)")
	timeout := fs.Duration("timeout", time.Minute, "time per document before it counts as failed")
	cache := fs.String("cache", filepath.Join(os.TempDir(), "ratsarchiv-pdfium-cache"), "PDFium compilation cache")
	extract := fs.Bool("extract", false, "measure ratsarchiv's extractor alone (throughput)")
	workers := fs.Int("workers", 1, "files extracted at once (with -extract)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		if testcorpus.Root() == "" {
			return errors.New("no corpus: pass -corpus or set RATSARCHIV_CORPUS")
		}
		*dir = filepath.Join(testcorpus.Root(), "karlsruhe-oparl", "file-texts-2025-2026")
	}
	docs, err := generate(*dir, *n, *pages)
	if err != nil {
		return err
	}
	var bytesIn int64
	for _, d := range docs {
		bytesIn += int64(len(d.doc.Data))
	}
	fmt.Fprintf(out, "%d documents, %.1f MB, %d pages\n\n", len(docs), float64(bytesIn)/1e6, totalPages(docs))
	if *extract {
		return throughput(ctx, out, docs, *workers, *cache)
	}
	fmt.Fprintln(out, "| Extractor | Word accuracy | Precision | One-byte fonts | Two-byte fonts | Failed | Files/s | Pages/s | MB/s | CPU ms/page | Start | Peak RSS |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, c := range candidates(*cache) {
		if *only != "" && !strings.Contains(","+*only+",", ","+c.name+",") {
			continue
		}
		r := measure(ctx, c, docs, *timeout)
		fmt.Fprintf(out, "| %s | %.2f %% | %.2f %% | %.2f %% | %.2f %% | %d (%s) | %.1f | %.1f | %.2f | %.1f | %s | %d MiB |\n",
			c.name, 100*r.recall(), 100*r.precision(), 100*r.fontRecall(docgen.Helvetica), 100*r.fontRecall(docgen.GoFont),
			r.failed, r.failures(), r.filesPerSec(), r.pagesPerSec(),
			float64(bytesIn)/1e6/r.elapsed.Seconds(), 1000*r.cpu.Seconds()/float64(max(r.pageCount, 1)),
			r.start.Round(10*time.Millisecond), r.peak>>20)
	}
	return nil
}

// testDoc is a generated document and what was done to it.
type testDoc struct {
	doc    docgen.Doc
	font   docgen.Font
	damage string // "", "encrypted", "broken xref", "truncated"
}

// generate typesets n texts in the rotation of styles, damaging every
// tenth.
func generate(dir string, n, pages int) ([]testDoc, error) {
	srcs, err := docgen.KarlsruheTexts(dir, n, 50)
	if err != nil {
		return nil, err
	}
	var docs []testDoc
	for i, s := range srcs {
		var d testDoc
		switch i % 10 {
		case 3:
			d.damage = "encrypted"
			d.doc, err = docgen.Encrypted(s.Name+".pdf", s.Text, "")
			d.font = docgen.Helvetica
		default:
			o := docgen.Style(i)
			d.font = o.Font
			o.MaxPages = pages
			d.doc, err = docgen.PDF(s.Name+".pdf", s.Text, o)
		}
		if err != nil {
			return nil, err
		}
		switch i % 10 {
		case 6:
			d.damage = "broken xref"
			d.doc.Data = docgen.BrokenXref(d.doc.Data)
		case 9:
			// cut short: the truth is unknown, only failure counts
			d.damage = "truncated"
			d.doc.Data = docgen.Truncated(d.doc.Data, 0.9)
		}
		docs = append(docs, d)
	}
	return docs, nil
}

func totalPages(docs []testDoc) int {
	n := 0
	for _, d := range docs {
		n += len(d.doc.Pages)
	}
	return n
}

// candidate is one way to read a PDF's pages: start prepares it (once),
// pages returns each page's lines.
type candidate struct {
	name  string
	start func() error
	pages func(ctx context.Context, data []byte) ([][]string, error)
	close func()
}

// result is what measure found for one candidate.
type result struct {
	matched, want, got int
	byFont             map[docgen.Font][2]int // matched and wanted words of intact files
	failed             int
	byDamage           map[string]int
	files, pageCount   int
	elapsed, start     time.Duration
	cpu                time.Duration // CPU time of the files, without the start
	peak               int64
}

func (r result) recall() float64 { return float64(r.matched) / float64(max(r.want, 1)) }

// fontRecall is the word accuracy on the intact files set in one font.
func (r result) fontRecall(f docgen.Font) float64 {
	return float64(r.byFont[f][0]) / float64(max(r.byFont[f][1], 1))
}

func (r result) precision() float64 { return float64(r.matched) / float64(max(r.got, 1)) }
func (r result) filesPerSec() float64 {
	return float64(r.files) / r.elapsed.Seconds()
}
func (r result) pagesPerSec() float64 { return float64(r.pageCount) / r.elapsed.Seconds() }

// failures lists the failures by damage, "intact" for undamaged files.
func (r result) failures() string {
	var parts []string
	for _, k := range []string{"", "encrypted", "broken xref", "truncated"} {
		if v := r.byDamage[k]; v > 0 {
			name := k
			if name == "" {
				name = "intact"
			}
			parts = append(parts, fmt.Sprintf("%s %d", name, v))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// measure runs a candidate over the documents: accuracy against the truth
// for all but the truncated ones (whose truth is unknown), failures for
// all. Throughput leaves out the start (compiling PDFium), reported apart.
func measure(ctx context.Context, c candidate, docs []testDoc, timeout time.Duration) result {
	r := result{byDamage: map[string]int{}, byFont: map[docgen.Font][2]int{}}
	runtime.GC()
	debug.FreeOSMemory()
	procstat.ResetPeak()
	t0 := time.Now()
	if err := c.start(); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", c.name, err)
		r.failed = len(docs)
		return r
	}
	r.start = time.Since(t0)
	t0 = time.Now()
	cpu0 := procstat.CPUTime()
	for _, d := range docs {
		pages, err := withTimeout(ctx, timeout, func(ctx context.Context) ([][]string, error) { return c.pages(ctx, d.doc.Data) })
		r.files++
		r.pageCount += len(d.doc.Pages)
		text := pagetext.Clean(pages)
		empty := strings.TrimSpace(strings.Join(text, "")) == "" &&
			len(docgen.Words(strings.Join(d.doc.Pages, " "))) > 0
		if err != nil || empty {
			r.failed++
			r.byDamage[d.damage]++
		}
		if d.damage == "truncated" {
			continue
		}
		for i, want := range d.doc.Pages {
			got := ""
			if i < len(text) {
				got = text[i]
			}
			m, w, g := docgen.Score(want, got)
			r.matched += m
			r.want += w
			r.got += g
			if d.damage == "" {
				f := r.byFont[d.font]
				r.byFont[d.font] = [2]int{f[0] + m, f[1] + w}
			}
		}
	}
	r.elapsed = time.Since(t0)
	r.cpu = procstat.CPUTime() - cpu0
	r.peak = procstat.Peak()
	c.close()
	return r
}

// withTimeout runs fn, giving up after timeout; a pure-Go parser cannot be
// stopped, so its goroutine is left to finish (counted as a failure).
// Panics count as failures too.
func withTimeout(ctx context.Context, timeout time.Duration, fn func(context.Context) ([][]string, error)) ([][]string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	type res struct {
		pages [][]string
		err   error
	}
	ch := make(chan res, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				ch <- res{nil, fmt.Errorf("panic: %v", p)}
			}
		}()
		pages, err := fn(ctx)
		ch <- res{pages, err}
	}()
	select {
	case r := <-ch:
		return r.pages, r.err
	case <-ctx.Done():
		return nil, errors.New("timed out")
	}
}

// linesOf splits plain page texts into lines, for the candidates that
// return text rather than characters.
func linesOf(pages []string) [][]string {
	out := make([][]string, len(pages))
	for i, p := range pages {
		out[i] = strings.Split(strings.ReplaceAll(p, "\r", "\n"), "\n")
	}
	return out
}

// glyphLines puts each page's characters into lines with layout.
func glyphLines(pages [][]layout.Glyph) [][]string {
	out := make([][]string, len(pages))
	for i, p := range pages {
		out[i] = layout.Lines(p)
	}
	return out
}
