package searchindex

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/searchtest"
)

// segmentArchive is a generated archive with a meeting on the lake, whose
// agenda item "Baggerseeufer" splits only once the archive has the word
// "Ufer" (addShore). The lake's meeting is among the archive's first,
// in a chunk of its own, as an old record is.
func segmentArchive() *record.Archive {
	a := searchtest.Archive(1, 300)
	a.Meetings = append(a.Meetings, &record.Meeting{ID: "see-1", Name: "Sitzung am See", Organizations: []string{"bau"},
		Start: time.Date(2019, 1, 2, 17, 0, 0, 0, time.UTC), Public: true,
		AgendaItems: []*record.AgendaItem{{ID: "see-1-1", Name: "Baggersee", Public: true,
			Minutes: "Das Baggerseeufer wird befestigt. Der Baggersee, der Baggersee und der Baggersee bleiben offen."}}})
	a.Sort()
	return a
}

// addMeeting adds a meeting of n agenda items with the given minutes.
func addMeeting(a *record.Archive, id string, n int, minutes string) {
	addMeetingOn(a, time.Date(2025, 6, 3, 17, 0, 0, 0, time.UTC), id, n, minutes)
}

// addMeetingOn adds a meeting on day of n agenda items with the given
// minutes.
func addMeetingOn(a *record.Archive, day time.Time, id string, n int, minutes string) {
	m := &record.Meeting{ID: id, Name: "Sitzung " + id, Organizations: []string{"rat"},
		Start: day, Public: true}
	for i := range n {
		m.AgendaItems = append(m.AgendaItems, &record.AgendaItem{ID: id + "-" + string(rune('a'+i)), Name: "Punkt " + id, Public: true, Minutes: minutes})
	}
	a.Meetings = append(a.Meetings, m)
	a.Sort()
}

// addShore adds a meeting whose minutes make "Ufer" a word of the archive.
func addShore(a *record.Archive) {
	addMeeting(a, "ufer", 1, "Das Ufer, das Ufer und noch ein Ufer. Ufer, Ufer.")
}

// writeIndex writes an index of a into a new folder and returns all it
// holds (dumpIndex) and the stats.
func writeIndex(t *testing.T, a *record.Archive, cache, key string) ([]string, *Stats) {
	t.Helper()
	dir := t.TempDir()
	st, err := Write(context.Background(), dir, a, Options{BatchSize: 40, CacheDir: cache, CacheKey: key})
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, bleveDir, "store", "*.zap"))
	if err != nil || len(files) != 1 {
		t.Fatalf("segment files %v, %v", files, err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	return dumpIndex(t, ix, st.Documents), st
}

// dumpIndex lists what the index holds, in its order: each document's
// stored fields, and per field its cardinality and each term's postings
// (document, frequency, norm, positions). Zap's merge writes the same
// index in different bytes (its field sections in map order), so indexes
// are compared so.
func dumpIndex(t *testing.T, ix *Index, docs int) []string {
	t.Helper()
	adv, err := ix.bleve.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	n, err := r.DocCount()
	if err != nil || int(n) != docs {
		t.Fatalf("the index holds %d documents (%v), want %d", n, err, docs)
	}
	ids, err := r.DocIDReaderAll()
	if err != nil {
		t.Fatal(err)
	}
	ext := map[string]string{}
	for {
		id, err := ids.Next()
		if err != nil {
			t.Fatal(err)
		}
		if id == nil {
			break
		}
		e, err := r.ExternalID(id)
		if err != nil {
			t.Fatal(err)
		}
		ext[string(id)] = e
		doc, err := r.Document(e)
		if err != nil {
			t.Fatal(err)
		}
		add("doc %x %s", []byte(id), e)
		doc.VisitFields(func(f index.Field) { add("  %s %q", f.Name(), f.Value()) })
	}
	ids.Close()
	fields, err := r.Fields()
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(fields)
	for _, f := range fields {
		card, err := r.(index.BM25Reader).FieldCardinality(f)
		if err != nil {
			t.Fatal(err)
		}
		add("field %s %d", f, card)
		dict, err := r.FieldDict(f)
		if err != nil {
			t.Fatal(err)
		}
		for {
			e, err := dict.Next()
			if err != nil {
				t.Fatal(err)
			}
			if e == nil {
				break
			}
			add(" term %q %d", e.Term, e.Count)
			tfr, err := r.TermFieldReader(context.Background(), []byte(e.Term), f, true, true, true)
			if err != nil {
				t.Fatal(err)
			}
			for {
				p, err := tfr.Next(nil)
				if err != nil {
					t.Fatal(err)
				}
				if p == nil {
					break
				}
				line := fmt.Sprintf("  %s %d %g", ext[string(p.ID)], p.Freq, p.Norm)
				for _, v := range p.Vectors {
					line += fmt.Sprintf(" %d:%d-%d%v", v.Pos, v.Start, v.End, v.ArrayPositions)
				}
				out = append(out, line)
			}
			tfr.Close()
		}
		dict.Close()
	}
	return out
}

// sameIndex fails the test where two dumps differ.
func sameIndex(t *testing.T, what string, got, want []string) {
	t.Helper()
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Fatalf("%s: line %d is %q, want %q", what, i, got[i], want[i])
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%s: %d lines, want %d", what, len(got), len(want))
	}
}

// TestCachedSegmentsGiveTheFreshIndex: an index written with segments of
// the last build is the same, byte for byte, as one written from nothing,
// and takes over the segments of the chunks no new document falls in.
func TestCachedSegmentsGiveTheFreshIndex(t *testing.T) {
	cache := t.TempDir()
	a := segmentArchive()
	first, st := writeIndex(t, a, cache, "k")
	if st.Segments.Chunks < 4 || st.Segments.Reused != 0 {
		t.Fatalf("first build: segments %+v, want 4 or more chunks, none reused", st.Segments)
	}
	again, st := writeIndex(t, a, cache, "k")
	if st.Segments.Written != 0 {
		t.Fatalf("the same archive again: segments %+v, want none written", st.Segments)
	}
	sameIndex(t, "the same archive again", again, first)
	addMeeting(a, "neu", 2, "Der Rat beschließt die Quartiersbegrünung.")
	cached, st := writeIndex(t, a, cache, "k")
	if st.Segments.Reused == 0 || st.Segments.Written == 0 {
		t.Fatalf("a meeting added: segments %+v, want some written and some reused", st.Segments)
	}
	fresh, _ := writeIndex(t, a, "", "")
	sameIndex(t, "from cached segments", cached, fresh)
	if slices.Equal(cached, first) {
		t.Fatal("the index did not change with a meeting added")
	}
}

// TestSegmentCacheFallsBack: a cache that cannot prove its segments —
// a segment changed or gone, its record damaged or gone, another key —
// gives the fresh index all the same.
func TestSegmentCacheFallsBack(t *testing.T) {
	a := segmentArchive()
	fresh, _ := writeIndex(t, a, "", "")
	for name, c := range map[string]struct {
		spoil   func(t *testing.T, dir string)
		key     string
		written func(chunks int) int // segments written anew
	}{
		"SegmentChanged": {spoil: func(t *testing.T, dir string) { spoilSegment(t, dir, false) }, key: "k", written: func(int) int { return 1 }},
		"SegmentGone":    {spoil: func(t *testing.T, dir string) { spoilSegment(t, dir, true) }, key: "k", written: func(int) int { return 1 }},
		"RecordGone": {spoil: func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, cacheFile)); err != nil {
				t.Fatal(err)
			}
		}, key: "k", written: func(n int) int { return n }},
		"RecordDamaged": {spoil: func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, cacheFile), []byte("damaged"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, key: "k", written: func(n int) int { return n }},
		"OtherKey": {spoil: func(*testing.T, string) {}, key: "other", written: func(n int) int { return n }},
		"Intact":   {spoil: func(*testing.T, string) {}, key: "k", written: func(int) int { return 0 }},
	} {
		t.Run(name, func(t *testing.T) {
			cache := t.TempDir()
			writeIndex(t, a, cache, "k")
			c.spoil(t, cache)
			got, st := writeIndex(t, a, cache, c.key)
			if want := c.written(st.Segments.Chunks); st.Segments.Written != want {
				t.Errorf("segments %+v, want %d written", st.Segments, want)
			}
			sameIndex(t, name, got, fresh)
		})
	}
}

// spoilSegment changes one byte of the first chunk's segment in dir, or
// removes it.
func spoilSegment(t *testing.T, dir string, remove bool) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.zap"))
	files = slices.DeleteFunc(files, func(f string) bool { return strings.HasPrefix(filepath.Base(f), "base-") })
	if len(files) < 2 {
		t.Fatalf("segments %v", files)
	}
	slices.Sort(files)
	if remove {
		if err := os.Remove(files[0]); err != nil {
			t.Fatal(err)
		}
		return
	}
	flipByte(t, files[0])
}

// flipByte changes a byte in the middle of file.
func flipByte(t *testing.T, file string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 1
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestIncrementalBuildSplitsAnew: a meeting that makes a new word of the
// archive changes how an old document's compound splits; its segment is
// written anew although its documents did not change.
func TestIncrementalBuildSplitsAnew(t *testing.T) {
	a := segmentArchive()
	before := buildDictionary(documents(a, "/", DefaultExcerptLen, nil, false))
	before.Prepare()
	cache := t.TempDir()
	writeIndex(t, a, cache, "k")

	addShore(a)
	docs := documents(a, "/", DefaultExcerptLen, nil, false)
	after := buildDictionary(docs)
	after.Prepare()
	if slices.Equal(before.Split("baggerseeufer"), after.Split("baggerseeufer")) {
		t.Fatalf("the split of Baggerseeufer stayed %v: the test needs another word", after.Split("baggerseeufer"))
	}
	// The chunks the new meeting falls in, and the lake's.
	touched := map[int]bool{}
	lake := -1
	for c, chunk := range chunksOf(docs, 40) {
		for _, d := range chunk {
			switch {
			case d.ID == "see-1-1":
				lake = c
			case len(d.ID) > 5 && d.ID[:5] == "ufer-", d.ID == "ufer":
				touched[c] = true
			}
		}
	}
	if lake < 0 || touched[lake] {
		t.Fatalf("the lake's chunk %d is one the new meeting touches (%v): the test needs other keys", lake, touched)
	}
	cached, st := writeIndex(t, a, cache, "k")
	if want := len(touched) + 1; st.Segments.Written < want {
		t.Errorf("segments %+v, want at least %d written: the new meeting's and the lake's", st.Segments, want)
	}
	fresh, _ := writeIndex(t, a, "", "")
	sameIndex(t, "split anew", cached, fresh)
}

// TestSegmentCacheSeesAChangedDocument: a document whose content changed
// (its result category, no word of the dictionary) gets its chunk's segment
// written anew, and only that one; a cache that knew documents by their
// keys alone would keep the old segment.
func TestSegmentCacheSeesAChangedDocument(t *testing.T) {
	a := segmentArchive()
	cache := t.TempDir()
	before, _ := writeIndex(t, a, cache, "k")
	i := slices.IndexFunc(a.Meetings, func(m *record.Meeting) bool { return m.ID == "see-1" })
	it := a.Meetings[i].AgendaItems[0]
	it.ResultCategory = record.ResultPostponed
	got, st := writeIndex(t, a, cache, "k")
	if st.Segments.Written != 1 {
		t.Errorf("segments %+v, want 1 written", st.Segments)
	}
	if slices.Equal(got, before) {
		t.Fatal("the index did not change with the result")
	}
	fresh, _ := writeIndex(t, a, "", "")
	sameIndex(t, "a result changed", got, fresh)
}

// TestWriteDocSetRefusesOtherOptions: documents made for one base path
// are not indexed for another.
func TestWriteDocSetRefusesOtherOptions(t *testing.T) {
	a := segmentArchive()
	ds := NewDocSet(a, Options{BasePath: "/rat/"})
	if _, err := WriteDocSet(context.Background(), t.TempDir(), ds, Options{BasePath: "/"}); err == nil {
		t.Error("indexed documents of /rat/ for /")
	}
	if _, err := WriteDocSet(context.Background(), t.TempDir(), ds, Options{BasePath: "/rat/", Copies: map[string]string{"a.pdf": "files/a.pdf"}}); err == nil {
		t.Error("indexed documents without copies for a site with copies")
	}
	if _, err := WriteDocSet(context.Background(), t.TempDir(), ds, Options{BasePath: "/rat/"}); err != nil {
		t.Errorf("the same options: %v", err)
	}
}

// TestBeforeMergeComesOnceAllSegmentsAreWritten: the build's hook runs
// once, after the last segment and before the merged index exists; not
// in a rebuild that wrote a few segments only.
func TestBeforeMergeComesOnceAllSegmentsAreWritten(t *testing.T) {
	var (
		dir                string
		done, total, calls int
		a                  = segmentArchive()
	)
	opts := Options{BatchSize: 40, CacheDir: t.TempDir(), CacheKey: "k", Progress: func(d, n int) { done, total = d, n }}
	opts.BeforeMerge = func() {
		calls++
		if total == 0 || done != total {
			t.Errorf("before the merge: %d of %d documents in segments", done, total)
		}
		if _, err := os.Stat(filepath.Join(dir, bleveDir)); err == nil {
			t.Error("the index exists before the merge")
		}
	}
	write := func() *SegmentStats {
		dir, calls = t.TempDir(), 0
		st, err := Write(context.Background(), dir, a, opts)
		if err != nil {
			t.Fatal(err)
		}
		return &st.Segments
	}
	if sg := write(); calls != 1 || sg.Written <= tailChunks {
		t.Errorf("first build: BeforeMerge called %d times, want 1 (segments %+v)", calls, sg)
	}
	addMeeting(a, "neu", 2, "Der Rat beschließt die Quartiersbegrünung.")
	if sg := write(); calls != 0 || sg.Written == 0 || sg.Written > tailChunks {
		t.Errorf("a meeting added: BeforeMerge called %d times, want none (segments %+v)", calls, sg)
	}
}

// TestSegmentsHaveEveryField: every chunk's segment has every field of
// the mapping, those of its documents or not (a chunk of meetings alone
// has no paper's reference), so that zap merges them by copying; the
// lake's meeting, in a chunk of its own, has neither a paper nor a file.
// The index is the same: an empty field matches nothing and reads as no
// field (TestCachedSegmentsGiveTheFreshIndex and the parity tests).
func TestSegmentsHaveEveryField(t *testing.T) {
	cache := t.TempDir()
	writeIndex(t, segmentArchive(), cache, "k")
	files, err := filepath.Glob(filepath.Join(cache, "*.zap"))
	if err != nil || len(files) < 4 {
		t.Fatalf("segments %v, %v", files, err)
	}
	var want []string
	for _, f := range everyField() {
		want = append(want, f.name)
	}
	for _, f := range files {
		s, err := segPlugin.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		got := slices.DeleteFunc(slices.Clone(s.Fields()), func(n string) bool { return n == "_id" || n == "_all" })
		s.Close()
		if !slices.Equal(got, want) {
			t.Errorf("%s: fields %q, want %q", filepath.Base(f), got, want)
		}
	}
}
