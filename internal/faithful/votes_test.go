package faithful_test

import (
	"fmt"
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// shownOutcome is what an item page shows of a result: the category badge
// beside "Ergebnis:", and the vote display.
type shownOutcome struct {
	category  string // the badge's category, "" for none
	unanimous bool
	counted   bool // yes and no shown
	yes, no   int
	abstain   int
}

var (
	outcomeRe    = regexp.MustCompile(`(?s)<p class="outcome">(.*?)</p>`)
	badgeRe      = regexp.MustCompile(`class="badge badge--([a-z-]+)"`)
	votesBlockRe = regexp.MustCompile(`(?s)<div class="votes"[^>]*>(.*?)</div>`)
	// The counts by kind; in the order yes, no, abstain where the markup
	// does not say (as it did not before the kinds had classes).
	countRe = regexp.MustCompile(`<span class="count(?: count--(yes|no|abstain))?"><strong>(\d+)</strong>`)
)

// readOutcome reads what the page shows.
func readOutcome(page string) shownOutcome {
	var o shownOutcome
	if m := outcomeRe.FindStringSubmatch(page); m != nil {
		if b := badgeRe.FindStringSubmatch(m[1]); b != nil {
			o.category = b[1]
		}
	}
	if m := votesBlockRe.FindStringSubmatch(page); m != nil {
		o.unanimous = strings.Contains(m[1], "badge--approved")
		for i, c := range countRe.FindAllStringSubmatch(m[1], -1) {
			n, _ := strconv.Atoi(c[2])
			kind := c[1]
			if kind == "" && i < 3 {
				kind = []string{"yes", "no", "abstain"}[i]
			}
			switch kind {
			case "yes":
				o.yes, o.counted = n, true
			case "no":
				o.no, o.counted = n, true
			case "abstain":
				o.abstain = n
			}
		}
	}
	return o
}

// Counts as the published text writes them: "13 Ja-Stimmen", "14x nein",
// "1 Gegenstimme", "einer Enthaltung". Read by this test on its own, not
// with the importers' rules, which it checks.
var (
	// A count: digits (glued to a word before them, "einstimmig13 Ja"),
	// or a number word on its own ("keiner", not "einer").
	countWord = `(?:(?:^|\D)(\d{1,3})|(?:^|\PL)(keine[rn]?|kein|eine[rn]?|ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf))\s*x?\s*`
	textYesRe = regexp.MustCompile(`(?i)` + countWord + `(?:ja(?:[\s-]|$|\b)|stimmen?\b(?:\s+dafür)?)`)
	textNoRe  = regexp.MustCompile(`(?i)` + countWord + `(?:nein|gegenstimme|stimmen?\s+dagegen)`)
	textAbsRe = regexp.MustCompile(`(?i)` + countWord + `(?:stimm)?enth`)
	// The words a unanimous vote is published in.
	unanimousRe = regexp.MustCompile(`(?i)einstimmig|einst\.|ohne gegenstimme|keine[rn]? gegenstimme|(?:^|[^\d])0\s*x?\s*(?:nein|gegenstimme)`)
	motionB     = regexp.MustCompile(`>\s*(?:[Zz]u\s+(?:Punkt\s+)?)?b\)`)
)

var numberWord = map[string]int{"kein": 0, "keine": 0, "keiner": 0, "keinen": 0, "ein": 1, "eine": 1, "einer": 1, "einen": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12}

func textCounts(re *regexp.Regexp, text string) []int {
	var out []int
	for _, m := range re.FindAllStringSubmatch(text, -1) {
		n, err := strconv.Atoi(m[1])
		if err != nil {
			n = numberWord[strings.ToLower(m[2])]
		}
		out = append(out, n)
	}
	return out
}

// voteProblems lists how the page's result and votes contradict
// themselves or the item's published text.
func voteProblems(it *record.AgendaItem, page string) []string {
	o := readOutcome(page)
	// The text the vote was read from: the result when it names counts,
	// else the minutes (whose other votes would blur the comparison).
	text := it.Result
	if len(textCounts(textYesRe, text))+len(textCounts(textNoRe, text))+len(textCounts(textAbsRe, text)) == 0 && !unanimousRe.MatchString(text) {
		text = strings.Join([]string{it.Result, it.ResolutionText, it.Minutes}, "\n")
	}
	var out []string
	bad := func(format string, args ...any) {
		out = append(out, fmt.Sprintf("%s: ", permalink.AgendaItem(it.ID))+fmt.Sprintf(format, args...)+fmt.Sprintf(" (result %q)", trimTo(it.Result, 160)))
	}
	if o.unanimous && o.counted && o.no > 0 {
		bad("unanimous with %d no", o.no)
	}
	if o.unanimous && !unanimousRe.MatchString(text) {
		bad("unanimous, but the text does not say so")
	}
	if o.abstain > 0 && !o.counted && !o.unanimous {
		bad("%d abstentions alone", o.abstain)
	}
	if named := textCounts(textAbsRe, text); o.abstain > 0 && !slices.Contains(named, o.abstain) {
		bad("shows %d abstain, the text names %v", o.abstain, named)
	}
	if o.counted {
		switch o.category {
		case string(record.ResultApproved), string(record.ResultApprovedAmended):
			if o.yes <= o.no {
				bad("%s with %d yes, %d no", o.category, o.yes, o.no)
			}
		case string(record.ResultRejected):
			if o.yes > o.no {
				bad("rejected with %d yes, %d no", o.yes, o.no)
			}
		}
		for _, k := range []struct {
			name  string
			shown int
			re    *regexp.Regexp
		}{{"yes", o.yes, textYesRe}, {"no", o.no, textNoRe}} { // abstentions: above
			named := textCounts(k.re, text)
			if len(named) > 0 && !slices.Contains(named, k.shown) || len(named) == 0 && k.shown > 0 {
				bad("shows %d %s, the text names %v", k.shown, k.name, named)
			}
		}
	}
	if r := strings.ToLower(strings.TrimSpace(it.Result)); (r == "ohne" || r == "ohne.") && o.category != "" {
		bad("no result recorded, yet a %q badge", o.category)
	}
	if twoMotions(it.Result) && !motionB.MatchString(page) {
		bad("motions a) and b) shown on one line")
	}
	return out
}

// twoMotions reports whether a result lists motions "a)" and "b)": each
// after a word, a count or a space, not "(a)", "2. b)" or "a) – b)".
func twoMotions(s string) bool {
	marker := func(m string, from int) int {
		for i := from; ; {
			j := strings.Index(s[i:], m)
			if j < 0 {
				return -1
			}
			j += i
			before := strings.TrimRight(s[:j], " ")
			if before == "" || !strings.ContainsAny(before[len(before)-1:], "(.,–-") {
				return j
			}
			i = j + len(m)
		}
	}
	a := marker("a)", 0)
	return a >= 0 && marker("b)", a) > a
}

func trimTo(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && (s[n]&0xc0) == 0x80 {
		n--
	}
	return s[:n] + "…"
}

// votePages counts what the vote scan saw, as a positive control.
type votePages struct {
	votes, motions, none int
	problems             []string
}

func (v *votePages) scan(it *record.AgendaItem, page string) {
	page = html.UnescapeString(page)
	if strings.Contains(page, `<div class="votes"`) {
		v.votes++
	}
	if twoMotions(it.Result) {
		v.motions++
	}
	if r := strings.ToLower(strings.TrimSpace(it.Result)); r == "ohne" || r == "ohne." {
		v.none++
	}
	v.problems = append(v.problems, voteProblems(it, page)...)
}
