package sitemap

import (
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func entries(n int) []Entry {
	es := make([]Entry, n)
	for i := range es {
		es[i] = Entry{URL: fmt.Sprintf("https://example.org/rat/items/%d/", i), LastMod: time.Date(2024, 1, 1+i%28, 0, 0, 0, 0, time.UTC)}
	}
	return es
}

func TestWrite(t *testing.T) {
	t.Run("OneFile", func(t *testing.T) {
		dir := t.TempDir()
		if err := Write(dir, "https://example.org/rat/", entries(3), 10); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(filepath.Join(dir, "sitemap.xml"))
		var s struct {
			URLs []struct {
				Loc     string `xml:"loc"`
				LastMod string `xml:"lastmod"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal(data, &s); err != nil {
			t.Fatal(err)
		}
		if len(s.URLs) != 3 || s.URLs[1].Loc != "https://example.org/rat/items/1/" {
			t.Errorf("urls = %+v", s.URLs)
		}
	})
	t.Run("Index", func(t *testing.T) {
		dir := t.TempDir()
		if err := Write(dir, "https://example.org/rat/", entries(25), 10); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(filepath.Join(dir, "sitemap.xml"))
		if !strings.Contains(string(data), "<sitemapindex") || strings.Count(string(data), "<sitemap>") != 3 {
			t.Fatalf("index = %s", data)
		}
		if !strings.Contains(string(data), "<loc>https://example.org/rat/sitemap-3.xml</loc>") {
			t.Errorf("index misses sitemap-3.xml: %s", data)
		}
		total := 0
		for i := 1; i <= 3; i++ {
			part, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("sitemap-%d.xml", i)))
			if err != nil {
				t.Fatal(err)
			}
			total += strings.Count(string(part), "<url>")
		}
		if total != 25 {
			t.Errorf("%d URLs in the parts, want 25", total)
		}
	})
	t.Run("ForbiddenCharacters", func(t *testing.T) {
		// XML 1.0 forbids these even escaped; every file must still parse.
		dir := t.TempDir()
		bad := "\f\x1b\ufffe\x00"
		es := entries(3)
		for i := range es {
			es[i].URL += bad
		}
		if err := Write(dir, "https://example.org/"+bad+"/", es, 2); err != nil {
			t.Fatal(err)
		}
		names, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
		if len(names) != 3 {
			t.Fatalf("files = %v, want an index and two parts", names)
		}
		for _, name := range names {
			data, _ := os.ReadFile(name)
			dec := xml.NewDecoder(strings.NewReader(string(data)))
			for {
				_, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s: %v\n%s", filepath.Base(name), err, data)
				}
			}
		}
	})
	t.Run("Escapes", func(t *testing.T) {
		dir := t.TempDir()
		if err := Write(dir, "https://e/", []Entry{{URL: "https://e/a?b=1&c=<2>"}}, 0); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(filepath.Join(dir, "sitemap.xml"))
		if !strings.Contains(string(data), "a?b=1&amp;c=&lt;2&gt;") {
			t.Errorf("not escaped: %s", data)
		}
	})
}
