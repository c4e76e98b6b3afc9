package searchindex

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestBaseGivesTheFreshIndex: an index merged onto a base — made by a
// rebuild that changed only the archive's end, then the last build's —
// holds what an index written from nothing holds; the base is taken over
// only where it holds, and a build that changed older documents (or the
// first) keeps none.
func TestBaseGivesTheFreshIndex(t *testing.T) {
	cache := t.TempDir()
	a := segmentArchive()
	for _, step := range []struct {
		name   string
		change func(t *testing.T)
		base   string // "": none, "new", "kept"
	}{
		{"FirstBuild", func(*testing.T) {}, ""},
		{"SameArchive", func(*testing.T) {}, "new"},
		{"MeetingAdded", func(*testing.T) { addMeeting(a, "neu", 3, "Der Rat beschließt die Quartiersbegrünung.") }, "kept"},
		{"BaseDamaged", func(t *testing.T) {
			files, _ := filepath.Glob(filepath.Join(cache, "base-*.zap"))
			if len(files) != 1 {
				t.Fatalf("bases in the cache: %v", files)
			}
			flipByte(t, files[0])
		}, "new"},
		{"OldDocumentChanged", func(*testing.T) {
			a.Meetings[0].AgendaItems[0].Minutes += " Die Ratsdienstleistungsabteilung prüft."
		}, ""},
		{"AnotherMeetingAdded", func(*testing.T) { addMeeting(a, "neu2", 3, "Die Quartiersbegrünung wird verschoben.") }, "new"},
		{"AndAnother", func(*testing.T) { addMeeting(a, "neu3", 3, "Die Quartiersbegrünung beginnt.") }, "kept"},
	} {
		step.change(t)
		got, st := writeIndex(t, a, cache, "k")
		sg := st.Segments
		base := map[bool]string{false: "new", true: "kept"}[sg.BaseReused]
		if sg.Base == 0 {
			base = ""
		}
		if base != step.base {
			t.Errorf("%s: segments %+v, want the base %q", step.name, sg, step.base)
		}
		if base == "new" && sg.Chunks-sg.Base != tailChunks {
			t.Errorf("%s: a new base with %d chunks after it, want %d", step.name, sg.Chunks-sg.Base, tailChunks)
		}
		fresh, fst := writeIndex(t, a, "", "")
		if fst.Segments.Base != 0 {
			t.Errorf("%s: an index without a cache has a base: %+v", step.name, fst.Segments)
		}
		sameIndex(t, step.name, got, fresh)
		if bases, _ := filepath.Glob(filepath.Join(cache, "base-*")); len(bases) != min(len(base), 1) {
			t.Errorf("%s: bases in the cache: %v", step.name, bases)
		}
	}
}

// TestBaseFollowsTheArchivesEnd: a base followed by more than
// maxTailChunks chunks is merged anew, leaving tailChunks after it.
func TestBaseFollowsTheArchivesEnd(t *testing.T) {
	cache := t.TempDir()
	a := segmentArchive()
	writeIndex(t, a, cache, "k")
	_, first := writeIndex(t, a, cache, "k")
	if first.Segments.Base == 0 {
		t.Fatalf("the same archive again: segments %+v, want a base", first.Segments)
	}
	grown := false
	// 20 meetings of 40 items, a week apart: about 20 chunks of 40
	// documents.
	for i := range 20 {
		day := time.Date(2025, 6, 3+7*i, 17, 0, 0, 0, time.UTC)
		addMeetingOn(a, day, "neu"+string(rune('a'+i)), 40, "Der Rat beschließt die Quartiersbegrünung.")
		_, st := writeIndex(t, a, cache, "k")
		sg := st.Segments
		if sg.Base == 0 || sg.Chunks-sg.Base > maxTailChunks || sg.Chunks-sg.Base < 1 {
			t.Fatalf("after %d meetings: segments %+v, want a base and 1 to %d chunks after it", i+1, sg, maxTailChunks)
		}
		if !sg.BaseReused {
			if sg.Chunks-sg.Base != tailChunks {
				t.Fatalf("after %d meetings: a new base with %d chunks after it, want %d", i+1, sg.Chunks-sg.Base, tailChunks)
			}
			grown = sg.Base > first.Segments.Base
		}
	}
	if !grown {
		t.Fatal("20 meetings added at the archive's end, and the base did not move")
	}
}

// TestChunksCutWhereTheirDocumentsAre: a document added changes the chunk
// it falls in and no other; every chunk holds at most maxChunk sizes.
func TestChunksCutWhereTheirDocumentsAre(t *testing.T) {
	a := segmentArchive()
	docs := documents(a, "/", DefaultExcerptLen, nil, false)
	const size = 10
	before := chunkKeys(chunksOf(docs, size))
	mid := len(docs) / 2
	added := append(append(slices.Clone(docs[:mid:mid]), &Doc{Key: "item:neu"}), docs[mid:]...)
	after := chunkKeys(chunksOf(added, size))
	if d := len(after) - len(before); d != 0 && d != 1 {
		t.Fatalf("%d chunks, then %d with a document added", len(before), len(after))
	}
	var changed []string
	for _, c := range after {
		if !slices.Contains(before, c) {
			changed = append(changed, c)
		}
		if n := strings.Count(c, " ") + 1; n > maxChunk*size {
			t.Errorf("a chunk of %d documents, want at most %d", n, maxChunk*size)
		}
	}
	if len(changed) == 0 || len(changed) > 2 || !strings.Contains(strings.Join(changed, " "), "item:neu") {
		t.Errorf("chunks changed by a document added: %q, want the one (or the two cut) it falls in", changed)
	}
}

// TestChunksBoundTheirText: long texts that come together, as a council's
// recent papers do in date order, are cut at maxChunkText; a document
// that does not keep its text is cut as one that does.
func TestChunksBoundTheirText(t *testing.T) {
	a := segmentArchive()
	long := strings.Repeat("Die Verwaltung berichtet über den Haushalt. ", maxChunkText/8/45)
	addMeetingOn(a, time.Date(2026, 5, 4, 17, 0, 0, 0, time.UTC), "lang", 24, long) // 3 MiB
	full := documents(a, "/", DefaultExcerptLen, nil, false)
	chunks := chunksOf(full, DefaultChunkSize)
	if lazy := chunksOf(documents(a, "/", DefaultExcerptLen, nil, true), DefaultChunkSize); !slices.Equal(chunkKeys(lazy), chunkKeys(chunks)) {
		t.Errorf("documents without their texts cut into %d chunks, with them %d", len(lazy), len(chunks))
	}
	bounded := 0
	for _, c := range chunks {
		text := 0
		for _, d := range c[:len(c)-1] {
			text += len(d.Text)
		}
		if text >= maxChunkText {
			t.Errorf("a chunk of %d documents holds %d bytes of text before its last, want less than %d", len(c), text, maxChunkText)
		}
		if text+len(c[len(c)-1].Text) >= maxChunkText {
			bounded++
		}
	}
	if bounded < 2 {
		t.Errorf("%d chunks cut at the text bound, want the long meeting's 3 MiB cut so at least twice", bounded)
	}
}

// chunkKeys lists each chunk's keys, space-separated.
func chunkKeys(chunks [][]*Doc) []string {
	out := make([]string, len(chunks))
	for i, c := range chunks {
		keys := make([]string, len(c))
		for j, d := range c {
			keys[j] = d.Key
		}
		out[i] = strings.Join(keys, " ")
	}
	return out
}
