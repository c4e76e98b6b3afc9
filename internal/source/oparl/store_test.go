package oparl

import (
	"fmt"
	"testing"
)

// TestStoreOrderIndependent: a crawl adds documents as they arrive, in an
// order that concurrency decides; the store's content must not depend on
// it. Copies of a File complete each other field by field, each field from
// the latest copy that has it.
func TestStoreOrderIndependent(t *testing.T) {
	const id = "https://h/file/1"
	docs := map[string]string{
		"a": `{"id": "` + id + `", "type": "https://schema.oparl.org/1.1/File", "modified": "2020-03-01T00:00:00Z", "fileName": "fa.pdf"}`,
		"b": `{"id": "` + id + `", "type": "https://schema.oparl.org/1.1/File", "modified": "2020-02-01T00:00:00Z", "name": "Name B"}`,
		"c": `{"id": "` + id + `", "type": "https://schema.oparl.org/1.1/File", "modified": "2020-01-01T00:00:00Z", "name": "Name C", "text": "Text C"}`,
	}
	want := File{Name: "Name B", FileName: "fa.pdf", Text: "Text C"}
	for _, order := range []string{"abc", "acb", "bac", "bca", "cab", "cba"} {
		s := NewStore()
		for _, src := range order {
			doc, err := Decode(string(src), []byte(docs[string(src)]), "")
			if err != nil {
				t.Fatal(err)
			}
			s.Add(doc)
		}
		f, _ := s.Get(KindFile, id).(*File)
		if f == nil {
			t.Fatalf("%s: no file", order)
		}
		got := File{Name: f.Name, FileName: f.FileName, Text: f.Text}
		if fmt.Sprint(got) != fmt.Sprint(want) || f.Modified != "2020-03-01T00:00:00Z" {
			t.Errorf("added in order %s: name %q, file name %q, text %q (modified %s); want %q, %q, %q from the latest copy that has each",
				order, got.Name, got.FileName, got.Text, f.Modified, want.Name, want.FileName, want.Text)
		}
	}
}
