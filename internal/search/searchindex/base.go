package searchindex

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/ratsarchiv/ratsarchiv/internal/filesum"
)

// A rebuild's merge reads and writes every posting of the archive, most
// of them in chunks that did not change. The segment cache keeps the
// base: the merge of the segments of all chunks but the last few. The
// index is the base merged with the segments of the chunks after it, in
// their order, which gives the documents the order a merge of all chunks
// gives them and the same postings (TestBaseGivesTheFreshIndex): zap
// merges segments by concatenating their documents.
//
// A base holds while the chunks it merges are the segments it was merged
// from (their SHA-256) and its file is as written. Since the chunks are
// cut in date order, the changes of a week — its meetings, the results
// and minutes of the last ones, new papers — fall in the chunks after the
// base, and a rebuild merges one large segment with a few small ones.
//
// A base costs a merge more than the index alone, so a build makes one
// only where it expects the next to use it: when its own changes fell in
// its last tailChunks chunks (a week's rebuild, the first after a full
// build). A full build, and a rebuild that changed older documents, merge
// the chunks into the index alone and keep no base.

// tailChunks is how many chunks a new base leaves after it: each costs
// every rebuild its merge, and changes before them a new base.
const tailChunks = 4

// maxTailChunks is how many chunks may follow a base before a new one is
// merged: the archive's end grows by a chunk every Options.BatchSize
// documents or so.
const maxTailChunks = 16

// baseState is a base as written.
type baseState struct {
	Chunks []filesum.Sum // the segments it merges: the first chunks', in order
	File   string        // in the cache folder
	Sum    filesum.Sum
}

// mergeOnBase writes the index at path, the merge of the chunks'
// segments in dir: onto old, the last build's base, when it holds; else
// onto a base merged anew when the build took over the segments of all
// chunks but the last tailChunks (taken says which); else the chunks
// alone. It returns the base the index was merged onto, none for the
// chunks alone, and notes it in st.
func mergeOnBase(path string, m *mapping.IndexMappingImpl, dir string, chunks []chunkState, taken []bool, old baseState, tmp string, st *SegmentStats) (baseState, error) {
	base, b := old, len(old.Chunks)
	reused := baseHolds(dir, chunks, old)
	if !reused {
		b = len(chunks) - tailChunks
		if b < 2 || slices.Contains(taken[:b], false) {
			return baseState{}, mergeIndex(path, m, segmentFiles(dir, chunks), tmp)
		}
		var err error
		if base, err = writeBase(dir, chunks[:b]); err != nil {
			return baseState{}, err
		}
	}
	files := append([]string{filepath.Join(dir, base.File)}, segmentFiles(dir, chunks[b:])...)
	st.Base, st.BaseReused = b, reused
	return base, mergeIndex(path, m, files, tmp)
}

// baseHolds reports whether base merges the first chunks, as they are now,
// and leaves at most maxTailChunks after it.
func baseHolds(dir string, chunks []chunkState, base baseState) bool {
	b := len(base.Chunks)
	if base.File == "" || b == 0 || b >= len(chunks) || len(chunks)-b > maxTailChunks {
		return false
	}
	for i, s := range base.Chunks {
		if chunks[i].Sum != s {
			return false
		}
	}
	s, err := filesum.Of(filepath.Join(dir, base.File))
	return err == nil && s == base.Sum
}

// writeBase merges the chunks' segments into a base in dir.
func writeBase(dir string, chunks []chunkState) (baseState, error) {
	h := sha256.New()
	base := baseState{Chunks: make([]filesum.Sum, len(chunks))}
	for i, c := range chunks {
		base.Chunks[i] = c.Sum
		h.Write(c.Sum[:])
	}
	base.File = fmt.Sprintf("base-%x.zap", h.Sum(nil)[:12])
	file := filepath.Join(dir, base.File)
	part := file + ".part"
	if err := mergeFiles(segmentFiles(dir, chunks), part); err != nil {
		return baseState{}, err
	}
	if err := os.Rename(part, file); err != nil {
		os.Remove(part)
		return baseState{}, fmt.Errorf("searchindex: base: %w", err)
	}
	var err error
	if base.Sum, err = filesum.Of(file); err != nil {
		return baseState{}, fmt.Errorf("searchindex: base: %w", err)
	}
	return base, nil
}
