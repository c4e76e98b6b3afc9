package record

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

func TestValidate(t *testing.T) {
	at := func(line int, fields map[string]int) Origin {
		return Origin{File: "records/x.toml", Line: line, Fields: fields}
	}
	day := time.Date(2024, 3, 12, 17, 0, 0, 0, time.UTC)
	valid := func() *Archive {
		return &Archive{
			Body:          Body{Name: "Stadt Beispiel", Origin: at(1, nil)},
			Organizations: []*Organization{{ID: "soz", Name: "Sozialausschuss", Origin: at(3, nil)}},
			Persons:       []*Person{{ID: "p1", Name: "Anna Gehrke", Memberships: []Membership{{Organization: "soz"}}, Origin: at(6, nil)}},
			Meetings: []*Meeting{{ID: "m1", Name: "5. Sitzung", Organizations: []string{"soz"}, Start: day, Origin: at(10, nil),
				AgendaItems: []*AgendaItem{{ID: "i1", Name: "Eröffnung", Paper: "v1", Persons: []string{"p1"}, Origin: at(20, nil)}}}},
			Papers: []*Paper{{ID: "v1", Name: "Vorlage", Consultations: []Consultation{{Organization: "soz", Meeting: "m1", AgendaItem: "i1"}}, Origin: at(30, nil)}},
		}
	}
	for _, tc := range []struct {
		name   string
		change func(a *Archive)
		want   []string
	}{
		{"OK", func(*Archive) {}, nil},
		{"ErrRequired", func(a *Archive) {
			a.Body.Name = ""
			a.Organizations[0].Name = " "
			a.Meetings[0].Start = time.Time{}
			a.Meetings[0].AgendaItems[0].ID = ""
		}, []string{
			"records/x.toml:1: body.name: missing required field: the name of the council's body, e.g. \"Stadt Beispielstadt\"",
			"records/x.toml:3: organization.name: missing required field",
			"records/x.toml:10: meeting.start: missing required field",
			"records/x.toml:20: agendaItem.id: missing required field",
			// The paper's consultation named the item by its old ID.
			"records/x.toml:30: paper.consultation.agendaItem: unknown agenda item \"i1\"",
		}},
		{"StartWrittenButUnreadable", func(a *Archive) {
			// The source reported the start it could not read already.
			a.Meetings[0].Start = time.Time{}
			a.Meetings[0].Origin.Fields = map[string]int{"start": 12}
		}, nil},
		{"ErrDuplicateID", func(a *Archive) {
			a.Organizations = append(a.Organizations, &Organization{ID: "soz", Name: "Rat", Origin: at(40, map[string]int{"id": 41})})
		}, []string{"records/x.toml:41: organization.id: duplicate id \"soz\", first defined at records/x.toml:3"}},
		{"ErrUnknownReference", func(a *Archive) {
			a.Meetings[0].Organizations = []string{"sox"}
			a.Meetings[0].AgendaItems[0].Persons = []string{"nobody-at-all"}
		}, []string{
			"records/x.toml:10: meeting.organization: unknown organization \"sox\" (did you mean \"soz\"?)",
			"records/x.toml:20: agendaItem.persons: unknown person \"nobody-at-all\"",
		}},
		{"ErrEndBeforeStart", func(a *Archive) {
			a.Meetings[0].End = day.Add(-time.Hour)
		}, []string{"records/x.toml:10: meeting.end: end 2024-03-12T16:00:00Z is before start 2024-03-12T17:00:00Z"}},
		{"ErrNegativeVotes", func(a *Archive) {
			a.Meetings[0].AgendaItems[0].Votes = &Votes{Yes: 3, No: -1}
		}, []string{"records/x.toml:20: agendaItem.votes: vote counts must not be negative"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := valid()
			tc.change(a)
			var got []string
			for _, d := range Validate(a) {
				got = append(got, d.String())
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

func TestClosest(t *testing.T) {
	for _, tc := range []struct {
		s          string
		candidates []string
		want       string
	}{
		{"Start", []string{"end", "start"}, "start"}, // case is no distance
		{"orgnization", []string{"organization", "origin"}, "organization"},
		{"xyz", []string{"name", "id"}, ""}, // too far to be a typo
		{"ab", []string{"ac", "aa"}, "aa"},  // ties go to the one that sorts first
	} {
		if got := Closest(tc.s, tc.candidates); got != tc.want {
			t.Errorf("Closest(%q, %q) = %q, want %q", tc.s, tc.candidates, got, tc.want)
		}
	}
}

func ExampleValidate() {
	a := &Archive{
		Organizations: []*Organization{{ID: "soz", Name: "Sozialausschuss"}},
		Meetings: []*Meeting{{
			ID: "soz-2024-03", Name: "5. Sitzung", Organizations: []string{"sox"},
			Start:  time.Date(2024, 3, 12, 17, 0, 0, 0, time.UTC),
			Origin: Origin{File: "meetings/soz-2024-03.toml", Line: 1, Fields: map[string]int{"organization": 4}},
		}},
	}
	for _, d := range Validate(a) {
		fmt.Println(d)
	}
	// Output:
	// meetings/soz-2024-03.toml:4: meeting.organization: unknown organization "sox" (did you mean "soz"?)
}
