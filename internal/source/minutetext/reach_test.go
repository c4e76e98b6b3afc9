package minutetext

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/ratsarchiv/ratsarchiv/internal/source/sessionpart"
)

// The ground truth of TestNordstemmenSectionsReachTheirItems, read from the
// raw text without the parser: a "Zu Punkt N:" heading whose N the OParl
// agenda of the same meeting lists starts the text of item N, which runs
// to the next such heading, the end of the meeting or a closed part's
// heading, across page breaks. Where a number is headed twice ("Zu Punkt
// 6: …" quoted in the approval of earlier minutes), the heading whose title
// begins most like the agenda item's name counts, and of equals the first.
var (
	truthHeadingRe = regexp.MustCompile(`^Z?u\s+Punkt\s+(\d{1,3}(?:\.\d{1,2})?(?:\s?[a-z]\)?)?)\.?\s*:(.*)$`)
	// The end of the meeting, or where that line is missing the
	// signatures or the approval note after it.
	truthEndRe  = regexp.MustCompile(`^(?:(?:Ende|Schluss)\s+(?:der\s+(?:öffentlichen\s+)?Sitzung|des\s+öffentlichen\s+Teils|öffentlicher\s+Teil)|Genehmigungsvermerk|gesehen:|\((?:Orts)?(?:[Bb]ürgermeister|[Rr]atsvorsitzende|Vorsitzende)r?(?:in)?\)\s*\()`)
	truthPageRe = regexp.MustCompile(`^(?:[-–]\s*\d{1,4}\s*[-–]|Seite\s+\d{1,4}(?:\s+von\s+\d{1,4})?)$`)
)

// truthRegion is the text of one agenda item as the raw minutes hold it.
type truthRegion struct {
	number      string
	first, last int // 0-based raw lines, last exclusive
}

// reach counts words of item text and where they went.
type reach struct {
	words, reached           int // of the items' text
	annexWords, annexReached int // of annexes with one owner
	annexes                  int
	annexUnreferred          int // annexes no item refers to
	annexAmbiguous           int // annexes several items refer to
	closedWords              int // words of the closed part, not counted in words
	unlistedWords            int // words of items the agenda does not list, not counted in words
	regions, short           int
}

func (r *reach) add(o reach) {
	r.words += o.words
	r.reached += o.reached
	r.annexWords += o.annexWords
	r.annexReached += o.annexReached
	r.annexes += o.annexes
	r.annexUnreferred += o.annexUnreferred
	r.annexAmbiguous += o.annexAmbiguous
	r.closedWords += o.closedWords
	r.unlistedWords += o.unlistedWords
	r.regions += o.regions
	r.short += o.short
}

// truthRegions finds the items' text in the raw lines of minutes whose
// meeting has the agenda items agenda (number → name), and the raw line
// of the end of the meeting (len(raw) when the text does not say).
// Regions in the closed part are returned apart, and so are those of
// numbers the agenda does not list ("Zu Punkt 3 a)" where the agenda has
// only 3).
func truthRegions(raw []string, agenda map[string]string) (open, closed, unlisted []truthRegion, end int) {
	type cand struct {
		at, score int
		listed    bool
	}
	byNumber := map[string]cand{}
	end = len(raw)
	for i, r := range raw {
		t := strings.TrimSpace(r)
		if len(byNumber) > 0 && truthEndRe.MatchString(t) {
			end = i
			break
		}
		m := truthHeadingRe.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		num := normNumber(m[1])
		name, listed := agendaName(agenda, num)
		c := cand{i, commonPrefix(Letters(m[2]), Letters(name)), listed}
		if old, seen := byNumber[num]; !seen || c.score > old.score {
			byNumber[num] = c
		}
	}
	var heads []truthRegion
	listed := map[int]bool{}
	for num, c := range byNumber {
		heads = append(heads, truthRegion{number: num, first: c.at})
		listed[c.at] = c.listed
	}
	sort.Slice(heads, func(i, j int) bool { return heads[i].first < heads[j].first })
	marks := map[int]sessionpart.Part{}
	for i := 0; i < end; i++ {
		if p := sessionpart.Heading(strings.TrimSpace(raw[i])); p != sessionpart.None {
			marks[i] = p
		}
	}
	for k, r := range heads {
		stop := end
		if k+1 < len(heads) {
			stop = heads[k+1].first
		}
		r.last = stop
		// A part's heading ends the region; the last one before the
		// heading decides whether the region is closed.
		for i := r.first + 1; i < stop; i++ {
			if marks[i] != sessionpart.None {
				r.last = i
				break
			}
		}
		switch {
		case !listed[r.first]:
			// An item the agenda does not list ends the one before,
			// but cannot be checked.
			unlisted = append(unlisted, r)
		case partBefore(marks, r.first):
			closed = append(closed, r)
		default:
			open = append(open, r)
		}
	}
	return open, closed, unlisted, end
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// partBefore reports whether line at stands in the closed part: after a
// closed part's heading, with no heading of the public part between.
func partBefore(marks map[int]sessionpart.Part, at int) bool {
	last, closed := -1, false
	for i, p := range marks {
		if i < at && i > last {
			last, closed = i, p == sessionpart.Closed
		}
	}
	return closed
}

// agendaName returns the name of the agenda item numbered num. The
// minutes' "Zu Punkt 10" is the agenda's "10" or, where Nordstemmen's OParl
// numbers the decisions of one point, "10.3".
func agendaName(agenda map[string]string, num string) (string, bool) {
	if name, ok := agenda[num]; ok {
		return name, true
	}
	var subs []string
	for n := range agenda {
		if major, _, _ := strings.Cut(n, "."); major == num {
			subs = append(subs, n)
		}
	}
	if len(subs) == 0 {
		return "", false
	}
	sort.Strings(subs)
	return agenda[subs[0]], true
}

// meetingAgenda reads the agenda items (number → name) of the OParl
// meeting beside a minutes file; nil when there is none.
func meetingAgenda(tb testing.TB, minutesFile string) map[string]string {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join(filepath.Dir(minutesFile), "metadata.json"))
	if err != nil {
		return nil
	}
	var mt struct {
		AgendaItem []oparlItem `json:"agendaItem"`
	}
	if err := json.Unmarshal(raw, &mt); err != nil {
		tb.Fatalf("%s: %v", minutesFile, err)
	}
	out := map[string]string{}
	for _, ai := range mt.AgendaItem {
		if n := normNumber(strings.TrimSpace(ai.Number)); n != "" {
			if _, dup := out[n]; !dup {
				out[n] = ai.Name
			}
		}
	}
	return out
}

// wordCount counts the words of s that hold a letter or digit.
func wordCount(s string) int {
	n := 0
	for _, w := range strings.Fields(s) {
		if strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			n++
		}
	}
	return n
}

// sectionWords is everything a section hands to its agenda item, its
// annexes included, in the form Letters gives (so that rejoined
// hyphens and moved line breaks do not matter).
func sectionWords(s *Section) string {
	parts := []string{s.Heading, s.Text, s.ResultLabel, s.Result, s.ResolutionLabel, s.ResolutionText}
	for _, a := range s.Annexes {
		parts = append(parts, a.Heading, a.Text)
	}
	return Letters(strings.Join(parts, "\n"))
}

// The ground truth for annexes: after the end of the meeting, a page whose
// first lines hold "Anlage N" alone, "Anlage N zur Niederschrift …", "Anlage
// N zum Protokoll …", "Anlage N zu TOP 5", "Anlage N: Titel" or a header
// ending in it ("Ortsrat Rössing, 29.10.2013 Anlage 2") starts annex N at
// the top of that page; it runs to the next annex of another number. It belongs to the item
// its heading names ("zu TOP 5"), else to the one item whose text mentions
// "Anlage N" other than as a paper's annex ("Anlage 1 der Drucksache …",
// "dieser Vorlage als Anlage 1"). Annexes mentioned by several items or by
// none are not counted.
var (
	truthAnnexRe     = regexp.MustCompile(`^(?:Anlage\s*(\d{1,2})(?:$|\s+zu[rm]?\s+(?:Niederschrift|Protokoll|TOP|OR)\b|\s+TOP\b|\s*:|\s+\()|\S.{0,50}[\s/]Anlage\s*(\d{1,2})$)`)
	truthAnnexTOPRe  = regexp.MustCompile(`\bTOP\s*(\d{1,3})\b`)
	truthRefRe       = regexp.MustCompile(`\bAnlagen?\s+((?:\d{1,2}\s*(?:,|und)\s*)*\d{1,2})\b`)
	truthPaperAfter  = regexp.MustCompile(`^\s*(?:zur|zu\s+der|zu\s+dieser|der|des)\s+(?:DS|Drucksache|Vorlage)`)
	truthPaperBefore = regexp.MustCompile(`(?:Vorlage|Drucksache)\s+als\s*$`)
)

// truthAnnex is an annex as the raw minutes hold it.
type truthAnnex struct {
	number, item string // item: the owner's number, "" when none or several refer to it
	first, last  int    // 0-based raw lines of the heading and after the end
	referrers    int
	closed       bool // referred to only from the closed part
}

// truthAnnexes finds the annexes after line end of the raw minutes and
// their owners among the regions.
func truthAnnexes(raw []string, end int, open, closed []truthRegion) []truthAnnex {
	var out []truthAnnex
	lineOnPage, pageTop := 99, 0
	for i := end; i < len(raw); i++ {
		t := strings.TrimSpace(strings.ReplaceAll(raw[i], "\f", ""))
		if strings.Contains(raw[i], "\f") || truthPageRe.MatchString(t) {
			lineOnPage = 0
			continue
		}
		if t == "" {
			continue
		}
		if lineOnPage++; lineOnPage == 1 {
			pageTop = i
		}
		if sessionpart.Heading(t) == sessionpart.Closed {
			// The closed part of the closing is no annex of anyone's.
			if len(out) > 0 && out[len(out)-1].last > i {
				out[len(out)-1].last = i
			}
			break
		}
		m := truthAnnexRe.FindStringSubmatch(t)
		if lineOnPage > 3 || m == nil {
			continue
		}
		num := m[1] + m[2]
		if len(out) > 0 && out[len(out)-1].number == num {
			continue
		}
		if len(out) > 0 {
			out[len(out)-1].last = pageTop
		}
		a := truthAnnex{number: num, first: pageTop, last: len(raw)}
		if top := truthAnnexTOPRe.FindStringSubmatch(t); top != nil {
			a.item = top[1]
		}
		out = append(out, a)
	}
	refers := func(reg truthRegion, num string) bool {
		text := strings.Join(raw[reg.first:reg.last], " ")
		for _, m := range truthRefRe.FindAllStringSubmatchIndex(text, -1) {
			after, before := text[m[1]:min(len(text), m[1]+40)], text[max(0, m[0]-30):m[0]]
			if truthPaperAfter.MatchString(after) || truthPaperBefore.MatchString(before) {
				continue
			}
			for _, n := range strings.FieldsFunc(text[m[2]:m[3]], func(r rune) bool { return r == ',' || r == ' ' }) {
				if n == num {
					return true
				}
			}
		}
		return false
	}
	for k := range out {
		a := &out[k]
		if a.item != "" {
			a.referrers = 1
			continue
		}
		for _, reg := range open {
			if refers(reg, a.number) {
				a.referrers++
				a.item = reg.number
			}
		}
		if a.referrers == 0 {
			for _, reg := range closed {
				if refers(reg, a.number) {
					a.closed = true
				}
			}
		}
		if a.referrers != 1 {
			a.item = ""
		}
	}
	return out
}

// measureReach compares the parse of one minutes text with the truth: the
// words of each truth region's lines, and of each annex with one owner,
// that the section of the right number holds; the lines of the closed part
// (and of annexes only it refers to) that a public section holds, which it
// must never.
func measureReach(raw []string, agenda map[string]string, m *Minutes) (r reach, leaks []string, short map[string]int) {
	open, closed, unlisted, end := truthRegions(raw, agenda)
	byNumber := map[string]*Section{}
	for i := range m.Sections {
		s := &m.Sections[i]
		if byNumber[s.Number] == nil {
			byNumber[s.Number] = s
		}
	}
	short = map[string]int{}
	// count adds the words of raw[first:last] to r; those found in the
	// section numbered num count as reached.
	count := func(num string, first, last int, words, reached *int) (missed int) {
		var got string
		if s := byNumber[num]; s != nil && !s.Closed {
			got = sectionWords(s)
		}
		for i := first; i < last; i++ {
			t := strings.TrimSpace(strings.ReplaceAll(raw[i], "\f", ""))
			if t == "" || truthPageRe.MatchString(t) {
				continue
			}
			n := wordCount(t)
			*words += n
			if key := Letters(t); got != "" && strings.Contains(got, key) {
				*reached += n
			} else {
				missed += n
			}
		}
		return missed
	}
	for _, reg := range open {
		r.regions++
		if missed := count(reg.number, reg.first, reg.last, &r.words, &r.reached); missed > 0 {
			r.short++
			short[reg.number] += missed
		}
	}
	var closedLines [][2]int
	for _, reg := range closed {
		closedLines = append(closedLines, [2]int{reg.first + 1, reg.last})
	}
	for _, a := range truthAnnexes(raw, end, open, closed) {
		r.annexes++
		switch {
		case a.closed:
			closedLines = append(closedLines, [2]int{a.first, a.last})
		case a.referrers == 0:
			r.annexUnreferred++
		case a.referrers > 1:
			r.annexAmbiguous++
		default:
			if missed := count(a.item, a.first, a.last, &r.annexWords, &r.annexReached); missed > 0 {
				r.short++
				short["Anlage "+a.number+" → "+a.item] += missed
			}
		}
	}
	for _, reg := range unlisted {
		for i := reg.first; i < reg.last; i++ {
			r.unlistedWords += wordCount(raw[i])
		}
	}
	var public strings.Builder
	for i := range m.Sections {
		if !m.Sections[i].Closed {
			public.WriteString(sectionWords(&m.Sections[i]))
			public.WriteByte('|')
		}
	}
	for _, span := range closedLines {
		for i := span[0]; i < span[1]; i++ {
			t := strings.TrimSpace(raw[i])
			r.closedWords += wordCount(t)
			// Lines long enough not to repeat by chance in public text.
			if key := Letters(t); len(key) >= 40 && strings.Contains(public.String(), key) {
				leaks = append(leaks, fmt.Sprintf("line %d: %s", i+1, t))
			}
		}
	}
	return r, leaks, short
}

// TestNordstemmenSectionsReachTheirItems measures, on all Nordstemmen
// minutes, the share of the items' text (by words) that reaches the
// section of the right agenda item, the annexes they refer to included
// (see truthRegions and truthAnnexes for the ground truth), and fails
// below 99 %. It names the minutes that fall short. Text of the closed
// part must reach no public section.
func TestNordstemmenSectionsReachTheirItems(t *testing.T) {
	const target = 99.0
	var total reach
	var withTruth, noAgenda int
	type shortfall struct {
		file   string
		missed int
		items  string
	}
	var shorts []shortfall
	for _, f := range nordstemmenMinutes(t) {
		text, m := mustParseMinutesFile(t, f)
		agenda := meetingAgenda(t, f)
		if len(agenda) == 0 {
			noAgenda++
			continue
		}
		r, leaks, short := measureReach(strings.Split(text, "\n"), agenda, m)
		for _, l := range leaks {
			t.Errorf("%s: closed text in a public section: %s", f, l)
		}
		if r.regions > 0 {
			withTruth++
		}
		total.add(r)
		if len(short) > 0 {
			var items []string
			missed := 0
			for n, w := range short {
				items = append(items, fmt.Sprintf("%s (%d)", n, w))
				missed += w
			}
			sort.Strings(items)
			shorts = append(shorts, shortfall{filepath.Base(f), missed, strings.Join(items, ", ")})
		}
	}
	pct := func(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }
	all, allReached := total.words+total.annexWords, total.reached+total.annexReached
	t.Logf("minutes with agenda headings: %d (without an OParl agenda beside them: %d); items: %d, of them short: %d",
		withTruth, noAgenda, total.regions, total.short)
	t.Logf("item words: %d, reached their agenda item's section: %d (%.2f%%)", total.words, total.reached, pct(total.reached, total.words))
	t.Logf("annexes: %d; with one owner: words %d, reached its section: %d (%.2f%%); referred to by no item: %d, by several: %d",
		total.annexes, total.annexWords, total.annexReached, pct(total.annexReached, total.annexWords), total.annexUnreferred, total.annexAmbiguous)
	t.Logf("item and annex words: %d, reached: %d (%.2f%%)", all, allReached, pct(allReached, all))
	t.Logf("not counted: closed-part words (none in a public section): %d; words of items the agenda does not list: %d",
		total.closedWords, total.unlistedWords)
	sort.Slice(shorts, func(i, j int) bool { return shorts[i].missed > shorts[j].missed })
	for i, s := range shorts {
		if i == 25 {
			t.Logf("… and %d more", len(shorts)-i)
			break
		}
		t.Logf("short: %s: %d words missed; items (words): %s", s.file, s.missed, s.items)
	}
	if total.words < 500000 || total.annexWords < 10000 {
		t.Errorf("only %d words of item text and %d of annexes found: the ground truth is broken", total.words, total.annexWords)
	}
	if share := pct(allReached, all); share < target {
		t.Errorf("%.2f%% of the item text reaches its agenda item, want at least %.0f%%", share, target)
	}
}

// TestTruthRegions checks the ground truth on a made-up text: the quoted
// heading in item 2, a page break, an item taken early, the closed part,
// corrections after the end.
func TestTruthRegions(t *testing.T) {
	raw := strings.Split(`Tagesordnung:
1. Eröffnung
Zu Punkt 1: Eröffnung
Text eins
Zu Punkt 2: Protokoll
Zu Punkt 4: zitiert
Text zwei

- 2 -
weiter zwei
Zu Punkt 5: Vorgezogen
Text fünf
Zu Punkt 5 a): Nicht auf der Tagesordnung
Text fünf a
Zu Punkt 3: Bericht
Text drei
- nichtöffentlicher Teil -
Zu Punkt 4: Grundstück
geheim
Ende der Sitzung: 20:00 Uhr
Zu Punkt 3: Berichtigung`, "\n")
	agenda := map[string]string{"1": "Eröffnung", "2": "Protokoll", "3": "Bericht", "4": "Grundstück", "5.1": "Vorgezogen"}
	open, closed, unlisted, end := truthRegions(raw, agenda)
	want := []truthRegion{{"1", 2, 4}, {"2", 4, 10}, {"5", 10, 12}, {"3", 14, 16}}
	if !slices.Equal(open, want) {
		t.Errorf("open = %v, want %v", open, want)
	}
	if want := []truthRegion{{"4", 17, 19}}; !slices.Equal(closed, want) {
		t.Errorf("closed = %v, want %v", closed, want)
	}
	if want := []truthRegion{{"5a", 12, 14}}; !slices.Equal(unlisted, want) {
		t.Errorf("unlisted = %v, want %v", unlisted, want)
	}
	if end != 19 {
		t.Errorf("end = %d, want 19", end)
	}
}
