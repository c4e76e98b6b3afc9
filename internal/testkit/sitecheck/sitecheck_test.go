package sitecheck

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
	"github.com/ratsarchiv/ratsarchiv/internal/search/staticindex"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/searchtest"
)

func site(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestBrokenLinks(t *testing.T) {
	dir := site(t, map[string]string{
		"index.html": `<title>Home</title>
<a href="/rat/a/">ok</a>
<a href="/rat/b/">missing</a>
<a href="a/">relative ok</a>
<a href="/rat/css/x.css">ok file</a>
<a href="https://example.org/rat/a/">absolute ok</a>
<a href="https://example.org/rat/c/">absolute missing</a>
<a href="https://other.example/">external</a>
<a href="#top">fragment</a>
<a href="/elsewhere/">outside base</a>
<img src="/rat/img.png">`,
		"a/index.html": `<a href="../">up</a><a href="../a/">self</a>`,
		"css/x.css":    "",
	})
	pages, err := Pages(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 || pages[1].Title != "Home" {
		t.Fatalf("pages = %+v", pages)
	}
	broken, err := BrokenLinks(dir, "https://example.org/rat/", pages)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range broken {
		got = append(got, b.Page+" "+b.Link)
	}
	want := []string{
		"index.html /rat/b/",
		"index.html https://example.org/rat/c/",
		"index.html /elsewhere/ (outside the site's base path)",
		"index.html /rat/img.png",
	}
	if !slices.Equal(got, want) {
		t.Errorf("broken =\n%q\nwant\n%q", got, want)
	}
}

func TestFind(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("terms: geheimsach"))
	zw.Close()
	dir := site(t, map[string]string{
		"a.html":         "<p>Öffentlich</p>",
		"b.html":         "<p>GEHEIMSACHE Mühlenweg</p>",
		"c.html":         "<p>Müller &amp; S&ouml;hne</p>",
		"d.json":         `{"t":"Meier \u0026 Co"}`,
		"search/t.bin":   gz.String(),
		"search/ok.json": `{"t":"offentlich"}`,
	})
	hits, err := Find(dir, "geheimsach", "mühlenweg")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"b.html", "search/t.bin"}; !slices.Equal(hits, want) {
		t.Errorf("hits = %v, want %v", hits, want)
	}
	// Escapes hide nothing.
	hits, err = Find(dir, "Müller & Söhne", "meier & co")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"c.html", "d.json"}; !slices.Equal(hits, want) {
		t.Errorf("hits = %v, want %v", hits, want)
	}
}

// TestFindEachAnchors: a needle is found wherever it is a substring of a
// file's text, whether it has a word inside it (looked up by that word) or
// not (compared everywhere), at the edges of words and of the text too.
func TestFindEachAnchors(t *testing.T) {
	dir := site(t, map[string]string{
		"a.html": "xabc def ghiy",
		"b.html": "<p>Der Kaufpreis von 412.000 Euro wird BESCHLOSSEN.</p>",
		"c.html": "abc defghi",
		"d.html": "Straße",
	})
	needles := []string{
		"abc def ghi",           // anchor "def", inside longer words at both ends in a.html
		"kaufpreis von 412.000", // anchor "von"
		"412.000 euro wird",     // anchors "000", "euro"
		"c def",                 // no word inside: compared everywhere
		"strasse", "straße",     // folding is case and NFC, not ß
		"abc def ghi jkl", // nowhere
	}
	got, err := FindEach(dir, needles...)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"abc def ghi": {"a.html"}, "kaufpreis von 412.000": {"b.html"}, "412.000 euro wird": {"b.html"},
		"c def": {"a.html", "c.html"}, "straße": {"d.html"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FindEach = %v\nwant %v", got, want)
	}
}

// TestFindInStaticIndex: Find sees inside the static search index, whose
// shards are deflated behind an encoding byte and whose dictionary
// front-codes its terms: every term and a record's title are found in a
// shard.
func TestFindInStaticIndex(t *testing.T) {
	a := searchtest.Archive(1, 60)
	root := t.TempDir()
	idxDir := filepath.Join(t.TempDir(), "index")
	ctx := context.Background()
	if _, err := searchindex.Build(ctx, idxDir, a, searchindex.Options{BasePath: "/"}); err != nil {
		t.Fatal(err)
	}
	ix, err := searchindex.Open(idxDir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := staticindex.Export(ctx, ix, filepath.Join(root, "search"), staticindex.Options{}); err != nil {
		t.Fatal(err)
	}

	title := a.Meetings[len(a.Meetings)-1].AgendaItems[0].Name
	hits, err := Find(root, title)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(hits, isShard) {
		t.Errorf("the title %q is in no shard; hits %v", title, hits)
	}

	terms, err := staticindex.DictionaryTerms(os.DirFS(filepath.Join(root, "search")))
	if err != nil {
		t.Fatal(err)
	}
	texts, err := Text(root)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for shard, ts := range terms {
		for _, term := range ts {
			n++
			if !bytes.Contains(texts["search/"+shard], []byte(term)) {
				t.Errorf("term %q is not in the text of its shard %s", term, shard)
			}
		}
	}
	if n < 200 {
		t.Errorf("only %d terms in the test index", n)
	}

	// A shard the decoder cannot read is an error, not a file skipped.
	for rel := range texts {
		if isShard(rel) {
			os.WriteFile(filepath.Join(root, rel), []byte{9, 9, 9}, 0o644)
			break
		}
	}
	if _, err := Find(root, title); err == nil {
		t.Error("Find passes over a shard it cannot decode")
	}
}

func isShard(rel string) bool { return strings.HasPrefix(rel, "search/s/") }
