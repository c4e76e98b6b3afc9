package staticindex

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"

	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
)

// facetValues are the facet values of every document, by number: indexes
// into the entry's tables, 1-based, 0 for none.
type facetValues struct {
	committeeNames []string
	committee      []int
	kind           []int
	category       []int
	year           []int // into the entry's years
	// matter is the number of the document standing for the document's
	// matter (its own for a document that stands for itself).
	matter []int
}

// newFacetValues fills the entry's committee table and numbers the
// documents' values.
func newFacetValues(docs []docInfo, entry *Entry) *facetValues {
	entry.Committees = sortedCommittees(docs)
	committee := map[string]int{}
	for i, c := range entry.Committees {
		committee[c] = i + 1 // 0: none
	}
	kind := map[string]int{}
	for i, k := range entry.Kinds {
		kind[k] = i
	}
	category := map[string]int{}
	for i, c := range entry.ResultCategories {
		category[c] = i + 1 // 0: none
	}
	fv := &facetValues{committeeNames: entry.Committees, committee: make([]int, len(docs)), kind: make([]int, len(docs)),
		category: make([]int, len(docs)), year: make([]int, len(docs))}
	num := make(map[string]int, len(docs))
	for i, d := range docs {
		fv.committee[i], fv.kind[i], fv.category[i] = committee[d.committee], kind[d.kind], category[d.category]
		num[d.key] = i
	}
	fv.matter = make([]int, len(docs))
	for i, d := range docs {
		m, ok := num[d.matter]
		if !ok {
			m = i // a matter not in the index: the document's own
		}
		fv.matter[i] = m
	}
	// Years: documents are in date order, so each year is a range.
	entry.Years = []YearRange{}
	for i, d := range docs {
		if d.year == "" {
			continue
		}
		if n := len(entry.Years); n > 0 && entry.Years[n-1].Year == d.year {
			entry.Years[n-1].End = i + 1
		} else {
			entry.Years = append(entry.Years, YearRange{Year: d.year, First: i, End: i + 1})
		}
		fv.year[i] = len(entry.Years)
	}
	return fv
}

// docStore writes the document chunks and their directories, the facet
// blocks and the date index; it returns what the dictionary's entries
// say of the documents.
func (e *exporter) docStore(docs []docInfo, entry *Entry, fv *facetValues) (*docLayout, error) {
	// Date index: the first document of each date.
	var dw writer
	var dates [][2]int
	for i, d := range docs {
		di := dateInt(d.date)
		if len(dates) == 0 || dates[len(dates)-1][0] != di {
			dates = append(dates, [2]int{di, i})
		}
	}
	dw.int(len(dates))
	prevDate, prevDoc := 0, 0
	for _, d := range dates {
		dw.int(d[0] - prevDate)
		dw.int(d[1] - prevDoc)
		prevDate, prevDoc = d[0], d[1]
	}
	h, err := e.write(dw.b, &e.st.DocBytes)
	if err != nil {
		return nil, err
	}
	entry.DateIndex = h.name()

	// Document chunks, in groups of DirChunks named together, and the
	// directories listing the groups; the later passages of each
	// document in text packs of PackPassages passages, named after its
	// group's text, so that an excerpt fetches the passages near its own.
	// Both are compressed with a preset dictionary of sample documents.
	z, err := e.docDictionary(docs)
	if err != nil {
		return nil, err
	}
	entry.Dicts = []string{z.h.name()}
	starts := make([][]int, len(docs))
	entry.Docs = DocsEntry{Chunk: e.opts.DocChunk, DirChunks: e.opts.DocDirChunks, PackPassages: e.opts.PackPassages}
	perGroup := e.opts.DocChunk * e.opts.DocDirChunks
	var groups []docGroup
	for g := 0; g*perGroup < len(docs); g++ {
		var chunks [][]byte
		var packs [][][]byte // by document of the group
		for c := g * e.opts.DocDirChunks; c < (g+1)*e.opts.DocDirChunks && c*e.opts.DocChunk < len(docs); c++ {
			var w writer
			first := c * e.opts.DocChunk
			part := docs[first:min(len(docs), (c+1)*e.opts.DocChunk)]
			w.int(len(part))
			for k, d := range part {
				encodeDoc(&w, docs, fv, first+k)
				starts[first+k] = d.starts
				var ps [][]byte
				later := d.passages[1:]
				for j := 0; j < len(later); j += e.opts.PackPassages {
					var pw writer
					for _, p := range later[j:min(len(later), j+e.opts.PackPassages)] {
						pw.string(p)
					}
					ps = append(ps, pw.b)
				}
				packs = append(packs, ps)
			}
			chunks = append(chunks, w.b)
		}
		grp := docGroup{chunks: groupHash(z, [][][]byte{chunks}), texts: groupHash(z, packs)}
		for c, p := range chunks {
			if err := e.writeNamed(chunkName(grp.chunks, c), "", p, &e.st.DocBytes, z); err != nil {
				return nil, err
			}
		}
		for m, ps := range packs {
			for j, p := range ps {
				if err := e.writeNamed(textPackName(grp.texts, m, j), "", p, &e.st.DocBytes, z); err != nil {
					return nil, err
				}
			}
		}
		groups = append(groups, grp)
	}
	// The directory tree: a directory lists DirChunks groups (the names
	// of their chunks and of their text packs), or DirChunks directories
	// of the level below, up to one root, which the entry holds.
	var level [][]byte
	for _, g := range groups {
		level = append(level, append(g.chunks[:], g.texts[:]...))
	}
	for entry.Docs.Levels == 0 || len(level) > e.opts.DocDirChunks {
		var next [][]byte
		for i := 0; i < len(level); i += e.opts.DocDirChunks {
			var w writer
			for _, h := range level[i:min(len(level), i+e.opts.DocDirChunks)] {
				w.raw(h)
			}
			h, err := e.write(w.b, &e.st.DocBytes)
			if err != nil {
				return nil, err
			}
			next = append(next, h[:])
		}
		level = next
		entry.Docs.Levels++
	}
	entry.Docs.Dirs = []string{}
	for _, h := range level {
		entry.Docs.Dirs = append(entry.Docs.Dirs, hash(h).name())
	}

	// Facet blocks: committee and kind/category of every document, in
	// large blocks and, for sparse matches, small ones.
	entry.Facets.Block = e.opts.FacetBlock
	if entry.Facets.Files, err = e.facetBlocks(fv, len(docs), e.opts.FacetBlock); err != nil {
		return nil, err
	}
	if e.opts.FineFacetBlock < e.opts.FacetBlock {
		entry.Facets.FineBlock = e.opts.FineFacetBlock
		if entry.Facets.FineFiles, err = e.facetBlocks(fv, len(docs), e.opts.FineFacetBlock); err != nil {
			return nil, err
		}
	}
	if entry.FacetSets, err = e.facetSets(fv, len(entry.Committees), len(entry.Kinds), len(entry.ResultCategories)); err != nil {
		return nil, err
	}
	return &docLayout{starts: starts, matter: fv.matter}, nil
}

// docLayout is what the dictionary's entries say of the documents: where
// their later passages begin (a located term's entry says which holds
// the term first) and their matters. Their groups are the directories'
// alone (format 22).
type docLayout struct {
	starts [][]int // by document: the first positions of its later passages
	matter []int   // by document: the document standing for its matter (facetValues.matter)
}

// otherMatter reports whether another document stands for document d's
// matter, and zigzag(d − that document): a located document's entry and
// a head's best document flag the one and write the other after it.
func (f *docLayout) otherMatter(d int) (int, bool) {
	return zigzag(d - f.matter[d]), f.matter[d] != d
}

// docGroup names the files of a group of DirChunks document chunks:
// chunk c of the group is chunkName(chunks, c), the j-th text pack of its
// m-th document textPackName(texts, m, j).
type docGroup struct {
	chunks, texts hash
}

// encodeDoc writes document i as its chunk holds it.
func encodeDoc(w *writer, docs []docInfo, fv *facetValues, i int) {
	d := docs[i]
	w.string(d.id)
	w.string(d.url)
	w.byte(byte(fv.kind[i]))
	w.byte(docFlags(d, fv.matter[i] != i))
	w.string(d.title)
	w.string(d.date)
	w.int(fv.committee[i])
	w.string(d.result)
	w.byte(byte(fv.category[i]))
	w.string(d.passages[0])
	w.int(len(d.starts))
	prev := 0
	for _, p := range d.starts {
		w.int(p - prev)
		prev = p
	}
	if src := d.sources; src != nil {
		w.int(len(src.Files))
		for _, f := range src.Files {
			w.string(f.Name)
			w.string(f.URL)
		}
		for _, p := range src.Passages {
			w.int(p[0])
			w.int(p[1])
		}
	}
	if len(d.path) > 0 {
		writePath(w, d.path)
	}
	if m := fv.matter[i]; m != i {
		// The matter's document, which the hit shows: no fetch for it.
		md := docs[m]
		w.byte(byte(fv.kind[m]))
		w.string(md.id)
		w.string(md.url)
		w.string(md.title)
		w.int(fv.committee[m])
		w.string(md.result)
		w.byte(byte(fv.category[m]))
		writePath(w, md.path)
	}
}

// groupHash names a group's chunks or text packs: the hash of the
// preset dictionary's name, then per document (or chunk) the number of
// its files and their payloads, each with its length, so that the name
// fixes their bytes. The chunks of a group are hashed as one list.
func groupHash(z *zdict, lists [][][]byte) hash {
	s := sha256.New()
	s.Write(z.h[:])
	for _, ps := range lists {
		s.Write(binary.AppendUvarint(nil, uint64(len(ps))))
		for _, p := range ps {
			s.Write(binary.AppendUvarint(nil, uint64(len(p))))
			s.Write(p)
		}
	}
	var h hash
	copy(h[:], s.Sum(nil))
	return h
}

// chunkName is the file of the c-th chunk (from 0) of the group whose
// chunks are named h.
func chunkName(h hash, c int) string {
	return fmt.Sprintf("%s/%s-%d.bin", ShardDir, hex.EncodeToString(h[:]), c)
}

// textPackName is the file of the j-th text pack (from 0) of the m-th
// document of the group whose text packs are named h.
func textPackName(h hash, m, j int) string {
	return fmt.Sprintf("%s/%s-%d-%d.bin", ShardDir, hex.EncodeToString(h[:]), m, j)
}

// docDictionary writes the preset dictionary of the document chunks and
// text packs: the beginnings (DictSampleBytes) of sample documents, up to
// DictBytes — their id, url, title, date, result and first passage, as a
// chunk encodes them. The samples are the documents whose keys hash lowest
// among the older documents: the first half of the largest power of two
// not above the number of documents. So the dictionary, and with it every
// chunk's name, stays the same when documents are added (at the end, as
// new meetings are) or their paths change, until the number of documents
// doubles.
func (e *exporter) docDictionary(docs []docInfo) (*zdict, error) {
	older := 1
	for older*2 <= len(docs) {
		older *= 2
	}
	older = min(len(docs), max(1, older/2))
	type sample struct {
		sum [sha256.Size]byte
		i   int
	}
	samples := make([]sample, older)
	for i, d := range docs[:older] {
		samples[i] = sample{sha256.Sum256([]byte(d.key)), i}
	}
	slices.SortFunc(samples, func(a, b sample) int { return bytes.Compare(a.sum[:], b.sum[:]) })
	var dict []byte
	for _, s := range samples {
		if len(dict) >= e.opts.DictBytes {
			break
		}
		d := docs[s.i]
		var w writer
		for _, f := range []string{d.id, d.url, d.title, d.date, d.result, d.passages[0]} {
			w.string(f)
		}
		dict = append(dict, w.b[:min(len(w.b), e.opts.DictSampleBytes)]...)
	}
	dict = dict[:min(len(dict), e.opts.DictBytes)]
	z := newZdict(0, dict)
	if _, err := e.write(dict, &e.st.DocBytes); err != nil {
		return nil, err
	}
	return z, nil
}

// facetSets writes the documents of each committee, kind and result
// category, so that a filter loads its values' documents at once, beside
// the query's words, instead of the facet values of the words' matches.
func (e *exporter) facetSets(fv *facetValues, committees, kinds, categories int) (FacetSetsEntry, error) {
	write := func(n int, value []int, first int) ([]string, error) {
		sets := make([][]int, n)
		for d, v := range value {
			if v >= first {
				sets[v-first] = append(sets[v-first], d)
			}
		}
		names := make([]string, n)
		for i, docs := range sets {
			var w writer
			w.int(len(docs))
			w.docset(docs)
			h, err := e.write(w.b, &e.st.FacetBytes)
			if err != nil {
				return nil, err
			}
			names[i] = h.name()
		}
		return names, nil
	}
	var s FacetSetsEntry
	var err error
	if s.Committee, err = write(committees, fv.committee, 1); err != nil {
		return s, err
	}
	// A hit shows its matter, and the kind filter selects by what it
	// shows, as the facet blocks count it.
	matterKind := make([]int, len(fv.kind))
	for d, m := range fv.matter {
		matterKind[d] = fv.kind[m]
	}
	if s.Kind, err = write(kinds, matterKind, 0); err != nil {
		return s, err
	}
	s.ResultCategory, err = write(categories, fv.category, 1)
	return s, err
}

// facetBlocks writes the facet values of n documents in blocks of size.
func (e *exporter) facetBlocks(fv *facetValues, n, size int) ([]string, error) {
	files := []string{}
	for first := 0; first < n; first += size {
		end := min(n, first+size)
		var w writer
		w.int(end - first)
		for i := first; i < end; i++ {
			w.int(fv.committee[i])
		}
		for i := first; i < end; i++ {
			w.byte(byte(fv.kind[fv.matter[i]]<<4 | fv.category[i]))
		}
		for i := first; i < end; i++ {
			w.int(zigzag(i - fv.matter[i])) // 0 for a document of its own matter
		}
		h, err := e.write(w.b, &e.st.FacetBytes)
		if err != nil {
			return nil, err
		}
		files = append(files, h.name())
	}
	return files, nil
}

// The bits of a document's flags byte.
const (
	flagClosedSession = 1 // an agenda item treated in closed session
	flagSources       = 2 // the files and pages of its passages follow
	flagPath          = 4 // a paper's path follows
	flagMatter        = 8 // the document of its matter follows (an item's paper)
)

// zigzag maps a signed difference to an unsigned one, small for small
// differences either way (0, -1, 1, -2 … → 0, 1, 2, 3 …).
func zigzag(d int) int {
	if d < 0 {
		return -2*d - 1
	}
	return 2 * d
}

// writePath writes a paper's path: its length, then its stations.
func writePath(w *writer, path []searchindex.Step) {
	w.int(len(path))
	for _, s := range path {
		w.string(s.Meeting)
		w.string(s.Date)
		w.string(s.Committee)
		w.string(s.Result)
		w.string(s.URL)
	}
}

func docFlags(d docInfo, ofMatter bool) byte {
	var f byte
	if d.closedSession {
		f |= flagClosedSession
	}
	if d.sources != nil {
		f |= flagSources
	}
	if len(d.path) > 0 {
		f |= flagPath
	}
	if ofMatter {
		f |= flagMatter
	}
	return f
}
