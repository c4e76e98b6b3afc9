package minutetext

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Annex is an annex printed after the end of the minutes ("Anlage 2 zur
// Niederschrift", "Anlage 1 zu TOP 5"): a report, a letter, a presentation
// that an agenda item's text refers to ("macht die als Anlage 2
// beigefügten Mitteilungen").
type Annex struct {
	Number  string // "2": the annex's number, as the heading gives it
	Heading string // the heading as written: "Anlage 2 zur Niederschrift der Sitzung", a page header above it included
	Text    string // the annex after its heading, lines as published
	Line    int    // 1-based input line of the annex's first line (a page header above the heading, or the heading)
	EndLine int    // 1-based input line of the annex's last line
	// Part is set for the part of an annex on one agenda item, under a
	// line "TOP 7" in an annex that several items refer to; Heading is
	// that line.
	Part bool
}

var (
	// An annex heading at the top of a page: "Anlage 2", "Anlage 1 zur
	// Niederschrift der Sitzung", "Anlage 3 zu TOP 5: …", "Anlage 2
	// (Sanierung DGH):", or a header that ends in the number: "Ortsrat
	// Rössing, 29.10.2013 Anlage 2", "OR Burgstemmen 12.02.2019/Anlage 2".
	annexHeadRe = regexp.MustCompile(`^(?:(.{0,80}?)[\s,/]+)?Anlage\s*(\d{1,2})(?:\s?[a-z]\b)?(.*)$`)
	// What may follow the number in a heading that starts with "Anlage N":
	// nothing, a title after a colon or dash, a note in brackets, the
	// minutes or item it belongs to, or a capitalised title. Not a
	// sentence going on ("Anlage 2 beigefügt ist.").
	annexRestRe = regexp.MustCompile(`^(?:$|\s*[:(–-]|\s+(?:zur|zum|zu)\s|\s+TOP\b|\s+\p{Lu})`)
	// An annex of a paper, not of the minutes: "Anlage 1 zur DS 12/2019".
	annexOfPaperRe = regexp.MustCompile(`^\s*(?:zur|zu\s+der|der|des|zu\s+dieser)\s+(?:DS|Drucksache|Vorlage|Beschlussvorlage)\b`)
	// The agenda item an annex heading names: "zu TOP 5", "TOP 7".
	annexItemRe = regexp.MustCompile(`\bTOP\s*(\d{1,3}(?:\.\d{1,2})?)\b`)
	// An annex's cover title, without a number: "Anlage zu den
	// Informationen über die …".
	annexCoverRe = regexp.MustCompile(`^Anlagen?(?:\s+zu[rm]?\b.*|\s*)$`)
	// Words that lead to a reference within a sentence: "siehe Anlage 2",
	// "des Entwurfs gemäß Anlage 1".
	refWordRe = regexp.MustCompile(`(?i)(?:^|\s)(?:siehe|s\.|vgl\.|gemäß|gem\.|laut|lt\.|in|der|die|den|des|dem|als|zur|zum|und)$`)
)

// annexHeading reads a line at the top of a page after the end of the
// meeting as an annex heading: the annex's number and the agenda item the
// heading names ("" when it names none).
func annexHeading(s string) (number, item string, ok bool) {
	if len(s) > 200 || !strings.Contains(s, "Anlage") {
		return "", "", false
	}
	m := annexHeadRe.FindStringSubmatch(s)
	if m == nil {
		return "", "", false
	}
	pre, rest := m[1], m[3]
	switch {
	case pre != "" && (strings.TrimRight(rest, ": ") != "" || refWordRe.MatchString(pre)):
		// A header names the annex at its end; a sentence that ends in
		// "siehe Anlage 2." is no header.
		return "", "", false
	case pre == "" && (!annexRestRe.MatchString(rest) || annexOfPaperRe.MatchString(rest)):
		return "", "", false
	}
	if it := annexItemRe.FindStringSubmatch(s); it != nil {
		item = it[1]
	}
	return m[2], item, true
}

// isAnnexHeading reports whether a raw input line has the form of an
// annex heading.
func isAnnexHeading(raw string) bool {
	_, _, ok := annexHeading(strings.TrimSpace(strings.ReplaceAll(raw, "\f", "")))
	return ok
}

// annexStart is where an annex begins in the closing.
type annexStart struct {
	at, head     int // indexes into the closing's lines: the annex's first line, its heading
	number, item string
	itemBelow    bool // item comes from a line "TOP 9" under the heading, not the heading
}

// findAnnexes returns the annexes in the closing's lines, with the item
// their heading names ("Anlage 1 zu TOP 5", or a line "TOP 9" under it).
// Each starts at a heading on top of a page, or under a short page header
// ("OR Barnten 21.05.2024", "Ortsrat\nHeyersum") or a cover title
// ("Anlage zu den Informationen über …"), and runs up to the next annex of
// another number (the pages of one annex may each repeat its heading).
func findAnnexes(ls []line) []annexStart {
	const (
		maxHeader = 2 // short lines of a page header above the heading
		maxCover  = 5 // lines of a cover title above it ("Anlage zu den Informationen über …")
	)
	var out []annexStart
	top, above := -1, 0 // the first line of the current page; lines of text since
	cover := false      // the page opens with an unnumbered annex title
	for i, l := range ls {
		if l.text == "" {
			continue
		}
		if l.page {
			top, above, cover = i, 0, annexCoverRe.MatchString(l.text)
		}
		if top < 0 {
			continue
		}
		num, item, ok := annexHeading(l.text)
		if !ok {
			if above++; !cover && (above > maxHeader || utf8.RuneCountInString(l.text) > 60) || above > maxCover {
				top = -1
			}
			continue
		}
		below := false
		if item == "" {
			item = topBelow(ls, i)
			below = item != ""
		}
		if len(out) == 0 || out[len(out)-1].number != num {
			out = append(out, annexStart{top, i, num, item, below})
		}
		top = -1
	}
	return out
}

var (
	// A reference to annexes in an item's text: "Anlage 2", "Anlagen 1, 2
	// und 3", "Anlagen 2 bis 4", "Anlage 1 a und b".
	annexRefRe = regexp.MustCompile(`\bAnlagen?\s*(\d{1,2}(?:\s?[a-z]\b)?(?:\s*(?:,|und|sowie|bis|u\.|&)\s*\d{1,2}(?:\s?[a-z]\b)?)*)`)
	// The minutes as what the annex is attached to: "diesem Protokoll als
	// Anlage 1 beigefügt", "(s. Anlage 2 zum Protokoll)".
	refMinutesRe = regexp.MustCompile(`Protokoll|Niederschrift`)
	// Words that attach: "als Anlage 2 beigefügt", "(siehe Anlage 4)".
	refAttachRe = regexp.MustCompile(`beigefügt|beiliegend|angehängt|angefügt|\bsiehe\b|\bs\.\s*$|\bvgl\.|\bals\s*$|\(\s*(?:siehe\s+|s\.\s*)?$`)
	// A paper's annex: "Anlage 1 der Drucksache Nr. 2/2012", "wie sie
	// dieser Vorlage als Anlage 1 beigefügt ist".
	refPaperAfterRe  = regexp.MustCompile(`^\s*(?:\)\s*)?(?:zur|zu\s+der|zu\s+dieser|der|des|dieser|zum)\s+(?:DS|Drucksache|Vorlage|Beschlussvorlage|Mitteilungsvorlage|Bebauungsplan|Satzung|Richtlinie|Verordnung|Vertrag|Begründung)\b|^\s*unter\s+der\s+Nummer`)
	refPaperBeforeRe = regexp.MustCompile(`(?i)(?:vorlage|drucksache|\bDS)\b[^.;:]{0,30}\s(?:als|in)\s+(?:der\s+)?$`)
	// A line that heads an annex's part on one agenda item: "TOP 7",
	// "zu TOP 12:".
	annexTOPRe = regexp.MustCompile(`^(?i:zu\s+)?TOP\s*(\d{1,3}(?:\.\d{1,2})?)\s*:?$`)
)

// topBelow returns the item number of a line "TOP 9" among the two lines
// of text after line i (under "Anlage 2", "Sitzung Ortsrat Groß
// Escherde"), or "".
func topBelow(ls []line, i int) string {
	for k, seen := i+1, 0; k < len(ls) && seen < 2; k++ {
		if ls[k].text == "" {
			continue
		}
		if top := annexTOPRe.FindStringSubmatch(ls[k].text); top != nil {
			return top[1]
		}
		seen++
	}
	return ""
}

// annexRefs scores the references to annexes in an item's text by
// number: 3 when the text attaches the annex to the minutes ("diesem
// Protokoll als Anlage 1 beigefügt"), 2 when it attaches it ("(siehe
// Anlage 4)", "die als Anlage 2 beigefügten Mitteilungen"), 1 for a bare
// mention. A paper's annex ("Anlage 1 der Drucksache 2/2012") does not
// count.
func annexRefs(text string) map[string]int {
	if !strings.Contains(text, "Anlage") {
		return nil
	}
	out := map[string]int{}
	for _, m := range annexRefRe.FindAllStringSubmatchIndex(text, -1) {
		before := text[max(0, m[0]-60):m[0]]
		after := text[m[1]:min(len(text), m[1]+60)]
		if refPaperAfterRe.MatchString(after) || refPaperBeforeRe.MatchString(before) {
			continue
		}
		score := 1
		switch near := clause(before, after); {
		case refMinutesRe.MatchString(near):
			score = 3
		case refAttachRe.MatchString(before) || refAttachRe.MatchString(firstWords(after, 3)):
			score = 2
		}
		for _, n := range annexNumbers(text[m[2]:m[3]]) {
			out[n] = max(out[n], score)
		}
	}
	return out
}

// clause returns the text around a reference up to the sentence ends
// either side.
func clause(before, after string) string {
	if i := strings.LastIndexAny(before, ".;!?"); i >= 0 {
		before = before[i+1:]
	}
	if i := strings.IndexAny(after, ".;!?"); i >= 0 {
		after = after[:i]
	}
	return before + " " + after
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	return strings.Join(f[:min(n, len(f))], " ")
}

// annexNumbers expands "1, 2 und 3" and "2 bis 4" into numbers; letters
// ("1 a und b") belong to the number before them.
func annexNumbers(s string) []string {
	var out []string
	rangeFrom := -1
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '&' }) {
		if f == "bis" {
			if len(out) > 0 {
				rangeFrom, _ = strconv.Atoi(out[len(out)-1])
			}
			continue
		}
		n, err := strconv.Atoi(strings.TrimRight(f, "abcdefghijklmnopqrstuvwxyz"))
		if err != nil {
			continue
		}
		if rangeFrom >= 0 {
			for k := rangeFrom + 1; k < n && k <= rangeFrom+20; k++ {
				out = append(out, strconv.Itoa(k))
			}
			rangeFrom = -1
		}
		out = append(out, strconv.Itoa(n))
	}
	return out
}

// attachAnnexes gives each annex in the closing's lines to the section it
// belongs to (see Section.Annexes) and returns the lines that stay in the
// closing: what comes before the first annex, and the annexes no section
// refers to. bodies are the sections' lines.
func (m *Minutes) attachAnnexes(closing []line, bodies [][]line) []line {
	starts := findAnnexes(closing)
	if len(starts) == 0 || len(m.Sections) == 0 {
		return closing
	}
	refs := make([]map[string]int, len(bodies))
	for i, b := range bodies {
		texts := make([]string, len(b))
		for k, l := range b {
			texts[k] = l.text
		}
		refs[i] = annexRefs(strings.Join(texts, " "))
	}
	keep := slices.Clone(closing[:starts[0].at])
	for k, st := range starts {
		stop := len(closing)
		if k+1 < len(starts) {
			stop = starts[k+1].at
		}
		target := m.annexTarget(st, refs)
		if target < 0 {
			keep = append(keep, closing[st.at:stop]...)
			continue
		}
		// An annex on several items: the part under "TOP 7" goes to
		// item 7 when that refers to the annex.
		parts := []struct{ at, section int }{{st.at, target}}
		for k := st.head + 1; k < stop; k++ {
			if top := annexTOPRe.FindStringSubmatch(closing[k].text); top != nil {
				if i := m.sectionNumbered(top[1]); i >= 0 && refs[i][st.number] > 0 {
					parts = append(parts, struct{ at, section int }{k, i})
				}
			}
		}
		for p, part := range parts {
			end := stop
			if p+1 < len(parts) {
				end = parts[p+1].at
			}
			head := st.head + 1
			if p > 0 {
				head = part.at + 1
			}
			last := trimBlank(closing[part.at:end])
			s := &m.Sections[part.section]
			s.Annexes = append(s.Annexes, Annex{
				Number: st.number, Heading: paragraphs(closing[part.at:head]), Text: paragraphs(closing[head:end]),
				Line: closing[part.at].num, EndLine: last[len(last)-1].num, Part: p > 0,
			})
		}
	}
	return keep
}

// sectionNumbered returns the index of the first section numbered n, or
// -1.
func (m *Minutes) sectionNumbered(n string) int {
	for i := range m.Sections {
		if m.Sections[i].Number == n {
			return i
		}
	}
	return -1
}

// annexTarget returns the index of the section an annex belongs to, or -1:
// the item its heading names, else the section whose text refers to it
// most plainly, the first of equals. A line "TOP 12" under the heading
// names the item only when item 12 mentions the annex or no item attaches
// it: copied from another annex, it can name the wrong one (Rössing,
// 21.02.2012: "Anlage 5 / TOP 12" holds the Mitteilungen that item 14
// presents "(siehe Anlage 5)").
func (m *Minutes) annexTarget(st annexStart, refs []map[string]int) int {
	best, bestScore := -1, 0
	for i, r := range refs {
		if r[st.number] > bestScore {
			best, bestScore = i, r[st.number]
		}
	}
	if i := m.sectionNumbered(st.item); st.item != "" && i >= 0 {
		if st.itemBelow && refs[i][st.number] == 0 && bestScore >= 2 {
			return best
		}
		return i
	}
	return best
}
