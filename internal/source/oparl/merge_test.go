package oparl

import (
	"strings"
	"testing"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// TestMergeRemovesUnpublishedItems: an agenda item that the source no
// longer publishes leaves its meeting, which the update did not bring, and
// the report says so; the other items stay.
func TestMergeRemovesUnpublishedItems(t *testing.T) {
	base := &record.Archive{
		Body:          record.Body{Name: "Gemeinde"},
		Organizations: []*record.Organization{{ID: "https://h/org/1", Name: "Rat"}},
		Meetings: []*record.Meeting{{
			ID: "https://h/meeting/1", Name: "Rat", Organizations: []string{"https://h/org/1"},
			AgendaItems: []*record.AgendaItem{
				{ID: "https://h/item/1", Number: "1", Name: "Haushalt", Public: true},
				{ID: "https://h/item/2", Number: "2", Name: "Bebauungsplan", Public: true},
			},
		}},
	}
	base.Meetings[0].Start = time.Date(2024, 1, 1, 18, 0, 0, 0, time.UTC)
	s := NewStore()
	s.markUnpublished("https://h/item/2", 404)
	rep := newReport()
	out := merge(base, &record.Archive{}, s, rep)
	items := out.Meetings[0].AgendaItems
	if len(items) != 1 || items[0].ID != "https://h/item/1" {
		t.Errorf("items %v, want item 1 only", items)
	}
	if len(rep.Removed) != 1 || rep.Removed[0] != (Removal{Kind: KindAgendaItem, ID: "https://h/item/2", Reason: "the source answers 404 Not Found"}) {
		t.Errorf("removed %v", rep.Removed)
	}
	if s := summary(rep); !strings.Contains(s, "removed 1 record the source no longer publishes:\n  agendaitem https://h/item/2: the source answers 404 Not Found\n") {
		t.Errorf("summary:\n%s", s)
	}
}
