package outcome

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

func TestFindVotes(t *testing.T) {
	tests := []struct {
		in   string
		want []record.Votes
	}{
		{"Der Antrag wird einstimmig angenommen.", []record.Votes{{Unanimous: true}}},
		{"Der Ortsrat beschließt mit 6 Ja-Stimmen und 4 Enthaltungen.", []record.Votes{{Yes: 6, Abstain: 4}}},
		{"Der Rat stimmt bei 2 Gegenstimmen zu.", []record.Votes{{No: 2}}},
		{"Abstimmungsergebnis: 8 Ja / 1 Nein / 0 Enthaltung", []record.Votes{{Yes: 8, No: 1, Unanimous: false}}},
		{"einstimmig bei einer Enthaltung", []record.Votes{{Abstain: 1, Unanimous: true}}},
		{"mehrheitlich mit 16 Nein-Stimmen (= dagegen), 10 Ja-Stimmen (= dafür) und einer Enthaltung abgelehnt", []record.Votes{{Yes: 10, No: 16, Abstain: 1}}},
		{"bei 13 Ja-Stimmen, 15 Nein-Stimmen und einer Enthaltung", []record.Votes{{Yes: 13, No: 15, Abstain: 1}}},
		// Elided first half and a number word.
		{"mit einer Ja- und fünf Nein-Stimmen", []record.Votes{{Yes: 1, No: 5}}},
		{"mit 7 Ja- Stimmen und zwei Stimmenthaltungen", []record.Votes{{Yes: 7, Abstain: 2}}},
		{"ohne Gegenstimme bei einer Stimmenthaltung gewählt", []record.Votes{{Abstain: 1, Unanimous: true}}},
		// "fünf Stimmen" beside an abstention are the yes votes.
		{"mit fünf Stimmen und einer Enthaltung genehmigt", []record.Votes{{Yes: 5, Abstain: 1}}},
		// Two votes: a list item or a sentence end between them.
		{"a) 1 Ja-Stimme und 8 Nein-Stimmen\nb) 8 Ja Stimmen und 1 Nein-Stimme", []record.Votes{{Yes: 1, No: 8}, {Yes: 8, No: 1}}},
		{"zu a) einstimmig, zu b) 14 Ja-Stimmen und 13 Enthaltungen", []record.Votes{{Unanimous: true}, {Yes: 14, Abstain: 13}}},
		{"Der Antrag wird mit 9 Ja-Stimmen angenommen. Die Vorlage wird einstimmig beschlossen.", []record.Votes{{Yes: 9}, {Unanimous: true}}},
		// An election tally and a vote with "mit beratender Stimme" are none.
		{"Auf Herrn Netenjakob entfallen 4 Stimmen.", nil},
		{"als Mitglied mit beratender Stimme", nil},
		{"Herr Weber sagt ja, das gehe.", nil},
		// A hyphen before a number is no minus: "-1 Enthaltung" counts
		// nothing (the fuzzer found a vote of -1 abstentions).
		{"12 Ja-Stimmen -1 Enthaltung", []record.Votes{{Yes: 12}}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got []record.Votes
			for _, v := range FindVotes(tt.in, 1) {
				if v.Known() {
					got = append(got, v.Votes)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestVoteForRecord(t *testing.T) {
	tests := []struct {
		in   string
		want *record.Votes
	}{
		{"einstimmig", &record.Votes{Unanimous: true}},
		{"mit 6 Ja-Stimmen und 4 Enthaltungen", &record.Votes{Yes: 6, Abstain: 4}},
		// How many voted yes is not said; a record would read 0.
		{"bei 2 Gegenstimmen", nil},
		{"mehrheitlich", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			vs := FindVotes(tt.in, 1)
			if len(vs) != 1 {
				t.Fatalf("%d votes, want 1", len(vs))
			}
			if got := vs[0].Record(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestVotesOf(t *testing.T) {
	tests := []struct {
		result string
		want   *record.Votes
	}{
		// No votes against count as unanimous.
		{"13 Ja-Stimmen, 0 Enthaltungen, 0 Nein-Stimmen", &record.Votes{Yes: 13, Unanimous: true}},
		{"einstimmig", &record.Votes{Unanimous: true}},
		{"mehrheitlich beschlossen", nil},
		{"bei 2 Gegenstimmen beschlossen", nil},
		{"Kenntnis genommen", nil},
		{"", nil},
		// The first vote a record can hold: the motion's.
		{"einstimmig; Änderungsantrag: 5 Ja-Stimmen, 7 Nein-Stimmen", &record.Votes{Unanimous: true}},
		// Else the last one: the final vote after an amendment.
		{"Änderungsantrag bei 2 Gegenstimmen angenommen. Beschluss: 9 Ja-Stimmen, 1 Enthaltung", &record.Votes{Yes: 9, Abstain: 1}},
	}
	for _, tt := range tests {
		if got := VotesOf(tt.result); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("VotesOf(%q) = %+v, want %+v", tt.result, got, tt.want)
		}
	}
}

func FuzzVotes(f *testing.F) {
	for _, s := range []string{"", "einstimmig", "13 Ja-Stimmen, 0 Enthaltungen, 0 Nein-Stimmen", "a) 1 Ja-Stimme\nb) 8 Ja Stimmen und 1 Nein-Stimme",
		"mit einer Ja- und fünf Nein-Stimmen", "ohne Gegenstimme", "999 Ja-", "zwölf Stimmen", "Ja\nNein\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lines := strings.Count(s, "\n") + 1
		for _, v := range FindVotes(s, 1) {
			if v.Line < 1 || v.Line > lines {
				t.Errorf("vote %q on line %d of %d", v.Text, v.Line, lines)
			}
			if r := v.Record(); r != nil && (r.Yes < 0 || r.No < 0 || r.Abstain < 0 || r.Yes > 999 || r.No > 999 || r.Abstain > 999) {
				t.Errorf("vote %q counts %+v", v.Text, *r)
			}
		}
		if v := VotesOf(s); v != nil && v.Yes < 0 {
			t.Errorf("VotesOf(%q) = %+v", s, *v)
		}
		if _, err := record.ParseResultCategory(string(ClassifySentence(s, nil))); err != nil {
			t.Error(err)
		}
		if strings.TrimSpace(s) == "" && Classify(s) != record.ResultNone {
			t.Errorf("Classify(%q) = %q, want none", s, Classify(s))
		}
	})
}
