package minutetext

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// line is one line of text after page furniture is dropped and words
// hyphenated at line ends are rejoined. num is the 1-based number of the
// input line it starts on; page is set on the first line of text after a
// page break (a form feed or a page number).
type line struct {
	text string
	num  int
	page bool
}

// Furniture is an input line dropped because it is page furniture, not
// content: a form feed between pages, or a page number such as "- 2 -".
// Every input line is either in some field of the result or listed here.
type Furniture struct {
	Line int    // 1-based input line
	Text string // the line as it was
}

var (
	// "- 2 -", "– 12 –", "Seite 3", "Seite 3 von 9"
	pageNumberRe = regexp.MustCompile(`^(?:[-–]\s*\d{1,4}\s*[-–]|Seite\s+\d{1,4}(?:\s+von\s+\d{1,4})?)$`)
	// "P r o t o k o l l": headings set in letter-spaced type come out of
	// PDFs with a space between letters.
	letterSpacedRe = regexp.MustCompile(`^(?:\p{L} ){3,}\p{L}$`)
)

// symbolFont maps private-use characters that PDF text extraction leaves for
// bullets and arrows of the Symbol and Wingdings fonts to what they show.
var symbolFont = strings.NewReplacer(
	"\uf0b7", "•", "\uf0a7", "▪", "\uf0d8", "➢", "\uf0e0", "→", "\uf0e8", "➔",
	"\uf02d", "-", "\uf02a", "*",
)

// suspended are the words after which a line-final hyphen is a suspended
// compound ("Sprach-\nund Integrationskurse"), not a broken word.
var suspended = map[string]bool{
	"und": true, "oder": true, "bzw.": true, "sowie": true, "als": true,
	"bis": true, "wie": true, "noch": true, "u.": true, "od.": true,
}

// splitLines prepares text for parsing: it splits lines, drops page
// furniture, rejoins words hyphenated at line ends and closes up
// letter-spaced headings. Blank lines are kept (they separate paragraphs).
func splitLines(text string) ([]line, []Furniture) {
	raw := strings.Split(text, "\n")
	lines := make([]line, 0, len(raw))
	var furniture []Furniture
	running := runningLines(raw)
	newPage := false
	for i, r := range raw {
		if running[i] {
			furniture = append(furniture, Furniture{Line: i + 1, Text: r})
			continue
		}
		s := strings.TrimRight(r, "\r")
		if strings.ContainsRune(s, '\f') {
			newPage = true
			s = strings.ReplaceAll(s, "\f", "")
			if strings.TrimSpace(s) == "" {
				furniture = append(furniture, Furniture{Line: i + 1, Text: r})
				continue
			}
		}
		s = strings.TrimSpace(symbolFont.Replace(s))
		if pageNumberRe.MatchString(s) {
			newPage = true
			furniture = append(furniture, Furniture{Line: i + 1, Text: r})
			continue
		}
		if letterSpacedRe.MatchString(s) {
			s = strings.ReplaceAll(s, " ", "")
		}
		lines = append(lines, line{text: s, num: i + 1, page: newPage && s != ""})
		if s != "" {
			newPage = false
		}
	}
	return rejoinHyphens(lines), furniture
}

// runningLines marks running page headers and footers: a line that opens
// or closes at least half of the pages (pages end at a form feed), at least
// three, and reads the same on each but for its page number ("Niederschrift
// Rat 12.03.2024, Seite 2 von 7"), or reads the same on each and is no
// sentence (the minutes' title, "Sitzung des Rates vom 12.03.2024").
// Headings, labelled results and annex headings never count: two pages may
// well open with "Beratungsergebnis: einstimmig", and "Anlage 2" on the
// pages of an annex says which annex they are. Page numbers alone are
// recognised by pageNumberRe.
func runningLines(raw []string) map[int]bool {
	var breaks []int
	for i, r := range raw {
		if strings.ContainsRune(r, '\f') {
			breaks = append(breaks, i)
		}
	}
	if len(breaks) < 2 {
		return nil
	}
	// The first content line of a page, or the last (step -1).
	edge := func(i, step int) int {
		for ; i >= 0 && i < len(raw); i += step {
			t := strings.TrimSpace(raw[i])
			if strings.ContainsRune(t, '\f') {
				return -1
			}
			if t != "" && !pageNumberRe.MatchString(t) {
				return i
			}
		}
		return -1
	}
	seen := map[string][]int{}
	add := func(i int) {
		if i < 0 || headingRe.MatchString(raw[i]) || resultLabelRe.MatchString(raw[i]) || isAnnexHeading(raw[i]) {
			return
		}
		key := digitsOut(raw[i])
		for _, j := range seen[key] {
			if j == i {
				return
			}
		}
		seen[key] = append(seen[key], i)
	}
	add(edge(0, 1))
	add(edge(len(raw)-1, -1))
	for _, b := range breaks {
		add(edge(b+1, 1))
		add(edge(b-1, -1))
	}
	need := max(3, (len(breaks)+1)/2)
	marked := map[int]bool{}
	for key, at := range seen {
		// A table row ("Kindergarten 43 25 25 43 50 143 64 393") that
		// opens several pages is content: running lines hold a page
		// number and a date at most.
		if len(at) < need || utf8.RuneCountInString(key) < 8 || strings.Count(key, "#") > 4 {
			continue
		}
		// A running line counts the pages: its number changes, or it says
		// "Seite"; or it is a title, not a sentence. The same sentence at
		// several page ends is content.
		varies := strings.Contains(key, "Seite") || !endsSentence(key)
		for _, i := range at[1:] {
			varies = varies || strings.TrimSpace(raw[i]) != strings.TrimSpace(raw[at[0]])
		}
		if varies {
			for _, i := range at {
				marked[i] = true
			}
		}
	}
	return marked
}

// digitsOut is s trimmed, with every run of digits written as "#".
func digitsOut(s string) string {
	var b strings.Builder
	digit := false
	for _, r := range strings.TrimSpace(strings.ReplaceAll(s, "\f", "")) {
		if unicode.IsDigit(r) {
			if !digit {
				b.WriteByte('#')
			}
			digit = true
			continue
		}
		digit = false
		b.WriteRune(r)
	}
	return b.String()
}

// rejoinHyphens moves the second part of a word hyphenated at a line end up
// to the first: "Ausschuss-" + "mitglieder und" becomes "Ausschussmitglieder"
// + "und". A capitalised second part keeps the hyphen, because German only
// hyphenates compounds with a capital part on purpose ("Kita-Gebühren",
// "Ja-Stimmen"). Lines emptied by the move are removed.
func rejoinHyphens(lines []line) []line {
	out := lines[:0]
	for i := 0; i < len(lines); i++ {
		cur := lines[i]
		for i+1 < len(lines) && hyphenatedEnd(cur.text) && !headingRe.MatchString(lines[i+1].text) {
			next := lines[i+1].text
			word, rest, _ := strings.Cut(next, " ")
			first, _ := utf8.DecodeRuneInString(word)
			if word == "" || suspended[word] || !(unicode.IsLetter(first) || unicode.IsDigit(first)) {
				break
			}
			if unicode.IsLower(first) {
				cur.text = cur.text[:len(cur.text)-1] + word
			} else {
				cur.text += word
			}
			rest = strings.TrimSpace(rest)
			if rest != "" {
				lines[i+1].text = rest
				break
			}
			// The next line was only the rest of the word: it is used up.
			i++
		}
		out = append(out, cur)
	}
	return out
}

// hyphenatedEnd reports whether s ends in a letter followed by a hyphen, as
// a word broken at the line end does ("Ausschuss-"), unlike a dash after a
// space ("Teichstraße -"), a bullet or a word between dashes
// ("-Abgesetzt-").
func hyphenatedEnd(s string) bool {
	if !strings.HasSuffix(s, "-") {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:len(s)-1])
	word := s[strings.LastIndexAny(s, " \t")+1:]
	return unicode.IsLetter(r) && !strings.HasPrefix(word, "-")
}

// joinLines returns the lines' text, one per line.
func joinLines(ls []line) string {
	var b strings.Builder
	for i, l := range ls {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.text)
	}
	return b.String()
}

// trimBlank drops blank lines at both ends.
func trimBlank(ls []line) []line {
	for len(ls) > 0 && ls[0].text == "" {
		ls = ls[1:]
	}
	for len(ls) > 0 && ls[len(ls)-1].text == "" {
		ls = ls[:len(ls)-1]
	}
	return ls
}

// paragraphs joins lines into text: lines as they are, runs of blank lines
// collapsed into one blank line (a paragraph break).
func paragraphs(ls []line) string {
	ls = trimBlank(ls)
	var b strings.Builder
	blank := false
	for _, l := range ls {
		if l.text == "" {
			blank = true
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
			if blank {
				b.WriteByte('\n')
			}
		}
		blank = false
		b.WriteString(l.text)
	}
	return b.String()
}
