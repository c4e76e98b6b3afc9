package staticindex

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestWordClauseSeek holds seek, which starts where the last search ended,
// to a binary search over the whole list: for documents in ascending
// order, as a summary asks, with repeats, and for earlier ones.
func TestWordClauseSeek(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		var ps []posting
		for d := range 300 {
			if r.IntN(4) == 0 {
				ps = append(ps, posting{doc: d})
			}
		}
		c := &wordClause{}
		c.lists[1] = ps
		queries := make([]int, 100)
		for i := range queries {
			queries[i] = r.IntN(320)
		}
		if trial%2 == 0 {
			slices.Sort(queries) // a summary's order; the odd trials jump back too
		}
		for _, doc := range queries {
			want, wantOK := slices.BinarySearchFunc(ps, doc, func(p posting, d int) int { return p.doc - d })
			got, ok := c.seek(1, doc)
			if got != want || ok != wantOK {
				t.Fatalf("trial %d: seek(%d) = %d, %v; want %d, %v", trial, doc, got, ok, want, wantOK)
			}
			if c.in(doc, 1) != wantOK {
				t.Fatalf("trial %d: in(%d) = %v", trial, doc, !wantOK)
			}
		}
	}
	if _, ok := (&wordClause{}).seek(0, 5); ok {
		t.Error("an empty list has document 5")
	}
}

// TestDocsOfAndUnion holds the merges of document lists to sorting their
// concatenation.
func TestDocsOfAndUnion(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	list := func(p int) []int {
		var ds []int
		for d := range 200 {
			if r.IntN(p) == 0 {
				ds = append(ds, d)
			}
		}
		return ds
	}
	sorted := func(ds ...[]int) []int {
		out := slices.Concat(ds...)
		slices.Sort(out)
		return slices.Compact(out)
	}
	for range 200 {
		var lists [][]posting
		var plain [][]int
		for range r.IntN(4) {
			ds := list(1 + r.IntN(8))
			plain = append(plain, ds)
			var ps []posting
			for _, d := range ds {
				ps = append(ps, posting{doc: d})
			}
			lists = append(lists, ps)
		}
		if got, want := docsOf(lists), sorted(plain...); !slices.Equal(got, want) {
			t.Fatalf("docsOf = %v, want %v", got, want)
		}
		a, b := list(1+r.IntN(8)), list(1+r.IntN(8))
		if got, want := union(a, b), sorted(a, b); !slices.Equal(got, want) {
			t.Fatalf("union(%v, %v) = %v, want %v", a, b, got, want)
		}
	}
}
