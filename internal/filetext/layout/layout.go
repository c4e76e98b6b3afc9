// Package layout puts the characters a PDF library finds on a page back into
// lines of text in reading order. A PDF draws glyphs at positions; it has no
// words, lines or columns. Lines groups the glyphs by baseline, spaces words
// by the gaps between them (many producers draw no space characters at all),
// joins accents drawn over their letters, and reads a two-column stretch of
// the page column by column instead of across the gutter.
//
// Layout knows nothing of any PDF library: each library's adapter reports
// Glyphs, so the candidates are compared on the same reading rules.
package layout

import (
	"math"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Glyph is one character drawn on a page. Coordinates are in points with y
// growing upwards, as in PDF.
type Glyph struct {
	// Text is what the glyph stands for, usually one rune (a ligature glyph
	// may stand for "ﬁ"; pagetext expands it).
	Text string
	// X0 and X1 are the left edge and the right edge of the glyph's advance:
	// the pen position before and after it. A library that knows no widths
	// reports X1 == X0.
	X0, X1 float64
	// Y is the baseline.
	Y float64
	// Size is the font size in points, the height of the em box.
	Size float64
	// Space marks a space the producer drew or the library inferred: it
	// separates words whatever the gap.
	Space bool
}

// Thresholds, in ems of the font size. Glyph edges are advance edges, so
// letters of a word touch (gap ≈ kerning, a few hundredths of an em) while
// a space is a quarter em or more.
const (
	// wordGap is the smallest gap read as a space between words.
	wordGap = 0.12
	// segmentGap is the smallest gap that may be a column gutter or a gap
	// between table cells.
	segmentGap = 1.0
	// lineTolerance is how far baselines may differ within one line
	// (superscripts, subscripts, columns set a little apart).
	lineTolerance = 0.4
	// paragraphGap is the distance between baselines, in ems, above which a
	// blank line marks a new paragraph (leading is 1.1–1.5 em).
	paragraphGap = 1.8
	// blockGap is the distance between baselines above which a two-column
	// stretch ends: headers and footers stand apart from the body.
	blockGap = 2.6
	// minColumnLines is how many lines must have text on both sides of a
	// gutter before a stretch is read as two columns.
	minColumnLines = 4
	// maxBlockLines bounds the lines looked at for one column stretch, and
	// so the work on a page of thousands of tiny lines.
	maxBlockLines = 400
	// columnBudget bounds the lines looked at for columns on one page, all
	// stretches together: a page of ordinary lines needs a few thousand.
	columnBudget = 200_000
	// maxRecounts bounds how often the evidence for one stretch is counted
	// again after lines with two free gaps.
	maxRecounts = 8
	// fullLine is how close, in ems, a line of the left column must come
	// to the gutter to count as a full column line.
	fullLine = 3.0
	// minColumnWords is the fewest words per line, on average on each side,
	// for columns of running text rather than a table.
	minColumnWords = 2
)

// Lines returns the page's text as lines in reading order. An empty string
// marks a paragraph break. Glyphs with coordinates that are not numbers are
// ignored.
func Lines(glyphs []Glyph) []string {
	lines := groupLines(clean(glyphs))
	p := newPage(lines)
	var out []string
	var prev *line
	emit := func(l *line, text string) {
		if text == "" {
			return
		}
		if prev != nil && prev.y-l.y > paragraphGap*max(prev.size, l.size) && len(out) > 0 && out[len(out)-1] != "" {
			out = append(out, "")
		}
		out = append(out, text)
		prev = l
	}
	for i := 0; i < len(lines); {
		n, gutter := p.columnBlock(i)
		if n == 0 {
			emit(lines[i], lines[i].text(math.Inf(-1), math.Inf(1)))
			i++
			continue
		}
		block := lines[i : i+n]
		for _, l := range block {
			emit(l, l.text(math.Inf(-1), gutter))
		}
		prev = nil // the right column starts a new flow
		if len(out) > 0 && out[len(out)-1] != "" {
			out = append(out, "")
		}
		for _, l := range block {
			emit(l, l.text(gutter, math.Inf(1)))
		}
		i += n
	}
	if len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// clean drops glyphs that cannot be placed or say nothing and puts the
// edges in order.
func clean(glyphs []Glyph) []Glyph {
	out := make([]Glyph, 0, len(glyphs))
	for _, g := range glyphs {
		if !finite(g.X0) || !finite(g.X1) || !finite(g.Y) || !finite(g.Size) {
			continue
		}
		if g.X1 < g.X0 {
			g.X0, g.X1 = g.X1, g.X0
		}
		if g.Size <= 0 || g.Size > 1000 {
			g.Size = 10
		}
		if !g.Space {
			if strings.TrimSpace(g.Text) == "" && g.Text != "" {
				g.Space = true
			}
			g.Text = strings.Map(printable, g.Text)
			if !g.Space && strings.TrimSpace(g.Text) == "" {
				continue // drawn, but stands for nothing a reader sees
			}
		}
		if g.Space {
			g.Text = " "
		}
		out = append(out, g)
	}
	return out
}

// printable keeps what a reader can see; control characters go.
func printable(r rune) rune {
	if unicode.IsControl(r) || r == unicode.ReplacementChar {
		return -1
	}
	return r
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// line is the glyphs on one baseline, left to right.
type line struct {
	y      float64
	size   float64 // the largest font size on the line
	glyphs []Glyph
}

// groupLines sorts glyphs onto lines, top to bottom. Glyphs on baselines
// within lineTolerance of a line's first glyph join it.
func groupLines(glyphs []Glyph) []*line {
	slices.SortStableFunc(glyphs, func(a, b Glyph) int {
		switch {
		case a.Y > b.Y:
			return -1
		case a.Y < b.Y:
			return 1
		}
		return 0
	})
	var lines []*line
	var cur *line
	for _, g := range glyphs {
		if cur == nil || cur.y-g.Y > lineTolerance*max(cur.size, g.Size) {
			cur = &line{y: g.Y, size: g.Size}
			lines = append(lines, cur)
		}
		cur.size = max(cur.size, g.Size)
		cur.glyphs = append(cur.glyphs, g)
	}
	for _, l := range lines {
		slices.SortStableFunc(l.glyphs, func(a, b Glyph) int {
			switch {
			case a.X0 < b.X0:
				return -1
			case a.X0 > b.X0:
				return 1
			}
			return 0
		})
		l.glyphs = dropDoubles(l.glyphs)
		l.glyphs = attachAccents(l.glyphs)
	}
	return lines
}

// dropDoubles removes glyphs drawn twice at almost the same place, as
// producers do to fake bold type. Glyphs without widths all share one x and
// are left alone.
func dropDoubles(gs []Glyph) []Glyph {
	out := gs[:0]
	for i, g := range gs {
		if i > 0 && !g.Space && g.X1 > g.X0 {
			p := out[len(out)-1]
			if p.Text == g.Text && p.X1 > p.X0 && math.Abs(p.X0-g.X0) < 0.15*g.Size {
				continue
			}
		}
		out = append(out, g)
	}
	return out
}

// combining maps accents drawn as glyphs of their own (as TeX and old
// producers draw umlauts: a letter and a diaeresis over it) to the
// combining mark that follows the letter.
var combining = map[rune]rune{
	'¨': '\u0308', '´': '\u0301', '`': '\u0300', '^': '\u0302', '˜': '\u0303',
	'¸': '\u0327', '˚': '\u030A', 'ˇ': '\u030C', '˙': '\u0307', '¯': '\u0304',
}

// accentMark returns the combining mark a glyph stands for, if it is an
// accent on its own.
func accentMark(g Glyph) (rune, bool) {
	rs := []rune(g.Text)
	if len(rs) != 1 {
		return 0, false
	}
	if unicode.Is(unicode.Mn, rs[0]) {
		return rs[0], true
	}
	m, ok := combining[rs[0]]
	return m, ok
}

// attachAccents joins an accent glyph to the letter it is drawn over, so
// "a" and "¨" become "ä" and the word is not split around the umlaut.
func attachAccents(gs []Glyph) []Glyph {
	out := make([]Glyph, 0, len(gs))
	for i := 0; i < len(gs); i++ {
		g := gs[i]
		mark, ok := accentMark(g)
		if !ok {
			out = append(out, g)
			continue
		}
		mid := (g.X0 + g.X1) / 2
		slack := 0.1 * g.Size
		over := func(b Glyph) bool {
			return !b.Space && mid >= b.X0-slack && mid <= b.X1+slack && b.X1 > b.X0
		}
		switch {
		case len(out) > 0 && over(out[len(out)-1]):
			b := &out[len(out)-1]
			b.Text = norm.NFC.String(b.Text + string(mark))
		case i+1 < len(gs) && over(gs[i+1]):
			b := gs[i+1]
			b.Text = norm.NFC.String(b.Text + string(mark))
			out = append(out, b)
			i++
		default:
			out = append(out, g)
		}
	}
	return out
}

// text returns the words of the line whose glyphs start within [from, to),
// spaced by the gaps between them.
func (l *line) text(from, to float64) string {
	var b strings.Builder
	var prev *Glyph
	pendingSpace := false
	for i := range l.glyphs {
		g := &l.glyphs[i]
		if g.X0 < from || g.X0 >= to {
			continue
		}
		if g.Space {
			pendingSpace = b.Len() > 0
			prev = g
			continue
		}
		if prev != nil && !prev.Space && g.X0-prev.X1 > wordGap*max(g.Size, prev.Size) {
			pendingSpace = b.Len() > 0
		}
		if pendingSpace {
			b.WriteByte(' ')
			pendingSpace = false
		}
		b.WriteString(g.Text)
		prev = g
	}
	return b.String()
}

// span is a stretch of a line's ink from x0 to x1.
type span struct{ x0, x1 float64 }

// segments returns the stretches of the line separated by gaps of at least
// segmentGap, and the number of words in each.
func (l *line) segments() ([]span, []int) {
	var spans []span
	var words []int
	inWord := false
	for _, g := range l.glyphs {
		if g.Space {
			inWord = false
			continue
		}
		n := len(spans)
		if n == 0 || g.X0-spans[n-1].x1 > segmentGap*max(g.Size, l.size*0.5) {
			spans = append(spans, span{g.X0, g.X1})
			words = append(words, 1)
			inWord = true
			continue
		}
		if !inWord || g.X0-spans[n-1].x1 > wordGap*g.Size {
			words[n-1]++
		}
		inWord = true
		spans[n-1].x1 = max(spans[n-1].x1, g.X1)
	}
	return spans, words
}

// page is a page's lines with their segments, found once.
type page struct {
	lines       []*line
	spans       [][]span
	words       [][]int
	left, width float64 // the extent of the text
	budget      int     // lines columnBlock may still look at
}

func newPage(lines []*line) *page {
	p := &page{lines: lines, spans: make([][]span, len(lines)), words: make([][]int, len(lines)), budget: columnBudget}
	left, right := math.Inf(1), math.Inf(-1)
	for i, l := range lines {
		p.spans[i], p.words[i] = l.segments()
		if s := p.spans[i]; len(s) > 0 {
			left = min(left, s[0].x0)
			right = max(right, s[len(s)-1].x1)
		}
	}
	p.left, p.width = left, right-left
	return p
}

// columnBlock reports whether the lines from the first on are a stretch of
// two columns, and if so how many lines it takes and where the gutter is:
// a gap near the middle that no line crosses, with running text beside it
// on at least minColumnLines lines, on both sides on one at least. A wide
// gap of a justified line may stand beside the gutter for a line or two,
// until the lines below cover it. A table, whose rows leave several gaps,
// is read row by row instead. It looks at maxBlockLines lines at most, and
// at columnBudget on the whole page.
func (p *page) columnBlock(first int) (int, float64) {
	lines, spans, words := p.lines[first:], p.spans[first:], p.words[first:]
	left, width := p.left, p.width
	if len(spans) == 0 || len(spans[0]) < 2 {
		return 0, 0
	}
	// free is the set of gaps common to all lines of the block so far.
	free := gaps(spans[0])
	best, bestGutter := 0, 0.0
	// The count of evidence stays true as the free gap narrows: every
	// segment counted lay wholly left or right of the wider gap. Lines
	// skipped while two gaps were free make it stale; recounting is capped.
	var c columnCount
	stale, recounts := true, 0
	for i := range min(len(spans), maxBlockLines) {
		if p.budget--; p.budget < 0 {
			return 0, 0 // a pathological page is read row by row
		}
		if i > 0 {
			if lines[i-1].y-lines[i].y > blockGap*max(lines[i].size, lines[i-1].size) {
				break
			}
			free = uncovered(free, spans[i])
		}
		free = slices.DeleteFunc(free, func(g span) bool {
			return g.x1-g.x0 < segmentGap*lines[i].size ||
				g.x1 < left+0.25*width || g.x0 > left+0.75*width
		})
		if len(free) == 0 {
			break
		}
		if len(free) > 1 {
			stale = true
			continue
		}
		gutter := free[0]
		if stale {
			if recounts++; recounts > maxRecounts {
				break
			}
			c = columnCount{}
			for j := 0; j < i; j++ {
				c.add(spans[j], words[j], gutter, lines[j].size)
			}
			stale = false
		}
		c.add(spans[i], words[i], gutter, lines[i].size)
		if c.columns() {
			best, bestGutter = i+1, (gutter.x0+gutter.x1)/2
		}
	}
	return best, bestGutter
}

// columnCount is the evidence for a gutter in a stretch of lines.
type columnCount struct {
	both        int // lines with text on both sides
	full        int // lines with text on one side reaching to the gutter
	left, right int // lines with text on the left, on the right
	wordsL      int // words left of the gutter
	wordsR      int // words right of it
}

// add counts a line. A line of one column only counts as a column line
// when it runs up to the gutter, as a justified or full line does: the
// last page of a two-column text often has a short right column.
func (c *columnCount) add(spans []span, words []int, gutter span, size float64) {
	l, r := 0, 0
	lEnd, rStart := math.Inf(-1), math.Inf(1)
	for i, s := range spans {
		if s.x1 <= gutter.x0 {
			l += words[i]
			lEnd = max(lEnd, s.x1)
		} else {
			r += words[i]
			rStart = min(rStart, s.x0)
		}
	}
	switch {
	case l > 0 && r > 0:
		c.both++
	case l > 0 && gutter.x0-lEnd < fullLine*size:
		c.full++
	}
	if l > 0 {
		c.left++
		c.wordsL += l
	}
	if r > 0 {
		c.right++
		c.wordsR += r
	}
}

// columns reports whether the evidence makes two columns of running text.
func (c *columnCount) columns() bool {
	return c.both > 0 && c.both+c.full >= minColumnLines &&
		c.wordsL >= minColumnWords*c.left && c.wordsR >= minColumnWords*c.right
}

// gaps returns the gaps between a line's segments.
func gaps(spans []span) []span {
	var out []span
	for i := 1; i < len(spans); i++ {
		out = append(out, span{spans[i-1].x1, spans[i].x0})
	}
	return out
}

// uncovered keeps the parts of the free gaps that no segment of the line
// covers. A line lying wholly beside a gap (a short last line of a
// paragraph) leaves the gap free.
func uncovered(free, spans []span) []span {
	var out []span
	for _, f := range free {
		// the gap survives where no segment of this line covers it
		parts := []span{f}
		for _, s := range spans {
			var next []span
			for _, p := range parts {
				if s.x1 <= p.x0 || s.x0 >= p.x1 {
					next = append(next, p)
					continue
				}
				if s.x0 > p.x0 {
					next = append(next, span{p.x0, s.x0})
				}
				if s.x1 < p.x1 {
					next = append(next, span{s.x1, p.x1})
				}
			}
			parts = next
		}
		out = append(out, parts...)
	}
	return out
}
