package filetext

import (
	"context"
	"errors"
	"fmt"

	"github.com/ratsarchiv/ratsarchiv/internal/filetext/layout"
	"github.com/ratsarchiv/ratsarchiv/internal/filetext/pagetext"
	"github.com/ratsarchiv/ratsarchiv/internal/filetext/pdftext"
)

// extractPDF reads a PDF's pages, puts each page's characters into lines
// in reading order and cleans the text of typesetting.
func (x *Extractor) extractPDF(ctx context.Context, data []byte, w *warner) error {
	lim := x.lim
	if int64(len(data)) >= lim.PDFMemory/2 {
		return fmt.Errorf("%d bytes leave no room in a PDF reader of %d bytes: %w", len(data), lim.PDFMemory, ErrTooLarge)
	}
	e, err := x.engine()
	if err != nil {
		return err
	}
	doc, err := e.Read(ctx, data, pdftext.Limits{MaxPages: lim.MaxPages, MaxGlyphs: lim.MaxGlyphs, Timeout: lim.Timeout})
	switch {
	case errors.Is(err, pdftext.ErrEncrypted):
		return fmt.Errorf("%v: %w", err, ErrEncrypted)
	case errors.Is(err, pdftext.ErrTimeout):
		return fmt.Errorf("%v: %w", err, ErrTimeout)
	case errors.Is(err, pdftext.ErrTooLarge):
		return fmt.Errorf("%v: %w", err, ErrTooLarge)
	case err != nil:
		return fmt.Errorf("%v: %w", err, ErrDamaged)
	}
	w.res.PageCount = doc.PageCount
	if doc.PageCount > len(doc.Pages) {
		w.warn("%d pages, read the first %d", doc.PageCount, len(doc.Pages))
	}
	lines := make([][]string, len(doc.Pages))
	noText, images := 0, 0
	for i, p := range doc.Pages {
		if p.Truncated {
			w.warn("page %d: more than %d characters, read the first %d", i+1, lim.MaxGlyphs, lim.MaxGlyphs)
		}
		if len(p.Glyphs) == 0 {
			noText++
			if p.Images > 0 {
				images++
			}
		}
		lines[i] = layout.Lines(p.Glyphs)
	}
	switch {
	case len(doc.Pages) > 0 && images > 0 && noText == len(doc.Pages):
		w.res.Scanned = true
		w.warn("scanned: no text layer on any of %d pages (needs OCR)", len(doc.Pages))
	case images > 0:
		w.warn("scanned in part: %d of %d pages are images without text", images, len(doc.Pages))
	}
	w.res.Pages = capText(pagetext.Clean(lines), lim.MaxText, w)
	return nil
}
