package gate

import (
	"slices"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

func archive() *record.Archive {
	return &record.Archive{
		Body: record.Body{Name: "Stadt"},
		Papers: []*record.Paper{
			{ID: "p-open", Name: "Open paper", Public: true, Consultations: []record.Consultation{
				{Meeting: "m-open", AgendaItem: "i-open"},
				{Meeting: "m-open", AgendaItem: "i-closed"},
				{Meeting: "m-closed", AgendaItem: "i-in-closed"},
			}},
			{ID: "p-closed", Name: "Closed paper", Public: false},
		},
		Meetings: []*record.Meeting{
			{ID: "m-open", Public: true, AgendaItems: []*record.AgendaItem{
				{ID: "i-open", Public: true, Paper: "p-open"},
				{ID: "i-closed", Public: false},
				{ID: "i-closed-paper", Public: true, Paper: "p-closed"},
				{ID: "i-redacted", Public: true},
			}},
			{ID: "m-closed", Public: false, AgendaItems: []*record.AgendaItem{
				{ID: "i-in-closed", Public: true},
			}},
		},
	}
}

func TestPublic(t *testing.T) {
	in := archive()
	out, rep := Public(in, []string{"i-redacted"})

	if len(out.Meetings) != 1 || out.Meetings[0].ID != "m-open" {
		t.Fatalf("meetings = %v, want only m-open", out.Meetings)
	}
	var ids []string
	for _, it := range out.Meetings[0].AgendaItems {
		ids = append(ids, it.ID)
	}
	if want := []string{"i-open", "i-closed-paper"}; !slices.Equal(ids, want) {
		t.Errorf("items = %v, want %v", ids, want)
	}
	if got := out.Meetings[0].AgendaItems[1].Paper; got != "" {
		t.Errorf("item referencing a closed paper keeps paper %q", got)
	}
	if len(out.Papers) != 1 || out.Papers[0].ID != "p-open" {
		t.Fatalf("papers = %v, want only p-open", out.Papers)
	}
	if n := len(out.Papers[0].Consultations); n != 1 {
		t.Errorf("consultations = %v, want only the one in the open item", out.Papers[0].Consultations)
	}
	if rep != (Report{Meetings: 1, AgendaItems: 2, Papers: 1, Redacted: 1}) {
		t.Errorf("report = %+v", rep)
	}

	// The input is untouched: the gate must not change what importers or
	// the checker see.
	if len(in.Meetings[0].AgendaItems) != 4 || in.Meetings[0].AgendaItems[2].Paper != "p-closed" || len(in.Papers[0].Consultations) != 3 {
		t.Error("Public modified its input")
	}
}
