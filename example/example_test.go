// Package example_test holds the promises the example archive makes to its
// readers and to the build tests: it is valid, it exercises the record format
// (see README.md in this folder), its two withheld secrets are removed by
// the privacy gate, and of its closed-session item only the title passes.
package example_test

import (
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/gate"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
)

// The phrases that exist only in non-public records. Build tests search every
// output file for them.
const (
	secretItem    = "Geheimsache Lindenfelder Mühlenweg 7"
	secretMeeting = "Vertraulich Personalangelegenheit Kämmerei"
	// closedTitle is the title of the closed-session item, which is
	// published; closedBody is in its resolution, minutes and file text,
	// which are not.
	closedTitle = "Vergabe der Gebäudereinigung für die städtischen Schulen ab 2025"
	closedBody  = "Glanzwerk Nordheide"
)

func load(t *testing.T) *record.Archive {
	t.Helper()
	a, diags, err := tomlrec.Load("records", tomlrec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diags {
		t.Errorf("%s", d)
	}
	return a
}

func TestExampleIsValid(t *testing.T) {
	a := load(t)
	items := 0
	for _, m := range a.Meetings {
		items += len(m.AgendaItems)
	}
	// The README promises an archive big enough to search and filter.
	if len(a.Meetings) < 14 || items < 70 || len(a.Papers) < 15 {
		t.Errorf("example too small: %d meetings, %d agenda items, %d papers", len(a.Meetings), items, len(a.Papers))
	}
}

func TestExampleSecretsExistOnlyInNonPublicRecords(t *testing.T) {
	a := load(t)

	var closedItems, closedMeetings []string
	for _, m := range a.Meetings {
		if !m.Public {
			closedMeetings = append(closedMeetings, m.ID)
		}
		for _, it := range m.AgendaItems {
			if !it.Public {
				closedItems = append(closedItems, it.ID)
			}
		}
	}
	if len(closedItems) != 1 || len(closedMeetings) != 1 {
		t.Fatalf("want exactly one non-public agenda item and one non-public meeting, got items %v, meetings %v", closedItems, closedMeetings)
	}

	before := testkit.JSON(t, a)
	for _, s := range []string{secretItem, secretMeeting} {
		if !strings.Contains(before, s) {
			t.Fatalf("the records no longer contain %q: the privacy tests that look for it would pass vacuously", s)
		}
	}

	public, rep := gate.Public(a, gate.Options{})
	if rep.AgendaItems != 1 || rep.Meetings != 1 {
		t.Errorf("gate withheld %d agenda items and %d meetings, want 1 and 1", rep.AgendaItems, rep.Meetings)
	}
	after := testkit.JSON(t, public)
	for _, s := range []string{secretItem, secretMeeting} {
		if strings.Contains(after, s) {
			t.Errorf("%q survives the privacy gate", s)
		}
	}
}

// TestExampleClosedSessionKeepsItsTitle: the example's closed-session item
// stands under the heading of the closed part; the gate publishes its
// title, and nothing of what was decided.
func TestExampleClosedSessionKeepsItsTitle(t *testing.T) {
	a := load(t)
	var closed []*record.AgendaItem
	for _, m := range a.Meetings {
		for _, it := range m.AgendaItems {
			if it.ClosedSession {
				closed = append(closed, it)
			}
		}
		if m.ID == "rat-2024-06" && (len(m.Headings) != 2 || !m.Headings[1].ClosedSession) {
			t.Errorf("meeting %s: headings %+v, want the public and the closed part's", m.ID, m.Headings)
		}
	}
	if len(closed) != 1 || closed[0].Name != closedTitle || !closed[0].Public {
		t.Fatalf("closed-session items %+v, want one: %q", closed, closedTitle)
	}
	if before := testkit.JSON(t, a); !strings.Contains(before, closedBody) {
		t.Fatalf("the records no longer contain %q: the tests that look for it would pass vacuously", closedBody)
	}
	public, rep := gate.Public(a, gate.Options{})
	if rep.Closed.AgendaItems != 1 {
		t.Errorf("gate counts %d closed-session items, want 1", rep.Closed.AgendaItems)
	}
	after := testkit.JSON(t, public)
	if !strings.Contains(after, closedTitle) {
		t.Errorf("the closed-session item's title %q does not pass the gate", closedTitle)
	}
	if strings.Contains(after, closedBody) {
		t.Errorf("%q, of the closed session's deliberation, passes the gate", closedBody)
	}
}

// TestExamplePaperPathsAreConsistent keeps the committee path of every paper
// (its consultations) in step with the agenda items that name it, so that the
// paper pages show each step once and link to the right item.
func TestExamplePaperPathsAreConsistent(t *testing.T) {
	a := load(t)
	ix := record.NewIndex(a)
	for _, m := range a.Meetings {
		for _, it := range m.AgendaItems {
			if it.Paper == "" {
				continue
			}
			p := ix.Papers[it.Paper]
			n := 0
			for _, c := range p.Consultations {
				if c.AgendaItem == it.ID {
					n++
					if c.Meeting != m.ID || c.Organization != m.Organizations[0] {
						t.Errorf("paper %s: consultation of %s names meeting %s of %s, want %s of %s",
							p.ID, it.ID, c.Meeting, c.Organization, m.ID, m.Organizations[0])
					}
				}
			}
			if n != 1 {
				t.Errorf("paper %s has %d consultations for agenda item %s, want 1", p.ID, n, it.ID)
			}
		}
	}
	for _, p := range a.Papers {
		for _, c := range p.Consultations {
			if c.AgendaItem == "" {
				continue
			}
			if it := ix.AgendaItems[c.AgendaItem]; it.Paper != p.ID {
				t.Errorf("paper %s: consultation names agenda item %s, which deliberates %q", p.ID, it.ID, it.Paper)
			}
		}
	}
}
