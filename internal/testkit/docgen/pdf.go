package docgen

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/encoding/charmap"
)

// Font is the typeface a PDF is set in, which decides how the file encodes
// its text.
type Font int

const (
	// GoFont embeds Go Regular as a TrueType subset with two-byte codes
	// (Type0, Identity-H), as producers do for Unicode text. It has the ﬁ
	// and ﬂ ligatures.
	GoFont Font = iota
	// Helvetica uses the standard font, not embedded, with one-byte
	// WinAnsi codes, as most office exports of Latin text do.
	Helvetica
)

// Draw is how the lines of a PDF are drawn, which decides what an
// extractor must infer.
type Draw int

const (
	// DrawWords places every word on its own, with no space characters:
	// word breaks are only gaps, as in TeX's and many printers' output.
	DrawWords Draw = iota
	// DrawJustified draws each line as one run with its spaces, justified by
	// word spacing (TJ offsets or Tw).
	DrawJustified
	// DrawRagged draws each line as one run with its spaces, left aligned.
	DrawRagged
)

// PageNumbers is where a PDF's page numbers stand.
type PageNumbers int

const (
	// NoPageNumbers prints none.
	NoPageNumbers PageNumbers = iota
	// DashTop prints "– 2 –" at the top of every page but the first, as the
	// Karlsruhe papers do.
	DashTop
	// SeiteBottom prints "Seite 2 von 9" at the bottom right of every page.
	SeiteBottom
	// NumberBottom prints "2" at the bottom centre.
	NumberBottom
)

// PDFOptions choose how a text is typeset. The zero value is one column of
// ragged Go Regular without headers.
type PDFOptions struct {
	Font Font
	// Size is the font size in points (default 10.5).
	Size float64
	Draw Draw
	// Columns is 1 or 2.
	Columns int
	// RowOrder draws two columns line by line across the gutter (left line,
	// right line, next row) instead of one column after the other, so the
	// order in the file is not the reading order.
	RowOrder bool
	// Hyphenate breaks words at line ends ("Bebauungs-⏎plan"); words with a
	// hyphen of their own break after it.
	Hyphenate bool
	// SoftHyphens draws line-end breaks as soft hyphens (U+00AD) and puts
	// soft hyphens into some long words mid-line.
	SoftHyphens bool
	// Ligatures draws "fi" and "fl" as the ligature glyphs ﬁ and ﬂ (GoFont
	// only).
	Ligatures bool
	// UmlautRuns draws each umlaut and ß as a run of its own, touching its
	// neighbours (DrawWords only).
	UmlautRuns bool
	// Accents draws umlauts as a base letter with a diaeresis (¨) drawn over
	// it, as TeX does (DrawWords only).
	Accents bool
	// Table puts the first words of the text into a bordered table at the
	// top of the first page (one column only).
	Table bool
	// Header is a running header on every page ("" for none).
	Header      string
	PageNumbers PageNumbers
	// MaxPages stops the text after this many pages (0: no limit).
	MaxPages int
	// Encrypt encrypts the file (RC4), with UserPassword needed to open it
	// ("" opens without one; only permissions are restricted).
	Encrypt      bool
	UserPassword string
}

// Page geometry, in points (A4).
const (
	pageW, pageH = 595.28, 841.89
	marginX      = 70.0
	marginTop    = 85.0
	marginBottom = 75.0
	gutter       = 24.0
	headerY      = 45.0
	numberTopY   = 62.0
	footerY      = 805.0
)

// fixedTime stamps every file, so the same input gives the same bytes.
var fixedTime = time.Date(2025, 3, 3, 14, 30, 0, 0, time.UTC)

// word is one word of the flow: what is drawn and what a reader reads.
type word struct {
	show string // drawn, maybe with a mid-line soft hyphen
	want string // the truth
	cont bool   // the tail of a word broken on the line before
}

// lineOut is one typeset line.
type lineOut struct {
	words   []string // drawn pieces
	justify bool     // stretch to the column width
}

// pageOut is the lines of a page, per column, and its truth.
type pageOut struct {
	cols   [][]lineOut
	table  [][]string
	want   []string
	breaks []string
}

// PDF typesets text (a Karlsruhe extraction, see Paragraphs) as a PDF.
func PDF(name, text string, o PDFOptions) (Doc, error) {
	if o.Size == 0 {
		o.Size = 10.5
	}
	if o.Columns != 2 {
		o.Columns = 1
		o.RowOrder = false
	}
	if o.Font == Helvetica {
		o.Ligatures = false
	}
	if o.Draw != DrawWords {
		o.UmlautRuns, o.Accents = false, false
	}
	r, err := newRenderer(o)
	if err != nil {
		return Doc{}, fmt.Errorf("docgen: %s: %w", name, err)
	}
	paras := r.sanitize(Paragraphs(text))
	pages := r.flow(paras)
	if err := r.draw(pages); err != nil {
		return Doc{}, fmt.Errorf("docgen: %s: %w", name, err)
	}
	var buf bytes.Buffer
	if err := r.pdf.Output(&buf); err != nil {
		return Doc{}, fmt.Errorf("docgen: %s: %w", name, err)
	}
	data := buf.Bytes()
	if o.Font == GoFont && !o.Encrypt {
		data, err = fixToUnicode(data, r.used)
		if err != nil {
			return Doc{}, fmt.Errorf("docgen: %s: %w", name, err)
		}
	}
	doc := Doc{Name: name, Data: data}
	for _, p := range pages {
		doc.Pages = append(doc.Pages, strings.Join(p.want, " "))
		doc.Breaks = append(doc.Breaks, p.breaks...)
	}
	if len(doc.Pages) == 1 && o.Header != "" {
		// a header on one page is no running header but text of the page
		doc.Pages[0] = o.Header + " " + doc.Pages[0]
	}
	return doc, nil
}

// renderer typesets with fpdf.
type renderer struct {
	o      PDFOptions
	pdf    *fpdf.Fpdf
	enc    func(string) string // text as the font's codes want it
	used   map[rune]bool       // the characters drawn
	has    func(rune) bool     // the font can draw the rune
	colW   float64
	lineH  float64
	perCol int // lines per column
}

func newRenderer(o PDFOptions) (*renderer, error) {
	p := fpdf.New("P", "pt", "A4", "")
	p.SetCreationDate(fixedTime)
	p.SetModificationDate(fixedTime)
	p.SetCatalogSort(true)
	p.SetAutoPageBreak(false, 0)
	p.SetCellMargin(0)
	p.SetProducer("ratsarchiv docgen", false)
	if o.Encrypt {
		p.SetProtection(fpdf.CnProtectPrint, o.UserPassword, "owner-"+o.UserPassword)
	}
	r := &renderer{o: o, pdf: p, used: map[rune]bool{}}
	switch o.Font {
	case GoFont:
		p.AddUTF8FontFromBytes("go", "", goregular.TTF)
		p.SetFont("go", "", o.Size)
		f, err := sfnt.Parse(goregular.TTF)
		if err != nil {
			return nil, err
		}
		var buf sfnt.Buffer
		r.has = func(c rune) bool {
			g, err := f.GlyphIndex(&buf, c)
			return err == nil && g != 0
		}
		r.enc = func(s string) string {
			for _, c := range s {
				r.used[c] = true
			}
			return s
		}
	default:
		p.SetFont("Helvetica", "", o.Size)
		r.enc = p.UnicodeTranslatorFromDescriptor("")
		cp := charmap.Windows1252
		r.has = func(c rune) bool {
			_, ok := cp.EncodeRune(c)
			return ok && c >= ' '
		}
	}
	r.lineH = o.Size * 1.3
	r.colW = pageW - 2*marginX
	if o.Columns == 2 {
		r.colW = (r.colW - gutter) / 2
	}
	r.perCol = int((pageH - marginTop - marginBottom) / r.lineH)
	return r, p.Error()
}

// width is the drawn width of s in points.
func (r *renderer) width(s string) float64 { return r.pdf.GetStringWidth(r.enc(s)) }

// sanitize drops what the font cannot draw, and the words left empty. A
// word that ends in a hyphen is glued to the next (no line break between
// them) unless that is "und" or "oder": the extractions keep their own
// line-end breaks ("Ge- meinderat"), whose truth no extractor can know.
func (r *renderer) sanitize(paras [][]string) [][]word {
	var out [][]word
	n := 0
	for _, p := range paras {
		var ws []word
		for _, w := range p {
			w = strings.Map(func(c rune) rune {
				if c == '\u00AD' || unicode.IsControl(c) || !r.has(c) {
					return -1
				}
				return c
			}, w)
			if w == "" {
				continue
			}
			if pieces := r.tooWide(w); len(pieces) > 1 {
				for _, p := range pieces {
					ws = append(ws, word{show: p, want: p})
				}
				continue
			}
			if k := len(ws) - 1; k >= 0 && strings.HasSuffix(ws[k].want, "-") && !suspending[w] &&
				r.width(r.glyphs(ws[k].show+" "+w)) <= r.colW {
				ws[k].show += " " + w
				ws[k].want += " " + w
				continue
			}
			show := w
			n++
			if r.o.SoftHyphens && r.o.Font == GoFont && n%7 == 0 { // WinAnsi has no soft hyphen: its 0xAD is a hyphen
				show = softHyphenate(w)
			}
			ws = append(ws, word{show: show, want: w})
		}
		if len(ws) > 0 {
			out = append(out, ws)
		}
	}
	return out
}

// tooWide splits a word wider than a column into pieces that fit, as
// word processors break a word that fits no line; the pieces are the
// truth then, since the page shows them on lines of their own.
func (r *renderer) tooWide(w string) []string {
	if r.width(r.glyphs(w)) <= r.colW {
		return nil
	}
	var pieces []string
	rs := []rune(w)
	for len(rs) > 0 {
		n := len(rs)
		for n > 1 && r.width(r.glyphs(string(rs[:n]))) > r.colW {
			n--
		}
		pieces = append(pieces, string(rs[:n]))
		rs = rs[n:]
	}
	return pieces
}

// suspending are the words before which a line may end in "Auf-": the
// extractor must keep the hyphen ("Auf- und Abbau").
var suspending = map[string]bool{"und": true, "oder": true, "bzw.": true, "sowie": true, "bis": true}

// softHyphenate puts a soft hyphen into the middle of a long word of
// lowercase letters, where a word processor's hyphenation would.
func softHyphenate(w string) string {
	rs := []rune(w)
	if len(rs) < 10 {
		return w
	}
	if i := syllableBreak(rs, len(rs)/2); i > 0 {
		return string(rs[:i]) + "\u00AD" + string(rs[i:])
	}
	return w
}

// syllableBreak returns a place near at to break rs where a German
// hyphenation might (before a consonant followed by a vowel, between
// lowercase letters), or 0.
func syllableBreak(rs []rune, at int) int {
	for d := 0; d < len(rs); d++ {
		for _, i := range []int{at - d, at + d} {
			if i >= 3 && i <= len(rs)-3 && goodBreak(rs, i) {
				return i
			}
		}
	}
	return 0
}

// goodBreak reports whether rs may break before rs[i].
func goodBreak(rs []rune, i int) bool {
	a, b, c := rs[i-1], rs[i], rs[i+1]
	if !unicode.IsLetter(a) || !unicode.IsLower(b) || !unicode.IsLower(c) {
		return false
	}
	for _, x := range rs {
		if !unicode.IsLetter(x) && x != '\u00AD' {
			return false
		}
	}
	if (b == 'h' && (a == 'c' || a == 's')) || (b == 'k' && a == 'c') || (b == 'c' && a == 's') {
		return false
	}
	return !vowel(b) && vowel(c)
}

func vowel(r rune) bool { return strings.ContainsRune("aeiouäöüy", unicode.ToLower(r)) }

// flow sets the paragraphs into lines, columns and pages.
func (r *renderer) flow(paras [][]word) []*pageOut {
	var pages []*pageOut
	var pg *pageOut
	col, row, capacity := 0, 0, r.perCol
	newPage := func() bool {
		if r.o.MaxPages > 0 && len(pages) == r.o.MaxPages {
			return false
		}
		pg = &pageOut{cols: make([][]lineOut, r.o.Columns)}
		pages = append(pages, pg)
		col, row, capacity = 0, 0, r.perCol
		return true
	}
	if !newPage() {
		return nil
	}
	// advance moves to the next line slot; false when out of pages.
	advance := func() bool {
		row++
		if row < capacity {
			return true
		}
		col++
		row = 0
		if col < r.o.Columns {
			return true
		}
		return newPage()
	}
	if t := tableSource(paras); r.o.Table && r.o.Columns == 1 && t >= 0 {
		var used int
		pg.table, used = r.table(paras[t])
		paras[t] = paras[t][used:]
		for _, cells := range pg.table {
			pg.want = append(pg.want, cells...)
		}
		capacity -= len(pg.table) + 1
	}
	space := r.width(" ")
	for pi, para := range paras {
		if pi > 0 && row > 0 { // a blank line between paragraphs
			pg.cols[col] = append(pg.cols[col], lineOut{})
			if !advance() {
				return pages
			}
		}
		ws := append([]word(nil), para...)
		for len(ws) > 0 {
			var line lineOut
			used := 0.0
			lastRow := row == capacity-1
			for len(ws) > 0 {
				w := ws[0]
				need := r.width(r.glyphs(w.show))
				if len(line.words) > 0 {
					need += space
				}
				if used+need <= r.colW || len(line.words) == 0 && need > r.colW && !r.canBreak(w) {
					line.words = append(line.words, w.show)
					if !w.cont {
						pg.want = append(pg.want, w.want)
					}
					used += need
					ws = ws[1:]
					continue
				}
				if r.o.Hyphenate && !lastRow {
					avail := r.colW - used
					if len(line.words) > 0 {
						avail -= space
					}
					if head, tail, ok := r.breakWord(w.show, avail); ok {
						line.words = append(line.words, head)
						if !w.cont {
							pg.want = append(pg.want, w.want)
						}
						ws[0] = word{show: tail, want: w.want, cont: true}
						pg.breaks = append(pg.breaks, head+"|"+tail)
					}
				}
				if n := len(line.words); n > 0 && strings.HasSuffix(line.words[n-1], "-") && !ws[0].cont {
					pg.breaks = append(pg.breaks, line.words[n-1]+"|"+ws[0].show)
				}
				line.justify = true
				break
			}
			pg.cols[col] = append(pg.cols[col], line)
			if !advance() {
				return pages
			}
		}
	}
	return pages
}

// canBreak reports whether a word too wide for a line can be broken.
func (r *renderer) canBreak(w word) bool {
	_, _, ok := r.breakWord(w.show, r.colW)
	return ok && r.o.Hyphenate
}

// breakWord breaks a word so that its head, with the hyphen drawn, fits
// into avail: after a hyphen of its own, or between syllables.
func (r *renderer) breakWord(w string, avail float64) (head, tail string, ok bool) {
	rs := []rune(w)
	hy := "-"
	if r.o.SoftHyphens {
		hy = "\u00AD"
	}
	for i := len(rs) - 2; i >= 2; i-- {
		var h string
		switch {
		case rs[i] == '-' && unicode.IsLetter(rs[i-1]) && (unicode.IsUpper(rs[i+1]) || unicode.IsDigit(rs[i+1])):
			// a break after a hyphen before a lowercase letter reads as
			// hyphenation ("pipeline-⏎gebunden"): typesetters avoid it
			h = string(rs[:i+1])
			if r.width(r.glyphs(h)) <= avail {
				return h, string(rs[i+1:]), true
			}
		case rs[i] == '\u00AD':
			h = string(rs[:i+1])
			if r.width(r.glyphs(h)) <= avail {
				return h, string(rs[i+1:]), true
			}
		case i >= 3 && i+1 < len(rs) && goodBreak(rs, i):
			h = string(rs[:i]) + hy
			if r.width(r.glyphs(h)) <= avail {
				return h, strings.ReplaceAll(string(rs[i:]), "\u00AD", ""), true
			}
		}
	}
	return "", "", false
}

// glyphs is the text as drawn: with ligatures where they are on.
func (r *renderer) glyphs(s string) string {
	if r.o.Ligatures {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "fi", "\uFB01"), "fl", "\uFB02")
	}
	return s
}

// tableSource returns the first paragraph long enough to fill a table
// from, or -1. Its words move into the table, ahead of the text.
func tableSource(paras [][]word) int {
	for i, p := range paras {
		if len(p) >= 20 {
			return i
		}
	}
	return -1
}

// table takes the first words of a paragraph into a table of three
// columns, one or two words a cell; it returns the rows and the words used.
func (r *renderer) table(ws []word) ([][]string, int) {
	cellW := r.colW / 3
	var rows [][]string
	used := 0
	for len(rows) < 5 && used+6 <= len(ws) {
		var cells []string
		for c := 0; c < 3; c++ {
			n := 1 + (used+c)%2
			text := ws[used].want
			if n == 2 && r.width(text+" "+ws[used+1].want) < cellW-8 {
				text += " " + ws[used+1].want
				used++
			}
			used++
			if r.width(text) >= cellW-8 {
				text = "–" // too wide for its cell: dropped from the table and the truth
			}
			cells = append(cells, text)
		}
		rows = append(rows, cells)
	}
	return rows, used
}

// draw renders the pages.
func (r *renderer) draw(pages []*pageOut) error {
	p := r.pdf
	for i, pg := range pages {
		p.AddPage()
		r.furniture(i+1, len(pages))
		y := marginTop + r.o.Size
		if pg.table != nil {
			cellW := r.colW / 3
			for _, cells := range pg.table {
				for c, text := range cells {
					x := marginX + float64(c)*cellW
					p.Rect(x, y-r.o.Size, cellW, r.lineH, "D")
					r.text(x+4, y-0.2*r.o.Size, text)
				}
				y += r.lineH
			}
			y += r.lineH
		}
		colX := func(c int) float64 { return marginX + float64(c)*(r.colW+gutter) }
		if r.o.RowOrder {
			for row := 0; ; row++ {
				drawn := false
				for c, lines := range pg.cols {
					if row < len(lines) {
						r.line(colX(c), y+float64(row)*r.lineH, lines[row])
						drawn = true
					}
				}
				if !drawn {
					break
				}
			}
		} else {
			for c, lines := range pg.cols {
				for row, l := range lines {
					r.line(colX(c), y+float64(row)*r.lineH, l)
				}
			}
		}
	}
	return p.Error()
}

// furniture draws the running header and the page number.
func (r *renderer) furniture(n, of int) {
	p := r.pdf
	size := r.o.Size
	p.SetFontSize(size - 1.5)
	defer p.SetFontSize(size)
	if r.o.Header != "" {
		r.text(marginX, headerY, r.o.Header)
	}
	var s string
	var x, y float64
	switch r.o.PageNumbers {
	case DashTop:
		if n == 1 {
			return
		}
		s = "– " + strconv.Itoa(n) + " –"
		x, y = (pageW-r.width(s))/2, numberTopY
	case SeiteBottom:
		s = "Seite " + strconv.Itoa(n) + " von " + strconv.Itoa(of)
		x, y = pageW-marginX-r.width(s), footerY
	case NumberBottom:
		s = strconv.Itoa(n)
		x, y = (pageW-r.width(s))/2, footerY
	default:
		return
	}
	r.text(x, y, s)
}

// text draws s with its baseline at y.
func (r *renderer) text(x, y float64, s string) {
	r.pdf.Text(x, y, r.enc(r.glyphs(s)))
}

// line draws one typeset line with its baseline at y.
func (r *renderer) line(x, y float64, l lineOut) {
	p := r.pdf
	switch r.o.Draw {
	case DrawWords:
		widths := make([]float64, len(l.words))
		total := 0.0
		for i, w := range l.words {
			widths[i] = r.width(r.glyphs(w))
			total += widths[i]
		}
		gap := r.width(" ")
		if l.justify && len(l.words) > 1 {
			gap = (r.colW - total) / float64(len(l.words)-1)
		}
		for i, w := range l.words {
			r.word(x, y, w)
			x += widths[i] + gap
		}
	default:
		s := r.enc(r.glyphs(strings.Join(l.words, " ")))
		top := y - 0.5*r.lineH - 0.3*r.o.Size
		p.SetXY(x, top)
		justify := l.justify && r.o.Draw == DrawJustified && len(l.words) > 1
		switch {
		case justify && r.o.Font == GoFont:
			p.CellFormat(r.colW, r.lineH, s, "", 0, "J", false, 0, "")
		case justify:
			p.SetWordSpacing((r.colW - p.GetStringWidth(s)) / float64(strings.Count(s, " ")))
			p.CellFormat(r.colW, r.lineH, s, "", 0, "L", false, 0, "")
			p.SetWordSpacing(0)
		default:
			p.CellFormat(r.colW, r.lineH, s, "", 0, "L", false, 0, "")
		}
	}
}

// umlautBase maps umlauts to the letter the diaeresis is drawn over.
var umlautBase = map[rune]rune{'ä': 'a', 'ö': 'o', 'ü': 'u', 'Ä': 'A', 'Ö': 'O', 'Ü': 'U'}

// word draws one word at x, its umlauts in runs of their own or as accents
// over their letters where the options say so.
func (r *renderer) word(x, y float64, w string) {
	if !r.o.UmlautRuns && !r.o.Accents {
		r.text(x, y, w)
		return
	}
	var run strings.Builder
	flush := func() {
		if run.Len() > 0 {
			s := run.String()
			r.text(x, y, s)
			x += r.width(r.glyphs(s))
			run.Reset()
		}
	}
	for _, c := range w {
		base, umlaut := umlautBase[c]
		switch {
		case umlaut && r.o.Accents:
			flush()
			b, d := string(base), "¨"
			bw := r.width(b)
			r.text(x+(bw-r.width(d))/2, y, d)
			r.text(x, y, b)
			x += bw
		case (umlaut || c == 'ß') && r.o.UmlautRuns:
			flush()
			run.WriteRune(c)
			flush()
		default:
			run.WriteRune(c)
		}
	}
	flush()
}

// fixToUnicode replaces fpdf's ToUnicode map, one range <0000> <FFFF>
// that the PDF standard forbids (a range may not cross a change of its
// first byte), with a map of the characters drawn, as real producers write
// it. Strict readers misread fpdf's map.
func fixToUnicode(data []byte, used map[rune]bool) ([]byte, error) {
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var chars []string
	for c := range used {
		if c > 0 && c <= 0xFFFF && (c < 0xD800 || c > 0xDFFF) {
			chars = append(chars, fmt.Sprintf("<%04X> <%04X>\n", c, c))
		}
	}
	slices.Sort(chars)
	for len(chars) > 0 {
		n := min(100, len(chars))
		fmt.Fprintf(&b, "%d beginbfchar\n%sendbfchar\n", n, strings.Join(chars[:n], ""))
		chars = chars[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	objs, err := parseObjects(data)
	if err != nil {
		return nil, err
	}
	for _, o := range objs.list {
		body := objs.body(o)
		if !bytes.Contains(body, []byte("/ToUnicode ")) {
			continue
		}
		i := bytes.Index(body, []byte("/ToUnicode ")) + len("/ToUnicode ")
		n, err := strconv.Atoi(string(bytes.Fields(body[i:])[0]))
		if err != nil {
			return nil, fmt.Errorf("ToUnicode reference: %w", err)
		}
		objs.replace(n, streamObject(nil, []byte(b.String())))
	}
	return objs.write(), nil
}
