package filetext_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/filetext"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/docgen"
)

// FuzzExtract feeds arbitrary bytes to Extract with small limits: never a
// panic (Extract recovers one, so a recovered panic fails here), only the
// errors Extract promises, and never more pages or text than the limits.
func FuzzExtract(f *testing.F) {
	text := "Der Gemeinderat beschließt die Änderung des Bebauungsplans.\n\nKita-Gebühren für Auf- und Abbau."
	for i := range 3 {
		d, err := docgen.PDF("a.pdf", text, docgen.Style(i))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(d.Data)
	}
	for _, make := range []func(string, string) (docgen.Doc, error){docgen.DOCX, docgen.ODT} {
		d, err := make("a", text)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(d.Data)
	}
	scan, _ := docgen.Scanned("s.pdf", 1)
	f.Add(scan.Data)
	f.Add([]byte(docgen.HTMLAsPDF))
	f.Add([]byte("Niederschrift\fSeite zwei\r\nGr\xf6\xdfe"))
	lim := filetext.Limits{MaxPages: 5, MaxText: 4096, MaxUnpacked: 1 << 20, MaxEntries: 50, PDFMemory: 256 << 20}
	x := filetext.New(filetext.Options{Limits: lim, CacheDir: cacheDir})
	f.Cleanup(func() { x.Close() })
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := x.Extract(context.Background(), "fuzz.pdf", data)
		if err != nil {
			if strings.Contains(err.Error(), "extractor failed") {
				t.Fatalf("panic: %v", err)
			}
			for _, kind := range []error{filetext.ErrUnsupported, filetext.ErrTooLarge, filetext.ErrEncrypted, filetext.ErrDamaged, filetext.ErrTimeout} {
				if errors.Is(err, kind) {
					return
				}
			}
			t.Fatalf("unexpected error kind: %v", err)
		}
		if len(res.Pages) > 5 && res.MimeType == filetext.MimePDF {
			t.Fatalf("%d pages", len(res.Pages))
		}
		if n := len(strings.Join(res.Pages, "")); n > lim.MaxText {
			t.Fatalf("%d bytes of text", n)
		}
	})
}
