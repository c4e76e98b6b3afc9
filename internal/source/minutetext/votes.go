package minutetext

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

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

// record returns the vote for a record, or nil when a record's counts
// would misstate it: "bei 1 Gegenstimme" does not say how many voted yes,
// and a record has no "unknown" count. Unanimous votes keep their
// abstentions ("einstimmig bei einer Enthaltung").
func (v *Vote) record() *record.Votes {
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

const countPat = `(\d{1,3}|[Kk]eine[rn]?|[Kk]ein|[Oo]hne|[Ee]ine[rmn]?|[Ee]in|[Zz]wei|[Dd]rei|[Vv]ier|[Ff]ünf|[Ss]echs|[Ss]ieben|[Aa]cht|[Nn]eun|[Zz]ehn|[Ee]lf|[Zz]wölf|[Dd]reizehn|[Vv]ierzehn|[Ff]ünfzehn|[Ss]echzehn|[Ss]iebzehn|[Aa]chtzehn|[Nn]eunzehn|[Zz]wanzig)`

var (
	// A count and what it counts. "Ja- und" is the elided first half of
	// "einer Ja- und fünf Nein-Stimmen"; a bare "Ja"/"Nein" must be followed
	// by a separator so that "ja" in running text is not a vote.
	voteCountRe = regexp.MustCompile(`(?m)\b` + countPat + `\s+(?:` +
		`(Ja-?\s?Stimmen?|Ja-\s+und\b|Ja\s*(?:[/,;)]|$))|` +
		`(Nein-?\s?Stimmen?|Gegenstimmen?|Nein-\s+und\b|Nein\s*(?:[/,;)]|$))|` +
		`((?:Stimm)?[Ee]nthaltung(?:en)?)|` +
		`(Stimmen?\b))`)
	unanimousRe = regexp.MustCompile(`(?i)\beinstimmig|\bohne\s+Gegenstimmen?\b`)
	majorityRe  = regexp.MustCompile(`(?i)\bmehrheitlich`)
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

// findVotes reads the votes in text, in order. Vote words that follow each
// other closely ("mehrheitlich bei 17 Ja-Stimmen, 1 Nein-Stimme, 9
// Enthaltungen") make one vote; a sentence end or a repeated kind starts the
// next. firstLine is the input line of the text's first line.
func findVotes(text string, firstLine int) []Vote {
	var toks []voteToken
	for _, m := range voteCountRe.FindAllStringSubmatchIndex(text, -1) {
		t := voteToken{start: m[0], end: m[1]}
		word := text[m[2]:m[3]]
		if n, err := strconv.Atoi(word); err == nil {
			t.count = n
		} else {
			t.count = numberWords[strings.ToLower(word)]
		}
		switch {
		case m[4] >= 0:
			t.kind = voteYes
		case m[6] >= 0:
			t.kind = voteNo
		case m[8] >= 0:
			t.kind = voteAbstain
		default:
			t.kind = votePlain
		}
		toks = append(toks, t)
	}
	for _, m := range unanimousRe.FindAllStringIndex(text, -1) {
		toks = append(toks, voteToken{start: m[0], end: m[1], kind: voteUnanimous})
	}
	for _, m := range majorityRe.FindAllStringIndex(text, -1) {
		toks = append(toks, voteToken{start: m[0], end: m[1], kind: voteMajority})
	}
	if len(toks) == 0 {
		return nil
	}
	// Stable: a count comes before the unanimity word at the same place.
	sort.SliceStable(toks, func(i, j int) bool { return toks[i].start < toks[j].start })

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
