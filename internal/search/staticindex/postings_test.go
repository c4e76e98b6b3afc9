package staticindex

import (
	"math/rand/v2"
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
