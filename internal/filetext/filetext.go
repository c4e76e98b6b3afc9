// Package filetext turns a downloaded attachment into its text: PDF page
// by page, DOCX, ODT, HTML and plain text; other types are reported as
// unsupported. The type is sniffed from the bytes, never taken from the
// file name or the server's word: a council server's error page sent as
// "Vorlage.pdf" is read as the HTML it is.
//
// Every file is untrusted. Each read is bounded in size, time and memory
// by Limits, enforced by the code (PDFs are read in a WebAssembly sandbox
// with a memory limit and killed at the deadline; archives are unpacked
// against a byte budget). A bad file costs a warning or an error naming
// it, never a panic or the caller's run.
//
// An Extractor is made once and shared: its PDF engine takes seconds to
// start (less with Options.CacheDir).
package filetext

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/filetext/pdftext"
)

// Limits bound the reading of one file. Zero fields take the defaults of
// DefaultLimits.
type Limits struct {
	// MaxBytes is the largest file read.
	MaxBytes int64
	// MaxPages is how many pages of a PDF are read; a longer one is cut
	// with a warning.
	MaxPages int
	// MaxGlyphs is how many characters of one PDF page are read.
	MaxGlyphs int
	// MaxText is the most bytes of text returned for one file.
	MaxText int
	// MaxUnpacked is the most bytes unpacked from a DOCX or ODT archive.
	MaxUnpacked int64
	// MaxEntries is the most entries a DOCX or ODT archive may have.
	MaxEntries int
	// Timeout is the most time one file may take.
	Timeout time.Duration
	// PDFMemory is the memory limit of a PDF reader instance, the file
	// included.
	PDFMemory int64
}

// DefaultLimits are the limits for council attachments: the 50 MB of the
// largest plan drawings, the 2,000 pages of a city's budget plan.
var DefaultLimits = Limits{
	MaxBytes:    50 << 20,
	MaxPages:    2000,
	MaxGlyphs:   200_000,
	MaxText:     32 << 20,
	MaxUnpacked: 64 << 20,
	MaxEntries:  10_000,
	Timeout:     2 * time.Minute,
	PDFMemory:   1 << 30,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	orDefault(&l.MaxBytes, d.MaxBytes)
	orDefault(&l.MaxPages, d.MaxPages)
	orDefault(&l.MaxGlyphs, d.MaxGlyphs)
	orDefault(&l.MaxText, d.MaxText)
	orDefault(&l.MaxUnpacked, d.MaxUnpacked)
	orDefault(&l.MaxEntries, d.MaxEntries)
	orDefault(&l.Timeout, d.Timeout)
	orDefault(&l.PDFMemory, d.PDFMemory)
	return l
}

// orDefault sets a limit that is not positive to its default.
func orDefault[T int | int64 | time.Duration](v *T, d T) {
	if *v <= 0 {
		*v = d
	}
}

// Result is the text of one file.
type Result struct {
	// MimeType is the sniffed type ("application/pdf", "text/html", …).
	MimeType string
	// Pages is the text of each page of a PDF (or of each form-feed page of
	// a text file); other types have one page. Lines end with "\n", a
	// blank line separates paragraphs.
	Pages []string
	// PageCount is the number of pages in the file, which is more than
	// len(Pages) when the file was cut at Limits.MaxPages.
	PageCount int
	// Scanned is set for a PDF whose pages are images without a text
	// layer: it needs OCR, which is out of scope.
	Scanned bool
	// Warnings say what was cut or skipped; each names the file.
	Warnings []string
}

// Text returns the pages that have text, joined by blank lines.
func (r Result) Text() string {
	var pages []string
	for _, p := range r.Pages {
		if p != "" {
			pages = append(pages, p)
		}
	}
	return strings.Join(pages, "\n\n")
}

// Errors Extract returns, wrapped with the file's name.
var (
	// ErrUnsupported is a type whose text is not read (images, legacy
	// Word, spreadsheets); Result.MimeType names it.
	ErrUnsupported = errors.New("unsupported type")
	// ErrTooLarge is a file beyond Limits.MaxBytes, an archive that
	// unpacks beyond Limits.MaxUnpacked or MaxEntries, or a PDF that does
	// not fit into Limits.PDFMemory.
	ErrTooLarge = errors.New("too large")
	// ErrEncrypted is a PDF that needs a password.
	ErrEncrypted = errors.New("encrypted")
	// ErrDamaged is a file that is not what it claims to be inside.
	ErrDamaged = errors.New("damaged")
	// ErrTimeout is a file that took longer than Limits.Timeout.
	ErrTimeout = errors.New("timed out")
)

// Options configure an Extractor.
type Options struct {
	// Limits bound each file.
	Limits Limits
	// Workers is how many PDFs are read at once (default 1); each has its
	// own PDF reader instance and memory.
	Workers int
	// CacheDir keeps the compiled PDF reader between runs ("" for none).
	CacheDir string
}

// Extractor reads files. It is safe for concurrent use.
type Extractor struct {
	opt Options
	lim Limits

	mu     sync.Mutex
	pdf    *pdftext.Engine
	pdfErr error
}

// New returns an Extractor. The PDF engine starts with the first PDF.
func New(opt Options) *Extractor {
	return &Extractor{opt: opt, lim: opt.Limits.withDefaults()}
}

// Close releases the PDF engine.
func (x *Extractor) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.pdf != nil {
		err := x.pdf.Close()
		x.pdf = nil
		return err
	}
	return nil
}

// engine returns the PDF engine, starting it on first use.
func (x *Extractor) engine() (*pdftext.Engine, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.pdf == nil && x.pdfErr == nil {
		x.pdf, x.pdfErr = pdftext.New(context.Background(), pdftext.Config{
			Workers:     x.opt.Workers,
			MemoryLimit: x.lim.PDFMemory,
			CacheDir:    x.opt.CacheDir,
		})
	}
	return x.pdf, x.pdfErr
}

// Extract returns the text of a file. name identifies the file in warnings
// and errors (a file name or URL); its extension is the claim the sniffed
// type is checked against. An error leaves Result.MimeType and Warnings
// set where they are known; the caller counts it and goes on.
func (x *Extractor) Extract(ctx context.Context, name string, data []byte) (res Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: extractor failed: %v: %w", name, r, ErrDamaged)
		}
	}()
	lim := x.lim
	if int64(len(data)) > lim.MaxBytes {
		return res, fmt.Errorf("%s: %d bytes, more than %d: %w", name, len(data), lim.MaxBytes, ErrTooLarge)
	}
	// A PDF's deadline starts once it has a reader (pdftext.Limits.Timeout),
	// so starting a reader is not the file's time.
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	res.MimeType = Sniff(data)
	w := &warner{name: name, res: &res}
	if m := claimMismatch(name, res.MimeType); m != "" {
		w.warn("%s", m)
	}
	switch res.MimeType {
	case MimePDF:
		err = x.extractPDF(parent, data, w)
	case MimeDOCX, MimeODT:
		err = extractOffice(ctx, data, res.MimeType, lim, w)
	case MimeHTML:
		err = extractHTML(ctx, data, lim, w)
	case MimeText:
		extractPlain(data, lim, w)
	default:
		err = ErrUnsupported
	}
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) && !errors.Is(err, ErrTimeout) && res.MimeType != MimePDF {
			err = fmt.Errorf("%w: %v", ErrTimeout, err)
		}
		return res, fmt.Errorf("%s: %s: %w", name, res.MimeType, err)
	}
	if res.PageCount == 0 {
		res.PageCount = len(res.Pages)
	}
	return res, nil
}

// warner adds warnings that name the file.
type warner struct {
	name string
	res  *Result
}

func (w *warner) warn(format string, args ...any) {
	w.res.Warnings = append(w.res.Warnings, w.name+": "+fmt.Sprintf(format, args...))
}

// capText cuts the pages at max bytes in all.
func capText(pages []string, max int, w *warner) []string {
	total := 0
	for i, p := range pages {
		if total+len(p) > max {
			cut := strings.TrimSpace(p[:validCut(p, max-total)])
			w.warn("text longer than %d bytes, cut on page %d", max, i+1)
			return append(pages[:i:i], cut)
		}
		total += len(p)
	}
	return pages
}

// validCut returns n or less, so that s[:n] does not split a character.
func validCut(s string, n int) int {
	if n <= 0 {
		return 0
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return n
}
