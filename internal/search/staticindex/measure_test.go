package staticindex_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/ratsarchiv/ratsarchiv/internal/search/analysis"
	"github.com/ratsarchiv/ratsarchiv/internal/search/query"

	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
	"github.com/ratsarchiv/ratsarchiv/internal/search/staticindex"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/gen"
)

// BenchmarkStaticIndex measures the index sizes and the bytes the browser
// client fetches (cold cache) for typical queries on generated archives:
//
//	go test -run '^$' -bench StaticIndex -benchtime 1x ./internal/search/staticindex/
//
// The numbers are reported per archive size as benchmark metrics; the
// build itself is timed by internal/search/searchindex's benchmarks.
func BenchmarkStaticIndex(b *testing.B) {
	node := testkit.Node(b)
	var sizes []int
	for _, f := range strings.Split(*measureItems, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			b.Fatalf("-measure-items: %v", err)
		}
		sizes = append(sizes, n)
	}
	for _, items := range sizes {
		b.Run(fmt.Sprintf("items=%d", items), func(b *testing.B) {
			for b.Loop() {
				start := time.Now()
				f := newFixture(b, gen.Generate(gen.Options{Items: items, Seed: 1}))
				b.ReportMetric(time.Since(start).Seconds(), "build+export-s")
				b.ReportMetric(float64(dirBytes(b, filepath.Join(filepath.Dir(f.dir), "index")))/(1<<20), "bleve-MiB")
				b.ReportMetric(float64(f.stats.Bytes())/(1<<20), "static-MiB")
				b.ReportMetric(float64(f.stats.Files), "static-files")
				qs := measureQueries(f)
				res := runJS(b, node, f.dir, qs, "--cold")
				for i, q := range qs {
					b.Logf("%-40q total %6d, %3d requests, %7.1f KiB", q.Q, res[i].Total, res[i].Requests, float64(res[i].Bytes)/1024)
					b.ReportMetric(float64(res[i].Bytes)/1024, measureNames[i]+"-KiB")
				}
			}
		})
	}
}

var measureItems = flag.String("measure-items", "1000,10000", "archive sizes (agenda items) BenchmarkStaticIndex measures, comma-separated")

var measureNames = []string{"common", "rare", "phrase", "two-common", "common+committee", "prefix", "common-page3"}

// measureQueries picks the archive's most frequent word, a word found in
// one document, its most frequent two-word phrase, and combinations.
func measureQueries(f *fixture) []jsQuery {
	docs := searchindex.Documents(f.archive, "/", searchindex.DefaultExcerptLen)
	df := map[string]int{}
	surface := map[string]string{}
	pairs := map[string]int{}
	for _, d := range docs {
		seen := map[string]bool{}
		words := strings.FieldsFunc(d.Text, func(c rune) bool { return !unicode.IsLetter(c) })
		prev := ""
		for _, w := range words {
			ts := analysis.Analyze(w)
			if len(ts) != 1 || len([]rune(w)) < 3 {
				prev = ""
				continue
			}
			t := ts[0].Term
			if !seen[t] {
				seen[t] = true
				df[t]++
				if surface[t] == "" || w < surface[t] {
					surface[t] = w
				}
			}
			if prev != "" {
				pairs[prev+" "+w]++
			}
			prev = w
		}
	}
	terms := make([]string, 0, len(df))
	for t := range df {
		terms = append(terms, t)
	}
	slices.SortFunc(terms, func(a, b string) int {
		if df[a] != df[b] {
			return df[b] - df[a]
		}
		return strings.Compare(a, b)
	})
	common, second := surface[terms[0]], surface[terms[1]]
	rare := ""
	for _, t := range terms {
		if df[t] == 1 && len(t) > 6 {
			rare = surface[t]
			break
		}
	}
	phrase, best := "", 0
	for p, n := range pairs {
		if n > best || n == best && p < phrase {
			phrase, best = p, n
		}
	}
	committee := f.ix.Vocabulary().Committees[0]
	prefix := string([]rune(common)[:min(5, len([]rune(common)))]) + "*"
	return []jsQuery{
		{Q: common, Options: jsOptions{Limit: new(10)}},
		{Q: rare, Options: jsOptions{Limit: new(10)}},
		{Q: `"` + phrase + `"`, Options: jsOptions{Limit: new(10)}},
		{Q: common + " " + second, Options: jsOptions{Limit: new(10)}},
		{Q: common, Options: jsOptions{Limit: new(10), Filters: &query.Filters{Committee: []string{committee}}}},
		{Q: prefix, Options: jsOptions{Limit: new(10)}},
		{Q: common, Options: jsOptions{Limit: new(10), Offset: 20}},
	}
}

func dirBytes(tb testing.TB, dir string) int64 {
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

// TestQueryWaves counts the sequential round trips of start-up and those
// each kind of query needs after it (the harness answers requests in waves, see
// web/search/testdata/harness.mjs) on a generated archive, in a fresh
// client each, and holds them to what the index format promises: a word's
// page costs its dictionary shard and then its documents with their
// passages, whatever else a query needs loads beside those or once in
// between.
func TestQueryWaves(t *testing.T) {
	node := testkit.Node(t)
	f := generatedFixture(t)
	qs := measureQueries(f)
	names := slices.Clone(measureNames)
	// A word of a few documents that the index does not split: its entry names
	// their chunks, which load beside the facet blocks that group the
	// hits.
	if w := locatedWord(f); w != "" {
		qs = append(qs, jsQuery{Q: w, Options: jsOptions{Limit: new(10)}})
		names = append(names, "few-docs")
	} else {
		t.Error("the generated archive has no word of 3–8 documents that the index does not split")
	}
	// A frequent compound, which finds its parts as words of their own
	// too: its summary holds what the query needs.
	// With a filter, its entry names its parts' lists: they load beside
	// its own.
	if w, n := frequentCompound(f); n >= 1024 {
		committee := f.ix.Vocabulary().Committees[0]
		qs = append(qs, jsQuery{Q: w, Options: jsOptions{Limit: new(10)}},
			jsQuery{Q: w, Options: jsOptions{Limit: new(10), Filters: &query.Filters{Committee: []string{committee}}}})
		names = append(names, "common-compound", "compound+committee")
	} else {
		t.Errorf("the generated archive's most frequent compound %q is in %d documents' texts, want a summary's 1,024", w, n)
	}
	// A frequent word with the committee of the most documents, a page
	// of 5 (which the committee's share of the summary's best documents
	// fills here): its page comes from its summary's best documents in
	// the committee, its total and facets from its lists, with the facet
	// blocks of the committee's documents.
	qs = append(qs, jsQuery{Q: qs[0].Q, Options: jsOptions{Limit: new(5), Filters: &query.Filters{Committee: []string{biggestCommittee(f)}}}})
	names = append(names, "common+big-committee")
	limits := map[string]int{"common": 2, "rare": 3, "phrase": 2, "two-common": 2, "common+committee": 2, "prefix": 2, "common-page3": 2, "few-docs": 2, "common-compound": 2, "compound+committee": 2, "common+big-committee": 2}
	res := runJS(t, node, f.dir, qs, "--cold", "--waves")
	for i, q := range qs {
		name := names[i]
		t.Logf("%-16s %-40q total %5d: %d waves, %d requests, %.1f KiB", name, q.Q, res[i].Total, res[i].Waves, res[i].Requests, float64(res[i].Bytes)/1024)
		if res[i].Total == 0 || res[i].Waves < 1 {
			t.Errorf("%s %q: %d hits in %d waves: the query should find something over the network", name, q.Q, res[i].Total, res[i].Waves)
		}
		if res[i].Waves > limits[name] {
			t.Errorf("%s %q: %d sequential round trips, want at most %d", name, q.Q, res[i].Waves, limits[name])
		}
		// Start-up: the entry file, which carries the dictionary's pages,
		// the preset dictionaries and the documents' top directories.
		if res[i].StartupWaves != 1 {
			t.Errorf("%s %q: start-up took %d sequential round trips, want 1", name, q.Q, res[i].StartupWaves)
		}
	}
	// As the search page asks (onHits): the same results, the hits in as
	// many round trips, the counts after them in one more, with the bytes
	// that count them (facet blocks, a word's lists) after the hits' —
	// but where a word's summary holds its counts, in one committee too.
	// (The compound in a committee took 5 round trips to its hits and 6
	// to its counts before the summary carried the committee's next
	// documents and counts: its best documents' matters repeat.)
	fromSummary := map[string]bool{"common": true, "common-page3": true, "common-compound": true, "phrase": true,
		"common+committee": true, "compound+committee": true, "common+big-committee": true}
	first := runJS(t, node, f.dir, qs, "--cold", "--waves", "--hits-first")
	compare(t, f, qs, first).check(t)
	for i, q := range qs {
		name, r := names[i], first[i]
		t.Logf("%-16s hits first: hits in %d waves, %d requests, %.1f KiB; counts in %d waves, %.1f KiB", name, r.HitsWaves, r.HitsRequests, float64(r.HitsBytes)/1024, r.Waves, float64(r.Bytes)/1024)
		hitsLimit := limits[name]
		if r.HitsWaves > hitsLimit || r.Waves > hitsLimit+1 {
			t.Errorf("%s %q, hits first: hits in %d round trips, counts in %d; want at most %d and %d", name, q.Q, r.HitsWaves, r.Waves, hitsLimit, hitsLimit+1)
		}
		if !fromSummary[name] && (r.HitsBytes >= r.Bytes || r.HitsWaves >= r.Waves) {
			t.Errorf("%s %q, hits first: hits after %d bytes in %d round trips, all after %d in %d: the facet blocks load before the hits", name, q.Q, r.HitsBytes, r.HitsWaves, r.Bytes, r.Waves)
		}
		if fromSummary[name] && r.Waves > r.HitsWaves {
			t.Errorf("%s %q, hits first: hits in %d round trips, counts in %d: the summary holds the counts", name, q.Q, r.HitsWaves, r.Waves)
		}
	}
}

// TestCommitteePagesFromSummaries: a frequent word in any one committee
// takes its page from the word's summary — the committee's documents
// among the word's best, then the committee's next ones, which the
// summary carries when the best do not hold the committee's page — and
// its counts too, so the whole query needs the dictionary shard and the
// committee's set, then the documents: 2 round trips, where a ranking on
// the word's lists loads block files in rounds (at 100,000 items 6 round
// trips to the hits, 7 to the counts). The lists here are of small
// blocks, a file each, as a frequent word's at 100,000 items. Some
// committee's page must lie beyond the word's 50 best documents; the
// results are Bleve's.
func TestCommitteePagesFromSummaries(t *testing.T) {
	node := testkit.Node(t)
	f := generatedFixture(t)
	dir := exportWith(t, f, staticindex.Options{BlockSize: 8, BlockFileBytes: 1})
	common := measureQueries(f)[0].Q
	search := func(o searchindex.SearchOptions) map[string]bool {
		res, err := f.ix.Search(context.Background(), common, o)
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{}
		for _, h := range res.Hits {
			ids[h.Kind+":"+h.ID] = true
		}
		return ids
	}
	best := search(searchindex.SearchOptions{Limit: new(50)})
	var qs []jsQuery
	beyond := 0
	for _, c := range f.ix.Vocabulary().Committees {
		o := searchindex.SearchOptions{Limit: new(10), Filters: query.Filters{Committee: []string{c}}}
		for id := range search(o) {
			if !best[id] {
				beyond++
				break
			}
		}
		qs = append(qs, jsQuery{Q: common, Options: jsOptions{Limit: new(10), Filters: &query.Filters{Committee: []string{c}}}})
	}
	if beyond == 0 {
		t.Errorf("%q: every committee's page lies within the word's 50 best hits", common)
	}
	res := runJS(t, node, dir, qs, "--cold", "--waves", "--hits-first")
	for i, q := range qs {
		t.Logf("%-40q in %-45s total %4d: hits in %d round trips, %d requests, %.1f KiB; all in %d, %.1f KiB", q.Q, q.Options.Filters.Committee[0], res[i].Total, res[i].HitsWaves, res[i].HitsRequests, float64(res[i].HitsBytes)/1024, res[i].Waves, float64(res[i].Bytes)/1024)
		if res[i].Total == 0 || res[i].Waves > 2 {
			t.Errorf("%q in %s: %d matches, hits in %d round trips, counts in %d; want some in at most 2", q.Q, q.Options.Filters.Committee[0], res[i].Total, res[i].HitsWaves, res[i].Waves)
		}
	}
	t.Logf("%d of %d committees' pages lie beyond the word's 50 best hits", beyond, len(qs))
	compare(t, f, qs, res).check(t)
}

// exportWith exports f's index with opts into a folder of its own, for
// the harness — once for every test that asks for the same options of
// the shared generated archive: an index of a block a file is 80,000
// files, which take most of a test's time to write.
func exportWith(t *testing.T, f *fixture, opts staticindex.Options) string {
	t.Helper()
	if opts.Keep != nil {
		t.Fatal("exportWith: options with Keep")
	}
	key := fmt.Sprintf("%+v", opts)
	f.mu.Lock()
	defer f.mu.Unlock()
	if dir, ok := f.exports[key]; ok {
		return dir
	}
	root := f.root
	if root == "" {
		root = t.TempDir()
	}
	dir, err := os.MkdirTemp(root, "search-")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := staticindex.Export(context.Background(), f.ix, dir, opts); err != nil {
		t.Fatal(err)
	}
	if f.root != "" {
		if f.exports == nil {
			f.exports = map[string]string{}
		}
		f.exports[key] = dir
	}
	return dir
}

// locatedWord is the first word (by its term) of at least 7 letters found
// in 3 to 8 documents' texts that the index does not split.
func locatedWord(f *fixture) string {
	df, surface := textWords(f, func(w, _ string) bool { return len([]rune(w)) >= 7 })
	for _, t := range slices.Sorted(maps.Keys(df)) {
		if df[t] >= 3 && df[t] <= 8 && f.ix.Splits(t) == nil {
			return surface[t]
		}
	}
	return ""
}

// frequentCompound is the word that the index splits in the most
// documents' texts (the first term on ties), and their number.
func frequentCompound(f *fixture) (string, int) {
	df, surface := textWords(f, func(_, term string) bool { return f.ix.Splits(term) != nil })
	best := ""
	for _, t := range slices.Sorted(maps.Keys(df)) {
		if best == "" || df[t] > df[best] {
			best = t
		}
	}
	return surface[best], df[best]
}

// textWords counts the documents whose text has each term of a word
// (analysed to one term) that keep accepts, and names the word of each
// term (the first by its bytes).
func textWords(f *fixture, keep func(word, term string) bool) (df map[string]int, surface map[string]string) {
	return fieldWords(f, func(d *searchindex.Doc) string { return d.Text }, keep)
}

// fieldWords is textWords for the field of a document that field returns.
func fieldWords(f *fixture, field func(*searchindex.Doc) string, keep func(word, term string) bool) (df map[string]int, surface map[string]string) {
	docs := searchindex.Documents(f.archive, "/", searchindex.DefaultExcerptLen)
	df, surface = map[string]int{}, map[string]string{}
	for _, d := range docs {
		seen := map[string]bool{}
		for _, w := range strings.FieldsFunc(field(d), func(c rune) bool { return !unicode.IsLetter(c) }) {
			ts := analysis.Analyze(w)
			if len(ts) != 1 || seen[ts[0].Term] || !keep(w, ts[0].Term) {
				continue
			}
			seen[ts[0].Term] = true
			df[ts[0].Term]++
			if surface[ts[0].Term] == "" || w < surface[ts[0].Term] {
				surface[ts[0].Term] = w
			}
		}
	}
	return df, surface
}

// TestBlockRoundsGrow holds the rounds of block files a ranking loads to
// a few when the bounds tell few contenders apart: in an index of small
// blocks (8 postings, a top tier as small, a file each) frequent words'
// lists are hundreds of block files, as at 100,000 items, where loading
// 48 files a round took a frequent word in a committee 6 rounds; the
// first round loads 96, each further one twice as many as the one
// before. The results are Bleve's.
func TestBlockRoundsGrow(t *testing.T) {
	node := testkit.Node(t)
	f := generatedFixture(t)
	dir := exportWith(t, f, staticindex.Options{BlockSize: 8, BlockFileBytes: 1})
	qs := measureQueries(f)
	qs = []jsQuery{
		qs[3], // two common words
		// The second page: the first comes from the summary.
		{Q: qs[0].Q, Options: jsOptions{Limit: new(10), Offset: 10, Filters: &query.Filters{Committee: []string{biggestCommittee(f)}}}},
	}
	// 48 files a round: 5 and 4; rounds that grow from 48: 4 and 4; from
	// 96 (ranking.js BLOCK_FILES_AT_ONCE): 4 and 2.
	limits := []int{4, 2}
	res := runJS(t, node, dir, qs, "--cold", "--waves")
	for i, q := range qs {
		t.Logf("%-40q total %5d: %d waves, %d requests, %.1f KiB", q.Q, res[i].Total, res[i].Waves, res[i].Requests, float64(res[i].Bytes)/1024)
		if res[i].Total == 0 || res[i].Waves > limits[i] {
			t.Errorf("%q: %d hits in %d sequential round trips, want some in at most %d", q.Q, res[i].Total, res[i].Waves, limits[i])
		}
	}
	compare(t, f, qs, res).check(t)
}

// TestListFilesBySize holds a phrase of two frequent words without their
// pair's list to fewer requests with the block and position files of the
// default sizes (2 and 16 KiB) than with a block a file, for the same hits as Bleve's: a
// phrase reads the positions of most of its words' lists, and their
// blocks beside them, in 2 round trips either way.
func TestListFilesBySize(t *testing.T) {
	node := testkit.Node(t)
	f := generatedFixture(t)
	// Without word pairs, whose lists would answer the phrase.
	const noPairs = 1 << 30
	bySize := exportWith(t, f, staticindex.Options{PairMinDocs: noPairs})
	perBlock := exportWith(t, f, staticindex.Options{BlockFileBytes: 1, PosFileBytes: 1, PairMinDocs: noPairs})
	qs := []jsQuery{measureQueries(f)[2]}
	if !strings.HasPrefix(qs[0].Q, `"`) {
		t.Fatalf("%q is not a phrase", qs[0].Q)
	}
	layouts := []struct {
		name string
		dir  string
	}{
		{"files by size", bySize},
		{"a block a file", perBlock},
	}
	res := make([]jsResult, len(layouts))
	for i, l := range layouts {
		res[i] = runJS(t, node, l.dir, qs, "--cold", "--waves")[0]
		t.Logf("%q, %s: %d requests (%.1f KiB) in %d waves", qs[0].Q, l.name, res[i].Requests, float64(res[i].Bytes)/1024, res[i].Waves)
		if res[i].Total == 0 || res[i].Waves > 2 {
			t.Errorf("%q, %s: %d hits in %d sequential round trips, want some in 2", qs[0].Q, l.name, res[i].Total, res[i].Waves)
		}
		compare(t, f, qs, res[i:i+1]).check(t)
	}
	if res[0].Requests >= res[1].Requests {
		t.Errorf("%q: %d requests with files by size, %d with a block a file: want fewer", qs[0].Q, res[0].Requests, res[1].Requests)
	}
}

// TestBigListsLoadBesideShards holds a query that needs a frequent word's
// lists to its two round trips when the word's heads are too big for its
// dictionary shard (over 16 KiB at 100,000 items, here over 64 bytes):
// the page names their files, which load beside the shard. So do a rare
// compound's parts' heads beside their shards, once its entry has named
// the parts: its hits and counts in three round trips (at 100,000 items
// abfallaufkommens took four). The results are Bleve's.
func TestBigListsLoadBesideShards(t *testing.T) {
	node := testkit.Node(t)
	f := generatedFixture(t)
	dir := exportWith(t, f, staticindex.Options{ShardBlobBytes: 64})
	qs := measureQueries(f)
	qs = []jsQuery{qs[2], qs[3]} // a phrase, two common words
	limits := []int{2, 2}
	if w := rareCompound(f); w != "" {
		qs = append(qs, jsQuery{Q: w, Options: jsOptions{Limit: new(10)}})
		limits = append(limits, 3)
	} else {
		t.Error("the generated archive has no compound of at most 8 documents of frequent parts")
	}
	res := runJS(t, node, dir, qs, "--cold", "--waves")
	for i, q := range qs {
		t.Logf("%-40q total %5d: %d waves, %d requests, %.1f KiB", q.Q, res[i].Total, res[i].Waves, res[i].Requests, float64(res[i].Bytes)/1024)
		if res[i].Total == 0 || res[i].Waves > limits[i] {
			t.Errorf("%q: %d hits in %d sequential round trips, want some in at most %d", q.Q, res[i].Total, res[i].Waves, limits[i])
		}
	}
	compare(t, f, qs, res).check(t)
}

// TestCompoundPartsBesideIt: once the parts filter has loaded (a
// visitor types after the index opens), a query of a rare compound looks
// its parts up beside it, guessed from the word, and takes its hits a
// round trip sooner than a query asked the moment the index opens, which
// learns its parts from its entry — with the same hits as Bleve's.
func TestCompoundPartsBesideIt(t *testing.T) {
	node := testkit.Node(t)
	f := generatedFixture(t)
	w := rareCompound(f)
	if w == "" {
		t.Fatal("the generated archive has no compound of at most 8 documents of frequent parts")
	}
	if entry := readEntry(t, f.dir); entry.PartsFilter == "" {
		t.Fatal("the index has no parts filter")
	}
	// Beside another word, a compound with a summary needs its parts'
	// lists too: guessed, their entries load beside its own.
	fc, _ := frequentCompound(f)
	qs := []jsQuery{{Q: w, Options: jsOptions{Limit: new(10)}}, {Q: fc + " " + measureQueries(f)[0].Q, Options: jsOptions{Limit: new(10)}}}
	typed := runJS(t, node, f.dir, qs, "--cold", "--waves")
	atOnce := runJS(t, node, f.dir, qs, "--cold", "--waves", "--at-once")
	compare(t, f, qs, typed).check(t)
	compare(t, f, qs, atOnce).check(t)
	for i, q := range qs {
		t.Logf("%q: %d round trips, %d requests (%.1f KiB) typed; %d, %d (%.1f KiB) asked at once", q.Q,
			typed[i].Waves, typed[i].Requests, float64(typed[i].Bytes)/1024, atOnce[i].Waves, atOnce[i].Requests, float64(atOnce[i].Bytes)/1024)
		if typed[i].Total == 0 || typed[i].Waves != atOnce[i].Waves-1 {
			t.Errorf("%q: %d hits in %d round trips typed, %d asked at once; want some in one fewer", q.Q, typed[i].Total, typed[i].Waves, atOnce[i].Waves)
		}
	}
	if typed[0].Waves != 2 {
		t.Errorf("%q: %d round trips typed, want 2", w, typed[0].Waves)
	}
}

// rareCompound is a word (the first by its term) in at most 8 documents'
// texts that the index splits into parts each in at least 200: lists
// with heads, and no summary of the compound's.
func rareCompound(f *fixture) string {
	df, surface := textWords(f, func(string, string) bool { return true })
	for _, t := range slices.Sorted(maps.Keys(df)) {
		parts := f.ix.Splits(t)
		if df[t] > 8 || len(parts) < 2 {
			continue
		}
		if !slices.ContainsFunc(parts, func(p string) bool { return df[p] < 200 }) {
			return surface[t]
		}
	}
	return ""
}

// TestPairLists: a phrase of two frequent words reads its documents and
// their postings from the pair's list, not from the words' positions and
// block files — fewer requests and bytes for the same hits as Bleve's, in
// 2 round trips, also beside another word — while a phrase of three
// words reads positions as before.
func TestPairLists(t *testing.T) {
	node := testkit.Node(t)
	f := generatedFixture(t)
	withPairs := exportWith(t, f, staticindex.Options{PairMinDocs: 2})
	noPairs := exportWith(t, f, staticindex.Options{PairMinDocs: 1 << 30})
	phrase := measureQueries(f)[2]
	words := strings.Fields(strings.Trim(phrase.Q, `"`))
	if len(words) != 2 {
		t.Fatalf("%q is not a phrase of two words", phrase.Q)
	}
	qs := []jsQuery{phrase, {Q: `"` + words[0] + " " + words[1] + " " + words[0] + `"`}, {Q: phrase.Q + " " + words[1]}}
	if entry := readEntry(t, withPairs); len(entry.PairDict) == 0 || entry.PairMinDocs != 2 {
		t.Fatalf("%d pages of word pairs, pairMinDocs %d: want some, 2", len(entry.PairDict), entry.PairMinDocs)
	}
	with := runJS(t, node, withPairs, qs, "--cold", "--waves")
	without := runJS(t, node, noPairs, qs, "--cold", "--waves")
	compare(t, f, qs, with).check(t)
	compare(t, f, qs, without).check(t)
	for i, q := range qs {
		t.Logf("%q: with pairs %d requests (%.1f KiB) in %d waves, without %d (%.1f KiB) in %d", q.Q,
			with[i].Requests, float64(with[i].Bytes)/1024, with[i].Waves, without[i].Requests, float64(without[i].Bytes)/1024, without[i].Waves)
		if i == 0 && (with[i].Total == 0 || with[i].Waves > 2) {
			t.Errorf("%q: %d hits in %d round trips with pairs, want some in 2", q.Q, with[i].Total, with[i].Waves)
		}
		if i != 1 && (with[i].Bytes >= without[i].Bytes || with[i].Requests >= without[i].Requests) {
			t.Errorf("%q: %d requests, %d bytes with pairs, %d and %d without: want fewer", q.Q, with[i].Requests, with[i].Bytes, without[i].Requests, without[i].Bytes)
		}
		if i == 1 && (with[i].Bytes != without[i].Bytes || with[i].Requests != without[i].Requests) {
			t.Errorf("%q: %d requests, %d bytes with pairs, %d and %d without: want the same", q.Q, with[i].Requests, with[i].Bytes, without[i].Requests, without[i].Bytes)
		}
	}
}

func readEntry(t *testing.T, dir string) *staticindex.Entry {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, staticindex.EntryFile))
	if err != nil {
		t.Fatal(err)
	}
	var e staticindex.Entry
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatal(err)
	}
	return &e
}

// TestExcerptPositionsBesideChunks: a frequent word ranked beside a
// rarer one, whose positions choose the excerpts' passages (a word in
// more documents' texts than a located word's 32, the default
// LocateDocs, and at most searchindex.ExcerptTermsMaxDF), loads those
// positions beside the hits' chunks and the block files: its hits come
// after the words' entries, those, and the passages' text packs — 3
// round trips, where positions loaded after the chunks took 4. The
// results are Bleve's.
func TestExcerptPositionsBesideChunks(t *testing.T) {
	node := testkit.Node(t)
	f := generatedFixture(t)
	common := measureQueries(f)[0].Q
	df, surface := textWords(f, func(w, term string) bool { return len([]rune(w)) >= 6 && f.ix.Splits(term) == nil })
	var qs []jsQuery
	for _, term := range slices.Sorted(maps.Keys(df)) {
		if df[term] > 32 && df[term] <= searchindex.ExcerptTermsMaxDF && len(qs) < 8 {
			qs = append(qs, jsQuery{Q: common + " " + surface[term], Options: jsOptions{Limit: new(10)}})
		}
	}
	if len(qs) == 0 {
		t.Fatalf("the generated archive has no word in 33–%d documents' texts", searchindex.ExcerptTermsMaxDF)
	}
	res := runJS(t, node, f.dir, qs, "--cold", "--waves", "--hits-first")
	compare(t, f, qs, res).check(t)
	for i, q := range qs {
		t.Logf("%-40q total %4d: hits in %d round trips, %d requests, %.1f KiB", q.Q, res[i].Total, res[i].HitsWaves, res[i].HitsRequests, float64(res[i].HitsBytes)/1024)
		if res[i].Total == 0 || res[i].HitsWaves > 3 {
			t.Errorf("%q: %d hits in %d round trips, want some in at most 3", q.Q, res[i].Total, res[i].HitsWaves)
		}
	}
}

// TestRepeatedMattersRankedAtOnce holds most title words of more
// documents than a page to 2 round trips to their hits, and none to more
// than 3, where their best documents repeat matters: a paper's agenda
// items carry its title, so a title word's best documents are often a
// paper and its items, one hit. A first ranking ranks twice the page and
// loads the chunks of the documents whose matters the entries did not
// name, and the next tier (the word in the text alone) ranks at once
// while the title's documents may hold fewer matters than the page. The
// results are Bleve's.
func TestRepeatedMattersRankedAtOnce(t *testing.T) {
	node := testkit.Node(t)
	f := generatedFixture(t)
	df, surface := fieldWords(f, func(d *searchindex.Doc) string { return d.Title }, func(string, string) bool { return true })
	var qs []jsQuery
	for _, term := range slices.Sorted(maps.Keys(df)) {
		// More title documents than a page, often fewer matters.
		if df[term] > 10 && df[term] <= 30 && len(qs) < 20 {
			qs = append(qs, jsQuery{Q: surface[term], Options: jsOptions{Limit: new(10)}})
		}
	}
	if len(qs) < 20 {
		t.Fatalf("the generated archive has %d words in 11–30 documents' titles, want 20", len(qs))
	}
	res := runJS(t, node, f.dir, qs, "--cold", "--waves", "--hits-first")
	compare(t, f, qs, res).check(t)
	trips := map[int]int{}
	for i, q := range qs {
		t.Logf("%-28q total %3d: hits in %d round trips, %d requests, %.1f KiB", q.Q, res[i].Total, res[i].HitsWaves, res[i].HitsRequests, float64(res[i].HitsBytes)/1024)
		trips[res[i].HitsWaves]++
		if res[i].Total == 0 || res[i].HitsWaves > 3 {
			t.Errorf("%q: %d hits in %d round trips, want some in at most 3", q.Q, res[i].Total, res[i].HitsWaves)
		}
	}
	// Ranking the page alone and its tiers one by one: 7 in 2 round
	// trips, 7 in 3, 6 in 4; now 14 in 2, 6 in 3.
	t.Logf("queries by round trips to their hits: %v", trips)
	if trips[2] < len(qs)*3/5 {
		t.Errorf("%d of %d title words took their hits in 2 round trips, want at least three fifths", trips[2], len(qs))
	}
}
