package staticindex

import (
	"fmt"
	"testing"
)

// TestInlineLimits: the entry carries the dictionary's pages inline up to
// 24 of them, all or none, and nothing else — the top directories and the
// preset dictionaries load after it without start-up waiting for them.
func TestInlineLimits(t *testing.T) {
	for _, c := range []struct{ pages, dirs, wantPages int }{
		{15, 5, 15}, // Karlsruhe
		{24, 32, 24},
		{25, 33, 0},
		{58, 19, 0}, // 100,000 generated items
	} {
		e := &exporter{startup: map[string][]byte{}}
		entry := &Entry{}
		file := func(kind string, i int) string {
			name := fmt.Sprintf("s/%s%014x.bin", kind, i)
			e.startup[name] = []byte(name)
			return name
		}
		for i := range c.pages {
			entry.Dict = append(entry.Dict, DictPage{Page: file("aa", i)})
		}
		// Were directories and a preset dictionary kept for the entry,
		// it must still leave them out.
		for i := range c.dirs {
			entry.Docs.Dirs = append(entry.Docs.Dirs, file("bb", i))
		}
		entry.Dicts = []string{file("cc", 0)}
		got := e.inline(entry)
		pages := 0
		for _, pg := range entry.Dict {
			if _, ok := got[pg.Page]; ok {
				pages++
			}
		}
		if pages != c.wantPages || len(got) != pages {
			t.Errorf("%d pages, %d directories: inline %d pages and %d other files; want %d pages and nothing else",
				c.pages, c.dirs, pages, len(got)-pages, c.wantPages)
		}
	}
}
