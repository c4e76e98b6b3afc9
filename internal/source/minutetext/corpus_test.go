package minutetext

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/ratsarchiv/ratsarchiv/internal/source/outcome"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/testcorpus"
)

// nordstemmenMinutes returns the paths of the corpus's minutes texts, sorted.
func nordstemmenMinutes(tb testing.TB) []string {
	tb.Helper()
	dir := filepath.Join(testcorpus.Dir(tb, "nordstemmen"), "documents", "meetings")
	var files []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".txt") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	sort.Strings(files)
	return files
}

func mustParseMinutesFile(tb testing.TB, path string) (string, *Minutes) {
	tb.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	text, err := Decode(raw)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	m, err := ParseMinutes(text)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return text, m
}

// oparlItem is the little of an OParl agenda item the cross-check needs.
type oparlItem struct {
	Number string `json:"number"`
	Name   string `json:"name"`
	Result string `json:"result"`
}

// TestNordstemmenCoverage parses all minutes of the corpus and reports how
// much of them the parser understood. The lower bounds are what the parser
// reached when they were written, less a margin; a change that makes
// parsing worse fails here. The OParl metadata beside each text is an
// independent source for the results: it says which items had a result.
func TestNordstemmenCoverage(t *testing.T) {
	files := nordstemmenMinutes(t)
	var (
		docs, docsWithSections, sections, headed    int
		withResult, withLabel, withVotes, withRes   int
		withSpeakers, withRefs                      int
		agendaEntries, agendaMatched                int
		oparlResults, oparlFound, oparlSame, oparlC int
		attendees, withVoteWords, voteWordsResult   int
		breaks, pageNumbers, runningLines           int // furniture removed
		runningWords, annexes                       int
	)
	for _, f := range files {
		text, m := mustParseMinutesFile(t, f)
		docs++
		assertNothingLost(t, f, text, m)
		for _, fu := range m.Furniture {
			switch t := strings.TrimSpace(strings.ReplaceAll(fu.Text, "\f", "")); {
			case t == "":
				breaks++
			case pageNumberRe.MatchString(t):
				pageNumbers++
			default:
				runningLines++
				runningWords += len(strings.Fields(t))
			}
		}
		for _, s := range m.Sections {
			annexes += len(s.Annexes)
		}
		if len(m.Sections) > 0 {
			docsWithSections++
		}
		attendees += len(m.Attendance.Present) + len(m.Attendance.Absent) + len(m.Attendance.Administration) + len(m.Attendance.Guests)
		byNumber := map[string]*Section{}
		for i := range m.Sections {
			s := &m.Sections[i]
			sections++
			if s.Heading != "" {
				headed++
			}
			byNumber[s.Number] = s
			if s.Result != "" {
				withResult++
			}
			if s.ResultLabel != "" {
				withLabel++
			}
			if s.Votes != nil {
				withVotes++
			}
			if len(s.VoteEvents) > 0 {
				withVoteWords++
				if s.Result != "" {
					voteWordsResult++
				}
			}
			if s.ResolutionText != "" {
				withRes++
			}
			if len(s.Speakers) > 0 {
				withSpeakers++
			}
			if len(s.PaperRefs) > 0 {
				withRefs++
			}
		}
		agendaEntries += len(m.Agenda)
		for _, e := range m.Agenda {
			if byNumber[e.Number] != nil {
				agendaMatched++
			}
		}
		// Cross-check with the OParl results of the same meeting.
		if !strings.Contains(filepath.Base(f), "Niederschrift") {
			continue
		}
		meta, err := os.ReadFile(filepath.Join(filepath.Dir(f), "metadata.json"))
		if err != nil {
			continue
		}
		var mt struct {
			AgendaItem []oparlItem `json:"agendaItem"`
		}
		if err := json.Unmarshal(meta, &mt); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, ai := range mt.AgendaItem {
			if ai.Result == "" || ai.Number == "" {
				continue
			}
			oparlResults++
			s := sectionFor(byNumber, ai.Number)
			if s == nil || s.Result == "" {
				continue
			}
			oparlFound++
			if s.ResultCategory == outcome.ClassifySentence(ai.Result, firstVote(ai.Result)) {
				oparlC++
			}
			if strings.EqualFold(strings.Join(strings.Fields(s.Result), " "), strings.Join(strings.Fields(ai.Result), " ")) {
				oparlSame++
			}
		}
	}
	pct := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return 100 * float64(a) / float64(b)
	}
	t.Logf("documents: %d, with sections: %d (%.1f%%)", docs, docsWithSections, pct(docsWithSections, docs))
	t.Logf("sections: %d (%d under a heading); agenda entries: %d, with a section of that number: %d (%.1f%%)", sections, headed, agendaEntries, agendaMatched, pct(agendaMatched, agendaEntries))
	t.Logf("sections with a result: %d (%.1f%%), from a Beratungsergebnis label: %d (%.1f%%)", withResult, pct(withResult, sections), withLabel, pct(withLabel, sections))
	t.Logf("sections with votes: %d (%.1f%%), with a resolution: %d (%.1f%%)", withVotes, pct(withVotes, sections), withRes, pct(withRes, sections))
	t.Logf("sections that minute a vote: %d, of them with a result: %d (%.1f%%)", withVoteWords, voteWordsResult, pct(voteWordsResult, withVoteWords))
	t.Logf("sections with speakers: %d (%.1f%%), with paper references: %d (%.1f%%)", withSpeakers, pct(withSpeakers, sections), withRefs, pct(withRefs, sections))
	t.Logf("attendance entries: %d; annexes (or their parts) with an agenda item: %d", attendees, annexes)
	t.Logf("removed as page furniture: %d page breaks, %d page numbers, %d running header or footer lines (%d words)", breaks, pageNumbers, runningLines, runningWords)
	t.Logf("OParl agenda items with a result: %d; section found with a result: %d (%.1f%%); same category: %d (%.1f%% of found); same text: %d (%.1f%% of found)",
		oparlResults, oparlFound, pct(oparlFound, oparlResults), oparlC, pct(oparlC, oparlFound), oparlSame, pct(oparlSame, oparlFound))

	checks := []struct {
		name      string
		got, want float64
	}{
		{"documents", float64(docs), 654},
		{"% documents with sections", pct(docsWithSections, docs), 97},
		{"% agenda entries with a section", pct(agendaMatched, agendaEntries), 97},
		{"% sections with a result", pct(withResult, sections), 45},
		{"% sections that minute a vote, with a result", pct(voteWordsResult, withVoteWords), 90},
		{"% sections with votes", pct(withVotes, sections), 35},
		{"% sections with speakers", pct(withSpeakers, sections), 70},
		{"% OParl results found", pct(oparlFound, oparlResults), 97},
		{"% OParl results, same category", pct(oparlC, oparlFound), 97},
	}
	for _, c := range checks {
		if c.got < c.want {
			t.Errorf("%s: %.1f, want at least %.1f", c.name, c.got, c.want)
		}
	}
}

// assertNothingLost checks that every letter and digit of the input is in
// exactly one of the fields that partition it (the input's letters and
// digits, counted, equal the fields' counts): nothing dropped, nothing
// doubled. Rejoining hyphens and closing up letter-spacing change only
// other characters. Lines removed as furniture must be page furniture:
// blank, a page number, or a running line that repeats on three pages or
// more.
func assertNothingLost(tb testing.TB, name, input string, m *Minutes) {
	tb.Helper()
	running := map[string]int{}
	for _, f := range m.Furniture {
		running[digitsOut(f.Text)]++
	}
	for _, f := range m.Furniture {
		t := strings.TrimSpace(strings.ReplaceAll(f.Text, "\f", ""))
		if t != "" && !pageNumberRe.MatchString(t) && running[digitsOut(f.Text)] < 3 {
			tb.Errorf("%s:%d: %q removed as page furniture, but it is no page number and does not repeat", name, f.Line, f.Text)
		}
	}
	var parts []string
	parts = append(parts, m.Preamble, m.Attendance.Text, m.AgendaText, m.Closing, m.ClosedText)
	for _, s := range m.Sections {
		parts = append(parts, s.Heading)
		parts = append(parts, itemParts(&s.Item)...)
		for _, a := range s.Annexes {
			parts = append(parts, a.Heading, a.Text)
		}
	}
	for _, f := range m.Furniture {
		parts = append(parts, f.Text)
	}
	compareCounts(tb, name, input, parts)
}

func itemParts(it *Item) []string {
	parts := []string{it.Text, it.ResolutionLabel, it.ResolutionText}
	if it.ResultLabel != "" {
		parts = append(parts, it.ResultLabel, it.Result)
	}
	for _, f := range it.Furniture {
		parts = append(parts, f.Text)
	}
	return parts
}

func compareCounts(tb testing.TB, name, input string, parts []string) {
	tb.Helper()
	want := alnumCounts(input)
	got := map[rune]int{}
	for _, p := range parts {
		for r, n := range alnumCounts(p) {
			got[r] += n
		}
	}
	var diffs []string
	for r, n := range want {
		if got[r] != n {
			diffs = append(diffs, string(r)+": input "+strconv.Itoa(n)+", output "+strconv.Itoa(got[r]))
		}
	}
	for r, n := range got {
		if _, ok := want[r]; !ok {
			diffs = append(diffs, string(r)+": input 0, output "+strconv.Itoa(n))
		}
	}
	if len(diffs) > 0 {
		sort.Strings(diffs)
		if len(diffs) > 8 {
			diffs = diffs[:8]
		}
		tb.Errorf("%s: text lost or doubled: %s", name, strings.Join(diffs, "; "))
	}
}

func alnumCounts(s string) map[rune]int {
	c := map[rune]int{}
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			c[r]++
		}
	}
	return c
}

// firstVote is the first vote in a published result, as parseBody reads it.
func firstVote(result string) *outcome.Vote {
	if vs := outcome.FindVotes(result, 1); len(vs) > 0 {
		return &vs[0]
	}
	return nil
}

// sectionFor finds the section of an OParl agenda item number. Nordstemmen's
// OParl numbers some council items "10.3" where the minutes say "Zu Punkt
// 10" (the part after the dot counts the meeting's decisions), so a number
// not found as written is tried without it.
func sectionFor(byNumber map[string]*Section, number string) *Section {
	if s := byNumber[number]; s != nil {
		return s
	}
	major, _, _ := strings.Cut(number, ".")
	return byNumber[major]
}
