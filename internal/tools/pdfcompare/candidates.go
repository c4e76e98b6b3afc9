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
	return []candidate{
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
		{
			name:  "ledongthuc/pdf + layout",
			start: func() error { return nil },
			pages: func(_ context.Context, data []byte) ([][]string, error) {
				r, err := lpdf.NewReader(bytes.NewReader(data), int64(len(data)))
				if err != nil {
					return nil, err
				}
				var pages [][]layout.Glyph
				for i := 1; i <= r.NumPage(); i++ {
					var gs []layout.Glyph
					for _, t := range r.Page(i).Content().Text {
						gs = append(gs, layout.Glyph{Text: t.S, X0: t.X, X1: t.X + t.W, Y: t.Y, Size: t.FontSize, Space: t.S == " "})
					}
					pages = append(pages, gs)
				}
				return glyphLines(pages), nil
			},
			close: func() {},
		},
		{
			name:  "ledongthuc/pdf own text",
			start: func() error { return nil },
			pages: func(_ context.Context, data []byte) ([][]string, error) {
				r, err := lpdf.NewReader(bytes.NewReader(data), int64(len(data)))
				if err != nil {
					return nil, err
				}
				var pages []string
				for i := 1; i <= r.NumPage(); i++ {
					s, err := r.Page(i).GetPlainText(nil)
					if err != nil {
						return nil, err
					}
					pages = append(pages, s)
				}
				return linesOf(pages), nil
			},
			close: func() {},
		},
		{
			name:  "dslipak/pdf + layout",
			start: func() error { return nil },
			pages: func(_ context.Context, data []byte) ([][]string, error) {
				r, err := dpdf.NewReader(bytes.NewReader(data), int64(len(data)))
				if err != nil {
					return nil, err
				}
				var pages [][]layout.Glyph
				for i := 1; i <= r.NumPage(); i++ {
					var gs []layout.Glyph
					for _, t := range r.Page(i).Content().Text {
						gs = append(gs, layout.Glyph{Text: t.S, X0: t.X, X1: t.X + t.W, Y: t.Y, Size: t.FontSize, Space: t.S == " "})
					}
					pages = append(pages, gs)
				}
				return glyphLines(pages), nil
			},
			close: func() {},
		},
		{
			name:  "dslipak/pdf own text",
			start: func() error { return nil },
			pages: func(_ context.Context, data []byte) ([][]string, error) {
				r, err := dpdf.NewReader(bytes.NewReader(data), int64(len(data)))
				if err != nil {
					return nil, err
				}
				var pages []string
				for i := 1; i <= r.NumPage(); i++ {
					s, err := r.Page(i).GetPlainText(nil)
					if err != nil {
						return nil, err
					}
					pages = append(pages, s)
				}
				return linesOf(pages), nil
			},
			close: func() {},
		},
	}
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
