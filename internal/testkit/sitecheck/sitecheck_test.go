package sitecheck

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"slices"
	"testing"
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
}
