package minutetext

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// addSeeds seeds a fuzz target with the hand-made texts in testdata and a
// few shapes that stress the parser's edges.
func addSeeds(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.txt"))
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if s, err := Decode(raw); err == nil {
			f.Add(s)
		}
	}
	for _, s := range []string{
		"", "\n", "\f", "-", "Ge-\n", "Ge-\n\f\n- 2 -\nmeinde", "Zu Punkt 1:", "Zu Punkt 1:\nZu Punkt 1:",
		"Beratungsergebnis:", "Beratungsergebnis:\n", "Beschluss:", "Beschluss: x\nBeschluss: y",
		"wie folgt:", "Es sind anwesend:\nTagesordnung:\n1. a\nZu Punkt 1: a\nEnde der Sitzung: 25:99 Uhr",
		"einstimmig bei 999 Ja-Stimmen", "Herr", "Herr Dr.", "Frau von", "TOP 1\nTOP 1\nTOP 2",
		"Tagesordnung:\n9. x\n9. y\n10. z", "P r o t o k o l l", "u Punkt 2: x",
		"Zu Punkt 1: a\n- nichtöffentlicher Teil -\nb\nZu Punkt 2: c\n- öffentlicher Teil -\nZu Punkt 3: d",
		"Tagesordnung:\n1. a\n- nichtöffentlicher Teil -\n2. b\nZu Punkt 2: b\nEnde der Sitzung\n- nichtöffentlicher Teil -\nx",
		"Zu Punkt 1: a (Anlage 1)\nEnde der Sitzung\n\f\nAnlage 1\nTOP 1\nx\f\nAnlage 2 zu TOP 1\ny", annexMinutes,
	} {
		f.Add(s)
	}
}

// checkItem asserts what must hold for any item parsed from any input of
// that many lines: a known category, votes that make sense, valid UTF-8.
// That nothing is lost or doubled the callers check on the whole parse.
func checkItem(t *testing.T, it *Item, lines int) {
	t.Helper()
	if _, err := record.ParseResultCategory(string(it.ResultCategory)); err != nil {
		t.Errorf("category: %v", err)
	}
	if it.Result == "" && it.ResultCategory != record.ResultNone {
		t.Errorf("category %q without a result", it.ResultCategory)
	}
	if v := it.Votes; v != nil && (v.Yes < 0 || v.No < 0 || v.Abstain < 0) {
		t.Errorf("negative votes %+v", *v)
	}
	for _, v := range it.VoteEvents {
		if v.Line < 1 || v.Line > lines {
			t.Errorf("vote %q on line %d of %d", v.Text, v.Line, lines)
		}
	}
	for _, s := range append(append([]string{it.Text, it.Result, it.ResolutionText}, it.Speakers...), it.PaperRefs...) {
		if !utf8.ValidString(s) {
			t.Errorf("invalid UTF-8 in %q", s)
		}
	}
}

func FuzzParseItem(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, in string) {
		it, err := ParseItem(in)
		if err != nil {
			if utf8.ValidString(in) && !strings.ContainsRune(in, 0) {
				t.Fatalf("error on text input: %v", err)
			}
			return
		}
		compareCounts(t, "input", in, itemParts(it))
		checkItem(t, it, strings.Count(in, "\n")+1)
		again, _ := ParseItem(in)
		if !reflect.DeepEqual(it, again) {
			t.Error("two parses of the same input differ")
		}
	})
}

func FuzzParseMinutes(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, in string) {
		m, err := ParseMinutes(in)
		if err != nil {
			if utf8.ValidString(in) && !strings.ContainsRune(in, 0) {
				t.Fatalf("error on text input: %v", err)
			}
			return
		}
		assertNothingLost(t, "input", in, m)
		lines := strings.Count(in, "\n") + 1
		prevEnd := 0
		for _, s := range m.Sections {
			if s.Line <= prevEnd || s.Line > s.EndLine || s.EndLine > lines {
				t.Errorf("section %q spans lines %d–%d after %d, of %d", s.Number, s.Line, s.EndLine, prevEnd, lines)
			}
			prevEnd = s.EndLine
			checkItem(t, &s.Item, lines)
		}
		var annexes []LineRange
		for _, s := range m.Sections {
			for _, a := range s.Annexes {
				if a.Line <= prevEnd || a.Line > a.EndLine || a.EndLine > lines {
					t.Errorf("annex %q of section %q spans lines %d–%d, the sections end at %d, of %d", a.Number, s.Number, a.Line, a.EndLine, prevEnd, lines)
				}
				for _, o := range annexes {
					if a.Line <= o.Last && o.First <= a.EndLine {
						t.Errorf("annex %q (%d–%d) overlaps another (%d–%d)", a.Number, a.Line, a.EndLine, o.First, o.Last)
					}
				}
				annexes = append(annexes, LineRange{a.Line, a.EndLine})
				if s.Closed && !inRanges(m.Closed, a.Line) {
					t.Errorf("annex %q of closed section %q is not closed", a.Number, s.Number)
				}
			}
			if !utf8.ValidString(s.MinutesText()) {
				t.Errorf("invalid UTF-8 in the minutes text of section %q", s.Number)
			}
		}
		prevLast := 0
		for _, r := range m.Closed {
			if r.First <= prevLast || r.Last < r.First || r.Last > lines {
				t.Errorf("closed lines %d–%d after %d, of %d", r.First, r.Last, prevLast, lines)
			}
			prevLast = r.Last
		}
		if cut := CutLines(in, m.Closed); len(m.Closed) == 0 && cut != in {
			t.Error("CutLines changed a text without a closed part")
		}
		again, _ := ParseMinutes(in)
		if !reflect.DeepEqual(m, again) {
			t.Error("two parses of the same input differ")
		}
	})
}

func inRanges(rs []LineRange, n int) bool {
	for _, r := range rs {
		if r.First <= n && n <= r.Last {
			return true
		}
	}
	return false
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{"", "Gebühren", "Geb\xfchren", "\xff\xfeG\x00", "\xfe\xff\x00G", "%PDF-", "f\x81r", "\xef\xbb\xbf"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		s, err := Decode(raw)
		if err != nil {
			return
		}
		if !utf8.ValidString(s) {
			t.Errorf("Decode returned invalid UTF-8 %q", s)
		}
		if utf8.Valid(raw) && len(raw) > 0 && raw[0] != 0xEF && s != string(raw) {
			t.Errorf("UTF-8 input changed: %q → %q", raw, s)
		}
	})
}
