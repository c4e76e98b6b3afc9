package searchindex

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
	"golang.org/x/sync/errgroup"

	"github.com/ratsarchiv/ratsarchiv/internal/atomicdir"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/search/analysis"
	"github.com/ratsarchiv/ratsarchiv/internal/search/query"
)

// FormatVersion is the version of the index folder's layout and analysis;
// Open refuses others (rebuild instead). 2: compound parts in their own
// field, the whole body and its passages stored for excerpts. 3: the
// closed-session marker stored. 4: every compound split, and the splits
// of query words (splitsFile). 5: matters (FieldMatter, FieldGroups) and
// papers' paths stored.
const FormatVersion = 5

// DefaultExcerptLen is how much of a document's text the index keeps for
// excerpts, in bytes.
const DefaultExcerptLen = 1500

// DefaultChunkSize is about how many documents the index writes into a
// segment of its own, which an incremental build takes over while none of
// them changed (segments.go). Smaller chunks leave more of the archive's
// end intact when a meeting is added, at the cost of a merge of more
// segments in a full build.
const DefaultChunkSize = 250

// WorkDirName is the index folder's name in the work directory, where
// `ratsarchiv build` writes it and `ratsarchiv search` and serve find it.
const WorkDirName = "index"

// bleveDir is the Bleve index inside the index folder; metaFile describes it.
const (
	bleveDir   = "bleve"
	metaFile   = "ratsarchiv-index.json"
	splitsFile = "query-splits.txt"
)

// Options configure Build.
type Options struct {
	// BasePath is the URL path prefix of the site ("/", "/rat/"); hit URLs
	// are BasePath + the page's permalink.
	BasePath string
	// Progress, when set, is called after each batch of documents.
	Progress func(done, total int)
	// BatchSize is about how many documents a segment holds before the
	// segments are merged into one (default DefaultChunkSize; see
	// segments.go).
	BatchSize int
	// CacheDir, when set, keeps the segments for the next Write, which
	// takes over those whose documents and splits did not change.
	CacheDir string
	// CacheKey names what else the segments depend on (the program, the
	// site's configuration): a cache written with another is not used.
	CacheKey string
	// ExcerptLen bounds the stored excerpt source (default DefaultExcerptLen).
	ExcerptLen int
	// BeforeMerge, when set, is called once the segments are written and
	// before they are merged, which maps them all beside the heap — when
	// more than a rebuild's few were written (tailChunks): a few leave
	// little garbage.
	BeforeMerge func()
	// Copies maps the copies of files published with the site
	// (record.File.Copy) to their path in it, relative to its root, as
	// pages.Options.Copies: a hit in a file with one links to it.
	Copies map[string]string
}

// Stats describe a built index.
type Stats struct {
	Documents, Items, Papers, Meetings int
	// DictionaryStems is the size of the decompounding dictionary;
	// SplitWords the number of distinct words it split.
	DictionaryStems, SplitWords int
	// Segments are the chunks' segments written and taken over;
	// Dictionary the chunks whose words were counted (with a cache).
	Segments   SegmentStats
	Dictionary DictionaryStats
	Bytes      int64 // on disk
	Duration   time.Duration
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
// complete: Build is Stage, Write and Commit in one.
func Build(ctx context.Context, path string, a *record.Archive, opts Options) (*Stats, error) {
	start := time.Now()
	stage, err := Stage(path)
	if err != nil {
		return nil, err
	}
	defer stage.Abort()
	st, err := Write(ctx, stage.Dir(), a, opts)
	if err != nil {
		return nil, err
	}
	if err := stage.Commit(); err != nil {
		return nil, fmt.Errorf("searchindex: %w", err)
	}
	st.Duration = time.Since(start)
	return st, nil
}

// Stage prepares the replacement of the index folder at path: Write the new
// index into its Dir, Open it there if need be, and Commit it to put it in
// place. The folder at path is replaced only if it is empty or an index
// (it holds the index's description file), never another folder.
func Stage(path string) (*atomicdir.Staging, error) {
	st, err := atomicdir.Stage(path, metaFile)
	if err != nil {
		return nil, fmt.Errorf("searchindex: %w", err)
	}
	return st, nil
}

// Write writes a fresh index of a — an archive that has passed the privacy
// gate — into dir, an empty folder (a Stage's). The index is one segment,
// which BM25 needs for stable statistics (Bleve's field cardinality changes
// when segments merge). Its description file is written last.
func Write(ctx context.Context, dir string, a *record.Archive, opts Options) (*Stats, error) {
	return WriteDocSet(ctx, dir, NewDocSet(a, opts), opts)
}

// WriteDocSet is Write of the documents of ds, made by NewDocSet with the
// options that shape documents as opts has them (an error otherwise).
func WriteDocSet(ctx context.Context, dir string, ds *DocSet, opts Options) (*Stats, error) {
	start := time.Now()
	if !ds.shapedBy(opts) {
		return nil, errors.New("searchindex: the documents were made with other options")
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultChunkSize
	}
	if opts.ExcerptLen <= 0 {
		opts.ExcerptLen = DefaultExcerptLen
	}
	docs := ds.docs
	st := &Stats{Documents: len(docs)}
	for _, d := range docs {
		switch d.Kind {
		case query.KindItem:
			st.Items++
		case query.KindPaper:
			st.Papers++
		case query.KindMeeting:
			st.Meetings++
		}
	}

	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("searchindex: mapping: %w", err)
	}
	var (
		dict *analysis.Dictionary
		pl   *plan
	)
	if len(docs) > 0 {
		if pl, err = newPlan(ds, m, opts, dir); err != nil {
			return nil, err
		}
	}
	// What nothing of the index waits for — the cache's records for the
	// next build, the splits file — is written beside the segments.
	var side errgroup.Group
	defer side.Wait() // not into a folder removed after an error
	if pl != nil && pl.cached {
		old := splitsAhead(pl.dir, pl.key)
		if dict, st.Dictionary, err = cachedDictionary(ctx, pl.chunks, pl.sums, pl.dir, pl.key); err != nil {
			return nil, err
		}
		st.Dictionary.Words = dict.Len()
		st.Dictionary.Split = prepareDictionary(dict, pl.dir, pl.key, old(), &side)
	} else {
		dict = buildDictionary(docs)
		dict.Prepare()
	}
	st.DictionaryStems = dict.Len()
	side.Go(func() error {
		if err := os.WriteFile(filepath.Join(dir, splitsFile), encodeSplits(dict.QuerySplits()), 0o644); err != nil {
			return fmt.Errorf("searchindex: %w", err)
		}
		return nil
	})
	if len(docs) == 0 {
		// An index without segments, which the builder cannot make.
		idx, err := bleve.NewUsing(filepath.Join(dir, bleveDir), m, scorch.Name, scorch.Name, nil)
		if err != nil {
			return nil, fmt.Errorf("searchindex: %w", err)
		}
		if err := idx.Close(); err != nil {
			return nil, fmt.Errorf("searchindex: %w", err)
		}
	} else {
		seg, err := fill(ctx, filepath.Join(dir, bleveDir), m, dict, ds, pl, opts, dir)
		if err != nil {
			return nil, err
		}
		st.Segments = *seg
	}
	st.SplitWords = dict.SplitWords()
	if err := side.Wait(); err != nil {
		return nil, err
	}

	mj, err := json.MarshalIndent(meta{Format: FormatVersion, BasePath: normalizeBasePath(opts.BasePath), Documents: len(docs), DictionaryID: dict.ID()}, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, metaFile), append(mj, '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("searchindex: %w", err)
	}
	st.Bytes = dirSize(dir)
	st.Duration = time.Since(start)
	return st, nil
}

// analysedDoc is a mapped document with its fields analysed; the builder's
// own analysis of it does nothing.
type analysedDoc struct {
	*document.Document
	fields []index.Field
}

// AddIDField does nothing: the _id field was added and analysed already.
func (d *analysedDoc) AddIDField() {}

// VisitFields visits the analysed fields.
func (d *analysedDoc) VisitFields(visit index.FieldVisitor) {
	for _, f := range d.fields {
		visit(f)
	}
}

// analysedField is a field analysed already: by its own Analyze, or with
// the given length and term frequencies.
type analysedField struct {
	index.Field
	preset bool
	length int
	freqs  index.TokenFrequencies
}

// Analyze does nothing: the field is analysed.
func (*analysedField) Analyze() {}

// AnalyzedLength is the number of tokens of the field.
func (f *analysedField) AnalyzedLength() int {
	if f.preset {
		return f.length
	}
	return f.Field.AnalyzedLength()
}

// AnalyzedTokenFrequencies are the field's terms.
func (f *analysedField) AnalyzedTokenFrequencies() index.TokenFrequencies {
	if f.preset {
		return f.freqs
	}
	return f.Field.AnalyzedTokenFrequencies()
}

// titlePartPosition is where the parts of the title's compounds stand in
// the title field: all at one position, beyond any title, so that a phrase
// joins no part to a word or to another part.
const titlePartPosition = 1 << 20

// partsOptions index the parts field: not stored, and without positions
// (phrases do not search parts).
const partsOptions = index.IndexField

// noPosition starts a passage with no word.
const noPosition = 1<<31 - 1

// passages describes the passages of doc's body after the first, for
// excerpts: per passage "offset:position", space-separated — its byte
// offset in the body and the text position of its first word (so that
// the positions of a word tell its passages). "" for a body of one passage.
func passages(doc *Doc, starts []int, words bleveanalysis.TokenStream) string {
	if len(starts) < 2 {
		return ""
	}
	base := len(doc.Title) + len("\n\n")
	var b strings.Builder
	w := 0
	for i, off := range starts[1:] {
		for w < len(words) && words[w].Start < base+off {
			w++
		}
		pos := noPosition
		if w < len(words) {
			pos = words[w].Position
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(off))
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(pos))
	}
	return b.String()
}

// Sources says which file, and which page of it, each passage of a
// document's body comes from: the FieldSources of documents with file
// text, for hits that name the file and page of their excerpt.
type Sources struct {
	Files []FileLink `json:"files"`
	// Passages holds per passage, the first included, its file (Files,
	// from 1; 0 for text of no file) and page (Part.Page).
	Passages [][2]int `json:"passages"`
}

// sourcesOf returns the sources field of a document whose passages begin
// at starts, "" when none of them is a file's.
func sourcesOf(d *Doc, starts []int) string {
	src := Sources{Files: d.Files, Passages: make([][2]int, len(starts))}
	any := false
	for k, s := range starts {
		p := partAt(d.Parts, s)
		src.Passages[k] = [2]int{p.File, p.Page}
		any = any || p.File > 0
	}
	if !any {
		return ""
	}
	b, _ := json.Marshal(src) // strings and numbers only
	return string(b)
}

// ParseSources reads the sources field; "" gives nil.
func ParseSources(s string) (*Sources, error) {
	if s == "" {
		return nil, nil
	}
	var src Sources
	if err := json.Unmarshal([]byte(s), &src); err != nil {
		return nil, fmt.Errorf("searchindex: bad sources: %w", err)
	}
	for _, p := range src.Passages {
		if p[0] < 0 || p[0] > len(src.Files) || p[1] < 0 {
			return nil, fmt.Errorf("searchindex: bad sources: passage of file %d page %d", p[0], p[1])
		}
	}
	return &src, nil
}

// Of returns the file and page passage k comes from, and the address that
// opens the file at that page (#page=N, which PDF viewers follow); all
// zero when it is text of no file. s may be nil.
func (s *Sources) Of(k int) (file, url string, page int) {
	if s == nil || k >= len(s.Passages) || s.Passages[k][0] == 0 {
		return "", "", 0
	}
	f := s.Files[s.Passages[k][0]-1]
	page = s.Passages[k][1]
	url = f.URL
	if url != "" && page > 0 {
		url += "#page=" + strconv.Itoa(page)
	}
	return f.Name, url, page
}

// ParsePassages reads the passages field: the byte offsets and first
// positions of the passages after the first.
func ParsePassages(s string) (offsets, positions []int, err error) {
	for _, f := range strings.Fields(s) {
		o, p, ok := strings.Cut(f, ":")
		oi, err1 := strconv.Atoi(o)
		pi, err2 := strconv.Atoi(p)
		if !ok || err1 != nil || err2 != nil {
			return nil, nil, fmt.Errorf("searchindex: bad passage %q", f)
		}
		offsets = append(offsets, oi)
		positions = append(positions, pi)
	}
	return offsets, positions, nil
}

// analyseDoc maps a document and analyses its fields: the text with
// analysis.IndexAnalyzer, its words into FieldText and the parts of its compounds
// into FieldParts; the other fields as the mapping says.
func analyseDoc(m *mapping.IndexMappingImpl, a *analysis.IndexAnalyzer, doc *Doc) (index.Document, error) {
	full := doc.full()
	text, body := full.Text, full.Body
	breaks := make([]int, len(full.Parts))
	for i, p := range full.Parts {
		breaks[i] = p.Start
	}
	starts := PassageStarts(body, doc.PassageLen, breaks)
	fields := doc.fields(text, body)
	if src := sourcesOf(full, starts); src != "" {
		fields[FieldSources] = src
	}
	d := document.NewDocument(doc.Key)
	if err := m.MapDocument(d, fields); err != nil {
		return nil, err
	}
	d.AddIDField()
	out := &analysedDoc{Document: d, fields: make([]index.Field, 0, len(d.Fields)+1)}
	for _, f := range d.Fields {
		if !f.Options().IsIndexed() {
			out.fields = append(out.fields, &analysedField{Field: f})
			continue
		}
		if f.Name() == FieldTitle {
			// The title with the parts of its compounds, so that the rank
			// tier of the title holds a part in a title word (Breitband in
			// "Breitbandausbau"); the parts stand far beyond the title's
			// words, so that no phrase spans them, and count not in its
			// length.
			toks := a.Analyze([]byte(doc.Title))
			words := 0
			for _, t := range toks {
				if t.Type == analysis.PartType {
					t.Position = titlePartPosition
				} else {
					words++
				}
			}
			out.fields = append(out.fields, &analysedField{Field: f, preset: true, length: words,
				freqs: bleveanalysis.TokenFrequency(toks, nil, f.Options())})
			continue
		}
		if f.Name() != FieldText {
			f.Analyze()
			out.fields = append(out.fields, &analysedField{Field: f})
			continue
		}
		toks := a.Analyze([]byte(text))
		words := make(bleveanalysis.TokenStream, 0, len(toks))
		var parts bleveanalysis.TokenStream
		for _, t := range toks {
			if t.Type == analysis.PartType {
				parts = append(parts, t)
			} else {
				words = append(words, t)
			}
		}
		out.fields = append(out.fields, &analysedField{Field: f, preset: true, length: len(words),
			freqs: bleveanalysis.TokenFrequency(words, nil, f.Options())})
		if len(parts) > 0 {
			pf := document.NewTextFieldWithIndexingOptions(FieldParts, nil, nil, partsOptions)
			out.fields = append(out.fields, &analysedField{Field: pf, preset: true, length: len(words),
				freqs: bleveanalysis.TokenFrequency(parts, nil, partsOptions)})
		}
		if p := passages(doc, starts, words); p != "" {
			pf := document.NewTextFieldWithIndexingOptions(FieldPassages, nil, []byte(p), index.StoreField)
			out.fields = append(out.fields, &analysedField{Field: pf})
		}
	}
	out.fields = withEveryField(out.fields)
	return out, nil
}

// withEveryField adds to fields an empty field (no terms, an empty stored
// value) for each field of the mapping they lack. Zap merges segments of
// the same fields by copying their postings' bytes; segments of other
// fields it merges by decoding and encoding every posting's locations
// again, which took a week's rebuild of Karlsruhe's merge 1.7 instead of
// 0.9 CPU s: a chunk without papers has no reference, one without file
// texts no sources (docs/benchmarks.md, round 17). An empty field
// matches nothing and reads as no field.
func withEveryField(fields []index.Field) []index.Field {
	have := make(map[string]bool, len(fields))
	for _, f := range fields {
		have[f.Name()] = true
	}
	for _, mf := range everyField() {
		if !have[mf.name] {
			fields = append(fields, &analysedField{Field: document.NewTextFieldWithIndexingOptions(mf.name, nil, nil, mf.opts), preset: true})
		}
	}
	return fields
}

// buildDictionary counts the words of all documents, on all cores.
func buildDictionary(docs []*Doc) *analysis.Dictionary {
	workers := max(1, runtime.GOMAXPROCS(0))
	builders := make([]*analysis.DictionaryBuilder, workers)
	var wg sync.WaitGroup
	for w := range workers {
		builders[w] = analysis.NewDictionaryBuilder()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(docs); i += workers {
				builders[w].Add(docs[i].full().Text)
			}
		}()
	}
	wg.Wait()
	for _, b := range builders[1:] {
		builders[0].Merge(b)
	}
	return builders[0].Dictionary()
}

// encodeSplits writes query splits as lines "term<TAB>part part…", sorted.
func encodeSplits(splits map[string][]string) []byte {
	var b strings.Builder
	for _, t := range slices.Sorted(maps.Keys(splits)) {
		b.WriteString(t)
		b.WriteByte('\t')
		b.WriteString(strings.Join(splits[t], " "))
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// decodeSplits reads what encodeSplits wrote.
func decodeSplits(data []byte) (map[string][]string, error) {
	out := map[string][]string{}
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if line == "" {
			continue
		}
		t, parts, ok := strings.Cut(line, "\t")
		if !ok || len(strings.Fields(parts)) < 2 {
			return nil, fmt.Errorf("searchindex: %s:%d: want a term, a tab and two or more parts", splitsFile, i+1)
		}
		out[t] = strings.Fields(parts)
	}
	return out, nil
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
