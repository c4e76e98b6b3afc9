package minutetext

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/testcorpus"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the parser's output")

// TestSeed parses the per-item minute text the project was created from
// (../shared/seeds beside the repository).
func TestSeed(t *testing.T) {
	path := testcorpus.Seed(t, "000_8b4e18a2aef432da.txt")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text, err := Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	it, err := ParseItem(text)
	if err != nil {
		t.Fatal(err)
	}
	if it.Result != "Kenntnis genommen" {
		t.Errorf("result %q, want %q", it.Result, "Kenntnis genommen")
	}
	if it.ResultCategory != record.ResultNoted {
		t.Errorf("category %q, want noted", it.ResultCategory)
	}
	if !strings.HasPrefix(it.ResolutionText, "Der Sozialausschuss nimmt") {
		t.Errorf("resolution %q, want it to start %q", it.ResolutionText, "Der Sozialausschuss nimmt")
	}
	if !reflect.DeepEqual(it.Speakers, []string{"Frau Gehrke"}) {
		t.Errorf("speakers %q, want [Frau Gehrke]", it.Speakers)
	}
	if !strings.HasPrefix(it.Text, "Frau Gehrke informiert") || !strings.HasSuffix(it.Text, "im Juni 2022 geendet sei.") {
		t.Errorf("minutes text %q…", it.Text[:min(80, len(it.Text))])
	}
	if strings.Contains(it.Text, "Beratungsergebnis") || strings.Contains(it.Text, "Der Sozialausschuss nimmt") {
		t.Errorf("minutes text holds the result or the resolution")
	}
	compareCounts(t, path, text, itemParts(it))
}

func TestParseItem(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		result     string
		label      string
		category   record.ResultCategory
		votes      *record.Votes
		resolution string
		text       string
		speakers   []string
		refs       []string
	}{
		{
			name:       "SeedLayout",
			in:         "Beratungsergebnis: Kenntnis genommen\n\nFrau Gehrke informiert.\n\nBeschluss:\n\nDer Ausschuss nimmt den Bericht zur Kenntnis.",
			result:     "Kenntnis genommen",
			label:      "Beratungsergebnis",
			category:   record.ResultNoted,
			resolution: "Der Ausschuss nimmt den Bericht zur Kenntnis.",
			text:       "Frau Gehrke informiert.",
			speakers:   []string{"Frau Gehrke"},
		},
		{
			name:       "ResolutionOnLabelLine",
			in:         "Beschluss: Der Rat beschließt die Satzung.\nBeratungsergebnis: einstimmig",
			result:     "einstimmig",
			label:      "Beratungsergebnis",
			category:   record.ResultApproved,
			votes:      &record.Votes{Unanimous: true},
			resolution: "Der Rat beschließt die Satzung.",
		},
		{
			// The value of the label is on the next line.
			name:     "ResultOnNextLine",
			in:       "Beratungsergebnis:\nabgelehnt\n\nHerr Niemann bedauert das.",
			result:   "abgelehnt",
			label:    "Beratungsergebnis",
			category: record.ResultRejected,
			text:     "Herr Niemann bedauert das.",
			speakers: []string{"Herr Niemann"},
		},
		{
			// "folgenden\nBeschluss:" is one sentence, not a label.
			name:       "BeschlussEndsASentence",
			in:         "Der Ausschuss fasst einstimmig folgenden\nBeschluss:\nDie Bank wird aufgestellt.",
			result:     "Der Ausschuss fasst einstimmig folgenden Beschluss:",
			category:   record.ResultApproved,
			votes:      &record.Votes{Unanimous: true},
			resolution: "Die Bank wird aufgestellt.",
			text:       "Der Ausschuss fasst einstimmig folgenden\nBeschluss:",
		},
		{
			name:     "DecisionSentence",
			in:       "Herr Weber berichtet. Der Ortsrat nimmt den Bericht zur Kenntnis.",
			result:   "Der Ortsrat nimmt den Bericht zur Kenntnis.",
			category: record.ResultNoted,
			text:     "Herr Weber berichtet. Der Ortsrat nimmt den Bericht zur Kenntnis.",
			speakers: []string{"Herr Weber"},
		},
		{
			// A reported decision is not the item's.
			name:     "ReportedDecision",
			in:       "Herr Weber teilt mit, dass der Rat die Sanierung beschlossen hat.",
			text:     "Herr Weber teilt mit, dass der Rat die Sanierung beschlossen hat.",
			speakers: []string{"Herr Weber"},
		},
		{
			// The amendment is voted on first; the last vote decides.
			name:     "AmendmentThenMotion",
			in:       "Der Änderungsantrag wird mit 4 Ja-Stimmen und 7 Nein-Stimmen abgelehnt. Der Rat beschließt sodann mit 8 Ja-Stimmen bei 3 Enthaltungen die Vorlage.",
			result:   "Der Rat beschließt sodann mit 8 Ja-Stimmen bei 3 Enthaltungen die Vorlage.",
			category: record.ResultApproved,
			votes:    &record.Votes{Yes: 8, Abstain: 3},
			text:     "Der Änderungsantrag wird mit 4 Ja-Stimmen und 7 Nein-Stimmen abgelehnt. Der Rat beschließt sodann mit 8 Ja-Stimmen bei 3 Enthaltungen die Vorlage.",
		},
		{
			name:     "NotApproved",
			in:       "Die Niederschrift wird einstimmig nicht genehmigt.",
			result:   "Die Niederschrift wird einstimmig nicht genehmigt.",
			category: record.ResultRejected,
			votes:    &record.Votes{Unanimous: true},
			text:     "Die Niederschrift wird einstimmig nicht genehmigt.",
		},
		{
			name:     "PaperRefs",
			in:       "Frau Brandt stellt die Drucksache 57/2015 vor; siehe auch Vorlage 235/22, DS 12/2019 und DS 57/2015.",
			text:     "Frau Brandt stellt die Drucksache 57/2015 vor; siehe auch Vorlage 235/22, DS 12/2019 und DS 57/2015.",
			speakers: []string{"Frau Brandt"},
			refs:     []string{"Drucksache 57/2015", "Vorlage 235/22", "DS 12/2019"},
		},
		{
			name: "Empty",
			in:   "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it, err := ParseItem(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if it.Result != tt.result || it.ResultLabel != tt.label || it.ResultCategory != tt.category {
				t.Errorf("result %q (label %q, %q), want %q (label %q, %q)", it.Result, it.ResultLabel, it.ResultCategory, tt.result, tt.label, tt.category)
			}
			if !reflect.DeepEqual(it.Votes, tt.votes) {
				t.Errorf("votes %+v, want %+v", it.Votes, tt.votes)
			}
			if it.ResolutionText != tt.resolution {
				t.Errorf("resolution %q, want %q", it.ResolutionText, tt.resolution)
			}
			if it.Text != tt.text {
				t.Errorf("text %q, want %q", it.Text, tt.text)
			}
			if !reflect.DeepEqual(it.Speakers, tt.speakers) {
				t.Errorf("speakers %q, want %q", it.Speakers, tt.speakers)
			}
			if !reflect.DeepEqual(it.PaperRefs, tt.refs) {
				t.Errorf("paper refs %q, want %q", it.PaperRefs, tt.refs)
			}
			compareCounts(t, tt.name, tt.in, itemParts(it))
		})
	}
}

func TestParseErrors(t *testing.T) {
	for name, in := range map[string]string{
		"InvalidUTF8": "Beschluss: Der Rat beschlie\xdft",
		"NUL":         "Beschluss\x00",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := ParseItem(in); !errors.Is(err, ErrNotText) {
				t.Errorf("ParseItem: %v, want ErrNotText", err)
			}
			if _, err := ParseMinutes(in); !errors.Is(err, ErrNotText) {
				t.Errorf("ParseMinutes: %v, want ErrNotText", err)
			}
		})
	}
}

func TestSplitLines(t *testing.T) {
	tests := []struct {
		name, in, want string
		furniture      int
	}{
		{"JoinsLowercase", "die Ausschuss-\nmitglieder und", "die Ausschussmitglieder\nund", 0},
		{"KeepsHyphenBeforeCapital", "die Kita-\nGebühren steigen", "die Kita-Gebühren\nsteigen", 0},
		{"SuspendedCompound", "Sprach-\nund Integrationskurse", "Sprach-\nund Integrationskurse", 0},
		{"DashAfterSpace", "Teichstraße -\nOst", "Teichstraße -\nOst", 0},
		// A word between dashes is no broken word, and a heading's first
		// word is never pulled up.
		{"WordBetweenDashes", "-Abgesetzt-\nZu Punkt 11: Bericht", "-Abgesetzt-\nZu Punkt 11: Bericht", 0},
		{"HeadingStaysWhole", "Ausschuss-\nZu Punkt 11: Bericht", "Ausschuss-\nZu Punkt 11: Bericht", 0},
		{"WholeLineMovesUp", "Beschlussvor-\nschlag\nDer Rat", "Beschlussvorschlag\nDer Rat", 0},
		{"AcrossPageBreak", "Ge-\n\f\n- 2 -\nmeinde Nordstemmen", "Gemeinde\nNordstemmen", 2},
		{"PageFooters", "a\nSeite 2 von 3\nb\n– 4 –\nc", "a\nb\nc", 2},
		{"LetterSpaced", "P r o t o k o l l\nder Sitzung", "Protokoll\nder Sitzung", 0},
		{"SymbolFontBullet", "\uf0b7 Punkt eins", "• Punkt eins", 0},
		{"CRLF", "a\r\nb\r\n", "a\nb\n", 0},
		// A running header and footer repeat on every page, numbers aside.
		{"RunningHeader",
			"Niederschrift Rat 12.03.2024 Seite 1\nText eins\nStadt Lindenfeld 1\n\f\nNiederschrift Rat 12.03.2024 Seite 2\nText zwei\nStadt Lindenfeld 2\n\f\nNiederschrift Rat 12.03.2024 Seite 3\nText drei\nStadt Lindenfeld 3",
			"Text eins\nText zwei\nText drei", 8},
		// The minutes' title on every page, the same each time.
		{"RunningTitle",
			"Niederschrift über die 5. Sitzung des Rates\nText eins\n\f\nNiederschrift über die 5. Sitzung des Rates\nText zwei\n\f\nNiederschrift über die 5. Sitzung des Rates\nText drei",
			"Text eins\nText zwei\nText drei", 5},
		// Annex headings on top of pages say which annex a page belongs to.
		{"AnnexHeadersStay",
			"Text\n\f\nOrtsrat Rössing, 29.10.2013 Anlage 1\nA\n\f\nOrtsrat Rössing, 29.10.2013 Anlage 2\nB\n\f\nOrtsrat Rössing, 29.10.2013 Anlage 2\nC",
			"Text\nOrtsrat Rössing, 29.10.2013 Anlage 1\nA\nOrtsrat Rössing, 29.10.2013 Anlage 2\nB\nOrtsrat Rössing, 29.10.2013 Anlage 2\nC", 3},
		// Nor are table rows that open three pages.
		{"TableRowsAreContent",
			"Eins\n\fKindergarten 43 25 25 43 50 143 64 393\nZwei\n\fKindergarten 43 25 25 43 50 143 68 397\nDrei\n\fKindergarten 41 25 25 43 50 143 64 391\nVier",
			"Eins\nKindergarten 43 25 25 43 50 143 64 393\nZwei\nKindergarten 43 25 25 43 50 143 68 397\nDrei\nKindergarten 41 25 25 43 50 143 64 391\nVier", 0},
		// Two pages that open alike are not a running header.
		{"NoRunningHeader",
			"Eins\n\fBeratungsergebnis: einstimmig\nZwei\n\fBeratungsergebnis: einstimmig\nDrei\n\fBeratungsergebnis: einstimmig\nVier",
			"Eins\nBeratungsergebnis: einstimmig\nZwei\nBeratungsergebnis: einstimmig\nDrei\nBeratungsergebnis: einstimmig\nVier", 0},
		{"SameSentenceIsContent",
			"Eins\nDer Rat dankt.\n\f\nDer Rat dankt.\nZwei\n\f\nDer Rat dankt.\nDrei",
			"Eins\nDer Rat dankt.\nDer Rat dankt.\nZwei\nDer Rat dankt.\nDrei", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines, furniture := splitLines(tt.in)
			if got := joinLines(lines); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if len(furniture) != tt.furniture {
				t.Errorf("furniture %d lines, want %d", len(furniture), tt.furniture)
			}
		})
	}
}

func TestFindSpeakers(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Frau Gehrke informiert. Herr Niemann fragt nach.", []string{"Frau Gehrke", "Herr Niemann"}},
		{"Auf Anfrage von Ratsherrn Pape teilt Bürgermeister Pallentin mit", []string{"Ratsherr Pape", "Bürgermeister Pallentin"}},
		{"Der Ratsvorsitzende, Herr Arlt, eröffnet die Sitzung.", []string{"Herr Arlt"}},
		{"Ratsfrau Dr. Ott hingegen", []string{"Ratsfrau Dr. Ott"}},
		{"Frau Bürgermeisterin Dombrowski berichtet", []string{"Bürgermeisterin Dombrowski"}},
		{"Ortsbürgermeisterin Freifrau von Rössing bittet", []string{"Freifrau von Rössing"}},
		{"Herr Hendrik Stosch wird ernannt", []string{"Herr Hendrik Stosch"}},
		{"Frau Weber-Hupp stellt vor", []string{"Frau Weber-Hupp"}},
		// A noun after a name in the genitive ends it.
		{"Frau Wälters Vorschlag wird aufgegriffen", []string{"Frau Wälter"}},
		{"sagt Herr Schulz Unterstützung zu", []string{"Herr Schulz"}},
		{"Der Bürgermeister teilt mit, dass die Frau des Pächters", nil},
		{"Herr Niemann. Die Verwaltung", []string{"Herr Niemann"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := findSpeakers(tt.in, nil); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPaperNumber(t *testing.T) {
	for in, want := range map[string]string{
		"DS 57/2015": "57/2015", "Drucksache 57/2015": "57/2015", "Vorlage 235/22": "235/22", "Anlage 1": "",
	} {
		if got := PaperNumber(in); got != want {
			t.Errorf("PaperNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
		err  string
	}{
		{"UTF8", []byte("Gebühren"), "Gebühren", ""},
		{"UTF8BOM", []byte("\xef\xbb\xbfGebühren"), "Gebühren", ""},
		{"UTF16LE", []byte("\xff\xfeG\x00\xfc\x00"), "Gü", ""},
		{"UTF16BE", []byte("\xfe\xff\x00G\x00\xfc"), "Gü", ""},
		{"Latin1", []byte("Geb\xfchren f\xfcr Stra\xdfen"), "Gebühren für Straßen", ""},
		{"Windows1252Quotes", []byte("\x84Am Bach\x93 \x96 5 \x80"), "„Am Bach“ – 5 €", ""},
		{"CP850Umlaut", []byte("f\x81r"), "", "0x81"},
		{"MacRomanInsideWord", []byte("Gr\x9aes Haus \xfc"), "Gr" + "\u0161" + "es Haus ü", ""},
		{"PunctuationInsideWord", []byte("Gr\x94e \xfc"), "", "inside a word"},
		{"PDF", []byte("%PDF-1.7\n..."), "", "PDF"},
		{"Binary", []byte("ab\x00cd"), "", "NUL"},
		{"Control", []byte("ab\x01cd"), "", "control byte"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.Is(err, ErrNotText) {
					t.Fatalf("err %v, want one mentioning %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestGolden parses the hand-made texts in testdata and compares the result
// with testdata/*.golden.json (go test -update rewrites them).
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			text, err := Decode(raw)
			if err != nil {
				t.Fatal(err)
			}
			var v any
			if strings.HasPrefix(filepath.Base(f), "item_") {
				it, err := ParseItem(text)
				if err != nil {
					t.Fatal(err)
				}
				compareCounts(t, f, text, itemParts(it))
				v = it
			} else {
				m, err := ParseMinutes(text)
				if err != nil {
					t.Fatal(err)
				}
				assertNothingLost(t, f, text, m)
				v = m
			}
			got, err := json.MarshalIndent(v, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(f, ".txt") + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the parser's output; review with go test -update && git diff", golden)
			}
		})
	}
}

// TestMinutesStructure checks the hand-made full minutes part by part.
func TestMinutesStructure(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "minutes_full.txt"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseMinutes(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("Meeting", func(t *testing.T) {
		if m.Title != "Protokoll" || m.MeetingName != "12. Sitzung des Rates der Gemeinde Beispieldorf" || m.Organization != "Rat" ||
			m.Date.Format("2006-01-02") != "2023-03-14" || m.Begin != "18:30" || m.End != "19:45" || m.Location != "Sitzungssaal des Rathauses, Marktplatz 1" {
			t.Errorf("got %q %q %q %s %s–%s %q", m.Title, m.MeetingName, m.Organization, m.Date.Format("2006-01-02"), m.Begin, m.End, m.Location)
		}
	})
	t.Run("Attendance", func(t *testing.T) {
		names := func(as []Attendee) (out []string) {
			for _, a := range as {
				out = append(out, a.Name+"|"+a.Role+"|"+a.Group)
			}
			return out
		}
		a := m.Attendance
		// The heading over two columns gives no group; the one over a
		// single column does; braces group the absent.
		wantPresent := []string{"Herr Karl Weber|Bürgermeister|", "Herr Anton Arndt||", "Frau Berta Brandt||", "Frau Clara Conrad||", "Herr Dieter Dahl||", "Herr Emil Ebert||", "Frau Frieda Fuchs||Fraktionsloses Ratsmitglied"}
		if got := names(a.Present); !reflect.DeepEqual(got, wantPresent) {
			t.Errorf("present %q, want %q", got, wantPresent)
		}
		if got, want := names(a.Absent), []string{"Herr Gustav Graf||Gruppe CDU/FDP", "Frau Hanna Hahn||Gruppe CDU/FDP"}; !reflect.DeepEqual(got, want) {
			t.Errorf("absent %q, want %q", got, want)
		}
		if got, want := names(a.Administration), []string{"Herr Udo Niemann|Leiter Fachbereich Finanzen|", "Frau Ina Ilse|Protokollführerin|"}; !reflect.DeepEqual(got, want) {
			t.Errorf("administration %q, want %q", got, want)
		}
		if got, want := names(a.Guests), []string{"Planungsbüro Nord, Hafenstraße 3, 20000 Hamburg||"}; !reflect.DeepEqual(got, want) {
			t.Errorf("guests %q, want %q", got, want)
		}
	})
	t.Run("Agenda", func(t *testing.T) {
		var got []string
		for _, e := range m.Agenda {
			got = append(got, e.Number+" "+e.Title)
		}
		want := []string{
			"1 Eröffnung der Sitzung - Feststellung der Beschlussfähigkeit",
			"2 Genehmigung des Protokolls der Sitzung vom 13. Dezember 2022",
			`3 Bebauungsplan Nr. 0122 "Am Bach", 9. Änderung; Satzungsbeschluss`,
			"4 Kita-Gebühren ab 2023",
			"5 Richtlinie für Ehrungen - abgesetzt -",
			"5.1 Antrag der Gruppe CDU/FDP zur Richtlinie für Ehrungen",
			"6 Mitteilungen des Bürgermeisters",
			"7 Anträge und Anfragen",
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("Sections", func(t *testing.T) {
		var got []string
		for _, s := range m.Sections {
			got = append(got, s.Number+" "+string(s.ResultCategory))
		}
		want := []string{"1 approved", "2 approved", "3 approved", "4 approved", "5 postponed", "5.1 withdrawn", "6 noted", "7 "}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
		// The quoted "Zu Punkt 6:" stays in item 2; the appendix's "Zu TOP
		// 3:" in the closing.
		if !strings.Contains(m.Sections[1].Text, "Zu Punkt 6: Mitteilungen des Bürgermeisters") {
			t.Errorf("item 2 lacks the quoted heading: %q", m.Sections[1].Text)
		}
		if !strings.Contains(m.Closing, "Zu TOP 3: Haushaltssatzung 2023") {
			t.Errorf("closing lacks the appendix: %q", m.Closing)
		}
		s4 := m.Sections[3]
		if s4.Votes == nil || *s4.Votes != (record.Votes{Yes: 15, No: 6}) {
			t.Errorf("item 4 votes %+v", s4.Votes)
		}
		if !strings.Contains(s4.Text, "Kita-Gebühren\nsollen um 4 % steigen; die Sprach- und Integrationskurse") {
			t.Errorf("item 4 hyphenation: %q", s4.Text)
		}
		if strings.Contains(s4.ResolutionText, "Graf") || !strings.HasPrefix(s4.ResolutionText, "Die Elternbeiträge") {
			t.Errorf("item 4 resolution %q", s4.ResolutionText)
		}
	})
}

// TestQuotedHeadings: headings quoted in an item's text are text of that
// item, as in Nordstemmen's corrections to earlier minutes ("Zu TOP 8: …"
// under item 2 of a meeting with seven items); "(zu\nTOP 9)" in the
// attendance list is no heading either.
func TestQuotedHeadings(t *testing.T) {
	m, err := ParseMinutes(`Teilnehmer der Verwaltung:
Herr Marcus Tischbier, Leiter Fachbereich Sicherheit (zu
TOP 9)
Tagesordnung:
1. Eröffnung
2. Genehmigung des Protokolls
3. Sportheim
4. Anträge und Anfragen
Zu Punkt 1: Eröffnung
Der Ortsbürgermeister eröffnet die Sitzung.
Zu Punkt 2: Genehmigung des Protokolls
Das Protokoll wird mit folgender Änderung genehmigt:
Zu TOP 8: Antrag der Wind GbR
Der Ortsrat empfiehlt den Antrag.
TOP 11:
Herr Knopp stellt eine Variante vor.
Zu Punkt 3.: Sportheim
Zu Punkt 12 (Parkplätze) wird es in der nächsten Sitzung einen Tagesordnungspunkt geben.
Zu Punkt 4: Anträge und Anfragen
Keine.
Ende der Sitzung: 20:00 Uhr`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range m.Sections {
		got = append(got, s.Number+" "+s.Title)
	}
	if want := []string{"1 Eröffnung", "2 Genehmigung des Protokolls", "3 Sportheim", "4 Anträge und Anfragen"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("sections %q, want %q", got, want)
	}
	if !strings.Contains(m.Sections[1].Text, "Zu TOP 8: Antrag der Wind GbR\nDer Ortsrat empfiehlt den Antrag.\nTOP 11:") {
		t.Errorf("item 2 lacks its quoted headings: %q", m.Sections[1].Text)
	}
	if len(m.Agenda) != 4 || !strings.Contains(m.Attendance.Text, "(zu\nTOP 9)") {
		t.Errorf("agenda %d entries, attendance %q", len(m.Agenda), m.Attendance.Text)
	}
	if !strings.HasPrefix(m.Sections[2].Text, "Zu Punkt 12 (Parkplätze) wird es") {
		t.Errorf("item 3 lacks the sentence: %q", m.Sections[2].Text)
	}
}

// A heading candidate that selectHeadings rejects before the first section
// ("TOP10" ahead of "TOP0", found by FuzzParseMinutes) stays in the text
// before the sections instead of falling between the blocks.
func TestRejectedFirstHeadingIsKept(t *testing.T) {
	in := "Vorwort\nTagesordnung:\n1. Eröffnung\nTOP 10: Rückblick\nTOP 1: Eröffnung\nDie Sitzung ist eröffnet."
	m, err := ParseMinutes(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Sections) != 1 || m.Sections[0].Number != "1" {
		t.Fatalf("sections %+v, want only TOP 1", m.Sections)
	}
	if !strings.Contains(m.Preamble, "TOP 10: Rückblick") {
		t.Errorf("the rejected heading is lost: preamble %q, agenda %q", m.Preamble, m.AgendaText)
	}
	assertNothingLost(t, "input", in, m)
}

func TestGroupHeads(t *testing.T) {
	for in, want := range map[string]int{
		"SPD-Ratsfraktion CDU-Ratsfraktion":                  2,
		"Gruppe SPD - Bündnis 90/Die Grünen Gruppe CDU/FDP":  2,
		"Bündnis 90/DieGrünen-Ratsfraktion UWG-Ratsfraktion": 2,
		"Fraktionsloses Ratsmitglied":                        0,
		"Mitglieder nach § 4 Abs. 3 der Hauptsatzung":        0,
		"Gruppe CDU/FDP": 1,
	} {
		if got := groupHeads(in); got != want {
			t.Errorf("groupHeads(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestOrganizationOf(t *testing.T) {
	for in, want := range map[string]string{
		"3. Sitzung des Rates der Gemeinde Nordstemmen":                                              "Rat",
		"Sitzung des Ortsrates Adensen":                                                              "Ortsrat Adensen",
		"Sitzung des Fachausschusses Finanzen, Wirtschaftsförderung, Marketing und Feuerschutz":      "Fachausschuss Finanzen, Wirtschaftsförderung, Marketing und Feuerschutz",
		"Sitzung des Ortsrates Barnten, vertreten durch den Ortsbürgermeister, Herr Manfred Hänsch":  "Ortsrat Barnten",
		"Sitzung des Ortsrates Mahlerten gemäß § 182 Abs. 2 Satz 1 Nr. 7 NKomVG":                     "Ortsrat Mahlerten",
		"Sitzung der Bezirksvertretung Mitte":                                                        "Bezirksvertretung Mitte",
		"gemeinsamen Informationsgespräches des Fachausschusses Schulen und des Fachausschusses Bau": "Fachausschuss Schulen",
		"Sitzung": "",
	} {
		if got := organizationOf(in); got != want {
			t.Errorf("organizationOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestClosedPart: the sections after "- nichtöffentlicher Teil -" and those
// the agenda lists there are closed, up to a heading of the public part;
// the closed part's other lines are kept apart, and CutLines removes all
// of its lines, and only those, from the text.
func TestClosedPart(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "minutes_closed.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	m, err := ParseMinutes(text)
	if err != nil {
		t.Fatal(err)
	}
	closed := map[string]bool{}
	for _, s := range m.Sections {
		closed[s.Number] = s.Closed
	}
	want := map[string]bool{"1": false, "2": false, "3": true, "4": true, "5": false}
	if !reflect.DeepEqual(closed, want) {
		t.Errorf("closed sections %v, want %v", closed, want)
	}
	agenda := map[string]bool{}
	for _, e := range m.Agenda {
		agenda[e.Number] = e.Closed
	}
	if !reflect.DeepEqual(agenda, want) {
		t.Errorf("closed agenda entries %v, want %v", agenda, want)
	}
	if m.Agenda[3].Title != "Verkauf des Grundstücks Lindenweg 7" || m.Agenda[4].Title != "Anfragen" {
		t.Errorf("agenda titles %q, %q: the part headings are no part of them", m.Agenda[3].Title, m.Agenda[4].Title)
	}
	s2 := m.Sections[1]
	if strings.Contains(s2.Text, "nichtöffentlich") || !strings.HasSuffix(s2.Text, "Der öffentliche Teil endet um 19.10 Uhr.") {
		t.Errorf("section 2 runs into the closed part: %q", s2.Text)
	}
	if m.ClosedText != "- nichtöffentlicher Teil -\nBeginn des nichtöffentlichen Teils: 19.12 Uhr\n\n- nichtöffentlicher Teil - (nur nachrichtlich)\nDie Firma Geheimbau hat die gestundete Forderung beglichen." {
		t.Errorf("closed text %q", m.ClosedText)
	}
	if strings.Contains(m.Closing, "Geheimbau") || !strings.Contains(m.Closing, "Bericht zum Radweg") {
		t.Errorf("closing %q", m.Closing)
	}

	cut := CutLines(text, m.Closed)
	for _, private := range []string{"Geheimbau", "Lindenweg", "412.000", "Stundung", "nichtöffentlich"} {
		if strings.Contains(cut, private) {
			t.Errorf("the cut text still holds %q:\n%s", private, cut)
		}
	}
	for _, public := range []string{"Zu Punkt 2: Haushaltsplan 2020", "Der öffentliche Teil endet", "Zu Punkt 5: Anfragen", "Radweg am Mühlbach", "Anlage 1", "2. Haushaltsplan 2020\n(DS 101/2019)\n" + CutMark + "\n- öffentlicher Teil -\n5. Anfragen"} {
		if !strings.Contains(cut, public) {
			t.Errorf("the cut text lost %q:\n%s", public, cut)
		}
	}
	// The page number between the two closed sections goes with them.
	if strings.Count(cut, CutMark) != 3 {
		t.Errorf("%d cuts, want 3 (agenda, sections, annex):\n%s", strings.Count(cut, CutMark), cut)
	}
}

func TestCutLines(t *testing.T) {
	const text = "a\nb\nc\nd\ne"
	tests := []struct {
		ranges []LineRange
		want   string
	}{
		{nil, text},
		{[]LineRange{{2, 3}}, "a\n" + CutMark + "\nd\ne"},
		{[]LineRange{{4, 5}, {2, 2}, {3, 3}}, "a\n" + CutMark},
		{[]LineRange{{1, 1}, {5, 9}}, CutMark + "\nb\nc\nd\n" + CutMark},
	}
	for _, tt := range tests {
		if got := CutLines(text, tt.ranges); got != tt.want {
			t.Errorf("CutLines(%v) = %q, want %q", tt.ranges, got, tt.want)
		}
	}
}
