// Package sitecheck inspects a built site the way a reader, a crawler and
// the search client would: it parses every HTML page and reports internal
// links that lead nowhere, and it searches the text of every file (the
// static search index's shards decoded) for phrases that must not, or must,
// be published. Only tests use it; the build does not.
package sitecheck

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/sync/errgroup"
	"golang.org/x/text/unicode/norm"

	"github.com/ratsarchiv/ratsarchiv/internal/search/staticindex"
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

// Find returns the files under root (relative, sorted) whose text (see
// Text) contains any of needles, compared case-insensitively and in NFC.
// A scan that should find nothing proves something only beside one that
// finds: call it with a public phrase too.
func Find(root string, needles ...string) ([]string, error) {
	each, err := FindEach(root, needles...)
	if err != nil {
		return nil, err
	}
	var hits []string
	for _, files := range each {
		hits = append(hits, files...)
	}
	slices.Sort(hits)
	return slices.Compact(hits), nil
}

// FindEach is Find for each needle on its own: the files that contain it,
// sorted, keyed by the needle as given (needles found nowhere are absent).
// It reads one file at a time and looks for all needles in one pass over
// its text, so that hundreds of needles in a site of a hundred thousand
// files stay affordable.
func FindEach(root string, needles ...string) (map[string][]string, error) {
	m := newMatcher(needles)
	out := map[string][]string{}
	var mu sync.Mutex
	err := eachText(root, func(rel string, text []byte) {
		var found []int
		m.match(text, func(i int) { found = append(found, i) })
		mu.Lock()
		defer mu.Unlock()
		for _, i := range found {
			out[needles[i]] = append(out[needles[i]], rel)
		}
	})
	if err != nil {
		return nil, err
	}
	for n := range out {
		sort.Strings(out[n])
		out[n] = slices.Compact(out[n])
	}
	return out, nil
}

// Text returns every file under root by its relative path, with its text
// as a reader or the search client gets it, folded as Find compares: the
// bytes, then what HTML and JSON escapes and gzip hide, and for the static
// search index (a folder whose index.json has staticindex.Format) each
// shard's payload as staticindex decodes it, with the dictionary's terms
// written out in full. Neither compression nor the index's encoding can
// hide a leak; a shard the decoder cannot read is an error.
func Text(root string) (map[string][]byte, error) {
	out := map[string][]byte{}
	var mu sync.Mutex
	err := eachText(root, func(rel string, text []byte) {
		mu.Lock()
		out[rel] = text
		mu.Unlock()
	})
	return out, err
}

// eachText calls f with every file's text (see Text), one file at a time
// per core: f may run on several goroutines at once.
func eachText(root string, f func(rel string, text []byte)) error {
	var files, entries []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		files = append(files, filepath.ToSlash(rel))
		if d.Name() == staticindex.EntryFile {
			entries = append(entries, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The static indexes first: the dictionary's terms of each shard.
	shards := map[string][]byte{} // shard path → the index's terms in it
	var shardDirs []string
	dicts := map[string][][]byte{} // shard folder → its index's preset dictionaries
	for _, rel := range entries {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			return err
		}
		if !isStaticIndex(data) {
			continue
		}
		dir := path.Dir(rel)
		terms, err := staticindex.DictionaryTerms(os.DirFS(filepath.Join(root, filepath.FromSlash(dir))))
		if err != nil {
			return fmt.Errorf("sitecheck: %s: %w", rel, err)
		}
		shardDir := path.Join(dir, staticindex.ShardDir) + "/"
		shardDirs = append(shardDirs, shardDir)
		if dicts[shardDir], err = staticindex.Dictionaries(os.DirFS(filepath.Join(root, filepath.FromSlash(dir)))); err != nil {
			return fmt.Errorf("sitecheck: %s: %w", rel, err)
		}
		for shard, ts := range terms {
			shards[path.Join(dir, shard)] = []byte(strings.Join(ts, "\n"))
		}
	}
	text := func(rel string) ([]byte, error) {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			return nil, err
		}
		switch i := slices.IndexFunc(shardDirs, func(d string) bool { return strings.HasPrefix(rel, d) }); {
		case i >= 0:
			p, err := staticindex.Payload(data, dicts[shardDirs[i]])
			if err != nil {
				return nil, fmt.Errorf("sitecheck: %s: %w", rel, err)
			}
			data = slices.Concat(p, []byte("\n"), shards[rel])
		case len(data) > 2 && data[0] == 0x1f && data[1] == 0x8b:
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				return nil, fmt.Errorf("sitecheck: %s: %w", rel, err)
			}
			plain, err := io.ReadAll(zr)
			if err != nil {
				return nil, fmt.Errorf("sitecheck: %s: %w", rel, err)
			}
			data = slices.Concat(data, []byte("\n"), plain)
		}
		return fold(unescape(data)), nil
	}
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, rel := range files {
		g.Go(func() error {
			t, err := text(rel)
			if err == nil {
				f(rel, t)
			}
			return err
		})
	}
	return g.Wait()
}

// matcher finds many needles in a text in about one pass. A needle with a
// word inside it — letters and digits with a non-word character on both
// sides, within the needle — can only occur where that word occurs whole,
// so the text's words are looked up in a table of such anchors, and only
// the needles of the anchors found are compared; the others are compared
// everywhere.
type matcher struct {
	needles  [][]byte         // folded
	byAnchor map[string][]int // anchor word → needles
	lens     [256]bool        // the anchors' lengths (longer ones: the last): other words need no lookup
	always   []int            // needles without an anchor
}

func newMatcher(needles []string) *matcher {
	m := &matcher{byAnchor: map[string][]int{}}
	for i, n := range needles {
		f := fold([]byte(n))
		m.needles = append(m.needles, f)
		if a := anchor(f); a != "" {
			m.byAnchor[a] = append(m.byAnchor[a], i)
			m.lens[min(len(a), len(m.lens)-1)] = true
		} else {
			m.always = append(m.always, i)
		}
	}
	return m
}

// anchor is the longest word of the needle that has a non-word character
// before and after it within the needle; "" when there is none.
func anchor(needle []byte) string {
	best := ""
	words(needle, func(w []byte, start, end int) {
		if start > 0 && end < len(needle) && len(w) > len(best) {
			best = string(w)
		}
	})
	return best
}

// words calls f with every maximal run of letters and digits in b.
func words(b []byte, f func(w []byte, start, end int)) {
	start := -1
	for i := 0; i < len(b); {
		r, size := rune(b[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(b[i:])
		}
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			f(b[start:i], start, i)
			start = -1
		}
		i += size
	}
	if start >= 0 {
		f(b[start:], start, len(b))
	}
}

// match calls found once for each needle that text contains.
func (m *matcher) match(text []byte, found func(i int)) {
	for _, i := range m.always {
		if bytes.Contains(text, m.needles[i]) {
			found(i)
		}
	}
	if len(m.byAnchor) == 0 {
		return
	}
	var done map[int]bool
	words(text, func(w []byte, _, _ int) {
		if !m.lens[min(len(w), len(m.lens)-1)] {
			return
		}
		for _, i := range m.byAnchor[string(w)] {
			if !done[i] {
				if done == nil {
					done = map[int]bool{}
				}
				done[i] = true
				if bytes.Contains(text, m.needles[i]) {
					found(i)
				}
			}
		}
	})
}

// isStaticIndex tells the entry file of a static search index.
func isStaticIndex(entry []byte) bool {
	var e struct{ Format string }
	return json.Unmarshal(entry, &e) == nil && e.Format == staticindex.Format
}

// jsonEscape is a \uXXXX escape, as Go's encoding/json writes <, > and &.
var jsonEscape = regexp.MustCompile(`\\u[0-9a-fA-F]{4}`)

// unescape appends to text its HTML- and JSON-unescaped forms where they
// differ, so that "Müller &amp; Söhne" and "Müller \u0026 Söhne" are found
// as "Müller & Söhne".
func unescape(text []byte) []byte {
	s := string(text)
	h := html.UnescapeString(s)
	j := s
	if strings.Contains(s, `\u`) { // the regular expression is the slow part
		j = jsonEscape.ReplaceAllStringFunc(s, func(e string) string {
			r, _ := strconv.ParseUint(e[2:], 16, 32)
			return string(rune(r))
		})
	}
	for _, u := range []string{h, j} {
		if u != s {
			text = append(append(text, '\n'), u...)
		}
	}
	return text
}

// fold is the form in which Find compares text: lower case, NFC.
func fold(b []byte) []byte { return bytes.ToLower(norm.NFC.Bytes(b)) }

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
