package minutetext

import (
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/testcorpus"
)

// handChecked is a section of a real Nordstemmen minutes text as a person
// read it: the numbers below were written down from the text, not from the
// parser's output.
type handChecked struct {
	meeting  string // folder under documents/meetings
	number   string
	title    string // prefix of the title
	paper    string // first paper reference, "" when none
	result   string // prefix of the result, "" when the text records none
	label    bool   // the result is labelled "Beratungsergebnis:"
	category record.ResultCategory
	votes    *record.Votes // the item's vote
	events   []record.Votes
	speakers []string
	// resolution is a prefix of the resolution text; notIn are words that
	// must not be in the resolution (they belong to the minutes).
	resolution string
	notIn      string
	// inText must be in Text (e.g. across a page break), notInText not.
	inText, notInText string
}

var handCheckedSections = []handChecked{
	{
		// Two votes: the amendment by Ratsherr Pape is rejected 10:16:1, then
		// the resolution's parts b)-d) are adopted; the result lists them.
		meeting: "2022-03-29_Rat_(3._Sitzung)", number: "10",
		title: "Angebot zum Erwerb einer Grünanlage", paper: "DS 10/2022",
		result: "zu b) = 17 Ja-Stimmen, 1 Nein-Stimme, 9 Enthaltungen\nzu c) = 17 Ja-Stimmen, 10 Enthaltungen", label: true,
		category: record.ResultApproved,
		votes:    &record.Votes{Yes: 17, No: 1, Abstain: 9},
		events: []record.Votes{
			{Yes: 10, No: 16, Abstain: 1}, {Yes: 17, No: 1, Abstain: 9}, {Yes: 17, Abstain: 10}, {Yes: 17, No: 3, Abstain: 7},
			{Yes: 17, No: 1, Abstain: 9}, {Yes: 17, Abstain: 10}, {Yes: 17, No: 3, Abstain: 7},
		},
		speakers:   []string{"Ratsherr Riechelmann", "Ratsherr Pape", "Ratsherr Ammermann", "Ratsfrau Dr. Ott"},
		resolution: "Der Rat beschließt wie folgt:\nEs besteht grundsätzlich Bereitschaft",
		inText:     "10 Ja-Stimmen\n(= dafür) und einer Enthaltung abgelehnt.", notInText: "- 6 -",
	},
	{
		// Taken off the agenda: no discussion, no vote.
		meeting: "2022-03-29_Rat_(3._Sitzung)", number: "7",
		title: "Richtlinie für Ehrungen durch die Gemeinde Nordstemmen", paper: "DS 35/2022",
		result: "abgesetzt", category: record.ResultPostponed,
	},
	{
		meeting: "2022-03-29_Rat_(3._Sitzung)", number: "2",
		title:  "Genehmigung der Niederschrift der Sitzung vom 21. Dezember 2021",
		result: "Sodann wird das Protokoll der Sitzung vom 21. Dezember 2021 einstimmig bei einer Enthaltung genehmigt.", category: record.ResultApproved,
		votes:    &record.Votes{Abstain: 1, Unanimous: true},
		events:   []record.Votes{{Abstain: 1, Unanimous: true}},
		speakers: []string{"Ratsfrau Pletz"},
	},
	{
		// A page break ("- 5 -") inside the discussion; the result line
		// repeats the vote of the sentence before.
		meeting: "2023-10-05_Ortsrat_Adensen_(7._Sitzung)", number: "6",
		title: "Anhörung zum Haushaltsplan 2024 und zum Investitionsprogramm bis 2027 für die Ortschaft Adensen", paper: "DS 61/2023",
		result: "Einstimmig zugestimmt", label: true, category: record.ResultApproved,
		votes:    &record.Votes{Unanimous: true},
		events:   []record.Votes{{Unanimous: true}, {Unanimous: true}},
		speakers: []string{"Herr Riechelmann"},
		inText:   "Positionen\nmit aufgeführt werden, damit transparent wird", notInText: "- 5 -",
	},
	{
		// A presentation: many speakers, no decision.
		meeting: "2023-10-05_Ortsrat_Adensen_(7._Sitzung)", number: "3",
		title:    "Bestandsaufnahme im Rahmen der Neuaufstellung des Flächennutzungsplanes (Vorstellung der Ergebnisse und Austausch)",
		speakers: []string{"Herr Marcao", "Frau Weber-Hupp", "Herr Hupp", "Frau Weber Hupp", "Herr Riechelmann"},
		inText:   "Sodann übergibt Herr Marcao das Wort an Frau Weber-Hupp",
		// The letter printed after the end of the meeting is likely the
		// "Anlage 1 zum Protokoll" the text refers to, but no heading gives
		// it a number: it stays with the meeting.
		notInText: "Bestandsaufnahmen in Ihrer",
	},
	{
		meeting: "2014-03-25_Rat_(13._Sitzung)", number: "5",
		title: "Anschaffung eines Tanklöschfahrzeuges TLF 3000 für die Ortsfeuerwehr Burgstemmen", paper: "DS 3/2014",
		result: "Nach kurzen Beratungen beschließt der Rat einstimmig wie folgt:", category: record.ResultApproved,
		votes:      &record.Votes{Unanimous: true},
		events:     []record.Votes{{Unanimous: true}},
		speakers:   []string{"Ratsfrau Gesemann", "Herr Wieduwilt", "Ratsfrau Dr. Ott", "Ratsherr Esse"},
		resolution: "Entsprechend dem Fahrzeugkonzept der Freiwilligen Feuerwehr",
	},
	{
		// The resolution ends where the minutes go on: "Herr Heipke
		// verabschiedet sich aus der Sitzung." is not part of it.
		meeting: "2014-03-25_Rat_(13._Sitzung)", number: "6",
		title: "Aufstellung eines Brandschutzbedarfsplanes für die Gemeinde Nordstemmen", paper: "DS 4/2014",
		result: "Nach kurzen Beratungen beschließt der Rat einstimmig bei einer Enthaltung wie folgt:", category: record.ResultApproved,
		votes:      &record.Votes{Abstain: 1, Unanimous: true},
		events:     []record.Votes{{Abstain: 1, Unanimous: true}},
		speakers:   []string{"Ratsherr Dietrich", "Ratsherr Esse", "Herr Heipke"},
		resolution: "Der Brandschutzbedarfsplan wird in der vorliegenden Fassung zustimmend zur Kenntnis\ngenommen.",
		notIn:      "Heipke", inText: "Herr Heipke verabschiedet sich aus der Sitzung.",
	},
	{
		// An election: "ohne Gegenstimme bei einer Stimmenthaltung".
		meeting: "2011-11-22_Ortsrat_Klein_Escherde_(12._Sitzung)", number: "4",
		title:  "Wahl der Ortsbürgermeisterin / des Ortsbürgermeisters",
		result: "Der Ortsrat wählt Frau Hartmann in offener Wahl ohne Gegenstimme bei einer Stimmenthaltung", category: record.ResultApproved,
		votes:    &record.Votes{Abstain: 1, Unanimous: true},
		events:   []record.Votes{{Abstain: 1, Unanimous: true}},
		speakers: []string{"Frau Rübesamen", "Herr Wieduwilt", "Frau Hartmann"},
	},
	{
		meeting: "2012-02-27_Ortsrat_Nordstemmen_(22._Sitzung)", number: "9",
		title:  "Anschaffung und Aufstellung von Hundekotbeutelspendern",
		result: "Der Beschluss erfolgt mit 5 Ja-Stimmen bei 2 Nein-Stimmen.", category: record.ResultApproved,
		votes:    &record.Votes{Yes: 5, No: 2},
		events:   []record.Votes{{Yes: 5, No: 2}},
		speakers: []string{"Ortsbürgermeister Flegel"},
	},
	{
		// Two recommendations voted one by one ("Abstimmungsergebnis:"), and
		// the result lists both votes on two lines.
		meeting: "2024-11-12_Fachausschuss_Klimaschutz,_Bau_und_Umwelt_(17._Sitzung)", number: "7",
		title: "Grundsatzbeschluss zur Ortsumgehung der Bundesstraße 1", paper: "DS 66/2024",
		result: "a) 1 Ja-Stimme und 8 Nein-Stimmen\nb) 8 Ja Stimmen und 1 Nein-Stimme", label: true,
		category: record.ResultRejected,
		votes:    &record.Votes{Yes: 1, No: 8},
		events:   []record.Votes{{Yes: 1, No: 8}, {Yes: 8, No: 1}, {Yes: 1, No: 8}, {Yes: 8, No: 1}},
		speakers: []string{"Herr Schwindt", "Frau Pletz", "Herr Reitz", "Herr Pape", "Herr Moldenhauer", "Herr Kämpfer", "Herr Arlt"},
		// "gibt fol-\ngende Beschlussempfehlung:" leads into the resolution.
		resolution: "a) Der Planung einer Ortsumgehung der Bundesstraße 1 wird positiv gegenübergestanden.",
		inText:     "gibt folgende\nBeschlussempfehlung:", notInText: "- 5 -",
	},
	{
		// The approval of the previous minutes quotes "Zu Punkt 6: …", a
		// heading of the earlier meeting; it stays text of item 2, and item 6
		// is the real one further down.
		meeting: "2022-11-10_Ortsrat_Heyersum_(5._Sitzung)", number: "2",
		title:  "Genehmigung des Protokolls der Sitzung vom 21. September 2022",
		result: "Das Protokoll der Sitzung vom 21. September 2022 wird mit folgender Änderung mit fünf Stimmen und einer Enthaltung genehmigt:", category: record.ResultApproved,
		votes:    &record.Votes{Yes: 5, Abstain: 1},
		events:   []record.Votes{{Yes: 5, Abstain: 1}},
		speakers: []string{"Herr Thöl", "Herr Jerolewitz"},
		inText:   "Zu Punkt 6: Vorstellung Pläne für einen Pavillonbau",
	},
	{
		meeting: "2022-11-10_Ortsrat_Heyersum_(5._Sitzung)", number: "6",
		title: "Anhörung zum Haushaltsplan 2023 und zum Investitionsprogramm bis 2026 für die Ortschaft Heyersum", paper: "DS 97/2022",
		result: "Zustimmend zur Kenntnis genommen", label: true, category: record.ResultNoted,
		speakers: []string{"Herr Niemann", "Herr Hasse"},
	},
	{
		// A sub-item: "Zu Punkt 13.1"; the amendment is rejected although
		// more voted yes than no ("Antrag abgelehnt" in the result).
		meeting: "2020-09-29_Rat_(26._Sitzung)", number: "13.1",
		title: "Neufassung der Satzung für die Gleichstellungsbeauftragte der Gemeinde Nordstemmen; Antrag der Fraktion Bündnis 90/Die Grünen", paper: "DS 69/2020",
		result: "19 Ja-Stimmen, 2 Nein-Stimmen, 5 Enthaltungen / Antrag abgelehnt", label: true, category: record.ResultRejected,
		votes:      &record.Votes{Yes: 19, No: 2, Abstain: 5},
		events:     []record.Votes{{Yes: 19, No: 2, Abstain: 5}, {Yes: 19, No: 2, Abstain: 5}},
		speakers:   []string{"Ratsfrau Pletz"},
		resolution: "Der Antrag der Fraktion Bündnis 90/Die Grünen zur Drucksache 43/2020",
	},
	{
		meeting: "2011-11-10_Rat_(1._Sitzung)", number: "3",
		title:  "Wahl der Ratsvorsitzenden / des Ratsvorsitzenden",
		result: "Da keine weiteren Vorschläge gemacht werden, wird Herr Wieduwilt anschließend einstimmig, bei einer Stimmenthaltung", category: record.ResultApproved,
		votes:    &record.Votes{Abstain: 1, Unanimous: true},
		events:   []record.Votes{{Abstain: 1, Unanimous: true}},
		speakers: []string{"Herr Wieduwilt", "Frau Hamelmann"},
	},
}

func TestNordstemmenHandChecked(t *testing.T) {
	dir := filepath.Join(testcorpus.Dir(t, "nordstemmen"), "documents", "meetings")
	parsed := map[string]*Minutes{}
	for _, hc := range handCheckedSections {
		t.Run(hc.meeting+"/"+hc.number, func(t *testing.T) {
			m := parsed[hc.meeting]
			if m == nil {
				files, _ := filepath.Glob(filepath.Join(dir, hc.meeting, "Oeffentliche_Niederschrift_*.txt"))
				if len(files) != 1 {
					t.Fatalf("%s: want one minutes file, found %d", hc.meeting, len(files))
				}
				_, m = mustParseMinutesFile(t, files[0])
				parsed[hc.meeting] = m
			}
			var s *Section
			for i := range m.Sections {
				if m.Sections[i].Number == hc.number {
					s = &m.Sections[i]
				}
			}
			if s == nil {
				t.Fatalf("no section %s", hc.number)
			}
			if !strings.HasPrefix(s.Title, hc.title) {
				t.Errorf("title %q, want prefix %q", s.Title, hc.title)
			}
			if got := first(s.PaperRefs); got != hc.paper {
				t.Errorf("paper %q, want %q (all: %q)", got, hc.paper, s.PaperRefs)
			}
			if hc.result == "" && s.Result != "" || !strings.HasPrefix(s.Result, hc.result) {
				t.Errorf("result %q, want prefix %q", s.Result, hc.result)
			}
			if (s.ResultLabel != "") != hc.label {
				t.Errorf("result label %q, want labelled: %v", s.ResultLabel, hc.label)
			}
			if s.ResultCategory != hc.category {
				t.Errorf("category %q, want %q", s.ResultCategory, hc.category)
			}
			if !reflect.DeepEqual(s.Votes, hc.votes) {
				t.Errorf("votes %+v, want %+v", s.Votes, hc.votes)
			}
			var events []record.Votes
			for _, v := range s.VoteEvents {
				events = append(events, v.Votes)
			}
			if !reflect.DeepEqual(events, hc.events) {
				t.Errorf("vote events %+v, want %+v", events, hc.events)
			}
			if !reflect.DeepEqual(s.Speakers, hc.speakers) {
				t.Errorf("speakers %q, want %q", s.Speakers, hc.speakers)
			}
			if !strings.HasPrefix(s.ResolutionText, hc.resolution) || hc.resolution == "" && s.ResolutionText != "" {
				t.Errorf("resolution %q, want prefix %q", s.ResolutionText, hc.resolution)
			}
			if hc.notIn != "" && strings.Contains(s.ResolutionText, hc.notIn) {
				t.Errorf("resolution holds %q: %q", hc.notIn, s.ResolutionText)
			}
			if !strings.Contains(s.Text, hc.inText) {
				t.Errorf("text lacks %q:\n%s", hc.inText, s.Text)
			}
			if hc.notInText != "" && strings.Contains(s.Text, hc.notInText) {
				t.Errorf("text holds %q:\n%s", hc.notInText, s.Text)
			}
		})
	}
}

func first(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}

// handCheckedAnnex is an annex printed after the end of a real Nordstemmen
// minutes text, and the agenda item a person found it belongs to by
// reading the text (not the parser's output).
type handCheckedAnnex struct {
	meeting string // folder under documents/meetings
	number  string // the annex's number
	item    string // the section it belongs to; "" when it stays with the meeting
	phrase  string // words of the annex
	why     string
}

var handCheckedAnnexes = []handCheckedAnnex{
	{"2024-05-21_Ortsrat_Barnten_(9._Sitzung)", "2", "13", "Das Jubiläumsjahr läuft weiter sehr gut",
		`item 13: "macht die als Anlage 2 beigefügten Mitteilungen"; the page opens with "OR Barnten 21.05.2024"`},
	{"2024-05-21_Ortsrat_Barnten_(9._Sitzung)", "1", "8", "Mittelanmeldungen vom Ortsrat Barnten",
		`item 8: "Die weiteren Mittelanmeldungen des Ortsrates (Anlage 1)"`},
	{"2022-03-29_Rat_(3._Sitzung)", "1", "3", "Bericht der Bürgermeisterin in der Sitzung des Rates",
		`item 3: "ist diesem Protokoll als Anlage 1 beigefügt"; item 2 only mentions the annex of the earlier minutes`},
	{"2024-02-22_Fachausschuss_Finanzen,_Wirtschaftsförderung,_Marketing_und_Feuerschutz_(5._Sitzung)", "1", "8", "",
		`item 8: "Der Bericht ist als Anlage 1 beigefügt"; item 7's "der Drucksache 5/2024 als Anlage 1" is the paper's`},
	{"2024-02-22_Fachausschuss_Finanzen,_Wirtschaftsförderung,_Marketing_und_Feuerschutz_(5._Sitzung)", "3", "", "Hildesheimer allgemeine Zeitung",
		"no item refers to it (the fire chief's report does, in the closing)"},
	{"2012-01-24_Fachausschuss_Planung,_Bau,_Umwelt,_Feuerschutz_(1._Sitzung)", "1", "7", "Die Zuckerfabrik Nordstemmen wird die Genehmigung",
		`item 7: "sie sind als Anlage 1 und 2 diesem Protokoll beigefügt"; items 3-5 name annexes of papers`},
	{"2012-01-24_Fachausschuss_Planung,_Bau,_Umwelt,_Feuerschutz_(1._Sitzung)", "2", "7", "Bürger-Photovoltaik-Genossenschaften", "as annex 1"},
	{"2013-10-29_Ortsrat_Rössing_(24._Sitzung)", "2", "7", `Kreiswettbewerb "Unser Dorf hat`,
		`items 5 to 11 each say "(siehe Anlage 2)"; the annex has a part per item under "TOP 7"`},
	{"2014-06-17_Ortsrat_Groß_Escherde_(24._Sitzung)", "2", "9", "Stellungnahme des Ortsbürgermeisters Herr Ludewig",
		`"Anlage 2" with "TOP 9" under it; item 9 calls it "Anlage 1"`},
	{"2025-10-30_Ortsrat_Heyersum_(14._Sitzung)", "1", "10", "Im Sommer gab es in Heyersum wieder viele",
		`item 10: "macht die als Anlage 1 beigefügten Mitteilungen"; the page opens with "Ortsrat" and "Heyersum"`},
	{"2019-05-21_Ortsrat_Nordstemmen_(13._Sitzung)", "2", "3", "Planung, Bau und Umwelt", `"Anlage 2 zu TOP 3"`},
}

// TestNordstemmenHandCheckedAnnexes: annexes reach the agenda item that
// refers to them, and stay with the meeting when none does.
func TestNordstemmenHandCheckedAnnexes(t *testing.T) {
	dir := filepath.Join(testcorpus.Dir(t, "nordstemmen"), "documents", "meetings")
	for _, hc := range handCheckedAnnexes {
		t.Run(hc.meeting+"/Anlage"+hc.number, func(t *testing.T) {
			files, _ := filepath.Glob(filepath.Join(dir, hc.meeting, "Oeffentliche_Niederschrift_*.txt"))
			if len(files) != 1 {
				t.Fatalf("want one minutes file, found %d", len(files))
			}
			_, m := mustParseMinutesFile(t, files[0])
			var got []string // where the annex went
			for _, s := range m.Sections {
				for _, a := range s.Annexes {
					if a.Number == hc.number && strings.Contains(s.MinutesText(), hc.phrase) {
						got = append(got, s.Number)
					}
				}
			}
			switch {
			case hc.item == "" && (len(got) > 0 || !strings.Contains(m.Closing, hc.phrase)):
				t.Errorf("annex in sections %q, want it in the closing (%s)", got, hc.why)
			case hc.item != "" && !slices.Contains(got, hc.item):
				t.Errorf("annex in sections %q, want %s (%s)", got, hc.item, hc.why)
			case hc.item != "" && hc.phrase != "" && strings.Contains(m.Closing, hc.phrase):
				t.Errorf("the closing keeps the annex too")
			}
		})
	}
}
