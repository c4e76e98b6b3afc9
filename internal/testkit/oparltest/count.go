package oparltest

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/sessionpart"
)

// Counts are what a test checks an import by: counted straight from a
// source's JSON (CountSource), without the importer's decoder, and from
// the records it wrote (CountRecords).
type Counts struct {
	Meetings, Papers, Persons int
	Items                     int // agenda items of meetings not deleted, headings not counted
	// Headings are the agenda entries that head a part of the agenda
	// ("Öffentliche Sitzung"), with nothing deliberated: no result,
	// resolution or consultation.
	Headings int
	// Closed are the items treated in closed session: `public: false`, or
	// in the closed part the agenda's headings mark.
	Closed      int
	Steps       int // consultations of papers not deleted, one per distinct step
	LinkedItems int // agenda items that a consultation of a paper not deleted names (directly, or named by the item)
}

// Names are the names a source gives its objects that are not deleted,
// by ID: what a reader of the archive must find on their pages.
type Names struct {
	Meetings, Items, Papers, Persons map[string]string // agenda items without the headings
	// Webs are the objects' pages in the source's own system (OParl
	// web), of those that have one.
	Webs map[string]string
}

// CountSource reads every JSON file under dir as plain maps. An object's
// type is its `type`, or, where a dump dropped it, the folder or file name
// (meetings/…, body/1/paper?page=2.json).
func CountSource(t testing.TB, dir string) Counts {
	t.Helper()
	c, _ := ReadSource(t, dir)
	return c
}

// ReadSource is CountSource, and the names of the objects counted.
func ReadSource(t testing.TB, dir string) (Counts, Names) {
	t.Helper()
	type obj = map[string]any
	names := Names{Meetings: map[string]string{}, Items: map[string]string{}, Papers: map[string]string{}, Persons: map[string]string{}, Webs: map[string]string{}}
	name := func(o obj) string { s, _ := o["name"].(string); return s }
	meetings, papers, persons := map[string]obj{}, map[string]obj{}, map[string]obj{}
	deleted := map[string]bool{}
	err := walkJSON(dir, func(p string, v any, err error) {
		if err != nil {
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
			case strings.HasSuffix(typ, "/Person") || typ == "" && strings.Contains(rel, "person"):
				persons[id] = o
			default:
				continue
			}
			if o["deleted"] == true {
				deleted[id] = true
			}
			if web, _ := o["web"].(string); web != "" {
				names.Webs[id] = web
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	var c Counts
	for id, p := range persons {
		if !deleted[id] {
			c.Persons++
			names.Persons[id] = name(p)
		}
	}
	items := map[string]bool{}
	consultationOfItem := map[string]string{}
	for id, m := range meetings {
		if deleted[id] {
			continue
		}
		c.Meetings++
		names.Meetings[id] = name(m)
		list, _ := m["agendaItem"].([]any)
		explicit := false
		for _, e := range list {
			if it, ok := e.(obj); ok && it["public"] != nil {
				explicit = true
			}
		}
		closed := false
		for _, e := range list {
			it, ok := e.(obj)
			if !ok || items[it["id"].(string)] {
				continue
			}
			items[it["id"].(string)] = true
			// The agenda's own headings mark the closed part when items
			// have no `public`: "Nichtöffentliche Sitzung", "- nicht
			// öffentlicher Teil -"; "Öffentliche Sitzung" opens again.
			// The rule is the importers' one (its own tests hold it to
			// the corpus's spellings).
			name, _ := it["name"].(string)
			part := sessionpart.Heading(name)
			switch part {
			case sessionpart.Closed:
				closed = true
			case sessionpart.Open:
				closed = false
			}
			if part != sessionpart.None && it["result"] == nil && it["resolutionText"] == nil && it["consultation"] == nil {
				c.Headings++
				continue
			}
			c.Items++
			names.Items[it["id"].(string)] = name
			if it["public"] == false || !explicit && closed {
				c.Closed++
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
		c.Papers++
		names.Papers[id] = name(p)
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
			c.Steps++
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
	c.LinkedItems = len(linked)
	return c, names
}

// CountRecords counts the same in records. An item counts as linked when
// a paper's consultation names it and the item names a paper: items that
// minutes texts link by a paper reference are not in the source's count.
func CountRecords(a *record.Archive) Counts {
	c := Counts{Meetings: len(a.Meetings), Papers: len(a.Papers), Persons: len(a.Persons)}
	onPath := map[string]bool{}
	for _, p := range a.Papers {
		c.Steps += len(p.Consultations)
		for _, cs := range p.Consultations {
			if cs.AgendaItem != "" {
				onPath[cs.AgendaItem] = true
			}
		}
	}
	for _, m := range a.Meetings {
		c.Headings += len(m.Headings)
		for _, it := range m.AgendaItems {
			c.Items++
			if it.ClosedSession || m.ClosedSession {
				c.Closed++
			}
			if it.Paper != "" && onPath[it.ID] {
				c.LinkedItems++
			}
		}
	}
	return c
}

// walkJSON calls fn with every JSON file under dir, in name order, as
// plain values, or with the error that decoding it gave.
func walkJSON(dir string, fn func(path string, v any, err error)) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var v any
		err = json.Unmarshal(data, &v)
		fn(p, v, err)
		return nil
	})
}
