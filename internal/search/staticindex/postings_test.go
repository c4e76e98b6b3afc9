package staticindex

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

func TestSortByDoc(t *testing.T) {
	// postings of the documents in order, each carrying its document in
	// freq too, so that a posting moved apart from its number shows.
	postings := func(docs ...int) []posting {
		ps := make([]posting, len(docs))
		for i, d := range docs {
			ps[i] = posting{doc: d, freq: d + 1, pos: []int32{int32(d)}, score: float64(d)}
		}
		return ps
	}
	rng := rand.New(rand.NewPCG(1, 2))
	shuffled := rng.Perm(5000)
	// Bleve's order: sorted runs, one per segment, interleaved.
	var runs []int
	for seg := range 7 {
		for d := seg; d < 3000; d += 7 {
			runs = append(runs, d*3)
		}
	}
	for name, docs := range map[string][]int{
		"Empty":    {},
		"One":      {4},
		"Sorted":   {1, 2, 5, 9},
		"Reversed": {9, 5, 2, 1},
		"Cycles":   {3, 0, 1, 2, 7, 6, 5, 4},
		"Shuffled": shuffled,
		"Segments": runs,
		// Above what a place's key can hold: the comparison sort.
		"LargeDocs": {1 << 40, 5, 1 << 33},
	} {
		t.Run(name, func(t *testing.T) {
			got := postings(docs...)
			sortByDoc(got)
			want := postings(docs...)
			slices.SortFunc(want, byDoc)
			if len(got) != len(want) {
				t.Fatalf("%d postings, want %d", len(got), len(want))
			}
			for i := range want {
				g, w := got[i], want[i]
				if g.doc != w.doc || g.freq != w.freq || g.score != w.score || !slices.Equal(g.pos, w.pos) {
					t.Fatalf("posting %d: %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

// BenchmarkSortByDoc compares sortByDoc with sorting the postings
// themselves, on 100,000 postings in 512 interleaved runs (a list as
// Bleve hands it over from 512 segments).
func BenchmarkSortByDoc(b *testing.B) {
	const n, segments = 100000, 512
	in := make([]posting, 0, n)
	for seg := range segments {
		for d := seg; d < n; d += segments {
			in = append(in, posting{doc: d, freq: 1})
		}
	}
	ps := make([]posting, n)
	for name, sort := range map[string]func([]posting){
		"SortByDoc": sortByDoc,
		"SortFunc":  func(ps []posting) { slices.SortFunc(ps, byDoc) },
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				copy(ps, in)
				sort(ps)
			}
		})
	}
}

// TestReadTerms holds the export's reader of terms to the terms and lists
// read in line, in order, and checks that stopping it early ends it while
// it waits to hand a term over.
func TestReadTerms(t *testing.T) {
	ix, _ := buildGolden(t, filepath.Join(t.TempDir(), "site"))
	ctx := context.Background()
	docs, err := loadDocs(ctx, ix)
	if err != nil {
		t.Fatal(err)
	}
	adv, err := ix.Bleve().Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	num, err := docNumbers(r, docs)
	if err != nil {
		t.Fatal(err)
	}
	entry := &Entry{Documents: len(docs), Fields: map[string]FieldStats{}}
	for _, f := range fields {
		entry.Fields[f] = FieldStats{AvgDL: 10}
	}
	split := func(term string) []string { return []string{term + "-split"} }

	var want []termRead
	it, err := newTermIterator(r)
	if err != nil {
		t.Fatal(err)
	}
	for {
		term, mask, err := it.next()
		if err != nil {
			t.Fatal(err)
		}
		if term == "" && mask == 0 {
			break
		}
		lists, err := termLists(ctx, r, term, mask, num, entry, true)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, termRead{term: term, mask: mask, lists: lists, split: split(term)})
	}
	it.close()
	if len(want) < 10 {
		t.Fatalf("the golden index has %d terms: too few to tell", len(want))
	}

	for _, ahead := range []int{0, 1, readTermsAhead} {
		terms, stop := readTerms(ctx, r, num, entry, split, ahead)
		var got []termRead
		for tr := range terms {
			if tr.err != nil {
				t.Fatal(tr.err)
			}
			got = append(got, tr)
		}
		stop()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ahead %d: %d terms read, not the %d read in line, or other lists", ahead, len(got), len(want))
		}
	}

	// Stopped after two terms, the reader waits to hand over the third:
	// stop must end it (the test would hang otherwise).
	terms, stop := readTerms(ctx, r, num, entry, split, 0)
	for range 2 {
		if tr := <-terms; tr.err != nil || tr.term == "" {
			t.Fatalf("term %+v", tr)
		}
	}
	stop()
	for range terms { // closed once the reader has ended
	}
}
