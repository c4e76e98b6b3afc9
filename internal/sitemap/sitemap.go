// Package sitemap writes the sitemaps of the archive. The protocol allows at
// most 50,000 URLs per file, and a large city's archive has more pages than
// that, so above the limit it writes numbered files and a sitemap index.
package sitemap

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// MaxURLs is the protocol's limit of URLs per sitemap file.
const MaxURLs = 50000

// Entry is one page.
type Entry struct {
	URL     string // absolute
	LastMod time.Time
}

// Write writes sitemap.xml (and, for more than perFile entries, sitemap-N.xml
// files listed by sitemap.xml as an index) into dir. baseURL is the site's
// public URL, ending in "/". Entries are written in the order given.
func Write(dir, baseURL string, entries []Entry, perFile int) error {
	if perFile <= 0 || perFile > MaxURLs {
		perFile = MaxURLs
	}
	if len(entries) <= perFile {
		return writeFile(filepath.Join(dir, "sitemap.xml"), func(w io.Writer) error { return urlset(w, entries) })
	}
	var index []Entry
	for i := 0; i*perFile < len(entries); i++ {
		part := entries[i*perFile : min((i+1)*perFile, len(entries))]
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		if err := writeFile(filepath.Join(dir, name), func(w io.Writer) error { return urlset(w, part) }); err != nil {
			return err
		}
		index = append(index, Entry{URL: baseURL + name, LastMod: newest(part)})
	}
	return writeFile(filepath.Join(dir, "sitemap.xml"), func(w io.Writer) error { return sitemapIndex(w, index) })
}

func newest(es []Entry) time.Time {
	var t time.Time
	for _, e := range es {
		if e.LastMod.After(t) {
			t = e.LastMod
		}
	}
	return t
}

type xmlURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

func lastmod(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func urlset(w io.Writer, entries []Entry) error {
	type set struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []xmlURL `xml:"url"`
	}
	return encode(w, set{URLs: xmlURLs(entries)})
}

func sitemapIndex(w io.Writer, entries []Entry) error {
	type index struct {
		XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
		Sitemaps []xmlURL `xml:"sitemap"`
	}
	return encode(w, index{Sitemaps: xmlURLs(entries)})
}

// xmlURLs lists entries as both a sitemap and a sitemap index do.
func xmlURLs(entries []Entry) []xmlURL {
	out := make([]xmlURL, len(entries))
	for i, e := range entries {
		out[i] = xmlURL{Loc: e.URL, LastMod: lastmod(e.LastMod)}
	}
	return out
}

// encode writes v as an XML document. The encoder replaces characters XML
// 1.0 forbids (U+000C, U+FFFE …) with U+FFFD, so no URL breaks the file.
func encode(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	if err := write(bw); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
