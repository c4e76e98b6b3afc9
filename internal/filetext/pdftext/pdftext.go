// Package pdftext reads the characters on each page of a PDF with PDFium,
// Chrome's PDF library, compiled to WebAssembly and run by wazero: no cgo,
// nothing fetched at run time (the module is embedded in
// github.com/klippa-app/go-pdfium). It was chosen over pure-Go parsers by
// measurement (docs/attachments.md): it reads what they misread (two-byte
// fonts, broken cross-reference tables) and, in its sandbox, a bad file can
// neither crash the process nor take more memory or time than it is given.
//
// An Engine compiles the module once (seconds) and reads files on a pool
// of instances, each with its own memory limit; a read that outlives its
// context kills its instance.
package pdftext

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	"github.com/ratsarchiv/ratsarchiv/internal/filetext/layout"
)

// Config sets up an Engine. Zero fields take defaults.
type Config struct {
	// Workers is how many files are read at once (default 1).
	Workers int
	// MemoryLimit is the most memory, in bytes, one instance may use,
	// the file included (default 1 GiB; WebAssembly allows 4 GiB).
	MemoryLimit int64
	// CacheDir keeps the compiled module between runs, which saves the
	// seconds of compiling it ("" compiles every time). It is trusted: code
	// found there is run.
	CacheDir string
}

// Errors a read returns for files it cannot read.
var (
	// ErrEncrypted is a file that needs a password to open.
	ErrEncrypted = errors.New("encrypted: needs a password")
	// ErrDamaged is a file PDFium cannot make sense of.
	ErrDamaged = errors.New("damaged or not a PDF")
	// ErrTimeout is a read that outlived its context.
	ErrTimeout = errors.New("took too long")
	// ErrTooLarge is a file that does not fit into an instance's memory.
	ErrTooLarge = errors.New("too large for the memory limit")
)

// Engine reads PDFs on a pool of PDFium instances. It is safe for
// concurrent use.
type Engine struct {
	pool pdfium.Pool

	mu       sync.Mutex
	closed   bool
	bindings map[any]*binding // by instance, while it lives
}

// New compiles PDFium and starts the pool. It takes seconds without a
// cache, so create one Engine and share it. ctx must stay valid while the
// Engine is used. Each of cfg.Workers instances may take cfg.MemoryLimit.
func New(ctx context.Context, cfg Config) (*Engine, error) {
	if cfg.Workers <= 0 {
		cfg.Workers = 1
	}
	if cfg.MemoryLimit <= 0 {
		cfg.MemoryLimit = 1 << 30
	}
	rc := wazero.NewRuntimeConfig().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithCloseOnContextDone(true).
		WithMemoryLimitPages(uint32(min(cfg.MemoryLimit/65536, 65536)))
	if cfg.CacheDir != "" {
		// wazero keys its cache by the module and the CPU, not by the
		// deadline checks WithCloseOnContextDone compiles in: code compiled
		// without them and cached here would load and ignore deadlines. So
		// this folder holds this configuration's code only.
		dir := filepath.Join(cfg.CacheDir, "pdfium-wasm-interruptible")
		if err := os.MkdirAll(dir, 0o755); err == nil {
			if cache, err := wazero.NewCompilationCacheWithDir(dir); err == nil {
				rc = rc.WithCompilationCache(cache)
			}
		}
	}
	pool, err := webassembly.Init(webassembly.Config{
		Context:       ctx,
		MinIdle:       0,
		MaxIdle:       cfg.Workers,
		MaxTotal:      cfg.Workers,
		RuntimeConfig: rc,
		// No file system: PDFium reads only the bytes it is handed.
		FSConfig:     wazero.NewFSConfig(),
		Stdout:       discard{},
		Stderr:       discard{},
		ReuseWorkers: true,
	})
	if err != nil {
		return nil, fmt.Errorf("pdftext: starting PDFium: %w", err)
	}
	return &Engine{pool: pool, bindings: map[any]*binding{}}, nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// Close stops the pool.
func (e *Engine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil
	}
	e.closed = true
	return e.pool.Close()
}

// Limits bound one read.
type Limits struct {
	// MaxPages is how many pages are read; the rest are counted only.
	MaxPages int
	// MaxGlyphs is how many characters of a page are read.
	MaxGlyphs int
	// Timeout is the most time the read may take once it has an instance
	// (0: none but the context's). Starting an instance, as after one was
	// killed, is the engine's time, not the file's.
	Timeout time.Duration
}

// Page is what one page holds.
type Page struct {
	// Glyphs are the page's characters in PDFium's order.
	Glyphs []layout.Glyph
	// Truncated is set when the page had more than Limits.MaxGlyphs.
	Truncated bool
	// Images is the number of images on a page without text (a scan).
	Images int
}

// Document is what a read found.
type Document struct {
	// Pages are the pages read, at most Limits.MaxPages.
	Pages []Page
	// PageCount is the number of pages in the file.
	PageCount int
}

// Read reads the pages of a PDF. It returns ErrEncrypted, ErrDamaged,
// ErrTooLarge or ErrTimeout (wrapped) for files it cannot read. A call into
// PDFium that outlives ctx is stopped and its instance discarded, so its
// time and memory end with it; so is an instance that failed in any other
// way (a trap, memory exhausted).
func (e *Engine) Read(ctx context.Context, data []byte, lim Limits) (doc *Document, err error) {
	inst, err := e.pool.GetInstanceWithContext(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("pdftext: waiting for an instance: %w", ErrTimeout)
		}
		return nil, fmt.Errorf("pdftext: %w", err)
	}
	b, key, err := e.binding(ctx, inst)
	if err != nil {
		inst.Kill()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("pdftext: %w", ErrTimeout)
		}
		return nil, fmt.Errorf("pdftext: %w", err)
	}
	if lim.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, lim.Timeout)
		defer cancel()
		b.ctx = ctx
	}
	broken := false
	defer func() {
		if r := recover(); r != nil {
			doc, err, broken = nil, fmt.Errorf("pdftext: PDFium failed: %v: %w", r, ErrDamaged), true
		}
		if broken {
			e.mu.Lock()
			delete(e.bindings, key)
			e.mu.Unlock()
			inst.Kill()
			return
		}
		inst.Close()
	}()
	doc, err = read(ctx, b, data, lim)
	var fail *callError
	if errors.As(err, &fail) {
		broken = true
		if ctx.Err() != nil {
			err = fmt.Errorf("pdftext: %v: %w", fail, ErrTimeout)
		} else {
			err = fmt.Errorf("pdftext: %v: %w", err, ErrDamaged)
		}
	}
	return doc, err
}

// binding returns the binding to the instance's module, made on its first
// read, and the key it is kept under.
func (e *Engine) binding(ctx context.Context, inst pdfium.Pdfium) (*binding, any, error) {
	key, err := moduleOf(inst)
	if err != nil {
		return nil, nil, err
	}
	e.mu.Lock()
	b, ok := e.bindings[key]
	e.mu.Unlock()
	if ok {
		b.ctx = ctx
		return b, key, nil
	}
	if b, err = bind(ctx, key); err != nil {
		return nil, nil, err
	}
	e.mu.Lock()
	e.bindings[key] = b
	e.mu.Unlock()
	return b, key, nil
}

// read does the work of Read on one instance.
func read(ctx context.Context, b *binding, data []byte, lim Limits) (*Document, error) {
	doc, closeDoc, err := b.open(data)
	if err != nil {
		return nil, fmt.Errorf("pdftext: %w", err)
	}
	defer closeDoc()
	count, err := b.int32("FPDF_GetPageCount", doc)
	if err != nil {
		return nil, err
	}
	d := &Document{PageCount: int(max(count, 0))}
	n := d.PageCount
	if lim.MaxPages > 0 {
		n = min(n, lim.MaxPages)
	}
	for i := range n {
		if ctx.Err() != nil {
			return nil, &callError{fmt.Errorf("page %d: %w", i+1, ctx.Err())}
		}
		p, err := readPage(b, doc, i, lim.MaxGlyphs)
		if err != nil {
			return nil, err
		}
		d.Pages = append(d.Pages, p)
	}
	return d, nil
}

// readPage reads one page's characters: what each stands for and where it
// is. A page PDFium cannot load is empty.
func readPage(b *binding, doc uint64, index, maxGlyphs int) (Page, error) {
	var p Page
	page, err := b.call("FPDF_LoadPage", doc, uint64(index))
	if err != nil || uint32(page) == 0 {
		return p, err
	}
	defer b.call("FPDF_ClosePage", page)
	text, err := b.call("FPDFText_LoadPage", page)
	if err != nil || uint32(text) == 0 {
		return p, err
	}
	defer b.call("FPDFText_ClosePage", text)
	count, err := b.int32("FPDFText_CountChars", text)
	if err != nil {
		return p, err
	}
	n := int(max(count, 0))
	if maxGlyphs > 0 && n > maxGlyphs {
		n, p.Truncated = maxGlyphs, true
	}
	runes, err := b.text(text, n)
	if err != nil {
		return p, err
	}
	p.Glyphs = make([]layout.Glyph, 0, n)
	for i, r := range runes {
		switch r {
		case '\r', '\n':
			continue // PDFium's own line breaks; layout finds lines by position
		case 2, 0xFFFE:
			// PDFium's marks for a hyphen it took for a line-end break
			// (FPDFText_GetUnicode says 2, FPDFText_GetText U+FFFE)
			r = '-'
		}
		// The advance box: the pen positions before and after the
		// character, from the font's widths (not the ink), and the font's
		// descent and ascent about the baseline.
		left, right, bottom, top, err := b.looseBox(text, i)
		if err != nil {
			return p, err
		}
		if r == ' ' && right == left {
			// PDFium adds spaces, without width, where its own rules see
			// a word break; layout judges the gaps itself
			continue
		}
		size := math.Abs(top - bottom)
		if size == 0 {
			size = b.fontSize(text, i)
		}
		// The bottom of the box is the baseline less the font's descent:
		// the same offset for all text in one font, so lines group alike.
		p.Glyphs = append(p.Glyphs, layout.Glyph{
			Text: string(r), X0: left, X1: right, Y: bottom, Size: size, Space: r == ' ',
		})
	}
	if count == 0 {
		if p.Images, err = countImages(b, page); err != nil {
			return p, err
		}
	}
	return p, nil
}

// maxObjects bounds the objects looked at for images on a page without
// text.
const maxObjects = 10000

// countImages counts the images on a page, to tell a scan from a blank
// page.
func countImages(b *binding, page uint64) (int, error) {
	n, err := b.int32("FPDFPage_CountObjects", page)
	if err != nil {
		return 0, err
	}
	images := 0
	for i := range min(int(n), maxObjects) {
		obj, err := b.call("FPDFPage_GetObject", page, uint64(i))
		if err != nil {
			return 0, err
		}
		if uint32(obj) == 0 {
			continue
		}
		if t, err := b.int32("FPDFPageObj_GetType", obj); err != nil {
			return 0, err
		} else if t == 3 { // FPDF_PAGEOBJ_IMAGE
			images++
		}
	}
	return images, nil
}
