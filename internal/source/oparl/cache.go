package oparl

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// cache keeps raw responses on disk so that an interrupted crawl resumes
// where it stopped. File names are derived from the URL but cannot be
// steered by it: a folder per host and a readable stem, both reduced to
// safe characters, then a hash of the whole canonical URL that keeps
// distinct URLs apart (host/body_1_meeting_page=3-<hash>.json). Every
// read and write goes through an os.Root, which refuses a final path
// outside the folder, even by a symlink inside it.
type cache struct {
	dir  string
	root *os.Root
}

// openCache opens (and creates) the cache folder.
func openCache(dir string) (*cache, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	return &cache{dir: dir, root: root}, nil
}

func (c *cache) close() { c.root.Close() }

// Lengths of the parts of a cache file name.
const (
	maxStem   = 80 // readable part, cut from the front: the end names the page
	maxHost   = 100
	hashBytes = 16 // of SHA-256: 128 bits keep distinct URLs apart
)

// errCacheName is returned for URLs that have no cache file.
var errCacheName = errors.New("no cache file for this URL")

// canonicalURL is the form of a URL that the cache keys on: scheme and host
// in lower case, without fragment. URLs with the same canonical form name
// the same document.
func canonicalURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	if u.Host == "" || u.Opaque != "" {
		return "", fmt.Errorf("%w: %q has no host", errCacheName, raw)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	u.Fragment, u.RawFragment = "", ""
	return u.String(), nil
}

// cachePath returns the slash-separated path of a URL's file, relative to
// the cache folder: always two plain names, the file's ending in
// -<hash>.json.
func cachePath(raw string) (string, error) {
	stem, err := cacheStem(raw)
	if err != nil {
		return "", err
	}
	return stem + ".json", nil
}

// cacheStem returns cachePath without its extension, for the files a
// cache keeps of one URL.
func cacheStem(raw string) (string, error) {
	canon, err := canonicalURL(raw)
	if err != nil {
		return "", err
	}
	u, _ := url.Parse(canon)
	stem := u.EscapedPath()
	if u.RawQuery != "" {
		stem += "?" + u.RawQuery
	}
	stem = safeName(stem)
	if len(stem) > maxStem {
		stem = strings.TrimLeft(stem[len(stem)-maxStem:], "._-")
	}
	sum := sha256.Sum256([]byte(canon))
	name := strings.TrimLeft(stem+"-", "-") + hex.EncodeToString(sum[:hashBytes])
	host := safeName(u.Host)
	if len(host) > maxHost {
		host = strings.TrimRight(host[:maxHost], "._-")
	}
	if host == "" {
		host = "_"
	}
	rel := host + "/" + name
	if !filepath.IsLocal(filepath.FromSlash(rel)) || path.Clean(rel) != rel {
		return "", fmt.Errorf("%w: %q maps to %q", errCacheName, raw, rel)
	}
	return rel, nil
}

// safeName keeps letters, digits, '.', '=' and '-' and turns every other
// run of bytes into one '_'; dots, dashes and underscores at the ends go, so the
// result is never "." or ".." and never hidden.
func safeName(s string) string {
	var b strings.Builder
	under := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '=', c == '-':
			b.WriteByte(c)
			under = false
		case !under:
			b.WriteByte('_')
			under = true
		}
	}
	return strings.Trim(b.String(), "._-")
}

func (c *cache) get(u string) ([]byte, bool) {
	rel, err := cachePath(u)
	if err != nil {
		return nil, false
	}
	return c.read(rel)
}

// read returns the file at rel, a path cachePath or cacheStem made.
func (c *cache) read(rel string) ([]byte, bool) {
	data, err := c.root.ReadFile(filepath.FromSlash(rel))
	return data, err == nil
}

// put stores a response; a partly written file never takes the name.
func (c *cache) put(u string, data []byte) error {
	rel, err := cachePath(u)
	if err != nil {
		return err
	}
	return c.write(rel, data)
}

// write stores data at rel, a path cachePath or cacheStem made; a partly
// written file never takes the name.
func (c *cache) write(rel string, data []byte) error {
	name := filepath.FromSlash(rel)
	if err := c.root.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	tmp := filepath.Join(filepath.Dir(name), ".partial-"+rand.Text())
	f, err := c.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		c.root.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		c.root.Remove(tmp)
		return err
	}
	if err := c.root.Rename(tmp, name); err != nil {
		c.root.Remove(tmp)
		return err
	}
	return nil
}

func (c *cache) drop(u string) {
	if rel, err := cachePath(u); err == nil {
		c.root.Remove(filepath.FromSlash(rel))
	}
}
