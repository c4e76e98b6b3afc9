package oparl

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/ratsarchiv/ratsarchiv/internal/testkit/oparltest"
)

// TestImportNeverWritesRecordsThatDoNotLoad: an import writes records that
// load, or leaves the folder as it was. Here an update moves agenda item 12
// into a new meeting, which the merge with the records written before
// turns into two items with one ID; --keep-going must not write them.
func TestImportNeverWritesRecordsThatDoNotLoad(t *testing.T) {
	srv := oparltest.New(t, writeTxtar(t, "dump.txtar"), "https://oparl.example.org")
	out, rep, err := crawlImport(t, srv, Options{Crawl: fastCrawl(), KeepGoing: true})
	if err != nil {
		t.Fatalf("%v\n%s", err, summary(rep))
	}
	before := txtar.Format(txtarOf(t, out))

	srv.Fault("/body/1/meeting", oparltest.Fault{Edit: func(data []byte) []byte {
		var page map[string]any
		if err := json.Unmarshal(data, &page); err != nil {
			t.Error(err)
			return data
		}
		moved := map[string]any{
			"id": srv.URL + "/body/1/meeting/9", "type": "https://schema.oparl.org/1.1/Meeting", "modified": "2030-01-01T00:00:00+01:00",
			"name": "13. Sitzung des Sozialausschusses", "start": "2022-11-08T17:00:00+01:00", "organization": srv.URL + "/body/1/organization/soz",
			"agendaItem": []any{map[string]any{
				"id": srv.URL + "/body/1/agendaitem/12", "type": "https://schema.oparl.org/1.1/AgendaItem", "modified": "2030-01-01T00:00:00+01:00",
				"meeting": srv.URL + "/body/1/meeting/9", "number": "1", "name": "Kita-Gebühren ab 2023",
			}},
		}
		page["data"] = append(page["data"].([]any), moved)
		data, _ = json.Marshal(page)
		return data
	}})
	opts := fastCrawl()
	opts.Since = time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC)
	_, _, err = crawlImport(t, srv, Options{Out: out, Crawl: opts, KeepGoing: true})
	if err == nil {
		loadClean(t, out) // the update was applied: it must load
		return
	}
	t.Logf("refused: %v", err)
	if after := txtar.Format(txtarOf(t, out)); !bytes.Equal(after, before) {
		t.Errorf("the import failed (%v) but changed the records", err)
	}
	loadClean(t, out)
}
