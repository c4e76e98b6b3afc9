package outcome

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

func TestLines(t *testing.T) {
	tests := []struct {
		result string
		want   []string // "  " before a line of level 1
	}{
		// Hürtgenwald: the source glued the lines of its list together.
		{"1. Antrag FDP-Fraktiona) einstimmig, 0 Enthaltungenb) 1 Ja-Stimme, 13 Nein-Stimmen, 0 Enthaltungen2. Antrag B‘90/Die Grünena) 2 Ja-Stimmen, 6 Nein-Stimmen, 6 Enthaltungenb) 3 Ja-Stimmen",
			[]string{"1. Antrag FDP-Fraktion", "  a) einstimmig, 0 Enthaltungen", "  b) 1 Ja-Stimme, 13 Nein-Stimmen, 0 Enthaltungen", "2. Antrag B‘90/Die Grünen", "  a) 2 Ja-Stimmen, 6 Nein-Stimmen, 6 Enthaltungen", "  b) 3 Ja-Stimmen"}},
		// "(en)" closes a parenthesis: not a marker.
		{"a) 3 Ja-Stimmen, 7 Nein-Stimmen, 0 Enthaltung(en) b) 7 Ja-Stimmen, 3 Nein-Stimmen, 0 Enthaltung(en) ",
			[]string{"a) 3 Ja-Stimmen, 7 Nein-Stimmen, 0 Enthaltung(en)", "b) 7 Ja-Stimmen, 3 Nein-Stimmen, 0 Enthaltung(en)"}},
		{"Zu Punkt a): 6 Ja-Stimmen Damit ist es abgelehnt. Zu Punkt b): 9 Ja-Stimmen",
			[]string{"Zu Punkt a): 6 Ja-Stimmen Damit ist es abgelehnt.", "Zu Punkt b): 9 Ja-Stimmen"}},
		// A range is one marker.
		{"a)-c): 11 Ja-Stimmen, 1 Enthaltungd):     9 Ja-Stimmen", []string{"a)-c): 11 Ja-Stimmen, 1 Enthaltung", "d):     9 Ja-Stimmen"}},
		{"zu 1. = einstimmig (= 28 Ja-Stimmen)zu 2. = 17 Ja-Stimmen", []string{"zu 1. = einstimmig (= 28 Ja-Stimmen)", "zu 2. = 17 Ja-Stimmen"}},
		{"1. 8 Ja-Stimmen, 5 Enthaltungen2. 9 Ja-Stimmen", []string{"1. 8 Ja-Stimmen, 5 Enthaltungen", "2. 9 Ja-Stimmen"}},
		// Line breaks of the source stay.
		{"a) einstimmig\nb) abgelehnt", []string{"a) einstimmig", "b) abgelehnt"}},
		// One marker is no list; numbers within a sentence are no list.
		{"Einstimmig b) bei abweichendem Beschluss.", []string{"Einstimmig b) bei abweichendem Beschluss."}},
		{"einstimmig/Ergänzung um Buchstabe g)", []string{"einstimmig/Ergänzung um Buchstabe g)"}},
		{"T 2 Kreis Düren, 1. Wasserwirtschaft und 2. Landschaftspflege", []string{"T 2 Kreis Düren, 1. Wasserwirtschaft und 2. Landschaftspflege"}},
		{"am 1. 2. 2020 beschlossen", []string{"am 1. 2. 2020 beschlossen"}},
		{"einstimmig", []string{"einstimmig"}},
		{"", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, l := range Lines(tt.result) {
			got = append(got, strings.Repeat("  ", l.Level)+l.Text)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Lines(%q)\n got %q\nwant %q", tt.result, got, tt.want)
		}
	}
}

func TestRead(t *testing.T) {
	unanimous := &record.Votes{Unanimous: true}
	tests := []struct {
		result   string
		category record.ResultCategory
		votes    *record.Votes
		motions  int
	}{
		// Motions decided differently: no item-level category or votes;
		// the glued "Enthaltungenb)" no longer merges two votes into
		// "einstimmig" with 1 yes and 13 no.
		{"1. Antrag FDP-Fraktiona) einstimmig, 0 Enthaltungenb) 1 Ja-Stimme, 13 Nein-Stimmen, 0 Enthaltungen", record.ResultOther, nil, 3},
		// Decided alike: the common category, and the votes when equal.
		{"a) einstimmig, 0 Enthaltungenb) einstimmig 0 Enthaltungen", record.ResultApproved, unanimous, 2},
		{"a) 11 Ja-Stimmen, 2 Nein-Stimmenb) 8 Ja-Stimmen, 5 Nein-Stimmen", record.ResultApproved, nil, 2},
		// A motion whose outcome cannot be read (a flattened table).
		{"a) JaNeinEnthaltungBM1CDU14SPD5Gesamt:2411b) einstimmig, 0 Enthaltungen", record.ResultOther, nil, 2},
		// One motion: as before.
		{"13 Ja-Stimmen, 0 Enthaltungen, 0 Nein-Stimmen", record.ResultApproved, &record.Votes{Yes: 13, Unanimous: true}, 0},
		// Two votes that differ: which one the bar would show is unclear.
		{"8 Ja Stimmen; 3 Nein Stimmen, 0 Enthaltungen", record.ResultApproved, nil, 0},
		{"1 Ja-Stimme und 8 Nein-Stimmen8 Ja Stimmen und 1 Nein-Stimme", record.ResultRejected, nil, 0},
		// Votes that contradict the words are left out.
		{"einstimmig beschlossen bei 2 Gegenstimmen", record.ResultApproved, nil, 0},
		{"Ohne", record.ResultNone, nil, 0},
		// Counts glued to words, "x" counts.
		{"22 Ja-Stimmen/1Nein-Stimme/3 Enthaltungen/ja", record.ResultApproved, &record.Votes{Yes: 22, No: 1, Abstain: 3}, 0},
		{"0x ja, 14x nein, 0 Enthaltungen", record.ResultRejected, &record.Votes{Yes: 0, No: 14}, 0},
		{"7 Stimmen dafür, 1 Stimme dagegen, 1 Enthaltung", record.ResultApproved, &record.Votes{Yes: 7, No: 1, Abstain: 1}, 0},
		// A motion whose words the rules do not read: no item category.
		{"Zu 1.,2.,4. Einst./9 Ja-St. / zu 3. Einst./2Enth.", record.ResultOther, nil, 2},
	}
	for _, tt := range tests {
		o := Read(tt.result)
		if o.Category != tt.category || !reflect.DeepEqual(o.Votes, tt.votes) || len(o.Motions) != tt.motions {
			t.Errorf("Read(%q) = %q %+v, %d motions; want %q %+v, %d motions", tt.result, o.Category, o.Votes, len(o.Motions), tt.category, tt.votes, tt.motions)
		}
	}
	o := Read("1. Antrag FDP-Fraktiona) einstimmig, 0 Enthaltungenb) 1 Ja-Stimme, 13 Nein-Stimmen, 0 Enthaltungen")
	want := []record.Motion{
		{Text: "1. Antrag FDP-Fraktion"},
		{Text: "a) einstimmig, 0 Enthaltungen", Level: 1, Category: record.ResultApproved, Votes: unanimous},
		{Text: "b) 1 Ja-Stimme, 13 Nein-Stimmen, 0 Enthaltungen", Level: 1, Category: record.ResultRejected, Votes: &record.Votes{Yes: 1, No: 13}},
	}
	if !reflect.DeepEqual(o.Motions, want) {
		t.Errorf("motions %+v\nwant %+v", o.Motions, want)
	}
}

func FuzzRead(f *testing.F) {
	for _, s := range []string{"", "a) einstimmig b) abgelehnt", "1. Antrag a) 1 Ja-Stimme b) 2. zu 3.", "Nr. 1 und 2einstimmigNr. 3a)", "(a) (b)", "a)-c) d)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o := Read(s)
		var kept strings.Builder
		for _, l := range Lines(s) {
			if l.Text == "" || l.Text != strings.TrimSpace(l.Text) {
				t.Errorf("line %q", l.Text)
			}
			kept.WriteString(nonSpace(l.Text))
		}
		// Lines only cut: every character but spaces is kept, in order.
		if got, want := kept.String(), nonSpace(s); got != want {
			t.Errorf("Lines(%q) lost text: %q", s, got)
		}
		if len(o.Motions) == 1 {
			t.Errorf("Read(%q): one motion", s)
		}
		if v := o.Votes; v != nil && v.Unanimous && v.No > 0 {
			t.Errorf("Read(%q): unanimous with %d no", s, v.No)
		}
	})
}

// nonSpace is s without its spaces. Each line is read on its own: joined
// first, the stray bytes "\xc2" and "\x85" would read as U+0085, a space.
func nonSpace(s string) string {
	return strings.Join(strings.Fields(s), "")
}
