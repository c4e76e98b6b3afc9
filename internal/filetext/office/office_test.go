package office

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/testkit/docgen"
)

var lim = Limits{MaxEntries: 100, MaxUnpacked: 1 << 20, MaxText: 1 << 20}

// archive zips the named parts.
func archive(t testing.TB, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		fw, err := w.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(parts[i+1]))
	}
	w.Close()
	return buf.Bytes()
}

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

func TestTextDOCX(t *testing.T) {
	doc := `<w:document ` + wNS + `><w:body>
<w:p><w:r><w:t>Bebau</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>ungsplan</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve"> Kita</w:t><w:noBreakHyphen/><w:t>Gebühren</w:t></w:r></w:p>
<w:p><w:r><w:t>Orts</w:t><w:softHyphen/><w:t>rat</w:t><w:br/><w:t>neue Zeile &amp; mehr</w:t></w:r>
<w:del w:id="1"><w:r><w:delText>gelöscht</w:delText></w:r></w:del><w:moveFrom><w:r><w:t>verschoben</w:t></w:r></w:moveFrom>
<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Zelle 1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Zelle 2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
</w:body></w:document>`
	data := archive(t, "word/document.xml", doc, "word/header1.xml", `<w:hdr `+wNS+`><w:p><w:r><w:t>Kopf</w:t></w:r></w:p></w:hdr>`)
	got, full, err := Text(context.Background(), data, DOCX, lim)
	if err != nil {
		t.Fatal(err)
	}
	want := "Bebauungsplan\t Kita-Gebühren\nOrts\u00ADrat\nneue Zeile & mehr\nZelle 1\nZelle 2"
	if got != want || full {
		t.Errorf("Text = %q, want %q", got, want)
	}

	t.Run("MainPartFromRelationships", func(t *testing.T) {
		data := archive(t,
			"_rels/.rels", `<Relationships><Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>`,
			"word/document.xml", `<w:document `+wNS+`><w:body><w:p><w:r><w:t>falsch</w:t></w:r></w:p></w:body></w:document>`,
			"word/document2.xml", `<w:document `+wNS+`><w:body><w:p><w:r><w:t>richtig</w:t></w:r></w:p></w:body></w:document>`)
		if got, _, err := Text(context.Background(), data, DOCX, lim); got != "richtig" || err != nil {
			t.Errorf("Text = %q, %v", got, err)
		}
	})
}

func TestTextODT(t *testing.T) {
	content := `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<office:automatic-styles><text:p>kein Text</text:p></office:automatic-styles>
<office:body><office:text>
<text:tracked-changes><text:changed-region><text:deletion><text:p>gelöscht</text:p></text:deletion></text:changed-region></text:tracked-changes>
<text:h>Überschrift</text:h>
<text:p>Bebau<text:span>ungsplan</text:span> und<text:s text:c="3"/>drei<text:tab/>Tab<text:line-break/>Zeile<office:annotation><dc:creator>x</dc:creator><text:p>Kommentar</text:p></office:annotation></text:p>
<text:p>Fußnote<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>Notiz</text:p></text:note-body></text:note></text:p>
</office:text></office:body></office:document-content>`
	data := archive(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", content)
	got, _, err := Text(context.Background(), data, ODT, lim)
	if err != nil {
		t.Fatal(err)
	}
	want := "Überschrift\nBebauungsplan und   drei\tTab\nZeile\nFußnote Notiz"
	if got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}

func TestTextBudget(t *testing.T) {
	bomb, err := docgen.ZipBomb("b.docx", 64<<20)
	if err != nil {
		t.Fatal(err)
	}
	doc := `<w:document ` + wNS + `><w:body><w:p><w:r><w:t>` + strings.Repeat("Wort ", 1000) + `</w:t></w:r></w:p></w:body></w:document>`
	for _, tc := range []struct {
		name string
		data []byte
		lim  Limits
		want error
	}{
		{"Bomb", bomb.Data, lim, ErrBomb},
		{"TooManyEntries", archive(t, "a", "", "b", "", "word/document.xml", doc), Limits{MaxEntries: 2, MaxUnpacked: 1 << 20}, ErrBomb},
		{"NotAZip", []byte("PK\x03\x04 kaputt"), lim, ErrDamaged},
		{"NoDocument", archive(t, "word/other.xml", doc), lim, ErrDamaged},
		{"BrokenXML", archive(t, "word/document.xml", `<w:document `+wNS+`><w:body><w:p><w:r><w:t>a</w:t></w:r></w:body></w:document`), lim, ErrDamaged},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Text(context.Background(), tc.data, DOCX, tc.lim)
			if !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
	t.Run("TextLimitStopsReading", func(t *testing.T) {
		got, full, err := Text(context.Background(), archive(t, "word/document.xml", doc), DOCX, Limits{MaxUnpacked: 1 << 20, MaxText: 100})
		if err != nil || !full || len(got) < 100 || len(got) > 5000 {
			t.Errorf("%d bytes, full %v, %v", len(got), full, err)
		}
	})
	t.Run("Zip64Refused", func(t *testing.T) {
		data := archive(t, "word/document.xml", doc)
		i := bytes.LastIndex(data, []byte("PK\x05\x06"))
		data[i+10], data[i+11] = 0xFF, 0xFF
		if _, _, err := Text(context.Background(), data, DOCX, lim); !errors.Is(err, ErrBomb) {
			t.Errorf("err = %v", err)
		}
	})
}

// FuzzText reads arbitrary bytes as DOCX and ODT: never a panic, only the
// errors Text promises, never more text than allowed.
func FuzzText(f *testing.F) {
	for _, make := range []func(string, string) (docgen.Doc, error){docgen.DOCX, docgen.ODT} {
		d, err := make("x", "Der Gemeinderat beschließt die Änderung des Bebauungsplans.\n\nKita-Gebühren für Auf- und Abbau.")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(d.Data, false)
		f.Add(d.Data, true)
	}
	f.Fuzz(func(t *testing.T, data []byte, odt bool) {
		format := DOCX
		if odt {
			format = ODT
		}
		l := Limits{MaxEntries: 50, MaxUnpacked: 1 << 20, MaxText: 4096}
		text, _, err := Text(context.Background(), data, format, l)
		if err != nil {
			if !errors.Is(err, ErrBomb) && !errors.Is(err, ErrDamaged) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if len(text) > int(l.MaxUnpacked) {
			t.Fatalf("%d bytes of text from %d unpacked at most", len(text), l.MaxUnpacked)
		}
	})
}

// FuzzParts reads arbitrary XML as a DOCX main part and as an ODT
// content.xml, past the archive whose checksums stop most mutations.
func FuzzParts(f *testing.F) {
	f.Add(`<w:document `+wNS+`><w:body><w:p><w:r><w:t>Bebau</w:t></w:r><w:del><w:r><w:t>x</w:t></w:r></w:del><w:r><w:softHyphen/><w:t>ungsplan</w:t></w:r></w:p></w:body></w:document>`, false)
	f.Add(`<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>a<text:s text:c="99999"/>b<text:tab/></text:p></office:text></office:body></office:document-content>`, true)
	f.Fuzz(func(t *testing.T, part string, odt bool) {
		w := &textWriter{max: 4096}
		read := readDOCX
		if odt {
			read = readODT
		}
		if err := read(context.Background(), strings.NewReader(part), w); err != nil && !errors.Is(err, errFull) {
			return // malformed XML is an error, not a panic
		}
		if len(w.String()) > 4096+len(part)+100 {
			t.Fatalf("%d bytes of text from %d of XML", len(w.String()), len(part))
		}
	})
}
