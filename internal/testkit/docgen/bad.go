package docgen

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/adler32"
	"image"
	"image/color"
	"image/png"
	"io"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// Files an extractor must survive: each a realistic way for an attachment
// to be broken, hostile or unreadable.

// Encrypted typesets text as a PDF encrypted with RC4. With an empty
// userPassword it opens without one (only permissions are restricted, as
// in many council PDFs); otherwise it needs the password.
func Encrypted(name, text, userPassword string) (Doc, error) {
	o := Style(0)
	o.Font = Helvetica // an encrypted ToUnicode map could not be repaired (see fixToUnicode)
	o.MaxPages = 3
	o.UserPassword = userPassword
	o.Encrypt = true
	return PDF(name, text, o)
}

// BrokenXref returns the PDF with every offset in its cross-reference
// table wrong, as files damaged by a careless edit or transfer are; a
// reader must rebuild the table by scanning.
func BrokenXref(pdf []byte) []byte {
	i := bytes.LastIndex(pdf, []byte("\nxref\n"))
	if i < 0 {
		return pdf
	}
	out := bytes.Clone(pdf)
	lines := bytes.Split(out[i+6:], []byte("\n"))
	for _, l := range lines[1:] {
		if len(l) >= 18 && l[17] == 'n' {
			copy(l[:10], fmt.Appendf(nil, "%010d", 12345)) // all objects "at" one wrong place
		}
	}
	return out
}

// Truncated returns the first keep (0..1) of a file, as a download that
// broke off leaves it.
func Truncated(data []byte, keep float64) []byte {
	return bytes.Clone(data[:int(float64(len(data))*keep)])
}

// ZipBomb returns a DOCX whose document.xml inflates to size bytes (1 GiB
// compresses to about 1 MiB): an attack on anything that unpacks it
// whole. The XML is valid up to its endless run of spaces.
func ZipBomb(name string, size int64) (Doc, error) {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	w.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	for _, f := range []zipFile{
		{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
	} {
		fw, err := w.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: fixedTime})
		if err != nil {
			return Doc{}, err
		}
		io.WriteString(fw, f.body)
	}
	fw, err := w.CreateHeader(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate, Modified: fixedTime})
	if err != nil {
		return Doc{}, err
	}
	io.WriteString(fw, `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Anfang</w:t></w:r>`)
	spaces := bytes.Repeat([]byte(" "), 1<<20)
	for n := int64(0); n < size; n += int64(len(spaces)) {
		if _, err := fw.Write(spaces); err != nil {
			return Doc{}, err
		}
	}
	io.WriteString(fw, `<w:r><w:t>Ende</w:t></w:r></w:p></w:body></w:document>`)
	if err := w.Close(); err != nil {
		return Doc{}, err
	}
	return Doc{Name: name, Data: buf.Bytes()}, nil
}

// ContentBomb returns a one-page PDF whose content stream inflates to
// size bytes (rounded up to MiB; 1 GiB compresses to about 1 MiB) of op
// repeated: spaces attack a reader that decodes a stream whole, "q Q "
// (save and restore the graphics state, 50 million times in 200 MB) one
// that parses it in one go.
func ContentBomb(name string, size int64, op string) (Doc, error) {
	d, err := PDF(name, "Bombe", PDFOptions{Font: Helvetica, Draw: DrawRagged})
	if err != nil {
		return Doc{}, err
	}
	objs, err := parseObjects(d.Data)
	if err != nil {
		return Doc{}, err
	}
	var z bytes.Buffer
	w, _ := flate.NewWriter(&z, flate.BestSpeed)
	sum := adler32.New()
	spaces := bytes.Repeat([]byte(op), (1<<20)/len(op))
	for n := int64(0); n < size; n += int64(len(spaces)) {
		w.Write(spaces)
		sum.Write(spaces)
	}
	w.Close()
	// a zlib stream: header, deflate data, Adler-32 of the spaces
	adler := sum.Sum32()
	content := append([]byte{0x78, 0x01}, z.Bytes()...)
	content = append(content, byte(adler>>24), byte(adler>>16), byte(adler>>8), byte(adler))
	for _, n := range objs.list {
		body := objs.body(n)
		if bytes.Contains(body, []byte("/Type /Page\n")) || bytes.Contains(body, []byte("/Type /Page ")) {
			i := bytes.Index(body, []byte("/Contents "))
			if i < 0 {
				continue
			}
			ref, err := strconv.Atoi(string(bytes.Fields(body[i+len("/Contents "):])[0]))
			if err != nil {
				return Doc{}, err
			}
			objs.replace(ref, fmt.Appendf(nil, "<</Length %d /Filter /FlateDecode>>\nstream\n%s\nendstream", len(content), content))
		}
	}
	return Doc{Name: name, Data: objs.write(), Pages: []string{""}}, nil
}

// Scanned returns a PDF of pages that are only images, as a scanner makes
// them: no text layer.
func Scanned(name string, pages int) (Doc, error) {
	p := fpdf.New("P", "pt", "A4", "")
	p.SetCreationDate(fixedTime)
	p.SetModificationDate(fixedTime)
	img := image.NewGray(image.Rect(0, 0, 120, 170))
	for i := range img.Pix {
		img.Pix[i] = 0xF4
	}
	for y := 20; y < 150; y += 6 { // lines of "text"
		for x := 12; x < 108; x++ {
			if (x/7+y)%5 != 0 {
				img.SetGray(x, y, color.Gray{Y: 0x30})
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return Doc{}, err
	}
	p.RegisterImageOptionsReader("scan", fpdf.ImageOptions{ImageType: "PNG"}, &buf)
	for range pages {
		p.AddPage()
		p.ImageOptions("scan", 0, 0, 595.28, 841.89, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	}
	var out bytes.Buffer
	if err := p.Output(&out); err != nil {
		return Doc{}, fmt.Errorf("docgen: %s: %w", name, err)
	}
	return Doc{Name: name, Data: out.Bytes(), Pages: make([]string, pages)}, nil
}

// Huge typesets text over and over until the PDF has pages pages, in the
// quickest style: the 2,000-page budget plan.
func Huge(name, text string, pages int) (Doc, error) {
	var b strings.Builder
	for b.Len() < pages*4000 {
		b.WriteString(text)
		b.WriteString("\n\n")
	}
	o := PDFOptions{Font: Helvetica, Draw: DrawRagged, PageNumbers: SeiteBottom, MaxPages: pages, Size: 10}
	return PDF(name, b.String(), o)
}

// HTMLAsPDF is an HTML error page of the kind council servers send with
// Content-Type application/pdf and a .pdf name.
const HTMLAsPDF = `<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Fehler 404 – Dokument nicht gefunden</title>
<style>body { font-family: sans-serif }</style><script>var x = "kein Text";</script></head>
<body><h1>Das Dokument wurde nicht gefunden</h1>
<p>Die angeforderte Vorlage ist nicht mehr verfügbar. Bitte wenden Sie sich an das Ratsbüro.</p>
</body></html>
`
