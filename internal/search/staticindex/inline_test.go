package staticindex

import (
	"fmt"
	"testing"
)

// TestInlineLimits: the entry carries the top directories inline up to 32
// of them (at 100,000 generated items there are 19: a hit's chunk no longer
// waits for its directory) and the dictionary's pages up to 24, each set
// whole or not at all; the preset dictionaries always.
func TestInlineLimits(t *testing.T) {
	for _, c := range []struct{ pages, dirs, wantPages, wantDirs int }{
		{15, 5, 15, 5},   // Karlsruhe
		{14, 19, 14, 19}, // 100,000 generated items' directories, fewer pages
		{24, 32, 24, 32},
		{25, 33, 0, 0},
		{58, 19, 0, 19}, // 100,000 generated items
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
		for i := range c.dirs {
			entry.Docs.Dirs = append(entry.Docs.Dirs, file("bb", i))
		}
		entry.Dicts = []string{file("cc", 0)}
		got := e.inline(entry)
		pages, dirs := 0, 0
		for _, pg := range entry.Dict {
			if _, ok := got[pg.Page]; ok {
				pages++
			}
		}
		for _, d := range entry.Docs.Dirs {
			if _, ok := got[d]; ok {
				dirs++
			}
		}
		if _, ok := got[entry.Dicts[0]]; !ok || pages != c.wantPages || dirs != c.wantDirs || len(got) != pages+dirs+1 {
			t.Errorf("%d pages, %d directories: inline %d pages, %d directories, %d files; want %d, %d and the preset dictionary",
				c.pages, c.dirs, pages, dirs, len(got), c.wantPages, c.wantDirs)
		}
	}
}
