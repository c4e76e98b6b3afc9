package minutetext

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/outcome"
)

// Item is the minuted text of one agenda item: what was said, what was
// decided and how. Text, the labelled result and ResolutionText together
// hold every line of the input; the other fields are read from them.
type Item struct {
	// Text is the discussion as minuted: every line not lifted into
	// Result (with its label) or ResolutionText. Lines are kept as in the
	// input, words hyphenated at line ends rejoined, blank lines between
	// paragraphs.
	Text string

	// Result is the deliberation result as published: the value of a
	// "Beratungsergebnis:" line when there is one (ResultLabel names the
	// label, and the line is not in Text), otherwise the sentence of Text
	// that records the decision ("Der Rat nimmt dies zur Kenntnis.").
	Result         string
	ResultLabel    string // "Beratungsergebnis", or "" when Result is a sentence of Text
	ResultCategory record.ResultCategory

	// ResolutionText is the decision as adopted: the block after a
	// "Beschluss:" label (ResolutionLabel) or after a sentence ending in
	// "… beschließt der Rat wie folgt:" (which stays in Text).
	ResolutionText  string
	ResolutionLabel string

	// Votes is the vote on the item: the one in the result, else the one
	// in the decision sentence, else the last one minuted; nil when the
	// text gives neither counts nor unanimity. VoteEvents are all votes
	// found, in order (amendments are voted on before the motion).
	Votes      *record.Votes
	VoteEvents []outcome.Vote

	Speakers  []string // people named in Text, as written ("Frau Gehrke", "Ratsherr Pape"), in order of first mention
	PaperRefs []string // papers referred to ("DS 61/2023"), one per number, in order of first mention

	// Furniture lists the input lines ParseItem dropped as page furniture
	// ("- 2 -"). Sections of full minutes leave it empty: their furniture
	// is in Minutes.Furniture.
	Furniture []Furniture
}

// ErrNotText is returned for input that is not plain UTF-8 text.
var ErrNotText = errors.New("minutetext: not plain UTF-8 text")

// ParseItem parses the minutes of a single agenda item as council systems
// export them:
//
//	Beratungsergebnis: Kenntnis genommen
//
//	Frau Gehrke informiert, dass …
//
//	Beschluss:
//	Der Sozialausschuss nimmt den Abschlussbericht … zur Kenntnis.
//
// Unrecognised text is kept in Text. The error is only for input that is
// not text (invalid UTF-8, NUL bytes); use Decode for files in other
// encodings.
func ParseItem(text string) (*Item, error) {
	if err := checkText(text); err != nil {
		return nil, err
	}
	lines, furniture := splitLines(text)
	it := parseBody(lines)
	it.Furniture = furniture
	return &it, nil
}

func checkText(text string) error {
	if !utf8.ValidString(text) {
		return fmt.Errorf("%w: invalid UTF-8 (decode the file with minutetext.Decode)", ErrNotText)
	}
	if strings.IndexByte(text, 0) >= 0 {
		return fmt.Errorf("%w: NUL bytes (binary data or UTF-16?)", ErrNotText)
	}
	return nil
}

var (
	resultLabelRe     = regexp.MustCompile(`^(Beratungsergebnis|Beschlussergebnis|Ergebnis)\s*:\s*(.*)$`)
	resolutionLabelRe = regexp.MustCompile(`^(Beschluss|Beschlusstext|Beschlussfassung|Beschlussempfehlung)\s*:\s*(.*)$`)
	// A sentence that introduces the resolution: "… beschließt der Rat
	// einstimmig wie folgt:", "… fasst folgenden Beschluss:", "… empfiehlt
	// dem Rat:".
	resolutionLeadRe = regexp.MustCompile(`(?i)(wie folgt|folgenden Beschluss|folgende Beschlussfassung|folgende Beschlussempfehlung|folgende Empfehlung|empfiehlt dem \w+|beschließt|beschlossen)\s*:$`)
	// A line that starts minuting again after a resolution: "Herr Heipke
	// verabschiedet sich aus der Sitzung."
	discussionRe = regexp.MustCompile(`^(?:Herr|Frau|Ratsherr|Ratsfrau|Bürgermeisterin|Bürgermeister|Ortsbürgermeisterin|Ortsbürgermeister)\s+(?:Dr\.\s+)?\p{Lu}[\p{L}-]+\s+(?:und\s+\S+\s+\S+\s+)?\p{Ll}`)
	subItemRe    = regexp.MustCompile(`^(?:[Zz]u\s+)?(?:[a-z]|\d{1,2})\)`)
	statusLineRe = regexp.MustCompile(`(?i)^[-–\s]*(abgesetzt|vertagt|zurückgezogen|zurückgestellt|entfällt|entfallen|von der tagesordnung abgesetzt)[-–\s.!]*$`)
)

// parseBody reads the body of one item: result, resolution, discussion.
func parseBody(lines []line) Item {
	var it Item
	lines = append([]line(nil), lines...) // a label line's text is cut below
	lifted := make([]bool, len(lines))

	// The labelled result, with the lines that continue it.
	resultAt := -1
	for i, l := range lines {
		if strings.IndexByte(l.text, ':') < 0 {
			continue // every label has a colon; most lines have none
		}
		m := resultLabelRe.FindStringSubmatch(l.text)
		if m == nil {
			continue
		}
		resultAt = i
		it.ResultLabel = m[1]
		lifted[i] = true
		parts := []string{strings.TrimSpace(m[2])}
		j := i + 1
		if parts[0] == "" {
			// "Beratungsergebnis:" with the value on the next line.
			if k := nextNonBlank(lines, j); k >= 0 && isShortResult(lines[k].text) {
				parts[0] = lines[k].text
				for ; j <= k; j++ {
					lifted[j] = true
				}
			}
		}
		for ; j < len(lines) && continuesResult(lines[j-1].text, lines[j].text); j++ {
			parts = append(parts, lines[j].text)
			lifted[j] = true
		}
		it.Result = joinResult(parts)
		break
	}

	// The resolution: after a label, or after the sentence that leads
	// into it, up to the result or a line that starts minuting again.
	for i, l := range lines {
		if lifted[i] {
			continue
		}
		start := -1
		if strings.IndexByte(l.text, ':') < 0 {
			continue
		}
		if m := resolutionLabelRe.FindStringSubmatch(l.text); m != nil && (i == 0 || endsSentence(lines[i-1].text)) {
			it.ResolutionLabel = m[1]
			lifted[i] = true
			start = i + 1
			if rest := strings.TrimSpace(m[2]); rest != "" {
				// "Beschluss: Der Rat …": the text starts on the label line.
				lines[i].text = rest
				lifted[i] = false
				start = i
			}
		} else if strings.HasSuffix(l.text, ":") && (resolutionLeadRe.MatchString(l.text) ||
			i > 0 && resolutionLeadRe.MatchString(lines[i-1].text+" "+l.text)) {
			// The lead may break across lines: "… gibt folgende" + "Beschlussempfehlung:".
			start = i + 1
		}
		if start < 0 {
			continue
		}
		var res []line
		j := start
		for ; j < len(lines); j++ {
			if j == resultAt || (lifted[j] && j != start) {
				break
			}
			if j > start && discussionRe.MatchString(lines[j].text) {
				break
			}
			res = append(res, lines[j])
			lifted[j] = true
		}
		it.ResolutionText = paragraphs(res)
		if it.ResolutionText == "" && it.ResolutionLabel == "" {
			continue // a lead-in with nothing after it
		}
		break
	}

	var text []line
	for i, l := range lines {
		if !lifted[i] {
			text = append(text, l)
		}
	}
	it.Text = paragraphs(text)

	// Votes, from every line.
	first := 0
	if len(lines) > 0 {
		first = lines[0].num
	}
	all := rawText(lines)
	it.VoteEvents = outcome.FindVotes(all, first)

	// The vote of the result: on the result's lines, or in the decision
	// sentence. Without one that a record can hold ("mehrheitlich
	// beschlossen"), the item's votes are the last counted vote minuted,
	// but the result is not classified by it.
	var resultVote *outcome.Vote
	if it.ResultLabel != "" {
		resultVote = voteOnLines(it.VoteEvents, lines[resultAt].num, lastLiftedResultLine(lines, lifted, resultAt))
	} else if s, _ := decisionSentence(text); s != "" {
		it.Result = s
		resultVote = voteIn(it.VoteEvents, s)
	}
	it.ResultCategory = outcome.ClassifySentence(it.Result, resultVote)
	decisive := resultVote
	for i := len(it.VoteEvents) - 1; i >= 0 && decisive.Record() == nil; i-- {
		if it.VoteEvents[i].Record() != nil {
			decisive = &it.VoteEvents[i]
		}
	}
	it.Votes = decisive.Record()

	it.Speakers = findSpeakers(it.Text, nil)
	it.PaperRefs = findPaperRefs(all, nil)
	return it
}

// rawText is the lines' text joined by newlines, so that offsets map back
// to line numbers (blank lines included).
func rawText(lines []line) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			// Keep the line count right where lines were merged or dropped.
			gap := 1
			if l.num > lines[i-1].num {
				gap = l.num - lines[i-1].num
			}
			b.WriteString(strings.Repeat("\n", gap))
		}
		b.WriteString(l.text)
	}
	return b.String()
}

func nextNonBlank(lines []line, i int) int {
	for ; i < len(lines); i++ {
		if lines[i].text != "" {
			return i
		}
	}
	return -1
}

// isShortResult reports whether s reads as a result on its own line.
func isShortResult(s string) bool {
	return utf8.RuneCountInString(s) <= 60 && outcome.Classify(s) != record.ResultOther
}

// continuesResult reports whether next continues a result line prev:
// "Mehrheitlich bei 11 Ja-Stimmen, 3 Nein-Stimmen und 6" + "Enthaltungen
// lt. geänderten Beschluss", or the next part "zu c) = 17 Ja-Stimmen".
func continuesResult(prev, next string) bool {
	if next == "" || resultLabelRe.MatchString(next) || resolutionLabelRe.MatchString(next) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(next)
	if unicode.IsLower(r) || subItemRe.MatchString(next) {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(prev)
	ended := strings.ContainsRune("!?:", last) || last == '.' && periodEnds(prev[:len(prev)-1])
	return !ended && utf8.RuneCountInString(next) <= 45
}

func joinResult(parts []string) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			if subItemRe.MatchString(p) {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(p)
	}
	return b.String()
}

func lastLiftedResultLine(lines []line, lifted []bool, at int) int {
	last := lines[at].num
	for j := at + 1; j < len(lines) && lifted[j]; j++ {
		last = lines[j].num
	}
	return last
}

// voteOnLines returns the first vote that starts within lines from..to.
func voteOnLines(votes []outcome.Vote, from, to int) *outcome.Vote {
	for i := range votes {
		if votes[i].Line >= from && votes[i].Line <= to {
			return &votes[i]
		}
	}
	return nil
}

func voteIn(votes []outcome.Vote, sentence string) *outcome.Vote {
	flat := strings.Join(strings.Fields(sentence), " ")
	for i := range votes {
		if strings.Contains(flat, votes[i].Text) {
			return &votes[i]
		}
	}
	return nil
}

// endsSentence reports whether a line ends a sentence or a paragraph, so
// that the next line may start a labelled block: "… einstimmig folgenden"
// + "Beschluss:" is one sentence, not a label.
func endsSentence(s string) bool {
	if s == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".:!?)“\"", r)
}
