package searchindex

import (
	"reflect"
	"testing"
)

// TestDigestCoversEveryField: a change to any exported field of a
// document, or of the files, parts and steps it holds, changes its
// digest; so does a byte moved from one field to the next, and a text
// that is not its title and body (hashed then in full).
func TestDigestCoversEveryField(t *testing.T) {
	doc := func() *Doc {
		d := &Doc{
			Key: "item:1", ID: "1", Kind: "item", URL: "/sitzungen/1/#top-1", Title: "Radweg", Body: "Der Rat beschließt.",
			PassageLen: 400, Files: []FileLink{{Name: "Anlage", URL: "/files/a.pdf"}}, Parts: []Part{{Start: 4, File: 1, Page: 2}},
			Committee: "Rat", Date: "2024-03-01", SortDate: "2024-03-01", Year: "2024", Result: "beschlossen",
			ResultCategory: "adopted", Number: "Ö 1", Reference: "V 1/24", ClosedSession: false, Matter: "paper:1",
			MatterKind: "paper", Path: []Step{{Meeting: "Rat", Date: "2024-03-01", Committee: "Rat", Result: "beschlossen", URL: "/sitzungen/1/"}},
		}
		d.Text = d.Title + "\n\n" + d.Body
		return d
	}
	g := newDigester()
	base := g.digest(doc())
	if g.digest(doc()) != base {
		t.Fatal("two digests of the same document differ")
	}
	changed := func(what string, change func(d *Doc)) {
		t.Helper()
		d := doc()
		change(d)
		if g.digest(d) == base {
			t.Errorf("%s changed, the digest did not", what)
		}
	}
	dt := reflect.TypeFor[Doc]()
	fields := 0
	for i := range dt.NumField() {
		f := dt.Field(i)
		if !f.IsExported() {
			continue
		}
		fields++
		switch f.Type.Kind() {
		case reflect.Slice:
			changed(f.Name+" (one more)", func(d *Doc) {
				v := reflect.ValueOf(d).Elem().Field(i)
				v.Set(reflect.Append(v, v.Index(0)))
			})
			for j := range f.Type.Elem().NumField() {
				changed(f.Name+"."+f.Type.Elem().Field(j).Name, func(d *Doc) {
					v := reflect.ValueOf(d).Elem().Field(i)
					c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
					reflect.Copy(c, v) // the documents share nothing
					v.Set(c)
					bump(t, c.Index(0).Field(j))
				})
			}
		default:
			changed(f.Name, func(d *Doc) { bump(t, reflect.ValueOf(d).Elem().Field(i)) })
		}
	}
	if fields < 20 {
		t.Fatalf("%d exported fields checked", fields)
	}
	changed("a byte moved from the title to the body", func(d *Doc) {
		d.Title, d.Body = "Radwe", "g"+d.Body
		d.Text = d.Title + "\n\n" + d.Body
	})
	odd, other := doc(), doc()
	odd.Text, other.Text = "Radweg und mehr", "Radweg und anderes"
	if g.digest(odd) == g.digest(other) {
		t.Error("two texts that are not their title and body, the same digest")
	}
}

// bump changes v, a string, int or bool.
func bump(t *testing.T, v reflect.Value) {
	t.Helper()
	switch v.Kind() {
	case reflect.String:
		v.SetString(v.String() + "x")
	case reflect.Int:
		v.SetInt(v.Int() + 1)
	case reflect.Bool:
		v.SetBool(!v.Bool())
	default:
		t.Fatalf("a field of kind %s", v.Kind())
	}
}
