// Package minutetext reads council minutes published as plain text: the
// minutes of a single agenda item as council systems export them
// ("Beratungsergebnis: …", discussion, "Beschluss: …"), and full minutes of
// a meeting (Niederschrift, Protokoll) as extracted from PDFs, with
// attendance list, agenda and one "Zu Punkt N:" section per agenda item.
//
// The parser never drops text it does not understand: every input line ends
// up in some field of the result, or in Minutes.Furniture when it is page
// furniture ("- 2 -"). Fields such as Result, Votes and Speakers are read
// from that text, and stay empty when the text does not say.
package minutetext

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ratsarchiv/ratsarchiv/internal/source/sessionpart"
)

// Minutes is the parsed text of the minutes of one meeting.
//
// Preamble, Attendance.Text, AgendaText, the sections' Heading, body fields
// and annexes, Closing, ClosedText and Furniture together hold every input
// line.
type Minutes struct {
	// Title is the document's title as written ("Protokoll",
	// "Niederschrift"), letter-spacing removed.
	Title string
	// MeetingName, Organization, Date, Begin, End and Location are read
	// from the preamble ("der 3. Sitzung des Rates der Gemeinde Nordstemmen
	// am Dienstag, dem 29. März 2022, im Sitzungszimmer …", "Beginn der
	// Sitzung: 18:30 Uhr"); empty when not found.
	MeetingName  string    // "3. Sitzung des Rates der Gemeinde Nordstemmen"
	Organization string    // "Rat", "Ortsrat Adensen": the meeting body in the nominative
	Date         time.Time // the day of the meeting, at 00:00 UTC
	Begin, End   string    // clock times "18:30", "20:58"
	Location     string

	// Preamble is the text before the first section that is neither the
	// attendance list nor the agenda.
	Preamble   string
	Attendance Attendance
	// Agenda is the agenda (Tagesordnung) as listed before the sections;
	// AgendaText is that part of the input as written.
	Agenda     []AgendaEntry
	AgendaText string
	Sections   []Section
	// Closing is the text from the end of the meeting ("Ende der Sitzung:
	// 20:58 Uhr") on: signatures, approval note, the annexes no section
	// refers to; without the text of a closed part there.
	Closing string
	// ClosedText is the text of the meeting's closed part that belongs to
	// no section: a closed part's heading ("- nichtöffentlicher Teil -")
	// and what follows it before the next section, the end of the meeting
	// or a heading of the public part. It is never published.
	ClosedText string
	// Closed lists the input lines that belong to the closed part: the
	// agenda's entries under a closed part's heading, the closed sections,
	// ClosedText. CutLines removes them from the text, for the texts that
	// carry the whole minutes (a meeting's protocol file).
	Closed []LineRange
	// Furniture lists the input lines dropped as page furniture.
	Furniture []Furniture
}

// Section is the minutes of one agenda item within full minutes: the part
// under a heading such as "Zu Punkt 5: Ernennung …" or "TOP 5".
type Section struct {
	Number  string // "5", "13.1", "3a", as in the heading; "" when the minutes have no headings
	Title   string // the item's title, on one line, without the paper reference
	Heading string // the heading lines as written, label and number included
	Line    int    // 1-based input line of the heading (of the body when there is no heading)
	EndLine int    // 1-based input line of the section's last line
	// Closed is set for a section of the meeting's closed part: after a
	// heading such as "- nichtöffentlicher Teil -" (up to one of the
	// public part), or listed in the agenda under such a heading. Its
	// annexes are closed with it.
	Closed bool
	Item   // the body: discussion, result, resolution, votes, speakers, papers
	// Annexes are the annexes after the end of the minutes that belong to
	// this item: their heading names it ("Anlage 1 zu TOP 5"), or its text
	// refers to them by number ("die als Anlage 2 beigefügten
	// Mitteilungen") more plainly than any other section's, or first of
	// equals; or the part under "TOP N" of an annex several items refer
	// to. An annex no section refers to stays in Minutes.Closing.
	Annexes []Annex
}

// MinutesText is the section's text as an agenda item's minutes: the
// discussion, then each annex, its heading first, a paragraph apart. The
// part of an annex on this item is introduced by "Anlage N – ".
func (s *Section) MinutesText() string {
	if len(s.Annexes) == 0 {
		return s.Text
	}
	var b strings.Builder
	b.WriteString(s.Text)
	for _, a := range s.Annexes {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		if a.Part {
			b.WriteString("Anlage " + a.Number + " – ")
		}
		b.WriteString(a.Heading)
		if a.Text != "" {
			b.WriteString("\n")
			b.WriteString(a.Text)
		}
	}
	return b.String()
}

// Lines returns the input lines of the section and its annexes.
func (s *Section) Lines() []LineRange {
	out := []LineRange{{s.Line, s.EndLine}}
	for _, a := range s.Annexes {
		out = append(out, LineRange{a.Line, a.EndLine})
	}
	return out
}

// AgendaEntry is one entry of the agenda listed at the top of full minutes.
type AgendaEntry struct {
	Number    string   // "5", "13.1"
	Title     string   // on one line, without the paper reference
	PaperRefs []string // "DS 22/2022"
	Line      int
	Closed    bool // listed under a heading of the closed part ("- nichtöffentlicher Teil -")

	raw string // the title as written, paper reference included, on one line
}

// cleanTitle joins title lines into one and drops paper references, which
// PaperRefs hold: "Ernennung … (DS 22/2022)" → "Ernennung …".
func cleanTitle(lines []string) string {
	t := titlePaperRe.ReplaceAllString(strings.Join(lines, " "), "")
	return strings.Join(strings.Fields(t), " ")
}

var (
	// "Zu Punkt 5:", "Zu Punkt 13.1:", "Zu Punkt 3 a):", "Zu Punkt 7.:", "Zu TOP 4", "TOP 4:",
	// "Tagesordnungspunkt 4:", "Punkt 4:".
	// "u Punkt 2:" is "Zu Punkt 2:" with its first letter lost in text
	// extraction.
	headingRe = regexp.MustCompile(`^((?:Z?u\s+)?(?:Punkt|TOP|Top|Tagesordnungspunkt|TO-Punkt)|Ö|NÖ)\s*(\d{1,3}(?:\.\d{1,2})*(?:\s?[a-z]\)?)?)(?:\s*(\.\s*:|[:.)–-])\s*|\s+|$)(.*)$`)
	// "5. Ernennung von …", "13.1 Neufassung …".
	agendaEntryRe = regexp.MustCompile(`^(\d{1,3}(?:\.\d{1,2})*)(?:\.\s*|\s+)(\S.*)$`)
	// A line holding only paper references: "(DS 22/2022)", "(DS 10/2022
	// einschließlich 2. Ergänzung)".
	paperLineRe = regexp.MustCompile(`^\(\s*(?:Drucksachen?|DS|Vorlage|V)\b[^()]*\)$`)
	// A paper reference in a title: "… Geschäftsordnung (DS 58/2011)".
	titlePaperRe = regexp.MustCompile(`\s*\(\s*(?:Drucksachen?|DS|Vorlage|V)\s*\d[^()]*\)`)

	attendanceRe = regexp.MustCompile(`^(?:Es\s+(?:sind|ist|waren|war)\s+anwesend|Anwesend(?:e)?|Teilnehmer(?:innen)?|Sitzungsteilnehmer(?:innen)?)\b[^:]{0,40}:?$`)
	agendaRe     = regexp.MustCompile(`^(?:Tagesordnung|TAGESORDNUNG)\b[^:]{0,40}:?$`)
	// The end of the meeting, or (when that line is missing) the
	// signatures "(Ortsbürgermeister) (Protokollführer)" or the approval
	// note that follow it.
	endRe   = regexp.MustCompile(`^(?:(?:Ende|Schluss)\s+(?:der\s+(?:öffentlichen\s+)?Sitzung|des\s+öffentlichen\s+Teils|(?:des\s+)?öffentlicher?\s+Teil)\b|Genehmigungsvermerk\s*:|\([^()\d]*(?:meister|vorsitz|Vorsitz|rotokoll|mitglied|führ)[^()\d]*\)(?:\s*\([^()\d]{3,40}\))+$)`)
	themeRe = regexp.MustCompile(`^Thema\s*:\s*(.+)$`)
	titleRe = regexp.MustCompile(`^(?i:Protokoll|Niederschrift|Sitzungsniederschrift|Sitzungsprotokoll|Ergebnisprotokoll)\b`)
)

// ParseMinutes parses full minutes of a meeting. Text that fits no known
// part is kept in Preamble, in a section's Text or in Closing. The error is
// only for input that is not text (see ParseItem).
func ParseMinutes(text string) (*Minutes, error) {
	if err := checkText(text); err != nil {
		return nil, err
	}
	lines, furniture := splitLines(text)
	m := &Minutes{Furniture: furniture}

	// Landmarks, in order: attendance, agenda, sections, end. The
	// attendance list and the agenda come before the first heading.
	headings := findHeadings(lines)
	att, agenda, first, end := -1, -1, -1, len(lines)
	limit := len(lines)
	if len(headings) > 0 {
		limit = headings[0]
	}
	for i := 0; i < limit; i++ {
		switch t := lines[i].text; {
		case att < 0 && agenda < 0 && attendanceRe.MatchString(t):
			att = i
		case agenda < 0 && agendaRe.MatchString(t):
			agenda = i
		}
	}
	from := 0
	if len(headings) > 0 {
		first = headings[0]
		from = first + 1
	} else if agenda >= 0 {
		from = agenda + 1
	} else if att >= 0 {
		from = att + 1
	}
	for i := from; i < len(lines); i++ {
		if endRe.MatchString(lines[i].text) {
			end = i
			break
		}
	}
	for len(headings) > 0 && headings[len(headings)-1] >= end {
		headings = headings[:len(headings)-1]
	}

	// Blocks before the first section. The attendance list ends at the
	// agenda, or earlier where prose starts; the agenda at the first
	// section, or where prose starts when there is none.
	bodyStart := end
	if first >= 0 {
		bodyStart = first
	}
	var preamble []line
	var bodies [][]line // each section's lines, heading included
	parts := &partState{lines: map[int]bool{}}
	cursor := 0
	if att >= 0 {
		preamble = append(preamble, lines[:att]...)
		stop := bodyStart
		if agenda > att {
			stop = agenda
		}
		n := attendanceLen(lines[att:stop])
		m.Attendance = parseAttendance(lines[att : att+n])
		cursor = att + n
	}
	if agenda >= 0 {
		if agenda > cursor {
			preamble = append(preamble, lines[cursor:agenda]...)
		} else if att < 0 {
			preamble = append(preamble, lines[:agenda]...)
		}
		stop := bodyStart
		n := agendaLen(lines[agenda:stop], first >= 0)
		m.AgendaText = paragraphs(lines[agenda : agenda+n])
		m.Agenda = parseAgenda(lines[agenda+1 : agenda+n])
		parts.agenda(lines[agenda+1:agenda+n], m.Agenda)
		cursor = agenda + n
	}
	if att < 0 && agenda < 0 {
		cursor = 0
	}
	headings = selectHeadings(lines, headings, m.Agenda)

	if len(headings) == 0 {
		// No headings: minutes of a single topic ("Thema: …"), or of an
		// agenda with a single entry. The rest up to the end (or the
		// closed part) is one section; the text before it stays preamble.
		stop := end
		if marks := closedMarks(lines, cursor, end); len(marks) > 0 {
			stop = marks[0]
			parts.gap(lines[stop:end])
		}
		body := trimBlank(lines[cursor:stop])
		if len(body) > 0 {
			bodies = append(bodies, body)
			s := Section{Line: body[0].num, EndLine: body[len(body)-1].num}
			if len(m.Agenda) == 1 {
				s.Number, s.Title = m.Agenda[0].Number, m.Agenda[0].Title
			} else if t := themeRe.FindStringSubmatch(body[0].text); t != nil {
				s.Title = strings.TrimSpace(t[1])
			}
			s.Item = parseBody(body)
			s.PaperRefs = mergeRefs(agendaRefs(m.Agenda, s.Number), s.PaperRefs)
			m.Sections = append(m.Sections, s)
		}
	} else {
		// selectHeadings may reject the first candidate (a "TOP10" that
		// breaks the order); its lines belong to the text before the
		// first section, not to no block at all.
		first = headings[0]
		if first > cursor {
			preamble = append(preamble, lines[cursor:first]...)
		}
		// A closed part's heading ends the section before it; the
		// sections after it are closed up to a heading of the public part.
		marks := closedMarks(lines, first, end)
		bounds := append(slices.Clone(headings), marks...)
		slices.Sort(bounds)
		next := func(i int) int {
			if k, _ := slices.BinarySearch(bounds, i+1); k < len(bounds) {
				return bounds[k]
			}
			return end
		}
		closedAt := closedFrom(lines, first, end)
		for _, h := range headings {
			bodies = append(bodies, lines[h:next(h)])
			s := parseSection(lines[h:next(h)], m.Agenda)
			s.Closed = closedAt[h-first]
			m.Sections = append(m.Sections, s)
		}
		for _, p := range marks {
			parts.gap(lines[p:next(p)])
		}
	}
	closing := m.attachAnnexes(parts.closing(lines[end:]), bodies)
	for i := range m.Sections {
		s := &m.Sections[i]
		s.Closed = s.Closed || parts.agendaClosed(m.Agenda, s.Number)
		if s.Closed {
			for _, r := range s.Lines() {
				parts.span(r.First, r.Last)
			}
		}
	}
	m.Preamble = paragraphs(preamble)
	m.Closing = paragraphs(closing)
	m.ClosedText = strings.Join(parts.text, "\n\n")
	m.Closed = parts.ranges(m.Furniture)
	m.readPreamble(preamble, lines[end:])
	return m, nil
}

// findHeadings returns the indexes of lines that have the form of a section
// heading.
func findHeadings(lines []line) []int {
	var out []int
	for i := range lines {
		h := headingRe.FindStringSubmatch(lines[i].text)
		if h == nil {
			continue
		}
		label, sep, rest := h[1], h[3], h[4]
		// "TOP 5 wird daher …", "Punkt 4 der Stellungnahme": a bare label
		// and number followed by running text is no heading.
		if sep == "" && rest != "" && (!strings.HasPrefix(label, "Zu") || startsLower(rest) || startsLower(afterBrackets(rest))) {
			continue
		}
		if strings.HasPrefix(label, "u") && !strings.HasSuffix(sep, ":") {
			continue
		}
		// "(zu\nTOP 9)" in the attendance list: the line goes on a
		// bracket opened on the line before.
		if sep == ")" && rest == "" || i > 0 && openBracket(lines[i-1].text) {
			continue
		}
		out = append(out, i)
	}
	return out
}

// selectHeadings keeps one heading per item number. Where a number is
// headed twice ("Zu Punkt 6: …" quoted in the approval of the previous
// minutes, then the real one), the one whose title matches the agenda wins,
// then the one that stands in order between its neighbours, then the first.
func selectHeadings(lines []line, cands []int, agenda []AgendaEntry) []int {
	titles := map[string]string{}
	for _, e := range agenda {
		titles[e.Number] = Letters(e.raw)
	}
	byNum := map[string][]int{}
	var order []string
	for _, i := range cands {
		num := headingNumber(lines[i].text)
		if byNum[num] == nil {
			order = append(order, num)
		}
		byNum[num] = append(byNum[num], i)
	}
	// Where each number's first heading stands, to judge order.
	firstAt := func(less bool, key []int) (int, bool) {
		best, bestKey, found := 0, []int(nil), false
		for _, n := range order {
			k := numberKey(n)
			if less && lessKey(k, key) && (bestKey == nil || lessKey(bestKey, k)) ||
				!less && lessKey(key, k) && (bestKey == nil || lessKey(k, bestKey)) {
				best, bestKey, found = byNum[n][0], k, true
			}
		}
		return best, found
	}
	out := make([]int, 0, len(order))
	for _, n := range order {
		cs := byNum[n]
		pick := cs[0]
		if len(cs) > 1 {
			key := numberKey(n)
			prev, hasPrev := firstAt(true, key)
			next, hasNext := firstAt(false, key)
			score := func(i int) int {
				sc := 0
				if titleMatches(lines[i].text, titles[n]) {
					sc += 2
				}
				if (!hasPrev || prev < i) && (!hasNext || i < next) {
					sc++
				}
				return sc
			}
			for _, c := range cs[1:] {
				if score(c) > score(pick) {
					pick = c
				}
			}
		}
		out = append(out, pick)
	}
	sort.Ints(out)
	if len(agenda) == 0 {
		return out
	}
	// A heading of a number the agenda does not list, before one of a
	// lower number, is quoted ("Zu TOP 8: …" in the corrections to the
	// previous minutes under item 2), not an item of this meeting.
	var kept []int // backwards
	for k := len(out) - 1; k >= 0; k-- {
		n := headingNumber(lines[out[k]].text)
		if _, listed := titles[n]; !listed && len(kept) > 0 && lessKey(majorKey(headingNumber(lines[kept[len(kept)-1]].text)), majorKey(n)) {
			continue
		}
		kept = append(kept, out[k])
	}
	slices.Reverse(kept)
	return kept
}

// openBracket reports whether s opens a bracket it does not close.
func openBracket(s string) bool {
	return strings.Count(s, "(") > strings.Count(s, ")")
}

// majorKey is the number key of an item number without its letter: "3a"
// orders as 3.
func majorKey(n string) []int {
	return numberKey(strings.TrimRight(n, "abcdefghijklmnopqrstuvwxyz"))
}

// afterBrackets returns s after a leading bracketed part: "(Parkplätze)
// wird es …" → "wird es …".
func afterBrackets(s string) string {
	if !strings.HasPrefix(s, "(") {
		return ""
	}
	if i := strings.IndexByte(s, ')'); i >= 0 {
		return strings.TrimSpace(s[i+1:])
	}
	return ""
}

func headingNumber(s string) string {
	return normNumber(headingRe.FindStringSubmatch(s)[2])
}

// titleMatches reports whether a heading line's title begins like the
// agenda title want (letters only, as returned by letters).
func titleMatches(heading, want string) bool {
	if want == "" {
		return false
	}
	got := Letters(headingRe.FindStringSubmatch(heading)[4])
	n := min(len(got), len(want), 24)
	return n > 0 && got[:n] == want[:n]
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// normNumber writes an item number without spaces and brackets: "3 a)" → "3a".
func normNumber(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == ')' {
			return -1
		}
		return r
	}, s)
}

// parseSection reads one section: the heading (with the title lines that
// continue it) and the body.
func parseSection(lines []line, agenda []AgendaEntry) Section {
	h := headingRe.FindStringSubmatch(lines[0].text)
	s := Section{Number: normNumber(h[2]), Line: lines[0].num, EndLine: lines[len(lines)-1].num}
	title := []string{strings.TrimSpace(h[4])}

	var want string
	for _, e := range agenda {
		if e.Number == s.Number {
			want = Letters(e.raw)
		}
	}
	n := 1
	for n < len(lines) {
		next := lines[n].text
		if next == "" || paperLineRe.MatchString(next) {
			break
		}
		got := Letters(strings.Join(title, " "))
		if want != "" && len(got) < len(want) && strings.HasPrefix(want, got+Letters(next)) {
			title = append(title, next)
			n++
			continue
		}
		if continuesTitle(title[len(title)-1]) && !discussionRe.MatchString(next) {
			title = append(title, next)
			n++
			continue
		}
		break
	}
	// Paper references on their own line belong to the heading.
	for n < len(lines) && paperLineRe.MatchString(lines[n].text) {
		title = append(title, lines[n].text)
		n++
	}
	s.Heading = joinLines(lines[:n])

	var refs []string
	var clean []string
	for _, t := range title {
		refs = findPaperRefs(t, refs)
		if paperLineRe.MatchString(t) {
			continue
		}
		clean = append(clean, t)
	}
	s.Title = cleanTitle(clean)
	s.Item = parseBody(lines[n:])
	s.PaperRefs = mergeRefs(refs, s.PaperRefs)
	return s
}

// continuesTitle reports whether a heading line goes on on the next line:
// it ends with a comma, a dash, a slash or a word that needs more.
func continuesTitle(s string) bool {
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	if strings.ContainsRune(",;/–-&", r) {
		return true
	}
	w := s[strings.LastIndexByte(s, ' ')+1:]
	switch w {
	case "der", "die", "das", "des", "dem", "den", "und", "oder", "für", "von", "vom", "zur", "zum",
		"im", "in", "mit", "auf", "bei", "über", "gem.", "gemäß", "sowie", "an", "aus", "nach", "zu", "einer", "eines":
		return true
	}
	return false
}

// Letters is s lower-cased with everything but letters and digits removed,
// for comparing a heading with its agenda entry, or a line with the text it
// went into, across line breaks and rejoined hyphens.
func Letters(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

func mergeRefs(first, more []string) []string {
	out := append([]string(nil), first...)
	for _, r := range more {
		out = addRef(out, r)
	}
	return out
}

func agendaRefs(agenda []AgendaEntry, number string) []string {
	for _, e := range agenda {
		if e.Number == number {
			return e.PaperRefs
		}
	}
	return nil
}

// isProse reports whether a line reads as running text rather than a list
// entry: a person doing something ("Herr Hänsch begrüßt …") or a long
// sentence.
func isProse(s string) bool {
	if discussionRe.MatchString(s) {
		return true
	}
	return strings.HasSuffix(s, ".") && len(strings.Fields(s)) >= 8
}

// attendanceLen returns how many lines of ls belong to the attendance list.
func attendanceLen(ls []line) int {
	for i := 1; i < len(ls); i++ {
		if isProse(ls[i].text) || themeRe.MatchString(ls[i].text) {
			return i
		}
	}
	return len(ls)
}

// agendaLen returns how many lines of ls belong to the agenda. When
// sections follow, all of them do; otherwise the agenda ends where prose
// starts.
func agendaLen(ls []line, sectionsFollow bool) int {
	if sectionsFollow {
		return len(ls)
	}
	for i := 1; i < len(ls); i++ {
		if isProse(ls[i].text) {
			return i
		}
	}
	return len(ls)
}

// parseAgenda reads numbered agenda entries with their continuation lines.
// A number that appears again later is a title's continuation ("…
// Bebauungsplan Nr. 0122,\n9. Änderung") when the real entry follows.
func parseAgenda(ls []line) []AgendaEntry {
	type cand struct {
		i   int
		num string
	}
	var cands []cand
	for i, l := range ls {
		if m := agendaEntryRe.FindStringSubmatch(l.text); m != nil {
			cands = append(cands, cand{i, m[1]})
		}
	}
	accept := map[int]bool{}
	var last []int
	for k, c := range cands {
		n := numberKey(c.num)
		// Entries count up from 1 in small steps; "vom\n29.04. 2013" in a
		// title is no entry 29.
		if last == nil && n[0] > 2 || last != nil && (!lessKey(last, n) || n[0] > last[0]+3) {
			continue
		}
		dup := false
		for _, d := range cands[k+1:] {
			dn := numberKey(d.num)
			if d.num == c.num {
				dup = true
				break
			}
			if lessKey(n, dn) {
				break
			}
		}
		if dup {
			continue
		}
		accept[c.i] = true
		last = n
	}

	var out []AgendaEntry
	var title []string
	flush := func() {
		if len(out) > 0 {
			e := &out[len(out)-1]
			var refs []string
			for _, t := range title {
				refs = findPaperRefs(t, refs)
			}
			e.PaperRefs = refs
			e.Title = cleanTitle(title)
			e.raw = strings.Join(title, " ")
		}
		title = nil
	}
	for i, l := range ls {
		if accept[i] {
			flush()
			m := agendaEntryRe.FindStringSubmatch(l.text)
			out = append(out, AgendaEntry{Number: m[1], Line: l.num})
			title = []string{m[2]}
			continue
		}
		// "- nichtöffentlicher Teil -" separates the agenda's parts.
		if len(out) > 0 && l.text != "" && sessionpart.Heading(l.text) == sessionpart.None {
			title = append(title, l.text)
		}
	}
	flush()
	return out
}

// numberKey splits "13.1" into [13 1] for ordering.
func numberKey(s string) []int {
	var k []int
	for _, p := range strings.Split(s, ".") {
		n, _ := strconv.Atoi(p)
		k = append(k, n)
	}
	return k
}

func lessKey(a, b []int) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return len(a) < len(b)
}
