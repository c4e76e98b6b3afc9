// Package office reads the text of word processor files: DOCX (Office Open
// XML) and ODT (OpenDocument). Both are zip archives of XML, which makes
// them easy to read and easy to turn into bombs: a few kilobytes that
// unpack to gigabytes, or a directory of a million entries. Nothing here
// trusts the sizes the archive declares: entries are counted before the
// archive is opened, and every byte unpacked is counted against a budget.
//
// Only the body text is read: not running headers and footers (parts of
// their own), not text deleted under change tracking, not field codes.
package office

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits bound the reading of one file.
type Limits struct {
	// MaxEntries is the most entries the archive may have.
	MaxEntries int
	// MaxUnpacked is the most bytes read out of the archive in all.
	MaxUnpacked int64
	// MaxText is how many bytes of text are enough: reading stops once it
	// has that many, a token later.
	MaxText int
}

// Errors for files that cannot be read.
var (
	// ErrBomb is an archive beyond the limits: too many entries, or more
	// bytes unpacked than allowed.
	ErrBomb = errors.New("archive unpacks beyond the limits (zip bomb?)")
	// ErrDamaged is a file that is not the archive or XML it claims to be.
	ErrDamaged = errors.New("damaged")
)

// Format is a word processor format.
type Format int

const (
	// DOCX is Office Open XML (Word 2007 and later).
	DOCX Format = iota
	// ODT is OpenDocument text (LibreOffice, OpenOffice).
	ODT
)

// Text returns the body text of a DOCX or ODT file, paragraphs on lines of
// their own, and whether reading stopped at lim.MaxText.
func Text(ctx context.Context, data []byte, f Format, lim Limits) (string, bool, error) {
	if err := checkEntries(data, lim.MaxEntries); err != nil {
		return "", false, err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", false, fmt.Errorf("%v: %w", err, ErrDamaged)
	}
	budget := &budget{left: lim.MaxUnpacked}
	var name string
	switch f {
	case DOCX:
		name, err = docxMain(zr, budget)
		if err != nil {
			return "", false, err
		}
	default:
		name = "content.xml"
	}
	file := find(zr, name)
	if file == nil {
		return "", false, fmt.Errorf("no %s in the archive: %w", name, ErrDamaged)
	}
	rc, err := file.Open()
	if err != nil {
		return "", false, fmt.Errorf("%s: %v: %w", name, err, ErrDamaged)
	}
	defer rc.Close()
	w := &textWriter{max: lim.MaxText}
	r := budget.reader(rc)
	if f == DOCX {
		err = readDOCX(ctx, r, w)
	} else {
		err = readODT(ctx, r, w)
	}
	if err != nil && !errors.Is(err, errFull) {
		if errors.Is(err, ErrBomb) || ctx.Err() != nil {
			return "", false, err
		}
		return "", false, fmt.Errorf("%s: %v: %w", name, err, ErrDamaged)
	}
	return w.String(), w.full, nil
}

// checkEntries reads the entry count from the end of central directory
// record before zip.NewReader allocates a header for each entry. ZIP64
// archives, which no word processor writes for a document, are refused.
func checkEntries(data []byte, maxEntries int) error {
	const eocdLen = 22
	start := max(0, len(data)-eocdLen-65535)
	i := bytes.LastIndex(data[start:], []byte("PK\x05\x06"))
	if i < 0 || start+i+eocdLen > len(data) {
		return fmt.Errorf("no zip directory: %w", ErrDamaged)
	}
	n := int(binary.LittleEndian.Uint16(data[start+i+10:]))
	if n == 0xFFFF {
		return fmt.Errorf("ZIP64 archive: %w", ErrBomb)
	}
	if maxEntries > 0 && n > maxEntries {
		return fmt.Errorf("%d entries, more than %d: %w", n, maxEntries, ErrBomb)
	}
	return nil
}

// find returns the entry with the name, or nil.
func find(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// docxMain returns the name of the main document part from the package
// relationships, or the usual word/document.xml.
func docxMain(zr *zip.Reader, b *budget) (string, error) {
	const fallback = "word/document.xml"
	rels := find(zr, "_rels/.rels")
	if rels == nil {
		return fallback, nil
	}
	rc, err := rels.Open()
	if err != nil {
		return fallback, nil
	}
	defer rc.Close()
	var doc struct {
		Rels []struct {
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.NewDecoder(b.reader(rc)).Decode(&doc); err != nil {
		if errors.Is(err, ErrBomb) {
			return "", err
		}
		return fallback, nil
	}
	for _, r := range doc.Rels {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			return strings.TrimPrefix(path.Clean("/"+r.Target), "/"), nil
		}
	}
	return fallback, nil
}

// budget counts the bytes unpacked from one archive.
type budget struct{ left int64 }

func (b *budget) reader(r io.Reader) io.Reader { return &budgetReader{r: r, b: b} }

type budgetReader struct {
	r io.Reader
	b *budget
}

func (r *budgetReader) Read(p []byte) (int, error) {
	if r.b.left <= 0 {
		return 0, fmt.Errorf("unpacked more than the limit: %w", ErrBomb)
	}
	if int64(len(p)) > r.b.left {
		p = p[:r.b.left]
	}
	n, err := r.r.Read(p)
	r.b.left -= int64(n)
	return n, err
}

// errFull stops reading when the text is long enough.
var errFull = errors.New("text limit reached")

// textWriter collects text up to a limit.
type textWriter struct {
	b    strings.Builder
	max  int
	full bool
}

// WriteString adds s; once the text holds max bytes or more, reading
// stops (the caller cuts to the byte).
func (w *textWriter) WriteString(s string) error {
	w.b.WriteString(s)
	if w.max > 0 && w.b.Len() >= w.max {
		w.full = true
		return errFull
	}
	return nil
}

// newline ends a line, once.
func (w *textWriter) newline() error {
	s := w.b.String()
	if s == "" || strings.HasSuffix(s, "\n") {
		return nil
	}
	return w.WriteString("\n")
}

func (w *textWriter) String() string { return strings.TrimSpace(w.b.String()) }

// tokens walks the XML of r, calling fn for each token; it stops on ctx.
func tokens(ctx context.Context, r io.Reader, fn func(xml.Token) error) error {
	d := xml.NewDecoder(r)
	d.Strict = false
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		t, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(t); err != nil {
			return err
		}
	}
}

// attr returns the value of the attribute with the local name, or "".
func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// readDOCX writes the text of a WordprocessingML main part: the text of
// w:t elements, tabs and breaks, a line per paragraph; not deleted or
// moved-away text (w:del, w:moveFrom) nor field codes (w:instrText).
func readDOCX(ctx context.Context, r io.Reader, w *textWriter) error {
	inText, skip := false, 0
	return tokens(ctx, r, func(t xml.Token) error {
		switch t := t.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "del", "moveFrom", "instrText", "delText":
				skip++
			case "t":
				inText = true
			}
			if skip > 0 {
				return nil
			}
			switch t.Name.Local {
			case "tab":
				return w.WriteString("\t")
			case "br", "cr":
				return w.newline()
			case "softHyphen":
				return w.WriteString("\u00AD")
			case "noBreakHyphen":
				return w.WriteString("-")
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "del", "moveFrom", "instrText", "delText":
				skip = max(0, skip-1)
			case "t":
				inText = false
			case "p", "tc":
				if skip == 0 {
					return w.newline()
				}
			}
		case xml.CharData:
			if inText && skip == 0 {
				return w.WriteString(string(t))
			}
		}
		return nil
	})
}

// officeNS is the OpenDocument office namespace, whose text element holds
// the body.
const officeNS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"

// readODT writes the text of an OpenDocument content.xml: paragraphs and
// headings a line each, text:s as spaces, tabs and line breaks; not the
// tracked changes (deleted text), comments or note numbers. White space in
// the XML is collapsed as OpenDocument says: only text:s, text:tab and
// text:line-break are kept as written.
func readODT(ctx context.Context, r io.Reader, w *textWriter) error {
	skip, inBody, inPara := 0, 0, 0
	return tokens(ctx, r, func(t xml.Token) error {
		switch t := t.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "tracked-changes", "annotation", "note-citation":
				skip++
			case "text":
				if t.Name.Space == officeNS {
					inBody++
				}
			case "p", "h":
				inPara++
			}
			if skip > 0 || inBody == 0 {
				return nil
			}
			switch t.Name.Local {
			case "s":
				n, err := strconv.Atoi(attr(t, "c"))
				if err != nil || n < 1 {
					n = 1
				}
				return w.WriteString(strings.Repeat(" ", min(n, 100)))
			case "tab":
				return w.WriteString("\t")
			case "line-break":
				return w.newline()
			case "note":
				return w.WriteString(" ")
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "tracked-changes", "annotation", "note-citation":
				skip = max(0, skip-1)
			case "text":
				if t.Name.Space == officeNS {
					inBody = max(0, inBody-1)
				}
			case "p", "h":
				inPara = max(0, inPara-1)
				if skip == 0 && inBody > 0 {
					return w.newline()
				}
			}
		case xml.CharData:
			if skip == 0 && inBody > 0 && inPara > 0 {
				return w.WriteString(collapseSpace(string(t)))
			}
		}
		return nil
	})
}

// collapseSpace turns runs of white space into one space, keeping one at
// either end: it may separate words from the text before or after.
func collapseSpace(s string) string {
	words := strings.Fields(s)
	if len(words) == 0 {
		if s == "" {
			return ""
		}
		return " "
	}
	out := strings.Join(words, " ")
	if strings.IndexFunc(s[:1], unicode.IsSpace) == 0 {
		out = " " + out
	}
	if r, _ := utf8.DecodeLastRuneInString(s); unicode.IsSpace(r) {
		out += " "
	}
	return out
}
