package searchindex

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/ratsarchiv/ratsarchiv/internal/filesum"
	"github.com/ratsarchiv/ratsarchiv/internal/gobfile"
	"github.com/ratsarchiv/ratsarchiv/internal/search/analysis"
)

// The dictionary counts the words of every document (buildDictionary).
// With a segment cache the counts are kept too: each chunk's in a file of
// its own, the archive's in the cache's dictionary record. The next build
// counts only the chunks of documents it has not counted (known by their
// digest, as for the segments): the archive's counts less those of the
// last build's chunks that are gone plus those of the new ones are the
// counts of all documents, since a count is a sum over documents.
// Anything the record cannot prove — another key, the record or a
// chunk's file changed or gone, counts that do not fit — counts every
// document (TestDictionaryCacheCountsAsEveryDocument).

// dictFile is the dictionary record in the cache folder.
const dictFile = "dictionary.gob"

// dictFormat is the version of dictFile's layout and of the chunks'
// count files. 3: chunks known by their digests.
const dictFormat = 3

// dictCache is the dictionary record of a cache, sealed (its key is the
// segments', cacheKey): the total is trusted as it is read, so a record
// damaged in a count would give another dictionary.
type dictCache struct {
	// Total are the counts of all documents.
	Total  analysis.WordCounts
	Chunks []dictChunk
}

// dictChunk is a chunk's counts as written.
type dictChunk struct {
	Docs [32]byte // digest of the chunk's documents
	File string   // its counts, in the cache folder
	Sum  filesum.Sum
}

// DictionaryStats tell how many chunks' words a build counted.
type DictionaryStats struct {
	Chunks, Counted int
	// Split is how many of its words were split anew (with a cache),
	// of Words.
	Split, Words int
}

// cachedDictionary returns the dictionary of the documents of chunks,
// whose digests are sums, with the counts of the cache in dir where they
// hold; it leaves the record of the new counts in dir.
func cachedDictionary(ctx context.Context, chunks [][]*Doc, sums [][32]byte, dir, key string) (*analysis.Dictionary, DictionaryStats, error) {
	var old dictCache
	path := filepath.Join(dir, dictFile)
	if !gobfile.ReadSealed(path, dictFormat, key, &old) {
		old = dictCache{}
	}
	// The record goes while the files change; it is written again when
	// they are all in place.
	os.Remove(path)
	next := &dictCache{Chunks: make([]dictChunk, len(chunks))}
	st := DictionaryStats{Chunks: len(chunks)}
	b, counted, err := updateCounts(ctx, chunks, sums, dir, &old, next)
	if err != nil {
		if ctx.Err() != nil {
			return nil, st, ctx.Err()
		}
		b, counted, err = updateCounts(ctx, chunks, sums, dir, &dictCache{}, next)
		if err != nil {
			return nil, st, err
		}
	}
	st.Counted = counted
	next.Total = b.Counts()
	if err := gobfile.WriteSealed(path, dictFormat, key, next); err != nil {
		return nil, st, fmt.Errorf("searchindex: dictionary cache: %w", err)
	}
	keep := map[string]bool{}
	for _, c := range next.Chunks {
		keep[c.File] = true
	}
	removeStale(dir, keep, ".words")
	return b.Dictionary(), st, nil
}

// updateCounts counts the words of the chunks whose documents are not
// old's, takes the counts of old's chunks that are gone from old's total
// and adds the new ones; with an empty old, every chunk's. It fills next's
// chunks.
func updateCounts(ctx context.Context, chunks [][]*Doc, sums [][32]byte, dir string, old, next *dictCache) (*analysis.DictionaryBuilder, int, error) {
	total := analysis.NewDictionaryBuilder()
	var todo []int
	if old.Chunks == nil {
		todo = make([]int, len(chunks))
		for c := range chunks {
			todo[c] = c
		}
	} else {
		if err := total.AddCounts(old.Total); err != nil {
			return nil, 0, err
		}
		was := make(map[[32]byte]dictChunk, len(old.Chunks))
		for _, oc := range old.Chunks {
			was[oc.Docs] = oc
		}
		for c := range chunks {
			if oc, ok := was[sums[c]]; ok && oc.File != "" {
				next.Chunks[c] = oc
				delete(was, sums[c])
				continue
			}
			todo = append(todo, c)
		}
		for _, oc := range old.Chunks {
			if _, gone := was[oc.Docs]; !gone {
				continue
			}
			prev, err := readCounts(dir, oc)
			if err != nil {
				return nil, 0, err
			}
			if err := total.SubtractCounts(prev); err != nil {
				return nil, 0, err
			}
		}
	}
	// Each worker counts chunks, writes their counts and adds them to a
	// total of its own.
	workers := max(1, min(runtime.GOMAXPROCS(0), len(todo)))
	totals := make([]*analysis.DictionaryBuilder, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		totals[w] = analysis.NewDictionaryBuilder()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := w; k < len(todo); k += workers {
				if ctx.Err() != nil {
					errs[w] = ctx.Err()
					return
				}
				c := todo[k]
				cb := analysis.NewDictionaryBuilder()
				for _, d := range chunks[c] {
					cb.Add(d.full().Text)
				}
				counts := cb.Counts()
				dc, err := writeCounts(dir, sums[c], counts)
				if err != nil {
					errs[w] = err
					return
				}
				next.Chunks[c] = dc
				if err := totals[w].AddCounts(counts); err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, 0, err
		}
	}
	for _, t := range totals {
		total.Merge(t)
	}
	return total, len(todo), nil
}

// countsFile names a chunk's counts file: by its documents' digest.
func countsFile(sum [32]byte) string {
	return fmt.Sprintf("%x.words", sum[:12])
}

// writeCounts writes the counts of the chunk of documents with digest sum
// into dir.
func writeCounts(dir string, sum [32]byte, counts analysis.WordCounts) (dictChunk, error) {
	dc := dictChunk{Docs: sum, File: countsFile(sum)}
	file := filepath.Join(dir, dc.File)
	if err := gobfile.Write(file, &counts); err != nil {
		return dictChunk{}, fmt.Errorf("searchindex: dictionary cache: %w", err)
	}
	var err error
	if dc.Sum, err = filesum.Of(file); err != nil {
		return dictChunk{}, fmt.Errorf("searchindex: dictionary cache: %w", err)
	}
	return dc, nil
}

// readCounts reads a chunk's counts as written.
func readCounts(dir string, dc dictChunk) (analysis.WordCounts, error) {
	var counts analysis.WordCounts
	file := filepath.Join(dir, dc.File)
	if dc.File == "" {
		return counts, fmt.Errorf("searchindex: dictionary cache: a chunk without counts")
	}
	if s, err := filesum.Of(file); err != nil || s != dc.Sum {
		return counts, fmt.Errorf("searchindex: dictionary cache: %s changed", dc.File)
	}
	if err := gobfile.Read(file, &counts); err != nil {
		return counts, fmt.Errorf("searchindex: dictionary cache: %w", err)
	}
	return counts, nil
}

// The splits of the dictionary's words (Dictionary.Prepare) are kept in
// the cache too, with the words they were found for: the next build's
// dictionary splits anew only the words whose splits its changes can
// reach (Dictionary.PrepareFrom).

// splitsCacheFile is the splits record in the cache folder: an
// analysis.Prepared, sealed.
const splitsCacheFile = "splits.gob"

// splitsFormat is the version of splitsFile's layout.
const splitsFormat = 1

// splitsAhead reads the splits record of the cache in dir on a goroutine
// of its own, while the words are counted; the function it returns waits
// for it and gives nil where the record does not hold.
func splitsAhead(dir, key string) func() *analysis.Prepared {
	c := make(chan *analysis.Prepared, 1)
	go func() {
		p := new(analysis.Prepared)
		if !gobfile.ReadSealed(filepath.Join(dir, splitsCacheFile), splitsFormat, key, p) {
			p = nil
		}
		c <- p
	}()
	return sync.OnceValue(func() *analysis.Prepared { return <-c })
}

// prepareDictionary prepares dict with the splits of old, the cache's in
// dir, where they hold, and leaves its own there, written by side; it
// returns how many words it split.
func prepareDictionary(dict *analysis.Dictionary, dir, key string, old *analysis.Prepared, side *errgroup.Group) int {
	path := filepath.Join(dir, splitsCacheFile)
	os.Remove(path)
	n := dict.PrepareFrom(old)
	p := dict.Prepared()
	side.Go(func() error {
		if err := gobfile.WriteSealed(path, splitsFormat, key, p); err != nil {
			return fmt.Errorf("searchindex: splits cache: %w", err)
		}
		return nil
	})
	return n
}
