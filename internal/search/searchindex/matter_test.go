package searchindex_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/gate"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/search/query"
	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
)

// matterArchive has a paper consulted in four committees (one of them in a
// meeting that is withheld) with an agenda item at each, one of them with
// a file, and an agenda item on the same topic without a paper. The
// meetings list their items' titles, which the queries below avoid.
func matterArchive() *record.Archive {
	day := func(d int) time.Time { return time.Date(2024, 5, d, 17, 0, 0, 0, time.UTC) }
	item := func(id, name, minutes, result string, cat record.ResultCategory, paper string) *record.AgendaItem {
		return &record.AgendaItem{ID: id, Name: name, Public: true, Minutes: minutes, Result: result, ResultCategory: cat, Paper: paper}
	}
	meeting := func(id, org string, d int, public bool, items ...*record.AgendaItem) *record.Meeting {
		return &record.Meeting{ID: id, Name: "Sitzung " + id, Organizations: []string{org}, Start: day(d), Public: public, AgendaItems: items}
	}
	withFile := item("bau-1", "Radwege Nordstadt", "Beraten.", "vorberaten", record.ResultNoted, "v-9")
	withFile.Files = []record.File{{Name: "Anlage Lageplan", Text: "Die Fahrradständer stehen am Bahnhof."}}
	return &record.Archive{
		Organizations: []*record.Organization{
			{ID: "bau", Name: "Bauausschuss"}, {ID: "umw", Name: "Umweltausschuss"},
			{ID: "geh", Name: "Geheimer Ausschuss"}, {ID: "rat", Name: "Gemeinderat"},
		},
		// Listed out of date order: the path is in date order.
		Meetings: []*record.Meeting{
			meeting("rat-s", "rat", 20, true, item("rat-1", "Radwege Nordstadt", "Der Rat beschließt das Radwegkonzept.", "beschlossen", record.ResultApproved, "v-9")),
			meeting("bau-s", "bau", 3, true, withFile),
			meeting("geh-s", "geh", 8, false, item("geh-1", "Radwege Nordstadt", "Geheimsache Radwegkonzept.", "vertagt", record.ResultPostponed, "v-9")),
			meeting("umw-s", "umw", 10, true,
				item("umw-1", "Radwege Nordstadt", "Der Umweltausschuss empfiehlt das Radwegkonzept.", "empfohlen", record.ResultApproved, "v-9"),
				item("umw-2", "Radwege Südstadt", "Ein eigenes Radwegkonzept ohne Vorlage.", "", "", "")),
		},
		Papers: []*record.Paper{{ID: "v-9", Name: "Radwegkonzept Nordstadt", Reference: "V 9/24", Public: true, Date: day(1),
			Text: "Die Verwaltung legt das Radwegkonzept vor.",
			Consultations: []record.Consultation{
				{Organization: "bau", Meeting: "bau-s", AgendaItem: "bau-1"}, {Organization: "geh", Meeting: "geh-s", AgendaItem: "geh-1"},
				{Organization: "umw", Meeting: "umw-s", AgendaItem: "umw-1"}, {Organization: "rat", Meeting: "rat-s", AgendaItem: "rat-1", Authoritative: true},
			}}},
	}
}

// TestOneHitPerMatter: a paper and the agenda items that deliberate it are
// one hit, the paper's, with its path through the public meetings in date
// order and the excerpt of its best-matching document (an item's file
// too); an item without a paper stays a hit of its own; the total and the
// facets count the hits.
func TestOneHitPerMatter(t *testing.T) {
	public, _ := gate.Public(matterArchive(), gate.Options{})
	ix := mustBuild(t, public)
	ctx := context.Background()

	r, err := ix.Search(ctx, "Radwegkonzept", searchindex.SearchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(r); strings.Join(got, " ") != "v-9 umw-2" && strings.Join(got, " ") != "umw-2 v-9" {
		t.Fatalf("hits %v, want v-9 and umw-2 once each", got)
	}
	if r.Total != 2 {
		t.Errorf("total %d, want 2 (the hits)", r.Total)
	}
	wantKinds := map[string]int{query.KindPaper: 1, query.KindItem: 1}
	if !equalCounts(r.Facets.Kind, wantKinds) {
		t.Errorf("kind facet %v, want %v", r.Facets.Kind, wantKinds)
	}
	// A committee counts the matters with a match there, once each.
	wantCommittees := map[string]int{"Bauausschuss": 1, "Umweltausschuss": 2, "Gemeinderat": 1}
	if !equalCounts(r.Facets.Committee, wantCommittees) {
		t.Errorf("committee facet %v, want %v", r.Facets.Committee, wantCommittees)
	}
	if !equalCounts(r.Facets.Year, map[string]int{"2024": 2}) {
		t.Errorf("year facet %v, want 2024: 2", r.Facets.Year)
	}
	var paper searchindex.Hit
	for _, h := range r.Hits {
		if h.ID == "v-9" {
			paper = h
		}
	}
	if paper.Kind != query.KindPaper || paper.Title != "Radwegkonzept Nordstadt" || paper.Committee != "Gemeinderat" {
		t.Errorf("matter hit %+v, want the paper's", paper)
	}
	var path []string
	for _, s := range paper.Path {
		path = append(path, s.Date+" "+s.Committee+" "+s.Result)
		if strings.Contains(s.Meeting, "geh") || s.Committee == "Geheimer Ausschuss" {
			t.Errorf("path shows the withheld meeting: %+v", s)
		}
	}
	want := "2024-05-03 Bauausschuss vorberaten|2024-05-10 Umweltausschuss empfohlen|2024-05-20 Gemeinderat beschlossen"
	if strings.Join(path, "|") != want {
		t.Errorf("path %q, want %q", strings.Join(path, "|"), want)
	}
	if paper.Path[0].URL != "/rat/items/bau-1/" && !strings.Contains(paper.Path[0].URL, "bau-1") {
		t.Errorf("path step URL %q", paper.Path[0].URL)
	}

	// A word of an item's file finds the paper, its excerpt from the file.
	r, err = ix.Search(ctx, "Fahrradständer", searchindex.SearchOptions{})
	if err != nil || len(r.Hits) != 1 || r.Total != 1 {
		t.Fatalf("hits %+v, %v: want the paper once", r, err)
	}
	if h := r.Hits[0]; h.ID != "v-9" || h.File != "Anlage Lageplan" || !strings.Contains(h.Excerpt, "<mark>Fahrradständer</mark>") || len(h.Path) != 3 {
		t.Errorf("hit %+v, want the paper with the file's excerpt and its path", h)
	} else if h.Date != "2024-05-03" {
		t.Errorf("hit dated %s, want its best document's date, the item's 2024-05-03", h.Date)
	}
	if !equalCounts(r.Facets.Kind, map[string]int{query.KindPaper: 1}) || !equalCounts(r.Facets.Committee, map[string]int{"Bauausschuss": 1}) {
		t.Errorf("facets %+v", r.Facets)
	}

	// The kind filter is the hit's kind: items without a paper only.
	r, err = ix.Search(ctx, "Radwegkonzept art:top", searchindex.SearchOptions{})
	if err != nil || strings.Join(ids(r), " ") != "umw-2" || r.Total != 1 {
		t.Errorf("art:top: hits %v (total %v), %v; want umw-2", ids(r), r.Total, err)
	}
	// Pages hold matters: the second page of one hit is the other matter.
	one := 1
	p1, err1 := ix.Search(ctx, "Radwegkonzept", searchindex.SearchOptions{Limit: &one})
	p2, err2 := ix.Search(ctx, "Radwegkonzept", searchindex.SearchOptions{Limit: &one, Offset: 1})
	if err1 != nil || err2 != nil || len(p1.Hits) != 1 || len(p2.Hits) != 1 || p1.Hits[0].ID == p2.Hits[0].ID {
		t.Errorf("pages %v %v (%v %v): want the two matters one each", ids(p1), ids(p2), err1, err2)
	}
	for _, s := range []string{searchindex.SortNewest, searchindex.SortOldest} {
		r, err := ix.Search(ctx, "Radwegkonzept", searchindex.SearchOptions{Sort: s})
		if err != nil || len(r.Hits) != 2 || r.Total != 2 {
			t.Errorf("sort %s: hits %v, %v", s, ids(r), err)
		}
	}
}

func equalCounts(got, want map[string]int) bool {
	if len(got) != len(want) {
		return false
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}
