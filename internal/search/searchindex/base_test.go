package searchindex

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestBaseGivesTheFreshIndex: an index merged onto the last build's base
// — with a meeting added at the archive's end, or the base's file
// damaged, or an old document changed — holds what an index written
// from nothing holds, and the base is taken over only where it holds.
func TestBaseGivesTheFreshIndex(t *testing.T) {
	cache := t.TempDir()
	a := segmentArchive()
	_, st := writeIndex(t, a, cache, "k")
	if sg := st.Segments; sg.Base == 0 || sg.BaseReused || sg.Chunks-sg.Base != tailChunks {
		t.Fatalf("first build: segments %+v, want a new base of all chunks but %d", sg, tailChunks)
	}
	for _, step := range []struct {
		name   string
		change func(t *testing.T)
		reused bool
	}{
		{"SameArchive", func(*testing.T) {}, true},
		{"MeetingAdded", func(*testing.T) { addMeeting(a, "neu", 3, "Der Rat beschließt die Quartiersbegrünung.") }, true},
		{"BaseDamaged", func(t *testing.T) {
			files, _ := filepath.Glob(filepath.Join(cache, "base-*.zap"))
			if len(files) != 1 {
				t.Fatalf("bases in the cache: %v", files)
			}
			flipByte(t, files[0])
		}, false},
		{"OldDocumentChanged", func(*testing.T) {
			a.Meetings[0].AgendaItems[0].Minutes += " Die Ratsdienstleistungsabteilung prüft."
		}, false},
	} {
		step.change(t)
		got, st := writeIndex(t, a, cache, "k")
		if sg := st.Segments; sg.Base == 0 || sg.BaseReused != step.reused {
			t.Errorf("%s: segments %+v, want the base reused %v", step.name, sg, step.reused)
		}
		fresh, fst := writeIndex(t, a, "", "")
		if fst.Segments.Base != 0 {
			t.Errorf("%s: an index without a cache has a base: %+v", step.name, fst.Segments)
		}
		sameIndex(t, step.name, got, fresh)
		if bases, _ := filepath.Glob(filepath.Join(cache, "base-*")); len(bases) != 1 {
			t.Errorf("%s: bases left in the cache: %v", step.name, bases)
		}
	}
}

// TestBaseFollowsTheArchivesEnd: a base followed by more than
// maxTailChunks chunks is merged anew, leaving tailChunks after it.
func TestBaseFollowsTheArchivesEnd(t *testing.T) {
	cache := t.TempDir()
	a := segmentArchive()
	_, first := writeIndex(t, a, cache, "k")
	grown := false
	// 20 meetings of 40 items: about 20 chunks of 40 documents.
	for i := range 20 {
		addMeeting(a, "neu"+string(rune('a'+i)), 40, "Der Rat beschließt die Quartiersbegrünung.")
		_, st := writeIndex(t, a, cache, "k")
		sg := st.Segments
		if sg.Chunks-sg.Base > maxTailChunks || sg.Chunks-sg.Base < 1 {
			t.Fatalf("after %d meetings: segments %+v, want 1 to %d chunks after the base", i+1, sg, maxTailChunks)
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
