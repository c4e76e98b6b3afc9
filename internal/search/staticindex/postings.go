package staticindex

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
)

// fields are the analysed fields, in the order of a term's field mask bits.
var fields = []string{searchindex.FieldTitle, searchindex.FieldText, searchindex.FieldParts}

// maskSummary is the bit of a term's mask that says its entry ends with
// the summary of its documents (summary.go).
const maskSummary = 1 << 3

// maskSplit is the bit of a term's mask that says its entry ends with the
// parts a query of it also finds as words of their own (searchindex
// Index.Splits).
const maskSplit = 1 << 4

// maskPartLists is the bit of a term's mask that says its split is
// followed by its parts' posting lists (a compound with a summary).
const maskPartLists = 1 << 6

// maskLocate is the bit of a term's mask that says its entry ends with its
// documents, their matters and the text pack of the term's first passage
// in each, so that a query picks its page and loads the passages of its
// excerpts beside their chunks.
const maskLocate = 1 << 5

// refOwn is the file of a reference into the shard's own blobs; a file of
// its table is referred to by its place plus 1.
const refOwn = 0

// PL descriptor modes.
const (
	plInline = 0 // postings and positions in the dictionary entry
	plPacked = 1 // postings and positions blobs in packs
	plLarge  = 2 // a head blob: docset, top tier, block maxima, block files
)

// Docset encodings in a head blob.
const (
	docsetGaps   = 0
	docsetBitmap = 1
)

type posting struct {
	doc, freq, length int
	pos               []int32
	score             float64 // docScore, the impact
}

// pack collects blobs into one shard file.
type pack struct{ w writer }

// dictShard is the dictionary shard being written with the packs it uses.
type dictShard struct {
	w        writer
	first    string
	last     string
	full     string // the last term when the shard became full
	terms    int
	files    []hash // file table
	fileIdx  map[hash]int
	own      writer // postings and heads in the shard itself
	cold     *pack  // positions
	coldIdx  int    // file table index of the open cold pack, -1 if none
	pendings []pendingPack
	cur      string    // the term whose lists are being written
	heads    []bigHead // heads of the terms' own lists in files of their own
	// summarized are the keyHashes of the word pairs with a summary,
	// which the dictionary page lists beside the shard.
	summarized []uint16
}

// bigHead is the head of a term's list in a file of its own (bigger than
// ShardBlobBytes), which the dictionary page names beside its shard.
type bigHead struct {
	term string
	h    hash
}

// pendingPack is a pack whose hash becomes known when it is closed.
type pendingPack struct {
	p   *pack
	idx int
}

func newDictShard() *dictShard {
	return &dictShard{fileIdx: map[hash]int{}, coldIdx: -1}
}

// dictionary writes the dictionary shards, packs and block files.
func (e *exporter) dictionary(ctx context.Context, r index.IndexReader, num *docNums, entry *Entry, sum *summarizer, files *docLayout, splits func(string) []string, pairs func() ([]wordPair, error)) error {
	terms, stop := readTerms(ctx, r, num, entry, splits, readTermsAhead)
	defer stop()
	// The dictionary index has two levels: the root lists pages, a page
	// lists shards, so that a lookup fetches a small part of the index.
	var page writer
	pageShards, pageFirst := 0, ""
	// The payloads of the page's shards: a shard is named after its page
	// (dictShardName), so it is written once the page is.
	var shardPayloads [][]byte
	// A shard is listed by its separator: the shortest beginning of its
	// first term that sorts after the last term of the shard before.
	lastTerm, prevSep := "", ""
	entry.Dict = []DictPage{}
	// The root the pages go to: the words', then the word pairs'.
	root := &entry.Dict
	flushPage := func() error {
		if pageShards == 0 {
			return nil
		}
		contents := make([]hash, len(shardPayloads))
		for i, p := range shardPayloads {
			contents[i] = payloadHash(p)
		}
		var w writer
		w.int(pageShards)
		w.raw(shardsDigest(contents))
		w.raw(page.b)
		h, err := e.writeStartup(w.b, &e.st.DictBytes)
		if err != nil {
			return err
		}
		for i, p := range shardPayloads {
			if err := e.writeNamed(dictShardName(h.name(), i), contents[i].name(), p, &e.st.DictBytes, nil); err != nil {
				return err
			}
		}
		shardPayloads = nil
		// The root is in the entry, whose JSON holds UTF-8 only (so do
		// record files and the analysis, and separators end at a
		// character's end).
		if !utf8.ValidString(pageFirst) {
			return fmt.Errorf("staticindex: term %q is not UTF-8", pageFirst)
		}
		*root = append(*root, DictPage{First: pageFirst, Page: h.name()})
		page, pageShards = writer{}, 0
		return nil
	}
	// The lists of compounds' parts, in files of their own, once each.
	partLists := map[string][3]*ownList{}
	// The parts of the compounds and the terms with a summary, for the
	// parts filter.
	parts, summarized := map[string]bool{}, map[string]bool{}
	sh := newDictShard()
	prev := ""
	flush := func() error {
		if sh.terms == 0 {
			return nil
		}
		payload, err := e.closeShard(sh)
		if err != nil {
			return err
		}
		shardPayloads = append(shardPayloads, payload)
		sep := ""
		if len(*root) > 0 || pageShards > 0 {
			sep = separator(lastTerm, sh.first)
		}
		if pageShards == 0 {
			pageFirst, prevSep = sep, ""
		}
		// The lists' files of its own, by term (a query that needs a
		// term's lists fetches them beside its shard), when there are any
		// (bit 0 of the shared bytes' count); the word pairs with a
		// summary, when there are any (bit 1), so that a query of such a
		// phrase knows before the shard that its words' entries and lists
		// are not needed.
		shared := commonPrefix(prevSep, sep)
		page.int(shared<<2 | min(len(sh.summarized), 1)<<1 | min(len(sh.heads), 1))
		page.string(sep[shared:])
		if len(sh.heads) > 0 {
			page.int(len(sh.heads))
			for _, b := range sh.heads {
				page.string(b.term)
				page.raw(b.h[:])
			}
		}
		if len(sh.summarized) > 0 {
			page.int(len(sh.summarized))
			for _, h := range sh.summarized {
				page.b = binary.LittleEndian.AppendUint16(page.b, h)
			}
		}
		pageShards++
		lastTerm, prevSep = sh.last, sep
		sh = newDictShard()
		prev = ""
		if pageShards == e.opts.DictPageShards {
			return flushPage()
		}
		return nil
	}
	// room ends a full shard before term, unless the term begins with
	// the last term when it became full: a compound's first part and the
	// compound, which a query of the compound looks up both, stay in one
	// shard, up to a quarter more.
	room := func(term string, limit int) error {
		if size := sh.w.len() + sh.own.len() + hashLen*len(sh.files); size >= limit {
			if sh.full == "" {
				sh.full = sh.last
			}
			if !strings.HasPrefix(term, sh.full) || size >= limit*5/4 {
				return flush()
			}
		}
		return nil
	}
	// add appends a finished entry to the shard.
	add := func(term string, ent []byte) {
		if sh.terms == 0 {
			sh.first = term
		}
		sh.w.raw(ent)
		sh.terms++
		sh.last = term
		prev = term
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		t, ok := <-terms
		if !ok {
			break
		}
		if t.err != nil {
			return t.err
		}
		term, mask, lists, split := t.term, t.mask, t.lists, t.split
		e.st.Terms++
		if err := room(term, e.opts.DictShardBytes); err != nil {
			return err
		}
		for _, ps := range lists {
			e.st.Postings += len(ps)
		}
		// A query of a compound finds its parts as words of their own
		// too: its summary reads theirs, and its entry carries their
		// lists.
		counts, err := sum.summary(lists, split, func(p string) ([][]posting, error) {
			return termLists(ctx, r, p, 1<<len(fields)-1, num, entry, false)
		})
		if err != nil {
			return err
		}
		if counts != nil {
			mask |= maskSummary
		}
		if split != nil {
			mask |= maskSplit
			if counts != nil {
				mask |= maskPartLists
			}
		}
		located := termDocs(lists, e.opts.LocateDocs)
		if located != nil {
			mask |= maskLocate
		}
		var ent writer
		sh.cur = term
		shared := commonPrefix(prev, term)
		ent.int(shared)
		ent.string(term[shared:])
		ent.byte(mask)
		for fi := range fields {
			if lists[fi] != nil || mask&(1<<fi) != 0 {
				if err := e.postingList(sh, &ent, lists[fi], files); err != nil {
					return err
				}
			}
		}
		if counts != nil {
			// In the entry: a query of the word alone needs nothing else
			// before its documents.
			ent.bytes(counts)
			summarized[term] = true
		}
		if split != nil {
			ent.int(len(split))
			for _, p := range split {
				ent.string(p)
				parts[p] = true
			}
		}
		if mask&maskPartLists != 0 {
			// The parts' lists, so that a query of the compound that its
			// summary does not answer needs no entry of theirs; their
			// blobs are files of their own, which every compound of the
			// part shares.
			for _, p := range split {
				ds, ok := partLists[p]
				if !ok {
					ls, err := termLists(ctx, r, p, 1<<len(fields)-1, num, entry, true)
					if err != nil {
						return err
					}
					for fi, ps := range ls {
						if len(ps) > 0 {
							if ds[fi], err = e.ownList(ps, files); err != nil {
								return err
							}
						}
					}
					partLists[p] = ds
				}
				var pm byte
				for fi, d := range ds {
					if d != nil {
						pm |= 1 << fi
					}
				}
				ent.byte(pm)
				for _, d := range ds {
					if d != nil {
						d.write(sh, &ent)
					}
				}
			}
		}
		if located != nil {
			ent.int(len(located))
			prev := 0
			for _, d := range located {
				ent.int(d - prev)
				prev = d
				// Where the term's first passage in the document's text
				// is: 0 the first passage, in the chunk; 1 the first text
				// pack; 2 a later one, whose number follows; doubled,
				// plus 1 when another document stands for its matter,
				// which then follows (format 20: a page of one hit per
				// matter knows which documents to show before their
				// chunks). The document's group is not named: the
				// directories, which a client loads at start-up, name
				// every group (format 22).
				pack := -1
				if k := firstPassage(lists[1], d, files.starts[d]); k > 0 {
					pack = (k - 1) / e.opts.PackPassages
				}
				z, otherMatter := files.otherMatter(d)
				other := 0
				if otherMatter {
					other = 1
				}
				switch {
				case pack < 0:
					ent.int(other)
				case pack == 0:
					ent.int(2 + other)
				default:
					ent.int(4 + other)
					ent.int(pack)
				}
				if otherMatter {
					ent.int(z)
				}
			}
		}
		add(term, ent.b)
	}
	if err := flush(); err != nil {
		return err
	}
	if err := flushPage(); err != nil {
		return err
	}
	if len(parts) > 0 {
		h, err := e.write(partsFilter(parts, summarized), &e.st.DictBytes)
		if err != nil {
			return err
		}
		entry.PartsFilter = h.name()
	}
	// Then the word pairs, read meanwhile, in a dictionary of their own
	// (Entry.PairDict): only a phrase looks them up. Their shards are
	// smaller, as a phrase of rare words fetches one in vain.
	wps, err := pairs()
	if err != nil || len(wps) == 0 {
		return err
	}
	entry.PairMinDocs = e.opts.PairMinDocs
	entry.PairDict = []DictPage{}
	root, lastTerm, prevSep = &entry.PairDict, "", ""
	phrases := &phraseSummaries{ctx: ctx, r: r, num: num, entry: entry, sum: sum, opts: e.opts}
	for i := range wps {
		wp := &wps[i]
		if err := room(wp.key, e.opts.PairShardBytes); err != nil {
			return err
		}
		var ent writer
		sh.cur = wp.key
		shared := commonPrefix(prev, wp.key)
		ent.int(shared)
		ent.string(wp.key[shared:])
		summary, textDF, err := phrases.summary(wp)
		if err != nil {
			return err
		}
		if summary != nil {
			e.st.PairSummaries++
			sh.summarized = append(sh.summarized, keyHash(wp.key))
		}
		if err := e.pairEntry(sh, &ent, wp, summary, textDF); err != nil {
			return err
		}
		add(wp.key, ent.b)
		e.st.Pairs++
	}
	if err := flush(); err != nil {
		return err
	}
	return flushPage()
}

// firstPassage is the first passage (0 the first, in the document's
// chunk) of document d's text, whose later passages begin at starts, that
// holds a posting of text (a term's text list, by document): the passage
// an excerpt of the term alone comes from. 0 when text has no posting of d.
func firstPassage(text []posting, d int, starts []int) int {
	i, ok := slices.BinarySearchFunc(text, d, func(p posting, d int) int { return p.doc - d })
	if !ok || len(text[i].pos) == 0 {
		return 0
	}
	first := int(text[i].pos[0])
	k, _ := slices.BinarySearch(starts, first+1)
	return k
}

// termDocs returns the documents of a term's lists in any field,
// ascending, when there are at most most of them; else nil.
func termDocs(lists [][]posting, most int) []int {
	var docs []int
	for _, ps := range lists {
		if len(ps) > most {
			return nil
		}
		for _, p := range ps {
			docs = append(docs, p.doc)
		}
	}
	slices.Sort(docs)
	docs = slices.Compact(docs)
	if len(docs) == 0 || len(docs) > most {
		return nil
	}
	return docs
}

// postingList appends a PL descriptor to ent, writing blobs as needed.
func (e *exporter) postingList(sh *dictShard, ent *writer, ps []posting, files *docLayout) error {
	ent.int(len(ps))
	if len(ps) > e.opts.BlockSize {
		ent.byte(plLarge)
		head, err := e.largeHead(ps, files)
		if err != nil {
			return err
		}
		return e.blob(sh, ent, head, true)
	}
	post := encodePostings(ps)
	pos := encodePositions(ps)
	if len(post)+len(pos) <= e.opts.InlineBytes {
		ent.byte(plInline)
		ent.bytes(post)
		ent.bytes(pos)
		return nil
	}
	ent.byte(plPacked)
	if err := e.blob(sh, ent, post, true); err != nil {
		return err
	}
	return e.blob(sh, ent, pos, false)
}

// ownList is a posting list descriptor whose blobs are files of their
// own (a compound's part's, which every compound of the part shares).
type ownList struct {
	df, mode  int
	post, pos []byte // inline
	files     []hash // packed: postings, positions; large: head
	lens      []int
}

// ownList writes the blobs of the posting list ps, each in a file of its
// own, and returns its descriptor.
func (e *exporter) ownList(ps []posting, files *docLayout) (*ownList, error) {
	d := &ownList{df: len(ps)}
	var blobs [][]byte
	if len(ps) > e.opts.BlockSize {
		head, err := e.largeHead(ps, files)
		if err != nil {
			return nil, err
		}
		d.mode, blobs = plLarge, [][]byte{head}
	} else if post, pos := encodePostings(ps), encodePositions(ps); len(post)+len(pos) <= e.opts.InlineBytes {
		d.mode, d.post, d.pos = plInline, post, pos
	} else {
		d.mode, blobs = plPacked, [][]byte{post, pos}
	}
	for _, b := range blobs {
		h, err := e.write(b, &e.st.PostingBytes)
		if err != nil {
			return nil, err
		}
		d.files = append(d.files, h)
		d.lens = append(d.lens, len(b))
	}
	return d, nil
}

// write appends the descriptor to ent, its files to the shard's table.
func (d *ownList) write(sh *dictShard, ent *writer) {
	ent.int(d.df)
	ent.byte(byte(d.mode))
	if d.mode == plInline {
		ent.bytes(d.post)
		ent.bytes(d.pos)
		return
	}
	for i, h := range d.files {
		ent.int(sh.file(h) + 1)
		ent.int(0)
		ent.int(d.lens[i])
	}
}

// blob appends the reference of data to ent: postings and heads (hot)
// in the shard itself, so that the lists of a query's words arrive with
// their entries, positions (cold) in a pack beside it, which a word
// query never downloads; either in a file of its own when it is big.
func (e *exporter) blob(sh *dictShard, ent *writer, data []byte, hot bool) error {
	if hot && len(data) <= e.opts.ShardBlobBytes {
		ent.int(refOwn)
		ent.int(sh.own.len())
		ent.int(len(data))
		sh.own.raw(data)
		return nil
	}
	if hot || len(data) >= e.opts.PackBytes {
		h, err := e.write(data, &e.st.PostingBytes)
		if err != nil {
			return err
		}
		if hot {
			sh.heads = append(sh.heads, bigHead{sh.cur, h})
		}
		ent.int(sh.file(h) + 1)
		ent.int(0)
		ent.int(len(data))
		return nil
	}
	if sh.cold != nil && sh.cold.w.len()+len(data) > e.opts.PackBytes {
		sh.cold = nil
	}
	if sh.cold == nil {
		sh.cold = &pack{}
		sh.coldIdx = len(sh.files)
		sh.files = append(sh.files, hash{}) // filled when the pack closes
		sh.pendings = append(sh.pendings, pendingPack{sh.cold, sh.coldIdx})
	}
	ent.int(sh.coldIdx + 1)
	ent.int(sh.cold.w.len())
	ent.int(len(data))
	sh.cold.w.raw(data)
	return nil
}

func (sh *dictShard) file(h hash) int {
	if i, ok := sh.fileIdx[h]; ok {
		return i
	}
	sh.fileIdx[h] = len(sh.files)
	sh.files = append(sh.files, h)
	return len(sh.files) - 1
}

// closeShard writes the shard's packs and returns the shard's payload,
// which its page writes.
func (e *exporter) closeShard(sh *dictShard) ([]byte, error) {
	for _, p := range sh.pendings {
		h, err := e.write(p.p.w.b, &e.st.PostingBytes)
		if err != nil {
			return nil, err
		}
		sh.files[p.idx] = h
	}
	var w writer
	w.int(len(sh.files))
	for _, h := range sh.files {
		w.raw(h[:])
	}
	w.bytes(sh.own.b)
	w.int(sh.terms)
	w.raw(sh.w.b)
	return w.b, nil
}

// shardsDigest is what a dictionary page holds of its shards' bytes: the
// first hashLen bytes of the SHA-256 of their payloads' hashes
// (payloadHash), so that the page's name, and with it its shards'
// (dictShardName), changes when any of them does.
func shardsDigest(hashes []hash) []byte {
	s := sha256.New()
	for _, h := range hashes {
		s.Write(h[:])
	}
	return s.Sum(nil)[:hashLen]
}

// dictShardName is the file of the i-th shard (from 0) of the dictionary
// page named page, as a group's chunks are named (chunkName). A page
// lists no hash per shard: on Karlsruhe the hashes were 14.5 of the 26.4
// KB of pages that start-up loads, where every week's rebuild changes
// every page, and half the shards, anyway (docs/benchmarks.md, round 19).
func dictShardName(page string, i int) string {
	return fmt.Sprintf("%s-%d.bin", strings.TrimSuffix(page, ".bin"), i)
}

// encodePostings writes doc-ordered postings in columns: document gaps,
// frequencies, field lengths.
func encodePostings(ps []posting) []byte {
	var w writer
	prev := 0
	for i, p := range ps {
		if i == 0 {
			w.int(p.doc)
		} else {
			w.int(p.doc - prev)
		}
		prev = p.doc
	}
	for _, p := range ps {
		w.int(p.freq)
	}
	for _, p := range ps {
		w.int(p.length)
	}
	return w.b
}

// encodePositions writes, per posting, the count and the gaps of its
// positions.
func encodePositions(ps []posting) []byte {
	var w writer
	for _, p := range ps {
		w.int(len(p.pos))
		prev := int32(0)
		for _, x := range p.pos {
			w.int(int(x - prev))
			prev = x
		}
	}
	return w.b
}

// docset appends the documents (ascending) as gaps or a bitmap, whichever
// is smaller: a byte mode, then the gaps, or the bitmap as bytes.
func (w *writer) docset(docs []int) {
	var gaps writer
	prev := 0
	for _, d := range docs {
		gaps.int(d - prev)
		prev = d
	}
	if len(docs) > 0 && docs[len(docs)-1]/8+1 < gaps.len() {
		bm := make([]byte, docs[len(docs)-1]/8+1)
		for _, d := range docs {
			bm[d>>3] |= 1 << (d & 7)
		}
		w.byte(docsetBitmap)
		w.bytes(bm)
		return
	}
	w.byte(docsetGaps)
	w.raw(gaps.b)
}

// largeHead writes the block and position files of a large list and
// returns its head blob.
func (e *exporter) largeHead(ps []posting, files *docLayout) ([]byte, error) {
	var w writer
	docs := make([]int, len(ps))
	for i, p := range ps {
		docs[i] = p.doc
	}
	w.docset(docs)
	// the highest frequency: with a document's field length (known from
	// another list of the same text) it bounds the document's score here
	maxFreq := 0
	for _, p := range ps {
		maxFreq = max(maxFreq, p.freq)
	}
	w.int(maxFreq)
	// top tier: the BlockSize postings with the highest scores, by document
	top := topPostings(ps, e.opts.BlockSize)
	w.int(len(top))
	w.raw(encodePostings(top))
	// blocks: the maximum of each, then the files
	bs := e.opts.BlockSize
	w.int(bs)
	nblocks := (len(ps) + bs - 1) / bs
	for b := range nblocks {
		blk := ps[b*bs : min(len(ps), (b+1)*bs)]
		m := blk[0]
		for _, p := range blk[1:] {
			if p.score > m.score {
				m = p
			}
		}
		w.int(m.freq)
		w.int(m.length)
	}
	// The blocks' frequencies and lengths, and their positions, in files
	// of about BlockFileBytes and PosFileBytes: a list's blocks per file
	// are its own, so that a frequent word's title list (some 250 bytes
	// a block file of four blocks, compressed) is not dozens of requests
	// and its text's not files of many kilobytes. A phrase reads the
	// positions of most of a list, a ranking the blocks of a few
	// documents: position files are bigger.
	perFreq := blocksPerFile(blocksLen(ps), nblocks, e.opts.BlockFileBytes)
	perPos := blocksPerFile(positionsLen(ps), nblocks, e.opts.PosFileBytes)
	w.int(perFreq)
	w.int(perPos)
	freqFiles, err := e.writeListFiles(ps, perFreq*bs, func(part []posting) []byte { return encodeBlocks(part, bs) })
	if err != nil {
		return nil, err
	}
	posFiles, err := e.writeListFiles(ps, perPos*bs, encodePositions)
	if err != nil {
		return nil, err
	}
	for _, h := range freqFiles {
		w.raw(h[:])
	}
	for _, h := range posFiles {
		w.raw(h[:])
	}
	// The best documents, which a query's page most likely shows, with
	// their matters: the gap doubled, plus 1 when another document
	// stands for its matter, which then follows (format 20: a page of one
	// hit per matter knows which of them to show before their chunks).
	// Their groups are the directories' (format 22).
	best := topPostings(ps, e.opts.HeadBest)
	w.int(len(best))
	prev := 0
	for _, p := range best {
		z, other := files.otherMatter(p.doc)
		if other {
			w.int(2*(p.doc-prev) + 1)
		} else {
			w.int(2 * (p.doc - prev))
		}
		prev = p.doc
		if other {
			w.int(z)
		}
	}
	return w.b, nil
}

// blocksPerFile is the number of blocks, of size bytes together, that
// make a file of about target bytes: at least one.
func blocksPerFile(size, nblocks, target int) int {
	if size == 0 {
		return nblocks
	}
	return min(nblocks, max(1, target*nblocks/size))
}

// uvarintLen is the length of x as a uvarint.
func uvarintLen(x int) int {
	return (bits.Len64(uint64(x)|1) + 6) / 7
}

// blocksLen is the length of encodeBlocks(ps, …), counted without
// encoding: a list's sizes are known before its first file is written,
// so that it is encoded one file at a time.
func blocksLen(ps []posting) int {
	n := 0
	for _, p := range ps {
		n += uvarintLen(p.freq) + uvarintLen(p.length)
	}
	return n
}

// positionsLen is the length of encodePositions(ps), counted likewise.
func positionsLen(ps []posting) int {
	n := 0
	for _, p := range ps {
		n += uvarintLen(len(p.pos))
		prev := int32(0)
		for _, x := range p.pos {
			n += uvarintLen(int(x - prev))
			prev = x
		}
	}
	return n
}

// encodeBlocks is a block file's payload: per block of bs postings, their
// frequencies, then their field lengths.
func encodeBlocks(ps []posting, bs int) []byte {
	var w writer
	for b := 0; b < len(ps); b += bs {
		blk := ps[b:min(len(ps), b+bs)]
		for _, p := range blk {
			w.int(p.freq)
		}
		for _, p := range blk {
			w.int(p.length)
		}
	}
	return w.b
}

// writeListFiles writes the postings of ps, per at a time, as files of
// their own, encoded by enc.
func (e *exporter) writeListFiles(ps []posting, per int, enc func([]posting) []byte) ([]hash, error) {
	var hs []hash
	for first := 0; first < len(ps); first += per {
		h, err := e.write(enc(ps[first:min(len(ps), first+per)]), &e.st.PostingBytes)
		if err != nil {
			return nil, err
		}
		hs = append(hs, h)
	}
	return hs, nil
}

// termLists reads a term's postings in the fields of mask, each with its
// score, and with withPos its positions.
func termLists(ctx context.Context, r index.IndexReader, term string, mask byte, num *docNums, entry *Entry, withPos bool) ([][]posting, error) {
	lists := make([][]posting, len(fields))
	for fi, f := range fields {
		if mask&(1<<fi) == 0 {
			continue
		}
		ps, err := readPostings(ctx, r, term, f, num, withPos)
		if err != nil {
			return nil, err
		}
		fs := entry.Fields[f]
		termIDF := idf(entry.Documents, len(ps))
		for i := range ps {
			ps[i].score = docScore(termIDF, fs.AvgDL, uint64(ps[i].freq), norm(ps[i].length))
		}
		lists[fi] = ps
	}
	return lists, nil
}

// readPostings reads a term's postings of one field, by document number.
func readPostings(ctx context.Context, r index.IndexReader, term, field string, num *docNums, withPos bool) ([]posting, error) {
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, true, true, withPos)
	if err != nil {
		return nil, fmt.Errorf("staticindex: %s:%s: %w", field, term, err)
	}
	defer tfr.Close()
	ps := make([]posting, 0, tfr.Count())
	ends := make([]int, 0, tfr.Count())
	var flat []int32
	var tfd index.TermFieldDoc
	for {
		d, err := tfr.Next(&tfd)
		if err != nil {
			return nil, fmt.Errorf("staticindex: %s:%s: %w", field, term, err)
		}
		if d == nil {
			break
		}
		n, ok := num.get(d.ID)
		if !ok {
			return nil, fmt.Errorf("staticindex: %s:%s: unknown document", field, term)
		}
		l, err := fieldLen(d.Norm)
		if err != nil {
			return nil, fmt.Errorf("staticindex: %s:%s: %w", field, term, err)
		}
		start := len(flat)
		for _, v := range d.Vectors {
			flat = append(flat, int32(v.Pos))
		}
		slices.Sort(flat[start:])
		ps = append(ps, posting{doc: n, freq: int(d.Freq), length: l})
		ends = append(ends, len(flat))
	}
	// Positions share one array (set once it stops growing).
	start := 0
	for i, end := range ends {
		ps[i].pos = flat[start:end:end]
		start = end
	}
	sortByDoc(ps)
	return ps, nil
}

// byDoc orders postings by document number.
func byDoc(a, b posting) int { return cmp.Compare(a.doc, b.doc) }

// sortByDoc orders postings of distinct documents by document number. It
// sorts each number with its place as one uint64, then moves every
// posting once along the permutation's cycles: Bleve hands a list over
// segment by segment, and sorting the 56-byte postings themselves with a
// comparison function was a sixth of the static export's CPU at 100,000
// items (docs/benchmarks.md, round 7).
func sortByDoc(ps []posting) {
	if slices.IsSortedFunc(ps, byDoc) {
		return
	}
	const done = 1 << 31 // marks a place filled; places are below it
	keys := make([]uint64, len(ps))
	for i, p := range ps {
		if p.doc < 0 || p.doc > math.MaxUint32 || i >= done {
			slices.SortFunc(ps, byDoc)
			return
		}
		keys[i] = uint64(p.doc)<<32 | uint64(i)
	}
	slices.Sort(keys)
	// Place j takes the posting from place uint32(keys[j]).
	for j := range keys {
		if keys[j]&done != 0 {
			continue
		}
		first := ps[j]
		k := j
		for {
			from := int(uint32(keys[k]))
			keys[k] |= done
			if from == j {
				ps[k] = first
				break
			}
			ps[k] = ps[from]
			k = from
		}
	}
}

func norm(length int) float64 {
	return float64(float32(1 / math.Sqrt(float64(length))))
}

// separator returns the shortest beginning of first, ending at the end
// of a character, that sorts after last (which sorts before first).
func separator(last, first string) string {
	for i := range first {
		if i > 0 && first[:i] > last {
			return first[:i]
		}
	}
	return first
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// termIterator walks the union of the fields' dictionaries in byte order.
type termIterator struct {
	dicts []index.FieldDict
	heads []*index.DictEntry
}

// termRead is a term of the index with its lists, as readTerms reads it.
type termRead struct {
	term  string
	mask  byte // the fields that have it
	lists [][]posting
	split []string
	err   error
}

// readTermsAhead is how many terms the export's readTerms reads ahead of
// the shards.
const readTermsAhead = 256

// readTerms reads the index's terms in order with their lists and splits,
// on a goroutine of its own: reading the lists is about half of the
// dictionary's export (1.1 of 2.2 CPU s in a Karlsruhe rebuild,
// docs/benchmarks.md round 10), which the shards' building no longer
// waits for. The channel closes after the last term, or after a term with
// an error; stop ends the reading early. It reads up to ahead terms
// before they are taken.
func readTerms(ctx context.Context, r index.IndexReader, num *docNums, entry *Entry, splits func(string) []string, ahead int) (<-chan termRead, func()) {
	out := make(chan termRead, ahead)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(out)
		send := func(t termRead) bool {
			select {
			case out <- t:
				return true
			case <-done:
				return false
			}
		}
		it, err := newTermIterator(r)
		if err != nil {
			send(termRead{err: err})
			return
		}
		defer it.close()
		for {
			term, mask, err := it.next()
			if err != nil {
				send(termRead{err: err})
				return
			}
			if term == "" && mask == 0 {
				return
			}
			lists, err := termLists(ctx, r, term, mask, num, entry, true)
			if err != nil {
				send(termRead{err: err})
				return
			}
			if !send(termRead{term: term, mask: mask, lists: lists, split: splits(term)}) {
				return
			}
		}
	})
	return out, func() {
		close(done)
		wg.Wait()
	}
}

func newTermIterator(r index.IndexReader) (*termIterator, error) {
	it := &termIterator{}
	for _, f := range fields {
		d, err := r.FieldDict(f)
		if err != nil {
			it.close()
			return nil, fmt.Errorf("staticindex: %w", err)
		}
		it.dicts = append(it.dicts, d)
		h, err := d.Next()
		if err != nil {
			it.close()
			return nil, fmt.Errorf("staticindex: %w", err)
		}
		it.heads = append(it.heads, copyEntry(h))
	}
	return it, nil
}

func copyEntry(e *index.DictEntry) *index.DictEntry {
	if e == nil {
		return nil
	}
	c := *e
	return &c
}

// next returns the next term and the mask of fields that have it; an empty
// term with mask 0 at the end.
func (it *termIterator) next() (string, byte, error) {
	least := ""
	found := false
	for _, h := range it.heads {
		if h != nil && (!found || bytes.Compare([]byte(h.Term), []byte(least)) < 0) {
			least, found = h.Term, true
		}
	}
	if !found {
		return "", 0, nil
	}
	var mask byte
	for i, h := range it.heads {
		if h != nil && h.Term == least {
			mask |= 1 << i
			n, err := it.dicts[i].Next()
			if err != nil {
				return "", 0, fmt.Errorf("staticindex: %w", err)
			}
			it.heads[i] = copyEntry(n)
		}
	}
	return least, mask, nil
}

func (it *termIterator) close() {
	for _, d := range it.dicts {
		d.Close()
	}
}

// topPostings returns the n postings with the highest scores (ties: the
// higher document number), in document order.
func topPostings(ps []posting, n int) []posting {
	best := newTopK(n, func(a, b posting) bool {
		return a.score > b.score || a.score == b.score && a.doc > b.doc
	})
	for _, p := range ps {
		best.add(p)
	}
	top := best.h
	slices.SortFunc(top, byDoc)
	return top
}
