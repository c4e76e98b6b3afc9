package oparl

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// hostileURLs try to steer a cache file out of the cache, onto another's
// name, or onto a name the file system treats specially.
var hostileURLs = []string{
	"https://sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0/body/1/meeting?page=3",
	"http://host/i/meetings?page=/../../../../../../../../../../tmp/x/ESCAPED",
	"http://host/i/meetings?page=..%2F..%2F..%2Fetc%2Fpasswd",
	"http://host/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
	"http://host/a/../../../../b",
	"http://host/..",
	"http://host/.hidden",
	"http://host/a\\..\\..\\b",
	"http://host/a%00b",
	"http://host/" + strings.Repeat("x", 5000),
	"http://host/?" + strings.Repeat("../", 2000),
	"http://..:80/x",
	"http://[::1]:8080/body/1",
	"http://user:secret@host/x",
	"http://host/x#frag",
	"http://host/x?a=1&b=2",
	"http://host/x?b=2&a=1",
	"http://host/x/",
	"http://host/x",
	"https://host/x",
	"http://host:81/x",
	"http://host/X",
	"http://host",
	"http://host/",
	"http://host/-rf",
	"http://host/__",
	"http://host/%E2%80%AE", // right-to-left override
	"http://h\u00f6st/x",
}

var cacheName = regexp.MustCompile(`^[A-Za-z0-9=_-][A-Za-z0-9.=_-]*/([A-Za-z0-9=_-][A-Za-z0-9.=_-]*-)?[0-9a-f]{32}\.json$`)

// checkCachePath fails when rel could lead out of dir or is not the plain
// name cachePath promises.
func checkCachePath(t testing.TB, raw, rel string) {
	t.Helper()
	if !cacheName.MatchString(rel) || len(rel) > 255 {
		t.Errorf("%q: cache file %q is not host/stem-hash.json of safe characters", raw, rel)
	}
	dir := filepath.Join(string(filepath.Separator)+"cache", "dir")
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if r, err := filepath.Rel(dir, p); err != nil || !filepath.IsLocal(r) || path.Clean(rel) != rel {
		t.Errorf("%q: cache file %q lies outside the cache", raw, rel)
	}
}

func TestCachePath(t *testing.T) {
	byPath := map[string]string{}
	for _, raw := range hostileURLs {
		rel, err := cachePath(raw)
		if err != nil {
			t.Errorf("%q: %v", raw, err)
			continue
		}
		checkCachePath(t, raw, rel)
		canon, _ := canonicalURL(raw)
		if other, ok := byPath[rel]; ok && other != canon {
			t.Errorf("%q and %q share the cache file %s", other, canon, rel)
		}
		byPath[rel] = canon
	}
	t.Run("Readable", func(t *testing.T) {
		rel, _ := cachePath(hostileURLs[0])
		if want := "sdnetrim.kdvz-frechen.de/rim4220_webservice_oparl_v1.0_body_1_meeting_page=3-"; !strings.HasPrefix(rel, want) {
			t.Errorf("cache file %q, want it to start %q", rel, want)
		}
	})
	t.Run("SameDocumentSameFile", func(t *testing.T) {
		a, _ := cachePath("HTTP://Host/x?page=2#top")
		b, _ := cachePath("http://host/x?page=2")
		if a != b {
			t.Errorf("%s and %s: one document, two cache files", a, b)
		}
	})
	t.Run("NoFileForNonURLs", func(t *testing.T) {
		for _, raw := range []string{"", "meeting?page=3", "/etc/passwd", "file:///etc/passwd", "mailto:x@y", "http://[::1"} {
			if rel, err := cachePath(raw); err == nil {
				t.Errorf("%q: cache file %q, want none", raw, rel)
			}
		}
	})
}

// TestCacheWritesInside stores every hostile URL and finds each file, and
// nothing else, inside the cache folder.
func TestCacheWritesInside(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "a", "cache")
	c, err := openCache(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	for _, raw := range hostileURLs {
		if err := c.put(raw, []byte(raw)); err != nil {
			t.Fatalf("%q: %v", raw, err)
		}
	}
	for _, raw := range hostileURLs {
		if data, ok := c.get(raw); !ok || canonOf(string(data)) != canonOf(raw) {
			t.Errorf("%q: cache holds %q", raw, data)
		}
	}
	files := 0
	filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files++
			if rel, err := filepath.Rel(dir, p); err != nil || !filepath.IsLocal(rel) {
				t.Errorf("wrote %s, outside the cache", p)
			}
		}
		return err
	})
	if files == 0 {
		t.Error("no cache files written")
	}

	t.Run("SymlinkOut", func(t *testing.T) {
		outside := filepath.Join(base, "outside")
		if err := os.Mkdir(outside, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(outside, filepath.Join(dir, "evil.example")); err != nil {
			t.Fatal(err)
		}
		if err := c.put("http://evil.example/x", []byte("{}")); err == nil {
			t.Error("put through a symlink out of the cache succeeded")
		}
		if entries, _ := os.ReadDir(outside); len(entries) > 0 {
			t.Errorf("wrote %s outside the cache", entries[0].Name())
		}
	})
}

func canonOf(raw string) string {
	c, _ := canonicalURL(raw)
	return c
}

// FuzzCachePath: whatever the URL, its cache file lies inside the cache
// folder and has a plain name, and two URLs share a file only when they
// name the same document.
func FuzzCachePath(f *testing.F) {
	for i, raw := range hostileURLs {
		f.Add(raw, hostileURLs[(i+1)%len(hostileURLs)])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ra, errA := cachePath(a)
		rb, errB := cachePath(b)
		if errA == nil {
			checkCachePath(t, a, ra)
		}
		if errB == nil {
			checkCachePath(t, b, rb)
		}
		if errA == nil && errB == nil && (ra == rb) != (canonOf(a) == canonOf(b)) {
			t.Errorf("%q → %s\n%q → %s", a, ra, b, rb)
		}
	})
}
