package main

import (
	"fmt"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

func TestChooseQueriesFromTheArchive(t *testing.T) {
	a := &record.Archive{Organizations: []*record.Organization{
		{ID: "rat", Name: "Rat der Stadt"},
		{ID: "soz", Name: "Ausschuss für Soziales", ShortName: "Sozialausschuss"},
	}}
	fillers := []string{"Antrag", "Bebauung", "Friedhof", "Gewerbe", "Jugendhilfe", "Kindergarten", "Lärmschutz",
		"Mobilität", "Notfall", "Ortsrat", "Parkplatz", "Quartier", "Radweg", "Schule", "Turnhalle"}
	m := &record.Meeting{ID: "m", Organizations: []string{"soz"}}
	for i := range 40 {
		text := "Die Verwaltung berichtet über den Haushalt."
		// Filler nouns in decreasing numbers of items: fillers[k] in 30-k items.
		for k, f := range fillers {
			if i < 30-k {
				text += " " + f
			}
		}
		if i < 2 {
			text += " Straßenreinigung"
		}
		m.AgendaItems = append(m.AgendaItems, &record.AgendaItem{ID: fmt.Sprint(i), Name: "Punkt", Minutes: text})
	}
	a.Meetings = []*record.Meeting{m, {ID: "r", Organizations: []string{"rat"}, AgendaItems: []*record.AgendaItem{{ID: "x", Name: "verwaltung"}}}}
	qs, err := chooseQueries(a)
	if err != nil {
		t.Fatal(err)
	}
	want := []query{
		// "Verwaltung" and "Haushalt" are in all 40 items (and "verwaltung"
		// in one more, lower-case); stop words ("die", "den", "über") never count.
		{Name: "very common word", Q: "verwaltung", DF: 41},
		{Name: "rare word", Q: "straßenreinigung", DF: 2},
		// Nouns by documents: verwaltung 41, haushalt 40, punkt 40, then
		// the fillers from antrag (30) down: the 4th and the 13th.
		{Name: "two words", Q: "antrag ortsrat"},
		{Name: "phrase", Q: `"verwaltung berichtet"`},
		{Name: "word + committee", Q: "verwaltung", Committee: "Ausschuss für Soziales"},
	}
	if len(qs) != len(want) {
		t.Fatalf("queries = %+v", qs)
	}
	for i := range want {
		if qs[i] != want[i] {
			t.Errorf("query %d = %+v, want %+v", i, qs[i], want[i])
		}
	}
}
