package filetext

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"

	"github.com/ratsarchiv/ratsarchiv/internal/filetext/office"
	"github.com/ratsarchiv/ratsarchiv/internal/filetext/pagetext"
)

// extractPlain reads a text file: UTF-8 (with or without a byte order
// mark) or, failing that, Windows-1252, the encoding of German text from
// older systems. Form feeds separate pages, as pdftotext writes them.
func extractPlain(data []byte, lim Limits, w *warner) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	s := string(data)
	if !utf8.Valid(data) {
		d, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err == nil {
			s = string(d)
		}
		w.warn("not UTF-8, read as Windows-1252")
	}
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var pages []string
	for p := range strings.SplitSeq(s, "\f") {
		pages = append(pages, normalizeText(p))
	}
	w.res.Pages = capText(pages, lim.MaxText, w)
}

// normalizeText normalizes each line (ligatures, NFC, odd spaces) and
// drops soft hyphens: text not typeset into lines needs no more.
func normalizeText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.ReplaceAll(pagetext.NormalizeLine(l), "\u00AD", "")
	}
	return strings.TrimSpace(collapseBlankLines(strings.Join(lines, "\n")))
}

// collapseBlankLines leaves at most one blank line between paragraphs.
func collapseBlankLines(s string) string {
	for strings.Contains(s, "\n\n\n") {
		s = strings.ReplaceAll(s, "\n\n\n", "\n\n")
	}
	return s
}

// skipHTML are the elements whose content is no text of the page.
var skipHTML = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "head": true,
	"svg": true, "math": true, "iframe": true, "object": true, "select": true,
}

// blockHTML are the elements that end a line.
var blockHTML = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "tr": true, "h1": true, "h2": true,
	"h3": true, "h4": true, "h5": true, "h6": true, "table": true, "ul": true, "ol": true,
	"section": true, "article": true, "header": true, "footer": true, "blockquote": true,
	"pre": true, "hr": true, "dt": true, "dd": true, "title": true,
}

// extractHTML reads the visible text of an HTML page, decoded from the
// charset it declares or sniffs; the title counts as text.
func extractHTML(ctx context.Context, data []byte, lim Limits, w *warner) error {
	r, err := charset.NewReader(bytes.NewReader(data), "text/html")
	if err != nil {
		r = bytes.NewReader(data)
	}
	z := html.NewTokenizer(r)
	z.SetMaxBuf(4 << 20) // a single token longer than this is no text
	var b strings.Builder
	skip := 0
	title := false
tokens:
	for n := 0; b.Len() <= lim.MaxText; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			err := z.Err()
			switch {
			case errors.Is(err, io.EOF):
			case errors.Is(err, html.ErrBufferExceeded):
				w.warn("a token longer than 4 MiB: the rest is skipped")
			default:
				return fmt.Errorf("%v: %w", err, ErrDamaged)
			}
			break tokens
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			nameB, _ := z.TagName()
			name := string(nameB)
			if name == "title" {
				title = tt == html.StartTagToken
			}
			if skipHTML[name] && tt != html.SelfClosingTagToken {
				if tt == html.StartTagToken {
					skip++
				} else {
					skip = max(0, skip-1)
				}
			}
			switch {
			case blockHTML[name]:
				b.WriteString("\n")
			case name == "td" || name == "th":
				b.WriteString(" ")
			}
		case html.TextToken:
			if skip == 0 || title {
				// white space in HTML text is one space; lines come from
				// the elements
				t := z.Text()
				b.WriteString(strings.Join(strings.Fields(string(t)), " "))
				if len(t) > 0 && isSpace(t[len(t)-1]) {
					b.WriteByte(' ')
				}
			}
		}
	}
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	w.res.Pages = capText([]string{normalizeText(strings.Join(lines, "\n"))}, lim.MaxText, w)
	return nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' }

// extractOffice reads a DOCX or ODT file.
func extractOffice(ctx context.Context, data []byte, mime string, lim Limits, w *warner) error {
	f := office.DOCX
	if mime == MimeODT {
		f = office.ODT
	}
	text, full, err := office.Text(ctx, data, f, office.Limits{
		MaxEntries: lim.MaxEntries, MaxUnpacked: lim.MaxUnpacked, MaxText: lim.MaxText,
	})
	switch {
	case errors.Is(err, office.ErrBomb):
		return fmt.Errorf("%v: %w", err, ErrTooLarge)
	case errors.Is(err, office.ErrDamaged):
		return fmt.Errorf("%v: %w", err, ErrDamaged)
	case err != nil:
		return err
	}
	if full {
		w.warn("text longer than %d bytes, cut", lim.MaxText)
	}
	w.res.Pages = capText([]string{normalizeText(text)}, lim.MaxText, w)
	return nil
}
