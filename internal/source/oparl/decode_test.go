package oparl

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
)

func TestDecode(t *testing.T) {
	const ex = "https://oparl.example.org"
	tests := []struct {
		name  string
		json  string
		hint  Kind
		kinds []Kind // top-level objects decoded, in order
		list  bool
		next  string
		skip  int // entries skipped
		check func(t *testing.T, doc *Document)
	}{
		{
			name:  "ObjectWithEmbedded",
			json:  `{"id":"` + ex + `/meeting/1","type":"https://schema.oparl.org/1.1/Meeting","name":"M","agendaItem":[{"id":"` + ex + `/ai/1","name":"TOP 1","auxiliaryFile":[{"id":"` + ex + `/file/1","accessUrl":"x"}]},"` + ex + `/ai/2"]}`,
			kinds: []Kind{KindMeeting},
			check: func(t *testing.T, doc *Document) {
				m := doc.Objects[0].(*Meeting)
				if len(m.AgendaItem) != 2 || m.AgendaItem[0].Obj == nil || m.AgendaItem[1].Obj != nil || m.AgendaItem[1].ID != ex+"/ai/2" {
					t.Fatalf("agendaItem = %+v, want an embedded item and a reference", m.AgendaItem)
				}
				if f := m.AgendaItem[0].Obj.AuxiliaryFile; len(f) != 1 || f[0].Obj.ID != ex+"/file/1" {
					t.Errorf("nested file = %+v", f)
				}
			},
		},
		{
			name:  "ListPage",
			json:  `{"data":[{"id":"` + ex + `/paper/1","type":"https://schema.oparl.org/1.0/Paper","name":"P"}],"pagination":{"totalElements":30},"links":{"next":" ` + ex + `/paper?page=2 "}}`,
			kinds: []Kind{KindPaper}, list: true, next: ex + "/paper?page=2",
			check: func(t *testing.T, doc *Document) {
				if doc.Total != 30 {
					t.Errorf("Total = %d, want 30", doc.Total)
				}
			},
		},
		{
			name:  "PlainArray",
			json:  `[{"id":"` + ex + `/organizations/1","type":"https://schema.oparl.org/1.1/Organization","name":"Rat"},{"id":"` + ex + `/organizations/2","name":"Typeless, told by URL"}]`,
			kinds: []Kind{KindOrganization, KindOrganization}, list: true,
		},
		{
			name:  "TypelessByHint",
			json:  `{"id":"urn:x:17","name":"Ortsrat (7. Sitzung)","start":"2023-10-05"}`,
			hint:  KindMeeting,
			kinds: []Kind{KindMeeting},
		},
		{
			name:  "TypelessByFields",
			json:  `{"id":"urn:x:18","name":"Vorlage","reference":"DS 1/2007","paperType":"Beschlussvorlage"}`,
			kinds: []Kind{KindPaper},
		},
		{
			name:  "DeletionStubWithoutType",
			json:  `{"data":[{"id":"` + ex + `/body/1/paper/3419","created":"2020-01-23T12:23:05+01:00","modified":"2020-03-17T10:53:34+01:00","deleted":true}],"links":{}}`,
			kinds: []Kind{KindPaper}, list: true,
			check: func(t *testing.T, doc *Document) {
				if !doc.Objects[0].Base().Deleted {
					t.Error("deleted not read")
				}
			},
		},
		{
			name:  "WrongTypesAreSkippedAndNoted",
			json:  `{"id":"` + ex + `/person/1","type":"https://schema.oparl.org/1.1/Person","name":"Anna","title":"Dr.","membership":"` + ex + `/membership/1","familyName":5}`,
			kinds: []Kind{KindPerson},
			check: func(t *testing.T, doc *Document) {
				p := doc.Objects[0].(*Person)
				if !reflect.DeepEqual([]string(p.Title), []string{"Dr."}) || len(p.Membership) != 1 || p.Name != "Anna" {
					t.Errorf("person = %+v", p)
				}
				if len(p.problems) != 1 || !strings.Contains(p.problems[0], "familyName") {
					t.Errorf("problems = %q, want one about familyName", p.problems)
				}
			},
		},
		{
			name:  "ByteOrderMark",
			json:  "\xef\xbb\xbf" + `{"id":"` + ex + `/system","type":"https://schema.oparl.org/1.0/System","body":"` + ex + `/body"}`,
			kinds: []Kind{KindSystem},
		},
		{
			name: "EntriesThatAreNoObjects",
			json: `{"data":[3,{"name":"no id"},{"id":"urn:x","type":"https://schema.oparl.org/1.1/Foo"},{"id":"urn:y"}],"links":{}}`,
			list: true,
			skip: 4, // a number, an object without id, an unknown type, an object nothing tells the type of
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Decode("test.json", []byte(tt.json), tt.hint)
			if err != nil {
				t.Fatal(err)
			}
			var kinds []Kind
			for _, o := range doc.Objects {
				kinds = append(kinds, o.Kind())
			}
			if !reflect.DeepEqual(kinds, tt.kinds) {
				t.Errorf("kinds = %v, want %v", kinds, tt.kinds)
			}
			if doc.List != tt.list || doc.Next != tt.next || len(doc.Skipped) != tt.skip {
				t.Errorf("list=%v next=%q skipped=%q, want %v %q %d", doc.List, doc.Next, doc.Skipped, tt.list, tt.next, tt.skip)
			}
			if tt.check != nil && len(doc.Objects) > 0 {
				tt.check(t, doc)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, json string
		notOParl   bool
	}{
		{"ErrTruncated", `{"data":[{"id":"x","type":"https://schema.oparl.org/1.1/Meeting"`, false},
		{"ErrEmpty", "  ", false},
		{"ErrNotOParlMetadata", `{"1-180":{"oparl_id":"1-180","filename":"x.pdf"}}`, true},
		{"ErrNotOParlNumber", `42`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode("test.json", []byte(tt.json), "")
			if err == nil {
				t.Fatal("no error")
			}
			if errors.Is(err, ErrNotOParl) != tt.notOParl {
				t.Errorf("err = %v, ErrNotOParl = %v, want %v", err, errors.Is(err, ErrNotOParl), tt.notOParl)
			}
		})
	}
}

func TestKindFromURL(t *testing.T) {
	tests := map[string]Kind{
		"https://sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0/body/1/meeting/333": KindMeeting,
		"https://web1.karlsruhe.de/oparl/bodies/0001/papers/vo/54250":                       KindPaper,
		"https://web1.karlsruhe.de/oparl/bodies/0001/files/662417":                          KindFile,
		"https://x.example/oparl/v1.1/system":                                               KindSystem,
		"https://x.example/oparl/v1.1/body/1":                                               KindBody,
		"https://x.example/oparl/v1.1/body/1/agendaitem/7":                                  KindAgendaItem,
		"urn:x:17": "",
	}
	for u, want := range tests {
		if got := KindFromURL(u); got != want {
			t.Errorf("KindFromURL(%q) = %q, want %q", u, got, want)
		}
	}
}

// FuzzDecode checks that no input makes the importer panic, and that what
// it accepts without errors is written as records that load cleanly.
func FuzzDecode(f *testing.F) {
	ar, err := txtar.ParseFile(filepath.Join("testdata", "dump.txtar"))
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range ar.Files {
		if strings.HasSuffix(file.Name, ".json") {
			f.Add(file.Data)
		}
	}
	f.Add([]byte(`{"data":[{"id":"urn:m","name":"M","start":"2024-01-01","organization":"urn:o","agendaItem":[{"id":"urn:i","name":"I","consultation":"urn:c"}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Decode("fuzz.json", data, "")
		if err != nil {
			return
		}
		s := NewStore()
		s.Add(doc)
		a, rep := s.Archive(MapOptions{BodyName: "Fuzz"})
		if rep.Errors() > 0 {
			return
		}
		dir := t.TempDir()
		if err := tomlrec.Write(dir, a); err != nil {
			t.Fatalf("write: %v", err)
		}
		_, diags, err := tomlrec.Load(dir, tomlrec.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(diags) > 0 {
			t.Fatalf("records written from %q do not load cleanly:\n%v", data, diags)
		}
	})
}

// writeTxtar extracts an archive of test files into a temporary folder.
func writeTxtar(t testing.TB, name string) string {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
