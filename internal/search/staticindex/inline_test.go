package staticindex

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestInlineLimits: the entry carries the dictionary's pages inline while
// they come to at most inlinePagesBytes as stored, all or none, and
// nothing else — the top directories and the preset dictionaries load
// after it without start-up waiting for them.
func TestInlineLimits(t *testing.T) {
	rnd := rand.New(rand.NewChaCha8([32]byte{}))
	for _, c := range []struct {
		pages, size, dirs int // size: each page's bytes as stored
		want              bool
	}{
		{15, 540, 5, true},  // Karlsruhe
		{58, 620, 19, true}, // 100,000 generated items
		{64, inlinePagesBytes / 64, 32, true},
		{64, inlinePagesBytes/64 + 1, 32, false},
		{200, 620, 19, false},
	} {
		e := &exporter{startup: map[string][]byte{}}
		entry := &Entry{}
		file := func(kind string, i, size int) string {
			name := fmt.Sprintf("s/%s%014x.bin", kind, i)
			// Random bytes: stored as they are, after the encoding's byte.
			p := make([]byte, size-1)
			for k := range p {
				p[k] = byte(rnd.Uint32())
			}
			e.startup[name] = p
			return name
		}
		for i := range c.pages {
			entry.Dict = append(entry.Dict, DictPage{Page: file("aa", i, c.size)})
		}
		// Were directories and a preset dictionary kept for the entry,
		// it must still leave them out.
		for i := range c.dirs {
			entry.Docs.Dirs = append(entry.Docs.Dirs, file("bb", i, 100))
		}
		entry.Dicts = []string{file("cc", 0, 100)}
		got := e.inline(entry)
		pages := 0
		for _, pg := range entry.Dict {
			if s, ok := got[pg.Page]; ok {
				pages++
				if len(s) != (c.size+2)/3*4 {
					t.Errorf("page %s: %d bytes of base64 for %d stored", pg.Page, len(s), c.size)
				}
			}
		}
		want := 0
		if c.want {
			want = c.pages
		}
		if pages != want || len(got) != pages {
			t.Errorf("%d pages of %d bytes, %d directories: inline %d pages and %d other files; want %d pages and nothing else",
				c.pages, c.size, c.dirs, pages, len(got)-pages, want)
		}
	}
}
