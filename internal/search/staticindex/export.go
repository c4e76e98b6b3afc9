package staticindex

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/search/query"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
	client "github.com/ratsarchiv/ratsarchiv/web/search"
)

// Options tune the layout; the zero value gives the defaults, which the
// measurements in docs/index-format.md were made with.
type Options struct {
	DictShardBytes  int // target raw size of a dictionary shard (8 KiB)
	DictPageShards  int // shards listed per page of the dictionary index (128)
	PackBytes       int // target raw size of a positions pack (2 KiB)
	ShardBlobBytes  int // postings and heads at most this big are in their dictionary shard, bigger ones files of their own (16 KiB)
	InlineBytes     int // postings and positions at most this big live in the dictionary (384)
	BlockSize       int // postings per block of a large list (128); also the size of its top tier
	BlockFileBytes  int // target raw size of a large list's block file, in whole blocks (2 KiB)
	PosFileBytes    int // target raw size of a large list's position file, in whole blocks (16 KiB): phrases read them, most of a list at once
	DocChunk        int // documents per document chunk (2)
	PackPassages    int // a document's later passages per text pack (8)
	DocDirChunks    int // chunks per group, named together, and groups or directories listed per document directory (64)
	FacetBlock      int // documents per facet block (8192)
	FineFacetBlock  int // documents per block of the fine tier, for queries with few matches (512; ≥ FacetBlock: none)
	TermFacetsMin   int // terms of at least this many documents carry a summary (a compound's ranks its parts too): total, facet counts, best documents (1024)
	SummaryTop      int // best documents in a term's summary (50)
	HeadBest        int // the head of a large list names its this many best documents and their matters (16)
	LocateDocs      int // terms in at most this many documents name their documents, their matters and the text packs of their first passages with the term (32)
	PairMinDocs     int // a word pair has its list in a field where it is in at least this many documents (4)
	PairShardBytes  int // target raw size of a dictionary shard of word pairs (4 KiB)
	PairSummaryMin  int // word pairs whose phrase is in at least this many documents carry its summary (512)
	DictBytes       int // the preset dictionary of the document chunks and text packs, at most (32 KiB, deflate's window)
	DictSampleBytes int // the beginning of each sample document in it (1 KiB)

	// Keep, when set, is asked for each shard before it is compressed and
	// written: name is its file (relative to the search folder,
	// "s/….bin"), content the name its payload would have as a shard
	// named after it, or "" for a shard compressed with a preset
	// dictionary. The two differ for the dictionary's shards, which are
	// named after their page (dictShardName), so that a week's rebuild
	// renames most of those whose bytes did not change. true means the
	// output has the file already, or one of that content which it takes
	// over as name (an incremental build's live site), so it is neither
	// compressed nor written (nor counted in the byte counts). Stale
	// shards are not removed then: the caller knows which it has.
	Keep func(name, content string) bool
}

func (o *Options) defaults() {
	def := func(p *int, v int) {
		if *p <= 0 {
			*p = v
		}
	}
	def(&o.DictShardBytes, 8<<10)
	def(&o.DictPageShards, 128)
	def(&o.PackBytes, 2<<10)
	def(&o.ShardBlobBytes, 16<<10)
	def(&o.InlineBytes, 384)
	def(&o.BlockSize, 128)
	def(&o.BlockFileBytes, 2<<10)
	def(&o.PosFileBytes, 16<<10)
	def(&o.DocChunk, 2)
	def(&o.PackPassages, 8)
	def(&o.DocDirChunks, 64)
	def(&o.FacetBlock, 8192)
	def(&o.FineFacetBlock, 512)
	def(&o.TermFacetsMin, 1024)
	def(&o.PairSummaryMin, 512)
	def(&o.SummaryTop, 50)
	def(&o.LocateDocs, 32)
	def(&o.HeadBest, 16)
	def(&o.PairMinDocs, 4)
	def(&o.PairShardBytes, 4<<10)
	def(&o.DictBytes, 32<<10)
	def(&o.DictSampleBytes, 1<<10)
}

// Stats describe an export.
type Stats struct {
	Documents int
	Terms     int // distinct terms over title and text
	Pairs     int // word pairs (pairs.go)
	// PairSummaries are the word pairs with a summary (phrasesummary.go).
	PairSummaries int
	Postings      int // (term, field, document) triples
	Files         int // shard files of the index
	// Shards are the shards' names, relative to the search folder
	// ("s/….bin"), sorted: written or (Options.Keep) kept.
	Shards []string
	// Contents name the content of each shard not named after it (the
	// dictionary's, see Options.Keep), by the shard's name: what the next
	// export's Keep is asked.
	Contents map[string]string
	// Bytes by part, as stored (after compression).
	EntryBytes, DictBytes, PostingBytes, DocBytes, FacetBytes, ClientBytes int64
	Duration                                                               time.Duration
}

// Bytes is the size of the whole static index.
func (s *Stats) Bytes() int64 {
	return s.EntryBytes + s.DictBytes + s.PostingBytes + s.DocBytes + s.FacetBytes + s.ClientBytes
}

// Entry is the entry file, index.json.
type Entry struct {
	Format    string                `json:"format"`
	Version   int                   `json:"version"`
	Documents int                   `json:"documents"`
	Fields    map[string]FieldStats `json:"fields"`
	// Facet value tables: documents refer to values by position.
	Committees       []string `json:"committees"`
	Kinds            []string `json:"kinds"`
	ResultCategories []string `json:"resultCategories"`
	// Years are ranges of document numbers [First, End).
	Years []YearRange `json:"years"`
	// Dict is the root of the dictionary index: its pages.
	Dict []DictPage `json:"dict"`
	// Dicts name the preset dictionaries of shards compressed with one
	// (encoding 2), by position.
	Dicts     []string    `json:"dicts"`
	DateIndex string      `json:"dateIndex"`
	Docs      DocsEntry   `json:"docs"`
	Facets    FacetsEntry `json:"facets"`
	// FacetSets name the documents of each facet value.
	FacetSets FacetSetsEntry `json:"facetSets"`
	// Words and Limits are the query language's (query.Spec): the client
	// parses queries with them.
	Words  query.Words  `json:"words"`
	Limits query.Limits `json:"limits"`
	// DefaultLimit is searchindex.DefaultLimit: the hits of a search that
	// names no limit.
	DefaultLimit int `json:"defaultLimit"`
	// PairMinDocs is Options.PairMinDocs when the dictionary holds word
	// pairs, else 0: a pair of two large lists has its list in a field
	// where it is in at least this many documents.
	PairMinDocs int `json:"pairMinDocs"`
	// PairDict is the root of the word pairs' dictionary index, as Dict
	// is the words' (none without pairs): only a phrase looks them up, so
	// its pages are not inline, and a client loads them after start-up.
	PairDict []DictPage `json:"pairDict,omitempty"`
	// PartsWeight is searchindex.PartsWeight: how a compound part counts
	// against the word.
	PartsWeight float64 `json:"partsWeight"`
	// SplitWeight is searchindex.SplitWeight: how a compound's parts found
	// as words of their own count against the compound.
	SplitWeight float64 `json:"splitWeight"`
	// PartsFilter names the Bloom filters of the terms that are parts of
	// compounds and of the terms with a summary (none without compounds):
	// a query of a compound looks its likely parts up beside it.
	PartsFilter string `json:"partsFilter,omitempty"`
	// ExcerptTermsMaxDF is searchindex.ExcerptTermsMaxDF: the words whose
	// positions choose the passage of an excerpt.
	ExcerptTermsMaxDF int `json:"excerptTermsMaxDF"`
	// Inline holds the files the client waits for at start-up (the
	// dictionary's pages), by name, as stored and base64-encoded, so that
	// opening the index takes one fetch instead of two in a row. The files
	// are written as well.
	Inline map[string]string `json:"inline,omitempty"`
}

// inlinePagesBytes is the most the dictionary's pages, as stored, may
// come to for the entry to carry them inline: every query looks its words
// up in them first, so each query saves the round trip of its words'
// pages for the bytes of all of them at start-up (docs/benchmarks.md,
// round 19: on Karlsruhe 15 pages of 8.1 KB, at 100,000 generated items
// 58 of 36 KB; a page is about 0.6 KB). Only the pages: the top
// directories and the preset dictionaries, which only a query's hits
// need, load after the entry without start-up waiting for them (round 14).
const inlinePagesBytes = 48 << 10

// FieldStats are the BM25 statistics of an analysed field.
type FieldStats struct {
	Cardinality int     `json:"cardinality"` // distinct terms
	AvgDL       float64 `json:"avgdl"`       // Bleve's average: ceil(cardinality / documents)
}

// YearRange is the document numbers of one year.
type YearRange struct {
	Year  string `json:"year"`
	First int    `json:"first"`
	End   int    `json:"end"`
}

// DictPage is a page of the dictionary index, by its first term.
type DictPage struct {
	First string `json:"first"`
	Page  string `json:"page"`
}

// DocsEntry locates the document chunks: Dirs is the root of a tree of
// directories (the names it lists), Levels (at least 1) deep below it,
// each listing DirChunks groups of DirChunks chunks (at the lowest level)
// or directories. A document's later passages are in text packs of
// PackPassages each.
type DocsEntry struct {
	Chunk        int      `json:"chunk"`
	DirChunks    int      `json:"dirChunks"`
	Dirs         []string `json:"dirs"`
	Levels       int      `json:"levels"`
	PackPassages int      `json:"packPassages"`
}

// FacetsEntry locates the facet blocks, in two tiers of the same values:
// large blocks for queries that match documents everywhere, and small ones
// for the few matches of a rare word, which would otherwise fetch every
// large block (at 100,000 items, 114 KiB of facets for 48 matches).
type FacetsEntry struct {
	Block int      `json:"block"`
	Files []string `json:"files"`
	// The fine tier; absent when its blocks would not be smaller.
	FineBlock int      `json:"fineBlock,omitempty"`
	FineFiles []string `json:"fineFiles,omitempty"`
}

// FacetSetsEntry names, per value of a facet (in the order of the entry's
// committees, kinds and result categories), the shard of its documents.
type FacetSetsEntry struct {
	Committee      []string `json:"committee"`
	Kind           []string `json:"kind"`
	ResultCategory []string `json:"resultCategory"`
}

// Export writes the static index of idx into outDir (the site's search/
// folder), with the browser client. Shards no longer used by the new index
// are removed. The output depends only on the index's contents.
func Export(ctx context.Context, idx *searchindex.Index, outDir string, opts Options) (*Stats, error) {
	start := time.Now()
	opts.defaults()
	e := &exporter{opts: opts, outDir: outDir, files: map[string]bool{}, startup: map[string][]byte{}, st: &Stats{Contents: map[string]string{}}}
	if err := os.MkdirAll(filepath.Join(outDir, ShardDir), 0o755); err != nil {
		return nil, fmt.Errorf("staticindex: %w", err)
	}
	e.start()
	entry, err := e.export(ctx, idx)
	if werr := e.wait(); err == nil {
		err = werr
	}
	if err != nil {
		return nil, err
	}
	entry.Inline = e.inline(entry)
	// Compact: the entry is the one file a visit fetches again.
	ej, err := json.Marshal(entry)
	if err != nil {
		return nil, err
	}
	ej = append(ej, '\n')
	if err := os.WriteFile(filepath.Join(outDir, EntryFile), ej, 0o644); err != nil {
		return nil, fmt.Errorf("staticindex: %w", err)
	}
	e.st.EntryBytes = int64(len(ej))
	if err := e.writeClient(); err != nil {
		return nil, err
	}
	if opts.Keep == nil {
		if err := e.removeStale(); err != nil {
			return nil, err
		}
	}
	e.st.Files = len(e.files)
	for name := range e.files {
		e.st.Shards = append(e.st.Shards, name)
	}
	slices.Sort(e.st.Shards)
	e.st.Duration = time.Since(start)
	return e.st, nil
}

type exporter struct {
	opts   Options
	outDir string
	files  map[string]bool // the shards' names
	st     *Stats
	// startup holds the payloads of the files the entry may carry inline
	// (see writeStartup), by name.
	startup map[string][]byte

	// Shards are compressed and written by workers while the export goes
	// on: a shard's name is known from its payload.
	jobs    chan writeJob
	workers sync.WaitGroup
	errOnce sync.Once
	err     error
	failed  atomic.Bool
}

type writeJob struct {
	payload []byte
	name    string
	bytes   *int64
	dict    *zdict // the preset dictionary to compress with, or nil
}

// start starts the workers: compressors on all cores, and one goroutine
// that writes the files — creating files in one folder from several
// goroutines was measured slower than from one (they wait on the folder).
func (e *exporter) start() {
	e.jobs = make(chan writeJob, 256)
	encoded := make(chan writeJob, 256)
	var compressors sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		compressors.Add(1)
		go func() {
			defer compressors.Done()
			for j := range e.jobs {
				if !e.failed.Load() {
					j.payload = encodeShard(j.payload, j.dict)
					encoded <- j
				}
			}
		}()
	}
	go func() {
		compressors.Wait()
		close(encoded)
	}()
	e.workers.Add(1)
	go func() {
		defer e.workers.Done()
		for j := range encoded {
			atomic.AddInt64(j.bytes, int64(len(j.payload)))
			if e.failed.Load() {
				continue
			}
			if err := os.WriteFile(filepath.Join(e.outDir, j.name), j.payload, 0o644); err != nil {
				e.fail(fmt.Errorf("staticindex: %w", err))
			}
		}
	}()
}

func (e *exporter) fail(err error) {
	e.errOnce.Do(func() {
		e.err = err
		e.failed.Store(true)
	})
}

// wait waits for the shards written so far and returns the first error.
func (e *exporter) wait() error {
	if e.jobs != nil {
		close(e.jobs)
		e.workers.Wait()
		e.jobs = nil
	}
	return e.err
}

// write stores a shard with payload (which the caller must not change
// afterwards) and returns its hash; its size is added to *bytes.
func (e *exporter) write(payload []byte, bytes *int64) (hash, error) {
	h := payloadHash(payload)
	return h, e.writeNamed(h.name(), h.name(), payload, bytes, nil)
}

// writeStartup is write for a file that the entry may carry inline (see
// Entry.Inline): a dictionary page.
func (e *exporter) writeStartup(payload []byte, bytes *int64) (hash, error) {
	h, err := e.write(payload, bytes)
	if err == nil {
		e.startup[h.name()] = payload
	}
	return h, err
}

// inline returns the dictionary's pages, encoded as written, when they
// are small enough (inlinePagesBytes).
func (e *exporter) inline(entry *Entry) map[string]string {
	stored, size := make([][]byte, len(entry.Dict)), 0
	for i, pg := range entry.Dict {
		stored[i] = encodeShard(e.startup[pg.Page], nil)
		if size += len(stored[i]); size > inlinePagesBytes {
			return nil
		}
	}
	out := make(map[string]string, len(entry.Dict))
	for i, pg := range entry.Dict {
		out[pg.Page] = base64.StdEncoding.EncodeToString(stored[i])
	}
	return out
}

// writeNamed stores a shard with payload under name, compressed with the
// preset dictionary z (or without one when nil); content names the
// payload as Options.Keep has it.
func (e *exporter) writeNamed(name, content string, payload []byte, bytes *int64, z *zdict) error {
	if e.failed.Load() {
		return e.err
	}
	if !e.files[name] {
		e.files[name] = true
		if content != "" && content != name {
			e.st.Contents[name] = content
		}
		if e.opts.Keep == nil || !e.opts.Keep(name, content) {
			e.jobs <- writeJob{payload: payload, name: name, bytes: bytes, dict: z}
		}
	}
	return nil
}

func (e *exporter) writeClient() error {
	b, err := bundledClient()
	if err != nil {
		return err
	}
	e.st.ClientBytes += int64(len(b))
	if err := os.WriteFile(filepath.Join(e.outDir, ClientFile), b, 0o644); err != nil {
		return fmt.Errorf("staticindex: %w", err)
	}
	// The modules of an older export are no longer used.
	ents, err := fs.ReadDir(client.Files, ".")
	if err != nil {
		return err
	}
	for _, ent := range ents {
		if ent.Name() != ClientFile && !ent.IsDir() {
			if err := os.Remove(filepath.Join(e.outDir, ent.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("staticindex: %w", err)
			}
		}
	}
	return nil
}

func (e *exporter) removeStale() error {
	dir := filepath.Join(e.outDir, ShardDir)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("staticindex: %w", err)
	}
	keep := map[string]bool{}
	for name := range e.files {
		keep[filepath.Base(name)] = true
	}
	for _, ent := range ents {
		if !keep[ent.Name()] {
			if err := os.Remove(filepath.Join(dir, ent.Name())); err != nil {
				return fmt.Errorf("staticindex: %w", err)
			}
		}
	}
	return nil
}

// docInfo is a document as the export sees it.
type docInfo struct {
	key, id, url, kind, title, date, year, committee, result, category string
	closedSession                                                      bool
	// matter is the key of the document standing for the document's
	// matter (searchindex.Doc.Matter); path a paper's path.
	matter string
	path   []searchindex.Step
	// passages of the body: the first is the excerpt source in the
	// document chunk, the others go to text packs; starts are the first
	// positions of those others.
	passages []string
	starts   []int
	// sources name the file and page of each passage; nil for a document
	// without file text.
	sources *searchindex.Sources
}

func (e *exporter) export(ctx context.Context, idx *searchindex.Index) (*Entry, error) {
	docs, err := loadDocs(ctx, idx)
	if err != nil {
		return nil, err
	}
	e.st.Documents = len(docs)
	r, err := idx.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()

	// Our document numbers are positions in the canonical order; Bleve's
	// internal numbers differ between snapshots.
	num, err := docNumbers(r, docs)
	if err != nil {
		return nil, err
	}

	lang := query.Spec()
	entry := &Entry{
		Format: Format, Version: Version, Documents: len(docs),
		Fields:            map[string]FieldStats{},
		Kinds:             []string{query.KindItem, query.KindPaper, query.KindMeeting},
		ResultCategories:  []string{},
		Years:             []YearRange{},
		Words:             lang.Words,
		Limits:            lang.Limits,
		DefaultLimit:      searchindex.DefaultLimit,
		PartsWeight:       searchindex.PartsWeight,
		SplitWeight:       searchindex.SplitWeight,
		ExcerptTermsMaxDF: searchindex.ExcerptTermsMaxDF,
	}
	for _, c := range record.ResultCategories {
		entry.ResultCategories = append(entry.ResultCategories, string(c))
	}
	for _, f := range fields {
		card, err := r.(index.BM25Reader).FieldCardinality(f)
		if err != nil {
			return nil, fmt.Errorf("staticindex: %w", err)
		}
		fs := FieldStats{Cardinality: card}
		if len(docs) > 0 {
			fs.AvgDL = math.Ceil(float64(card) / float64(len(docs)))
		}
		entry.Fields[f] = fs
	}
	// The word pairs are read beside the documents' store.
	type pairsRead struct {
		wps []wordPair
		err error
	}
	pc := make(chan pairsRead, 1)
	pctx, cancel := context.WithCancel(ctx)
	go func() {
		wps, err := e.pairs(pctx, r, num, len(docs))
		pc <- pairsRead{wps, err}
	}()
	var read *pairsRead
	pairs := func() ([]wordPair, error) {
		if read == nil {
			p := <-pc
			read = &p
		}
		return read.wps, read.err
	}
	defer func() { cancel(); pairs() }() // before the reader closes; an error stops them
	fv := newFacetValues(docs, entry)
	files, err := e.docStore(docs, entry, fv)
	if err != nil {
		return nil, err
	}
	sum := &summarizer{opts: e.opts, entry: entry, fv: fv}
	if err := e.dictionary(ctx, r, num, entry, sum, files, idx.Splits, pairs); err != nil {
		return nil, err
	}
	return entry, nil
}

// loadDocs reads the stored fields of all documents in the canonical order
// (by sort date, then key descending: document number 0 is the oldest).
// The order comes from a search for the keys alone; the stored fields,
// most of the time (0.5 s of Karlsruhe's), are read on all cores.
func loadDocs(ctx context.Context, idx *searchindex.Index) ([]docInfo, error) {
	b := idx.Bleve()
	n, err := b.DocCount()
	if err != nil {
		return nil, fmt.Errorf("staticindex: %w", err)
	}
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), int(n), 0, false)
	req.SortBy([]string{searchindex.FieldSortDate, "-_id"})
	req.Score = "none"
	res, err := b.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("staticindex: %w", err)
	}
	r, err := idx.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	docs := make([]docInfo, len(res.Hits))
	workers := max(1, runtime.GOMAXPROCS(0))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(docs) && ctx.Err() == nil; i += workers {
				if errs[w] = loadDoc(r, res.Hits[i].ID, &docs[i]); errs[w] != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	if err := cmp.Or(append(errs, ctx.Err())...); err != nil {
		return nil, err
	}
	return docs, nil
}

// loadedFields are the stored fields loadDoc reads.
var loadedFields = []string{searchindex.FieldID, searchindex.FieldURL, searchindex.FieldKind, searchindex.FieldTitle,
	searchindex.FieldDate, searchindex.FieldYear, searchindex.FieldCommittee, searchindex.FieldResult,
	searchindex.FieldResultCategory, searchindex.FieldClosedSession, searchindex.FieldBody, searchindex.FieldPassages,
	searchindex.FieldSources, searchindex.FieldMatter, searchindex.FieldPath}

// loadDoc reads the stored fields of the document key into d.
func loadDoc(r index.IndexReader, key string, d *docInfo) error {
	doc, err := r.Document(key)
	if err != nil {
		return fmt.Errorf("staticindex: %s: %w", key, err)
	}
	if doc == nil {
		return fmt.Errorf("staticindex: document %q not in the index", key)
	}
	// A field's text, as a search's stored fields give it: none for a
	// field of several values, or of another type.
	fields := make(map[string]string, len(loadedFields))
	seen := make(map[string]int, len(loadedFields))
	doc.VisitFields(func(f index.Field) {
		name := f.Name()
		if !slices.Contains(loadedFields, name) {
			return
		}
		seen[name]++
		if tf, ok := f.(index.TextField); ok && seen[name] == 1 {
			fields[name] = tf.Text()
		} else {
			delete(fields, name)
		}
	})
	str := func(f string) string { return fields[f] }
	*d = docInfo{
		key: key, id: str(searchindex.FieldID), url: str(searchindex.FieldURL), kind: str(searchindex.FieldKind),
		title: str(searchindex.FieldTitle), date: str(searchindex.FieldDate), year: str(searchindex.FieldYear),
		committee: str(searchindex.FieldCommittee), result: str(searchindex.FieldResult),
		category: str(searchindex.FieldResultCategory), closedSession: str(searchindex.FieldClosedSession) == "true",
		matter: cmp.Or(str(searchindex.FieldMatter), key),
	}
	if p := str(searchindex.FieldPath); p != "" {
		if err := json.Unmarshal([]byte(p), &d.path); err != nil {
			return fmt.Errorf("staticindex: %s: path: %w", key, err)
		}
	}
	offsets, starts, err := searchindex.ParsePassages(str(searchindex.FieldPassages))
	if err != nil {
		return fmt.Errorf("staticindex: %s: %w", key, err)
	}
	body := str(searchindex.FieldBody)
	bounds := append(append([]int{0}, offsets...), len(body))
	for k := 0; k+1 < len(bounds); k++ {
		d.passages = append(d.passages, body[bounds[k]:bounds[k+1]])
	}
	d.starts = starts
	if d.sources, err = searchindex.ParseSources(str(searchindex.FieldSources)); err != nil {
		return fmt.Errorf("staticindex: %s: %w", key, err)
	}
	if src := d.sources; src != nil && len(src.Passages) != len(starts)+1 {
		return fmt.Errorf("staticindex: %s: sources of %d passages, want %d", key, len(src.Passages), len(starts)+1)
	}
	return nil
}

// docNums maps Bleve's internal document numbers (per snapshot) to ours.
// Scorch's internal IDs are 8-byte big-endian numbers, dense from 0: a
// slice indexed by them is much faster than a map of the IDs as strings,
// which other index types fall back to.
type docNums struct {
	dense []int32 // by internal number; -1 none
	other map[string]int
}

func (n *docNums) set(id index.IndexInternalID, num int) {
	if len(id) == 8 {
		if i := binary.BigEndian.Uint64(id); i < 1<<31 {
			for uint64(len(n.dense)) <= i {
				n.dense = append(n.dense, -1)
			}
			n.dense[i] = int32(num)
			return
		}
	}
	if n.other == nil {
		n.other = map[string]int{}
	}
	n.other[string(id)] = num
}

func (n *docNums) get(id index.IndexInternalID) (int, bool) {
	if len(id) == 8 {
		if i := binary.BigEndian.Uint64(id); i < uint64(len(n.dense)) && n.dense[i] >= 0 {
			return int(n.dense[i]), true
		}
	}
	num, ok := n.other[string(id)]
	return num, ok
}

func docNumbers(r index.IndexReader, docs []docInfo) (*docNums, error) {
	byKey := make(map[string]int, len(docs))
	for i, d := range docs {
		byKey[d.key] = i
	}
	ids, err := r.DocIDReaderAll()
	if err != nil {
		return nil, fmt.Errorf("staticindex: %w", err)
	}
	defer ids.Close()
	num := &docNums{}
	count := 0
	for {
		iid, err := ids.Next()
		if err != nil {
			return nil, fmt.Errorf("staticindex: %w", err)
		}
		if iid == nil {
			break
		}
		key, err := r.ExternalID(iid)
		if err != nil {
			return nil, fmt.Errorf("staticindex: %w", err)
		}
		n, ok := byKey[key]
		if !ok {
			return nil, fmt.Errorf("staticindex: document %q not in the index's list", key)
		}
		num.set(iid, n)
		count++
	}
	if count != len(docs) {
		return nil, errors.New("staticindex: documents changed during export")
	}
	return num, nil
}

// docScore is Bleve's BM25 field score of a posting without the query's
// weight (search/scorer/scorer_term.go), written the same way so that it
// rounds the same way: postings are ordered by it.
func docScore(idf, avgdl float64, freq uint64, norm float64) float64 {
	tf := math.Sqrt(float64(freq))
	fieldLength := 1 / (norm * norm)
	return idf * (tf * search.BM25_k1) /
		(tf + search.BM25_k1*(1-search.BM25_b+(search.BM25_b*fieldLength/avgdl)))
}

// idf is Bleve's BM25 inverse document frequency.
func idf(docs, df int) float64 {
	return math.Log(1 + (float64(docs)-float64(df)+0.5)/(float64(df)+0.5))
}

// fieldLen recovers the field length Bleve stored as a float32 norm.
func fieldLen(norm float64) (int, error) {
	l := int(math.Round(1 / (norm * norm)))
	for _, c := range []int{l, l - 1, l + 1, l - 2, l + 2} {
		if c > 0 && float64(float32(1/math.Sqrt(float64(c)))) == norm {
			return c, nil
		}
	}
	return 0, fmt.Errorf("staticindex: norm %v is no field length", norm)
}

// sortedCommittees returns the documents' committees, sorted by bytes
// (the entry's committee table).
func sortedCommittees(docs []docInfo) []string {
	set := map[string]bool{}
	for _, d := range docs {
		if d.committee != "" {
			set[d.committee] = true
		}
	}
	out := make([]string, 0, len(set))
	for c := range set {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

func dateInt(d string) int {
	n, _ := strconv.Atoi(strings.ReplaceAll(cmp.Or(d, "0000-00-00"), "-", ""))
	return n
}
