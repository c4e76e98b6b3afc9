package pages

import (
	"encoding/json"
	"fmt"
	"regexp"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// feeds generates the pages of a and returns the feed of each page that has
// one, by content path.
func feeds(t *testing.T, a *record.Archive, opts Options) map[string]*feed {
	t.Helper()
	ps, err := Generate(a, opts)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*feed{}
	for _, p := range ps {
		var fm struct {
			Outputs []string `json:"outputs"`
			Params  struct {
				Feed *feed `json:"feed"`
			} `json:"params"`
		}
		if err := json.Unmarshal(p.Data, &fm); err != nil {
			t.Fatal(err)
		}
		if fm.Params.Feed != nil {
			out[p.Path] = fm.Params.Feed
		}
		if fm.Params.Feed != nil && p.Path != "_index.md" && len(fm.Outputs) == 0 {
			t.Errorf("%s has a feed but no atom output", p.Path)
		}
	}
	return out
}

// manyMeetings is the fixture with n more meetings of the Rat, each with
// two decided items, in 2023.
func manyMeetings(n int) *record.Archive {
	a := fixture()
	for i := range n {
		id := fmt.Sprintf("rat-x%02d", i)
		a.Meetings = append(a.Meetings, &record.Meeting{ID: id, Name: fmt.Sprintf("Sitzung %d", i), Organizations: []string{"rat"},
			Start: day(2023, 1, 1+i, 18), Public: true, AgendaItems: []*record.AgendaItem{
				{ID: id + "-1", Number: "1", Order: 1, Name: "Haushalt", Public: true, Result: "beschlossen", ResultCategory: record.ResultApproved},
				{ID: id + "-2", Number: "2", Order: 2, Name: "Anfragen", Public: true},
				{ID: id + "-3", Number: "3", Order: 3, Name: "Antrag", Public: true, Result: "abgelehnt", ResultCategory: record.ResultRejected},
			}})
	}
	a.Sort()
	return a
}

func TestFeeds(t *testing.T) {
	t.Run("MeetingsAndDecisionsNewestFirst", func(t *testing.T) {
		fs := feeds(t, fixture(), Options{Now: day(2025, 1, 1, 0)})
		var got []string
		for _, e := range fs["committees/soz.md"].Entries {
			got = append(got, e.Kind+" "+e.Title)
		}
		// The cancelled meeting of 2025 lies after Now: not in the feed.
		want := []string{"meeting 1. Sitzung Soziales", "decision Kita-Gebühren"}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("Sozialausschuss feed = %q, want %q", got, want)
		}
		site := fs["_index.md"].Entries
		if len(site) != 4 || site[0].Title != "1. Ratssitzung" || site[1].Result != "mehrheitlich beschlossen" || site[1].Meeting.Title != "1. Ratssitzung" {
			t.Errorf("site feed = %+v", site)
		}
		if fs["_index.md"].Updated != site[0].Updated {
			t.Errorf("feed updated %s, newest entry %s", fs["_index.md"].Updated, site[0].Updated)
		}
	})
	t.Run("LimitHonoured", func(t *testing.T) {
		// 30 meetings of the Rat with two decisions each: 90 entries and more.
		for _, limit := range []int{0, 7, 200} {
			fs := feeds(t, manyMeetings(30), Options{Now: day(2025, 1, 1, 0), FeedLimit: limit})
			want := limit
			switch limit {
			case 0:
				want = defaultFeedLimit
			case 200:
				want = 4 + 30*3 // everything: the fixture's 4 and 90
			}
			if n := len(fs["_index.md"].Entries); n != want {
				t.Errorf("feedLimit %d: site feed has %d entries, want %d", limit, n, want)
			}
			if n := len(fs["committees/rat.md"].Entries); n > max(want, 0) || (limit != 200 && n != want) {
				t.Errorf("feedLimit %d: Rat's feed has %d entries, want %d", limit, n, want)
			}
		}
	})
	t.Run("StableIDs", func(t *testing.T) {
		a := fixture()
		before := feeds(t, a, Options{Now: day(2025, 1, 1, 0)})
		// A corrected title and a new meeting change no ID.
		b := fixture()
		b.Meetings[0].Name = "1. Sitzung des Sozialausschusses (berichtigt)"
		b.Meetings[0].AgendaItems[1].Name = "Kita-Gebühren 2024"
		b.Meetings = append(b.Meetings, &record.Meeting{ID: "rat-2", Name: "2. Ratssitzung", Organizations: []string{"rat"}, Start: day(2024, 6, 1, 18), Public: true})
		b.Sort()
		after := feeds(t, b, Options{Now: day(2025, 1, 1, 0)})
		ids := map[string]string{}
		for _, e := range after["_index.md"].Entries {
			ids[e.URL] = e.ID
		}
		uuid := regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
		seen := map[string]string{}
		for path, f := range before {
			for _, id := range append([]string{f.ID}, entryIDs(f)...) {
				if !uuid.MatchString(id) {
					t.Errorf("%s: ID %q is not a version 5 UUID URN", path, id)
				}
			}
			if after[path].ID != f.ID {
				t.Errorf("%s: feed ID changed from %s to %s", path, f.ID, after[path].ID)
			}
			for _, e := range f.Entries {
				if prev, dup := seen[e.ID]; dup && prev != e.URL {
					t.Errorf("ID %s of %s and %s", e.ID, prev, e.URL)
				}
				seen[e.ID] = e.URL
				if path == "_index.md" && ids[e.URL] != e.ID {
					t.Errorf("%s: ID %s became %s after a title changed", e.URL, e.ID, ids[e.URL])
				}
			}
		}
		// Another body with the same record IDs: other IDs.
		c := fixture()
		c.Body.Name = "Gemeinde Anders"
		other := feeds(t, c, Options{Now: day(2025, 1, 1, 0)})
		if other["_index.md"].Entries[0].ID == before["_index.md"].Entries[0].ID {
			t.Error("two bodies share the ID of a meeting with the same record ID")
		}
	})
	t.Run("NoFeedWithoutMeetings", func(t *testing.T) {
		a := fixture()
		a.Organizations = append(a.Organizations, &record.Organization{ID: "fraktion", Name: "Fraktion A", OrganizationType: "Fraktion"})
		a.Sort()
		if f, ok := feeds(t, a, Options{Now: day(2025, 1, 1, 0)})["committees/fraktion.md"]; ok {
			t.Errorf("an organization without meetings has a feed: %+v", f)
		}
	})
}

func entryIDs(f *feed) []string {
	var ids []string
	for _, e := range f.Entries {
		ids = append(ids, e.ID)
	}
	return ids
}
