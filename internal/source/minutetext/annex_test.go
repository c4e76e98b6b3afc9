package minutetext

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestAnnexHeading(t *testing.T) {
	tests := []struct {
		in, number, item string
	}{
		{"Anlage 2", "2", ""},
		{"Anlage 1 zur Niederschrift der Sitzung", "1", ""},
		{"Anlage 3 zu TOP 5: Einwohner*innen Fragestunde", "3", "5"},
		{"Anlage1 zu TOP 3", "1", "3"},
		{"Anlage 2 (Sanierung DGH):", "2", ""},
		{"Anlage 3 Hildesheimer allgemeine Zeitung vom 08.02.2024, Seite 13", "3", ""},
		{"Ortsrat Rössing, 29.10.2013 Anlage 2", "2", ""},
		{"OR Burgstemmen 12.10.2023/Anlage 4", "4", ""},
		{"OR Nordstemmen TOP 13 Anlage 4", "4", "13"},
		// Sentences and a paper's annexes are no headings.
		{"Anlage 2 beigefügt ist.", "", ""},
		{"Anlage 1 zur DS 12/2019", "", ""},
		{"Anlage 1 der Drucksache Nr. 2/2012 dargestellten Bereich", "", ""},
		{"Siehe Anlage 2.", "", ""},
		{"des Entwurfs gemäß Anlage 1", "", ""},
		{"Anlagen", "", ""},
	}
	for _, tt := range tests {
		num, item, ok := annexHeading(tt.in)
		if num != tt.number || item != tt.item || ok != (tt.number != "") {
			t.Errorf("annexHeading(%q) = %q, %q, %v; want %q, %q", tt.in, num, item, ok, tt.number, tt.item)
		}
	}
}

func TestAnnexRefs(t *testing.T) {
	tests := []struct {
		in   string
		want map[string]int
	}{
		{"Der Bericht ist diesem Protokoll als Anlage 1 beigefügt.", map[string]int{"1": 3}},
		{"macht die als Anlage 2 beigefügten Mitteilungen.", map[string]int{"2": 2}},
		{"trägt den Sachverhalt vor (siehe Anlage 3).", map[string]int{"3": 2}},
		{"verliest die in den Anlagen 1, 2 und 3 zum Protokoll aufgeführten Mitteilungen.", map[string]int{"1": 3, "2": 3, "3": 3}},
		{"Die Anlagen 2 bis 4 zeigen die Pläne.", map[string]int{"2": 1, "3": 1, "4": 1}},
		{"in der Anlage 1 „Bericht der Bürgermeisterin“ lauten muss", map[string]int{"1": 1}},
		// A paper's annexes.
		{"Für den in der Anlage 1 der Drucksache Nr. 2/2012 dargestellten Bereich", map[string]int{}},
		{"wie sie der Drucksache 5/2024 als Anlage 1 beigefügt ist.", map[string]int{}},
		{"wie sie dieser Vorlage als Anlage 2 beigefügt ist", map[string]int{}},
		{"entsprechend der Anlage 1 zur Drucksache 31/2022 abgewogen", map[string]int{}},
		{"die Annahme der in der Anlage 1 unter der Nummer 1 genannten Zuwendung", map[string]int{}},
		{"Ohne Annex.", nil},
	}
	for _, tt := range tests {
		if got := annexRefs(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("annexRefs(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// annexMinutes has annexes after the end of the meeting: one an item
// refers to, one whose page header names its item, one no item refers
// to, one of the closed part's item, and one with a part per item.
const annexMinutes = `Tagesordnung:
1. Eröffnung
2. Mitteilungen des Ortsbürgermeisters
3. Spielplatz Ulmenhof
- nichtöffentlicher Teil -
4. Grundstück Birkenallee
Zu Punkt 1: Eröffnung
Der Ortsbürgermeister eröffnet die Sitzung.
Zu Punkt 2: Mitteilungen des Ortsbürgermeisters
Der Ortsbürgermeister macht die als Anlage 2 beigefügten
Mitteilungen. Der Spielplatz wird erwähnt (siehe Anlage 4).
Zu Punkt 3: Spielplatz Ulmenhof
Der Ortsrat berät (siehe Anlage 4).
- nichtöffentlicher Teil -
Zu Punkt 4: Grundstück Birkenallee
Der Kaufvertrag ist als Anlage 5 beigefügt.
Ende der Sitzung: 20:00 Uhr
(Ortsbürgermeister) (Protokollführung)
` + "\f" + `
- 3 -
Anlage 1
Ein Schreiben, auf das kein Punkt verweist.
` + "\f" + `
OR Beispiel 01.02.2024
Anlage 2
Ich komme nun zu meinen Mitteilungen:
Das Dorffest war ein Er-
` + "\f" + `
- 4 -
folg.
` + "\f" + `
Anlage 3 zu TOP 3
Lageplan Ulmenhof
` + "\f" + `
Anlage 4
TOP 2
Kosten der Spielgeräte
TOP 3
Aufstellung im Frühjahr
` + "\f" + `
Anlage 5
Kaufpreis 120.000 Euro`

func TestParseMinutesAnnexes(t *testing.T) {
	m, err := ParseMinutes(annexMinutes)
	if err != nil {
		t.Fatal(err)
	}
	assertNothingLost(t, "annexMinutes", annexMinutes, m)
	got := map[string][]string{}
	for _, s := range m.Sections {
		for _, a := range s.Annexes {
			got[s.Number] = append(got[s.Number], a.Number+": "+strings.ReplaceAll(a.Heading, "\n", " / ")+" | "+strings.ReplaceAll(a.Text, "\n", " / "))
		}
	}
	want := map[string][]string{
		// The page header goes with the annex; a word broken across a
		// page break is whole again.
		"2": {"2: OR Beispiel 01.02.2024 / Anlage 2 | Ich komme nun zu meinen Mitteilungen: / Das Dorffest war ein Erfolg.", "4: Anlage 4 | ", "4: TOP 2 | Kosten der Spielgeräte"},
		"3": {"3: Anlage 3 zu TOP 3 | Lageplan Ulmenhof", "4: TOP 3 | Aufstellung im Frühjahr"},
		"4": {"5: Anlage 5 | Kaufpreis 120.000 Euro"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("annexes\n got %q\nwant %q", got, want)
	}
	if !strings.Contains(m.Closing, "Anlage 1\nEin Schreiben, auf das kein Punkt verweist.") {
		t.Errorf("the closing lost the annex no item refers to: %q", m.Closing)
	}
	for _, phrase := range []string{"Dorffest", "Lageplan", "Kaufpreis", "Spielgeräte"} {
		if strings.Contains(m.Closing, phrase) {
			t.Errorf("the closing keeps %q: %q", phrase, m.Closing)
		}
	}
	t.Run("ItemMinutes", func(t *testing.T) {
		s := m.Sections[1]
		want := "Der Ortsbürgermeister macht die als Anlage 2 beigefügten\nMitteilungen. Der Spielplatz wird erwähnt (siehe Anlage 4).\n\n" +
			"OR Beispiel 01.02.2024\nAnlage 2\nIch komme nun zu meinen Mitteilungen:\nDas Dorffest war ein Erfolg.\n\nAnlage 4\n\nAnlage 4 – TOP 2\nKosten der Spielgeräte"
		if got := s.MinutesText(); got != want {
			t.Errorf("minutes text\n got %q\nwant %q", got, want)
		}
	})
	t.Run("ClosedItemsAnnexIsClosed", func(t *testing.T) {
		s := m.Sections[3]
		if !s.Closed || len(s.Annexes) != 1 {
			t.Fatalf("section 4: closed %v, annexes %d", s.Closed, len(s.Annexes))
		}
		a := s.Annexes[0]
		cut := CutLines(annexMinutes, m.Closed)
		if strings.Contains(cut, "Kaufpreis") || strings.Contains(cut, "Kaufvertrag") {
			t.Errorf("the closed item's annex is not cut:\n%s", cut)
		}
		if !strings.Contains(cut, "Dorffest") { // the positive control
			t.Errorf("the cut lost public text:\n%s", cut)
		}
		if !slices.Contains(s.Lines(), LineRange{a.Line, a.EndLine}) {
			t.Errorf("Lines() %v lacks the annex %d-%d", s.Lines(), a.Line, a.EndLine)
		}
	})
}

// TestAnnexTOPLineWrong: a line "TOP 1" under an annex's heading, copied
// from another annex, does not take the annex from the item that presents
// it "(siehe Anlage 2)" while item 1 never mentions it; where item 1 does
// mention it, or no item attaches it, the line decides.
func TestAnnexTOPLineWrong(t *testing.T) {
	minutes := func(item1, item2 string) string {
		return "Tagesordnung:\n1. Finanzen\n2. Mitteilungen\n" +
			"Zu Punkt 1: Finanzen\n" + item1 + "\n" +
			"Zu Punkt 2: Mitteilungen\n" + item2 + "\n" +
			"Ende der Sitzung: 20:00 Uhr\n\f\nAnlage 2\nTOP 1\nEine Hundewiese wird angeregt.\n"
	}
	for _, tt := range []struct {
		name, item1, item2, want string
	}{
		{"ReferrerWins", "Die Kasse wird vorgestellt.", "Die Mitteilungen (siehe Anlage 2) werden vorgetragen.", "2"},
		{"NamedItemMentionsIt", "Die Kasse wird vorgestellt (Anlage 2).", "Die Mitteilungen (siehe Anlage 2) werden vorgetragen.", "1"},
		{"BareMentionElsewhere", "Die Kasse wird vorgestellt.", "Die Anlage 2 wird erwähnt.", "1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseMinutes(minutes(tt.item1, tt.item2))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range m.Sections {
				for _, a := range s.Annexes {
					got = append(got, s.Number+": Anlage "+a.Number)
				}
			}
			// The line "TOP 1" may also head a part of the annex on item 1.
			if want := []string{tt.want + ": Anlage 2"}; !slices.Equal(slices.Compact(got), want) {
				t.Errorf("annexes %q, want %q", got, want)
			}
		})
	}
}
