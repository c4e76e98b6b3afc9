// Package pagetext turns the lines of typeset pages back into the words
// people search for. Typesetting breaks words at line ends
// ("Bebauungs-⏎plan"), draws ligatures ("ﬁ"), hides soft hyphens in the
// text and repeats headers, footers and page numbers on every page; a search
// for "Bebauungsplan" must find the word all the same, and must not find
// every page for the town's name in the header.
//
// The rules are German ones: a line-end hyphen before a lowercase word is a
// hyphenation, before a capital it is a real hyphen ("Kita-⏎Gebühren"), and
// before "und"/"oder" it is a suspended compound ("Auf-⏎und Abbau").
package pagetext

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Clean returns the text of each page: lines normalized, running headers,
// footers and page numbers removed, hyphenated words rejoined, lines
// joined by "\n". pages holds each page's lines in reading order, an empty
// line marking a paragraph break.
func Clean(pages [][]string) []string {
	normalized := make([][]string, len(pages))
	for i, lines := range pages {
		normalized[i] = make([]string, len(lines))
		for j, l := range lines {
			normalized[i][j] = NormalizeLine(l)
		}
	}
	stripped := StripRunning(normalized)
	out := make([]string, len(stripped))
	for i, lines := range stripped {
		lines = JoinHyphenated(lines)
		for j, l := range lines {
			lines[j] = strings.ReplaceAll(l, softHyphen, "")
		}
		out[i] = strings.TrimSpace(strings.Join(collapseBlank(lines), "\n"))
	}
	return out
}

const softHyphen = "\u00AD"

// ligatures maps the presentation forms typesetters draw to the letters
// they stand for.
var ligatures = strings.NewReplacer(
	"\uFB00", "ff", "\uFB01", "fi", "\uFB02", "fl", "\uFB03", "ffi", "\uFB04", "ffl",
	"\uFB05", "st", "\uFB06", "st",
)

// NormalizeLine expands ligatures, composes letters and their accents
// (NFC), turns no-break and other wide spaces into plain ones, drops
// zero-width characters and control characters, and collapses runs of
// spaces. Soft hyphens stay, so JoinHyphenated can tell a line-end break;
// Clean drops the rest.
func NormalizeLine(s string) string {
	s = ligatures.Replace(s)
	s = norm.NFC.String(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '\u200B' || r == '\u200C' || r == '\u200D' || r == '\u2060' || r == '\uFEFF':
			continue
		case r == '\u2010' || r == '\u2011':
			r = '-'
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r) || r == utf8.RuneError:
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// suspending are the words after which a line-end "Auf-" is a suspended
// compound ("Auf- und Abbauzeiten"), not a hyphenated word.
var suspending = map[string]bool{
	"und": true, "oder": true, "bzw": true, "bzw.": true, "sowie": true, "bis": true,
	"als": true, "wie": true, "noch": true, "beziehungsweise": true, "u.": true, "o.": true,
}

// JoinHyphenated rejoins words broken at line ends. A line ending in a
// letter and "-" (or a soft hyphen) is joined with the first word of the
// next line: without the hyphen when that word starts in lowercase
// ("Bebauungs-" "plan" → "Bebauungsplan"), with it when it starts with a
// capital or a digit ("Kita-" "Gebühren" → "Kita-Gebühren") or follows
// capitals ("CDU-" "geführt" → "CDU-geführt") or ends a web address. A
// suspended compound ("Auf-" "und Abbau") and a dash standing alone are
// left as they are. The joined word moves up to the end of the first line.
// A blank line (paragraph break) stops joining.
func JoinHyphenated(lines []string) []string {
	out := make([]string, len(lines))
	copy(out, lines)
	for i := 0; i+1 < len(out); i++ {
		cur := strings.TrimRight(out[i], " ")
		next := strings.TrimLeft(out[i+1], " ")
		soft := strings.HasSuffix(cur, softHyphen)
		hard := strings.HasSuffix(cur, "-")
		if next == "" || (!soft && !hard) {
			continue
		}
		stem := strings.TrimSuffix(strings.TrimSuffix(cur, softHyphen), "-")
		last, _ := utf8.DecodeLastRuneInString(stem)
		if !unicode.IsLetter(last) && !(hard && unicode.IsDigit(last)) {
			continue
		}
		word, rest, _ := strings.Cut(next, " ")
		first, _ := utf8.DecodeRuneInString(word)
		switch {
		case soft && unicode.IsLetter(first):
			out[i] = stem + word
		case !unicode.IsLetter(first) && !unicode.IsDigit(first):
			continue
		case suspending[strings.ToLower(word)]:
			continue
		case isURL(stem):
			out[i] = cur + word // a web address broken at its own hyphen
		case unicode.IsLower(first) && unicode.IsLetter(last) && !acronym(stem):
			out[i] = stem + word
		default:
			out[i] = cur + word
		}
		out[i+1] = rest
		if rest == "" {
			// the next line was one word: keep the paragraph flowing
			out = append(out[:i+1], out[i+2:]...)
			i--
		}
	}
	return out
}

// isURL reports whether the last word of s is a web or mail address.
func isURL(s string) bool {
	w := s[strings.LastIndexByte(s, ' ')+1:]
	return strings.Contains(w, "://") || strings.HasPrefix(w, "www.") || strings.Contains(w, "@")
}

// acronym reports whether the last word of s is in capitals ("CDU",
// "E"): its hyphen is real ("CDU-geführt", "E-mail").
func acronym(s string) bool {
	w := s[strings.LastIndexAny(s, " -/")+1:]
	letters := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters > 0
}

// runningZone is how many lines at the top and at the bottom of a page are
// looked at for headers, footers and page numbers.
const runningZone = 3

// pageNumber matches the lines that are only a page number: "3", "- 3 -",
// "– 3 –", "Seite 3", "Seite 3 von 12", "3/12", "S. 3".
var pageNumber = regexp.MustCompile(`(?i)^[\s\-–—]*(?:seite|s\.|page)?\s*(\d{1,5})(?:\s*(?:von|/|of)\s*\d{1,5})?[\s\-–—]*$`)

// StripRunning removes the lines that typesetting repeats: a line at the
// same place near the top or the bottom of at least half the pages (and of
// two at least) that, its digits ignored, reads the same there ("Seite 3
// von 9"), and a line there that is only the page's number. pages holds
// each page's normalized lines; the result shares no slices with it.
func StripRunning(pages [][]string) [][]string {
	counts := map[string]int{}
	for _, lines := range pages {
		seen := map[string]bool{}
		for _, z := range zone(lines) {
			if k := runningKey(lines[z.line], z.place); k != "" && !seen[k] {
				seen[k] = true
				counts[k]++
			}
		}
	}
	need := max(2, (len(pages)+1)/2)
	out := make([][]string, len(pages))
	for i, lines := range pages {
		drop := map[int]bool{}
		for _, z := range zone(lines) {
			if counts[runningKey(lines[z.line], z.place)] >= need || isPageNumber(lines[z.line], i+1) {
				drop[z.line] = true
			}
		}
		kept := make([]string, 0, len(lines))
		for j, l := range lines {
			if !drop[j] {
				kept = append(kept, l)
			}
		}
		out[i] = kept
	}
	return out
}

// zoneLine is a line near the top or bottom of a page: its index, and its
// place counted from the top (1, 2, 3) or the bottom (-1, -2, -3).
type zoneLine struct{ line, place int }

// zone returns the first and last runningZone non-blank lines of a page.
func zone(lines []string) []zoneLine {
	var idx []zoneLine
	for j := 0; j < len(lines) && len(idx) < runningZone; j++ {
		if lines[j] != "" {
			idx = append(idx, zoneLine{j, len(idx) + 1})
		}
	}
	top := len(idx)
	for j := len(lines) - 1; j >= 0 && len(idx) < top+runningZone; j-- {
		if lines[j] != "" && (top == 0 || j > idx[top-1].line) {
			idx = append(idx, zoneLine{j, top - len(idx) - 1})
		}
	}
	return idx
}

// minRunning is the length of the shortest line without digits taken for
// a running header: a short line ("Ja", "Text") recurs by chance.
const minRunning = 6

// runningKey is the line at its place with digits and case ignored, so
// "Seite 3" and "Seite 4" match; "" for a line too short to tell anything.
func runningKey(s string, place int) string {
	k := strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return '#'
		}
		return unicode.ToLower(r)
	}, s)
	if !strings.Contains(k, "#") && utf8.RuneCountInString(k) < minRunning {
		return ""
	}
	return strconv.Itoa(place) + "\x00" + k
}

// isPageNumber reports whether the line is only a page number close to
// the page's place in the file (a cover page may go unnumbered).
func isPageNumber(s string, page int) bool {
	m := pageNumber.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	n, err := strconv.Atoi(m[1])
	return err == nil && n >= page-2 && n <= page+2
}

// collapseBlank drops blank lines at the ends and doubled blank lines.
func collapseBlank(lines []string) []string {
	out := lines[:0]
	for _, l := range lines {
		if l == "" && (len(out) == 0 || out[len(out)-1] == "") {
			continue
		}
		out = append(out, l)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}
