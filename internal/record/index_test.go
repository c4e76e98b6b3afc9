package record

import (
	"testing"
	"time"
)

func TestOutcome(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 3, d, 18, 0, 0, 0, time.UTC) }
	item := func(id, result string) *AgendaItem {
		return &AgendaItem{ID: id, Paper: "p", Public: true, Result: result}
	}
	archive := func(cs ...Consultation) *Archive {
		return &Archive{
			Meetings: []*Meeting{
				{ID: "ausschuss", Start: day(1), AgendaItems: []*AgendaItem{item("a-1", "empfohlen")}},
				{ID: "rat", Start: day(10), AgendaItems: []*AgendaItem{item("r-1", "abgelehnt")}},
				{ID: "nachgang", Start: day(20), AgendaItems: []*AgendaItem{item("n-1", "Kenntnis genommen"), item("n-2", "")}},
			},
			Papers: []*Paper{{ID: "p", Consultations: cs}},
		}
	}
	for _, tc := range []struct {
		name        string
		cs          []Consultation
		want        string
		wantDecided bool
	}{
		{"DecidingItem", []Consultation{{AgendaItem: "a-1"}, {AgendaItem: "r-1", Authoritative: true}}, "r-1", true},
		// A later deliberation does not override the decision.
		{"DecisionBeatsLater", []Consultation{{AgendaItem: "r-1", Authoritative: true}, {AgendaItem: "n-1"}}, "r-1", true},
		{"DecidingMeetingOnly", []Consultation{{Meeting: "rat", Authoritative: true}}, "r-1", true},
		{"NoDecisionLastResult", nil, "n-1", false},
		// A deciding consultation still without result: the last result.
		{"DecisionPending", []Consultation{{AgendaItem: "n-2", Authoritative: true}}, "n-1", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := archive(tc.cs...)
			ix := NewIndex(a)
			it, decided := ix.Outcome(a.Papers[0])
			if it == nil || it.ID != tc.want || decided != tc.wantDecided {
				t.Errorf("Outcome = %v, %v; want %s, %v", it, decided, tc.want, tc.wantDecided)
			}
		})
	}
	t.Run("NoResult", func(t *testing.T) {
		a := &Archive{Papers: []*Paper{{ID: "p"}}}
		if it, _ := NewIndex(a).Outcome(a.Papers[0]); it != nil {
			t.Errorf("Outcome = %v for a paper never deliberated", it)
		}
	})
}
