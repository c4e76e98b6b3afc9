package gen

import (
	"math"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	sourceoutcome "github.com/ratsarchiv/ratsarchiv/internal/source/outcome"
)

// The distribution tests look at one archive of 10,000 items, the size the
// benchmarks start at.
var (
	distOnce    sync.Once
	distArchive *record.Archive
)

func archive10k(tb testing.TB) *record.Archive {
	tb.Helper()
	if testing.Short() {
		tb.Skip("generates 10,000 items; skipped with -short")
	}
	distOnce.Do(func() { distArchive = Generate(Options{Items: 10000, Seed: 42}) })
	return distArchive
}

// texts returns every generated text of a.
func texts(a *record.Archive) []string {
	var out []string
	for _, m := range a.Meetings {
		for _, it := range m.AgendaItems {
			out = append(out, it.Minutes, it.ResolutionText)
		}
	}
	for _, p := range a.Papers {
		out = append(out, p.Text)
		for _, f := range p.Files {
			out = append(out, f.Text)
		}
	}
	return out
}

// words splits a text into words as a search index would: letters only.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
}

func TestArchiveValidates(t *testing.T) {
	a := archive10k(t)
	if ds := record.Validate(a); len(ds) > 0 {
		t.Fatalf("%d problems, first: %s", len(ds), ds[0])
	}
}

func TestWordFrequenciesFollowZipf(t *testing.T) {
	a := archive10k(t)
	counts := map[string]int{}
	tokens := 0
	for _, s := range texts(a) {
		for _, w := range words(s) {
			counts[strings.ToLower(w)]++
			tokens++
		}
	}
	freqs := make([]int, 0, len(counts))
	for _, n := range counts {
		freqs = append(freqs, n)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(freqs)))

	// Least-squares slope of log(frequency) over log(rank) for ranks
	// 10–5,000: about -1 for natural text.
	var sx, sy, sxx, sxy, n float64
	for r := 10; r <= 5000 && r <= len(freqs); r++ {
		x, y := math.Log(float64(r)), math.Log(float64(freqs[r-1]))
		sx, sy, sxx, sxy, n = sx+x, sy+y, sxx+x*x, sxy+x*y, n+1
	}
	slope := (n*sxy - sx*sy) / (n*sxx - sx*sx)
	t.Logf("%d tokens, %d distinct words, slope %.2f, top: %d, rank 100: %d, rank 1000: %d",
		tokens, len(freqs), slope, freqs[0], freqs[99], freqs[999])
	if slope > -0.8 || slope < -1.5 {
		t.Errorf("rank/frequency slope %.2f, want about -1", slope)
	}
	// A long tail: many words are rare, as in real records.
	rare := 0
	for _, f := range freqs {
		if f <= 3 {
			rare++
		}
	}
	if len(freqs) < 10000 || rare < len(freqs)/10 {
		t.Errorf("%d distinct words, %d of them rare: the tail is too short", len(freqs), rare)
	}
	// The most frequent words are the function words of German.
	for _, w := range []string{"der", "die", "und"} {
		if counts[w] < freqs[20] {
			t.Errorf("%q occurs %d times, less than the 20th word", w, counts[w])
		}
	}
}

func TestCompoundsAndInflectedFormsOccur(t *testing.T) {
	a := archive10k(t)
	seen := map[string]int{}
	for _, s := range texts(a) {
		for _, w := range words(s) {
			seen[w]++
		}
	}
	for _, m := range a.Meetings {
		for _, it := range m.AgendaItems {
			for _, w := range words(it.Name) {
				seen[w]++
			}
		}
	}
	t.Run("Named", func(t *testing.T) {
		for _, w := range []string{"Kitagebühren", "Sozialausschuss", "Integrationsmanagement", "Fördermittelbescheid", "Bebauungsplan", "Haushaltssatzung"} {
			if seen[w] == 0 {
				t.Errorf("%s does not occur", w)
			}
		}
	})
	t.Run("WithLinkingElements", func(t *testing.T) {
		links := map[string]int{}
		distinct := 0
		for _, c := range Compounds() {
			if seen[c.Word] > 0 {
				distinct++
				links[c.Link]++
			}
		}
		t.Logf("%d distinct compounds occur; by linking element: %v", distinct, links)
		if distinct < 2000 {
			t.Errorf("only %d distinct compounds occur", distinct)
		}
		for _, l := range []string{"", "s", "es", "n", "en"} {
			if links[l] == 0 {
				t.Errorf("no compound with linking element %q", l)
			}
		}
	})
	t.Run("Inflected", func(t *testing.T) {
		// Nouns that occur bare and with a case or plural ending.
		pairs := 0
		for w := range seen {
			if !unicode.IsUpper([]rune(w)[0]) {
				continue
			}
			for _, end := range []string{"s", "es", "n", "en", "e"} {
				if seen[w+end] > 0 {
					pairs++
					break
				}
			}
		}
		if pairs < 500 {
			t.Errorf("only %d nouns occur with an ending as well", pairs)
		}
	})
}

func TestResultsAndVotes(t *testing.T) {
	a := archive10k(t)
	cats := map[record.ResultCategory]int{}
	results := map[string]int{}
	votes := map[string]int{}
	for _, m := range a.Meetings {
		for _, it := range m.AgendaItems {
			cats[it.ResultCategory]++
			results[it.Result]++
			switch v := it.Votes; {
			case v == nil:
				votes["none"]++
			case v.Unanimous && v.Yes > 0:
				votes["unanimous counted"]++
			case v.Unanimous:
				votes["unanimous"]++
			case v.Yes > v.No:
				votes["carried"]++
			default:
				votes["defeated"]++
			}
		}
	}
	t.Logf("categories %v; votes %v", cats, votes)
	for _, c := range append([]record.ResultCategory{record.ResultNone}, record.ResultCategories...) {
		if cats[c] < 20 {
			t.Errorf("category %q: %d items", c, cats[c])
		}
	}
	for _, r := range []string{"einstimmig beschlossen", "mehrheitlich beschlossen", "abgelehnt", "vertagt", "zur Kenntnis genommen", "geändert beschlossen", "zurückgezogen"} {
		if results[r] == 0 {
			t.Errorf("result %q never occurs", r)
		}
	}
	for k, n := range votes {
		if n < 50 {
			t.Errorf("votes %s: %d items", k, n)
		}
	}
}

// TestOutcomesClassify holds the generator's results to the meaning the
// importers give them (internal/source/outcome).
func TestOutcomesClassify(t *testing.T) {
	for kind, cs := range outcomes {
		for _, c := range cs {
			if got := sourceoutcome.Classify(c.v.result); got != c.v.category {
				t.Errorf("kind %d: %q classifies as %q, generator says %q", kind, c.v.result, got, c.v.category)
			}
		}
	}
}

// TestNonPublicShare: some meetings are withheld (committees that meet in
// closed session), and public meetings have a closed part of
// closed-session items under its heading.
func TestNonPublicShare(t *testing.T) {
	a := archive10k(t)
	items, closed, closedSession, closedMeetings, parts := 0, 0, 0, 0, 0
	for _, m := range a.Meetings {
		if !m.Public {
			closedMeetings++
		}
		for _, it := range m.AgendaItems {
			items++
			if !it.Public || !m.Public || it.ClosedSession {
				closed++
			}
			if it.ClosedSession {
				closedSession++
				if !it.Public || !m.Public {
					t.Errorf("%s: closed-session and withheld", it.ID)
				}
			}
		}
		if len(m.Headings) > 0 {
			parts++
			if h := m.Headings[len(m.Headings)-1]; !h.ClosedSession || h.Name != "Nichtöffentliche Sitzung" {
				t.Errorf("%s: last heading %+v, want the closed part's", m.ID, h)
			}
			for _, it := range m.AgendaItems {
				if it.ClosedSession != (it.Order > m.Headings[len(m.Headings)-1].Order) {
					t.Errorf("%s: item %s (order %d, closed session %v) on the wrong side of the heading", m.ID, it.ID, it.Order, it.ClosedSession)
				}
			}
		}
	}
	share := float64(closed) / float64(items)
	t.Logf("%d of %d items non-public (%.1f%%), %d closed-session in public meetings (%d with parts); %d of %d meetings withheld",
		closed, items, 100*share, closedSession, parts, closedMeetings, len(a.Meetings))
	if share < 0.03 || share > 0.15 {
		t.Errorf("non-public share %.3f, want 3–15%%", share)
	}
	if closedSession == 0 || closedMeetings == 0 || parts == 0 {
		t.Error("want closed-session items in public meetings, with headings, and withheld meetings")
	}
}

func TestMeetingsAndPapers(t *testing.T) {
	a := archive10k(t)
	ix := record.NewIndex(a)
	t.Run("ItemsPerMeeting", func(t *testing.T) {
		held, items := 0, 0
		years := map[int]int{}
		for _, m := range a.Meetings {
			if m.Cancelled {
				continue
			}
			held++
			items += len(m.AgendaItems)
			years[m.Start.Year()]++
		}
		mean := float64(items) / float64(held)
		if mean < 8 || mean > 15 {
			t.Errorf("%.1f items per meeting", mean)
		}
		o := Options{Items: 10000}.withDefaults()
		for y := o.LastYear - o.Years + 1; y <= o.LastYear; y++ {
			if years[y] < 20 {
				t.Errorf("%d: %d meetings", y, years[y])
			}
		}
	})
	t.Run("PapersGoThroughCommittees", func(t *testing.T) {
		several, advisedThenDecided := 0, 0
		for _, p := range a.Papers {
			orgs := map[string]bool{}
			roles := ""
			for _, c := range p.Consultations {
				orgs[c.Organization] = true
				if c.AgendaItem != "" {
					roles += c.Role + ">"
				}
			}
			if len(orgs) >= 2 {
				several++
			}
			if strings.Contains(roles, "Vorberatung>") && strings.Contains(roles, ">Entscheidung>") {
				advisedThenDecided++
			}
			if len(ix.ItemsOfPaper[p.ID]) == 0 {
				t.Fatalf("paper %s is on no agenda", p.ID)
			}
		}
		t.Logf("%d papers, %d in several committees, %d advised on and then decided", len(a.Papers), several, advisedThenDecided)
		if several < len(a.Papers)/10 || advisedThenDecided < len(a.Papers)/20 {
			t.Errorf("too few papers go through several committees")
		}
	})
	t.Run("MinutesLength", func(t *testing.T) {
		var lengths []int
		for _, m := range a.Meetings {
			for _, it := range m.AgendaItems {
				if it.Paper != "" {
					lengths = append(lengths, len(words(it.Minutes)))
				}
			}
		}
		sort.Ints(lengths)
		median := lengths[len(lengths)/2]
		t.Logf("words of minutes per item with a paper: median %d, 90th percentile %d, max %d",
			median, lengths[len(lengths)*9/10], lengths[len(lengths)-1])
		if median < 150 || median > 500 {
			t.Errorf("median %d words", median)
		}
	})
	t.Run("SpeakersArePersons", func(t *testing.T) {
		named := 0
		for _, m := range a.Meetings {
			for _, it := range m.AgendaItems {
				for _, sp := range it.Speakers {
					if !strings.HasPrefix(sp, "Frau ") && !strings.HasPrefix(sp, "Herr ") {
						t.Fatalf("%s: speaker %q", it.ID, sp)
					}
					family := sp[strings.LastIndexByte(sp, ' ')+1:]
					if strings.Contains(it.Minutes, family) {
						named++
					}
				}
				for _, id := range it.Persons {
					if ix.Persons[id] == nil {
						t.Fatalf("%s: unknown person %s", it.ID, id)
					}
				}
			}
		}
		if named < 20000 {
			t.Errorf("speakers named in their items' minutes: %d", named)
		}
	})
	t.Run("PersonsHaveMemberships", func(t *testing.T) {
		with := 0
		for _, p := range a.Persons {
			if len(p.Memberships) > 0 {
				with++
			}
		}
		if with < len(a.Persons)*3/4 {
			t.Errorf("%d of %d persons have memberships", with, len(a.Persons))
		}
	})
}

func TestDefaultsScaleWithItems(t *testing.T) {
	for _, tc := range []struct {
		items, years, committees int
	}{
		{1000, 4, 10},
		{10000, 12, 15},
		{100000, 20, 20},
		{10, 2, 3},
	} {
		o := Options{Items: tc.items}.withDefaults()
		if o.Years != tc.years || o.Committees != tc.committees {
			t.Errorf("%d items: %d years, %d committees; want %d, %d", tc.items, o.Years, o.Committees, tc.years, tc.committees)
		}
	}
}
