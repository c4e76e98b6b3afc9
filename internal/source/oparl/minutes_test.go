package oparl

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/minutetext"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/testcorpus"
)

const ris = "https://ris.example.org/oparl/v1.1/body/1/"

func TestLinkMinutes(t *testing.T) {
	a, rep := importMinutesTxtar(t, "minutes.txtar", "minutes")
	ix := record.NewIndex(a)
	item := func(id string) *record.AgendaItem { return ix.AgendaItems[ris+"agendaitem/"+id] }

	t.Run("Coverage", func(t *testing.T) {
		// Beside the meeting: 5 sections, "Zu Punkt 5" has no item. From
		// --minutes: 2 sections, and a text that names no meeting.
		want := MinutesCoverage{Texts: 3, Unmatched: 1, Sections: 7, Matched: 6}
		if rep.Minutes != want {
			t.Errorf("coverage = %+v, want %+v", rep.Minutes, want)
		}
		if len(problems(rep, Warning, "unmatched-section")) != 1 || len(problems(rep, Warning, "unmatched-minutes")) != 1 {
			t.Errorf("unmatched section and text not reported:\n%s", summary(rep))
		}
	})
	t.Run("SectionText", func(t *testing.T) {
		// "Zu Punkt 1 a)", a sub-item the agenda does not list, is part
		// of item 1.
		if m := item("11").Minutes; m != "Der Ortsbürgermeister eröffnet die Sitzung.\n\nHerr Meyer wird verpflichtet." {
			t.Errorf("minutes = %q", m)
		}
		if item("15").Minutes != "" {
			t.Error("minutes attached to an item without that number")
		}
		if item("10") != nil {
			t.Error(`the heading "- öffentlicher Teil -" is an agenda item`)
		}
	})
	t.Run("VotesAndSpeakersFromTheText", func(t *testing.T) {
		it := item("12")
		if it.Votes == nil || it.Votes.Yes != 6 || it.Votes.Abstain != 4 {
			t.Errorf("votes = %+v, want 6 yes, 4 abstentions", it.Votes)
		}
		if strings.Join(it.Speakers, ",") != "Frau Gehrke,Herr Niemann" {
			t.Errorf("speakers = %q", it.Speakers)
		}
		if it.Result != "Zustimmung" {
			t.Errorf("result = %q, want the source's own result kept", it.Result)
		}
	})
	t.Run("PaperFromTheReference", func(t *testing.T) {
		if p := item("12").Paper; p != ris+"paper/61" {
			t.Errorf("paper = %q, want the paper with reference DS 61/2023", p)
		}
	})
	t.Run("AnnexGoesToTheItemThatRefersToIt", func(t *testing.T) {
		want := "Spielgeräte ist als Anlage 1 beigefügt.\n\nAnlage 1\nSpielgeräte am Kirchweg: Schaukel, Rutsche"
		if m := item("14").Minutes; !strings.HasSuffix(m, want) {
			t.Errorf("item 3 minutes = %q, want the annex after the text", m)
		}
	})
	t.Run("SharedNumberGoesToTheMatchingTitle", func(t *testing.T) {
		if item("14").Minutes == "" || item("13").Minutes != "" {
			t.Errorf("section 3 attached to %q / %q, want Spielplatz Kirchweg", item("13").Minutes, item("14").Minutes)
		}
		if c := item("14").ResultCategory; c != record.ResultNoted {
			t.Errorf("resultCategory = %q, want noted from the text", c)
		}
	})
	t.Run("MinutesFolderByProtocolName", func(t *testing.T) {
		it := item("22")
		if !strings.Contains(it.Minutes, "Haushaltssatzung mit 20 Ja-Stimmen") || it.Votes == nil || it.Votes.Yes != 20 || it.Votes.No != 2 {
			t.Errorf("item 2. = %+v, want the --minutes section (number \"2.\" is 2)", it)
		}
	})
	t.Run("ProtocolFileKeepsTheFullText", func(t *testing.T) {
		f := ix.Meetings[ris+"meeting/1"].Files[0]
		if !strings.HasPrefix(f.Text, "Protokoll\n") || !strings.Contains(f.Text, "Zu Punkt 5") {
			t.Errorf("protocol text = %q", f.Text)
		}
	})
}

// importMinutesTxtar imports the dump/ folder of a testdata txtar, with the
// minutes in its folder minutes when not "", and loads the records.
func importMinutesTxtar(t *testing.T, name, minutes string) (*record.Archive, *Report) {
	t.Helper()
	dir := writeTxtar(t, name)
	opts := Options{Source: filepath.Join(dir, "dump"), Out: filepath.Join(t.TempDir(), "records"), Map: MapOptions{BodyName: "Gemeinde Beispiel"}}
	if minutes != "" {
		opts.Minutes = filepath.Join(dir, minutes)
	}
	rep, err := Import(context.Background(), opts)
	if err != nil {
		t.Fatalf("%v\n%s", err, summary(rep))
	}
	a, diags, err := tomlrec.Load(opts.Out, tomlrec.Options{})
	if err != nil || len(diags) > 0 {
		t.Fatalf("%v\n%v", err, diags)
	}
	return a, rep
}

func TestNormalizeNumber(t *testing.T) {
	for in, want := range map[string]string{
		"6": "6", "6.": "6", " TOP 6 ": "6", "Ö 6": "6", "6.1": "6.1", "3 a)": "3a", "3a": "3a", "": "",
	} {
		if got := normalizeNumber(in); got != want {
			t.Errorf("normalizeNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNordstemmenMinutes links the corpus's 632 public minutes to their
// meetings' agenda items and checks sections by hand.
func TestNordstemmenMinutes(t *testing.T) {
	dir := filepath.Join(testcorpus.Dir(t, "nordstemmen"), "documents")
	a, rep := importCorpus(t, dir, Options{Map: MapOptions{BodyName: "Gemeinde Nordstemmen"}})
	m := rep.Minutes
	if m.Texts != 632 || m.Unmatched != 0 {
		t.Errorf("minutes texts = %+v, want the 632 Oeffentliche_Niederschrift files, all of imported meetings", m)
	}
	// Sections the agenda lacks (points added in the meeting, "8 a)")
	// cannot match; they stay in the protocol file's text.
	if m.Sections == 0 || float64(m.Matched) < 0.99*float64(m.Sections) {
		t.Errorf("coverage %d of %d sections, want at least 99%%", m.Matched, m.Sections)
	}
	ix := record.NewIndex(a)
	measureSectionsReachItems(t, dir, ix)
	const ns = "https://nordstemmen.ratsinfomanagement.net/webservice/oparl/v1.1/body/1/agendaitem/"
	// Checked by hand against
	// meetings/2023-10-05_Ortsrat_Adensen_(7._Sitzung)/Oeffentliche_Niederschrift_Ortsrat_Adensen_05.10.2023.txt.
	tests := []struct {
		item     string
		minutes  string // start of the minutes
		unanim   bool
		speakers string // first speaker
	}{
		{"21546", "Der Ortsbürgermeister Herr Riechelmann eröffnet die Sitzung", false, "Herr Riechelmann"},
		{"21547", "Das Protokoll der Sitzung vom 27.04.2023 wird einstimmig genehmigt.", true, ""},
		{"21554", "Herr Marcao begrüßt die Anwesenden", false, "Herr Marcao"},
	}
	for _, tt := range tests {
		it := ix.AgendaItems[ns+tt.item]
		if it == nil {
			t.Errorf("item %s missing", tt.item)
			continue
		}
		if !strings.HasPrefix(it.Minutes, tt.minutes) {
			t.Errorf("item %s: minutes start %q, want %q", tt.item, it.Minutes[:min(len(it.Minutes), 80)], tt.minutes)
		}
		if tt.unanim && (it.Votes == nil || !it.Votes.Unanimous) {
			t.Errorf("item %s: votes %+v, want unanimous", tt.item, it.Votes)
		}
		if tt.speakers != "" && (len(it.Speakers) == 0 || it.Speakers[0] != tt.speakers) {
			t.Errorf("item %s: speakers %q, want %q first", tt.item, it.Speakers, tt.speakers)
		}
	}
}

// measureSectionsReachItems parses each public minutes text of the
// Nordstemmen corpus again and measures the share of its sections' text
// (by words, annexes included) that reached an agenda item of the same
// meeting with the section's number (or the number's item, for a
// sub-item "3a" the agenda lacks): at least 99 %. The sections themselves
// are checked against the text in minutetext's
// TestNordstemmenSectionsReachTheirItems.
func measureSectionsReachItems(t *testing.T, dir string, ix *record.Index) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "meetings", "*", "Oeffentliche_Niederschrift_*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no minutes in %s: %v", dir, err)
	}
	var words, reached, annexWords int
	short := map[string]int{}
	for _, f := range files {
		meta, err := os.ReadFile(filepath.Join(filepath.Dir(f), "metadata.json"))
		if err != nil {
			t.Fatal(err)
		}
		var head struct{ ID string }
		if err := json.Unmarshal(meta, &head); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		mt := ix.Meetings[head.ID]
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text, err := minutetext.Decode(raw)
		if err != nil {
			t.Fatal(err)
		}
		m, err := minutetext.ParseMinutes(text)
		if err != nil || mt == nil {
			t.Fatalf("%s: meeting %q, %v", f, head.ID, err)
		}
		for _, sec := range m.Sections {
			n := normalizeNumber(sec.Number)
			if sec.Closed || n == "" {
				continue
			}
			var got strings.Builder
			for _, it := range mt.AgendaItems {
				if in := normalizeNumber(it.Number); in == n || in == strings.TrimRight(n, "abcdefghijklmnopqrstuvwxyz") {
					got.WriteString(minutetext.Letters(it.Minutes) + "|")
				}
			}
			for _, a := range sec.Annexes {
				annexWords += len(strings.Fields(a.Heading + " " + a.Text))
			}
			for _, line := range strings.Split(sec.MinutesText(), "\n") {
				w := len(strings.Fields(line))
				words += w
				if k := minutetext.Letters(line); strings.Contains(got.String(), k) {
					reached += w
				} else {
					short[filepath.Base(f)+" "+sec.Number] += w
				}
			}
		}
	}
	share := 100 * float64(reached) / float64(max(words, 1))
	t.Logf("minutes texts: %d; section words (annexes included: %d): %d, reached an agenda item of their number: %d (%.2f%%)",
		len(files), annexWords, words, reached, share)
	keys := slices.Sorted(maps.Keys(short))
	for _, k := range keys {
		t.Logf("short: %s: %d words", k, short[k])
	}
	if words < 500000 || annexWords < 50000 {
		t.Errorf("%d section words, %d of annexes: the minutes were not parsed", words, annexWords)
	}
	if share < 99 {
		t.Errorf("%.2f%% of the section text reached its agenda item, want at least 99%%", share)
	}
}

// closedPhrases and publicPhrases are the texts of testdata/closed.txtar's
// closed and public parts.
var (
	closedPhrases = []string{"Geheimbau Quaderstein", "Kaufpreis Birkenallee", "Personalsache Tannenhof"}
	publicPhrases = []string{"Radweg am Mühlbach", "Spielplatz Ulmenhof", "Feuerwehrhaus Eschenweg"}
)

// TestLinkMinutesClosedPart: a section of the closed part reaches only its
// closed-session agenda item, and no file that carries the minutes keeps it.
func TestLinkMinutesClosedPart(t *testing.T) {
	a, rep := importMinutesTxtar(t, "closed.txtar", "")
	ix := record.NewIndex(a)
	item := func(id string) *record.AgendaItem { return ix.AgendaItems[ris+"agendaitem/"+id] }

	t.Run("ClosedSectionsReachTheirClosedSessionItems", func(t *testing.T) {
		if it := item("12"); !it.ClosedSession || !strings.Contains(it.Minutes, "Geheimbau Quaderstein") {
			t.Errorf("item 12: closed session %v, minutes %q", it.ClosedSession, it.Minutes)
		}
		if it := item("23"); !it.ClosedSession || !strings.Contains(it.Minutes, "Kaufpreis Birkenallee") {
			t.Errorf("item 23 (after the heading item): closed session %v, minutes %q", it.ClosedSession, it.Minutes)
		}
		if it := item("21"); it.ClosedSession || !strings.Contains(it.Minutes, "Spielplatz Ulmenhof") || strings.Contains(it.Minutes, "nichtöffentlich") {
			t.Errorf("item 21: closed session %v, minutes %q", it.ClosedSession, it.Minutes)
		}
		// The closed item's annex goes with it; the public item's annex
		// is public.
		if it := item("12"); !strings.Contains(it.Minutes, "Anlage 1\nKaufvertrag mit der Geheimbau Quaderstein GmbH") {
			t.Errorf("item 12 lacks its annex: %q", it.Minutes)
		}
		if it := item("13"); !strings.Contains(it.Minutes, "Anlage 2\nLageplan Radweg am Mühlbach") {
			t.Errorf("item 13 lacks its annex: %q", it.Minutes)
		}
	})
	t.Run("NeverAPublicItem", func(t *testing.T) {
		if it := item("32"); it.ClosedSession || it.Minutes != "" || it.Result != "" {
			t.Errorf("item 32 (public, but closed in the minutes): minutes %q, result %q", it.Minutes, it.Result)
		}
		if len(problems(rep, Warning, "closed-section")) != 1 {
			t.Errorf("the closed section of a public item is not reported:\n%s", summary(rep))
		}
	})
	t.Run("NoFileKeepsTheClosedPart", func(t *testing.T) {
		files := 0
		for _, m := range a.Meetings {
			fs := slices.Clone(m.Files)
			for _, it := range m.AgendaItems {
				fs = append(fs, it.Files...)
			}
			for _, f := range fs {
				if f.Text == "" {
					continue
				}
				files++
				for _, p := range closedPhrases {
					if strings.Contains(f.Text, p) {
						t.Errorf("%s: file %s keeps %q:\n%s", m.ID, f.Name, p, f.Text)
					}
				}
				if !strings.Contains(f.Text, minutetext.CutMark) {
					t.Errorf("%s: file %s shows no cut:\n%s", m.ID, f.Name, f.Text)
				}
			}
		}
		if files != 4 { // three protocols, one also an item's file
			t.Errorf("%d files with text, want 4", files)
		}
		var all strings.Builder
		for _, m := range a.Meetings {
			all.WriteString(m.Files[0].Text)
		}
		for _, p := range publicPhrases { // the positive control
			if !strings.Contains(all.String(), p) {
				t.Errorf("the protocols lost the public %q", p)
			}
		}
	})
}
