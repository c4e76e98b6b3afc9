package filetext_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/filetext"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/docgen"
)

// cacheDir keeps PDFium compiled between test runs (seconds each time).
var cacheDir = filepath.Join(os.TempDir(), "ratsarchiv-pdfium-cache")

// shared is one Extractor with the default limits for the package's tests:
// starting PDFium is the slow part.
var shared = sync.OnceValue(func() *filetext.Extractor {
	return filetext.New(filetext.Options{CacheDir: cacheDir})
})

// extractor returns an Extractor with other limits, closed at the test's
// end.
func extractor(t *testing.T, lim filetext.Limits) *filetext.Extractor {
	x := filetext.New(filetext.Options{Limits: lim, CacheDir: cacheDir})
	t.Cleanup(func() { x.Close() })
	return x
}

// handmade is the hand-written sample with the cases that matter.
func handmade(t testing.TB) string {
	b, err := os.ReadFile(filepath.Join("testdata", "handmade.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// mustExtract extracts or fails the test.
func mustExtract(t *testing.T, x *filetext.Extractor, name string, data []byte) filetext.Result {
	t.Helper()
	res, err := x.Extract(context.Background(), name, data)
	if err != nil {
		t.Fatalf("Extract(%s): %v", name, err)
	}
	return res
}

// score is the word accuracy of the result against the document's truth,
// page by page, with the words missed and the words extracted.
func score(d docgen.Doc, res filetext.Result) (matched, want, got int) {
	for i, p := range d.Pages {
		g := ""
		if i < len(res.Pages) {
			g = res.Pages[i]
		}
		m, w, n := docgen.Score(p, g)
		matched, want, got = matched+m, want+w, got+n
	}
	return matched, want, got
}

// warned reports whether a warning names the file and says what.
func warned(res filetext.Result, name, what string) bool {
	for _, w := range res.Warnings {
		if strings.HasPrefix(w, name+": ") && strings.Contains(w, what) {
			return true
		}
	}
	return false
}

func TestSniff(t *testing.T) {
	pdf, err := docgen.PDF("a.pdf", "Text", docgen.Style(1))
	if err != nil {
		t.Fatal(err)
	}
	docx, _ := docgen.DOCX("a.docx", "Text eins zwei")
	odt, _ := docgen.ODT("a.odt", "Text eins zwei")
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"PDF", pdf.Data, filetext.MimePDF},
		{"PDFAfterJunk", append([]byte("\r\n\r\njunk"), pdf.Data...), filetext.MimePDF},
		{"DOCX", docx.Data, filetext.MimeDOCX},
		{"ODT", odt.Data, filetext.MimeODT},
		{"HTML", []byte(docgen.HTMLAsPDF), filetext.MimeHTML},
		{"HTMLWithoutDoctype", []byte("\n  <p>Absatz</p>"), filetext.MimeHTML},
		{"XHTML", []byte(`<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body>x</body></html>`), filetext.MimeHTML},
		{"Text", []byte("Niederschrift über die Sitzung\n"), filetext.MimeText},
		{"Latin1Text", []byte("Gr\xf6\xdfe und \xc4nderung\n"), filetext.MimeText},
		{"PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "image/png"},
		{"LegacyWord", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"), "application/x-ole-storage"},
		{"Empty", nil, filetext.MimeText},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := filetext.Sniff(tc.data); got != tc.want {
				t.Errorf("Sniff = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestExtractHTMLClaimingPDF(t *testing.T) {
	res := mustExtract(t, shared(), "Vorlage_2025_0417.pdf", []byte(docgen.HTMLAsPDF))
	if res.MimeType != filetext.MimeHTML {
		t.Errorf("MimeType = %q", res.MimeType)
	}
	text := res.Text()
	if !strings.Contains(text, "Die angeforderte Vorlage ist nicht mehr verfügbar.") {
		t.Errorf("text %q", text)
	}
	if strings.Contains(text, "kein Text") || strings.Contains(text, "font-family") {
		t.Errorf("script or style read as text: %q", text)
	}
	if !warned(res, "Vorlage_2025_0417.pdf", "named .pdf but is text/html") {
		t.Errorf("warnings %q", res.Warnings)
	}
}

func TestExtractHTML(t *testing.T) {
	page := "<html><head><meta charset=\"windows-1252\"><title>Sitzung</title></head><body>" +
		"<h1>Gr\xf6\xdfe &amp; \xc4nderung</h1><p>Erster\n   Absatz</p><table><tr><td>Zelle A</td><td>Zelle B</td></tr></table>" +
		"<script>alert(1)</script></body></html>"
	res := mustExtract(t, shared(), "sitzung.html", []byte(page))
	want := "Sitzung\n\nGröße & Änderung\n\nErster Absatz\n\nZelle A Zelle B"
	if got := res.Text(); got != want {
		t.Errorf("text %q, want %q", got, want)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings %q", res.Warnings)
	}
}

func TestExtractPlain(t *testing.T) {
	t.Run("FormFeedsArePages", func(t *testing.T) {
		res := mustExtract(t, shared(), "protokoll.txt", []byte("Seite eins\r\nZeile\fSeite zwei mit Stra\u00adßen\f"))
		if len(res.Pages) != 3 || res.Pages[0] != "Seite eins\nZeile" || res.Pages[1] != "Seite zwei mit Straßen" {
			t.Errorf("pages %q", res.Pages)
		}
	})
	t.Run("Windows1252", func(t *testing.T) {
		res := mustExtract(t, shared(), "alt.txt", []byte("Gr\xf6\xdfe und \xc4nderung"))
		if res.Text() != "Größe und Änderung" || !warned(res, "alt.txt", "Windows-1252") {
			t.Errorf("text %q, warnings %q", res.Text(), res.Warnings)
		}
	})
}

func TestExtractOffice(t *testing.T) {
	text := handmade(t)
	for _, tc := range []struct {
		name string
		make func(string, string) (docgen.Doc, error)
		mime string
	}{
		{"DOCX", docgen.DOCX, filetext.MimeDOCX},
		{"ODT", docgen.ODT, filetext.MimeODT},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := tc.make("vorlage."+strings.ToLower(tc.name), text)
			if err != nil {
				t.Fatal(err)
			}
			res := mustExtract(t, shared(), d.Name, d.Data)
			if res.MimeType != tc.mime {
				t.Errorf("MimeType = %q", res.MimeType)
			}
			if m, w, g := score(d, res); m != w || m != g {
				t.Errorf("%d of %d words, %d extracted:\n%s", m, w, g, res.Text())
			}
			if got := res.Text(); strings.Contains(got, "GELÖSCHT") || strings.Contains(got, "Kopfzeile") {
				t.Errorf("deleted text or header read: %q", got)
			}
		})
	}
}

func TestExtractEncrypted(t *testing.T) {
	text := handmade(t)
	t.Run("NeedsPassword", func(t *testing.T) {
		d, err := docgen.Encrypted("geheim.pdf", text, "geheim")
		if err != nil {
			t.Fatal(err)
		}
		_, err = shared().Extract(context.Background(), d.Name, d.Data)
		if !errors.Is(err, filetext.ErrEncrypted) || !strings.HasPrefix(err.Error(), "geheim.pdf: ") {
			t.Errorf("err = %v, want ErrEncrypted naming the file", err)
		}
	})
	t.Run("OwnerPasswordOnly", func(t *testing.T) {
		// permissions restricted, readable by all: common in council PDFs
		d, err := docgen.Encrypted("gesperrt.pdf", text, "")
		if err != nil {
			t.Fatal(err)
		}
		res := mustExtract(t, shared(), d.Name, d.Data)
		if m, w, _ := score(d, res); m != w {
			t.Errorf("%d of %d words", m, w)
		}
	})
}

func TestExtractBrokenXref(t *testing.T) {
	d, err := docgen.PDF("kaputt.pdf", handmade(t), docgen.Style(3))
	if err != nil {
		t.Fatal(err)
	}
	res := mustExtract(t, shared(), d.Name, docgen.BrokenXref(d.Data))
	if m, w, g := score(d, res); m != w || m != g {
		t.Errorf("%d of %d words, %d extracted", m, w, g)
	}
}

func TestExtractTruncated(t *testing.T) {
	d, err := docgen.PDF("abgebrochen.pdf", handmade(t), docgen.Style(2))
	if err != nil {
		t.Fatal(err)
	}
	for _, keep := range []float64{0.05, 0.5, 0.95} {
		res, err := shared().Extract(context.Background(), d.Name, docgen.Truncated(d.Data, keep))
		if err != nil && !errors.Is(err, filetext.ErrDamaged) {
			t.Errorf("keep %.2f: err = %v, want text or ErrDamaged", keep, err)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "abgebrochen.pdf: ") {
			t.Errorf("error does not name the file: %v", err)
		}
		_ = res
	}
}

func TestExtractZipBomb(t *testing.T) {
	bomb, err := docgen.ZipBomb("bombe.docx", 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	lim := filetext.Limits{MaxUnpacked: 16 << 20}
	x := extractor(t, lim)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res, err := x.Extract(context.Background(), bomb.Name, bomb.Data)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, filetext.ErrTooLarge) || !strings.HasPrefix(err.Error(), "bombe.docx: ") {
		t.Errorf("err = %v, want ErrTooLarge naming the file", err)
	}
	if res.MimeType != filetext.MimeDOCX {
		t.Errorf("MimeType = %q", res.MimeType)
	}
	// unpacking all of it would allocate the gigabyte
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8*uint64(lim.MaxUnpacked) {
		t.Errorf("allocated %d MiB for a limit of %d MiB", alloc>>20, lim.MaxUnpacked>>20)
	}

	t.Run("TooManyEntries", func(t *testing.T) {
		var buf bytes.Buffer
		d, _ := docgen.DOCX("viele.docx", "Text")
		buf.Write(d.Data)
		x := extractor(t, filetext.Limits{MaxEntries: 3})
		_, err := x.Extract(context.Background(), "viele.docx", buf.Bytes())
		if !errors.Is(err, filetext.ErrTooLarge) {
			t.Errorf("err = %v, want ErrTooLarge", err)
		}
	})
}

func TestExtractHugePDF(t *testing.T) {
	huge, err := docgen.Huge("haushaltsplan.pdf", handmade(t), 2000)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("PagesCut", func(t *testing.T) {
		x := extractor(t, filetext.Limits{MaxPages: 40})
		res := mustExtract(t, x, huge.Name, huge.Data)
		if res.PageCount != 2000 || len(res.Pages) != 40 {
			t.Errorf("%d pages of %d", len(res.Pages), res.PageCount)
		}
		if !warned(res, "haushaltsplan.pdf", "2000 pages, read the first 40") {
			t.Errorf("warnings %q", res.Warnings)
		}
		if !strings.Contains(res.Pages[39], "Bebauungsplans") {
			t.Errorf("page 40: %q", res.Pages[39])
		}
	})
	t.Run("Timeout", func(t *testing.T) {
		// All 2,000 pages take half a minute of CPU; the deadline stops
		// PDFium midway, kills its instance, and the next file is read by a
		// fresh one (whose start does not count against the file).
		x := extractor(t, filetext.Limits{Timeout: 2e9})
		_, err := x.Extract(context.Background(), huge.Name, huge.Data)
		if !errors.Is(err, filetext.ErrTimeout) || !strings.HasPrefix(err.Error(), "haushaltsplan.pdf: ") {
			t.Fatalf("err = %v, want ErrTimeout naming the file", err)
		}
		small, err := docgen.PDF("klein.pdf", "Der Rat tagt.", docgen.PDFOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res := mustExtract(t, x, small.Name, small.Data); res.Text() != "Der Rat tagt." {
			t.Errorf("after the timeout: %q", res.Text())
		}
	})
}

func TestExtractScanned(t *testing.T) {
	d, err := docgen.Scanned("scan.pdf", 3)
	if err != nil {
		t.Fatal(err)
	}
	res := mustExtract(t, shared(), d.Name, d.Data)
	if !res.Scanned || res.Text() != "" || res.PageCount != 3 || len(res.Pages) != 3 {
		t.Errorf("Scanned = %v, text %q, %d pages", res.Scanned, res.Text(), res.PageCount)
	}
	if !warned(res, "scan.pdf", "no text layer") {
		t.Errorf("warnings %q", res.Warnings)
	}
	t.Run("TextIsNoScan", func(t *testing.T) {
		d, _ := docgen.PDF("text.pdf", "Der Rat tagt.", docgen.Style(1))
		if res := mustExtract(t, shared(), d.Name, d.Data); res.Scanned {
			t.Error("a PDF with text reported as scanned")
		}
	})
}

func TestExtractLimits(t *testing.T) {
	t.Run("TooLarge", func(t *testing.T) {
		x := extractor(t, filetext.Limits{MaxBytes: 10})
		_, err := x.Extract(context.Background(), "gross.txt", []byte("elf Zeichen"))
		if !errors.Is(err, filetext.ErrTooLarge) || !strings.HasPrefix(err.Error(), "gross.txt: ") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("TextCut", func(t *testing.T) {
		x := extractor(t, filetext.Limits{MaxText: 20})
		res := mustExtract(t, x, "lang.txt", []byte("Größenordnung der Änderung\fzweite Seite"))
		if got := res.Text(); got != "Größenordnung der" || !warned(res, "lang.txt", "cut") {
			t.Errorf("text %q, warnings %q", got, res.Warnings)
		}
	})
	t.Run("Unsupported", func(t *testing.T) {
		res, err := shared().Extract(context.Background(), "bild.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
		if !errors.Is(err, filetext.ErrUnsupported) || res.MimeType != "image/png" {
			t.Errorf("err = %v, MimeType %q", err, res.MimeType)
		}
	})
}

// TestHandmadeSample reads the hand-written sample typeset in twenty
// styles, one page each, and wants every word.
func TestHandmadeSample(t *testing.T) {
	text := handmade(t)
	var breaks []string
	for i := range 20 {
		o := docgen.Style(i)
		o.Hyphenate = true
		o.MaxPages = 1
		d, err := docgen.PDF("hand.pdf", text, o)
		if err != nil {
			t.Fatal(err)
		}
		res := mustExtract(t, shared(), d.Name, d.Data)
		if m, w, g := score(d, res); m != w || m != g {
			t.Errorf("style %d %+v: %d of %d words, %d extracted\nwant %s\ngot  %s", i, o, m, w, g, d.Pages[0], res.Text())
		}
		breaks = append(breaks, d.Breaks...)
	}
	// positive control: the sample breaks words at line ends in every way,
	// or it would test nothing of the rejoining
	kinds := map[string]int{}
	for _, b := range breaks {
		head, tail, _ := strings.Cut(b, "|")
		switch {
		case strings.HasSuffix(head, "\u00AD"):
			kinds["soft hyphen"]++
		case tail == "und" || tail == "oder":
			kinds["suspended"]++
		case strings.HasSuffix(head, "-") && tail != "" && strings.ToUpper(tail[:1]) == tail[:1]:
			kinds["real hyphen"]++
		default:
			kinds["hyphenation"]++
		}
	}
	for _, k := range []string{"hyphenation", "soft hyphen", "real hyphen", "suspended"} {
		if kinds[k] == 0 {
			t.Errorf("no line in the sample ends in a %s break (%v)", k, kinds)
		}
	}
}
