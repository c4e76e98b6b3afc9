package main

import (
	"bytes"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// siteSizes are the sizes of a built site.
type siteSizes struct {
	HTMLFiles, IndexFiles int
	HTMLBytes, IndexBytes int64
	ClientBytes           int64 // the search client's JavaScript
	OtherFiles            int
	OtherBytes            int64
}

// measureSite sums the site's HTML pages and its static search index
// (search/ without its page and scripts).
func measureSite(dir string) (siteSizes, error) {
	var s siteSizes
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		switch {
		case strings.HasSuffix(rel, ".html"):
			s.HTMLFiles++
			s.HTMLBytes += info.Size()
		case strings.HasPrefix(rel, "search/") && strings.HasSuffix(rel, ".js"):
			s.ClientBytes += info.Size()
		case strings.HasPrefix(rel, "search/"):
			s.IndexFiles++
			s.IndexBytes += info.Size()
		default:
			s.OtherFiles++
			s.OtherBytes += info.Size()
		}
		return nil
	})
	return s, err
}

// dirSize sums the files below dir; keep reports whether a file counts.
func dirSize(dir string, keep func(rel string) bool) (files int, size int64, err error) {
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if keep != nil && !keep(filepath.ToSlash(rel)) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		files++
		size += info.Size()
		return nil
	})
	return files, size, err
}

// The committee of a meeting or agenda item page is the first breadcrumb
// after the home link that points into committees/.
var committeeCrumb = regexp.MustCompile(`<nav class="breadcrumbs"[^>]*>\s*<ol>\s*<li>[^\n]*</li>\s*<li><a href="[^"]*/committees/[^"]*">([^<]*)</a></li>`)

// pagefindSource copies the site's HTML pages to dst for Pagefind, with
// the committee filter Pagefind needs written into each page that has one
// (Pagefind reads filters only from data-pagefind-filter attributes). The
// pages are otherwise unchanged, so both engines index the same text.
func pagefindSource(site, dst string) (pages, filtered int, err error) {
	err = filepath.WalkDir(site, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		rel, _ := filepath.Rel(site, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if m := committeeCrumb.FindSubmatch(data); m != nil {
			if body := bytes.Index(data, []byte("<body")); body >= 0 {
				if end := bytes.IndexByte(data[body:], '>'); end >= 0 {
					at := body + end + 1
					tag := `<span hidden data-pagefind-filter="committee[data-committee]" data-committee="` +
						html.EscapeString(html.UnescapeString(string(m[1]))) + `"></span>`
					data = append(data[:at:at], append([]byte(tag), data[at:]...)...)
					filtered++
				}
			}
		}
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		pages++
		return os.WriteFile(out, data, 0o644)
	})
	return pages, filtered, err
}
