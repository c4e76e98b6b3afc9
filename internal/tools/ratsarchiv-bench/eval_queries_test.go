package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
)

func TestPickEvalQueries(t *testing.T) {
	var docs []*searchindex.Doc
	add := func(url, title, body string) {
		docs = append(docs, &searchindex.Doc{URL: url, Title: title, Text: title + "\n\n" + body})
	}
	// Breitband and Ausbau stand alone elsewhere; the target never has
	// "Breitband" on its own.
	add("/items/1/", "Sachstand Breitbandausbau Gemeinde", "Der Ausbau geht voran.")
	add("/papers/1/", "Sachstand Breitbandausbau Gemeinde", "")
	for i := range 3 {
		add(fmt.Sprintf("/items/b%d/", i), fmt.Sprintf("Breitband Netz %d", i), "Ausbau Ausbau Breitband")
	}
	add("/items/g/", "Gemeinderat (36. Sitzung)", "")
	add("/items/h/", "Gemeinderat (37. Sitzung)", "")
	qs := pickEvalQueries(docs, 10, 1)
	var part, known []evalQuery
	for _, q := range qs {
		if q.Kind == "part" {
			part = append(part, q)
		} else {
			known = append(known, q)
		}
	}
	if len(part) != 1 || part[0].Q != "Breitband Sachstand" || !slices.Equal(part[0].Relevant, []string{"/items/1/", "/papers/1/"}) {
		t.Errorf("part queries %+v, want Breitband Sachstand for the two documents titled Sachstand Breitbandausbau", part)
	}
	for _, q := range known {
		if strings.Contains(q.Target, "Sitzung") {
			t.Errorf("known item %+v: %q is no distinctive query for one of two sittings", q, q.Q)
		}
	}
	if len(known) == 0 {
		t.Error("no known-item queries")
	}
	// An item shows as its paper, whatever the paper's title: the paper
	// is relevant to a query of the item's title.
	docs = append(docs,
		&searchindex.Doc{Key: "item:k", Matter: "paper:k", URL: "/items/k/", Title: "Kürzung Kulturverein Tanzareal", Text: "Kürzung Kulturverein Tanzareal"},
		&searchindex.Doc{Key: "paper:k", Matter: "paper:k", URL: "/papers/k/", Title: "HHS4 Rücknahme", Text: "HHS4 Rücknahme"})
	found := false
	for _, q := range pickEvalQueries(docs, 10, 1) {
		if q.Target == "Kürzung Kulturverein Tanzareal" {
			found = true
			if !slices.Equal(q.Relevant, []string{"/items/k/", "/papers/k/"}) {
				t.Errorf("query %q of an item relevant %q, want the item and its paper", q.Q, q.Relevant)
			}
		}
	}
	if !found {
		t.Error("no query of the item whose paper has another title")
	}
	// success@10 and MRR
	tops := make([][]string, len(qs))
	for i, q := range qs {
		tops[i] = []string{"/other/", q.Relevant[0] + "index.html"}
	}
	if s := scoreRuns(qs, tops, "part"); s.Success != 1 || s.MRR != 0.5 {
		t.Errorf("scoreRuns = %+v, want success 1 and MRR 0.5", s)
	}
	tops[0] = nil
	if s := scoreRuns(qs, tops, "part"); s.Success != 0 || len(s.Failures) != 1 {
		t.Errorf("scoreRuns without hits = %+v, want one failure", s)
	}
}
