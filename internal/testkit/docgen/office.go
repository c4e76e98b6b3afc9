package docgen

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Office files are written as word processors write them, with what an
// extractor must see through: words split across runs of different
// formatting ("Bebau" "ungsplan"), soft hyphens, tabs and line breaks
// inside paragraphs, a table, a running header in its own part, and
// deleted text kept for change tracking that is no text of the document.

// deletedText is tracked-deletion text: in the file, not in the document.
const deletedText = "GELÖSCHTER ÄNDERUNGSTEXT"

// officePara is a paragraph as both formats need it.
type officePara struct {
	words []string
	table [][]string // set for a table instead of words
}

// officeParas splits the text into paragraphs and turns the first long one
// into a table of three columns; it returns them with the truth.
func officeParas(text string) ([]officePara, string) {
	var paras []officePara
	var want []string
	tableDone := false
	for _, p := range Paragraphs(strings.Map(xmlChar, text)) {
		if !tableDone && len(p) >= 12 {
			tableDone = true
			var rows [][]string
			for len(p) >= 3 && len(rows) < 4 {
				rows = append(rows, p[:3])
				want = append(want, p[:3]...)
				p = p[3:]
			}
			paras = append(paras, officePara{table: rows})
		}
		if len(p) > 0 {
			paras = append(paras, officePara{words: p})
			want = append(want, p...)
		}
	}
	return paras, strings.Join(want, " ")
}

// xmlChar drops the characters XML 1.0 cannot hold.
func xmlChar(r rune) rune {
	if r < ' ' && r != '\n' && r != '\t' || r == 0xFFFE || r == 0xFFFF || r >= 0xD800 && r <= 0xDFFF {
		return -1
	}
	return r
}

// splitRun splits a word in two runs at a place chosen by n, or returns it
// whole.
func splitRun(w string, n int) (string, string) {
	c := utf8.RuneCountInString(w)
	if c < 6 || n%4 != 0 {
		return w, ""
	}
	rs := []rune(w)
	at := 2 + n%(c-3)
	return string(rs[:at]), string(rs[at:])
}

// xmlText escapes text for XML.
var xmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// DOCX writes text as a Word document.
func DOCX(name, text string) (Doc, error) {
	paras, want := officeParas(text)
	var body strings.Builder
	n := 0
	run := func(t string, bold bool) {
		body.WriteString("<w:r>")
		if bold {
			body.WriteString("<w:rPr><w:b/></w:rPr>")
		}
		fmt.Fprintf(&body, `<w:t xml:space="preserve">%s</w:t></w:r>`, xmlText.Replace(t))
	}
	para := func(words []string) {
		body.WriteString(`<w:p><w:pPr><w:jc w:val="both"/></w:pPr>`)
		for i, w := range words {
			n++
			sep := " "
			switch {
			case i == 0:
				sep = ""
			case n%23 == 0:
				body.WriteString("<w:r><w:tab/></w:r>")
				sep = ""
			case n%31 == 0:
				body.WriteString("<w:r><w:br/></w:r>")
				sep = ""
			}
			if n%17 == 0 && utf8.RuneCountInString(w) >= 8 {
				// a soft hyphen the word processor may break at
				rs := []rune(w)
				body.WriteString("<w:r><w:t xml:space=\"preserve\">" + xmlText.Replace(sep+string(rs[:4])) + "</w:t><w:softHyphen/>")
				body.WriteString("<w:t>" + xmlText.Replace(string(rs[4:])) + "</w:t></w:r>")
				continue
			}
			head, tail := splitRun(w, n)
			run(sep+head, false)
			if tail != "" {
				run(tail, true)
			}
			if n%41 == 0 {
				body.WriteString(`<w:del w:id="1" w:author="x" w:date="2025-01-01T00:00:00Z"><w:r><w:delText xml:space="preserve"> ` + deletedText + `</w:delText></w:r></w:del>`)
			}
		}
		body.WriteString("</w:p>")
	}
	for _, p := range paras {
		if p.table == nil {
			para(p.words)
			continue
		}
		body.WriteString("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>")
		for _, row := range p.table {
			body.WriteString("<w:tr>")
			for _, cell := range row {
				body.WriteString("<w:tc>")
				para([]string{cell})
				body.WriteString("</w:tc>")
			}
			body.WriteString("</w:tr>")
		}
		body.WriteString("</w:tbl>")
	}
	files := []zipFile{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/_rels/document.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/></Relationships>`},
		{"word/header1.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>Stadt Karlsruhe – Kopfzeile</w:t></w:r></w:p></w:hdr>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>` +
			body.String() + `<w:sectPr><w:headerReference w:type="default" r:id="rId1"/></w:sectPr></w:body></w:document>`},
	}
	data, err := writeZip(files, false)
	if err != nil {
		return Doc{}, fmt.Errorf("docgen: %s: %w", name, err)
	}
	return Doc{Name: name, Data: data, Pages: []string{want}}, nil
}

// ODT writes text as an OpenDocument text.
func ODT(name, text string) (Doc, error) {
	paras, want := officeParas(text)
	var body strings.Builder
	n := 0
	para := func(words []string) {
		body.WriteString(`<text:p text:style-name="P1">`)
		for i, w := range words {
			n++
			if i > 0 {
				switch {
				case n%23 == 0:
					body.WriteString("<text:tab/>")
				case n%31 == 0:
					body.WriteString("<text:line-break/>")
				case n%13 == 0:
					body.WriteString(` <text:s text:c="2"/>`)
				default:
					body.WriteString(" ")
				}
			}
			if n%17 == 0 && utf8.RuneCountInString(w) >= 8 {
				rs := []rune(w)
				w = string(rs[:4]) + "\u00AD" + string(rs[4:])
			}
			head, tail := splitRun(w, n)
			body.WriteString(xmlText.Replace(head))
			if tail != "" {
				fmt.Fprintf(&body, `<text:span text:style-name="T1">%s</text:span>`, xmlText.Replace(tail))
			}
			if n%53 == 0 {
				body.WriteString("<text:soft-page-break/>")
			}
		}
		body.WriteString("</text:p>")
	}
	for _, p := range paras {
		if p.table == nil {
			para(p.words)
			continue
		}
		body.WriteString(`<table:table table:name="Tabelle1"><table:table-column table:number-columns-repeated="3"/>`)
		for _, row := range p.table {
			body.WriteString("<table:table-row>")
			for _, cell := range row {
				body.WriteString(`<table:table-cell office:value-type="string">`)
				para([]string{cell})
				body.WriteString("</table:table-cell>")
			}
			body.WriteString("</table:table-row>")
		}
		body.WriteString("</table:table>")
	}
	const ns = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"`
	files := []zipFile{
		{"mimetype", "application/vnd.oasis.opendocument.text"},
		{"META-INF/manifest.xml", `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`},
		{"content.xml", `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content ` + ns + ` office:version="1.2"><office:body><office:text>` +
			`<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><office:change-info><dc:creator>x</dc:creator></office:change-info><text:p>` + deletedText + `</text:p></text:deletion></text:changed-region></text:tracked-changes>` +
			body.String() + `</office:text></office:body></office:document-content>`},
	}
	data, err := writeZip(files, true)
	if err != nil {
		return Doc{}, fmt.Errorf("docgen: %s: %w", name, err)
	}
	return Doc{Name: name, Data: data, Pages: []string{want}}, nil
}

type zipFile struct{ name, body string }

// writeZip writes the files in order; with storeFirst the first is stored
// uncompressed, as OpenDocument wants its mimetype.
func writeZip(files []zipFile, storeFirst bool) ([]byte, error) {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for i, f := range files {
		h := &zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: fixedTime}
		if i == 0 && storeFirst {
			h.Method = zip.Store
		}
		fw, err := w.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := fw.Write([]byte(f.body)); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
