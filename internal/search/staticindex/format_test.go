package staticindex

import (
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/search/query"

	"github.com/ratsarchiv/ratsarchiv/internal/gate"
	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/searchtest"
)

var update = flag.Bool("update", false, "rewrite testdata/format/vN (N = Version)")

// goldenOptions are tiny, so that the golden index has every structure:
// inline, packed and large posting lists, several block files, dictionary
// shards, document directories and facet blocks.
var goldenOptions = Options{DictShardBytes: 1024, DictPageShards: 4, PackBytes: 512, ShardBlobBytes: 112, InlineBytes: 16, BlockSize: 8, BlockFileBytes: 24, PosFileBytes: 48, DocChunk: 4, PackPassages: 2, DocDirChunks: 2, FacetBlock: 16, FineFacetBlock: 4, TermFacetsMin: 6, PairSummaryMin: 6, SummaryTop: 5, LocateDocs: 3}

// goldenQueries are run on the golden index by Go (expected.json) and by
// the JavaScript client's format.test.mjs.
var goldenQueries = []string{"Kita", "Ausschuss", `"Kenntnis genommen"`, "Sitzung -Kita", "Schul*", "gremium:Rat", "Fördermittel Verwaltung", "Mühlenbach", `"fristgerecht abgerufen"`}

func buildGolden(t *testing.T, out string) (*searchindex.Index, *Stats) {
	t.Helper()
	// One item was treated in closed session: the gate leaves its title.
	a := searchtest.Archive(3, 25)
	a.Meetings[1].AgendaItems[0].ClosedSession = true
	// Two items name in their titles a phrase frequent in texts, which
	// ranks them first in its pair's summary.
	a.Meetings[0].AgendaItems[1].Name = "Fördermittel fristgerecht abgerufen"
	// One of them has the phrase in a long title alone: it ranks first
	// by its tier, not by its score.
	it := a.Meetings[2].AgendaItems[2]
	it.Name = "Mittel fristgerecht abgerufen? Bericht über Schulen, Kitas, Straßen, Brücken, Radwege, Spielplätze und weitere Vorhaben der Stadt"
	it.Minutes, it.ResolutionText, it.Result, it.Paper, it.Files = "Keine Aussprache.", "", "", "", nil
	a, _ = gate.Public(a, gate.Options{})
	idxDir := filepath.Join(t.TempDir(), "index")
	if _, err := searchindex.Build(context.Background(), idxDir, a, searchindex.Options{BasePath: "/", ExcerptLen: 300}); err != nil {
		t.Fatal(err)
	}
	ix, err := searchindex.Open(idxDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	st, err := Export(context.Background(), ix, out, goldenOptions)
	if err != nil {
		t.Fatal(err)
	}
	return ix, st
}

// readTree returns the files of dir (without the client's modules).
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".js") || filepath.Base(p) == "expected.json" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	return files
}

func TestFormatGolden(t *testing.T) {
	golden := filepath.Join("testdata", "format", fmt.Sprintf("v%d", Version))
	out := t.TempDir()
	ix, _ := buildGolden(t, out)
	// Byte-identical when exported again, into a folder with old shards.
	again := t.TempDir()
	os.MkdirAll(filepath.Join(again, ShardDir), 0o755)
	os.WriteFile(filepath.Join(again, ShardDir, "0000000000000000.bin"), []byte("stale"), 0o644)
	if _, err := Export(context.Background(), ix, again, goldenOptions); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, out)
	if !mapsEqual(got, readTree(t, again)) {
		t.Fatal("two exports of the same index differ (or a stale shard survived)")
	}

	var expected []json.RawMessage
	for _, q := range goldenQueries {
		r, err := ix.Search(context.Background(), q, searchindex.SearchOptions{Limit: new(5)})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(struct {
			Q      string              `json:"q"`
			Result *searchindex.Result `json:"result"`
		}{q, r})
		expected = append(expected, b)
	}
	exp, _ := json.MarshalIndent(expected, "", " ")
	if *update {
		os.RemoveAll(golden)
		for name, b := range got {
			p := filepath.Join(golden, filepath.FromSlash(name))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		os.WriteFile(filepath.Join(golden, "expected.json"), append(exp, '\n'), 0o644)
	}
	want := readTree(t, golden)
	if !mapsEqual(got, want) {
		var diff []string
		for n := range got {
			if !bytes.Equal(got[n], want[n]) {
				diff = append(diff, n)
			}
		}
		for n := range want {
			if _, ok := got[n]; !ok {
				diff = append(diff, n)
			}
		}
		slices.Sort(diff)
		t.Errorf("export differs from %s in %d files, e.g. %v (go test -update rewrites it; review the diff and bump Version if old readers cannot read it)", golden, len(diff), diff[:min(5, len(diff))])
	}
	if b, err := os.ReadFile(filepath.Join(golden, "expected.json")); err != nil || string(b) != string(exp)+"\n" {
		t.Errorf("%s/expected.json is out of date (go test -update)", golden)
	}
}

// TestFormatDocIsThisVersion: docs/index-format.md is the contract the
// client is written against, so it must describe the version the exporter
// writes: its title, the first row of its versions table and the golden
// folder it points to all name Version (round 27 bumped the format and
// left the title at 21).
func TestFormatDocIsThisVersion(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "docs", "index-format.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	title, _, _ := strings.Cut(doc, "\n")
	if want := fmt.Sprintf("# The static search index, format version %d", Version); title != want {
		t.Errorf("docs/index-format.md's title is %q, want %q", title, want)
	}
	_, table, ok := strings.Cut(doc, "| version | readers | changes |\n|---|---|---|\n")
	if !ok {
		t.Fatal("docs/index-format.md has no versions table")
	}
	if want := fmt.Sprintf("| %d | client %d |", Version, Version); !strings.HasPrefix(table, want) {
		row, _, _ := strings.Cut(table, " — ")
		t.Errorf("the versions table's first row starts %q, want %q", row, want)
	}
	if want := fmt.Sprintf("testdata/format/v%d/", Version); !strings.Contains(doc, want) {
		t.Errorf("docs/index-format.md does not name the golden folder %s", want)
	}
}

// TestExportKeep: with Keep, the shards a site has already are neither
// written nor compressed, the others are; Stats.Shards lists them all, as
// an export without Keep writes them. Keep is told each shard's content:
// its name, but for the dictionary's shards (Stats.Contents), whose
// content is the name their payload would have; for a shard compressed
// with a preset dictionary, none.
func TestExportKeep(t *testing.T) {
	whole := t.TempDir()
	ix, st := buildGolden(t, whole)
	var names []string
	for name := range readTree(t, whole) {
		if strings.HasPrefix(name, ShardDir+"/") {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	if !slices.Equal(st.Shards, names) {
		t.Fatalf("Stats.Shards lists %d shards, the folder has %d", len(st.Shards), len(names))
	}
	have := map[string]bool{}
	for i, n := range names {
		have[n] = i%2 == 0
	}
	part := t.TempDir()
	asked := map[string]bool{}
	opts := goldenOptions
	told := map[string]string{}
	opts.Keep = func(name, content string) bool {
		asked[name], told[name] = true, content
		return have[name]
	}
	st2, err := Export(context.Background(), ix, part, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(st2.Shards, names) {
		t.Errorf("with Keep, Stats.Shards lists %d shards, want %d", len(st2.Shards), len(names))
	}
	got := readTree(t, part)
	want := readTree(t, whole)
	for _, n := range names {
		if !asked[n] {
			t.Errorf("Keep was not asked for %s", n)
		}
		if _, written := got[n]; written == have[n] {
			t.Errorf("%s: written %v, but the site has it: %v", n, written, have[n])
		} else if written && !bytes.Equal(got[n], want[n]) {
			t.Errorf("%s differs from the whole export's", n)
		}
	}
	for _, n := range []string{EntryFile, ClientFile} {
		if !bytes.Equal(got[n], want[n]) {
			t.Errorf("%s differs from the whole export's", n)
		}
	}

	// The dictionary's shards, from its pages; the others are named
	// after their content, but for the documents' (after their group).
	var entry Entry
	if err := json.Unmarshal(want[EntryFile], &entry); err != nil {
		t.Fatal(err)
	}
	dict := map[string]bool{}
	for _, pg := range append(slices.Clone(entry.Dict), entry.PairDict...) {
		p, err := decodeShard(want[pg.Page], nil)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := binary.Uvarint(p)
		for i := range int(n) {
			dict[dictShardName(pg.Page, i)] = true
		}
	}
	for _, n := range names {
		content := told[n]
		switch {
		case dict[n]:
			p, err := decodeShard(want[n], nil)
			if err != nil {
				t.Fatalf("%s: %v", n, err)
			}
			if c := payloadHash(p).name(); content != c || st.Contents[n] != c {
				t.Errorf("dictionary shard %s: Keep told %q, Stats.Contents %q, its payload's name is %q", n, content, st.Contents[n], c)
			}
		case strings.Contains(n, "-"):
			// a document chunk or text pack, named after its group and
			// compressed with a preset dictionary
			if content != "" {
				t.Errorf("%s: Keep told content %q", n, content)
			}
		case content != n:
			t.Errorf("%s: Keep told content %q", n, content)
		}
	}
	if len(dict) == 0 || len(st.Contents) != len(dict) {
		t.Errorf("%d dictionary shards, Stats.Contents names %d", len(dict), len(st.Contents))
	}
}

func mapsEqual(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// TestFormatDecodes reads the golden index back with a decoder written
// from docs/index-format.md and compares every posting list with Bleve's.
func TestFormatDecodes(t *testing.T) {
	out := t.TempDir()
	ix, st := buildGolden(t, out)
	files := readTree(t, out)
	var dicts [][]byte
	shard := func(name string) []byte {
		b, ok := files[name]
		if !ok {
			t.Fatalf("missing shard %s", name)
		}
		p, err := decodeShard(b, dicts)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	var entry Entry
	if err := json.Unmarshal(files[EntryFile], &entry); err != nil {
		t.Fatal(err)
	}
	for _, name := range entry.Dicts {
		dicts = append(dicts, shard(name))
	}
	if len(dicts) != 1 || len(dicts[0]) == 0 {
		t.Errorf("preset dictionaries %q, want one", entry.Dicts)
	}
	if entry.Format != Format || entry.Version != Version {
		t.Fatalf("entry says %s %d", entry.Format, entry.Version)
	}
	// The entry carries start-up's files inline, byte for byte as stored:
	// every dictionary page — not the word pairs', of a root of their
	// own, nor the preset dictionaries and the top directories, which
	// only hits need and which load after start-up.
	var startup []string
	if len(entry.PairDict) == 0 || entry.PairMinDocs == 0 {
		t.Errorf("%d dictionary pages of word pairs, pairMinDocs %d: want some", len(entry.PairDict), entry.PairMinDocs)
	}
	for _, pg := range entry.Dict {
		startup = append(startup, pg.Page)
	}
	for i, pg := range entry.PairDict {
		if _, ok := entry.Inline[pg.Page]; ok {
			t.Errorf("page %d of word pairs is inline", i)
		}
	}
	for _, name := range append(append([]string(nil), entry.Dicts...), entry.Docs.Dirs...) {
		if _, ok := entry.Inline[name]; ok {
			t.Errorf("%s (a preset dictionary or directory) is inline", name)
		}
	}
	if len(entry.Inline) != len(startup) {
		t.Errorf("the entry carries %d files inline, startup %d (%q)", len(entry.Inline), len(startup), startup)
	}
	for _, name := range startup {
		b, err := base64.StdEncoding.DecodeString(entry.Inline[name])
		if err != nil || !bytes.Equal(b, files[name]) {
			t.Errorf("inline %s: %d bytes (%v), the file %d", name, len(b), err, len(files[name]))
		}
	}
	// The query language travels with the index: every word the Go parser
	// knows, and only those, each found by the parser as the entry says.
	if lang := query.Spec(); !reflect.DeepEqual(entry.Words, lang.Words) || entry.Limits != lang.Limits || entry.DefaultLimit != searchindex.DefaultLimit {
		t.Errorf("entry's words %v, limits %+v, default limit %d; want the query language's", entry.Words, entry.Limits, entry.DefaultLimit)
	}
	for kind, words := range entry.Words.Filters {
		for _, w := range words {
			if _, err := query.Parse(w+":", query.Vocabulary{}); err == nil || err.(*query.Error).Code != "empty-filter" {
				t.Errorf("%s: is no %s filter: %v", w, kind, err)
			}
		}
	}
	for c, words := range entry.Words.Results {
		for _, w := range words {
			if got, err := query.ResolveResultCategory(w); got != c {
				t.Errorf("result word %s: %q %v, want %s", w, got, err, c)
			}
		}
	}
	for k, words := range entry.Words.Kinds {
		for _, w := range words {
			if got, err := query.ResolveKind(w); got != k {
				t.Errorf("kind word %s: %q %v, want %s", w, got, err, k)
			}
		}
	}

	// The expected posting lists, from Bleve.
	adv, _ := ix.Bleve().Advanced()
	r, _ := adv.Reader()
	defer r.Close()
	docs, err := loadDocs(context.Background(), ix)
	if err != nil {
		t.Fatal(err)
	}
	num, err := docNumbers(r, docs)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]posting{}
	for _, f := range fields {
		d, _ := r.FieldDict(f)
		for e, _ := d.Next(); e != nil; e, _ = d.Next() {
			ps, err := readPostings(context.Background(), r, e.Term, f, num, true)
			if err != nil {
				t.Fatal(err)
			}
			want[f+":"+e.Term] = ps
		}
		d.Close()
	}

	type location struct {
		term   string
		doc    int
		pack   int  // the entry's text pack of the term's first passage in the document (-1: the first passage)
		head   bool // named by a head, which names no passage
		matter int  // the document standing for its matter, as the entry or head says
	}
	var located []location
	got := map[string][]posting{}
	termFacets := map[string][]byte{}
	modes := map[byte]int{}
	// heads in their shard and in files of their own (bigger than
	// ShardBlobBytes)
	headsOwn, headsFiled := 0, 0
	pageHeads := 0 // the files of terms' own lists that the pages name
	splits := 0    // terms with a split
	// what the parts filter must hold: the parts of the compounds, and
	// the terms with a summary
	filterParts, filterSummarized := map[string]bool{}, map[string]bool{}
	partLists := 0 // terms with their parts' lists
	type shardRef struct {
		sep   string   // the shortest beginning of its first term after the terms before
		name  string   // its file, named after its page
		heads []string // "term hash" of the lists' blobs in files of their own
		// summarized are the key hashes of its word pairs with a summary
		summarized []uint16
		page       int // the page that lists it
	}
	var refs []shardRef
	gotPairs := map[string][]pairPosting{}
	pairSummaries := map[string][]byte{} // by pair key
	words := len(entry.Dict)             // the pages after it are the word pairs'
	for pgi, pg := range append(slices.Clone(entry.Dict), entry.PairDict...) {
		pageFirst := pg.First
		pr := &reader{b: shard(pg.Page)}
		n := pr.int()
		// The page names its shards: its digest of them changes its name
		// when any of them changes.
		digest := pr.hash()
		var payloads []hash
		prevSep := ""
		for i := range n {
			shared := pr.int()
			heads, summarized := shared&1 != 0, shared&2 != 0
			shared >>= 2
			if shared > len(prevSep) {
				t.Fatalf("dictionary page: a separator shares %d bytes with %q", shared, prevSep)
			}
			ref := shardRef{sep: prevSep[:shared] + pr.string(), name: dictShardName(pg.Page, i), page: pgi}
			payloads = append(payloads, payloadHash(shard(ref.name)))
			if heads {
				n := pr.int()
				if n == 0 {
					t.Errorf("dictionary page: shard %q: lists' files follow, none", ref.sep)
				}
				for range n {
					ref.heads = append(ref.heads, pr.string()+" "+pr.hash().name())
				}
			}
			if summarized {
				n := pr.int()
				if n == 0 {
					t.Errorf("dictionary page: shard %q: summarized pairs follow, none", ref.sep)
				}
				for range n {
					ref.summarized = append(ref.summarized, binary.LittleEndian.Uint16(pr.raw(2)))
				}
			}
			prevSep = ref.sep
			if i == 0 && ref.sep != pageFirst {
				t.Errorf("page starts with %q, the root says %q", ref.sep, pageFirst)
			}
			refs = append(refs, ref)
		}
		if !bytes.Equal(digest[:], shardsDigest(payloads)) {
			t.Errorf("dictionary page %s: its digest is not its shards'", pg.Page)
		}
		if pr.err != nil || len(pr.b) != 0 {
			t.Errorf("dictionary page: %v, %d bytes left", pr.err, len(pr.b))
		}
	}
	if len(entry.Dict) < 2 {
		t.Errorf("%d dictionary pages; the test index should have several", len(entry.Dict))
	}
	prevLast := ""
	for k, ref := range refs {
		sep := ref.sep
		// The first shard of a root (the words', the word pairs') has an
		// empty separator.
		first := k == 0 || ref.page >= words && refs[k-1].page < words
		if first {
			prevLast = ""
		}
		sr := &reader{b: shard(ref.name)}
		nfiles := sr.int()
		table := make([]hash, nfiles)
		for i := range table {
			table[i] = sr.hash()
		}
		own := sr.bytes()
		fromOwn := false
		var lastFile hash
		blob := func(rr *reader) []byte {
			f, off, n := rr.int(), rr.int(), rr.int()
			if fromOwn = f == refOwn; fromOwn {
				return own[off : off+n]
			}
			lastFile = table[f-1]
			return shard(table[f-1].name())[off : off+n]
		}
		// The blobs of the terms' own postings and heads in files of
		// their own, which the page names beside the shard.
		var filed []string
		var summarized []uint16 // the key hashes of its pairs with a summary
		ownLists := false
		n := sr.int()
		prev := ""
		for i := range n {
			shared := sr.int()
			term := prev[:shared] + sr.string()
			// The separator: empty for the first shard, else the
			// shortest beginning of the shard's first term, ending at a
			// character's end, after the last term before.
			if i == 0 && (first && sep != "" || !first && (!strings.HasPrefix(term, sep) || sep <= prevLast || shorterSeparator(term, sep, prevLast))) {
				t.Errorf("shard starts with %q after %q, the index says %q", term, prevLast, sep)
			}
			prev = term
			mask := sr.byte()
			if isPair := mask&maskPair != 0; isPair != (ref.page >= words) || isPair != strings.HasPrefix(term, " ") {
				t.Errorf("%q (mask %b) on page %d; the words' root has %d", term, mask, ref.page, words)
			}
			if mask&maskPair != 0 {
				// A word pair's lists: per field, df, mode, the columns
				// inline or in a blob.
				for fi, f := range fields[:2] {
					if mask&(1<<fi) == 0 {
						continue
					}
					df := sr.int()
					var post []byte
					switch mode := sr.byte(); mode {
					case plInline:
						post = sr.bytes()
					case plPacked:
						// A pair with a summary keeps its lists' files
						// off its page.
						if post = blob(sr); !fromOwn && mask&maskSummary == 0 {
							filed = append(filed, term+" "+lastFile.name())
						}
					default:
						t.Fatalf("pair %q: mode %d", term, mode)
					}
					pr := &reader{b: post}
					cols := make([][]int, 4)
					for c := range cols {
						for range df {
							cols[c] = append(cols[c], pr.int())
						}
					}
					if pr.err != nil || len(pr.b) != 0 {
						t.Errorf("pair %q: %v, %d bytes left", term, pr.err, len(pr.b))
					}
					var ps []pairPosting
					d := 0
					for i := range df {
						d += cols[0][i]
						ps = append(ps, pairPosting{int32(d), int32(cols[1][i]), int32(cols[2][i]), int32(cols[3][i])})
					}
					gotPairs[f+":"+term] = ps
				}
				if mask&maskSummary != 0 {
					pairSummaries[term] = sr.bytes()
					summarized = append(summarized, keyHash(term))
					ws := strings.SplitN(term[1:], " ", 2)
					if a, b := sr.int(), sr.int(); a != len(want["text:"+ws[0]]) || b != len(want["text:"+ws[1]]) {
						t.Errorf("pair %q: its words in %d and %d texts, Bleve has %d and %d", term, a, b, len(want["text:"+ws[0]]), len(want["text:"+ws[1]]))
					}
				}
				continue
			}
			// decodeLists decodes the lists of the fields in fmask of
			// term (the entry's own or a part's of its split).
			decodeLists := func(term string, fmask byte) {
				for fi, f := range fields {
					if fmask&(1<<fi) == 0 {
						continue
					}
					df := sr.int()
					mode := sr.byte()
					modes[mode]++
					var ps []posting
					switch mode {
					case plInline:
						ps = decodePostings(t, sr.bytes(), sr.bytes(), df)
					case plPacked:
						post := blob(sr)
						if !fromOwn && ownLists {
							filed = append(filed, term+" "+lastFile.name())
						}
						ps = decodePostings(t, post, blob(sr), df)
					case plLarge:
						named := 0
						head := blob(sr)
						if fromOwn {
							headsOwn++
						} else {
							headsFiled++
							if ownLists {
								filed = append(filed, term+" "+lastFile.name())
							}
						}
						ps = decodeLarge(t, head, df, shard, func(d int, m int) {
							named++
							located = append(located, location{term: term, doc: d, head: true, matter: m})
							if !slices.ContainsFunc(want[f+":"+term], func(p posting) bool { return p.doc == d }) {
								t.Errorf("%s:%s: the head names document %d, which has not the term", f, term, d)
							}
						})
						if named != min(df, 16) {
							t.Errorf("%s:%s: the head names %d documents, want the best %d", f, term, named, min(df, 16))
						}
					default:
						t.Fatalf("%s:%s: mode %d", f, term, mode)
					}
					if g, ok := got[f+":"+term]; ok && fmt.Sprint(g) != fmt.Sprint(ps) {
						t.Errorf("%s:%s: lists differ where the term and a compound of it carry them", f, term)
					}
					got[f+":"+term] = ps
				}
			}
			ownLists = true
			decodeLists(term, mask)
			ownLists = false
			if mask&maskSummary != 0 {
				termFacets[term] = sr.bytes()
				filterSummarized[term] = true
			}
			var split []string
			if mask&maskSplit != 0 {
				for range sr.int() {
					split = append(split, sr.string())
				}
				splits++
				for _, p := range split {
					filterParts[p] = true
				}
			}
			if w := ix.Splits(term); !slices.Equal(split, w) {
				t.Errorf("%s: split %q, the index has %q", term, split, w)
			}
			// A compound with a summary carries its parts' lists (checked
			// against Bleve's with the term's own).
			if (mask&maskPartLists != 0) != (mask&maskSummary != 0 && split != nil) {
				t.Errorf("%s: mask %b: a compound carries its parts' lists when it has a summary", term, mask)
			}
			if mask&maskPartLists != 0 {
				for _, p := range split {
					pm := sr.byte()
					for fi, f := range fields {
						if (pm&(1<<fi) != 0) != (len(want[f+":"+p]) > 0) {
							t.Errorf("%s: part %s: field mask %b, Bleve has %d %s postings", term, p, pm, len(want[f+":"+p]), f)
						}
					}
					decodeLists(p, pm)
				}
				partLists++
			}
			// The chunk and text pack of each document of a rare term,
			// checked against the chunks below; every term of few
			// documents has them.
			var union []int
			for _, f := range fields {
				for _, p := range want[f+":"+term] {
					union = append(union, p.doc)
				}
			}
			slices.Sort(union)
			union = slices.Compact(union)
			var ds []int
			if mask&maskLocate != 0 {
				d := 0
				for range sr.int() {
					d += sr.int()
					c := sr.int()
					other := c % 2
					c /= 2
					if c > 2 {
						t.Errorf("%s: document %d located in passage kind %d", term, d, c)
					}
					l := location{term: term, doc: d, pack: c - 1, matter: d}
					if c == 2 {
						if l.pack = sr.int(); l.pack == 0 {
							t.Errorf("%s: document %d located in a later text pack 0", term, d)
						}
					}
					if other == 1 {
						if l.matter = d - unzigzag(sr.int()); l.matter == d {
							t.Errorf("%s: document %d located with another matter, itself", term, d)
						}
					}
					ds = append(ds, d)
					located = append(located, l)
				}
			}
			if few := len(union) <= goldenOptions.LocateDocs; few != (ds != nil) || few && !slices.Equal(ds, union) {
				t.Errorf("%s: located documents %v, the term's %v", term, ds, union)
			}
		}
		prevLast = prev
		if !slices.Equal(ref.summarized, summarized) {
			t.Errorf("shard %s: the page lists the pairs with a summary %x, its entries %x", ref.name, ref.summarized, summarized)
		}
		if !slices.Equal(ref.heads, filed) {
			t.Errorf("shard %s: the page names the files %q, its terms' lists have %q", ref.name, ref.heads, filed)
		}
		pageHeads += len(ref.heads)
		if sr.err != nil || len(sr.b) != 0 {
			t.Errorf("shard %s: %v, %d bytes left", ref.name, sr.err, len(sr.b))
		}
	}
	if pageHeads == 0 {
		t.Error("the pages name no list's file of its own; the test index should have some")
	}
	if headsOwn == 0 || headsFiled == 0 {
		t.Errorf("%d heads in their shard, %d in files of their own; the test index should have both", headsOwn, headsFiled)
	}
	for _, m := range []byte{plInline, plPacked, plLarge} {
		if modes[m] == 0 {
			t.Errorf("no posting list of mode %d in the test index", m)
		}
	}
	if splits == 0 {
		t.Error("no term with a split in the test index")
	}
	if partLists == 0 {
		t.Error("no compound carries its parts' lists in the test index")
	}
	checkPartsFilter(t, out, entry.PartsFilter, filterParts, filterSummarized)
	// The word pairs, from Bleve's positions: two words of lists larger
	// than a block, one directly after the other in a field, in at least
	// PairMinDocs documents.
	o := goldenOptions
	o.defaults()
	wantPairs := map[string][]pairPosting{}
	for _, f := range fields[:2] {
		type place struct {
			doc int
			pos int32
		}
		word := map[place]posting{}
		words := map[place]string{}
		for k, ps := range want {
			term, ok := strings.CutPrefix(k, f+":")
			if !ok || len(ps) <= o.BlockSize {
				continue
			}
			for _, p := range ps {
				for _, x := range p.pos {
					word[place{p.doc, x}], words[place{p.doc, x}] = p, term
				}
			}
		}
		byDoc := map[string]map[int]pairPosting{}
		for at, a := range word {
			b, ok := word[place{at.doc, at.pos + 1}]
			if !ok {
				continue
			}
			key := PairKey(words[at], words[place{at.doc, at.pos + 1}])
			if byDoc[key] == nil {
				byDoc[key] = map[int]pairPosting{}
			}
			byDoc[key][at.doc] = pairPosting{int32(at.doc), int32(a.freq), int32(b.freq), int32(a.length)}
		}
		for key, m := range byDoc {
			if len(m) >= o.PairMinDocs {
				ps := slices.Collect(maps.Values(m))
				slices.SortFunc(ps, func(a, b pairPosting) int { return cmp.Compare(a.doc, b.doc) })
				wantPairs[f+":"+key] = ps
			}
		}
	}
	if len(wantPairs) == 0 {
		t.Error("no word pair in the test index")
	}
	if !reflect.DeepEqual(gotPairs, wantPairs) {
		t.Errorf("word pairs: %d lists, Bleve's positions give %d", len(gotPairs), len(wantPairs))
		for k, w := range wantPairs {
			if g := gotPairs[k]; !reflect.DeepEqual(g, w) {
				t.Errorf("%q: %v, want %v", k, g, w)
				break
			}
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d posting lists, Bleve has %d", len(got), len(want))
	}
	for k, w := range want {
		g := got[k]
		for i := range w {
			w[i].score = 0
		}
		if fmt.Sprint(g) != fmt.Sprint(w) {
			t.Errorf("%s: decoded %v\nBleve %v", k, g, w)
		}
	}
	// Summaries: the total, facet counts and best documents of the terms
	// with at least TermFacetsMin documents — the best as Bleve ranks a
	// query of that word.
	fv := newFacetValues(docs, &Entry{Kinds: entry.Kinds, ResultCategories: entry.ResultCategories})
	splitSummaries := 0  // compounds with a summary
	committeePages := 0  // committees' next documents in summaries
	committeeFacets := 0 // committees' facet counts in summaries
	// checkSummary checks the summary blob of the query pq (name in
	// messages), which finds the documents union: its total and facet
	// counts, in all and in each committee, against the documents' values;
	// its best documents and each committee's next ones against Bleve's
	// ranking of pq.
	checkSummary := func(name string, blob []byte, union map[int]bool, pq *query.ParsedQuery) {
		// A summary counts matters: a value the matters with a document
		// of that value.
		matters := map[int]bool{}
		for d := range union {
			matters[fv.matter[d]] = true
		}
		countIn := func(of []int, committee int) (out [][2]int) {
			c := map[int]int{}
			seen := map[[2]int]bool{}
			for d := range union {
				if committee > 0 && fv.committee[d] != committee {
					continue
				}
				if k := [2]int{of[d], fv.matter[d]}; !seen[k] {
					seen[k] = true
					c[of[d]]++
				}
			}
			for _, v := range slices.Sorted(maps.Keys(c)) {
				if v > 0 {
					out = append(out, [2]int{v, c[v]})
				}
			}
			return out
		}
		count := func(of []int) [][2]int { return countIn(of, 0) }
		r := &reader{b: blob}
		total := r.int()
		read := func() (out [][2]int) {
			for range r.int() {
				out = append(out, [2]int{r.int(), r.int()})
			}
			return out
		}
		gc, gk, gy, gt := read(), read(), read(), read()
		kindPlus1 := make([]int, len(fv.kind)) // kinds are 1-based in summaries
		for d := range fv.kind {
			kindPlus1[d] = fv.kind[fv.matter[d]] + 1 // the kind of the matter
		}
		wc, wk, wy, wt := count(fv.committee), count(fv.category), count(fv.year), count(kindPlus1)
		if total != len(matters) || fmt.Sprint(gc, gk, gy, gt) != fmt.Sprint(wc, wk, wy, wt) {
			t.Errorf("%s: total %d, facet counts %v %v %v %v, want %d, %v %v %v %v", name, total, gc, gk, gy, gt, len(matters), wc, wk, wy, wt)
		}
		var top []string // the matters of the best documents, each once
		var scores []float64
		var topDocs []int
		for range r.int() {
			d := r.int()
			topDocs = append(topDocs, d)
			if m := r.int(); m != fv.matter[d] {
				t.Errorf("%s: document %d: matter %d, want %d", name, d, m, fv.matter[d])
			} else if key := docs[m].key; !slices.Contains(top, key) {
				top = append(top, key)
				scores = append(scores, 0)
			}
			if len(r.b) < 8 {
				r.err = errors.New("summary: truncated score")
				break
			}
			if s := math.Float64frombits(binary.LittleEndian.Uint64(r.b)); scores[len(scores)-1] == 0 {
				scores[len(scores)-1] = s
			}
			r.b = r.b[8:]
		}
		// Then each committee's next documents, when the best do not
		// hold its page (searchindex.DefaultLimit matters) or all of its
		// documents.
		next := map[int][]int{}
		nextScores := map[int][]float64{}
		more := map[int]bool{}
		for range r.int() {
			c, flag := r.int(), r.int()
			more[c] = flag&1 == 1
			next[c] = []int{}
			for range flag >> 1 {
				d := r.int()
				if m := d - unzigzag(r.int()); m != fv.matter[d] {
					t.Errorf("%s: committee %d: document %d: matter %d, want %d", name, c, d, m, fv.matter[d])
				}
				next[c] = append(next[c], d)
				if len(r.b) < 8 {
					r.err = errors.New("summary: truncated score")
					break
				}
				nextScores[c] = append(nextScores[c], math.Float64frombits(binary.LittleEndian.Uint64(r.b)))
				r.b = r.b[8:]
			}
		}
		// Then the facets of the matters in each committee with some.
		for _, vc := range gc {
			c := vc[0]
			gk, gy, gt := read(), read(), read()
			wk, wy, wt := countIn(fv.category, c), countIn(fv.year, c), countIn(kindPlus1, c)
			if fmt.Sprint(gk, gy, gt) != fmt.Sprint(wk, wy, wt) {
				t.Errorf("%s in committee %d: facet counts %v %v %v, want %v %v %v", name, c, gk, gy, gt, wk, wy, wt)
			}
			if len(gy) > 0 {
				committeeFacets++
			}
		}
		if r.err != nil || len(r.b) != 0 {
			t.Errorf("%s: summary: %v, %d bytes left", name, r.err, len(r.b))
		}
		for c, name := range entry.Committees {
			c++
			var known []int // the committee's documents the summary knows, in rank order
			for _, d := range topDocs {
				if fv.committee[d] == c {
					known = append(known, d)
				}
			}
			topMatters := len(mattersOf(known, fv.matter))
			known = append(known, next[c]...)
			res, err := ix.SearchParsed(context.Background(), pq,
				searchindex.SearchOptions{Limit: new(1000), Filters: query.Filters{Committee: []string{name}}})
			if err != nil {
				t.Fatal(err)
			}
			var bleveTop []string
			for _, h := range res.Hits {
				bleveTop = append(bleveTop, h.Kind+":"+h.ID)
			}
			var got []string
			for _, m := range mattersOf(known, fv.matter) {
				got = append(got, docs[m].key)
			}
			_, listed := next[c]
			// Complete: all of the committee's documents.
			complete := listed && !more[c] || !listed && topMatters < searchindex.DefaultLimit
			if complete && !slices.Equal(got, bleveTop) || !complete && (len(got) < searchindex.DefaultLimit || !slices.Equal(got, bleveTop[:min(len(got), len(bleveTop))])) {
				t.Errorf("%s in %s: the summary's matters %v (listed %v, more %v); Bleve ranks %v", name, name, got, listed, more[c], bleveTop)
			}
			if listed && len(next[c]) == 0 {
				t.Errorf("%s in %s: listed without documents", name, name)
			}
			if listed {
				committeePages++
			}
		}
		res, err := ix.SearchParsed(context.Background(), pq,
			searchindex.SearchOptions{Limit: new(goldenOptions.SummaryTop)})
		if err != nil {
			t.Fatal(err)
		}
		var bleveTop []string
		var bleveScores []float64
		for _, h := range res.Hits {
			bleveTop = append(bleveTop, h.Kind+":"+h.ID)
			bleveScores = append(bleveScores, h.Score)
		}
		n := min(len(top), len(bleveTop))
		if !slices.Equal(top, bleveTop[:n]) || !slices.Equal(scores[:n], bleveScores[:n]) {
			t.Errorf("%s: best documents %v, scores %v; Bleve ranks %v, scores %v", name, top, scores, bleveTop, bleveScores)
		}
	}
	for _, term := range slices.Sorted(maps.Keys(wantTerms(want))) {
		docsOf := func(term string) map[int]bool {
			out := map[int]bool{}
			for _, f := range fields {
				for _, p := range want[f+":"+term] {
					out[p.doc] = true
				}
			}
			return out
		}
		// A query of a compound finds the documents with all its parts
		// too.
		union := docsOf(term)
		own := len(union)
		split := ix.Splits(term)
		if split != nil {
			all := docsOf(split[0])
			for _, p := range split[1:] {
				of := docsOf(p)
				maps.DeleteFunc(all, func(d int, _ bool) bool { return !of[d] })
			}
			maps.Copy(union, all)
		}
		blob, ok := termFacets[term]
		if ok != (own >= goldenOptions.TermFacetsMin) {
			t.Errorf("%s: %d documents, summary %v", term, own, ok)
			continue
		}
		if !ok {
			continue
		}
		if split != nil {
			splitSummaries++
		}
		checkSummary(term, blob, union, &query.ParsedQuery{Clauses: []query.Clause{{Kind: query.ClauseTerm, Term: term}}})
	}
	// A phrase of two words has its summary in their pair's entry: it
	// finds the documents with one word directly after the other in the
	// title or the text.
	phrasesChecked, titledPhrases := 0, 0 // pairs with a summary, of a phrase in a title too
	for _, key := range slices.Sorted(maps.Keys(wantTerms(gotPairs))) {
		ws := strings.SplitN(key[1:], " ", 2)
		union := map[int]bool{}
		inTitle := false
		for _, f := range fields[:2] {
			places := map[[2]int]bool{}
			for _, p := range want[f+":"+ws[0]] {
				for _, x := range p.pos {
					places[[2]int{p.doc, int(x) + 1}] = true
				}
			}
			for _, p := range want[f+":"+ws[1]] {
				for _, x := range p.pos {
					if places[[2]int{p.doc, int(x)}] {
						union[p.doc] = true
						inTitle = inTitle || f == "title"
					}
				}
			}
		}
		blob, ok := pairSummaries[key]
		if ok != (len(union) >= o.PairSummaryMin) {
			t.Errorf("%s: %d documents, summary %v", key, len(union), ok)
			continue
		}
		if ok {
			checkSummary(key, blob, union, &query.ParsedQuery{Clauses: []query.Clause{{Kind: query.ClausePhrase, Terms: ws}}})
			phrasesChecked++
			if inTitle {
				titledPhrases++
			}
		}
	}
	if phrasesChecked == 0 || titledPhrases == 0 {
		t.Errorf("%d word pairs have a summary in the test index, %d of a phrase in a title: want some of both", phrasesChecked, titledPhrases)
	}
	if len(termFacets) == 0 {
		t.Error("no term with a summary in the test index")
	}
	if splitSummaries == 0 {
		t.Error("no term with a split has a summary in the test index")
	}
	if committeePages == 0 {
		t.Error("no summary lists a committee's next documents in the test index")
	}
	if committeeFacets == 0 {
		t.Error("no summary counts a committee's matters by year in the test index")
	}
	if st.Postings == 0 || st.Terms == 0 {
		t.Errorf("stats %+v", st)
	}

	// Documents: every chunk listed, in document order.
	var n, withPassages, withPacks, withSources, withPath, withMatter, closedDocs int
	// The directory tree, Levels deep below its root, lists the groups
	// of chunks: the names of their chunks and of their text packs.
	var groups []docGroup
	var walk func(list []byte, level int)
	walk = func(list []byte, level int) {
		size := hashLen
		if level == 0 {
			size = 2 * hashLen
		}
		if len(list) > size*goldenOptions.DocDirChunks || len(list)%size != 0 {
			t.Errorf("a directory of %d bytes, want at most %d names of %d", len(list), goldenOptions.DocDirChunks, size)
		}
		for i := 0; i+size <= len(list); i += size {
			var h hash
			copy(h[:], list[i:i+hashLen])
			if level == 0 {
				g := docGroup{chunks: h}
				copy(g.texts[:], list[i+hashLen:i+size])
				groups = append(groups, g)
			} else {
				walk(shard(h.name()), level-1)
			}
		}
	}
	var root []byte
	for _, name := range entry.Docs.Dirs {
		h, err := hex.DecodeString(strings.TrimSuffix(strings.TrimPrefix(name, ShardDir+"/"), ".bin"))
		if err != nil || len(h) != hashLen {
			t.Fatalf("entry: docs.dirs lists %q", name)
		}
		root = append(root, h...)
	}
	walk(root, entry.Docs.Levels)
	if entry.Docs.Levels < 2 {
		t.Errorf("the test index's directory tree has %d levels below its root, want some above the groups' directories", entry.Docs.Levels)
	}
	startsOf := map[int][]int{}
	perGroup := entry.Docs.Chunk * entry.Docs.DirChunks
	for c := 0; c*entry.Docs.Chunk < entry.Documents; c++ {
		grp := groups[c/entry.Docs.DirChunks]
		cr := &reader{b: shard(chunkName(grp.chunks, c%entry.Docs.DirChunks))}
		k := cr.int()
		for range k {
			id, url := cr.string(), cr.string()
			kind, flags := cr.byte(), cr.byte()
			title, date := cr.string(), cr.string()
			committee := cr.int()
			result := cr.string()
			category := cr.byte()
			passages := []string{cr.string()}
			var starts []int
			pos := 0
			for range cr.int() {
				pos += cr.int()
				starts = append(starts, pos)
			}
			if len(starts) > 0 {
				// The text packs, named after the group's text, the
				// document's place in the group and their own, of
				// PackPassages passages each.
				for j := 0; j*entry.Docs.PackPassages < len(starts); j++ {
					pr := &reader{b: shard(fmt.Sprintf("s/%x-%d-%d.bin", grp.texts[:], n%perGroup, j))}
					for range min(entry.Docs.PackPassages, len(starts)-j*entry.Docs.PackPassages) {
						passages = append(passages, pr.string())
					}
					if pr.err != nil || len(pr.b) != 0 {
						t.Errorf("passages: %v, %d bytes left", pr.err, len(pr.b))
					}
					if j > 0 {
						withPacks++
					}
				}
				withPassages++
			}
			startsOf[n] = starts
			d := docs[n]
			var src *searchindex.Sources
			if flags&flagSources != 0 {
				src = &searchindex.Sources{Files: []searchindex.FileLink{}}
				for range cr.int() {
					src.Files = append(src.Files, searchindex.FileLink{Name: cr.string(), URL: cr.string()})
				}
				for range len(starts) + 1 {
					src.Passages = append(src.Passages, [2]int{cr.int(), cr.int()})
				}
				withSources++
			}
			readPath := func() (path []searchindex.Step) {
				for range cr.int() {
					path = append(path, searchindex.Step{Meeting: cr.string(), Date: cr.string(), Committee: cr.string(), Result: cr.string(), URL: cr.string()})
				}
				return path
			}
			var path []searchindex.Step
			if flags&flagPath != 0 {
				path = readPath()
				withPath++
			}
			if !reflect.DeepEqual(path, d.path) {
				t.Errorf("document %s: path %+v, want %+v", d.id, path, d.path)
			}
			// The document of its matter, when another: what its hit shows.
			if (flags&flagMatter != 0) != (d.matter != d.key) {
				t.Errorf("document %s of matter %s: flags %b", d.id, d.matter, flags)
			}
			if flags&flagMatter != 0 {
				kind, id, url, title := cr.byte(), cr.string(), cr.string(), cr.string()
				committee, result, category := cr.int(), cr.string(), cr.byte()
				mpath := readPath()
				m := slices.IndexFunc(docs, func(x docInfo) bool { return x.key == d.matter })
				if m < 0 || entry.Kinds[kind]+":"+id != d.matter || url != docs[m].url || title != docs[m].title || result != docs[m].result ||
					committee != fv.committee[m] || int(category) != fv.category[m] || !reflect.DeepEqual(mpath, docs[m].path) {
					t.Errorf("document %s: its matter decoded as %s %s %q %d %q %d %v", d.id, id, url, title, committee, result, category, mpath)
				}
				withMatter++
			}
			if flags&^(flagClosedSession|flagSources|flagPath|flagMatter) != 0 || (flags&flagClosedSession != 0) != d.closedSession {
				t.Errorf("document %s: flags %b, closed session %v", d.id, flags, d.closedSession)
			}
			if !reflect.DeepEqual(src, d.sources) {
				t.Errorf("document %s: sources %+v, want %+v", d.id, src, d.sources)
			}
			if d.closedSession {
				closedDocs++
			}
			if id != d.id || url != d.url || entry.Kinds[kind] != d.kind || title != d.title || date != d.date ||
				result != d.result || !slices.Equal(passages, d.passages) || !slices.Equal(starts, d.starts) ||
				(committee == 0) != (d.committee == "") ||
				committee > 0 && entry.Committees[committee-1] != d.committee ||
				category > 0 && entry.ResultCategories[category-1] != d.category {
				t.Errorf("document %d decoded wrong: %s", n, id)
			}
			n++
		}
	}
	if n != entry.Documents {
		t.Errorf("%d documents in chunks, entry says %d", n, entry.Documents)
	}
	// A located document's text pack is the one of the first passage of
	// its text that holds the term (by the term's positions in the index),
	// as an excerpt of the term alone chooses it.
	inPack := [2]int{}            // documents located in their first text pack, in a later one
	otherMatter := map[bool]int{} // located documents of another document's matter, by entries (false) and heads (true)
	for _, l := range located {
		first := 0
		for _, p := range want["text:"+l.term] {
			if p.doc == l.doc && len(p.pos) > 0 {
				for first < len(startsOf[l.doc]) && startsOf[l.doc][first] <= int(p.pos[0]) {
					first++
				}
			}
		}
		pack := -1
		if first > 0 {
			pack = (first - 1) / entry.Docs.PackPassages
		}
		if !l.head && l.pack != pack {
			t.Errorf("%s: document %d located in text pack %d; its first passage with the term is in text pack %d", l.term, l.doc, l.pack, pack)
		}
		if l.pack >= 0 {
			inPack[min(l.pack, 1)]++
		}
		// Its matter, which a page of one hit per matter takes before
		// the document's chunk.
		if l.matter != fv.matter[l.doc] {
			t.Errorf("%s: document %d located with matter %d, want %d", l.term, l.doc, l.matter, fv.matter[l.doc])
		}
		if l.matter != l.doc {
			otherMatter[l.head]++
		}
	}
	if otherMatter[false] == 0 || otherMatter[true] == 0 {
		t.Errorf("%d documents located by rare terms' entries and %d by heads have another document's matter; want some of each", otherMatter[false], otherMatter[true])
	}
	if len(located) == 0 || inPack[0] == 0 || inPack[1] == 0 || withPacks == 0 {
		t.Errorf("%d documents of rare terms located, %d in their first text pack, %d in a later one, %d text packs after a document's first; want some", len(located), inPack[0], inPack[1], withPacks)
	}
	if withPassages == 0 {
		t.Error("no document of the test index has more than one passage")
	}
	if closedDocs != 1 {
		t.Errorf("%d closed-session documents, want the test index's one", closedDocs)
	}
	if withSources == 0 {
		t.Error("no document of the test index has passages of a file")
	}
	if withPath == 0 || withMatter == 0 {
		t.Errorf("%d documents of the test index have a path, %d carry their matter; want some", withPath, withMatter)
	}

	// Facet blocks, both tiers: the committee, kind and category of every
	// document, in blocks of their tier's size.
	if entry.Facets.FineBlock != goldenOptions.FineFacetBlock || len(entry.Facets.FineFiles) == 0 {
		t.Errorf("fine facet tier: block %d, %d files; want blocks of %d", entry.Facets.FineBlock, len(entry.Facets.FineFiles), goldenOptions.FineFacetBlock)
	}
	for _, tier := range []struct {
		block int
		files []string
	}{{entry.Facets.Block, entry.Facets.Files}, {entry.Facets.FineBlock, entry.Facets.FineFiles}} {
		if want := (entry.Documents + tier.block - 1) / tier.block; len(tier.files) != want {
			t.Errorf("facet blocks of %d: %d files, want %d", tier.block, len(tier.files), want)
			continue
		}
		for b, name := range tier.files {
			fr := &reader{b: shard(name)}
			count := fr.int()
			first := b * tier.block
			if count != min(tier.block, entry.Documents-first) {
				t.Errorf("facet block %d of %d: %d documents", b, tier.block, count)
				continue
			}
			committees := make([]int, count)
			for i := range committees {
				committees[i] = fr.int()
			}
			kcs := make([]byte, count)
			for i := range kcs {
				kcs[i] = fr.byte()
			}
			for i := range count {
				kc, d := kcs[i], docs[first+i]
				kind, category := int(kc>>4), int(kc&15)
				committee := committees[i]
				z := fr.int()
				m := first + i - z/2 // zigzag
				if z%2 == 1 {
					m = first + i + (z+1)/2
				}
				if m < 0 || m >= len(docs) || docs[m].key != d.matter {
					t.Errorf("facet block %d of %d: document %d (%s) has matter %d, want %s", b, tier.block, first+i, d.id, m, d.matter)
					continue
				}
				if entry.Kinds[kind] != docs[m].kind || (committee == 0) != (d.committee == "") ||
					committee > 0 && entry.Committees[committee-1] != d.committee ||
					(category == 0) != (d.category == "") || category > 0 && entry.ResultCategories[category-1] != d.category {
					t.Errorf("facet block %d of %d: document %d (%s) decoded as committee %d, kind %d, category %d", b, tier.block, first+i, d.id, committee, kind, category)
				}
			}
			if fr.err != nil || len(fr.b) != 0 {
				t.Errorf("facet block %d of %d: %v, %d bytes left", b, tier.block, fr.err, len(fr.b))
			}
		}
	}

	// Facet sets: the documents of each committee, kind of their matter
	// (what their hit shows) and result category, as the documents say.
	kindOfKey := map[string]string{}
	for _, d := range docs {
		kindOfKey[d.key] = d.kind
	}
	for _, facet := range []struct {
		values []string
		sets   []string
		of     func(docInfo) string
	}{
		{entry.Committees, entry.FacetSets.Committee, func(d docInfo) string { return d.committee }},
		{entry.Kinds, entry.FacetSets.Kind, func(d docInfo) string { return kindOfKey[d.matter] }},
		{entry.ResultCategories, entry.FacetSets.ResultCategory, func(d docInfo) string { return d.category }},
	} {
		if len(facet.sets) != len(facet.values) {
			t.Errorf("%d facet sets for %d values %v", len(facet.sets), len(facet.values), facet.values)
			continue
		}
		for i, v := range facet.values {
			var want []int
			for n, d := range docs {
				if facet.of(d) == v {
					want = append(want, n)
				}
			}
			fr := &reader{b: shard(facet.sets[i])}
			n := fr.int()
			var got []int
			switch mode := fr.byte(); mode {
			case docsetGaps:
				d := 0
				for range n {
					d += fr.int()
					got = append(got, d)
				}
			case docsetBitmap:
				for k, b := range fr.bytes() {
					for bit := range 8 {
						if b&(1<<bit) != 0 {
							got = append(got, 8*k+bit)
						}
					}
				}
			default:
				t.Errorf("facet set of %s: docset mode %d", v, mode)
			}
			if fr.err != nil || len(fr.b) != 0 || len(got) != n || !slices.Equal(got, want) {
				t.Errorf("facet set of %s: %v (%d, %v), want %v", v, got, n, fr.err, want)
			}
		}
	}
}

func decodePostings(t *testing.T, post, pos []byte, df int) []posting {
	r := &reader{b: post}
	ps := make([]posting, df)
	d := 0
	for i := range ps {
		if i == 0 {
			d = r.int()
		} else {
			d += r.int()
		}
		ps[i].doc = d
	}
	for i := range ps {
		ps[i].freq = r.int()
	}
	for i := range ps {
		ps[i].length = r.int()
	}
	if r.err != nil || len(r.b) != 0 {
		t.Fatalf("postings: %v, %d bytes left", r.err, len(r.b))
	}
	decodePositionsInto(t, pos, ps)
	return ps
}

func decodePositionsInto(t *testing.T, pos []byte, ps []posting) {
	r := &reader{b: pos}
	for i := range ps {
		k := r.int()
		ps[i].pos = make([]int32, k)
		x := int32(0)
		for j := range k {
			x += int32(r.int())
			ps[i].pos[j] = x
		}
	}
	if r.err != nil || len(r.b) != 0 {
		t.Fatalf("positions: %v, %d bytes left", r.err, len(r.b))
	}
}

// decodeLarge decodes a large list's head and files; best is called with
// each of the best documents the head names, and its matter.
func decodeLarge(t *testing.T, head []byte, df int, shard func(string) []byte, best func(d, matter int)) []posting {
	r := &reader{b: head}
	ps := make([]posting, df)
	switch r.byte() {
	case docsetGaps:
		d := 0
		for i := range ps {
			if i == 0 {
				d = r.int()
			} else {
				d += r.int()
			}
			ps[i].doc = d
		}
	case docsetBitmap:
		bm := r.bytes()
		k := 0
		for i, b := range bm {
			for bit := range 8 {
				if b&(1<<bit) != 0 {
					ps[k].doc = i*8 + bit
					k++
				}
			}
		}
	}
	maxFreq := r.int()
	tier := decodePostingsNoPos(r, r.int())
	bs := r.int()
	nblocks := (df + bs - 1) / bs
	for range nblocks {
		r.int()
		r.int()
	}
	perFreq, perPos := r.int(), r.int()
	if perFreq < 1 || perPos < 1 {
		t.Fatalf("head: %d blocks per block file, %d per position file", perFreq, perPos)
	}
	freqFiles := make([]hash, (nblocks+perFreq-1)/perFreq)
	posFiles := make([]hash, (nblocks+perPos-1)/perPos)
	for i := range freqFiles {
		freqFiles[i] = r.hash()
	}
	for i := range posFiles {
		posFiles[i] = r.hash()
	}
	d := 0
	for range r.int() {
		v := r.int()
		d += v / 2
		m := d
		if v%2 == 1 {
			if m = d - unzigzag(r.int()); m == d {
				t.Errorf("head: document %d of another matter, itself", d)
			}
		}
		best(d, m)
	}
	if r.err != nil || len(r.b) != 0 {
		t.Fatalf("head: %v, %d bytes left", r.err, len(r.b))
	}
	for f, h := range freqFiles {
		part := ps[f*perFreq*bs : min(df, (f+1)*perFreq*bs)]
		fr := &reader{b: shard(h.name())}
		for b := 0; b*bs < len(part); b++ {
			blk := part[b*bs : min(len(part), (b+1)*bs)]
			for i := range blk {
				blk[i].freq = fr.int()
			}
			for i := range blk {
				blk[i].length = fr.int()
			}
		}
	}
	for f, h := range posFiles {
		decodePositionsInto(t, shard(h.name()), ps[f*perPos*bs:min(df, (f+1)*perPos*bs)])
	}
	// Each list's files come to about the options' sizes: the blocks per
	// file follow from the bytes of all its files.
	var freqBytes, posBytes int
	for _, h := range freqFiles {
		freqBytes += len(shard(h.name()))
	}
	for _, h := range posFiles {
		posBytes += len(shard(h.name()))
	}
	if want := blocksPerFile(freqBytes, nblocks, goldenOptions.BlockFileBytes); perFreq != want {
		t.Errorf("head: %d blocks per block file, want %d for %d blocks of %d bytes", perFreq, want, nblocks, freqBytes)
	}
	if want := blocksPerFile(posBytes, nblocks, goldenOptions.PosFileBytes); perPos != want {
		t.Errorf("head: %d blocks per position file, want %d for %d blocks of %d bytes", perPos, want, nblocks, posBytes)
	}
	mf := 0
	for _, p := range ps {
		mf = max(mf, p.freq)
	}
	if mf != maxFreq {
		t.Errorf("head says the highest frequency is %d, the list %d", maxFreq, mf)
	}
	// the top tier holds postings of the list, and the best ones
	for _, p := range tier {
		i, ok := slices.BinarySearchFunc(ps, p.doc, func(a posting, d int) int { return a.doc - d })
		if !ok || ps[i].freq != p.freq || ps[i].length != p.length {
			t.Errorf("top tier posting %+v not in the list", p)
		}
	}
	if len(tier) != bs {
		t.Errorf("top tier has %d postings, want %d", len(tier), bs)
	}
	return ps
}

func decodePostingsNoPos(r *reader, n int) []posting {
	ps := make([]posting, n)
	d := 0
	for i := range ps {
		if i == 0 {
			d = r.int()
		} else {
			d += r.int()
		}
		ps[i].doc = d
	}
	for i := range ps {
		ps[i].freq = r.int()
	}
	for i := range ps {
		ps[i].length = r.int()
	}
	return ps
}

// wantTerms is the set of terms of the posting lists (keyed field:term).
func wantTerms[T any](lists map[string]T) map[string]bool {
	out := map[string]bool{}
	for k := range lists {
		_, term, _ := strings.Cut(k, ":")
		out[term] = true
	}
	return out
}

// shorterSeparator reports whether a beginning of term shorter than sep,
// ending at a character's end, sorts after last too.
func shorterSeparator(term, sep, last string) bool {
	for i := range term {
		if i > 0 && i < len(sep) && term[:i] > last {
			return true
		}
	}
	return false
}

// mattersOf returns the matters of docs (matter: by document), each once,
// in the order of their first document.
func mattersOf(docs []int, matter []int) []int {
	var out []int
	for _, d := range docs {
		if !slices.Contains(out, matter[d]) {
			out = append(out, matter[d])
		}
	}
	return out
}

// unzigzag undoes zigzag.
func unzigzag(z int) int {
	if z&1 == 1 {
		return -(z + 1) / 2
	}
	return z / 2
}

// checkPartsFilter decodes the parts filter (docs/index-format.md, "Parts
// filter") and checks that its two Bloom filters hold every part of a
// compound and every term with a summary, and that they are
// filters: each refuses most terms it does not hold (a filter of all set
// bits would hold everything).
func checkPartsFilter(t *testing.T, dir, name string, parts, summarized map[string]bool) {
	t.Helper()
	if len(parts) == 0 || len(summarized) == 0 {
		t.Fatalf("%d parts of compounds, %d terms with a summary in the test index: want some of each", len(parts), len(summarized))
	}
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatalf("parts filter %q: %v", name, err)
	}
	p, err := Payload(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := &reader{b: p}
	hashes := r.int()
	filters := [][]byte{r.bytes(), r.bytes()}
	if err := r.done(name); err != nil || hashes != partsFilterHashes {
		t.Fatalf("parts filter: %v, %d hashes", err, hashes)
	}
	for i, want := range []map[string]bool{parts, summarized} {
		f := filters[i]
		holds := func(term string) bool {
			for _, b := range bloomPlaces(term, 8*len(f)) {
				if f[b/8]&(1<<(b%8)) == 0 {
					return false
				}
			}
			return true
		}
		for term := range want {
			if !holds(term) {
				t.Errorf("parts filter %d: %q missing", i, term)
			}
		}
		if len(f)*8 < partsFilterBits*len(want) {
			t.Errorf("parts filter %d: %d bits for %d terms, want %d a term", i, len(f)*8, len(want), partsFilterBits)
		}
		others := 0
		for k := range 1000 {
			if holds(fmt.Sprintf("kein-teil-%d", k)) {
				others++
			}
		}
		if others > 50 {
			t.Errorf("parts filter %d holds %d of 1,000 terms it was not given", i, others)
		}
	}
}
