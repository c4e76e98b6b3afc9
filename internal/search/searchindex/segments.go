package searchindex

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"

	"github.com/ratsarchiv/ratsarchiv/internal/filesum"
	"github.com/ratsarchiv/ratsarchiv/internal/gobfile"
	"github.com/ratsarchiv/ratsarchiv/internal/search/analysis"
)

// The index is written in segments of chunks of documents, then merged
// into the one segment the index holds. The chunks cut the documents in
// their order, by date, where a document's key hashes to a cut
// (chunksOf): a cut depends on its document alone, so a new meeting
// changes the chunk it falls in and no other, and an archive grows at
// its end, where its newest meetings and papers are. With a segment cache
// (Options.CacheDir) a chunk's segment is taken over from the last build
// when the cache proves it is what the chunk gives now: the same
// documents (their digest), the same splits of every term the chunk's
// analysis looked up in the dictionary (the splits' digest: the
// dictionary is the whole archive's, so a new meeting may split an old
// word anew), and the segment file as written (its SHA-256). Anything
// else — another program, mapping or options (Options.CacheKey), a
// missing or damaged file or record — builds the chunk's segment anew.
//
// The merge costs a rebuild most: it reads and writes every posting of
// the archive. A rebuild whose changes fall in the archive's last chunks
// keeps the merge of all chunks but those, the base, and the next such
// rebuild merges the base with the chunks after it: one large segment
// with a few small ones, not every chunk's (base.go). The merged index is
// the same either way (TestCachedSegmentsGiveTheFreshIndex).

// segPlugin writes and merges the segments; the index's builder is held
// to the same (forceSegmentType, forceSegmentVersion).
var segPlugin = &zap.ZapPlugin{}

// cacheFile is the segment cache's record in Options.CacheDir.
const cacheFile = "segments.gob"

// cacheFormat is the version of cacheFile's layout. 2: a chunk's
// documents digest is of the digests of its documents (DocSet). 3: chunks
// cut by their documents' keys, known by their digests; the base. 4:
// every document has every field (withEveryField).
const cacheFormat = 4

// segCache is the record of a segment cache.
type segCache struct {
	Format int
	// Key names what the segments are valid for (cacheKey).
	Key    string
	Chunks []chunkState
	Base   baseState
}

// chunkState is a chunk's segment as written.
type chunkState struct {
	Docs    [32]byte // digest of the chunk's documents
	Lookups []string // the terms its analysis looked up in the dictionary
	Splits  [32]byte // digest of their splits
	File    string   // the segment, in the cache folder
	Sum     filesum.Sum
}

// chunksOf cuts docs, in their order, into chunks of about size
// documents: one ends after each document whose key hashes to a multiple
// of size, at maxChunk times size documents, or once it holds
// maxChunkText bytes of text. The bounds keep a chunk's analysis and its
// segment writer's buffers small (a run of maxChunk times size without a
// hashed cut is rare: 2 % of chunks). A bound depends only on the chunk's
// documents, so a change moves the cuts after it only up to the next
// hashed cut.
func chunksOf(docs []*Doc, size int) [][]*Doc {
	size = max(size, 1)
	var chunks [][]*Doc
	start, text := 0, 0
	for i, d := range docs {
		h := fnv.New64a()
		h.Write([]byte(d.Key))
		text += d.size
		if h.Sum64()%uint64(size) == 0 || i+1-start == maxChunk*size || text >= maxChunkText || i == len(docs)-1 {
			chunks = append(chunks, docs[start:i+1:i+1])
			start, text = i+1, 0
		}
	}
	return chunks
}

// maxChunk bounds a chunk's documents, in chunk sizes.
const maxChunk = 4

// maxChunkText bounds a chunk's text. In date order the long texts of an
// archive's recent papers come together: unbounded, Karlsruhe's largest
// chunk held 4.3 MB, and the segment writers peaked 100–200 MiB above
// chunks of at most 1 MiB (docs/benchmarks.md, round 16).
const maxChunkText = 1 << 20

// cacheKey names what a cache's segments depend on besides their
// documents and splits.
func cacheKey(m *mapping.IndexMappingImpl, opts Options) (string, error) {
	mj, err := json.Marshal(m)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "segments %d format %d %s %d size %d key %q\n", cacheFormat, FormatVersion, segPlugin.Type(), segPlugin.Version(), opts.BatchSize, opts.CacheKey)
	h.Write(mj)
	return fmt.Sprintf("%x", h.Sum(nil)), nil
}

// splitsDigest is the digest of the splits of terms (sorted) by dict.
// Every chunk taken over is checked so, ~10,000 terms each: they are
// written to the hash in blocks, not a call (and a copy) per string.
func splitsDigest(dict *analysis.Dictionary, terms []string) [32]byte {
	h := sha256.New()
	buf := make([]byte, 0, 32<<10)
	for _, t := range terms {
		parts := dict.Split(t)
		buf = binary.AppendUvarint(buf, uint64(len(t)))
		buf = append(buf, t...)
		buf = binary.AppendUvarint(buf, uint64(len(parts)))
		for _, p := range parts {
			buf = binary.AppendUvarint(buf, uint64(len(p)))
			buf = append(buf, p...)
		}
		if len(buf) >= 31<<10 {
			h.Write(buf)
			buf = buf[:0]
		}
	}
	h.Write(buf)
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

// SegmentStats tell how many segments a build wrote and took over.
type SegmentStats struct {
	Chunks, Written, Reused int
	// Base is how many chunks the base merges, BaseReused whether it
	// was the last build's (base.go); 0 when the index has no base.
	Base       int
	BaseReused bool
}

// plan is how the documents fall into chunks, and where their segments
// go.
type plan struct {
	chunks [][]*Doc
	// cached: the segments are kept in dir for the next build; sums are
	// then the digests of the chunks' documents, and key the cache's.
	cached bool
	dir    string
	sums   [][32]byte
	key    string
}

// newPlan puts the documents of ds into chunks. Without a cache the
// segments go to a folder in tmp, which fill removes.
func newPlan(ds *DocSet, m *mapping.IndexMappingImpl, opts Options, tmp string) (*plan, error) {
	pl := &plan{chunks: chunksOf(ds.docs, opts.BatchSize), cached: opts.CacheDir != "", dir: opts.CacheDir}
	n := len(pl.chunks)
	if !pl.cached {
		pl.dir = filepath.Join(tmp, "segments")
	}
	if err := os.MkdirAll(pl.dir, 0o755); err != nil {
		return nil, fmt.Errorf("searchindex: %w", err)
	}
	var err error
	if pl.key, err = cacheKey(m, opts); err != nil {
		return nil, fmt.Errorf("searchindex: %w", err)
	}
	if pl.cached {
		pl.sums = make([][32]byte, n)
		for c, docs := range pl.chunks {
			if pl.sums[c], err = ds.digestOf(docs); err != nil {
				return nil, err
			}
		}
	}
	return pl, nil
}

// fill writes the Bleve index at path: each chunk's segment, written or
// taken over from the cache, merged into one. tmp is a folder for work
// files.
func fill(ctx context.Context, path string, m *mapping.IndexMappingImpl, dict *analysis.Dictionary, ds *DocSet, pl *plan, opts Options, tmp string) (*SegmentStats, error) {
	docs, chunks, n, cacheDir, key := ds.docs, pl.chunks, len(pl.chunks), pl.dir, pl.key
	if !pl.cached {
		defer os.RemoveAll(cacheDir)
	}
	var old segCache
	if pl.cached {
		if err := gobfile.Read(filepath.Join(cacheDir, cacheFile), &old); err != nil || old.Format != cacheFormat || old.Key != key {
			old = segCache{}
		}
	}
	// The last build's chunks, by their documents' digest: a chunk keeps
	// its digest while its place among the chunks moves.
	oldChunks := make(map[[32]byte]chunkState, len(old.Chunks))
	for _, c := range old.Chunks {
		oldChunks[c.Docs] = c
	}
	// The record goes while its segments change; it is written again
	// when they are all in place.
	os.Remove(filepath.Join(cacheDir, cacheFile))
	next := segCache{Format: cacheFormat, Key: key, Chunks: make([]chunkState, n)}
	taken := make([]bool, n) // the chunks whose segments were taken over
	st := &SegmentStats{Chunks: n}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		err   error
		mu    sync.Mutex
		first error
		done  int
		work  = make(chan int)
		wg    sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		if first == nil {
			first = err
			cancel()
		}
		mu.Unlock()
	}
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := analysis.NewIndexAnalyzer(dict)
			if pl.cached {
				a.RecordLookups() // what proves a segment for the next build
			}
			for c := range work {
				var sum [32]byte
				if pl.cached {
					sum = pl.sums[c]
				}
				cs, reused, err := chunkSegment(ctx, m, a, dict, chunks[c], c, sum, oldChunks, cacheDir, pl.cached)
				if err != nil {
					fail(err)
					continue
				}
				mu.Lock()
				next.Chunks[c], taken[c] = cs, reused
				if reused {
					st.Reused++
				} else {
					st.Written++
				}
				done += len(chunks[c])
				if opts.Progress != nil {
					opts.Progress(done, len(docs))
				}
				mu.Unlock()
			}
		}()
	}
	for c := range n {
		if ctx.Err() != nil {
			break
		}
		work <- c
	}
	close(work)
	wg.Wait()
	if first != nil {
		return nil, first
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if opts.BeforeMerge != nil && st.Written > tailChunks {
		opts.BeforeMerge()
	}
	if pl.cached {
		next.Base, err = mergeOnBase(path, m, cacheDir, next.Chunks, taken, old.Base, tmp, st)
	} else {
		err = mergeIndex(path, m, segmentFiles(cacheDir, next.Chunks), tmp)
	}
	if err != nil {
		return nil, err
	}
	if pl.cached {
		removeStaleSegments(cacheDir, next.Chunks, next.Base)
		if err := gobfile.Write(filepath.Join(cacheDir, cacheFile), &next); err != nil {
			return nil, fmt.Errorf("searchindex: segment cache: %w", err)
		}
	}
	return st, nil
}

// chunkSegment returns chunk c's segment: the cached one when it holds,
// else one written anew with a; sum is the digest of its documents.
// Without a cache (cached false) a segment is only a work file: nothing
// that would prove it again is computed.
func chunkSegment(ctx context.Context, m *mapping.IndexMappingImpl, a *analysis.IndexAnalyzer, dict *analysis.Dictionary, docs []*Doc, c int, sum [32]byte, old map[[32]byte]chunkState, dir string, cached bool) (chunkState, bool, error) {
	if o, ok := old[sum]; ok {
		if o.File != "" && splitsDigest(dict, o.Lookups) == o.Splits {
			if fs, err := filesum.Of(filepath.Join(dir, o.File)); err == nil && fs == o.Sum {
				return o, true, nil
			}
		}
	}
	analysed := make([]index.Document, 0, len(docs))
	for i, d := range docs {
		if i%64 == 0 && ctx.Err() != nil {
			return chunkState{}, false, ctx.Err()
		}
		ad, err := analyseDoc(m, a, d)
		if err != nil {
			return chunkState{}, false, fmt.Errorf("searchindex: %s: %w", d.Key, err)
		}
		analysed = append(analysed, ad)
	}
	// A cached segment is named by its documents, as the next build
	// knows it; a work file by its place.
	cs := chunkState{Docs: sum, File: fmt.Sprintf("chunk-%05d.zap", c)}
	if cached {
		cs.File = fmt.Sprintf("%x.zap", sum[:12])
		cs.Lookups = a.Lookups()
		cs.Splits = splitsDigest(dict, cs.Lookups)
	}
	seg, _, err := segPlugin.New(analysed)
	if err != nil {
		return chunkState{}, false, fmt.Errorf("searchindex: segment: %w", err)
	}
	defer seg.Close()
	file := filepath.Join(dir, cs.File)
	part := file + ".part"
	if err := seg.(segment.UnpersistedSegment).Persist(part); err != nil {
		os.Remove(part)
		return chunkState{}, false, fmt.Errorf("searchindex: segment: %w", err)
	}
	if err := os.Rename(part, file); err != nil {
		return chunkState{}, false, fmt.Errorf("searchindex: segment: %w", err)
	}
	if cached {
		if cs.Sum, err = filesum.Of(file); err != nil {
			return chunkState{}, false, fmt.Errorf("searchindex: segment: %w", err)
		}
	}
	return cs, false, nil
}

// removeStaleSegments removes the files of the cache folder that are no
// chunk's segment nor the base.
func removeStaleSegments(dir string, chunks []chunkState, base baseState) {
	keep := map[string]bool{base.File: base.File != ""}
	for _, c := range chunks {
		keep[c.File] = true
	}
	removeStale(dir, keep, ".zap", ".part")
}

// removeStale removes the files of the cache folder with one of the
// suffixes that keep does not name.
func removeStale(dir string, keep map[string]bool, suffixes ...string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		name := e.Name()
		if keep[name] {
			continue
		}
		for _, s := range suffixes {
			if strings.HasSuffix(name, s) {
				os.Remove(filepath.Join(dir, name))
				break
			}
		}
	}
}

// segmentFiles are the paths of the chunks' segments in dir.
func segmentFiles(dir string, chunks []chunkState) []string {
	files := make([]string, len(chunks))
	for i, c := range chunks {
		files[i] = filepath.Join(dir, c.File)
	}
	return files
}

// mergeIndex merges the segment files into the one segment of a new
// index at path.
func mergeIndex(path string, m *mapping.IndexMappingImpl, files []string, tmp string) error {
	merged := filepath.Join(tmp, "merged.zap")
	if err := mergeFiles(files, merged); err != nil {
		return err
	}
	return wrap(path, m, merged, tmp)
}

// mergeFiles merges the segment files, in their order, into the segment
// file out.
func mergeFiles(files []string, out string) error {
	segs := make([]segment.Segment, 0, len(files))
	defer func() {
		for _, s := range segs {
			s.Close()
		}
	}()
	for _, f := range files {
		s, err := segPlugin.Open(f)
		if err != nil {
			return fmt.Errorf("searchindex: segment: %w", err)
		}
		segs = append(segs, s)
	}
	if _, _, err := segPlugin.Merge(segs, make([]*roaring.Bitmap, len(segs)), out, nil, nil); err != nil {
		os.Remove(out)
		return fmt.Errorf("searchindex: merging segments: %w", err)
	}
	return nil
}

// placeholderID is the one document of the index wrap makes around a
// merged segment before the segment replaces it.
const placeholderID = "\x00placeholder"

// wrap makes the index at path of one segment, the file seg (moved): it
// has scorch's offline builder write an index of one placeholder
// document — its meta files, its mapping and the root that names its one
// segment file, as bleve.NewBuilder does — and puts seg in place of that
// segment. The root names the file and nothing of its content (scorch's
// prepareBoltSnapshot: path, no deletions, no statistics).
func wrap(path string, m *mapping.IndexMappingImpl, seg, tmp string) error {
	mj, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("searchindex: mapping: %w", err)
	}
	if err := os.MkdirAll(path, 0o755); err != nil {
		return fmt.Errorf("searchindex: %w", err)
	}
	meta := []byte(`{"storage":"` + scorch.Name + `","index_type":"` + scorch.Name + `"}`)
	if err := os.WriteFile(filepath.Join(path, "index_meta.json"), meta, 0o644); err != nil {
		return fmt.Errorf("searchindex: %w", err)
	}
	store := filepath.Join(path, "store")
	b, err := scorch.NewBuilder(map[string]interface{}{
		"path":                store,
		"buildPathPrefix":     tmp,
		"batchSize":           1,
		"internal":            map[string][]byte{"_mapping": mj},
		"forceSegmentType":    segPlugin.Type(),
		"forceSegmentVersion": int(segPlugin.Version()),
	})
	if err != nil {
		return fmt.Errorf("searchindex: %w", err)
	}
	if err := b.Index(document.NewDocument(placeholderID)); err != nil {
		return fmt.Errorf("searchindex: %w", err)
	}
	if err := b.Close(); err != nil {
		return fmt.Errorf("searchindex: %w", err)
	}
	files, err := filepath.Glob(filepath.Join(store, "*.zap"))
	if err != nil || len(files) != 1 {
		return errors.New("searchindex: the builder did not write one segment")
	}
	if err := os.Rename(seg, files[0]); err != nil {
		return fmt.Errorf("searchindex: %w", err)
	}
	return nil
}
