package analysis

import (
	"maps"
	"testing"
)

// TestWordCountsAddAndTakeAway: counts added to a builder and taken away
// again leave the dictionary of the other texts, words counted no more
// gone; counts that were not added, or that no builder makes, fail.
func TestWordCountsAddAndTakeAway(t *testing.T) {
	count := func(texts ...string) *DictionaryBuilder {
		b := NewDictionaryBuilder()
		for _, s := range texts {
			b.Add(s)
		}
		return b
	}
	a := "Der Rat beschließt die Quartiersbegrünung."
	b := "Die Ratsdienstleistungsabteilung prüft die Begrünung. Der Rat tagt."
	total := NewDictionaryBuilder()
	for _, s := range []string{a, b} {
		if err := total.AddCounts(count(s).Counts()); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := total.Dictionary().Words(), count(a, b).Dictionary().Words(); !maps.Equal(got, want) {
		t.Fatalf("added: %v, want %v", got, want)
	}
	if err := total.SubtractCounts(count(b).Counts()); err != nil {
		t.Fatal(err)
	}
	got, want := total.Dictionary().Words(), count(a).Dictionary().Words()
	if !maps.Equal(got, want) {
		t.Fatalf("taken away: %v, want %v", got, want)
	}
	if _, ok := got["ratsdienstleistungsabteilung"]; ok {
		t.Fatal("a word counted no more is still a word")
	}
	if len(total.Counts().Words) != len(count(a).Counts().Words) {
		t.Errorf("Counts keeps words counted no more: %v", total.Counts().Words)
	}
	if err := total.SubtractCounts(count(b).Counts()); err == nil {
		t.Error("took away counts that were not added")
	}
	for name, c := range map[string]WordCounts{
		"MoreCapitalized": {Words: []string{"rat"}, Counts: [][2]int{{1, 2}}},
		"NotAZ":           {Words: []string{"rät"}, Counts: [][2]int{{1, 0}}},
		"Zero":            {Words: []string{"rat"}, Counts: [][2]int{{0, 0}}},
		"Uneven":          {Words: []string{"rat", "tag"}, Counts: [][2]int{{1, 0}}},
	} {
		if err := NewDictionaryBuilder().AddCounts(c); err == nil {
			t.Errorf("%s: added %v", name, c)
		}
	}
}
