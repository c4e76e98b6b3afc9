package oparl

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// cache keeps raw responses on disk so that an interrupted crawl resumes
// where it stopped. Files are laid out like the URLs, with the query in the
// name (host/body/1/meeting?page=3.json), so the cache folder is itself a
// dump that `import oparl DIR` reads.
type cache struct {
	dir string
}

// maxSegment bounds one path segment of a cache file name; longer URLs go
// to a hashed name.
const maxSegment = 200

// path returns the file for a URL, always inside the cache folder.
func (c *cache) path(raw string) string {
	if rel, ok := cacheName(raw); ok {
		return filepath.Join(c.dir, filepath.FromSlash(rel))
	}
	sum := sha256.Sum256([]byte(raw))
	return filepath.Join(c.dir, "_hashed", hex.EncodeToString(sum[:])+".json")
}

// cacheName maps a URL to host/path[?query].json, or reports false when a
// part is not a safe file name.
func cacheName(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", false
	}
	segs := []string{strings.ReplaceAll(u.Host, ":", "_")}
	p := strings.Trim(u.EscapedPath(), "/")
	if p == "" {
		p = "index"
	}
	segs = append(segs, strings.Split(p, "/")...)
	if u.RawQuery != "" {
		segs[len(segs)-1] += "?" + u.RawQuery
	}
	segs[len(segs)-1] += ".json"
	for _, s := range segs {
		if s == "" || s == "." || s == ".." || len(s) > maxSegment || strings.ContainsAny(s, "\\\x00") || strings.HasPrefix(s, ".") {
			return "", false
		}
	}
	return strings.Join(segs, "/"), true
}

func (c *cache) get(u string) ([]byte, bool) {
	data, err := os.ReadFile(c.path(u))
	return data, err == nil
}

// put stores a response; a partly written file never takes the name.
func (c *cache) put(u string, data []byte) error {
	p := c.path(u)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".partial-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), p)
}

func (c *cache) drop(u string) { os.Remove(c.path(u)) }
