package minutetext

import (
	"strings"

	"github.com/ratsarchiv/ratsarchiv/internal/source/sessionpart"
)

// LineRange is a run of input lines, 1-based, First through Last.
type LineRange struct{ First, Last int }

// CutMark replaces the text of a closed part that CutLines cuts.
const CutMark = "[Nichtöffentlicher Teil – nicht veröffentlicht]"

// CutLines returns text without the lines in ranges (1-based input lines,
// as Minutes.Closed and Section.Line give them for the text the minutes
// were parsed from): each run of cut lines becomes one line CutMark.
// Ranges may overlap and come in any order.
func CutLines(text string, ranges []LineRange) string {
	if len(ranges) == 0 {
		return text
	}
	lines := strings.Split(text, "\n")
	cut := make([]bool, len(lines))
	for _, r := range ranges {
		for i := max(r.First, 1); i <= r.Last && i <= len(lines); i++ {
			cut[i-1] = true
		}
	}
	out := make([]string, 0, len(lines))
	for i, l := range lines {
		switch {
		case !cut[i]:
			out = append(out, l)
		case i == 0 || !cut[i-1]:
			out = append(out, CutMark)
		}
	}
	return strings.Join(out, "\n")
}

// partState follows the part headings of minutes ("- nichtöffentlicher
// Teil -", "- öffentlicher Teil -") through their lines and collects the
// input lines of the closed part.
type partState struct {
	lines map[int]bool // input line numbers in the closed part
	text  []string     // the gaps' text, for Minutes.ClosedText
}

// agenda marks the agenda entries listed under a closed part's heading,
// and their lines, as closed.
func (ps *partState) agenda(ls []line, entries []AgendaEntry) {
	closed := false
	next := 0 // the entry whose lines come next
	for _, l := range ls {
		switch sessionpart.Heading(l.text) {
		case sessionpart.Closed:
			closed = true
		case sessionpart.Open:
			closed = false
			continue
		}
		for next < len(entries) && entries[next].Line <= l.num {
			entries[next].Closed = closed
			next++
		}
		if closed {
			ps.lines[l.num] = true
		}
	}
}

// ranges returns the closed lines as runs. Furniture between two closed
// lines (a page number, a running header) is closed with them, so that a
// page break does not split a cut.
func (ps *partState) ranges(furniture []Furniture) []LineRange {
	if len(ps.lines) == 0 {
		return nil
	}
	isFurniture := map[int]bool{}
	for _, f := range furniture {
		isFurniture[f.Line] = true
	}
	last := 0
	for n := range ps.lines {
		last = max(last, n)
	}
	var out []LineRange
	for n := 1; n <= last; n++ {
		if !ps.lines[n] {
			continue
		}
		if k := len(out); k > 0 && bridged(out[k-1].Last, n, isFurniture) {
			out[k-1].Last = n
			continue
		}
		out = append(out, LineRange{n, n})
	}
	return out
}

// bridged reports whether only furniture lies between lines a and b.
func bridged(a, b int, isFurniture map[int]bool) bool {
	for n := a + 1; n < b; n++ {
		if !isFurniture[n] {
			return false
		}
	}
	return true
}

// agendaClosed reports whether the agenda lists number under a closed
// part's heading.
func (ps *partState) agendaClosed(agenda []AgendaEntry, number string) bool {
	for _, e := range agenda {
		if e.Closed && e.Number == number && number != "" {
			return true
		}
	}
	return false
}

// span marks input lines first through last as closed.
func (ps *partState) span(first, last int) {
	for n := first; n <= last; n++ {
		ps.lines[n] = true
	}
}

// gap takes lines of the closed part that belong to no section.
func (ps *partState) gap(ls []line) {
	for _, l := range ls {
		ps.lines[l.num] = true
	}
	if t := paragraphs(ls); t != "" {
		ps.text = append(ps.text, t)
	}
}

// closing returns the lines of the closing without those of a closed part
// in it (an annex reporting on closed items), which go to the gaps.
func (ps *partState) closing(ls []line) []line {
	closed := false
	var out, gap []line
	for _, l := range ls {
		switch sessionpart.Heading(l.text) {
		case sessionpart.Closed:
			closed = true
		case sessionpart.Open:
			if closed {
				ps.gap(gap)
				gap = nil
			}
			closed = false
		}
		if closed {
			gap = append(gap, l)
		} else {
			out = append(out, l)
		}
	}
	ps.gap(gap)
	return out
}

// closedMarks returns the indexes of lines[from:to] that head a closed
// part.
func closedMarks(lines []line, from, to int) []int {
	var out []int
	for i := from; i < to; i++ {
		if sessionpart.Heading(lines[i].text) == sessionpart.Closed {
			out = append(out, i)
		}
	}
	return out
}

// closedFrom tells for each line of lines[from:to] whether it stands in
// the closed part: after a closed part's heading, before one of the
// public part.
func closedFrom(lines []line, from, to int) []bool {
	out := make([]bool, to-from)
	closed := false
	for i := from; i < to; i++ {
		switch sessionpart.Heading(lines[i].text) {
		case sessionpart.Closed:
			closed = true
		case sessionpart.Open:
			closed = false
		}
		out[i-from] = closed
	}
	return out
}
