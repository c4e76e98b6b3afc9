package oparl

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/testcorpus"
)

// sourceCounts are counted straight from a corpus's JSON, without the
// importer's decoder, to check the importer against.
type sourceCounts struct {
	meetings, papers int
	items            int // agenda items of meetings not deleted
	publicItems      int // of which not `public: false`
	steps            int // consultations of papers not deleted, one per distinct step
	linkedItems      int // agenda items that a consultation of a paper not deleted names
}

// countSource reads every JSON file under dir as plain maps. An object's
// type is its `type`, or, where a dump dropped it, the folder or file name
// (meetings/…, body/1/paper?page=2.json).
func countSource(t testing.TB, dir string) sourceCounts {
	t.Helper()
	type obj = map[string]any
	meetings, papers := map[string]obj{}, map[string]obj{}
	deleted := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		var entries []any
		switch v := v.(type) {
		case []any:
			entries = v
		case obj:
			if data, ok := v["data"].([]any); ok {
				entries = data
			} else {
				entries = []any{v}
			}
		}
		rel, _ := filepath.Rel(dir, p)
		for _, e := range entries {
			o, ok := e.(obj)
			if !ok || o["id"] == nil {
				continue
			}
			id := o["id"].(string)
			typ, _ := o["type"].(string)
			switch {
			case strings.HasSuffix(typ, "/Meeting") || typ == "" && strings.Contains(rel, "meeting"):
				meetings[id] = o
			case strings.HasSuffix(typ, "/Paper") || typ == "" && strings.Contains(rel, "paper"):
				papers[id] = o
			default:
				continue
			}
			if o["deleted"] == true {
				deleted[id] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var c sourceCounts
	items := map[string]bool{}
	consultationOfItem := map[string]string{}
	for id, m := range meetings {
		if deleted[id] {
			continue
		}
		c.meetings++
		list, _ := m["agendaItem"].([]any)
		for _, e := range list {
			it, ok := e.(obj)
			if !ok || items[it["id"].(string)] {
				continue
			}
			items[it["id"].(string)] = true
			c.items++
			if it["public"] != false {
				c.publicItems++
			}
			if cid, ok := it["consultation"].(string); ok {
				consultationOfItem[it["id"].(string)] = cid
			}
		}
	}
	linked := map[string]bool{}
	paperOfConsultation := map[string]bool{}
	for id, p := range papers {
		if deleted[id] {
			continue
		}
		c.papers++
		seen := map[string]bool{}
		list, _ := p["consultation"].([]any)
		for _, e := range list {
			cs, ok := e.(obj)
			if !ok {
				continue
			}
			ai, _ := cs["agendaItem"].(string)
			mt, _ := cs["meeting"].(string)
			key := cs["id"].(string) + " " + ai + " " + mt
			if seen[key] {
				continue
			}
			seen[key] = true
			c.steps++
			paperOfConsultation[cs["id"].(string)] = true
			if items[ai] {
				linked[ai] = true
			}
		}
	}
	for it, cid := range consultationOfItem {
		if paperOfConsultation[cid] {
			linked[it] = true
		}
	}
	c.linkedItems = len(linked)
	return c
}

// countRecords counts the same in records.
func countRecords(a *record.Archive) sourceCounts {
	c := sourceCounts{meetings: len(a.Meetings), papers: len(a.Papers)}
	for _, m := range a.Meetings {
		for _, it := range m.AgendaItems {
			c.items++
			if it.Public {
				c.publicItems++
			}
			if it.Paper != "" {
				c.linkedItems++
			}
		}
	}
	for _, p := range a.Papers {
		c.steps += len(p.Consultations)
	}
	return c
}

// importCorpus imports a corpus folder and loads the records written.
func importCorpus(t *testing.T, dir string, opts Options) (*record.Archive, *Report) {
	t.Helper()
	opts.Source = dir
	opts.Out = filepath.Join(t.TempDir(), "records")
	rep, err := Import(context.Background(), opts)
	if err != nil {
		var b strings.Builder
		rep.WriteSummary(&b)
		t.Fatalf("%v\n%s", err, b.String())
	}
	a, diags, err := tomlrec.Load(opts.Out, tomlrec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) > 0 {
		t.Fatalf("the records written do not load cleanly (%d diagnostics):\n%v", len(diags), diags[:min(len(diags), 20)])
	}
	return a, rep
}

func TestImportCorpusDirectories(t *testing.T) {
	for _, name := range []string{"huertgenwald-oparl", "nordstemmen/documents", "karlsruhe-oparl"} {
		t.Run(strings.ReplaceAll(name, "/", "-"), func(t *testing.T) {
			dir := filepath.Join(testcorpus.Dir(t, strings.Split(name, "/")[0]), filepath.Join(strings.Split(name, "/")[1:]...))
			want := countSource(t, dir)
			a, rep := importCorpus(t, dir, Options{Map: MapOptions{BodyName: "Test"}})
			if got := countRecords(a); got != want {
				t.Errorf("records %+v\nsource  %+v", got, want)
			}
			if want.meetings == 0 || want.items == 0 || want.papers == 0 || want.linkedItems == 0 {
				t.Errorf("source counts %+v: the corpus was not read", want)
			}
			if rep.Errors() > 0 {
				t.Errorf("%d errors", rep.Errors())
			}
		})
	}
}
