package gate

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
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
	out, rep := Public(in, Options{Redact: []string{"i-redacted"}})

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
	if rep.Meetings != 1 || rep.AgendaItems != 2 || rep.Papers != 1 || !slices.Equal(rep.Redacted, []Ref{{KindAgendaItem, "i-redacted"}}) || rep.Unmatched != nil {
		t.Errorf("report = %+v", rep)
	}

	// The input is untouched: the gate must not change what importers or
	// the checker see.
	if len(in.Meetings[0].AgendaItems) != 4 || in.Meetings[0].AgendaItems[2].Paper != "p-closed" || len(in.Papers[0].Consultations) != 3 {
		t.Error("Public modified its input")
	}
}

// people is an archive where two organizations and two persons are
// referenced from everywhere a record can name them.
func people() *record.Archive {
	return &record.Archive{
		Body: record.Body{Name: "Stadt"},
		Organizations: []*record.Organization{
			{ID: "geheim", Name: "Ausschuss Quokkafeld", ShortName: "Quokkaausschuss"},
			{ID: "fr-x", Name: "Fraktion Wombatliste", ShortName: "WBL"},
			{ID: "rat", Name: "Rat der Stadt", ShortName: "Rat"},
		},
		Persons: []*record.Person{
			{ID: "zaun", Name: "Zoltan Zaunkönig", FormOfAddress: "Herr", GivenName: "Zoltan", FamilyName: "Zaunkönig", Memberships: []record.Membership{{Organization: "rat"}}},
			{ID: "titel", Name: "Tamara Tapirowa", Title: "Dr.", FamilyName: "Tapirowa"},
			{ID: "offen", Name: "Olga Offenbach", FamilyName: "Offenbach", Memberships: []record.Membership{
				{Organization: "geheim", Role: "Vorsitzende"}, {Organization: "fr-x"}, {Organization: "rat"},
			}},
		},
		Meetings: []*record.Meeting{
			{ID: "m-geheim", Name: "1. Sitzung", Organizations: []string{"geheim"}, Public: true, AgendaItems: []*record.AgendaItem{
				{ID: "g-1", Name: "Hinter verschlossenen Türen", Public: true, Paper: "p-1"},
			}},
			{ID: "m-joint", Name: "Gemeinsame Sitzung", Organizations: []string{"geheim", "rat"}, Public: true, AgendaItems: []*record.AgendaItem{
				{ID: "j-1", Name: "Offen", Public: true, Paper: "p-1",
					Persons:  []string{"zaun", "offen", "titel"},
					Speakers: []string{"Herr Zaunkönig", "Frau Offenbach", "Bürgermeisterin Dr. Tapirowa", "zoltan  ZAUNKÖNIG"}},
			}},
		},
		Papers: []*record.Paper{
			{ID: "p-1", Name: "Vorlage", Public: true,
				Originators: []string{"fr-x", "zaun", "Fraktion Wombatliste", "Dr. Tamara Tapirowa", "Fachbereich Finanzen", "offen"},
				Consultations: []record.Consultation{
					{Organization: "geheim", Meeting: "m-geheim", AgendaItem: "g-1"},
					{Organization: "geheim"},
					{Organization: "rat", Meeting: "m-joint", AgendaItem: "j-1"},
				}},
		},
	}
}

// TestPublicRedactsEveryKind: redacted organizations and persons are gone,
// and so is every reference that would print their names.
func TestPublicRedactsEveryKind(t *testing.T) {
	in := people()
	before := testkit.JSON(t, in)
	out, rep := Public(in, Options{Redact: []string{"geheim", "fr-x", "zaun", "titel"}})
	after := testkit.JSON(t, out)

	for _, name := range []string{"Quokka", "Wombat", "WBL", "Zaunkönig", "Zoltan", "Tapirowa", `"geheim"`, `"fr-x"`, `"zaun"`, `"titel"`, "Hinter verschlossenen"} {
		if !strings.Contains(before, name) {
			t.Fatalf("%q is not in the input: the test proves nothing", name)
		}
		if strings.Contains(after, name) {
			t.Errorf("%q survives the gate", name)
		}
	}
	// The positive control: public names and references stay.
	for _, name := range []string{"Olga Offenbach", "Frau Offenbach", "Rat der Stadt", `"rat"`, `"offen"`, "Fachbereich Finanzen", "Gemeinsame Sitzung"} {
		if !strings.Contains(after, name) {
			t.Errorf("public %q is lost", name)
		}
	}

	// The meeting hosted only by the redacted organization is withheld with
	// its item; the joint one stays with its other host.
	if len(out.Meetings) != 1 || !slices.Equal(out.Meetings[0].Organizations, []string{"rat"}) {
		t.Errorf("meetings = %+v", out.Meetings)
	}
	if got := out.Persons[0].Memberships; len(got) != 1 || got[0].Organization != "rat" {
		t.Errorf("memberships = %+v", got)
	}
	if got := out.Papers[0].Consultations; len(got) != 1 || got[0].AgendaItem != "j-1" {
		t.Errorf("consultations = %+v", got)
	}
	want := []Ref{{KindOrganization, "geheim"}, {KindOrganization, "fr-x"}, {KindPerson, "zaun"}, {KindPerson, "titel"}}
	if !slices.Equal(rep.Redacted, want) || rep.Organizations != 2 || rep.Persons != 2 || rep.Meetings != 1 || rep.AgendaItems != 0 {
		t.Errorf("report = %+v", rep)
	}
	if got, want := rep.String(), "withheld 2 organizations, 2 persons, 1 meeting; redacted 2 organizations (geheim, fr-x), 2 persons (zaun, titel)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if testkit.JSON(t, in) != before {
		t.Error("Public modified its input")
	}
}

// TestPublicConsultationOfWithheldItem: a consultation that names only a
// public meeting goes when the paper's only item in it is withheld, and
// stays when the paper has a public item there or none at all.
func TestPublicConsultationOfWithheldItem(t *testing.T) {
	a := &record.Archive{
		Meetings: []*record.Meeting{{ID: "m", Public: true, AgendaItems: []*record.AgendaItem{
			{ID: "withheld", Public: false, Paper: "p-withheld"},
			{ID: "also-withheld", Public: false, Paper: "p-both"},
			{ID: "public", Public: true, Paper: "p-both"},
		}}},
		Papers: []*record.Paper{
			{ID: "p-withheld", Public: true, Consultations: []record.Consultation{{Organization: "rat", Meeting: "m", Role: "Entscheidung"}}},
			{ID: "p-both", Public: true, Consultations: []record.Consultation{{Organization: "rat", Meeting: "m"}}},
			{ID: "p-planned", Public: true, Consultations: []record.Consultation{{Organization: "rat", Meeting: "m"}}},
		},
	}
	out, _ := Public(a, Options{})
	for i, want := range []int{0, 1, 1} {
		if got := len(out.Papers[i].Consultations); got != want {
			t.Errorf("%s: %d consultations, want %d", out.Papers[i].ID, got, want)
		}
	}
}

func TestPublicUnmatched(t *testing.T) {
	t.Run("ErrUnmatched", func(t *testing.T) {
		_, rep := Public(people(), Options{Redact: []string{"zaum", "geheim", "nirgends-xyz", "zaum", "rat"}})
		want := []Unmatched{{ID: "zaum", Closest: "zaun"}, {ID: "nirgends-xyz"}}
		if !slices.Equal(rep.Unmatched, want) {
			t.Fatalf("unmatched = %+v, want %+v", rep.Unmatched, want)
		}
		lines := map[string]int{"zaum": 7, "nirgends-xyz": 9}
		ds := rep.Problems(func(id string) record.Pos { return record.Pos{File: "config.toml", Line: lines[id]} })
		got := strings.Split(ds.Error(), "\n")
		wantMsgs := []string{
			`config.toml:7: params.ratsarchiv.redact: no record has the ID "zaum" (did you mean "zaun"?)`,
			`config.toml:9: params.ratsarchiv.redact: no record has the ID "nirgends-xyz"`,
		}
		if !slices.Equal(got, wantMsgs) {
			t.Errorf("problems =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantMsgs, "\n"))
		}
	})
	t.Run("OK", func(t *testing.T) {
		// An item inside a withheld meeting is a record all the same.
		_, rep := Public(people(), Options{Redact: []string{"geheim", "g-1", "j-1", "p-1", "m-joint", "offen"}})
		if rep.Unmatched != nil || len(rep.Problems(nil)) != 0 {
			t.Errorf("unmatched = %+v", rep.Unmatched)
		}
		want := []Ref{{KindOrganization, "geheim"}, {KindPerson, "offen"}, {KindMeeting, "m-joint"}, {KindAgendaItem, "g-1"}, {KindAgendaItem, "j-1"}, {KindPaper, "p-1"}}
		if !slices.Equal(rep.Redacted, want) {
			t.Errorf("redacted = %v, want %v", rep.Redacted, want)
		}
	})
}

// closedSessions is a meeting with an open and a closed part, the closed
// item carrying everything the source may send, and a meeting held in
// closed session as a whole.
func closedSessions() *record.Archive {
	secret := []record.File{{Name: "Vertrag Quokkagrund", Text: "Kaufpreis 412.000 Euro"}}
	return &record.Archive{
		Persons: []*record.Person{{ID: "gehrke", Name: "Anna Gehrke"}},
		Papers: []*record.Paper{
			{ID: "p-land", Public: true, Consultations: []record.Consultation{{Meeting: "m", AgendaItem: "i-closed"}, {Meeting: "m"}}},
		},
		Meetings: []*record.Meeting{
			{ID: "m", Public: true, Files: []record.File{{Name: "Einladung"}},
				Headings: []*record.Heading{
					{ID: "h-a", Number: "A", Name: "Öffentliche Sitzung", Order: 1, Files: []record.File{{Name: "Anwesenheitsliste"}}},
					{ID: "h-b", Number: "B", Name: "Nichtöffentliche Sitzung", Order: 3, ClosedSession: true, Files: secret},
					{ID: "h-c", Name: "Weitere Punkte", Order: 5},
				},
				AgendaItems: []*record.AgendaItem{
					{ID: "i-open", Number: "1", Order: 2, Name: "Radweg", Public: true, Result: "beschlossen", ResultCategory: record.ResultApproved},
					{ID: "i-closed", Number: "2", Order: 4, Name: "Grundstücksangelegenheit", Public: true, ClosedSession: true,
						Result: "einstimmig beschlossen", ResultCategory: record.ResultApproved, Votes: &record.Votes{Yes: 9},
						ResolutionText: "Verkauf an Quokka GmbH", Minutes: "Frau Gehrke berichtet.", Speakers: []string{"Frau Gehrke"},
						Persons: []string{"gehrke"}, Paper: "p-land", Files: secret},
					{ID: "i-withheld", Number: "3", Order: 6, Name: "Personalsache", Public: false},
				}},
			{ID: "m-closed", Public: true, ClosedSession: true, Files: secret, AgendaItems: []*record.AgendaItem{
				{ID: "i-in-closed", Number: "1", Order: 1, Name: "Vergabe", Public: true, Minutes: "Angebot Quokka"},
			}},
		},
	}
}

func TestPublicClosedSession(t *testing.T) {
	t.Run("Titles", func(t *testing.T) {
		in := closedSessions()
		out, rep := Public(in, Options{})
		m := out.Meetings[0]
		var ids []string
		for _, it := range m.AgendaItems {
			ids = append(ids, it.ID)
		}
		if want := []string{"i-open", "i-closed"}; !slices.Equal(ids, want) {
			t.Fatalf("items = %v, want %v", ids, want)
		}
		want := &record.AgendaItem{ID: "i-closed", Number: "2", Order: 4, Name: "Grundstücksangelegenheit", Public: true, ClosedSession: true, Paper: "p-land"}
		if got := m.AgendaItems[1]; !reflect.DeepEqual(got, want) {
			t.Errorf("closed item = %+v\nwant %+v", got, want)
		}
		if m.AgendaItems[0] != in.Meetings[0].AgendaItems[0] {
			t.Error("the public item was copied")
		}
		// The heading of the closed part stays without its files; the
		// heading of only withheld items goes.
		var heads []string
		for _, h := range m.Headings {
			heads = append(heads, h.ID)
			if h.ClosedSession && len(h.Files) > 0 {
				t.Errorf("heading %s keeps its files", h.ID)
			}
		}
		if want := []string{"h-a", "h-b"}; !slices.Equal(heads, want) {
			t.Errorf("headings = %v, want %v", heads, want)
		}
		if len(m.Headings[0].Files) != 1 || len(m.Files) != 1 {
			t.Error("the open part lost its files")
		}
		mc := out.Meetings[1]
		if len(mc.Files) != 0 || len(mc.AgendaItems) != 1 || !mc.AgendaItems[0].ClosedSession || mc.AgendaItems[0].Minutes != "" {
			t.Errorf("closed meeting = %+v, items %+v", mc, mc.AgendaItems)
		}
		if n := len(out.Papers[0].Consultations); n != 2 {
			t.Errorf("%d consultations, want both: the closed item is published", n)
		}
		if rep.AgendaItems != 1 || rep.Closed != (ClosedReport{Meetings: 1, AgendaItems: 2}) {
			t.Errorf("report = %+v", rep)
		}
		if got, want := rep.String(), "withheld 1 agenda item; closed session 1 meeting, 2 agenda items (titles only)"; got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
		if in.Meetings[0].AgendaItems[1].Minutes == "" || len(in.Meetings[0].Headings[1].Files) == 0 || len(in.Meetings[1].Files) == 0 {
			t.Error("Public modified its input")
		}
	})
	t.Run("Omit", func(t *testing.T) {
		out, rep := Public(closedSessions(), Options{OmitClosedSessions: true})
		if len(out.Meetings) != 1 {
			t.Fatalf("meetings = %v, want the closed one omitted", out.Meetings)
		}
		m := out.Meetings[0]
		if len(m.AgendaItems) != 1 || m.AgendaItems[0].ID != "i-open" || len(m.Headings) != 1 || m.Headings[0].ID != "h-a" {
			t.Errorf("items %+v, headings %+v: want only the open part", m.AgendaItems, m.Headings)
		}
		// Not even a consultation that names only the meeting is left.
		if n := len(out.Papers[0].Consultations); n != 0 {
			t.Errorf("consultations = %+v, want none", out.Papers[0].Consultations)
		}
		if rep.AgendaItems != 1 || rep.Closed != (ClosedReport{Meetings: 1, AgendaItems: 2, Omitted: true}) {
			t.Errorf("report = %+v", rep)
		}
	})
	t.Run("RedactWins", func(t *testing.T) {
		out, rep := Public(closedSessions(), Options{Redact: []string{"i-closed"}})
		if slices.ContainsFunc(out.Meetings[0].AgendaItems, func(it *record.AgendaItem) bool { return it.ID == "i-closed" }) {
			t.Error("a redacted closed-session item is published")
		}
		if rep.AgendaItems != 2 || rep.Closed.AgendaItems != 1 {
			t.Errorf("report = %+v", rep)
		}
	})
}
