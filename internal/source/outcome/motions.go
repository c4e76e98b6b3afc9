package outcome

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// Outcome is what a published result says about the item as a whole and,
// when it decides several motions, about each of them.
type Outcome struct {
	// Category and Votes are the item's: set only where they are
	// unambiguous. A result whose motions were decided differently ("a)
	// einstimmig b) 1 Ja-Stimme, 13 Nein-Stimmen") is ResultOther without
	// votes; one whose motions were all decided alike keeps their common
	// category (and votes, when equal).
	Category record.ResultCategory
	Votes    *record.Votes
	// Motions are the result's lines when it has several: nil for a
	// result of one line.
	Motions []record.Motion
}

// Read reads a published result: its lines (see Lines), each line's
// category and votes, and the item's.
func Read(result string) Outcome {
	lines := Lines(result)
	if len(lines) <= 1 {
		return Outcome{Category: Classify(result), Votes: soleVote(result, Classify(result))}
	}
	var o Outcome
	var decided []record.Motion
	unread := false // a motion whose outcome cannot be read (a flattened table of votes)
	for i, l := range lines {
		m := record.Motion{Text: l.Text, Level: l.Level}
		if c := Classify(l.Text); c != record.ResultOther {
			m.Category = c
		}
		m.Votes = soleVote(l.Text, m.Category)
		if m.Category == record.ResultNone && m.Votes != nil {
			// "a) 1 Ja-Stimme, 13 Nein-Stimmen": the count decides.
			m.Category = record.ResultRejected
			if m.Votes.Unanimous || m.Votes.Yes > m.Votes.No {
				m.Category = record.ResultApproved
			}
		}
		o.Motions = append(o.Motions, m)
		heading := l.Level == 0 && i+1 < len(lines) && lines[i+1].Level == 1
		switch {
		case m.Category != record.ResultNone || m.Votes != nil:
			decided = append(decided, m)
		case !heading:
			unread = true
		}
	}
	if len(decided) == 0 || unread {
		o.Category = record.ResultOther
		return o
	}
	o.Category, o.Votes = decided[0].Category, decided[0].Votes
	for _, m := range decided[1:] {
		if m.Category != o.Category {
			o.Category = record.ResultOther
		}
		if o.Votes != nil && (m.Votes == nil || *m.Votes != *o.Votes) {
			o.Votes = nil
		}
	}
	if o.Category == record.ResultNone {
		o.Category = record.ResultOther
	}
	return o
}

// soleVote is the vote of a text that records one vote, or nil: for none,
// for several that differ ("8 Ja-Stimmen; 3 Nein-Stimmen" reads as two),
// and for one that contradicts the category.
func soleVote(text string, c record.ResultCategory) *record.Votes {
	var sole *record.Votes
	for _, v := range FindVotes(text, 1) {
		if !v.Known() {
			continue
		}
		r := v.Record()
		if r == nil || sole != nil && *r != *sole {
			return nil
		}
		sole = r
	}
	if !Agrees(c, sole) {
		return nil
	}
	return sole
}

// agrees reports whether votes can stand beside the category without
// contradicting it: a motion carried by fewer yes than no votes, a
// unanimous vote with votes against, a rejection with a majority for it.
func Agrees(c record.ResultCategory, v *record.Votes) bool {
	if v == nil {
		return true
	}
	if v.Unanimous && v.No > 0 {
		return false
	}
	counted := v.Yes+v.No > 0
	switch c {
	case record.ResultApproved, record.ResultApprovedAmended:
		return !counted || v.Yes > v.No
	case record.ResultRejected:
		return !counted || v.Yes <= v.No
	}
	return true
}

// Line is one line of a published result.
type Line struct {
	Text  string
	Level int // 1 for a lettered motion ("a)") below a numbered one ("1. Antrag …")
}

// Lines splits a published result into the lines it was written in: at its
// line breaks, and before the list markers its source glued to the
// preceding words when it flattened the lines ("…0 Enthaltungenb) 1
// Ja-Stimme", "…Enthaltungen2. Antrag der SPD-Fraktion"). Markers count
// only in runs: lettered ones "a)", "b)", … (also "zu a)", "Zu Punkt b):")
// and numbered ones "1. ", "2. " (also "zu 1.", "Nr. 2"), at least two of
// a run. The words are kept as published.
func Lines(result string) []Line {
	var out []Line
	numbered := false
	for _, raw := range strings.Split(strings.ReplaceAll(result, "\r\n", "\n"), "\n") {
		cuts := markers(raw)
		prev := -1 // the marker the text before cuts[i] starts with
		for i := 0; i <= len(cuts); i++ {
			from, to := 0, len(raw)
			if prev >= 0 {
				from = cuts[prev].pos
			}
			if i < len(cuts) {
				to = cuts[i].pos
			}
			if t := strings.TrimSpace(raw[from:to]); t != "" {
				l := Line{Text: t}
				if prev >= 0 {
					numbered = numbered || cuts[prev].number
					if !cuts[prev].number && numbered {
						l.Level = 1
					}
				}
				out = append(out, l)
			}
			prev = i
		}
	}
	return out
}

// marker is a list marker where a line starts.
type marker struct {
	pos    int  // where the line starts (before a "zu" in front of the marker)
	number bool // "1.", not "a)"
	n      int  // the letter's or number's place in its run, from 1
	loose  bool // "zu 3.", "Nr. 3": a run may skip numbers
}

var (
	letterRe = regexp.MustCompile(`(?:[Zz]u\s+(?:Punkt\s+)?)?([a-z])\)`)
	numberRe = regexp.MustCompile(`([Zz]u\s+(?:Punkt\s+)?|Nr\.?\s*)(\d{1,2})\.?|(\d{1,2})\.(?:\s|$)`)
)

// markers finds the list markers of one line that start lines.
func markers(s string) []marker {
	var cands []marker
	depth := parenDepths(s)
	for _, m := range letterRe.FindAllStringSubmatchIndex(s, -1) {
		letter := m[2]
		if depth[letter] > 0 || letter > 0 && s[letter-1] == '(' {
			continue // "Enthaltung(en)", "(a)"
		}
		cands = append(cands, marker{pos: m[0], n: int(s[letter]-'a') + 1})
	}
	for _, m := range numberRe.FindAllStringSubmatchIndex(s, -1) {
		start := m[0]
		if start > 0 && (isDigit(s[start-1]) || s[start-1] == '.' && start > 1 && isDigit(s[start-2])) {
			continue // "2.1", "22032.", "1.2."
		}
		c := marker{pos: start, number: true, loose: m[2] >= 0}
		if c.loose { // "zu 3.", "Nr. 3"
			if m[5] < len(s) && isDigit(s[m[5]]) {
				continue // "zu 2019"
			}
			c.n, _ = strconv.Atoi(s[m[4]:m[5]])
		} else {
			if !lineStart(s[:start]) || !startsMotion(s[m[1]:]) {
				continue // "Kreis Düren, 1. Wasserwirtschaft", "1. ="
			}
			c.n, _ = strconv.Atoi(s[m[6]:m[7]])
		}
		cands = append(cands, c)
	}
	sortMarkers(cands)
	return runs(cands, s)
}

// runs keeps the candidates that form runs of at least two: letters a, b,
// c, … (a range "a)-c)" counts as its first letter and lets the run go on
// after c) and numbers 1, 2, 3, … (loose ones increasing); a lone "1." at
// the start heads a lettered run. A numbered marker ends the lettered run
// before it.
func runs(cands []marker, s string) []marker {
	var out, letters, numbers []marker
	flush := func(run *[]marker) {
		if len(*run) >= 2 {
			out = append(out, *run...)
		}
		*run = nil
	}
	lastLetter := 0
	for _, c := range cands {
		if c.number {
			flush(&letters)
			lastLetter = 0
			switch {
			case len(numbers) == 0 && (c.n == 1 || c.loose):
				numbers = append(numbers, c)
			case len(numbers) > 0 && (c.n == numbers[len(numbers)-1].n+1 || c.loose && c.n > numbers[len(numbers)-1].n):
				numbers = append(numbers, c)
			}
			continue
		}
		switch {
		case c.n == 1:
			flush(&letters)
			letters, lastLetter = []marker{c}, 1
		case lastLetter > 0 && c.n > lastLetter && rangeEnd(s, letters[len(letters)-1].pos, c.pos):
			lastLetter = c.n // "a)-c)": one marker
		case lastLetter > 0 && c.n == lastLetter+1:
			letters, lastLetter = append(letters, c), c.n
		}
	}
	flush(&letters)
	if len(numbers) == 1 && numbers[0].pos == 0 && len(out) > 0 {
		out = append(out, numbers[0]) // "1. Antrag der FDP-Fraktiona) … b) …"
	}
	flush(&numbers)
	sortMarkers(out)
	return out
}

// rangeEnd reports whether the marker at end closes a range that the
// marker at start opens: "a)-c)", "a) – d)".
func rangeEnd(s string, start, end int) bool {
	i := strings.IndexByte(s[start:end], ')')
	if i < 0 {
		return false
	}
	gap := strings.TrimSpace(s[start+i+1 : end])
	return gap == "-" || gap == "–" || gap == "bis"
}

func sortMarkers(ms []marker) {
	slices.SortStableFunc(ms, func(a, b marker) int { return cmp.Compare(a.pos, b.pos) })
}

// parenDepths gives, for every byte of s, how many parentheses are open
// before it.
func parenDepths(s string) []int {
	d := make([]int, len(s)+1)
	open := 0
	for i := 0; i < len(s); i++ {
		d[i] = open
		switch s[i] {
		case '(':
			open++
		case ')':
			if open > 0 {
				open--
			}
		}
	}
	d[len(s)] = open
	return d
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// startsMotion reports whether s (after a number marker's space) begins
// like a motion: with a word ("1. Antrag") or a count ("1. 8 Ja-Stimmen"),
// not "1. =" or a date's "1. 2. 2020".
func startsMotion(s string) bool {
	s = strings.TrimLeft(s, " \t")
	r, _ := utf8.DecodeRuneInString(s)
	if unicode.IsLetter(r) {
		return true
	}
	return countThenWord.MatchString(s)
}

var countThenWord = regexp.MustCompile(`^\d{1,3}\s+\pL`)

// lineStart reports whether a bare number marker after before can start a
// line: at the start, glued to the word before it (where the source lost a
// line break) or after a sentence's end, not within a sentence ("Kreis
// Düren, 1. Wasserwirtschaft", "und 2. eine Übersicht").
func lineStart(before string) bool {
	t := strings.TrimRight(before, " \t")
	if t == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(t)
	if len(t) == len(before) {
		return r != ','
	}
	return strings.ContainsRune(".:;!?)", r)
}
