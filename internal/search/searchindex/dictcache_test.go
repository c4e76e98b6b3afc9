package searchindex

import (
	"bytes"
	"context"
	"encoding/gob"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/gobfile"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// writeDictionary writes an index of a and returns its dictionary's ID
// (a digest of all its words and counts) and the stats.
func writeDictionary(t *testing.T, a *record.Archive, cache, key string) (string, *Stats) {
	t.Helper()
	dir := t.TempDir()
	st, err := Write(context.Background(), dir, a, Options{BatchSize: 40, CacheDir: cache, CacheKey: key})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, metaFile))
	if err != nil {
		t.Fatal(err)
	}
	var m meta
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m.DictionaryID, st
}

// TestDictionaryCacheCountsAsEveryDocument: with the counts and splits of
// the last build, a build counts only the chunks whose documents changed,
// splits only some words anew, and gets the dictionary of every document
// counted — with words added, a
// document's words changed and a meeting's words gone (which a cache that
// only added counts would keep) — and, when it cannot prove the cache,
// counts every chunk.
func TestDictionaryCacheCountsAsEveryDocument(t *testing.T) {
	a := segmentArchive()
	addMeeting(a, "alt", 2, "Die Zwergfledermausquartiere am Altrheinufer bleiben.")
	cache := t.TempDir()
	_, st := writeDictionary(t, a, cache, "k")
	if st.Dictionary.Chunks < 4 || st.Dictionary.Counted != st.Dictionary.Chunks {
		t.Fatalf("first build: %+v, want 4 or more chunks, all counted", st.Dictionary)
	}
	id, st := writeDictionary(t, a, cache, "k")
	if st.Dictionary.Counted != 0 || st.Dictionary.Split != 0 {
		t.Fatalf("the same archive again: %+v, want none counted, none split", st.Dictionary)
	}
	if fresh, _ := writeDictionary(t, a, "", ""); id != fresh {
		t.Fatalf("the same archive again: dictionary %s, counted anew %s", id, fresh)
	}

	addMeeting(a, "neu", 2, "Der Rat beschließt die Quartiersbegrünung.")
	a.Meetings = slices.DeleteFunc(a.Meetings, func(m *record.Meeting) bool { return m.ID == "alt" })
	it := a.Meetings[0].AgendaItems[0]
	it.Minutes += " Die Ratsdienstleistungsabteilung prüft."
	cached, st := writeDictionary(t, a, cache, "k")
	if d := st.Dictionary; d.Counted == 0 || d.Counted == d.Chunks || d.Split == 0 || d.Split == d.Words {
		t.Fatalf("changed archive: %+v, want some chunks counted and some not, some words split and some not", st.Dictionary)
	}
	fresh, _ := writeDictionary(t, a, "", "")
	if cached != fresh {
		t.Fatalf("changed archive: dictionary %s from the cache, %s counted anew", cached, fresh)
	}
	if cached == id {
		t.Fatal("the dictionary did not change with the archive")
	}

	for name, spoil := range map[string]func(t *testing.T, dir string){
		"CountsChanged": func(t *testing.T, dir string) {
			files, _ := filepath.Glob(filepath.Join(dir, "*.words"))
			for _, f := range files {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				data[len(data)-3] ^= 1
				if err := os.WriteFile(f, data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		},
		"SplitsDamaged": func(t *testing.T, dir string) {
			path := filepath.Join(dir, splitsCacheFile)
			var rec sealed
			if err := gobfile.Read(path, &rec); err != nil {
				t.Fatal(err)
			}
			rec.Data[len(rec.Data)/2] ^= 1
			if err := gobfile.Write(path, &rec); err != nil {
				t.Fatal(err)
			}
		},
		// a count of the total changed, the record still decodable
		"TotalChanged": func(t *testing.T, dir string) {
			path := filepath.Join(dir, dictFile)
			var rec sealed
			if err := gobfile.Read(path, &rec); err != nil {
				t.Fatal(err)
			}
			var dc dictCache
			if err := gob.NewDecoder(bytes.NewReader(rec.Data)).Decode(&dc); err != nil {
				t.Fatal(err)
			}
			dc.Total.Counts[0][0]++
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(&dc); err != nil {
				t.Fatal(err)
			}
			rec.Data = buf.Bytes()
			if err := gobfile.Write(path, &rec); err != nil {
				t.Fatal(err)
			}
		},
		"RecordDamaged": func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, dictFile), []byte("damaged"), 0o644); err != nil {
				t.Fatal(err)
			}
		},
	} {
		t.Run(name, func(t *testing.T) {
			b := segmentArchive()
			cache := t.TempDir()
			writeDictionary(t, b, cache, "k")
			spoil(t, cache)
			// A meeting added and an old document changed, whose old
			// chunk's counts the cache must take from the total.
			addMeeting(b, "neu", 2, "Der Rat beschließt die Quartiersbegrünung.")
			b.Meetings[0].AgendaItems[0].Minutes += " Die Ratsdienstleistungsabteilung prüft."
			got, st := writeDictionary(t, b, cache, "k")
			if d := st.Dictionary; name != "SplitsDamaged" && d.Counted != d.Chunks || name == "SplitsDamaged" && d.Split != d.Words {
				t.Errorf("%+v, want every chunk counted (every word split)", st.Dictionary)
			}
			if want, _ := writeDictionary(t, b, "", ""); got != want {
				t.Errorf("dictionary %s, counted anew %s", got, want)
			}
		})
	}
	t.Run("OtherKey", func(t *testing.T) {
		_, st := writeDictionary(t, a, cache, "other")
		if st.Dictionary.Counted != st.Dictionary.Chunks {
			t.Errorf("%+v, want every chunk counted", st.Dictionary)
		}
	})
}

// sealed has the layout of gobfile's sealed records (gob matches fields
// by name), to damage one that still decodes.
type sealed struct {
	Format int
	Key    string
	Sum    [32]byte
	Data   []byte
}
