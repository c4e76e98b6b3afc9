package minutetext

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ratsarchiv/ratsarchiv/internal/source/outcome"
)

// sentence is a sentence of minuted text and the input line it starts on.
type sentence struct {
	text string
	line int
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"lt": true, "Nr": true, "Dr": true, "Abs": true, "gem": true, "ggf": true, "ggfs": true,
	"bzw": true, "z": true, "B": true, "u": true, "a": true, "o": true, "g": true, "e": true,
	"V": true, "m": true, "i": true, "Nds": true, "Std": true, "ca": true, "inkl": true,
	"evtl": true, "St": true, "Str": true, "stellv": true, "sog": true, "vgl": true,
	"Prof": true, "Dipl": true, "Ing": true, "Hr": true, "Fr": true, "bspw": true,
	"usw": true, "etc": true, "d": true, "h": true, "s": true, "Anl": true, "TOP": true,
	"Tel": true, "Jh": true, "zzgl": true, "max": true, "min": true, "mind": true,
}

// splitSentences splits lines into sentences. A period ends a sentence
// unless it follows an abbreviation or a number ("21. Dezember"); a colon
// ends one at a line end ("… wie folgt:"); a blank line always does.
func splitSentences(lines []line) []sentence {
	var out []sentence
	var b strings.Builder
	start := 0
	flush := func() {
		if s := strings.TrimSpace(b.String()); s != "" {
			out = append(out, sentence{text: s, line: start})
		}
		b.Reset()
	}
	for _, l := range lines {
		if l.text == "" {
			flush()
			continue
		}
		if b.Len() == 0 {
			start = l.num
		} else {
			b.WriteByte(' ')
		}
		s := l.text
		for i := 0; i < len(s); {
			r, size := utf8.DecodeRuneInString(s[i:])
			b.WriteString(s[i : i+size])
			i += size
			atEnd := i == len(s)
			switch r {
			case '.', '!', '?':
				if !atEnd && s[i] != ' ' {
					continue
				}
				if r == '.' && !periodEnds(s[:i-1]) {
					continue
				}
				if !atEnd {
					next, _ := utf8.DecodeRuneInString(strings.TrimLeft(s[i:], " "))
					if !(unicode.IsUpper(next) || next == '„' || next == '"' || next == '(') {
						continue
					}
				}
				flush()
				start = l.num
			case ':':
				if atEnd {
					flush()
				}
			}
		}
	}
	flush()
	return out
}

// periodEnds reports whether a period after before ends a sentence.
func periodEnds(before string) bool {
	i := strings.LastIndexAny(before, " (\n") + 1
	w := before[i:]
	if w == "" {
		return true
	}
	if abbreviations[w] {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(w)
	if unicode.IsDigit(r) && !strings.ContainsAny(w, "/") {
		// "21. Dezember", "5." in a list; but "DS 12/2014." ends one.
		return false
	}
	// A single letter: "z. B.", initials.
	return utf8.RuneCountInString(w) > 1 || !unicode.IsLetter(r)
}

var (
	voteWordRe = regexp.MustCompile(`\b(einstimmig|mehrheitlich|ja-?\s?stimm|nein-?\s?stimm|gegenstimm|enthaltung|stimmenthaltung)`)
	// Reported speech and the perfect tense report on other decisions:
	// "… teilt mit, dass der Rat … beschlossen hat".
	reportRe  = regexp.MustCompile(`\b(dass|ob|hat|hatte|haben|hatten|worden)\b`)
	perfectRe = regexp.MustCompile(`\b(hat|hatte|haben|hatten)\b.*\b(beschlossen|zugestimmt|abgelehnt|gewählt|empfohlen|benannt|genehmigt)\b`)
	// Verbs that make a decision without a vote word. These patterns match
	// lower-cased sentences.
	strongDecisionRe = regexp.MustCompile(`\b(beschließt|beschließen|beschlossen|genehmigt|zugestimmt|stimmt\b.*\bzu|abgelehnt|lehnt\b.*\bab|zur\s+kenntnis|kenntnis\s+genommen|kenntnisnahme|empfiehlt|empfohlen|angenommen|gewählt|wählt|benennt|benannt|vertagt|zurückgestellt|abgesetzt|zurückgezogen|verwiesen|fasst\b.*\bbeschluss|beschluss\b.*\bgefasst)\b`)
)

// decisionSentence finds the sentence of text that records the decision.
// Candidates are sentences with a vote ("… wird einstimmig benannt") or a
// decision verb in the present ("Der Rat nimmt dies zur Kenntnis.");
// reported decisions ("… teilt mit, dass der Rat … beschlossen hat") are not
// the item's. A sentence with both a vote and a verb, or one that leads into
// the resolution ("… beschließt der Rat wie folgt:"), outranks the others;
// among equals the last wins, because amendments are voted on first. A
// status line ("- abgesetzt -") wins outright. It returns "" when the text
// records no decision.
func decisionSentence(text []line) (string, int) {
	var best sentence
	bestRank := 0
	for _, s := range splitSentences(text) {
		lower := strings.ToLower(s.text)
		if !mayDecide(lower) {
			continue
		}
		rank := 0
		vote := voteWordRe.MatchString(lower)
		strong := strongDecisionRe.MatchString(lower)
		switch {
		case statusLineRe.MatchString(s.text):
			s.text = strings.Trim(s.text, "-– ")
			rank = 3
		case vote && perfectRe.MatchString(lower):
		case vote && (strong || outcome.Approves(s.text)),
			strings.HasSuffix(lower, ":") && resolutionLeadRe.MatchString(s.text):
			rank = 2
		case vote, strong && !reportRe.MatchString(lower):
			rank = 1
		}
		if rank > 0 && rank >= bestRank {
			best, bestRank = s, rank
		}
	}
	return best.text, best.line
}

// decisionStems are lower-case parts of every word the decision patterns
// look for; a sentence without any is skipped before the regular
// expressions run (most sentences of minutes decide nothing).
var decisionStems = []string{
	"einstimmig", "mehrheitlich", "stimm", "enthaltung", "beschl", "genehmigt", "lehn", "kenntnis",
	"empf", "angenommen", "wählt", "benen", "benann", "vertagt", "zurückgestellt", "abgesetzt",
	"zurückgezogen", "verwiesen", "billigt", "unterstützt", "befürwortet", "ergeht", "folgt",
	"spricht", "sprechen", "entf",
}

// mayDecide reports whether a lower-cased sentence holds a decision stem.
func mayDecide(lower string) bool {
	for _, stem := range decisionStems {
		if strings.Contains(lower, stem) {
			return true
		}
	}
	return false
}
