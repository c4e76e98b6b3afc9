package outcome

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// Vote is one vote recorded in the text: "einstimmig bei einer Enthaltung",
// "mit 6 Ja-Stimmen und 4 Enthaltungen", "8 Ja / 1 Nein / 0 Enthaltung".
type Vote struct {
	record.Votes
	// Counted is set when the text gives at least one count; a vote that
	// is only "einstimmig" has Unanimous set and no counts.
	Counted bool
	// Majority is set for "mehrheitlich": a majority without counts says
	// nothing a record's votes could hold.
	Majority bool
	Text     string // the words the vote was read from
	Line     int    // 1-based input line where the vote starts

	hasYes bool // the yes votes were counted ("0 Ja-Stimmen" included)
}

// Known reports whether the vote carries numbers or unanimity a record can
// store; a bare "mehrheitlich" does not.
func (v Vote) Known() bool { return v.Counted || v.Unanimous }

// Record returns the vote for a record, or nil when a record's counts
// would misstate it: "bei 1 Gegenstimme" does not say how many voted yes,
// and a record has no "unknown" count. Unanimous votes keep their
// abstentions ("einstimmig bei einer Enthaltung"). It may be called on nil.
func (v *Vote) Record() *record.Votes {
	if v == nil || !(v.Unanimous || v.hasYes && v.Counted) {
		return nil
	}
	rv := v.Votes
	return &rv
}

type voteKind int

const (
	voteYes voteKind = iota
	voteNo
	voteAbstain
	voteUnanimous
	voteMajority
	// "fünf Stimmen": yes votes when other counts stand beside them ("mit
	// fünf Stimmen und einer Enthaltung"), otherwise an election's tally.
	votePlain
)

var numberWords = map[string]int{
	"kein": 0, "keine": 0, "keiner": 0, "keinen": 0, "ohne": 0,
	"ein": 1, "eine": 1, "einer": 1, "einem": 1, "einen": 1,
	"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
	"acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13,
	"vierzehn": 14, "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17,
	"achtzehn": 18, "neunzehn": 19, "zwanzig": 20,
}

var (
	// A sentence end, the next part of a list ("b)", "zu c)", "2.") or a
	// labelled line ("Beratungsergebnis:") between two vote words separates
	// two votes.
	voteBreakRe = regexp.MustCompile(`[.;!?]\s|(?:^|\s)(?:[Zz]u\s+)?[a-z]\)|\n\s*(?:[Zz]u\s|\d+\.\s|\p{Lu}[\p{L}-]*:)`)
)

type voteToken struct {
	start, end int
	kind       voteKind
	count      int
}

// FindVotes reads the votes in text, in order. Vote words that follow each
// other closely ("mehrheitlich bei 17 Ja-Stimmen, 1 Nein-Stimme, 9
// Enthaltungen") make one vote; a sentence end or a repeated kind starts the
// next. firstLine is the input line of the text's first line.
func FindVotes(text string, firstLine int) []Vote {
	toks := voteTokens(text)
	if len(toks) == 0 {
		return nil
	}

	var votes []Vote
	var cur *Vote
	var seen [6]bool
	curStart, curEnd := 0, 0
	plain := -1
	flush := func() {
		if cur != nil && plain >= 0 && !cur.hasYes && (seen[voteNo] || seen[voteAbstain]) {
			cur.Yes, cur.hasYes = plain, true
			cur.Counted = cur.Counted || plain > 0
		}
		plain = -1
		if cur != nil && (cur.Known() || cur.Majority) {
			cur.Text = strings.Join(strings.Fields(text[curStart:curEnd]), " ")
			cur.Line = firstLine + strings.Count(text[:curStart], "\n")
			votes = append(votes, *cur)
		}
		cur = nil
		seen = [6]bool{}
	}
	for _, t := range toks {
		if t.start < curEnd {
			continue // "ohne Gegenstimme" matched twice
		}
		if cur != nil {
			gap := text[curEnd:t.start]
			if len(gap) > 60 || voteBreakRe.MatchString(gap) || seen[t.kind] {
				flush()
			}
		}
		if cur == nil {
			cur = &Vote{}
			curStart = t.start
		}
		seen[t.kind] = true
		curEnd = t.end
		if t.count > 0 && t.kind != votePlain {
			cur.Counted = true
		}
		switch t.kind {
		case votePlain:
			plain = t.count
		case voteYes:
			cur.Yes, cur.hasYes = t.count, true
		case voteNo:
			cur.No = t.count
			// "ohne Gegenstimmen", "keine Gegenstimmen": unanimous.
			cur.Unanimous = cur.Unanimous || t.count == 0
		case voteAbstain:
			cur.Abstain = t.count
		case voteUnanimous:
			cur.Unanimous = true
		case voteMajority:
			cur.Majority = true
		}
	}
	flush()
	return votes
}

// VotesOf reads the vote of a published result, which OParl servers often
// give as "13 Ja-Stimmen, 0 Enthaltungen, 0 Nein-Stimmen" or "einstimmig":
// the first vote in it that a record can hold, else the last such one (the
// final vote after amendments); nil when it names none.
func VotesOf(result string) *record.Votes {
	votes := FindVotes(result, 1)
	if len(votes) > 0 {
		if v := votes[0].Record(); v != nil {
			return v
		}
	}
	for i := len(votes) - 1; i >= 0; i-- {
		if v := votes[i].Record(); v != nil {
			return v
		}
	}
	return nil
}

// word is a run of letters, digits and hyphens in a text, and what follows
// it up to the next word.
type word struct {
	start, end int
	text       string
	gap        string
}

// words splits text into words ("Ja-Stimmen", "Ja-", "17") with their
// offsets.
func words(text string) []word {
	var ws []word
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		prev := r
		for i < len(text) {
			r, size := utf8.DecodeRuneInString(text[i:])
			// A digit after a letter or a letter after a digit, or a
			// capital after a small letter, starts a word: flattened lists
			// glue counts and sentences to the words around them
			// ("Nein-Stimmen8 Ja", "1Nein-Stimme", "EnthaltungIn").
			if !isWordRune(r) || i > start && (unicode.IsLetter(prev) != unicode.IsLetter(r) && prev != '-' && r != '-' || unicode.IsLower(prev) && unicode.IsUpper(r)) {
				break
			}
			prev = r
			i += size
		}
		if n := len(ws); n > 0 {
			ws[n-1].gap = text[ws[n-1].end:start]
		}
		ws = append(ws, word{start: start, end: i, text: text[start:i]})
	}
	if n := len(ws); n > 0 {
		ws[n-1].gap = text[ws[n-1].end:]
	}
	return ws
}

func isWordRune(r rune) bool { return r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// voteTokens finds the words votes are written with, in order: a count and
// what it counts ("6 Ja-Stimmen", "einer Enthaltung", "8 Ja /", "einer Ja-
// und …"), "einstimmig", "mehrheitlich". A hand-written scan rather than one
// regular expression: it runs over every section of every minutes text.
func voteTokens(text string) []voteToken {
	var toks []voteToken
	ws := words(text)
	for i, w := range ws {
		lower := strings.ToLower(w.text)
		switch {
		case strings.HasPrefix(lower, "einstimmig"):
			toks = append(toks, voteToken{start: w.start, end: w.end, kind: voteUnanimous})
			continue
		case strings.HasPrefix(lower, "mehrheitlich"):
			toks = append(toks, voteToken{start: w.start, end: w.end, kind: voteMajority})
			continue
		}
		count, ok := voteCount(w.text)
		if !ok || i+1 == len(ws) || strings.TrimSpace(w.gap) != "" {
			continue
		}
		next := i + 1
		if ws[next].text == "x" && ws[next].start == w.end && next+1 < len(ws) && strings.TrimSpace(ws[next].gap) == "" {
			next++ // "14x nein"
		}
		kind, end, ok := voteKindAt(ws, next)
		if ok {
			toks = append(toks, voteToken{start: w.start, end: end, kind: kind, count: count})
		}
	}
	return toks
}

// voteCount reads a count: up to three digits or a number word. A word
// may start with a hyphen ("-1"), which Atoi would read as a sign: a
// count starts with a digit.
func voteCount(w string) (int, bool) {
	if len(w) > len("fünfzehn") {
		return 0, false
	}
	if len(w) <= 3 && w[0] >= '0' && w[0] <= '9' {
		if n, err := strconv.Atoi(w); err == nil {
			return n, true
		}
	}
	n, ok := numberWords[strings.ToLower(w)]
	return n, ok
}

// voteKindAt reads what the count before ws[i] counts, and where it ends.
func voteKindAt(ws []word, i int) (voteKind, int, bool) {
	w := ws[i]
	var next *word
	if i+1 < len(ws) {
		next = &ws[i+1]
	}
	// "Ja Stimmen", "Ja- Stimmen": one space at most between the halves.
	ballot := func(n *word) bool {
		return n != nil && (n.text == "Stimme" || n.text == "Stimmen") && len(w.gap) <= 1 && strings.TrimSpace(w.gap) == ""
	}
	// A bare "Ja"/"Nein" must be followed by a separator or a line end, so
	// that "ja" in running text is not a vote.
	bare := func() bool {
		g := strings.TrimLeft(w.gap, " \t")
		return g == "" || strings.ContainsRune("/,;)\n", rune(g[0]))
	}
	text := w.text
	switch text { // "14x nein"
	case "ja":
		text = "Ja"
	case "nein":
		text = "Nein"
	}
	for _, k := range []struct {
		kind voteKind
		word string
	}{{voteYes, "Ja"}, {voteNo, "Nein"}} {
		switch text {
		case k.word + "-Stimme", k.word + "-Stimmen":
			return k.kind, w.end, true
		case k.word + "-", k.word:
			if ballot(next) {
				return k.kind, next.end, true
			}
			if text == k.word+"-" && next != nil && next.text == "und" && strings.TrimSpace(w.gap) == "" {
				return k.kind, next.end, true // "einer Ja- und fünf Nein-Stimmen"
			}
			if text == k.word && bare() {
				return k.kind, w.end, true
			}
		}
	}
	switch w.text {
	case "Gegenstimme", "Gegenstimmen":
		return voteNo, w.end, true
	case "Enthaltung", "Enthaltungen", "enthaltung", "enthaltungen", "Stimmenthaltung", "Stimmenthaltungen", "Enth":
		return voteAbstain, w.end, true
	case "Stimme", "Stimmen":
		if next != nil && strings.TrimSpace(w.gap) == "" { // "7 Stimmen dafür, 1 Stimme dagegen"
			switch next.text {
			case "dafür":
				return voteYes, next.end, true
			case "dagegen":
				return voteNo, next.end, true
			}
		}
		return votePlain, w.end, true
	}
	return 0, 0, false
}
