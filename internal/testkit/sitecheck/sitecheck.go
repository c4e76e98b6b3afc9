// Package sitecheck inspects a built site the way a reader and a crawler
// would: it parses every HTML page and reports internal links that lead
// nowhere, and finds text that must not be published. Tests and the
// benchmark harness use it; the build does not.
package sitecheck

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/net/html"
)

// Page is a parsed HTML page of the site.
type Page struct {
	File  string // path relative to the site root, slash-separated
	Title string
	Links []string // href and src values, as written
	Doc   *html.Node
}

// Pages parses every .html file under root, in path order.
func Pages(root string) ([]*Page, error) {
	var pages []*Page
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		rel, _ := filepath.Rel(root, p)
		pg := &Page{File: filepath.ToSlash(rel), Doc: doc}
		walk(doc, func(n *html.Node) {
			if n.Type != html.ElementNode {
				return
			}
			if n.Data == "title" && n.FirstChild != nil {
				pg.Title = n.FirstChild.Data
			}
			for _, a := range n.Attr {
				if a.Key == "href" || a.Key == "src" {
					pg.Links = append(pg.Links, a.Val)
				}
			}
		})
		pages = append(pages, pg)
		return nil
	})
	return pages, err
}

func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

// Walk calls f for every node of the page.
func (p *Page) Walk(f func(*html.Node)) { walk(p.Doc, f) }

// BrokenLink is an internal link without a file behind it.
type BrokenLink struct {
	Page, Link string
}

// BrokenLinks checks every internal link of pages against the files under
// root. baseURL is the site's public URL: absolute links to it count as
// internal, and its path is the prefix that maps to root.
func BrokenLinks(root, baseURL string, pages []*Page) ([]BrokenLink, error) {
	base, err := url.Parse(baseURL)
	if err != nil {
		return nil, err
	}
	prefix := base.Path
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	var broken []BrokenLink
	for _, pg := range pages {
		pageURL := &url.URL{Path: prefix + pg.File}
		for _, l := range pg.Links {
			u, err := url.Parse(l)
			if err != nil {
				broken = append(broken, BrokenLink{pg.File, l})
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				if u.Host != base.Host || (u.Scheme != "" && u.Scheme != base.Scheme) {
					continue // external
				}
			}
			if u.Path == "" { // "#fragment" or "?query" on this page
				continue
			}
			target := pageURL.ResolveReference(u).Path
			if !strings.HasPrefix(target, prefix) {
				broken = append(broken, BrokenLink{pg.File, l + " (outside the site's base path)"})
				continue
			}
			file := strings.TrimPrefix(target, prefix)
			if file == "" || strings.HasSuffix(file, "/") {
				file += "index.html"
			}
			file = path.Clean(file)
			if fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(file))); err != nil || fi.IsDir() {
				broken = append(broken, BrokenLink{pg.File, l})
			}
		}
	}
	return broken, nil
}

// Find returns the files under root (relative, sorted) whose content
// contains any of needles, compared case-insensitively. Gzip files are
// searched decompressed, so a compressed index cannot hide a leak.
func Find(root string, needles ...string) ([]string, error) {
	lower := make([][]byte, len(needles))
	for i, n := range needles {
		lower[i] = bytes.ToLower([]byte(n))
	}
	var hits []string
	err := eachFile(root, func(rel string, data []byte) {
		if len(data) > 2 && data[0] == 0x1f && data[1] == 0x8b {
			if zr, err := gzip.NewReader(bytes.NewReader(data)); err == nil {
				if plain, err := io.ReadAll(zr); err == nil {
					data = append(data, plain...)
				}
			}
		}
		data = bytes.ToLower(data)
		for _, n := range lower {
			if bytes.Contains(data, n) {
				hits = append(hits, rel)
				break
			}
		}
	})
	sort.Strings(hits)
	return hits, err
}

// Files returns every file under root with its content, keyed by relative path.
func Files(root string) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := eachFile(root, func(rel string, data []byte) { out[rel] = data })
	return out, err
}

// eachFile calls f with the path relative to root, slash-separated, and the
// content of every file under root.
func eachFile(root string, f func(rel string, data []byte)) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		f(filepath.ToSlash(rel), data)
		return nil
	})
}
