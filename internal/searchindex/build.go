package searchindex

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/ratsarchiv/ratsarchiv/internal/atomicdir"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// FormatVersion is the version of the index folder's layout and analysis;
// Open refuses others (rebuild instead).
const FormatVersion = 1

// DefaultExcerptLen is how much of a document's text the index keeps for
// excerpts, in bytes.
const DefaultExcerptLen = 1500

// WorkDirName is the index folder's name in the work directory, where
// `ratsarchiv build` writes it and `ratsarchiv search` and serve find it.
const WorkDirName = "index"

// bleveDir is the Bleve index inside the index folder; metaFile describes it.
const (
	bleveDir = "bleve"
	metaFile = "ratsarchiv-index.json"
)

// Options configure Build.
type Options struct {
	// BasePath is the URL path prefix of the site ("/", "/rat/"); hit URLs
	// are BasePath + the page's permalink.
	BasePath string
	// Progress, when set, is called after each batch of documents.
	Progress func(done, total int)
	// BatchSize is the number of documents per segment Bleve's builder
	// writes before merging them (default 1000).
	BatchSize int
	// ExcerptLen bounds the stored excerpt source (default DefaultExcerptLen).
	ExcerptLen int
}

// Stats describe a built index.
type Stats struct {
	Documents, Items, Papers, Meetings int
	// DictionaryStems is the size of the decompounding dictionary;
	// SplitWords the number of distinct words it split.
	DictionaryStems, SplitWords int
	Bytes                       int64 // on disk
	Duration                    time.Duration
}

// meta is the index folder's description, written last.
type meta struct {
	Format       int    `json:"format"`
	BasePath     string `json:"basePath"`
	Documents    int    `json:"documents"`
	DictionaryID string `json:"dictionary"`
}

// Build writes a fresh index of a — an archive that has passed the privacy
// gate — at path. The old index there is replaced only when the new one is
// complete. The index is one segment, which BM25 needs for stable
// statistics (Bleve's field cardinality changes when segments merge).
func Build(ctx context.Context, path string, a *record.Archive, opts Options) (*Stats, error) {
	start := time.Now()
	if opts.BatchSize <= 0 {
		opts.BatchSize = 1000
	}
	if opts.ExcerptLen <= 0 {
		opts.ExcerptLen = DefaultExcerptLen
	}
	docs := Documents(a, opts.BasePath, opts.ExcerptLen)
	st := &Stats{Documents: len(docs)}
	for _, d := range docs {
		switch d.Kind {
		case KindItem:
			st.Items++
		case KindPaper:
			st.Papers++
		case KindMeeting:
			st.Meetings++
		}
	}

	dict := buildDictionary(docs)
	st.DictionaryStems = dict.Len()
	release := registerDictionary(dict)
	defer release()
	m, err := newMapping(dict)
	if err != nil {
		return nil, fmt.Errorf("searchindex: mapping: %w", err)
	}

	stage, err := atomicdir.Stage(path)
	if err != nil {
		return nil, fmt.Errorf("searchindex: %w", err)
	}
	defer stage.Abort()
	if err := fill(ctx, filepath.Join(stage.Dir(), bleveDir), m, docs, opts, stage.Dir()); err != nil {
		return nil, err
	}
	dict.mu.RLock()
	for _, parts := range dict.cache {
		if parts != nil {
			st.SplitWords++
		}
	}
	dict.mu.RUnlock()

	mj, err := json.MarshalIndent(meta{Format: FormatVersion, BasePath: normalizeBasePath(opts.BasePath), Documents: len(docs), DictionaryID: dict.ID()}, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(stage.Dir(), metaFile), append(mj, '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("searchindex: %w", err)
	}
	st.Bytes = dirSize(stage.Dir())
	if err := stage.Commit(); err != nil {
		return nil, fmt.Errorf("searchindex: %w", err)
	}
	st.Duration = time.Since(start)
	return st, nil
}

// fill writes the Bleve index with Bleve's offline builder, which merges
// its batches into exactly one segment at the end (online indexing with a
// forced merge was slower and left the merged-away segment files behind).
func fill(ctx context.Context, path string, m *mapping.IndexMappingImpl, docs []*Doc, opts Options, tmp string) error {
	if len(docs) == 0 {
		// The builder cannot make an index without segments.
		idx, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, nil)
		if err != nil {
			return fmt.Errorf("searchindex: %w", err)
		}
		return idx.Close()
	}
	b, err := bleve.NewBuilder(path, m, map[string]interface{}{"buildPathPrefix": tmp, "batchSize": opts.BatchSize})
	if err != nil {
		return fmt.Errorf("searchindex: %w", err)
	}
	for i, d := range docs {
		if i%opts.BatchSize == 0 {
			if err := ctx.Err(); err != nil {
				// Not closed: Close would merge what was written; the
				// staging folder with the builder's files is removed.
				return err
			}
			if opts.Progress != nil && i > 0 {
				opts.Progress(i, len(docs))
			}
		}
		if err := b.Index(d.Key, d.fields()); err != nil {
			return fmt.Errorf("searchindex: %s: %w", d.Key, err)
		}
	}
	if err := b.Close(); err != nil {
		return fmt.Errorf("searchindex: %w", err)
	}
	if opts.Progress != nil {
		opts.Progress(len(docs), len(docs))
	}
	return nil
}

// buildDictionary counts the words of all documents, on all cores.
func buildDictionary(docs []*Doc) *Dictionary {
	workers := max(1, runtime.GOMAXPROCS(0))
	builders := make([]*DictionaryBuilder, workers)
	var wg sync.WaitGroup
	for w := range workers {
		builders[w] = NewDictionaryBuilder()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(docs); i += workers {
				builders[w].Add(docs[i].Text)
			}
		}()
	}
	wg.Wait()
	for _, b := range builders[1:] {
		builders[0].Merge(b)
	}
	return builders[0].Dictionary()
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
