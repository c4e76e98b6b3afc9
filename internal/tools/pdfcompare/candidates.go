package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	dpdf "github.com/dslipak/pdf"
	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	lpdf "github.com/ledongthuc/pdf"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	"github.com/ratsarchiv/ratsarchiv/internal/filetext/layout"
	"github.com/ratsarchiv/ratsarchiv/internal/filetext/pdftext"
)

// candidates are the extractors compared: PDFium in WebAssembly as
// ratsarchiv runs it (pdftext with layout) and with its own text, and the
// two pure-Go parsers (forks of rsc.io/pdf) with layout and with their own
// plain text.
func candidates(cacheDir string) []candidate {
	var engine *pdftext.Engine
	var pool pdfium.Pool
	return append(append([]candidate{
		{
			name: "pdfium-wasm + layout",
			start: func() (err error) {
				engine, err = pdftext.New(context.Background(), pdftext.Config{CacheDir: cacheDir})
				return err
			},
			pages: func(ctx context.Context, data []byte) ([][]string, error) {
				doc, err := engine.Read(ctx, data, pdftext.Limits{MaxPages: 2000, MaxGlyphs: 200000})
				if err != nil {
					return nil, err
				}
				var pages [][]layout.Glyph
				for _, p := range doc.Pages {
					pages = append(pages, p.Glyphs)
				}
				return glyphLines(pages), nil
			},
			close: func() { engine.Close() },
		},
		{
			name: "pdfium-wasm own text",
			start: func() (err error) {
				pool, err = startPool(cacheDir)
				return err
			},
			pages: func(ctx context.Context, data []byte) ([][]string, error) {
				return pdfiumText(ctx, pool, data)
			},
			close: func() { pool.Close() },
		},
	}, pureGo("ledongthuc/pdf", ledongthucPages)...), pureGo("dslipak/pdf", dslipakPages)...)
}

// pureGo makes the two candidates of a pure-Go parser: its characters
// through layout, and its own plain text.
func pureGo(name string, read func(data []byte, glyphs bool) ([][]layout.Glyph, []string, error)) []candidate {
	noop := func() error { return nil }
	return []candidate{
		{
			name:  name + " + layout",
			start: noop,
			pages: func(_ context.Context, data []byte) ([][]string, error) {
				glyphs, _, err := read(data, true)
				return glyphLines(glyphs), err
			},
			close: func() {},
		},
		{
			name:  name + " own text",
			start: noop,
			pages: func(_ context.Context, data []byte) ([][]string, error) {
				_, text, err := read(data, false)
				return linesOf(text), err
			},
			close: func() {},
		},
	}
}

// ledongthucPages reads each page's characters and plain text with
// github.com/ledongthuc/pdf.
func ledongthucPages(data []byte, glyphs bool) ([][]layout.Glyph, []string, error) {
	r, err := lpdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, err
	}
	return forkPages(r.NumPage(), r.Page, glyphs,
		func(p lpdf.Page) []lpdf.Text { return p.Content().Text },
		func(p lpdf.Page) (string, error) { return p.GetPlainText(nil) })
}

// dslipakPages does the same with github.com/dslipak/pdf, a fork of the
// same code whose Text type is ledongthuc's under another name.
func dslipakPages(data []byte, glyphs bool) ([][]layout.Glyph, []string, error) {
	r, err := dpdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, err
	}
	return forkPages(r.NumPage(), r.Page, glyphs,
		func(p dpdf.Page) []lpdf.Text {
			ts := p.Content().Text
			out := make([]lpdf.Text, len(ts))
			for i, t := range ts {
				out[i] = lpdf.Text(t)
			}
			return out
		},
		func(p dpdf.Page) (string, error) { return p.GetPlainText(nil) })
}

// forkPages reads n pages of one of rsc.io/pdf's forks: the characters of
// each (whose X is where the character starts and W its advance, 0 where
// the fork knows no width) when glyphs is set, its plain text otherwise.
func forkPages[P any](n int, page func(int) P, glyphs bool, content func(P) []lpdf.Text, text func(P) (string, error)) ([][]layout.Glyph, []string, error) {
	var pages [][]layout.Glyph
	var texts []string
	for i := 1; i <= n; i++ {
		p := page(i)
		if !glyphs {
			s, err := text(p)
			if err != nil {
				return nil, nil, err
			}
			texts = append(texts, s)
			continue
		}
		var gs []layout.Glyph
		for _, t := range content(p) {
			gs = append(gs, layout.Glyph{Text: t.S, X0: t.X, X1: t.X + t.W, Y: t.Y, Size: t.FontSize, Space: t.S == " "})
		}
		pages = append(pages, gs)
	}
	return pages, texts, nil
}

// startPool starts go-pdfium's own pool for PDFium's plain text.
func startPool(cacheDir string) (pdfium.Pool, error) {
	rc := wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling)
	dir := filepath.Join(cacheDir, "pdfium-wasm-plain")
	if err := os.MkdirAll(dir, 0o755); err == nil {
		if c, err := wazero.NewCompilationCacheWithDir(dir); err == nil {
			rc = rc.WithCompilationCache(c)
		}
	}
	return webassembly.Init(webassembly.Config{MaxIdle: 1, MaxTotal: 1, RuntimeConfig: rc, FSConfig: wazero.NewFSConfig(), ReuseWorkers: true})
}

// pdfiumText returns PDFium's own text of each page (FPDFText_GetText:
// its reading order, its spaces and line breaks).
func pdfiumText(ctx context.Context, pool pdfium.Pool, data []byte) ([][]string, error) {
	inst, err := pool.GetInstanceWithContext(ctx)
	if err != nil {
		return nil, err
	}
	defer inst.Close()
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		return nil, err
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return nil, err
	}
	var pages []string
	for i := range count.PageCount {
		t, err := inst.GetPageText(&requests.GetPageText{Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}})
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, err)
		}
		pages = append(pages, t.Text)
	}
	return linesOf(pages), nil
}
