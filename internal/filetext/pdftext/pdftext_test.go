package pdftext

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/testkit/docgen"
)

var cacheDir = filepath.Join(os.TempDir(), "ratsarchiv-pdfium-cache")

// shared is one engine for the package's tests: compiling PDFium is slow.
var shared = sync.OnceValues(func() (*Engine, error) {
	return New(context.Background(), Config{CacheDir: cacheDir})
})

func engine(t testing.TB) *Engine {
	t.Helper()
	e, err := shared()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// text joins the glyphs of a page.
func text(p Page) string {
	var b strings.Builder
	for _, g := range p.Glyphs {
		b.WriteString(g.Text)
	}
	return b.String()
}

func TestRead(t *testing.T) {
	d, err := docgen.PDF("a.pdf", "Größere Änderung der Straßenbahn\n\nfinanzielle Auflage", docgen.PDFOptions{Font: docgen.GoFont, Ligatures: true})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := engine(t).Read(context.Background(), d.Data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.PageCount != 1 || len(doc.Pages) != 1 {
		t.Fatalf("%d pages of %d", len(doc.Pages), doc.PageCount)
	}
	// words drawn one by one, without spaces (layout spaces them); PDFium
	// splits ligatures into their letters
	if got := text(doc.Pages[0]); got != "GrößereÄnderungderStraßenbahnfinanzielleAuflage" {
		t.Errorf("text %q", got)
	}
	for _, g := range doc.Pages[0].Glyphs {
		if g.X1 <= g.X0 || g.Size < 8 || g.Size > 16 || g.Y < 0 || g.Y > 842 {
			t.Errorf("glyph %+v out of place", g)
		}
	}
}

func TestReadLimits(t *testing.T) {
	d, err := docgen.PDF("a.pdf", strings.Repeat("Der Gemeinderat beschließt die Änderung. ", 400), docgen.PDFOptions{Font: docgen.Helvetica, Draw: docgen.DrawRagged})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := engine(t).Read(context.Background(), d.Data, Limits{MaxPages: 1, MaxGlyphs: 100})
	if err != nil {
		t.Fatal(err)
	}
	if doc.PageCount < 2 || len(doc.Pages) != 1 {
		t.Errorf("%d pages of %d, want 1", len(doc.Pages), doc.PageCount)
	}
	if p := doc.Pages[0]; !p.Truncated || len(p.Glyphs) > 100 {
		t.Errorf("page: truncated %v, %d glyphs", p.Truncated, len(p.Glyphs))
	}
}

func TestReadErrors(t *testing.T) {
	enc, err := docgen.Encrypted("e.pdf", "Geheim", "passwort")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"Encrypted", enc.Data, ErrEncrypted},
		{"NotAPDF", []byte("%PDF-1.4\nnothing here"), ErrDamaged},
		{"Empty", nil, ErrDamaged},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := engine(t).Read(context.Background(), tc.data, Limits{})
			if !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestReadMemoryLimit(t *testing.T) {
	// an instance of 32 MiB cannot hold a file of 40 MB: refused, not a crash
	e, err := New(context.Background(), Config{CacheDir: cacheDir, MemoryLimit: 32 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	big := make([]byte, 40<<20)
	copy(big, "%PDF-1.4\n")
	_, err = e.Read(context.Background(), big, Limits{})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
	// the engine goes on with a fresh instance
	d, _ := docgen.PDF("a.pdf", "Der Rat tagt.", docgen.PDFOptions{})
	doc, err := e.Read(context.Background(), d.Data, Limits{})
	if err != nil || text(doc.Pages[0]) != "DerRattagt." {
		t.Errorf("after the failure: %v", err)
	}
}

func TestReadFlateBomb(t *testing.T) {
	// a page whose content inflates to 128 MiB: PDFium runs out of its
	// 64 MiB and the read fails, the process's memory untouched
	bomb, err := docgen.ContentBomb("bombe.pdf", 128<<20, " ")
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(context.Background(), Config{CacheDir: cacheDir, MemoryLimit: 64 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	_, err = e.Read(context.Background(), bomb.Data, Limits{})
	if !errors.Is(err, ErrDamaged) {
		t.Errorf("err = %v, want ErrDamaged (PDFium out of memory)", err)
	}
	// the engine goes on with a fresh instance
	d, _ := docgen.PDF("a.pdf", "Der Rat tagt.", docgen.PDFOptions{})
	if doc, err := e.Read(context.Background(), d.Data, Limits{}); err != nil || text(doc.Pages[0]) != "DerRattagt." {
		t.Errorf("after the bomb: %v", err)
	}
}

func TestReadDeadlineStopsACall(t *testing.T) {
	// Loading a page of 12 million operators from a 50 KB file is one
	// call into PDFium that takes a minute or more; the deadline stops it
	// inside, not after it.
	slow, err := docgen.ContentBomb("langsam.pdf", 50<<20, "q Q ")
	if err != nil {
		t.Fatal(err)
	}
	e := engine(t)
	warm, _ := docgen.PDF("a.pdf", "Der Rat tagt.", docgen.PDFOptions{})
	if _, err := e.Read(context.Background(), warm.Data, Limits{}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2e9)
	defer cancel()
	_, err = e.Read(ctx, slow.Data, Limits{})
	if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "module closed") {
		t.Errorf("err = %v, want ErrTimeout from within a call", err)
	}
}

func TestReadCanceled(t *testing.T) {
	d, err := docgen.Huge("h.pdf", "Der Gemeinderat beschließt die Änderung des Bebauungsplans.", 300)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := engine(t).Read(ctx, d.Data, Limits{}); !errors.Is(err, ErrTimeout) {
		t.Errorf("err = %v, want ErrTimeout", err)
	}
}

// FuzzRead reads arbitrary bytes as a PDF: never a panic, and only the
// errors Read promises.
func FuzzRead(f *testing.F) {
	for i := range 4 {
		d, err := docgen.PDF("a.pdf", "Der Gemeinderat beschließt die Änderung des Bebauungsplans. Kita-Gebühren.", docgen.Style(i))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(d.Data)
		f.Add(docgen.BrokenXref(d.Data))
		f.Add(docgen.Truncated(d.Data, 0.7))
	}
	enc, _ := docgen.Encrypted("e.pdf", "Geheim", "x")
	f.Add(enc.Data)
	f.Add([]byte("%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"))
	e := engine(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := e.Read(context.Background(), data, Limits{MaxPages: 20, MaxGlyphs: 20000})
		if err != nil {
			if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrEncrypted) && !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrTimeout) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if len(doc.Pages) > 20 || len(doc.Pages) > doc.PageCount {
			t.Fatalf("%d pages of %d", len(doc.Pages), doc.PageCount)
		}
		for _, p := range doc.Pages {
			if len(p.Glyphs) > 20000 {
				t.Fatalf("%d glyphs", len(p.Glyphs))
			}
		}
	})
}
