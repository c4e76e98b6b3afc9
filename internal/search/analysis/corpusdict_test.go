package analysis

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/testkit/testcorpus"
)

// corpora are the shared corpora the hand-checked word list is drawn from.
var corpora = []string{"huertgenwald-oparl", "karlsruhe-oparl", "nordstemmen"}

var corpusDicts sync.Map // corpus names → *Dictionary

// corpusDictionary is the decompounding dictionary of corpora as a build of
// them would count it, near enough: the "name" of every OParl object (the
// titles of meetings, agenda items, papers and files) and every text file
// (attachment texts, minutes). Built once per test binary.
func corpusDictionary(t *testing.T, names ...string) *Dictionary {
	t.Helper()
	key := strings.Join(names, "+")
	if d, ok := corpusDicts.Load(key); ok {
		return d.(*Dictionary)
	}
	b := NewDictionaryBuilder()
	for _, name := range names {
		if err := addCorpus(b, testcorpus.Dir(t, name)); err != nil {
			t.Fatal(err)
		}
	}
	d := b.Dictionary()
	d.Prepare()
	corpusDicts.Store(key, d)
	return d
}

// addCorpus counts the names and texts of the corpus in dir.
func addCorpus(b *DictionaryBuilder, dir string) error {
	return filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		switch {
		case strings.HasSuffix(p, ".txt") && filepath.Base(p) != "SOURCE.txt":
			raw, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			b.Add(string(raw))
		case strings.HasSuffix(p, ".json"):
			raw, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			var v any
			if json.Unmarshal(raw, &v) == nil {
				addNames(b, v)
			}
		}
		return nil
	})
}

// addNames counts the "name" strings of a decoded JSON value.
func addNames(b *DictionaryBuilder, v any) {
	switch x := v.(type) {
	case map[string]any:
		if s, ok := x["name"].(string); ok {
			b.Add(s)
		}
		for k, c := range x {
			if k != "name" {
				addNames(b, c)
			}
		}
	case []any:
		for _, c := range x {
			addNames(b, c)
		}
	}
}
